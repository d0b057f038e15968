"""multikeras.utils.compare_backends: the same weights on each backend in one process, differences per pair and output."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest
from saving_helpers import INPUTS, functional_cnn, randomize

import multikeras as mk
from multikeras import layers, ops
from multikeras.utils import BackendComparison


def _reference_differences(a, b):
    """Max |a - b| and max |a - b| / max(|a|, |b|) over elements where a != b, in float64."""
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    differ = a != b
    if not differ.any():
        return 0.0, 0.0
    absolute = np.abs(a - b)[differ]
    return float(absolute.max()), float((absolute / np.maximum(np.abs(a), np.abs(b))[differ]).max())


def test_report_of_a_cnn_on_every_backend(backends_under_test):
    x = INPUTS["functional_cnn"]
    with mk.backend.use(backends_under_test[0]):
        model = functional_cnn("cnn")
        randomize(model, seed=1)
    report = mk.utils.compare_backends(model, x, backends=backends_under_test)
    assert report.backends == backends_under_test and report.output_names == [model.layers[-1].name]
    outputs = {}
    for name in backends_under_test:
        with mk.backend.use(name):
            outputs[name] = ops.convert_to_numpy(model.to_backend(name)(x))
        np.testing.assert_array_equal(report.outputs[name][0], outputs[name])
    found = report.as_dict()
    assert list(found) == [f"{a}/{b}" for a, b in itertools.combinations(backends_under_test, 2)]
    for a, b in itertools.combinations(backends_under_test, 2):
        entry = found[f"{a}/{b}"][model.layers[-1].name]
        assert (entry["max_abs"], entry["max_rel"]) == pytest.approx(_reference_differences(outputs[a], outputs[b]))
        assert entry["max_abs"] < 1e-5
    assert report.max_abs == max((e["max_abs"] for pair in found.values() for e in pair.values()), default=0.0)
    assert json.loads(json.dumps(found)) == found
    text = str(report)
    for a, b in itertools.combinations(backends_under_test, 2):
        assert f"{a} / {b}" in text
    assert "max abs" in text and "max rel" in text


def test_default_backends_are_every_available_one():
    with mk.backend.use("numpy"):
        model = mk.Sequential([mk.Input((3,)), layers.Dense(2, activation="tanh")])
    report = mk.utils.compare_backends(model, np.linspace(-1, 1, 6, dtype="float32").reshape(2, 3))
    assert report.backends == mk.backend.available()
    assert report.max_abs < 1e-5


def test_every_output_of_a_multi_output_model_is_compared():
    with mk.backend.use("numpy"):
        inputs = mk.Input((4,))
        hidden = layers.Dense(3, activation="relu", name="hidden")(inputs)
        model = mk.Model(inputs, [layers.Dense(2, name="first")(hidden), layers.Dense(1, name="second")(hidden)])
        randomize(model, seed=2)
    report = mk.utils.compare_backends(model, INPUTS["mlp"], backends=["numpy", "numpy"])
    assert report.backends == ["numpy"] and report.output_names == ["first", "second"]
    assert report.as_dict() == {} and report.max_abs == 0.0
    assert "nothing to compare" in str(report)


def test_differences_against_numpy_reference():
    rng = np.random.default_rng(3)
    a = rng.normal(size=(3, 4)).astype("float32")
    b = a + rng.normal(scale=1e-3, size=a.shape).astype("float32")
    b[0, 0] = a[0, 0]
    zeros = np.zeros(2)
    report = BackendComparison({"x": [a, zeros], "y": [b, zeros]}, ["out", "zeros"])
    found = report.as_dict()["x/y"]
    assert (found["out"]["max_abs"], found["out"]["max_rel"]) == pytest.approx(_reference_differences(a, b))
    assert found["zeros"] == {"max_abs": 0.0, "max_rel": 0.0}
    assert "x / y" in str(report) and "out" in str(report) and "BackendComparison" in repr(report)


def test_nan_on_one_side_only_counts_as_infinite():
    both = np.array([np.nan, 1.0])
    one = np.array([np.nan, np.nan])
    report = BackendComparison({"a": [both, both], "b": [both, one]}, ["same", "different"])
    found = report.as_dict()["a/b"]
    assert found["same"] == {"max_abs": 0.0, "max_rel": 0.0}
    assert found["different"] == {"max_abs": float("inf"), "max_rel": float("inf")}


def test_errors():
    with mk.backend.use("numpy"):
        model = mk.Sequential([mk.Input((2,)), layers.Dense(1)])
    x = np.ones((1, 2), "float32")
    with pytest.raises(ValueError, match=r"unknown or unavailable backend\(s\) \['nope'\]"):
        mk.utils.compare_backends(model, x, backends=["numpy", "nope"])
    with pytest.raises(ValueError, match=r"received backends=\[\]"):
        mk.utils.compare_backends(model, x, backends=[])
    with pytest.raises(ValueError, match=r"output 'y' has shape \(2,\) on 'a' and \(3,\) on 'b'"):
        BackendComparison({"a": [np.zeros(2)], "b": [np.zeros(3)]}, ["y"])
    with pytest.raises(ValueError, match=r"backend 'b' gave 2 output\(s\), expected 1"):
        BackendComparison({"a": [np.zeros(2)], "b": [np.zeros(2), np.zeros(2)]}, ["y"])
