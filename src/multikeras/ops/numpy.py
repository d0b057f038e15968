"""``multikeras.ops.numpy``: generated from ``ops/catalog.py``; do not edit.

Regenerate with ``python tools/generate_ops.py``.
"""

# fmt: off
from __future__ import annotations

from typing import Any

from multikeras.backend.selection import _override, _process_backend
from multikeras.ops._dispatch import handle_failure as _failed
from multikeras.ops.types import Array, ArrayLike, Axis, DTypeLike, Shape

_active = _override.get

__all__ = ['abs', 'absolute', 'add', 'all', 'allclose', 'amax', 'amin', 'angle', 'any', 'append', 'arange', 'arccos', 'arccosh', 'arcsin', 'arcsinh', 'arctan', 'arctan2', 'arctanh', 'argmax', 'argmin', 'argpartition', 'argsort', 'array', 'array_split', 'average', 'bartlett', 'bincount', 'bitwise_and', 'bitwise_invert', 'bitwise_left_shift', 'bitwise_not', 'bitwise_or', 'bitwise_right_shift', 'bitwise_xor', 'blackman', 'broadcast_to', 'cbrt', 'ceil', 'clip', 'concatenate', 'conj', 'conjugate', 'copy', 'corrcoef', 'correlate', 'cos', 'cosh', 'count_nonzero', 'cross', 'cumprod', 'cumsum', 'deg2rad', 'diag', 'diagflat', 'diagonal', 'diff', 'digitize', 'divide', 'divide_no_nan', 'dot', 'dsplit', 'dstack', 'einsum', 'empty', 'empty_like', 'equal', 'exp', 'exp2', 'expand_dims', 'expm1', 'eye', 'fabs', 'flip', 'fliplr', 'flipud', 'floor', 'floor_divide', 'fmax', 'fmin', 'fmod', 'full', 'full_like', 'gcd', 'geomspace', 'get_item', 'greater', 'greater_equal', 'hamming', 'hanning', 'heaviside', 'histogram', 'hsplit', 'hstack', 'hypot', 'i0', 'identity', 'imag', 'inner', 'isclose', 'isfinite', 'isin', 'isinf', 'isnan', 'isneginf', 'isposinf', 'isreal', 'kaiser', 'kron', 'lcm', 'ldexp', 'left_shift', 'less', 'less_equal', 'linspace', 'log', 'log10', 'log1p', 'log2', 'logaddexp', 'logaddexp2', 'logical_and', 'logical_not', 'logical_or', 'logical_xor', 'logspace', 'matmul', 'max', 'maximum', 'mean', 'median', 'meshgrid', 'min', 'minimum', 'mod', 'moveaxis', 'multiply', 'nan_to_num', 'nanargmax', 'nanargmin', 'nancumprod', 'nancumsum', 'nanmax', 'nanmean', 'nanmedian', 'nanmin', 'nanpercentile', 'nanprod', 'nanquantile', 'nanstd', 'nansum', 'nanvar', 'ndim', 'negative', 'nextafter', 'nonzero', 'not_equal', 'ones', 'ones_like', 'outer', 'pad', 'percentile', 'power', 'prod', 'ptp', 'quantile', 'rad2deg', 'ravel', 'real', 'reciprocal', 'repeat', 'reshape', 'right_shift', 'roll', 'rot90', 'round', 'searchsorted', 'select', 'sign', 'signbit', 'sin', 'sinc', 'sinh', 'size', 'slogdet', 'sort', 'split', 'sqrt', 'square', 'squeeze', 'stack', 'std', 'subtract', 'sum', 'swapaxes', 'take', 'take_along_axis', 'tan', 'tanh', 'tensordot', 'tile', 'trace', 'transpose', 'trapezoid', 'tri', 'tril', 'triu', 'true_divide', 'trunc', 'unique', 'unravel_index', 'vander', 'var', 'vdot', 'view', 'vsplit', 'vstack', 'where', 'zeros', 'zeros_like']


def abs(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.abs`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).abs(x)
    except Exception as error:
        return _failed('abs', error, {'x': x})


def absolute(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.absolute`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).absolute(x)
    except Exception as error:
        return _failed('absolute', error, {'x': x})


def add(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.add`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).add(x1, x2)
    except Exception as error:
        return _failed('add', error, {'x1': x1, 'x2': x2})


def all(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Keras 3 ``keras.ops.all`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).all(x, axis, keepdims)
    except Exception as error:
        return _failed('all', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def allclose(x1: ArrayLike, x2: ArrayLike, rtol=1e-05, atol=1e-08, equal_nan=False) -> Array:
    """Keras 3 ``keras.ops.allclose`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).allclose(x1, x2, rtol, atol, equal_nan)
    except Exception as error:
        return _failed('allclose', error, {'x1': x1, 'x2': x2, 'rtol': rtol, 'atol': atol, 'equal_nan': equal_nan})


def amax(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Keras 3 ``keras.ops.amax`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).amax(x, axis, keepdims)
    except Exception as error:
        return _failed('amax', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def amin(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Keras 3 ``keras.ops.amin`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).amin(x, axis, keepdims)
    except Exception as error:
        return _failed('amin', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def angle(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.angle`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).angle(x)
    except Exception as error:
        return _failed('angle', error, {'x': x})


def any(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Keras 3 ``keras.ops.any`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).any(x, axis, keepdims)
    except Exception as error:
        return _failed('any', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def append(x1: ArrayLike, x2: ArrayLike, axis: Axis = None) -> Array:
    """Keras 3 ``keras.ops.append`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).append(x1, x2, axis)
    except Exception as error:
        return _failed('append', error, {'x1': x1, 'x2': x2, 'axis': axis})


def arange(start: ArrayLike, stop: ArrayLike = None, step=None, dtype: DTypeLike | None = None) -> Array:
    """Keras 3 ``keras.ops.arange`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).arange(start, stop, step, dtype)
    except Exception as error:
        return _failed('arange', error, {'start': start, 'stop': stop, 'step': step, 'dtype': dtype})


