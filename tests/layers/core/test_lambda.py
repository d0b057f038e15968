"""Lambda through the layer harness on every backend; serialization by registered name only, never code."""

from __future__ import annotations

import json

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers
from layers.harness import assert_same_on_every_backend, run_layer_test
from multikeras.saving.serialization_lib import SafeModeScope


@mk.saving.register_keras_serializable(package="MKLambdaTest")
def scaled_square(x, factor=1.0):
    return mk.ops.multiply(mk.ops.square(x), factor)


@mk.saving.register_keras_serializable(package="MKLambdaTest")
def first_half(x):
    return x[:, : x.shape[1] // 2]


@mk.saving.register_keras_serializable(package="MKLambdaTest")
def half_shape(input_shape):
    return (input_shape[0], input_shape[1] // 2)


@mk.saving.register_keras_serializable(package="MKLambdaTest")
def keep_previous_mask(inputs, mask):
    return mask


@mk.saving.register_keras_serializable(package="MKLambdaTest")
def mask_aware(x, mask=None, training=None):
    return x if mask is None else x + mk.ops.cast(mk.ops.expand_dims(mask, -1), x.dtype)


@pytest.mark.parametrize("kwargs, expected_shape, reference", [
    ({"function": scaled_square, "arguments": {"factor": 3.0}}, (2, 4), lambda x: 3.0 * x**2),
    ({"function": first_half, "output_shape": (2,)}, (2, 2), lambda x: x[:, :2]),
    ({"function": first_half, "output_shape": half_shape}, (2, 2), lambda x: x[:, :2]),
    ({"function": first_half}, (2, 2), lambda x: x[:, :2]),  # shape inferred by abstract evaluation
    ({"function": mk.activations.relu}, (2, 4), lambda x: np.maximum(x, 0)),
])
def test_lambda(backend_name, kwargs, expected_shape, reference):
    with mk.backend.use(backend_name):
        run_layer_test(
            layers.Lambda, kwargs,
            input_shape=(2, 4),
            expected_output_shape=expected_shape,
            expected_output=lambda x, w: reference(x),
            expected_num_trainable_weights=0,
            expected_num_losses=0,
            supports_masking=False,
        )


def test_lambda_config_names_registered_functions():
    config = layers.Lambda(scaled_square, output_shape=(4,), mask=keep_previous_mask, arguments={"factor": 2.0}).get_config()
    assert config["function"] == {"module": __name__, "class_name": "function",
                                  "config": "MKLambdaTest>scaled_square", "registered_name": "function"}
    assert config["output_shape"] == (4,)
    assert config["mask"]["config"] == "MKLambdaTest>keep_previous_mask"
    assert config["arguments"] == {"factor": 2.0}
    rebuilt = layers.Lambda.from_config(json.loads(json.dumps(mk.saving.serialize_keras_object(config))))
    assert rebuilt.function is scaled_square and rebuilt.mask is keep_previous_mask
    assert layers.Lambda(mk.activations.relu).get_config()["function"]["module"] == "keras.activations"
    assert "output_shape" not in layers.Lambda(scaled_square).get_config()
    # A whole layer config goes through the generic serializer too.
    layer = mk.saving.deserialize_keras_object(mk.saving.serialize_keras_object(layers.Lambda(first_half, output_shape=half_shape)))
    assert layer._output_shape is half_shape


def _unregistered(x):
    return x + 1


@pytest.mark.parametrize("kwargs, argument", [
    ({"function": lambda x: x * 2}, "function"),
    ({"function": _unregistered}, "function"),
    ({"function": scaled_square, "output_shape": lambda s: s}, "output_shape"),
    ({"function": scaled_square, "mask": lambda x, m: m}, "mask"),
])
def test_lambda_never_serializes_code(kwargs, argument):
    config = layers.Lambda(**kwargs).get_config()
    placeholder = config[argument]
    assert placeholder["class_name"] == "__lambda__" and placeholder["config"]["code"] is None
    json.dumps(mk.saving.serialize_keras_object(config))  # still a valid config
    with pytest.raises(ValueError, match=rf"Lambda 'lambda\w*': Lambda code is not deserialized\. The `{argument}` function"):
        layers.Lambda.from_config(config)


def test_lambda_refuses_keras_code_and_unknown_names():
    keras_config = {"name": "l", "function": {"class_name": "__lambda__", "config": {"code": "4wEAAAAA", "defaults": None,
                                                                                 "closure": None}}, "arguments": {}}
    with pytest.raises(ValueError, match=r"Lambda 'l': `function`: .*serialized Python code \(__lambda__\); refusing .*safe_mode=True"):
        layers.Lambda.from_config(keras_config)
    with SafeModeScope(False):
        with pytest.raises(ValueError, match=r"Lambda 'l': `function`: .*never loads serialized code, even with safe_mode=False"):
            layers.Lambda.from_config(keras_config)
    unknown = {"name": "l", "function": {"module": "builtins", "class_name": "function", "config": "no_such_fn",
                                         "registered_name": "function"}, "arguments": {}}
    with pytest.raises(ValueError, match=r"Lambda code is not deserialized, and the `function` function .* not registered"):
        layers.Lambda.from_config(unknown)


def test_lambda_masks(backend_name):
    x = np.array([[[1.0], [0.0], [2.0]]], "float32")
    with mk.backend.use(backend_name):
        inputs = mk.Input((3, 1))
        masked = layers.Masking()(inputs)
        passthrough = layers.Lambda(mask_aware, mask=keep_previous_mask)(masked)  # receives and forwards the mask
        assert passthrough._keras_mask is not None
        model = mk.Model(inputs, layers.Lambda(mask_aware)(layers.Lambda(scaled_square, mask=keep_previous_mask)(masked)))
        # x**2 plus the mask (1 where kept): the mask travelled through the middle Lambda to the last one.
        np.testing.assert_allclose(mk.ops.convert_to_numpy(model(x)), [[[2.0], [0.0], [5.0]]])
        assert layers.Lambda(scaled_square, mask=keep_previous_mask).supports_masking


def test_lambda_same_on_every_backend(backends_under_test):
    assert_same_on_every_backend(layers.Lambda, {"function": scaled_square, "arguments": {"factor": 0.5}},
                                 backends_under_test, input_shape=(2, 3))


@pytest.mark.parametrize("kwargs, message", [
    ({"function": 3}, r"function must be callable, received 3"),
    ({"function": scaled_square, "output_shape": "4"}, r"output_shape must be a tuple of ints .*received output_shape='4'"),
    ({"function": scaled_square, "arguments": [1]}, r"arguments must be a dict or None, received arguments=\[1\]"),
])
def test_lambda_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=r"Lambda 'lambda\w*': " + message):
        layers.Lambda(**kwargs)
