"""Records for ``multikeras.backend.value_and_grad`` and ``jit``."""

from __future__ import annotations

import numpy as np

import multikeras as mk
from backend_conformance.record import Raises
from backend_conformance.records._build import R, arr

ops = mk.ops
X, Y = arr((2, 3), seed=130), arr((2, 3), seed=131)
RECORDS = []
one = RECORDS.append

one(R("value_and_grad", "square", X, ref=lambda x: (np.sum(x * x), 2 * x), dtype="float32", requires="trainable",
      invoke=lambda fn, x: fn(lambda v: ops.sum(v * v))(x), tolerance={"float32": (1e-5, 1e-5)}))
one(R("value_and_grad", "argnums-tuple", X, Y, ref=lambda x, y: (np.sum(x * y), (y, x)), dtype="float32", requires="trainable",
      invoke=lambda fn, x, y: fn(lambda a, b: ops.sum(a * b), argnums=(0, 1))(x, y), tolerance={"float32": (1e-5, 1e-5)}))
one(R("value_and_grad", "argnum1", X, Y, ref=lambda x, y: (np.sum(np.sin(x) * y), np.sin(x)), dtype="float32", requires="trainable",
      invoke=lambda fn, x, y: fn(lambda a, b: ops.sum(ops.sin(a) * b), argnums=1)(x, y), tolerance={"float32": (1e-5, 1e-5)}))
one(R("value_and_grad", "has-aux", X, ref=lambda x: ((np.sum(np.exp(x)), np.max(x)), np.exp(x)), dtype="float32", requires="trainable",
      invoke=lambda fn, x: fn(lambda v: (ops.sum(ops.exp(v)), ops.max(v)), has_aux=True)(x), tolerance={"float32": (1e-5, 1e-5)}))
one(R("value_and_grad", "dict", {"w": X, "b": Y}, ref=lambda p: (np.sum(p["w"] * 3 + p["b"] ** 2), {"b": 2 * p["b"], "w": np.full_like(p["w"], 3)}),
      requires="trainable", invoke=lambda fn, p: fn(lambda q: ops.sum(q["w"] * 3.0 + q["b"] ** 2))(p),
      compare=lambda a, e: _tree_close(a, e)))
one(R("value_and_grad", "list", [X, Y], ref=lambda p: (np.sum(p[0] * p[1]), [p[1], p[0]]), requires="trainable",
      invoke=lambda fn, p: fn(lambda q: ops.sum(q[0] * q[1]))(p), compare=lambda a, e: _tree_close(a, e)))


def _pool_grad_ref(x, mode):
    """Value and gradient of sum(pool(x)) for 2x2 windows with stride 2 on (1, 4, 4, 1) NHWC input."""
    windows = x.reshape(1, 2, 2, 2, 2, 1).transpose(0, 1, 3, 2, 4, 5).reshape(1, 2, 2, 4, 1)
    if mode == "avg":
        return windows.mean(axis=3).sum(), np.full_like(x, 0.25)
    grad = (windows == windows.max(axis=3, keepdims=True)).astype(x.dtype)
    return windows.max(axis=3).sum(), grad.reshape(1, 2, 2, 2, 2, 1).transpose(0, 1, 3, 2, 4, 5).reshape(x.shape)


POOL_INPUT = np.random.default_rng(132).permutation(16).astype("float32").reshape(1, 4, 4, 1)  # distinct: one max per window
for _mode, _op in (("max", "max_pool"), ("avg", "average_pool")):
    # Pooling differentiated inside a compiled function, as a training step does.
    one(R("value_and_grad", f"jit-{_op}", POOL_INPUT, ref=lambda x, m=_mode: _pool_grad_ref(x, m), dtype="float32",
          requires="trainable", tolerance={"float32": (1e-5, 1e-5)},
          invoke=lambda fn, x, o=_op: mk.backend.jit(fn(lambda v: ops.sum(getattr(ops, o)(v, 2))))(x)))
def _tiled_max_pool_grad_ref(x, pool, channels_first, upstream):
    """Value and gradient of ``sum(max_pool(x, pool) * upstream)`` for windows that tile ``x`` (strides equal to
    the pool size, ``"valid"``): each window passes its gradient to its first maximum in row-major order."""
    x_last = np.moveaxis(x, 1, -1) if channels_first else x
    up_last = np.moveaxis(upstream, 1, -1) if channels_first else upstream
    grad, total = np.zeros_like(x_last), 0.0
    for index in np.ndindex(*up_last.shape):
        batch, out, channel = index[0], index[1:-1], index[-1]
        corner = [o * p for o, p in zip(out, pool)]
        window = x_last[(batch, *(slice(c, c + p) for c, p in zip(corner, pool)), channel)]
        first_max = np.unravel_index(np.argmax(window), window.shape)
        total += window.max() * up_last[index]
        grad[(batch, *(c + k for c, k in zip(corner, first_max)), channel)] += up_last[index]
    return total, (np.moveaxis(grad, -1, 1) if channels_first else grad)


