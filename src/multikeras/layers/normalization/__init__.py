"""Normalization layers: batch, layer, group, unit (L2) and RMS normalization."""

from multikeras.layers.normalization.batch_normalization import BatchNormalization
from multikeras.layers.normalization.group_normalization import GroupNormalization
from multikeras.layers.normalization.layer_normalization import LayerNormalization
from multikeras.layers.normalization.rms_normalization import RMSNormalization
from multikeras.layers.normalization.unit_normalization import UnitNormalization

__all__ = ["BatchNormalization", "GroupNormalization", "LayerNormalization", "RMSNormalization", "UnitNormalization"]
