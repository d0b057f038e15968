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
    """Cholesky factor of a symmetric (Hermitian) positive-definite matrix.

    Args:
        x: Matrix ``(..., n, n)``.
        upper: If ``True``, return the upper factor ``U`` with ``x = U^T U``; else the lower
            ``L`` with ``x = L L^T``.

    Returns:
        The triangular factor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.cholesky([[4.0, 2.0], [2.0, 2.0]])))
        [[2. 0.]
         [1. 1.]]
    """
    try:
        return (_active() or _process_backend()).cholesky(x, upper)
    except Exception as error:
        return _failed('cholesky', error, {'x': x, 'upper': upper})


def cholesky_inverse(x: ArrayLike, upper=False) -> Array:
    """Inverse of a matrix given its Cholesky factor.

    Args:
        x: Triangular Cholesky factor ``(..., n, n)``.
        upper: Whether ``x`` is the upper factor.

    Returns:
        The inverse of ``L L^T`` (or ``U^T U``).

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.cholesky_inverse([[2.0, 0.0], [1.0, 1.0]])).round(4))
        [[ 0.5 -0.5]
         [-0.5  1. ]]
    """
    try:
        return (_active() or _process_backend()).cholesky_inverse(x, upper)
    except Exception as error:
        return _failed('cholesky_inverse', error, {'x': x, 'upper': upper})


def det(x: ArrayLike) -> Array:
    """Determinant of square matrices.

    Args:
        x: Matrix ``(..., n, n)``.

    Returns:
        The determinants, shape ``(...)``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.det([[1.0, 2.0], [3.0, 4.0]])).round(4))
        -2.0
    """
    try:
        return (_active() or _process_backend()).det(x)
    except Exception as error:
        return _failed('det', error, {'x': x})


def eig(x: ArrayLike) -> Array:
    """Eigenvalues and right eigenvectors of a general square matrix.

    The results are complex in general; their order is not specified.

    Args:
        x: Matrix ``(..., n, n)``.

    Returns:
        A tuple ``(eigenvalues, eigenvectors)``; column ``i`` of ``eigenvectors`` belongs to
        ``eigenvalues[i]``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> w, v = ops.eig([[2.0, 0.0], [0.0, 3.0]])
        >>> sorted(ops.convert_to_numpy(w).real.tolist())
        [2.0, 3.0]
    """
    try:
        return (_active() or _process_backend()).eig(x)
    except Exception as error:
        return _failed('eig', error, {'x': x})


def eigh(x: ArrayLike) -> Array:
    """Eigenvalues (ascending) and eigenvectors of a symmetric (Hermitian) matrix.

    Args:
        x: Symmetric matrix ``(..., n, n)``.

    Returns:
        A tuple ``(eigenvalues, eigenvectors)``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> w, v = ops.eigh([[2.0, 1.0], [1.0, 2.0]])
        >>> print(ops.convert_to_numpy(w).round(4))
        [1. 3.]
    """
    try:
        return (_active() or _process_backend()).eigh(x)
    except Exception as error:
        return _failed('eigh', error, {'x': x})


def inv(x: ArrayLike) -> Array:
    """Inverse of square matrices.

    Args:
        x: Invertible matrix ``(..., n, n)``.

    Returns:
        The inverses.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.inv([[2.0, 0.0], [0.0, 4.0]])).round(4))
        [[0.5  0.  ]
         [0.   0.25]]
    """
    try:
        return (_active() or _process_backend()).inv(x)
    except Exception as error:
        return _failed('inv', error, {'x': x})


def jvp(fun, primals, tangents, has_aux=False) -> Array:
    """Jacobian-vector product of ``fun`` at ``primals`` along ``tangents`` (forward mode).

    Needs a backend that can differentiate; the numpy backend raises
    ``CapabilityError``.

    Args:
        fun: Function of the primals.
        primals: Tuple or list of inputs to ``fun``.
        tangents: Tangent vectors, structured like ``primals``.
        has_aux: If ``True``, ``fun`` returns ``(output, aux)`` and ``aux`` is returned too.

    Returns:
        ``(output, jvp_out)``, or ``(output, jvp_out, aux)`` with ``has_aux``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> from multikeras.backend import CapabilityError
        >>> try:
        ...     out, tangent = ops.jvp(ops.square, (ops.convert_to_tensor(3.0),), (ops.convert_to_tensor(1.0),))
        ...     print(ops.convert_to_numpy(tangent))
        ... except CapabilityError:
        ...     print(6.0)
        6.0
    """
    try:
        return (_active() or _process_backend()).jvp(fun, primals, tangents, has_aux)
    except Exception as error:
        return _failed('jvp', error, {'fun': fun, 'primals': primals, 'tangents': tangents, 'has_aux': has_aux})


def lstsq(a: ArrayLike, b: ArrayLike, rcond=None) -> Array:
    """Least-squares solution of ``a @ x = b``.

    Args:
        a: Coefficient matrix ``(m, n)``.
        b: Right-hand side ``(m,)`` or ``(m, k)``.
        rcond: Cut-off for small singular values of ``a``; ``None`` uses a machine-precision
            default.

    Returns:
        The solution ``x`` minimising ``|b - a @ x|``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.lstsq([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]], [1.0, 2.0, 5.0])).round(4))
        [1. 2.]
    """
    try:
        return (_active() or _process_backend()).lstsq(a, b, rcond)
    except Exception as error:
        return _failed('lstsq', error, {'a': a, 'b': b, 'rcond': rcond})


