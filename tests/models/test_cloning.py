"""clone_model (Sequential, Functional, subclassed; clone_function, call_function, recursive, input_tensors)
and to_json / model_from_json."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers
from multikeras.models.cloning import clone_model, model_from_json


def _outputs(model, x):
    return mk.ops.convert_to_numpy(model(x))


def test_sequential_clone_has_new_weights_and_same_structure(backend_name):
    x = np.random.default_rng(0).normal(size=(2, 3)).astype("float32")
    with mk.backend.use(backend_name):
        model = mk.Sequential([mk.Input((3,)), layers.Dense(4, activation="relu"), layers.Dense(2)], name="net")
        clone = clone_model(model)
        assert clone.name == "net" and [type(layer) for layer in clone.layers] == [type(layer) for layer in model.layers]
        assert all(a is not b for a, b in zip(clone.weights, model.weights))
        assert not np.allclose(_outputs(clone, x), _outputs(model, x))  # fresh initialization
        clone.set_weights(model.get_weights())
        np.testing.assert_allclose(_outputs(clone, x), _outputs(model, x), rtol=1e-6)
        unbuilt = clone_model(mk.Sequential([layers.Dense(2)]))
        assert not unbuilt.built


def test_functional_clone_keeps_sharing_structure_and_names(backend_name):
    with mk.backend.use(backend_name):
        a, b = mk.Input((3,), name="a"), mk.Input((3,), name="b")
        shared = layers.Dense(2, name="shared")
        model = mk.Model({"a": a, "b": b}, {"sum": layers.Add()([shared(a), shared(b)])}, name="fun")
        clone = clone_model(model)
        assert clone.name == "fun" and len(clone.weights) == 2  # the shared layer was cloned once
        assert [layer.name for layer in clone.layers] == [layer.name for layer in model.layers]
        clone.set_weights(model.get_weights())
        data = {"a": np.ones((1, 3), "float32"), "b": np.full((1, 3), 2.0, "float32")}
        np.testing.assert_allclose(mk.ops.convert_to_numpy(clone(data)["sum"]),
                                   mk.ops.convert_to_numpy(model(data)["sum"]), rtol=1e-6)


def test_clone_function_call_function_and_input_tensors():
    with mk.backend.use("numpy"):
        x = mk.Input((3,), name="x")
        model = mk.Model(x, layers.Dense(2, name="d")(layers.Dense(4, name="h")(x)))
        same = clone_model(model, clone_function=lambda layer: layer)  # sharing every layer: the same weights
        assert [id(w) for w in same.weights] == [id(w) for w in model.weights]
        called = []

        def record(layer, *args, **kwargs):
            called.append(layer.name)
            return layer(*args, **kwargs)

        new_input = mk.Input((3,), name="fresh")
        clone = clone_model(model, input_tensors=new_input, call_function=record)
        assert called == ["h", "d"] and clone.inputs[0] is new_input
        with pytest.raises(ValueError, match="must be keras.Input\\(\\) tensors"):
            clone_model(model, input_tensors=layers.Dense(3)(mk.Input((3,))))
        with pytest.raises(ValueError, match="has 1 inputs, received 2 input tensors"):
            clone_model(model, input_tensors=[mk.Input((3,)), mk.Input((3,))])
        with pytest.raises(ValueError, match="must return a layer; for layer 'h' it returned int"):
            clone_model(model, clone_function=lambda layer: 3)
        with pytest.raises(ValueError, match="unexpected keyword argument"):
            clone_model(model, foo=1)


def test_recursive_clones_nested_models_whole():
    def rename(layer):
        return type(layer).from_config({**layer.get_config(), "name": layer.name + "_c"})

    with mk.backend.use("numpy"):
        x = mk.Input((3,))
        inner = mk.Sequential([layers.Dense(2, name="inner_dense")], name="inner")
        model = mk.Model(x, inner(x))
        flat = clone_model(model, clone_function=rename)
        assert flat.layers[1].name == "inner_c" and flat.layers[1].layers[0].name == "inner_dense"
        deep = clone_model(model, clone_function=rename, recursive=True)
        assert deep.layers[1].name == "inner" and deep.layers[1].layers[0].name == "inner_dense_c"


class Subclassed(mk.Model):
    def __init__(self, units=2, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.dense = layers.Dense(units)

    def call(self, x):
        return self.dense(x)

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def test_subclassed_models_clone_through_their_config():
    with mk.backend.use("numpy"):
        model = Subclassed(units=5, name="sub")
        clone = clone_model(model)
        assert type(clone) is Subclassed and clone.units == 5 and clone is not model
        with pytest.raises(ValueError, match="only supported for Sequential and Functional models; received model 'sub'"):
            clone_model(model, clone_function=lambda layer: layer)
        with pytest.raises(ValueError, match="`call_function` is only supported for Functional models"):
            clone_model(model, call_function=lambda layer, *a, **k: layer(*a, **k))


def test_to_json_round_trip(backend_name):
    with mk.backend.use(backend_name):
        x = mk.Input((4,), name="x")
        model = mk.Model(x, layers.Dense(3, activation="tanh", name="d")(layers.Dropout(0.5)(x)), name="m")
        rebuilt = model_from_json(model.to_json())
        assert rebuilt.get_config() == model.get_config()
        assert rebuilt.to_json(sort_keys=True) == model.to_json(sort_keys=True)
    with pytest.raises(ValueError, match="could not parse it"):
        model_from_json("{not json")