def arccos(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.arccos`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).arccos(x)
    except Exception as error:
        return _failed('arccos', error, {'x': x})


def arccosh(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.arccosh`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).arccosh(x)
    except Exception as error:
        return _failed('arccosh', error, {'x': x})


def arcsin(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.arcsin`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).arcsin(x)
    except Exception as error:
        return _failed('arcsin', error, {'x': x})


def arcsinh(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.arcsinh`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).arcsinh(x)
    except Exception as error:
        return _failed('arcsinh', error, {'x': x})


def arctan(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.arctan`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).arctan(x)
    except Exception as error:
        return _failed('arctan', error, {'x': x})


def arctan2(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.arctan2`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).arctan2(x1, x2)
    except Exception as error:
        return _failed('arctan2', error, {'x1': x1, 'x2': x2})


def arctanh(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.arctanh`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).arctanh(x)
    except Exception as error:
        return _failed('arctanh', error, {'x': x})


def argmax(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Keras 3 ``keras.ops.argmax`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).argmax(x, axis, keepdims)
    except Exception as error:
        return _failed('argmax', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def argmin(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Keras 3 ``keras.ops.argmin`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).argmin(x, axis, keepdims)
    except Exception as error:
        return _failed('argmin', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def argpartition(x: ArrayLike, kth, axis: Axis = -1) -> Array:
    """Keras 3 ``keras.ops.argpartition`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).argpartition(x, kth, axis)
    except Exception as error:
        return _failed('argpartition', error, {'x': x, 'kth': kth, 'axis': axis})


def argsort(x: ArrayLike, axis: Axis = -1) -> Array:
    """Keras 3 ``keras.ops.argsort`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).argsort(x, axis)
    except Exception as error:
        return _failed('argsort', error, {'x': x, 'axis': axis})


def array(x: ArrayLike, dtype: DTypeLike | None = None) -> Array:
    """Keras 3 ``keras.ops.array`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).array(x, dtype)
    except Exception as error:
        return _failed('array', error, {'x': x, 'dtype': dtype})


def array_split(x: ArrayLike, indices_or_sections, axis: Axis = 0) -> Array:
    """Keras 3 ``keras.ops.array_split`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).array_split(x, indices_or_sections, axis)
    except Exception as error:
        return _failed('array_split', error, {'x': x, 'indices_or_sections': indices_or_sections, 'axis': axis})


def average(x: ArrayLike, axis: Axis = None, weights: ArrayLike = None) -> Array:
    """Keras 3 ``keras.ops.average`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).average(x, axis, weights)
    except Exception as error:
        return _failed('average', error, {'x': x, 'axis': axis, 'weights': weights})


def bartlett(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.bartlett`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).bartlett(x)
    except Exception as error:
        return _failed('bartlett', error, {'x': x})


def bincount(x: ArrayLike, weights: ArrayLike = None, minlength=0) -> Array:
    """Keras 3 ``keras.ops.bincount`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).bincount(x, weights, minlength)
    except Exception as error:
        return _failed('bincount', error, {'x': x, 'weights': weights, 'minlength': minlength})


def bitwise_and(x: ArrayLike, y: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.bitwise_and`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).bitwise_and(x, y)
    except Exception as error:
        return _failed('bitwise_and', error, {'x': x, 'y': y})


def bitwise_invert(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.bitwise_invert`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).bitwise_invert(x)
    except Exception as error:
        return _failed('bitwise_invert', error, {'x': x})


def bitwise_left_shift(x: ArrayLike, y: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.bitwise_left_shift`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).bitwise_left_shift(x, y)
    except Exception as error:
        return _failed('bitwise_left_shift', error, {'x': x, 'y': y})


def bitwise_not(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.bitwise_not`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).bitwise_not(x)
    except Exception as error:
        return _failed('bitwise_not', error, {'x': x})


def bitwise_or(x: ArrayLike, y: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.bitwise_or`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).bitwise_or(x, y)
    except Exception as error:
        return _failed('bitwise_or', error, {'x': x, 'y': y})


def bitwise_right_shift(x: ArrayLike, y: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.bitwise_right_shift`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).bitwise_right_shift(x, y)
    except Exception as error:
        return _failed('bitwise_right_shift', error, {'x': x, 'y': y})


def bitwise_xor(x: ArrayLike, y: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.bitwise_xor`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).bitwise_xor(x, y)
    except Exception as error:
        return _failed('bitwise_xor', error, {'x': x, 'y': y})


def blackman(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.blackman`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).blackman(x)
    except Exception as error:
        return _failed('blackman', error, {'x': x})


def broadcast_to(x: ArrayLike, shape: Shape) -> Array:
    """Keras 3 ``keras.ops.broadcast_to`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).broadcast_to(x, shape)
    except Exception as error:
        return _failed('broadcast_to', error, {'x': x, 'shape': shape})


def cbrt(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.cbrt`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).cbrt(x)
    except Exception as error:
        return _failed('cbrt', error, {'x': x})


def ceil(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.ceil`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).ceil(x)
    except Exception as error:
        return _failed('ceil', error, {'x': x})


def clip(x: ArrayLike, x_min: ArrayLike, x_max: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.clip`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).clip(x, x_min, x_max)
    except Exception as error:
        return _failed('clip', error, {'x': x, 'x_min': x_min, 'x_max': x_max})


def concatenate(xs: ArrayLike, axis: Axis = 0) -> Array:
    """Keras 3 ``keras.ops.concatenate`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).concatenate(xs, axis)
    except Exception as error:
        return _failed('concatenate', error, {'xs': xs, 'axis': axis})


def conj(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.conj`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).conj(x)
    except Exception as error:
        return _failed('conj', error, {'x': x})


def conjugate(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.conjugate`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).conjugate(x)
    except Exception as error:
        return _failed('conjugate', error, {'x': x})


def copy(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.copy`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).copy(x)
    except Exception as error:
        return _failed('copy', error, {'x': x})


def corrcoef(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.corrcoef`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).corrcoef(x)
    except Exception as error:
        return _failed('corrcoef', error, {'x': x})


