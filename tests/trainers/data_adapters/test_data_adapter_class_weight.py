"""`class_weight` turned into per-sample weights."""

from __future__ import annotations

import numpy as np
import pytest

from multikeras.trainers.data_adapters import EpochIterator

CLASS_WEIGHT = {0: 0.5, 1: 2.0, 3: 4.0}


def expected_weights(labels: np.ndarray) -> np.ndarray:
    return np.array([CLASS_WEIGHT.get(int(label), 1.0) for label in labels], "float32")


def all_batches(iterator):
    return [batch for _, batch in iterator.enumerate_epoch()]


@pytest.mark.parametrize("layout", ["indices", "column", "one_hot", "float_indices"])
def test_class_weight_gives_sample_weights(layout):
    labels = np.array([0, 1, 2, 3, 1, 0, 3])
    y = {
        "indices": labels,
        "column": labels[:, None],
        "one_hot": np.eye(4)[labels],
        "float_indices": labels.astype("float32"),
    }[layout]
    batches = all_batches(EpochIterator(np.zeros((7, 2)), y, batch_size=3, class_weight=CLASS_WEIGHT))
    assert all(len(batch) == 3 for batch in batches)
    weights = np.concatenate([batch[2] for batch in batches])
    assert weights.dtype == np.float32
    np.testing.assert_array_equal(weights, expected_weights(labels))
    np.testing.assert_array_equal(np.concatenate([batch[1] for batch in batches]), y)


def test_class_weight_follows_shuffling():
    labels = np.arange(40) % 4
    x = np.arange(40)
    batches = all_batches(EpochIterator(x, labels, batch_size=7, shuffle=True, class_weight=CLASS_WEIGHT))
    for batch_x, batch_y, batch_w in batches:
        np.testing.assert_array_equal(batch_y, batch_x % 4)
        np.testing.assert_array_equal(batch_w, expected_weights(batch_y))


def test_class_weight_on_generator_batches():
    labels = np.array([1, 3, 2])
    iterator = EpochIterator(((np.zeros((3, 1)), labels) for _ in range(2)), class_weight=CLASS_WEIGHT)
    for _, batch in iterator.enumerate_epoch():
        np.testing.assert_array_equal(batch[2], expected_weights(labels))


def test_empty_class_weight_means_weight_one():
    batch = all_batches(EpochIterator(np.zeros(3), np.array([0, 1, 2]), class_weight={}))[0]
    np.testing.assert_array_equal(batch[2], np.ones(3, "float32"))


@pytest.mark.parametrize(
    "y, sample_weight, match",
    [
        ([np.zeros(4), np.zeros(4)], None, "single output"),
        ({"out": np.zeros(4)}, None, "single output"),
        (np.zeros(4), np.ones(4), "cannot be used together"),
        (None, None, "needs targets"),
        (np.zeros((4, 2, 3)), None, r"received targets of shape \(4, 2, 3\)"),
    ],
)
def test_class_weight_errors(y, sample_weight, match):
    with pytest.raises(ValueError, match=match):
        EpochIterator(np.zeros((4, 1)), y, sample_weight, class_weight={0: 1.0})


def test_class_weight_errors_for_generator_batches_before_any_step():
    with pytest.raises(ValueError, match="needs targets"):
        EpochIterator(((np.zeros(2),) for _ in range(2)), class_weight={0: 1.0})
    with pytest.raises(ValueError, match="cannot be used together"):
        EpochIterator(((np.zeros(2), np.zeros(2), np.ones(2)) for _ in range(2)), class_weight={0: 1.0})


@pytest.mark.parametrize(
    "class_weight, error, match",
    [
        ([1.0, 2.0], TypeError, "must be a dict"),
        ({"0": 1.0}, ValueError, "keys must be integer class indices"),
        ({0: "heavy"}, ValueError, "values must be numbers"),
    ],
)
def test_invalid_class_weight(class_weight, error, match):
    with pytest.raises(error, match=match):
        EpochIterator(np.zeros(3), np.zeros(3), class_weight=class_weight)