def _tiled_max_pool_case(name, shape, pool, channels_first, compiled, seed):
    """Inputs drawn from {0, 1, 2}, so most windows hold tied maxima; a spatial size that is not a multiple of
    the pool size leaves a remainder no window covers (its gradient is zero)."""
    x = np.random.default_rng(seed).integers(0, 3, size=shape).astype("float32")
    spatial = shape[2:] if channels_first else shape[1:-1]
    out = tuple(s // p for s, p in zip(spatial, pool))
    out_shape = (shape[0], shape[1], *out) if channels_first else (shape[0], *out, shape[-1])
    upstream = np.random.default_rng(seed + 1).permutation(int(np.prod(out_shape))).astype("float32").reshape(out_shape)
    data_format = "channels_first" if channels_first else "channels_last"

    def invoke(fn, v):
        step = fn(lambda t: ops.sum(ops.max_pool(t, pool, data_format=data_format) * ops.convert_to_tensor(upstream)))
        return (mk.backend.jit(step) if compiled else step)(v)

    one(R("value_and_grad", name, x, ref=lambda v: _tiled_max_pool_grad_ref(v, pool, channels_first, upstream),
          dtype="float32", requires="trainable", tolerance={"float32": (1e-5, 1e-5)}, invoke=invoke))


# Tied maxima: the gradient goes to the first maximum of each window, on every backend.
_tiled_max_pool_case("jit-max_pool-ties", (2, 5, 7, 3), (2, 2), False, True, seed=133)
_tiled_max_pool_case("eager-max_pool-ties", (2, 5, 7, 3), (2, 2), False, False, seed=133)
_tiled_max_pool_case("jit-max_pool-ties-1d", (2, 10, 2), (3,), False, True, seed=135)
_tiled_max_pool_case("jit-max_pool-ties-3d-channels-first", (1, 2, 4, 5, 4), (2, 2, 2), True, True, seed=137)
one(R("jit", "elementwise", X, Y, ref=lambda x, y: x * y + 1, dtype="float32", invoke=lambda fn, x, y: fn(lambda a, b: a * b + 1.0)(x, y)))
one(R("jit", "static-argnums", X, 2, ref=lambda x, n: x**2, dtype="float32", tolerance={"float32": (1e-5, 1e-6)},
      invoke=lambda fn, x, n: fn(lambda a, k: ops.power(a, k) if k == 2 else a, static_argnums=(1,))(x, n)))
one(R("jit", "reduction-twice", X, ref=lambda x: (np.sum(x), np.sum(x)), dtype=("float32", "float32"), tolerance={"float32": (1e-5, 1e-6)},
      invoke=lambda fn, x: (lambda f: (f(x), f(x)))(fn(lambda a: ops.sum(a)))))


def _tree_close(actual, expected):
    if isinstance(expected, dict):
        assert isinstance(actual, dict) and sorted(actual) == sorted(expected), f"expected keys {sorted(expected)}, received {actual!r}"
        for key in expected:
            _tree_close(actual[key], expected[key])
    elif isinstance(expected, (list, tuple)):
        assert isinstance(actual, (list, tuple)) and len(actual) == len(expected), f"expected {len(expected)} items, received {actual!r}"
        for a, e in zip(actual, expected):
            _tree_close(a, e)
    else:
        np.testing.assert_allclose(np.asarray(actual, np.float64), expected, rtol=1e-5, atol=1e-5)


def _created_on(device_scope, x):
    """Tensors made inside ``device_scope("cpu:0")`` (created, converted, computed) hold the right values."""
    with device_scope("cpu:0"):
        return ops.ones((2,)) + ops.convert_to_tensor(x)


def _remat_value_and_grad(remat, x, y):
    """Value and gradient of a rematerialized function (its value alone where the backend cannot differentiate)."""
    def function(a, b):
        return ops.sum(ops.tanh(a * b) ** 2)

    if not mk.backend.capabilities().trainable:
        return remat(function)(x, y), None
    return mk.backend.value_and_grad(remat(function), argnums=(0, 1))(x, y)


def _remat_ref(x, y):
    t = np.tanh(x * y)
    return np.sum(t * t), (2 * t * (1 - t * t) * y, 2 * t * (1 - t * t) * x)


one(R("device_scope", "cpu", X[0],
      invoke=lambda fn, x: _created_on(fn, x[:2]), compare=lambda a, e: np.testing.assert_allclose(a, 1.0 + X[0][:2], rtol=1e-6)))
one(R("device_scope", "unknown-device", "warp_drive:7",
      raises=Raises(mk.backend.UnknownDeviceError, ("warp_drive:7", "Available devices", "cpu:0"))))
one(R("remat", "value-and-grad", X, Y, requires=None, invoke=_remat_value_and_grad,
      compare=lambda a, e: _remat_close(a, _remat_ref(X, Y))))


def _remat_close(actual, expected):
    value, grads = actual
    np.testing.assert_allclose(np.asarray(value), expected[0], rtol=1e-5)
    if grads is not None:
        for got, want in zip(grads, expected[1]):
            np.testing.assert_allclose(np.asarray(got), want, rtol=1e-5, atol=1e-6)
