"""Preprocessing layers: rescaling, feature normalization, category encoding, hashing, feature crossing,
discretization and vocabulary lookups, text vectorization, image resizing and cropping,
random image augmentation, audio spectrograms (STFT, mel), and Pipeline (layers applied in sequence)."""

from multikeras.layers.preprocessing.category_encoding import CategoryEncoding
from multikeras.layers.preprocessing.center_crop import CenterCrop
from multikeras.layers.preprocessing.discretization import Discretization
from multikeras.layers.preprocessing.hashed_crossing import HashedCrossing
from multikeras.layers.preprocessing.hashing import Hashing
from multikeras.layers.preprocessing.image_augmentation import (
    AutoContrast,
    Equalization,
    ContrastLimitedAdaptiveHistogramEqualization,
    RandomColorJitter,
    RandomColorDegeneration,
    RandomGrayscale,
    RandomHue,
    RandomInvert,
    RandomPosterization,
    RandomSaturation,
    RandomSharpness,
    Solarization,
    RandomBrightness,
    RandomContrast,
    RandomCrop,
    RandomFlip,
    RandomRotation,
    RandomTranslation,
    RandomZoom,
    MixUp,
    CutMix,
    RandomErasing,
    RandomGaussianBlur,
    RandomShear,
    RandomPerspective,
    RandomElasticTransform,
    RandAugment,
    AugMix,
)
from multikeras.layers.preprocessing.integer_lookup import IntegerLookup
from multikeras.layers.preprocessing.max_num_bounding_boxes import MaxNumBoundingBoxes
from multikeras.layers.preprocessing.mel_spectrogram import MelSpectrogram
from multikeras.layers.preprocessing.normalization import Normalization
from multikeras.layers.preprocessing.pipeline import Pipeline
from multikeras.layers.preprocessing.rescaling import Rescaling
from multikeras.layers.preprocessing.resizing import Resizing
from multikeras.layers.preprocessing.stft_spectrogram import STFTSpectrogram
from multikeras.layers.preprocessing.string_lookup import StringLookup
from multikeras.layers.preprocessing.text_vectorization import TextVectorization

__all__ = [
    "AutoContrast",
    "Equalization",
    "ContrastLimitedAdaptiveHistogramEqualization",
    "RandomColorJitter",
    "RandomColorDegeneration",
    "RandomGrayscale",
    "RandomHue",
    "RandomInvert",
    "RandomPosterization",
    "RandomSaturation",
    "RandomSharpness",
    "Solarization",
    "CategoryEncoding",
    "CenterCrop",
    "Discretization",
    "HashedCrossing",
    "Hashing",
    "IntegerLookup",
    "MaxNumBoundingBoxes",
    "MelSpectrogram",
    "Normalization",
    "Pipeline",
    "RandomBrightness",
    "RandomContrast",
    "RandomCrop",
    "RandomFlip",
    "RandomRotation",
    "RandomTranslation",
    "RandomZoom",
    "MixUp",
    "CutMix",
    "RandomErasing",
    "RandomGaussianBlur",
    "RandomShear",
    "RandomPerspective",
    "RandomElasticTransform",
    "RandAugment",
    "AugMix",
    "Rescaling",
    "Resizing",
    "STFTSpectrogram",
    "StringLookup",
    "TextVectorization",
]
