"""NumPy-like ops of the torch backend.

Hot ops (elementwise arithmetic, matmul) first check for the common case
(two torch tensors of one dtype) and call torch directly; everything else
goes through :func:`promote`, which applies the contract's promotion table
(torch's own promotion differs: ``uint8 + int8``, Python floats with int
tensors ...).
"""

from __future__ import annotations

import builtins
import operator
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import torch

from multikeras.backend import dtypes
from multikeras.state.variable import Variable
from multikeras.backends.torch.core import (
    CANONICAL,
    COMPLEX_TORCH,
    default_device,
    FLOAT_TORCH,
    INDEX,
    TORCH_DTYPES,
    Tensor,
    constant,
    convert_to_tensor,
    floatx_torch,
    promote,
    to_float,
    to_torch_dtype,
)

_bool = torch.bool


def _int_axis(axis: Any) -> int:
    """``axis`` as an int; floats and bools are errors, not silently truncated."""
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        if not (isinstance(axis, Tensor) and axis.ndim == 0 and not axis.is_floating_point()):
            raise TypeError(f"expected an int axis, received {type(axis).__name__} {axis!r}")
    return int(axis)


def _axes(axis: Any, ndim: int) -> tuple[int, ...] | None:
    """Normalized axes; ``None`` means every axis."""
    if axis is None:
        return None
    if isinstance(axis, (list, tuple)):
        out = []
        for item in axis:
            item = _int_axis(item)
            if not -builtins.max(ndim, 1) <= item < builtins.max(ndim, 1):
                raise ValueError(f"axis {item} is out of bounds for an array of rank {ndim}")
            out.append(item % builtins.max(ndim, 1))
        return tuple(out)
    axis = _int_axis(axis)
    if not -builtins.max(ndim, 1) <= axis < builtins.max(ndim, 1):
        raise ValueError(f"axis {axis} is out of bounds for an array of rank {ndim}")
    return (axis % builtins.max(ndim, 1),)


def _reduce(fn: Any, x: Tensor, axis: Any, keepdims: bool, **kwargs: Any) -> Tensor:
    dims = _axes(axis, x.ndim)
    if dims == ():
        return x
    if dims is None:
        dims = tuple(range(x.ndim))
        if not dims:
            return fn(x, **kwargs)
    return fn(x, dim=dims, keepdim=keepdims, **kwargs)


def _float_args(*values: Any) -> list[Tensor]:
    return promote(*values, dtype=dtypes.float_result(*values))


def _unary_float(fn: Any, x: Any) -> Tensor:
    if type(x) is Tensor and x.dtype in FLOAT_TORCH:
        return fn(x)
    return fn(to_float(x))


def _scalar_partner(x1: Any, x2: Any) -> Tensor | None:
    """For a (tensor, Python int/float) pair, the tensor in the result dtype; ``None`` otherwise.

    Python scalars are weak: torch's own handling of a scalar operand keeps
    the tensor's dtype, which is the contract's rule once int/bool tensors
    meeting a float (and bool tensors meeting an int) are widened first. This
    skips building a tensor for the scalar, the slow part of ``promote``.
    """
    if type(x1) is Tensor:
        tensor, scalar = x1, x2
    elif type(x2) is Tensor:
        tensor, scalar = x2, x1
    else:
        return None
    kind = type(scalar)
    if kind is float:
        if tensor.dtype in FLOAT_TORCH or tensor.dtype in COMPLEX_TORCH:
            return tensor
        return tensor.to(floatx_torch())
    if kind is int and -(2**31) <= scalar < 2**31:
        dtype = tensor.dtype
        if dtype is _bool:
            return tensor.to(torch.int32)
        if dtype in _NARROW_INT and not dtypes.python_int_fits(scalar, CANONICAL[dtype]):
            return None  # torch would wrap 300 to 44 in uint8; promote raises instead, comparisons answer exactly
        return tensor
    return None


# Integer dtypes some int32 value does not fit (for int32 and int64 the range test above is enough).
_NARROW_INT = frozenset((torch.uint8, torch.int8, torch.int16, torch.uint16, torch.uint32, torch.uint64))


# ---------------------------------------------------------------- arithmetic


def _arithmetic(function: Callable[[Tensor, Tensor], Tensor], python_operator: Callable[[Any, Any], Any], name: str,
                on_bools: Callable[[Tensor, Tensor], Tensor] | None = None) -> Callable[[Any, Any], Tensor]:
    """``add``, ``subtract`` or ``multiply``: ``function`` on two tensors of one dtype, checked first (the
    per-call cost of the op facade is what a small op pays); a layer's variables are read and checked again;
    a tensor and a Python scalar meet through ``python_operator`` (the scalar stays weak); anything else is
    promoted first (``on_bools`` then takes bool pairs)."""
    tensor_type, variable_type = Tensor, Variable  # closure cells are read faster than module globals

    def op(x1: Any, x2: Any) -> Tensor:
        if type(x1) is tensor_type and type(x2) is tensor_type and x1.dtype is x2.dtype:
            return function(x1, x2)
        if type(x1) is variable_type:
            x1 = x1.value
        if type(x2) is variable_type:
            x2 = x2.value
        if type(x1) is tensor_type and type(x2) is tensor_type and x1.dtype is x2.dtype:
            return function(x1, x2)
        tensor = _scalar_partner(x1, x2)
        if tensor is not None:
            return python_operator(tensor, x2) if type(x1) is tensor_type else python_operator(x1, tensor)
        x1, x2 = promote(x1, x2)
        if on_bools is not None and x1.dtype is _bool:
            return on_bools(x1, x2)
        return function(x1, x2)

    op.__name__ = op.__qualname__ = name
    return op


add = _arithmetic(torch.add, operator.add, "add")
subtract = _arithmetic(torch.subtract, operator.sub, "subtract")
multiply = _arithmetic(torch.multiply, operator.mul, "multiply", on_bools=torch.logical_and)


def divide(x1: Any, x2: Any) -> Tensor:
    if type(x1) is Tensor and type(x2) is Tensor and (dtype := x1.dtype) is x2.dtype and dtype in FLOAT_TORCH:
        return torch.divide(x1, x2)
    tensor = _scalar_partner(x1, x2)
    if tensor is not None:
        if tensor.dtype not in FLOAT_TORCH and tensor.dtype not in COMPLEX_TORCH:
            tensor = tensor.to(floatx_torch())
        return tensor / x2 if type(x1) is Tensor else x1 / tensor
    x1, x2 = _float_args(x1, x2)
    return torch.divide(x1, x2)


def true_divide(x1: Any, x2: Any) -> Tensor:
    return divide(x1, x2)


def divide_no_nan(x1: Any, x2: Any) -> Tensor:
    if not (type(x1) is Tensor and type(x2) is Tensor and x1.dtype is x2.dtype and x1.dtype in FLOAT_TORCH):
        x1, x2 = _float_args(x1, x2)
    dtype, device = x2.dtype, x2.device
    zero, one = constant(0, dtype, device), constant(1, dtype, device)  # exact in every dtype
    where_zero = x2 == zero
    # Dividing by 1 where the divisor is 0 keeps NaN out of the values and the gradients; those entries become 0.
    return torch.where(where_zero, zero, x1 / torch.where(where_zero, one, x2))


def _safe_int_division(fn: Any, x1: Tensor, x2: Tensor) -> Tensor:
    """Integer division by zero gives 0 (as NumPy) instead of torch's ZeroDivisionError."""
    if x1.dtype in FLOAT_TORCH or x1.dtype in COMPLEX_TORCH:
        return fn(x1, x2)
    zero = x2 == 0
    out = fn(x1, torch.where(zero, torch.ones_like(x2), x2))
    return torch.where(zero, torch.zeros_like(out), out)


def floor_divide(x1: Any, x2: Any) -> Tensor:
    x1, x2 = promote(x1, x2)
    if x1.dtype is _bool:
        x1, x2 = x1.to(torch.int8), x2.to(torch.int8)
    return _safe_int_division(torch.floor_divide, x1, x2)


def _int_bool(x1: Tensor, x2: Tensor) -> tuple[Tensor, Tensor]:
    if x1.dtype is _bool:
        return x1.to(torch.int32), x2.to(torch.int32)
    return x1, x2


def mod(x1: Any, x2: Any) -> Tensor:
    x1, x2 = _int_bool(*promote(x1, x2))
    return _safe_int_division(torch.remainder, x1, x2)


def fmod(x1: Any, x2: Any) -> Tensor:
    x1, x2 = _int_bool(*promote(x1, x2))
    return _safe_int_division(torch.fmod, x1, x2)


def power(x1: Any, x2: Any) -> Tensor:
    x1, x2 = promote(x1, x2)
    if x1.dtype is _bool:
        return torch.pow(x1.to(torch.int8), x2.to(torch.int8))
    return torch.pow(x1, x2)


def maximum(x1: Any, x2: Any) -> Tensor:
    if type(x1) is Tensor and type(x2) is Tensor and x1.dtype is x2.dtype:
        return torch.maximum(x1, x2)
    return torch.maximum(*promote(x1, x2))


def minimum(x1: Any, x2: Any) -> Tensor:
    if type(x1) is Tensor and type(x2) is Tensor and x1.dtype is x2.dtype:
        return torch.minimum(x1, x2)
    return torch.minimum(*promote(x1, x2))


def fmax(x1: Any, x2: Any) -> Tensor:
    return torch.fmax(*promote(x1, x2))


