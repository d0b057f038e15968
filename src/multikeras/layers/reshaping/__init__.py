"""Reshaping layers: flatten, reshape, permute, repeat, and cropping, zero padding and up-sampling in 1 to 3D."""

from multikeras.layers.reshaping.cropping import Cropping1D, Cropping2D, Cropping3D
from multikeras.layers.reshaping.flatten import Flatten
from multikeras.layers.reshaping.permute import Permute
from multikeras.layers.reshaping.repeat_vector import RepeatVector
from multikeras.layers.reshaping.reshape import Reshape
from multikeras.layers.reshaping.up_sampling import UpSampling1D, UpSampling2D, UpSampling3D
from multikeras.layers.reshaping.zero_padding import ZeroPadding1D, ZeroPadding2D, ZeroPadding3D

__all__ = [
    "Cropping1D",
    "Cropping2D",
    "Cropping3D",
    "Flatten",
    "Permute",
    "RepeatVector",
    "Reshape",
    "UpSampling1D",
    "UpSampling2D",
    "UpSampling3D",
    "ZeroPadding1D",
    "ZeroPadding2D",
    "ZeroPadding3D",
]
