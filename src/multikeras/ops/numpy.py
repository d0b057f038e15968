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

__all__ = ['abs', 'absolute', 'add', 'all', 'allclose', 'amax', 'amin', 'angle', 'any', 'append', 'arange', 'arccos', 'arccosh', 'arcsin', 'arcsinh', 'arctan', 'arctan2', 'arctanh', 'argmax', 'argmin', 'argpartition', 'argsort', 'array', 'array_split', 'average', 'bartlett', 'bincount', 'bitwise_and', 'bitwise_invert', 'bitwise_left_shift', 'bitwise_not', 'bitwise_or', 'bitwise_right_shift', 'bitwise_xor', 'blackman', 'broadcast_to', 'cbrt', 'ceil', 'clip', 'concatenate', 'conj', 'conjugate', 'copy', 'corrcoef', 'correlate', 'cos', 'cosh', 'count_nonzero', 'cross', 'cumprod', 'cumsum', 'deg2rad', 'diag', 'diagflat', 'diagonal', 'diff', 'digitize', 'divide', 'divide_no_nan', 'dot', 'dsplit', 'dstack', 'einsum', 'empty', 'empty_like', 'equal', 'exp', 'exp2', 'expand_dims', 'expm1', 'eye', 'fabs', 'flip', 'fliplr', 'flipud', 'floor', 'floor_divide', 'fmax', 'fmin', 'fmod', 'full', 'full_like', 'gcd', 'geomspace', 'get_item', 'greater', 'greater_equal', 'hamming', 'hanning', 'heaviside', 'histogram', 'hsplit', 'hstack', 'hypot', 'i0', 'identity', 'imag', 'inner', 'isclose', 'isfinite', 'isin', 'isinf', 'isnan', 'isneginf', 'isposinf', 'isreal', 'kaiser', 'kron', 'lcm', 'ldexp', 'left_shift', 'less', 'less_equal', 'linspace', 'log', 'log10', 'log1p', 'log2', 'logaddexp', 'logaddexp2', 'logical_and', 'logical_not', 'logical_or', 'logical_xor', 'logspace', 'matmul', 'max', 'maximum', 'mean', 'median', 'meshgrid', 'min', 'minimum', 'mod', 'moveaxis', 'multiply', 'nan_to_num', 'nanargmax', 'nanargmin', 'nancumprod', 'nancumsum', 'nanmax', 'nanmean', 'nanmedian', 'nanmin', 'nanpercentile', 'nanprod', 'nanquantile', 'nanstd', 'nansum', 'nanvar', 'ndim', 'negative', 'nextafter', 'nonzero', 'not_equal', 'ones', 'ones_like', 'outer', 'pad', 'percentile', 'power', 'prod', 'ptp', 'quantile', 'rad2deg', 'ravel', 'real', 'reciprocal', 'repeat', 'reshape', 'right_shift', 'roll', 'rot90', 'round', 'searchsorted', 'select', 'sign', 'signbit', 'sin', 'sinc', 'sinh', 'size', 'slogdet', 'sort', 'split', 'sqrt', 'square', 'squeeze', 'stack', 'std', 'subtract', 'sum', 'swapaxes', 'take', 'take_along_axis', 'tan', 'tanh', 'tensordot', 'tile', 'trace', 'transpose', 'trapezoid', 'tri', 'tril', 'triu', 'true_divide', 'trunc', 'unique', 'unravel_index', 'vander', 'var', 'vdot', 'vectorize', 'view', 'vsplit', 'vstack', 'where', 'zeros', 'zeros_like']


def abs(x: ArrayLike) -> Array:
    """Absolute value, elementwise.

    Input dtype is preserved.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        ``|x|`` with the dtype of ``x``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.abs([-2, 0, 3])))
        [2 0 3]
    """
    try:
        return (_active() or _process_backend()).abs(x)
    except Exception as error:
        return _failed('abs', error, {'x': x})


def absolute(x: ArrayLike) -> Array:
    """Absolute value, elementwise (alias of ``abs``).

    Input dtype is preserved.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        ``|x|`` with the dtype of ``x``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.absolute([-1.5, 2.0])))
        [1.5 2. ]
    """
    try:
        return (_active() or _process_backend()).absolute(x)
    except Exception as error:
        return _failed('absolute', error, {'x': x})


def add(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Add two arrays elementwise, with broadcasting.

    The result dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.

    Returns:
        The elementwise sum.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.add([1, 2], [10, 20])))
        [11 22]
    """
    try:
        return (_active() or _process_backend()).add(x1, x2)
    except Exception as error:
        return _failed('add', error, {'x1': x1, 'x2': x2})


def all(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Test whether all elements are true along an axis.

    With ``axis=None`` the op reduces over all elements. The result dtype is ``bool``.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis (int or tuple of ints) to reduce over; ``None`` reduces over all axes.
        keepdims: If ``True``, reduced axes are kept with length 1.

    Returns:
        A boolean tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.all([[True, False], [True, True]], axis=1)))
        [False  True]
    """
    try:
        return (_active() or _process_backend()).all(x, axis, keepdims)
    except Exception as error:
        return _failed('all', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def allclose(x1: ArrayLike, x2: ArrayLike, rtol=1e-05, atol=1e-08, equal_nan=False) -> Array:
    """Test whether two arrays are equal within a tolerance, elementwise, for all elements.

    Elements are close when ``|x1 - x2| <= atol + rtol * |x2|``.

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.
        rtol: Relative tolerance.
        atol: Absolute tolerance.
        equal_nan: If ``True``, two NaNs compare equal.

    Returns:
        A scalar boolean tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.allclose([1.0, 2.0], [1.0, 2.0000001])))
        True
    """
    try:
        return (_active() or _process_backend()).allclose(x1, x2, rtol, atol, equal_nan)
    except Exception as error:
        return _failed('allclose', error, {'x1': x1, 'x2': x2, 'rtol': rtol, 'atol': atol, 'equal_nan': equal_nan})


def amax(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Maximum along an axis (alias of ``max`` without ``initial``).

    With ``axis=None`` the op reduces over all elements.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis (int or tuple of ints) to reduce over; ``None`` reduces over all axes.
        keepdims: If ``True``, reduced axes are kept with length 1.

    Returns:
        The maxima, with the dtype of ``x``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.amax([[1, 5], [7, 2]], axis=0)))
        [7 5]
    """
    try:
        return (_active() or _process_backend()).amax(x, axis, keepdims)
    except Exception as error:
        return _failed('amax', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def amin(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Minimum along an axis (alias of ``min`` without ``initial``).

    With ``axis=None`` the op reduces over all elements.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis (int or tuple of ints) to reduce over; ``None`` reduces over all axes.
        keepdims: If ``True``, reduced axes are kept with length 1.

    Returns:
        The minima, with the dtype of ``x``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.amin([[1, 5], [7, 2]], axis=1)))
        [1 2]
    """
    try:
        return (_active() or _process_backend()).amin(x, axis, keepdims)
    except Exception as error:
        return _failed('amin', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def angle(x: ArrayLike) -> Array:
    """Argument (phase angle) of complex numbers, in radians.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        Angles in ``(-pi, pi]``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.angle([1.0, -1.0])).round(4))
        [0.     3.1416]
    """
    try:
        return (_active() or _process_backend()).angle(x)
    except Exception as error:
        return _failed('angle', error, {'x': x})


def any(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Test whether any element is true along an axis.

    With ``axis=None`` the op reduces over all elements. The result dtype is ``bool``.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis (int or tuple of ints) to reduce over; ``None`` reduces over all axes.
        keepdims: If ``True``, reduced axes are kept with length 1.

    Returns:
        A boolean tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.any([[True, False], [False, False]], axis=1)))
        [ True False]
    """
    try:
        return (_active() or _process_backend()).any(x, axis, keepdims)
    except Exception as error:
        return _failed('any', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def append(x1: ArrayLike, x2: ArrayLike, axis: Axis = None) -> Array:
    """Append ``x2`` to ``x1`` along an axis.

    The result dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        x1: First input array.
        x2: Values to append; must match ``x1`` except along ``axis``.
        axis: Axis to append along; ``None`` flattens both inputs first.

    Returns:
        The concatenation.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.append([1, 2], [[3, 4]])))
        [1 2 3 4]
    """
    try:
        return (_active() or _process_backend()).append(x1, x2, axis)
    except Exception as error:
        return _failed('append', error, {'x1': x1, 'x2': x2, 'axis': axis})


def arange(start: ArrayLike, stop: ArrayLike = None, step=None, dtype: DTypeLike | None = None) -> Array:
    """Evenly spaced values in the half-open interval ``[start, stop)``.

    With one argument, ``arange(n)`` counts from 0 to ``n - 1``. With ``dtype=None`` the
    dtype follows ``result_type`` of the Python arguments: ``arange(4)`` is ``int32``,
    ``arange(4.0)`` is ``float32``.

    Args:
        start: First value (or the end when ``stop`` is ``None``).
        stop: End of the interval (excluded).
        step: Spacing between values; ``None`` means 1.
        dtype: Result dtype (a name such as ``"float32"``); ``None`` picks the default
            above.

    Returns:
        A 1-D tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.arange(4)))
        [0 1 2 3]
        >>> print(ops.convert_to_numpy(ops.arange(1.0, 2.0, 0.25)))
        [1.   1.25 1.5  1.75]
    """
    try:
        return (_active() or _process_backend()).arange(start, stop, step, dtype)
    except Exception as error:
        return _failed('arange', error, {'start': start, 'stop': stop, 'step': step, 'dtype': dtype})


def arccos(x: ArrayLike) -> Array:
    """Inverse cosine, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        Angles in radians, in ``[0, pi]``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.arccos([1.0, 0.0])).round(4))
        [0.     1.5708]
    """
    try:
        return (_active() or _process_backend()).arccos(x)
    except Exception as error:
        return _failed('arccos', error, {'x': x})


def arccosh(x: ArrayLike) -> Array:
    """Inverse hyperbolic cosine, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The values ``y >= 0`` with ``cosh(y) == x``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.arccosh([1.0, 2.0])).round(4))
        [0.    1.317]
    """
    try:
        return (_active() or _process_backend()).arccosh(x)
    except Exception as error:
        return _failed('arccosh', error, {'x': x})


def arcsin(x: ArrayLike) -> Array:
    """Inverse sine, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        Angles in radians, in ``[-pi/2, pi/2]``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.arcsin([0.0, 1.0])).round(4))
        [0.     1.5708]
    """
    try:
        return (_active() or _process_backend()).arcsin(x)
    except Exception as error:
        return _failed('arcsin', error, {'x': x})


def arcsinh(x: ArrayLike) -> Array:
    """Inverse hyperbolic sine, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The values ``y`` with ``sinh(y) == x``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.arcsinh([0.0, 1.0])).round(4))
        [0.     0.8814]
    """
    try:
        return (_active() or _process_backend()).arcsinh(x)
    except Exception as error:
        return _failed('arcsinh', error, {'x': x})


def arctan(x: ArrayLike) -> Array:
    """Inverse tangent, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        Angles in radians, in ``(-pi/2, pi/2)``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.arctan([0.0, 1.0])).round(4))
        [0.     0.7854]
    """
    try:
        return (_active() or _process_backend()).arctan(x)
    except Exception as error:
        return _failed('arctan', error, {'x': x})


def arctan2(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Angle of the point ``(x2, x1)``, elementwise, choosing the quadrant correctly.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x1: y-coordinates.
        x2: x-coordinates, broadcast against ``x1``.

    Returns:
        Angles in radians, in ``[-pi, pi]``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.arctan2([1.0, -1.0], [-1.0, -1.0])).round(4))
        [ 2.3562 -2.3562]
    """
    try:
        return (_active() or _process_backend()).arctan2(x1, x2)
    except Exception as error:
        return _failed('arctan2', error, {'x1': x1, 'x2': x2})


def arctanh(x: ArrayLike) -> Array:
    """Inverse hyperbolic tangent, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The values ``y`` with ``tanh(y) == x``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.arctanh([0.0, 0.5])).round(4))
        [0.     0.5493]
    """
    try:
        return (_active() or _process_backend()).arctanh(x)
    except Exception as error:
        return _failed('arctanh', error, {'x': x})


