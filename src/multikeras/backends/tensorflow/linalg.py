"""Linear-algebra ops of the TensorFlow backend (``tf.linalg``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import optree
import tensorflow as tf

from multikeras.backend import dtypes
from multikeras.backends.tensorflow.core import convert_to_tensor, scalar, to_float, to_tf_dtype

_HALF = (tf.float16, tf.bfloat16)


def _matrix(x: Any) -> tuple[tf.Tensor, tf.DType]:
    """Float input computed in float32 at least (LAPACK kernels have no half types)."""
    x = to_float(x)
    if x.dtype in _HALF:
        return tf.cast(x, tf.float32), x.dtype
    return x, x.dtype


def _max_dim(x: tf.Tensor, dtype: tf.DType) -> Any:
    """max(rows, cols) as a Python int when static, else as a tensor."""
    rows, cols = x.shape[-2], x.shape[-1]
    if rows is not None and cols is not None:
        return max(rows, cols)
    shape = tf.shape(x)
    return tf.cast(tf.maximum(shape[-2], shape[-1]), dtype)


def _check_square(x: tf.Tensor, name: str) -> None:
    if x.shape.rank is not None and x.shape.rank < 2:
        raise ValueError(f"{name}: expected a matrix (rank >= 2), received rank {x.shape.rank}")
    rows, cols = x.shape[-2], x.shape[-1]
    if rows is not None and cols is not None and rows != cols:
        raise ValueError(f"{name}: expected square matrices, received shape {tuple(x.shape)}")


def cholesky(x: Any, upper: bool = False) -> tf.Tensor:
    x, target = _matrix(x)
    _check_square(x, "cholesky")
    out = tf.linalg.cholesky(x)
    if upper:
        out = tf.linalg.adjoint(out)
    return tf.cast(out, target)


def cholesky_inverse(x: Any, upper: bool = False) -> tf.Tensor:
    x, target = _matrix(x)
    _check_square(x, "cholesky_inverse")
    lower = tf.linalg.adjoint(x) if upper else x
    eye = tf.eye(tf.shape(x)[-1], batch_shape=tf.shape(x)[:-2], dtype=x.dtype)
    return tf.cast(tf.linalg.cholesky_solve(lower, eye), target)


def det(x: Any) -> tf.Tensor:
    x, target = _matrix(x)
    _check_square(x, "det")
    return tf.cast(tf.linalg.det(x), target)


def eig(x: Any) -> tuple[tf.Tensor, tf.Tensor]:
    x, _ = _matrix(x)
    _check_square(x, "eig")
    return tf.linalg.eig(x)


def eigh(x: Any) -> tuple[tf.Tensor, tf.Tensor]:
    x, target = _matrix(x)
    _check_square(x, "eigh")
    values, vectors = tf.linalg.eigh(x)
    return tf.cast(values, target if not target.is_complex else target.real_dtype), tf.cast(vectors, target)


def inv(x: Any) -> tf.Tensor:
    x, target = _matrix(x)
    _check_square(x, "inv")
    return tf.cast(tf.linalg.inv(x), target)


def jvp(fun: Callable[..., Any], primals: Any, tangents: Any, has_aux: bool = False) -> Any:
    primal_leaves, treedef = optree.tree_flatten(primals)
    tangent_leaves = optree.tree_leaves(tangents)
    primal_leaves = [convert_to_tensor(p) for p in primal_leaves]
    tangent_leaves = [tf.cast(convert_to_tensor(t), p.dtype) for t, p in zip(tangent_leaves, primal_leaves)]
    with tf.autodiff.ForwardAccumulator(primal_leaves, tangent_leaves) as accumulator:
        result = fun(*optree.tree_unflatten(treedef, primal_leaves))
    if has_aux:
        out, aux = result
    else:
        out, aux = result, None
    tangents_out = optree.tree_map(
        lambda o: _zero_if_none(accumulator.jvp(o), o), out
    )
    if has_aux:
        return out, tangents_out, aux
    return out, tangents_out


def _zero_if_none(value: Any, like: Any) -> tf.Tensor:
    return tf.zeros_like(like) if value is None else value


def lstsq(a: Any, b: Any, rcond: Any = None) -> tf.Tensor:
    target = to_tf_dtype(dtypes.float_result(a, b))
    work = tf.float32 if target in _HALF else target
    a = tf.cast(convert_to_tensor(a), work)
    b = tf.cast(convert_to_tensor(b), work)
    vector = b.shape.rank == 1
    if vector:
        b = b[:, None]
    s, u, v = tf.linalg.svd(a, full_matrices=False)
    if rcond is None:
        rcond = np.finfo(work.as_numpy_dtype).eps * _max_dim(a, work)
    cutoff = scalar(rcond, work) * tf.reduce_max(s, axis=-1, keepdims=True)
    safe = tf.where(s > cutoff, s, tf.ones_like(s))
    inverse_s = tf.where(s > cutoff, 1 / safe, tf.zeros_like(s))
    x = tf.matmul(v, inverse_s[..., :, None] * tf.matmul(u, b, adjoint_a=True))
    if vector:
        x = x[:, 0]
    return tf.cast(x, target)


def lu_factor(x: Any) -> tuple[tf.Tensor, tf.Tensor]:
    """LU with SciPy's pivot convention (row ``i`` was swapped with row ``pivots[i]``)."""
    x, target = _matrix(x)
    _check_square(x, "lu_factor")
    lu, permutation = tf.linalg.lu(x)
    n = x.shape[-1]
    # Turn the permutation into successive row swaps.
    current = tf.broadcast_to(tf.range(n), tf.shape(permutation))
    pivots = []
    for i in range(n):
        wanted = permutation[..., i : i + 1]
        position = tf.argmax(tf.cast(tf.equal(current, wanted), tf.int32), axis=-1, output_type=tf.int32)
        pivots.append(position)
        row_i = current[..., i : i + 1]
        swap_to = tf.one_hot(position, n, on_value=True, off_value=False)
        at_i = tf.one_hot(i, n, on_value=True, off_value=False)
        current = tf.where(at_i, wanted, tf.where(swap_to, row_i, current))
    return tf.cast(lu, target), tf.stack(pivots, axis=-1)


