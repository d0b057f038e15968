"""Random image augmentation layers: they change images only in training (``training=True``)."""

from multikeras.layers.preprocessing.image_augmentation.auto_contrast import AutoContrast
from multikeras.layers.preprocessing.image_augmentation.equalization import Equalization
from multikeras.layers.preprocessing.image_augmentation.contrast_limited_adaptive_histogram_equalization import (
    ContrastLimitedAdaptiveHistogramEqualization,
)
from multikeras.layers.preprocessing.image_augmentation.random_color_jitter import RandomColorJitter
from multikeras.layers.preprocessing.image_augmentation.random_color_degeneration import RandomColorDegeneration
from multikeras.layers.preprocessing.image_augmentation.random_grayscale import RandomGrayscale
from multikeras.layers.preprocessing.image_augmentation.random_hue import RandomHue
from multikeras.layers.preprocessing.image_augmentation.random_invert import RandomInvert
from multikeras.layers.preprocessing.image_augmentation.random_posterization import RandomPosterization
from multikeras.layers.preprocessing.image_augmentation.random_saturation import RandomSaturation
from multikeras.layers.preprocessing.image_augmentation.random_sharpness import RandomSharpness
from multikeras.layers.preprocessing.image_augmentation.solarization import Solarization
from multikeras.layers.preprocessing.image_augmentation.random_brightness import RandomBrightness
from multikeras.layers.preprocessing.image_augmentation.random_contrast import RandomContrast
from multikeras.layers.preprocessing.image_augmentation.random_crop import RandomCrop
from multikeras.layers.preprocessing.image_augmentation.random_flip import RandomFlip
from multikeras.layers.preprocessing.image_augmentation.random_rotation import RandomRotation
from multikeras.layers.preprocessing.image_augmentation.random_translation import RandomTranslation
from multikeras.layers.preprocessing.image_augmentation.random_zoom import RandomZoom
from multikeras.layers.preprocessing.image_augmentation.mix_up import MixUp
from multikeras.layers.preprocessing.image_augmentation.cut_mix import CutMix
from multikeras.layers.preprocessing.image_augmentation.random_erasing import RandomErasing
from multikeras.layers.preprocessing.image_augmentation.random_gaussian_blur import RandomGaussianBlur
from multikeras.layers.preprocessing.image_augmentation.random_shear import RandomShear
from multikeras.layers.preprocessing.image_augmentation.random_perspective import RandomPerspective
from multikeras.layers.preprocessing.image_augmentation.random_elastic_transform import RandomElasticTransform
from multikeras.layers.preprocessing.image_augmentation.rand_augment import RandAugment
from multikeras.layers.preprocessing.image_augmentation.aug_mix import AugMix

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
]
