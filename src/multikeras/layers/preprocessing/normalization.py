"""`Normalization`: shift and scale features to zero mean and unit variance, from given or adapted statistics."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from multikeras import ops
from multikeras.config import epsilon as backend_epsilon
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.layers.preprocessing.preprocessing_utils import describe
from multikeras.saving.object_registration import register_builtin


def _config_value(value: Any) -> Any:
    """A JSON-friendly copy of a ``mean``/``variance`` argument (arrays become lists)."""
    if hasattr(value, "tolist") and not isinstance(value, (int, float)):
        return value.tolist()
    if isinstance(value, tuple):
        return list(value)
    return value


@register_builtin("keras.layers")
class Normalization(Layer):
    """Normalize features: ``(inputs - mean) / sqrt(variance)``, per index of the kept ``axis``.

    The statistics either come from the ``mean`` and ``variance`` arguments, or
    are computed from data by :meth:`adapt` and stored in the non-trainable
    weights ``mean``, ``variance`` and ``count``. Calling the layer before either
    raises a ``ValueError``. The standard deviation is floored at
    ``multikeras.config.epsilon()``. With ``invert=True`` the layer undoes the
    normalization: ``mean + inputs * sqrt(variance)``. Integer inputs are cast to
    the compute dtype.

    Args:
        axis: the axis or axes that keep separate statistics (-1: one mean per
            feature); ``None`` for one mean and variance over everything. Never the
            batch axis.
        mean: a number or a list broadcastable to the kept axes' sizes; needs ``variance``.
        variance: like ``mean``.
        invert: whether to apply the inverse transformation.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = Normalization()
        ...     layer.adapt(np.array([[1.0, 10.0], [3.0, 30.0]], "float32"))
        ...     print(layer(np.array([[2.0, 40.0]], "float32")).tolist())
        [[0.0, 2.0]]
    """

    def __init__(
        self,
        axis: int | Sequence[int] | None = -1,
        mean: Any = None,
        variance: Any = None,
        invert: bool = False,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        where = describe(self)
        if axis is None:
            axis = ()
        elif isinstance(axis, int) and not isinstance(axis, bool):
            axis = (axis,)
        elif isinstance(axis, (list, tuple)) and all(isinstance(a, int) and not isinstance(a, bool) for a in axis):
            axis = tuple(axis)
        else:
            raise ValueError(f"{where}: `axis` must be an int, a list of ints or None, received axis={axis!r}.")
        if 0 in axis:
            raise ValueError(f"{where}: `axis` must not include the batch axis 0, received axis={axis!r}.")
        if (mean is None) != (variance is None):
            raise ValueError(
                f"{where}: set both `mean` and `variance`, or neither (to use adapt()), "
                f"received mean={mean!r} and variance={variance!r}."
            )
        if mean is not None and np.shape(mean) != np.shape(variance):
            raise ValueError(
                f"{where}: `mean` and `variance` must have the same shape, received shapes "
                f"{np.shape(mean)} and {np.shape(variance)}."
            )
        self.axis = axis
        self.input_mean = _config_value(mean)
        self.input_variance = _config_value(variance)
        self.invert = bool(invert)
        self.supports_masking = True
        self._adapted = False

    # Building ------------------------------------------------------------------

    def _kept_axes(self, input_shape: Sequence[int | None]) -> list[int]:
        rank = len(input_shape)
        kept = []
        for a in self.axis:
            if not -rank <= a < rank or a % rank == 0:
                raise ValueError(
                    f"{describe(self)}: axis={self.axis} must name non-batch axes of the inputs, "
                    f"received input shape {tuple(input_shape)}."
                )
            kept.append(a % rank)
        return sorted(kept)

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        kept = self._kept_axes(input_shape)
        sizes = tuple(input_shape[a] for a in kept)
        if any(s is None for s in sizes):
            raise ValueError(
                f"{describe(self)}: the input sizes on axis={self.axis} must be known, received input shape "
                f"{tuple(input_shape)}."
            )
        self._kept = kept
        self._sizes = sizes
        self._broadcast_shape = tuple(input_shape[a] if a in kept else 1 for a in range(len(input_shape)))
        if self.input_mean is not None:
            self._fixed = [self._fixed_statistic(v, name) for v, name in
                           ((self.input_mean, "mean"), (self.input_variance, "variance"))]
        else:
            self.mean = self.add_weight(shape=sizes, initializer="zeros", trainable=False, name="mean")
            self.variance = self.add_weight(shape=sizes, initializer="ones", trainable=False, name="variance")
            self.count = self.add_weight(shape=(), initializer="zeros", dtype="int32", trainable=False, name="count")
        self.input_spec = InputSpec(ndim=len(input_shape), axes=dict(zip(kept, sizes)))
        self.built = True

    def _fixed_statistic(self, value: Any, name: str) -> Any:
        if len(np.shape(value)) > len(self._sizes):
            shape_ok = False
        else:
            shape = np.shape(value)
            trailing = self._sizes[len(self._sizes) - len(shape):] if shape else ()
            shape_ok = all(s in (1, t) for s, t in zip(shape, trailing))
        if not shape_ok:
            raise ValueError(
                f"{describe(self)}: `{name}` of shape {np.shape(value)} does not broadcast to the sizes {self._sizes} "
                f"of axis={self.axis}."
            )
        tensor = ops.broadcast_to(ops.convert_to_tensor(value, "float32"), self._sizes)
        return ops.reshape(tensor, self._broadcast_shape)

    # Adapting ------------------------------------------------------------------

    def adapt(self, data: Any) -> None:
        """Compute the mean and variance of ``data`` over all axes but ``axis`` and store them.

        Args:
            data: an array (NumPy or tensor) of samples, or a list/tuple of such
                batches (statistics are combined over all of them).
        """
        if self.input_mean is not None:
            raise ValueError(
                f"{describe(self)}: the layer was given a fixed `mean` and `variance`; adapt() only works "
                "when both are None."
            )
        batches = _batches(data)
        if not batches:
            raise ValueError(f"{describe(self)}: adapt() received no data.")
        if not self.built:
            first = ops.shape(batches[0])
            self.build((None,) + tuple(int(d) for d in first[1:]))
            self._build_shapes = (None,) + tuple(int(d) for d in first[1:])
        reduction = [a for a in range(len(self._broadcast_shape)) if a not in self._kept]
        total = 0
        mean = ops.zeros(self._sizes, "float32")
        variance = ops.zeros(self._sizes, "float32")
        for index, batch in enumerate(batches):
            shape = tuple(ops.shape(batch))
            expected = len(self._broadcast_shape)
            if len(shape) != expected or any(shape[a] != self._broadcast_shape[a] for a in self._kept):
                raise ValueError(
                    f"{describe(self)}: adapt() batch {index} has shape {shape}; expected rank {expected} with "
                    f"sizes {self._sizes} on axis={self.axis}."
                )
            count = int(np.prod([shape[a] for a in reduction])) if reduction else 1
            if count == 0:
                continue
            batch_mean, batch_variance = ops.moments(ops.cast(batch, "float32"), reduction)
            new_total = total + count
            weight = count / new_total
            new_mean = ops.add(mean, ops.multiply(ops.subtract(batch_mean, mean), weight))
            # Chan et al.'s pairwise update: each part's variance about the combined mean.
            old_part = ops.add(variance, ops.square(ops.subtract(mean, new_mean)))
            new_part = ops.add(batch_variance, ops.square(ops.subtract(batch_mean, new_mean)))
            variance = ops.add(ops.multiply(old_part, 1.0 - weight), ops.multiply(new_part, weight))
            mean, total = new_mean, new_total
        if total == 0:
            raise ValueError(f"{describe(self)}: adapt() received only empty batches.")
        self.mean.assign(mean)
        self.variance.assign(variance)
        self.count.assign(total)
        self._adapted = True

    def _check_ready(self) -> None:
        if self.input_mean is not None or self._adapted:
            return
        # Weights may have been assigned without adapt() (set_weights, loading a model): a positive count
        # means statistics are present.
        try:
            self._adapted = int(self.count.numpy()) > 0
        except Exception:  # a traced value inside a compiled function: it came from an adapted layer's state
            self._adapted = True
        if not self._adapted:
            raise ValueError(
                f"{describe(self)}: the layer has no statistics yet. Call adapt(data) before using it, or pass "
                "`mean` and `variance` to the constructor."
            )

    # Calling -------------------------------------------------------------------

    def call(self, inputs: Any) -> Any:
        self._check_ready()
        dtype = self.compute_dtype
        x = ops.cast(inputs, dtype)
        if self.input_mean is not None:
            mean, variance = self._fixed
        else:
            mean = ops.reshape(self.mean.value, self._broadcast_shape)
            variance = ops.reshape(self.variance.value, self._broadcast_shape)
        mean = ops.cast(mean, dtype)
        std = ops.maximum(ops.sqrt(ops.cast(variance, dtype)), ops.cast(backend_epsilon(), dtype))
        if self.invert:
            return ops.add(mean, ops.multiply(x, std))
        return ops.divide(ops.subtract(x, mean), std)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        self._kept_axes(input_shape)
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({
            "axis": self.axis,
            "invert": self.invert,
            "mean": self.input_mean,
            "variance": self.input_variance,
        })
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Normalization:
        config = dict(config)
        if isinstance(config.get("axis"), list):
            config["axis"] = tuple(config["axis"])
        return super().from_config(config)


def _batches(data: Any) -> list[Any]:
    """``data`` as a list of batches: a list/tuple of arrays stays one, anything else is one batch."""
    if isinstance(data, (list, tuple)) and data and all(hasattr(item, "shape") for item in data):
        return [ops.convert_to_tensor(item) for item in data]
    if isinstance(data, Iterable) and not hasattr(data, "shape") and not isinstance(data, (list, tuple)):
        return [ops.convert_to_tensor(item) for item in data]
    return [ops.convert_to_tensor(data)]

