"""Preprocessing layers: rescaling, feature normalization, category encoding, image resizing and cropping,
random image augmentation."""

from multikeras.layers.preprocessing.category_encoding import CategoryEncoding
from multikeras.layers.preprocessing.center_crop import CenterCrop
from multikeras.layers.preprocessing.image_augmentation import (
    RandomBrightness,
    RandomContrast,
    RandomCrop,
    RandomFlip,
    RandomRotation,
    RandomTranslation,
    RandomZoom,
)
from multikeras.layers.preprocessing.normalization import Normalization
from multikeras.layers.preprocessing.rescaling import Rescaling
from multikeras.layers.preprocessing.resizing import Resizing

__all__ = [
    "CategoryEncoding",
    "CenterCrop",
    "Normalization",
    "RandomBrightness",
    "RandomContrast",
    "RandomCrop",
    "RandomFlip",
    "RandomRotation",
    "RandomTranslation",
    "RandomZoom",
    "Rescaling",
    "Resizing",
]
