"""NumPy-like ops of the NumPy backend."""

from __future__ import annotations

from typing import Any

import numpy as np

from multikeras.backend import dtypes
from multikeras.backends.numpy.core import convert_to_tensor, to_numpy_dtype


def add(x1: Any, x2: Any) -> np.ndarray:
    if type(x1) is np.ndarray and type(x2) is np.ndarray and x1.dtype == x2.dtype:
        return np.add(x1, x2)
    dtype = to_numpy_dtype(dtypes.result_type(x1, x2))
    return np.add(np.asarray(x1, dtype), np.asarray(x2, dtype))


def ones(shape: Any, dtype: Any = None) -> np.ndarray:
    return np.ones(shape, dtype=to_numpy_dtype(dtype))


def sum_(x: Any, axis: Any = None, keepdims: bool = False) -> np.ndarray:
    x = convert_to_tensor(x)
    return np.asarray(np.sum(x, axis=axis, keepdims=keepdims, dtype=to_numpy_dtype(dtypes.sum_result(x.dtype))))