def correlate(x1: ArrayLike, x2: ArrayLike, mode='valid') -> Array:
    """Keras 3 ``keras.ops.correlate`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).correlate(x1, x2, mode)
    except Exception as error:
        return _failed('correlate', error, {'x1': x1, 'x2': x2, 'mode': mode})


def cos(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.cos`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).cos(x)
    except Exception as error:
        return _failed('cos', error, {'x': x})


def cosh(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.cosh`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).cosh(x)
    except Exception as error:
        return _failed('cosh', error, {'x': x})


def count_nonzero(x: ArrayLike, axis: Axis = None) -> Array:
    """Keras 3 ``keras.ops.count_nonzero`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).count_nonzero(x, axis)
    except Exception as error:
        return _failed('count_nonzero', error, {'x': x, 'axis': axis})


def cross(x1: ArrayLike, x2: ArrayLike, axisa=-1, axisb=-1, axisc=-1, axis: Axis = None) -> Array:
    """Keras 3 ``keras.ops.cross`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).cross(x1, x2, axisa, axisb, axisc, axis)
    except Exception as error:
        return _failed('cross', error, {'x1': x1, 'x2': x2, 'axisa': axisa, 'axisb': axisb, 'axisc': axisc, 'axis': axis})


def cumprod(x: ArrayLike, axis: Axis = None, dtype: DTypeLike | None = None) -> Array:
    """Keras 3 ``keras.ops.cumprod`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).cumprod(x, axis, dtype)
    except Exception as error:
        return _failed('cumprod', error, {'x': x, 'axis': axis, 'dtype': dtype})


def cumsum(x: ArrayLike, axis: Axis = None, dtype: DTypeLike | None = None) -> Array:
    """Keras 3 ``keras.ops.cumsum`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).cumsum(x, axis, dtype)
    except Exception as error:
        return _failed('cumsum', error, {'x': x, 'axis': axis, 'dtype': dtype})


def deg2rad(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.deg2rad`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).deg2rad(x)
    except Exception as error:
        return _failed('deg2rad', error, {'x': x})


def diag(x: ArrayLike, k=0) -> Array:
    """Keras 3 ``keras.ops.diag`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).diag(x, k)
    except Exception as error:
        return _failed('diag', error, {'x': x, 'k': k})


def diagflat(x: ArrayLike, k=0) -> Array:
    """Keras 3 ``keras.ops.diagflat`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).diagflat(x, k)
    except Exception as error:
        return _failed('diagflat', error, {'x': x, 'k': k})


def diagonal(x: ArrayLike, offset: ArrayLike = 0, axis1=0, axis2=1) -> Array:
    """Keras 3 ``keras.ops.diagonal`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).diagonal(x, offset, axis1, axis2)
    except Exception as error:
        return _failed('diagonal', error, {'x': x, 'offset': offset, 'axis1': axis1, 'axis2': axis2})


def diff(a: ArrayLike, n=1, axis: Axis = -1) -> Array:
    """Keras 3 ``keras.ops.diff`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).diff(a, n, axis)
    except Exception as error:
        return _failed('diff', error, {'a': a, 'n': n, 'axis': axis})


def digitize(x: ArrayLike, bins: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.digitize`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).digitize(x, bins)
    except Exception as error:
        return _failed('digitize', error, {'x': x, 'bins': bins})


def divide(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.divide`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).divide(x1, x2)
    except Exception as error:
        return _failed('divide', error, {'x1': x1, 'x2': x2})


def divide_no_nan(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.divide_no_nan`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).divide_no_nan(x1, x2)
    except Exception as error:
        return _failed('divide_no_nan', error, {'x1': x1, 'x2': x2})


def dot(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.dot`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).dot(x1, x2)
    except Exception as error:
        return _failed('dot', error, {'x1': x1, 'x2': x2})


def dsplit(x: ArrayLike, indices_or_sections) -> Array:
    """Keras 3 ``keras.ops.dsplit`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).dsplit(x, indices_or_sections)
    except Exception as error:
        return _failed('dsplit', error, {'x': x, 'indices_or_sections': indices_or_sections})


def dstack(xs: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.dstack`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).dstack(xs)
    except Exception as error:
        return _failed('dstack', error, {'xs': xs})


def einsum(subscripts, *operands) -> Array:
    """Keras 3 ``keras.ops.einsum`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).einsum(subscripts, *operands)
    except Exception as error:
        return _failed('einsum', error, {'subscripts': subscripts, 'operands': operands})


def empty(shape: Shape, dtype: DTypeLike | None = None) -> Array:
    """Keras 3 ``keras.ops.empty`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).empty(shape, dtype)
    except Exception as error:
        return _failed('empty', error, {'shape': shape, 'dtype': dtype})


def empty_like(x: ArrayLike, dtype: DTypeLike | None = None) -> Array:
    """Keras 3 ``keras.ops.empty_like`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).empty_like(x, dtype)
    except Exception as error:
        return _failed('empty_like', error, {'x': x, 'dtype': dtype})


def equal(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.equal`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).equal(x1, x2)
    except Exception as error:
        return _failed('equal', error, {'x1': x1, 'x2': x2})


def exp(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.exp`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).exp(x)
    except Exception as error:
        return _failed('exp', error, {'x': x})


def exp2(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.exp2`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).exp2(x)
    except Exception as error:
        return _failed('exp2', error, {'x': x})


def expand_dims(x: ArrayLike, axis: Axis) -> Array:
    """Keras 3 ``keras.ops.expand_dims`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).expand_dims(x, axis)
    except Exception as error:
        return _failed('expand_dims', error, {'x': x, 'axis': axis})


def expm1(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.expm1`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).expm1(x)
    except Exception as error:
        return _failed('expm1', error, {'x': x})


def eye(N, M=None, k=0, dtype: DTypeLike | None = None) -> Array:
    """Keras 3 ``keras.ops.eye`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).eye(N, M, k, dtype)
    except Exception as error:
        return _failed('eye', error, {'N': N, 'M': M, 'k': k, 'dtype': dtype})


