"""Activations resolve by name, serialize to their name as in Keras 3, and unknown names are refused."""

from __future__ import annotations

import pytest

import multikeras as mk
from multikeras import activations
from multikeras.saving.object_registration import builtin_names

KERAS_ACTIVATIONS = [
    "celu", "elu", "exponential", "gelu", "glu", "hard_shrink", "hard_sigmoid", "hard_silu", "hard_swish",
    "hard_tanh", "leaky_relu", "linear", "log_sigmoid", "log_softmax", "mish", "relu", "relu6", "selu", "sigmoid",
    "silu", "soft_shrink", "softmax", "softplus", "softsign", "sparse_plus", "sparse_sigmoid", "sparsemax",
    "squareplus", "swish", "tanh", "tanh_shrink", "threshold",
]  # the functions in dir(keras.activations), Keras 3.15

# Keras 3 makes these the same function as another, which is the name they serialize to.
SAME_FUNCTION = {"swish": "silu", "hard_swish": "hard_silu"}


def test_namespace_has_every_keras_activation():
    assert set(KERAS_ACTIVATIONS) | {"get", "serialize", "deserialize"} == set(activations.__all__)
    assert builtin_names("keras.activations") == sorted(KERAS_ACTIVATIONS)
    assert activations.swish is activations.silu and activations.hard_swish is activations.hard_silu


@pytest.mark.parametrize("name", KERAS_ACTIVATIONS)
def test_round_trip(name):
    function = getattr(activations, name)
    assert activations.get(name) is function
    serialized = activations.serialize(function)
    assert serialized == SAME_FUNCTION.get(name, name)
    assert activations.deserialize(serialized) is function
    assert mk.saving.serialize_keras_object(function) == serialized
    # The dict Keras 3 writes for a function inside a layer config.
    keras_dict = {"module": "builtins", "class_name": "function", "config": name, "registered_name": "function"}
    assert activations.get(keras_dict) is function


def test_get_none_is_linear_and_callables_pass_through():
    def my_activation(x):
        return x

    assert activations.get(None) is activations.linear
    assert activations.get(my_activation) is my_activation
    assert activations.get(mk.ops.relu) is mk.ops.relu


@pytest.mark.parametrize(
    "identifier",
    ["nope", "Relu", 3, {"class_name": "function", "config": "nope"}, {"class_name": "function", "config": 5}],
)
def test_bad_identifiers_name_the_value_and_list_valid_names(identifier):
    for lookup in (activations.get, activations.deserialize):
        with pytest.raises(ValueError) as error:
            lookup(identifier)
        message = str(error.value)
        assert repr(identifier) in message
        assert "relu, relu6, selu" in message


def test_custom_activation_round_trip():
    @mk.saving.register_keras_serializable(package="ActivationTests")
    def doubled(x):
        return mk.ops.multiply(x, 2.0)

    config = activations.serialize(doubled)
    assert config["class_name"] == "function" and config["config"] == "ActivationTests>doubled"
    assert activations.deserialize(config) is doubled
    assert activations.get("ActivationTests>doubled") is doubled


def test_custom_objects_resolve_names():
    def scaled(x):
        return x

    assert activations.deserialize("scaled", custom_objects={"scaled": scaled}) is scaled
    with mk.saving.custom_object_scope({"scaled": scaled}):
        assert activations.get("scaled") is scaled
