"""`RandomHue`: rotate the hue of each image by a random amount during training."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.preprocessing.image_augmentation.base import BaseImageAugmentationLayer, range_factor
from multikeras.layers.preprocessing.image_augmentation.color_utils import (
    per_image_uniform,
    rescale,
    sorted_value_range,
)
from multikeras.layers.preprocessing.image_augmentation.random_saturation import channel_axis
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class RandomHue(BaseImageAugmentationLayer):
    """Shift the hue of each RGB image by a random amount during training.

    For each image an amount ``a`` is drawn uniformly from ``factor`` and a
    direction at random; the HSV hue (a turn of the colour wheel is 1) moves by
    ``+-a / 2``, wrapping around. So ``factor=1`` can move a hue half way round
    the wheel, ``factor=0`` keeps the image. Images are read on
    ``value_range``; training outputs are clipped to it and in the compute
    dtype; outside training the images pass through.

    Args:
        factor: a number ``f`` in ``[0, 1]`` (amounts in ``[0, f]``) or a pair ``(lower, upper)``.
        value_range: ``(min, max)`` of the image values.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        seed: an int for reproducible draws, or ``None``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = RandomHue((1.0, 1.0), value_range=(0, 1))(np.array([[[[1.0, 0.0, 0.0]]]]))
        >>> np.round(y[0, 0, 0], 4).tolist()  # red turned half way round: cyan
        [0.0, 1.0, 1.0]
    """

    def __init__(self, factor: Any, value_range: Any = (0, 255), data_format: str | None = None,
                 seed: int | None = None, **kwargs: Any):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.factor = range_factor(factor, self, 0, 1, lambda number: (max(-number, 0), number))
        self.value_range = sorted_value_range(value_range, self)

    def augment(self, images: Any) -> Any:
        x = rescale(ops.cast(images, self.compute_dtype), self.value_range, (0, 1))
        direction = ops.where(ops.greater(per_image_uniform(self, images, 0.0, 1.0), 0.5), -1.0, 1.0)
        amount = per_image_uniform(self, images, self.factor[0], self.factor[1])
        shift = ops.cast(ops.multiply(ops.multiply(direction, amount), 0.5), self.compute_dtype)
        axis = channel_axis(self.data_format)
        hue, saturation, value = ops.split(ops.image.rgb_to_hsv(x, data_format=self.data_format), 3, axis=axis)
        hue = ops.add(hue, shift)
        # |shift| <= 0.5 and hue in [0, 1]: one turn up or down brings it back.
        hue = ops.where(ops.greater(hue, 1.0), ops.subtract(hue, 1.0), hue)
        hue = ops.where(ops.less(hue, 0.0), ops.add(hue, 1.0), hue)
        rgb = ops.image.hsv_to_rgb(ops.concatenate([hue, saturation, value], axis=axis), data_format=self.data_format)
        return rescale(ops.clip(rgb, 0.0, 1.0), (0, 1), self.value_range)

    def inference(self, inputs: Any) -> Any:
        return inputs

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range, "seed": self.seed})
        return config