def fmin(x1: Any, x2: Any) -> Tensor:
    return torch.fmin(*promote(x1, x2))


def negative(x: Any) -> Tensor:
    return torch.negative(convert_to_tensor(x))


def abs(x: Any) -> Tensor:
    x = convert_to_tensor(x)
    if x.dtype is _bool or x.dtype in (torch.uint8, torch.uint16, torch.uint32, torch.uint64):
        return x
    return torch.abs(x)


def absolute(x: Any) -> Tensor:
    return abs(x)


def fabs(x: Any) -> Tensor:
    return torch.abs(to_float(x))


def square(x: Any) -> Tensor:
    x = convert_to_tensor(x)
    if x.dtype is _bool:
        x = x.to(torch.int32)
    return torch.square(x)


def sqrt(x: Any) -> Tensor:
    return _unary_float(torch.sqrt, x)


def reciprocal(x: Any) -> Tensor:
    x = convert_to_tensor(x)
    if x.dtype in FLOAT_TORCH or x.dtype in COMPLEX_TORCH:
        return torch.reciprocal(x)
    if x.dtype is _bool:
        x = x.to(torch.int8)
    return _safe_int_division(lambda a, b: torch.div(a, b, rounding_mode="trunc"), torch.ones_like(x), x)


def sign(x: Any) -> Tensor:
    x = convert_to_tensor(x)
    if x.dtype in COMPLEX_TORCH:
        return torch.sgn(x)
    return torch.sign(x)


def signbit(x: Any) -> Tensor:
    x = convert_to_tensor(x)
    if x.dtype is _bool:
        return torch.zeros_like(x)
    return torch.signbit(x)


def exp(x: Any) -> Tensor:
    return _unary_float(torch.exp, x)


def exp2(x: Any) -> Tensor:
    return _unary_float(torch.exp2, x)


def expm1(x: Any) -> Tensor:
    return _unary_float(torch.expm1, x)


def log(x: Any) -> Tensor:
    return _unary_float(torch.log, x)


def log10(x: Any) -> Tensor:
    return _unary_float(torch.log10, x)


def log1p(x: Any) -> Tensor:
    return _unary_float(torch.log1p, x)


def log2(x: Any) -> Tensor:
    return _unary_float(torch.log2, x)


def logaddexp(x1: Any, x2: Any) -> Tensor:
    return torch.logaddexp(*_float_args(x1, x2))


def logaddexp2(x1: Any, x2: Any) -> Tensor:
    return torch.logaddexp2(*_float_args(x1, x2))


def sin(x: Any) -> Tensor:
    return _unary_float(torch.sin, x)


def cos(x: Any) -> Tensor:
    return _unary_float(torch.cos, x)


def tan(x: Any) -> Tensor:
    return _unary_float(torch.tan, x)


def arcsin(x: Any) -> Tensor:
    return _unary_float(torch.arcsin, x)


def arccos(x: Any) -> Tensor:
    return _unary_float(torch.arccos, x)


def arctan(x: Any) -> Tensor:
    return _unary_float(torch.arctan, x)


def arctan2(x1: Any, x2: Any) -> Tensor:
    return torch.arctan2(*_float_args(x1, x2))


def sinh(x: Any) -> Tensor:
    return _unary_float(torch.sinh, x)


def cosh(x: Any) -> Tensor:
    return _unary_float(torch.cosh, x)


def tanh(x: Any) -> Tensor:
    return _unary_float(torch.tanh, x)


def arcsinh(x: Any) -> Tensor:
    return _unary_float(torch.arcsinh, x)


def arccosh(x: Any) -> Tensor:
    return _unary_float(torch.arccosh, x)


def arctanh(x: Any) -> Tensor:
    return _unary_float(torch.arctanh, x)


def sinc(x: Any) -> Tensor:
    return _unary_float(torch.sinc, x)


def cbrt(x: Any) -> Tensor:
    x = to_float(x)
    return torch.sign(x) * torch.pow(torch.abs(x), 1.0 / 3.0)


def deg2rad(x: Any) -> Tensor:
    return _unary_float(torch.deg2rad, x)


def rad2deg(x: Any) -> Tensor:
    return _unary_float(torch.rad2deg, x)


def hypot(x1: Any, x2: Any) -> Tensor:
    x1, x2 = _float_args(x1, x2)
    return torch.hypot(x1, x2)


def i0(x: Any) -> Tensor:
    return _unary_float(torch.i0, x)


def ceil(x: Any) -> Tensor:
    return _unary_float(torch.ceil, x)


def floor(x: Any) -> Tensor:
    return _unary_float(torch.floor, x)


def trunc(x: Any) -> Tensor:
    x = convert_to_tensor(x)
    if x.dtype in FLOAT_TORCH:
        return torch.trunc(x)
    return x


def round(x: Any, decimals: int = 0) -> Tensor:
    x = convert_to_tensor(x)
    if x.dtype in FLOAT_TORCH:
        if decimals == 0:
            return torch.round(x)
        if x.dtype in (torch.float16, torch.bfloat16):
            return torch.round(x.float(), decimals=decimals).to(x.dtype)
        return torch.round(x, decimals=decimals)
    if decimals >= 0 or x.dtype is _bool:
        return x
    factor = 10 ** (-decimals)
    return (torch.round(x.to(torch.float64) / factor) * factor).to(x.dtype)


def nextafter(x1: Any, x2: Any) -> Tensor:
    x1, x2 = _float_args(x1, x2)
    return torch.nextafter(x1, x2)


def ldexp(x1: Any, x2: Any) -> Tensor:
    x2 = convert_to_tensor(x2)
    if x2.dtype in FLOAT_TORCH or x2.dtype in COMPLEX_TORCH or x2.dtype is _bool:
        raise TypeError(f"ldexp: expected an integer exponent 'x2', received dtype {CANONICAL[x2.dtype]}")
    x1 = to_float(x1)
    return (x1 * torch.pow(torch.tensor(2.0, dtype=torch.float64, device=x1.device), x2.to(torch.float64))).to(x1.dtype)


def heaviside(x1: Any, x2: Any) -> Tensor:
    dtype = dtypes.result_type(x1, x2)
    if dtype != "bool":
        dtype = dtypes.float_result(x1, x2)
    x1, x2 = promote(x1, x2, dtype=dtype)
    if x1.dtype is _bool:
        return x1.clone()
    return torch.heaviside(x1, x2)


def gcd(x1: Any, x2: Any) -> Tensor:
    return torch.gcd(*promote(x1, x2))


def lcm(x1: Any, x2: Any) -> Tensor:
    return torch.lcm(*promote(x1, x2))


def angle(x: Any) -> Tensor:
    x = to_float(x)
    return torch.angle(x)


def conj(x: Any) -> Tensor:
    x = convert_to_tensor(x)
    if x.dtype in COMPLEX_TORCH:
        return torch.conj_physical(x)
    return x


def conjugate(x: Any) -> Tensor:
    return conj(x)


def real(x: Any) -> Tensor:
    x = convert_to_tensor(x)
    return torch.real(x) if x.dtype in COMPLEX_TORCH else x


def imag(x: Any) -> Tensor:
    x = convert_to_tensor(x)
    return torch.imag(x) if x.dtype in COMPLEX_TORCH else torch.zeros_like(x)


def isreal(x: Any) -> Tensor:
    return torch.isreal(convert_to_tensor(x))


def copy(x: Any) -> Tensor:
    return convert_to_tensor(x).clone()


# ---------------------------------------------------------------- bitwise / logical


def _bitwise_args(x: Any, y: Any) -> list[Tensor]:
    x, y = promote(x, y)
    if x.dtype in FLOAT_TORCH or x.dtype in COMPLEX_TORCH:
        raise TypeError(f"bitwise ops expect integer or bool inputs, received {CANONICAL[x.dtype]}")
    return [x, y]


def bitwise_and(x: Any, y: Any) -> Tensor:
    return torch.bitwise_and(*_bitwise_args(x, y))


def bitwise_or(x: Any, y: Any) -> Tensor:
    return torch.bitwise_or(*_bitwise_args(x, y))


def bitwise_xor(x: Any, y: Any) -> Tensor:
    return torch.bitwise_xor(*_bitwise_args(x, y))


def bitwise_invert(x: Any) -> Tensor:
    x = convert_to_tensor(x)
    if x.dtype in FLOAT_TORCH or x.dtype in COMPLEX_TORCH:
        raise TypeError(f"bitwise_invert expects integer or bool input, received {CANONICAL[x.dtype]}")
    return torch.bitwise_not(x)


def bitwise_not(x: Any) -> Tensor:
    return bitwise_invert(x)


def _shift_args(x: Any, y: Any) -> list[Tensor]:
    x, y = _bitwise_args(x, y)
    if x.dtype is _bool:
        x, y = x.to(torch.int8), y.to(torch.int8)
    return [x, y]


def bitwise_left_shift(x: Any, y: Any) -> Tensor:
    return torch.bitwise_left_shift(*_shift_args(x, y))


def bitwise_right_shift(x: Any, y: Any) -> Tensor:
    return torch.bitwise_right_shift(*_shift_args(x, y))


def left_shift(x: Any, y: Any) -> Tensor:
    return bitwise_left_shift(x, y)


def right_shift(x: Any, y: Any) -> Tensor:
    return bitwise_right_shift(x, y)


def logical_and(x1: Any, x2: Any) -> Tensor:
    return torch.logical_and(convert_to_tensor(x1), convert_to_tensor(x2))


