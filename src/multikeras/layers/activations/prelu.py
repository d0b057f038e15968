"""`PReLU`: a leaky ReLU whose negative slope is learned, per entry or shared along axes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import constraints, initializers, ops, regularizers
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class PReLU(Layer):
    """``x`` where positive, ``alpha * x`` elsewhere, with ``alpha`` a weight of the input's shape
    (without the batch axis; size 1 along ``shared_axes``).

    Args:
        alpha_initializer, alpha_regularizer, alpha_constraint: for the
            ``alpha`` weight (initially zeros: a plain ReLU).
        shared_axes: an axis or axes (counted with the batch axis as 0)
            along which one slope is shared, e.g. ``[1, 2]`` for one slope
            per channel of images ``(batch, height, width, channels)``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np, multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = PReLU(alpha_initializer=mk.initializers.Constant(0.25))
        ...     y = layer(np.array([[-4.0, 2.0]]))
        >>> mk.ops.convert_to_numpy(y).tolist(), tuple(layer.alpha.shape)
        ([[-1.0, 2.0]], (2,))
    """

    def __init__(self, alpha_initializer: Any = "Zeros", alpha_regularizer: Any = None,
                 alpha_constraint: Any = None, shared_axes: int | Sequence[int] | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        if shared_axes is None or isinstance(shared_axes, (list, tuple)):
            axes = list(shared_axes) if shared_axes is not None else None
        else:
            axes = [shared_axes]
        if axes is not None and any(isinstance(a, bool) or not isinstance(a, int) or a < 1 for a in axes):
            raise ValueError(f"PReLU '{self.name}': shared_axes must be positive ints (axis 0 is the batch), "
                             f"received shared_axes={shared_axes!r}.")
        self.shared_axes = axes
        self.supports_masking = True

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        rank = len(input_shape)
        shared = set(self.shared_axes or ())
        beyond = sorted(a for a in shared if a >= rank)
        if beyond:
            raise ValueError(f"PReLU '{self.name}': shared_axes {beyond} do not exist in inputs of shape "
                             f"{tuple(input_shape)} (rank {rank}).")
        shape = tuple(1 if axis in shared else input_shape[axis] for axis in range(1, rank))
        if None in shape:
            raise ValueError(f"PReLU '{self.name}': every non-shared axis needs a known size, received input shape "
                             f"{tuple(input_shape)} with shared_axes={self.shared_axes}.")
        self.alpha = self.add_weight(shape=shape, initializer=self.alpha_initializer,
                                     regularizer=self.alpha_regularizer, constraint=self.alpha_constraint,
                                     name="alpha")
        self.input_spec = InputSpec(ndim=rank, axes={axis: input_shape[axis] for axis in range(1, rank)
                                                     if axis not in shared})
        self.built = True

    def call(self, inputs: Any) -> Any:
        positive = ops.relu(inputs)
        negative = ops.multiply(ops.negative(self.alpha), ops.relu(ops.negative(inputs)))
        return ops.add(positive, negative)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({
            "alpha_initializer": initializers.serialize(self.alpha_initializer),
            "alpha_regularizer": regularizers.serialize(self.alpha_regularizer),
            "alpha_constraint": constraints.serialize(self.alpha_constraint),
            "shared_axes": self.shared_axes,
        })
        return config
