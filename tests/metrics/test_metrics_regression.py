"""Regression metrics against NumPy, on every backend."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from metrics.metric_checks import (
    check_metric,
    np_cosine,
    np_log_cosh,
    np_mae,
    np_mape,
    np_mse,
    np_msle,
    reference_mean,
    weighted_reduce,
)

RNG = np.random.default_rng(11)
N, D = 6, 3
Y_TRUE = [RNG.random((N, D)).astype("float32") + 0.05 for _ in range(2)]
Y_PRED = [RNG.random((N, D)).astype("float32") + 0.05 for _ in range(2)]
WEIGHTS = RNG.random(N).astype("float32")
BATCHES = [(Y_TRUE[0], Y_PRED[0], None), (Y_TRUE[1], Y_PRED[1], WEIGHTS), (Y_TRUE[0][:3], Y_PRED[0][:3], WEIGHTS[:3])]

CASES = [
    ("MeanSquaredError", np_mse),
    ("MeanAbsoluteError", np_mae),
    ("MeanAbsolutePercentageError", np_mape),
    ("MeanSquaredLogarithmicError", np_msle),
    ("CosineSimilarity", np_cosine),
    ("LogCoshError", np_log_cosh),
]


@pytest.mark.parametrize("name, reference", CASES, ids=[c[0] for c in CASES])
def test_regression_metric(backend_name, name, reference):
    expected = reference_mean(reference, BATCHES)
    keys = {"name", "dtype", "axis"} if name == "CosineSimilarity" else {"name", "dtype"}
    check_metric(backend_name, getattr(mk.metrics, name), BATCHES, expected, rtol=2e-5, expected_keys=keys)


def test_cosine_similarity_axis(backend_name):
    batches = [(Y_TRUE[0], Y_PRED[0], None), (Y_TRUE[1], Y_PRED[1], None)]
    expected = reference_mean(lambda t, p: np_cosine(t, p, axis=0), batches)
    check_metric(backend_name, lambda: mk.metrics.CosineSimilarity(axis=0), batches, expected, rtol=2e-5)
    assert mk.metrics.CosineSimilarity(axis=0).get_config()["axis"] == 0


def test_root_mean_squared_error(backend_name):
    total, count = 0.0, 0.0
    for t, p, w in BATCHES:
        v, w = weighted_reduce((t - p) ** 2, w)
        total, count = total + v.sum(), count + w.sum()
    check_metric(backend_name, mk.metrics.RootMeanSquaredError, BATCHES, float(np.sqrt(total / count)),
                 expected_keys={"name", "dtype"})


def test_root_mean_squared_error_per_entry_weights_and_rank_alignment(backend_name):
    weights = RNG.random((N, D)).astype("float32")
    batches = [(Y_TRUE[0], Y_PRED[0], weights), (Y_TRUE[1][:, :1], Y_PRED[1][:, 0], None)]
    total, count = 0.0, 0.0
    for t, p, w in [(Y_TRUE[0], Y_PRED[0], weights), (Y_TRUE[1][:, 0], Y_PRED[1][:, 0], None)]:
        v, w = weighted_reduce((t - p) ** 2, w)
        total, count = total + v.sum(), count + w.sum()
    check_metric(backend_name, mk.metrics.RootMeanSquaredError, batches, float(np.sqrt(total / count)))


def test_regression_metrics_are_minimized_cosine_maximized():
    for name, _ in CASES:
        assert getattr(mk.metrics, name)()._direction == ("up" if name == "CosineSimilarity" else "down")
    assert mk.metrics.RootMeanSquaredError()._direction == "down"


def test_default_names():
    names = {name: getattr(mk.metrics, name)().name for name, _ in CASES}
    assert names == {"MeanSquaredError": "mean_squared_error", "MeanAbsoluteError": "mean_absolute_error",
                     "MeanAbsolutePercentageError": "mean_absolute_percentage_error",
                     "MeanSquaredLogarithmicError": "mean_squared_logarithmic_error",
                     "CosineSimilarity": "cosine_similarity", "LogCoshError": "logcosh"}