def argmax(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Index of the largest value along an axis.

    With ``axis=None`` the index is into the flattened array. Ties return the first
    occurrence. Indices are returned as ``int32`` on every backend.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis to search; ``None`` searches the flattened array.
        keepdims: If ``True``, reduced axes are kept with length 1.

    Returns:
        ``int32`` indices.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.argmax([[1, 9, 3], [8, 2, 8]], axis=1)))
        [1 0]
    """
    try:
        return (_active() or _process_backend()).argmax(x, axis, keepdims)
    except Exception as error:
        return _failed('argmax', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def argmin(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Index of the smallest value along an axis.

    With ``axis=None`` the index is into the flattened array. Ties return the first
    occurrence. Indices are returned as ``int32`` on every backend.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis to search; ``None`` searches the flattened array.
        keepdims: If ``True``, reduced axes are kept with length 1.

    Returns:
        ``int32`` indices.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.argmin([[1, 9, 3], [8, 2, 8]], axis=1)))
        [0 1]
    """
    try:
        return (_active() or _process_backend()).argmin(x, axis, keepdims)
    except Exception as error:
        return _failed('argmin', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def argpartition(x: ArrayLike, kth, axis: Axis = -1) -> Array:
    """Indices that partially sort ``x`` around its ``kth`` element.

    In the result, the element at position ``kth`` is the one a full sort would put
    there; smaller ones come before it, larger ones after, in unspecified order. Indices
    are returned as ``int32`` on every backend.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        kth: Position (int or sequence of ints) of the element(s) to put in sorted place.
        axis: Axis along which to partition.

    Returns:
        ``int32`` indices with the shape of ``x``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> idx = ops.argpartition([30, 10, 20], 1)
        >>> print(ops.convert_to_numpy(ops.take([30, 10, 20], idx)[1]))
        20
    """
    try:
        return (_active() or _process_backend()).argpartition(x, kth, axis)
    except Exception as error:
        return _failed('argpartition', error, {'x': x, 'kth': kth, 'axis': axis})


def argsort(x: ArrayLike, axis: Axis = -1) -> Array:
    """Indices that sort ``x`` along an axis.

    Indices are returned as ``int32`` on every backend.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis to sort along; ``None`` sorts the flattened array.

    Returns:
        ``int32`` indices with the shape of ``x``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.argsort([30, 10, 20])))
        [1 2 0]
    """
    try:
        return (_active() or _process_backend()).argsort(x, axis)
    except Exception as error:
        return _failed('argsort', error, {'x': x, 'axis': axis})


def array(x: ArrayLike, dtype: DTypeLike | None = None) -> Array:
    """Create a tensor from array-like data (like ``convert_to_tensor``).

    Args:
        x: Array-like data.
        dtype: Dtype of the result; ``None`` infers it like ``convert_to_tensor``.

    Returns:
        A native tensor of the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> ops.dtype(ops.array([1.0, 2.0]))
        'float32'
    """
    try:
        return (_active() or _process_backend()).array(x, dtype)
    except Exception as error:
        return _failed('array', error, {'x': x, 'dtype': dtype})


def array_split(x: ArrayLike, indices_or_sections, axis: Axis = 0) -> Array:
    """Split a tensor into parts that may have unequal sizes.

    With an int, the first ``len % n`` parts get one extra element.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        indices_or_sections: Number of equal parts, or the sorted indices at which to split.
        axis: Axis to split along.

    Returns:
        A list of tensors.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> parts = ops.array_split(ops.arange(5), 2)
        >>> [ops.convert_to_numpy(p).tolist() for p in parts]
        [[0, 1, 2], [3, 4]]
    """
    try:
        return (_active() or _process_backend()).array_split(x, indices_or_sections, axis)
    except Exception as error:
        return _failed('array_split', error, {'x': x, 'indices_or_sections': indices_or_sections, 'axis': axis})


def average(x: ArrayLike, axis: Axis = None, weights: ArrayLike = None) -> Array:
    """Weighted average along an axis.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis to average over; ``None`` averages all elements.
        weights: Weights with the shape of ``x`` (or 1-D along ``axis``); ``None`` means
            equal weights.

    Returns:
        The weighted mean.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.average([1.0, 2.0, 3.0], weights=[3.0, 1.0, 0.0])))
        1.25
    """
    try:
        return (_active() or _process_backend()).average(x, axis, weights)
    except Exception as error:
        return _failed('average', error, {'x': x, 'axis': axis, 'weights': weights})


def bartlett(x: ArrayLike) -> Array:
    """Bartlett (triangular) window of ``x`` points.

    With ``dtype=None`` the result dtype is ``floatx()`` (``float32`` by default).

    Args:
        x: Number of points in the window (int).

    Returns:
        A 1-D floating-point window.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.bartlett(5)).round(4))
        [0.  0.5 1.  0.5 0. ]
    """
    try:
        return (_active() or _process_backend()).bartlett(x)
    except Exception as error:
        return _failed('bartlett', error, {'x': x})


def bincount(x: ArrayLike, weights: ArrayLike = None, minlength=0) -> Array:
    """Count occurrences of each non-negative integer value in ``x``.

    Without weights the counts are ``int32``; with weights the result has the dtype of
    ``weights``.

    Args:
        x: 1-D tensor of non-negative ints.
        weights: Optional weight of each element, summed instead of counting 1.
        minlength: Minimum length of the result.

    Returns:
        A 1-D tensor of length ``max(max(x) + 1, minlength)``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.bincount([0, 1, 1, 3])))
        [1 2 0 1]
    """
    try:
        return (_active() or _process_backend()).bincount(x, weights, minlength)
    except Exception as error:
        return _failed('bincount', error, {'x': x, 'weights': weights, 'minlength': minlength})


def bitwise_and(x: ArrayLike, y: ArrayLike) -> Array:
    """Bitwise AND of integer or boolean arrays, elementwise.

    The result dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        x: First integer/boolean input.
        y: Second integer/boolean input, broadcast against ``x``.

    Returns:
        ``x & y``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.bitwise_and([12, 10], [10, 6])))
        [8 2]
    """
    try:
        return (_active() or _process_backend()).bitwise_and(x, y)
    except Exception as error:
        return _failed('bitwise_and', error, {'x': x, 'y': y})


def bitwise_invert(x: ArrayLike) -> Array:
    """Bitwise NOT of integers (``~x``), elementwise.

    Input dtype is preserved.

    Args:
        x: Integer or boolean input.

    Returns:
        ``~x``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.bitwise_invert([0, 5])))
        [-1 -6]
    """
    try:
        return (_active() or _process_backend()).bitwise_invert(x)
    except Exception as error:
        return _failed('bitwise_invert', error, {'x': x})


def bitwise_left_shift(x: ArrayLike, y: ArrayLike) -> Array:
    """Shift the bits of ``x`` left by ``y``, elementwise.

    Args:
        x: Integer input.
        y: Number of bits to shift (int array or scalar).

    Returns:
        ``x << y``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.bitwise_left_shift([1, 3], 2)))
        [ 4 12]
    """
    try:
        return (_active() or _process_backend()).bitwise_left_shift(x, y)
    except Exception as error:
        return _failed('bitwise_left_shift', error, {'x': x, 'y': y})


def bitwise_not(x: ArrayLike) -> Array:
    """Bitwise NOT of integers (alias of ``bitwise_invert``).

    Input dtype is preserved.

    Args:
        x: Integer or boolean input.

    Returns:
        ``~x``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.bitwise_not([0, 5])))
        [-1 -6]
    """
    try:
        return (_active() or _process_backend()).bitwise_not(x)
    except Exception as error:
        return _failed('bitwise_not', error, {'x': x})


def bitwise_or(x: ArrayLike, y: ArrayLike) -> Array:
    """Bitwise OR of integer or boolean arrays, elementwise.

    The result dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        x: First integer/boolean input.
        y: Second integer/boolean input, broadcast against ``x``.

    Returns:
        ``x | y``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.bitwise_or([12, 10], [10, 6])))
        [14 14]
    """
    try:
        return (_active() or _process_backend()).bitwise_or(x, y)
    except Exception as error:
        return _failed('bitwise_or', error, {'x': x, 'y': y})


def bitwise_right_shift(x: ArrayLike, y: ArrayLike) -> Array:
    """Shift the bits of ``x`` right by ``y``, elementwise.

    Args:
        x: Integer input.
        y: Number of bits to shift (int array or scalar).

    Returns:
        ``x >> y``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.bitwise_right_shift([8, 13], 2)))
        [2 3]
    """
    try:
        return (_active() or _process_backend()).bitwise_right_shift(x, y)
    except Exception as error:
        return _failed('bitwise_right_shift', error, {'x': x, 'y': y})


def bitwise_xor(x: ArrayLike, y: ArrayLike) -> Array:
    """Bitwise XOR of integer or boolean arrays, elementwise.

    The result dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        x: First integer/boolean input.
        y: Second integer/boolean input, broadcast against ``x``.

    Returns:
        ``x ^ y``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.bitwise_xor([12, 10], [10, 6])))
        [ 6 12]
    """
    try:
        return (_active() or _process_backend()).bitwise_xor(x, y)
    except Exception as error:
        return _failed('bitwise_xor', error, {'x': x, 'y': y})


def blackman(x: ArrayLike) -> Array:
    """Blackman window of ``x`` points.

    With ``dtype=None`` the result dtype is ``floatx()`` (``float32`` by default).

    Args:
        x: Number of points in the window (int).

    Returns:
        A 1-D floating-point window.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.blackman(5)[1:4]).round(4))
        [0.34 1.   0.34]
    """
    try:
        return (_active() or _process_backend()).blackman(x)
    except Exception as error:
        return _failed('blackman', error, {'x': x})


def broadcast_to(x: ArrayLike, shape: Shape) -> Array:
    """Broadcast an array to a new shape.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        shape: Target shape, compatible with the shape of ``x`` under broadcasting.

    Returns:
        A tensor of shape ``shape``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.broadcast_to([1, 2], (2, 2))))
        [[1 2]
         [1 2]]
    """
    try:
        return (_active() or _process_backend()).broadcast_to(x, shape)
    except Exception as error:
        return _failed('broadcast_to', error, {'x': x, 'shape': shape})


def cbrt(x: ArrayLike) -> Array:
    """Cube root, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The real cube root of each element.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.cbrt([8.0, -27.0])).round(4))
        [ 2. -3.]
    """
    try:
        return (_active() or _process_backend()).cbrt(x)
    except Exception as error:
        return _failed('cbrt', error, {'x': x})


def ceil(x: ArrayLike) -> Array:
    """Round up to the nearest integer, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The ceiling of each element, as floats.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.ceil([1.2, -1.5])))
        [ 2. -1.]
    """
    try:
        return (_active() or _process_backend()).ceil(x)
    except Exception as error:
        return _failed('ceil', error, {'x': x})


def clip(x: ArrayLike, x_min: ArrayLike, x_max: ArrayLike) -> Array:
    """Limit values to the interval ``[x_min, x_max]``.

    The result dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        x_min: Lower bound (scalar or broadcastable array).
        x_max: Upper bound (scalar or broadcastable array).

    Returns:
        The clipped values.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.clip([-3, 0, 5, 9], 0, 6)))
        [0 0 5 6]
    """
    try:
        return (_active() or _process_backend()).clip(x, x_min, x_max)
    except Exception as error:
        return _failed('clip', error, {'x': x, 'x_min': x_min, 'x_max': x_max})


def concatenate(xs: ArrayLike, axis: Axis = 0) -> Array:
    """Join a sequence of arrays along an existing axis.

    The result dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        xs: Arrays of equal shape except along ``axis``.
        axis: Axis to join along.

    Returns:
        The concatenation.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.concatenate([[1, 2], [3]], axis=0)))
        [1 2 3]
    """
    try:
        return (_active() or _process_backend()).concatenate(xs, axis)
    except Exception as error:
        return _failed('concatenate', error, {'xs': xs, 'axis': axis})


def conj(x: ArrayLike) -> Array:
    """Complex conjugate, elementwise (real inputs are returned unchanged).

    Input dtype is preserved.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The conjugate.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.conj([1.0, 2.0])))
        [1. 2.]
    """
    try:
        return (_active() or _process_backend()).conj(x)
    except Exception as error:
        return _failed('conj', error, {'x': x})


def conjugate(x: ArrayLike) -> Array:
    """Complex conjugate, elementwise (alias of ``conj``).

    Input dtype is preserved.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The conjugate.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.conjugate([3, 4])))
        [3 4]
    """
    try:
        return (_active() or _process_backend()).conjugate(x)
    except Exception as error:
        return _failed('conjugate', error, {'x': x})


def copy(x: ArrayLike) -> Array:
    """Return a copy of ``x``.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        A new tensor with the same values and dtype.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.copy([1, 2])))
        [1 2]
    """
    try:
        return (_active() or _process_backend()).copy(x)
    except Exception as error:
        return _failed('copy', error, {'x': x})


def corrcoef(x: ArrayLike) -> Array:
    """Pearson correlation coefficients between the rows of ``x``.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: 2-D tensor: each row is a variable, each column an observation.

    Returns:
        A square tensor of correlation coefficients.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.corrcoef([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]])).round(4))
        [[ 1. -1.]
         [-1.  1.]]
    """
    try:
        return (_active() or _process_backend()).corrcoef(x)
    except Exception as error:
        return _failed('corrcoef', error, {'x': x})


def correlate(x1: ArrayLike, x2: ArrayLike, mode='valid') -> Array:
    """Cross-correlation of two 1-D sequences.

    Args:
        x1: First 1-D sequence.
        x2: Second 1-D sequence.
        mode: ``"valid"``, ``"same"`` or ``"full"``: how much of the overlap to return.

    Returns:
        A 1-D tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.correlate([1.0, 2.0, 3.0], [0.0, 1.0], mode="valid")))
        [2. 3.]
    """
    try:
        return (_active() or _process_backend()).correlate(x1, x2, mode)
    except Exception as error:
        return _failed('correlate', error, {'x1': x1, 'x2': x2, 'mode': mode})


def cos(x: ArrayLike) -> Array:
    """Cosine, elementwise (argument in radians).

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The cosines.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.cos([0.0, 3.14159265])).round(4))
        [ 1. -1.]
    """
    try:
        return (_active() or _process_backend()).cos(x)
    except Exception as error:
        return _failed('cos', error, {'x': x})


def cosh(x: ArrayLike) -> Array:
    """Hyperbolic cosine, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The hyperbolic cosines.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.cosh([0.0, 1.0])).round(4))
        [1.     1.5431]
    """
    try:
        return (_active() or _process_backend()).cosh(x)
    except Exception as error:
        return _failed('cosh', error, {'x': x})


def count_nonzero(x: ArrayLike, axis: Axis = None) -> Array:
    """Count the non-zero elements along an axis.

    Indices are returned as ``int32`` on every backend.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis (or axes) to count along; ``None`` counts over all elements.

    Returns:
        ``int32`` counts.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.count_nonzero([[0, 1], [2, 3]], axis=0)))
        [1 2]
    """
    try:
        return (_active() or _process_backend()).count_nonzero(x, axis)
    except Exception as error:
        return _failed('count_nonzero', error, {'x': x, 'axis': axis})


def cross(x1: ArrayLike, x2: ArrayLike, axisa=-1, axisb=-1, axisc=-1, axis: Axis = None) -> Array:
    """Cross product of 3-element (or 2-element) vectors.

    Args:
        x1: First vectors; the vector axis is ``axisa``.
        x2: Second vectors; the vector axis is ``axisb``.
        axisa: Vector axis of ``x1``.
        axisb: Vector axis of ``x2``.
        axisc: Vector axis of the result.
        axis: If given, overrides ``axisa``, ``axisb`` and ``axisc``.

    Returns:
        The cross products.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.cross([1, 0, 0], [0, 1, 0])))
        [0 0 1]
    """
    try:
        return (_active() or _process_backend()).cross(x1, x2, axisa, axisb, axisc, axis)
    except Exception as error:
        return _failed('cross', error, {'x1': x1, 'x2': x2, 'axisa': axisa, 'axisb': axisb, 'axisc': axisc, 'axis': axis})


def cumprod(x: ArrayLike, axis: Axis = None, dtype: DTypeLike | None = None) -> Array:
    """Cumulative product along an axis.

    Like NumPy, small integer inputs accumulate in a wider type: bool, int8 and int16
    give ``int32``, uint8 and uint16 give ``uint32``.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis to accumulate along; ``None`` flattens ``x`` first.
        dtype: Accumulation and result dtype; ``None`` uses the rule above.

    Returns:
        Running products.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.cumprod([1, 2, 3, 4])))
        [ 1  2  6 24]
    """
    try:
        return (_active() or _process_backend()).cumprod(x, axis, dtype)
    except Exception as error:
        return _failed('cumprod', error, {'x': x, 'axis': axis, 'dtype': dtype})


def cumsum(x: ArrayLike, axis: Axis = None, dtype: DTypeLike | None = None) -> Array:
    """Cumulative sum along an axis.

    Like NumPy, small integer inputs accumulate in a wider type: bool, int8 and int16
    give ``int32``, uint8 and uint16 give ``uint32``.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis to accumulate along; ``None`` flattens ``x`` first.
        dtype: Accumulation and result dtype; ``None`` uses the rule above.

    Returns:
        Running sums.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.cumsum([[1, 2], [3, 4]], axis=1)))
        [[1 3]
         [3 7]]
    """
    try:
        return (_active() or _process_backend()).cumsum(x, axis, dtype)
    except Exception as error:
        return _failed('cumsum', error, {'x': x, 'axis': axis, 'dtype': dtype})


def deg2rad(x: ArrayLike) -> Array:
    """Convert angles from degrees to radians, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        Angles in radians.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.deg2rad([180.0, 90.0])).round(4))
        [3.1416 1.5708]
    """
    try:
        return (_active() or _process_backend()).deg2rad(x)
    except Exception as error:
        return _failed('deg2rad', error, {'x': x})


def diag(x: ArrayLike, k=0) -> Array:
    """Extract a diagonal of a 2-D tensor, or build a 2-D tensor from a 1-D diagonal.

    Args:
        x: 1-D (diagonal to place) or 2-D (matrix to read) tensor.
        k: Diagonal offset: 0 is the main diagonal, positive values are above it.

    Returns:
        A 2-D tensor (for 1-D ``x``) or a 1-D diagonal (for 2-D ``x``).

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.diag([1, 2])))
        [[1 0]
         [0 2]]
        >>> print(ops.convert_to_numpy(ops.diag([[1, 2], [3, 4]])))
        [1 4]
    """
    try:
        return (_active() or _process_backend()).diag(x, k)
    except Exception as error:
        return _failed('diag', error, {'x': x, 'k': k})


def diagflat(x: ArrayLike, k=0) -> Array:
    """Build a 2-D tensor with the flattened ``x`` on a diagonal.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        k: Diagonal offset: 0 is the main diagonal, positive values are above it.

    Returns:
        A square 2-D tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.diagflat([[1, 2]])))
        [[1 0]
         [0 2]]
    """
    try:
        return (_active() or _process_backend()).diagflat(x, k)
    except Exception as error:
        return _failed('diagflat', error, {'x': x, 'k': k})


def diagonal(x: ArrayLike, offset: ArrayLike = 0, axis1=0, axis2=1) -> Array:
    """Return the diagonal(s) of ``x`` in the plane of ``axis1`` and ``axis2``.

    The diagonal becomes the last axis of the result.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        offset: Diagonal offset: positive values are above the main diagonal.
        axis1: First axis of the 2-D planes.
        axis2: Second axis of the 2-D planes.

    Returns:
        The diagonal elements.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.diagonal([[1, 2, 3], [4, 5, 6]], offset=1)))
        [2 6]
    """
    try:
        return (_active() or _process_backend()).diagonal(x, offset, axis1, axis2)
    except Exception as error:
        return _failed('diagonal', error, {'x': x, 'offset': offset, 'axis1': axis1, 'axis2': axis2})


def diff(a: ArrayLike, n=1, axis: Axis = -1) -> Array:
    """Discrete difference of order ``n`` along an axis.

    Args:
        a: Input array.
        n: Number of times to take differences.
        axis: Axis along which to take differences.

    Returns:
        ``a[1:] - a[:-1]`` (applied ``n`` times); ``axis`` shrinks by ``n``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.diff([1, 4, 9, 16])))
        [3 5 7]
        >>> print(ops.convert_to_numpy(ops.diff([1, 4, 9, 16], n=2)))
        [2 2]
    """
    try:
        return (_active() or _process_backend()).diff(a, n, axis)
    except Exception as error:
        return _failed('diff', error, {'a': a, 'n': n, 'axis': axis})


def digitize(x: ArrayLike, bins: ArrayLike) -> Array:
    """Index of the bin each value falls into.

    For increasing ``bins``, ``i`` satisfies ``bins[i-1] <= x < bins[i]``. Indices are
    returned as ``int32`` on every backend.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        bins: 1-D monotonic array of bin edges.

    Returns:
        ``int32`` bin indices with the shape of ``x``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.digitize([0.5, 1.5, 3.0], [1.0, 2.0])))
        [0 1 2]
    """
    try:
        return (_active() or _process_backend()).digitize(x, bins)
    except Exception as error:
        return _failed('digitize', error, {'x': x, 'bins': bins})


def divide(x1: ArrayLike, x2: ArrayLike) -> Array:
    """True division, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.

    Returns:
        ``x1 / x2``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.divide([1, 3], [2, 4])))
        [0.5  0.75]
    """
    try:
        return (_active() or _process_backend()).divide(x1, x2)
    except Exception as error:
        return _failed('divide', error, {'x1': x1, 'x2': x2})


def divide_no_nan(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Divide elementwise, returning 0 where the divisor is 0.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.

    Returns:
        ``x1 / x2``, with 0 where ``x2 == 0``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.divide_no_nan([1.0, 3.0], [2.0, 0.0])))
        [0.5 0. ]
    """
    try:
        return (_active() or _process_backend()).divide_no_nan(x1, x2)
    except Exception as error:
        return _failed('divide_no_nan', error, {'x1': x1, 'x2': x2})


def dot(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Dot product: inner product for 1-D inputs, matrix product for 2-D inputs.

    For higher ranks, sums over the last axis of ``x1`` and the second-to-last of
    ``x2``. Scalars multiply elementwise. The result dtype is ``result_type`` of the
    inputs (Python scalars are weak).

    Args:
        x1: First array.
        x2: Second array.

    Returns:
        The product.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.dot([1, 2, 3], [4, 5, 6])))
        32
    """
    try:
        return (_active() or _process_backend()).dot(x1, x2)
    except Exception as error:
        return _failed('dot', error, {'x1': x1, 'x2': x2})


