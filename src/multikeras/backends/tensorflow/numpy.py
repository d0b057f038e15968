"""NumPy-like ops of the TensorFlow backend.

TensorFlow does no implicit dtype promotion: binary ops first check for the
common case (two tensors of one dtype) and call TensorFlow directly; every
other case goes through :func:`promote`, which applies the contract's
promotion table. Ops avoid reading tensor values in Python so that they run
inside ``tf.function``.
"""

from __future__ import annotations

import builtins
import operator
import math as _pymath
from typing import Any

import numpy as np
import tensorflow as tf
import tensorflow.experimental.numpy as tnp

from multikeras.backend import config, dtypes
from multikeras.backends.tensorflow.core import (
    CANONICAL,
    INDEX,
    TENSOR_TYPES,
    TF_DTYPES,
    cast,
    convert_to_tensor,
    scalar,
    dynamic_shape,
    floatx_tf,
    promote,
    to_float,
    to_tf_dtype,
)
from multikeras.state.variable import Variable

_t = convert_to_tensor
_SMALL_INTS = (tf.int8, tf.int16, tf.uint8, tf.uint16, tf.uint32, tf.uint64)
_UNSIGNED = (tf.uint8, tf.uint16, tf.uint32, tf.uint64)
_HALF = (tf.float16, tf.bfloat16)


def _rank(x: tf.Tensor) -> int:
    return x.shape.rank


def _axes(axis: Any, ndim: int) -> list[int] | None:
    """Normalized, validated axes; ``None`` means every axis."""
    if axis is None:
        return None
    items = list(axis) if isinstance(axis, (list, tuple)) else [axis]
    bound = builtins.max(ndim, 1)
    out = []
    for item in items:
        try:
            item = operator.index(item)
        except TypeError:
            raise TypeError(f"axis must be an integer or a tuple of integers, received {item!r}") from None
        if not -bound <= item < bound:
            raise ValueError(f"axis {item} is out of bounds for an array of rank {ndim}")
        out.append(item % bound)
    if len(set(out)) != len(out):
        raise ValueError(f"repeated axis in {axis!r}")
    return out


def _axis(axis: Any, ndim: int) -> int:
    return _axes(axis, ndim)[0]


def _same(x1: Any, x2: Any) -> bool:
    return type(x1) in TENSOR_TYPES and type(x2) in TENSOR_TYPES and x1.dtype == x2.dtype


def _wide_int(dtype: tf.DType) -> tf.DType:
    return tf.int64 if dtype in (tf.uint32, tf.uint64, tf.int64) else tf.int32


def _float_args(*values: Any) -> list[tf.Tensor]:
    target = to_tf_dtype(dtypes.float_result(*values))
    return [_t(v, target) for v in values]


def _unary_float(fn: Any, x: Any) -> tf.Tensor:
    if type(x) in TENSOR_TYPES and (x.dtype.is_floating or x.dtype.is_complex):
        return fn(x)
    return fn(to_float(x))


# ---------------------------------------------------------------- arithmetic


def add(x1: Any, x2: Any) -> tf.Tensor:
    if _same(x1, x2):
        return tf.add(x1, x2) if x1.dtype != tf.bool else tf.logical_or(x1, x2)
    x1, x2 = promote(x1, x2)
    if x1.dtype == tf.bool:
        return tf.logical_or(x1, x2)
    return tf.add(x1, x2)


def subtract(x1: Any, x2: Any) -> tf.Tensor:
    if _same(x1, x2) and x1.dtype != tf.bool:
        return tf.subtract(x1, x2)
    x1, x2 = promote(x1, x2)
    if x1.dtype == tf.bool:
        raise TypeError("subtract: boolean subtraction is not supported; cast the inputs to an integer dtype")
    return tf.subtract(x1, x2)


def multiply(x1: Any, x2: Any) -> tf.Tensor:
    if _same(x1, x2) and x1.dtype != tf.bool:
        return tf.multiply(x1, x2)
    x1, x2 = promote(x1, x2)
    if x1.dtype == tf.bool:
        return tf.logical_and(x1, x2)
    return tf.multiply(x1, x2)


def divide(x1: Any, x2: Any) -> tf.Tensor:
    if _same(x1, x2) and (x1.dtype.is_floating or x1.dtype.is_complex):
        return tf.divide(x1, x2)
    x1, x2 = _float_args(x1, x2)
    return tf.divide(x1, x2)


def true_divide(x1: Any, x2: Any) -> tf.Tensor:
    return divide(x1, x2)


def divide_no_nan(x1: Any, x2: Any) -> tf.Tensor:
    x1, x2 = _float_args(x1, x2)
    return tf.math.divide_no_nan(x1, x2)


def _int_compute(x1: tf.Tensor, x2: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor, tf.DType | None]:
    """Small ints and bools go through a wider int where TF has no kernel."""
    if x1.dtype == tf.bool or x1.dtype in _SMALL_INTS:
        wide = _wide_int(x1.dtype)
        return tf.cast(x1, wide), tf.cast(x2, wide), x1.dtype
    return x1, x2, None


def floor_divide(x1: Any, x2: Any) -> tf.Tensor:
    x1, x2 = promote(x1, x2)
    a, b, back = _int_compute(x1, x2)
    if a.dtype.is_integer:
        out = tf.math.floordiv(a, tf.where(tf.equal(b, 0), tf.ones_like(b), b))
        out = tf.where(tf.equal(b, 0), tf.zeros_like(out), out)
    else:
        out = tf.math.floordiv(a, b)
    if back is not None:
        out = tf.cast(out, back if back != tf.bool else tf.int8)
    return out


def mod(x1: Any, x2: Any) -> tf.Tensor:
    x1, x2 = promote(x1, x2)
    a, b, back = _int_compute(x1, x2)
    if a.dtype.is_integer:
        safe = tf.where(tf.equal(b, 0), tf.ones_like(b), b)
        out = tf.where(tf.equal(b, 0), tf.zeros_like(a), tf.math.floormod(a, safe))
    else:
        out = tf.math.floormod(a, b)
    if back is not None:
        out = tf.cast(out, back if back != tf.bool else tf.int8)
    return out


def fmod(x1: Any, x2: Any) -> tf.Tensor:
    x1, x2 = promote(x1, x2)
    if x1.dtype in _HALF:
        return tf.cast(tf.truncatemod(tf.cast(x1, tf.float32), tf.cast(x2, tf.float32)), x1.dtype)
    a, b, back = _int_compute(x1, x2)
    if a.dtype.is_integer:
        safe = tf.where(tf.equal(b, 0), tf.ones_like(b), b)
        out = tf.where(tf.equal(b, 0), tf.zeros_like(a), tf.truncatemod(a, safe))
    else:
        out = tf.truncatemod(a, b)
    if back is not None:
        out = tf.cast(out, back if back != tf.bool else tf.int8)
    return out


def power(x1: Any, x2: Any) -> tf.Tensor:
    x1, x2 = promote(x1, x2)
    if x1.dtype == tf.bool:
        return tf.cast(tf.pow(tf.cast(x1, tf.int32), tf.cast(x2, tf.int32)), tf.int8) > 0
    a, b, back = _int_compute(x1, x2)
    out = tf.pow(a, b)
    return tf.cast(out, back) if back is not None else out


def maximum(x1: Any, x2: Any) -> tf.Tensor:
    if not _same(x1, x2):
        x1, x2 = promote(x1, x2)
    if x1.dtype == tf.bool:
        return tf.logical_or(x1, x2)
    if x1.dtype.is_floating:
        # NaN propagates, as in NumPy.
        return tf.where(tf.math.is_nan(x1) | tf.math.is_nan(x2), x1 + x2, tf.maximum(x1, x2))
    return tf.maximum(x1, x2)


def minimum(x1: Any, x2: Any) -> tf.Tensor:
    if not _same(x1, x2):
        x1, x2 = promote(x1, x2)
    if x1.dtype == tf.bool:
        return tf.logical_and(x1, x2)
    if x1.dtype.is_floating:
        return tf.where(tf.math.is_nan(x1) | tf.math.is_nan(x2), x1 + x2, tf.minimum(x1, x2))
    return tf.minimum(x1, x2)


def fmax(x1: Any, x2: Any) -> tf.Tensor:
    x1, x2 = promote(x1, x2)
    if x1.dtype == tf.bool:
        return tf.logical_or(x1, x2)
    if x1.dtype.is_floating:
        return tf.where(tf.math.is_nan(x1), x2, tf.where(tf.math.is_nan(x2), x1, tf.maximum(x1, x2)))
    return tf.maximum(x1, x2)


def fmin(x1: Any, x2: Any) -> tf.Tensor:
    x1, x2 = promote(x1, x2)
    if x1.dtype == tf.bool:
        return tf.logical_and(x1, x2)
    if x1.dtype.is_floating:
        return tf.where(tf.math.is_nan(x1), x2, tf.where(tf.math.is_nan(x2), x1, tf.minimum(x1, x2)))
    return tf.minimum(x1, x2)


def negative(x: Any) -> tf.Tensor:
    x = _t(x)
    if x.dtype == tf.bool:
        raise TypeError("negative: not supported for bool inputs")
    if x.dtype in _UNSIGNED:
        return tf.cast(tf.negative(tf.cast(x, tf.int64)), x.dtype)
    return tf.negative(x)


def abs(x: Any) -> tf.Tensor:
    x = _t(x)
    if x.dtype == tf.bool or x.dtype in _UNSIGNED:
        return x
    return tf.abs(x)


def absolute(x: Any) -> tf.Tensor:
    return abs(x)


def fabs(x: Any) -> tf.Tensor:
    return tf.abs(to_float(x))


def square(x: Any) -> tf.Tensor:
    x = _t(x)
    if x.dtype == tf.bool:
        x = tf.cast(x, tf.int32)
    return tf.square(x) if x.dtype not in _UNSIGNED else x * x


def sqrt(x: Any) -> tf.Tensor:
    return _unary_float(tf.sqrt, x)


def reciprocal(x: Any) -> tf.Tensor:
    x = _t(x)
    if x.dtype.is_floating or x.dtype.is_complex:
        return tf.math.reciprocal(x)
    # Integer reciprocal truncates, as NumPy does (1 / 0 gives 0).
    if x.dtype == tf.bool:
        x = tf.cast(x, tf.int8)
    wide = tf.cast(x, _wide_int(x.dtype))
    safe = tf.where(tf.equal(wide, 0), tf.ones_like(wide), wide)
    out = tf.where(tf.equal(wide, 0), tf.zeros_like(wide), tf.truncatediv(tf.ones_like(wide), safe))
    return tf.cast(out, x.dtype)


def sign(x: Any) -> tf.Tensor:
    x = _t(x)
    if x.dtype == tf.bool:
        raise TypeError("sign: not supported for bool inputs")
    if x.dtype in _UNSIGNED:
        return tf.cast(x > 0, x.dtype)
    if x.dtype in (tf.int8, tf.int16):
        return tf.cast(tf.sign(tf.cast(x, tf.int32)), x.dtype)
    return tf.sign(x)


def signbit(x: Any) -> tf.Tensor:
    x = _t(x)
    if x.dtype == tf.bool or x.dtype in _UNSIGNED:
        return tf.zeros_like(x, dtype=tf.bool)
    if x.dtype.is_floating:
        # -0.0 and -nan have the sign bit set.
        wide = tf.cast(x, tf.float32) if x.dtype in _HALF else x
        bits = tf.bitcast(wide, tf.int32 if wide.dtype == tf.float32 else tf.int64)
        return bits < 0
    return x < 0


def exp(x: Any) -> tf.Tensor:
    return _unary_float(tf.exp, x)


def exp2(x: Any) -> tf.Tensor:
    x = to_float(x)
    return tf.pow(tf.constant(2, x.dtype), x)


def expm1(x: Any) -> tf.Tensor:
    return _unary_float(tf.math.expm1, x)


def log(x: Any) -> tf.Tensor:
    return _unary_float(tf.math.log, x)


def log10(x: Any) -> tf.Tensor:
    x = to_float(x)
    return tf.math.log(x) / tf.math.log(tf.constant(10, x.dtype))


