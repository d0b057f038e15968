"""`RandomColorJitter`: random brightness, contrast, saturation and hue changes, in that order, during training."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.preprocessing.image_augmentation.base import BaseImageAugmentationLayer
from multikeras.layers.preprocessing.image_augmentation.color_utils import sorted_value_range
from multikeras.layers.preprocessing.image_augmentation.random_brightness import RandomBrightness
from multikeras.layers.preprocessing.image_augmentation.random_contrast import RandomContrast
from multikeras.layers.preprocessing.image_augmentation.random_hue import RandomHue
from multikeras.layers.preprocessing.image_augmentation.random_saturation import RandomSaturation
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class RandomColorJitter(BaseImageAugmentationLayer):
    """Apply :class:`RandomBrightness`, :class:`RandomContrast`, :class:`RandomSaturation` and :class:`RandomHue`
    in that order during training, each only when its factor is given.

    Each part reads its factor as the layer of that name does, with the shared
    ``value_range`` and ``data_format``. Training outputs are in the compute
    dtype; outside training the images pass through. With no factor at all the
    images are only cast.

    Args:
        value_range: ``(min, max)`` of the image values.
        brightness_factor: ``factor`` of the brightness step, or ``None`` to skip it.
        contrast_factor: ``factor`` of the contrast step, or ``None`` to skip it.
        saturation_factor: ``factor`` of the saturation step, or ``None`` to skip it.
        hue_factor: ``factor`` of the hue step, or ``None`` to skip it.
        seed: an int for reproducible draws, or ``None``.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = RandomColorJitter(value_range=(0, 1), brightness_factor=(0.5, 0.5))
        ...     y = layer(np.array([[[[0.25, 0.1, 0.75]]]]))
        >>> y[0, 0, 0].tolist()
        [0.75, 0.6000000238418579, 1.0]
    """

    def __init__(self, value_range: Any = (0, 255), brightness_factor: Any = None, contrast_factor: Any = None,
                 saturation_factor: Any = None, hue_factor: Any = None, seed: int | None = None,
                 data_format: str | None = None, **kwargs: Any):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.value_range = sorted_value_range(value_range, self)
        self.brightness_factor = brightness_factor
        self.contrast_factor = contrast_factor
        self.saturation_factor = saturation_factor
        self.hue_factor = hue_factor
        steps = [(RandomBrightness, brightness_factor), (RandomContrast, contrast_factor),
                 (RandomSaturation, saturation_factor), (RandomHue, hue_factor)]
        # Each step gets a seed of its own: one shared seed would give every step the same stream of draws.
        self.steps = [
            step(factor, value_range=self.value_range, seed=None if seed is None else seed + index,
                 data_format=self.data_format, dtype=self.dtype_policy)
            for index, (step, factor) in enumerate(steps) if factor is not None
        ]

    def augment(self, images: Any) -> Any:
        images = ops.cast(images, self.compute_dtype)
        for step in self.steps:
            images = ops.cast(step.augment(images), self.compute_dtype)
        return images

    def inference(self, inputs: Any) -> Any:
        return inputs

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"value_range": self.value_range, "brightness_factor": self.brightness_factor,
                       "contrast_factor": self.contrast_factor, "saturation_factor": self.saturation_factor,
                       "hue_factor": self.hue_factor, "seed": self.seed})
        return config