def fabs(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.fabs`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).fabs(x)
    except Exception as error:
        return _failed('fabs', error, {'x': x})


def flip(x: ArrayLike, axis: Axis = None) -> Array:
    """Keras 3 ``keras.ops.flip`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).flip(x, axis)
    except Exception as error:
        return _failed('flip', error, {'x': x, 'axis': axis})


def fliplr(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.fliplr`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).fliplr(x)
    except Exception as error:
        return _failed('fliplr', error, {'x': x})


def flipud(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.flipud`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).flipud(x)
    except Exception as error:
        return _failed('flipud', error, {'x': x})


def floor(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.floor`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).floor(x)
    except Exception as error:
        return _failed('floor', error, {'x': x})


def floor_divide(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.floor_divide`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).floor_divide(x1, x2)
    except Exception as error:
        return _failed('floor_divide', error, {'x1': x1, 'x2': x2})


def fmax(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.fmax`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).fmax(x1, x2)
    except Exception as error:
        return _failed('fmax', error, {'x1': x1, 'x2': x2})


def fmin(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.fmin`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).fmin(x1, x2)
    except Exception as error:
        return _failed('fmin', error, {'x1': x1, 'x2': x2})


def fmod(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.fmod`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).fmod(x1, x2)
    except Exception as error:
        return _failed('fmod', error, {'x1': x1, 'x2': x2})


def full(shape: Shape, fill_value: ArrayLike, dtype: DTypeLike | None = None) -> Array:
    """Keras 3 ``keras.ops.full`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).full(shape, fill_value, dtype)
    except Exception as error:
        return _failed('full', error, {'shape': shape, 'fill_value': fill_value, 'dtype': dtype})


def full_like(x: ArrayLike, fill_value: ArrayLike, dtype: DTypeLike | None = None) -> Array:
    """Keras 3 ``keras.ops.full_like`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).full_like(x, fill_value, dtype)
    except Exception as error:
        return _failed('full_like', error, {'x': x, 'fill_value': fill_value, 'dtype': dtype})


def gcd(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.gcd`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).gcd(x1, x2)
    except Exception as error:
        return _failed('gcd', error, {'x1': x1, 'x2': x2})


def geomspace(start: ArrayLike, stop: ArrayLike, num=50, endpoint=True, dtype: DTypeLike | None = None, axis: Axis = 0) -> Array:
    """Keras 3 ``keras.ops.geomspace`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).geomspace(start, stop, num, endpoint, dtype, axis)
    except Exception as error:
        return _failed('geomspace', error, {'start': start, 'stop': stop, 'num': num, 'endpoint': endpoint, 'dtype': dtype, 'axis': axis})


def get_item(x: ArrayLike, key: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.get_item`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).get_item(x, key)
    except Exception as error:
        return _failed('get_item', error, {'x': x, 'key': key})


def greater(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.greater`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).greater(x1, x2)
    except Exception as error:
        return _failed('greater', error, {'x1': x1, 'x2': x2})


def greater_equal(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.greater_equal`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).greater_equal(x1, x2)
    except Exception as error:
        return _failed('greater_equal', error, {'x1': x1, 'x2': x2})


def hamming(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.hamming`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).hamming(x)
    except Exception as error:
        return _failed('hamming', error, {'x': x})


def hanning(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.hanning`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).hanning(x)
    except Exception as error:
        return _failed('hanning', error, {'x': x})


def heaviside(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.heaviside`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).heaviside(x1, x2)
    except Exception as error:
        return _failed('heaviside', error, {'x1': x1, 'x2': x2})


def histogram(x: ArrayLike, bins: ArrayLike = 10, range=None) -> Array:
    """Keras 3 ``keras.ops.histogram`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).histogram(x, bins, range)
    except Exception as error:
        return _failed('histogram', error, {'x': x, 'bins': bins, 'range': range})


def hsplit(x: ArrayLike, indices_or_sections) -> Array:
    """Keras 3 ``keras.ops.hsplit`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).hsplit(x, indices_or_sections)
    except Exception as error:
        return _failed('hsplit', error, {'x': x, 'indices_or_sections': indices_or_sections})


def hstack(xs: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.hstack`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).hstack(xs)
    except Exception as error:
        return _failed('hstack', error, {'xs': xs})


def hypot(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.hypot`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).hypot(x1, x2)
    except Exception as error:
        return _failed('hypot', error, {'x1': x1, 'x2': x2})


def i0(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.i0`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).i0(x)
    except Exception as error:
        return _failed('i0', error, {'x': x})


def identity(n, dtype: DTypeLike | None = None) -> Array:
    """Keras 3 ``keras.ops.identity`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).identity(n, dtype)
    except Exception as error:
        return _failed('identity', error, {'n': n, 'dtype': dtype})


def imag(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.imag`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).imag(x)
    except Exception as error:
        return _failed('imag', error, {'x': x})


def inner(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.inner`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).inner(x1, x2)
    except Exception as error:
        return _failed('inner', error, {'x1': x1, 'x2': x2})


def isclose(x1: ArrayLike, x2: ArrayLike, rtol=1e-05, atol=1e-08, equal_nan=False) -> Array:
    """Keras 3 ``keras.ops.isclose`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).isclose(x1, x2, rtol, atol, equal_nan)
    except Exception as error:
        return _failed('isclose', error, {'x1': x1, 'x2': x2, 'rtol': rtol, 'atol': atol, 'equal_nan': equal_nan})


def isfinite(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.isfinite`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).isfinite(x)
    except Exception as error:
        return _failed('isfinite', error, {'x': x})


def isin(x1: ArrayLike, x2: ArrayLike, assume_unique=False, invert=False) -> Array:
    """Keras 3 ``keras.ops.isin`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).isin(x1, x2, assume_unique, invert)
    except Exception as error:
        return _failed('isin', error, {'x1': x1, 'x2': x2, 'assume_unique': assume_unique, 'invert': invert})


def isinf(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.isinf`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).isinf(x)
    except Exception as error:
        return _failed('isinf', error, {'x': x})


def isnan(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.isnan`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).isnan(x)
    except Exception as error:
        return _failed('isnan', error, {'x': x})


