"""NumPy-API ops of the JAX backend, on ``jax.numpy`` with the multikeras dtype rules."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Sequence
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from multikeras.backend import config, dtypes
from multikeras.backends.jax.core import INDEX, Array, convert_to_tensor, floatx_dtype, to_jax_dtype
from multikeras.state.variable import Variable

tensor = convert_to_tensor
_FLOATLIKE = frozenset(to_jax_dtype(n) for n in dtypes.FLOATING + dtypes.COMPLEX)
_INTEGER = frozenset(to_jax_dtype(n) for n in dtypes.INTEGER)
_BOOL = np.dtype(bool)
_INT32 = np.dtype("int32")


def _axis(axis: Any) -> Any:
    return tuple(axis) if isinstance(axis, list) else axis


def _check_axis(x: Array, axis: Any) -> None:
    """Raise for an axis outside ``[-ndim, ndim)`` (JAX would wrap some of them)."""
    if axis is None:
        return
    for a in axis if isinstance(axis, (tuple, list)) else (axis,):
        if not -x.ndim <= int(a) < x.ndim:
            raise ValueError(f"axis {a} is out of bounds for an array of rank {x.ndim}")


def _float_input(x: Any) -> Array:
    x = tensor(x)
    return x if x.dtype in _FLOATLIKE else x.astype(floatx_dtype())


# Array dtype kinds whose dtype a weak Python scalar of this type leaves unchanged
# (JAX's own weak typing then gives the multikeras result, so no conversion is needed).
_WEAK_KEEPS = {int: frozenset("iufcV"), float: frozenset("fcV")}
_NO_KINDS: frozenset[str] = frozenset()


def _weak_pair(x1: Any, x2: Any) -> bool:
    """``True`` when one input is an array and the other a Python scalar it absorbs.

    A Python int must fit an integer array's dtype: JAX would wrap ``300`` to 44
    in uint8; the general path raises instead (and comparisons answer exactly).
    """
    if isinstance(x1, Array):
        array, scalar = x1, x2
    elif isinstance(x2, Array):
        array, scalar = x2, x1
    else:
        return False
    kind = array.dtype.kind
    if kind not in _WEAK_KEEPS.get(type(scalar), _NO_KINDS):
        return False
    # JAX cannot take an int outside int64 as a weak scalar at all, whatever the array (2**63 with a uint64 array,
    # 2**70 with a float32 one: "overflow encountered while parsing"): converted to the result dtype first.
    if type(scalar) is int and not -(2**63) <= scalar < 2**63:
        return False
    if kind not in "iu":
        return True
    # Bounds looked up by the dtype object: ``dtype.name`` is computed in Python by NumPy (about 3 us a call).
    bounds = _INT_BOUNDS.get(array.dtype)
    if bounds is None:
        return dtypes.python_int_fits(scalar, dtypes.standardize_dtype(array.dtype))
    return bounds[0] <= scalar <= bounds[1]


_INT_BOUNDS = {np.dtype(name): bounds for name, bounds in dtypes.INTEGER_BOUNDS.items()}


def _exact_comparison(name: str, x1: Any, x2: Any) -> Array | None:
    """All-True or all-False for an array compared with a Python int outside its dtype; ``None`` otherwise."""
    if isinstance(x1, Variable):  # a layer's weights
        x1 = x1.value
    if isinstance(x2, Variable):
        x2 = x2.value
    # NumPy arrays and scalars too: converted, they would raise for the int (the numpy backend answers exactly).
    if isinstance(x1, _ARRAY_OPERANDS) and type(x2) is int:
        answer = dtypes.python_int_comparison(name, dtypes.standardize_dtype(x1.dtype), x2)
        return None if answer is None else jnp.full(x1.shape, answer, bool)
    if isinstance(x2, _ARRAY_OPERANDS) and type(x1) is int:
        answer = dtypes.python_int_comparison(name, dtypes.standardize_dtype(x2.dtype), x1, int_first=True)
        return None if answer is None else jnp.full(x2.shape, answer, bool)
    return None


_ARRAY_OPERANDS = (Array, np.ndarray, np.generic)


def _promote(x1: Any, x2: Any) -> tuple[Array, Array]:
    if isinstance(x1, Array) and isinstance(x2, Array) and x1.dtype == x2.dtype:
        return x1, x2
    dtype = to_jax_dtype(dtypes.result_type(x1, x2))
    return tensor(x1, dtype), tensor(x2, dtype)


def _promote_float(x1: Any, x2: Any) -> tuple[Array, Array]:
    if isinstance(x1, Array) and isinstance(x2, Array) and x1.dtype == x2.dtype and x1.dtype in _FLOATLIKE:
        return x1, x2
    dtype = to_jax_dtype(dtypes.float_result(x1, x2))
    return tensor(x1, dtype), tensor(x2, dtype)


def _same_unary(function: Callable[[Array], Any], name: str) -> Callable[[Any], Array]:
    def op(x: Any) -> Array:
        return function(tensor(x))

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"``{name}`` elementwise; keeps the input dtype."
    return op


def _float_unary(function: Callable[[Array], Any], name: str) -> Callable[[Any], Array]:
    def op(x: Any) -> Array:
        x = tensor(x)
        if x.dtype not in _FLOATLIKE:
            x = x.astype(floatx_dtype())
        return function(x)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"``{name}`` elementwise; ints and bools give ``floatx()``."
    return op


def _binary(function: Callable[[Array, Array], Any], name: str) -> Callable[[Any, Any], Array]:
    def op(x1: Any, x2: Any) -> Array:
        if isinstance(x1, Array) and isinstance(x2, Array) and x1.dtype == x2.dtype or _weak_pair(x1, x2):
            return function(x1, x2)
        dtype = to_jax_dtype(dtypes.result_type(x1, x2))
        return function(tensor(x1, dtype), tensor(x2, dtype))

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"``{name}`` elementwise, inputs promoted by ``result_type``."
    return op


def _float_binary(function: Callable[[Array, Array], Any], name: str) -> Callable[[Any, Any], Array]:
    def op(x1: Any, x2: Any) -> Array:
        return function(*_promote_float(x1, x2))

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"``{name}`` elementwise, inputs promoted by ``float_result``."
    return op


def _predicate_binary(function: Callable[[Array, Array], Any], name: str) -> Callable[[Any, Any], Array]:
    def op(x1: Any, x2: Any) -> Array:
        if isinstance(x1, Array) and isinstance(x2, Array) and x1.dtype == x2.dtype or _weak_pair(x1, x2):
            return function(x1, x2)
        exact = _exact_comparison(name, x1, x2)
        if exact is not None:
            return exact
        return function(*_promote(x1, x2))

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"``{name}`` elementwise; returns bool."
    return op


# ------------------------------------------------------------------ elementwise

abs = _same_unary(jnp.abs, "abs")
absolute = _same_unary(jnp.abs, "absolute")
negative = _same_unary(jnp.negative, "negative")
sign = _same_unary(jnp.sign, "sign")
conj = _same_unary(jnp.conj, "conj")
conjugate = _same_unary(jnp.conj, "conjugate")
copy = _same_unary(jnp.array, "copy")
bitwise_invert = _same_unary(jnp.bitwise_not, "bitwise_invert")
bitwise_not = _same_unary(jnp.bitwise_not, "bitwise_not")

for _name, _fn in {
    "arccos": jnp.arccos, "arccosh": jnp.arccosh, "arcsin": jnp.arcsin, "arcsinh": jnp.arcsinh,
    "arctan": jnp.arctan, "arctanh": jnp.arctanh, "cos": jnp.cos, "cosh": jnp.cosh, "sin": jnp.sin,
    "sinh": jnp.sinh, "tan": jnp.tan, "tanh": jnp.tanh, "exp": jnp.exp, "exp2": jnp.exp2,
    "expm1": jnp.expm1, "log": jnp.log, "log10": jnp.log10, "log1p": jnp.log1p, "log2": jnp.log2,
    "sqrt": jnp.sqrt, "cbrt": jnp.cbrt, "deg2rad": jnp.deg2rad, "rad2deg": jnp.rad2deg,
    "sinc": jnp.sinc, "i0": jnp.i0, "ceil": jnp.ceil, "floor": jnp.floor, "fabs": jnp.fabs,
    "reciprocal": jnp.reciprocal,
}.items():
    globals()[_name] = _float_unary(_fn, _name)

for _name, _fn in {
    "add": jnp.add, "subtract": jnp.subtract, "multiply": jnp.multiply, "maximum": jnp.maximum,
    "minimum": jnp.minimum, "floor_divide": jnp.floor_divide, "fmod": jnp.fmod, "power": jnp.power,
    "bitwise_and": jnp.bitwise_and, "bitwise_or": jnp.bitwise_or, "bitwise_xor": jnp.bitwise_xor,
    "bitwise_left_shift": jnp.left_shift, "bitwise_right_shift": jnp.right_shift,
    "left_shift": jnp.left_shift, "right_shift": jnp.right_shift, "gcd": jnp.gcd, "lcm": jnp.lcm,
    "fmax": jnp.fmax, "fmin": jnp.fmin, "mod": jnp.mod, "heaviside": jnp.heaviside,
}.items():
    globals()[_name] = _binary(_fn, _name)

for _name, _fn in {
    "arctan2": jnp.arctan2, "divide": jnp.true_divide, "true_divide": jnp.true_divide, "hypot": jnp.hypot,
    "logaddexp": jnp.logaddexp, "logaddexp2": jnp.logaddexp2, "nextafter": jnp.nextafter,
}.items():
    globals()[_name] = _float_binary(_fn, _name)

for _name, _fn in {
    "equal": jnp.equal, "not_equal": jnp.not_equal, "greater": jnp.greater, "greater_equal": jnp.greater_equal,
    "less": jnp.less, "less_equal": jnp.less_equal,
}.items():
    globals()[_name] = _predicate_binary(_fn, _name)


def _float_only_predicate(function: Callable[[Array], Any], on_other: bool, name: str) -> Callable[[Any], Array]:
    def op(x: Any) -> Array:
        x = tensor(x)
        if x.dtype in _FLOATLIKE:
            return function(x)
        return jnp.full(x.shape, on_other, dtype=_BOOL)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"``{name}`` elementwise; returns bool."
    return op


isfinite = _float_only_predicate(jnp.isfinite, True, "isfinite")
isinf = _float_only_predicate(jnp.isinf, False, "isinf")
isnan = _float_only_predicate(jnp.isnan, False, "isnan")
isneginf = _float_only_predicate(jnp.isneginf, False, "isneginf")
isposinf = _float_only_predicate(jnp.isposinf, False, "isposinf")


def isreal(x: Any) -> Array:
    return jnp.isreal(tensor(x))


def signbit(x: Any) -> Array:
    x = tensor(x)
    if x.dtype == _BOOL:
        return jnp.zeros(x.shape, _BOOL)
    return jnp.signbit(x)


def logical_and(x1: Any, x2: Any) -> Array:
    return jnp.logical_and(tensor(x1), tensor(x2))


def logical_or(x1: Any, x2: Any) -> Array:
    return jnp.logical_or(tensor(x1), tensor(x2))


def logical_xor(x1: Any, x2: Any) -> Array:
    return jnp.logical_xor(tensor(x1), tensor(x2))


def logical_not(x: Any) -> Array:
    return jnp.logical_not(tensor(x))


def square(x: Any) -> Array:
    x = tensor(x)
    if x.dtype == _BOOL:
        x = x.astype(_INT32)
    return jnp.square(x)


def trunc(x: Any) -> Array:
    x = tensor(x)
    if x.dtype in _FLOATLIKE:
        return jnp.trunc(x)
    return x


def divide_no_nan(x1: Any, x2: Any) -> Array:
    x1, x2 = _promote_float(x1, x2)
    safe = jnp.where(x2 == 0, jnp.ones_like(x2), x2)
    return jnp.where(x2 == 0, jnp.zeros_like(x1), x1 / safe)


def ldexp(x1: Any, x2: Any) -> Array:
    x1 = _float_input(x1)
    x2 = tensor(x2)
    if x2.dtype not in _INTEGER:
        raise TypeError(f"ldexp: `x2` must hold integers, received dtype {x2.dtype.name}")
    return (x1 * jnp.exp2(x2.astype(x1.dtype))).astype(x1.dtype)


def round(x: Any, decimals: int = 0) -> Array:
    x = tensor(x)
    if x.dtype in _INTEGER and decimals >= 0 or x.dtype == _BOOL:
        return x
    return jnp.round(x, decimals)


def clip(x: Any, x_min: Any, x_max: Any) -> Array:
    name = dtypes.result_type(x, x_min, x_max)
    dtype = to_jax_dtype(name)
    x_min, x_max = dtypes.clamp_python_bound(x_min, name), dtypes.clamp_python_bound(x_max, name)
    return jnp.clip(tensor(x, dtype), tensor(x_min, dtype), tensor(x_max, dtype))


def nan_to_num(x: Any, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None) -> Array:
    x = tensor(x)
    if x.dtype not in _FLOATLIKE:
        return x
    return jnp.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)


def angle(x: Any) -> Array:
    x = _float_input(x)
    result = jnp.angle(x)
    return result if jnp.iscomplexobj(x) else result.astype(x.dtype)


def real(x: Any) -> Array:
    return jnp.real(tensor(x))


def imag(x: Any) -> Array:
    return jnp.imag(tensor(x))


def isclose(x1: Any, x2: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> Array:
    x1, x2 = _promote(x1, x2)
    return jnp.isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)


def allclose(x1: Any, x2: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> Array:
    return jnp.all(isclose(x1, x2, rtol, atol, equal_nan))


# ------------------------------------------------------------------- reductions


def sum(x: Any, axis: Any = None, keepdims: bool = False) -> Array:
    x = tensor(x)
    axis = _axis(axis)
    _check_axis(x, axis)
    return jnp.sum(x, axis=axis, keepdims=keepdims, dtype=to_jax_dtype(dtypes.sum_result(x.dtype)))


def prod(x: Any, axis: Any = None, keepdims: bool = False, dtype: Any = None) -> Array:
    x = tensor(x)
    axis = _axis(axis)
    _check_axis(x, axis)
    out = to_jax_dtype(dtype if dtype is not None else dtypes.sum_result(x.dtype))
    return jnp.prod(x, axis=axis, keepdims=keepdims, dtype=out)


def nansum(x: Any, axis: Any = None, keepdims: bool = False) -> Array:
    x = tensor(x)
    axis = _axis(axis)
    _check_axis(x, axis)
    return jnp.nansum(x, axis=axis, keepdims=keepdims, dtype=to_jax_dtype(dtypes.sum_result(x.dtype)))


def nanprod(x: Any, axis: Any = None, keepdims: bool = False) -> Array:
    x = tensor(x)
    axis = _axis(axis)
    _check_axis(x, axis)
    return jnp.nanprod(x, axis=axis, keepdims=keepdims, dtype=to_jax_dtype(dtypes.sum_result(x.dtype)))


def _float_reduction(function: Callable[..., Any], name: str) -> Callable[..., Array]:
    def op(x: Any, axis: Any = None, keepdims: bool = False) -> Array:
        x = _float_input(x)
        axis = _axis(axis)
        _check_axis(x, axis)
        if x.dtype in (np.dtype("float16"), to_jax_dtype("bfloat16")):
            return function(x.astype(np.float32), axis=axis, keepdims=keepdims).astype(x.dtype)
        return function(x, axis=axis, keepdims=keepdims)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"``{name}`` over ``axis``; ints and bools give ``floatx()``."
    return op


mean = _float_reduction(jnp.mean, "mean")
var = _float_reduction(jnp.var, "var")
std = _float_reduction(jnp.std, "std")
nanmean = _float_reduction(jnp.nanmean, "nanmean")
nanvar = _float_reduction(jnp.nanvar, "nanvar")
nanstd = _float_reduction(jnp.nanstd, "nanstd")
median = _float_reduction(jnp.median, "median")
nanmedian = _float_reduction(jnp.nanmedian, "nanmedian")


def _same_reduction(function: Callable[..., Any], name: str) -> Callable[..., Array]:
    def op(x: Any, axis: Any = None, keepdims: bool = False) -> Array:
        x = tensor(x)
        axis = _axis(axis)
        _check_axis(x, axis)
        return function(x, axis=axis, keepdims=keepdims)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"``{name}`` over ``axis``; keeps the input dtype."
    return op


amax = _same_reduction(jnp.max, "amax")
amin = _same_reduction(jnp.min, "amin")
ptp = _same_reduction(jnp.ptp, "ptp")
nanmax = _same_reduction(jnp.nanmax, "nanmax")
nanmin = _same_reduction(jnp.nanmin, "nanmin")
all = _same_reduction(jnp.all, "all")
any = _same_reduction(jnp.any, "any")


def _extreme(function: Callable[..., Any], name: str) -> Callable[..., Array]:
    def op(x: Any, axis: Any = None, keepdims: bool = False, initial: Any = None) -> Array:
        x = tensor(x)
        axis = _axis(axis)
        _check_axis(x, axis)
        if initial is None:
            return function(x, axis=axis, keepdims=keepdims)
        return function(x, axis=axis, keepdims=keepdims, initial=tensor(initial, x.dtype))

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"``{name}`` over ``axis``; keeps the input dtype."
    return op


max = _extreme(jnp.max, "max")
min = _extreme(jnp.min, "min")


def _cumulative(function: Callable[..., Any], name: str) -> Callable[..., Array]:
    def op(x: Any, axis: Any = None, dtype: Any = None) -> Array:
        x = tensor(x)
        _check_axis(x, axis)
        out = to_jax_dtype(dtype if dtype is not None else dtypes.sum_result(x.dtype))
        return function(x, axis=axis, dtype=out)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"``{name}`` along ``axis`` (flattened when ``None``)."
    return op


cumsum = _cumulative(jnp.cumsum, "cumsum")
cumprod = _cumulative(jnp.cumprod, "cumprod")
nancumsum = _cumulative(jnp.nancumsum, "nancumsum")
nancumprod = _cumulative(jnp.nancumprod, "nancumprod")


def _index_reduction(function: Callable[..., Any], name: str) -> Callable[..., Array]:
    def op(x: Any, axis: Any = None, keepdims: bool = False) -> Array:
        x = tensor(x)
        _check_axis(x, axis)
        if x.ndim == 0 and axis is None:
            return jnp.asarray(0, INDEX)
        return function(x, axis=axis, keepdims=keepdims).astype(INDEX)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"``{name}`` along ``axis``; returns int32."
    return op


argmax = _index_reduction(jnp.argmax, "argmax")
argmin = _index_reduction(jnp.argmin, "argmin")
nanargmax = _index_reduction(jnp.nanargmax, "nanargmax")
nanargmin = _index_reduction(jnp.nanargmin, "nanargmin")


def count_nonzero(x: Any, axis: Any = None) -> Array:
    x = tensor(x)
    axis = _axis(axis)
    _check_axis(x, axis)
    return jnp.count_nonzero(x, axis=axis).astype(INDEX)


def _quantile_op(function: Callable[..., Any], scale: float, name: str) -> Callable[..., Array]:
    def op(x: Any, q: Any, axis: Any = None, method: str = "linear", keepdims: bool = False) -> Array:
        x = _float_input(x)
        axis = _axis(axis)
        _check_axis(x, axis)
        work = x.astype(np.float32) if x.dtype in (np.dtype("float16"), to_jax_dtype("bfloat16")) else x
        q = tensor(q, work.dtype) / scale if scale != 1 else tensor(q, work.dtype)
        return function(work, q, axis=axis, method=method, keepdims=keepdims).astype(x.dtype)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"``{name}`` of ``x`` along ``axis``."
    return op


quantile = _quantile_op(jnp.quantile, 1, "quantile")
nanquantile = _quantile_op(jnp.nanquantile, 1, "nanquantile")
percentile = _quantile_op(jnp.quantile, 100, "percentile")
nanpercentile = _quantile_op(jnp.nanquantile, 100, "nanpercentile")


def average(x: Any, axis: Any = None, weights: Any = None) -> Array:
    if weights is None:
        x = _float_input(x)
        _check_axis(x, axis)
        return jnp.average(x, axis=axis)
    dtype = to_jax_dtype(dtypes.float_result(x, weights))
    x, weights = tensor(x, dtype), tensor(weights, dtype)
    _check_axis(x, axis)
    return jnp.average(x, axis=axis, weights=weights)


def trace(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Array:
    x = tensor(x)
    return jnp.trace(x, offset=offset, axis1=axis1, axis2=axis2, dtype=to_jax_dtype(dtypes.sum_result(x.dtype)))


# ---------------------------------------------------------------- linear algebra


def matmul(x1: Any, x2: Any) -> Array:
    x1, x2 = _promote(x1, x2)
    return jnp.matmul(x1, x2)


def dot(x1: Any, x2: Any) -> Array:
    x1, x2 = _promote(x1, x2)
    return jnp.dot(x1, x2)


def inner(x1: Any, x2: Any) -> Array:
    x1, x2 = _promote(x1, x2)
    return jnp.inner(x1, x2)


def outer(x1: Any, x2: Any) -> Array:
    x1, x2 = _promote(x1, x2)
    return jnp.outer(x1, x2)


def vdot(x1: Any, x2: Any) -> Array:
    x1, x2 = _promote(x1, x2)
    return jnp.vdot(x1, x2)


def kron(x1: Any, x2: Any) -> Array:
    x1, x2 = _promote(x1, x2)
    return jnp.kron(x1, x2)


def cross(x1: Any, x2: Any, axisa: int = -1, axisb: int = -1, axisc: int = -1, axis: int | None = None) -> Array:
    x1, x2 = _promote(x1, x2)
    return jnp.cross(x1, x2, axisa=axisa, axisb=axisb, axisc=axisc, axis=axis)


def tensordot(x1: Any, x2: Any, axes: Any = 2) -> Array:
    x1, x2 = _promote(x1, x2)
    return jnp.tensordot(x1, x2, axes=axes)


def einsum(subscripts: str, *operands: Any) -> Array:
    dtype = to_jax_dtype(dtypes.result_type(*operands))
    return jnp.einsum(subscripts, *(tensor(o, dtype) for o in operands))


def correlate(x1: Any, x2: Any, mode: str = "valid") -> Array:
    x1, x2 = _promote_float(x1, x2)
    return jnp.correlate(x1, x2, mode=mode)


def corrcoef(x: Any) -> Array:
    return jnp.corrcoef(_float_input(x))


def slogdet(x: Any) -> tuple[Array, Array]:
    sign_, logdet = jnp.linalg.slogdet(_float_input(x))
    return sign_, logdet


# ---------------------------------------------------------------------- creation


def _shape(shape: Any) -> tuple[int, ...]:
    if isinstance(shape, (int, np.integer)):
        return (int(shape),)
    return tuple(int(d) for d in shape)


def _creation_dtype(dtype: Any) -> np.dtype:
    return floatx_dtype() if dtype is None else to_jax_dtype(dtype)


def ones(shape: Any, dtype: Any = None) -> Array:
    return jnp.ones(_shape(shape), _creation_dtype(dtype))


def zeros(shape: Any, dtype: Any = None) -> Array:
    return jnp.zeros(_shape(shape), _creation_dtype(dtype))


def empty(shape: Any, dtype: Any = None) -> Array:
    return jnp.zeros(_shape(shape), _creation_dtype(dtype))


def _like_dtype(x: Array, dtype: Any) -> np.dtype:
    return x.dtype if dtype is None else to_jax_dtype(dtype)


def ones_like(x: Any, dtype: Any = None) -> Array:
    x = tensor(x)
    return jnp.ones(x.shape, _like_dtype(x, dtype))


def zeros_like(x: Any, dtype: Any = None) -> Array:
    x = tensor(x)
    return jnp.zeros(x.shape, _like_dtype(x, dtype))


def empty_like(x: Any, dtype: Any = None) -> Array:
    return zeros_like(x, dtype)


def full(shape: Any, fill_value: Any, dtype: Any = None) -> Array:
    out = to_jax_dtype(dtype if dtype is not None else dtypes.result_type(fill_value))
    return jnp.broadcast_to(tensor(fill_value, out), _shape(shape))


def full_like(x: Any, fill_value: Any, dtype: Any = None) -> Array:
    x = tensor(x)
    out = _like_dtype(x, dtype)
    return jnp.broadcast_to(tensor(fill_value, out), x.shape)


def eye(N: int, M: int | None = None, k: int = 0, dtype: Any = None) -> Array:
    return jnp.eye(int(N), None if M is None else int(M), k=int(k), dtype=_creation_dtype(dtype))


def identity(n: int, dtype: Any = None) -> Array:
    return jnp.eye(int(n), dtype=_creation_dtype(dtype))


def tri(N: int, M: int | None = None, k: int = 0, dtype: Any = None) -> Array:
    return jnp.tri(int(N), None if M is None else int(M), k=int(k), dtype=_creation_dtype(dtype))


def arange(start: Any, stop: Any = None, step: Any = None, dtype: Any = None) -> Array:
    if dtype is None:
        present = [v for v in (start, stop, step) if v is not None]
        dtype = dtypes.result_type(*present)
    out = to_jax_dtype(dtype)
    if stop is None:
        start, stop = 0, start
    if step is None:
        step = 1
    if builtins.all(isinstance(v, (int, float, np.number)) for v in (start, stop, step)):
        return jnp.asarray(np.arange(start, stop, step, dtype=np.float64 if out.kind in "fcV" else None).astype(out))
    return jnp.arange(start, stop, step, dtype=out)


def linspace(start: Any, stop: Any, num: int = 50, endpoint: bool = True, retstep: bool = False, dtype: Any = None, axis: int = 0) -> Any:
    out = _space_dtype(start, stop, dtype)
    work = _space_work(out)
    result = jnp.linspace(tensor(start, work), tensor(stop, work), int(num), endpoint=endpoint, retstep=retstep, axis=axis)
    if retstep:
        values, step = result
        return values.astype(out), step.astype(out)
    return result.astype(out)


def _space_dtype(start: Any, stop: Any, dtype: Any) -> np.dtype:
    if dtype is not None:
        return to_jax_dtype(dtype)
    return to_jax_dtype(dtypes.float_result(start, stop))


def _space_work(out: np.dtype) -> np.dtype:
    return out if out in _FLOATLIKE else np.dtype("float64")


def logspace(start: Any, stop: Any, num: int = 50, endpoint: bool = True, base: float = 10, dtype: Any = None, axis: int = 0) -> Array:
    out = _space_dtype(start, stop, dtype)
    work = _space_work(out)
    result = jnp.logspace(tensor(start, work), tensor(stop, work), int(num), endpoint=endpoint, base=base, axis=axis)
    return result.astype(out)


def geomspace(start: Any, stop: Any, num: int = 50, endpoint: bool = True, dtype: Any = None, axis: int = 0) -> Array:
    out = _space_dtype(start, stop, dtype)
    work = _space_work(out)
    result = jnp.geomspace(tensor(start, work), tensor(stop, work), int(num), endpoint=endpoint, axis=axis)
    return result.astype(out)


def array(x: Any, dtype: Any = None) -> Array:
    return tensor(x, dtype)


def _window(function: Callable[[int], Any], name: str) -> Callable[[Any], Array]:
    def op(x: Any) -> Array:
        return function(int(x)).astype(floatx_dtype())

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"The ``{name}`` window of ``x`` points, in ``floatx()``."
    return op


bartlett = _window(jnp.bartlett, "bartlett")
blackman = _window(jnp.blackman, "blackman")
hamming = _window(jnp.hamming, "hamming")
hanning = _window(jnp.hanning, "hanning")


def kaiser(x: Any, beta: float) -> Array:
    return jnp.kaiser(int(x), beta).astype(floatx_dtype())


def vander(x: Any, N: int | None = None, increasing: bool = False) -> Array:
    x = tensor(x)
    if x.ndim != 1:
        raise ValueError(f"vander: expected a 1-D `x`, received shape {x.shape}")
    return jnp.vander(x, N=N, increasing=increasing)


# ------------------------------------------------------------------------ shapes


def ndim(x: Any) -> int:
    return tensor(x).ndim


def size(x: Any) -> int:
    return int(tensor(x).size)


def reshape(x: Any, newshape: Any) -> Array:
    newshape = (int(newshape),) if isinstance(newshape, (int, np.integer)) else tuple(int(d) for d in newshape)
    return jnp.reshape(tensor(x), newshape)


def ravel(x: Any) -> Array:
    return jnp.ravel(tensor(x))


def broadcast_to(x: Any, shape: Any) -> Array:
    return jnp.broadcast_to(tensor(x), _shape(shape))


def expand_dims(x: Any, axis: Any) -> Array:
    return jnp.expand_dims(tensor(x), _axis(axis))


def squeeze(x: Any, axis: Any = None) -> Array:
    x = tensor(x)
    axis = _axis(axis)
    _check_axis(x, axis)
    if axis is not None:
        for a in axis if isinstance(axis, tuple) else (axis,):
            if x.shape[a] != 1:
                raise ValueError(f"squeeze: axis {a} of shape {x.shape} has size {x.shape[a]}, expected 1")
    return jnp.squeeze(x, axis)


def transpose(x: Any, axes: Any = None) -> Array:
    return jnp.transpose(tensor(x), None if axes is None else tuple(axes))


def swapaxes(x: Any, axis1: int, axis2: int) -> Array:
    return jnp.swapaxes(tensor(x), axis1, axis2)


def moveaxis(x: Any, source: Any, destination: Any) -> Array:
    return jnp.moveaxis(tensor(x), _axis(source), _axis(destination))


def flip(x: Any, axis: Any = None) -> Array:
    x = tensor(x)
    axis = _axis(axis)
    _check_axis(x, axis)
    return jnp.flip(x, axis)


def fliplr(x: Any) -> Array:
    return jnp.fliplr(tensor(x))


def flipud(x: Any) -> Array:
    return jnp.flipud(tensor(x))


def rot90(array: Any, k: int = 1, axes: Any = (0, 1)) -> Array:
    return jnp.rot90(tensor(array), k=k, axes=tuple(axes))


def roll(x: Any, shift: Any, axis: Any = None) -> Array:
    x = tensor(x)
    axis = _axis(axis)
    _check_axis(x, axis)
    return jnp.roll(x, _axis(shift), axis)


def tile(x: Any, repeats: Any) -> Array:
    return jnp.tile(tensor(x), _axis(repeats))


def repeat(x: Any, repeats: Any, axis: int | None = None) -> Array:
    x = tensor(x)
    _check_axis(x, axis)
    if not isinstance(repeats, (int, np.integer)):
        repeats = np.asarray(repeats)
    return jnp.repeat(x, repeats, axis=axis)


def _sequence(xs: Sequence[Any]) -> list[Array]:
    xs = list(xs)
    if not xs:
        raise ValueError("expected a non-empty sequence of arrays, received an empty one")
    if builtins.all(isinstance(x, Array) for x in xs) and len({x.dtype for x in xs}) == 1:
        return xs
    dtype = to_jax_dtype(dtypes.result_type(*xs))
    return [tensor(x, dtype) for x in xs]


def _joined(function: Callable[..., Any], name: str, xs: Sequence[Any], **kwargs: Any) -> Array:
    arrays = _sequence(xs)
    try:
        return function(arrays, **kwargs)
    except TypeError as error:  # JAX reports mismatched shapes as TypeError
        shapes = [tuple(a.shape) for a in arrays]
        raise ValueError(f"{name}: arrays of shapes {shapes} cannot be joined: {error}") from error


def concatenate(xs: Sequence[Any], axis: int | None = 0) -> Array:
    return _joined(jnp.concatenate, "concatenate", xs, axis=axis)


def stack(x: Sequence[Any], axis: int = 0) -> Array:
    return _joined(jnp.stack, "stack", x, axis=axis)


def hstack(xs: Sequence[Any]) -> Array:
    return _joined(jnp.hstack, "hstack", xs)


def vstack(xs: Sequence[Any]) -> Array:
    return _joined(jnp.vstack, "vstack", xs)


def dstack(xs: Sequence[Any]) -> Array:
    return _joined(jnp.dstack, "dstack", xs)


def append(x1: Any, x2: Any, axis: int | None = None) -> Array:
    x1, x2 = _promote(x1, x2)
    return jnp.append(x1, x2, axis=axis)


def _split_points(indices_or_sections: Any) -> Any:
    if isinstance(indices_or_sections, (int, np.integer)):
        return int(indices_or_sections)
    return [int(i) for i in np.asarray(indices_or_sections).reshape(-1)]


def split(x: Any, indices_or_sections: Any, axis: int = 0) -> list[Array]:
    return list(jnp.split(tensor(x), _split_points(indices_or_sections), axis=axis))


def array_split(x: Any, indices_or_sections: Any, axis: int = 0) -> list[Array]:
    return list(jnp.array_split(tensor(x), _split_points(indices_or_sections), axis=axis))


def hsplit(x: Any, indices_or_sections: Any) -> list[Array]:
    return list(jnp.hsplit(tensor(x), _split_points(indices_or_sections)))


def vsplit(x: Any, indices_or_sections: Any) -> list[Array]:
    return list(jnp.vsplit(tensor(x), _split_points(indices_or_sections)))


def dsplit(x: Any, indices_or_sections: Any) -> list[Array]:
    return list(jnp.dsplit(tensor(x), _split_points(indices_or_sections)))


def diag(x: Any, k: int = 0) -> Array:
    x = tensor(x)
    if x.ndim not in (1, 2):
        raise ValueError(f"diag: expected a 1-D or 2-D input, received shape {x.shape}")
    return jnp.diag(x, k=k)


def diagflat(x: Any, k: int = 0) -> Array:
    return jnp.diagflat(tensor(x), k=k)


def diagonal(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Array:
    return jnp.diagonal(tensor(x), offset=offset, axis1=axis1, axis2=axis2)


def tril(x: Any, k: int = 0) -> Array:
    return jnp.tril(tensor(x), k=k)


def triu(x: Any, k: int = 0) -> Array:
    return jnp.triu(tensor(x), k=k)


def diff(a: Any, n: int = 1, axis: int = -1) -> Array:
    a = tensor(a)
    _check_axis(a, axis)
    return jnp.diff(a, n=n, axis=axis)


def pad(x: Any, pad_width: Any, mode: str = "constant", constant_values: Any = None) -> Array:
    x = tensor(x)
    if isinstance(pad_width, Array):
        pad_width = np.asarray(pad_width)
    pad_width = np.asarray(pad_width, dtype=np.int64)
    if mode == "constant":
        value = 0 if constant_values is None else constant_values
        return jnp.pad(x, pad_width, mode="constant", constant_values=tensor(value, x.dtype))
    if constant_values is not None:
        raise ValueError(f"pad: `constant_values` is only valid with mode='constant', received mode={mode!r}")
    return jnp.pad(x, pad_width, mode=mode)


def meshgrid(*x: Any, indexing: str = "xy") -> list[Array]:
    return list(jnp.meshgrid(*(tensor(v) for v in x), indexing=indexing))


def trapezoid(y: Any, x: Any = None, dx: float = 1.0, axis: int = -1) -> Array:
    y = _float_input(y)
    if x is not None:
        dtype = to_jax_dtype(dtypes.float_result(y, x))
        y, x = y.astype(dtype), tensor(x, dtype)
    return jnp.trapezoid(y, x=x, dx=dx, axis=axis)


def view(x: Any, dtype: Any = None) -> Array:
    x = tensor(x)
    if dtype is None:
        return x
    return x.view(to_jax_dtype(dtype))


# --------------------------------------------------------------------- indexing


def _index_key(key: Any) -> Any:
    if isinstance(key, tuple):
        return tuple(_index_key(k) for k in key)
    if isinstance(key, list):
        return np.asarray(key)
    if isinstance(key, np.ndarray) or isinstance(key, (int, builtins.slice, type(None), type(Ellipsis), Array)):
        return key
    if hasattr(key, "__array__") or hasattr(key, "__dlpack__"):
        return tensor(key)
    return key


def _check_static_ints(shape: tuple[int, ...], key: Any) -> None:
    """Raise for an out-of-range Python int index (JAX would clamp it silently)."""
    for dim, entry in enumerate(key if isinstance(key, tuple) else (key,)):
        if entry is None or entry is Ellipsis or not isinstance(entry, (int, np.integer, builtins.slice)):
            return
        if isinstance(entry, builtins.slice):
            continue
        if dim >= len(shape):
            raise IndexError(f"get_item: too many indices for an array of rank {len(shape)}")
        if not -shape[dim] <= int(entry) < shape[dim]:
            raise IndexError(f"get_item: index {int(entry)} is out of bounds for axis {dim} of size {shape[dim]}")


def get_item(x: Any, key: Any) -> Array:
    x = tensor(x)
    _check_static_ints(x.shape, key)
    return x[_index_key(key)]


def take(x: Any, indices: Any, axis: int | None = None) -> Array:
    # mode="fill" keeps NumPy's wrapping of negative indices; out-of-bounds reads give the fill value.
    x = tensor(x)
    _check_axis(x, axis)
    indices = tensor(indices)
    if indices.dtype not in _INTEGER:
        indices = indices.astype(_INT32)
    return jnp.take(x, indices, axis=axis, mode="fill")


def take_along_axis(x: Any, indices: Any, axis: int | None = None) -> Array:
    x = tensor(x)
    _check_axis(x, axis)
    indices = tensor(indices)
    if indices.dtype not in _INTEGER:
        indices = indices.astype(_INT32)
    return jnp.take_along_axis(x, indices, axis=axis, mode="fill")


def where(condition: Any, x1: Any = None, x2: Any = None) -> Any:
    condition = tensor(condition)
    if x1 is None and x2 is None:
        return nonzero(condition)
    if x1 is None or x2 is None:
        raise ValueError("where: expected both `x1` and `x2` or neither, received only one")
    x1, x2 = _promote(x1, x2)
    return jnp.where(condition.astype(_BOOL), x1, x2)


def nonzero(x: Any) -> tuple[Array, ...]:
    return tuple(i.astype(INDEX) for i in jnp.nonzero(tensor(x)))


def select(condlist: Sequence[Any], choicelist: Sequence[Any], default: Any = 0) -> Array:
    choices = _sequence(choicelist)
    dtype = to_jax_dtype(dtypes.result_type(choices[0], default))
    return jnp.select([tensor(c).astype(_BOOL) for c in condlist], [c.astype(dtype) for c in choices], tensor(default, dtype))


def searchsorted(sorted_sequence: Any, values: Any, side: str = "left") -> Array:
    sorted_sequence, values = _promote(sorted_sequence, values)
    if sorted_sequence.ndim != 1:
        raise ValueError(f"searchsorted: expected a 1-D `sorted_sequence`, received shape {sorted_sequence.shape}")
    return jnp.searchsorted(sorted_sequence, values, side=side).astype(INDEX)


def digitize(x: Any, bins: Any) -> Array:
    x, bins = _promote(x, bins)
    return jnp.digitize(x, bins).astype(INDEX)


def sort(x: Any, axis: int = -1) -> Array:
    x = tensor(x)
    _check_axis(x, axis)
    return jnp.sort(x, axis=axis)


def argsort(x: Any, axis: int = -1) -> Array:
    x = tensor(x)
    if x.ndim == 0:
        return jnp.asarray(0, INDEX)
    _check_axis(x, axis)
    return jnp.argsort(x, axis=axis, stable=True).astype(INDEX)


def argpartition(x: Any, kth: int, axis: int = -1) -> Array:
    x = tensor(x)
    _check_axis(x, axis)
    return jnp.argsort(x, axis=axis, stable=True).astype(INDEX)


def isin(x1: Any, x2: Any, assume_unique: bool = False, invert: bool = False) -> Array:
    x1, x2 = _promote(x1, x2)
    return jnp.isin(x1, x2, assume_unique=assume_unique, invert=invert)


def unravel_index(indices: Any, shape: Any) -> tuple[Array, ...]:
    indices = tensor(indices)
    return tuple(i.astype(INDEX) for i in jnp.unravel_index(indices, _shape(shape)))


def bincount(x: Any, weights: Any = None, minlength: int = 0) -> Array:
    x = tensor(x)
    if x.dtype not in _INTEGER and x.dtype != _BOOL:
        raise TypeError(f"bincount: `x` must hold non-negative integers, received dtype {x.dtype.name}")
    if weights is not None:
        weights = tensor(weights)
        out = to_jax_dtype(dtypes.result_type(weights))
        if out == _BOOL:
            out = _INT32
        weights = weights.astype(out)
    else:
        out = INDEX
    length = builtins.max(int(minlength), int(jnp.max(x)) + 1 if x.size else 0)
    if x.ndim == 1:
        return jnp.bincount(x, weights=weights, minlength=length, length=length).astype(out)
    if x.ndim != 2:
        raise ValueError(f"bincount: expected a 1-D or 2-D `x`, received shape {x.shape}")
    if weights is None:
        return jax.vmap(lambda row: jnp.bincount(row, length=length))(x).astype(out)
    return jax.vmap(lambda row, w: jnp.bincount(row, weights=w, length=length))(x, weights).astype(out)


def histogram(x: Any, bins: int = 10, range: Any = None) -> tuple[Array, Array]:
    x = tensor(x)
    out = to_jax_dtype(dtypes.float_result(x))
    counts, edges = jnp.histogram(x.astype(np.float64), bins=bins, range=range)
    return counts.astype(INDEX), edges.astype(out)


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
    values, index, inverse, counts = jnp.unique(
        x, return_index=True, return_inverse=True, return_counts=True, axis=axis, size=size, fill_value=fill_value
    )
    if axis is None:
        inverse = inverse.reshape(x.shape)
    else:
        inverse = inverse.reshape(-1)
    outputs = [values]
    if return_index:
        outputs.append(index.astype(INDEX))
    if return_inverse:
        outputs.append(inverse.astype(INDEX))
    if return_counts:
        outputs.append(counts.astype(INDEX))
    return outputs[0] if len(outputs) == 1 else tuple(outputs)