def matrix_rank(x: Any, tol: Any = None) -> tf.Tensor:
    x, _ = _matrix(x)
    s = tf.linalg.svd(x, compute_uv=False)
    if tol is None:
        eps = np.finfo(x.dtype.real_dtype.as_numpy_dtype).eps
        tol_t = tf.reduce_max(s, axis=-1, keepdims=True) * tf.cast(_max_dim(x, s.dtype) * eps, s.dtype)
    else:
        tol_t = scalar(tol, s.dtype)
        if tol_t.shape.rank:
            tol_t = tol_t[..., None]
    return tf.reduce_sum(tf.cast(s > tol_t, tf.int32), axis=-1)


def norm(x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False) -> tf.Tensor:
    x = to_float(x)
    target = x.dtype.real_dtype if x.dtype.is_complex else x.dtype
    work = tf.float32 if x.dtype in _HALF else x.dtype
    x = tf.cast(x, work)
    rank = x.shape.rank
    if axis is None:
        axes = list(range(rank))
        if ord is not None and rank > 2:
            raise ValueError(f"norm: improper number of dimensions to norm, received rank {rank} with ord={ord!r}")
        if ord is None:
            out = tf.sqrt(tf.reduce_sum(tf.square(tf.abs(x))))
            if keepdims:
                out = tf.reshape(out, [1] * rank)
            return tf.cast(out, target)
    else:
        axes = [axis] if isinstance(axis, int) else list(axis)
    axes = [a % rank for a in axes]
    magnitude = tf.abs(x)
    if len(axes) == 1:
        a = axes[0]
        if ord is None or ord == 2:
            out = tf.sqrt(tf.reduce_sum(tf.square(magnitude), axis=a, keepdims=keepdims))
        elif ord == np.inf or ord == "inf":
            out = tf.reduce_max(magnitude, axis=a, keepdims=keepdims)
        elif ord == -np.inf:
            out = tf.reduce_min(magnitude, axis=a, keepdims=keepdims)
        elif ord == 0:
            out = tf.reduce_sum(tf.cast(tf.not_equal(magnitude, 0), magnitude.dtype), axis=a, keepdims=keepdims)
        elif isinstance(ord, str):
            raise ValueError(f"norm: invalid ord {ord!r} for vectors")
        else:
            p = scalar(ord, magnitude.dtype)
            out = tf.pow(tf.reduce_sum(tf.pow(magnitude, p), axis=a, keepdims=keepdims), 1 / p)
        return tf.cast(out, target)
    if len(axes) != 2:
        raise ValueError(f"norm: expected 1 or 2 axes, received {axis!r}")
    row, col = axes
    if ord is None or ord == "fro":
        out = tf.sqrt(tf.reduce_sum(tf.square(magnitude), axis=axes, keepdims=keepdims))
    elif ord in (1, -1):
        sums = tf.reduce_sum(magnitude, axis=row, keepdims=True)
        out = (tf.reduce_max if ord == 1 else tf.reduce_min)(sums, axis=col, keepdims=True)
        out = out if keepdims else tf.squeeze(out, [row, col])
    elif ord in (np.inf, -np.inf):
        sums = tf.reduce_sum(magnitude, axis=col, keepdims=True)
        out = (tf.reduce_max if ord == np.inf else tf.reduce_min)(sums, axis=row, keepdims=True)
        out = out if keepdims else tf.squeeze(out, [row, col])
    elif ord in (2, -2, "nuc"):
        rest = [i for i in range(rank) if i not in axes]
        moved = tf.transpose(x, rest + [row, col])
        s = tf.linalg.svd(moved, compute_uv=False)
        if ord == 2:
            out = tf.reduce_max(s, axis=-1)
        elif ord == -2:
            out = tf.reduce_min(s, axis=-1)
        else:
            out = tf.reduce_sum(s, axis=-1)
        if keepdims:
            for a in sorted(axes):
                out = tf.expand_dims(out, a)
    else:
        raise ValueError(f"norm: invalid ord {ord!r} for matrices")
    return tf.cast(out, target)


