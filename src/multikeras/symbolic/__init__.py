"""Symbolic tensors and shape inference without data.

Example:
    >>> from multikeras.symbolic import KerasTensor
    >>> KerasTensor((None, 4)).shape
    (None, 4)
"""

from multikeras.symbolic.keras_tensor import KerasTensor, is_keras_tensor, standardize_shape
from multikeras.symbolic.output_spec import compute_output_spec

__all__ = ["KerasTensor", "compute_output_spec", "is_keras_tensor", "standardize_shape"]