def dsplit(x: ArrayLike, indices_or_sections) -> Array:
    """Split along the third axis (depth).

    Args:
        x: Tensor of rank >= 3.
        indices_or_sections: Number of equal parts, or the sorted indices at which to split.

    Returns:
        A list of tensors.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> parts = ops.dsplit(ops.reshape(ops.arange(4), (1, 1, 4)), 2)
        >>> [ops.shape(p) for p in parts]
        [(1, 1, 2), (1, 1, 2)]
    """
    try:
        return (_active() or _process_backend()).dsplit(x, indices_or_sections)
    except Exception as error:
        return _failed('dsplit', error, {'x': x, 'indices_or_sections': indices_or_sections})


def dstack(xs: ArrayLike) -> Array:
    """Stack arrays along the third axis.

    1-D inputs of length ``n`` become ``(1, n, 1)`` and 2-D inputs ``(m, n, 1)`` first.
    The result dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        xs: Sequence of arrays.

    Returns:
        The stacked tensor, of rank >= 3.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> ops.shape(ops.dstack([[1, 2], [3, 4]]))
        (1, 2, 2)
    """
    try:
        return (_active() or _process_backend()).dstack(xs)
    except Exception as error:
        return _failed('dstack', error, {'xs': xs})


def einsum(subscripts, *operands) -> Array:
    """Evaluate an Einstein summation over the operands.

    The result dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        subscripts: Subscripts such as ``"ij,jk->ik"``.
        *operands: The arrays, one per input term of ``subscripts``.

    Returns:
        The contraction.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.einsum("i,i->", [1, 2, 3], [4, 5, 6])))
        32
        >>> print(ops.convert_to_numpy(ops.einsum("ij->ji", [[1, 2]])))
        [[1]
         [2]]
    """
    try:
        return (_active() or _process_backend()).einsum(subscripts, *operands)
    except Exception as error:
        return _failed('einsum', error, {'subscripts': subscripts, 'operands': operands})


def empty(shape: Shape, dtype: DTypeLike | None = None) -> Array:
    """Create a tensor of a given shape without meaningful content.

    Backends may fill it with zeros; do not rely on the values. With ``dtype=None`` the
    result dtype is ``floatx()`` (``float32`` by default).

    Args:
        shape: Shape of the result, a tuple of ints.
        dtype: Result dtype (a name such as ``"float32"``); ``None`` picks the default
            above.

    Returns:
        A tensor of shape ``shape``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> ops.shape(ops.empty((2, 3)))
        (2, 3)
    """
    try:
        return (_active() or _process_backend()).empty(shape, dtype)
    except Exception as error:
        return _failed('empty', error, {'shape': shape, 'dtype': dtype})


def empty_like(x: ArrayLike, dtype: DTypeLike | None = None) -> Array:
    """Create a tensor with the shape (and dtype) of ``x`` without meaningful content.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        dtype: Dtype of the result; ``None`` keeps the dtype of ``x``.

    Returns:
        A tensor like ``x``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> ops.shape(ops.empty_like([[1, 2]]))
        (1, 2)
    """
    try:
        return (_active() or _process_backend()).empty_like(x, dtype)
    except Exception as error:
        return _failed('empty_like', error, {'x': x, 'dtype': dtype})


def equal(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Test ``x1 == x2`` elementwise.

    The result dtype is ``bool``.

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.

    Returns:
        A boolean tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.equal([1, 2], [1, 3])))
        [ True False]
    """
    try:
        return (_active() or _process_backend()).equal(x1, x2)
    except Exception as error:
        return _failed('equal', error, {'x1': x1, 'x2': x2})


def exp(x: ArrayLike) -> Array:
    """Exponential ``e ** x``, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The exponentials.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.exp([0.0, 1.0])).round(4))
        [1.     2.7183]
    """
    try:
        return (_active() or _process_backend()).exp(x)
    except Exception as error:
        return _failed('exp', error, {'x': x})


def exp2(x: ArrayLike) -> Array:
    """Base-2 exponential ``2 ** x``, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The powers of two.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.exp2([0, 3])))
        [1. 8.]
    """
    try:
        return (_active() or _process_backend()).exp2(x)
    except Exception as error:
        return _failed('exp2', error, {'x': x})


def expand_dims(x: ArrayLike, axis: Axis) -> Array:
    """Insert an axis of length 1.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Position (or positions) of the new axis in the result.

    Returns:
        ``x`` with one more dimension.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> ops.shape(ops.expand_dims([1, 2], axis=0))
        (1, 2)
    """
    try:
        return (_active() or _process_backend()).expand_dims(x, axis)
    except Exception as error:
        return _failed('expand_dims', error, {'x': x, 'axis': axis})


def expm1(x: ArrayLike) -> Array:
    """``exp(x) - 1``, elementwise, accurate for small ``x``.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The values ``exp(x) - 1``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.expm1([0.0, 1.0])).round(4))
        [0.     1.7183]
    """
    try:
        return (_active() or _process_backend()).expm1(x)
    except Exception as error:
        return _failed('expm1', error, {'x': x})


def eye(N, M=None, k=0, dtype: DTypeLike | None = None) -> Array:
    """2-D tensor with ones on a diagonal and zeros elsewhere.

    With ``dtype=None`` the result dtype is ``floatx()`` (``float32`` by default).

    Args:
        N: Number of rows.
        M: Number of columns; ``None`` means ``N``.
        k: Diagonal offset: 0 is the main diagonal, positive values are above it.
        dtype: Result dtype (a name such as ``"float32"``); ``None`` picks the default
            above.

    Returns:
        A ``(N, M)`` tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.eye(2, 3, k=1)))
        [[0. 1. 0.]
         [0. 0. 1.]]
    """
    try:
        return (_active() or _process_backend()).eye(N, M, k, dtype)
    except Exception as error:
        return _failed('eye', error, {'N': N, 'M': M, 'k': k, 'dtype': dtype})


def fabs(x: ArrayLike) -> Array:
    """Absolute value, elementwise, as floats.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        ``|x|`` as floating point.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.fabs([-2, 3])))
        [2. 3.]
    """
    try:
        return (_active() or _process_backend()).fabs(x)
    except Exception as error:
        return _failed('fabs', error, {'x': x})


def flip(x: ArrayLike, axis: Axis = None) -> Array:
    """Reverse the order of elements along an axis.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis or axes to reverse; ``None`` reverses all axes.

    Returns:
        The flipped tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.flip([[1, 2], [3, 4]], axis=1)))
        [[2 1]
         [4 3]]
    """
    try:
        return (_active() or _process_backend()).flip(x, axis)
    except Exception as error:
        return _failed('flip', error, {'x': x, 'axis': axis})


def fliplr(x: ArrayLike) -> Array:
    """Reverse the order of columns (axis 1).

    Args:
        x: Tensor of rank >= 2.

    Returns:
        The flipped tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.fliplr([[1, 2], [3, 4]])))
        [[2 1]
         [4 3]]
    """
    try:
        return (_active() or _process_backend()).fliplr(x)
    except Exception as error:
        return _failed('fliplr', error, {'x': x})


def flipud(x: ArrayLike) -> Array:
    """Reverse the order of rows (axis 0).

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The flipped tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.flipud([[1, 2], [3, 4]])))
        [[3 4]
         [1 2]]
    """
    try:
        return (_active() or _process_backend()).flipud(x)
    except Exception as error:
        return _failed('flipud', error, {'x': x})


def floor(x: ArrayLike) -> Array:
    """Round down to the nearest integer, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The floor of each element, as floats.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.floor([1.7, -1.2])))
        [ 1. -2.]
    """
    try:
        return (_active() or _process_backend()).floor(x)
    except Exception as error:
        return _failed('floor', error, {'x': x})


def floor_divide(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Division rounded towards negative infinity, elementwise.

    The result dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.

    Returns:
        ``x1 // x2``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.floor_divide([7, -7], 2)))
        [ 3 -4]
    """
    try:
        return (_active() or _process_backend()).floor_divide(x1, x2)
    except Exception as error:
        return _failed('floor_divide', error, {'x1': x1, 'x2': x2})


def fmax(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Elementwise maximum that ignores NaN when the other value is a number.

    The result dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.

    Returns:
        The maxima.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.fmax([1.0, float("nan")], [2.0, 0.0])))
        [2. 0.]
    """
    try:
        return (_active() or _process_backend()).fmax(x1, x2)
    except Exception as error:
        return _failed('fmax', error, {'x1': x1, 'x2': x2})


def fmin(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Elementwise minimum that ignores NaN when the other value is a number.

    The result dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.

    Returns:
        The minima.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.fmin([1.0, float("nan")], [2.0, 0.0])))
        [1. 0.]
    """
    try:
        return (_active() or _process_backend()).fmin(x1, x2)
    except Exception as error:
        return _failed('fmin', error, {'x1': x1, 'x2': x2})


def fmod(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Remainder of division with the sign of the dividend, elementwise (C ``fmod``).

    The result dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.

    Returns:
        ``x1 - trunc(x1 / x2) * x2``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.fmod([7, -7], 3)))
        [ 1 -1]
    """
    try:
        return (_active() or _process_backend()).fmod(x1, x2)
    except Exception as error:
        return _failed('fmod', error, {'x1': x1, 'x2': x2})


def full(shape: Shape, fill_value: ArrayLike, dtype: DTypeLike | None = None) -> Array:
    """Create a tensor of ``shape`` filled with ``fill_value``.

    With ``dtype=None`` the dtype follows ``result_type`` of ``fill_value``
    (``full((2,), 1)`` is ``int32``).

    Args:
        shape: Shape of the result, a tuple of ints.
        fill_value: Value to fill with (scalar or broadcastable array).
        dtype: Result dtype (a name such as ``"float32"``); ``None`` picks the default
            above.

    Returns:
        A tensor of shape ``shape``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.full((2, 2), 7)))
        [[7 7]
         [7 7]]
    """
    try:
        return (_active() or _process_backend()).full(shape, fill_value, dtype)
    except Exception as error:
        return _failed('full', error, {'shape': shape, 'fill_value': fill_value, 'dtype': dtype})


def full_like(x: ArrayLike, fill_value: ArrayLike, dtype: DTypeLike | None = None) -> Array:
    """Create a tensor with the shape of ``x`` filled with ``fill_value``.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        fill_value: Value to fill with.
        dtype: Dtype of the result; ``None`` keeps the dtype of ``x``.

    Returns:
        A tensor like ``x``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.full_like([1.5, 2.5], 3)))
        [3. 3.]
    """
    try:
        return (_active() or _process_backend()).full_like(x, fill_value, dtype)
    except Exception as error:
        return _failed('full_like', error, {'x': x, 'fill_value': fill_value, 'dtype': dtype})


def gcd(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Greatest common divisor of integers, elementwise.

    The result dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.

    Returns:
        The divisors.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.gcd([12, 9], [18, 6])))
        [6 3]
    """
    try:
        return (_active() or _process_backend()).gcd(x1, x2)
    except Exception as error:
        return _failed('gcd', error, {'x1': x1, 'x2': x2})


