"""Attention (Luong) and AdditiveAttention (Bahdanau) through the layer harness with NumPy references."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops
from layers.attention.attention_reference import attention_weights
from layers.harness import assert_same_on_every_backend, run_layer_test

RNG = np.random.default_rng(3)
QUERY = RNG.normal(size=(2, 3, 4)).astype("float32")
VALUE = RNG.normal(size=(2, 5, 4)).astype("float32")
KEY = RNG.normal(size=(2, 5, 4)).astype("float32")
QUERY_MASK = np.array([[1, 1, 0], [1, 1, 1]], bool)
VALUE_MASK = np.array([[1, 0, 1, 1, 0], [1, 1, 1, 0, 1]], bool)


def _reference(inputs, weights, score_mode="dot", additive=False, use_scale=False, mask=None, causal=False):
    """``(output, weights)`` of (additive) attention on ``[query, value(, key)]``."""
    query, value = (np.asarray(a, np.float64) for a in inputs[:2])
    key = np.asarray(inputs[2], np.float64) if len(inputs) > 2 else value
    weights = [np.asarray(w, np.float64) for w in weights]
    summed = query[:, :, None, :] + key[:, None, :, :]
    if additive:
        scale = weights[0] if use_scale else 1.0
        scores = np.sum(scale * np.tanh(summed), axis=-1)
    elif score_mode == "dot":
        scores = query @ key.transpose(0, 2, 1) * (weights[0] if use_scale else 1.0)
    else:
        scale, concat_weight = (weights[0], weights[1]) if use_scale else (1.0, weights[0])
        scores = concat_weight * np.sum(np.tanh(scale * summed), axis=-1)
    allowed = None
    if mask is not None and mask[1] is not None:
        allowed = np.asarray(mask[1], bool)[:, None, :]
    if causal:
        lower = np.tril(np.ones(scores.shape[-2:], bool))[None]
        allowed = lower if allowed is None else allowed & lower
    attention = attention_weights(scores, allowed, "zero")
    output = attention @ value
    if mask is not None and mask[0] is not None:
        output = np.where(np.asarray(mask[0], bool)[:, :, None], output, 0.0)
    return output, attention


@pytest.mark.parametrize("init, call, with_key", [
    ({}, {}, False),
    ({"use_scale": True}, {"mask": [QUERY_MASK, VALUE_MASK]}, True),
    ({"score_mode": "concat"}, {"return_attention_scores": True, "use_causal_mask": True}, False),
    ({"use_scale": True, "score_mode": "concat", "dropout": 0.3}, {"mask": [None, VALUE_MASK], "training": False}, True),
])
def test_attention(backend_name, init, call, with_key):
    data = [QUERY, VALUE, KEY] if with_key else [QUERY, VALUE]
    num_weights = int(init.get("use_scale", False)) + int(init.get("score_mode") == "concat")

    def reference(inputs, weights):
        output, attention = _reference(inputs, weights, init.get("score_mode", "dot"), False, init.get("use_scale", False),
                                       call.get("mask"), call.get("use_causal_mask", False))
        return (output, attention) if call.get("return_attention_scores") else output

    with mk.backend.use(backend_name):
        run_layer_test(
            layers.Attention, {**init}, input_data=data, call_kwargs=call,
            expected_output_shape=((2, 3, 4), (2, 3, 5)) if call.get("return_attention_scores") else (2, 3, 4),
            expected_output=reference, expected_num_trainable_weights=num_weights,
            expected_num_non_trainable_weights=0,  # a dropout seed state is a variable, not a weight
            supports_masking=True,
            # Masks are call arguments tied to the eager data, which the functional check feeds symbolically.
            run_functional_check="mask" not in call,
        )


@pytest.mark.parametrize("init, call, with_key", [
    ({}, {}, False),
    ({"use_scale": False}, {"mask": [QUERY_MASK, VALUE_MASK], "return_attention_scores": True}, True),
    ({}, {"use_causal_mask": True}, False),
])
def test_additive_attention(backend_name, init, call, with_key):
    data = [QUERY, VALUE, KEY] if with_key else [QUERY, VALUE]
    use_scale = init.get("use_scale", True)

    def reference(inputs, weights):
        assert [w.shape for w in weights] == ([(4,)] if use_scale else [])
        output, attention = _reference(inputs, weights, additive=True, use_scale=use_scale, mask=call.get("mask"),
                                       causal=call.get("use_causal_mask", False))
        return (output, attention) if call.get("return_attention_scores") else output

    with mk.backend.use(backend_name):
        run_layer_test(
            layers.AdditiveAttention, init, input_data=data, call_kwargs=call,
            expected_output_shape=((2, 3, 4), (2, 3, 5)) if call.get("return_attention_scores") else (2, 3, 4),
            expected_output=reference, expected_num_trainable_weights=int(use_scale), supports_masking=True,
            run_functional_check="mask" not in call,
        )


def test_same_on_every_backend(backends_under_test):
    assert_same_on_every_backend(layers.AdditiveAttention, {}, backends_under_test, input_data=[QUERY, VALUE],
                                 call_kwargs={"mask": [QUERY_MASK, VALUE_MASK]})
    assert_same_on_every_backend(layers.Attention, {"use_scale": True, "score_mode": "concat"}, backends_under_test,
                                 input_data=[QUERY, VALUE, KEY], call_kwargs={"use_causal_mask": True})


def test_masks_flow_through_a_functional_model(backend_name):
    """The input masks reach the layer in a model, and the output carries the query's mask."""
    with mk.backend.use(backend_name):
        tokens = mk.Input((3,), dtype="int32")
        embedded = layers.Embedding(6, 4, mask_zero=True)(tokens)
        attended = layers.Attention()([embedded, embedded])
        assert attended._keras_mask is not None
        model = mk.Model(tokens, attended)
        ids = np.array([[1, 2, 0], [3, 4, 5]], "int32")
        output = np.asarray(ops.convert_to_numpy(model(ids)))
        table = model.layers[1].get_weights()[0]
    x = table[ids]
    mask = ids != 0
    expected, _ = _reference([x, x], [], mask=[mask, mask])
    np.testing.assert_allclose(output, expected, rtol=1e-5, atol=1e-6)


