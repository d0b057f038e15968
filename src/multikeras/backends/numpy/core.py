"""Core ops of the NumPy backend: conversion, dtype, shape, control flow."""

from __future__ import annotations

from typing import Any

import numpy as np

from multikeras.backend import dtypes


def to_numpy_dtype(dtype: Any) -> np.dtype:
    """NumPy dtype for a canonical dtype name (bfloat16 through ml_dtypes)."""
    name = dtypes.standardize_dtype(dtype)
    if name == "bfloat16":
        import ml_dtypes

        return np.dtype(ml_dtypes.bfloat16)
    return np.dtype(name)


def convert_to_tensor(x: Any, dtype: Any = None) -> np.ndarray:
    if dtype is not None:
        return np.asarray(x, dtype=to_numpy_dtype(dtype))
    if isinstance(x, np.ndarray):
        return x
    return np.asarray(x, dtype=to_numpy_dtype(dtypes.result_type(x)))


def convert_to_numpy(x: Any) -> np.ndarray:
    return np.asarray(x)


def is_tensor(x: Any) -> bool:
    return isinstance(x, np.ndarray)
