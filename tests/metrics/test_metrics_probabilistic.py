"""Hinge and probabilistic (KL divergence, Poisson, cross-entropy) metrics against NumPy, on every backend."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from metrics.metric_checks import (
    check_metric,
    np_bce,
    np_categorical_hinge,
    np_cce,
    np_hinge,
    np_kl,
    np_poisson,
    np_sparse_cce,
    np_squared_hinge,
    reference_mean,
    weighted_reduce,
)

RNG = np.random.default_rng(5)
N, C = 6, 4
WEIGHTS = RNG.random(N).astype("float32")
SEQ_WEIGHTS = RNG.random((N, 3)).astype("float32")


def _probs(*shape: int) -> np.ndarray:
    x = RNG.random(shape) + 0.05
    return (x / x.sum(-1, keepdims=True)).astype("float32")


def _batches(y_true, y_pred, weights=WEIGHTS):
    return [(y_true[0], y_pred[0], None), (y_true[1], y_pred[1], weights), (y_true[0][:3], y_pred[0][:3], weights[:3])]


LABELS = RNG.integers(0, C, (2, N))
ONE_HOT = [np.eye(C, dtype="float32")[labels] for labels in LABELS]
PROBS = [_probs(N, C), _probs(N, C)]
BINARY = [RNG.integers(0, 2, (N, C)).astype("float32") for _ in range(2)]
SCORES = [(RNG.random((N, C)) * 4 - 2).astype("float32") for _ in range(2)]


@pytest.mark.parametrize("name, reference, labels", [
    ("Hinge", np_hinge, "binary"),
    ("SquaredHinge", np_squared_hinge, "binary"),
    ("CategoricalHinge", np_categorical_hinge, "one_hot"),
])
def test_hinge_metrics(backend_name, name, reference, labels):
    y_true = BINARY if labels == "binary" else ONE_HOT
    batches = _batches(y_true, SCORES)
    check_metric(backend_name, getattr(mk.metrics, name), batches, reference_mean(reference, batches),
                 expected_keys={"name", "dtype"})


def test_kl_divergence(backend_name):
    batches = _batches([_probs(N, C), _probs(N, C)], PROBS)
    check_metric(backend_name, mk.metrics.KLDivergence, batches, reference_mean(np_kl, batches), rtol=2e-5,
                 expected_keys={"name", "dtype"})


def test_poisson(backend_name):
    batches = _batches([RNG.integers(0, 3, (N, C)).astype("float32") for _ in range(2)], [p * 3 for p in PROBS])
    check_metric(backend_name, mk.metrics.Poisson, batches, reference_mean(np_poisson, batches), rtol=2e-5,
                 expected_keys={"name", "dtype"})


@pytest.mark.parametrize("from_logits, label_smoothing", [(False, 0), (True, 0.1)])
def test_binary_crossentropy(backend_name, from_logits, label_smoothing):
    y_pred = SCORES if from_logits else PROBS
    batches = _batches(BINARY, y_pred)
    expected = reference_mean(lambda t, p: np_bce(t, p, from_logits, label_smoothing), batches)
    check_metric(backend_name,
                 lambda: mk.metrics.BinaryCrossentropy(from_logits=from_logits, label_smoothing=label_smoothing),
                 batches, expected, rtol=2e-5, expected_keys={"name", "dtype", "from_logits", "label_smoothing"})


@pytest.mark.parametrize("from_logits, label_smoothing", [(False, 0), (True, 0.2)])
def test_categorical_crossentropy(backend_name, from_logits, label_smoothing):
    y_pred = SCORES if from_logits else PROBS
    batches = _batches(ONE_HOT, y_pred)
    expected = reference_mean(lambda t, p: np_cce(t, p, from_logits, label_smoothing), batches)
    check_metric(backend_name,
                 lambda: mk.metrics.CategoricalCrossentropy(from_logits=from_logits, label_smoothing=label_smoothing),
                 batches, expected, rtol=2e-5,
                 expected_keys={"name", "dtype", "from_logits", "label_smoothing", "axis"})


def test_categorical_crossentropy_class_axis_first(backend_name):
    batches = [(t.T.copy(), p.T.copy(), None) for t, p in zip(ONE_HOT, PROBS)]
    expected = reference_mean(lambda t, p: np_cce(t, p, axis=0), batches)
    check_metric(backend_name, lambda: mk.metrics.CategoricalCrossentropy(axis=0), batches, expected, rtol=2e-5)


@pytest.mark.parametrize("label_shape", ["(n,)", "(n, 1)"])
def test_sparse_categorical_crossentropy(backend_name, label_shape):
    y_true = [labels if label_shape == "(n,)" else labels[:, None] for labels in LABELS]
    batches = _batches(y_true, PROBS)
    check_metric(backend_name, mk.metrics.SparseCategoricalCrossentropy, batches,
                 reference_mean(np_sparse_cce, batches), rtol=2e-5,
                 expected_keys={"name", "dtype", "from_logits", "ignore_class", "axis"})


def test_sparse_categorical_crossentropy_sequences_from_logits(backend_name):
    labels = [RNG.integers(0, C, (N, 3)) for _ in range(2)]
    logits = [(RNG.random((N, 3, C)) * 4).astype("float32") for _ in range(2)]
    batches = _batches(labels, logits, SEQ_WEIGHTS)
    expected = reference_mean(lambda t, p: np_sparse_cce(t, p, from_logits=True), batches)
    check_metric(backend_name, lambda: mk.metrics.SparseCategoricalCrossentropy(from_logits=True), batches,
                 expected, rtol=2e-5)


def test_sparse_categorical_crossentropy_ignore_class(backend_name):
    """Keras 3: ignored entries count as 0 without weights, and weigh 0 with per-entry weights."""
    labels = [RNG.integers(0, C, (N, 3)) for _ in range(2)]
    probs = [_probs(N, 3, C) for _ in range(2)]
    batches = [(labels[0], probs[0], None), (labels[1], probs[1], SEQ_WEIGHTS)]
    total, count = 0.0, 0.0
    for t, p, w in batches:
        values = np.where(t == 2, 0.0, np_sparse_cce(t, p))
        if w is not None:
            w = w * (t != 2)
        v, w = weighted_reduce(values, w)
        total, count = total + v.sum(), count + w.sum()
    check_metric(backend_name, lambda: mk.metrics.SparseCategoricalCrossentropy(ignore_class=2), batches,
                 total / count, rtol=2e-5)


def test_directions():
    for name in ("Hinge", "SquaredHinge", "CategoricalHinge", "KLDivergence", "Poisson", "BinaryCrossentropy",
                 "CategoricalCrossentropy", "SparseCategoricalCrossentropy"):
        assert getattr(mk.metrics, name)()._direction == "down", name
