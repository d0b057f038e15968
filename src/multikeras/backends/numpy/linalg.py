"""linalg ops of the NumPy backend (``numpy.linalg``; half floats computed in float32)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from multikeras.backend import dtypes
from multikeras.backends.numpy.core import INDEX, compute_dtype, convert_to_tensor, to_numpy_dtype, wrap

tensor = convert_to_tensor


def _float_in(*values: Any) -> tuple[list[np.ndarray], np.dtype]:
    arrays = [tensor(v) for v in values]
    out_name = dtypes.float_result(*arrays)
    work = compute_dtype(out_name)
    return [a.astype(work, copy=False) for a in arrays], to_numpy_dtype(out_name)


def _finish(result: Any, dtype: np.dtype) -> np.ndarray:
    result = wrap(result)
    return result if result.dtype == dtype else result.astype(dtype)


def _check_square(x: np.ndarray, name: str) -> None:
    if x.ndim < 2 or x.shape[-1] != x.shape[-2]:
        raise ValueError(f"{name}: expected square matrices of shape (..., M, M), received shape {x.shape}")


def _unary(function: Callable[[np.ndarray], Any], name: str, square: bool = True) -> Callable[[Any], np.ndarray]:
    def op(x: Any) -> np.ndarray:
        (work,), out = _float_in(x)
        if square:
            _check_square(work, name)
        return _finish(function(work), out)

    op.__name__ = op.__qualname__ = name
    return op


det = _unary(np.linalg.det, "det")
inv = _unary(np.linalg.inv, "inv")


def cholesky(x: Any, upper: bool = False) -> np.ndarray:
    (work,), out = _float_in(x)
    _check_square(work, "cholesky")
    lower = np.linalg.cholesky(work)
    return _finish(np.swapaxes(lower, -1, -2).conj() if upper else lower, out)


def cholesky_inverse(x: Any, upper: bool = False) -> np.ndarray:
    """Inverse of ``A`` from its Cholesky factor (lower ``L`` with ``A = L L^T``, or upper ``U``)."""
    (factor,), out = _float_in(x)
    _check_square(factor, "cholesky_inverse")
    lower = np.swapaxes(factor, -1, -2).conj() if upper else factor
    lower_inverse = np.linalg.inv(lower)
    return _finish(np.swapaxes(lower_inverse, -1, -2).conj() @ lower_inverse, out)


def eig(x: Any) -> tuple[np.ndarray, np.ndarray]:
    (work,), out = _float_in(x)
    _check_square(work, "eig")
    values, vectors = np.linalg.eig(work)
    if np.iscomplexobj(values) and not np.any(np.imag(values)) and not np.any(np.imag(vectors)):
        values, vectors = np.real(values), np.real(vectors)
    if np.iscomplexobj(values):
        complex_out = np.complex128 if out == np.float64 else np.complex64
        return values.astype(complex_out), vectors.astype(complex_out)
    return _finish(values, out), _finish(vectors, out)


def eigh(x: Any) -> tuple[np.ndarray, np.ndarray]:
    (work,), out = _float_in(x)
    _check_square(work, "eigh")
    values, vectors = np.linalg.eigh(work)
    return _finish(values, out), _finish(vectors, out)


def lstsq(a: Any, b: Any, rcond: float | None = None) -> np.ndarray:
    (a, b), out = _float_in(a, b)
    if a.ndim != 2:
        raise ValueError(f"lstsq: `a` must be a matrix, received shape {a.shape}")
    return _finish(np.linalg.lstsq(a, b, rcond=rcond)[0], out)


def lu_factor(x: Any) -> tuple[np.ndarray, np.ndarray]:
    """LU factorization with partial pivoting, packed as LAPACK ``getrf`` does.

    Returns ``(lu, pivots)``: ``lu`` holds ``U`` and the unit-diagonal ``L``
    below it; ``pivots[i]`` is the row swapped with row ``i`` (zero-based, int32).
    """
    (work,), out = _float_in(x)
    if work.ndim < 2:
        raise ValueError(f"lu_factor: expected matrices of shape (..., M, N), received shape {work.shape}")
    m, n = work.shape[-2:]
    batch = work.shape[:-2]
    lu = work.reshape(-1, m, n).copy()
    steps = min(m, n)
    pivots = np.zeros((lu.shape[0], steps), INDEX)
    rows = np.arange(lu.shape[0])
    for k in range(steps):
        pivot = k + np.argmax(np.abs(lu[:, k:, k]), axis=1)
        pivots[:, k] = pivot
        current = lu[rows, k].copy()
        lu[rows, k] = lu[rows, pivot]
        lu[rows, pivot] = current
        diagonal = lu[:, k, k]
        safe = np.where(diagonal == 0, 1, diagonal)
        lu[:, k + 1 :, k] = lu[:, k + 1 :, k] / safe[:, None]
        lu[:, k + 1 :, k + 1 :] -= lu[:, k + 1 :, k : k + 1] * lu[:, k : k + 1, k + 1 :]
    return _finish(lu.reshape(*batch, m, n), out), pivots.reshape(*batch, steps)


def matrix_rank(x: Any, tol: float | None = None) -> np.ndarray:
    (work,), _ = _float_in(x)
    return wrap(np.linalg.matrix_rank(work, tol=tol)).astype(INDEX)


def norm(x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False) -> np.ndarray:
    (work,), out = _float_in(x)
    if isinstance(axis, list):
        axis = tuple(axis)
    if axis is None and ord is not None and work.ndim > 2:
        raise ValueError(f"norm: `ord` needs `axis` for inputs of rank > 2, received shape {work.shape}")
    if work.dtype.kind == "c":
        out = np.dtype(np.float64) if work.dtype == np.complex128 else np.dtype(np.float32)
    return _finish(np.linalg.norm(work, ord=ord, axis=axis, keepdims=keepdims), out)


def pinv(x: Any, rcond: float | None = None) -> np.ndarray:
    (work,), out = _float_in(x)
    if rcond is None:
        return _finish(np.linalg.pinv(work), out)
    return _finish(np.linalg.pinv(work, rcond=rcond), out)


def qr(x: Any, mode: str = "reduced") -> tuple[np.ndarray, np.ndarray]:
    if mode not in ("reduced", "complete"):
        raise ValueError(f"qr: `mode` must be 'reduced' or 'complete', received {mode!r}")
    (work,), out = _float_in(x)
    q, r = np.linalg.qr(work, mode=mode)
    return _finish(q, out), _finish(r, out)


def solve(a: Any, b: Any) -> np.ndarray:
    (a, b), out = _float_in(a, b)
    _check_square(a, "solve")
    if b.ndim == a.ndim - 1:
        return _finish(np.linalg.solve(a, b[..., None])[..., 0], out)
    return _finish(np.linalg.solve(a, b), out)


def solve_triangular(a: Any, b: Any, lower: bool = False) -> np.ndarray:
    (a, b), out = _float_in(a, b)
    _check_square(a, "solve_triangular")
    triangle = np.tril(a) if lower else np.triu(a)
    if b.ndim == a.ndim - 1:
        return _finish(np.linalg.solve(triangle, b[..., None])[..., 0], out)
    return _finish(np.linalg.solve(triangle, b), out)


def svd(x: Any, full_matrices: bool = True, compute_uv: bool = True) -> Any:
    (work,), out = _float_in(x)
    if not compute_uv:
        return _finish(np.linalg.svd(work, compute_uv=False), out)
    u, s, vh = np.linalg.svd(work, full_matrices=full_matrices)
    return _finish(u, out), _finish(s, out), _finish(vh, out)



def jvp(fun: Callable[..., Any], primals: Any, tangents: Any, has_aux: bool = False) -> Any:
    """Forward-mode derivatives need differentiation, which this inference-only backend lacks."""
    from multikeras.backend.errors import CapabilityError

    raise CapabilityError(
        "jvp: the 'numpy' backend cannot differentiate (capabilities.trainable is False); "
        "select jax, torch or tensorflow."
    )
