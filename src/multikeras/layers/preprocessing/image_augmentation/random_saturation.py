"""`RandomSaturation`: scale the saturation of each image by a random amount during training."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.preprocessing.image_augmentation.base import BaseImageAugmentationLayer, symmetric_factor
from multikeras.layers.preprocessing.image_augmentation.color_utils import per_image_uniform, sorted_value_range
from multikeras.saving.object_registration import register_builtin

# Keeps f / (1 - f) finite at f = 1 (the value Keras 3 adds, its backend epsilon).
EPSILON = 1e-7


def channel_axis(data_format: str) -> int:
    return -1 if data_format == "channels_last" else 1


@register_builtin("keras.layers")
class RandomSaturation(BaseImageAugmentationLayer):
    """Scale the saturation of each RGB image by a random amount during training.

    For each image ``f`` is drawn uniformly from ``factor``; the saturation
    (HSV) of every pixel is multiplied by ``f / (1 - f)`` and clipped to
    ``[0, 1]``: ``f = 0.5`` keeps the image, ``f <= 0`` gives grayscale (every
    channel set to the pixel's largest one), ``f = 1`` fully saturated colours.
    Hue and value are kept. Training outputs are in the compute dtype; outside
    training the images pass through.

    Args:
        factor: a number ``f`` in ``[-1, 1]`` (draws from ``[-|f|, |f|]``) or a pair ``(lower, upper)``.
        value_range: ``(min, max)`` of the image values.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        seed: an int for reproducible draws, or ``None``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = RandomSaturation((0.0, 0.0), value_range=(0, 1))(np.array([[[[0.8, 0.4, 0.2]]]]))
        >>> [round(float(v), 4) for v in y[0, 0, 0]]
        [0.8, 0.8, 0.8]
    """

    def __init__(self, factor: Any, value_range: Any = (0, 255), data_format: str | None = None,
                 seed: int | None = None, **kwargs: Any):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.factor = symmetric_factor(factor, self)
        self.value_range = sorted_value_range(value_range, self)

    def augment(self, images: Any) -> Any:
        x = ops.cast(images, self.compute_dtype)
        drawn = per_image_uniform(self, images, self.factor[0], self.factor[1])
        multiplier = ops.cast(ops.divide(drawn, ops.add(ops.subtract(1.0, drawn), EPSILON)), self.compute_dtype)
        axis = channel_axis(self.data_format)
        # HSV saturation and hue are ratios, the same on any value scale; value is the largest channel.
        hue, saturation, value = ops.split(ops.image.rgb_to_hsv(x, data_format=self.data_format), 3, axis=axis)
        saturation = ops.clip(ops.multiply(saturation, multiplier), 0.0, 1.0)
        hsv = ops.concatenate([hue, saturation, value], axis=axis)
        return ops.image.hsv_to_rgb(hsv, data_format=self.data_format)

    def inference(self, inputs: Any) -> Any:
        return inputs

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range, "seed": self.seed})
        return config