def geomspace(start: ArrayLike, stop: ArrayLike, num=50, endpoint=True, dtype: DTypeLike | None = None, axis: Axis = 0) -> Array:
    """Geometric progression from ``start`` to ``stop``.

    With ``dtype=None`` the result dtype is ``floatx()`` (``float32`` by default).

    Args:
        start: First value.
        stop: Last value (included when ``endpoint`` is ``True``).
        num: Number of values.
        endpoint: Whether to include ``stop``.
        dtype: Result dtype (a name such as ``"float32"``); ``None`` picks the default
            above.
        axis: Axis of the result holding the samples when ``start``/``stop`` are arrays.

    Returns:
        A tensor of ``num`` values.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.geomspace(1.0, 8.0, num=4)).round(4))
        [1. 2. 4. 8.]
    """
    try:
        return (_active() or _process_backend()).geomspace(start, stop, num, endpoint, dtype, axis)
    except Exception as error:
        return _failed('geomspace', error, {'start': start, 'stop': stop, 'num': num, 'endpoint': endpoint, 'dtype': dtype, 'axis': axis})


def get_item(x: ArrayLike, key: ArrayLike) -> Array:
    """Index ``x`` like ``x[key]``.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        key: An index, slice, tuple of them, or an integer/boolean tensor.

    Returns:
        The selected elements.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.get_item([[1, 2], [3, 4]], (1, 0))))
        3
    """
    try:
        return (_active() or _process_backend()).get_item(x, key)
    except Exception as error:
        return _failed('get_item', error, {'x': x, 'key': key})


def greater(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Test ``x1 > x2`` elementwise.

    The result dtype is ``bool``.

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.

    Returns:
        A boolean tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.greater([1, 5], 3)))
        [False  True]
    """
    try:
        return (_active() or _process_backend()).greater(x1, x2)
    except Exception as error:
        return _failed('greater', error, {'x1': x1, 'x2': x2})


def greater_equal(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Test ``x1 >= x2`` elementwise.

    The result dtype is ``bool``.

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.

    Returns:
        A boolean tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.greater_equal([1, 3], 3)))
        [False  True]
    """
    try:
        return (_active() or _process_backend()).greater_equal(x1, x2)
    except Exception as error:
        return _failed('greater_equal', error, {'x1': x1, 'x2': x2})


def hamming(x: ArrayLike) -> Array:
    """Hamming window of ``x`` points.

    With ``dtype=None`` the result dtype is ``floatx()`` (``float32`` by default).

    Args:
        x: Number of points in the window (int).

    Returns:
        A 1-D floating-point window.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.hamming(3)).round(4))
        [0.08 1.   0.08]
    """
    try:
        return (_active() or _process_backend()).hamming(x)
    except Exception as error:
        return _failed('hamming', error, {'x': x})


def hanning(x: ArrayLike) -> Array:
    """Hann window of ``x`` points.

    With ``dtype=None`` the result dtype is ``floatx()`` (``float32`` by default).

    Args:
        x: Number of points in the window (int).

    Returns:
        A 1-D floating-point window.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.hanning(3)).round(4))
        [0. 1. 0.]
    """
    try:
        return (_active() or _process_backend()).hanning(x)
    except Exception as error:
        return _failed('hanning', error, {'x': x})


def heaviside(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Heaviside step function, elementwise.

    Gives 0 where ``x1 < 0``, 1 where ``x1 > 0`` and ``x2`` where ``x1 == 0``. The
    result is floating point: integer and boolean inputs give ``floatx()`` (``float32``
    by default); float inputs keep their dtype.

    Args:
        x1: Input values.
        x2: Value used where ``x1`` is zero.

    Returns:
        The step values.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.heaviside([-1.0, 0.0, 2.0], 0.5)))
        [0.  0.5 1. ]
    """
    try:
        return (_active() or _process_backend()).heaviside(x1, x2)
    except Exception as error:
        return _failed('heaviside', error, {'x1': x1, 'x2': x2})


def histogram(x: ArrayLike, bins: ArrayLike = 10, range=None) -> Array:
    """Histogram of the values of ``x``.

    Args:
        x: 1-D input.
        bins: Number of equal-width bins.
        range: ``(low, high)`` of the bins; ``None`` uses the min and max of ``x``.

    Returns:
        A tuple ``(counts, bin_edges)``; ``bin_edges`` has ``bins + 1`` values.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> counts, edges = ops.histogram([0.0, 1.0, 1.0, 3.0], bins=3, range=(0.0, 3.0))
        >>> print(ops.convert_to_numpy(counts))
        [1 2 1]
        >>> print(ops.convert_to_numpy(edges))
        [0. 1. 2. 3.]
    """
    try:
        return (_active() or _process_backend()).histogram(x, bins, range)
    except Exception as error:
        return _failed('histogram', error, {'x': x, 'bins': bins, 'range': range})


def hsplit(x: ArrayLike, indices_or_sections) -> Array:
    """Split horizontally (along axis 1, or axis 0 for 1-D inputs).

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        indices_or_sections: Number of equal parts, or the sorted indices at which to split.

    Returns:
        A list of tensors.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> parts = ops.hsplit([[1, 2, 3, 4]], 2)
        >>> [ops.convert_to_numpy(p).tolist() for p in parts]
        [[[1, 2]], [[3, 4]]]
    """
    try:
        return (_active() or _process_backend()).hsplit(x, indices_or_sections)
    except Exception as error:
        return _failed('hsplit', error, {'x': x, 'indices_or_sections': indices_or_sections})


def hstack(xs: ArrayLike) -> Array:
    """Stack arrays horizontally (along axis 1, or axis 0 for 1-D inputs).

    The result dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        xs: Sequence of arrays.

    Returns:
        The stacked tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.hstack([[1, 2], [3]])))
        [1 2 3]
    """
    try:
        return (_active() or _process_backend()).hstack(xs)
    except Exception as error:
        return _failed('hstack', error, {'xs': xs})


def hypot(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Length of the hypotenuse ``sqrt(x1**2 + x2**2)``, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.

    Returns:
        The lengths.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.hypot([3.0, 5.0], [4.0, 12.0])).round(4))
        [ 5. 13.]
    """
    try:
        return (_active() or _process_backend()).hypot(x1, x2)
    except Exception as error:
        return _failed('hypot', error, {'x1': x1, 'x2': x2})


def i0(x: ArrayLike) -> Array:
    """Modified Bessel function of the first kind, order 0, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The values ``I0(x)``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.i0([0.0, 1.0])).round(4))
        [1.     1.2661]
    """
    try:
        return (_active() or _process_backend()).i0(x)
    except Exception as error:
        return _failed('i0', error, {'x': x})


def identity(n, dtype: DTypeLike | None = None) -> Array:
    """Square identity matrix.

    With ``dtype=None`` the result dtype is ``floatx()`` (``float32`` by default).

    Args:
        n: Number of rows and columns.
        dtype: Result dtype (a name such as ``"float32"``); ``None`` picks the default
            above.

    Returns:
        An ``(n, n)`` tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.identity(2)))
        [[1. 0.]
         [0. 1.]]
    """
    try:
        return (_active() or _process_backend()).identity(n, dtype)
    except Exception as error:
        return _failed('identity', error, {'n': n, 'dtype': dtype})


def imag(x: ArrayLike) -> Array:
    """Imaginary part of complex numbers (zeros for real inputs).

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The imaginary parts, real-valued.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.imag([1.0, 2.0])))
        [0. 0.]
    """
    try:
        return (_active() or _process_backend()).imag(x)
    except Exception as error:
        return _failed('imag', error, {'x': x})


def inner(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Inner product over the last axes of two arrays.

    The result dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        x1: First array.
        x2: Second array; its last axis must match the last axis of ``x1``.

    Returns:
        The sum of products along the last axis.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.inner([1, 2, 3], [1, 0, 1])))
        4
    """
    try:
        return (_active() or _process_backend()).inner(x1, x2)
    except Exception as error:
        return _failed('inner', error, {'x1': x1, 'x2': x2})


def isclose(x1: ArrayLike, x2: ArrayLike, rtol=1e-05, atol=1e-08, equal_nan=False) -> Array:
    """Test whether two arrays are equal within a tolerance, elementwise.

    Elements are close when ``|x1 - x2| <= atol + rtol * |x2|``. The result dtype is
    ``bool``.

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.
        rtol: Relative tolerance.
        atol: Absolute tolerance.
        equal_nan: If ``True``, two NaNs compare equal.

    Returns:
        A boolean tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.isclose([1.0, 2.0], [1.0, 2.1])))
        [ True False]
    """
    try:
        return (_active() or _process_backend()).isclose(x1, x2, rtol, atol, equal_nan)
    except Exception as error:
        return _failed('isclose', error, {'x1': x1, 'x2': x2, 'rtol': rtol, 'atol': atol, 'equal_nan': equal_nan})


def isfinite(x: ArrayLike) -> Array:
    """Test for finite values (neither infinity nor NaN), elementwise.

    The result dtype is ``bool``.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        A boolean tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.isfinite([1.0, float("inf"), float("nan")])))
        [ True False False]
    """
    try:
        return (_active() or _process_backend()).isfinite(x)
    except Exception as error:
        return _failed('isfinite', error, {'x': x})


def isin(x1: ArrayLike, x2: ArrayLike, assume_unique=False, invert=False) -> Array:
    """Test whether each element of ``x1`` occurs in ``x2``.

    The result dtype is ``bool``.

    Args:
        x1: Values to look up.
        x2: Values to look in (flattened).
        assume_unique: If ``True``, both inputs are assumed to hold unique values (may be
            faster).
        invert: If ``True``, return the negation (``not in``).

    Returns:
        A boolean tensor with the shape of ``x1``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.isin([1, 2, 3], [3, 1])))
        [ True False  True]
    """
    try:
        return (_active() or _process_backend()).isin(x1, x2, assume_unique, invert)
    except Exception as error:
        return _failed('isin', error, {'x1': x1, 'x2': x2, 'assume_unique': assume_unique, 'invert': invert})


def isinf(x: ArrayLike) -> Array:
    """Test for positive or negative infinity, elementwise.

    The result dtype is ``bool``.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        A boolean tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.isinf([1.0, float("inf"), -float("inf")])))
        [False  True  True]
    """
    try:
        return (_active() or _process_backend()).isinf(x)
    except Exception as error:
        return _failed('isinf', error, {'x': x})


def isnan(x: ArrayLike) -> Array:
    """Test for NaN, elementwise.

    The result dtype is ``bool``.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        A boolean tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.isnan([1.0, float("nan")])))
        [False  True]
    """
    try:
        return (_active() or _process_backend()).isnan(x)
    except Exception as error:
        return _failed('isnan', error, {'x': x})


def isneginf(x: ArrayLike) -> Array:
    """Test for negative infinity, elementwise.

    The result dtype is ``bool``.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        A boolean tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.isneginf([1.0, float("inf"), -float("inf")])))
        [False False  True]
    """
    try:
        return (_active() or _process_backend()).isneginf(x)
    except Exception as error:
        return _failed('isneginf', error, {'x': x})


def isposinf(x: ArrayLike) -> Array:
    """Test for positive infinity, elementwise.

    The result dtype is ``bool``.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        A boolean tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.isposinf([1.0, float("inf"), -float("inf")])))
        [False  True False]
    """
    try:
        return (_active() or _process_backend()).isposinf(x)
    except Exception as error:
        return _failed('isposinf', error, {'x': x})


def isreal(x: ArrayLike) -> Array:
    """Test whether each element has a zero imaginary part.

    The result dtype is ``bool``.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        A boolean tensor (all true for real inputs).

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.isreal([1.0, 2.0])))
        [ True  True]
    """
    try:
        return (_active() or _process_backend()).isreal(x)
    except Exception as error:
        return _failed('isreal', error, {'x': x})


def kaiser(x: ArrayLike, beta: ArrayLike) -> Array:
    """Kaiser window of ``x`` points.

    With ``dtype=None`` the result dtype is ``floatx()`` (``float32`` by default).

    Args:
        x: Number of points in the window (int).
        beta: Shape parameter of the window.

    Returns:
        A 1-D floating-point window.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.kaiser(3, 0.0)).round(4))
        [1. 1. 1.]
    """
    try:
        return (_active() or _process_backend()).kaiser(x, beta)
    except Exception as error:
        return _failed('kaiser', error, {'x': x, 'beta': beta})


def kron(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Kronecker product of two arrays.

    The result dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        x1: First array.
        x2: Second array.

    Returns:
        The block product.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.kron([1, 10], [1, 2])))
        [ 1  2 10 20]
    """
    try:
        return (_active() or _process_backend()).kron(x1, x2)
    except Exception as error:
        return _failed('kron', error, {'x1': x1, 'x2': x2})


def lcm(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Least common multiple of integers, elementwise.

    The result dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.

    Returns:
        The multiples.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.lcm([4, 6], [6, 4])))
        [12 12]
    """
    try:
        return (_active() or _process_backend()).lcm(x1, x2)
    except Exception as error:
        return _failed('lcm', error, {'x1': x1, 'x2': x2})


def ldexp(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Compute ``x1 * 2 ** x2``, elementwise.

    Args:
        x1: Mantissas (floats).
        x2: Integer exponents.

    Returns:
        The products, floating point.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.ldexp([1.0, 3.0], [2, 1])))
        [4. 6.]
    """
    try:
        return (_active() or _process_backend()).ldexp(x1, x2)
    except Exception as error:
        return _failed('ldexp', error, {'x1': x1, 'x2': x2})


def left_shift(x: ArrayLike, y: ArrayLike) -> Array:
    """Shift the bits of ``x`` left by ``y`` (alias of ``bitwise_left_shift``).

    Args:
        x: Integer input.
        y: Number of bits to shift.

    Returns:
        ``x << y``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.left_shift([1, 3], 1)))
        [2 6]
    """
    try:
        return (_active() or _process_backend()).left_shift(x, y)
    except Exception as error:
        return _failed('left_shift', error, {'x': x, 'y': y})


def less(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Test ``x1 < x2`` elementwise.

    The result dtype is ``bool``.

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.

    Returns:
        A boolean tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.less([1, 5], 3)))
        [ True False]
    """
    try:
        return (_active() or _process_backend()).less(x1, x2)
    except Exception as error:
        return _failed('less', error, {'x1': x1, 'x2': x2})


def less_equal(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Test ``x1 <= x2`` elementwise.

    The result dtype is ``bool``.

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.

    Returns:
        A boolean tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.less_equal([1, 3, 5], 3)))
        [ True  True False]
    """
    try:
        return (_active() or _process_backend()).less_equal(x1, x2)
    except Exception as error:
        return _failed('less_equal', error, {'x1': x1, 'x2': x2})


