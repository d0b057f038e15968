"""GroupQueryAttention against a NumPy reference on every backend, plus shapes, config, serialization and errors."""

from __future__ import annotations

import json

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops
from layers.attention import attention_reference as ref
from layers.attention.flash_routing import check_flash_attention_reaches_the_op

RNG = np.random.default_rng(11)
QUERY = RNG.normal(size=(2, 4, 6)).astype("float32")
VALUE = RNG.normal(size=(2, 5, 6)).astype("float32")
KEY = RNG.normal(size=(2, 5, 3)).astype("float32")
VALUE_MASK = np.array([[1, 1, 0, 1, 0], [1, 1, 1, 1, 1]], bool)
QUERY_MASK = np.array([[1, 1, 1, 0], [1, 1, 1, 1]], bool)


def _numpy(value):
    return np.asarray(ops.convert_to_numpy(value))


@pytest.mark.parametrize("init, call, causal, with_key", [
    ({"head_dim": 3, "num_query_heads": 4, "num_key_value_heads": 2}, {}, False, True),
    ({"head_dim": 2, "num_query_heads": 3, "num_key_value_heads": 1, "use_bias": False},
     {"query_mask": QUERY_MASK, "value_mask": VALUE_MASK}, False, False),
    ({"head_dim": 2, "num_query_heads": 2, "num_key_value_heads": 2}, {"use_causal_mask": True}, True, False),
])
def test_matches_reference(backend_name, init, call, causal, with_key):
    key = KEY if with_key else None
    args = (QUERY, VALUE) if key is None else (QUERY, VALUE, key)
    with mk.backend.use(backend_name):
        layer = layers.GroupQueryAttention(**init)
        layer(*args, **call)
        layer.set_weights([RNG.normal(size=w.shape).astype("float32") * 0.5 for w in layer.get_weights()])
        output = _numpy(layer(*args, **call))
        explicit, scores = layer(*args, return_attention_scores=True, **call)
        weights = layer.get_weights()
    mask = ref.merged_mask(4, 5, call.get("query_mask"), call.get("value_mask"), causal=causal)
    common = (QUERY, VALUE, key, weights, init["num_query_heads"], init["num_key_value_heads"], init["head_dim"],
              init.get("use_bias", True))
    expected, _ = ref.grouped_query_attention(*common, mask=mask, fully_masked="uniform")
    expected_explicit, expected_scores = ref.grouped_query_attention(*common, mask=mask, fully_masked="zero")
    np.testing.assert_allclose(output, expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(_numpy(explicit), expected_explicit, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(_numpy(scores), expected_scores, rtol=1e-4, atol=1e-6)


def test_layout_shapes_and_functional_model(backend_name):
    with mk.backend.use(backend_name):
        layer = layers.GroupQueryAttention(head_dim=3, num_query_heads=4, num_key_value_heads=2, use_gate=True)
        query, value = mk.Input((4, 6)), mk.Input((5, 6))
        output, scores = layer(query, value, return_attention_scores=True)
        assert output.shape == (None, 4, 6) and scores.shape == (None, 4, 4, 5)
        model = mk.Model([query, value], output)
        np.testing.assert_allclose(_numpy(model([QUERY, VALUE])), _numpy(layer(QUERY, VALUE)), rtol=1e-6, atol=1e-6)
    assert [tuple(w.shape) for w in layer.weights] == [
        (6, 4, 3), (4, 3), (6, 2, 3), (2, 3), (6, 4, 3), (4, 3), (6, 2, 3), (2, 3), (4, 3, 6), (6,),
    ]
    assert [w.path for w in layer.weights][::2] == [  # Keras 3's paths: under the layer's own
        f"{layer.name}/{name}/kernel" for name in ("query", "key", "gate", "value", "attention_output")
    ]


def test_dropout_in_training(backend_name):
    with mk.backend.use(backend_name):
        layer = layers.GroupQueryAttention(head_dim=2, num_query_heads=2, num_key_value_heads=1, dropout=0.5, seed=1)
        inference = _numpy(layer(QUERY, VALUE))
        trained = _numpy(layer(QUERY, VALUE, training=True))
    assert not np.allclose(trained, inference)


def test_config_and_serialization():
    layer = layers.GroupQueryAttention(head_dim=2, num_query_heads=4, num_key_value_heads=2, sliding_window=3,
                                       use_gate=True, seed=2, name="gqa")
    config = layer.get_config()
    assert list(config)[3:] == [
        "head_dim", "num_query_heads", "num_key_value_heads", "use_bias", "use_gate", "sliding_window", "dropout",
        "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer", "activity_regularizer",
        "kernel_constraint", "bias_constraint", "seed",
    ]
    serialized = json.loads(json.dumps(mk.saving.serialize_keras_object(layer)))
    assert serialized["class_name"] == "GroupQueryAttention"  # Keras 3 writes its public name
    rebuilt = mk.saving.deserialize_keras_object(serialized)
    assert type(rebuilt) is layers.GroupQueryAttention and rebuilt.get_config() == config


@pytest.mark.parametrize("kwargs, match", [
    ({"head_dim": 2, "num_query_heads": 3, "num_key_value_heads": 2},
     r"GroupedQueryAttention 'bad': `num_query_heads` must be divisible by `num_key_value_heads`, received "
     r"num_query_heads=3 and num_key_value_heads=2"),
    ({"head_dim": 0, "num_query_heads": 2, "num_key_value_heads": 2}, r"`head_dim` must be a positive int, received head_dim=0"),
    ({"head_dim": 2, "num_query_heads": 2, "num_key_value_heads": 2, "dropout": -0.1}, r"received dropout=-0.1"),
])
def test_constructor_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        layers.GroupQueryAttention(name="bad", **kwargs)


def test_call_errors():
    with mk.backend.use("numpy"):
        layer = layers.GroupQueryAttention(head_dim=2, num_query_heads=2, num_key_value_heads=1, name="g")
        with pytest.raises(ValueError, match=r"'g': expected `query` of shape \(batch, length, features\) .* "
                                             r"received shape \(2, 1, 4, 6\)"):
            layer(QUERY[:, None], VALUE[:, None])
        with pytest.raises(ValueError, match=r"'g': the last dimension of `query` and `value` must be equal"):
            layer.compute_output_shape((None, 4, 6), (None, 5, 3))


def test_flash_attention_reaches_the_op(backend_name, monkeypatch, flash_switch):
    check_flash_attention_reaches_the_op(backend_name, monkeypatch, _gqa, QUERY, VALUE)


def _gqa(**kwargs):
    return layers.GroupQueryAttention(head_dim=3, num_query_heads=4, num_key_value_heads=2, **kwargs)
