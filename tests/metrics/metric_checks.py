"""One check for every metric: :func:`check_metric` runs a metric over several batches and compares with NumPy.

For one metric on one backend it checks, in order:

1. stateful ``update_state`` over batches, with and without sample weights,
   against a NumPy reference of Keras 3's weighted mean (or sum);
2. ``reset_state`` gives the empty result again, and a second run agrees;
3. ``stateless_reset_state`` / ``stateless_update_state`` / ``stateless_result``
   give the stateful result and leave the variables untouched;
4. the config round trip, through ``from_config`` and through
   ``metrics.serialize`` / ``metrics.deserialize`` (JSON included).

The NumPy references of per-sample values live here too, written from the
formulas (not from any other library).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

import multikeras as mk
from multikeras import ops

EPS = 1e-7
Batch = tuple[Any, Any, Any]


def to_numpy(x: Any) -> np.ndarray:
    return np.asarray(ops.convert_to_numpy(x))


def weighted_reduce(values: np.ndarray, weights: np.ndarray | None, reduce: str = "mean") -> tuple[np.ndarray, np.ndarray]:
    """Keras 3's per-sample weighting: (weighted per-sample values, per-sample weights)."""
    fn = np.mean if reduce == "mean" else np.sum
    values = np.asarray(values, dtype=np.float64)
    if weights is None:
        if values.ndim > 1:
            values = fn(values, axis=tuple(range(1, values.ndim)))
        count = np.ones(values.shape[:1]) if values.ndim else np.ones(())
        return values, count
    weights = np.asarray(weights, dtype=np.float64)
    if weights.ndim == values.ndim + 1 and weights.shape[-1] == 1:
        weights = weights[..., 0]
    if values.ndim == weights.ndim + 1 and values.shape[-1] == 1:
        values = values[..., 0]
    if values.ndim > weights.ndim:
        values = fn(values, axis=tuple(range(weights.ndim, values.ndim)))
    weights = np.broadcast_to(weights, values.shape)
    values = values * weights
    if weights.ndim > 1:
        weights = np.mean(weights, axis=tuple(range(1, weights.ndim)))
        values = fn(values, axis=tuple(range(1, values.ndim)))
    return values, weights


def reference_mean(per_sample: Callable[[Any, Any], np.ndarray], batches: Sequence[Batch]) -> float:
    total, count = 0.0, 0.0
    for y_true, y_pred, weights in batches:
        values, w = weighted_reduce(per_sample(np.asarray(y_true), np.asarray(y_pred)), weights)
        total += float(np.sum(values))
        count += float(np.sum(w))
    return total / count if count else 0.0


def _update(metric: mk.metrics.Metric, batch: Batch) -> None:
    y_true, y_pred, weights = batch
    if weights is None:
        metric.update_state(y_true, y_pred)
    else:
        metric.update_state(y_true, y_pred, sample_weight=weights)


def _stateless_update(metric: mk.metrics.Metric, values: list[Any], batch: Batch) -> list[Any]:
    y_true, y_pred, weights = batch
    return metric.stateless_update_state(values, y_true, y_pred, sample_weight=weights)


def check_config_round_trip(metric: mk.metrics.Metric, expected_keys: set[str] | None = None) -> None:
    config = metric.get_config()
    if expected_keys is not None:
        assert set(config) == expected_keys, (set(config), expected_keys)
    rebuilt = type(metric).from_config(config)
    assert type(rebuilt) is type(metric)
    assert rebuilt.get_config() == config
    serialized = mk.metrics.serialize(metric)
    assert serialized["class_name"] == type(metric).__name__ and serialized["module"] == "keras.metrics"
    again = mk.metrics.deserialize(json.loads(json.dumps(serialized)))
    assert type(again) is type(metric) and again.get_config() == config


