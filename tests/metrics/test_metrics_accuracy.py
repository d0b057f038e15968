"""Accuracy metrics and their function forms against NumPy, on every backend."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from metrics.metric_checks import check_metric, reference_mean, to_numpy

RNG = np.random.default_rng(7)
N, C = 6, 4


def _probs(*shape: int) -> np.ndarray:
    x = RNG.permuted(np.tile(np.linspace(0.1, 1.0, shape[-1]), shape[:-1] + (1,)), axis=-1)  # no ties
    return (x / x.sum(-1, keepdims=True)).astype("float32")


LABELS = RNG.integers(0, C, (2, N))
SEQ_LABELS = RNG.integers(0, C, (2, N, 3))
PROBS = [_probs(N, C), _probs(N, C)]
SEQ_PROBS = [_probs(N, 3, C), _probs(N, 3, C)]
WEIGHTS = RNG.random(N).astype("float32")
SEQ_WEIGHTS = RNG.random((N, 3)).astype("float32")


def _batches(y_true, y_pred, weights=WEIGHTS):
    """Three updates: a batch without weights, one with weights, a half batch with weights."""
    return [(y_true[0], y_pred[0], None), (y_true[1], y_pred[1], weights), (y_true[0][:3], y_pred[0][:3], weights[:3])]


def np_sparse_accuracy(t, p):
    t = np.asarray(t)
    if t.ndim == p.ndim:
        t = t[..., 0]
    return (t == p.argmax(-1)).astype(float)


def np_sparse_top_k(t, p, k):
    t = np.asarray(t)
    if t.ndim == p.ndim:
        t = t[..., 0]
    rank = np.sum(p > np.take_along_axis(p, t[..., None], -1), axis=-1)  # entries strictly larger than the label's
    return (rank < k).astype(float)


def test_accuracy(backend_name):
    y_true = [RNG.integers(0, 3, (N, 1)).astype("float32") for _ in range(2)]
    y_pred = [np.where(RNG.random((N, 1)) < 0.6, t, 5).astype("float32") for t in y_true]
    batches = _batches(y_true, y_pred)
    expected = reference_mean(lambda t, p: (t == p).astype(float), batches)
    check_metric(backend_name, mk.metrics.Accuracy, batches, expected, expected_keys={"name", "dtype"})


@pytest.mark.parametrize("threshold", [0.5, 0.3])
def test_binary_accuracy(backend_name, threshold):
    y_true = [RNG.integers(0, 2, (N, 1)).astype("float32") for _ in range(2)]
    y_pred = [RNG.random((N, 1)).astype("float32") for _ in range(2)]
    batches = _batches(y_true, y_pred)
    expected = reference_mean(lambda t, p: (t == (p > threshold)).astype(float), batches)
    check_metric(backend_name, lambda: mk.metrics.BinaryAccuracy(threshold=threshold), batches, expected,
                 expected_keys={"name", "dtype", "threshold"})


def test_binary_accuracy_multi_label_per_entry_weights(backend_name):
    y_true = [RNG.integers(0, 2, (N, 3)) for _ in range(2)]
    y_pred = [RNG.random((N, 3)).astype("float32") for _ in range(2)]
    batches = _batches(y_true, y_pred, SEQ_WEIGHTS)
    expected = reference_mean(lambda t, p: (t == (p > 0.5)).astype(float), batches)
    check_metric(backend_name, mk.metrics.BinaryAccuracy, batches, expected)


def test_categorical_accuracy(backend_name):
    y_true = [np.eye(C, dtype="float32")[labels] for labels in LABELS]
    batches = _batches(y_true, PROBS)
    expected = reference_mean(lambda t, p: (t.argmax(-1) == p.argmax(-1)).astype(float), batches)
    check_metric(backend_name, mk.metrics.CategoricalAccuracy, batches, expected, expected_keys={"name", "dtype"})


@pytest.mark.parametrize("label_shape", ["(n,)", "(n, 1)"])
def test_sparse_categorical_accuracy(backend_name, label_shape):
    y_true = [labels if label_shape == "(n,)" else labels[:, None] for labels in LABELS]
    batches = _batches(y_true, PROBS)
    expected = reference_mean(np_sparse_accuracy, batches)
    check_metric(backend_name, mk.metrics.SparseCategoricalAccuracy, batches, expected,
                 expected_keys={"name", "dtype"})


@pytest.mark.parametrize("label_shape", ["(n, t)", "(n, t, 1)"])
def test_sparse_categorical_accuracy_sequences(backend_name, label_shape):
    y_true = [labels if label_shape == "(n, t)" else labels[..., None] for labels in SEQ_LABELS]
    batches = _batches(y_true, SEQ_PROBS, SEQ_WEIGHTS)
    expected = reference_mean(np_sparse_accuracy, batches)
    check_metric(backend_name, mk.metrics.SparseCategoricalAccuracy, batches, expected)


def test_top_k_categorical_accuracy(backend_name):
    y_true = [np.eye(C, dtype="float32")[labels] for labels in LABELS]
    batches = _batches(y_true, PROBS)
    expected = reference_mean(lambda t, p: np_sparse_top_k(t.argmax(-1), p, 2), batches)
    check_metric(backend_name, lambda: mk.metrics.TopKCategoricalAccuracy(k=2), batches, expected,
                 expected_keys={"name", "dtype", "k"})


@pytest.mark.parametrize("label_shape", ["(n,)", "(n, 1)"])
def test_sparse_top_k_categorical_accuracy(backend_name, label_shape):
    y_true = [labels if label_shape == "(n,)" else labels[:, None] for labels in LABELS]
    batches = _batches(y_true, PROBS)
    expected = reference_mean(lambda t, p: np_sparse_top_k(t, p, 2), batches)
    check_metric(backend_name, lambda: mk.metrics.SparseTopKCategoricalAccuracy(k=2), batches, expected,
                 expected_keys={"name", "dtype", "k"})


def test_sparse_top_k_categorical_accuracy_sequences(backend_name):
    batches = _batches(SEQ_LABELS, SEQ_PROBS, SEQ_WEIGHTS)
    expected = reference_mean(lambda t, p: np_sparse_top_k(t, p, 2), batches)
    check_metric(backend_name, lambda: mk.metrics.SparseTopKCategoricalAccuracy(k=2), batches, expected)


def test_sparse_top_k_from_sorted_ids(backend_name):
    sorted_ids = [np.argsort(-p, axis=-1).astype("int32") for p in PROBS]
    batches = _batches(list(LABELS), sorted_ids)
    expected = reference_mean(lambda t, ids: np.any(ids[:, :2] == t[:, None], axis=-1).astype(float), batches)
    # The sorted ids rank the labels exactly as the scores do.
    assert expected == pytest.approx(reference_mean(lambda t, p: np_sparse_top_k(t, p, 2), _batches(LABELS, PROBS)))
    check_metric(backend_name, lambda: mk.metrics.SparseTopKCategoricalAccuracy(k=2, from_sorted_ids=True), batches,
                 expected, expected_keys={"name", "dtype", "k", "from_sorted_ids"})


def test_function_forms(backend_name):
    probs, seq_probs = PROBS[0], SEQ_PROBS[0]
    one_hot = np.eye(C, dtype="float32")[LABELS[0]]
    binary_true = (probs[:, :1] > 0.2).astype("float32")
    with mk.backend.use(backend_name):
        out = to_numpy(mk.metrics.binary_accuracy(binary_true, probs[:, :1], threshold=0.25))
        np.testing.assert_array_equal(out, (binary_true == (probs[:, :1] > 0.25)).astype("float32"))
        assert out.shape == (N, 1) and out.dtype == np.float32
        out = to_numpy(mk.metrics.categorical_accuracy(one_hot, probs))
        np.testing.assert_array_equal(out, np_sparse_accuracy(LABELS[0], probs))
        assert out.shape == (N,)
        for labels in (LABELS[0], LABELS[0][:, None]):
            out = to_numpy(mk.metrics.sparse_categorical_accuracy(labels, probs))
            assert out.shape == (N,)
            np.testing.assert_array_equal(out, np_sparse_accuracy(labels, probs))
        out = to_numpy(mk.metrics.sparse_categorical_accuracy(SEQ_LABELS[0][..., None], seq_probs))
        assert out.shape == (N, 3)
        np.testing.assert_array_equal(out, np_sparse_accuracy(SEQ_LABELS[0], seq_probs))
        out = to_numpy(mk.metrics.top_k_categorical_accuracy(one_hot, probs, k=3))
        np.testing.assert_array_equal(out, np_sparse_top_k(LABELS[0], probs, 3))
        out = to_numpy(mk.metrics.sparse_top_k_categorical_accuracy(SEQ_LABELS[0], seq_probs, k=2))
        assert out.shape == (N, 3)
        np.testing.assert_array_equal(out, np_sparse_top_k(SEQ_LABELS[0], seq_probs, 2))
        out = to_numpy(mk.metrics.sparse_top_k_categorical_accuracy(LABELS[0][:, None], probs, k=1))
        assert out.shape == (N, 1)
        np.testing.assert_array_equal(out[:, 0], np_sparse_accuracy(LABELS[0], probs))


def test_accuracy_metrics_are_maximized():
    for cls in (mk.metrics.Accuracy, mk.metrics.BinaryAccuracy, mk.metrics.CategoricalAccuracy,
                mk.metrics.SparseCategoricalAccuracy, mk.metrics.TopKCategoricalAccuracy,
                mk.metrics.SparseTopKCategoricalAccuracy):
        assert cls()._direction == "up"


def test_sparse_top_k_config_omits_from_sorted_ids_when_false():
    assert "from_sorted_ids" not in mk.metrics.SparseTopKCategoricalAccuracy().get_config()
    config = mk.metrics.SparseTopKCategoricalAccuracy(k=3, from_sorted_ids=True).get_config()
    assert config["from_sorted_ids"] is True and config["k"] == 3
