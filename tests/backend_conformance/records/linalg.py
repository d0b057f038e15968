"""Records for ``multikeras.ops.linalg``; sign-ambiguous factorizations compare by reconstruction."""

from __future__ import annotations

import numpy as np
import scipy.linalg

import multikeras as mk
from backend_conformance.records._build import R, arr, bad

A = arr((3, 3), seed=70) + 3 * np.eye(3, dtype="float32")
AB = arr((2, 3, 3), seed=71) + 3 * np.eye(3, dtype="float32")
SPD = (lambda m: (m @ m.T + 3 * np.eye(3)).astype("float32"))(arr((3, 3), seed=72))
RECT = arr((4, 3), seed=73)
RHS = arr((3, 2), seed=74)
LOWER = np.tril(A)
TOL = {"float32": (1e-4, 1e-5)}

RECORDS = []
one = RECORDS.append


def _close(actual, expected, rtol=1e-4, atol=1e-5) -> None:
    np.testing.assert_allclose(np.asarray(actual, np.float64), np.asarray(expected, np.float64), rtol=rtol, atol=atol)


def _check_qr(x, mode):
    def compare(actual, _expected):
        q, r = (np.asarray(a, np.float64) for a in actual)
        k = min(x.shape[-2:])
        want_q = x.shape[:-1] + ((k,) if mode == "reduced" else (x.shape[-2],))
        assert q.shape == want_q, f"Q shape {q.shape} != {want_q}"
        _close(q @ r, x)
        _close(np.swapaxes(q, -1, -2) @ q, np.broadcast_to(np.eye(q.shape[-1]), q.shape[:-2] + (q.shape[-1],) * 2))
        _close(np.tril(r, -1), np.zeros_like(r))
    return compare


def _check_svd(x, full_matrices=True):
    def compare(actual, _expected):
        u, s, vh = (np.asarray(a, np.float64) for a in actual)
        _close(s, np.linalg.svd(x.astype(np.float64), compute_uv=False))
        k = s.shape[-1]
        _close((u[..., :, :k] * s[..., None, :]) @ vh[..., :k, :], x)
        if full_matrices:
            assert u.shape[-1] == x.shape[-2] and vh.shape[-2] == x.shape[-1], f"shapes {u.shape}, {vh.shape}"
    return compare


def _check_eigh(x):
    def compare(actual, _expected):
        w, v = (np.asarray(a, np.float64) for a in actual)
        _close(w, np.linalg.eigvalsh(x.astype(np.float64)))
        _close(x @ v, v * w[..., None, :])
    return compare


def _check_eig(x):
    def compare(actual, _expected):
        w, v = (np.asarray(a) for a in actual)
        _close(np.sort_complex(w.astype(np.complex128)).real, np.sort_complex(np.linalg.eigvals(x.astype(np.float64))).real)
        np.testing.assert_allclose(x.astype(np.complex128) @ v, v * w[..., None, :], rtol=1e-4, atol=1e-4)
    return compare


one(R("cholesky", "lower", SPD, ref=lambda x: np.linalg.cholesky(x.astype(np.float64)), dtype="float32", tolerance=TOL, grad=False))
one(R("cholesky", "upper", SPD, kwargs={"upper": True}, ref=lambda x, upper: np.linalg.cholesky(x.astype(np.float64)).T, dtype="float32", tolerance=TOL))
one(R("cholesky", "batch-f64", np.stack([SPD, SPD * 2]).astype("float64"), ref=np.linalg.cholesky, dtype="float64"))
one(R("cholesky_inverse", "lower", np.linalg.cholesky(SPD).astype("float32"), ref=lambda l: np.linalg.inv(l.astype(np.float64) @ l.T), dtype="float32", tolerance=TOL))
one(R("cholesky_inverse", "upper", np.linalg.cholesky(SPD).T.copy().astype("float32"), kwargs={"upper": True},
      ref=lambda u, upper: np.linalg.inv(u.T.astype(np.float64) @ u), dtype="float32", tolerance=TOL))
