"""Sequential stacks (add, pop, deferred build, config) and subclassed models, on every backend."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops


def _forward(model, x):
    for layer in model.layers:
        x = x @ layer.kernel.numpy() + layer.bias.numpy()
        if layer.get_config()["activation"] == "relu":
            x = np.maximum(x, 0)
    return x


def test_sequential_with_input_builds_at_once(backend_name):
    with mk.backend.use(backend_name):
        model = mk.Sequential([mk.Input((20,)), layers.Dense(8, activation="relu"), layers.Dense(1)])
        assert model.built and model.output_shape == (None, 1) and model.input_shape == (None, 20)
        x = np.random.default_rng(1).normal(size=(4, 20)).astype("float32")
        np.testing.assert_allclose(ops.convert_to_numpy(model(x)), _forward(model, x), rtol=1e-5, atol=1e-5)
        assert model.count_params() == 20 * 8 + 8 + 8 + 1


def test_sequential_deferred_build_add_and_pop(backend_name):
    with mk.backend.use(backend_name):
        model = mk.Sequential(name="deferred")
        model.add(layers.Dense(4, activation="relu"))
        model.add(layers.Dense(2))
        assert not model.built
        with pytest.raises(AttributeError, match="not built"):
            model.output_shape
        y = model(np.ones((3, 5), "float32"))
        assert tuple(y.shape) == (3, 2) and model.built and model.input_shape == (None, 5)
        popped = model.pop()
        assert popped.name.startswith("dense") and len(model.layers) == 1 and model.output_shape == (None, 4)
        model.add(layers.Dense(7))
        assert model.output_shape == (None, 7)


def test_sequential_rejects_bad_additions():
    model = mk.Sequential([mk.Input((3,)), layers.Dense(2, name="twin")])
    with pytest.raises(ValueError, match="'twin' is already in the model"):
        model.add(layers.Dense(2, name="twin"))
    with pytest.raises(ValueError, match="expects a Layer, received int"):
        model.add(3)
    with pytest.raises(ValueError, match="an Input can only come first"):
        model.add(mk.Input((3,)))
    with pytest.raises(IndexError, match="no layer to pop"):
        mk.Sequential().pop()


def test_sequential_config_round_trip(backend_name):
    with mk.backend.use(backend_name):
        model = mk.Sequential([mk.Input((6,)), layers.Dense(4, activation="relu"), layers.Dense(2)], name="seq_cfg")
        config = model.get_config()
        assert config["layers"][0]["class_name"] == "InputLayer"
        clone = mk.Sequential.from_config(config)
        assert clone.output_shape == (None, 2) and [l.name for l in clone.layers] == [l.name for l in model.layers]
        clone.set_weights(model.get_weights())
        x = np.ones((2, 6), "float32")
        np.testing.assert_allclose(ops.convert_to_numpy(clone(x)), ops.convert_to_numpy(model(x)), rtol=1e-6)


class Mlp(mk.Model):
    def __init__(self, hidden=5, **kwargs):
        super().__init__(**kwargs)
        self.hidden = layers.Dense(hidden, activation="relu")
        self.out = layers.Dense(3)

    def call(self, x, training=False):
        return self.out(self.hidden(x))


def test_subclassed_model_eager_and_symbolic(backend_name):
    with mk.backend.use(backend_name):
        model = Mlp()
        x = np.random.default_rng(2).normal(size=(2, 4)).astype("float32")
        y = model(x)
        assert tuple(y.shape) == (2, 3) and len(model.weights) == 4
        assert [l.name for l in model.layers] == [model.hidden.name, model.out.name]
        expected = np.maximum(x @ model.hidden.kernel.numpy() + model.hidden.bias.numpy(), 0)
        expected = expected @ model.out.kernel.numpy() + model.out.bias.numpy()
        np.testing.assert_allclose(ops.convert_to_numpy(y), expected, rtol=1e-5, atol=1e-5)
        # Built symbolically: weights are real arrays of the backend, not tracers or fakes.
        fresh = Mlp()
        out = fresh(mk.Input((4,)))
        assert out.shape == (None, 3)
        assert all(mk.backend.current().is_tensor(w.value) for w in fresh.weights)
        np.testing.assert_array_equal(fresh.out.bias.numpy(), np.zeros(3))
        assert np.all(np.isfinite(fresh.hidden.kernel.numpy()))


def test_model_positional_arguments_are_rejected():
    with pytest.raises(TypeError, match=r"positional arguments \(3,\) are not accepted"):
        mk.Model(3)
