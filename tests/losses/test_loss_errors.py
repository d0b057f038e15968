"""Wrong arguments and wrong label shapes raise clear errors (received, expected, where) on every backend."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import losses

LOGITS = np.zeros((8, 10), "float32")


def test_integer_labels_for_categorical_crossentropy(backend_name):
    with mk.backend.use(backend_name):
        for call in (lambda: losses.categorical_crossentropy(np.arange(8) % 10, LOGITS),
                     lambda: losses.CategoricalCrossentropy()(np.arange(8)[:, None] % 10, LOGITS),
                     lambda: losses.categorical_focal_crossentropy(np.arange(8) % 10, LOGITS)):
            with pytest.raises(ValueError) as error:
                call()
            message = str(error.value)
            assert "y_pred.shape=(8, 10)" in message and "y_true.shape=(8" in message
            assert "sparse_categorical_crossentropy" in message


def test_one_hot_labels_for_sparse_categorical_crossentropy(backend_name):
    with mk.backend.use(backend_name), pytest.raises(ValueError) as error:
        losses.SparseCategoricalCrossentropy()(np.eye(10, dtype="float32")[:8], LOGITS)
    message = str(error.value)
    assert "y_true.shape=(8, 10)" in message and "expected integer labels `y_true` of shape (8,)" in message
    assert "categorical_crossentropy" in message


def test_mismatched_shapes(backend_name):
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match=r"binary_crossentropy: expected `y_true` and `y_pred` of the same shape"):
            losses.binary_crossentropy(np.zeros((8, 2)), np.zeros((8, 3)))
        with pytest.raises(ValueError, match=r"mean_squared_error: .*incompatible shapes.*\(4, 3\).*\(4, 2\)"):
            losses.MeanSquaredError()(np.zeros((4, 3)), np.zeros((4, 2)))
        with pytest.raises(ValueError, match=r"sparse_categorical_crossentropy: expected integer labels .* \(8,\)"):
            losses.sparse_categorical_crossentropy(np.zeros((4,)), LOGITS)


def test_ctc_ranks(backend_name):
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match=r"ctc: expected integer targets .*y_true.shape=\(2,\)"):
            losses.ctc(np.array([1, 2]), np.zeros((2, 3, 4)))
        with pytest.raises(ValueError, match=r"ctc: expected logits .*y_pred.shape=\(2, 4\)"):
            losses.CTC()(np.array([[1], [2]]), np.zeros((2, 4)))


def test_sample_weight_shape(backend_name):
    with mk.backend.use(backend_name), pytest.raises(ValueError) as error:
        losses.MeanSquaredError()(np.zeros((4, 3)), np.zeros((4, 3)), sample_weight=np.ones(5))
    message = str(error.value)
    assert "MeanSquaredError 'mean_squared_error'" in message and "(5,)" in message and "(4,)" in message


def test_invalid_arguments():
    with pytest.raises(ValueError, match=r"Huber: invalid value for argument `reduction`.*received reduction='avg'"):
        losses.Huber(reduction="avg")
    with pytest.raises(ValueError, match=r"`axis` must be an int, received axis=True"):
        losses.categorical_crossentropy([[1.0, 0.0]], [[0.5, 0.5]], axis=True)
    with pytest.raises(ValueError, match=r"`q` must be in the interval \(0, 1\), received q=1.5"):
        losses.CategoricalGeneralizedCrossEntropy(q=1.5)
    with pytest.raises(TypeError, match="LossFunctionWrapper: expected a callable for `fn`"):
        losses.LossFunctionWrapper("mse")
    with pytest.raises(ValueError, match="DTypePolicy"):
        losses.MeanSquaredError(dtype="float77")


def test_structures_must_match():
    with mk.backend.use("numpy"), pytest.raises(ValueError, match="y_true holds 1 tensors but y_pred holds 2"):
        losses.LossFunctionWrapper(lambda t, p: t)([np.zeros(2)], [np.zeros(2), np.zeros(2)])


def test_base_class_needs_call():
    with mk.backend.use("numpy"), pytest.raises(NotImplementedError, match="Loss must implement call"):
        losses.Loss()([1.0], [1.0])
