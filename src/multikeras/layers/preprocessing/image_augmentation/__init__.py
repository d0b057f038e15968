"""Random image augmentation layers: they change images only in training (``training=True``)."""

from multikeras.layers.preprocessing.image_augmentation.random_brightness import RandomBrightness
from multikeras.layers.preprocessing.image_augmentation.random_contrast import RandomContrast
from multikeras.layers.preprocessing.image_augmentation.random_crop import RandomCrop
from multikeras.layers.preprocessing.image_augmentation.random_flip import RandomFlip
from multikeras.layers.preprocessing.image_augmentation.random_rotation import RandomRotation
from multikeras.layers.preprocessing.image_augmentation.random_translation import RandomTranslation
from multikeras.layers.preprocessing.image_augmentation.random_zoom import RandomZoom

__all__ = [
    "RandomBrightness",
    "RandomContrast",
    "RandomCrop",
    "RandomFlip",
    "RandomRotation",
    "RandomTranslation",
    "RandomZoom",
]
