"""F1Score and FBetaScore against a NumPy reference, and their lazily built state.

The compiled update is checked in test_confusion_metrics.py, together with AUC (one compilation per backend).
"""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from metrics.stateful_checks import check_stateful_metric, np_fbeta
from multikeras.metrics import f_score_metrics as fs
from multikeras.state.stateless_scope import StatelessScope

RNG = np.random.default_rng(5)
LABELS = (RNG.random((3, 6, 4)) > 0.5).astype("float32")
SCORES = RNG.random((3, 6, 4)).astype("float32")
SCORES[0, 0] = 0.0  # a row without any positive prediction
SCORES[1, 2, :2] = 0.9  # a tie for the row maximum
WEIGHTS = RNG.random((3, 6)).astype("float32")
BATCHES = [(LABELS[0], SCORES[0], WEIGHTS[0]), (LABELS[1], SCORES[1], None), (LABELS[2], SCORES[2], WEIGHTS[2])]


CASES = [
    (fs.F1Score, {}),
    (fs.F1Score, {"average": "micro", "threshold": 0.5}),
    (fs.F1Score, {"average": "macro"}),
    (fs.FBetaScore, {"average": "weighted", "beta": 2.0, "threshold": 0.35}),
    (fs.FBetaScore, {"beta": 0.5}),
]


@pytest.mark.parametrize("cls, kwargs", CASES, ids=[f"{c.__name__}-{k}" for c, k in CASES])
def test_f_score(backend_name, cls, kwargs):
    expected = np_fbeta(BATCHES, **kwargs)
    keys = {"name", "dtype", "average", "threshold"} | ({"beta"} if cls is fs.FBetaScore else set())
    metric = check_stateful_metric(backend_name, lambda: cls(**kwargs), BATCHES, expected, expected_keys=keys)
    shape = () if kwargs.get("average") == "micro" else (4,)
    assert [v.name for v in metric.variables] == ["true_positives", "false_positives", "false_negatives",
                                                  "intermediate_weights"]
    assert all(v.shape == shape for v in metric.variables)


def test_builds_on_first_update_only():
    with mk.backend.use("numpy"):
        metric = fs.F1Score(average="macro")
        assert metric.variables == [] and float(metric.result()) == 0.0
        metric.reset_state()  # nothing to reset yet
        with StatelessScope(collect_assignments=False):  # the trainer's eager build on the first batch
            metric.update_state(np.zeros((1, 4)), np.zeros((1, 4)))
        assert [v.shape for v in metric.variables] == [(4,)] * 4
        assert not any(np.any(v.numpy()) for v in metric.variables)
        variables = metric.variables
        metric.update_state(LABELS[0], SCORES[0])
        assert all(a is b for a, b in zip(metric.variables, variables))


@pytest.mark.parametrize("kwargs, message", [
    ({"average": "samples"}, "Invalid `average` argument value"),
    ({"beta": 2}, "It should be a Python float"),
    ({"beta": 0.0}, "It should be > 0"),
    ({"threshold": 1}, "It should be a Python float"),
    ({"threshold": 1.5}, "0 < threshold <= 1"),
])
def test_invalid_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        fs.FBetaScore(**kwargs)


def test_input_rank_error():
    with mk.backend.use("numpy"), pytest.raises(ValueError, match="2D inputs"):
        fs.F1Score().update_state([1.0, 0.0], [0.2, 0.8])
