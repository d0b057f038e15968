"""`Equalization`: histogram equalization of each channel of each image during training."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.preprocessing import preprocessing_utils as utils
from multikeras.layers.preprocessing.image_augmentation.base import BaseImageAugmentationLayer
from multikeras.layers.preprocessing.image_augmentation.color_utils import rescale, sorted_value_range
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class Equalization(BaseImageAugmentationLayer):
    """Equalize the histogram of each channel of each image during training.

    Values are read on a ``[0, 255]`` scale (mapped from ``value_range``) and
    sorted into ``bins`` equal bins; each value is replaced by
    ``round(255 * (cdf(bin) - cdf_min) / (n - cdf_min))`` for the cumulative
    count ``cdf`` of its channel, ``cdf_min`` the count in the first non-empty
    bin and ``n`` the number of pixels, then mapped back to ``value_range``. A
    channel whose values all fall in one bin is kept. Training outputs are in
    the compute dtype; outside training the images pass through.

    Args:
        value_range: ``(min, max)`` of the image values.
        bins: the number of histogram bins, a positive int (256 by default).
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = Equalization()(np.array([[[[10.0], [20.0], [20.0], [30.0]]]]))
        >>> y[0, 0, :, 0].tolist()
        [0.0, 170.0, 170.0, 255.0]
    """

    def __init__(self, value_range: Any = (0, 255), bins: int = 256, data_format: str | None = None, **kwargs: Any):
        super().__init__(seed=None, data_format=data_format, **kwargs)
        if isinstance(bins, bool) or not isinstance(bins, int) or bins < 1:
            raise ValueError(f"{utils.describe(self)}: `bins` should be a positive int. Received: bins={bins!r}")
        self.bins = bins
        self.value_range = sorted_value_range(value_range, self)

    def augment(self, images: Any) -> Any:
        x = rescale(ops.cast(images, self.compute_dtype), self.value_range, (0, 255))
        if self.data_format == "channels_first":
            x = ops.transpose(x, (0, 2, 3, 1))
        shape = ops.shape(x)
        flat = ops.reshape(x, (shape[0], -1, shape[3]))  # (batch, pixels, channels)
        index = ops.clip(ops.cast(ops.multiply(flat, (self.bins - 1) / 255.0), "int32"), 0, self.bins - 1)
        # One scatter-add of ones counts every (image, channel) pair at once, each offset into its own run of
        # bins: memory O(pixels + batch * channels * bins), where one-hot counting takes O(pixels * bins).
        rows = shape[0] * shape[3]
        offsets = ops.reshape(ops.multiply(ops.arange(rows, dtype="int32"), self.bins), (shape[0], 1, shape[3]))
        slots = ops.reshape(ops.add(index, offsets), (-1, 1))
        flat_counts = ops.scatter(slots, ops.ones((ops.shape(slots)[0],), "float32"), (rows * self.bins,))
        counts = ops.reshape(flat_counts, (shape[0], shape[3], self.bins))  # (batch, channels, bins)
        cdf = ops.cumsum(counts, axis=-1)
        total = cdf[..., -1:]
        cdf_min = ops.min(ops.where(ops.greater(cdf, 0), cdf, total), axis=-1, keepdims=True)
        denominator = ops.subtract(total, cdf_min)
        denominator = ops.where(ops.equal(denominator, 0), ops.ones_like(denominator), denominator)
        table = ops.clip(ops.round(ops.divide(ops.multiply(ops.subtract(cdf, cdf_min), 255.0), denominator)), 0, 255)
        mapped = ops.take_along_axis(ops.transpose(table, (0, 2, 1)), index, axis=1)  # (batch, pixels, channels)
        # One occupied bin (a flat channel) leaves the channel as it is.
        occupied = ops.sum(ops.cast(ops.greater(counts, 0), "int32"), axis=-1)  # (batch, channels)
        keep = ops.expand_dims(ops.less_equal(occupied, 1), 1)
        equalized = ops.reshape(ops.where(keep, flat, ops.cast(mapped, self.compute_dtype)), shape)
        if self.data_format == "channels_first":
            equalized = ops.transpose(equalized, (0, 3, 1, 2))
        return rescale(equalized, (0, 255), self.value_range)

    def inference(self, inputs: Any) -> Any:
        return inputs

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"value_range": self.value_range, "bins": self.bins})
        return config
