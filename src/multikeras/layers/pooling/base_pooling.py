"""`BasePooling`: the sliding-window max and average pooling shared by the 1-D to 3-D layers."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.convolutional import conv_utils
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer


class BasePooling(Layer):
    """Pooling over sliding windows of ``pool_size`` moved by ``strides`` along each spatial axis.

    Subclasses set ``_rank`` (the number of spatial axes) and ``_pool_mode`` (``"max"`` or ``"average"``).

    Args:
        pool_size: an int or a tuple of ``rank`` ints: the window size.
        strides: an int, a tuple of ``rank`` ints, or ``None`` (``pool_size``).
        padding: ``"valid"`` (windows inside the input) or ``"same"`` (output size ``ceil(size / stride)``;
            average pooling then averages only over the input values in each window).
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        **kwargs: base layer arguments (``name``, ``dtype`` ...).
    """

    _built_at_construction = True  # creates no state: built from the start, as in Keras 3

    _rank = 2
    _pool_mode = "max"

    def __init__(
        self,
        pool_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] | None = None,
        padding: str = "valid",
        data_format: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        rank = self._rank
        self.pool_size = conv_utils.normalize_tuple(pool_size, rank, "pool_size", self)
        self.strides = self.pool_size if strides is None else conv_utils.normalize_tuple(strides, rank, "strides", self)
        self.padding = conv_utils.standardize_padding(padding, self)
        self.data_format = conv_utils.standardize_data_format(data_format, self)
        self.input_spec = InputSpec(ndim=rank + 2)

    def _output_spatial(self, input_shape: tuple[int | None, ...]) -> list[int | None]:
        axes = conv_utils.spatial_axes(self._rank, self.data_format)
        return [
            conv_utils.conv_output_length(input_shape[axis], size, self.padding, stride)
            for axis, size, stride in zip(axes, self.pool_size, self.strides)
        ]

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        input_shape = tuple(input_shape)
        spatial = self._output_spatial(input_shape)
        conv_utils.check_output_sizes(
            self, input_shape, spatial, f"pool_size={self.pool_size}, strides={self.strides}, padding={self.padding!r}"
        )
        if self.data_format == "channels_last":
            return (input_shape[0], *spatial, input_shape[-1])
        return (input_shape[0], input_shape[1], *spatial)

    def call(self, inputs: Any) -> Any:
        pool = ops.max_pool if self._pool_mode == "max" else ops.average_pool
        return pool(inputs, self.pool_size, strides=self.strides, padding=self.padding, data_format=self.data_format)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({
            "pool_size": self.pool_size,
            "padding": self.padding,
            "strides": self.strides,
            "data_format": self.data_format,
        })
        return config