def check_metric(
    backend_name: str,
    make_metric: Callable[[], mk.metrics.Metric],
    batches: Sequence[Batch],
    expected: float,
    rtol: float = 1e-5,
    atol: float = 1e-6,
    expected_keys: set[str] | None = None,
) -> None:
    """Run the checks of the module docstring; ``expected`` is the NumPy result over all ``batches``."""
    with mk.backend.use(backend_name):
        metric = make_metric()
        assert float(to_numpy(metric.result())) == 0.0
        for batch in batches:
            _update(metric, batch)
        result = to_numpy(metric.result())
        assert result.shape == () and str(result.dtype) == metric.dtype
        np.testing.assert_allclose(float(result), expected, rtol=rtol, atol=atol)

        metric.reset_state()
        assert float(to_numpy(metric.result())) == 0.0
        for batch in batches[:1]:
            _update(metric, batch)
        first = float(to_numpy(metric.result()))
        for batch in batches[1:]:
            _update(metric, batch)
        np.testing.assert_allclose(float(to_numpy(metric.result())), expected, rtol=rtol, atol=atol)

        before = [to_numpy(v.value).copy() for v in metric.variables]
        values = metric.stateless_reset_state()
        assert float(to_numpy(metric.stateless_result(values))) == 0.0
        values = _stateless_update(metric, values, batches[0])
        np.testing.assert_allclose(float(to_numpy(metric.stateless_result(values))), first, rtol=1e-6, atol=1e-7)
        for batch in batches[1:]:
            values = _stateless_update(metric, values, batch)
        np.testing.assert_allclose(float(to_numpy(metric.stateless_result(values))), float(result), rtol=1e-6,
                                   atol=1e-7)
        for variable, value in zip(metric.variables, before):
            np.testing.assert_array_equal(to_numpy(variable.value), value)

        check_config_round_trip(metric, expected_keys)


# NumPy references of per-sample values ------------------------------------------


def np_softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def np_sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def np_mse(t: np.ndarray, p: np.ndarray) -> np.ndarray:
    return np.mean((t - p) ** 2, axis=-1)


def np_mae(t: np.ndarray, p: np.ndarray) -> np.ndarray:
    return np.mean(np.abs(t - p), axis=-1)


def np_mape(t: np.ndarray, p: np.ndarray) -> np.ndarray:
    return 100.0 * np.mean(np.abs(t - p) / np.maximum(np.abs(t), EPS), axis=-1)


def np_msle(t: np.ndarray, p: np.ndarray) -> np.ndarray:
    return np.mean((np.log(np.maximum(p, EPS) + 1.0) - np.log(np.maximum(t, EPS) + 1.0)) ** 2, axis=-1)


def np_cosine(t: np.ndarray, p: np.ndarray, axis: int = -1) -> np.ndarray:
    tn = t / np.linalg.norm(t, axis=axis, keepdims=True)
    pn = p / np.linalg.norm(p, axis=axis, keepdims=True)
    return np.sum(tn * pn, axis=axis)


def np_log_cosh(t: np.ndarray, p: np.ndarray) -> np.ndarray:
    return np.mean(np.log(np.cosh(p - t)), axis=-1)


def _signs(t: np.ndarray) -> np.ndarray:
    return np.where(t == 0, -1.0, t)


def np_hinge(t: np.ndarray, p: np.ndarray) -> np.ndarray:
    return np.mean(np.maximum(1.0 - _signs(t) * p, 0.0), axis=-1)


def np_squared_hinge(t: np.ndarray, p: np.ndarray) -> np.ndarray:
    return np.mean(np.maximum(1.0 - _signs(t) * p, 0.0) ** 2, axis=-1)


def np_categorical_hinge(t: np.ndarray, p: np.ndarray) -> np.ndarray:
    positive = np.sum(t * p, axis=-1)
    negative = np.max((1.0 - t) * p, axis=-1)
    return np.maximum(negative - positive + 1.0, 0.0)


def np_kl(t: np.ndarray, p: np.ndarray) -> np.ndarray:
    t, p = np.clip(t, EPS, 1.0), np.clip(p, EPS, 1.0)
    return np.sum(t * np.log(t / p), axis=-1)


def np_poisson(t: np.ndarray, p: np.ndarray) -> np.ndarray:
    return np.mean(p - t * np.log(p + EPS), axis=-1)


def np_bce(t: np.ndarray, p: np.ndarray, from_logits: bool = False, label_smoothing: float = 0.0) -> np.ndarray:
    t = t * (1.0 - label_smoothing) + 0.5 * label_smoothing
    p = np_sigmoid(p) if from_logits else np.clip(p, EPS, 1.0 - EPS)
    return np.mean(-(t * np.log(p) + (1.0 - t) * np.log(1.0 - p)), axis=-1)


def np_cce(t: np.ndarray, p: np.ndarray, from_logits: bool = False, label_smoothing: float = 0.0,
           axis: int = -1) -> np.ndarray:
    classes = t.shape[axis]
    t = t * (1.0 - label_smoothing) + label_smoothing / classes
    if from_logits:
        p = np_softmax(p, axis=axis)
    else:
        p = np.clip(p / p.sum(axis=axis, keepdims=True), EPS, 1.0 - EPS)
    return -np.sum(t * np.log(p), axis=axis)


def np_sparse_cce(t: np.ndarray, p: np.ndarray, from_logits: bool = False) -> np.ndarray:
    t = np.asarray(t).astype(int)
    if t.ndim == p.ndim:
        t = t[..., 0]
    return np_cce(np.eye(p.shape[-1])[t], p, from_logits=from_logits)
