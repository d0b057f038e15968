"""`RMSNormalization`: divide by the root mean square over some axes, then scale."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.layers.normalization import normalization_utils as utils
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class RMSNormalization(Layer):
    """Root mean square normalization: ``scale * x / sqrt(mean(x ** 2) + epsilon)`` over ``axis``.

    Unlike :class:`LayerNormalization` the input is not centered and there is no
    offset. The trainable ``scale`` (initialized to ones) has the input's sizes on
    ``axis`` and is broadcast along the other axes.

    Args:
        axis: an int or a list of ints: the axes the mean square is taken over.
        epsilon: small non-negative float added to the mean square.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = RMSNormalization(epsilon=0.0)
        ...     y = layer(mk.ops.convert_to_tensor([[1.0, 1.0, 1.0, 1.0], [2.0, -2.0, 2.0, -2.0]]))
        >>> mk.ops.convert_to_numpy(y).tolist(), layer.scale.shape
        ([[1.0, 1.0, 1.0, 1.0], [1.0, -1.0, 1.0, -1.0]], (4,))
    """

    def __init__(self, axis: int | list[int] = -1, epsilon: float = 1e-6, **kwargs: Any):
        super().__init__(**kwargs)
        self.axis = utils.check_axis_argument(axis, self)
        if isinstance(epsilon, bool) or not isinstance(epsilon, (int, float)) or epsilon < 0:
            raise ValueError(f"{utils.describe(self)}: `epsilon` must be a non-negative float, received epsilon={epsilon!r}.")
        self.epsilon = float(epsilon)

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        axes = utils.resolve_axes(self.axis, input_shape, self)
        sizes = utils.known_sizes(input_shape, axes, self)
        self._axes, self._sizes = axes, sizes
        self.scale = self.add_weight(shape=sizes, initializer="ones", name="scale")
        self.input_spec = InputSpec(ndim=len(input_shape), axes=dict(zip(axes, sizes)))
        self.built = True

    def call(self, inputs: Any) -> Any:
        x = utils.to_float(inputs, self.compute_dtype)
        dtype = utils.computation_dtype(self.compute_dtype)
        shape = utils.broadcast_shape(len(ops.shape(x)), self._axes, self._sizes)
        mean_square = ops.mean(ops.square(x), axis=self._axes, keepdims=True)
        inverse = ops.multiply(ops.rsqrt(ops.add(mean_square, self.epsilon)), utils.param(self.scale, shape, dtype))
        return ops.cast(ops.multiply(x, inverse), self.compute_dtype)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        utils.resolve_axes(self.axis, input_shape, self)
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"axis": self.axis, "epsilon": self.epsilon})
        return config