def log1p(x: Any) -> tf.Tensor:
    return _unary_float(tf.math.log1p, x)


def log2(x: Any) -> tf.Tensor:
    x = to_float(x)
    return tf.math.log(x) / tf.math.log(tf.constant(2, x.dtype))


def logaddexp(x1: Any, x2: Any) -> tf.Tensor:
    x1, x2 = _float_args(x1, x2)
    high = tf.maximum(x1, x2)
    low = tf.minimum(x1, x2)
    out = high + tf.math.log1p(tf.exp(low - high))
    return tf.where(tf.math.is_inf(high) & tf.equal(x1, x2), x1, out)


def logaddexp2(x1: Any, x2: Any) -> tf.Tensor:
    x1, x2 = _float_args(x1, x2)
    ln2 = tf.constant(_pymath.log(2), x1.dtype)
    return logaddexp(x1 * ln2, x2 * ln2) / ln2


def sin(x: Any) -> tf.Tensor:
    return _unary_float(tf.sin, x)


def cos(x: Any) -> tf.Tensor:
    return _unary_float(tf.cos, x)


def tan(x: Any) -> tf.Tensor:
    return _unary_float(tf.tan, x)


def arcsin(x: Any) -> tf.Tensor:
    return _unary_float(tf.asin, x)


def arccos(x: Any) -> tf.Tensor:
    return _unary_float(tf.acos, x)


def arctan(x: Any) -> tf.Tensor:
    return _unary_float(tf.atan, x)


def arctan2(x1: Any, x2: Any) -> tf.Tensor:
    x1, x2 = _float_args(x1, x2)
    return tf.atan2(x1, x2)


def sinh(x: Any) -> tf.Tensor:
    return _unary_float(tf.sinh, x)


def cosh(x: Any) -> tf.Tensor:
    return _unary_float(tf.cosh, x)


def tanh(x: Any) -> tf.Tensor:
    return _unary_float(tf.tanh, x)


def arcsinh(x: Any) -> tf.Tensor:
    return _unary_float(tf.asinh, x)


def arccosh(x: Any) -> tf.Tensor:
    return _unary_float(tf.acosh, x)


def arctanh(x: Any) -> tf.Tensor:
    return _unary_float(tf.atanh, x)


def sinc(x: Any) -> tf.Tensor:
    x = to_float(x)
    pi_x = x * tf.constant(np.pi, x.dtype)
    safe = tf.where(tf.equal(x, 0), tf.ones_like(pi_x), pi_x)
    return tf.where(tf.equal(x, 0), tf.ones_like(x), tf.sin(safe) / safe)


def cbrt(x: Any) -> tf.Tensor:
    x = to_float(x)
    return tf.sign(x) * tf.pow(tf.abs(x), tf.constant(1.0 / 3.0, x.dtype))


def deg2rad(x: Any) -> tf.Tensor:
    x = to_float(x)
    return x * tf.constant(np.pi / 180.0, x.dtype)


def rad2deg(x: Any) -> tf.Tensor:
    x = to_float(x)
    return x * tf.constant(180.0 / np.pi, x.dtype)


def hypot(x1: Any, x2: Any) -> tf.Tensor:
    x1, x2 = _float_args(x1, x2)
    a, b = tf.abs(x1), tf.abs(x2)
    high, low = tf.maximum(a, b), tf.minimum(a, b)
    safe = tf.where(tf.equal(high, 0), tf.ones_like(high), high)
    ratio = low / safe
    out = high * tf.sqrt(1 + ratio * ratio)
    return tf.where(tf.math.is_inf(a) | tf.math.is_inf(b), tf.constant(np.inf, x1.dtype), out)


def i0(x: Any) -> tf.Tensor:
    x = to_float(x)
    return tf.math.bessel_i0(x)


def ceil(x: Any) -> tf.Tensor:
    return tf.math.ceil(to_float(x))


def floor(x: Any) -> tf.Tensor:
    return tf.math.floor(to_float(x))


def trunc(x: Any) -> tf.Tensor:
    x = _t(x)
    if x.dtype.is_floating:
        return tf.where(x < 0, tf.math.ceil(x), tf.math.floor(x))
    return x


def round(x: Any, decimals: int = 0) -> tf.Tensor:
    x = _t(x)
    if x.dtype.is_floating:
        if decimals == 0:
            return tf.round(x)
        work = tf.cast(x, tf.float32) if x.dtype in _HALF else x
        factor = tf.constant(10.0 ** decimals, work.dtype)
        return tf.cast(tf.round(work * factor) / factor, x.dtype)
    if decimals >= 0 or x.dtype == tf.bool:
        return x
    factor = 10 ** (-decimals)
    work = tf.cast(x, tf.float64)
    return tf.cast(tf.round(work / factor) * factor, x.dtype)


def nextafter(x1: Any, x2: Any) -> tf.Tensor:
    x1, x2 = _float_args(x1, x2)
    if x1.dtype in (tf.float32, tf.float64):
        return tf.math.nextafter(x1, x2)
    return tf.cast(tf.math.nextafter(tf.cast(x1, tf.float32), tf.cast(x2, tf.float32)), x1.dtype)


def ldexp(x1: Any, x2: Any) -> tf.Tensor:
    x2 = _t(x2)
    if not (x2.dtype.is_integer or x2.dtype == tf.bool):
        raise TypeError(f"ldexp: expected an integer exponent `x2`, received dtype {CANONICAL[x2.dtype]}")
    x1 = to_float(x1)
    name = dtypes.result_type(x1, x2) if not dtypes.is_float(dtypes.result_type(x1.dtype, x2.dtype)) else dtypes.result_type(x1.dtype, x2.dtype)
    x1 = cast(x1, name)
    return x1 * tf.pow(tf.constant(2, x1.dtype), tf.cast(x2, x1.dtype))


def heaviside(x1: Any, x2: Any) -> tf.Tensor:
    x1, x2 = _float_args(x1, x2) if not dtypes.is_float(dtypes.result_type(x1, x2)) else promote(x1, x2)
    return tf.where(x1 < 0, tf.zeros_like(x1), tf.where(x1 > 0, tf.ones_like(x1), x2))


