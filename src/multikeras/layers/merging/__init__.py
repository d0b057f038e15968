"""Merging layers: combine a list of tensors (sum, difference, product, mean, extremes, concatenation, dot
products), and their functional forms (``add([a, b])`` ...)."""

from multikeras.layers.merging.add import Add, add
from multikeras.layers.merging.average import Average, average
from multikeras.layers.merging.concatenate import Concatenate, concatenate
from multikeras.layers.merging.dot import Dot, dot
from multikeras.layers.merging.maximum import Maximum, Minimum, maximum, minimum
from multikeras.layers.merging.multiply import Multiply, multiply
from multikeras.layers.merging.subtract import Subtract, subtract

__all__ = [
    "Add",
    "Average",
    "Concatenate",
    "Dot",
    "Maximum",
    "Minimum",
    "Multiply",
    "Subtract",
    "add",
    "average",
    "concatenate",
    "dot",
    "maximum",
    "minimum",
    "multiply",
    "subtract",
]
