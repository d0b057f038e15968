"""Sum, Mean and MeanMetricWrapper: Keras 3's sample-weight rules, against NumPy, on every backend."""

from __future__ import annotations

import json

import numpy as np
import pytest

import multikeras as mk
from metrics.metric_checks import check_config_round_trip, to_numpy, weighted_reduce
from multikeras import ops
from multikeras.metrics.reduction_metrics import reduce_to_samplewise_values

RNG = np.random.default_rng(3)

# (values shape, weights shape or None): per-sample, per-entry, size-1 axes, rank-1 against (n, 1) ...
WEIGHT_CASES = [
    ((4,), None),
    ((4, 3), None),
    ((4, 3, 2), None),
    ((4,), (4,)),
    ((4,), (4, 1)),
    ((4, 1), (4,)),
    ((4, 3), (4,)),
    ((4, 3), (4, 1)),
    ((4, 3), (4, 3)),
    ((4, 3), (1, 3)),
    ((4, 3, 2), (4,)),
    ((4, 3, 2), (4, 3)),
    ((4, 3, 2), (4, 3, 2)),
    ((), ()),
    ((), None),
]


def _reference(values, weights, reduce):
    v, w = weighted_reduce(values, weights, reduce)
    return float(np.sum(v)), float(np.sum(w))


@pytest.mark.parametrize("reduce", ["mean", "sum"])
def test_sample_weight_rules(backend_name, reduce):
    with mk.backend.use(backend_name):
        for values_shape, weights_shape in WEIGHT_CASES:
            values = RNG.random(values_shape).astype("float32")
            weights = None if weights_shape is None else RNG.random(weights_shape).astype("float32")
            total, count = _reference(values, weights, reduce)
            metric = mk.metrics.Mean() if reduce == "mean" else mk.metrics.Sum()
            metric.update_state(values, sample_weight=weights)
            metric.update_state(values, sample_weight=weights)
            result = float(to_numpy(metric.result()))
            expected = total / count if reduce == "mean" else 2 * total
            np.testing.assert_allclose(result, expected, rtol=1e-5, err_msg=f"{values_shape} {weights_shape}")
            if reduce == "mean":
                np.testing.assert_allclose(float(to_numpy(metric.count.value)), 2 * count, rtol=1e-5)


def test_sum_adds_every_entry(backend_name):
    with mk.backend.use(backend_name):
        metric = mk.metrics.Sum()
        metric.update_state(np.ones((2, 3, 4)), sample_weight=[1.0, 2.0])
        assert float(to_numpy(metric.result())) == 36.0
        metric.update_state(5)
        assert float(to_numpy(metric.result())) == 41.0


def test_mean_counts_samples_not_entries(backend_name):
    with mk.backend.use(backend_name):
        metric = mk.metrics.Mean()
        metric.update_state([[1.0, 3.0], [5.0, 7.0]])
        assert float(to_numpy(metric.count.value)) == 2.0
        assert float(to_numpy(metric.result())) == 4.0
        metric.update_state(10.0)
        assert float(to_numpy(metric.count.value)) == 3.0
        assert float(to_numpy(metric.result())) == pytest.approx(6.0)



@pytest.mark.parametrize("dtype", ["float32", "float16", "float64"])
def test_mean_weighted_by_a_batch_size_keeps_the_metric_dtype(backend_name, dtype):
    """The training loss tracker's case: one loss value and an int batch size per step."""
    with mk.backend.use(backend_name):
        metric = mk.metrics.Mean(dtype=dtype)
        metric.update_state(ops.convert_to_tensor(2.5, dtype=dtype), sample_weight=4)
        metric.update_state(np.float32(1.0), sample_weight=2)
        for variable in (metric.total, metric.count):
            assert mk.backend.standardize_dtype(ops.dtype(variable.value)) == dtype
        assert float(to_numpy(metric.count.value)) == 6.0
        assert float(to_numpy(metric.total.value)) == 12.0
        assert float(to_numpy(metric.result())) == pytest.approx(2.0)

@pytest.mark.parametrize("values_shape, weights_shape", [((4, 3), (3,)), ((4,), (2, 2)), ((4,), (4, 2)), ((), (4,))])
def test_sample_weight_that_does_not_fit_is_an_error(values_shape, weights_shape):
    with mk.backend.use("numpy"):
        metric = mk.metrics.Mean()
        with pytest.raises(ValueError, match=r"Mean: `sample_weight` of shape .* cannot be broadcast"):
            metric.update_state(np.ones(values_shape), sample_weight=np.ones(weights_shape))


