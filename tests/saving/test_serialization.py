"""Configs to objects and back, through the registry only."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import saving


def test_plain_values_and_containers():
    assert saving.serialize_keras_object({"a": (1, 2), "b": [None, "x"], "c": np.float32(1.5)}) == {
        "a": [1, 2], "b": [None, "x"], "c": 1.5}
    assert saving.deserialize_keras_object({"class_name": "__tuple__", "config": {"value": [1, 2]}}) == (1, 2)
    array = saving.deserialize_keras_object(saving.serialize_keras_object(np.arange(3, dtype="int16")))
    assert array.dtype == np.int16 and array.tolist() == [0, 1, 2]


def test_layer_round_trip_in_keras_layout():
    layer = mk.layers.Dense(3, activation="relu", name="d")
    config = saving.serialize_keras_object(layer)
    assert config["module"] == "keras.layers" and config["class_name"] == "Dense" and config["registered_name"] is None
    assert config["config"]["dtype"] == {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"},
                                         "registered_name": None}
    rebuilt = saving.deserialize_keras_object(config)
    assert type(rebuilt) is mk.layers.Dense and rebuilt.get_config() == layer.get_config()


def test_keras_private_module_names_resolve_to_the_registry():
    config = {"module": "keras.src.layers.core.dense", "class_name": "Dense", "config": {"units": 2}, "registered_name": None}
    assert isinstance(saving.deserialize_keras_object(config), mk.layers.Dense)


def test_unknown_names_are_errors_not_imports():
    config = {"module": "os", "class_name": "system", "config": {}, "registered_name": None}
    with pytest.raises(ValueError, match="Unknown object 'system'"):
        saving.deserialize_keras_object(config)
    with pytest.raises(ValueError, match="refusing to run it"):
        saving.deserialize_keras_object({"class_name": "__lambda__", "config": {"code": "..."}})


def test_custom_objects_registration_and_scope():
    @saving.register_keras_serializable(package="Tests")
    class Doubler(mk.layers.Layer):
        def call(self, x):
            return x * 2.0

    config = saving.serialize_keras_object(Doubler(name="double"))
    assert config["registered_name"] == "Tests>Doubler"
    assert type(saving.deserialize_keras_object(config)) is Doubler

    class Local(mk.layers.Layer):
        pass

    local_config = saving.serialize_keras_object(Local(name="local"))
    with pytest.raises(ValueError, match="Unknown object 'Local'"):
        saving.deserialize_keras_object(local_config)
    with saving.custom_object_scope({"Local": Local}):
        assert type(saving.deserialize_keras_object(local_config)) is Local
    assert type(saving.deserialize_keras_object(local_config, custom_objects={"Local": Local})) is Local


def test_registering_a_class_without_get_config_fails():
    with pytest.raises(ValueError, match="must define get_config"):
        saving.register_keras_serializable()(type("Bare", (), {}))
    with pytest.raises(ValueError, match="may not contain '>'"):
        saving.register_keras_serializable(package="a>b")


@pytest.fixture
def unsafe_deserialization(monkeypatch):
    """keras.config.enable_unsafe_deserialization(), undone after the test (Keras 3 has no switch back)."""
    monkeypatch.setattr(saving.serialization_lib, "_unsafe_deserialization", False)
    mk.config.enable_unsafe_deserialization()
    yield


KERAS_LAMBDA = {"module": "keras.layers", "class_name": "Lambda", "registered_name": None, "config": {
    "name": "l", "arguments": {},
    "function": {"class_name": "__lambda__", "config": {"code": "4wEAAAAA", "defaults": None, "closure": None}}}}


def test_enable_unsafe_deserialization_turns_safe_mode_off(unsafe_deserialization, tmp_path):
    assert saving.serialization_lib.in_safe_mode() is False
    with saving.serialization_lib.SafeModeScope(True):  # an explicit scope still decides inside it
        assert saving.serialization_lib.in_safe_mode() is True
        with pytest.raises(ValueError, match=r"refusing to run it \(safe_mode=True\)"):
            saving.deserialize_keras_object(KERAS_LAMBDA)
    # The switch wins over the argument, as in Keras 3; multikeras still never runs the code, and says so.
    with pytest.raises(ValueError, match="never loads serialized code, even with safe_mode=False"):
        saving.deserialize_keras_object(KERAS_LAMBDA, safe_mode=True)
    with mk.backend.use("numpy"):
        model = mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)])
        model.compile(optimizer="sgd", loss="mse")
        model.save(tmp_path / "plain.keras")
        assert mk.saving.load_model(tmp_path / "plain.keras").count_params() == 3  # nothing else changes


def test_safe_mode_is_on_by_default():
    assert saving.serialization_lib.in_safe_mode() is None  # no scope, no switch: each call's safe_mode argument
    with pytest.raises(ValueError, match=r"refusing to run it \(safe_mode=True\)"):
        saving.deserialize_keras_object(KERAS_LAMBDA)