def gcd(x1: Any, x2: Any) -> tf.Tensor:
    x1, x2 = promote(x1, x2)
    if not x1.dtype.is_integer:
        raise TypeError(f"gcd: expected integer inputs, received dtype {CANONICAL[x1.dtype]}")
    a, b, back = _int_compute(tf.abs(x1) if x1.dtype not in _UNSIGNED else x1, tf.abs(x2) if x2.dtype not in _UNSIGNED else x2)
    a, b = tf.broadcast_to(a, tf.broadcast_dynamic_shape(tf.shape(a), tf.shape(b))), b
    b = tf.broadcast_to(b, tf.shape(a))

    def body(a: tf.Tensor, b: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
        safe = tf.where(tf.equal(b, 0), tf.ones_like(b), b)
        return tf.where(tf.equal(b, 0), a, b), tf.where(tf.equal(b, 0), b, tf.math.floormod(a, safe))

    a, _ = tf.while_loop(lambda a, b: tf.reduce_any(tf.not_equal(b, 0)), body, (a, b))
    return tf.cast(a, back) if back is not None else a


def lcm(x1: Any, x2: Any) -> tf.Tensor:
    x1, x2 = promote(x1, x2)
    divisor = gcd(x1, x2)
    a, b, back = _int_compute(x1, x2)
    d = tf.cast(divisor, a.dtype)
    safe = tf.where(tf.equal(d, 0), tf.ones_like(d), d)
    out = tf.abs(a * tf.math.floordiv(b, safe)) if a.dtype not in _UNSIGNED else a * (b // safe)
    out = tf.where(tf.equal(d, 0), tf.zeros_like(out), out)
    return tf.cast(out, back) if back is not None else out


def angle(x: Any) -> tf.Tensor:
    x = _t(x)
    if x.dtype.is_complex:
        return tf.math.angle(x)
    x = to_float(x)
    out = tf.where(x < 0, tf.constant(np.pi, x.dtype), tf.zeros_like(x))
    return tf.where(tf.math.is_nan(x), x, out)


def conj(x: Any) -> tf.Tensor:
    x = _t(x)
    return tf.math.conj(x) if x.dtype.is_complex else x


def conjugate(x: Any) -> tf.Tensor:
    return conj(x)


def real(x: Any) -> tf.Tensor:
    x = _t(x)
    return tf.math.real(x) if x.dtype.is_complex else x


def imag(x: Any) -> tf.Tensor:
    x = _t(x)
    return tf.math.imag(x) if x.dtype.is_complex else tf.zeros_like(x)


def isreal(x: Any) -> tf.Tensor:
    x = _t(x)
    if x.dtype.is_complex:
        return tf.equal(tf.math.imag(x), 0)
    return tf.ones_like(x, dtype=tf.bool)


def copy(x: Any) -> tf.Tensor:
    return tf.identity(_t(x))


# ------------------------------------------------------------------ bitwise


def _bitwise_args(x: Any, y: Any) -> list[tf.Tensor]:
    x, y = promote(x, y)
    if not (x.dtype.is_integer or x.dtype == tf.bool):
        raise TypeError(f"bitwise ops expect integer or bool inputs, received {CANONICAL[x.dtype]}")
    return [x, y]


def bitwise_and(x: Any, y: Any) -> tf.Tensor:
    x, y = _bitwise_args(x, y)
    return tf.logical_and(x, y) if x.dtype == tf.bool else tf.bitwise.bitwise_and(x, y)


def bitwise_or(x: Any, y: Any) -> tf.Tensor:
    x, y = _bitwise_args(x, y)
    return tf.logical_or(x, y) if x.dtype == tf.bool else tf.bitwise.bitwise_or(x, y)


def bitwise_xor(x: Any, y: Any) -> tf.Tensor:
    x, y = _bitwise_args(x, y)
    return tf.math.logical_xor(x, y) if x.dtype == tf.bool else tf.bitwise.bitwise_xor(x, y)


def bitwise_invert(x: Any) -> tf.Tensor:
    x = _t(x)
    if x.dtype == tf.bool:
        return tf.logical_not(x)
    if not x.dtype.is_integer:
        raise TypeError(f"bitwise_invert: expected integer or bool input, received {CANONICAL[x.dtype]}")
    return tf.bitwise.invert(x)


def bitwise_not(x: Any) -> tf.Tensor:
    return bitwise_invert(x)


def _shift_args(x: Any, y: Any) -> list[tf.Tensor]:
    x, y = promote(x, y)
    if x.dtype == tf.bool:
        x, y = tf.cast(x, tf.int8), tf.cast(y, tf.int8)
    if not x.dtype.is_integer:
        raise TypeError(f"shift ops expect integer inputs, received {CANONICAL[x.dtype]}")
    return [x, y]


def bitwise_left_shift(x: Any, y: Any) -> tf.Tensor:
    x, y = _shift_args(x, y)
    bits = x.dtype.size * 8
    out = tf.bitwise.left_shift(x, tf.clip_by_value(y, tf.zeros_like(y), scalar(bits - 1, y.dtype)))
    return tf.where((y >= bits) | (y < 0), tf.zeros_like(x), out)


def bitwise_right_shift(x: Any, y: Any) -> tf.Tensor:
    x, y = _shift_args(x, y)
    bits = x.dtype.size * 8
    clipped = tf.clip_by_value(y, tf.zeros_like(y), scalar(bits - 1, y.dtype))
    return tf.bitwise.right_shift(x, clipped)


def left_shift(x: Any, y: Any) -> tf.Tensor:
    return bitwise_left_shift(x, y)


def right_shift(x: Any, y: Any) -> tf.Tensor:
    return bitwise_right_shift(x, y)


def logical_and(x1: Any, x2: Any) -> tf.Tensor:
    return tf.logical_and(_t(x1, tf.bool) if not _is_bool(x1) else _t(x1), _as_bool(x2))


def _is_bool(x: Any) -> bool:
    return type(x) in TENSOR_TYPES and x.dtype == tf.bool


def _as_bool(x: Any) -> tf.Tensor:
    x = _t(x)
    if x.dtype == tf.bool:
        return x
    return tf.not_equal(x, tf.zeros([], x.dtype))


def logical_or(x1: Any, x2: Any) -> tf.Tensor:
    return tf.logical_or(_as_bool(x1), _as_bool(x2))


def logical_xor(x1: Any, x2: Any) -> tf.Tensor:
    return tf.math.logical_xor(_as_bool(x1), _as_bool(x2))


def logical_not(x: Any) -> tf.Tensor:
    return tf.logical_not(_as_bool(x))


# -------------------------------------------------------------- comparisons


_COMPARISON_NAMES = {tf.equal: "equal", tf.not_equal: "not_equal", tf.greater: "greater",
                     tf.greater_equal: "greater_equal", tf.less: "less", tf.less_equal: "less_equal"}


def _exact_comparison(fn: Any, x1: Any, x2: Any) -> tf.Tensor | None:
    """All-True or all-False for a tensor compared with a Python int outside its dtype; ``None`` otherwise."""
    if isinstance(x1, Variable):  # a layer's weights
        x1 = x1.value
    if isinstance(x2, Variable):
        x2 = x2.value
    # A native tf.Variable is read like a multikeras one (tf.Variable is no tensor type; promote would raise).
    if isinstance(x1, tf.Variable):
        x1 = tf.convert_to_tensor(x1)
    if isinstance(x2, tf.Variable):
        x2 = tf.convert_to_tensor(x2)
    if type(x2) is int and type(x1) in TENSOR_TYPES:
        tensor, answer = x1, dtypes.python_int_comparison(_COMPARISON_NAMES[fn], CANONICAL[x1.dtype], x2)
    elif type(x1) is int and type(x2) in TENSOR_TYPES:
        tensor, answer = x2, dtypes.python_int_comparison(_COMPARISON_NAMES[fn], CANONICAL[x2.dtype], x1, True)
    # NumPy arrays and scalars too: converted, they would raise for the int (the numpy backend answers exactly).
    elif type(x2) is int and isinstance(x1, (np.ndarray, np.generic)):
        tensor, answer = x1, dtypes.python_int_comparison(_COMPARISON_NAMES[fn], dtypes.standardize_dtype(x1.dtype), x2)
    elif type(x1) is int and isinstance(x2, (np.ndarray, np.generic)):
        tensor, answer = x2, dtypes.python_int_comparison(_COMPARISON_NAMES[fn], dtypes.standardize_dtype(x2.dtype), x1,
                                                          True)
    else:
        return None
    if answer is None:
        return None
    return tf.fill(tf.shape(tensor) if type(tensor) in TENSOR_TYPES else list(tensor.shape), answer)


def _compare(fn: Any, x1: Any, x2: Any) -> tf.Tensor:
    if not _same(x1, x2):
        exact = _exact_comparison(fn, x1, x2)
        if exact is not None:
            return exact
        x1, x2 = promote(x1, x2)
    if x1.dtype == tf.bool and fn not in (tf.equal, tf.not_equal):
        x1, x2 = tf.cast(x1, tf.int8), tf.cast(x2, tf.int8)
    return fn(x1, x2)


def equal(x1: Any, x2: Any) -> tf.Tensor:
    return _compare(tf.equal, x1, x2)


def not_equal(x1: Any, x2: Any) -> tf.Tensor:
    return _compare(tf.not_equal, x1, x2)


def greater(x1: Any, x2: Any) -> tf.Tensor:
    return _compare(tf.greater, x1, x2)


def greater_equal(x1: Any, x2: Any) -> tf.Tensor:
    return _compare(tf.greater_equal, x1, x2)


def less(x1: Any, x2: Any) -> tf.Tensor:
    return _compare(tf.less, x1, x2)


def less_equal(x1: Any, x2: Any) -> tf.Tensor:
    return _compare(tf.less_equal, x1, x2)


def _close(x1: Any, x2: Any, rtol: float, atol: float, equal_nan: bool) -> tf.Tensor:
    x1, x2 = promote(x1, x2)
    if not (x1.dtype.is_floating or x1.dtype.is_complex):
        x1, x2 = tf.cast(x1, floatx_tf() if x1.dtype != tf.int64 else tf.float64), tf.cast(x2, floatx_tf() if x2.dtype != tf.int64 else tf.float64)
    diff = tf.abs(x1 - x2)
    bound = scalar(atol, diff.dtype) + scalar(rtol, diff.dtype) * tf.abs(x2)
    close = diff <= bound
    if x1.dtype.is_floating:
        both_inf = tf.math.is_inf(x1) & tf.math.is_inf(x2)
        close = tf.where(both_inf | tf.math.is_inf(x1) | tf.math.is_inf(x2), tf.equal(x1, x2), close)
        if equal_nan:
            close = close | (tf.math.is_nan(x1) & tf.math.is_nan(x2))
    return close


def isclose(x1: Any, x2: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> tf.Tensor:
    return _close(x1, x2, rtol, atol, equal_nan)


def allclose(x1: Any, x2: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> tf.Tensor:
    return tf.reduce_all(_close(x1, x2, rtol, atol, equal_nan))


def isfinite(x: Any) -> tf.Tensor:
    x = _t(x)
    if x.dtype.is_floating:
        return tf.math.is_finite(x)
    if x.dtype.is_complex:
        return tf.math.is_finite(tf.math.real(x)) & tf.math.is_finite(tf.math.imag(x))
    return tf.ones_like(x, dtype=tf.bool)


def isinf(x: Any) -> tf.Tensor:
    x = _t(x)
    if x.dtype.is_floating:
        return tf.math.is_inf(x)
    if x.dtype.is_complex:
        return tf.math.is_inf(tf.math.real(x)) | tf.math.is_inf(tf.math.imag(x))
    return tf.zeros_like(x, dtype=tf.bool)


def isnan(x: Any) -> tf.Tensor:
    x = _t(x)
    if x.dtype.is_floating:
        return tf.math.is_nan(x)
    if x.dtype.is_complex:
        return tf.math.is_nan(tf.math.real(x)) | tf.math.is_nan(tf.math.imag(x))
    return tf.zeros_like(x, dtype=tf.bool)


def isneginf(x: Any) -> tf.Tensor:
    x = _t(x)
    if x.dtype.is_floating:
        return tf.math.is_inf(x) & (x < 0)
    return tf.zeros_like(x, dtype=tf.bool)


def isposinf(x: Any) -> tf.Tensor:
    x = _t(x)
    if x.dtype.is_floating:
        return tf.math.is_inf(x) & (x > 0)
    return tf.zeros_like(x, dtype=tf.bool)


def isin(x1: Any, x2: Any, assume_unique: bool = False, invert: bool = False) -> tf.Tensor:
    x1, x2 = promote(x1, x2)
    flat2 = tf.reshape(x2, [-1])
    found = tf.reduce_any(tf.equal(tf.expand_dims(x1, -1), flat2), axis=-1)
    return tf.logical_not(found) if invert else found


# ------------------------------------------------------------ linear algebra


def _matmul_cast(x1: tf.Tensor, x2: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor, tf.DType | None]:
    if x1.dtype == tf.bool or x1.dtype in (tf.int8, tf.int16, tf.uint8, tf.uint16, tf.uint32, tf.uint64):
        wide = _wide_int(x1.dtype)
        return tf.cast(x1, wide), tf.cast(x2, wide), x1.dtype
    return x1, x2, None


_FAST_MATMUL = frozenset((tf.float16, tf.bfloat16, tf.float32, tf.float64, tf.int32, tf.int64))


def _matmul_by_matrix(a: tf.Tensor, b: tf.Tensor) -> tf.Tensor:
    """``a (..., k) @ b (k, n)`` with ``a`` of rank 3 or more, as one 2-D ``MatMul`` on ``a`` seen as rows.

    ``tf.matmul`` would run a batched product against ``b`` broadcast over ``a``'s batch axes, whose
    gradient for ``b`` is one product per batch entry then a sum over them; flattening the rows gives
    a single product forward and a single product per gradient (as a dense layer on sequences needs).
    """
    lead = a.shape[:-1]
    if lead.is_fully_defined() and a.shape[-1] is not None and b.shape[-1] is not None:
        rows = int(np.prod(lead.as_list(), dtype=np.int64))
        out = tf.matmul(tf.reshape(a, [rows, a.shape[-1]]), b)
        return tf.reshape(out, lead.as_list() + [b.shape[-1]])
    dynamic = tf.shape(a)
    out = tf.matmul(tf.reshape(a, tf.stack([tf.reduce_prod(dynamic[:-1]), dynamic[-1]])), b)
    out = tf.reshape(out, tf.concat([dynamic[:-1], tf.shape(b)[-1:]], 0))
    out.set_shape(lead.concatenate(b.shape[-1:]))  # keep what is known statically through the reshape
    return out


def matmul(x1: Any, x2: Any) -> tf.Tensor:
    if _same(x1, x2) and x1.dtype in _FAST_MATMUL and x2.ndim >= 2:
        if x1.ndim == x2.ndim:
            return tf.matmul(x1, x2)  # the common case: equal dtypes and ranks, nothing to promote or broadcast
        if x2.ndim == 2 and x1.ndim > 2:
            return _matmul_by_matrix(x1, x2)  # a dense layer on sequences or images
    if not _same(x1, x2):
        x1, x2 = promote(x1, x2)
    if x1.shape.rank == 0 or x2.shape.rank == 0:
        raise ValueError("matmul: inputs must have at least one dimension, received a scalar")
    a, b, back = _matmul_cast(x1, x2)
    if a.shape.rank == 1 and b.shape.rank == 1:
        out = tf.reduce_sum(a * b)
    elif a.shape.rank == 1:
        out = tf.squeeze(tf.matmul(a[None, :], b), -2)
    elif b.shape.rank == 1:
        out = tf.squeeze(tf.matmul(a, b[:, None]), -1)
    elif b.shape.rank == 2 and a.shape.rank > 2:
        out = _matmul_by_matrix(a, b)
    else:
        if a.shape.rank != b.shape.rank:
            batch = tf.broadcast_dynamic_shape(tf.shape(a)[:-2], tf.shape(b)[:-2])
            a = tf.broadcast_to(a, tf.concat([batch, tf.shape(a)[-2:]], 0))
            b = tf.broadcast_to(b, tf.concat([batch, tf.shape(b)[-2:]], 0))
        out = tf.matmul(a, b)
    if back is not None:
        out = tf.cast(out, back) if back != tf.bool else out > 0
    return out


def dot(x1: Any, x2: Any) -> tf.Tensor:
    x1, x2 = promote(x1, x2)
    if x1.shape.rank == 0 or x2.shape.rank == 0:
        return multiply(x1, x2)
    if x2.shape.rank <= 2:
        return matmul(x1, x2)
    a, b, back = _matmul_cast(x1, x2)
    out = tf.tensordot(a, b, [[a.shape.rank - 1], [b.shape.rank - 2]])
    if back is not None:
        out = tf.cast(out, back) if back != tf.bool else out > 0
    return out


def vdot(x1: Any, x2: Any) -> tf.Tensor:
    x1, x2 = promote(x1, x2)
    a = tf.reshape(conj(x1), [-1])
    return matmul(a, tf.reshape(x2, [-1]))


def inner(x1: Any, x2: Any) -> tf.Tensor:
    x1, x2 = promote(x1, x2)
    if x1.shape.rank == 0 or x2.shape.rank == 0:
        return multiply(x1, x2)
    a, b, back = _matmul_cast(x1, x2)
    out = tf.tensordot(a, b, [[a.shape.rank - 1], [b.shape.rank - 1]])
    if back is not None:
        out = tf.cast(out, back) if back != tf.bool else out > 0
    return out


def outer(x1: Any, x2: Any) -> tf.Tensor:
    x1, x2 = promote(x1, x2)
    return multiply(tf.reshape(x1, [-1, 1]), tf.reshape(x2, [1, -1]))


def tensordot(x1: Any, x2: Any, axes: Any = 2) -> tf.Tensor:
    x1, x2 = promote(x1, x2)
    a, b, back = _matmul_cast(x1, x2)
    if isinstance(axes, (list, tuple)) and len(axes) == 2:
        axes = [list(ax) if isinstance(ax, (list, tuple)) else [ax] for ax in axes]
    out = tf.tensordot(a, b, axes)
    if back is not None:
        out = tf.cast(out, back) if back != tf.bool else out > 0
    return out


def einsum(subscripts: str, *operands: Any) -> tf.Tensor:
    operands = promote(*operands)
    back = None
    if operands[0].dtype == tf.bool or operands[0].dtype in _SMALL_INTS:
        back = operands[0].dtype
        operands = [tf.cast(o, _wide_int(back)) for o in operands]
    out = tf.einsum(subscripts, *operands)
    if back is not None:
        out = tf.cast(out, back) if back != tf.bool else out > 0
    return out


def kron(x1: Any, x2: Any) -> tf.Tensor:
    x1, x2 = promote(x1, x2)
    return tnp.kron(x1, x2)


def cross(x1: Any, x2: Any, axisa: int = -1, axisb: int = -1, axisc: int = -1, axis: int | None = None) -> tf.Tensor:
    x1, x2 = promote(x1, x2)
    if axis is not None:
        axisa = axisb = axisc = axis
    a = tf.experimental.numpy.moveaxis(x1, axisa, -1)
    b = tf.experimental.numpy.moveaxis(x2, axisb, -1)
    if a.shape[-1] not in (2, 3) or b.shape[-1] not in (2, 3):
        raise ValueError(f"cross: incompatible dimensions for cross product (dimension must be 2 or 3), received {a.shape[-1]} and {b.shape[-1]}")
    if a.shape[-1] == 2 and b.shape[-1] == 2:
        return a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]
    if a.shape[-1] == 2:
        a = tf.concat([a, tf.zeros_like(a[..., :1])], -1)
    if b.shape[-1] == 2:
        b = tf.concat([b, tf.zeros_like(b[..., :1])], -1)
    a0, a1, a2 = a[..., 0], a[..., 1], a[..., 2]
    b0, b1, b2 = b[..., 0], b[..., 1], b[..., 2]
    out = tf.stack([a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0], -1)
    return tnp.moveaxis(out, -1, axisc)


def trace(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> tf.Tensor:
    x = _t(x)
    target = TF_DTYPES[dtypes.sum_result(CANONICAL[x.dtype])]
    d = diagonal(x, offset, axis1, axis2)
    return tf.reduce_sum(tf.cast(d, target), axis=-1)


# ----------------------------------------------------------------- reductions


def _reduce(fn: Any, x: tf.Tensor, axis: Any, keepdims: bool) -> tf.Tensor:
    dims = _axes(axis, _rank(x))
    if dims is not None and _rank(x) == 0:
        return x
    return fn(x, axis=dims, keepdims=keepdims)


def _sum_dtype(x: tf.Tensor) -> tf.DType:
    return TF_DTYPES[dtypes.sum_result(CANONICAL[x.dtype])]


def sum_(x: Any, axis: Any = None, keepdims: bool = False) -> tf.Tensor:
    if type(x) in TENSOR_TYPES and x.dtype in (tf.float32, tf.float64, tf.int32, tf.int64) and axis is None:
        return tf.reduce_sum(x, keepdims=keepdims)
    x = _t(x)
    target = _sum_dtype(x)
    return _reduce(tf.reduce_sum, tf.cast(x, target), axis, keepdims)


def prod(x: Any, axis: Any = None, keepdims: bool = False, dtype: Any = None) -> tf.Tensor:
    x = _t(x)
    target = to_tf_dtype(dtype) if dtype is not None else _sum_dtype(x)
    return _reduce(tf.reduce_prod, tf.cast(x, target), axis, keepdims)


def _mean_input(x: Any) -> tuple[tf.Tensor, tf.DType]:
    x = to_float(x)
    if x.dtype in _HALF:
        return tf.cast(x, tf.float32), x.dtype
    return x, x.dtype


def mean(x: Any, axis: Any = None, keepdims: bool = False) -> tf.Tensor:
    if type(x) in TENSOR_TYPES and x.dtype == tf.float32 and axis is None:
        return tf.reduce_mean(x, keepdims=keepdims)
    x, target = _mean_input(x)
    return tf.cast(_reduce(tf.reduce_mean, x, axis, keepdims), target)


def var(x: Any, axis: Any = None, keepdims: bool = False) -> tf.Tensor:
    x, target = _mean_input(x)
    if x.dtype.is_complex:
        centered = x - _reduce(tf.reduce_mean, x, axis, True)
        squared = tf.math.real(centered * tf.math.conj(centered))
        return _reduce(tf.reduce_mean, squared, axis, keepdims)
    return tf.cast(_reduce(tf.math.reduce_variance, x, axis, keepdims), target)


def std(x: Any, axis: Any = None, keepdims: bool = False) -> tf.Tensor:
    return tf.sqrt(var(x, axis, keepdims))


def _extreme(fn: Any, x: Any, axis: Any, keepdims: bool, initial: Any, combine: Any) -> tf.Tensor:
    x = _t(x)
    work = tf.cast(x, tf.int8) if x.dtype == tf.bool else x
    if initial is not None:
        work = tf.concat([tf.reshape(work, [-1]), tf.fill([1], scalar(initial, work.dtype))], 0) if axis is None and not keepdims else work
    dims = _axes(axis, _rank(x))
    if initial is not None and not (axis is None and not keepdims):
        # An empty reduction gives `initial`; otherwise combine with it.
        out = fn(work, axis=dims, keepdims=keepdims)
        out = combine(out, scalar(initial, work.dtype))
    elif dims is not None and _rank(x) == 0:
        out = work
    else:
        reduced = range(_rank(x)) if dims is None else dims
        if initial is None and builtins.any(x.shape[d] == 0 for d in reduced):
            raise ValueError("zero-size array to reduction operation which has no identity")
        out = fn(work, axis=dims, keepdims=keepdims)
    return tf.cast(out, x.dtype) if x.dtype == tf.bool else out


def _nan_aware(fn: Any) -> Any:
    def reduce(x: tf.Tensor, axis: Any = None, keepdims: bool = False) -> tf.Tensor:
        out = fn(x, axis=axis, keepdims=keepdims)
        if x.dtype.is_floating:
            has_nan = tf.reduce_any(tf.math.is_nan(x), axis=axis, keepdims=keepdims)
            out = tf.where(has_nan, tf.constant(np.nan, x.dtype), out)
        return out

    return reduce


_reduce_max = _nan_aware(tf.reduce_max)
_reduce_min = _nan_aware(tf.reduce_min)


def max_(x: Any, axis: Any = None, keepdims: bool = False, initial: Any = None) -> tf.Tensor:
    return _extreme(_reduce_max, x, axis, keepdims, initial, maximum)


def min_(x: Any, axis: Any = None, keepdims: bool = False, initial: Any = None) -> tf.Tensor:
    return _extreme(_reduce_min, x, axis, keepdims, initial, minimum)


def amax(x: Any, axis: Any = None, keepdims: bool = False) -> tf.Tensor:
    return max_(x, axis, keepdims)


def amin(x: Any, axis: Any = None, keepdims: bool = False) -> tf.Tensor:
    return min_(x, axis, keepdims)


def ptp(x: Any, axis: Any = None, keepdims: bool = False) -> tf.Tensor:
    x = _t(x)
    if x.dtype == tf.bool:
        raise TypeError("ptp: boolean subtraction is not supported; cast the input to an integer dtype")
    return max_(x, axis, keepdims) - min_(x, axis, keepdims)


def all_(x: Any, axis: Any = None, keepdims: bool = False) -> tf.Tensor:
    return _reduce(tf.reduce_all, _as_bool(x), axis, keepdims)


def any_(x: Any, axis: Any = None, keepdims: bool = False) -> tf.Tensor:
    return _reduce(tf.reduce_any, _as_bool(x), axis, keepdims)


def count_nonzero(x: Any, axis: Any = None) -> tf.Tensor:
    x = _as_bool(x)
    dims = _axes(axis, _rank(x))
    if dims is not None and _rank(x) == 0:
        return tf.cast(x, INDEX)
    return tf.reduce_sum(tf.cast(x, INDEX), axis=dims)


def _arg_extreme(fn: Any, x: Any, axis: Any, keepdims: bool) -> tf.Tensor:
    x = _t(x)
    if x.dtype == tf.bool:
        x = tf.cast(x, tf.int8)
    if x.dtype.is_floating:
        # NaN counts as the extreme value, as in NumPy.
        nan = tf.math.is_nan(x)
        fill = tf.constant(np.inf if fn is tf.argmax else -np.inf, x.dtype)
        x = tf.where(nan, fill, x)
    if axis is None:
        flat = tf.reshape(x, [-1])
        out = tf.cast(fn(flat, axis=0, output_type=tf.int32), INDEX)
        if keepdims:
            out = tf.reshape(out, [1] * _rank(x))
        return out
    axis = _axis(axis, _rank(x))
    out = fn(x, axis=axis, output_type=tf.int32)
    return tf.expand_dims(out, axis) if keepdims else out


def argmax(x: Any, axis: Any = None, keepdims: bool = False) -> tf.Tensor:
    x = _t(x)
    if x.dtype.is_floating:
        x = tf.where(tf.math.is_nan(x), tf.constant(np.inf, x.dtype), x)
    return _arg_extreme(tf.argmax, x, axis, keepdims)


def argmin(x: Any, axis: Any = None, keepdims: bool = False) -> tf.Tensor:
    x = _t(x)
    if x.dtype.is_floating:
        x = tf.where(tf.math.is_nan(x), tf.constant(-np.inf, x.dtype), x)
    return _arg_extreme(tf.argmin, x, axis, keepdims)


def _cumulative(fn: Any, x: Any, axis: Any, dtype: Any) -> tf.Tensor:
    x = _t(x)
    target = to_tf_dtype(dtype) if dtype is not None else _sum_dtype(x)
    x = tf.cast(x, target)
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    axis = _axis(axis, _rank(x))
    return fn(x, axis=axis)


def cumsum(x: Any, axis: Any = None, dtype: Any = None) -> tf.Tensor:
    return _cumulative(tf.cumsum, x, axis, dtype)


def cumprod(x: Any, axis: Any = None, dtype: Any = None) -> tf.Tensor:
    return _cumulative(tf.math.cumprod, x, axis, dtype)


def _nan_filled(x: Any, value: float) -> tf.Tensor:
    x = _t(x)
    if x.dtype.is_floating or x.dtype.is_complex:
        return tf.where(isnan(x), tf.constant(value, x.dtype), x)
    return x


def nansum(x: Any, axis: Any = None, keepdims: bool = False) -> tf.Tensor:
    return sum_(_nan_filled(x, 0.0), axis, keepdims)


def nanprod(x: Any, axis: Any = None, keepdims: bool = False) -> tf.Tensor:
    return prod(_nan_filled(x, 1.0), axis, keepdims)


def nancumsum(x: Any, axis: Any = None, dtype: Any = None) -> tf.Tensor:
    return cumsum(_nan_filled(x, 0.0), axis, dtype)


def nancumprod(x: Any, axis: Any = None, dtype: Any = None) -> tf.Tensor:
    return cumprod(_nan_filled(x, 1.0), axis, dtype)


def nanmean(x: Any, axis: Any = None, keepdims: bool = False) -> tf.Tensor:
    x, target = _mean_input(x)
    valid = tf.logical_not(isnan(x))
    total = _reduce(tf.reduce_sum, tf.where(valid, x, tf.zeros_like(x)), axis, keepdims)
    count = _reduce(tf.reduce_sum, tf.cast(valid, x.dtype), axis, keepdims)
    return tf.cast(total / count, target)


def nanvar(x: Any, axis: Any = None, keepdims: bool = False) -> tf.Tensor:
    x, target = _mean_input(x)
    center = nanmean(x, axis, True)
    valid = tf.logical_not(isnan(x))
    squared = tf.where(valid, tf.square(tf.abs(x - center)) if not x.dtype.is_complex else tf.math.real((x - center) * tf.math.conj(x - center)), tf.zeros([], x.dtype.real_dtype))
    count = _reduce(tf.reduce_sum, tf.cast(valid, squared.dtype), axis, keepdims)
    out = _reduce(tf.reduce_sum, squared, axis, keepdims) / count
    return out if x.dtype.is_complex else tf.cast(out, target)


def nanstd(x: Any, axis: Any = None, keepdims: bool = False) -> tf.Tensor:
    return tf.sqrt(nanvar(x, axis, keepdims))


def _nan_extreme(x: Any, axis: Any, keepdims: bool, fill: float, fn: Any) -> tf.Tensor:
    x = _t(x)
    if not x.dtype.is_floating:
        return fn(x, axis, keepdims)
    nan = tf.math.is_nan(x)
    out = fn(tf.where(nan, tf.constant(fill, x.dtype), x), axis, keepdims)
    all_nan = all_(nan, axis, keepdims)
    return tf.where(all_nan, tf.constant(np.nan, x.dtype), out)


def nanmax(x: Any, axis: Any = None, keepdims: bool = False) -> tf.Tensor:
    return _nan_extreme(x, axis, keepdims, -np.inf, max_)


def nanmin(x: Any, axis: Any = None, keepdims: bool = False) -> tf.Tensor:
    return _nan_extreme(x, axis, keepdims, np.inf, min_)


def nanargmax(x: Any, axis: Any = None, keepdims: bool = False) -> tf.Tensor:
    x = _t(x)
    return _arg_extreme(tf.argmax, _nan_filled(x, -np.inf), axis, keepdims)


def nanargmin(x: Any, axis: Any = None, keepdims: bool = False) -> tf.Tensor:
    x = _t(x)
    return _arg_extreme(tf.argmin, _nan_filled(x, np.inf), axis, keepdims)


_METHODS = ("linear", "lower", "higher", "midpoint", "nearest")


def _quantile(x: Any, q: Any, axis: Any, method: str, keepdims: bool, ignore_nan: bool) -> tf.Tensor:
    if method not in _METHODS:
        raise ValueError(f"quantile: expected method in {_METHODS}, received {method!r}")
    x = to_float(x)
    target = x.dtype
    work = tf.float64 if x.dtype == tf.float64 else tf.float32
    x = tf.cast(x, work)
    q = scalar(q, work)
    ndim = _rank(x)
    dims = _axes(axis, ndim)
    if dims is None:
        dims = list(range(ndim))
    rest = [i for i in range(ndim) if i not in dims]
    keep_shape = [1 if i in dims else d for i, d in enumerate(dynamic_shape(x))]
    moved = tf.transpose(x, rest + list(dims)) if ndim else x
    rest_shape = [dynamic_shape(x)[i] for i in rest]
    moved = tf.reshape(moved, rest_shape + [-1])
    nan_mask = tf.math.is_nan(moved)
    # NaNs sort last: replace them by +inf for sorting, and count valid ones.
    ordered = tf.sort(tf.where(nan_mask, tf.constant(np.inf, work), moved), axis=-1)
    n = tf.shape(moved)[-1]
    if ignore_nan:
        count = tf.reduce_sum(tf.cast(tf.logical_not(nan_mask), work), -1, keepdims=True)
    else:
        count = tf.cast(tf.fill(tf.concat([tf.shape(moved)[:-1], [1]], 0), n), work)
    q_flat = tf.reshape(q, [-1])
    positions = tf.maximum(q_flat * (count - 1), 0)
    low = tf.floor(positions)
    high = tf.math.ceil(positions)
    if method == "lower":
        high = low
    elif method == "higher":
        low = high
    elif method == "nearest":
        low = high = tf.round(positions)
    last = tf.maximum(n - 1, 0)
    low_values = tf.gather(ordered, tf.clip_by_value(tf.cast(low, tf.int32), 0, last), batch_dims=len(rest), axis=-1)
    high_values = tf.gather(ordered, tf.clip_by_value(tf.cast(high, tf.int32), 0, last), batch_dims=len(rest), axis=-1)
    if method == "midpoint":
        result = tf.where(tf.equal(low, high), low_values, (low_values + high_values) / 2)
    elif method == "linear":
        weight = positions - low
        result = tf.where(tf.equal(weight, 0), low_values, low_values + (high_values - low_values) * weight)
    else:
        result = low_values
    if ignore_nan:
        has_nan = tf.equal(count, 0)
    else:
        has_nan = tf.reduce_any(nan_mask, -1, keepdims=True)
    result = tf.where(has_nan, tf.constant(np.nan, work), result)
    result = tnp.moveaxis(result, -1, 0)
    if keepdims:
        result = tf.reshape(result, [-1] + keep_shape)
    if q.shape.rank == 0:
        result = result[0]
    else:
        result = tf.reshape(result, tf.concat([tf.shape(q), tf.shape(result)[1:]], 0))
    return tf.cast(result, target)


def quantile(x: Any, q: Any, axis: Any = None, method: str = "linear", keepdims: bool = False) -> tf.Tensor:
    return _quantile(x, q, axis, method, keepdims, ignore_nan=False)


def nanquantile(x: Any, q: Any, axis: Any = None, method: str = "linear", keepdims: bool = False) -> tf.Tensor:
    return _quantile(x, q, axis, method, keepdims, ignore_nan=True)


def percentile(x: Any, q: Any, axis: Any = None, method: str = "linear", keepdims: bool = False) -> tf.Tensor:
    return _quantile(x, scalar(q, tf.float64) / 100.0, axis, method, keepdims, ignore_nan=False)


def nanpercentile(x: Any, q: Any, axis: Any = None, method: str = "linear", keepdims: bool = False) -> tf.Tensor:
    return _quantile(x, scalar(q, tf.float64) / 100.0, axis, method, keepdims, ignore_nan=True)


def median(x: Any, axis: Any = None, keepdims: bool = False) -> tf.Tensor:
    return _quantile(x, 0.5, axis, "linear", keepdims, ignore_nan=False)


def nanmedian(x: Any, axis: Any = None, keepdims: bool = False) -> tf.Tensor:
    return _quantile(x, 0.5, axis, "linear", keepdims, ignore_nan=True)


def average(x: Any, axis: Any = None, weights: Any = None) -> tf.Tensor:
    if weights is None:
        return mean(x, axis)
    x, w = _float_args(x, weights)
    if axis is not None and w.shape.rank == 1 and x.shape.rank > 1:
        axis = _axis(axis, _rank(x))
        shape = [1] * _rank(x)
        shape[axis] = -1
        w = tf.reshape(w, shape)
    w = tf.broadcast_to(w, tf.shape(x))
    return tf.reduce_sum(x * w, axis=axis) / tf.reduce_sum(w, axis=axis)


# ------------------------------------------------------------------- creation


def _shape_arg(shape: Any) -> Any:
    if isinstance(shape, (int, np.integer)):
        return [int(shape)]
    if isinstance(shape, (list, tuple)):
        return [int(d) if isinstance(d, (int, np.integer)) else d for d in shape]
    return _t(shape)


def zeros(shape: Any, dtype: Any = None) -> tf.Tensor:
    return tf.zeros(_shape_arg(shape), dtype=to_tf_dtype(dtype))


def ones(shape: Any, dtype: Any = None) -> tf.Tensor:
    return tf.ones(_shape_arg(shape), dtype=to_tf_dtype(dtype))


def empty(shape: Any, dtype: Any = None) -> tf.Tensor:
    return zeros(shape, dtype)


def full(shape: Any, fill_value: Any, dtype: Any = None) -> tf.Tensor:
    target = to_tf_dtype(dtype) if dtype is not None else to_tf_dtype(dtypes.result_type(fill_value))
    return tf.broadcast_to(_t(fill_value, target), _shape_arg(shape))


def _like_dtype(x: tf.Tensor, dtype: Any) -> tf.DType:
    return to_tf_dtype(dtype) if dtype is not None else x.dtype


def zeros_like(x: Any, dtype: Any = None) -> tf.Tensor:
    x = _t(x)
    return tf.zeros_like(x, dtype=_like_dtype(x, dtype))


def ones_like(x: Any, dtype: Any = None) -> tf.Tensor:
    x = _t(x)
    return tf.ones_like(x, dtype=_like_dtype(x, dtype))


def empty_like(x: Any, dtype: Any = None) -> tf.Tensor:
    return zeros_like(x, dtype)


def full_like(x: Any, fill_value: Any, dtype: Any = None) -> tf.Tensor:
    x = _t(x)
    target = _like_dtype(x, dtype)
    return tf.broadcast_to(_t(fill_value, target), tf.shape(x))


def array(x: Any, dtype: Any = None) -> tf.Tensor:
    return _t(x, dtype)


def arange(start: Any, stop: Any = None, step: Any = None, dtype: Any = None) -> tf.Tensor:
    if stop is None:
        start, stop = 0, start
    if step is None:
        step = 1
    if dtype is None:
        name = dtypes.result_type(*(v for v in (start, stop, step)))
    else:
        name = dtypes.standardize_dtype(dtype)
    target = TF_DTYPES[name]
    if isinstance(step, (int, float)) and step == 0:
        raise ValueError("arange: `step` must not be zero")
    work = tf.float64 if target.is_floating else (tf.int64 if target.is_integer or target == tf.bool else target)
    if all(isinstance(v, (int, float, np.number)) for v in (start, stop, step)):
        values = np.arange(start, stop, step, dtype=np.float64 if work == tf.float64 else np.int64)
        return tf.constant(values.astype(target.as_numpy_dtype))
    out = tf.range(tf.cast(start, work), tf.cast(stop, work), tf.cast(step, work))
    return tf.cast(out, target)


def eye(N: int, M: int | None = None, k: int = 0, dtype: Any = None) -> tf.Tensor:
    target = to_tf_dtype(dtype)
    M = N if M is None else M
    rows = tf.range(N)[:, None]
    cols = tf.range(M)[None, :]
    return tf.cast(tf.equal(cols - rows, k), target)


def identity(n: int, dtype: Any = None) -> tf.Tensor:
    return eye(n, dtype=dtype)


def tri(N: int, M: int | None = None, k: int = 0, dtype: Any = None) -> tf.Tensor:
    target = to_tf_dtype(dtype)
    M = N if M is None else M
    rows = tf.range(N)[:, None]
    cols = tf.range(M)[None, :]
    return tf.cast(cols - rows <= k, target)


def _tri_mask(x: tf.Tensor, k: int) -> tf.Tensor:
    shape = tf.shape(x)
    rows = tf.range(shape[-2])[:, None]
    cols = tf.range(shape[-1])[None, :]
    return cols - rows <= k


def tril(x: Any, k: int = 0) -> tf.Tensor:
    x = _t(x)
    return tf.where(_tri_mask(x, k), x, tf.zeros_like(x))


def triu(x: Any, k: int = 0) -> tf.Tensor:
    x = _t(x)
    return tf.where(_tri_mask(x, k - 1), tf.zeros_like(x), x)


def _spaced(start: Any, stop: Any, num: int, endpoint: bool, axis: int) -> tuple[tf.Tensor, tf.Tensor]:
    start, stop = _t(start, tf.float64), _t(stop, tf.float64)
    start, stop = tf.broadcast_to(start, tf.broadcast_dynamic_shape(tf.shape(start), tf.shape(stop))), stop
    stop = tf.broadcast_to(stop, tf.shape(start))
    div = (num - 1) if endpoint else num
    steps = tf.cast(tf.range(num), tf.float64)
    steps = tf.reshape(steps, [-1] + [1] * start.shape.rank)
    delta = stop - start
    step = delta / div if div > 0 else tf.fill(tf.shape(delta), tf.constant(np.nan, tf.float64))
    values = start + steps * (step if div > 0 else tf.zeros_like(delta))
    if endpoint and num > 1:
        values = tf.concat([values[:-1], stop[None]], 0)
    values = tnp.moveaxis(values, 0, axis) if start.shape.rank else values
    return values, step


def linspace(start: Any, stop: Any, num: int = 50, endpoint: bool = True, retstep: bool = False, dtype: Any = None, axis: int = 0) -> Any:
    if num < 0:
        raise ValueError(f"linspace: `num` must be non-negative, received {num}")
    target = to_tf_dtype(dtype) if dtype is not None else to_tf_dtype(dtypes.float_result(start, stop))
    values, step = _spaced(start, stop, num, endpoint, axis)
    if target.is_integer:
        values = tf.floor(values)
    out = tf.cast(values, target)
    if retstep:
        return out, tf.cast(step, target)
    return out


def logspace(start: Any, stop: Any, num: int = 50, endpoint: bool = True, base: Any = 10, dtype: Any = None, axis: int = 0) -> tf.Tensor:
    target = to_tf_dtype(dtype) if dtype is not None else to_tf_dtype(dtypes.float_result(start, stop))
    values, _ = _spaced(start, stop, num, endpoint, axis)
    out = tf.pow(scalar(base, tf.float64), values)
    return tf.cast(out, target)


def geomspace(start: Any, stop: Any, num: int = 50, endpoint: bool = True, dtype: Any = None, axis: int = 0) -> tf.Tensor:
    target = to_tf_dtype(dtype) if dtype is not None else to_tf_dtype(dtypes.float_result(start, stop))
    start_t, stop_t = _t(start, tf.float64), _t(stop, tf.float64)
    sign = tf.sign(start_t)
    values, _ = _spaced(tf.math.log(tf.abs(start_t)) / np.log(10), tf.math.log(tf.abs(stop_t)) / np.log(10), num, endpoint, 0)
    out = sign * tf.pow(tf.constant(10.0, tf.float64), values)
    if num > 0:
        # Exact endpoints, as NumPy gives.
        out = tf.concat([start_t[None] + tf.zeros_like(out[:1]), out[1:]], 0)
        if endpoint and num > 1:
            out = tf.concat([out[:-1], stop_t[None] + tf.zeros_like(out[-1:])], 0)
    if start_t.shape.rank:
        out = tnp.moveaxis(out, 0, axis)
    return tf.cast(out, target)


def meshgrid(*x: Any, indexing: str = "xy") -> list[tf.Tensor]:
    if indexing not in ("xy", "ij"):
        raise ValueError(f"meshgrid: `indexing` expected 'xy' or 'ij', received {indexing!r}")
    return tf.meshgrid(*[_t(v) for v in x], indexing=indexing)


def _window(x: Any) -> int:
    return int(x)


def bartlett(x: Any) -> tf.Tensor:
    n = _window(x)
    return tf.constant(np.bartlett(n).astype(config.floatx()))


def blackman(x: Any) -> tf.Tensor:
    return tf.constant(np.blackman(_window(x)).astype(config.floatx()))


def hamming(x: Any) -> tf.Tensor:
    return tf.constant(np.hamming(_window(x)).astype(config.floatx()))


def hanning(x: Any) -> tf.Tensor:
    return tf.constant(np.hanning(_window(x)).astype(config.floatx()))


def kaiser(x: Any, beta: Any) -> tf.Tensor:
    n = _window(x)
    if n == 1:
        return tf.ones([1], floatx_tf())
    index = tf.cast(tf.range(n), tf.float64)
    alpha = (n - 1) / 2.0
    beta = scalar(beta, tf.float64)
    ratio = (index - alpha) / alpha
    out = tf.math.bessel_i0(beta * tf.sqrt(tf.maximum(1 - ratio * ratio, 0))) / tf.math.bessel_i0(beta)
    return tf.cast(out, floatx_tf())


def vander(x: Any, N: int | None = None, increasing: bool = False) -> tf.Tensor:
    x = _t(x)
    if x.shape.rank != 1:
        raise ValueError(f"vander: expected a 1-D input, received rank {x.shape.rank}")
    n = x.shape[0] if N is None else N
    powers = tf.range(n)
    if not increasing:
        powers = tf.reverse(powers, [0])
    if x.dtype == tf.bool:
        x = tf.cast(x, tf.int32)
    a, _, back = _int_compute(x, x)
    out = tf.pow(a[:, None], tf.cast(powers, a.dtype)[None, :])
    return tf.cast(out, back) if back is not None else out


# ------------------------------------------------------------ shape & layout


def reshape(x: Any, newshape: Any) -> tf.Tensor:
    x = _t(x)
    if isinstance(newshape, (int, np.integer)):
        newshape = [int(newshape)]
    elif isinstance(newshape, (list, tuple)):
        newshape = [-1 if d is None else d for d in newshape]
    return tf.reshape(x, newshape)


def ravel(x: Any) -> tf.Tensor:
    return tf.reshape(_t(x), [-1])


def expand_dims(x: Any, axis: Any) -> tf.Tensor:
    x = _t(x)
    axes = list(axis) if isinstance(axis, (list, tuple)) else [axis]
    out_rank = _rank(x) + len(axes)
    axes = sorted(_axes(axes, out_rank))
    for a in axes:
        x = tf.expand_dims(x, a)
    return x


def squeeze(x: Any, axis: Any = None) -> tf.Tensor:
    x = _t(x)
    if axis is None:
        return tf.squeeze(x)
    axes = _axes(axis, _rank(x))
    for a in axes:
        if x.shape[a] is not None and x.shape[a] != 1:
            raise ValueError(f"squeeze: cannot select an axis to squeeze out which has size not equal to one (axis {a} has size {x.shape[a]})")
    return tf.squeeze(x, axes)


def transpose(x: Any, axes: Any = None) -> tf.Tensor:
    x = _t(x)
    if axes is None:
        return tf.transpose(x)
    return tf.transpose(x, _axes(axes, _rank(x)) if _rank(x) else axes)


def moveaxis(x: Any, source: Any, destination: Any) -> tf.Tensor:
    return tnp.moveaxis(_t(x), source, destination)


def swapaxes(x: Any, axis1: int, axis2: int) -> tf.Tensor:
    x = _t(x)
    perm = list(range(_rank(x)))
    a, b = _axis(axis1, _rank(x)), _axis(axis2, _rank(x))
    perm[a], perm[b] = perm[b], perm[a]
    return tf.transpose(x, perm)


def broadcast_to(x: Any, shape: Any) -> tf.Tensor:
    return tf.broadcast_to(_t(x), _shape_arg(shape))


def concatenate(xs: Any, axis: Any = 0) -> tf.Tensor:
    tensors = promote(*xs)
    if axis is None:
        return tf.concat([tf.reshape(t, [-1]) for t in tensors], 0)
    return tf.concat(tensors, axis=axis)


def append(x1: Any, x2: Any, axis: Any = None) -> tf.Tensor:
    x1, x2 = promote(x1, x2)
    if axis is None:
        return tf.concat([tf.reshape(x1, [-1]), tf.reshape(x2, [-1])], 0)
    return tf.concat([x1, x2], axis=axis)


def stack(x: Any, axis: int = 0) -> tf.Tensor:
    tensors = promote(*x)
    if tensors and tensors[0].dtype in (tf.uint16, tf.uint32, tf.uint64):
        # Graph-mode Pack has no kernel for these dtypes; ConcatV2 has.
        axis = _axis(axis, _rank(tensors[0]) + 1)
        return tf.concat([tf.expand_dims(t, axis) for t in tensors], axis)
    return tf.stack(tensors, axis=axis)


def hstack(xs: Any) -> tf.Tensor:
    tensors = promote(*xs)
    if tensors[0].shape.rank == 1:
        return tf.concat(tensors, 0)
    return tf.concat(tensors, 1)


def vstack(xs: Any) -> tf.Tensor:
    tensors = [t if t.shape.rank >= 2 else tf.reshape(t, [1, -1]) for t in promote(*xs)]
    return tf.concat(tensors, 0)


def dstack(xs: Any) -> tf.Tensor:
    tensors = []
    for t in promote(*xs):
        if t.shape.rank == 0:
            t = tf.reshape(t, [1, 1, 1])
        elif t.shape.rank == 1:
            t = t[None, :, None]
        elif t.shape.rank == 2:
            t = t[:, :, None]
        tensors.append(t)
    return tf.concat(tensors, 2)


def _split(x: tf.Tensor, indices_or_sections: Any, axis: int, strict: bool) -> list[tf.Tensor]:
    axis = _axis(axis, _rank(x))
    size = x.shape[axis]
    if isinstance(indices_or_sections, (int, np.integer)):
        sections = int(indices_or_sections)
        if sections <= 0:
            raise ValueError(f"number sections must be larger than 0, received {sections}")
        if size is None:
            dynamic = tf.shape(x)[axis]
            base, extra = dynamic // sections, dynamic % sections
            sizes_t = tf.where(tf.range(sections) < extra, base + 1, base)
            return list(tf.split(x, sizes_t, axis=axis, num=sections))
        if strict and size % sections:
            raise ValueError(f"array split does not result in an equal division: size {size} into {sections} sections")
        base, extra = divmod(size, sections)
        sizes = [base + 1] * extra + [base] * (sections - extra)
    else:
        points = [int(i) for i in indices_or_sections]
        bounds = [0] + [builtins.min(builtins.max(p if p >= 0 else p + size, 0), size) for p in points] + [size]
        sizes = [builtins.max(bounds[i + 1] - bounds[i], 0) for i in range(len(bounds) - 1)]
        out = []
        for i in range(len(bounds) - 1):
            start = bounds[i]
            stop = builtins.max(bounds[i + 1], start)
            index = [builtins.slice(None)] * _rank(x)
            index[axis] = builtins.slice(start, stop)
            out.append(x[tuple(index)])
        return out
    return list(tf.split(x, sizes, axis=axis))


def split(x: Any, indices_or_sections: Any, axis: int = 0) -> list[tf.Tensor]:
    return _split(_t(x), indices_or_sections, axis, strict=True)


def array_split(x: Any, indices_or_sections: Any, axis: int = 0) -> list[tf.Tensor]:
    return _split(_t(x), indices_or_sections, axis, strict=False)


def hsplit(x: Any, indices_or_sections: Any) -> list[tf.Tensor]:
    x = _t(x)
    return _split(x, indices_or_sections, 1 if _rank(x) > 1 else 0, strict=True)


def vsplit(x: Any, indices_or_sections: Any) -> list[tf.Tensor]:
    x = _t(x)
    if _rank(x) < 2:
        raise ValueError("vsplit only works on arrays of 2 or more dimensions")
    return _split(x, indices_or_sections, 0, strict=True)


def dsplit(x: Any, indices_or_sections: Any) -> list[tf.Tensor]:
    x = _t(x)
    if _rank(x) < 3:
        raise ValueError("dsplit only works on arrays of 3 or more dimensions")
    return _split(x, indices_or_sections, 2, strict=True)


def flip(x: Any, axis: Any = None) -> tf.Tensor:
    x = _t(x)
    axes = list(range(_rank(x))) if axis is None else _axes(axis, _rank(x))
    return tf.reverse(x, axes) if axes else x


def fliplr(x: Any) -> tf.Tensor:
    x = _t(x)
    if _rank(x) < 2:
        raise ValueError("fliplr: expected an input of rank >= 2")
    return tf.reverse(x, [1])


def flipud(x: Any) -> tf.Tensor:
    x = _t(x)
    if _rank(x) < 1:
        raise ValueError("flipud: expected an input of rank >= 1")
    return tf.reverse(x, [0])


def roll(x: Any, shift: Any, axis: Any = None) -> tf.Tensor:
    x = _t(x)
    if axis is None:
        return tf.reshape(tf.roll(tf.reshape(x, [-1]), shift, 0), tf.shape(x))
    if isinstance(shift, (list, tuple)) or isinstance(axis, (list, tuple)):
        shifts = list(shift) if isinstance(shift, (list, tuple)) else [shift]
        axes = list(axis) if isinstance(axis, (list, tuple)) else [axis]
        if len(shifts) == 1:
            shifts = shifts * len(axes)
        if len(axes) == 1:
            axes = axes * len(shifts)
        return tf.roll(x, shifts, _axes(axes, _rank(x)) if len(set(axes)) == len(axes) else axes)
    return tf.roll(x, shift, _axis(axis, _rank(x)))


def rot90(array: Any, k: int = 1, axes: Any = (0, 1)) -> tf.Tensor:
    x = _t(array)
    if _rank(x) < 2:
        raise ValueError(f"rot90: expected an input of rank >= 2, received rank {_rank(x)}")
    a0, a1 = _axes(list(axes), _rank(x))
    if a0 == a1:
        raise ValueError("rot90: `axes` must be different")
    k = k % 4
    if k == 0:
        return x
    if k == 2:
        return tf.reverse(x, [a0, a1])
    perm = list(range(_rank(x)))
    perm[a0], perm[a1] = perm[a1], perm[a0]
    if k == 1:
        return tf.transpose(tf.reverse(x, [a1]), perm)
    return tf.reverse(tf.transpose(x, perm), [a1])


def tile(x: Any, repeats: Any) -> tf.Tensor:
    x = _t(x)
    reps = [int(r) for r in repeats] if isinstance(repeats, (list, tuple)) else [int(repeats)]
    rank = _rank(x)
    if len(reps) < rank:
        reps = [1] * (rank - len(reps)) + reps
    elif len(reps) > rank:
        x = tf.reshape(x, [1] * (len(reps) - rank) + dynamic_shape(x))
    return tf.tile(x, reps)


def repeat(x: Any, repeats: Any, axis: Any = None) -> tf.Tensor:
    x = _t(x)
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    axis = _axis(axis, _rank(x))
    repeats_t = _t(repeats, tf.int32)
    return tf.repeat(x, repeats_t, axis=axis)


def pad(x: Any, pad_width: Any, mode: str = "constant", constant_values: Any = None) -> tf.Tensor:
    x = _t(x)
    rank = _rank(x)
    try:
        widths = np.asarray(pad_width, dtype=np.int64)
    except NotImplementedError:  # widths known only at run time (scalar tensors in a graph): one pair per axis
        widths = tf.reshape(tf.cast(tf.convert_to_tensor(pad_width), tf.int64), (rank, 2))
        if mode in ("edge", "wrap"):
            raise ValueError(f"pad: mode {mode!r} needs widths known before running, received {pad_width!r}") from None
    else:
        widths = np.broadcast_to(widths.reshape(-1, 2) if widths.size == 2 or widths.ndim == 1 else widths, (rank, 2))
    if mode == "constant":
        value = 0 if constant_values is None else constant_values
        return tf.pad(x, widths, constant_values=tf.cast(value, x.dtype))
    if constant_values is not None:
        raise ValueError(f"pad: `constant_values` is only supported with mode 'constant', received mode {mode!r}")
    if mode in ("reflect", "symmetric"):
        return tf.pad(x, widths, mode=mode.upper())
    if mode in ("edge", "wrap"):
        for axis, (before, after) in enumerate(widths.tolist()):
            x = _pad_axis(x, axis, before, after, mode)
        return x
    raise ValueError(f"pad: unsupported mode {mode!r}")


def _pad_axis(x: tf.Tensor, axis: int, before: int, after: int, mode: str) -> tf.Tensor:
    if not before and not after:
        return x
    size = tf.shape(x)[axis]
    positions = tf.range(-before, size + after)
    if mode == "edge":
        positions = tf.clip_by_value(positions, 0, size - 1)
    else:  # wrap
        positions = tf.math.floormod(positions, size)
    return tf.gather(x, positions, axis=axis)


def diag(x: Any, k: int = 0) -> tf.Tensor:
    x = _t(x)
    if _rank(x) == 1:
        n = tf.shape(x)[0] + builtins.abs(k)
        return tf.linalg.diag(x, k=k, num_rows=n, num_cols=n) if x.dtype != tf.bool else tf.cast(tf.linalg.diag(tf.cast(x, tf.int8), k=k, num_rows=n, num_cols=n), tf.bool)
    if _rank(x) == 2:
        return diagonal(x, k)
    raise ValueError(f"diag: expected a 1-D or 2-D input, received rank {_rank(x)}")


def diagflat(x: Any, k: int = 0) -> tf.Tensor:
    return diag(tf.reshape(_t(x), [-1]), k)


def diagonal(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> tf.Tensor:
    x = _t(x)
    rank = _rank(x)
    if rank < 2:
        raise ValueError(f"diagonal: expected an input of rank >= 2, received rank {rank}")
    a1, a2 = _axis(axis1, rank), _axis(axis2, rank)
    if a1 == a2:
        raise ValueError("diagonal: `axis1` and `axis2` cannot be the same")
    rest = [i for i in range(rank) if i not in (a1, a2)]
    moved = tf.transpose(x, rest + [a1, a2])
    work = tf.cast(moved, tf.int8) if x.dtype == tf.bool else moved
    rows, cols = moved.shape[-2], moved.shape[-1]
    if rows is not None and cols is not None and (offset >= cols or -offset >= rows):
        return tf.zeros(dynamic_shape(moved)[:-2] + [0], x.dtype)
    out = tf.linalg.diag_part(work, k=offset)
    return tf.cast(out, tf.bool) if x.dtype == tf.bool else out


def take(x: Any, indices: Any, axis: Any = None) -> tf.Tensor:
    x = _t(x)
    indices = _t(indices)
    if not indices.dtype.is_integer:
        indices = tf.cast(indices, tf.int32)
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    axis = _axis(axis, _rank(x))
    size = tf.shape(x, out_type=indices.dtype if indices.dtype in (tf.int32, tf.int64) else tf.int32)[axis]
    if indices.dtype not in (tf.int32, tf.int64):
        indices = tf.cast(indices, tf.int64)
        size = tf.cast(size, tf.int64)
    # Negative indices count from the end; indices out of range clip, as in Keras.
    indices = tf.where(indices < 0, indices + tf.cast(size, indices.dtype), indices)
    indices = tf.clip_by_value(indices, 0, tf.maximum(tf.cast(size, indices.dtype) - 1, 0))
    return tf.gather(x, indices, axis=axis)


def take_along_axis(x: Any, indices: Any, axis: Any = None) -> tf.Tensor:
    x = _t(x)
    indices = _t(indices)
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
        indices = tf.reshape(indices, [-1])
    axis = _axis(axis, _rank(x))
    if _rank(indices) != _rank(x):
        raise ValueError(f"take_along_axis: `indices` must have the rank of `x` ({_rank(x)}), received rank {_rank(indices)}")
    size = tf.cast(tf.shape(x)[axis], indices.dtype)
    indices = tf.where(indices < 0, indices + size, indices)
    # Broadcast the non-axis dims of x and indices against each other.
    x_shape = tf.shape(x)
    i_shape = tf.shape(indices)
    mask = tf.one_hot(axis, _rank(x), on_value=True, off_value=False)
    x = tf.broadcast_to(x, tf.where(mask, x_shape, tf.broadcast_dynamic_shape(tf.where(mask, 1, x_shape), tf.where(mask, 1, i_shape))))
    indices = tf.broadcast_to(indices, tf.where(mask, i_shape, tf.broadcast_dynamic_shape(tf.where(mask, 1, x_shape), tf.where(mask, 1, i_shape))))
    perm = [i for i in range(_rank(x)) if i != axis] + [axis]
    inverse = np.argsort(perm).tolist()
    moved_x = tf.transpose(x, perm)
    moved_i = tf.transpose(indices, perm)
    out = tf.gather(moved_x, moved_i, batch_dims=_rank(x) - 1, axis=-1)
    return tf.transpose(out, inverse)


def get_item(x: Any, key: Any) -> tf.Tensor:
    x = _t(x)
    if isinstance(key, (list, np.ndarray)) or (type(key) in TENSOR_TYPES):
        key_t = _t(key)
        if key_t.dtype == tf.bool:
            return tf.boolean_mask(x, key_t)
        return take(x, key_t, 0)
    if isinstance(key, tuple):
        parts = []
        for item in key:
            if type(item) in TENSOR_TYPES and item.shape.rank == 0:
                item = tf.cast(item, tf.int32) if item.dtype != tf.int64 else item
            parts.append(item)
        if builtins.any(isinstance(p, (list, np.ndarray)) or (type(p) in TENSOR_TYPES and p.shape.rank) for p in parts):
            return tnp.asarray(x)[tuple(parts)]
        return x[tuple(parts)]
    if type(key) in TENSOR_TYPES and key.shape.rank == 0:
        return x[key]
    return x[key]


def where(condition: Any, x1: Any = None, x2: Any = None) -> Any:
    condition = _as_bool(condition)
    if x1 is None and x2 is None:
        return nonzero(condition)
    if x1 is None or x2 is None:
        raise ValueError("where: `x1` and `x2` must be given together")
    x1, x2 = promote(x1, x2)
    return tf.where(condition, x1, x2)


def nonzero(x: Any) -> tuple[tf.Tensor, ...]:
    x = _as_bool(x)
    indices = tf.cast(tf.where(x), INDEX)
    return tuple(tf.unstack(indices, num=_rank(x), axis=1)) if _rank(x) else (tf.reshape(indices, [-1]),)


def select(condlist: Any, choicelist: Any, default: Any = 0) -> tf.Tensor:
    if len(condlist) != len(choicelist):
        raise ValueError(f"select: `condlist` and `choicelist` must have the same length, received {len(condlist)} and {len(choicelist)}")
    choices = promote(*choicelist, default)
    out = choices[-1]
    for cond, choice in zip(reversed(list(condlist)), reversed(choices[:-1])):
        out = tf.where(_as_bool(cond), choice, out)
    return out


def clip(x: Any, x_min: Any, x_max: Any) -> tf.Tensor:
    x = _t(x)
    if x.dtype == tf.bool:
        x = tf.cast(x, tf.int32)
    name = dtypes.result_type(x, x_min, x_max) if x_min is not None and x_max is not None else CANONICAL[x.dtype]
    x = cast(x, name)
    x_min, x_max = dtypes.clamp_python_bound(x_min, name), dtypes.clamp_python_bound(x_max, name)
    if x_min is not None:
        x = maximum(x, _t(x_min, x.dtype))
    if x_max is not None:
        x = minimum(x, _t(x_max, x.dtype))
    return x


def nan_to_num(x: Any, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None) -> tf.Tensor:
    x = _t(x)
    if x.dtype.is_complex:
        return tf.complex(nan_to_num(tf.math.real(x), nan, posinf, neginf), nan_to_num(tf.math.imag(x), nan, posinf, neginf))
    if not x.dtype.is_floating:
        return x
    info = np.finfo(x.dtype.as_numpy_dtype) if x.dtype != tf.bfloat16 else None
    high = posinf if posinf is not None else (float(info.max) if info is not None else float(tf.bfloat16.max))
    low = neginf if neginf is not None else (float(info.min) if info is not None else float(tf.bfloat16.min))
    out = tf.where(tf.math.is_nan(x), tf.constant(nan, x.dtype), x)
    out = tf.where(tf.math.is_inf(x) & (x > 0), tf.constant(high, x.dtype), out)
    return tf.where(tf.math.is_inf(x) & (x < 0), tf.constant(low, x.dtype), out)


def diff(a: Any, n: int = 1, axis: int = -1) -> tf.Tensor:
    x = _t(a)
    if n == 0:
        return x
    axis = _axis(axis, _rank(x))
    for _ in range(n):
        front = [builtins.slice(None)] * _rank(x)
        back = [builtins.slice(None)] * _rank(x)
        front[axis] = builtins.slice(1, None)
        back[axis] = builtins.slice(None, -1)
        x = tf.not_equal(x[tuple(front)], x[tuple(back)]) if x.dtype == tf.bool else x[tuple(front)] - x[tuple(back)]
    return x


def trapezoid(y: Any, x: Any = None, dx: float = 1.0, axis: int = -1) -> tf.Tensor:
    y = to_float(y)
    axis = _axis(axis, _rank(y))
    front = [builtins.slice(None)] * _rank(y)
    back = [builtins.slice(None)] * _rank(y)
    front[axis] = builtins.slice(1, None)
    back[axis] = builtins.slice(None, -1)
    if x is None:
        d = scalar(dx, y.dtype)
    else:
        xt = to_float(x)
        target = to_tf_dtype(dtypes.result_type(y, xt))
        y, xt = tf.cast(y, target), tf.cast(xt, target)
        if _rank(xt) == 1:
            d = xt[1:] - xt[:-1]
            shape = [1] * _rank(y)
            shape[axis] = -1
            d = tf.reshape(d, shape)
        else:
            d = xt[tuple(front)] - xt[tuple(back)]
    return tf.reduce_sum(d * (y[tuple(front)] + y[tuple(back)]) / 2, axis=axis)


def sort(x: Any, axis: int = -1) -> tf.Tensor:
    x = _t(x)
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    if _rank(x) == 0:
        return x
    axis = _axis(axis, _rank(x))
    if x.dtype == tf.bool:
        return tf.cast(tf.sort(tf.cast(x, tf.int8), axis=axis), tf.bool)
    if x.dtype.is_floating:
        # NaNs last, as in NumPy.
        return take_along_axis(x, argsort(x, axis), axis)
    return tf.sort(x, axis=axis)


def argsort(x: Any, axis: int = -1) -> tf.Tensor:
    x = _t(x)
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    if _rank(x) == 0:
        return tf.zeros([], INDEX)
    axis = _axis(axis, _rank(x))
    if x.dtype == tf.bool:
        x = tf.cast(x, tf.int8)
    if x.dtype.is_floating:
        nan = tf.math.is_nan(x)
        first = tf.argsort(tf.where(nan, tf.zeros_like(x), x), axis=axis, stable=True)
        # Stable second pass on the NaN flag moves NaNs to the end.
        nan_sorted = take_along_axis(tf.cast(nan, tf.int8), first, axis)
        second = tf.argsort(nan_sorted, axis=axis, stable=True)
        return tf.cast(take_along_axis(first, second, axis), INDEX)
    if x.dtype in (tf.uint16, tf.uint32, tf.uint64, tf.int8, tf.int16, tf.uint8):
        x = tf.cast(x, tf.int64)
    return tf.cast(tf.argsort(x, axis=axis, stable=True), INDEX)


def argpartition(x: Any, kth: int, axis: int = -1) -> tf.Tensor:
    return argsort(x, axis)


def searchsorted(sorted_sequence: Any, values: Any, side: str = "left") -> tf.Tensor:
    if side not in ("left", "right"):
        raise ValueError(f"searchsorted: `side` expected 'left' or 'right', received {side!r}")
    a, v = promote(sorted_sequence, values)
    if _rank(a) != 1:
        raise ValueError(f"searchsorted: expected a 1-D `sorted_sequence`, received rank {_rank(a)}")
    if a.dtype == tf.bool:
        a, v = tf.cast(a, tf.int8), tf.cast(v, tf.int8)
    flat = tf.reshape(v, [1, -1])
    out = tf.searchsorted(a[None, :], flat, side=side, out_type=INDEX)
    return tf.reshape(out, tf.shape(v))


def digitize(x: Any, bins: Any) -> tf.Tensor:
    x, b = promote(x, bins)
    if _rank(b) != 1:
        raise ValueError(f"digitize: expected 1-D `bins`, received rank {_rank(b)}")
    increasing = tf.reduce_all(b[1:] >= b[:-1])
    flat = tf.reshape(x, [1, -1])
    up = tf.searchsorted(b[None, :], flat, side="right", out_type=INDEX)
    reversed_b = tf.reverse(b, [0])
    down = tf.shape(b, out_type=INDEX)[0] - tf.searchsorted(reversed_b[None, :], flat, side="left", out_type=INDEX)
    out = tf.where(increasing, up, down)
    return tf.reshape(out, tf.shape(x))


def bincount(x: Any, weights: Any = None, minlength: int = 0) -> tf.Tensor:
    x = _t(x)
    if not (x.dtype.is_integer or x.dtype == tf.bool):
        raise TypeError(f"bincount: expected integer input, received {CANONICAL[x.dtype]}")
    x = tf.cast(x, tf.int32)
    if weights is None:
        dtype = INDEX
        w = None
    else:
        w = _t(weights)
        name = CANONICAL[w.dtype]
        dtype = w.dtype
        if name in ("int8", "int16", "bool", "uint8", "uint16"):
            dtype = tf.int32
        w = tf.cast(w, dtype if dtype != tf.bool else tf.int32)
    if _rank(x) == 1:
        length = tf.maximum(tf.reduce_max(tf.concat([x, [-1]], 0)) + 1, minlength)
        return tf.math.bincount(x, weights=w, minlength=length, maxlength=length, dtype=dtype, axis=None) if w is None else tf.math.unsorted_segment_sum(w, x, length)
    length = tf.maximum(tf.reduce_max(x) + 1, minlength)
    if w is None:
        return tf.math.bincount(x, minlength=length, maxlength=length, dtype=dtype, axis=-1)
    return tf.math.bincount(x, weights=w, minlength=length, maxlength=length, axis=-1)


def histogram(x: Any, bins: int = 10, range: Any = None) -> tuple[tf.Tensor, tf.Tensor]:
    x = to_float(x)
    x = tf.reshape(x, [-1])
    if range is None:
        low, high = tf.reduce_min(x), tf.reduce_max(x)
    else:
        low, high = scalar(range[0], x.dtype), scalar(range[1], x.dtype)
    same = tf.equal(low, high)
    low = tf.where(same, low - 0.5, low)
    high = tf.where(same, high + 0.5, high)
    edges = tf.cast(tf.linspace(tf.cast(low, tf.float64), tf.cast(high, tf.float64), bins + 1), x.dtype)
    inside = (x >= low) & (x <= high)
    index = tf.cast(tf.searchsorted(edges[None, :], x[None, :], side="right")[0] - 1, tf.int32)
    index = tf.clip_by_value(index, 0, bins - 1)
    counts = tf.math.unsorted_segment_sum(tf.cast(inside, INDEX), index, bins)
    return counts, edges


def unique(x: Any, sorted: bool = True, return_index: bool = False, return_inverse: bool = False, return_counts: bool = False, axis: Any = None, size: Any = None, fill_value: Any = None) -> Any:
    x = _t(x)
    if axis is None:
        flat = tf.reshape(x, [-1])
        work = tf.cast(flat, tf.int8) if flat.dtype == tf.bool else flat
        order = argsort(work)
        ordered = tf.gather(work, order)
        n = tf.shape(ordered)[0]
        distinct = tf.concat([tf.ones([tf.minimum(n, 1)], tf.bool), tf.not_equal(ordered[1:], ordered[:-1])], 0)
    else:
        axis = _axis(axis, _rank(x))
        flat = tnp.moveaxis(x, axis, 0)
        rows = tf.reshape(flat, [tf.shape(flat)[0], -1])
        rows = tf.cast(rows, tf.int8) if rows.dtype == tf.bool else rows
        order = tf.range(tf.shape(rows)[0], dtype=INDEX)
        # Lexicographic order of the slices: stable sorts from the last column to the first.
        for column in reversed(range(rows.shape[1])):
            key = tf.gather(rows[:, column], order)
            order = tf.gather(order, argsort(key))
        ordered_rows = tf.gather(rows, order)
        n = tf.shape(ordered_rows)[0]
        changed = tf.reduce_any(tf.not_equal(ordered_rows[1:], ordered_rows[:-1]), axis=1)
        distinct = tf.concat([tf.ones([tf.minimum(n, 1)], tf.bool), changed], 0)
        work = flat
        ordered = tf.gather(flat, order)
    group = tf.cumsum(tf.cast(distinct, INDEX)) - 1
    values = tf.boolean_mask(ordered, distinct)
    count = tf.shape(values)[0]
    first_index = tf.math.unsorted_segment_min(order, group, count)
    counts = tf.math.unsorted_segment_sum(tf.ones_like(group), group, count)
    inverse = tf.scatter_nd(order[:, None], group, tf.shape(order))
    if flat.dtype == tf.bool and values.dtype != tf.bool:
        values = tf.cast(values, tf.bool)
    if axis is not None:
        values = tnp.moveaxis(values, 0, axis)
    if size is not None:
        fill = 0 if fill_value is None else fill_value
        pad_n = tf.maximum(size - count, 0)
        values = tf.concat([values[:size], tf.fill([pad_n], scalar(fill, values.dtype))], 0)
        first_index = tf.concat([first_index[:size], tf.zeros([pad_n], INDEX)], 0)
        counts = tf.concat([counts[:size], tf.zeros([pad_n], INDEX)], 0)
    outputs = [values]
    if return_index:
        outputs.append(tf.cast(first_index, INDEX))
    if return_inverse:
        outputs.append(tf.cast(inverse if axis is not None else tf.reshape(inverse, tf.shape(x)), INDEX))
    if return_counts:
        outputs.append(tf.cast(counts, INDEX))
    return outputs[0] if len(outputs) == 1 else tuple(outputs)


def unravel_index(indices: Any, shape: Any) -> tuple[tf.Tensor, ...]:
    indices = _t(indices)
    dims = [int(d) for d in shape]
    out = []
    remaining = indices
    for dim in reversed(dims):
        out.append(tf.math.floormod(remaining, tf.cast(dim, remaining.dtype)))
        remaining = tf.math.floordiv(remaining, tf.cast(dim, remaining.dtype))
    return tuple(reversed(out))


def correlate(x1: Any, x2: Any, mode: str = "valid") -> tf.Tensor:
    if mode not in ("valid", "same", "full"):
        raise ValueError(f"correlate: `mode` expected 'valid', 'same' or 'full', received {mode!r}")
    name = dtypes.result_type(x1, x2)
    if name not in dtypes.FLOATING and name not in dtypes.COMPLEX:
        name = "float64" if name in ("int64", "uint32", "uint64") else config.floatx()
    a, v = _t(x1, name), _t(x2, name)
    work = tf.float32 if a.dtype in _HALF else a.dtype
    a, v = tf.cast(a, work), tf.cast(v, work)
    n, m = a.shape[0], v.shape[0]
    if mode == "full":
        left, right = m - 1, m - 1
    elif mode == "same":
        left = m // 2
        right = m - 1 - left
    else:
        left = right = 0
    padded = tf.pad(a, [[left, right]])
    out_len = n + left + right - m + 1
    windows = tf.signal.frame(padded, m, 1) if out_len > 0 else tf.zeros([0, m], work)
    out = tf.linalg.matvec(windows, tf.math.conj(v)) if work.is_complex else tf.reduce_sum(windows * v[None, :], -1)
    return tf.cast(out, to_tf_dtype(name))


def corrcoef(x: Any) -> tf.Tensor:
    x = to_float(x)
    work = tf.float32 if x.dtype in _HALF else x.dtype
    xw = tf.cast(x, work)
    if _rank(xw) == 1:
        xw = xw[None, :]
    centered = xw - tf.reduce_mean(xw, axis=1, keepdims=True)
    cov = tf.matmul(centered, tf.math.conj(centered), transpose_b=True)
    d = tf.math.real(tf.linalg.diag_part(cov)) if work.is_complex else tf.linalg.diag_part(cov)
    std = tf.sqrt(d)
    denom = tf.cast(std[:, None] * std[None, :], cov.dtype)
    out = cov / denom
    if not work.is_complex:
        out = tf.clip_by_value(out, -1, 1)
    if _rank(x) == 1 or (x.shape[0] == 1):
        out = tf.reshape(out, [])
    return tf.cast(out, x.dtype)


def size(x: Any) -> Any:
    x = _t(x)
    n = x.shape.num_elements()
    return n if n is not None else tf.size(x)


def ndim(x: Any) -> int:
    return _rank(_t(x))


def view(x: Any, dtype: Any = None) -> tf.Tensor:
    x = _t(x)
    if dtype is None:
        return x
    target = to_tf_dtype(dtype)
    if target == x.dtype:
        return x
    src_size, dst_size = x.dtype.size, target.size
    work = tf.cast(x, tf.uint8) if x.dtype == tf.bool else x
    if src_size == dst_size:
        out = tf.bitcast(work, target if target != tf.bool else tf.uint8)
        return tf.cast(out, tf.bool) if target == tf.bool else out
    shape = dynamic_shape(x)
    if src_size > dst_size:
        out = tf.bitcast(work, target if target != tf.bool else tf.uint8)
        out = tf.reshape(out, shape[:-1] + [-1])
        return tf.cast(out, tf.bool) if target == tf.bool else out
    ratio = dst_size // src_size
    grouped = tf.reshape(work, shape[:-1] + [-1, ratio])
    return tf.bitcast(grouped, target)


def slogdet(x: Any) -> tuple[tf.Tensor, tf.Tensor]:
    x = to_float(x)
    sign, logdet = tf.linalg.slogdet(x)
    return sign, logdet
