"""IoU metrics (IoU, MeanIoU, BinaryIoU, OneHotIoU, OneHotMeanIoU) against a NumPy confusion-matrix reference."""

from __future__ import annotations

import contextlib
import warnings

import numpy as np
import pytest

import multikeras as mk
from metrics.metric_checks import to_numpy
from metrics.stateful_checks import check_stateful_metric
from multikeras.metrics import iou_metrics as iou

RNG = np.random.default_rng(11)
CLASSES = 4
LABELS = RNG.integers(0, CLASSES, (3, 5, 6))
PREDICTED = np.where(RNG.random((3, 5, 6)) < 0.6, LABELS, RNG.integers(0, CLASSES, (3, 5, 6)))
SCORES = (np.eye(CLASSES)[PREDICTED] * 0.5 + RNG.random((3, 5, 6, CLASSES)) * 0.4).astype("float32")
WEIGHTS = RNG.integers(0, 3, (3, 5, 6)).astype("int32")


def np_confusion(batches, num_classes, ignore_class=None, integer_weights=True):
    total = np.zeros((num_classes, num_classes))
    for y_true, y_pred, weights in batches:
        y_true, y_pred = np.ravel(y_true).astype(int), np.ravel(y_pred).astype(int)
        w = np.ones(y_true.shape) if weights is None else np.ravel(weights).astype(float)
        if integer_weights:
            w = np.trunc(w)
        keep = np.ones(y_true.shape, bool) if ignore_class is None else y_true != ignore_class
        np.add.at(total, (y_true[keep], y_pred[keep]), w[keep])
    return total


def np_mean_iou(matrix, target_class_ids):
    tp = np.diag(matrix)
    union = matrix.sum(0) + matrix.sum(1) - tp
    tp, union = tp[target_class_ids], union[target_class_ids]
    present = union > 0
    return np.sum(tp[present] / union[present]) / max(np.sum(present), 1)


@contextlib.contextmanager
def _no_user_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        yield


def batches_of(y_true, y_pred, weighted=True):
    return [(y_true[i], y_pred[i], WEIGHTS[i] if weighted and i != 1 else None) for i in range(3)]


@pytest.mark.parametrize("kwargs", [{"target_class_ids": [0, 2]}, {"target_class_ids": [3], "ignore_class": 1}],
                         ids=str)
def test_iou(backend_name, kwargs):
    batches = batches_of(LABELS, PREDICTED)
    matrix = np_confusion(batches, CLASSES, kwargs.get("ignore_class"))
    metric = check_stateful_metric(
        backend_name, lambda: iou.IoU(CLASSES, **kwargs), batches, np_mean_iou(matrix, kwargs["target_class_ids"]),
        expected_keys={"name", "dtype", "num_classes", "target_class_ids", "ignore_class", "sparse_y_true",
                       "sparse_y_pred", "axis"})
    with mk.backend.use(backend_name):
        np.testing.assert_array_equal(to_numpy(metric.total_cm.value), matrix)
        assert metric.total_cm.dtype == "int32"


@pytest.mark.parametrize("dtype", [None, "float32"])
def test_mean_iou(backend_name, dtype):
    """int32 state truncates fractional weights (as Keras 3 does); a float dtype keeps them."""
    weights = RNG.random((3, 5, 6)).astype("float32") * 2
    batches = [(LABELS[i], PREDICTED[i], weights[i] if i != 1 else None) for i in range(3)]
    matrix = np_confusion(batches, CLASSES, integer_weights=dtype is None)
    with pytest.warns(UserWarning, match="float `sample_weight`") if dtype is None else _no_user_warning():
        check_stateful_metric(backend_name, lambda: iou.MeanIoU(CLASSES, dtype=dtype), batches,
                              np_mean_iou(matrix, list(range(CLASSES))),
                              expected_keys={"name", "dtype", "num_classes", "ignore_class", "sparse_y_true",
                                             "sparse_y_pred", "axis"})


def test_mean_iou_dense_inputs(backend_name):
    one_hot = np.eye(CLASSES, dtype="float32")[LABELS]
    batches = batches_of(one_hot, SCORES)
    matrix = np_confusion(batches_of(LABELS, PREDICTED), CLASSES, ignore_class=2)
    expected = np_mean_iou(matrix, list(range(CLASSES)))
    check_stateful_metric(backend_name, lambda: iou.OneHotMeanIoU(CLASSES, ignore_class=2), batches, expected,
                          expected_keys={"name", "dtype", "num_classes", "ignore_class", "sparse_y_pred", "axis"})
    check_stateful_metric(backend_name, lambda: iou.MeanIoU(CLASSES, sparse_y_true=False, sparse_y_pred=False,
                                                            ignore_class=2), batches, expected)
    # Class axis first, class ids as predictions.
    moved = [(np.moveaxis(t, -1, 0), p, w) for (t, _, w), (_, p, _) in zip(batches, batches_of(LABELS, PREDICTED))]
    check_stateful_metric(backend_name, lambda: iou.OneHotIoU(CLASSES, [0, 1], sparse_y_pred=True, axis=0,
                                                              ignore_class=2), moved,
                          np_mean_iou(matrix, [0, 1]),
                          expected_keys={"name", "dtype", "num_classes", "target_class_ids", "ignore_class",
                                         "sparse_y_pred", "axis"})


@pytest.mark.parametrize("kwargs", [{}, {"target_class_ids": [1], "threshold": 0.3}], ids=str)
def test_binary_iou(backend_name, kwargs):
    labels = (LABELS > 1).astype("float32")
    scores = SCORES[..., 0]
    threshold = kwargs.get("threshold", 0.5)
    batches = batches_of(labels, scores)
    matrix = np_confusion([(t, s >= threshold, w) for t, s, w in batches], 2)
    expected = np_mean_iou(matrix, list(kwargs.get("target_class_ids", [0, 1])))
    check_stateful_metric(backend_name, lambda: iou.BinaryIoU(**kwargs), batches, expected,
                          expected_keys={"name", "dtype", "target_class_ids", "threshold"})


def test_out_of_range_ids_are_not_counted_and_empty_result_is_zero():
    with mk.backend.use("numpy"):
        metric = iou.MeanIoU(3)
        assert float(metric.result()) == 0.0
        metric.update_state([0, 1, 2, 2], [0, 5, 2, -1])
        np.testing.assert_array_equal(metric.total_cm.numpy(), [[1, 0, 0], [0, 0, 0], [0, 0, 1]])
        assert float(metric.result()) == pytest.approx(1.0)


def test_invalid_target_class():
    with pytest.raises(ValueError, match=r"Target class id 3 is out of range, which is \[0, 3\)"):
        iou.IoU(3, target_class_ids=[0, 3])

