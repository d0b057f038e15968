"""``multikeras.ops.core``: generated from ``ops/catalog.py``; do not edit.

Regenerate with ``python tools/generate_ops.py``.
"""

# fmt: off
from __future__ import annotations

from typing import Any

from multikeras.backend.selection import _override, _process_backend
from multikeras.ops._dispatch import handle_failure as _failed
from multikeras.ops.types import Array, ArrayLike, Axis, DTypeLike, Shape

_active = _override.get

__all__ = ['associative_scan', 'cast', 'cdist', 'cond', 'convert_to_numpy', 'convert_to_tensor', 'custom_gradient', 'dtype', 'fori_loop', 'is_tensor', 'map', 'saturate_cast', 'scan', 'scatter', 'scatter_update', 'shape', 'slice', 'slice_update', 'stop_gradient', 'switch', 'unstack', 'vectorized_map', 'while_loop']


def associative_scan(f, elems: ArrayLike, reverse=False, axis: Axis = 0) -> Array:
    """Keras 3 ``keras.ops.associative_scan`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).associative_scan(f, elems, reverse, axis)
    except Exception as error:
        return _failed('associative_scan', error, {'f': f, 'elems': elems, 'reverse': reverse, 'axis': axis})


def cast(x: ArrayLike, dtype: DTypeLike | None) -> Array:
    """Keras 3 ``keras.ops.cast`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).cast(x, dtype)
    except Exception as error:
        return _failed('cast', error, {'x': x, 'dtype': dtype})


def cdist(x: ArrayLike, y: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.cdist`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).cdist(x, y)
    except Exception as error:
        return _failed('cdist', error, {'x': x, 'y': y})


def cond(pred, true_fn, false_fn) -> Array:
    """Keras 3 ``keras.ops.cond`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).cond(pred, true_fn, false_fn)
    except Exception as error:
        return _failed('cond', error, {'pred': pred, 'true_fn': true_fn, 'false_fn': false_fn})


def convert_to_numpy(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.convert_to_numpy`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).convert_to_numpy(x)
    except Exception as error:
        return _failed('convert_to_numpy', error, {'x': x})


def convert_to_tensor(x: ArrayLike, dtype: DTypeLike | None = None) -> Array:
    """Keras 3 ``keras.ops.convert_to_tensor`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).convert_to_tensor(x, dtype)
    except Exception as error:
        return _failed('convert_to_tensor', error, {'x': x, 'dtype': dtype})


def custom_gradient(f) -> Array:
    """Keras 3 ``keras.ops.custom_gradient`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).custom_gradient(f)
    except Exception as error:
        return _failed('custom_gradient', error, {'f': f})


def dtype(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.dtype`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).dtype(x)
    except Exception as error:
        return _failed('dtype', error, {'x': x})


def fori_loop(lower, upper, body_fun, init_val) -> Array:
    """Keras 3 ``keras.ops.fori_loop`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).fori_loop(lower, upper, body_fun, init_val)
    except Exception as error:
        return _failed('fori_loop', error, {'lower': lower, 'upper': upper, 'body_fun': body_fun, 'init_val': init_val})


def is_tensor(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.is_tensor`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).is_tensor(x)
    except Exception as error:
        return _failed('is_tensor', error, {'x': x})


def map(f, xs: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.map`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).map(f, xs)
    except Exception as error:
        return _failed('map', error, {'f': f, 'xs': xs})


def saturate_cast(x: ArrayLike, dtype: DTypeLike | None) -> Array:
    """Keras 3 ``keras.ops.saturate_cast`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).saturate_cast(x, dtype)
    except Exception as error:
        return _failed('saturate_cast', error, {'x': x, 'dtype': dtype})


def scan(f, init, xs: ArrayLike = None, length=None, reverse=False, unroll=1) -> Array:
    """Keras 3 ``keras.ops.scan`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).scan(f, init, xs, length, reverse, unroll)
    except Exception as error:
        return _failed('scan', error, {'f': f, 'init': init, 'xs': xs, 'length': length, 'reverse': reverse, 'unroll': unroll})


def scatter(indices: ArrayLike, values: ArrayLike, shape: Shape) -> Array:
    """Keras 3 ``keras.ops.scatter`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).scatter(indices, values, shape)
    except Exception as error:
        return _failed('scatter', error, {'indices': indices, 'values': values, 'shape': shape})


def scatter_update(inputs: ArrayLike, indices: ArrayLike, updates: ArrayLike, reduction=None) -> Array:
    """Keras 3 ``keras.ops.scatter_update`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).scatter_update(inputs, indices, updates, reduction)
    except Exception as error:
        return _failed('scatter_update', error, {'inputs': inputs, 'indices': indices, 'updates': updates, 'reduction': reduction})


def shape(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.shape`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).shape(x)
    except Exception as error:
        return _failed('shape', error, {'x': x})


def slice(inputs: ArrayLike, start_indices, shape: Shape) -> Array:
    """Keras 3 ``keras.ops.slice`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).slice(inputs, start_indices, shape)
    except Exception as error:
        return _failed('slice', error, {'inputs': inputs, 'start_indices': start_indices, 'shape': shape})


def slice_update(inputs: ArrayLike, start_indices, updates: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.slice_update`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).slice_update(inputs, start_indices, updates)
    except Exception as error:
        return _failed('slice_update', error, {'inputs': inputs, 'start_indices': start_indices, 'updates': updates})


def stop_gradient(variable: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.stop_gradient`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).stop_gradient(variable)
    except Exception as error:
        return _failed('stop_gradient', error, {'variable': variable})


def switch(index, branches, *operands) -> Array:
    """Keras 3 ``keras.ops.switch`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).switch(index, branches, *operands)
    except Exception as error:
        return _failed('switch', error, {'index': index, 'branches': branches, 'operands': operands})


def unstack(x: ArrayLike, num=None, axis: Axis = 0) -> Array:
    """Keras 3 ``keras.ops.unstack`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).unstack(x, num, axis)
    except Exception as error:
        return _failed('unstack', error, {'x': x, 'num': num, 'axis': axis})


def vectorized_map(function, elements) -> Array:
    """Keras 3 ``keras.ops.vectorized_map`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).vectorized_map(function, elements)
    except Exception as error:
        return _failed('vectorized_map', error, {'function': function, 'elements': elements})


def while_loop(cond, body, loop_vars, maximum_iterations=None) -> Array:
    """Keras 3 ``keras.ops.while_loop`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).while_loop(cond, body, loop_vars, maximum_iterations)
    except Exception as error:
        return _failed('while_loop', error, {'cond': cond, 'body': body, 'loop_vars': loop_vars, 'maximum_iterations': maximum_iterations})
