"""Every optimizer, on every backend: a few steps with fixed gradients against a NumPy reference of its rule."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import optimizers
from optimizers.references import ReferenceOptimizer

RNG = np.random.default_rng(7)
WEIGHTS = [RNG.normal(size=(2, 3)).astype("float32"), RNG.normal(size=(3,)).astype("float32")]
GRADS = [[RNG.normal(size=w.shape).astype("float32") for w in WEIGHTS] for _ in range(3)]

CASES = [
    ("SGD", {"learning_rate": 0.1}),
    ("SGD", {"learning_rate": 0.1, "momentum": 0.9}),
    ("SGD", {"learning_rate": 0.1, "momentum": 0.8, "nesterov": True}),
    ("Adam", {"learning_rate": 0.1}),
    ("Adam", {"learning_rate": 0.1, "beta_1": 0.8, "beta_2": 0.9, "amsgrad": True}),
    ("AdamW", {"learning_rate": 0.1, "weight_decay": 0.1}),
    ("Adamax", {"learning_rate": 0.1}),
    ("Nadam", {"learning_rate": 0.1}),
    ("RMSprop", {"learning_rate": 0.1}),
    ("RMSprop", {"learning_rate": 0.1, "rho": 0.8, "momentum": 0.5, "centered": True}),
    ("Adagrad", {"learning_rate": 0.1}),
    ("Adadelta", {"learning_rate": 1.0, "rho": 0.9}),
    ("Adafactor", {"learning_rate": 0.1}),
    ("Lion", {"learning_rate": 0.1}),
    ("Ftrl", {"learning_rate": 0.1}),
    ("Ftrl", {"learning_rate": 0.1, "learning_rate_power": -0.3, "l1_regularization_strength": 0.05,
              "l2_regularization_strength": 0.1, "l2_shrinkage_regularization_strength": 0.1, "beta": 0.5}),
    ("Lamb", {"learning_rate": 0.1}),
]


def run_steps(backend_name, class_name, kwargs, grads=GRADS, weights=WEIGHTS, setup=None):
    """Apply ``grads`` step by step; returns the weights after each step (NumPy) and the optimizer."""
    with mk.backend.use(backend_name):
        variables = [mk.Variable(w, name=name) for w, name in zip(weights, ["kernel", "bias"])]
        optimizer = getattr(optimizers, class_name)(**kwargs)
        if setup is not None:
            setup(optimizer, variables)
        history = []
        for step_grads in grads:
            optimizer.apply([mk.ops.convert_to_tensor(g) for g in step_grads], variables)
            history.append([v.numpy() for v in variables])
    return history, optimizer


def assert_matches_reference(history, reference, grads=GRADS, atol=2e-5):
    for step, step_grads in enumerate(grads):
        expected = reference.apply(step_grads)
        for got, want in zip(history[step], expected):
            assert got.dtype == np.float32
            np.testing.assert_allclose(got, want, rtol=1e-4, atol=atol, err_msg=f"step {step}")


@pytest.mark.parametrize("class_name, kwargs", CASES, ids=[f"{c}-{i}" for i, (c, _) in enumerate(CASES)])
def test_update_rule_matches_numpy_reference(backend_name, class_name, kwargs):
    history, optimizer = run_steps(backend_name, class_name, kwargs)
    assert_matches_reference(history, ReferenceOptimizer(class_name, WEIGHTS, **kwargs))
    assert int(optimizer.iterations) == len(GRADS)


def test_adafactor_factored_moments_on_a_rank_3_variable(backend_name):
    weights = [RNG.normal(size=(2, 2, 3)).astype("float32")]
    grads = [[RNG.normal(size=(2, 2, 3)).astype("float32")] for _ in range(2)]
    history, optimizer = run_steps(backend_name, "Adafactor", {"learning_rate": 0.5}, grads=grads, weights=weights)
    assert_matches_reference(history, ReferenceOptimizer("Adafactor", weights, learning_rate=0.5), grads=grads)
    # Row and column averages, then the full velocity, as Keras 3 lays them out.
    assert [tuple(v.shape) for v in optimizer.variables[2:]] == [(2, 2), (2, 3), (2, 2, 3)]


def test_float16_variable_keeps_its_dtype():
    with mk.backend.use("numpy"):
        w = mk.Variable(np.ones(3, "float16"))
        optimizer = optimizers.Adam(learning_rate=0.1)
        optimizer.apply([np.full(3, 0.5, "float32")], [w])
        assert w.numpy().dtype == np.float16
        np.testing.assert_allclose(w.numpy(), 0.9, atol=3e-3)
        assert all(v.dtype == "float16" for v in optimizer.variables[2:])
