"""`BaseGlobalPooling`: a reduction over every spatial axis, shared by the global pooling layers."""

from __future__ import annotations

from typing import Any

from multikeras.layers.convolutional import conv_utils
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer


class BaseGlobalPooling(Layer):
    """Reduce the spatial axes of ``(batch, *spatial, channels)`` (or channels-first) inputs.

    Subclasses set ``_rank`` (the number of spatial axes) and implement ``call``.

    Args:
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        keepdims: keep the reduced axes with size 1 (output rank ``rank + 2``) instead of
            returning ``(batch, channels)``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).
    """

    _rank = 2

    _built_at_construction = True  # creates no state: built from the start, as in Keras 3

    def __init__(self, data_format: str | None = None, keepdims: bool = False, **kwargs: Any):
        super().__init__(**kwargs)
        self.data_format = conv_utils.standardize_data_format(data_format, self)
        if not isinstance(keepdims, bool):
            raise ValueError(
                f"{type(self).__name__} '{self.name}': `keepdims` must be a bool, received keepdims={keepdims!r}."
            )
        self.keepdims = keepdims
        self.input_spec = InputSpec(ndim=self._rank + 2)

    @property
    def _spatial_axes(self) -> tuple[int, ...]:
        return conv_utils.spatial_axes(self._rank, self.data_format)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        input_shape = tuple(input_shape)
        channels = input_shape[conv_utils.channel_axis(self.data_format)]
        if not self.keepdims:
            return (input_shape[0], channels)
        if self.data_format == "channels_last":
            return (input_shape[0], *(1,) * self._rank, channels)
        return (input_shape[0], channels, *(1,) * self._rank)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"data_format": self.data_format, "keepdims": self.keepdims})
        return config
