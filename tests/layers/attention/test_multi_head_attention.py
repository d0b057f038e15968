"""MultiHeadAttention against a NumPy reference on every backend: projections, masks, scores, axes, shapes,
gradients, configs, the Keras 3 sub-layer layout, and argument errors."""

from __future__ import annotations

import json

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops
from multikeras.saving import object_tree
from layers.attention import attention_reference as ref
from layers.attention.flash_routing import check_flash_attention_reaches_the_op

RNG = np.random.default_rng(7)
QUERY = RNG.normal(size=(2, 4, 6)).astype("float32")
VALUE = RNG.normal(size=(2, 5, 3)).astype("float32")
KEY = RNG.normal(size=(2, 5, 7)).astype("float32")
QUERY_MASK = np.array([[1, 1, 1, 0], [1, 1, 1, 1]], bool)
VALUE_MASK = np.array([[1, 1, 0, 1, 0], [1, 1, 1, 1, 1]], bool)
KEY_MASK = np.array([[1, 1, 1, 1, 1], [0, 1, 1, 1, 1]], bool)
ATTENTION_MASK = RNG.random((2, 4, 5)) > 0.3


def _numpy(value):
    return np.asarray(ops.convert_to_numpy(value))


def _random_biases(layer):
    """Nonzero biases (they start at zero), so that the reference checks them too."""
    layer.set_weights([
        RNG.normal(size=w.shape).astype("float32") if w.path.endswith("/bias") else w.numpy() for w in layer.weights
    ])


# (constructor arguments, call arguments, mask arguments for the reference, key given, fully masked convention)
CASES = {
    "cross": ({"num_heads": 2, "key_dim": 3, "value_dim": 4}, {}, {}, True),
    "no-bias-output-shape": ({"num_heads": 3, "key_dim": 2, "use_bias": False, "output_shape": (2, 5)}, {}, {}, False),
    "padding-masks": ({"num_heads": 2, "key_dim": 3},
                      {"query_mask": QUERY_MASK, "value_mask": VALUE_MASK, "key_mask": KEY_MASK}, {}, True),
    "attention-mask-2d": ({"num_heads": 2, "key_dim": 3}, {"attention_mask": ATTENTION_MASK[0]}, {}, False),
    "attention-mask-and-causal": ({"num_heads": 2, "key_dim": 3},
                                  {"attention_mask": ATTENTION_MASK, "use_causal_mask": True}, {"causal": True}, False),
    "causal-only": ({"num_heads": 2, "key_dim": 3}, {"use_causal_mask": True}, {"causal": True}, False),
    "gate-sliding-window": ({"num_heads": 2, "key_dim": 3, "use_gate": True, "sliding_window": 2},
                            {"use_causal_mask": True}, {"causal": True, "sliding_window": 2}, False),
    "dropout-inference": ({"num_heads": 2, "key_dim": 3, "dropout": 0.5},
                          {"value_mask": VALUE_MASK, "training": False}, {}, False),
}


def _reference_mask(call, extra):
    return ref.merged_mask(
        QUERY.shape[1], VALUE.shape[1], call.get("query_mask"), call.get("value_mask"), call.get("key_mask"),
        call.get("attention_mask"), extra.get("causal", False), extra.get("sliding_window"),
    )


