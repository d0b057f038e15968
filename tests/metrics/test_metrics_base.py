"""The Metric base class: names, state variables, tracking, reset, the stateless API, dtypes."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from metrics.metric_checks import to_numpy
from multikeras import ops


class CountAbove(mk.metrics.Metric):
    """Counts entries above a threshold; its ``seen`` state starts at 10 to test non-zero initializers."""

    def __init__(self, threshold=0.5, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.threshold = threshold
        self.above = self.add_variable((), "zeros", name="above")
        self.seen = self.add_variable((), mk.initializers.Constant(10.0), name="seen")
        self.hits = self.add_variable((2,), "zeros", dtype="int32", name="hits")

    def update_state(self, values):
        values = ops.convert_to_tensor(values, self.dtype)
        above = ops.cast(ops.greater(values, self.threshold), self.dtype)
        self.above.assign_add(ops.sum(above))
        self.seen.assign_add(ops.cast(ops.size(values), self.dtype))
        self.hits.assign_add(ops.cast(ops.stack([ops.sum(above), ops.sum(1.0 - above)]), "int32"))

    def result(self):
        return ops.divide(self.above.value, self.seen.value - 10.0)


class Pair(mk.metrics.Metric):
    """Holds two metrics, one in an attribute and one in a dict: their variables are tracked."""

    def __init__(self, name="pair"):
        super().__init__(name=name)
        self.mean = mk.metrics.Mean(name="inner_mean")
        self.parts = {"sum": mk.metrics.Sum(name="inner_sum")}
        self.calls = self.add_variable((), "zeros", name="calls")

    def update_state(self, values):
        self.mean.update_state(values)
        self.parts["sum"].update_state(values)
        self.calls.assign_add(1.0)

    def result(self):
        return self.mean.result() + self.parts["sum"].result()


def test_custom_metric_state_reset_and_stateless(backend_name):
    with mk.backend.use(backend_name):
        metric = CountAbove(name="count_above")
        assert [v.path for v in metric.variables] == ["count_above/above", "count_above/seen", "count_above/hits"]
        assert all(not v.trainable for v in metric.variables)
        metric.update_state([0.1, 0.7, 0.9, 0.2])
        assert float(to_numpy(metric.result())) == 0.5
        np.testing.assert_array_equal(to_numpy(metric.hits.value), [2, 2])
        metric.reset_state()
        assert float(to_numpy(metric.seen.value)) == 10.0  # back to its initializer, not to zero
        np.testing.assert_array_equal(to_numpy(metric.hits.value), [0, 0])
        values = metric.stateless_reset_state()
        values = metric.stateless_update_state(values, [0.6, 0.7, 0.1])
        assert float(to_numpy(metric.stateless_result(values))) == pytest.approx(2 / 3)
        assert str(to_numpy(values[2]).dtype) == "int32"
        assert float(to_numpy(metric.seen.value)) == 10.0  # untouched by the stateless calls
        with pytest.raises(ValueError, match=r"CountAbove 'count_above'.stateless_update_state: expected .* \(3\), "
                                             r"received 2"):
            metric.stateless_update_state(values[:2], [1.0])


def test_nested_metrics_are_tracked(backend_name):
    with mk.backend.use(backend_name):
        metric = Pair()
        assert [v.path for v in metric.variables] == ["pair/calls", "inner_mean/total", "inner_mean/count",
                                                     "inner_sum/total"]
        metric.update_state([1.0, 3.0])
        assert float(to_numpy(metric.result())) == 6.0
        values = metric.stateless_update_state([v.value for v in metric.variables], [5.0])
        assert float(to_numpy(metric.stateless_result(values))) == pytest.approx(3.0 + 9.0)
        metric.reset_state()
        assert [float(to_numpy(v.value)) for v in metric.variables] == [0.0, 0.0, 0.0, 0.0]


def test_call_updates_and_returns_the_result():
    with mk.backend.use("numpy"):
        metric = mk.metrics.Mean()
        assert float(metric([1.0, 2.0])) == 1.5
        assert float(metric([6.0])) == 3.0


def test_default_names_are_snake_case_and_unique():
    class KLThing(mk.metrics.Metric):
        pass

    first, second = KLThing(), KLThing()
    assert first.name == "kl_thing" and second.name == "kl_thing_1"
    assert mk.metrics.Mean().name == "mean" and mk.metrics.Mean().name == "mean"  # defaults are not made unique
    assert repr(mk.metrics.Mean(name="m")) == "<Mean name=m>" == str(mk.metrics.Mean(name="m"))


def test_dtype_and_dtype_policies(backend_name):
    with mk.backend.use(backend_name):
        metric = mk.metrics.Mean(dtype="mixed_float16")
        assert metric.dtype == "float16" and metric.get_config()["dtype"] == "float16"
        assert metric.total.dtype == "float16"
        metric = mk.metrics.Mean(dtype=mk.dtype_policies.DTypePolicy("float32"))
        assert metric.dtype == "float32"
        metric = mk.metrics.Sum(dtype="float16")
        metric.update_state([1.0, 2.0])
        assert ops.dtype(metric.result()) == "float16"


def test_add_variable_before_super_init_is_an_error():
    class Broken(mk.metrics.Metric):
        def __init__(self):
            self.total = self.add_variable((), "zeros", name="total")

    with pytest.raises(RuntimeError, match=r"Broken.add_variable: .* call super\(\).__init__\(\)"):
        Broken()


def test_add_weight_defaults_to_zeros():
    class Weighted(mk.metrics.Metric):
        def __init__(self):
            super().__init__(name="w")
            self.w = self.add_weight(name="w")

    with mk.backend.use("numpy"):
        metric = Weighted()
        assert metric.w.shape == () and float(metric.w.numpy()) == 0.0 and metric.w.path == "w/w"


def test_update_state_and_result_must_be_implemented():
    metric = mk.metrics.Metric(name="bare")
    with pytest.raises(NotImplementedError, match="Metric must implement update_state"):
        metric.update_state(1.0)
    with pytest.raises(NotImplementedError, match="Metric must implement result"):
        metric.result()
