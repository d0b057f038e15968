"""Helpers for writing records compactly: deterministic inputs and record families."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from backend_conformance.record import OpRecord, Raises


def arr(shape: tuple[int, ...] | int, dtype: str = "float32", low: float = -2.0, high: float = 2.0, seed: int = 0) -> np.ndarray:
    """Uniform values in ``[low, high)`` (integers for integer dtypes), from ``default_rng(seed)``."""
    rng = np.random.default_rng(seed)
    shape = (shape,) if isinstance(shape, int) else shape
    if dtype == "bool":
        return rng.random(shape) < 0.5
    if np.dtype(dtype).kind in "iu":
        return rng.integers(int(low), int(high), size=shape).astype(dtype)
    return rng.uniform(low, high, size=shape).astype(dtype)


def pos(shape: tuple[int, ...] | int, dtype: str = "float32", seed: int = 0) -> np.ndarray:
    """Positive values in ``[0.5, 2)``."""
    return arr(shape, dtype, 0.5, 2.0, seed)


def R(op: str, variant: str, *args: Any, kwargs: dict[str, Any] | None = None, ref: Callable[..., Any] | None = None,
      dtype: Any = None, **fields: Any) -> OpRecord:
    """Record ``<op>-<variant>`` calling ``op(*args, **kwargs)``."""
    return OpRecord(op=op, id=f"{op}-{variant}", args=args, kwargs=kwargs or {}, reference=ref,
                    expected_dtype=dtype, **fields)


def bad(op: str, variant: str, *args: Any, error: type[BaseException] = ValueError, match: tuple[str, ...] = (),
        kwargs: dict[str, Any] | None = None, **fields: Any) -> OpRecord:
    """A bad-input record: the op must raise ``error`` naming ``op`` and each of ``match``."""
    return OpRecord(op=op, id=f"{op}-bad-{variant}", args=args, kwargs=kwargs or {},
                    raises=Raises(error, (op,) + tuple(match)), **fields)


def unary_float(op: str, ref: Callable[[np.ndarray], Any], x: np.ndarray | None = None, grad: bool = True,
                ints: bool = True, extra: tuple[OpRecord, ...] = (), tolerance: dict | None = None) -> list[OpRecord]:
    """A float-producing elementwise op: float32 (+gradient), float64, int input, 0-d."""
    x = arr((2, 3)) if x is None else x
    tol = tolerance or {}
    records = [
        R(op, "f32", x, ref=ref, dtype="float", grad=grad, tolerance=tol),
        R(op, "f64", x.astype("float64"), ref=ref, dtype="float", tolerance=tol),
        R(op, "0d", np.array(x.reshape(-1)[0]), ref=ref, dtype="float", tolerance=tol),
    ]
    if ints:
        xi = np.clip(np.round(x), 1, None).astype("int32") if np.all(x > 0) else np.round(x).astype("int32")
        records.append(R(op, "int32", xi, ref=lambda v, _r=ref: _r(v.astype("float64")), dtype="float32", tolerance=tol))
    return records + list(extra)


def unary_same(op: str, ref: Callable[[np.ndarray], Any], x: np.ndarray | None = None, grad: bool = True,
               int_input: np.ndarray | None = None, tolerance: dict | None = None) -> list[OpRecord]:
    """A dtype-preserving elementwise op: float32 (+gradient), float64, empty, and optionally ints."""
    x = arr((2, 3)) if x is None else x
    tol = tolerance or {}
    records = [
        R(op, "f32", x, ref=ref, dtype="same", grad=grad, tolerance=tol),
        R(op, "f64", x.astype("float64"), ref=ref, dtype="same", tolerance=tol),
        R(op, "empty", np.zeros((0, 3), "float32"), ref=ref, dtype="same"),
    ]
    if int_input is not None:
        records.append(R(op, "int", int_input, ref=ref, dtype="same"))
    return records


def binary(op: str, ref: Callable[[Any, Any], Any], rule: str = "promote", grad: bool = True,
           a: np.ndarray | None = None, b: np.ndarray | None = None, ints: bool = True,
           scalar: Any = 2, tolerance: dict | None = None) -> list[OpRecord]:
    """An elementwise binary op: float32 (+grad), broadcasting, int/float mix, Python scalar, float64."""
    a = arr((2, 3), seed=1) if a is None else a
    b = arr((2, 3), seed=2) if b is None else b
    tol = tolerance or {}
    records = [
        R(op, "f32", a, b, ref=ref, dtype=rule, grad=grad, tolerance=tol),
        R(op, "broadcast", a, b[0:1, :].reshape(3), ref=ref, dtype=rule, tolerance=tol),
        R(op, "f64", a.astype("float64"), b.astype("float64"), ref=ref, dtype=rule, tolerance=tol),
        R(op, "scalar", a, scalar, ref=ref, dtype=rule, dtype_from=(0, 1), tolerance=tol),
    ]
    if ints:
        ia = arr((2, 3), "int32", 1, 5, seed=3)
        ib = arr((2, 3), "int32", 1, 4, seed=4)
        records += [
            R(op, "int32", ia, ib, ref=ref, dtype=rule, tolerance=tol),
            R(op, "int-float", ia, b, ref=ref, dtype=rule, tolerance=tol),
            R(op, "int8-scalar", ia.astype("int8"), scalar, ref=lambda x, y, _r=ref: _r(x, np.asarray(y, x.dtype)),
              dtype=rule, dtype_from=(0, 1), tolerance=tol),
        ]
    return records


def bitwise(op: str, ref: Callable[[Any, Any], Any]) -> list[OpRecord]:
    """An integer binary op: int32, uint8, bool where meaningful, and Python scalars."""
    a = arr((2, 3), "int32", 0, 16, seed=1)
    b = arr((2, 3), "int32", 0, 4, seed=2)
    return [
        R(op, "int32", a, b, ref=ref, dtype="promote"),
        R(op, "uint8", a.astype("uint8"), b.astype("uint8"), ref=ref, dtype="promote"),
        R(op, "scalar", a.astype("int16"), 2, ref=lambda x, y: ref(x, np.asarray(y, x.dtype)), dtype="promote",
          dtype_from=(0, 1)),
    ]


def reduction(op: str, ref: Callable[..., Any], rule: str, grad: bool = True, x: np.ndarray | None = None,
              ints: bool = True, keepdims: bool = True, tolerance: dict | None = None) -> list[OpRecord]:
    """A reduction with ``axis``/``keepdims``: all, axis, negative axis, tuple axis, keepdims, ints."""
    x = arr((2, 3, 4)) if x is None else x
    tol = tolerance or {}
    records = [
        R(op, "all", x, ref=ref, dtype=rule, grad=grad, tolerance=tol),
        R(op, "axis1", x, kwargs={"axis": 1}, ref=ref, dtype=rule, grad=grad, tolerance=tol),
        R(op, "axis-neg", x, kwargs={"axis": -1}, ref=ref, dtype=rule, tolerance=tol),
        R(op, "axis-tuple", x, kwargs={"axis": (0, 2)}, ref=ref, dtype=rule, tolerance=tol),
        R(op, "f64", x.astype("float64"), kwargs={"axis": 0}, ref=ref, dtype=rule, tolerance=tol),
        bad(op, "axis", x, kwargs={"axis": 3}, match=("axis",)),
    ]
    if keepdims:
        records.append(R(op, "keepdims", x, kwargs={"axis": 1, "keepdims": True}, ref=ref, dtype=rule, tolerance=tol))
    if ints:
        xi = arr((3, 4), "int32", -5, 6, seed=5)
        records.append(R(op, "int32", xi, kwargs={"axis": 0}, ref=ref, dtype=rule, tolerance=tol))
    return records
