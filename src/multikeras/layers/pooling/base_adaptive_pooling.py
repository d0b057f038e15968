"""`BaseAdaptivePooling`: pooling to a fixed spatial output size, shared by the adaptive 1-D to 3-D layers."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.convolutional import conv_utils
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer


class BaseAdaptivePooling(Layer):
    """Max or average pooling whose output has ``output_size`` cells along each spatial axis, whatever the input size.

    Output cell ``i`` of an axis of length ``n`` pooled to ``o`` cells covers the input positions
    ``floor(i * n / o)`` to ``ceil((i + 1) * n / o)`` (end excluded): the bins tile the axis, neighbouring
    bins overlap by one position when ``o`` does not divide ``n``, and an input smaller than the output
    repeats positions.

    Subclasses set ``_rank`` (the number of spatial axes) and ``_pool_mode`` (``"max"`` or ``"average"``).

    Args:
        output_size: an int or a tuple of ``rank`` ints, each > 0: the spatial size of the output.
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        **kwargs: base layer arguments (``name``, ``dtype`` ...).
    """

    _rank = 2
    _pool_mode = "average"

    def __init__(self, output_size: int | tuple[int, ...], data_format: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.output_size = conv_utils.normalize_tuple(output_size, self._rank, "output_size", self)
        self.data_format = conv_utils.standardize_data_format(data_format, self)
        self.input_spec = InputSpec(ndim=self._rank + 2)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        input_shape = tuple(input_shape)
        # The spatial sizes are fixed by output_size, so unknown (None) input sizes do not matter.
        if self.data_format == "channels_last":
            return (input_shape[0], *self.output_size, input_shape[-1])
        return (input_shape[0], input_shape[1], *self.output_size)

    def call(self, inputs: Any) -> Any:
        pool = ops.adaptive_max_pool if self._pool_mode == "max" else ops.adaptive_average_pool
        return pool(inputs, self.output_size, data_format=self.data_format)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"output_size": self.output_size, "data_format": self.data_format})
        return config