def logical_or(x1: Any, x2: Any) -> Tensor:
    return torch.logical_or(convert_to_tensor(x1), convert_to_tensor(x2))


def logical_xor(x1: Any, x2: Any) -> Tensor:
    return torch.logical_xor(convert_to_tensor(x1), convert_to_tensor(x2))


def logical_not(x: Any) -> Tensor:
    return torch.logical_not(convert_to_tensor(x))


# ---------------------------------------------------------------- comparisons


def _compare(fn: Any, x1: Any, x2: Any, name: str) -> Tensor:
    if type(x1) is Tensor and type(x2) is Tensor and x1.dtype is x2.dtype:
        return fn(x1, x2)
    if type(x1) is Tensor and type(x2) in (int, float) and _scalar_partner(x1, x2) is not None:
        return fn(_scalar_partner(x1, x2), x2)
    # A Python int outside the tensor's dtype: the exact answer (every uint8 is below 300), not a wrapped compare.
    if type(x1) is Variable:
        x1 = x1.value
    if type(x2) is Variable:
        x2 = x2.value
    # NumPy arrays and scalars too: converted, they would raise for the int (the numpy backend answers exactly).
    if isinstance(x1, _ARRAY_OPERANDS) and type(x2) is int:
        answer = dtypes.python_int_comparison(name, dtypes.standardize_dtype(x1.dtype), x2)
        if answer is not None:
            return _filled(x1, answer)
    elif isinstance(x2, _ARRAY_OPERANDS) and type(x1) is int:
        answer = dtypes.python_int_comparison(name, dtypes.standardize_dtype(x2.dtype), x1, int_first=True)
        if answer is not None:
            return _filled(x2, answer)
    return fn(*promote(x1, x2))


_ARRAY_OPERANDS = (Tensor, np.ndarray, np.generic)


def _filled(like: Any, answer: bool) -> Tensor:
    """A bool tensor of ``like``'s shape holding ``answer``, on ``like``'s device (the default one for NumPy)."""
    if not isinstance(like, Tensor):
        like = convert_to_tensor(like)
    return torch.full(like.shape, answer, dtype=_bool, device=like.device)


def equal(x1: Any, x2: Any) -> Tensor:
    return _compare(torch.eq, x1, x2, "equal")


def not_equal(x1: Any, x2: Any) -> Tensor:
    return _compare(torch.ne, x1, x2, "not_equal")


def greater(x1: Any, x2: Any) -> Tensor:
    return _compare(torch.gt, x1, x2, "greater")


def greater_equal(x1: Any, x2: Any) -> Tensor:
    return _compare(torch.ge, x1, x2, "greater_equal")


def less(x1: Any, x2: Any) -> Tensor:
    return _compare(torch.lt, x1, x2, "less")


def less_equal(x1: Any, x2: Any) -> Tensor:
    return _compare(torch.le, x1, x2, "less_equal")


def _close_args(x1: Any, x2: Any) -> list[Tensor]:
    dtype = dtypes.result_type(x1, x2)
    if dtype not in dtypes.FLOATING and dtype not in dtypes.COMPLEX:
        # Integers are compared in float64, but a Python int must still fit the integer result dtype, as in every
        # elementwise op (the other plug-ins convert it to that dtype first).
        for value in (x1, x2):
            if type(value) is int:
                dtypes.check_python_numbers_fit(value, dtype)
        dtype = "float64"
    return promote(x1, x2, dtype=dtype)


def isclose(x1: Any, x2: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> Tensor:
    x1, x2 = _close_args(x1, x2)
    return torch.isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)


def allclose(x1: Any, x2: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> Tensor:
    return torch.all(isclose(x1, x2, rtol, atol, equal_nan))


def isfinite(x: Any) -> Tensor:
    return torch.isfinite(convert_to_tensor(x))


def isinf(x: Any) -> Tensor:
    return torch.isinf(convert_to_tensor(x))


def isnan(x: Any) -> Tensor:
    return torch.isnan(convert_to_tensor(x))


def isneginf(x: Any) -> Tensor:
    x = convert_to_tensor(x)
    return torch.isneginf(x) if x.dtype in FLOAT_TORCH else torch.zeros_like(x, dtype=_bool)


def isposinf(x: Any) -> Tensor:
    x = convert_to_tensor(x)
    return torch.isposinf(x) if x.dtype in FLOAT_TORCH else torch.zeros_like(x, dtype=_bool)


def isin(x1: Any, x2: Any, assume_unique: bool = False, invert: bool = False) -> Tensor:
    x1, x2 = promote(x1, x2)
    if x1.dtype is _bool:
        x1, x2 = x1.to(torch.uint8), x2.to(torch.uint8)
    return torch.isin(x1, x2, assume_unique=assume_unique, invert=invert)


# ---------------------------------------------------------------- linear algebra-ish


def _matmul_dtype_guard(x1: Tensor, x2: Tensor) -> tuple[Tensor, Tensor, torch.dtype | None]:
    """torch has no bool matmul (and no integer matmul on GPUs): compute wider, cast back."""
    if x1.dtype is _bool:
        return x1.to(torch.int32), x2.to(torch.int32), _bool
    if x1.device.type != "cpu" and x1.dtype not in FLOAT_TORCH and x1.dtype not in COMPLEX_TORCH:
        return x1.to(torch.float64), x2.to(torch.float64), x1.dtype
    return x1, x2, None


def _finish_matmul(out: Tensor, back: torch.dtype | None) -> Tensor:
    if back is None:
        return out
    if back is _bool:
        return out != 0
    return out.to(back)


def matmul(x1: Any, x2: Any) -> Tensor:
    if type(x1) is not Tensor or type(x2) is not Tensor:
        if type(x1) is Variable:  # a layer's weights: read them, then take the fast path
            x1 = x1.value
        if type(x2) is Variable:
            x2 = x2.value
    if type(x1) is Tensor and type(x2) is Tensor:
        # For two tensors of one dtype, torch.matmul gives the contract's result, and it raises for everything
        # else (mixed dtypes, bool, rank 0, integers on accelerators): call it first, with no dtype read on the
        # way (about 0.1 us each), and leave what it refuses to the general path.
        try:
            return torch.matmul(x1, x2)
        except RuntimeError:  # NotImplementedError (bool, unsigned) included
            pass
    x1, x2 = promote(x1, x2)
    if x1.ndim == 0 or x2.ndim == 0:
        raise ValueError(f"matmul: expected inputs of rank >= 1, received shapes {tuple(x1.shape)} and {tuple(x2.shape)}")
    x1, x2, back = _matmul_dtype_guard(x1, x2)
    return _finish_matmul(torch.matmul(x1, x2), back)


def dot(x1: Any, x2: Any) -> Tensor:
    x1, x2 = promote(x1, x2)
    if x1.ndim == 0 or x2.ndim == 0:
        return multiply(x1, x2)
    x1, x2, back = _matmul_dtype_guard(x1, x2)
    if x2.ndim == 1 or x1.ndim == 1 and x2.ndim == 1:
        out = torch.matmul(x1, x2)
    else:
        out = torch.tensordot(x1, x2, dims=([x1.ndim - 1], [x2.ndim - 2]))
    return _finish_matmul(out, back)


def vdot(x1: Any, x2: Any) -> Tensor:
    x1, x2 = promote(x1, x2)
    x1, x2 = x1.reshape(-1), x2.reshape(-1)
    if x1.dtype in COMPLEX_TORCH:
        return torch.vdot(x1, x2)
    x1, x2, back = _matmul_dtype_guard(x1, x2)
    return _finish_matmul(torch.dot(x1, x2), back)


def inner(x1: Any, x2: Any) -> Tensor:
    x1, x2 = promote(x1, x2)
    if x1.ndim == 0 or x2.ndim == 0:
        return multiply(x1, x2)
    x1, x2, back = _matmul_dtype_guard(x1, x2)
    return _finish_matmul(torch.inner(x1, x2), back)


def outer(x1: Any, x2: Any) -> Tensor:
    x1, x2 = promote(x1, x2)
    return multiply(x1.reshape(-1, 1), x2.reshape(1, -1))


def tensordot(x1: Any, x2: Any, axes: Any = 2) -> Tensor:
    x1, x2 = promote(x1, x2)
    x1, x2, back = _matmul_dtype_guard(x1, x2)
    if isinstance(axes, (list, tuple)):
        first, second = axes
        first = [int(first)] if isinstance(first, (int, np.integer)) else [int(a) for a in first]
        second = [int(second)] if isinstance(second, (int, np.integer)) else [int(a) for a in second]
        axes = (first, second)
    return _finish_matmul(torch.tensordot(x1, x2, dims=axes), back)


def einsum(subscripts: str, *operands: Any) -> Tensor:
    operands = promote(*operands)
    back = None
    if operands[0].dtype is _bool:
        operands, back = [op.to(torch.int32) for op in operands], _bool
    elif operands[0].device.type != "cpu" and operands[0].dtype not in FLOAT_TORCH + COMPLEX_TORCH:
        back = operands[0].dtype
        operands = [op.to(torch.float64) for op in operands]
    return _finish_matmul(torch.einsum(subscripts, *operands), back)


def kron(x1: Any, x2: Any) -> Tensor:
    x1, x2 = promote(x1, x2)
    if x1.dtype is _bool:
        return torch.kron(x1.to(torch.int8), x2.to(torch.int8)) != 0
    return torch.kron(x1, x2)


def cross(x1: Any, x2: Any, axisa: int = -1, axisb: int = -1, axisc: int = -1, axis: int | None = None) -> Tensor:
    x1, x2 = promote(x1, x2)
    if axis is not None:
        axisa = axisb = axisc = axis
    a = torch.movedim(x1, axisa, -1)
    b = torch.movedim(x2, axisb, -1)
    if a.shape[-1] not in (2, 3) or b.shape[-1] not in (2, 3):
        raise ValueError(f"cross: expected vectors of size 2 or 3, received {a.shape[-1]} and {b.shape[-1]}")
    if a.shape[-1] == 2 and b.shape[-1] == 2:
        return a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]
    if a.shape[-1] == 2:
        a = torch.cat([a, torch.zeros_like(a[..., :1])], -1)
    if b.shape[-1] == 2:
        b = torch.cat([b, torch.zeros_like(b[..., :1])], -1)
    a, b = torch.broadcast_tensors(a, b)
    out = torch.linalg.cross(a, b, dim=-1)
    return torch.movedim(out, -1, axisc)


