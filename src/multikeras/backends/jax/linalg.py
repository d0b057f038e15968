"""Linear algebra ops of the JAX backend (``jax.numpy.linalg`` / ``jax.scipy.linalg``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jax
import jax.numpy as jnp
import jax.scipy.linalg as jsl

from multikeras.backend import dtypes
from multikeras.backends.jax.core import Array, convert_to_tensor, to_jax_dtype
from multikeras.backends.jax.numpy import _float_input


def _square(x: Any, name: str) -> Array:
    x = _float_input(x)
    if x.ndim < 2 or x.shape[-1] != x.shape[-2]:
        raise ValueError(f"{name}: expected square matrices (..., n, n), received shape {x.shape}")
    return x


def cholesky(x: Any, upper: bool = False) -> Array:
    factor = jnp.linalg.cholesky(_square(x, "cholesky"))
    return jnp.conj(jnp.swapaxes(factor, -1, -2)) if upper else factor


def cholesky_inverse(x: Any, upper: bool = False) -> Array:
    factor = _square(x, "cholesky_inverse")
    lower = jnp.conj(jnp.swapaxes(factor, -1, -2)) if upper else factor
    identity = jnp.broadcast_to(jnp.eye(lower.shape[-1], dtype=lower.dtype), lower.shape)
    inverse_lower = jsl.solve_triangular(lower, identity, lower=True)
    return jnp.matmul(jnp.conj(jnp.swapaxes(inverse_lower, -1, -2)), inverse_lower)


def det(x: Any) -> Array:
    return jnp.linalg.det(_square(x, "det"))


def eig(x: Any) -> tuple[Array, Array]:
    return tuple(jnp.linalg.eig(_square(x, "eig")))


def eigh(x: Any) -> tuple[Array, Array]:
    return tuple(jnp.linalg.eigh(_square(x, "eigh")))


def inv(x: Any) -> Array:
    return jnp.linalg.inv(_square(x, "inv"))


def jvp(fun: Callable[..., Any], primals: Any, tangents: Any, has_aux: bool = False) -> Any:
    return jax.jvp(fun, tuple(primals), tuple(tangents), has_aux=has_aux)


def lstsq(a: Any, b: Any, rcond: Any = None) -> Array:
    dtype = to_jax_dtype(dtypes.float_result(a, b))
    return jnp.linalg.lstsq(convert_to_tensor(a, dtype), convert_to_tensor(b, dtype), rcond=rcond)[0]


def lu_factor(x: Any) -> tuple[Array, Array]:
    lu, pivots = jsl.lu_factor(_float_input(x))
    return lu, pivots.astype(jnp.int32)


def matrix_rank(x: Any, tol: Any = None) -> Array:
    x = _float_input(x)
    if tol is None:
        return jnp.linalg.matrix_rank(x).astype(jnp.int32)
    singular = jnp.linalg.svd(x, compute_uv=False)
    return jnp.sum(singular > tol, axis=-1).astype(jnp.int32)


def norm(x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False) -> Array:
    x = _float_input(x)
    if isinstance(axis, list):
        axis = tuple(axis)
    if isinstance(axis, int):
        if not -x.ndim <= axis < x.ndim:
            raise ValueError(f"norm: axis {axis} is out of bounds for an array of rank {x.ndim}")
    return jnp.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)


def pinv(x: Any, rcond: Any = None) -> Array:
    x = _float_input(x)
    if rcond is None:
        return jnp.linalg.pinv(x)
    return jnp.linalg.pinv(x, rtol=rcond)


def qr(x: Any, mode: str = "reduced") -> tuple[Array, Array]:
    if mode not in ("reduced", "complete"):
        raise ValueError(f"qr: `mode` expected 'reduced' or 'complete', received {mode!r}")
    return tuple(jnp.linalg.qr(_float_input(x), mode=mode))


def solve(a: Any, b: Any) -> Array:
    dtype = to_jax_dtype(dtypes.float_result(a, b))
    return jnp.linalg.solve(convert_to_tensor(a, dtype), convert_to_tensor(b, dtype))


def solve_triangular(a: Any, b: Any, lower: bool = False) -> Array:
    dtype = to_jax_dtype(dtypes.float_result(a, b))
    return jsl.solve_triangular(convert_to_tensor(a, dtype), convert_to_tensor(b, dtype), lower=lower)


def svd(x: Any, full_matrices: bool = True, compute_uv: bool = True) -> Any:
    result = jnp.linalg.svd(_float_input(x), full_matrices=full_matrices, compute_uv=compute_uv)
    return tuple(result) if compute_uv else result