def linspace(start: ArrayLike, stop: ArrayLike, num=50, endpoint=True, retstep=False, dtype: DTypeLike | None = None, axis: Axis = 0) -> Array:
    """Evenly spaced numbers over ``[start, stop]``.

    With ``dtype=None`` the result dtype is ``floatx()`` (``float32`` by default).

    Args:
        start: First value.
        stop: Last value (included when ``endpoint`` is ``True``).
        num: Number of values.
        endpoint: Whether to include ``stop``.
        retstep: If ``True``, also return the spacing.
        dtype: Result dtype (a name such as ``"float32"``); ``None`` picks the default
            above.
        axis: Axis of the result holding the samples when ``start``/``stop`` are arrays.

    Returns:
        The values, or ``(values, step)`` when ``retstep`` is ``True``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.linspace(0.0, 1.0, num=5)))
        [0.   0.25 0.5  0.75 1.  ]
    """
    try:
        return (_active() or _process_backend()).linspace(start, stop, num, endpoint, retstep, dtype, axis)
    except Exception as error:
        return _failed('linspace', error, {'start': start, 'stop': stop, 'num': num, 'endpoint': endpoint, 'retstep': retstep, 'dtype': dtype, 'axis': axis})


def log(x: ArrayLike) -> Array:
    """Natural logarithm, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        ``ln(x)``; ``-inf`` for 0 and NaN for negative values.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.log([1.0, 2.718281828])).round(4))
        [0. 1.]
    """
    try:
        return (_active() or _process_backend()).log(x)
    except Exception as error:
        return _failed('log', error, {'x': x})


def log10(x: ArrayLike) -> Array:
    """Base-10 logarithm, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        ``log10(x)``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.log10([1.0, 100.0])).round(4))
        [0. 2.]
    """
    try:
        return (_active() or _process_backend()).log10(x)
    except Exception as error:
        return _failed('log10', error, {'x': x})


def log1p(x: ArrayLike) -> Array:
    """``log(1 + x)``, elementwise, accurate for small ``x``.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The values ``log(1 + x)``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.log1p([0.0, 1.0])).round(4))
        [0.     0.6931]
    """
    try:
        return (_active() or _process_backend()).log1p(x)
    except Exception as error:
        return _failed('log1p', error, {'x': x})


def log2(x: ArrayLike) -> Array:
    """Base-2 logarithm, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        ``log2(x)``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.log2([1.0, 8.0])))
        [0. 3.]
    """
    try:
        return (_active() or _process_backend()).log2(x)
    except Exception as error:
        return _failed('log2', error, {'x': x})


def logaddexp(x1: ArrayLike, x2: ArrayLike) -> Array:
    """``log(exp(x1) + exp(x2))``, elementwise, without overflow.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.

    Returns:
        The values.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.logaddexp([0.0, 1.0], [0.0, 1.0])).round(4))
        [0.6931 1.6931]
    """
    try:
        return (_active() or _process_backend()).logaddexp(x1, x2)
    except Exception as error:
        return _failed('logaddexp', error, {'x1': x1, 'x2': x2})


def logaddexp2(x1: ArrayLike, x2: ArrayLike) -> Array:
    """``log2(2 ** x1 + 2 ** x2)``, elementwise, without overflow.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.

    Returns:
        The values.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.logaddexp2([1.0, 3.0], [1.0, 3.0])))
        [2. 4.]
    """
    try:
        return (_active() or _process_backend()).logaddexp2(x1, x2)
    except Exception as error:
        return _failed('logaddexp2', error, {'x1': x1, 'x2': x2})


def logical_and(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Logical AND, elementwise (non-zero values count as true).

    The result dtype is ``bool``.

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.

    Returns:
        A boolean tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.logical_and([True, True, False], [True, False, False])))
        [ True False False]
    """
    try:
        return (_active() or _process_backend()).logical_and(x1, x2)
    except Exception as error:
        return _failed('logical_and', error, {'x1': x1, 'x2': x2})


def logical_not(x: ArrayLike) -> Array:
    """Logical NOT, elementwise.

    The result dtype is ``bool``.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        A boolean tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.logical_not([True, False])))
        [False  True]
    """
    try:
        return (_active() or _process_backend()).logical_not(x)
    except Exception as error:
        return _failed('logical_not', error, {'x': x})


def logical_or(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Logical OR, elementwise.

    The result dtype is ``bool``.

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.

    Returns:
        A boolean tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.logical_or([True, False, False], [False, False, True])))
        [ True False  True]
    """
    try:
        return (_active() or _process_backend()).logical_or(x1, x2)
    except Exception as error:
        return _failed('logical_or', error, {'x1': x1, 'x2': x2})


def logical_xor(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Logical XOR, elementwise.

    The result dtype is ``bool``.

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.

    Returns:
        A boolean tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.logical_xor([True, True], [True, False])))
        [False  True]
    """
    try:
        return (_active() or _process_backend()).logical_xor(x1, x2)
    except Exception as error:
        return _failed('logical_xor', error, {'x1': x1, 'x2': x2})


def logspace(start: ArrayLike, stop: ArrayLike, num=50, endpoint=True, base=10, dtype: DTypeLike | None = None, axis: Axis = 0) -> Array:
    """Numbers evenly spaced on a log scale: ``base ** linspace(start, stop, num)``.

    With ``dtype=None`` the result dtype is ``floatx()`` (``float32`` by default).

    Args:
        start: Exponent of the first value.
        stop: Exponent of the last value.
        num: Number of values.
        endpoint: Whether to include ``base ** stop``.
        base: Base of the log space.
        dtype: Result dtype (a name such as ``"float32"``); ``None`` picks the default
            above.
        axis: Axis of the result holding the samples when ``start``/``stop`` are arrays.

    Returns:
        A tensor of ``num`` values.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.logspace(0.0, 2.0, num=3)))
        [  1.  10. 100.]
    """
    try:
        return (_active() or _process_backend()).logspace(start, stop, num, endpoint, base, dtype, axis)
    except Exception as error:
        return _failed('logspace', error, {'start': start, 'stop': stop, 'num': num, 'endpoint': endpoint, 'base': base, 'dtype': dtype, 'axis': axis})


def matmul(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Matrix product of two arrays, with batch broadcasting.

    1-D inputs are treated as vectors; leading axes broadcast as batch axes. The result
    dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        x1: First matrix (or batch of matrices, or a vector).
        x2: Second matrix; its second-to-last axis must match the last axis of ``x1``.

    Returns:
        The product.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.matmul([[1, 2], [3, 4]], [[1], [1]])))
        [[3]
         [7]]
    """
    try:
        return (_active() or _process_backend()).matmul(x1, x2)
    except Exception as error:
        return _failed('matmul', error, {'x1': x1, 'x2': x2})


def max(x: ArrayLike, axis: Axis = None, keepdims: bool = False, initial=None) -> Array:
    """Maximum along an axis.

    With ``axis=None`` the op reduces over all elements.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis (int or tuple of ints) to reduce over; ``None`` reduces over all axes.
        keepdims: If ``True``, reduced axes are kept with length 1.
        initial: Lower bound included in the reduction (also the result for empty inputs).

    Returns:
        The maxima, with the dtype of ``x``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.max([[1, 5], [7, 2]], axis=1)))
        [5 7]
    """
    try:
        return (_active() or _process_backend()).max(x, axis, keepdims, initial)
    except Exception as error:
        return _failed('max', error, {'x': x, 'axis': axis, 'keepdims': keepdims, 'initial': initial})


def maximum(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Elementwise maximum of two arrays (NaN propagates).

    The result dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.

    Returns:
        The larger value of each pair.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.maximum([1, 5], [3, 2])))
        [3 5]
    """
    try:
        return (_active() or _process_backend()).maximum(x1, x2)
    except Exception as error:
        return _failed('maximum', error, {'x1': x1, 'x2': x2})


def mean(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Arithmetic mean along an axis.

    With ``axis=None`` the op reduces over all elements. The result is floating point:
    integer and boolean inputs give ``floatx()`` (``float32`` by default); float inputs
    keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis (int or tuple of ints) to reduce over; ``None`` reduces over all axes.
        keepdims: If ``True``, reduced axes are kept with length 1.

    Returns:
        The means.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.mean([[1, 2], [3, 4]], axis=0)))
        [2. 3.]
    """
    try:
        return (_active() or _process_backend()).mean(x, axis, keepdims)
    except Exception as error:
        return _failed('mean', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def median(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Median along an axis.

    With ``axis=None`` the op reduces over all elements. The result is floating point:
    integer and boolean inputs give ``floatx()`` (``float32`` by default); float inputs
    keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis (int or tuple of ints) to reduce over; ``None`` reduces over all axes.
        keepdims: If ``True``, reduced axes are kept with length 1.

    Returns:
        The medians.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.median([3.0, 1.0, 2.0, 10.0])))
        2.5
    """
    try:
        return (_active() or _process_backend()).median(x, axis, keepdims)
    except Exception as error:
        return _failed('median', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def meshgrid(*x, indexing='xy') -> Array:
    """Coordinate grids from 1-D coordinate vectors.

    Args:
        *x: 1-D coordinate vectors.
        indexing: ``"xy"`` (Cartesian, the first two output axes swapped) or ``"ij"``
            (matrix indexing).

    Returns:
        A list of tensors, one per input.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> xx, yy = ops.meshgrid([1, 2, 3], [4, 5])
        >>> print(ops.convert_to_numpy(xx))
        [[1 2 3]
         [1 2 3]]
        >>> print(ops.convert_to_numpy(yy))
        [[4 4 4]
         [5 5 5]]
    """
    try:
        return (_active() or _process_backend()).meshgrid(*x, indexing=indexing)
    except Exception as error:
        return _failed('meshgrid', error, {'x': x, 'indexing': indexing})


def min(x: ArrayLike, axis: Axis = None, keepdims: bool = False, initial=None) -> Array:
    """Minimum along an axis.

    With ``axis=None`` the op reduces over all elements.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis (int or tuple of ints) to reduce over; ``None`` reduces over all axes.
        keepdims: If ``True``, reduced axes are kept with length 1.
        initial: Upper bound included in the reduction (also the result for empty inputs).

    Returns:
        The minima, with the dtype of ``x``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.min([[1, 5], [7, 2]], axis=1)))
        [1 2]
    """
    try:
        return (_active() or _process_backend()).min(x, axis, keepdims, initial)
    except Exception as error:
        return _failed('min', error, {'x': x, 'axis': axis, 'keepdims': keepdims, 'initial': initial})


def minimum(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Elementwise minimum of two arrays (NaN propagates).

    The result dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.

    Returns:
        The smaller value of each pair.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.minimum([1, 5], [3, 2])))
        [1 2]
    """
    try:
        return (_active() or _process_backend()).minimum(x1, x2)
    except Exception as error:
        return _failed('minimum', error, {'x1': x1, 'x2': x2})


def mod(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Remainder of division with the sign of the divisor, elementwise (Python ``%``).

    The result dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.

    Returns:
        ``x1 % x2``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.mod([7, -7], 3)))
        [1 2]
    """
    try:
        return (_active() or _process_backend()).mod(x1, x2)
    except Exception as error:
        return _failed('mod', error, {'x1': x1, 'x2': x2})


def moveaxis(x: ArrayLike, source, destination) -> Array:
    """Move axes of an array to new positions.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        source: Original position(s) of the axes to move.
        destination: New position(s) of those axes.

    Returns:
        The rearranged tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> ops.shape(ops.moveaxis(ops.zeros((2, 3, 4)), 0, -1))
        (3, 4, 2)
    """
    try:
        return (_active() or _process_backend()).moveaxis(x, source, destination)
    except Exception as error:
        return _failed('moveaxis', error, {'x': x, 'source': source, 'destination': destination})


def multiply(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Multiply two arrays elementwise, with broadcasting.

    The result dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.

    Returns:
        The elementwise product.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.multiply([1, 2], [3, 4])))
        [3 8]
    """
    try:
        return (_active() or _process_backend()).multiply(x1, x2)
    except Exception as error:
        return _failed('multiply', error, {'x1': x1, 'x2': x2})


def nan_to_num(x: ArrayLike, nan=0.0, posinf=None, neginf=None) -> Array:
    """Replace NaN and infinities with finite numbers.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        nan: Value replacing NaN.
        posinf: Value replacing ``+inf``; ``None`` uses the largest finite value of the
            dtype.
        neginf: Value replacing ``-inf``; ``None`` uses the smallest finite value of the
            dtype.

    Returns:
        A tensor like ``x`` without NaN or infinities.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.nan_to_num([float("nan"), 1.0, float("inf")], posinf=9.0)))
        [0. 1. 9.]
    """
    try:
        return (_active() or _process_backend()).nan_to_num(x, nan, posinf, neginf)
    except Exception as error:
        return _failed('nan_to_num', error, {'x': x, 'nan': nan, 'posinf': posinf, 'neginf': neginf})


