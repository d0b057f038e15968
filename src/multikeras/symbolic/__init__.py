"""Symbolic tensors, operations and shape inference without data.

Example:
    >>> from multikeras.symbolic import KerasTensor
    >>> KerasTensor((None, 4)).shape
    (None, 4)
"""

from multikeras.symbolic.keras_tensor import KerasTensor, is_keras_tensor, standardize_shape
from multikeras.symbolic.operation import Operation
from multikeras.symbolic.output_spec import compute_output_spec
from multikeras.symbolic.symbolic_scope import SymbolicScope, get_symbolic_scope, in_symbolic_scope

__all__ = [
    "KerasTensor",
    "Operation",
    "SymbolicScope",
    "compute_output_spec",
    "get_symbolic_scope",
    "in_symbolic_scope",
    "is_keras_tensor",
    "standardize_shape",
]