def test_dropout_in_training(backend_name):
    with mk.backend.use(backend_name):
        layer = layers.Attention(dropout=0.5, seed=2)
        inference = np.asarray(ops.convert_to_numpy(layer([QUERY, VALUE])))
        trained = np.asarray(ops.convert_to_numpy(layer([QUERY, VALUE], training=True)))
    assert not np.allclose(trained, inference)


def test_configs():
    assert layers.Attention(name="a").get_config() == {
        "name": "a", "trainable": True, "dtype": layers.Attention(name="b").get_config()["dtype"],
        "use_scale": False, "score_mode": "dot", "dropout": 0.0, "seed": None,
    }
    config = layers.AdditiveAttention(dropout=0.1, seed=5).get_config()
    assert "score_mode" not in config and config["use_scale"] is True and config["seed"] == 5
    assert layers.AdditiveAttention.from_config(config).get_config() == config


def test_errors():
    with pytest.raises(ValueError, match=r"Attention 'a': `score_mode` must be one of \['dot', 'concat'\], received score_mode='sum'"):
        layers.Attention(score_mode="sum", name="a")
    with pytest.raises(ValueError, match=r"AdditiveAttention 'b': `dropout` must be a float between 0 and 1, received dropout=2"):
        layers.AdditiveAttention(dropout=2, name="b")
    with mk.backend.use("numpy"):
        layer = layers.Attention(name="c")
        with pytest.raises(ValueError, match=r"Attention 'c': must be called on a list \[query, value\] or \[query, value, key\]"):
            layer(QUERY)
        with pytest.raises(ValueError, match=r"Attention 'c': expected a list of 2 or 3 inputs .* received 4"):
            layer([QUERY, VALUE, KEY, KEY])
        with pytest.raises(ValueError, match=r"Attention 'c': `mask` must be a list \[query_mask, value_mask\]"):
            layer([QUERY, VALUE], mask=VALUE_MASK)