def nanargmax(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Index of the largest value along an axis, ignoring NaN.

    Indices are returned as ``int32`` on every backend.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis to search; ``None`` searches the flattened array.
        keepdims: If ``True``, reduced axes are kept with length 1.

    Returns:
        ``int32`` indices.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.nanargmax([1.0, float("nan"), 3.0])))
        2
    """
    try:
        return (_active() or _process_backend()).nanargmax(x, axis, keepdims)
    except Exception as error:
        return _failed('nanargmax', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def nanargmin(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Index of the smallest value along an axis, ignoring NaN.

    Indices are returned as ``int32`` on every backend.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis to search; ``None`` searches the flattened array.
        keepdims: If ``True``, reduced axes are kept with length 1.

    Returns:
        ``int32`` indices.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.nanargmin([float("nan"), 2.0, 1.0])))
        2
    """
    try:
        return (_active() or _process_backend()).nanargmin(x, axis, keepdims)
    except Exception as error:
        return _failed('nanargmin', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def nancumprod(x: ArrayLike, axis: Axis = None, dtype: DTypeLike | None = None) -> Array:
    """Cumulative product along an axis, treating NaN as 1.

    Like NumPy, small integer inputs accumulate in a wider type: bool, int8 and int16
    give ``int32``, uint8 and uint16 give ``uint32``.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis to accumulate along; ``None`` flattens ``x`` first.
        dtype: Accumulation and result dtype; ``None`` uses the rule above.

    Returns:
        Running products.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.nancumprod([2.0, float("nan"), 3.0])))
        [2. 2. 6.]
    """
    try:
        return (_active() or _process_backend()).nancumprod(x, axis, dtype)
    except Exception as error:
        return _failed('nancumprod', error, {'x': x, 'axis': axis, 'dtype': dtype})


def nancumsum(x: ArrayLike, axis: Axis = None, dtype: DTypeLike | None = None) -> Array:
    """Cumulative sum along an axis, treating NaN as 0.

    Like NumPy, small integer inputs accumulate in a wider type: bool, int8 and int16
    give ``int32``, uint8 and uint16 give ``uint32``.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis to accumulate along; ``None`` flattens ``x`` first.
        dtype: Accumulation and result dtype; ``None`` uses the rule above.

    Returns:
        Running sums.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.nancumsum([2.0, float("nan"), 3.0])))
        [2. 2. 5.]
    """
    try:
        return (_active() or _process_backend()).nancumsum(x, axis, dtype)
    except Exception as error:
        return _failed('nancumsum', error, {'x': x, 'axis': axis, 'dtype': dtype})


def nanmax(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Maximum along an axis, ignoring NaN.

    With ``axis=None`` the op reduces over all elements.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis (int or tuple of ints) to reduce over; ``None`` reduces over all axes.
        keepdims: If ``True``, reduced axes are kept with length 1.

    Returns:
        The maxima (NaN only where every value is NaN).

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.nanmax([1.0, float("nan"), 3.0])))
        3.0
    """
    try:
        return (_active() or _process_backend()).nanmax(x, axis, keepdims)
    except Exception as error:
        return _failed('nanmax', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def nanmean(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Mean along an axis, ignoring NaN.

    With ``axis=None`` the op reduces over all elements. The result is floating point:
    integer and boolean inputs give ``floatx()`` (``float32`` by default); float inputs
    keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis (int or tuple of ints) to reduce over; ``None`` reduces over all axes.
        keepdims: If ``True``, reduced axes are kept with length 1.

    Returns:
        The means.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.nanmean([1.0, float("nan"), 3.0])))
        2.0
    """
    try:
        return (_active() or _process_backend()).nanmean(x, axis, keepdims)
    except Exception as error:
        return _failed('nanmean', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def nanmedian(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Median along an axis, ignoring NaN.

    With ``axis=None`` the op reduces over all elements. The result is floating point:
    integer and boolean inputs give ``floatx()`` (``float32`` by default); float inputs
    keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis (int or tuple of ints) to reduce over; ``None`` reduces over all axes.
        keepdims: If ``True``, reduced axes are kept with length 1.

    Returns:
        The medians.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.nanmedian([1.0, float("nan"), 3.0, 10.0])))
        3.0
    """
    try:
        return (_active() or _process_backend()).nanmedian(x, axis, keepdims)
    except Exception as error:
        return _failed('nanmedian', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def nanmin(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Minimum along an axis, ignoring NaN.

    With ``axis=None`` the op reduces over all elements.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis (int or tuple of ints) to reduce over; ``None`` reduces over all axes.
        keepdims: If ``True``, reduced axes are kept with length 1.

    Returns:
        The minima (NaN only where every value is NaN).

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.nanmin([1.0, float("nan"), 3.0])))
        1.0
    """
    try:
        return (_active() or _process_backend()).nanmin(x, axis, keepdims)
    except Exception as error:
        return _failed('nanmin', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def nanpercentile(x: ArrayLike, q: ArrayLike, axis: Axis = None, method='linear', keepdims: bool = False) -> Array:
    """``q``-th percentile along an axis, ignoring NaN.

    With ``axis=None`` the op reduces over all elements. The result is floating point:
    integer and boolean inputs give ``floatx()`` (``float32`` by default); float inputs
    keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        q: Percentile(s) in ``[0, 100]``.
        axis: Axis (int or tuple of ints) to reduce over; ``None`` reduces over all axes.
        method: Interpolation between data points: ``"linear"``, ``"lower"``, ``"higher"``,
            ``"midpoint"`` or ``"nearest"``.
        keepdims: If ``True``, reduced axes are kept with length 1.

    Returns:
        The percentiles; a non-scalar ``q`` adds a leading axis.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.nanpercentile([1.0, float("nan"), 3.0], 50)))
        2.0
    """
    try:
        return (_active() or _process_backend()).nanpercentile(x, q, axis, method, keepdims)
    except Exception as error:
        return _failed('nanpercentile', error, {'x': x, 'q': q, 'axis': axis, 'method': method, 'keepdims': keepdims})


def nanprod(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Product along an axis, treating NaN as 1.

    With ``axis=None`` the op reduces over all elements. Like NumPy, small integer
    inputs accumulate in a wider type: bool, int8 and int16 give ``int32``, uint8 and
    uint16 give ``uint32``.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis (int or tuple of ints) to reduce over; ``None`` reduces over all axes.
        keepdims: If ``True``, reduced axes are kept with length 1.

    Returns:
        The products.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.nanprod([2.0, float("nan"), 3.0])))
        6.0
    """
    try:
        return (_active() or _process_backend()).nanprod(x, axis, keepdims)
    except Exception as error:
        return _failed('nanprod', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def nanquantile(x: ArrayLike, q: ArrayLike, axis: Axis = None, method='linear', keepdims: bool = False) -> Array:
    """``q``-th quantile along an axis, ignoring NaN.

    With ``axis=None`` the op reduces over all elements. The result is floating point:
    integer and boolean inputs give ``floatx()`` (``float32`` by default); float inputs
    keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        q: Quantile(s) in ``[0, 1]``.
        axis: Axis (int or tuple of ints) to reduce over; ``None`` reduces over all axes.
        method: Interpolation between data points: ``"linear"``, ``"lower"``, ``"higher"``,
            ``"midpoint"`` or ``"nearest"``.
        keepdims: If ``True``, reduced axes are kept with length 1.

    Returns:
        The quantiles; a non-scalar ``q`` adds a leading axis.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.nanquantile([1.0, float("nan"), 3.0], 0.5)))
        2.0
    """
    try:
        return (_active() or _process_backend()).nanquantile(x, q, axis, method, keepdims)
    except Exception as error:
        return _failed('nanquantile', error, {'x': x, 'q': q, 'axis': axis, 'method': method, 'keepdims': keepdims})


def nanstd(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Standard deviation along an axis, ignoring NaN.

    With ``axis=None`` the op reduces over all elements. The result is floating point:
    integer and boolean inputs give ``floatx()`` (``float32`` by default); float inputs
    keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis (int or tuple of ints) to reduce over; ``None`` reduces over all axes.
        keepdims: If ``True``, reduced axes are kept with length 1.

    Returns:
        The (population) standard deviations.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.nanstd([1.0, float("nan"), 3.0])))
        1.0
    """
    try:
        return (_active() or _process_backend()).nanstd(x, axis, keepdims)
    except Exception as error:
        return _failed('nanstd', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def nansum(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Sum along an axis, treating NaN as 0.

    With ``axis=None`` the op reduces over all elements. Like NumPy, small integer
    inputs accumulate in a wider type: bool, int8 and int16 give ``int32``, uint8 and
    uint16 give ``uint32``.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis (int or tuple of ints) to reduce over; ``None`` reduces over all axes.
        keepdims: If ``True``, reduced axes are kept with length 1.

    Returns:
        The sums.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.nansum([1.0, float("nan"), 3.0])))
        4.0
    """
    try:
        return (_active() or _process_backend()).nansum(x, axis, keepdims)
    except Exception as error:
        return _failed('nansum', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def nanvar(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Variance along an axis, ignoring NaN.

    With ``axis=None`` the op reduces over all elements. The result is floating point:
    integer and boolean inputs give ``floatx()`` (``float32`` by default); float inputs
    keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis (int or tuple of ints) to reduce over; ``None`` reduces over all axes.
        keepdims: If ``True``, reduced axes are kept with length 1.

    Returns:
        The (population) variances.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.nanvar([1.0, float("nan"), 3.0])))
        1.0
    """
    try:
        return (_active() or _process_backend()).nanvar(x, axis, keepdims)
    except Exception as error:
        return _failed('nanvar', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def ndim(x: ArrayLike) -> Array:
    """Number of dimensions of ``x``.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        A Python int.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> ops.ndim([[1, 2], [3, 4]])
        2
    """
    try:
        return (_active() or _process_backend()).ndim(x)
    except Exception as error:
        return _failed('ndim', error, {'x': x})


def negative(x: ArrayLike) -> Array:
    """Numerical negative, elementwise.

    Input dtype is preserved.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        ``-x``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.negative([1, -2])))
        [-1  2]
    """
    try:
        return (_active() or _process_backend()).negative(x)
    except Exception as error:
        return _failed('negative', error, {'x': x})


def nextafter(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Next floating-point value after ``x1`` towards ``x2``, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.

    Returns:
        The neighbouring values.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> bool(ops.convert_to_numpy(ops.nextafter([1.0], [2.0]))[0] > 1.0)
        True
    """
    try:
        return (_active() or _process_backend()).nextafter(x1, x2)
    except Exception as error:
        return _failed('nextafter', error, {'x1': x1, 'x2': x2})


def nonzero(x: ArrayLike) -> Array:
    """Indices of the non-zero elements.

    Indices are returned as ``int32`` on every backend.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        A tuple of 1-D ``int32`` tensors, one per dimension of ``x``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> rows, cols = ops.nonzero([[0, 1], [2, 0]])
        >>> print(ops.convert_to_numpy(rows))
        [0 1]
        >>> print(ops.convert_to_numpy(cols))
        [1 0]
    """
    try:
        return (_active() or _process_backend()).nonzero(x)
    except Exception as error:
        return _failed('nonzero', error, {'x': x})


def not_equal(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Test ``x1 != x2`` elementwise.

    The result dtype is ``bool``.

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.

    Returns:
        A boolean tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.not_equal([1, 2], [1, 3])))
        [False  True]
    """
    try:
        return (_active() or _process_backend()).not_equal(x1, x2)
    except Exception as error:
        return _failed('not_equal', error, {'x1': x1, 'x2': x2})


def ones(shape: Shape, dtype: DTypeLike | None = None) -> Array:
    """Create a tensor of ones.

    With ``dtype=None`` the result dtype is ``floatx()`` (``float32`` by default).

    Args:
        shape: Shape of the result, a tuple of ints.
        dtype: Result dtype (a name such as ``"float32"``); ``None`` picks the default
            above.

    Returns:
        A tensor of shape ``shape``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.ones((2, 2))))
        [[1. 1.]
         [1. 1.]]
    """
    try:
        return (_active() or _process_backend()).ones(shape, dtype)
    except Exception as error:
        return _failed('ones', error, {'shape': shape, 'dtype': dtype})


def ones_like(x: ArrayLike, dtype: DTypeLike | None = None) -> Array:
    """Create a tensor of ones with the shape of ``x``.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        dtype: Dtype of the result; ``None`` keeps the dtype of ``x``.

    Returns:
        A tensor like ``x``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.ones_like([1, 2])))
        [1 1]
    """
    try:
        return (_active() or _process_backend()).ones_like(x, dtype)
    except Exception as error:
        return _failed('ones_like', error, {'x': x, 'dtype': dtype})


def outer(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Outer product of two vectors (inputs are flattened).

    The result dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        x1: First vector (flattened).
        x2: Second vector (flattened).

    Returns:
        A 2-D tensor ``x1[i] * x2[j]``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.outer([1, 2], [1, 10])))
        [[ 1 10]
         [ 2 20]]
    """
    try:
        return (_active() or _process_backend()).outer(x1, x2)
    except Exception as error:
        return _failed('outer', error, {'x1': x1, 'x2': x2})


def pad(x: ArrayLike, pad_width, mode='constant', constant_values=None) -> Array:
    """Pad a tensor.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        pad_width: ``((before, after), ...)`` per axis, or one pair/int for all axes.
        mode: ``"constant"``, ``"edge"``, ``"reflect"``, ``"symmetric"``, ``"wrap"``, ...
            (as NumPy).
        constant_values: Fill value for ``"constant"``; ``None`` means 0.

    Returns:
        The padded tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.pad([1, 2], ((1, 2),))))
        [0 1 2 0 0]
        >>> print(ops.convert_to_numpy(ops.pad([1, 2], ((1, 1),), mode="edge")))
        [1 1 2 2]
    """
    try:
        return (_active() or _process_backend()).pad(x, pad_width, mode, constant_values)
    except Exception as error:
        return _failed('pad', error, {'x': x, 'pad_width': pad_width, 'mode': mode, 'constant_values': constant_values})


def percentile(x: ArrayLike, q: ArrayLike, axis: Axis = None, method='linear', keepdims: bool = False) -> Array:
    """``q``-th percentile along an axis.

    With ``axis=None`` the op reduces over all elements. The result is floating point:
    integer and boolean inputs give ``floatx()`` (``float32`` by default); float inputs
    keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        q: Percentile(s) in ``[0, 100]``.
        axis: Axis (int or tuple of ints) to reduce over; ``None`` reduces over all axes.
        method: Interpolation between data points: ``"linear"``, ``"lower"``, ``"higher"``,
            ``"midpoint"`` or ``"nearest"``.
        keepdims: If ``True``, reduced axes are kept with length 1.

    Returns:
        The percentiles; a non-scalar ``q`` adds a leading axis.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.percentile([1.0, 2.0, 3.0, 4.0], 50)))
        2.5
    """
    try:
        return (_active() or _process_backend()).percentile(x, q, axis, method, keepdims)
    except Exception as error:
        return _failed('percentile', error, {'x': x, 'q': q, 'axis': axis, 'method': method, 'keepdims': keepdims})


def power(x1: ArrayLike, x2: ArrayLike) -> Array:
    """``x1 ** x2``, elementwise.

    The result dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        x1: Bases.
        x2: Exponents, broadcast against ``x1``.

    Returns:
        The powers.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.power([2, 3], 2)))
        [4 9]
    """
    try:
        return (_active() or _process_backend()).power(x1, x2)
    except Exception as error:
        return _failed('power', error, {'x1': x1, 'x2': x2})


def prod(x: ArrayLike, axis: Axis = None, keepdims: bool = False, dtype: DTypeLike | None = None) -> Array:
    """Product along an axis.

    With ``axis=None`` the op reduces over all elements. Like NumPy, small integer
    inputs accumulate in a wider type: bool, int8 and int16 give ``int32``, uint8 and
    uint16 give ``uint32``.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis (int or tuple of ints) to reduce over; ``None`` reduces over all axes.
        keepdims: If ``True``, reduced axes are kept with length 1.
        dtype: Accumulation and result dtype; ``None`` uses the rule above.

    Returns:
        The products.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.prod([[1, 2], [3, 4]], axis=1)))
        [ 2 12]
    """
    try:
        return (_active() or _process_backend()).prod(x, axis, keepdims, dtype)
    except Exception as error:
        return _failed('prod', error, {'x': x, 'axis': axis, 'keepdims': keepdims, 'dtype': dtype})


def ptp(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Range (maximum minus minimum) along an axis.

    With ``axis=None`` the op reduces over all elements.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis (int or tuple of ints) to reduce over; ``None`` reduces over all axes.
        keepdims: If ``True``, reduced axes are kept with length 1.

    Returns:
        The ranges, with the dtype of ``x``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.ptp([[1, 5], [7, 2]], axis=1)))
        [4 5]
    """
    try:
        return (_active() or _process_backend()).ptp(x, axis, keepdims)
    except Exception as error:
        return _failed('ptp', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def quantile(x: ArrayLike, q: ArrayLike, axis: Axis = None, method='linear', keepdims: bool = False) -> Array:
    """``q``-th quantile along an axis.

    With ``axis=None`` the op reduces over all elements. The result is floating point:
    integer and boolean inputs give ``floatx()`` (``float32`` by default); float inputs
    keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        q: Quantile(s) in ``[0, 1]``.
        axis: Axis (int or tuple of ints) to reduce over; ``None`` reduces over all axes.
        method: Interpolation between data points: ``"linear"``, ``"lower"``, ``"higher"``,
            ``"midpoint"`` or ``"nearest"``.
        keepdims: If ``True``, reduced axes are kept with length 1.

    Returns:
        The quantiles; a non-scalar ``q`` adds a leading axis.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.quantile([1.0, 2.0, 3.0, 4.0], 0.5)))
        2.5
    """
    try:
        return (_active() or _process_backend()).quantile(x, q, axis, method, keepdims)
    except Exception as error:
        return _failed('quantile', error, {'x': x, 'q': q, 'axis': axis, 'method': method, 'keepdims': keepdims})


def rad2deg(x: ArrayLike) -> Array:
    """Convert angles from radians to degrees, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        Angles in degrees.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.rad2deg([3.14159265, 1.57079633])).round(4))
        [180.  90.]
    """
    try:
        return (_active() or _process_backend()).rad2deg(x)
    except Exception as error:
        return _failed('rad2deg', error, {'x': x})


def ravel(x: ArrayLike) -> Array:
    """Flatten to one dimension (row-major order).

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        A 1-D tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.ravel([[1, 2], [3, 4]])))
        [1 2 3 4]
    """
    try:
        return (_active() or _process_backend()).ravel(x)
    except Exception as error:
        return _failed('ravel', error, {'x': x})


def real(x: ArrayLike) -> Array:
    """Real part of complex numbers (real inputs are returned unchanged).

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The real parts.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.real([1.0, 2.0])))
        [1. 2.]
    """
    try:
        return (_active() or _process_backend()).real(x)
    except Exception as error:
        return _failed('real', error, {'x': x})


def reciprocal(x: ArrayLike) -> Array:
    """``1 / x``, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The reciprocals.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.reciprocal([2.0, 4.0])))
        [0.5  0.25]
    """
    try:
        return (_active() or _process_backend()).reciprocal(x)
    except Exception as error:
        return _failed('reciprocal', error, {'x': x})


def repeat(x: ArrayLike, repeats: ArrayLike, axis: Axis = None) -> Array:
    """Repeat each element of ``x``.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        repeats: Number of repetitions (int, or one per element along ``axis``).
        axis: Axis to repeat along; ``None`` flattens ``x`` first.

    Returns:
        The repeated tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.repeat([1, 2], 2)))
        [1 1 2 2]
    """
    try:
        return (_active() or _process_backend()).repeat(x, repeats, axis)
    except Exception as error:
        return _failed('repeat', error, {'x': x, 'repeats': repeats, 'axis': axis})


def reshape(x: ArrayLike, newshape: Shape) -> Array:
    """Give ``x`` a new shape with the same number of elements.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        newshape: New shape; one dimension may be -1 and is inferred.

    Returns:
        The reshaped tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.reshape(ops.arange(6), (2, -1))))
        [[0 1 2]
         [3 4 5]]
    """
    try:
        return (_active() or _process_backend()).reshape(x, newshape)
    except Exception as error:
        return _failed('reshape', error, {'x': x, 'newshape': newshape})


def right_shift(x: ArrayLike, y: ArrayLike) -> Array:
    """Shift the bits of ``x`` right by ``y`` (alias of ``bitwise_right_shift``).

    Args:
        x: Integer input.
        y: Number of bits to shift.

    Returns:
        ``x >> y``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.right_shift([8, 13], 1)))
        [4 6]
    """
    try:
        return (_active() or _process_backend()).right_shift(x, y)
    except Exception as error:
        return _failed('right_shift', error, {'x': x, 'y': y})


def roll(x: ArrayLike, shift, axis: Axis = None) -> Array:
    """Roll elements along an axis; elements shifted past the end reappear at the start.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        shift: Number of places to shift (int or tuple, one per axis).
        axis: Axis or axes to roll; ``None`` rolls the flattened array.

    Returns:
        The rolled tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.roll([1, 2, 3, 4], 1)))
        [4 1 2 3]
    """
    try:
        return (_active() or _process_backend()).roll(x, shift, axis)
    except Exception as error:
        return _failed('roll', error, {'x': x, 'shift': shift, 'axis': axis})


def rot90(array: ArrayLike, k=1, axes: Any = (0, 1)) -> Array:
    """Rotate by 90 degrees in the plane of two axes.

    Args:
        array: Tensor of rank >= 2.
        k: Number of counter-clockwise quarter turns.
        axes: The two axes defining the plane.

    Returns:
        The rotated tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.rot90([[1, 2], [3, 4]])))
        [[2 4]
         [1 3]]
    """
    try:
        return (_active() or _process_backend()).rot90(array, k, axes)
    except Exception as error:
        return _failed('rot90', error, {'array': array, 'k': k, 'axes': axes})


def round(x: ArrayLike, decimals=0) -> Array:
    """Round to the given number of decimals (halves to even), elementwise.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        decimals: Number of decimal places.

    Returns:
        The rounded values, with the dtype of ``x``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.round([0.5, 1.5, 2.25], decimals=0)))
        [0. 2. 2.]
    """
    try:
        return (_active() or _process_backend()).round(x, decimals)
    except Exception as error:
        return _failed('round', error, {'x': x, 'decimals': decimals})


def searchsorted(sorted_sequence: ArrayLike, values: ArrayLike, side='left') -> Array:
    """Indices where ``values`` would be inserted to keep ``sorted_sequence`` sorted.

    Indices are returned as ``int32`` on every backend.

    Args:
        sorted_sequence: 1-D ascending sequence.
        values: Values to locate.
        side: ``"left"`` gives the first suitable index, ``"right"`` the last.

    Returns:
        ``int32`` indices with the shape of ``values``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.searchsorted([1, 3, 5], [0, 3, 6])))
        [0 1 3]
        >>> print(ops.convert_to_numpy(ops.searchsorted([1, 3, 5], [3], side="right")))
        [2]
    """
    try:
        return (_active() or _process_backend()).searchsorted(sorted_sequence, values, side)
    except Exception as error:
        return _failed('searchsorted', error, {'sorted_sequence': sorted_sequence, 'values': values, 'side': side})


def select(condlist: ArrayLike, choicelist: ArrayLike, default=0) -> Array:
    """Choose elements from several arrays depending on several conditions.

    Each element comes from the first ``choicelist[i]`` whose ``condlist[i]`` is true,
    else ``default``.

    Args:
        condlist: List of boolean arrays.
        choicelist: List of arrays, one per condition.
        default: Value used where no condition holds.

    Returns:
        The selected elements.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> x = ops.convert_to_tensor([1, 5, 9])
        >>> print(ops.convert_to_numpy(ops.select([x < 3, x > 7], [x * 10, x * 100], default=0)))
        [ 10   0 900]
    """
    try:
        return (_active() or _process_backend()).select(condlist, choicelist, default)
    except Exception as error:
        return _failed('select', error, {'condlist': condlist, 'choicelist': choicelist, 'default': default})


def sign(x: ArrayLike) -> Array:
    """Sign of each element: -1, 0 or 1.

    Input dtype is preserved.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The signs.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.sign([-3, 0, 2])))
        [-1  0  1]
    """
    try:
        return (_active() or _process_backend()).sign(x)
    except Exception as error:
        return _failed('sign', error, {'x': x})


def signbit(x: ArrayLike) -> Array:
    """Test whether the sign bit is set (negative values, including ``-0.0``).

    The result dtype is ``bool``.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        A boolean tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.signbit([-1.0, 0.0, 2.0])))
        [ True False False]
    """
    try:
        return (_active() or _process_backend()).signbit(x)
    except Exception as error:
        return _failed('signbit', error, {'x': x})


def sin(x: ArrayLike) -> Array:
    """Sine, elementwise (argument in radians).

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The sines.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.sin([0.0, 1.57079633])).round(4))
        [0. 1.]
    """
    try:
        return (_active() or _process_backend()).sin(x)
    except Exception as error:
        return _failed('sin', error, {'x': x})


def sinc(x: ArrayLike) -> Array:
    """Normalized sinc function ``sin(pi x) / (pi x)``, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The values (1 at ``x == 0``).

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.sinc([0.0, 0.5])).round(4))
        [1.     0.6366]
    """
    try:
        return (_active() or _process_backend()).sinc(x)
    except Exception as error:
        return _failed('sinc', error, {'x': x})


def sinh(x: ArrayLike) -> Array:
    """Hyperbolic sine, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The hyperbolic sines.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.sinh([0.0, 1.0])).round(4))
        [0.     1.1752]
    """
    try:
        return (_active() or _process_backend()).sinh(x)
    except Exception as error:
        return _failed('sinh', error, {'x': x})


def size(x: ArrayLike) -> Array:
    """Number of elements of ``x``.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        A Python int.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> ops.size([[1, 2, 3], [4, 5, 6]])
        6
    """
    try:
        return (_active() or _process_backend()).size(x)
    except Exception as error:
        return _failed('size', error, {'x': x})


def slogdet(x: ArrayLike) -> Array:
    """Sign and natural logarithm of the absolute determinant.

    Args:
        x: Square matrix (or batch of them).

    Returns:
        A tuple ``(sign, logabsdet)``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> sign, logdet = ops.slogdet([[2.0, 0.0], [0.0, -3.0]])
        >>> print(ops.convert_to_numpy(sign))
        -1.0
        >>> print(ops.convert_to_numpy(logdet).round(4))
        1.7918
    """
    try:
        return (_active() or _process_backend()).slogdet(x)
    except Exception as error:
        return _failed('slogdet', error, {'x': x})


def sort(x: ArrayLike, axis: Axis = -1) -> Array:
    """Sort along an axis, ascending.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis to sort along; ``None`` sorts the flattened array.

    Returns:
        The sorted tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.sort([[3, 1, 2], [9, 8, 7]], axis=1)))
        [[1 2 3]
         [7 8 9]]
    """
    try:
        return (_active() or _process_backend()).sort(x, axis)
    except Exception as error:
        return _failed('sort', error, {'x': x, 'axis': axis})


def split(x: ArrayLike, indices_or_sections, axis: Axis = 0) -> Array:
    """Split a tensor into equal parts, or at given indices.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        indices_or_sections: Number of equal parts, or the sorted indices at which to split.
        axis: Axis to split along.

    Returns:
        A list of tensors.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> parts = ops.split(ops.arange(6), [2, 3])
        >>> [ops.convert_to_numpy(p).tolist() for p in parts]
        [[0, 1], [2], [3, 4, 5]]
    """
    try:
        return (_active() or _process_backend()).split(x, indices_or_sections, axis)
    except Exception as error:
        return _failed('split', error, {'x': x, 'indices_or_sections': indices_or_sections, 'axis': axis})


def sqrt(x: ArrayLike) -> Array:
    """Square root, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The square roots.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.sqrt([4, 9])))
        [2. 3.]
    """
    try:
        return (_active() or _process_backend()).sqrt(x)
    except Exception as error:
        return _failed('sqrt', error, {'x': x})


def square(x: ArrayLike) -> Array:
    """``x * x``, elementwise.

    Input dtype is preserved.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The squares.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.square([-2, 3])))
        [4 9]
    """
    try:
        return (_active() or _process_backend()).square(x)
    except Exception as error:
        return _failed('square', error, {'x': x})


def squeeze(x: ArrayLike, axis: Axis = None) -> Array:
    """Remove axes of length 1.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis or axes to remove; ``None`` removes every axis of length 1.

    Returns:
        The squeezed tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> ops.shape(ops.squeeze(ops.zeros((1, 3, 1))))
        (3,)
    """
    try:
        return (_active() or _process_backend()).squeeze(x, axis)
    except Exception as error:
        return _failed('squeeze', error, {'x': x, 'axis': axis})


def stack(x: ArrayLike, axis: Axis = 0) -> Array:
    """Join a sequence of arrays along a new axis.

    The result dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        x: Sequence of arrays of the same shape.
        axis: Position of the new axis in the result.

    Returns:
        The stacked tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.stack([[1, 2], [3, 4]], axis=1)))
        [[1 3]
         [2 4]]
    """
    try:
        return (_active() or _process_backend()).stack(x, axis)
    except Exception as error:
        return _failed('stack', error, {'x': x, 'axis': axis})


def std(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Standard deviation along an axis (population: divides by ``n``).

    With ``axis=None`` the op reduces over all elements. The result is floating point:
    integer and boolean inputs give ``floatx()`` (``float32`` by default); float inputs
    keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis (int or tuple of ints) to reduce over; ``None`` reduces over all axes.
        keepdims: If ``True``, reduced axes are kept with length 1.

    Returns:
        The standard deviations.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.std([1.0, 3.0])))
        1.0
    """
    try:
        return (_active() or _process_backend()).std(x, axis, keepdims)
    except Exception as error:
        return _failed('std', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def subtract(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Subtract two arrays elementwise, with broadcasting.

    The result dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.

    Returns:
        ``x1 - x2``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.subtract([5, 7], 2)))
        [3 5]
    """
    try:
        return (_active() or _process_backend()).subtract(x1, x2)
    except Exception as error:
        return _failed('subtract', error, {'x1': x1, 'x2': x2})


