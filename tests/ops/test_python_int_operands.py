"""Python ints meeting integer tensors, inferred int dtypes and ``cast``: one rule on every backend.

* A Python int operand of an elementwise op takes the op's result dtype (the integer tensor's own dtype, int32
  for a bool tensor) and must fit it: ``add(uint8_tensor, 300)`` raises naming op, backend, value and dtype
  (NumPy 2 and Keras 3 on numpy raised; jax, torch and tensorflow wrapped 300 to 44).
* Comparisons compute the mathematically right answer instead (as NumPy 2 does): ``greater(uint8_tensor, -1)``
  is all True (jax, torch and tensorflow compared against -1 wrapped to 255 and said False).
* ``convert_to_tensor``/``array`` without a dtype infer int32 for Python ints; a value outside int32 raises
  (numpy and jax raised, torch and tensorflow gave 0 for 2**40 in a list).
* ``cast`` of a Python int wraps modulo 2**bits when the int is representable as int64 or uint64 and raises
  otherwise: ``cast(2**63, "int64")`` is -2**63 everywhere (it raised on three backends),
  ``cast(2**40, "int32")`` is 0 everywhere (numpy and jax raised).
* ``convert_to_tensor`` of an int beyond 64 bits with a float dtype rounds it, bfloat16 too (numpy, jax and
  tensorflow raised TypeError for bfloat16).
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import multikeras as mk
from multikeras import ops

# (op, tensor dtype, Python int, the int as the message shows it)
OVERFLOWING = [
    ("add", "uint8", 300),
    ("multiply", "int8", -200),
    ("subtract", "uint8", -1),
    ("maximum", "uint8", 300),
    ("minimum", "int16", -(2**15) - 1),
    ("add", "int32", 2**40),
    ("add", "bool", 2**40),  # a bool tensor and an int give int32
    ("add", "uint32", -1),
    ("add", "int64", 2**63),
    ("isclose", "uint8", 300),  # integers are compared in float64, but the int must fit first (torch did not check)
    ("allclose", "uint8", -1),
]


@pytest.mark.parametrize("name, dtype, value", OVERFLOWING, ids=[f"{n}-{d}-{v}" for n, d, v in OVERFLOWING])
@pytest.mark.parametrize("scalar_first", [False, True], ids=["tensor-int", "int-tensor"])
def test_python_int_out_of_the_tensor_dtype_raises(backend_name, name, dtype, value, scalar_first):
    with mk.backend.use(backend_name):
        x = ops.convert_to_tensor(np.array([1, 0], dtype))
        args = (value, x) if scalar_first else (x, value)
        where = re.escape(f"ops.{name} (backend '{backend_name}')")
        what = re.escape(f"{value} out of bounds for {'int32' if dtype == 'bool' else dtype}")
        with pytest.raises(ValueError, match=f"{where}.*{what}"):
            getattr(ops, name)(*args)


# (comparison, tensor dtype, Python int, result with the tensor first) for tensor values [0, 255] / [-128, 127]
COMPARISONS = [
    ("equal", "uint8", 300, [False, False]),
    ("not_equal", "uint8", 300, [True, True]),
    ("less", "uint8", 300, [True, True]),
    ("less_equal", "uint8", 256, [True, True]),
    ("greater", "uint8", -1, [True, True]),
    ("greater_equal", "uint8", -1, [True, True]),
    ("greater", "int8", 128, [False, False]),
    ("less", "int8", -129, [False, False]),
    ("equal", "int32", 2**40, [False, False]),
]
_FLIPPED = {"less": "greater", "greater": "less", "less_equal": "greater_equal", "greater_equal": "less_equal"}


@pytest.mark.parametrize(
    "name, dtype, value, expected", COMPARISONS, ids=[f"{n}-{d}-{v}" for n, d, v, _ in COMPARISONS]
)
def test_comparisons_with_out_of_range_ints_are_exact(backend_name, name, dtype, value, expected):
    info = np.iinfo(dtype)
    values = np.array([info.min, info.max], dtype)
    with mk.backend.use(backend_name):
        x = ops.convert_to_tensor(values)
        forward = ops.convert_to_numpy(getattr(ops, name)(x, value))
        backward = ops.convert_to_numpy(getattr(ops, _FLIPPED.get(name, name))(value, x))
    np.testing.assert_array_equal(forward, np.array(expected))
    np.testing.assert_array_equal(backward, np.array(expected))
    assert forward.dtype == np.bool_ and forward.shape == (2,)


@pytest.mark.parametrize(
    "value", [2**40, [1, 2**40], [[1], [-(2**31) - 1]], (1, 2**31)], ids=["scalar", "list", "nested", "tuple"]
)
def test_inferred_int32_must_hold_python_ints(backend_name, value):
    with mk.backend.use(backend_name):
        for name in ("convert_to_tensor", "array"):
            where = re.escape(f"ops.{name} (backend '{backend_name}')")
            with pytest.raises(ValueError, match=f"{where}.*out of bounds for int32"):
                getattr(ops, name)(value)


@pytest.mark.parametrize("value, dtype, expected", [
    (2**63, "int64", -(2**63)),
    (2**64 - 1, "int64", -1),
    (2**40 + 5, "int32", 5),
    ([1, 2**63], "int64", [1, -(2**63)]),
    ([[2**32 + 7]], "uint32", [[7]]),
], ids=["2**63-int64", "2**64-1-int64", "2**40-int32", "list-int64", "nested-uint32"])
def test_cast_wraps_ints_representable_in_64_bits(backend_name, value, dtype, expected):
    with mk.backend.use(backend_name):
        out = ops.cast(value, dtype)
        assert mk.backend.standardize_dtype(out.dtype) == dtype
        result = ops.convert_to_numpy(out)
    np.testing.assert_array_equal(result, np.array(expected, dtype))


@pytest.mark.parametrize(
    "value, dtype", [(2**64, "uint64"), (-(2**63) - 1, "int64"), ([1, 2**70], "int32")],
    ids=["2**64", "below-int64", "list-2**70"],
)
def test_cast_of_ints_beyond_64_bits_raises(backend_name, value, dtype):
    with mk.backend.use(backend_name):
        where = re.escape(f"ops.cast (backend '{backend_name}')")
        with pytest.raises(ValueError, match=f"{where}.*neither int64 nor uint64"):
            ops.cast(value, dtype)


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1, 2**70], ids=["2**63", "below-int64", "2**70"])
def test_ints_beyond_int64_with_float_tensors(backend_name, value):
    # The int takes the float dtype (NumPy 2: float32 + 2**70 is float32); jax parsed it as a weak int64 and raised.
    with mk.backend.use(backend_name):
        x = ops.convert_to_tensor(np.array([1.0, -2.0], "float32"))
        added = ops.add(x, value)
        assert mk.backend.standardize_dtype(added.dtype) == "float32"
        np.testing.assert_allclose(ops.convert_to_numpy(added), np.float32(value) + np.array([1.0, -2.0], "float32"))
        greater = ops.convert_to_numpy(ops.greater(x, value))
    np.testing.assert_array_equal(greater, [value < 0] * 2)


@pytest.mark.parametrize("operand", ["array", "scalar"])
def test_comparisons_of_numpy_operands_with_out_of_range_ints_are_exact(backend_name, operand):
    # NumPy arrays and scalars get the answer tensors get (the numpy backend answered, the others raised).
    values = np.array([0, 255], "uint8") if operand == "array" else np.uint8(7)
    with mk.backend.use(backend_name):
        above = ops.convert_to_numpy(ops.less(values, 300))
        below = ops.convert_to_numpy(ops.greater(-1, values))
        unequal = ops.convert_to_numpy(ops.not_equal(values, 2**70))
    shape = np.shape(values)
    np.testing.assert_array_equal(above, np.full(shape, True))
    np.testing.assert_array_equal(below, np.full(shape, False))
    np.testing.assert_array_equal(unequal, np.full(shape, True))
    assert above.dtype == np.bool_


def test_native_tensorflow_variables_compare_exactly():
    # A tf.Variable is accepted by the ops like a tensor; its comparisons with an out-of-range int raised.
    # (The tensorflow backend's native variable: the test has no counterpart on the other backends.)
    import tensorflow as tf

    with mk.backend.use("tensorflow"):
        weights = tf.Variable(np.array([0, 255], "uint8"))
        above = ops.convert_to_numpy(ops.less(weights, 300))
        below = ops.convert_to_numpy(ops.less(300, weights))
    np.testing.assert_array_equal(above, [True, True])
    np.testing.assert_array_equal(below, [False, False])


@pytest.mark.parametrize("dtype", ["bfloat16", "float32", "float64"])
@pytest.mark.parametrize("value", [2**70, [1, -(3 * 2**66)], [[2**64], [-2]]], ids=["2**70", "list", "nested"])
def test_ints_beyond_64_bits_convert_to_float_dtypes(backend_name, value, dtype):
    # Every value here is exact in bfloat16. numpy, jax and tensorflow raised TypeError for bfloat16 (torch did not).
    with mk.backend.use(backend_name):
        out = ops.convert_to_tensor(value, dtype)
        assert mk.backend.standardize_dtype(out.dtype) == dtype
        result = ops.convert_to_numpy(out).astype("float64")
    np.testing.assert_array_equal(result, np.array(value, dtype="float64"))


def test_ints_beyond_64_bits_with_bfloat16_tensors(backend_name):
    # tensorflow raised ("out-of-range integer"); 2**70 is exact in bfloat16.
    with mk.backend.use(backend_name):
        added = ops.add(ops.ones((2,), "bfloat16"), 2**70)
        assert mk.backend.standardize_dtype(added.dtype) == "bfloat16"
        result = ops.convert_to_numpy(added).astype("float64")
    np.testing.assert_array_equal(result, [2.0**70] * 2)