one(R("det", "2d", A, ref=lambda x: np.linalg.det(x.astype(np.float64)), dtype="float32", tolerance=TOL, grad=True))
one(R("det", "batch", AB, ref=lambda x: np.linalg.det(x.astype(np.float64)), dtype="float32", tolerance=TOL))
one(R("det", "singular", np.ones((2, 2), "float32"), ref=lambda x: np.float64(0.0), dtype="float32", tolerance={"float32": (0, 1e-6)}))
one(bad("det", "not-square", RECT, match=()))
one(R("inv", "2d", A, ref=lambda x: np.linalg.inv(x.astype(np.float64)), dtype="float32", tolerance=TOL, grad=True))
one(R("inv", "batch-f64", AB.astype("float64"), ref=np.linalg.inv, dtype="float64", tolerance={"float64": (1e-8, 1e-10)}))
one(R("solve", "matrix", A, RHS, ref=lambda a, b: np.linalg.solve(a.astype(np.float64), b), dtype="float32", tolerance=TOL, grad=True))
one(R("solve", "batch", AB, arr((2, 3, 1), seed=75), ref=lambda a, b: np.linalg.solve(a.astype(np.float64), b), dtype="float32", tolerance=TOL))
one(R("solve_triangular", "upper", np.triu(A), RHS, ref=lambda a, b: scipy.linalg.solve_triangular(a, b, lower=False), dtype="float32", tolerance=TOL))
one(R("solve_triangular", "lower", LOWER, RHS, kwargs={"lower": True}, ref=lambda a, b, lower: scipy.linalg.solve_triangular(a, b, lower=True), dtype="float32", tolerance=TOL))
one(R("lstsq", "overdetermined", RECT, arr((4, 2), seed=76), ref=lambda a, b: np.linalg.lstsq(a.astype(np.float64), b, rcond=None)[0], dtype="float32", tolerance=TOL))
one(R("lstsq", "vector", RECT, arr(4, seed=77), ref=lambda a, b: np.linalg.lstsq(a.astype(np.float64), b, rcond=None)[0], dtype="float32", tolerance=TOL))
one(R("lu_factor", "2d", A, ref=lambda x: tuple(scipy.linalg.lu_factor(x.astype(np.float64))), dtype=("float32", "int32"), tolerance=TOL))
one(R("matrix_rank", "full", A, ref=lambda x: np.int32(np.linalg.matrix_rank(x)), dtype="int32"))
one(R("matrix_rank", "deficient", np.outer(np.arange(1, 4), np.arange(1, 5)).astype("float32"), ref=lambda x: np.int32(1), dtype="int32"))
one(R("matrix_rank", "tol", np.diag([1.0, 1e-3, 0.0]).astype("float32"), kwargs={"tol": 1e-2}, ref=lambda x, tol: np.int32(1), dtype="int32"))
for _variant, _kwargs in (("default", {}), ("fro", {"ord": "fro"}), ("nuc", {"ord": "nuc"}), ("ord2-matrix", {"ord": 2}),
                          ("ord1-matrix", {"ord": 1}), ("inf-matrix", {"ord": np.inf}), ("neg1-matrix", {"ord": -1})):
    one(R("norm", _variant, RECT, kwargs=_kwargs, ref=lambda x, **k: np.linalg.norm(x.astype(np.float64), **k), dtype="float32", tolerance=TOL))
for _variant, _kwargs in (("vector-axis", {"axis": 1}), ("vector-ord1", {"ord": 1, "axis": 0}), ("vector-inf", {"ord": np.inf, "axis": -1}),
                          ("vector-ord3-keepdims", {"ord": 3, "axis": 1, "keepdims": True}), ("vector-ord0", {"ord": 0, "axis": 1}),
                          ("matrix-axes", {"axis": (0, 1), "keepdims": True})):
    one(R("norm", _variant, RECT, kwargs=_kwargs, ref=lambda x, **k: np.linalg.norm(x.astype(np.float64), **k), dtype="float32", tolerance=TOL))
