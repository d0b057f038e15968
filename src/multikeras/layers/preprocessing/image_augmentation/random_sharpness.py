"""`RandomSharpness`: blend each image with a blurred copy by a random amount during training."""

from __future__ import annotations

from typing import Any

import numpy as np

from multikeras import ops
from multikeras.layers.preprocessing.image_augmentation.base import BaseImageAugmentationLayer, range_factor
from multikeras.layers.preprocessing.image_augmentation.color_utils import per_image_uniform, sorted_value_range
from multikeras.saving.object_registration import register_builtin

# The 3x3 smoothing kernel (weights 1 around a centre of 5, over 13), applied to each channel with zero padding.
SMOOTHING = np.array([[1, 1, 1], [1, 5, 1], [1, 1, 1]], "float64") / 13.0


@register_builtin("keras.layers")
class RandomSharpness(BaseImageAugmentationLayer):
    """Blur or sharpen each image by a random amount during training.

    For each image ``f`` is drawn uniformly from ``factor``; with ``smooth``
    the image filtered by a 3x3 smoothing kernel (zero padding at the borders),
    each pixel becomes ``x + (1 - 2 f) * (smooth - x)``, clipped to
    ``value_range``: ``f = 0`` gives the smoothed image, ``f = 0.5`` keeps the
    image, ``f = 1`` sharpens it. Training outputs are in the compute dtype;
    outside training the images pass through.

    Args:
        factor: a number ``f`` in ``[0, 1]`` (draws from ``[0, f]``) or a pair ``(lower, upper)``;
            ``(0.5, 0.5)`` always keeps the image.
        value_range: ``(min, max)`` of the image values; outputs are clipped to it.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        seed: an int for reproducible draws, or ``None``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = RandomSharpness((0.5, 0.5), value_range=(0, 1))(np.full((1, 3, 3, 1), 0.5))
        >>> float(y[0, 1, 1, 0])
        0.5
    """

    def __init__(self, factor: Any, value_range: Any = (0, 255), data_format: str | None = None,
                 seed: int | None = None, **kwargs: Any):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.factor = range_factor(factor, self, 0, 1, lambda number: (max(-number, 0), number))
        self.value_range = sorted_value_range(value_range, self)

    def augment(self, images: Any) -> Any:
        x = ops.cast(images, self.compute_dtype)
        channels = ops.shape(x)[-1 if self.data_format == "channels_last" else 1]
        kernel = ops.convert_to_tensor(np.tile(SMOOTHING[:, :, None, None], (1, 1, channels, 1)), self.compute_dtype)
        smooth = ops.depthwise_conv(x, kernel, strides=1, padding="same", data_format=self.data_format)
        sharpness = ops.cast(ops.multiply(per_image_uniform(self, images, self.factor[0], self.factor[1]), 2.0),
                             self.compute_dtype)
        blended = ops.add(x, ops.multiply(ops.subtract(1.0, sharpness), ops.subtract(smooth, x)))
        return ops.clip(blended, self.value_range[0], self.value_range[1])

    def inference(self, inputs: Any) -> Any:
        return inputs

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range, "seed": self.seed})
        return config
