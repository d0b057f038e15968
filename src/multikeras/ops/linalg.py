"""``multikeras.ops.linalg``: generated from ``ops/catalog.py``; do not edit.

Regenerate with ``python tools/generate_ops.py``.
"""

# fmt: off
from __future__ import annotations

from typing import Any

from multikeras.backend.selection import _override, _process_backend
from multikeras.ops._dispatch import handle_failure as _failed
from multikeras.ops.types import Array, ArrayLike, Axis, DTypeLike, Shape

_active = _override.get

__all__ = ['cholesky', 'cholesky_inverse', 'det', 'eig', 'eigh', 'inv', 'jvp', 'lstsq', 'lu_factor', 'matrix_rank', 'norm', 'pinv', 'qr', 'solve', 'solve_triangular', 'svd']


def cholesky(x: ArrayLike, upper=False) -> Array:
    """Keras 3 ``keras.ops.cholesky`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).cholesky(x, upper)
    except Exception as error:
        return _failed('cholesky', error, {'x': x, 'upper': upper})


def cholesky_inverse(x: ArrayLike, upper=False) -> Array:
    """Keras 3 ``keras.ops.cholesky_inverse`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).cholesky_inverse(x, upper)
    except Exception as error:
        return _failed('cholesky_inverse', error, {'x': x, 'upper': upper})


def det(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.det`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).det(x)
    except Exception as error:
        return _failed('det', error, {'x': x})


def eig(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.eig`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).eig(x)
    except Exception as error:
        return _failed('eig', error, {'x': x})


def eigh(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.eigh`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).eigh(x)
    except Exception as error:
        return _failed('eigh', error, {'x': x})


def inv(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.inv`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).inv(x)
    except Exception as error:
        return _failed('inv', error, {'x': x})


def jvp(fun, primals, tangents, has_aux=False) -> Array:
    """Keras 3 ``keras.ops.jvp`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).jvp(fun, primals, tangents, has_aux)
    except Exception as error:
        return _failed('jvp', error, {'fun': fun, 'primals': primals, 'tangents': tangents, 'has_aux': has_aux})


def lstsq(a: ArrayLike, b: ArrayLike, rcond=None) -> Array:
    """Keras 3 ``keras.ops.lstsq`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).lstsq(a, b, rcond)
    except Exception as error:
        return _failed('lstsq', error, {'a': a, 'b': b, 'rcond': rcond})


def lu_factor(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.lu_factor`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).lu_factor(x)
    except Exception as error:
        return _failed('lu_factor', error, {'x': x})


def matrix_rank(x: ArrayLike, tol=None) -> Array:
    """Keras 3 ``keras.ops.matrix_rank`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).matrix_rank(x, tol)
    except Exception as error:
        return _failed('matrix_rank', error, {'x': x, 'tol': tol})


def norm(x: ArrayLike, ord=None, axis: Axis = None, keepdims: bool = False) -> Array:
    """Keras 3 ``keras.ops.norm`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).norm(x, ord, axis, keepdims)
    except Exception as error:
        return _failed('norm', error, {'x': x, 'ord': ord, 'axis': axis, 'keepdims': keepdims})


def pinv(x: ArrayLike, rcond=None) -> Array:
    """Keras 3 ``keras.ops.pinv`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).pinv(x, rcond)
    except Exception as error:
        return _failed('pinv', error, {'x': x, 'rcond': rcond})


def qr(x: ArrayLike, mode='reduced') -> Array:
    """Keras 3 ``keras.ops.qr`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).qr(x, mode)
    except Exception as error:
        return _failed('qr', error, {'x': x, 'mode': mode})


def solve(a: ArrayLike, b: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.solve`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).solve(a, b)
    except Exception as error:
        return _failed('solve', error, {'a': a, 'b': b})


def solve_triangular(a: ArrayLike, b: ArrayLike, lower=False) -> Array:
    """Keras 3 ``keras.ops.solve_triangular`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).solve_triangular(a, b, lower)
    except Exception as error:
        return _failed('solve_triangular', error, {'a': a, 'b': b, 'lower': lower})


def svd(x: ArrayLike, full_matrices=True, compute_uv=True) -> Array:
    """Keras 3 ``keras.ops.svd`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).svd(x, full_matrices, compute_uv)
    except Exception as error:
        return _failed('svd', error, {'x': x, 'full_matrices': full_matrices, 'compute_uv': compute_uv})
