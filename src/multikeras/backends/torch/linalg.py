"""Linear-algebra ops of the torch backend (``torch.linalg``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch

from multikeras.backends.torch.core import INDEX, Tensor, promote, to_float
from multikeras.backends.torch.numpy import _axes


def _matrix(x: Any) -> Tensor:
    x = to_float(x)
    if x.dtype in (torch.float16, torch.bfloat16):
        raise TypeError(f"linalg ops need float32 or float64 inputs on torch, received {x.dtype}")
    return x


def cholesky(x: Any, upper: bool = False) -> Tensor:
    return torch.linalg.cholesky(_matrix(x), upper=upper)


def cholesky_inverse(x: Any, upper: bool = False) -> Tensor:
    return torch.cholesky_inverse(_matrix(x), upper=upper)


def det(x: Any) -> Tensor:
    return torch.linalg.det(_matrix(x))


def inv(x: Any) -> Tensor:
    return torch.linalg.inv(_matrix(x))


def eig(x: Any) -> tuple[Tensor, Tensor]:
    values, vectors = torch.linalg.eig(_matrix(x))
    return values, vectors


def eigh(x: Any) -> tuple[Tensor, Tensor]:
    values, vectors = torch.linalg.eigh(_matrix(x))
    return values, vectors


def _two(a: Any, b: Any) -> tuple[Tensor, Tensor]:
    a, b = promote(a, b)
    return _matrix(a), _matrix(b)


def lstsq(a: Any, b: Any, rcond: float | None = None) -> Tensor:
    a, b = _two(a, b)
    vector = b.ndim == 1
    if vector:
        b = b[:, None]
    driver = "gelsd" if a.device.type == "cpu" else None
    solution = torch.linalg.lstsq(a, b, rcond=rcond, driver=driver).solution
    return solution[:, 0] if vector else solution


def lu_factor(x: Any) -> tuple[Tensor, Tensor]:
    lu, pivots = torch.linalg.lu_factor(_matrix(x))
    return lu, (pivots - 1).to(INDEX)  # LAPACK pivots are 1-based


def matrix_rank(x: Any, tol: float | None = None) -> Tensor:
    x = _matrix(x)
    if tol is None:
        return torch.linalg.matrix_rank(x).to(INDEX)
    return torch.linalg.matrix_rank(x, atol=float(tol), rtol=0.0).to(INDEX)


def norm(x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False) -> Tensor:
    x = to_float(x)
    dims = _axes(axis, x.ndim)
    if dims is None:
        if ord is None:
            return torch.linalg.vector_norm(x, dim=None, keepdim=keepdims)
        dims = tuple(range(x.ndim))
    if len(dims) == 1:
        return torch.linalg.vector_norm(x, ord=2 if ord is None else ord, dim=dims, keepdim=keepdims)
    if len(dims) == 2:
        return torch.linalg.matrix_norm(x, ord="fro" if ord is None else ord, dim=dims, keepdim=keepdims)
    raise ValueError(f"norm: expected axis of 1 or 2 dimensions, received {axis!r}")


def pinv(x: Any, rcond: float | None = None) -> Tensor:
    x = _matrix(x)
    if rcond is None:
        return torch.linalg.pinv(x)
    return torch.linalg.pinv(x, rtol=float(rcond))


def qr(x: Any, mode: str = "reduced") -> tuple[Tensor, Tensor]:
    if mode not in ("reduced", "complete"):
        raise ValueError(f"qr: expected mode 'reduced' or 'complete', received {mode!r}")
    q, r = torch.linalg.qr(_matrix(x), mode=mode)
    return q, r


def solve(a: Any, b: Any) -> Tensor:
    a, b = _two(a, b)
    return torch.linalg.solve(a, b)


def solve_triangular(a: Any, b: Any, lower: bool = False) -> Tensor:
    a, b = _two(a, b)
    vector = b.ndim == a.ndim - 1
    if vector:
        b = b.unsqueeze(-1)
    out = torch.linalg.solve_triangular(a, b, upper=not lower)
    return out.squeeze(-1) if vector else out


def svd(x: Any, full_matrices: bool = True, compute_uv: bool = True) -> Any:
    x = _matrix(x)
    if not compute_uv:
        return torch.linalg.svdvals(x)
    u, s, vh = torch.linalg.svd(x, full_matrices=full_matrices)
    return u, s, vh


def jvp(fun: Callable[..., Any], primals: Any, tangents: Any, has_aux: bool = False) -> Any:
    primals = tuple(primals)
    tangents = tuple(tangents)
    return torch.func.jvp(fun, primals, tangents, has_aux=has_aux)
