"""Preprocessing layers: rescaling, feature normalization, category encoding, hashing, discretization and
vocabulary lookups, image resizing and cropping,
random image augmentation."""

from multikeras.layers.preprocessing.category_encoding import CategoryEncoding
from multikeras.layers.preprocessing.center_crop import CenterCrop
from multikeras.layers.preprocessing.discretization import Discretization
from multikeras.layers.preprocessing.hashing import Hashing
from multikeras.layers.preprocessing.image_augmentation import (
    RandomBrightness,
    RandomContrast,
    RandomCrop,
    RandomFlip,
    RandomRotation,
    RandomTranslation,
    RandomZoom,
)
from multikeras.layers.preprocessing.integer_lookup import IntegerLookup
from multikeras.layers.preprocessing.normalization import Normalization
from multikeras.layers.preprocessing.rescaling import Rescaling
from multikeras.layers.preprocessing.resizing import Resizing
from multikeras.layers.preprocessing.string_lookup import StringLookup

__all__ = [
    "CategoryEncoding",
    "CenterCrop",
    "Discretization",
    "Hashing",
    "IntegerLookup",
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
    "StringLookup",
]
