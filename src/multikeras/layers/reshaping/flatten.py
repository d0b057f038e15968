"""`Flatten`: collapses every axis but the batch axis."""

from __future__ import annotations

import math
from typing import Any

from multikeras import ops
from multikeras.layers.convolutional import conv_utils
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.reshaping.reshaping_utils import ReshapingLayer
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class Flatten(ReshapingLayer):
    """Reshape ``(batch, d1, ..., dn)`` inputs to ``(batch, d1 * ... * dn)``; ``(batch,)`` becomes ``(batch, 1)``.

    Args:
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
            Channels-first inputs of rank > 2 are moved to channels-last before
            flattening, so a model gives the same feature order in both formats.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = Flatten()(mk.ops.ones((2, 3, 4)))
        >>> y.shape
        (2, 12)
    """

    def __init__(self, data_format: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.data_format = conv_utils.standardize_data_format(data_format, self)
        self.input_spec = InputSpec(min_ndim=1)

    def call(self, inputs: Any) -> Any:
        shape = ops.shape(inputs)
        if self.data_format == "channels_first" and len(shape) > 2:
            inputs = ops.moveaxis(inputs, 1, -1)
        rest = shape[1:]
        if all(isinstance(d, int) for d in rest):
            size = math.prod(rest)
            batch = shape[0]
            return ops.reshape(inputs, (batch if isinstance(batch, int) or size == 0 else -1, size))
        return ops.reshape(inputs, (shape[0], -1))

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        rest = tuple(input_shape[1:])
        return (input_shape[0], None if any(d is None for d in rest) else math.prod(rest))

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["data_format"] = self.data_format
        return config
