"""Fused optimizer kernels (``backend.fused``) give exactly the generic per-variable result."""

from __future__ import annotations

import contextlib

import numpy as np

import multikeras as mk
from multikeras import ops
from multikeras.backend.selection import current

rng = np.random.default_rng(3)
INITIAL = [rng.normal(size=shape).astype("float32") for shape in [(3, 4), (4,), (2, 2, 2)]]
GRADS = [[rng.normal(size=value.shape).astype("float32") for value in INITIAL] for _ in range(4)]


@contextlib.contextmanager
def fused_kernels(kernels):
    backend = current()
    saved = dict(backend.fused)
    backend.fused.clear()
    backend.fused.update(kernels)
    try:
        yield
    finally:
        backend.fused.clear()
        backend.fused.update(saved)


def adam_states(**adam_kwargs):
    variables = [mk.Variable(value) for value in INITIAL]
    optimizer = mk.optimizers.Adam(learning_rate=mk.optimizers.schedules.ExponentialDecay(0.01, 2, 0.5), **adam_kwargs)
    for grads in GRADS:
        optimizer.apply([ops.convert_to_tensor(g) for g in grads], variables)
    return [v.numpy() for v in variables] + [v.numpy() for v in optimizer.variables]


def reference_adam_update(variables, grads, momentums, velocities, alpha, beta_1, beta_2, epsilon):
    """The kernel's documented math with public ops, one variable at a time."""
    new_m = [m + (g - m) * (1.0 - beta_1) for g, m in zip(grads, momentums)]
    new_v = [v + (g * g - v) * (1.0 - beta_2) for g, v in zip(grads, velocities)]
    new_variables = [x - m * alpha / (ops.sqrt(v) + epsilon) for x, m, v in zip(variables, new_m, new_v)]
    return new_variables, new_m, new_v


def test_backend_adam_kernel_equals_the_generic_update(backend_name):
    """The backend's own kernel where it has one (torch), else the reference kernel: the dispatch is tested everywhere."""
    with mk.backend.use(backend_name):
        kernel = current().fused.get("adam_update") or reference_adam_update
        calls = []

        def counted(*args):
            calls.append(args)
            return kernel(*args)

        with fused_kernels({}):
            generic = adam_states()
        with fused_kernels({"adam_update": counted}):
            fused = adam_states()
            assert len(calls) == len(GRADS) and all(len(args[0]) == len(INITIAL) for args in calls)  # one call a step
            with_amsgrad = adam_states(amsgrad=True)
            assert len(calls) == len(GRADS)  # amsgrad keeps the generic path
    assert len(generic) == len(fused) == 3 + 1 + 6  # variables, iterations, m and v slots
    for expected, actual in zip(generic, fused):
        np.testing.assert_array_equal(actual, expected)
    assert not all(np.array_equal(a, b) for a, b in zip(with_amsgrad, fused))


def test_torch_registers_its_adam_kernel():
    with mk.backend.use("torch"):
        assert "adam_update" in current().fused
