"""Fixed weights and a fixed batch give the same loss and the same updated weights on every trainable backend.

One process, switching backends with ``multikeras.backend.use``: the trainer,
the optimizer and the loss are one shared implementation, so any difference
is a backend disagreement.
"""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers

OPTIMIZERS = {
    "SGD": {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True},
    "Adam": {"learning_rate": 0.01, "amsgrad": True},
    "AdamW": {"learning_rate": 0.01, "weight_decay": 0.01},
    "Adamax": {"learning_rate": 0.01},
    "Nadam": {"learning_rate": 0.01},
    "RMSprop": {"learning_rate": 0.01, "momentum": 0.5, "centered": True},
    "Adagrad": {"learning_rate": 0.05},
    "Adadelta": {"learning_rate": 1.0},
    "Adafactor": {"learning_rate": 0.05},
    "Lion": {"learning_rate": 0.01},
    "Ftrl": {"learning_rate": 0.05, "l1_regularization_strength": 0.01},
    "Lamb": {"learning_rate": 0.01},
}


def _trainable_backends(names):
    return [n for n in names if mk.backend.capabilities(n).trainable]


@pytest.fixture(scope="module")
def batch():
    rng = np.random.default_rng(7)
    x = rng.normal(size=(12, 5)).astype("float32")
    y = rng.integers(0, 4, size=(12,)).astype("int32")
    weights = [rng.normal(size=(5, 8)).astype("float32") * 0.5, rng.normal(size=(8,)).astype("float32") * 0.1,
               rng.normal(size=(8, 4)).astype("float32") * 0.5, rng.normal(size=(4,)).astype("float32") * 0.1]
    return x, y, weights


def _two_steps(backend_name, optimizer_name, x, y, weights, loss="sparse_categorical_crossentropy", **compile_kwargs):
    with mk.backend.use(backend_name):
        model = mk.Sequential([layers.Input((5,)), layers.Dense(8, activation="tanh"), layers.Dense(4, activation="softmax")])
        model.set_weights(weights)
        optimizer = mk.optimizers.get({"class_name": optimizer_name, "config": OPTIMIZERS[optimizer_name]})
        model.compile(optimizer=optimizer, loss=loss, **compile_kwargs)
        losses = [model.train_on_batch(x, y) for _ in range(2)]
        return losses, [w.numpy() for w in model.weights]


@pytest.mark.parametrize("optimizer_name", sorted(OPTIMIZERS))
def test_every_optimizer_updates_alike_on_every_backend(optimizer_name, backends_under_test, batch):
    x, y, weights = batch
    backends = _trainable_backends(backends_under_test)
    assert len(backends) >= 2, backends
    results = {name: _two_steps(name, optimizer_name, x, y, weights) for name in backends}
    reference_losses, reference_weights = results[backends[0]]
    for name in backends[1:]:
        losses, final = results[name]
        np.testing.assert_allclose(losses, reference_losses, rtol=2e-5, err_msg=f"{optimizer_name} loss on {name}")
        for expected, actual in zip(reference_weights, final):
            np.testing.assert_allclose(actual, expected, rtol=1e-4, atol=2e-6, err_msg=f"{optimizer_name} weights on {name}")
    for expected, start in zip(reference_weights, weights):
        assert not np.allclose(expected, start), f"{optimizer_name} did not change the weights"


@pytest.mark.parametrize("jit_compile", [True, False])
def test_compiled_and_eager_steps_agree_across_backends(jit_compile, backends_under_test, batch):
    x, y, weights = batch
    backends = _trainable_backends(backends_under_test)
    results = {name: _two_steps(name, "Adam", x, y, weights, jit_compile=jit_compile) for name in backends}
    reference_losses, reference_weights = results[backends[0]]
    for name in backends[1:]:
        np.testing.assert_allclose(results[name][0], reference_losses, rtol=2e-5)
        for expected, actual in zip(reference_weights, results[name][1]):
            np.testing.assert_allclose(actual, expected, rtol=1e-4, atol=2e-6)