def trace(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Tensor:
    x = convert_to_tensor(x)
    target = TORCH_DTYPES[dtypes.sum_result(CANONICAL[x.dtype])]
    return torch.sum(torch.diagonal(x, offset, axis1, axis2), dim=-1, dtype=target)


# ---------------------------------------------------------------- reductions


_SUM_DTYPES = {torch_dtype: TORCH_DTYPES[dtypes.sum_result(name)] for name, torch_dtype in TORCH_DTYPES.items()}


def _sum_dtype(x: Tensor) -> torch.dtype:
    return _SUM_DTYPES[x.dtype]


_UNSIGNED_WIDE = (torch.uint16, torch.uint32, torch.uint64)


def sum_(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    if type(x) is Tensor and x.dtype in FLOAT_TORCH:
        if axis is None and not keepdims:
            return torch.sum(x)
        if type(axis) is int and x.ndim:
            return torch.sum(x, dim=axis, keepdim=keepdims)
    x = convert_to_tensor(x)
    target = _sum_dtype(x)
    if target in _UNSIGNED_WIDE:  # torch cannot accumulate in uint16/32/64: sum in int64
        return sum_(x.to(torch.int64), axis, keepdims).to(target)
    if axis is None and not keepdims:
        return torch.sum(x, dtype=target)
    dims = _axes(axis, x.ndim)
    if dims == ():
        return x.to(target)
    if dims is None:
        dims = tuple(range(x.ndim))
        if not dims:
            return torch.sum(x, dtype=target)
    return torch.sum(x, dim=dims, keepdim=keepdims, dtype=target)


def prod(x: Any, axis: Any = None, keepdims: bool = False, dtype: Any = None) -> Tensor:
    x = convert_to_tensor(x)
    target = to_torch_dtype(dtype) if dtype is not None else _sum_dtype(x)
    work = torch.int64 if target in _UNSIGNED_WIDE else target
    x = x.to(work)
    dims = _axes(axis, x.ndim)
    if dims is None:
        out = torch.prod(x, dtype=work)
        return (out.reshape((1,) * x.ndim) if keepdims else out).to(target)
    for dim in sorted(dims, reverse=True):
        x = torch.prod(x, dim=dim, keepdim=keepdims, dtype=work)
    return x.to(target)


def _mean_input(x: Any) -> tuple[Tensor, torch.dtype]:
    x = to_float(x)
    if x.dtype in (torch.float16, torch.bfloat16):
        return x.to(torch.float32), x.dtype
    return x, x.dtype


def mean(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    if type(x) is Tensor and (x.dtype is torch.float32 or x.dtype is torch.float64):
        if axis is None and not keepdims:
            return torch.mean(x)
        if type(axis) is int and x.ndim:
            return torch.mean(x, dim=axis, keepdim=keepdims)
    x, target = _mean_input(x)
    return _reduce(torch.mean, x, axis, keepdims).to(target)


def var(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    x, target = _mean_input(x)
    if x.dtype in COMPLEX_TORCH:
        centered = x - _reduce(torch.mean, x, axis, True)
        return _reduce(torch.mean, (centered * centered.conj()).real, axis, keepdims).to(x.real.dtype)
    return _reduce(torch.var, x, axis, keepdims, correction=0).to(target)


def std(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    return torch.sqrt(var(x, axis, keepdims))


def _extreme(fn: Any, x: Any, axis: Any, keepdims: bool, initial: Any, combine: Any) -> Tensor:
    x = convert_to_tensor(x)
    if initial is not None and x.numel() == 0:
        dims = _axes(axis, x.ndim)
        shape = list(x.shape)
        for dim in (range(x.ndim) if dims is None else dims):
            shape[dim] = 1
        if not keepdims:
            shape = [s for i, s in enumerate(x.shape) if not (dims is None or i in dims)]
        return torch.full(shape, initial, dtype=x.dtype, device=x.device)
    if x.numel() == 0 and initial is None:
        dims = _axes(axis, x.ndim)
        if builtins.any(x.shape[d] == 0 for d in (range(x.ndim) if dims is None else dims)):
            raise ValueError(
                f"cannot take the maximum or minimum over an empty axis of an array of shape {tuple(x.shape)} "
                "without 'initial'"
            )
    work = x.to(torch.uint8) if x.dtype is _bool else x
    out = _reduce(fn, work, axis, keepdims)
    if initial is not None:
        out = combine(out, torch.tensor(initial, dtype=out.dtype, device=out.device))
    return out.to(x.dtype)


def max_(x: Any, axis: Any = None, keepdims: bool = False, initial: Any = None) -> Tensor:
    if type(x) is Tensor and type(axis) is int and initial is None and x.dtype in FLOAT_TORCH and x.numel():
        return torch.amax(x, dim=axis, keepdim=keepdims)
    return _extreme(torch.amax, x, axis, keepdims, initial, torch.maximum)


def min_(x: Any, axis: Any = None, keepdims: bool = False, initial: Any = None) -> Tensor:
    if type(x) is Tensor and type(axis) is int and initial is None and x.dtype in FLOAT_TORCH and x.numel():
        return torch.amin(x, dim=axis, keepdim=keepdims)
    return _extreme(torch.amin, x, axis, keepdims, initial, torch.minimum)


def amax(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    return max_(x, axis, keepdims)


def amin(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    return min_(x, axis, keepdims)


def ptp(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    x = convert_to_tensor(x)
    if x.dtype is _bool:
        raise TypeError("ptp: boolean subtraction is not supported; cast the input to an integer dtype")
    return max_(x, axis, keepdims) - min_(x, axis, keepdims)


def all_(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    x = convert_to_tensor(x).to(_bool)
    dims = _axes(axis, x.ndim)
    if dims is None:
        out = torch.all(x)
        return out.reshape((1,) * x.ndim) if keepdims else out
    if dims == ():
        return x
    return torch.all(x, dim=dims, keepdim=keepdims)


def any_(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    x = convert_to_tensor(x).to(_bool)
    dims = _axes(axis, x.ndim)
    if dims is None:
        out = torch.any(x)
        return out.reshape((1,) * x.ndim) if keepdims else out
    if dims == ():
        return x
    return torch.any(x, dim=dims, keepdim=keepdims)


def count_nonzero(x: Any, axis: Any = None) -> Tensor:
    x = convert_to_tensor(x)
    dims = _axes(axis, x.ndim)
    if dims == ():
        return (x != 0).to(INDEX)
    return torch.count_nonzero(x, dim=dims).to(INDEX)


def _arg_extreme(fn: Any, x: Any, axis: Any, keepdims: bool) -> Tensor:
    x = convert_to_tensor(x)
    if x.numel() == 0:
        raise ValueError(f"cannot take argmax or argmin of an empty array of shape {tuple(x.shape)}")
    if x.dtype is _bool:
        x = x.to(torch.uint8)
    if axis is None:
        out = fn(x.reshape(-1))
        return out.reshape((1,) * x.ndim).to(INDEX) if keepdims else out.to(INDEX)
    return fn(x, dim=_int_axis(axis), keepdim=keepdims).to(INDEX)


def argmax(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    return _arg_extreme(torch.argmax, x, axis, keepdims)


def argmin(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    return _arg_extreme(torch.argmin, x, axis, keepdims)


def cumsum(x: Any, axis: Any = None, dtype: Any = None) -> Tensor:
    x = convert_to_tensor(x)
    target = to_torch_dtype(dtype) if dtype is not None else _sum_dtype(x)
    if axis is None:
        x, axis = x.reshape(-1), 0
    work = torch.int64 if target in _UNSIGNED_WIDE else target
    return torch.cumsum(x.to(work), dim=_int_axis(axis), dtype=work).to(target)


def cumprod(x: Any, axis: Any = None, dtype: Any = None) -> Tensor:
    x = convert_to_tensor(x)
    target = to_torch_dtype(dtype) if dtype is not None else _sum_dtype(x)
    if axis is None:
        x, axis = x.reshape(-1), 0
    work = torch.int64 if target in _UNSIGNED_WIDE else target
    return torch.cumprod(x.to(work), dim=_int_axis(axis), dtype=work).to(target)


def _nan_filled(x: Any, value: float) -> Tensor:
    x = convert_to_tensor(x)
    if x.dtype in FLOAT_TORCH or x.dtype in COMPLEX_TORCH:
        return torch.where(torch.isnan(x), torch.tensor(value, dtype=x.dtype, device=x.device), x)
    return x


def nansum(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    return sum_(_nan_filled(x, 0.0), axis, keepdims)


def nanprod(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    return prod(_nan_filled(x, 1.0), axis, keepdims)


def nancumsum(x: Any, axis: Any = None, dtype: Any = None) -> Tensor:
    return cumsum(_nan_filled(x, 0.0), axis, dtype)


def nancumprod(x: Any, axis: Any = None, dtype: Any = None) -> Tensor:
    return cumprod(_nan_filled(x, 1.0), axis, dtype)


def nanmean(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    x, target = _mean_input(x)
    valid = ~torch.isnan(x)
    total = _reduce(torch.sum, torch.where(valid, x, torch.zeros_like(x)), axis, keepdims)
    count = _reduce(torch.sum, valid.to(x.dtype), axis, keepdims)
    return (total / count).to(target)


def nanvar(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    x, target = _mean_input(x)
    center = nanmean(x, axis, True)
    valid = ~torch.isnan(x)
    squared = torch.where(valid, (x - center) ** 2, torch.zeros_like(x))
    count = _reduce(torch.sum, valid.to(x.dtype), axis, keepdims)
    return (_reduce(torch.sum, squared, axis, keepdims) / count).to(target)


def nanstd(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    return torch.sqrt(nanvar(x, axis, keepdims))


def _nan_extreme(x: Any, axis: Any, keepdims: bool, fill: float, fn: Any) -> Tensor:
    x = convert_to_tensor(x)
    if x.dtype not in FLOAT_TORCH:
        return fn(x, axis, keepdims)
    nan = torch.isnan(x)
    out = fn(torch.where(nan, torch.tensor(fill, dtype=x.dtype, device=x.device), x), axis, keepdims)
    all_nan = all_(nan, axis, keepdims)
    return torch.where(all_nan, torch.tensor(float("nan"), dtype=x.dtype, device=x.device), out)


def nanmax(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    return _nan_extreme(x, axis, keepdims, float("-inf"), max_)


def nanmin(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    return _nan_extreme(x, axis, keepdims, float("inf"), min_)


def nanargmax(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    return argmax(_nan_filled(x, float("-inf")), axis, keepdims)


def nanargmin(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    return argmin(_nan_filled(x, float("inf")), axis, keepdims)


_METHODS = ("linear", "lower", "higher", "midpoint", "nearest")


def _quantile(x: Any, q: Any, axis: Any, method: str, keepdims: bool, ignore_nan: bool) -> Tensor:
    if method not in _METHODS:
        raise ValueError(f"quantile: expected method in {_METHODS}, received {method!r}")
    x = to_float(x)
    target = x.dtype
    work_dtype = torch.float64 if x.dtype is torch.float64 else torch.float32
    x = x.to(work_dtype)
    q = convert_to_tensor(q).to(device=x.device, dtype=work_dtype)
    ndim = x.ndim
    dims = _axes(axis, ndim)
    if dims is None:
        dims = tuple(range(ndim))
    keep_shape = [1 if i in dims else s for i, s in enumerate(x.shape)]
    rest = [i for i in range(ndim) if i not in dims]
    moved = x.permute(rest + list(dims)).reshape([x.shape[i] for i in rest] + [-1])
    if moved.shape[-1] == 0:  # the quantile of nothing is NaN, as in NumPy
        moved = torch.full(tuple(moved.shape[:-1]) + (1,), float("nan"), dtype=work_dtype, device=x.device)
    ordered, _ = torch.sort(moved, dim=-1)  # NaNs sort last
    nan_mask = torch.isnan(moved)
    if ignore_nan:
        count = (~nan_mask).sum(-1, keepdim=True).to(work_dtype)
    else:
        count = torch.full(moved.shape[:-1] + (1,), moved.shape[-1], dtype=work_dtype, device=x.device)
    q_flat = q.reshape(-1)
    positions = q_flat * (count - 1)  # (..., nq)
    positions = positions.clamp(min=0)
    low = torch.floor(positions)
    high = torch.ceil(positions)
    if method == "lower":
        high = low
    elif method == "higher":
        low = high
    elif method == "nearest":
        nearest = torch.round(positions)
        low = high = nearest
    last = builtins.max(moved.shape[-1] - 1, 0)
    low_values = torch.gather(ordered, -1, low.to(torch.int64).clamp(0, last))
    high_values = torch.gather(ordered, -1, high.to(torch.int64).clamp(0, last))
    if method == "midpoint":
        result = (low_values + high_values) / 2
        result = torch.where(low == high, low_values, result)
    elif method == "linear":
        weight = positions - low
        result = low_values + (high_values - low_values) * weight
        result = torch.where(weight == 0, low_values, result)
    else:
        result = low_values
    has_nan = nan_mask.any(-1, keepdim=True)
    if ignore_nan:
        has_nan = count == 0
    result = torch.where(has_nan, torch.tensor(float("nan"), dtype=work_dtype, device=x.device), result)
    result = torch.movedim(result, -1, 0)  # (nq, ...rest)
    if keepdims:
        result = result.reshape((result.shape[0],) + tuple(keep_shape))
    if q.ndim == 0:
        result = result[0]
    else:
        result = result.reshape(tuple(q.shape) + tuple(result.shape[1:]))
    return result.to(target)


def quantile(x: Any, q: Any, axis: Any = None, method: str = "linear", keepdims: bool = False) -> Tensor:
    return _quantile(x, q, axis, method, keepdims, ignore_nan=False)


def nanquantile(x: Any, q: Any, axis: Any = None, method: str = "linear", keepdims: bool = False) -> Tensor:
    return _quantile(x, q, axis, method, keepdims, ignore_nan=True)


def percentile(x: Any, q: Any, axis: Any = None, method: str = "linear", keepdims: bool = False) -> Tensor:
    return _quantile(x, to_float(q) / 100.0, axis, method, keepdims, ignore_nan=False)


def nanpercentile(x: Any, q: Any, axis: Any = None, method: str = "linear", keepdims: bool = False) -> Tensor:
    return _quantile(x, to_float(q) / 100.0, axis, method, keepdims, ignore_nan=True)


def median(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    return _quantile(x, 0.5, axis, "linear", keepdims, ignore_nan=False)


def nanmedian(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    return _quantile(x, 0.5, axis, "linear", keepdims, ignore_nan=True)


def average(x: Any, axis: Any = None, weights: Any = None) -> Tensor:
    if weights is None:
        return mean(x, axis)
    x, weights = _float_args(x, weights)
    if weights.ndim == 1 and x.ndim > 1 and axis is not None:
        shape = [1] * x.ndim
        shape[_int_axis(axis) % x.ndim] = weights.shape[0]
        weights = weights.reshape(shape)
    total = _reduce(torch.sum, x * weights, axis, False)
    norm = _reduce(torch.sum, torch.broadcast_to(weights, x.shape), axis, False)
    return total / norm


# ---------------------------------------------------------------- creation


def _shape_tuple(shape: Any) -> tuple[int, ...]:
    if isinstance(shape, (int, np.integer)):
        return (int(shape),)
    if isinstance(shape, Tensor):
        return tuple(int(d) for d in shape.reshape(-1).tolist())
    return tuple(int(d) for d in shape)


def zeros(shape: Any, dtype: Any = None) -> Tensor:
    return torch.zeros(_shape_tuple(shape), dtype=to_torch_dtype(dtype), device=default_device())


def ones(shape: Any, dtype: Any = None) -> Tensor:
    return torch.ones(_shape_tuple(shape), dtype=to_torch_dtype(dtype), device=default_device())


def empty(shape: Any, dtype: Any = None) -> Tensor:
    return torch.zeros(_shape_tuple(shape), dtype=to_torch_dtype(dtype), device=default_device())


def full(shape: Any, fill_value: Any, dtype: Any = None) -> Tensor:
    target = to_torch_dtype(dtype if dtype is not None else dtypes.result_type(fill_value))
    fill = convert_to_tensor(fill_value, target)
    return torch.broadcast_to(fill.to(default_device()), _shape_tuple(shape)).clone()


def _like(x: Any, dtype: Any) -> tuple[Tensor, torch.dtype]:
    x = convert_to_tensor(x)
    return x, (x.dtype if dtype is None else to_torch_dtype(dtype))


def zeros_like(x: Any, dtype: Any = None) -> Tensor:
    x, target = _like(x, dtype)
    return torch.zeros_like(x, dtype=target)


def ones_like(x: Any, dtype: Any = None) -> Tensor:
    x, target = _like(x, dtype)
    return torch.ones_like(x, dtype=target)


def empty_like(x: Any, dtype: Any = None) -> Tensor:
    return zeros_like(x, dtype)


def full_like(x: Any, fill_value: Any, dtype: Any = None) -> Tensor:
    x, target = _like(x, dtype)
    fill = convert_to_tensor(fill_value, target).to(x.device)
    return torch.broadcast_to(fill, x.shape).clone()


def eye(N: int, M: int | None = None, k: int = 0, dtype: Any = None) -> Tensor:
    M = N if M is None else M
    out = torch.zeros((int(N), int(M)), dtype=to_torch_dtype(dtype), device=default_device())
    torch.diagonal(out, int(k)).fill_(1)
    return out


def identity(n: int, dtype: Any = None) -> Tensor:
    return eye(n, None, 0, dtype)


def tri(N: int, M: int | None = None, k: int = 0, dtype: Any = None) -> Tensor:
    M = N if M is None else M
    out = torch.ones((int(N), int(M)), dtype=torch.bool, device=default_device()).tril(int(k))
    return out.to(to_torch_dtype(dtype))


def arange(start: Any, stop: Any = None, step: Any = None, dtype: Any = None) -> Tensor:
    values = [v for v in (start, stop, step) if v is not None]
    target = to_torch_dtype(dtype if dtype is not None else dtypes.result_type(*values))
    if stop is None:
        start, stop = 0, start
    if step is None:
        step = 1
    start, stop, step = (v.item() if isinstance(v, Tensor) else v for v in (start, stop, step))
    if target in FLOAT_TORCH or target in COMPLEX_TORCH:
        return torch.arange(start, stop, step, dtype=torch.float64, device=default_device()).to(target)
    if target is _bool:
        return torch.arange(start, stop, step, device=default_device()).to(_bool)
    return torch.arange(start, stop, step, dtype=target, device=default_device())


def _space(start: Any, stop: Any, num: int, endpoint: bool, axis: int) -> tuple[Tensor, Tensor]:
    start = convert_to_tensor(start, torch.float64)
    stop = convert_to_tensor(stop, torch.float64)
    start, stop = torch.broadcast_tensors(start, stop)
    divisor = (num - 1) if endpoint else num
    steps = torch.arange(num, dtype=torch.float64, device=start.device)
    step = (stop - start) / divisor if divisor > 0 else torch.full_like(start, float("nan"))
    shape = (num,) + (1,) * start.ndim
    if divisor > 0:
        values = start + steps.reshape(shape) * step
    else:
        values = start + steps.reshape(shape) * (stop - start)
    if endpoint and num > 1:
        values[-1] = stop
    return torch.movedim(values, 0, axis) if values.ndim > 1 else values, step


def _cast_space(values: Tensor, dtype: Any) -> Tensor:
    target = to_torch_dtype(dtype)
    if target not in FLOAT_TORCH and target not in COMPLEX_TORCH:
        values = torch.floor(values)
    return values.to(target)


def linspace(
    start: Any, stop: Any, num: int = 50, endpoint: bool = True, retstep: bool = False, dtype: Any = None, axis: int = 0
) -> Any:
    values, step = _space(start, stop, int(num), endpoint, axis)
    out = _cast_space(values, dtype)
    if retstep:
        return out, step.to(out.dtype) if out.dtype in FLOAT_TORCH else step
    return out


def logspace(
    start: Any, stop: Any, num: int = 50, endpoint: bool = True, base: Any = 10, dtype: Any = None, axis: int = 0
) -> Tensor:
    values, _ = _space(start, stop, int(num), endpoint, axis)
    base = convert_to_tensor(base, torch.float64).to(values.device)
    return _cast_space(torch.pow(base, values), dtype)


def geomspace(start: Any, stop: Any, num: int = 50, endpoint: bool = True, dtype: Any = None, axis: int = 0) -> Tensor:
    start_t = convert_to_tensor(start, torch.float64)
    stop_t = convert_to_tensor(stop, torch.float64)
    if bool((start_t == 0).any()) or bool((stop_t == 0).any()):
        raise ValueError("geomspace: 'start' and 'stop' must be non-zero")
    sign = torch.sign(start_t)
    logs, _ = _space(torch.log10(torch.abs(start_t)), torch.log10(torch.abs(stop_t)), int(num), endpoint, 0)
    values = sign * torch.pow(torch.tensor(10.0, dtype=torch.float64, device=logs.device), logs)
    if int(num) > 0:
        values[0] = start_t
        if endpoint and int(num) > 1:
            values[-1] = stop_t
    if values.ndim > 1:
        values = torch.movedim(values, 0, axis)
    return _cast_space(values, dtype)


def array(x: Any, dtype: Any = None) -> Tensor:
    return convert_to_tensor(x, dtype)


def _window(fn: Any, x: Any, **kwargs: Any) -> Tensor:
    length = int(x.item() if isinstance(x, Tensor) else x)
    if length <= 0:
        return torch.zeros((0,), dtype=floatx_torch(), device=default_device())
    if length == 1:
        return torch.ones((1,), dtype=floatx_torch(), device=default_device())
    return fn(length, periodic=False, dtype=torch.float64, device=default_device(), **kwargs).to(floatx_torch())


def bartlett(x: Any) -> Tensor:
    return _window(torch.bartlett_window, x)


def blackman(x: Any) -> Tensor:
    out = _window(torch.blackman_window, x)
    return out.clamp(min=0) if out.numel() else out


def hamming(x: Any) -> Tensor:
    return _window(torch.hamming_window, x)


def hanning(x: Any) -> Tensor:
    return _window(torch.hann_window, x)


def kaiser(x: Any, beta: Any) -> Tensor:
    return _window(torch.kaiser_window, x, beta=float(beta))


def vander(x: Any, N: int | None = None, increasing: bool = False) -> Tensor:
    x = convert_to_tensor(x)
    if x.dtype is _bool:
        x = x.to(torch.int32)
    return torch.vander(x, N=N, increasing=increasing).to(x.dtype)


def meshgrid(*x: Any, indexing: str = "xy") -> list[Tensor]:
    tensors = promote(*x)
    return list(torch.meshgrid(*[t.reshape(-1) for t in tensors], indexing=indexing))


# ---------------------------------------------------------------- shapes


def ndim(x: Any) -> int:
    return convert_to_tensor(x).ndim


def size(x: Any) -> int:
    return convert_to_tensor(x).numel()


def reshape(x: Any, newshape: Any) -> Tensor:
    return torch.reshape(convert_to_tensor(x), _shape_tuple(newshape))


def ravel(x: Any) -> Tensor:
    return torch.ravel(convert_to_tensor(x))


def transpose(x: Any, axes: Any = None) -> Tensor:
    x = convert_to_tensor(x)
    if axes is None:
        return x.permute(tuple(range(x.ndim - 1, -1, -1)))
    axes = tuple(_int_axis(a) for a in axes)
    if len(axes) != x.ndim or len({a % builtins.max(x.ndim, 1) for a in axes}) != x.ndim:
        raise ValueError(f"transpose: 'axes' must be a permutation of the {x.ndim} axes of the input, received {axes}")
    return x.permute(axes)


def swapaxes(x: Any, axis1: int, axis2: int) -> Tensor:
    return torch.swapaxes(convert_to_tensor(x), axis1, axis2)


def moveaxis(x: Any, source: Any, destination: Any) -> Tensor:
    return torch.movedim(convert_to_tensor(x), source, destination)


def expand_dims(x: Any, axis: Any) -> Tensor:
    x = convert_to_tensor(x)
    axes = axis if isinstance(axis, (list, tuple)) else (axis,)
    out_ndim = x.ndim + len(axes)
    normalized = sorted(_axes(tuple(axes), out_ndim))
    for item in normalized:
        x = x.unsqueeze(item)
    return x


def squeeze(x: Any, axis: Any = None) -> Tensor:
    x = convert_to_tensor(x)
    if axis is None:
        return torch.squeeze(x)
    dims = _axes(axis, x.ndim)
    for dim in dims:
        if x.shape[dim] != 1:
            raise ValueError(f"squeeze: cannot squeeze axis {dim} of size {x.shape[dim]} (expected size 1)")
    return torch.squeeze(x, dim=dims)


def broadcast_to(x: Any, shape: Any) -> Tensor:
    return torch.broadcast_to(convert_to_tensor(x), _shape_tuple(shape))


def flip(x: Any, axis: Any = None) -> Tensor:
    x = convert_to_tensor(x)
    dims = _axes(axis, x.ndim)
    return torch.flip(x, dims=tuple(range(x.ndim)) if dims is None else dims)


def fliplr(x: Any) -> Tensor:
    return torch.fliplr(convert_to_tensor(x))


def flipud(x: Any) -> Tensor:
    return torch.flipud(convert_to_tensor(x))


def rot90(array: Any, k: int = 1, axes: Any = (0, 1)) -> Tensor:
    return torch.rot90(convert_to_tensor(array), int(k), tuple(axes))


def roll(x: Any, shift: Any, axis: Any = None) -> Tensor:
    x = convert_to_tensor(x)
    if axis is None:
        return torch.roll(x.reshape(-1), shift if isinstance(shift, int) else int(np.sum(shift))).reshape(x.shape)
    return torch.roll(x, shift, axis)


def tile(x: Any, repeats: Any) -> Tensor:
    repeats = (int(repeats),) if isinstance(repeats, (int, np.integer)) else tuple(int(r) for r in repeats)
    return torch.tile(convert_to_tensor(x), repeats)


def repeat(x: Any, repeats: Any, axis: Any = None) -> Tensor:
    x = convert_to_tensor(x)
    if not isinstance(repeats, int):
        repeats = convert_to_tensor(repeats).to(device=x.device, dtype=torch.int64)
    if axis is None:
        return torch.repeat_interleave(x.reshape(-1), repeats)
    return torch.repeat_interleave(x, repeats, dim=_int_axis(axis))


def concatenate(xs: Sequence[Any], axis: Any = 0) -> Tensor:
    tensors = promote(*xs)
    if axis is None:
        return torch.cat([t.reshape(-1) for t in tensors])
    return torch.cat(tensors, dim=_axes(axis, tensors[0].ndim)[0])


def append(x1: Any, x2: Any, axis: Any = None) -> Tensor:
    return concatenate([x1, x2], axis)


def stack(x: Sequence[Any], axis: int = 0) -> Tensor:
    return torch.stack(promote(*x), dim=_int_axis(axis))


def hstack(xs: Sequence[Any]) -> Tensor:
    return torch.hstack(promote(*xs))


def vstack(xs: Sequence[Any]) -> Tensor:
    return torch.vstack(promote(*xs))


def dstack(xs: Sequence[Any]) -> Tensor:
    return torch.dstack(promote(*xs))


def _split_arg(indices_or_sections: Any, length: int, where: str) -> Any:
    if isinstance(indices_or_sections, (int, np.integer)):
        sections = int(indices_or_sections)
        if sections <= 0 or length % sections:
            raise ValueError(f"{where}: cannot split an axis of size {length} into {sections} equal sections")
        return sections
    return [int(i) for i in indices_or_sections]


def split(x: Any, indices_or_sections: Any, axis: int = 0) -> list[Tensor]:
    x = convert_to_tensor(x)
    arg = _split_arg(indices_or_sections, x.shape[axis], "split")
    return list(torch.tensor_split(x, arg, dim=_int_axis(axis)))


def array_split(x: Any, indices_or_sections: Any, axis: int = 0) -> list[Tensor]:
    x = convert_to_tensor(x)
    arg = indices_or_sections if isinstance(indices_or_sections, (int, np.integer)) else [int(i) for i in indices_or_sections]
    return list(torch.tensor_split(x, int(arg) if isinstance(arg, (int, np.integer)) else arg, dim=_int_axis(axis)))


def hsplit(x: Any, indices_or_sections: Any) -> list[Tensor]:
    x = convert_to_tensor(x)
    return split(x, indices_or_sections, 1 if x.ndim > 1 else 0)


def vsplit(x: Any, indices_or_sections: Any) -> list[Tensor]:
    return split(x, indices_or_sections, 0)


def dsplit(x: Any, indices_or_sections: Any) -> list[Tensor]:
    return split(x, indices_or_sections, 2)


def diag(x: Any, k: int = 0) -> Tensor:
    return torch.diag(convert_to_tensor(x), int(k))


def diagflat(x: Any, k: int = 0) -> Tensor:
    return torch.diagflat(convert_to_tensor(x), offset=int(k))


def diagonal(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Tensor:
    return torch.diagonal(convert_to_tensor(x), int(offset), int(axis1), int(axis2))


def tril(x: Any, k: int = 0) -> Tensor:
    return torch.tril(convert_to_tensor(x), int(k))


def triu(x: Any, k: int = 0) -> Tensor:
    return torch.triu(convert_to_tensor(x), int(k))


def diff(a: Any, n: int = 1, axis: int = -1) -> Tensor:
    return torch.diff(convert_to_tensor(a), n=int(n), dim=_int_axis(axis))


def view(x: Any, dtype: Any = None) -> Tensor:
    x = convert_to_tensor(x)
    if dtype is None:
        return x
    return x.view(to_torch_dtype(dtype))


# ---------------------------------------------------------------- indexing


def _index_key(key: Any) -> Any:
    if isinstance(key, tuple):
        return tuple(_index_key(k) for k in key)
    if isinstance(key, Tensor):
        return key if key.dtype is _bool else key.to(torch.int64)
    if isinstance(key, np.ndarray):
        return convert_to_tensor(key) if key.dtype == bool else convert_to_tensor(key).to(torch.int64)
    if isinstance(key, list):
        return convert_to_tensor(key).to(torch.int64) if key and not isinstance(key[0], bool) else convert_to_tensor(key)
    return key


def _key_dims(entry: Any) -> int:
    """How many input dimensions one index entry consumes."""
    if entry is None:
        return 0
    if isinstance(entry, Tensor) and entry.dtype is _bool:
        return builtins.max(entry.ndim, 1)
    return 1


def _positive_steps(x: Tensor, key: tuple[Any, ...]) -> tuple[Tensor, tuple[Any, ...]]:
    """torch slices need step > 0: flip the axes sliced backwards and rewrite their slices."""
    if not builtins.any(isinstance(k, builtins.slice) and k.step is not None and k.step < 0 for k in key):
        return x, key
    consumed = builtins.sum(_key_dims(k) for k in key if k is not Ellipsis)
    dim = 0
    rewritten = []
    for entry in key:
        if entry is Ellipsis:
            dim += x.ndim - consumed
            rewritten.append(entry)
            continue
        if isinstance(entry, builtins.slice) and entry.step is not None and entry.step < 0:
            size = x.shape[dim]
            picked = range(*entry.indices(size))
            x = torch.flip(x, (dim,))
            if len(picked) == 0:
                entry = builtins.slice(0, 0)
            else:
                entry = builtins.slice(size - 1 - picked[0], size - picked[-1], -entry.step)
        rewritten.append(entry)
        dim += _key_dims(entry)
    return x, tuple(rewritten)


def get_item(x: Any, key: Any) -> Tensor:
    x = convert_to_tensor(x)
    key = _index_key(key)
    x, key = _positive_steps(x, key if isinstance(key, tuple) else (key,))
    return x[key]


def _wrap_indices(indices: Any, length: int, device: torch.device) -> Tensor:
    indices = convert_to_tensor(indices).to(device=device, dtype=torch.int64)
    if length == 0:
        return indices
    return torch.where(indices < 0, indices + length, indices)


def take(x: Any, indices: Any, axis: Any = None) -> Tensor:
    x = convert_to_tensor(x)
    if axis is None:
        x, axis = x.reshape(-1), 0
    axis = _axes(axis, x.ndim)[0]
    indices = _wrap_indices(indices, x.shape[axis], x.device)
    picked = torch.index_select(x, axis, indices.reshape(-1))
    return picked.reshape(tuple(x.shape[:axis]) + tuple(indices.shape) + tuple(x.shape[axis + 1 :]))


def take_along_axis(x: Any, indices: Any, axis: Any = None) -> Tensor:
    x = convert_to_tensor(x)
    if axis is None:
        x, axis = x.reshape(-1), 0
        indices = convert_to_tensor(indices).reshape(-1)
    axis = _axes(axis, x.ndim)[0]
    indices = _wrap_indices(indices, x.shape[axis], x.device)
    return torch.take_along_dim(x, indices, dim=axis)


def where(condition: Any, x1: Any = None, x2: Any = None) -> Any:
    condition = convert_to_tensor(condition)
    if x1 is None and x2 is None:
        return nonzero(condition)
    if x1 is None or x2 is None:
        raise ValueError("where: expected both 'x1' and 'x2' or neither, received only one")
    x1, x2 = promote(x1, x2)
    return torch.where(condition.to(device=x1.device, dtype=_bool), x1, x2)


def select(condlist: Sequence[Any], choicelist: Sequence[Any], default: Any = 0) -> Tensor:
    if len(condlist) != len(choicelist):
        raise ValueError(f"select: expected as many conditions as choices, received {len(condlist)} and {len(choicelist)}")
    values = promote(*choicelist, default)
    result = values[-1]
    for condition, choice in zip(reversed(list(condlist)), reversed(values[:-1])):
        condition = convert_to_tensor(condition).to(_bool)
        result = torch.where(condition, choice, result)
    shape = torch.broadcast_shapes(*[convert_to_tensor(c).shape for c in condlist], *[v.shape for v in values])
    return torch.broadcast_to(result, shape).clone()


def nonzero(x: Any) -> tuple[Tensor, ...]:
    x = convert_to_tensor(x)
    if x.ndim == 0:
        x = x.reshape(1)
    return tuple(index.to(INDEX) for index in torch.nonzero(x, as_tuple=True))


def argsort(x: Any, axis: Any = -1) -> Tensor:
    x = convert_to_tensor(x)
    if axis is None:
        x, axis = x.reshape(-1), 0
    if x.ndim == 0:
        return torch.zeros((), dtype=INDEX, device=x.device)
    return torch.argsort(x, dim=_int_axis(axis), stable=True).to(INDEX)


def sort(x: Any, axis: Any = -1) -> Tensor:
    x = convert_to_tensor(x)
    if axis is None:
        x, axis = x.reshape(-1), 0
    if x.ndim == 0:
        return x
    return torch.sort(x, dim=_int_axis(axis), stable=True).values


def argpartition(x: Any, kth: Any, axis: int = -1) -> Tensor:
    # A full stable sort is a valid partition for every kth.
    x = convert_to_tensor(x)
    length = x.shape[_int_axis(axis)]
    for k in np.atleast_1d(np.asarray(kth)).tolist():
        if not -length <= int(k) < length:
            raise ValueError(f"argpartition: kth={k} is out of range for an axis of size {length}")
    return argsort(x, axis)


def searchsorted(sorted_sequence: Any, values: Any, side: str = "left") -> Tensor:
    sequence, values = promote(sorted_sequence, values)
    if sequence.ndim != 1:
        raise ValueError(f"searchsorted: expected a 1-D 'sorted_sequence', received shape {tuple(sequence.shape)}")
    if side not in ("left", "right"):
        raise ValueError(f"searchsorted: expected side 'left' or 'right', received {side!r}")
    return torch.searchsorted(sequence, values, side=side, out_int32=True)


def digitize(x: Any, bins: Any) -> Tensor:
    x, bins = promote(x, bins)
    if bins.ndim != 1:
        raise ValueError(f"digitize: expected 1-D 'bins', received shape {tuple(bins.shape)}")
    if bins.numel() > 1 and bool(bins[0] > bins[-1]):
        flipped = torch.flip(bins, (0,))
        return (bins.numel() - torch.bucketize(x, flipped, right=False)).to(INDEX)
    return torch.bucketize(x, bins, right=True, out_int32=True)


def bincount(x: Any, weights: Any = None, minlength: int = 0) -> Tensor:
    x = convert_to_tensor(x)
    if x.dtype in FLOAT_TORCH or x.dtype is _bool:
        raise TypeError(f"bincount: expected integer input, received {CANONICAL[x.dtype]}")
    w = None if weights is None else convert_to_tensor(weights).to(x.device)
    target = INDEX if w is None else (w.dtype if w.dtype is not _bool else INDEX)
    length = builtins.max(int(x.max().item()) + 1 if x.numel() else 0, int(minlength))
    if x.ndim == 1:
        if w is None:
            return torch.bincount(x.to(torch.int64), minlength=length).to(target)
        return torch.bincount(x.to(torch.int64), w.to(torch.float64), minlength=length).to(target)
    rows = []
    for i in range(x.shape[0]):
        row_w = None if w is None else w[i].to(torch.float64)
        rows.append(torch.bincount(x[i].to(torch.int64), row_w, minlength=length))
    return torch.stack(rows).to(target)


def histogram(x: Any, bins: int = 10, range: Any = None) -> tuple[Tensor, Tensor]:
    x = to_float(x)
    if x.ndim != 1:
        raise ValueError(f"histogram: expected a 1-D input, received shape {tuple(x.shape)}")
    work = x.to(torch.float64)
    if range is None:
        low, high = (float(work.min()), float(work.max())) if work.numel() else (0.0, 1.0)
    else:
        low, high = float(range[0]), float(range[1])
    if low == high:
        low, high = low - 0.5, high + 0.5
    edges = torch.linspace(low, high, int(bins) + 1, dtype=torch.float64, device=x.device)
    inside = (work >= low) & (work <= high)
    index = torch.bucketize(work, edges, right=True) - 1
    index = torch.where(work == high, torch.full_like(index, int(bins) - 1), index)
    counts = torch.bincount(index[inside], minlength=int(bins))[: int(bins)]
    return counts.to(INDEX), edges.to(x.dtype)


def unique(
    x: Any,
    sorted: bool = True,
    return_index: bool = False,
    return_inverse: bool = False,
    return_counts: bool = False,
    axis: Any = None,
    size: int | None = None,
    fill_value: Any = None,
) -> Any:
    x = convert_to_tensor(x)
    work = x.reshape(-1) if axis is None else x
    dim = 0 if axis is None else _int_axis(axis) % x.ndim
    values, inverse, counts = torch.unique(work, sorted=True, return_inverse=True, return_counts=True, dim=dim)
    outputs: list[Tensor] = [values]
    if return_index:
        positions = torch.arange(work.shape[dim], device=x.device)
        first = torch.full((values.shape[dim],), work.shape[dim], dtype=torch.int64, device=x.device)
        first = first.scatter_reduce(0, inverse, positions, reduce="amin")
        outputs.append(first.to(INDEX))
    if return_inverse:
        outputs.append((inverse.reshape(x.shape) if axis is None else inverse).to(INDEX))
    if return_counts:
        outputs.append(counts.to(INDEX))
    if size is not None:
        size = int(size)
        found = values.shape[dim]
        if found < size:
            pad_count = size - found
            fill = values.min() if fill_value is None and values.numel() else (0 if fill_value is None else fill_value)
            pad_shape = list(values.shape)
            pad_shape[dim] = pad_count
            padding = torch.full(pad_shape, 0, dtype=values.dtype, device=x.device)
            padding.fill_(fill if not isinstance(fill, Tensor) else fill.item())
            outputs[0] = torch.cat([values, padding], dim)
            position = 1
            if return_index:
                outputs[position] = torch.cat([outputs[position], torch.zeros(pad_count, dtype=INDEX, device=x.device)])
                position += 1
            if return_inverse:
                position += 1
            if return_counts:
                outputs[position] = torch.cat([outputs[position], torch.zeros(pad_count, dtype=INDEX, device=x.device)])
        else:
            outputs[0] = torch.narrow(values, dim, 0, size)
    if len(outputs) == 1:
        return outputs[0]
    return tuple(outputs)


def unravel_index(indices: Any, shape: Any) -> tuple[Tensor, ...]:
    indices = convert_to_tensor(indices).to(torch.int64)
    return tuple(part.to(INDEX) for part in torch.unravel_index(indices, _shape_tuple(shape)))


# ---------------------------------------------------------------- misc


def clip(x: Any, x_min: Any, x_max: Any) -> Tensor:
    name = dtypes.result_type(x, x_min, x_max)
    x, low, high = promote(x, dtypes.clamp_python_bound(x_min, name), dtypes.clamp_python_bound(x_max, name), dtype=name)
    if x.dtype is _bool:
        x, low, high = x.to(torch.int32), low.to(torch.int32), high.to(torch.int32)
    return torch.clamp(x, low, high)


def nan_to_num(x: Any, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None) -> Tensor:
    x = convert_to_tensor(x)
    if x.dtype in FLOAT_TORCH or x.dtype in COMPLEX_TORCH:
        return torch.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)
    return x


def corrcoef(x: Any) -> Tensor:
    x, target = _mean_input(x)
    return torch.corrcoef(x).to(target)


def correlate(x1: Any, x2: Any, mode: str = "valid") -> Tensor:
    x1, x2 = _float_args(x1, x2)
    if x1.ndim != 1 or x2.ndim != 1:
        raise ValueError(f"correlate: expected 1-D inputs, received shapes {tuple(x1.shape)} and {tuple(x2.shape)}")
    if mode not in ("valid", "same", "full"):
        raise ValueError(f"correlate: expected mode 'valid', 'same' or 'full', received {mode!r}")
    a, v = x1, x2
    swapped = a.shape[0] < v.shape[0]
    if swapped:
        a, v = v, a
    work = torch.float64 if a.dtype is torch.float64 else torch.float32
    n, m = a.shape[0], v.shape[0]
    full_out = torch.nn.functional.conv1d(a.to(work).reshape(1, 1, n), v.to(work).reshape(1, 1, m), padding=m - 1).reshape(-1)
    if swapped:
        full_out = torch.flip(full_out, (0,))
    if mode == "full":
        out = full_out
    elif mode == "valid":
        out = full_out[m - 1 : n]
    else:
        start = (m - 1) // 2 if not swapped else m // 2
        out = full_out[start : start + n]
    return out.to(x1.dtype)


def _pad_widths(pad_width: Any, ndim: int) -> list[tuple[int, int]]:
    """NumPy's pad_width forms (``n``, ``(before, after)``, one pair per axis) as one pair per axis."""
    widths = np.asarray(pad_width.tolist() if isinstance(pad_width, Tensor) else pad_width, dtype=np.int64)
    if widths.ndim == 0:
        widths = np.full((ndim, 2), int(widths))
    elif widths.ndim == 1:
        widths = np.broadcast_to(widths.reshape(-1, 2) if widths.size == 2 else widths.reshape(-1, 1), (ndim, 2))
    else:
        widths = np.broadcast_to(widths, (ndim, 2))
    if (widths < 0).any():
        raise ValueError(f"pad: expected non-negative pad widths, received {pad_width!r}")
    return [(int(before), int(after)) for before, after in widths]


def pad(x: Any, pad_width: Any, mode: str = "constant", constant_values: Any = None) -> Tensor:
    x = convert_to_tensor(x)
    widths = _pad_widths(pad_width, x.ndim)
    if mode == "constant":
        flat = []
        for before, after in reversed(widths):
            flat.extend([before, after])
        value = 0 if constant_values is None else constant_values
        if x.dtype is _bool:
            return torch.nn.functional.pad(x.to(torch.uint8), flat, value=int(value)).to(_bool)
        return torch.nn.functional.pad(x, flat, value=value)
    if constant_values not in (None, 0):
        raise ValueError(f"pad: 'constant_values' is only allowed with mode='constant', received mode={mode!r}")
    if mode not in ("reflect", "symmetric", "edge", "wrap"):
        raise ValueError(f"pad: expected mode 'constant', 'edge', 'reflect', 'symmetric' or 'wrap', received {mode!r}")
    out = x
    for dim, (before, after) in enumerate(widths):
        n = out.shape[dim]
        index = np.arange(-before, n + after)
        if mode == "edge":
            index = np.clip(index, 0, n - 1)
        elif mode == "wrap":
            index = np.mod(index, n)
        elif mode == "reflect":
            period = 2 * (n - 1) if n > 1 else 1
            index = np.mod(index, period)
            index = np.where(index >= n, period - index, index) if n > 1 else np.zeros_like(index)
        else:
            period = 2 * n
            index = np.mod(index, period)
            index = np.where(index >= n, period - 1 - index, index)
        out = torch.index_select(out, dim, torch.as_tensor(index, device=out.device))
    return out


def trapezoid(y: Any, x: Any = None, dx: float = 1.0, axis: int = -1) -> Tensor:
    if x is None:
        y = to_float(y)
        return torch.trapezoid(y, dx=dx, dim=_int_axis(axis))
    y, x = _float_args(y, x)
    return torch.trapezoid(y, x, dim=_int_axis(axis))



def slogdet(x: Any) -> tuple[Tensor, Tensor]:
    x = to_float(x)
    sign_, logabsdet = torch.linalg.slogdet(x)
    return sign_, logabsdet
