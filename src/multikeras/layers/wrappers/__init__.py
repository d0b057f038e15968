"""Wrapper layers: Wrapper, TimeDistributed and SpectralNormalization."""

from multikeras.layers.wrappers.spectral_normalization import SpectralNormalization
from multikeras.layers.wrappers.time_distributed import TimeDistributed
from multikeras.layers.wrappers.wrapper import Wrapper

__all__ = ["SpectralNormalization", "TimeDistributed", "Wrapper"]