def sum(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Sum along an axis.

    With ``axis=None`` the op reduces over all elements. Like NumPy, small integer
    inputs accumulate in a wider type: bool, int8 and int16 give ``int32``, uint8 and
    uint16 give ``uint32``.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis (int or tuple of ints) to reduce over; ``None`` reduces over all axes.
        keepdims: If ``True``, reduced axes are kept with length 1.

    Returns:
        The sums.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.sum([[1, 2], [3, 4]], axis=0)))
        [4 6]
        >>> ops.dtype(ops.sum(ops.ones((2,), dtype="int8")))
        'int32'
    """
    try:
        return (_active() or _process_backend()).sum(x, axis, keepdims)
    except Exception as error:
        return _failed('sum', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def swapaxes(x: ArrayLike, axis1, axis2) -> Array:
    """Interchange two axes.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis1: First axis.
        axis2: Second axis.

    Returns:
        The tensor with both axes swapped.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> ops.shape(ops.swapaxes(ops.zeros((2, 3, 4)), 0, 2))
        (4, 3, 2)
    """
    try:
        return (_active() or _process_backend()).swapaxes(x, axis1, axis2)
    except Exception as error:
        return _failed('swapaxes', error, {'x': x, 'axis1': axis1, 'axis2': axis2})


def take(x: ArrayLike, indices: ArrayLike, axis: Axis = None) -> Array:
    """Take elements at ``indices`` along an axis.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        indices: Integer indices (negative values count from the end).
        axis: Axis to take along; ``None`` uses the flattened array.

    Returns:
        The gathered elements.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.take([[1, 2], [3, 4]], [1, 0], axis=1)))
        [[2 1]
         [4 3]]
    """
    try:
        return (_active() or _process_backend()).take(x, indices, axis)
    except Exception as error:
        return _failed('take', error, {'x': x, 'indices': indices, 'axis': axis})


def take_along_axis(x: ArrayLike, indices: ArrayLike, axis: Axis = None) -> Array:
    """Take values along an axis with an index array of the same rank.

    Typically used with the result of ``argsort`` or ``argpartition``.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        indices: Integer indices, broadcastable against ``x`` except along ``axis``.
        axis: Axis to take along; ``None`` uses the flattened array.

    Returns:
        The gathered elements.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> x = ops.convert_to_tensor([[30, 10, 20]])
        >>> print(ops.convert_to_numpy(ops.take_along_axis(x, ops.argsort(x, axis=1), axis=1)))
        [[10 20 30]]
    """
    try:
        return (_active() or _process_backend()).take_along_axis(x, indices, axis)
    except Exception as error:
        return _failed('take_along_axis', error, {'x': x, 'indices': indices, 'axis': axis})


def tan(x: ArrayLike) -> Array:
    """Tangent, elementwise (argument in radians).

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The tangents.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.tan([0.0, 0.78539816])).round(4))
        [0. 1.]
    """
    try:
        return (_active() or _process_backend()).tan(x)
    except Exception as error:
        return _failed('tan', error, {'x': x})


def tanh(x: ArrayLike) -> Array:
    """Hyperbolic tangent, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        Values in ``(-1, 1)``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.tanh([0.0, 1.0])).round(4))
        [0.     0.7616]
    """
    try:
        return (_active() or _process_backend()).tanh(x)
    except Exception as error:
        return _failed('tanh', error, {'x': x})


def tensordot(x1: ArrayLike, x2: ArrayLike, axes: Any = 2) -> Array:
    """Tensor contraction over the given axes.

    The result dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        x1: First array.
        x2: Second array.
        axes: An int ``n`` (last ``n`` axes of ``x1`` with first ``n`` of ``x2``) or a pair
            of axis lists.

    Returns:
        The contraction.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.tensordot([[1, 2], [3, 4]], [[1, 0], [0, 1]], axes=2)))
        5
        >>> print(ops.convert_to_numpy(ops.tensordot([1, 2], [3, 4], axes=0)))
        [[3 4]
         [6 8]]
    """
    try:
        return (_active() or _process_backend()).tensordot(x1, x2, axes)
    except Exception as error:
        return _failed('tensordot', error, {'x1': x1, 'x2': x2, 'axes': axes})


def tile(x: ArrayLike, repeats: ArrayLike) -> Array:
    """Repeat the whole array along each axis.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        repeats: Number of repetitions per axis (int or tuple).

    Returns:
        The tiled tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.tile([1, 2], 2)))
        [1 2 1 2]
    """
    try:
        return (_active() or _process_backend()).tile(x, repeats)
    except Exception as error:
        return _failed('tile', error, {'x': x, 'repeats': repeats})


def trace(x: ArrayLike, offset: ArrayLike = 0, axis1=0, axis2=1) -> Array:
    """Sum along a diagonal.

    Like NumPy, small integer inputs accumulate in a wider type: bool, int8 and int16
    give ``int32``, uint8 and uint16 give ``uint32``.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        offset: Diagonal offset: positive values are above the main diagonal.
        axis1: First axis of the 2-D planes.
        axis2: Second axis of the 2-D planes.

    Returns:
        The sums of the diagonals.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.trace([[1, 2], [3, 4]])))
        5
    """
    try:
        return (_active() or _process_backend()).trace(x, offset, axis1, axis2)
    except Exception as error:
        return _failed('trace', error, {'x': x, 'offset': offset, 'axis1': axis1, 'axis2': axis2})


def transpose(x: ArrayLike, axes: Any = None) -> Array:
    """Permute the axes of an array.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axes: New order of the axes; ``None`` reverses them.

    Returns:
        The transposed tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.transpose([[1, 2, 3]])))
        [[1]
         [2]
         [3]]
    """
    try:
        return (_active() or _process_backend()).transpose(x, axes)
    except Exception as error:
        return _failed('transpose', error, {'x': x, 'axes': axes})


def trapezoid(y: ArrayLike, x: ArrayLike = None, dx=1.0, axis: Axis = -1) -> Array:
    """Integrate along an axis with the trapezoidal rule.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        y: Values to integrate.
        x: Sample points of ``y``; ``None`` uses spacing ``dx``.
        dx: Spacing between samples when ``x`` is ``None``.
        axis: Axis to integrate along.

    Returns:
        The integrals.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.trapezoid([1.0, 2.0, 3.0])))
        4.0
    """
    try:
        return (_active() or _process_backend()).trapezoid(y, x, dx, axis)
    except Exception as error:
        return _failed('trapezoid', error, {'y': y, 'x': x, 'dx': dx, 'axis': axis})


def tri(N, M=None, k=0, dtype: DTypeLike | None = None) -> Array:
    """2-D tensor with ones at and below a diagonal, zeros elsewhere.

    With ``dtype=None`` the result dtype is ``floatx()`` (``float32`` by default).

    Args:
        N: Number of rows.
        M: Number of columns; ``None`` means ``N``.
        k: Diagonal offset: 0 is the main diagonal, positive values are above it.
        dtype: Result dtype (a name such as ``"float32"``); ``None`` picks the default
            above.

    Returns:
        An ``(N, M)`` tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.tri(3, dtype="int32")))
        [[1 0 0]
         [1 1 0]
         [1 1 1]]
    """
    try:
        return (_active() or _process_backend()).tri(N, M, k, dtype)
    except Exception as error:
        return _failed('tri', error, {'N': N, 'M': M, 'k': k, 'dtype': dtype})


def tril(x: ArrayLike, k=0) -> Array:
    """Lower triangle of a matrix: zeros above the ``k``-th diagonal.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        k: Diagonal offset: 0 is the main diagonal, positive values are above it.

    Returns:
        A tensor like ``x``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.tril([[1, 2], [3, 4]])))
        [[1 0]
         [3 4]]
    """
    try:
        return (_active() or _process_backend()).tril(x, k)
    except Exception as error:
        return _failed('tril', error, {'x': x, 'k': k})


def triu(x: ArrayLike, k=0) -> Array:
    """Upper triangle of a matrix: zeros below the ``k``-th diagonal.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        k: Diagonal offset: 0 is the main diagonal, positive values are above it.

    Returns:
        A tensor like ``x``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.triu([[1, 2], [3, 4]])))
        [[1 2]
         [0 4]]
    """
    try:
        return (_active() or _process_backend()).triu(x, k)
    except Exception as error:
        return _failed('triu', error, {'x': x, 'k': k})


def true_divide(x1: ArrayLike, x2: ArrayLike) -> Array:
    """True division, elementwise (alias of ``divide``).

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x1: First input array.
        x2: Second input array, broadcast against ``x1``.

    Returns:
        ``x1 / x2``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.true_divide([1, 3], 2)))
        [0.5 1.5]
    """
    try:
        return (_active() or _process_backend()).true_divide(x1, x2)
    except Exception as error:
        return _failed('true_divide', error, {'x1': x1, 'x2': x2})


def trunc(x: ArrayLike) -> Array:
    """Round towards zero, elementwise.

    Input dtype is preserved.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The truncated values.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.trunc([1.7, -1.7])))
        [ 1. -1.]
    """
    try:
        return (_active() or _process_backend()).trunc(x)
    except Exception as error:
        return _failed('trunc', error, {'x': x})


def unique(x: ArrayLike, sorted=True, return_index=False, return_inverse=False, return_counts=False, axis: Axis = None, size=None, fill_value: ArrayLike = None) -> Array:
    """Sorted unique elements of a tensor, optionally with indices and counts.

    Use ``size`` (with ``fill_value``) to get a static result shape inside ``jit``.
    Indices are returned as ``int32`` on every backend.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        sorted: Whether to sort the unique values (they always are on most backends).
        return_index: Also return the index of the first occurrence of each value.
        return_inverse: Also return, for each input element, the index of its unique value.
        return_counts: Also return how often each value occurs.
        axis: Axis to find unique slices along; ``None`` flattens ``x``.
        size: Fixed length of the result, padded with ``fill_value`` or truncated.
        fill_value: Padding value when ``size`` exceeds the number of unique values.

    Returns:
        The unique values, or a tuple with the requested extra ``int32`` tensors.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.unique([3, 1, 3, 2])))
        [1 2 3]
        >>> values, counts = ops.unique([3, 1, 3], return_counts=True)
        >>> print(ops.convert_to_numpy(counts))
        [1 2]
    """
    try:
        return (_active() or _process_backend()).unique(x, sorted, return_index, return_inverse, return_counts, axis, size, fill_value)
    except Exception as error:
        return _failed('unique', error, {'x': x, 'sorted': sorted, 'return_index': return_index, 'return_inverse': return_inverse, 'return_counts': return_counts, 'axis': axis, 'size': size, 'fill_value': fill_value})


def unravel_index(indices: ArrayLike, shape: Shape) -> Array:
    """Convert flat indices into tuples of coordinates for a given shape.

    Indices are returned as ``int32`` on every backend.

    Args:
        indices: Flat integer indices.
        shape: Shape of the array the indices refer to.

    Returns:
        A tuple of ``int32`` tensors, one per dimension of ``shape``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> rows, cols = ops.unravel_index([1, 5], (2, 3))
        >>> print(ops.convert_to_numpy(rows))
        [0 1]
        >>> print(ops.convert_to_numpy(cols))
        [1 2]
    """
    try:
        return (_active() or _process_backend()).unravel_index(indices, shape)
    except Exception as error:
        return _failed('unravel_index', error, {'indices': indices, 'shape': shape})


def vander(x: ArrayLike, N=None, increasing=False) -> Array:
    """Vandermonde matrix: columns are powers of ``x``.

    Args:
        x: 1-D input.
        N: Number of columns; ``None`` means ``len(x)``.
        increasing: If ``True``, powers increase from left to right.

    Returns:
        A 2-D tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.vander([1, 2, 3])))
        [[1 1 1]
         [4 2 1]
         [9 3 1]]
    """
    try:
        return (_active() or _process_backend()).vander(x, N, increasing)
    except Exception as error:
        return _failed('vander', error, {'x': x, 'N': N, 'increasing': increasing})


def var(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Variance along an axis (population: divides by ``n``).

    With ``axis=None`` the op reduces over all elements. The result is floating point:
    integer and boolean inputs give ``floatx()`` (``float32`` by default); float inputs
    keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis (int or tuple of ints) to reduce over; ``None`` reduces over all axes.
        keepdims: If ``True``, reduced axes are kept with length 1.

    Returns:
        The variances.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.var([1.0, 3.0])))
        1.0
    """
    try:
        return (_active() or _process_backend()).var(x, axis, keepdims)
    except Exception as error:
        return _failed('var', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def vdot(x1: ArrayLike, x2: ArrayLike) -> Array:
    """Dot product of two flattened arrays (conjugating ``x1`` when complex).

    The result dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        x1: First array (flattened).
        x2: Second array (flattened), with as many elements as ``x1``.

    Returns:
        A scalar.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.vdot([[1, 2], [3, 4]], [[1, 1], [1, 1]])))
        10
    """
    try:
        return (_active() or _process_backend()).vdot(x1, x2)
    except Exception as error:
        return _failed('vdot', error, {'x1': x1, 'x2': x2})


def vectorize(pyfunc, *, excluded=None, signature=None) -> Array:
    """Return ``pyfunc`` vectorized over the broadcast leading axes of its inputs, as ``np.vectorize``.

    Without ``signature`` every input is a scalar core; with a generalized-ufunc
    signature such as ``"(m,n),(n)->(m)"`` each input's trailing axes are its core and
    their sizes must agree per name. The leading ("loop") axes broadcast together and
    are mapped over with ``vectorized_map``. Positional arguments whose index, and
    keyword arguments whose name, is in ``excluded`` reach ``pyfunc`` unchanged.

    Args:
        pyfunc: Function of core-shaped tensors.
        excluded: Set of positional indices and keyword names not to vectorize.
        signature: Generalized-ufunc signature, ``None`` for scalar cores.

    Returns:
        A function with the arguments of ``pyfunc``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> matvec = ops.vectorize(ops.matmul, signature="(m,n),(n)->(m)")
        >>> print(ops.convert_to_numpy(matvec(ops.ones((4, 2, 3)), ops.arange(3.0))[0]))
        [3. 3.]
    """
    try:
        return (_active() or _process_backend()).vectorize(pyfunc, excluded=excluded, signature=signature)
    except Exception as error:
        return _failed('vectorize', error, {'pyfunc': pyfunc, 'excluded': excluded, 'signature': signature})


def view(x: ArrayLike, dtype: DTypeLike | None = None) -> Array:
    """Reinterpret the bytes of ``x`` as another dtype, without copying values.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        dtype: Dtype to view the data as; ``None`` keeps the dtype.

    Returns:
        A tensor sharing the bit pattern of ``x``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.view(ops.convert_to_tensor([1.0], dtype="float32"), "int32")))
        [1065353216]
    """
    try:
        return (_active() or _process_backend()).view(x, dtype)
    except Exception as error:
        return _failed('view', error, {'x': x, 'dtype': dtype})


def vsplit(x: ArrayLike, indices_or_sections) -> Array:
    """Split vertically (along axis 0).

    Args:
        x: Tensor of rank >= 2.
        indices_or_sections: Number of equal parts, or the sorted indices at which to split.

    Returns:
        A list of tensors.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> parts = ops.vsplit([[1, 2], [3, 4]], 2)
        >>> [ops.convert_to_numpy(p).tolist() for p in parts]
        [[[1, 2]], [[3, 4]]]
    """
    try:
        return (_active() or _process_backend()).vsplit(x, indices_or_sections)
    except Exception as error:
        return _failed('vsplit', error, {'x': x, 'indices_or_sections': indices_or_sections})


def vstack(xs: ArrayLike) -> Array:
    """Stack arrays vertically (along axis 0; 1-D inputs become rows).

    The result dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        xs: Sequence of arrays.

    Returns:
        The stacked tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.vstack([[1, 2], [3, 4]])))
        [[1 2]
         [3 4]]
    """
    try:
        return (_active() or _process_backend()).vstack(xs)
    except Exception as error:
        return _failed('vstack', error, {'xs': xs})


def where(condition: ArrayLike, x1: ArrayLike = None, x2: ArrayLike = None) -> Array:
    """Choose from ``x1`` where ``condition`` is true, else from ``x2``.

    With only ``condition``, returns its non-zero indices like ``nonzero``. The result
    dtype is ``result_type`` of the inputs (Python scalars are weak).

    Args:
        condition: Boolean array.
        x1: Values where ``condition`` is true.
        x2: Values where ``condition`` is false.

    Returns:
        The chosen elements (broadcast shape of the three inputs).

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.where([True, False, True], [1, 2, 3], [10, 20, 30])))
        [ 1 20  3]
    """
    try:
        return (_active() or _process_backend()).where(condition, x1, x2)
    except Exception as error:
        return _failed('where', error, {'condition': condition, 'x1': x1, 'x2': x2})


def zeros(shape: Shape, dtype: DTypeLike | None = None) -> Array:
    """Create a tensor of zeros.

    With ``dtype=None`` the result dtype is ``floatx()`` (``float32`` by default).

    Args:
        shape: Shape of the result, a tuple of ints.
        dtype: Result dtype (a name such as ``"float32"``); ``None`` picks the default
            above.

    Returns:
        A tensor of shape ``shape``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.zeros((2,))))
        [0. 0.]
        >>> ops.dtype(ops.zeros((2,)))
        'float32'
    """
    try:
        return (_active() or _process_backend()).zeros(shape, dtype)
    except Exception as error:
        return _failed('zeros', error, {'shape': shape, 'dtype': dtype})


def zeros_like(x: ArrayLike, dtype: DTypeLike | None = None) -> Array:
    """Create a tensor of zeros with the shape of ``x``.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        dtype: Dtype of the result; ``None`` keeps the dtype of ``x``.

    Returns:
        A tensor like ``x``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.zeros_like([[1, 2]])))
        [[0 0]]
    """
    try:
        return (_active() or _process_backend()).zeros_like(x, dtype)
    except Exception as error:
        return _failed('zeros_like', error, {'x': x, 'dtype': dtype})
