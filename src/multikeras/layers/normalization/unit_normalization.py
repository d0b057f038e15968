"""`UnitNormalization`: scale each sample to unit L2 norm over some axes."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.layer import Layer
from multikeras.layers.normalization import normalization_utils as utils
from multikeras.saving.object_registration import register_builtin

_MIN_SQUARED_NORM = 1e-12
"""Floor of the squared norm, so an all-zero sample stays zero instead of becoming NaN."""


@register_builtin("keras.layers")
class UnitNormalization(Layer):
    """Divide each sample by its L2 norm over ``axis``: ``x / sqrt(max(sum(x ** 2), 1e-12))``.

    Integer inputs are cast to the layer's compute dtype.

    Args:
        axis: an int or a list of ints: the axes the norm is taken over.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = UnitNormalization()(mk.ops.convert_to_tensor([[3.0, 4.0]]))
        >>> mk.ops.convert_to_numpy(y).tolist()
        [[0.6000000238418579, 0.800000011920929]]
    """

    _built_at_construction = True  # creates no state: built from the start, as in Keras 3

    def __init__(self, axis: int | list[int] = -1, **kwargs: Any):
        super().__init__(**kwargs)
        self.axis = utils.check_axis_argument(axis, self)
        self.supports_masking = True

    def call(self, inputs: Any) -> Any:
        x = utils.to_float(inputs, self.compute_dtype)
        axes = utils.resolve_axes(self.axis, ops.shape(x), self)
        squared_norm = ops.sum(ops.square(x), axis=axes, keepdims=True)
        outputs = ops.multiply(x, ops.rsqrt(ops.maximum(squared_norm, _MIN_SQUARED_NORM)))
        return ops.cast(outputs, self.compute_dtype)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        utils.resolve_axes(self.axis, input_shape, self)
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"axis": self.axis})
        return config
