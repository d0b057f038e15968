"""Dtype sweeps: the one promotion table, checked through ``add`` and ``multiply`` on every dtype pair."""

from __future__ import annotations

import itertools

import ml_dtypes
import numpy as np

from backend_conformance.records._build import R

DTYPES = ("bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64")
VALUES = np.array([[1, 0, 1], [0, 1, 1]])


def sample(dtype: str) -> np.ndarray:
    """Small non-negative values every dtype represents exactly."""
    numpy_dtype = ml_dtypes.bfloat16 if dtype == "bfloat16" else dtype
    return (VALUES * (1 if dtype == "bool" else 3)).astype(numpy_dtype)


def _reference(op):
    def compute(a, b):
        from multikeras.backend import dtypes

        result = dtypes.result_type(a, b)
        wide = np.float64 if dtypes.is_float(result) else (bool if result == "bool" else np.int64)
        value = op(np.asarray(a).astype(wide), np.asarray(b).astype(wide))
        return value.astype(np.float64) if wide is np.float64 else value
    return compute


RECORDS = []
one = RECORDS.append
for _left, _right in itertools.product(DTYPES, DTYPES):
    one(R("add", f"promote-{_left}-{_right}", sample(_left), sample(_right), ref=_reference(np.logical_or if _left == _right == "bool" else np.add), dtype="promote"))
for _dtype in DTYPES:
    one(R("multiply", f"weak-int-{_dtype}", sample(_dtype), 2, ref=lambda a, b: np.asarray(a).astype(np.float64) * b, dtype="promote", dtype_from=(0, 1)))
    one(R("multiply", f"weak-float-{_dtype}", sample(_dtype), 0.5, ref=lambda a, b: np.asarray(a).astype(np.float64) * b, dtype="promote", dtype_from=(0, 1)))
    one(R("sqrt", f"dtype-{_dtype}", sample(_dtype), ref=lambda a: np.sqrt(np.asarray(a).astype(np.float64)), dtype="float"))
    one(R("sum", f"dtype-{_dtype}", sample(_dtype), ref=lambda a: np.sum(np.asarray(a).astype(np.float64)), dtype="sum"))
    one(R("mean", f"dtype-{_dtype}", sample(_dtype), kwargs={"axis": 0}, ref=lambda a, axis: np.mean(np.asarray(a).astype(np.float64), axis=axis), dtype="float"))
    one(R("argmax", f"dtype-{_dtype}", sample(_dtype), kwargs={"axis": 1}, ref=lambda a, axis: np.argmax(np.asarray(a).astype(np.float64), axis=axis), dtype="index"))