def lu_factor(x: ArrayLike) -> Array:
    """LU factorization with partial pivoting, in compact form.

    Args:
        x: Square matrix ``(..., n, n)``.

    Returns:
        A tuple ``(lu, pivots)``: ``L`` (unit diagonal) and ``U`` packed in one matrix, and
        the row pivot indices.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> lu, pivots = ops.lu_factor([[1.0, 2.0], [3.0, 4.0]])
        >>> print(ops.convert_to_numpy(lu).round(4))
        [[3.     4.    ]
         [0.3333 0.6667]]
    """
    try:
        return (_active() or _process_backend()).lu_factor(x)
    except Exception as error:
        return _failed('lu_factor', error, {'x': x})


def matrix_rank(x: ArrayLike, tol=None) -> Array:
    """Rank of a matrix, counting singular values above a tolerance.

    Args:
        x: Matrix ``(..., m, n)``.
        tol: Threshold for singular values; ``None`` uses a machine-precision default.

    Returns:
        The ranks (integers).

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.matrix_rank([[1.0, 2.0], [2.0, 4.0]])))
        1
    """
    try:
        return (_active() or _process_backend()).matrix_rank(x, tol)
    except Exception as error:
        return _failed('matrix_rank', error, {'x': x, 'tol': tol})


def norm(x: ArrayLike, ord=None, axis: Axis = None, keepdims: bool = False) -> Array:
    """Matrix or vector norm.

    With ``axis=None``, a 1-D input gets the vector 2-norm, a 2-D input the Frobenius
    norm. The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        ord: Order of the norm (``None``, ``"fro"``, ``"nuc"``, ``inf``, ``-inf``, or a
            number).
        axis: ``None``, an int (vector norms) or a pair of ints (matrix norms).
        keepdims: If ``True``, reduced axes are kept with length 1.

    Returns:
        The norms.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.norm([3.0, 4.0])))
        5.0
        >>> print(ops.convert_to_numpy(ops.norm([[1.0, -2.0], [3.0, 0.0]], ord=1)))
        4.0
    """
    try:
        return (_active() or _process_backend()).norm(x, ord, axis, keepdims)
    except Exception as error:
        return _failed('norm', error, {'x': x, 'ord': ord, 'axis': axis, 'keepdims': keepdims})


def pinv(x: ArrayLike, rcond=None) -> Array:
    """Moore-Penrose pseudo-inverse.

    Args:
        x: Matrix ``(..., m, n)``.
        rcond: Relative cut-off for small singular values; ``None`` uses a default.

    Returns:
        Matrix ``(..., n, m)``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.pinv([[2.0, 0.0], [0.0, 0.0]])).round(4))
        [[0.5 0. ]
         [0.  0. ]]
    """
    try:
        return (_active() or _process_backend()).pinv(x, rcond)
    except Exception as error:
        return _failed('pinv', error, {'x': x, 'rcond': rcond})


def qr(x: ArrayLike, mode='reduced') -> Array:
    """QR decomposition.

    Args:
        x: Matrix ``(..., m, n)``.
        mode: ``"reduced"`` (``q`` is ``(m, k)``, ``k = min(m, n)``) or ``"complete"``
            (``q`` is ``(m, m)``).

    Returns:
        A tuple ``(q, r)``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> q, r = ops.qr([[3.0, 0.0], [4.0, 0.0], [0.0, 1.0]])
        >>> ops.shape(q), ops.shape(r)
        ((3, 2), (2, 2))
        >>> print(ops.convert_to_numpy(ops.abs(r)).round(4))
        [[5. 0.]
         [0. 1.]]
    """
    try:
        return (_active() or _process_backend()).qr(x, mode)
    except Exception as error:
        return _failed('qr', error, {'x': x, 'mode': mode})


def solve(a: ArrayLike, b: ArrayLike) -> Array:
    """Solve the linear system ``a @ x = b``.

    Args:
        a: Square matrix ``(..., n, n)``.
        b: Right-hand side ``(..., n)`` or ``(..., n, k)``.

    Returns:
        The solution ``x``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.solve([[2.0, 0.0], [0.0, 4.0]], [2.0, 2.0])).round(4))
        [1.  0.5]
    """
    try:
        return (_active() or _process_backend()).solve(a, b)
    except Exception as error:
        return _failed('solve', error, {'a': a, 'b': b})


def solve_triangular(a: ArrayLike, b: ArrayLike, lower=False) -> Array:
    """Solve ``a @ x = b`` for a triangular ``a``.

    Args:
        a: Triangular matrix ``(..., n, n)``.
        b: Right-hand side.
        lower: ``True`` if ``a`` is lower triangular, ``False`` if upper.

    Returns:
        The solution ``x``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.solve_triangular([[1.0, 0.0], [1.0, 1.0]], [1.0, 3.0], lower=True)).round(4))
        [1. 2.]
    """
    try:
        return (_active() or _process_backend()).solve_triangular(a, b, lower)
    except Exception as error:
        return _failed('solve_triangular', error, {'a': a, 'b': b, 'lower': lower})


def svd(x: ArrayLike, full_matrices=True, compute_uv=True) -> Array:
    """Singular value decomposition ``x = u @ diag(s) @ vh``.

    Args:
        x: Matrix ``(..., m, n)``.
        full_matrices: If ``True``, ``u`` and ``vh`` are square; else reduced to ``min(m,
            n)``.
        compute_uv: If ``False``, return only the singular values.

    Returns:
        ``(u, s, vh)``, or ``s`` when ``compute_uv`` is ``False``; ``s`` is descending.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.svd([[3.0, 0.0], [0.0, -4.0]], compute_uv=False)).round(4))
        [4. 3.]
    """
    try:
        return (_active() or _process_backend()).svd(x, full_matrices, compute_uv)
    except Exception as error:
        return _failed('svd', error, {'x': x, 'full_matrices': full_matrices, 'compute_uv': compute_uv})