one(R("norm", "vector-default", arr(5, seed=78), ref=lambda x: np.linalg.norm(x.astype(np.float64)), dtype="float32", tolerance=TOL, grad=True))
one(R("norm", "int", np.array([3, 4], "int32"), ref=lambda x: np.float64(5.0), dtype="float32"))
one(R("norm", "3d-flat", arr((2, 2, 2), seed=79), ref=lambda x: np.linalg.norm(x.ravel().astype(np.float64)), dtype="float32", tolerance=TOL))
one(R("pinv", "rect", RECT, ref=lambda x: np.linalg.pinv(x.astype(np.float64)), dtype="float32", tolerance=TOL))
one(R("pinv", "rcond", np.diag([1.0, 1e-8, 2.0]).astype("float32"), kwargs={"rcond": 1e-4}, ref=lambda x, rcond: np.linalg.pinv(x.astype(np.float64), rcond=rcond), dtype="float32", tolerance=TOL))
one(R("qr", "reduced", RECT, dtype=("float32", "float32"), compare=_check_qr(RECT, "reduced")))
one(R("qr", "complete", RECT, kwargs={"mode": "complete"}, dtype=("float32", "float32"), compare=_check_qr(RECT, "complete")))
one(R("qr", "wide-batch", arr((2, 2, 3), seed=80), dtype=("float32", "float32"), compare=_check_qr(arr((2, 2, 3), seed=80), "reduced")))
one(R("svd", "full", RECT, dtype=("float32", "float32", "float32"), compare=_check_svd(RECT)))
one(R("svd", "reduced", RECT, kwargs={"full_matrices": False}, dtype=("float32", "float32", "float32"), compare=_check_svd(RECT, False)))
one(R("svd", "values", RECT, kwargs={"compute_uv": False}, ref=lambda x, compute_uv: np.linalg.svd(x.astype(np.float64), compute_uv=False), dtype="float32", tolerance=TOL))
one(R("eigh", "spd", SPD, dtype=("float32", "float32"), compare=_check_eigh(SPD)))
one(R("eigh", "batch", np.stack([SPD, SPD.T * 0.5]), dtype=("float32", "float32"), compare=_check_eigh(np.stack([SPD, SPD.T * 0.5]))))
one(R("eig", "real-spectrum", SPD, compare=_check_eig(SPD)))
one(R("eig", "general", A, compare=_check_eig(A)))
one(R("jvp", "sin", lambda x: mk.ops.sin(x), (arr(3, seed=81),), (np.ones(3, "float32"),),
      ref=lambda f, p, t: (np.sin(p[0]), np.cos(p[0]) * t[0]), dtype="float32", tolerance=TOL, requires="trainable"))
one(R("jvp", "has-aux", lambda x: (mk.ops.square(x), mk.ops.sum(x)), (arr(3, seed=81),), (np.full(3, 2.0, "float32"),), kwargs={"has_aux": True},
      ref=lambda f, p, t, has_aux: (p[0] ** 2, 4.0 * p[0], np.sum(p[0])), dtype="float32", tolerance=TOL, requires="trainable"))
one(bad("solve", "shapes", A, arr((4, 2), seed=82), match=()))


def _max_pool_jvp_ref(f, primals, tangents):
    """2x2 max pooling (strides 2, "valid") of a ``(1, 4, 5, 2)`` input and its directional derivative: each
    window passes on the tangent at its first maximum in row-major order (the fifth column is not covered)."""
    x, t = primals[0], tangents[0]
    windows = x[:, :, :4].reshape(1, 2, 2, 2, 2, 2).transpose(0, 1, 3, 5, 2, 4).reshape(1, 2, 2, 2, 4)
    tangent_windows = t[:, :, :4].reshape(1, 2, 2, 2, 2, 2).transpose(0, 1, 3, 5, 2, 4).reshape(1, 2, 2, 2, 4)
    first = np.argmax(windows, axis=-1)[..., None]
    return windows.max(axis=-1), np.take_along_axis(tangent_windows, first, axis=-1)[..., 0]


# Tied maxima (inputs drawn from {0, 1, 2}): forward mode picks each window's first maximum, on every backend.
one(R("jvp", "max_pool-ties", lambda x: mk.ops.max_pool(x, 2), (np.random.default_rng(83).integers(0, 3, (1, 4, 5, 2)).astype("float32"),),
      (arr((1, 4, 5, 2), seed=84),), ref=_max_pool_jvp_ref, dtype="float32", tolerance=TOL, requires="trainable"))
one(bad("inv", "not-square", RECT, match=()))
one(R("det", "1x1", np.array([[2.5]], "float32"), ref=lambda x: np.float64(2.5), dtype="float32"))
one(R("norm", "fro-keepdims", RECT, kwargs={"ord": "fro", "axis": (0, 1), "keepdims": True}, ref=lambda x, **k: np.linalg.norm(x.astype(np.float64), **k), dtype="float32", tolerance=TOL))
