"""Functional models: graphs of layer calls, built symbolically and run on every backend."""

from __future__ import annotations

import json

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops


def _two_tower():
    a = mk.Input((4,), name="a")
    b = mk.Input((4,), name="b")
    shared = layers.Dense(3, name="shared")
    merged = shared(a) + shared(b) * 0.5
    head = layers.Dense(2, name="head")(merged)
    aux = layers.Dense(1, name="aux")(shared(a))
    return mk.Model([a, b], [head, aux], name="two_tower")


def test_multi_input_multi_output_with_shared_layer(backend_name):
    with mk.backend.use(backend_name):
        model = _two_tower()
        assert [t.shape for t in model.outputs] == [(None, 2), (None, 1)]
        xa, xb = np.ones((2, 4), "float32"), np.full((2, 4), 2.0, "float32")
        head, aux = model([xa, xb])
        shared, head_layer = model.get_layer("shared"), model.get_layer("head")
        k, c = shared.kernel.numpy(), shared.bias.numpy()
        expected_merged = (xa @ k + c) + (xb @ k + c) * 0.5
        np.testing.assert_allclose(ops.convert_to_numpy(head), expected_merged @ head_layer.kernel.numpy() + head_layer.bias.numpy(), rtol=1e-5, atol=1e-5)
        assert tuple(aux.shape) == (2, 1)
        assert len(model.weights) == 6  # shared counted once
        by_name = model({"a": xa, "b": xb})
        np.testing.assert_allclose(ops.convert_to_numpy(by_name[0]), ops.convert_to_numpy(head), rtol=1e-6)


def test_building_runs_no_computation_on_data(backend_name):
    calls = []

    class Spy(layers.Layer):
        def call(self, x):
            calls.append(type(x).__name__)
            return x * 2.0

        def compute_output_shape(self, input_shape):
            return input_shape

    with mk.backend.use(backend_name):
        inputs = mk.Input((3,))
        outputs = Spy()(inputs)
        model = mk.Model(inputs, outputs)
        assert calls == [] and outputs.shape == (None, 3)
        model(np.ones((1, 3), "float32"))
        assert len(calls) == 1


def test_nested_models_and_sequential_inside_functional(backend_name):
    with mk.backend.use(backend_name):
        inner = mk.Sequential([mk.Input((4,)), layers.Dense(3, activation="relu")], name="inner")
        inputs = mk.Input((4,))
        outputs = layers.Dense(1)(inner(inputs))
        outer = mk.Model(inputs, outputs)
        x = np.random.default_rng(0).normal(size=(5, 4)).astype("float32")
        hidden = np.maximum(x @ inner.layers[0].kernel.numpy() + inner.layers[0].bias.numpy(), 0)
        last = outer.layers[-1]
        np.testing.assert_allclose(ops.convert_to_numpy(outer(x)), hidden @ last.kernel.numpy() + last.bias.numpy(), rtol=1e-5, atol=1e-5)
        assert len(outer.weights) == 4


def test_config_round_trip_rebuilds_the_same_graph(backend_name):
    with mk.backend.use(backend_name):
        model = _two_tower()
        config = model.get_config()
        json.dumps(mk.saving.serialize_keras_object(config))
        clone = mk.Model.from_config(config) if False else type(model).from_config(config)
        assert [l.name for l in clone.layers] == [l.name for l in model.layers]
        clone.set_weights(model.get_weights())
        x = [np.ones((2, 4), "float32"), np.zeros((2, 4), "float32")]
        for mine, theirs in zip(model(x), clone(x)):
            np.testing.assert_allclose(ops.convert_to_numpy(mine), ops.convert_to_numpy(theirs), rtol=1e-6)


def test_graph_errors_are_explained():
    a, b = mk.Input((2,), name="known"), mk.Input((2,), name="forgotten")
    with pytest.raises(ValueError, match=r"Graph disconnected: .* needs the input 'forgotten'"):
        mk.Model(a, layers.Dense(1)(a) + b)
    with pytest.raises(ValueError, match="must come from keras.Input"):
        mk.Model(layers.Dense(1)(a), layers.Dense(1)(a))
    with pytest.raises(ValueError, match="outputs must be KerasTensors"):
        mk.Model(a, [np.ones(2)])


def test_wrong_input_shape_names_model_and_input(backend_name):
    with mk.backend.use(backend_name):
        inputs = mk.Input((3,), name="features")
        model = mk.Model(inputs, layers.Dense(1)(inputs), name="checked")
        with pytest.raises(ValueError, match=r"Model 'checked': input 'features' expects shape \(None, 3\), received \(2, 4\)"):
            model(np.ones((2, 4), "float32"))
        with pytest.raises(ValueError, match=r"expects 2 inputs \(\[\(None, 3\), \(None, 3\)\]\), received 1"):
            two = mk.Model([inputs, mk.Input((3,))], layers.Dense(1)(inputs))
            two([np.ones((2, 3), "float32")])


def test_ops_in_the_graph_are_replayed(backend_name):
    with mk.backend.use(backend_name):
        inputs = mk.Input((3,))
        outputs = ops.sum(ops.square(inputs), axis=-1, keepdims=True) + 1.0
        model = mk.Model(inputs, outputs)
        x = np.array([[1.0, 2.0, 3.0]], "float32")
        np.testing.assert_allclose(ops.convert_to_numpy(model(x)), [[15.0]])
        clone = type(model).from_config(model.get_config())
        np.testing.assert_allclose(ops.convert_to_numpy(clone(x)), [[15.0]])


def test_slicing_in_the_graph_survives_the_config(backend_name):
    with mk.backend.use(backend_name):
        inputs = mk.Input((4, 3))
        model = mk.Model(inputs, inputs[:, 1:, ::2][..., 0])
        x = np.arange(24, dtype="float32").reshape(2, 4, 3)
        assert model.output_shape == (None, 3)
        np.testing.assert_array_equal(ops.convert_to_numpy(model(x)), x[:, 1:, ::2][..., 0])
        clone = type(model).from_config(model.get_config())
        np.testing.assert_array_equal(ops.convert_to_numpy(clone(x)), x[:, 1:, ::2][..., 0])


def test_layers_get_layer_and_summary(capsys):
    model = _two_tower()
    assert [l.name for l in model.layers][:2] == ["a", "b"]
    assert model.get_layer(index=2).name == "shared"
    with pytest.raises(ValueError, match="has no layer named 'nope'"):
        model.get_layer("nope")
    with pytest.raises(ValueError, match="exactly one of name and index"):
        model.get_layer()
    model.summary()
    text = capsys.readouterr().out
    assert 'Model: "two_tower"' in text and "shared (Dense)" in text and "(None, 3)" in text
    assert "Total params: 27" in text  # (4*3+3) + (3*2+2) + (3*1+1)
    lines = []
    model.summary(print_fn=lines.append)
    assert any("head (Dense)" in line for line in lines)
