"""Checks shared by the tests of metrics whose result is an array (confusion, IoU, F-score, R² metrics).

:func:`check_stateful_metric` runs one metric over batches on one backend and
checks, against an expected NumPy result:

1. stateful ``update_state`` over several batches (with and without weights);
2. ``reset_state`` zeroes every variable, and a second run gives the same result;
3. ``stateless_reset_state`` / ``stateless_update_state`` / ``stateless_result``
   give the stateful result and leave the variables untouched;
4. the config round trip (``from_config``, ``serialize``/``deserialize``, JSON).

:func:`np_fbeta` is the NumPy F-beta reference (used by the F-score and the compiled-update tests).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

import multikeras as mk
from metrics.metric_checks import check_config_round_trip, to_numpy

Batch = tuple[Any, Any, Any]


def update(metric: mk.metrics.Metric, batch: Batch) -> None:
    y_true, y_pred, weights = batch
    if weights is None:
        metric.update_state(y_true, y_pred)
    else:
        metric.update_state(y_true, y_pred, sample_weight=weights)


def check_stateful_metric(
    backend_name: str,
    make_metric: Callable[[], mk.metrics.Metric],
    batches: Sequence[Batch],
    expected: Any,
    rtol: float = 1e-5,
    atol: float = 1e-6,
    expected_keys: set[str] | None = None,
) -> mk.metrics.Metric:
    """Run the checks of the module docstring; returns the metric (holding the state of all batches)."""
    with mk.backend.use(backend_name):
        metric = make_metric()
        for batch in batches:
            update(metric, batch)
        result = to_numpy(metric.result())
        assert str(result.dtype) == mk.config.floatx() or str(result.dtype) == metric.dtype, result.dtype
        np.testing.assert_allclose(result, expected, rtol=rtol, atol=atol)

        metric.reset_state()
        for variable in metric.variables:
            assert not np.any(to_numpy(variable.value)), variable.path
        for batch in batches:
            update(metric, batch)
        np.testing.assert_allclose(to_numpy(metric.result()), result, rtol=1e-6, atol=1e-7)

        before = [to_numpy(v.value).copy() for v in metric.variables]
        values = metric.stateless_reset_state()
        for value in values:
            assert not np.any(to_numpy(value))
        for y_true, y_pred, weights in batches:
            values = metric.stateless_update_state(values, y_true, y_pred, sample_weight=weights)
        np.testing.assert_allclose(to_numpy(metric.stateless_result(values)), result, rtol=1e-6, atol=1e-7)
        for variable, value in zip(metric.variables, before):
            np.testing.assert_array_equal(to_numpy(variable.value), value)

        check_config_round_trip(metric, expected_keys)
        return metric


# NumPy references shared by several test modules ---------------------------------------


def np_fbeta(batches, average=None, beta=1.0, threshold=None):
    """F-beta over ``(y_true, y_pred, weights)`` batches: per class, or micro / macro / support-weighted."""
    tp = fp = fn = support = 0.0
    for y_true, y_pred, weights in batches:
        if threshold is None:
            predicted = (y_pred >= y_pred.max(axis=-1, keepdims=True)) & (np.abs(y_pred) > 1e-9)
        else:
            predicted = y_pred > threshold
        w = np.ones((len(y_true), 1)) if weights is None else weights[:, None]
        axis = None if average == "micro" else 0
        tp = tp + np.sum(w * (predicted & (y_true == 1)), axis=axis)
        fp = fp + np.sum(w * (predicted & (y_true == 0)), axis=axis)
        fn = fn + np.sum(w * (~predicted & (y_true == 1)), axis=axis)
        support = support + np.sum(w * y_true, axis=axis)
    precision, recall = tp / (tp + fp + 1e-7), tp / (tp + fn + 1e-7)
    score = (1 + beta**2) * precision * recall / (beta**2 * precision + recall + 1e-7)
    if average == "weighted":
        return np.sum(score * support / (np.sum(support) + 1e-7))
    if average in ("micro", "macro"):
        return np.mean(score)
    return score
