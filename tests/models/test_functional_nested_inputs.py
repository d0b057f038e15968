"""Functional models whose inputs and outputs are nested structures (dicts of dicts, dicts of lists).

Expected layouts (``model.inputs`` order, the ``input_layers`` / ``output_layers`` config entries) were
recorded by running the same model definitions on Keras 3.15.1 (KERAS_BACKEND=jax) in a subprocess.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops


def _detection_model():
    """Nested dict inputs, and a dict-of-list output."""
    inputs = {
        "images": mk.Input((4, 4, 3), name="images"),
        "bounding_boxes": {"boxes": mk.Input((2, 4), name="boxes"), "labels": mk.Input((2,), dtype="int32", name="labels")},
    }
    boxes = inputs["bounding_boxes"]["boxes"]
    outputs = {
        "a": inputs["images"] * 2.0,
        "b": [boxes + 1.0, ops.cast(inputs["bounding_boxes"]["labels"], "float32") * 3.0],
    }
    return mk.Model(inputs, outputs, name="detector")


def _detection_data():
    rng = np.random.default_rng(0)
    return {
        # Keys in another order than the model's: values are matched by key, never by position.
        "bounding_boxes": {"labels": np.array([[1, 2]], "int32"), "boxes": rng.normal(size=(1, 2, 4)).astype("float32")},
        "images": rng.normal(size=(1, 4, 4, 3)).astype("float32"),
    }


def _check_detection_outputs(y, x):
    assert set(y) == {"a", "b"} and isinstance(y["b"], list) and len(y["b"]) == 2
    np.testing.assert_allclose(np.asarray(y["a"]), x["images"] * 2.0, rtol=1e-6)
    np.testing.assert_allclose(np.asarray(y["b"][0]), x["bounding_boxes"]["boxes"] + 1.0, rtol=1e-6)
    np.testing.assert_allclose(np.asarray(y["b"][1]), [[3.0, 6.0]])


def test_call_with_nested_dict_inputs_and_outputs(backend_name):
    with mk.backend.use(backend_name):
        model = _detection_model()
        # Keras 3: inputs flattened with dict keys sorted, at every level.
        assert [t.name for t in model.inputs] == ["boxes", "labels", "images"]
        assert set(model.input) == {"images", "bounding_boxes"}
        x = _detection_data()
        _check_detection_outputs(model(x), x)
        # An extra key is ignored, as in Keras 3.
        _check_detection_outputs(model({**x, "unused": x["images"]}), x)


def test_flat_dict_inputs_are_matched_by_key_not_insertion_order(backend_name):
    with mk.backend.use(backend_name):
        a, b = mk.Input((3,), name="a"), mk.Input((5,), name="b")
        model = mk.Model({"b": b, "a": a}, {"b": ops.sum(b, axis=-1), "a": ops.sum(a, axis=-1)})
        y = model({"b": np.ones((1, 5), "float32"), "a": np.ones((1, 3), "float32")})
        np.testing.assert_allclose(np.asarray(y["a"]), [3.0])
        np.testing.assert_allclose(np.asarray(y["b"]), [5.0])


def test_dict_of_list_inputs(backend_name):
    with mk.backend.use(backend_name):
        c0, c1 = mk.Input((2,), name="c0"), mk.Input((3,), name="c1")
        model = mk.Model({"x": [c0, c1], "y": c1}, layers.Concatenate()([c0 * 10.0, c1, c1]))
        assert [t.name for t in model.inputs] == ["c0", "c1", "c1"]
        x0, x1 = np.array([[1.0, 2.0]], "float32"), np.array([[3.0, 4.0, 5.0]], "float32")
        y = model({"x": [x0, x1], "y": x1})
        np.testing.assert_allclose(np.asarray(y), [[10.0, 20.0, 3.0, 4.0, 5.0, 3.0, 4.0, 5.0]])
        assert json.loads(json.dumps(model.get_config()["input_layers"])) == {"x": [["c0", 0, 0], ["c1", 0, 0]], "y": ["c1", 0, 0]}


def test_single_input_in_a_dict_also_takes_a_bare_array(backend_name):
    # Keras 3 (observed) accepts an array, or a list of one, for a model whose one input sits in a dict,
    # and refuses a list for several dict inputs.
    with mk.backend.use(backend_name):
        x = mk.Input((3,), name="x")
        model = mk.Model({"outer": {"x": x}}, ops.sum(x, axis=-1))
        value = np.array([[1.0, 2.0, 3.0]], "float32")
        for given in ({"outer": {"x": value}}, value, [value]):
            np.testing.assert_allclose(np.asarray(model(given)), [6.0])
        a, b = mk.Input((3,), name="a"), mk.Input((3,), name="b")
        pair = mk.Model({"a": a, "b": b}, a - b)
        with pytest.raises(ValueError, match="input structure"):
            pair([value, value])


def test_predict_with_nested_dict_inputs(backend_name):
    with mk.backend.use(backend_name):
        model = _detection_model()
        x = _detection_data()
        x3 = {  # three samples, predicted in batches of two
            "images": np.concatenate([x["images"]] * 3),
            "bounding_boxes": {k: np.concatenate([v] * 3) for k, v in x["bounding_boxes"].items()},
        }
        y = model.predict(x3, batch_size=2, verbose=0)
        assert set(y) == {"a", "b"} and isinstance(y["b"], list)
        assert np.asarray(y["a"]).shape == (3, 4, 4, 3) and np.asarray(y["b"][0]).shape == (3, 2, 4)
        _check_detection_outputs({"a": y["a"][:1], "b": [y["b"][0][:1], y["b"][1][:1]]}, x)


def test_wrongly_structured_inputs_are_refused(backend_name):
    with mk.backend.use(backend_name):
        model = _detection_model()
        x = _detection_data()
        flat = [x["images"], x["bounding_boxes"]["boxes"], x["bounding_boxes"]["labels"]]
        with pytest.raises(ValueError, match="input structure"):  # Keras 3 refuses a flat list too
            model(flat)
        with pytest.raises(ValueError, match=r"input structure.*bounding_boxes\.labels"):
            model({"images": x["images"], "bounding_boxes": {"boxes": x["bounding_boxes"]["boxes"]}})


def test_config_round_trip_keeps_nested_structure(backend_name):
    with mk.backend.use(backend_name):
        model = _detection_model()
        config = json.loads(json.dumps(model.get_config()))
        assert config["input_layers"] == {
            "images": ["images", 0, 0], "bounding_boxes": {"boxes": ["boxes", 0, 0], "labels": ["labels", 0, 0]},
        }
        assert config["output_layers"]["b"][0][0].startswith("add") and len(config["output_layers"]["b"]) == 2
        x = _detection_data()
        for clone in (type(model).from_config(config), mk.Model.from_config(config)):  # Keras 3 takes both
            assert type(clone) is type(model)
            assert [t.name for t in clone.inputs] == ["boxes", "labels", "images"]
            _check_detection_outputs(clone(x), x)


def test_save_and_load_nested_model(backend_name, tmp_path):
    with mk.backend.use(backend_name):
        model = _detection_model()
        path = tmp_path / "nested.keras"
        model.save(path)
        loaded = mk.saving.load_model(path)
        assert set(loaded.input["bounding_boxes"]) == {"boxes", "labels"}
        x = _detection_data()
        _check_detection_outputs(loaded(x), x)


def test_fit_one_step_with_nested_inputs(trainable_backend_name):
    # Nested inputs, dict outputs. (Nested *outputs* train in Keras 3 with a loss of the same structure,
    # e.g. {"score": "mse", "parts": ["mse"]}; compile() here takes a flat list or dict of losses only.)
    with mk.backend.use(trainable_backend_name):
        inputs = {"img": mk.Input((3,), name="img"), "meta": {"a": mk.Input((2,), name="a"), "b": [mk.Input((1,), name="b")]}}
        merged = layers.Concatenate()([inputs["img"], inputs["meta"]["a"] * 2.0, inputs["meta"]["b"][0]])
        outputs = {"score": layers.Dense(1, name="score")(merged), "part": layers.Dense(2, name="part")(merged)}
        model = mk.Model(inputs, outputs)
        model.compile(optimizer=mk.optimizers.SGD(0.1), loss={"score": "mse", "part": "mse"})
        x = {"meta": {"b": [np.ones((4, 1), "float32")], "a": np.ones((4, 2), "float32")}, "img": np.ones((4, 3), "float32")}
        y = {"score": np.zeros((4, 1), "float32"), "part": np.zeros((4, 2), "float32")}
        before = [np.asarray(w).copy() for w in model.get_weights()]
        history = model.fit(x, y, batch_size=4, epochs=1, verbose=0)
        assert np.isfinite(history.history["loss"][0]) and "score_loss" in history.history
        assert all(not np.allclose(b, np.asarray(w)) for b, w in zip(before, model.get_weights()))
