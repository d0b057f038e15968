"""Python numbers converted to an explicit integer dtype must fit it, on every backend.

``convert_to_tensor``, ``array``, ``full`` and ``full_like`` raise a clear error naming the value, the dtype,
the op and the backend when a Python int (or a Python float, truncated toward zero) is outside the dtype's range.
Before, numpy and jax raised while torch and tensorflow wrapped silently: ``convert_to_tensor(300, "uint8")``
gave 44, ``convert_to_tensor(2**63, "int64")`` gave ``-2**63`` on tensorflow. ``ops.cast`` still wraps on
purpose (tests/ops/test_cast_python_numbers.py), and arrays and tensors follow the cast rule.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import multikeras as mk
from multikeras import ops

FITS = [
    (255, "uint8", 255),
    (0, "uint8", 0),
    (-128, "int8", -128),
    (127, "int8", 127),
    (2**31 - 1, "int32", 2**31 - 1),
    (-(2**31), "int32", -(2**31)),
    (2**63 - 1, "int64", 2**63 - 1),
    (-(2**63), "int64", -(2**63)),
    (2**64 - 1, "uint64", 2**64 - 1),
    (True, "uint8", 1),
    (3.7, "int32", 3),  # floats are truncated toward zero, as NumPy does
    (-3.7, "int32", -3),
    (-0.5, "uint8", 0),
    ([1, 255], "uint8", [1, 255]),
    ([[0], [255]], "uint8", [[0], [255]]),
    ([1, 3.7], "int32", [1, 3]),
    (list(range(250, 256)) * 2, "uint8", list(range(250, 256)) * 2),  # long enough for the fast scan
]

# (value, dtype, the offending value as the message shows it)
OUT_OF_RANGE = [
    (300, "uint8", 300),
    (256, "uint8", 256),
    (-1, "uint8", -1),
    (-129, "int8", -129),
    (128, "int8", 128),
    (2**31, "int32", 2**31),
    (-(2**31) - 1, "int32", -(2**31) - 1),
    (2**63, "int64", 2**63),
    (-(2**63) - 1, "int64", -(2**63) - 1),
    (2**64, "uint64", 2**64),
    (-1, "uint64", -1),
    (70000, "int16", 70000),
    ([1, 300], "uint8", 300),
    ((1, 300), "uint8", 300),
    ([[1], [-1]], "uint8", -1),
    ([1, 2**31], "int32", 2**31),
    ([0] * 12 + [256], "uint8", 256),
    (300.0, "uint8", 300),
    (-1.5, "uint8", -1),
    (1e20, "int32", 10**20),
]


def _ids(cases: list[tuple]) -> list[str]:
    return [f"{str(value)[:24]}-{dtype}" for value, dtype, _ in cases]


def _conversions(value, dtype):
    """The ops that convert ``value`` to ``dtype`` the same way: name and call."""
    calls = [("convert_to_tensor", lambda: ops.convert_to_tensor(value, dtype)), ("array", lambda: ops.array(value, dtype))]
    if not isinstance(value, (list, tuple)):
        calls.append(("full", lambda: ops.full((2,), value, dtype)))
        calls.append(("full_like", lambda: ops.full_like(np.zeros(2, dtype), value)))
    return calls


@pytest.mark.parametrize("value, dtype, expected", FITS, ids=_ids(FITS))
def test_python_numbers_in_range_convert(backend_name, value, dtype, expected):
    with mk.backend.use(backend_name):
        for name, call in _conversions(value, dtype):
            out = call()
            assert mk.backend.standardize_dtype(out.dtype) == dtype, name
            result = ops.convert_to_numpy(out)
            want = np.asarray(expected, dtype) if name not in ("full", "full_like") else np.full((2,), expected, dtype)
            np.testing.assert_array_equal(result, want, err_msg=name)


@pytest.mark.parametrize("value, dtype, shown", OUT_OF_RANGE, ids=_ids(OUT_OF_RANGE))
def test_python_numbers_out_of_range_raise(backend_name, value, dtype, shown):
    with mk.backend.use(backend_name):
        for name, call in _conversions(value, dtype):
            where = re.escape(f"ops.{name} (backend '{backend_name}')")
            what = re.escape(f"Python integer {shown} out of bounds for {dtype}")
            with pytest.raises(ValueError, match=f"{where}.*{what}"):
                call()


@pytest.mark.parametrize("value", [float("nan"), float("inf"), [1.0, float("nan")]], ids=["nan", "inf", "list-nan"])
def test_non_finite_floats_to_int_raise(backend_name, value):
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match=r"cannot convert float (NaN|inf) to integer \(int32\)"):
            ops.convert_to_tensor(value, "int32")


def test_arrays_and_cast_still_wrap(backend_name):
    """The check is for Python numbers only: an array converts as a cast does, and ``cast`` wraps on purpose."""
    with mk.backend.use(backend_name):
        from_array = ops.convert_to_numpy(ops.convert_to_tensor(np.array([1, 300]), "uint8"))
        from_cast = ops.convert_to_numpy(ops.cast([1, 300], "uint8"))
    np.testing.assert_array_equal(from_array, np.array([1, 44], np.uint8))
    np.testing.assert_array_equal(from_cast, np.array([1, 44], np.uint8))


@pytest.mark.parametrize("low, high, dtype, expected", [
    (0, 300, "uint8", [0, 50, 200, 255]),  # no uint8 value is above 300: unchanged (not wrapped to 44)
    (-5, 100, "uint8", [0, 50, 100, 100]),
    (-200, 60, "int8", [-100, 50, 60, 60]),
    (2**40, 2**41, "int32", [2**31 - 1] * 4),  # every int32 is below the lower bound
], ids=["above-max", "below-min", "int8-both", "int32-both-above"])
def test_clip_python_bounds_outside_the_dtype(backend_name, low, high, dtype, expected):
    """``clip``'s Python-number bounds are clamped to the tensor's dtype range, so they neither raise nor wrap."""
    values = {"uint8": [0, 50, 200, 255], "int8": [-100, 50, 100, 127], "int32": [0, 1, 2**31 - 1, -(2**31)]}[dtype]
    with mk.backend.use(backend_name):
        out = ops.clip(ops.convert_to_tensor(np.array(values, dtype)), low, high)
        assert mk.backend.standardize_dtype(out.dtype) == dtype
        np.testing.assert_array_equal(ops.convert_to_numpy(out), np.array(expected, dtype))