def isneginf(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.isneginf`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).isneginf(x)
    except Exception as error:
        return _failed('isneginf', error, {'x': x})


def isposinf(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.isposinf`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).isposinf(x)
    except Exception as error:
        return _failed('isposinf', error, {'x': x})


def isreal(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.isreal`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).isreal(x)
    except Exception as error:
        return _failed('isreal', error, {'x': x})


def kaiser(x: ArrayLike, beta: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.kaiser`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).kaiser(x, beta)
    except Exception as error:
        return _failed('kaiser', error, {'x': x, 'beta': beta})


def kron(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.kron`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).kron(x1, x2)
    except Exception as error:
        return _failed('kron', error, {'x1': x1, 'x2': x2})


def lcm(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.lcm`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).lcm(x1, x2)
    except Exception as error:
        return _failed('lcm', error, {'x1': x1, 'x2': x2})


def ldexp(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.ldexp`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).ldexp(x1, x2)
    except Exception as error:
        return _failed('ldexp', error, {'x1': x1, 'x2': x2})


def left_shift(x: ArrayLike, y: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.left_shift`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).left_shift(x, y)
    except Exception as error:
        return _failed('left_shift', error, {'x': x, 'y': y})


def less(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.less`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).less(x1, x2)
    except Exception as error:
        return _failed('less', error, {'x1': x1, 'x2': x2})


def less_equal(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.less_equal`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).less_equal(x1, x2)
    except Exception as error:
        return _failed('less_equal', error, {'x1': x1, 'x2': x2})


def linspace(start: ArrayLike, stop: ArrayLike, num=50, endpoint=True, retstep=False, dtype: DTypeLike | None = None, axis: Axis = 0) -> Array:
    """Keras 3 ``keras.ops.linspace`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).linspace(start, stop, num, endpoint, retstep, dtype, axis)
    except Exception as error:
        return _failed('linspace', error, {'start': start, 'stop': stop, 'num': num, 'endpoint': endpoint, 'retstep': retstep, 'dtype': dtype, 'axis': axis})


def log(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.log`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).log(x)
    except Exception as error:
        return _failed('log', error, {'x': x})


def log10(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.log10`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).log10(x)
    except Exception as error:
        return _failed('log10', error, {'x': x})


def log1p(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.log1p`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).log1p(x)
    except Exception as error:
        return _failed('log1p', error, {'x': x})


def log2(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.log2`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).log2(x)
    except Exception as error:
        return _failed('log2', error, {'x': x})


def logaddexp(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.logaddexp`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).logaddexp(x1, x2)
    except Exception as error:
        return _failed('logaddexp', error, {'x1': x1, 'x2': x2})


def logaddexp2(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.logaddexp2`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).logaddexp2(x1, x2)
    except Exception as error:
        return _failed('logaddexp2', error, {'x1': x1, 'x2': x2})


def logical_and(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.logical_and`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).logical_and(x1, x2)
    except Exception as error:
        return _failed('logical_and', error, {'x1': x1, 'x2': x2})


def logical_not(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.logical_not`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).logical_not(x)
    except Exception as error:
        return _failed('logical_not', error, {'x': x})


def logical_or(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.logical_or`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).logical_or(x1, x2)
    except Exception as error:
        return _failed('logical_or', error, {'x1': x1, 'x2': x2})


def logical_xor(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.logical_xor`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).logical_xor(x1, x2)
    except Exception as error:
        return _failed('logical_xor', error, {'x1': x1, 'x2': x2})


def logspace(start: ArrayLike, stop: ArrayLike, num=50, endpoint=True, base=10, dtype: DTypeLike | None = None, axis: Axis = 0) -> Array:
    """Keras 3 ``keras.ops.logspace`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).logspace(start, stop, num, endpoint, base, dtype, axis)
    except Exception as error:
        return _failed('logspace', error, {'start': start, 'stop': stop, 'num': num, 'endpoint': endpoint, 'base': base, 'dtype': dtype, 'axis': axis})


def matmul(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.matmul`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).matmul(x1, x2)
    except Exception as error:
        return _failed('matmul', error, {'x1': x1, 'x2': x2})


def max(x: ArrayLike, axis: Axis = None, keepdims: bool = False, initial=None) -> Array:
    """Keras 3 ``keras.ops.max`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).max(x, axis, keepdims, initial)
    except Exception as error:
        return _failed('max', error, {'x': x, 'axis': axis, 'keepdims': keepdims, 'initial': initial})


def maximum(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.maximum`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).maximum(x1, x2)
    except Exception as error:
        return _failed('maximum', error, {'x1': x1, 'x2': x2})


def mean(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Keras 3 ``keras.ops.mean`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).mean(x, axis, keepdims)
    except Exception as error:
        return _failed('mean', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def median(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Keras 3 ``keras.ops.median`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).median(x, axis, keepdims)
    except Exception as error:
        return _failed('median', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def meshgrid(*x, indexing='xy') -> Array:
    """Keras 3 ``keras.ops.meshgrid`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).meshgrid(*x, indexing=indexing)
    except Exception as error:
        return _failed('meshgrid', error, {'x': x, 'indexing': indexing})


def min(x: ArrayLike, axis: Axis = None, keepdims: bool = False, initial=None) -> Array:
    """Keras 3 ``keras.ops.min`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).min(x, axis, keepdims, initial)
    except Exception as error:
        return _failed('min', error, {'x': x, 'axis': axis, 'keepdims': keepdims, 'initial': initial})


def minimum(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.minimum`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).minimum(x1, x2)
    except Exception as error:
        return _failed('minimum', error, {'x1': x1, 'x2': x2})


def mod(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.mod`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).mod(x1, x2)
    except Exception as error:
        return _failed('mod', error, {'x1': x1, 'x2': x2})


