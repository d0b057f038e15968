"""NumPy-like ops of the NumPy backend.

Hot ops take a fast path when their inputs are already ``np.ndarray`` of one
dtype (a single ``type(x) is np.ndarray`` check); otherwise inputs are
converted and promoted with :func:`multikeras.backend.dtypes.result_type`.
Results are always ndarrays (0-d instead of NumPy scalars).
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from typing import Any

import numpy as np

from multikeras.backend import config, dtypes
from multikeras.state.variable import Variable
from multikeras.backends.numpy.core import (
    BFLOAT16,
    INDEX,
    NATIVE_FLOATS,
    compute_dtype,
    convert_to_tensor,
    to_numpy_dtype,
    wrap,
)

tensor = convert_to_tensor
_ndarray = np.ndarray
_BOOL = np.dtype("bool")
_INT32 = np.dtype("int32")


def _as(x: Any, dtype: np.dtype) -> np.ndarray:
    if type(x) is _ndarray:
        return x if x.dtype == dtype else x.astype(dtype)
    return convert_to_tensor(x, dtype)


def _axis(axis: Any) -> Any:
    if isinstance(axis, list):
        return tuple(axis)
    return axis


def _name(x: np.ndarray) -> str:
    return dtypes.standardize_dtype(x.dtype)


def _float_input(x: Any) -> tuple[np.ndarray, np.dtype]:
    """``x`` converted to the dtype to compute a float op in, and the output dtype."""
    x = tensor(x)
    out_name = dtypes.float_result(x)
    work = compute_dtype(out_name) if out_name == "bfloat16" else to_numpy_dtype(out_name)
    return (x if x.dtype == work else x.astype(work)), to_numpy_dtype(out_name)


def _finish(result: Any, dtype: np.dtype) -> np.ndarray:
    result = wrap(result)
    return result if result.dtype == dtype else result.astype(dtype)


def _float_unary(function: Callable[[np.ndarray], Any], name: str) -> Callable[[Any], np.ndarray]:
    ndarray, native = np.ndarray, NATIVE_FLOATS

    def op(x: Any) -> np.ndarray:
        if type(x) is ndarray and x.dtype in native:
            result = function(x)
            return result if type(result) is ndarray else np.asarray(result)
        work, out = _float_input(x)
        return _finish(function(work), out)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"Elementwise ``{name}``; ints and bools give ``floatx()``."
    return op


def _same_unary(function: Callable[[np.ndarray], Any], name: str) -> Callable[[Any], np.ndarray]:
    def op(x: Any) -> np.ndarray:
        if type(x) is not _ndarray:
            x = tensor(x)
        if x.dtype == BFLOAT16:
            return _finish(function(x.astype(np.float32)), BFLOAT16)
        result = function(x)
        return result if type(result) is _ndarray else np.asarray(result)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"Elementwise ``{name}``, keeping the input dtype."
    return op


def _weak_scalar_ok(array: np.ndarray, scalar: Any) -> bool:
    """NumPy 2 already treats this Python scalar as weak, exactly as ``result_type`` does."""
    kind = array.dtype.kind
    scalar_type = type(scalar)
    if kind in "fc":
        return scalar_type is float or scalar_type is int
    # NumPy 2 raises naming value and dtype for an int out of the array's range (the contract's rule) but not
    # beyond int64 ("too large to convert to C long"): those take the general path, whose conversion names both.
    return kind in "iu" and scalar_type is int and -(2**63) <= scalar < 2**63


def _binary(function: Callable[[np.ndarray, np.ndarray], Any], name: str) -> Callable[[Any, Any], np.ndarray]:
    ndarray, variable = np.ndarray, Variable  # closure cells are read faster than module globals

    def op(x1: Any, x2: Any) -> np.ndarray:
        if type(x1) is ndarray:
            if type(x2) is ndarray:
                dtype = x1.dtype
                if dtype is x2.dtype or dtype == x2.dtype:
                    result = function(x1, x2)
                    return result if type(result) is ndarray else np.asarray(result)
            elif _weak_scalar_ok(x1, x2):
                result = function(x1, x2)
                return result if type(result) is ndarray else np.asarray(result)
        elif type(x2) is ndarray and _weak_scalar_ok(x2, x1):
            result = function(x1, x2)
            return result if type(result) is ndarray else np.asarray(result)
        if type(x1) is variable or type(x2) is variable:  # a layer's weights: read them, then take the fast path
            return op(x1.value if type(x1) is variable else x1, x2.value if type(x2) is variable else x2)
        dtype = to_numpy_dtype(dtypes.result_type(x1, x2))
        return wrap(function(_as(x1, dtype), _as(x2, dtype)))

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"Elementwise ``{name}`` with ``result_type`` promotion."
    return op


def _float_binary(function: Callable[[np.ndarray, np.ndarray], Any], name: str) -> Callable[[Any, Any], np.ndarray]:
    def op(x1: Any, x2: Any) -> np.ndarray:
        if type(x1) is _ndarray and x1.dtype in NATIVE_FLOATS and (
            (type(x2) is _ndarray and x1.dtype == x2.dtype) or type(x2) is float or type(x2) is int
        ):
            result = function(x1, x2)
            return result if type(result) is _ndarray else np.asarray(result)
        out_name = dtypes.float_result(x1, x2)
        out = to_numpy_dtype(out_name)
        work = compute_dtype(out_name) if out_name == "bfloat16" else out
        return _finish(function(_as(x1, work), _as(x2, work)), out)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"Elementwise ``{name}``; ints and bools give ``floatx()``."
    return op


_ARRAY_OPERANDS = (np.ndarray, np.generic)


def _exact_comparison(name: str, x1: Any, x2: Any) -> np.ndarray | None:
    """All-True or all-False for an array compared with a Python int outside its dtype; ``None`` otherwise.

    NumPy 2 answers so itself for integer arrays; this covers the other ways in (a bool array, ``int < array``).
    """
    if isinstance(x1, _ARRAY_OPERANDS) and type(x2) is int:  # NumPy scalars too (np.uint8(3) > 300)
        answer = dtypes.python_int_comparison(name, dtypes.standardize_dtype(x1.dtype), x2)
        return None if answer is None else np.full(x1.shape, answer)
    if isinstance(x2, _ARRAY_OPERANDS) and type(x1) is int:
        answer = dtypes.python_int_comparison(name, dtypes.standardize_dtype(x2.dtype), x1, int_first=True)
        return None if answer is None else np.full(x2.shape, answer)
    return None


def _predicate_binary(function: Callable[[np.ndarray, np.ndarray], Any], name: str) -> Callable[[Any, Any], np.ndarray]:
    def op(x1: Any, x2: Any) -> np.ndarray:
        if type(x1) is _ndarray and ((type(x2) is _ndarray and x1.dtype == x2.dtype) or _weak_scalar_ok(x1, x2)):
            result = function(x1, x2)
            return result if type(result) is _ndarray else np.asarray(result)
        if type(x1) is Variable or type(x2) is Variable:  # a layer's weights: read them, then compare
            return op(x1.value if type(x1) is Variable else x1, x2.value if type(x2) is Variable else x2)
        exact = _exact_comparison(name, x1, x2)
        if exact is not None:
            return exact
        dtype = to_numpy_dtype(dtypes.result_type(x1, x2))
        return wrap(function(_as(x1, dtype), _as(x2, dtype)))

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"Elementwise ``{name}``, a bool result."
    return op


def _predicate_unary(function: Callable[[np.ndarray], Any], name: str) -> Callable[[Any], np.ndarray]:
    def op(x: Any) -> np.ndarray:
        if type(x) is not _ndarray:
            x = tensor(x)
        if x.dtype == BFLOAT16:
            x = x.astype(np.float32)
        return wrap(function(x))

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"Elementwise ``{name}``, a bool result."
    return op


# ------------------------------------------------------------------ elementwise

abs = _same_unary(np.abs, "abs")
absolute = _same_unary(np.abs, "absolute")
negative = _same_unary(np.negative, "negative")
sign = _same_unary(np.sign, "sign")
conj = _same_unary(np.conjugate, "conj")
conjugate = _same_unary(np.conjugate, "conjugate")
bitwise_invert = _same_unary(np.invert, "bitwise_invert")
bitwise_not = _same_unary(np.invert, "bitwise_not")
trunc = _same_unary(np.trunc, "trunc")

arccos = _float_unary(np.arccos, "arccos")
arccosh = _float_unary(np.arccosh, "arccosh")
arcsin = _float_unary(np.arcsin, "arcsin")
arcsinh = _float_unary(np.arcsinh, "arcsinh")
arctan = _float_unary(np.arctan, "arctan")
arctanh = _float_unary(np.arctanh, "arctanh")
cbrt = _float_unary(np.cbrt, "cbrt")
ceil = _float_unary(np.ceil, "ceil")
cos = _float_unary(np.cos, "cos")
cosh = _float_unary(np.cosh, "cosh")
deg2rad = _float_unary(np.deg2rad, "deg2rad")
exp = _float_unary(np.exp, "exp")
exp2 = _float_unary(np.exp2, "exp2")
expm1 = _float_unary(np.expm1, "expm1")
fabs = _float_unary(np.abs, "fabs")
floor = _float_unary(np.floor, "floor")
log = _float_unary(np.log, "log")
log10 = _float_unary(np.log10, "log10")
log1p = _float_unary(np.log1p, "log1p")
log2 = _float_unary(np.log2, "log2")
rad2deg = _float_unary(np.rad2deg, "rad2deg")
reciprocal = _float_unary(np.reciprocal, "reciprocal")
sin = _float_unary(np.sin, "sin")
sinc = _float_unary(np.sinc, "sinc")
sinh = _float_unary(np.sinh, "sinh")
sqrt = _float_unary(np.sqrt, "sqrt")
tan = _float_unary(np.tan, "tan")
tanh = _float_unary(np.tanh, "tanh")
i0 = _float_unary(lambda x: np.i0(x).astype(x.dtype, copy=False), "i0")

add = _binary(np.add, "add")
subtract = _binary(np.subtract, "subtract")
multiply = _binary(np.multiply, "multiply")
maximum = _binary(np.maximum, "maximum")
minimum = _binary(np.minimum, "minimum")
fmax = _binary(np.fmax, "fmax")
fmin = _binary(np.fmin, "fmin")
floor_divide = _binary(np.floor_divide, "floor_divide")
power = _binary(np.power, "power")
bitwise_and = _binary(np.bitwise_and, "bitwise_and")
bitwise_or = _binary(np.bitwise_or, "bitwise_or")
bitwise_xor = _binary(np.bitwise_xor, "bitwise_xor")
bitwise_left_shift = _binary(np.left_shift, "bitwise_left_shift")
bitwise_right_shift = _binary(np.right_shift, "bitwise_right_shift")
left_shift = _binary(np.left_shift, "left_shift")
right_shift = _binary(np.right_shift, "right_shift")
gcd = _binary(np.gcd, "gcd")
lcm = _binary(np.lcm, "lcm")

divide = _float_binary(np.true_divide, "divide")
true_divide = _float_binary(np.true_divide, "true_divide")
arctan2 = _float_binary(np.arctan2, "arctan2")
hypot = _float_binary(np.hypot, "hypot")
logaddexp = _float_binary(np.logaddexp, "logaddexp")
logaddexp2 = _float_binary(np.logaddexp2, "logaddexp2")
nextafter = _float_binary(np.nextafter, "nextafter")
heaviside = _float_binary(np.heaviside, "heaviside")

equal = _predicate_binary(np.equal, "equal")
not_equal = _predicate_binary(np.not_equal, "not_equal")
greater = _predicate_binary(np.greater, "greater")
greater_equal = _predicate_binary(np.greater_equal, "greater_equal")
less = _predicate_binary(np.less, "less")
less_equal = _predicate_binary(np.less_equal, "less_equal")

isfinite = _predicate_unary(np.isfinite, "isfinite")
isinf = _predicate_unary(np.isinf, "isinf")
isnan = _predicate_unary(np.isnan, "isnan")
signbit = _predicate_unary(np.signbit, "signbit")


def _float_only_predicate(function: Callable[[np.ndarray], Any], name: str) -> Callable[[Any], np.ndarray]:
    def op(x: Any) -> np.ndarray:
        x = tensor(x)
        if x.dtype.kind not in "fc":
            x = x.astype(np.float32) if x.dtype == BFLOAT16 else x
            if x.dtype.kind not in "fc":
                return np.zeros(x.shape, _BOOL)
        return wrap(function(x))

    op.__name__ = op.__qualname__ = name
    return op


isneginf = _float_only_predicate(np.isneginf, "isneginf")
isposinf = _float_only_predicate(np.isposinf, "isposinf")


def isreal(x: Any) -> np.ndarray:
    return wrap(np.isreal(tensor(x)))


def logical_and(x1: Any, x2: Any) -> np.ndarray:
    return wrap(np.logical_and(tensor(x1), tensor(x2)))


def logical_or(x1: Any, x2: Any) -> np.ndarray:
    return wrap(np.logical_or(tensor(x1), tensor(x2)))


def logical_xor(x1: Any, x2: Any) -> np.ndarray:
    return wrap(np.logical_xor(tensor(x1), tensor(x2)))


def logical_not(x: Any) -> np.ndarray:
    return wrap(np.logical_not(tensor(x)))


def square(x: Any) -> np.ndarray:
    if type(x) is not _ndarray:
        x = tensor(x)
    if x.dtype == _BOOL:
        x = x.astype(_INT32)
    result = np.square(x)
    return result if type(result) is _ndarray else np.asarray(result)


def mod(x1: Any, x2: Any) -> np.ndarray:
    dtype_name = dtypes.result_type(x1, x2)
    if dtype_name == "bool":
        dtype_name = "int32"
    dtype = to_numpy_dtype(dtype_name)
    return wrap(np.mod(_as(x1, dtype), _as(x2, dtype)))


def fmod(x1: Any, x2: Any) -> np.ndarray:
    dtype_name = dtypes.result_type(x1, x2)
    if dtype_name == "bool":
        dtype_name = "int32"
    dtype = to_numpy_dtype(dtype_name)
    return wrap(np.fmod(_as(x1, dtype), _as(x2, dtype)))


def divide_no_nan(x1: Any, x2: Any) -> np.ndarray:
    out_name = dtypes.float_result(x1, x2)
    out = to_numpy_dtype(out_name)
    work = compute_dtype(out_name) if out_name == "bfloat16" else out
    a, b = _as(x1, work), _as(x2, work)
    zero = b == 0
    with np.errstate(divide="ignore", invalid="ignore"):
        result = np.where(zero, np.zeros((), work), a / np.where(zero, np.ones((), work), b))
    return _finish(result, out)


def ldexp(x1: Any, x2: Any) -> np.ndarray:
    out_name = dtypes.float_result(x1)
    out = to_numpy_dtype(out_name)
    work = compute_dtype(out_name) if out_name == "bfloat16" else out
    exponent = tensor(x2)
    if exponent.dtype.kind not in "iub":
        raise TypeError(f"ldexp: `x2` must hold integers, received dtype {_name(exponent)}")
    return _finish(np.ldexp(_as(x1, work), exponent.astype(np.int32)), out)


def round(x: Any, decimals: int = 0) -> np.ndarray:
    x = tensor(x)
    if x.dtype == BFLOAT16:
        return np.round(x.astype(np.float32), decimals).astype(BFLOAT16)
    return wrap(np.round(x, decimals))


def clip(x: Any, x_min: Any, x_max: Any) -> np.ndarray:
    dtype_name = dtypes.result_type(x, x_min, x_max)
    if dtype_name == "bool":
        dtype_name = "int32"
    dtype = to_numpy_dtype(dtype_name)
    x_min, x_max = dtypes.clamp_python_bound(x_min, dtype_name), dtypes.clamp_python_bound(x_max, dtype_name)
    return wrap(np.clip(_as(x, dtype), _as(x_min, dtype), _as(x_max, dtype)))


def nan_to_num(x: Any, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None) -> np.ndarray:
    x = tensor(x)
    if x.dtype == BFLOAT16:
        return np.nan_to_num(x.astype(np.float32), nan=nan, posinf=posinf, neginf=neginf).astype(BFLOAT16)
    return wrap(np.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf))


def angle(x: Any) -> np.ndarray:
    x = tensor(x)
    if x.dtype.kind == "c":
        return wrap(np.angle(x))
    work, out = _float_input(x)
    return _finish(np.angle(work), out)


def real(x: Any) -> np.ndarray:
    return wrap(np.real(tensor(x)))


def imag(x: Any) -> np.ndarray:
    x = tensor(x)
    if x.dtype.kind != "c":
        return np.zeros_like(x)
    return wrap(np.imag(x))


def isclose(x1: Any, x2: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> np.ndarray:
    dtype = to_numpy_dtype(dtypes.result_type(x1, x2))
    a, b = _as(x1, dtype), _as(x2, dtype)
    if dtype == BFLOAT16:
        a, b = a.astype(np.float32), b.astype(np.float32)
    return wrap(np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan))


def allclose(x1: Any, x2: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> np.ndarray:
    return np.asarray(np.all(isclose(x1, x2, rtol, atol, equal_nan)))


# ------------------------------------------------------------------ reductions


def _reduce_input(x: Any) -> np.ndarray:
    x = tensor(x)
    return x.astype(np.float32) if x.dtype == BFLOAT16 else x


def sum(x: Any, axis: Any = None, keepdims: bool = False) -> np.ndarray:
    if type(x) is _ndarray and x.dtype in NATIVE_FLOATS:
        return wrap(np.sum(x, axis=_axis(axis), keepdims=keepdims))
    x = tensor(x)
    out = to_numpy_dtype(dtypes.sum_result(x.dtype))
    if out == BFLOAT16:
        return _finish(np.sum(x.astype(np.float32), axis=_axis(axis), keepdims=keepdims), out)
    return wrap(np.sum(x, axis=_axis(axis), keepdims=keepdims, dtype=out))


def prod(x: Any, axis: Any = None, keepdims: bool = False, dtype: Any = None) -> np.ndarray:
    x = tensor(x)
    out = to_numpy_dtype(dtype if dtype is not None else dtypes.sum_result(x.dtype))
    work = np.dtype(np.float32) if out == BFLOAT16 else out
    return _finish(np.prod(_reduce_input(x), axis=_axis(axis), keepdims=keepdims, dtype=work), out)


def _float_reduction(function: Callable[..., Any], name: str) -> Callable[..., np.ndarray]:
    def op(x: Any, axis: Any = None, keepdims: bool = False) -> np.ndarray:
        if type(x) is _ndarray and x.dtype in NATIVE_FLOATS and x.dtype != np.float16:
            return wrap(function(x, axis=_axis(axis), keepdims=keepdims))
        x = tensor(x)
        out_name = dtypes.float_result(x)
        out = to_numpy_dtype(out_name)
        work = compute_dtype(out_name)
        return _finish(function(x.astype(work), axis=_axis(axis), keepdims=keepdims), out)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"``{name}`` reduction; ints and bools give ``floatx()``, half floats accumulate in float32."
    return op


mean = _float_reduction(np.mean, "mean")
var = _float_reduction(np.var, "var")
std = _float_reduction(np.std, "std")
median = _float_reduction(np.median, "median")
nanmean = _float_reduction(np.nanmean, "nanmean")
nanvar = _float_reduction(np.nanvar, "nanvar")
nanstd = _float_reduction(np.nanstd, "nanstd")
nanmedian = _float_reduction(np.nanmedian, "nanmedian")


def _same_reduction(function: Callable[..., Any], name: str) -> Callable[..., np.ndarray]:
    def op(x: Any, axis: Any = None, keepdims: bool = False) -> np.ndarray:
        x = tensor(x)
        if x.dtype == BFLOAT16:
            return _finish(function(x.astype(np.float32), axis=_axis(axis), keepdims=keepdims), BFLOAT16)
        return wrap(function(x, axis=_axis(axis), keepdims=keepdims))

    op.__name__ = op.__qualname__ = name
    return op


amax = _same_reduction(np.max, "amax")
amin = _same_reduction(np.min, "amin")
ptp = _same_reduction(np.ptp, "ptp")


def _nan_extreme(function: Callable[..., Any], plain: Callable[..., Any], name: str) -> Callable[..., np.ndarray]:
    def op(x: Any, axis: Any = None, keepdims: bool = False) -> np.ndarray:
        x = tensor(x)
        chosen = function if x.dtype.kind in "fcV" else plain
        if x.dtype == BFLOAT16:
            return _finish(chosen(x.astype(np.float32), axis=_axis(axis), keepdims=keepdims), BFLOAT16)
        return wrap(chosen(x, axis=_axis(axis), keepdims=keepdims))

    op.__name__ = op.__qualname__ = name
    return op


nanmax = _nan_extreme(np.nanmax, np.max, "nanmax")
nanmin = _nan_extreme(np.nanmin, np.min, "nanmin")


def max(x: Any, axis: Any = None, keepdims: bool = False, initial: Any = None) -> np.ndarray:
    x = tensor(x)
    kwargs = {} if initial is None else {"initial": initial}
    if x.dtype == BFLOAT16:
        return _finish(np.max(x.astype(np.float32), axis=_axis(axis), keepdims=keepdims, **kwargs), BFLOAT16)
    return wrap(np.max(x, axis=_axis(axis), keepdims=keepdims, **kwargs))


def min(x: Any, axis: Any = None, keepdims: bool = False, initial: Any = None) -> np.ndarray:
    x = tensor(x)
    kwargs = {} if initial is None else {"initial": initial}
    if x.dtype == BFLOAT16:
        return _finish(np.min(x.astype(np.float32), axis=_axis(axis), keepdims=keepdims, **kwargs), BFLOAT16)
    return wrap(np.min(x, axis=_axis(axis), keepdims=keepdims, **kwargs))


def all(x: Any, axis: Any = None, keepdims: bool = False) -> np.ndarray:
    return wrap(np.all(tensor(x), axis=_axis(axis), keepdims=keepdims))


def any(x: Any, axis: Any = None, keepdims: bool = False) -> np.ndarray:
    return wrap(np.any(tensor(x), axis=_axis(axis), keepdims=keepdims))


def nansum(x: Any, axis: Any = None, keepdims: bool = False) -> np.ndarray:
    x = tensor(x)
    out = to_numpy_dtype(dtypes.sum_result(x.dtype))
    if x.dtype.kind in "iub":
        return wrap(np.sum(x, axis=_axis(axis), keepdims=keepdims, dtype=out))
    return _finish(np.nansum(_reduce_input(x), axis=_axis(axis), keepdims=keepdims), out)


def nanprod(x: Any, axis: Any = None, keepdims: bool = False) -> np.ndarray:
    x = tensor(x)
    out = to_numpy_dtype(dtypes.sum_result(x.dtype))
    if x.dtype.kind in "iub":
        return wrap(np.prod(x, axis=_axis(axis), keepdims=keepdims, dtype=out))
    return _finish(np.nanprod(_reduce_input(x), axis=_axis(axis), keepdims=keepdims), out)


def _cumulative(function: Callable[..., Any], name: str) -> Callable[..., np.ndarray]:
    def op(x: Any, axis: Any = None, dtype: Any = None) -> np.ndarray:
        x = tensor(x)
        out = to_numpy_dtype(dtype if dtype is not None else dtypes.sum_result(x.dtype))
        work = np.dtype(np.float32) if out == BFLOAT16 else out
        if axis is None:
            x = x.reshape(-1)
            axis = 0
        return _finish(function(_reduce_input(x), axis=axis, dtype=work), out)

    op.__name__ = op.__qualname__ = name
    return op


cumsum = _cumulative(np.cumsum, "cumsum")
cumprod = _cumulative(np.cumprod, "cumprod")
nancumsum = _cumulative(np.nancumsum, "nancumsum")
nancumprod = _cumulative(np.nancumprod, "nancumprod")


def _index_reduction(function: Callable[..., Any], name: str) -> Callable[..., np.ndarray]:
    def op(x: Any, axis: Any = None, keepdims: bool = False) -> np.ndarray:
        x = _reduce_input(x)
        return wrap(function(x, axis=axis, keepdims=keepdims)).astype(INDEX)

    op.__name__ = op.__qualname__ = name
    return op


argmax = _index_reduction(np.argmax, "argmax")
argmin = _index_reduction(np.argmin, "argmin")
nanargmax = _index_reduction(np.nanargmax, "nanargmax")
nanargmin = _index_reduction(np.nanargmin, "nanargmin")


def count_nonzero(x: Any, axis: Any = None) -> np.ndarray:
    return np.asarray(np.count_nonzero(tensor(x), axis=_axis(axis))).astype(INDEX)


def _quantile_op(function: Callable[..., Any], scale: float, name: str) -> Callable[..., np.ndarray]:
    def op(x: Any, q: Any, axis: Any = None, method: str = "linear", keepdims: bool = False) -> np.ndarray:
        x = tensor(x)
        out_name = dtypes.float_result(x)
        work = compute_dtype(out_name)
        q = np.asarray(tensor(q), dtype=np.float64) / scale
        result = function(x.astype(work), q, axis=_axis(axis), method=method, keepdims=keepdims)
        return _finish(result, to_numpy_dtype(out_name))

    op.__name__ = op.__qualname__ = name
    return op


quantile = _quantile_op(np.quantile, 1.0, "quantile")
nanquantile = _quantile_op(np.nanquantile, 1.0, "nanquantile")
percentile = _quantile_op(np.quantile, 100.0, "percentile")
nanpercentile = _quantile_op(np.nanquantile, 100.0, "nanpercentile")


def average(x: Any, axis: Any = None, weights: Any = None) -> np.ndarray:
    x = tensor(x)
    if weights is None:
        return mean(x, axis)
    weights = tensor(weights)
    out_name = dtypes.float_result(x, weights)
    work = compute_dtype(out_name)
    return _finish(np.average(x.astype(work), axis=_axis(axis), weights=weights.astype(work)), to_numpy_dtype(out_name))


def trace(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> np.ndarray:
    x = tensor(x)
    out = to_numpy_dtype(dtypes.sum_result(x.dtype))
    work = np.dtype(np.float32) if out == BFLOAT16 else out
    return _finish(np.trace(_reduce_input(x), offset=offset, axis1=axis1, axis2=axis2, dtype=work), out)


# ------------------------------------------------------------------ linear algebra-ish


def matmul(x1: Any, x2: Any) -> np.ndarray:
    if type(x1) is not _ndarray or type(x2) is not _ndarray:
        if type(x1) is Variable:  # a layer's weights: read them, then take the fast path
            x1 = x1.value
        if type(x2) is Variable:
            x2 = x2.value
    if type(x1) is _ndarray and type(x2) is _ndarray and (dtype := x1.dtype) is x2.dtype and dtype in NATIVE_FLOATS:
        result = np.matmul(x1, x2)
        return result if type(result) is _ndarray else np.asarray(result)
    out_name = dtypes.result_type(x1, x2)
    out = to_numpy_dtype(out_name)
    work = np.dtype(np.float32) if out == BFLOAT16 else out
    return _finish(np.matmul(_as(x1, work), _as(x2, work)), out)


def _promoted_pair(function: Callable[..., Any], name: str) -> Callable[..., np.ndarray]:
    def op(x1: Any, x2: Any, *args: Any) -> np.ndarray:
        out = to_numpy_dtype(dtypes.result_type(x1, x2))
        work = np.dtype(np.float32) if out == BFLOAT16 else out
        return _finish(function(_as(x1, work), _as(x2, work), *args), out)

    op.__name__ = op.__qualname__ = name
    return op


dot = _promoted_pair(np.dot, "dot")
inner = _promoted_pair(np.inner, "inner")
outer = _promoted_pair(np.outer, "outer")
kron = _promoted_pair(np.kron, "kron")
vdot = _promoted_pair(np.vdot, "vdot")


def tensordot(x1: Any, x2: Any, axes: Any = 2) -> np.ndarray:
    out = to_numpy_dtype(dtypes.result_type(x1, x2))
    work = np.dtype(np.float32) if out == BFLOAT16 else out
    return _finish(np.tensordot(_as(x1, work), _as(x2, work), axes=axes), out)


def cross(x1: Any, x2: Any, axisa: int = -1, axisb: int = -1, axisc: int = -1, axis: int | None = None) -> np.ndarray:
    out = to_numpy_dtype(dtypes.result_type(x1, x2))
    work = np.dtype(np.float32) if out == BFLOAT16 else out
    return _finish(np.cross(_as(x1, work), _as(x2, work), axisa=axisa, axisb=axisb, axisc=axisc, axis=axis), out)


def einsum(subscripts: str, *operands: Any) -> np.ndarray:
    out = to_numpy_dtype(dtypes.result_type(*operands))
    work = np.dtype(np.float32) if out == BFLOAT16 else out
    return _finish(np.einsum(subscripts, *[_as(x, work) for x in operands]), out)


def correlate(x1: Any, x2: Any, mode: str = "valid") -> np.ndarray:
    out_name = dtypes.float_result(x1, x2)
    work = compute_dtype(out_name)
    return _finish(np.correlate(_as(x1, work), _as(x2, work), mode=mode), to_numpy_dtype(out_name))


def corrcoef(x: Any) -> np.ndarray:
    work, out = _float_input(x)
    return _finish(np.corrcoef(work.astype(compute_dtype(_name(work)))), out)


def slogdet(x: Any) -> tuple[np.ndarray, np.ndarray]:
    work, out = _float_input(x)
    sign_, logdet = np.linalg.slogdet(work.astype(compute_dtype(_name(work))))
    return _finish(sign_, out), _finish(logdet, out)


def trapezoid(y: Any, x: Any = None, dx: float = 1.0, axis: int = -1) -> np.ndarray:
    y = tensor(y)
    out_name = dtypes.float_result(y) if x is None else dtypes.float_result(y, x)
    work = compute_dtype(out_name)
    xs = None if x is None else _as(x, work)
    return _finish(np.trapezoid(y.astype(work), x=xs, dx=dx, axis=axis), to_numpy_dtype(out_name))


# ------------------------------------------------------------------ creation


def _shape_arg(shape: Any) -> tuple[int, ...]:
    if isinstance(shape, (int, np.integer)):
        return (int(shape),)
    return tuple(int(d) for d in shape)


def ones(shape: Any, dtype: Any = None) -> np.ndarray:
    return np.ones(_shape_arg(shape), dtype=to_numpy_dtype(dtype))


def zeros(shape: Any, dtype: Any = None) -> np.ndarray:
    return np.zeros(_shape_arg(shape), dtype=to_numpy_dtype(dtype))


def empty(shape: Any, dtype: Any = None) -> np.ndarray:
    return np.empty(_shape_arg(shape), dtype=to_numpy_dtype(dtype))


def _like_dtype(x: np.ndarray, dtype: Any) -> np.dtype:
    return x.dtype if dtype is None else to_numpy_dtype(dtype)


def ones_like(x: Any, dtype: Any = None) -> np.ndarray:
    x = tensor(x)
    return np.ones(x.shape, dtype=_like_dtype(x, dtype))


def zeros_like(x: Any, dtype: Any = None) -> np.ndarray:
    x = tensor(x)
    return np.zeros(x.shape, dtype=_like_dtype(x, dtype))


def empty_like(x: Any, dtype: Any = None) -> np.ndarray:
    x = tensor(x)
    return np.empty(x.shape, dtype=_like_dtype(x, dtype))


def full(shape: Any, fill_value: Any, dtype: Any = None) -> np.ndarray:
    dtype = to_numpy_dtype(dtype if dtype is not None else dtypes.result_type(fill_value))
    return np.array(np.broadcast_to(_as(fill_value, dtype), _shape_arg(shape)))


def full_like(x: Any, fill_value: Any, dtype: Any = None) -> np.ndarray:
    x = tensor(x)
    dtype = _like_dtype(x, dtype)
    return np.array(np.broadcast_to(_as(fill_value, dtype), x.shape))


def eye(N: int, M: int | None = None, k: int = 0, dtype: Any = None) -> np.ndarray:
    return np.eye(int(N), None if M is None else int(M), k=int(k), dtype=to_numpy_dtype(dtype))


def identity(n: int, dtype: Any = None) -> np.ndarray:
    return np.identity(int(n), dtype=to_numpy_dtype(dtype))


def tri(N: int, M: int | None = None, k: int = 0, dtype: Any = None) -> np.ndarray:
    return np.tri(int(N), None if M is None else int(M), k=int(k), dtype=to_numpy_dtype(dtype))


def arange(start: Any, stop: Any = None, step: Any = None, dtype: Any = None) -> np.ndarray:
    if dtype is None:
        given = [v for v in (start, stop, step) if v is not None]
        dtype = dtypes.result_type(*given)
    out = to_numpy_dtype(dtype)
    if stop is None:
        start, stop = 0, start
    if step is None:
        step = 1
    start, stop, step = (v.item() if isinstance(v, (np.ndarray, np.generic)) else v for v in (start, stop, step))
    if out == BFLOAT16:
        return np.arange(start, stop, step, dtype=np.float32).astype(BFLOAT16)
    return np.arange(start, stop, step, dtype=out)


def _space_dtype(start: Any, stop: Any, dtype: Any) -> np.dtype:
    return to_numpy_dtype(dtype if dtype is not None else dtypes.float_result(start, stop))


def linspace(start: Any, stop: Any, num: int = 50, endpoint: bool = True, retstep: bool = False, dtype: Any = None, axis: int = 0) -> Any:
    out = _space_dtype(start, stop, dtype)
    samples, step = np.linspace(tensor(start), tensor(stop), int(num), endpoint=endpoint, retstep=True, axis=axis, dtype=np.float64)
    if out.kind in "iu":
        samples = np.floor(samples)
    samples = samples.astype(out)
    if retstep:
        return samples, np.asarray(step).astype(out)
    return samples


def logspace(start: Any, stop: Any, num: int = 50, endpoint: bool = True, base: float = 10, dtype: Any = None, axis: int = 0) -> np.ndarray:
    out = _space_dtype(start, stop, dtype)
    return np.logspace(tensor(start), tensor(stop), int(num), endpoint=endpoint, base=base, axis=axis, dtype=np.float64).astype(out)


def geomspace(start: Any, stop: Any, num: int = 50, endpoint: bool = True, dtype: Any = None, axis: int = 0) -> np.ndarray:
    out = _space_dtype(start, stop, dtype)
    return np.geomspace(tensor(start), tensor(stop), int(num), endpoint=endpoint, axis=axis, dtype=np.float64).astype(out)


def _window(function: Callable[..., Any], name: str) -> Callable[[Any], np.ndarray]:
    def op(x: Any) -> np.ndarray:
        return function(int(x)).astype(to_numpy_dtype(config.floatx()))

    op.__name__ = op.__qualname__ = name
    return op


bartlett = _window(np.bartlett, "bartlett")
blackman = _window(np.blackman, "blackman")
hamming = _window(np.hamming, "hamming")
hanning = _window(np.hanning, "hanning")


def kaiser(x: Any, beta: float) -> np.ndarray:
    return np.kaiser(int(x), float(beta)).astype(to_numpy_dtype(config.floatx()))


def array(x: Any, dtype: Any = None) -> np.ndarray:
    return convert_to_tensor(x, dtype)


def copy(x: Any) -> np.ndarray:
    return np.array(tensor(x), copy=True)


def vander(x: Any, N: int | None = None, increasing: bool = False) -> np.ndarray:
    x = tensor(x)
    out = to_numpy_dtype(dtypes.result_type(x))
    work = np.dtype(np.float32) if out == BFLOAT16 else out
    return _finish(np.vander(x.astype(work), N, increasing=increasing), out)


def meshgrid(*x: Any, indexing: str = "xy") -> list[np.ndarray]:
    return [np.array(grid) for grid in np.meshgrid(*[tensor(v) for v in x], indexing=indexing)]


# ------------------------------------------------------------------ shape manipulation


def reshape(x: Any, newshape: Any) -> np.ndarray:
    if type(x) is not _ndarray:
        x = tensor(x)
    if type(newshape) is tuple:
        return x.reshape(newshape)
    if isinstance(newshape, (int, np.integer)):
        newshape = (int(newshape),)
    return np.reshape(x, tuple(int(d) for d in newshape))


def ravel(x: Any) -> np.ndarray:
    return np.ravel(tensor(x))


def transpose(x: Any, axes: Any = None) -> np.ndarray:
    if type(x) is not _ndarray:
        x = tensor(x)
    return np.transpose(x, _axis(axes))


def expand_dims(x: Any, axis: Any) -> np.ndarray:
    return np.expand_dims(tensor(x), _axis(axis))


def squeeze(x: Any, axis: Any = None) -> np.ndarray:
    return np.squeeze(tensor(x), _axis(axis))


def broadcast_to(x: Any, shape: Any) -> np.ndarray:
    return np.array(np.broadcast_to(tensor(x), _shape_arg(shape)))


def moveaxis(x: Any, source: Any, destination: Any) -> np.ndarray:
    return np.moveaxis(tensor(x), _axis(source), _axis(destination))


def swapaxes(x: Any, axis1: int, axis2: int) -> np.ndarray:
    return np.swapaxes(tensor(x), axis1, axis2)


def flip(x: Any, axis: Any = None) -> np.ndarray:
    return np.flip(tensor(x), _axis(axis))


def fliplr(x: Any) -> np.ndarray:
    return np.fliplr(tensor(x))


def flipud(x: Any) -> np.ndarray:
    return np.flipud(tensor(x))


def rot90(array: Any, k: int = 1, axes: Any = (0, 1)) -> np.ndarray:
    return np.rot90(tensor(array), k=k, axes=tuple(axes))


def roll(x: Any, shift: Any, axis: Any = None) -> np.ndarray:
    return np.roll(tensor(x), _axis(shift), axis=_axis(axis))


def tile(x: Any, repeats: Any) -> np.ndarray:
    return np.tile(tensor(x), repeats)


def repeat(x: Any, repeats: Any, axis: int | None = None) -> np.ndarray:
    return np.repeat(tensor(x), tensor(repeats) if not isinstance(repeats, int) else repeats, axis=axis)


def _promote_all(xs: Any) -> tuple[list[np.ndarray], np.dtype]:
    xs = list(xs)
    dtype = to_numpy_dtype(dtypes.result_type(*xs))
    return [_as(x, dtype) for x in xs], dtype


def concatenate(xs: Any, axis: int | None = 0) -> np.ndarray:
    arrays, _ = _promote_all(xs)
    return np.concatenate(arrays, axis=axis)


def stack(x: Any, axis: int = 0) -> np.ndarray:
    arrays, _ = _promote_all(x)
    return np.stack(arrays, axis=axis)


def hstack(xs: Any) -> np.ndarray:
    arrays, _ = _promote_all(xs)
    return np.hstack(arrays)


def vstack(xs: Any) -> np.ndarray:
    arrays, _ = _promote_all(xs)
    return np.vstack(arrays)


def dstack(xs: Any) -> np.ndarray:
    arrays, _ = _promote_all(xs)
    return np.dstack(arrays)


def append(x1: Any, x2: Any, axis: int | None = None) -> np.ndarray:
    (a, b), _ = _promote_all((x1, x2))
    return np.append(a, b, axis=axis)


def _sections(indices_or_sections: Any) -> Any:
    if isinstance(indices_or_sections, (int, np.integer)):
        return int(indices_or_sections)
    return [int(i) for i in np.asarray(tensor(indices_or_sections)).reshape(-1)]


def split(x: Any, indices_or_sections: Any, axis: int = 0) -> list[np.ndarray]:
    return list(np.split(tensor(x), _sections(indices_or_sections), axis=axis))


def array_split(x: Any, indices_or_sections: Any, axis: int = 0) -> list[np.ndarray]:
    return list(np.array_split(tensor(x), _sections(indices_or_sections), axis=axis))


def hsplit(x: Any, indices_or_sections: Any) -> list[np.ndarray]:
    return list(np.hsplit(tensor(x), _sections(indices_or_sections)))


def vsplit(x: Any, indices_or_sections: Any) -> list[np.ndarray]:
    return list(np.vsplit(tensor(x), _sections(indices_or_sections)))


def dsplit(x: Any, indices_or_sections: Any) -> list[np.ndarray]:
    return list(np.dsplit(tensor(x), _sections(indices_or_sections)))


def pad(x: Any, pad_width: Any, mode: str = "constant", constant_values: Any = None) -> np.ndarray:
    x = tensor(x)
    width = np.asarray(pad_width, dtype=np.int64)
    if mode == "constant":
        value = 0 if constant_values is None else constant_values
        return np.pad(x, width, mode="constant", constant_values=np.asarray(value).astype(x.dtype))
    if constant_values is not None:
        raise ValueError(f"pad: `constant_values` is only allowed with mode='constant', received mode={mode!r}")
    return np.pad(x, width, mode=mode)


def diag(x: Any, k: int = 0) -> np.ndarray:
    return np.array(np.diag(tensor(x), k=k))


def diagflat(x: Any, k: int = 0) -> np.ndarray:
    return np.diagflat(tensor(x), k=k)


def diagonal(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> np.ndarray:
    return np.array(np.diagonal(tensor(x), offset=offset, axis1=axis1, axis2=axis2))


def tril(x: Any, k: int = 0) -> np.ndarray:
    return np.tril(tensor(x), k=k)


def triu(x: Any, k: int = 0) -> np.ndarray:
    return np.triu(tensor(x), k=k)


def diff(a: Any, n: int = 1, axis: int = -1) -> np.ndarray:
    return np.diff(tensor(a), n=n, axis=axis)


def ndim(x: Any) -> int:
    return int(np.ndim(tensor(x)))


def size(x: Any) -> int:
    return int(np.size(tensor(x)))


def view(x: Any, dtype: Any = None) -> np.ndarray:
    x = tensor(x)
    if dtype is None:
        return x.view()
    return x.view(to_numpy_dtype(dtype))


# ------------------------------------------------------------------ indexing / sorting


def _key(key: Any) -> Any:
    if isinstance(key, tuple):
        return tuple(_key(k) for k in key)
    if isinstance(key, (int, builtins.slice, type(None), type(Ellipsis), np.ndarray, np.integer)):
        return key
    if isinstance(key, list):
        return tensor(key)
    return tensor(key)


def get_item(x: Any, key: Any) -> np.ndarray:
    if type(x) is not _ndarray:
        x = tensor(x)
    return wrap(x[_key(key)])


def take(x: Any, indices: Any, axis: int | None = None) -> np.ndarray:
    return wrap(np.take(tensor(x), tensor(indices), axis=axis))


def take_along_axis(x: Any, indices: Any, axis: int | None = None) -> np.ndarray:
    x, indices = tensor(x), tensor(indices)
    if axis is None:
        return np.take_along_axis(x.reshape(-1), indices.reshape(-1), axis=0)
    # Keras broadcasts the non-axis dimensions of x and indices.
    axis = axis % x.ndim
    x_shape = list(x.shape)
    i_shape = list(indices.shape)
    x_shape[axis] = 1
    i_shape[axis] = 1
    common = list(np.broadcast_shapes(tuple(x_shape), tuple(i_shape)))
    x_target = common.copy()
    x_target[axis] = x.shape[axis]
    i_target = common.copy()
    i_target[axis] = indices.shape[axis]
    return np.take_along_axis(np.broadcast_to(x, x_target), np.broadcast_to(indices, i_target), axis=axis)


def sort(x: Any, axis: int | None = -1) -> np.ndarray:
    return np.sort(tensor(x), axis=axis, kind="stable")


def argsort(x: Any, axis: int | None = -1) -> np.ndarray:
    return np.argsort(_reduce_input(x), axis=axis, kind="stable").astype(INDEX)


def argpartition(x: Any, kth: Any, axis: int = -1) -> np.ndarray:
    return np.argpartition(_reduce_input(x), kth, axis=axis).astype(INDEX)


def searchsorted(sorted_sequence: Any, values: Any, side: str = "left") -> np.ndarray:
    sorted_sequence = tensor(sorted_sequence)
    if sorted_sequence.ndim != 1:
        raise ValueError(f"searchsorted: `sorted_sequence` must be 1-D, received shape {sorted_sequence.shape}")
    dtype = to_numpy_dtype(dtypes.result_type(sorted_sequence, values))
    return wrap(np.searchsorted(_as(sorted_sequence, dtype), _as(values, dtype), side=side)).astype(INDEX)


def digitize(x: Any, bins: Any) -> np.ndarray:
    return wrap(np.digitize(_reduce_input(x), _reduce_input(bins))).astype(INDEX)


def nonzero(x: Any) -> tuple[np.ndarray, ...]:
    return tuple(i.astype(INDEX) for i in np.nonzero(tensor(x)))


def where(condition: Any, x1: Any = None, x2: Any = None) -> Any:
    if x1 is None and x2 is None:
        return nonzero(condition)
    if x1 is None or x2 is None:
        raise ValueError("where: `x1` and `x2` must both be given or both be None")
    condition = tensor(condition)
    if type(x1) is _ndarray and type(x2) is _ndarray and x1.dtype == x2.dtype:
        return wrap(np.where(condition, x1, x2))
    dtype = to_numpy_dtype(dtypes.result_type(x1, x2))
    return wrap(np.where(condition, _as(x1, dtype), _as(x2, dtype)))


def select(condlist: Any, choicelist: Any, default: Any = 0) -> np.ndarray:
    choices = [tensor(c) for c in choicelist]
    dtype = to_numpy_dtype(dtypes.result_type(*choices, default))
    conditions = [tensor(c).astype(bool) for c in condlist]
    return wrap(np.select(conditions, [c.astype(dtype) for c in choices], default=_as(default, dtype)))


def isin(x1: Any, x2: Any, assume_unique: bool = False, invert: bool = False) -> np.ndarray:
    return wrap(np.isin(tensor(x1), tensor(x2), assume_unique=assume_unique, invert=invert))


def bincount(x: Any, weights: Any = None, minlength: int = 0) -> np.ndarray:
    x = tensor(x)
    if x.dtype.kind not in "iub":
        raise TypeError(f"bincount: `x` must hold non-negative integers, received dtype {_name(x)}")
    if weights is not None:
        weights = tensor(weights)
        out = to_numpy_dtype(dtypes.result_type(weights))
        if out == np.dtype(bool):
            out = _INT32
    else:
        out = INDEX
    length = builtins.max(int(minlength), int(x.max()) + 1 if x.size else 0)
    if x.ndim == 1:
        w = None if weights is None else weights.astype(np.float64)
        return np.bincount(x, weights=w, minlength=length).astype(out)
    if x.ndim == 2:
        rows = []
        for i in range(x.shape[0]):
            w = None if weights is None else weights[i].astype(np.float64)
            rows.append(np.bincount(x[i], weights=w, minlength=length))
        return np.stack(rows).astype(out) if rows else np.zeros((0, length), out)
    raise ValueError(f"bincount: `x` must be 1-D or 2-D, received shape {x.shape}")


def histogram(x: Any, bins: int = 10, range: Any = None) -> tuple[np.ndarray, np.ndarray]:
    x = tensor(x)
    if x.ndim != 1:
        raise ValueError(f"histogram: `x` must be 1-D, received shape {x.shape}")
    out_name = dtypes.float_result(x)
    counts, edges = np.histogram(x.astype(np.float64), bins=bins, range=range)
    return counts.astype(INDEX), edges.astype(to_numpy_dtype(out_name))


def unique(
    x: Any,
    sorted: bool = True,
    return_index: bool = False,
    return_inverse: bool = False,
    return_counts: bool = False,
    axis: int | None = None,
    size: int | None = None,
    fill_value: Any = None,
) -> Any:
    x = tensor(x)
    values, index, inverse, counts = np.unique(
        x, return_index=True, return_inverse=True, return_counts=True, axis=axis
    )
    if axis is None:
        inverse = inverse.reshape(x.shape)
    if size is not None:
        present = values.shape[0 if axis is None else axis]
        if present > size:
            values = np.take(values, np.arange(size), axis=0 if axis is None else axis)
            index, counts = index[:size], counts[:size]
        elif present < size:
            missing = size - present
            fill = 0 if fill_value is None else fill_value
            pad_shape = list(values.shape)
            pad_shape[0 if axis is None else axis] = missing
            values = np.concatenate([values, np.full(pad_shape, fill, values.dtype)], axis=0 if axis is None else axis)
            index = np.concatenate([index, np.zeros(missing, index.dtype)])
            counts = np.concatenate([counts, np.zeros(missing, counts.dtype)])
    outputs = [values]
    if return_index:
        outputs.append(index.astype(INDEX))
    if return_inverse:
        outputs.append(inverse.astype(INDEX))
    if return_counts:
        outputs.append(counts.astype(INDEX))
    return outputs[0] if len(outputs) == 1 else tuple(outputs)


def unravel_index(indices: Any, shape: Any) -> tuple[np.ndarray, ...]:
    indices = tensor(indices)
    out = indices.dtype if indices.dtype.kind in "iu" else INDEX
    return tuple(np.asarray(i).astype(out) for i in np.unravel_index(indices, _shape_arg(shape)))