def test_mask_folds_into_sample_weights():
    with mk.backend.use("numpy"):
        values = np.array([[1.0, 2.0], [3.0, 4.0]], "float32")
        mask = np.array([[True, False], [True, True]])
        v, w = reduce_to_samplewise_values(values, np.array([1.0, 2.0]), ops.mean, "float32", mask=mask)
        np.testing.assert_allclose(to_numpy(v), [0.5, 7.0])
        np.testing.assert_allclose(to_numpy(w), [0.5, 2.0])
        v, w = reduce_to_samplewise_values(values, None, ops.mean, "float32", mask=mask)  # Keras 3: no weights, no mask
        np.testing.assert_allclose(to_numpy(v), [1.5, 3.5])
        assert w is None


def squared_error_times(y_true, y_pred, factor=1.0):
    return factor * ops.mean(ops.square(ops.convert_to_tensor(y_true) - ops.convert_to_tensor(y_pred)), axis=-1)


def test_mean_metric_wrapper(backend_name):
    y_true = RNG.random((2, 4, 3)).astype("float32")
    y_pred = RNG.random((2, 4, 3)).astype("float32")
    weights = RNG.random(4).astype("float32")
    with mk.backend.use(backend_name):
        metric = mk.metrics.MeanMetricWrapper(squared_error_times, name="sq", factor=3.0)
        metric.update_state(y_true[0], y_pred[0])
        metric.update_state(y_true[1], y_pred[1], sample_weight=weights)
        per_sample = 3.0 * np.mean((y_true - y_pred) ** 2, axis=-1)
        expected = (per_sample[0].sum() + (per_sample[1] * weights).sum()) / (4 + weights.sum())
        np.testing.assert_allclose(float(to_numpy(metric.result())), expected, rtol=1e-5)
        assert metric.name == "sq" and not hasattr(metric, "_direction")


def test_mean_metric_wrapper_of_a_loss_is_minimized_and_round_trips():
    with mk.backend.use("numpy"):
        metric = mk.metrics.MeanMetricWrapper(mk.losses.mean_squared_error, name="m")
        assert metric._direction == "down"
        config = metric.get_config()
        assert config["fn"] == {"module": "builtins", "class_name": "function", "config": "mean_squared_error",
                                "registered_name": "function"}
        check_config_round_trip(metric, {"name", "dtype", "fn"})
        assert mk.metrics.MeanMetricWrapper.from_config(config)._fn is mk.losses.mean_squared_error
        wrapped = mk.metrics.MeanMetricWrapper(mk.metrics.binary_accuracy, threshold=0.3)
        rebuilt = mk.metrics.deserialize(json.loads(json.dumps(mk.metrics.serialize(wrapped))))
        assert rebuilt._fn is mk.metrics.binary_accuracy and rebuilt._fn_kwargs == {"threshold": 0.3}


def test_mean_metric_wrapper_of_a_registered_function_round_trips():
    @mk.saving.register_keras_serializable(package="MetricsTest")
    def doubled_error(y_true, y_pred):
        return 2.0 * ops.abs(ops.convert_to_tensor(y_true) - ops.convert_to_tensor(y_pred))

    with mk.backend.use("numpy"):
        metric = mk.metrics.MeanMetricWrapper(doubled_error, name="doubled")
        rebuilt = mk.metrics.deserialize(json.loads(json.dumps(mk.metrics.serialize(metric))))
        assert rebuilt._fn is doubled_error and rebuilt.name == "doubled"


def test_mean_metric_wrapper_default_name_is_unique():
    first = mk.metrics.MeanMetricWrapper(squared_error_times)
    second = mk.metrics.MeanMetricWrapper(squared_error_times)
    assert first.name.startswith("mean_metric_wrapper") and second.name.startswith("mean_metric_wrapper")
    assert first.name != second.name


def test_mean_metric_wrapper_rejects_a_non_callable():
    with pytest.raises(TypeError, match="MeanMetricWrapper: expected a callable for `fn`, received str"):
        mk.metrics.MeanMetricWrapper("mse")


def test_sum_mean_configs():
    with mk.backend.use("numpy"):
        check_config_round_trip(mk.metrics.Sum(name="s"), {"name", "dtype"})
        check_config_round_trip(mk.metrics.Mean(dtype="float64"), {"name", "dtype"})
        assert mk.metrics.Mean().get_config() == {"name": "mean", "dtype": "float32"}
        assert mk.metrics.Sum().get_config() == {"name": "sum", "dtype": "float32"}