def moveaxis(x: ArrayLike, source, destination) -> Array:
    """Keras 3 ``keras.ops.moveaxis`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).moveaxis(x, source, destination)
    except Exception as error:
        return _failed('moveaxis', error, {'x': x, 'source': source, 'destination': destination})


def multiply(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.multiply`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).multiply(x1, x2)
    except Exception as error:
        return _failed('multiply', error, {'x1': x1, 'x2': x2})


def nan_to_num(x: ArrayLike, nan=0.0, posinf=None, neginf=None) -> Array:
    """Keras 3 ``keras.ops.nan_to_num`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).nan_to_num(x, nan, posinf, neginf)
    except Exception as error:
        return _failed('nan_to_num', error, {'x': x, 'nan': nan, 'posinf': posinf, 'neginf': neginf})


def nanargmax(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Keras 3 ``keras.ops.nanargmax`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).nanargmax(x, axis, keepdims)
    except Exception as error:
        return _failed('nanargmax', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def nanargmin(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Keras 3 ``keras.ops.nanargmin`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).nanargmin(x, axis, keepdims)
    except Exception as error:
        return _failed('nanargmin', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def nancumprod(x: ArrayLike, axis: Axis = None, dtype: DTypeLike | None = None) -> Array:
    """Keras 3 ``keras.ops.nancumprod`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).nancumprod(x, axis, dtype)
    except Exception as error:
        return _failed('nancumprod', error, {'x': x, 'axis': axis, 'dtype': dtype})


def nancumsum(x: ArrayLike, axis: Axis = None, dtype: DTypeLike | None = None) -> Array:
    """Keras 3 ``keras.ops.nancumsum`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).nancumsum(x, axis, dtype)
    except Exception as error:
        return _failed('nancumsum', error, {'x': x, 'axis': axis, 'dtype': dtype})


def nanmax(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Keras 3 ``keras.ops.nanmax`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).nanmax(x, axis, keepdims)
    except Exception as error:
        return _failed('nanmax', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def nanmean(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Keras 3 ``keras.ops.nanmean`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).nanmean(x, axis, keepdims)
    except Exception as error:
        return _failed('nanmean', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def nanmedian(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Keras 3 ``keras.ops.nanmedian`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).nanmedian(x, axis, keepdims)
    except Exception as error:
        return _failed('nanmedian', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def nanmin(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Keras 3 ``keras.ops.nanmin`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).nanmin(x, axis, keepdims)
    except Exception as error:
        return _failed('nanmin', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def nanpercentile(x: ArrayLike, q: ArrayLike, axis: Axis = None, method='linear', keepdims: bool = False) -> Array:
    """Keras 3 ``keras.ops.nanpercentile`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).nanpercentile(x, q, axis, method, keepdims)
    except Exception as error:
        return _failed('nanpercentile', error, {'x': x, 'q': q, 'axis': axis, 'method': method, 'keepdims': keepdims})


def nanprod(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Keras 3 ``keras.ops.nanprod`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).nanprod(x, axis, keepdims)
    except Exception as error:
        return _failed('nanprod', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def nanquantile(x: ArrayLike, q: ArrayLike, axis: Axis = None, method='linear', keepdims: bool = False) -> Array:
    """Keras 3 ``keras.ops.nanquantile`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).nanquantile(x, q, axis, method, keepdims)
    except Exception as error:
        return _failed('nanquantile', error, {'x': x, 'q': q, 'axis': axis, 'method': method, 'keepdims': keepdims})


def nanstd(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Keras 3 ``keras.ops.nanstd`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).nanstd(x, axis, keepdims)
    except Exception as error:
        return _failed('nanstd', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def nansum(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Keras 3 ``keras.ops.nansum`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).nansum(x, axis, keepdims)
    except Exception as error:
        return _failed('nansum', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def nanvar(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Keras 3 ``keras.ops.nanvar`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).nanvar(x, axis, keepdims)
    except Exception as error:
        return _failed('nanvar', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def ndim(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.ndim`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).ndim(x)
    except Exception as error:
        return _failed('ndim', error, {'x': x})


def negative(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.negative`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).negative(x)
    except Exception as error:
        return _failed('negative', error, {'x': x})


def nextafter(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.nextafter`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).nextafter(x1, x2)
    except Exception as error:
        return _failed('nextafter', error, {'x1': x1, 'x2': x2})


def nonzero(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.nonzero`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).nonzero(x)
    except Exception as error:
        return _failed('nonzero', error, {'x': x})


def not_equal(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.not_equal`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).not_equal(x1, x2)
    except Exception as error:
        return _failed('not_equal', error, {'x1': x1, 'x2': x2})


def ones(shape: Shape, dtype: DTypeLike | None = None) -> Array:
    """Keras 3 ``keras.ops.ones`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).ones(shape, dtype)
    except Exception as error:
        return _failed('ones', error, {'shape': shape, 'dtype': dtype})


def ones_like(x: ArrayLike, dtype: DTypeLike | None = None) -> Array:
    """Keras 3 ``keras.ops.ones_like`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).ones_like(x, dtype)
    except Exception as error:
        return _failed('ones_like', error, {'x': x, 'dtype': dtype})


def outer(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.outer`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).outer(x1, x2)
    except Exception as error:
        return _failed('outer', error, {'x1': x1, 'x2': x2})


def pad(x: ArrayLike, pad_width, mode='constant', constant_values=None) -> Array:
    """Keras 3 ``keras.ops.pad`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).pad(x, pad_width, mode, constant_values)
    except Exception as error:
        return _failed('pad', error, {'x': x, 'pad_width': pad_width, 'mode': mode, 'constant_values': constant_values})


