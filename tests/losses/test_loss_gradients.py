"""Gradients of the cross-entropies through ``multikeras.backend.value_and_grad``.

Checked against analytic gradients (softmax/sigmoid minus labels) and against
central finite differences of the float64 NumPy references; the numpy backend
cannot differentiate and says so.
"""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import losses
from losses import loss_reference as ref

to_numpy = mk.ops.convert_to_numpy
rng = np.random.default_rng(11)
LOGITS = rng.normal(size=(4, 3)) * 2
LABELS = np.array([2, 0, 1, 2])
ONE_HOT = np.eye(3)[LABELS]
BIN_TRUE = np.array([[1.0, 0.0], [0.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
BIN_LOGITS = rng.normal(size=(4, 2)) * 2


def softmax(x):
    return np.exp(ref.log_softmax(x))


def grad_of(trainable_backend, loss, y_true, y_pred):
    with mk.backend.use(trainable_backend):
        value, grad = mk.backend.value_and_grad(lambda p: loss(y_true, p))(mk.ops.convert_to_tensor(y_pred))
        return float(to_numpy(value)), to_numpy(grad)


def finite_difference(fn, x, step=1e-6):
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[index] += step
        down[index] -= step
        grad[index] = (fn(up) - fn(down)) / (2 * step)
    return grad


TRAINABLE = [name for name in ("jax", "torch", "tensorflow")
             if name in mk.backend.available() and mk.backend.capabilities(name).trainable]
trainable = pytest.mark.parametrize("trainable_backend", TRAINABLE)


def test_numpy_backend_refuses_to_differentiate():
    with mk.backend.use("numpy"), pytest.raises(mk.backend.CapabilityError, match="cannot differentiate"):
        mk.backend.value_and_grad(lambda p: losses.MeanSquaredError()(p, p))


@trainable
def test_categorical_and_sparse_from_logits(trainable_backend):
    expected = (softmax(LOGITS) - ONE_HOT) / len(LOGITS)
    weight = np.array([1.0, 0.5, 2.0, 0.0])
    _, categorical = grad_of(trainable_backend, losses.CategoricalCrossentropy(from_logits=True, dtype="float64"),
                             ONE_HOT, LOGITS)
    _, sparse = grad_of(trainable_backend, losses.SparseCategoricalCrossentropy(from_logits=True, dtype="float64"),
                        LABELS, LOGITS)
    with mk.backend.use(trainable_backend):
        weighted_loss = losses.SparseCategoricalCrossentropy(from_logits=True, dtype="float64")
        weighted = to_numpy(mk.backend.value_and_grad(lambda p: weighted_loss(LABELS, p, sample_weight=weight))(
            mk.ops.convert_to_tensor(LOGITS))[1])
    np.testing.assert_allclose(categorical, expected, atol=1e-12)
    np.testing.assert_allclose(sparse, expected, atol=1e-12)
    np.testing.assert_allclose(weighted, expected * weight[:, None], atol=1e-12)


@trainable
def test_sparse_with_ignore_class_has_zero_gradient_where_ignored(trainable_backend):
    labels = np.array([2, -1, 1, -1])
    logits = LOGITS.copy()
    logits[1] = [np.inf, 0.0, -np.inf]  # padding garbage at an ignored position
    valid = labels != -1
    cleaned = np.nan_to_num(logits, posinf=0, neginf=0)
    expected = np.where(valid[:, None], softmax(cleaned) - np.eye(3)[np.abs(labels)], 0)
    expected /= valid.sum()
    _, grad = grad_of(trainable_backend, losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1,
                                                                         dtype="float64"), labels, logits)
    assert np.all(np.isfinite(grad))
    np.testing.assert_allclose(grad, expected, atol=1e-12)


@trainable
def test_binary_from_logits_and_extreme_logits(trainable_backend):
    binary_loss = losses.BinaryCrossentropy(from_logits=True, dtype="float64")
    _, grad = grad_of(trainable_backend, binary_loss, BIN_TRUE, BIN_LOGITS)
    np.testing.assert_allclose(grad, (ref.sigmoid(BIN_LOGITS) - BIN_TRUE) / BIN_TRUE.size, atol=1e-12)
    extreme = np.array([[300.0, -300.0, 0.0]], "float32")
    sparse_loss = losses.SparseCategoricalCrossentropy(from_logits=True)
    _, sparse = grad_of(trainable_backend, sparse_loss, np.array([1]), extreme)
    assert np.all(np.isfinite(sparse))
    np.testing.assert_allclose(sparse, softmax(extreme) - np.eye(3)[[1]], atol=1e-6)
    binary_extreme = np.array([[90.0, -90.0]], "float32")
    _, binary = grad_of(trainable_backend, losses.BinaryCrossentropy(from_logits=True), np.array([[0.0, 1.0]]),
                        binary_extreme)
    np.testing.assert_allclose(binary, (ref.sigmoid(binary_extreme) - [[0.0, 1.0]]) / 2, atol=1e-6)


PROBABILITIES = softmax(LOGITS) * 0.9 + 0.1 / 3
BIN_PROBABILITIES = ref.sigmoid(BIN_LOGITS).clip(0.05, 0.95)
FINITE_DIFFERENCE_CASES = [
    ("CategoricalCrossentropy", {"label_smoothing": 0.1}, ONE_HOT, PROBABILITIES,
     lambda p: ref.categorical_crossentropy(ONE_HOT, p, label_smoothing=0.1)),
    ("SparseCategoricalCrossentropy", {}, LABELS, PROBABILITIES,
     lambda p: ref.sparse_categorical_crossentropy(LABELS, p)[0]),
    ("BinaryCrossentropy", {}, BIN_TRUE, BIN_PROBABILITIES, lambda p: ref.binary_crossentropy(BIN_TRUE, p)),
    ("BinaryFocalCrossentropy", {"apply_class_balancing": True, "from_logits": True}, BIN_TRUE, BIN_LOGITS,
     lambda p: ref.binary_focal_crossentropy(BIN_TRUE, p, apply_class_balancing=True, from_logits=True)),
    ("BinaryFocalCrossentropy", {"gamma": 3.0}, BIN_TRUE, BIN_PROBABILITIES,
     lambda p: ref.binary_focal_crossentropy(BIN_TRUE, p, gamma=3.0)),
    ("CategoricalFocalCrossentropy", {"from_logits": True}, ONE_HOT, LOGITS,
     lambda p: ref.categorical_focal_crossentropy(ONE_HOT, p, from_logits=True)),
    ("CategoricalFocalCrossentropy", {"gamma": 1.0, "label_smoothing": 0.2}, ONE_HOT, PROBABILITIES,
     lambda p: ref.categorical_focal_crossentropy(ONE_HOT, p, gamma=1.0, label_smoothing=0.2)),
]


@trainable
@pytest.mark.parametrize("name, kwargs, y_true, y_pred, reference", FINITE_DIFFERENCE_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(FINITE_DIFFERENCE_CASES)])
def test_gradients_match_finite_differences(trainable_backend, name, kwargs, y_true, y_pred, reference):
    value, grad = grad_of(trainable_backend, getattr(losses, name)(dtype="float64", **kwargs), y_true, y_pred)
    mean_reference = lambda p: float(np.mean(reference(p)))  # noqa: E731
    assert value == pytest.approx(mean_reference(y_pred), rel=1e-10)
    np.testing.assert_allclose(grad, finite_difference(mean_reference, y_pred.copy()), rtol=1e-5, atol=1e-8)