@pytest.mark.parametrize("case", list(CASES))
def test_matches_reference(backend_name, case):
    init, call, extra, with_key = CASES[case]
    key = KEY if with_key else None
    mask = _reference_mask(call, extra)
    with mk.backend.use(backend_name):
        layer = layers.MultiHeadAttention(**init)
        args = (QUERY, VALUE) if key is None else (QUERY, VALUE, key)
        layer(*args, **call)
        _random_biases(layer)
        output = layer(*args, **call)
        output_with_scores, scores = layer(*args, return_attention_scores=True, **call)
        weights = layer.get_weights()
    fused = "zero" if init.get("dropout") else "uniform"  # the fused kernel runs only without dropout
    expected, expected_scores = ref.multi_head_attention(
        QUERY, VALUE, key, weights, init["num_heads"], init["key_dim"], init.get("use_bias", True),
        init.get("use_gate", False), mask=mask, fully_masked=fused,
    )
    np.testing.assert_allclose(_numpy(output), expected, rtol=1e-4, atol=1e-5)
    # Returning the scores takes the explicit path: zero weights for a query whose keys are all masked.
    expected_explicit, expected_scores = ref.multi_head_attention(
        QUERY, VALUE, key, weights, init["num_heads"], init["key_dim"], init.get("use_bias", True),
        init.get("use_gate", False), mask=mask, fully_masked="zero",
    )
    np.testing.assert_allclose(_numpy(output_with_scores), expected_explicit, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(_numpy(scores), expected_scores, rtol=1e-4, atol=1e-6)
    out_shape = init.get("output_shape", (QUERY.shape[-1],))
    assert tuple(_numpy(output).shape) == QUERY.shape[:-1] + tuple(out_shape)
    assert tuple(_numpy(scores).shape) == (2, init["num_heads"], QUERY.shape[1], VALUE.shape[1])


def test_fully_masked_query_rows(backend_name):
    """A padded query position (all keys masked): uniform average on the fused path, zeros with scores."""
    with mk.backend.use(backend_name):
        layer = layers.MultiHeadAttention(num_heads=2, key_dim=3, use_bias=False)
        output = _numpy(layer(QUERY, VALUE, query_mask=QUERY_MASK))
        explicit, scores = layer(QUERY, VALUE, query_mask=QUERY_MASK, return_attention_scores=True)
        weights = layer.get_weights()
    mask = ref.merged_mask(4, 5, query_mask=QUERY_MASK)
    uniform, _ = ref.multi_head_attention(QUERY, VALUE, None, weights, 2, 3, False, mask=mask, fully_masked="uniform")
    zero, _ = ref.multi_head_attention(QUERY, VALUE, None, weights, 2, 3, False, mask=mask, fully_masked="zero")
    np.testing.assert_allclose(output, uniform, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(_numpy(explicit), zero, rtol=1e-4, atol=1e-5)
    np.testing.assert_array_equal(_numpy(scores)[0, :, 3], 0.0)
    np.testing.assert_array_equal(_numpy(explicit)[0, 3], 0.0)  # no bias: zero weights give a zero output


@pytest.mark.parametrize("attention_axes, query_shape, value_shape", [
    ((1, 2), (2, 3, 2, 4), (2, 2, 3, 4)),
    (-2, (2, 3, 2, 4), (2, 3, 4, 4)),
])
def test_attention_axes(backend_name, attention_axes, query_shape, value_shape):
    query = RNG.normal(size=query_shape).astype("float32")
    value = RNG.normal(size=value_shape).astype("float32")
    with mk.backend.use(backend_name):
        layer = layers.MultiHeadAttention(num_heads=2, key_dim=3, attention_axes=attention_axes, output_shape=5)
        output, scores = layer(query, value, return_attention_scores=True)
        without_scores = layer(query, value)
        weights = layer.get_weights()
    axes = (attention_axes,) if isinstance(attention_axes, int) else attention_axes
    expected, expected_scores = ref.multi_head_attention(query, value, None, weights, 2, 3, attention_axes=axes)
    np.testing.assert_allclose(_numpy(output), expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(_numpy(without_scores), expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(_numpy(scores), expected_scores, rtol=1e-4, atol=1e-6)
    assert layer.get_config()["attention_axes"] == tuple(a % (len(query_shape)) for a in axes)


def test_symbolic_call_and_functional_model(backend_name):
    with mk.backend.use(backend_name):
        layer = layers.MultiHeadAttention(num_heads=2, key_dim=3, value_dim=2, output_shape=(4,))
        query, value, key = mk.Input((4, 6)), mk.Input((5, 3)), mk.Input((5, 7))
        output, scores = layer(query, value, key, return_attention_scores=True)
        assert output.shape == (None, 4, 4) and scores.shape == (None, 2, 4, 5)
        assert layer.compute_output_shape((None, 4, 6), (None, 5, 3), (None, 5, 7)) == (None, 4, 4)
        model = mk.Model([query, value, key], [output, scores])
        eager_output, eager_scores = layer(QUERY, VALUE, KEY, return_attention_scores=True)
        model_output, model_scores = model([QUERY, VALUE, KEY])
        np.testing.assert_allclose(_numpy(model_output), _numpy(eager_output), rtol=1e-6, atol=1e-6)
        np.testing.assert_allclose(_numpy(model_scores), _numpy(eager_scores), rtol=1e-6, atol=1e-6)
        assert layer.get_build_config() == {"shapes_dict": {"query_shape": (None, 4, 6), "value_shape": (None, 5, 3),
                                                             "key_shape": (None, 5, 7)}}


def test_masks_carried_by_tensors_reach_query_and_value_masks(backend_name):
    """In a Functional model, the padding mask of an Embedding reaches ``query_mask`` and ``value_mask``
    (each tensor argument with a ``<name>_mask`` parameter), as in Keras 3; explicit masks win."""
    tokens = np.array([[3, 1, 0, 0], [2, 5, 4, 0]], "int32")
    padding = tokens != 0
    with mk.backend.use(backend_name):
        mk.utils.set_random_seed(4)
        embedding = layers.Embedding(6, 4, mask_zero=True)
        attention = layers.MultiHeadAttention(num_heads=2, key_dim=3)
        inputs = mk.Input((4,), dtype="int32")
        embedded = embedding(inputs)
        model = mk.Model(inputs, attention(embedded, embedded))
        explicit_query = mk.Input((4,), dtype="bool")
        overridden = mk.Model([inputs, explicit_query], attention(embedded, embedded, query_mask=explicit_query))
        vectors = embedding(tokens)
        masked = _numpy(attention(vectors, vectors, query_mask=padding, value_mask=padding))
        unmasked = _numpy(attention(vectors, vectors))
        np.testing.assert_allclose(_numpy(model(tokens)), masked, rtol=1e-5, atol=1e-6)
        everywhere = np.ones_like(padding)
        np.testing.assert_allclose(_numpy(overridden([tokens, everywhere])),
                                   _numpy(attention(vectors, vectors, query_mask=everywhere, value_mask=padding)),
                                   rtol=1e-5, atol=1e-6)
        assert not np.allclose(masked, unmasked, atol=1e-4)  # the masks change the result


def test_dropout_in_training(backend_name):
    with mk.backend.use(backend_name):
        layer = layers.MultiHeadAttention(num_heads=2, key_dim=3, dropout=0.5, seed=3)
        inference = _numpy(layer(QUERY, VALUE))
        _, scores = layer(QUERY, VALUE, return_attention_scores=True, training=True)
        trained = _numpy(layer(QUERY, VALUE, training=True))
        again = _numpy(layer(QUERY, VALUE, training=False))
    assert not np.allclose(trained, inference)
    np.testing.assert_array_equal(again, inference)
    np.testing.assert_allclose(_numpy(scores).sum(-1), 1.0, rtol=1e-5)  # the scores returned are before dropout


def test_gradients_agree_across_backends(backends_under_test):
    """Gradients of the weights on the fused path (with a padded query) and on the explicit one agree across
    the differentiable backends, and match a finite difference of the NumPy reference."""
    trainable = [name for name in backends_under_test if name != "numpy"]
    direction = None
    results = {}
    for name in trainable:
        with mk.backend.use(name):
            layer = layers.MultiHeadAttention(num_heads=2, key_dim=3)
            layer(QUERY, VALUE)
            if direction is None:
                initial = layer.get_weights()
                direction = [RNG.normal(size=w.shape) for w in initial]
            layer.set_weights(initial)
            grads = []
            for call in ({"query_mask": QUERY_MASK, "value_mask": VALUE_MASK}, {"use_causal_mask": True,
                                                                                 "return_attention_scores": True}):
                state = [v.value for v in layer.non_trainable_variables]

                def loss(values, call=call, state=state):
                    outputs, _ = layer.stateless_call(values, state, QUERY, VALUE, **call)
                    output = outputs[0] if isinstance(outputs, tuple) else outputs
                    return ops.sum(ops.square(output))

                _, g = mk.backend.value_and_grad(loss)([v.value for v in layer.trainable_variables])
                grads.append([_numpy(x) for x in g])
            results[name] = grads
    for grads in results.values():
        for config_grads in grads:
            assert all(np.isfinite(g).all() for g in config_grads) and all(np.abs(g).sum() > 0 for g in config_grads)
    first = results[trainable[0]]
    for name in trainable[1:]:
        for a_list, b_list in zip(first, results[name]):
            for a, b in zip(a_list, b_list):
                np.testing.assert_allclose(b, a, rtol=1e-3, atol=1e-4, err_msg=f"{name} vs {trainable[0]}")
    # Finite difference of the reference along `direction`, for the masked (fused) configuration.
    mask = ref.merged_mask(4, 5, query_mask=QUERY_MASK, value_mask=VALUE_MASK)

    def reference_loss(weights):
        output, _ = ref.multi_head_attention(QUERY, VALUE, None, weights, 2, 3, mask=mask, fully_masked="uniform")
        return float(np.sum(output ** 2))

    eps = 1e-4
    plus = reference_loss([w + eps * d for w, d in zip(initial, direction)])
    minus = reference_loss([w - eps * d for w, d in zip(initial, direction)])
    numeric = (plus - minus) / (2 * eps)
    analytic = sum(float(np.sum(g * d)) for g, d in zip(first[0], direction))
    np.testing.assert_allclose(analytic, numeric, rtol=1e-3)


def test_mixed_precision(backend_name):
    with mk.backend.use(backend_name):
        layer = layers.MultiHeadAttention(num_heads=2, key_dim=4, dtype="mixed_float16")
        output = layer(QUERY, QUERY, use_causal_mask=True)
        reference_layer = layers.MultiHeadAttention(num_heads=2, key_dim=4)
        reference_layer(QUERY, QUERY)
        reference_layer.set_weights(layer.get_weights())
        expected = _numpy(reference_layer(QUERY, QUERY, use_causal_mask=True))
    assert mk.backend.standardize_dtype(_numpy(output).dtype) == "float16"
    assert all(w.dtype == "float32" for w in layer.weights)
    np.testing.assert_allclose(_numpy(output).astype("float32"), expected, rtol=2e-2, atol=2e-2)


def test_keras_layout():
    """Sub-layers, weight shapes and weights-file groups as Keras 3 has them."""
    with mk.backend.use("numpy"):
        layer = layers.MultiHeadAttention(num_heads=4, key_dim=16, use_gate=True, name="mha")
        layer(QUERY, VALUE)
    assert [(w.path, w.shape) for w in layer.weights] == [
        ("mha/query/kernel", (6, 4, 16)), ("mha/query/bias", (4, 16)), ("mha/key/kernel", (3, 4, 16)),
        ("mha/key/bias", (4, 16)), ("mha/gate/kernel", (6, 4, 16)), ("mha/gate/bias", (4, 16)),
        ("mha/value/kernel", (3, 4, 16)), ("mha/value/bias", (4, 16)), ("mha/attention_output/kernel", (4, 16, 6)),
        ("mha/attention_output/bias", (6,)),
    ]
    assert [path for path, _ in object_tree.walk(layer)] == [
        "", "key_dense", "output_dense", "query_dense", "value_dense", "_dropout_layer", "_gate_dense", "_softmax",
    ]
    assert layer.query_dense.equation == "abc,cde->abde" and layer.output_dense.equation == "abcd,cde->abe"


def test_config_round_trip_and_serialization():
    layer = layers.MultiHeadAttention(
        num_heads=2, key_dim=3, value_dim=4, dropout=0.1, use_bias=False, output_shape=5, attention_axes=1,
        sliding_window=3, kernel_initializer="he_normal", kernel_regularizer="l2", use_gate=True, seed=4, name="att",
    )
    config = layer.get_config()
    assert list(config)[3:] == [
        "num_heads", "key_dim", "value_dim", "dropout", "use_bias", "use_gate", "output_shape", "attention_axes",
        "sliding_window", "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
        "activity_regularizer", "kernel_constraint", "bias_constraint", "seed",
    ]
    assert config["output_shape"] == (5,) and config["attention_axes"] == (1,)
    serialized = json.loads(json.dumps(mk.saving.serialize_keras_object(layer)))
    assert serialized["class_name"] == "MultiHeadAttention" and serialized["module"] == "keras.layers"
    rebuilt = mk.saving.deserialize_keras_object(serialized)
    assert isinstance(rebuilt, layers.MultiHeadAttention)
    assert json.dumps(mk.saving.serialize_keras_object(rebuilt.get_config())) == json.dumps(
        mk.saving.serialize_keras_object(config))
    with mk.backend.use("numpy"):
        layer(QUERY, VALUE)
        fresh = layers.MultiHeadAttention.from_config(layer.get_config())
        fresh.build_from_config(json.loads(json.dumps(layer.get_build_config())))
        assert [w.shape for w in fresh.weights] == [w.shape for w in layer.weights]
        assert len(layer.losses) == 5 and len(fresh.trainable_weights) == 5  # l2 on the five kernels (no biases)


@pytest.mark.parametrize("kwargs, match", [
    ({"num_heads": 0, "key_dim": 2}, r"MultiHeadAttention 'bad': `num_heads` must be a positive int, received num_heads=0"),
    ({"num_heads": 2, "key_dim": "8"}, r"`key_dim` must be a positive int, received key_dim='8'"),
    ({"num_heads": 2, "key_dim": 2, "value_dim": -1}, r"`value_dim` must be a positive int or None, received value_dim=-1"),
    ({"num_heads": 2, "key_dim": 2, "dropout": 1.5}, r"`dropout` must be a float between 0 and 1, received dropout=1.5"),
    ({"num_heads": 2, "key_dim": 2, "output_shape": "x"}, r"`output_shape` must be .* received output_shape='x'"),
    ({"num_heads": 2, "key_dim": 2, "attention_axes": "1"}, r"`attention_axes` must be .* received attention_axes='1'"),
    ({"num_heads": 2, "key_dim": 2, "sliding_window": 0}, r"`sliding_window` must be a positive int or None"),
    ({"num_heads": 2, "key_dim": 2, "dropout": 0.2, "flash_attention": True}, r"dropout is not supported with flash_attention=True"),
])
def test_constructor_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        layers.MultiHeadAttention(name="bad", **kwargs)


def test_call_errors():
    with mk.backend.use("numpy"):
        with pytest.raises(ValueError, match=r"MultiHeadAttention 'a1': all dimensions of `value` and `key`, except "
                                             r"the last one, must be equal; received value shape \(2, 5, 3\) and key shape \(2, 4, 7\)"):
            layers.MultiHeadAttention(2, 3, name="a1")(QUERY, VALUE, KEY[:, :4])
        with pytest.raises(ValueError, match=r"'a2': expected a query of rank >= 3 .* received query shape \(2, 6\)"):
            layers.MultiHeadAttention(2, 3, name="a2")(QUERY[:, 0], VALUE[:, 0])
        with pytest.raises(ValueError, match=r"'a3': attention_axes=\(3,\) must name distinct query axes"):
            layers.MultiHeadAttention(2, 3, attention_axes=3, name="a3")(QUERY, VALUE)
        with pytest.raises(ValueError, match=r"'a4': expected a `value` argument"):
            layers.MultiHeadAttention(2, 3, name="a4")(QUERY)
        with pytest.raises(ValueError, match=r"'a5': return_attention_scores=True is not supported with flash_attention=True"):
            layers.MultiHeadAttention(2, 3, flash_attention=True, name="a5")(QUERY, VALUE, return_attention_scores=True)


def test_flash_attention_reaches_the_op(backend_name, monkeypatch, flash_switch):
    check_flash_attention_reaches_the_op(backend_name, monkeypatch, _mha, QUERY, VALUE)


def _mha(**kwargs):
    return layers.MultiHeadAttention(num_heads=2, key_dim=3, **kwargs)
