"""`ContrastLimitedAdaptiveHistogramEqualization` (CLAHE): histogram equalization of image tiles, with each tile's
histogram clipped to limit the contrast gain, blended bilinearly between tiles."""

from __future__ import annotations

from typing import Any

import numpy as np

from multikeras import ops
from multikeras.backend import dtypes
from multikeras.layers.core.identity import spec_like_input
from multikeras.layers.preprocessing import preprocessing_utils as utils
from multikeras.layers.preprocessing.image_augmentation.base import (
    BaseImageAugmentationLayer,
    is_number,
    is_number_pair,
)
from multikeras.saving.object_registration import register_builtin
from multikeras.utils.static_shapes import static_shape

_BINS = 256


def _symmetric_indices(size: int, padded: int) -> np.ndarray:
    """Indices ``0 .. padded-1`` folded back into ``0 .. size-1`` as by a mirror that repeats the edge pixel
    (``np.pad(..., mode="symmetric")`` at the end), for any amount of padding."""
    folded = np.arange(padded) % (2 * size)
    return np.where(folded < size, folded, 2 * size - 1 - folded).astype("int32")


def _interpolation_plan(size: int, tile: int, tiles: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each of ``size`` pixels along one axis: the two neighbouring tiles (clamped to the grid) and the weight
    of the second. Tile ``t``'s mapping is exact at pixel ``t * tile + tile / 2`` and blends linearly in between."""
    position = np.arange(size, dtype="float64") / tile - 0.5
    first = np.floor(position)
    weight = (position - first).astype("float32")
    lower = np.clip(first, 0, tiles - 1).astype("int32")
    upper = np.clip(first + 1, 0, tiles - 1).astype("int32")
    return lower, upper, weight


@register_builtin("keras.layers")
class ContrastLimitedAdaptiveHistogramEqualization(BaseImageAugmentationLayer):
    """Contrast Limited Adaptive Histogram Equalization (CLAHE) of each channel of each image.

    Values are read on a ``[0, 255]`` scale (mapped linearly from
    ``value_range``) and floored into 256 bins (values outside the range go to
    the end bins). The image is cut into a ``tile_grid_size`` grid of tiles
    (height and width padded at the end by mirroring, to a multiple of the
    grid); each tile's histogram is clipped at
    ``clip_limit * tile_pixels / 256`` counts per bin (when ``clip_limit`` is
    positive), the clipped-off excess is spread evenly over all 256 bins, and
    the cumulative sum ``cdf`` gives the tile's mapping
    ``255 * (cdf - cdf[0]) / (cdf[-1] - cdf[0])`` (``cdf[0]``: the count of
    bin 0, empty or not). Each pixel's value is the bilinear blend of the
    mappings of the (up to four) tiles whose centres surround it, mapped back
    to ``value_range``. The layer transforms in training and in inference
    alike. Float inputs give outputs in the compute dtype (computed in
    float32); integer inputs keep their dtype (values truncated).

    Args:
        value_range: ``(low, high)`` of the input values, two different numbers; ``(0, 255)`` by default.
        clip_limit: a number ``>= 0``: the largest bin height, as a multiple of the average bin height of a tile
            (4.0 by default); 0 turns clipping off (plain adaptive histogram equalization), as in Keras 3.
        tile_grid_size: ``(rows, columns)`` of tiles, two positive ints; ``(8, 8)`` by default.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> image = np.array([[[[60.0], [70.0]], [[80.0], [90.0]]]])
        >>> with mk.backend.use("numpy"):
        ...     layer = ContrastLimitedAdaptiveHistogramEqualization(clip_limit=0.0, tile_grid_size=(1, 1))
        ...     y = layer(image)
        >>> y[0, :, :, 0].tolist()
        [[63.75, 127.5], [191.25, 255.0]]
    """

    def __init__(self, value_range: Any = (0, 255), clip_limit: float = 4.0, tile_grid_size: Any = (8, 8),
                 data_format: str | None = None, **kwargs: Any):
        super().__init__(seed=None, data_format=data_format, **kwargs)
        if not is_number_pair(value_range) or value_range[0] == value_range[1]:
            raise ValueError(
                f"{utils.describe(self)}: `value_range` should be two different numbers (low, high). "
                f"Received: value_range={value_range!r}"
            )
        if not is_number(clip_limit) or not clip_limit >= 0:
            raise ValueError(
                f"{utils.describe(self)}: `clip_limit` should be a number >= 0. Received: clip_limit={clip_limit!r}"
            )
        if (not isinstance(tile_grid_size, (tuple, list)) or len(tile_grid_size) != 2
                or not all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in tile_grid_size)):
            raise ValueError(
                f"{utils.describe(self)}: `tile_grid_size` should be two positive ints (rows, columns). "
                f"Received: tile_grid_size={tile_grid_size!r}"
            )
        self.value_range = tuple(value_range)
        self.clip_limit = clip_limit
        self.tile_grid_size = tuple(tile_grid_size)

    def call(self, inputs: Any, training: bool | None = True) -> Any:
        # A deterministic image transform, as in Keras 3: applied whether training or not.
        return super().call(inputs, training=True)

    def augment(self, images: Any) -> Any:
        input_dtype = dtypes.standardize_dtype(ops.dtype(images))
        out_dtype = self.compute_dtype if dtypes.is_float(input_dtype) else input_dtype
        # Counting and the mappings run in float32 whatever the policy: float16 cannot hold counts and cumulative
        # sums of a tile exactly.
        x = ops.cast(images, "float32")
        if self.data_format == "channels_first":
            x = ops.transpose(x, (0, 2, 3, 1))
        shape = ops.shape(x)
        batch, height, width, channels = shape[0], shape[1], shape[2], shape[3]
        if not all(isinstance(n, int) for n in (height, width, channels)):
            raise ValueError(
                f"{utils.describe(self)}: the height, width and channels of the images must be known when the "
                f"layer runs; received images of shape {static_shape(images)}."
            )
        low, high = self.value_range
        if (low, high) != (0, _BINS - 1):
            x = ops.multiply(ops.divide(ops.subtract(x, low), high - low), float(_BINS - 1))
        bins = ops.cast(ops.clip(ops.floor(x), 0, _BINS - 1), "int32")  # (batch, height, width, channels)

        rows, columns = self.tile_grid_size
        tile_h, tile_w = -(-height // rows), -(-width // columns)
        padded = bins
        if tile_h * rows != height:
            padded = ops.take(padded, _symmetric_indices(height, tile_h * rows), axis=1)
        if tile_w * columns != width:
            padded = ops.take(padded, _symmetric_indices(width, tile_w * columns), axis=2)

        # Histograms of every (image, tile, channel) at once: one scatter-add of ones, each pixel sent to slot
        # ``histogram_index * 256 + bin``; memory O(pixels + histograms * 256), where one-hot counting would take
        # O(pixels * 256).
        tile_row = (np.arange(tile_h * rows) // tile_h).reshape(-1, 1, 1)
        tile_col = (np.arange(tile_w * columns) // tile_w).reshape(1, -1, 1)
        local = ((tile_row * columns + tile_col) * channels + np.arange(channels).reshape(1, 1, -1)) * _BINS
        per_image = rows * columns * channels * _BINS
        image_offset = ops.reshape(ops.multiply(ops.arange(batch, dtype="int32"), per_image), (-1, 1, 1, 1))
        slots = ops.add(ops.add(padded, local.astype("int32")), image_offset)
        slots = ops.reshape(slots, (-1, 1))
        counts = ops.scatter(slots, ops.ones((ops.shape(slots)[0],), "float32"), (batch * per_image,))
        counts = ops.reshape(counts, (batch, rows, columns, channels, _BINS))

        if self.clip_limit > 0:
            limit = float(self.clip_limit) * tile_h * tile_w / _BINS
            clipped = ops.minimum(counts, limit)
            excess = ops.sum(ops.subtract(counts, clipped), axis=-1, keepdims=True)
            counts = ops.add(clipped, ops.divide(excess, float(_BINS)))
        cdf = ops.cumsum(counts, axis=-1)
        first = cdf[..., :1]
        # A span of 0 means one bin holds the whole tile and nothing was clipped: every entry is then 0 / tiny = 0.
        span = ops.maximum(ops.subtract(cdf[..., -1:], first), 1e-30)
        mappings = ops.reshape(ops.multiply(ops.divide(ops.subtract(cdf, first), span), float(_BINS - 1)), (-1,))

        # Bilinear blend of the mappings of the four tiles around each pixel, all read with one gather at
        # ``((image * rows + tile_row) * columns + tile_col) * channels + channel) * 256 + bin``.
        top, bottom, wy = _interpolation_plan(height, tile_h, rows)
        left, right, wx = _interpolation_plan(width, tile_w, columns)
        corners = [(top, left, (1 - wy)[:, None] * (1 - wx)), (top, right, (1 - wy)[:, None] * wx),
                   (bottom, left, wy[:, None] * (1 - wx)), (bottom, right, wy[:, None] * wx)]
        channel_offset = np.arange(channels).reshape(1, 1, -1) * _BINS
        offsets = np.stack([(tile_rows[:, None, None] * columns + tile_cols[None, :, None]) * channels * _BINS
                            + channel_offset for tile_rows, tile_cols, _ in corners])[:, None]  # (4, 1, H, W, C)
        index = ops.add(ops.add(bins, image_offset), offsets.astype("int32"))
        values = ops.take(mappings, index)  # (4, batch, H, W, C)
        # Four explicit terms, not ops.sum over the corner axis: XLA:CPU (jaxlib 0.10.2) miscompiles a sum over a
        # leading axis of a product broadcast over both the batch and the channel axes (errors of hundreds).
        out = None
        for k, (_, _, weight) in enumerate(corners):
            term = ops.multiply(values[k], weight[None, :, :, None].astype("float32"))
            out = term if out is None else ops.add(out, term)

        if (low, high) != (0, _BINS - 1):
            out = ops.add(ops.multiply(ops.divide(out, float(_BINS - 1)), high - low), low)
        if self.data_format == "channels_first":
            out = ops.transpose(out, (0, 3, 1, 2))
        return ops.cast(out, out_dtype)

    def inference(self, inputs: Any) -> Any:
        return self.augment(inputs)

    def image_output_spec(self, images: Any, *args: Any, **kwargs: Any) -> Any:
        return spec_like_input(self, images, images.shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"value_range": self.value_range, "clip_limit": self.clip_limit,
                       "tile_grid_size": self.tile_grid_size})
        return config
