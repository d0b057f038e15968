"""R2Score, PearsonCorrelation and ConcordanceCorrelation against NumPy references."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from metrics.metric_checks import check_metric, reference_mean, to_numpy
from metrics.stateful_checks import check_stateful_metric
from multikeras.metrics import correlation_metrics as cor
from multikeras.state.stateless_scope import StatelessScope

RNG = np.random.default_rng(9)
TARGETS = RNG.normal(size=(3, 7, 3)).astype("float32") * np.array([1.0, 3.0, 0.5], "float32")
PREDICTIONS = (TARGETS + RNG.normal(size=(3, 7, 3)) * 0.6).astype("float32")
WEIGHTS = RNG.random((3, 7)).astype("float32")
BATCHES = [(TARGETS[0], PREDICTIONS[0], WEIGHTS[0]), (TARGETS[1], PREDICTIONS[1], None),
           (TARGETS[2], PREDICTIONS[2], WEIGHTS[2])]


def np_r2(batches, class_aggregation="uniform_average", num_regressors=0):
    y = np.concatenate([b[0] for b in batches]).astype(np.float64)
    p = np.concatenate([b[1] for b in batches]).astype(np.float64)
    w = np.concatenate([np.ones(len(b[0])) if b[2] is None else b[2] for b in batches])[:, None]
    mean = np.sum(w * y, axis=0) / np.sum(w, axis=0)
    total = np.sum(w * (y - mean) ** 2, axis=0)
    scores = 1.0 - np.sum(w * (y - p) ** 2, axis=0) / total
    if class_aggregation == "uniform_average":
        score = np.mean(scores)
    elif class_aggregation == "variance_weighted_average":
        score = np.sum(total * scores) / np.sum(total)
    else:
        score = scores
    n = y.size  # every label entry counts as a sample for the adjustment
    if num_regressors and num_regressors < n - 1:
        score = 1.0 - (1.0 - score) * (n - 1) / (n - num_regressors - 1)
    return score


@pytest.mark.parametrize("kwargs", [{}, {"class_aggregation": None}, {"class_aggregation": "variance_weighted_average"},
                                    {"num_regressors": 4}, {"num_regressors": 62}], ids=str)
def test_r2_score(backend_name, kwargs):
    check_stateful_metric(backend_name, lambda: cor.R2Score(**kwargs), BATCHES, np_r2(BATCHES, **kwargs),
                          rtol=1e-4, atol=1e-5, expected_keys={"name", "dtype", "class_aggregation", "num_regressors"})


def test_constant_targets_and_lazy_build():
    with mk.backend.use("numpy"):
        metric = cor.R2Score(class_aggregation=None)
        assert [v.name for v in metric.variables] == ["num_samples"] and float(metric.result()) == 0.0
        with StatelessScope(collect_assignments=False):
            metric.update_state(np.zeros((1, 2)), np.zeros((1, 2)))
        assert [v.name for v in metric.variables] == ["num_samples", "squared_sum", "sum", "residual", "count"]
        assert float(metric.num_samples.numpy()) == 0.0
        with np.errstate(all="ignore"):
            metric.update_state(np.ones((3, 2)), np.array([[1.0, 0.0]] * 3))
            result = to_numpy(metric.result())
        # No variance in the targets: exact predictions give NaN (0 / 0), wrong ones 0.
        assert np.isnan(result[0]) and result[1] == 0.0


def test_rank_1_inputs_gain_an_axis_only_when_sized_1():
    with mk.backend.use("numpy"):
        metric = cor.R2Score()
        metric.update_state(TARGETS[0][:, :1], PREDICTIONS[0][:, 0])
        assert metric.count.shape == (1,)
        with pytest.raises(ValueError, match="2D inputs"):
            cor.R2Score().update_state(TARGETS[0][:, 0], PREDICTIONS[0][:, 0])


@pytest.mark.parametrize("kwargs, message", [({"class_aggregation": "mean"}, "class_aggregation"),
                                             ({"num_regressors": -1}, "num_regressors")])
def test_invalid_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        cor.R2Score(**kwargs)


def np_pearson(t, p, axis=-1):
    tc, pc = t - t.mean(axis, keepdims=True), p - p.mean(axis, keepdims=True)
    return np.sum(tc * pc, axis) / np.sqrt(np.sum(tc**2, axis) * np.sum(pc**2, axis))


def np_concordance(t, p, axis=-1):
    covariance = np.mean((t - t.mean(axis, keepdims=True)) * (p - p.mean(axis, keepdims=True)), axis)
    return 2 * covariance / (t.var(axis) + p.var(axis) + (t.mean(axis) - p.mean(axis)) ** 2)


@pytest.mark.parametrize("cls, reference", [(cor.PearsonCorrelation, np_pearson),
                                            (cor.ConcordanceCorrelation, np_concordance)],
                         ids=["pearson", "concordance"])
def test_correlation_metrics(backend_name, cls, reference):
    # Each sample is a row of 3 values; axis=1 is the last axis, given explicitly.
    expected = reference_mean(lambda t, p: reference(t.astype(np.float64), p.astype(np.float64)), BATCHES)
    assert -0.9 < expected < 0.99
    check_metric(backend_name, lambda: cls(axis=1), BATCHES, expected, rtol=1e-4,
                 expected_keys={"name", "dtype", "axis"})


def test_correlation_functions_per_sample():
    with mk.backend.use("numpy"):
        t, p = TARGETS[0].astype(np.float64), PREDICTIONS[0].astype(np.float64)
        np.testing.assert_allclose(to_numpy(cor.pearson_correlation(t, p)), np_pearson(t, p), rtol=1e-6)
        np.testing.assert_allclose(to_numpy(cor.concordance_correlation(t, p, axis=0)), np_concordance(t, p, 0),
                                   rtol=1e-6)
        constant = np.ones((2, 3))
        assert np.all(to_numpy(cor.concordance_correlation(constant, constant)) == 0.0)
