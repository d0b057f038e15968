"""Regularization layers: dropout variants, noise, and activity penalties (all identity outside training
except ActivityRegularization's loss)."""

from multikeras.layers.regularization.activity_regularization import ActivityRegularization
from multikeras.layers.regularization.alpha_dropout import AlphaDropout
from multikeras.layers.regularization.dropout import Dropout
from multikeras.layers.regularization.gaussian_dropout import GaussianDropout
from multikeras.layers.regularization.gaussian_noise import GaussianNoise
from multikeras.layers.regularization.spatial_dropout import SpatialDropout1D, SpatialDropout2D, SpatialDropout3D

__all__ = [
    "ActivityRegularization",
    "AlphaDropout",
    "Dropout",
    "GaussianDropout",
    "GaussianNoise",
    "SpatialDropout1D",
    "SpatialDropout2D",
    "SpatialDropout3D",
]