def pinv(x: Any, rcond: Any = None) -> tf.Tensor:
    x, target = _matrix(x)
    s, u, v = tf.linalg.svd(x, full_matrices=False)
    if rcond is None:
        rcond = np.finfo(x.dtype.real_dtype.as_numpy_dtype).eps * _max_dim(x, x.dtype.real_dtype)
    cutoff = scalar(rcond, s.dtype) * tf.reduce_max(s, axis=-1, keepdims=True)
    safe = tf.where(s > cutoff, s, tf.ones_like(s))
    inverse_s = tf.where(s > cutoff, 1 / safe, tf.zeros_like(s))
    out = tf.matmul(v * tf.cast(inverse_s[..., None, :], v.dtype), u, adjoint_b=True)
    return tf.cast(out, target)


def qr(x: Any, mode: str = "reduced") -> tuple[tf.Tensor, tf.Tensor]:
    if mode not in ("reduced", "complete"):
        raise ValueError(f"qr: `mode` expected 'reduced' or 'complete', received {mode!r}")
    x, target = _matrix(x)
    q, r = tf.linalg.qr(x, full_matrices=mode == "complete")
    return tf.cast(q, target), tf.cast(r, target)


def solve(a: Any, b: Any) -> tf.Tensor:
    target = to_tf_dtype(dtypes.float_result(a, b))
    work = tf.float32 if target in _HALF else target
    a = tf.cast(convert_to_tensor(a), work)
    b = tf.cast(convert_to_tensor(b), work)
    _check_square(a, "solve")
    vector = b.shape.rank == a.shape.rank - 1
    if vector:
        b = b[..., None]
    out = tf.linalg.solve(a, b)
    return tf.cast(out[..., 0] if vector else out, target)


def solve_triangular(a: Any, b: Any, lower: bool = False) -> tf.Tensor:
    target = to_tf_dtype(dtypes.float_result(a, b))
    work = tf.float32 if target in _HALF else target
    a = tf.cast(convert_to_tensor(a), work)
    b = tf.cast(convert_to_tensor(b), work)
    vector = b.shape.rank == a.shape.rank - 1
    if vector:
        b = b[..., None]
    out = tf.linalg.triangular_solve(a, b, lower=lower)
    return tf.cast(out[..., 0] if vector else out, target)


def svd(x: Any, full_matrices: bool = True, compute_uv: bool = True) -> Any:
    x, target = _matrix(x)
    real = target.real_dtype if target.is_complex else target
    if not compute_uv:
        return tf.cast(tf.linalg.svd(x, compute_uv=False), real)
    s, u, v = tf.linalg.svd(x, full_matrices=full_matrices)
    return tf.cast(u, target), tf.cast(s, real), tf.cast(tf.linalg.adjoint(v), target)