def percentile(x: ArrayLike, q: ArrayLike, axis: Axis = None, method='linear', keepdims: bool = False) -> Array:
    """Keras 3 ``keras.ops.percentile`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).percentile(x, q, axis, method, keepdims)
    except Exception as error:
        return _failed('percentile', error, {'x': x, 'q': q, 'axis': axis, 'method': method, 'keepdims': keepdims})


def power(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.power`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).power(x1, x2)
    except Exception as error:
        return _failed('power', error, {'x1': x1, 'x2': x2})


def prod(x: ArrayLike, axis: Axis = None, keepdims: bool = False, dtype: DTypeLike | None = None) -> Array:
    """Keras 3 ``keras.ops.prod`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).prod(x, axis, keepdims, dtype)
    except Exception as error:
        return _failed('prod', error, {'x': x, 'axis': axis, 'keepdims': keepdims, 'dtype': dtype})


def ptp(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Keras 3 ``keras.ops.ptp`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).ptp(x, axis, keepdims)
    except Exception as error:
        return _failed('ptp', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def quantile(x: ArrayLike, q: ArrayLike, axis: Axis = None, method='linear', keepdims: bool = False) -> Array:
    """Keras 3 ``keras.ops.quantile`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).quantile(x, q, axis, method, keepdims)
    except Exception as error:
        return _failed('quantile', error, {'x': x, 'q': q, 'axis': axis, 'method': method, 'keepdims': keepdims})


def rad2deg(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.rad2deg`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).rad2deg(x)
    except Exception as error:
        return _failed('rad2deg', error, {'x': x})


def ravel(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.ravel`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).ravel(x)
    except Exception as error:
        return _failed('ravel', error, {'x': x})


def real(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.real`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).real(x)
    except Exception as error:
        return _failed('real', error, {'x': x})


def reciprocal(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.reciprocal`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).reciprocal(x)
    except Exception as error:
        return _failed('reciprocal', error, {'x': x})


def repeat(x: ArrayLike, repeats: ArrayLike, axis: Axis = None) -> Array:
    """Keras 3 ``keras.ops.repeat`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).repeat(x, repeats, axis)
    except Exception as error:
        return _failed('repeat', error, {'x': x, 'repeats': repeats, 'axis': axis})


def reshape(x: ArrayLike, newshape: Shape) -> Array:
    """Keras 3 ``keras.ops.reshape`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).reshape(x, newshape)
    except Exception as error:
        return _failed('reshape', error, {'x': x, 'newshape': newshape})


def right_shift(x: ArrayLike, y: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.right_shift`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).right_shift(x, y)
    except Exception as error:
        return _failed('right_shift', error, {'x': x, 'y': y})


def roll(x: ArrayLike, shift, axis: Axis = None) -> Array:
    """Keras 3 ``keras.ops.roll`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).roll(x, shift, axis)
    except Exception as error:
        return _failed('roll', error, {'x': x, 'shift': shift, 'axis': axis})


def rot90(array: ArrayLike, k=1, axes: Any = (0, 1)) -> Array:
    """Keras 3 ``keras.ops.rot90`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).rot90(array, k, axes)
    except Exception as error:
        return _failed('rot90', error, {'array': array, 'k': k, 'axes': axes})


def round(x: ArrayLike, decimals=0) -> Array:
    """Keras 3 ``keras.ops.round`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).round(x, decimals)
    except Exception as error:
        return _failed('round', error, {'x': x, 'decimals': decimals})


def searchsorted(sorted_sequence: ArrayLike, values: ArrayLike, side='left') -> Array:
    """Keras 3 ``keras.ops.searchsorted`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).searchsorted(sorted_sequence, values, side)
    except Exception as error:
        return _failed('searchsorted', error, {'sorted_sequence': sorted_sequence, 'values': values, 'side': side})


def select(condlist: ArrayLike, choicelist: ArrayLike, default=0) -> Array:
    """Keras 3 ``keras.ops.select`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).select(condlist, choicelist, default)
    except Exception as error:
        return _failed('select', error, {'condlist': condlist, 'choicelist': choicelist, 'default': default})


def sign(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.sign`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).sign(x)
    except Exception as error:
        return _failed('sign', error, {'x': x})


def signbit(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.signbit`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).signbit(x)
    except Exception as error:
        return _failed('signbit', error, {'x': x})


def sin(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.sin`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).sin(x)
    except Exception as error:
        return _failed('sin', error, {'x': x})


def sinc(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.sinc`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).sinc(x)
    except Exception as error:
        return _failed('sinc', error, {'x': x})


def sinh(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.sinh`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).sinh(x)
    except Exception as error:
        return _failed('sinh', error, {'x': x})


def size(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.size`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).size(x)
    except Exception as error:
        return _failed('size', error, {'x': x})


def slogdet(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.slogdet`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).slogdet(x)
    except Exception as error:
        return _failed('slogdet', error, {'x': x})


def sort(x: ArrayLike, axis: Axis = -1) -> Array:
    """Keras 3 ``keras.ops.sort`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).sort(x, axis)
    except Exception as error:
        return _failed('sort', error, {'x': x, 'axis': axis})


def split(x: ArrayLike, indices_or_sections, axis: Axis = 0) -> Array:
    """Keras 3 ``keras.ops.split`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).split(x, indices_or_sections, axis)
    except Exception as error:
        return _failed('split', error, {'x': x, 'indices_or_sections': indices_or_sections, 'axis': axis})


def sqrt(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.sqrt`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).sqrt(x)
    except Exception as error:
        return _failed('sqrt', error, {'x': x})


def square(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.square`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).square(x)
    except Exception as error:
        return _failed('square', error, {'x': x})


