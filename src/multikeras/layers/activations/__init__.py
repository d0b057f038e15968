"""Activation layers: ReLU, LeakyReLU, PReLU, ELU and Softmax."""

from multikeras.layers.activations.elu import ELU
from multikeras.layers.activations.leaky_relu import LeakyReLU
from multikeras.layers.activations.prelu import PReLU
from multikeras.layers.activations.relu import ReLU
from multikeras.layers.activations.softmax import Softmax

__all__ = ["ELU", "LeakyReLU", "PReLU", "ReLU", "Softmax"]