def squeeze(x: ArrayLike, axis: Axis = None) -> Array:
    """Keras 3 ``keras.ops.squeeze`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).squeeze(x, axis)
    except Exception as error:
        return _failed('squeeze', error, {'x': x, 'axis': axis})


def stack(x: ArrayLike, axis: Axis = 0) -> Array:
    """Keras 3 ``keras.ops.stack`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).stack(x, axis)
    except Exception as error:
        return _failed('stack', error, {'x': x, 'axis': axis})


def std(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Keras 3 ``keras.ops.std`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).std(x, axis, keepdims)
    except Exception as error:
        return _failed('std', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def subtract(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.subtract`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).subtract(x1, x2)
    except Exception as error:
        return _failed('subtract', error, {'x1': x1, 'x2': x2})


def sum(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Keras 3 ``keras.ops.sum`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).sum(x, axis, keepdims)
    except Exception as error:
        return _failed('sum', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def swapaxes(x: ArrayLike, axis1, axis2) -> Array:
    """Keras 3 ``keras.ops.swapaxes`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).swapaxes(x, axis1, axis2)
    except Exception as error:
        return _failed('swapaxes', error, {'x': x, 'axis1': axis1, 'axis2': axis2})


def take(x: ArrayLike, indices: ArrayLike, axis: Axis = None) -> Array:
    """Keras 3 ``keras.ops.take`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).take(x, indices, axis)
    except Exception as error:
        return _failed('take', error, {'x': x, 'indices': indices, 'axis': axis})


def take_along_axis(x: ArrayLike, indices: ArrayLike, axis: Axis = None) -> Array:
    """Keras 3 ``keras.ops.take_along_axis`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).take_along_axis(x, indices, axis)
    except Exception as error:
        return _failed('take_along_axis', error, {'x': x, 'indices': indices, 'axis': axis})


def tan(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.tan`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).tan(x)
    except Exception as error:
        return _failed('tan', error, {'x': x})


def tanh(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.tanh`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).tanh(x)
    except Exception as error:
        return _failed('tanh', error, {'x': x})


def tensordot(x1: ArrayLike, x2: ArrayLike, axes: Any = 2) -> Array:
    """Keras 3 ``keras.ops.tensordot`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).tensordot(x1, x2, axes)
    except Exception as error:
        return _failed('tensordot', error, {'x1': x1, 'x2': x2, 'axes': axes})


def tile(x: ArrayLike, repeats: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.tile`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).tile(x, repeats)
    except Exception as error:
        return _failed('tile', error, {'x': x, 'repeats': repeats})


def trace(x: ArrayLike, offset: ArrayLike = 0, axis1=0, axis2=1) -> Array:
    """Keras 3 ``keras.ops.trace`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).trace(x, offset, axis1, axis2)
    except Exception as error:
        return _failed('trace', error, {'x': x, 'offset': offset, 'axis1': axis1, 'axis2': axis2})


def transpose(x: ArrayLike, axes: Any = None) -> Array:
    """Keras 3 ``keras.ops.transpose`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).transpose(x, axes)
    except Exception as error:
        return _failed('transpose', error, {'x': x, 'axes': axes})


def trapezoid(y: ArrayLike, x: ArrayLike = None, dx=1.0, axis: Axis = -1) -> Array:
    """Keras 3 ``keras.ops.trapezoid`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).trapezoid(y, x, dx, axis)
    except Exception as error:
        return _failed('trapezoid', error, {'y': y, 'x': x, 'dx': dx, 'axis': axis})


def tri(N, M=None, k=0, dtype: DTypeLike | None = None) -> Array:
    """Keras 3 ``keras.ops.tri`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).tri(N, M, k, dtype)
    except Exception as error:
        return _failed('tri', error, {'N': N, 'M': M, 'k': k, 'dtype': dtype})


def tril(x: ArrayLike, k=0) -> Array:
    """Keras 3 ``keras.ops.tril`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).tril(x, k)
    except Exception as error:
        return _failed('tril', error, {'x': x, 'k': k})


def triu(x: ArrayLike, k=0) -> Array:
    """Keras 3 ``keras.ops.triu`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).triu(x, k)
    except Exception as error:
        return _failed('triu', error, {'x': x, 'k': k})


def true_divide(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.true_divide`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).true_divide(x1, x2)
    except Exception as error:
        return _failed('true_divide', error, {'x1': x1, 'x2': x2})


def trunc(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.trunc`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).trunc(x)
    except Exception as error:
        return _failed('trunc', error, {'x': x})


def unique(x: ArrayLike, sorted=True, return_index=False, return_inverse=False, return_counts=False, axis: Axis = None, size=None, fill_value: ArrayLike = None) -> Array:
    """Keras 3 ``keras.ops.unique`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).unique(x, sorted, return_index, return_inverse, return_counts, axis, size, fill_value)
    except Exception as error:
        return _failed('unique', error, {'x': x, 'sorted': sorted, 'return_index': return_index, 'return_inverse': return_inverse, 'return_counts': return_counts, 'axis': axis, 'size': size, 'fill_value': fill_value})


def unravel_index(indices: ArrayLike, shape: Shape) -> Array:
    """Keras 3 ``keras.ops.unravel_index`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).unravel_index(indices, shape)
    except Exception as error:
        return _failed('unravel_index', error, {'indices': indices, 'shape': shape})


def vander(x: ArrayLike, N=None, increasing=False) -> Array:
    """Keras 3 ``keras.ops.vander`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).vander(x, N, increasing)
    except Exception as error:
        return _failed('vander', error, {'x': x, 'N': N, 'increasing': increasing})


def var(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Keras 3 ``keras.ops.var`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).var(x, axis, keepdims)
    except Exception as error:
        return _failed('var', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def vdot(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.vdot`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).vdot(x1, x2)
    except Exception as error:
        return _failed('vdot', error, {'x1': x1, 'x2': x2})


def view(x: ArrayLike, dtype: DTypeLike | None = None) -> Array:
    """Keras 3 ``keras.ops.view`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).view(x, dtype)
    except Exception as error:
        return _failed('view', error, {'x': x, 'dtype': dtype})


def vsplit(x: ArrayLike, indices_or_sections) -> Array:
    """Keras 3 ``keras.ops.vsplit`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).vsplit(x, indices_or_sections)
    except Exception as error:
        return _failed('vsplit', error, {'x': x, 'indices_or_sections': indices_or_sections})


def vstack(xs: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.vstack`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).vstack(xs)
    except Exception as error:
        return _failed('vstack', error, {'xs': xs})


def where(condition: ArrayLike, x1: ArrayLike = None, x2: ArrayLike = None) -> Array:
    """Keras 3 ``keras.ops.where`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).where(condition, x1, x2)
    except Exception as error:
        return _failed('where', error, {'condition': condition, 'x1': x1, 'x2': x2})


def zeros(shape: Shape, dtype: DTypeLike | None = None) -> Array:
    """Keras 3 ``keras.ops.zeros`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).zeros(shape, dtype)
    except Exception as error:
        return _failed('zeros', error, {'shape': shape, 'dtype': dtype})


def zeros_like(x: ArrayLike, dtype: DTypeLike | None = None) -> Array:
    """Keras 3 ``keras.ops.zeros_like`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).zeros_like(x, dtype)
    except Exception as error:
        return _failed('zeros_like', error, {'x': x, 'dtype': dtype})
