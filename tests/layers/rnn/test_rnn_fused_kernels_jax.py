"""The jax plug-in's fused ``lstm`` / ``gru`` kernels: under ``jax.jit`` the same outputs and gradients as the
generic loop; eagerly, with mixed dtypes or without timesteps they decline (docs/contract.md, "Fused kernels")."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops
from multikeras.backend.selection import current

jax = pytest.importorskip("jax")
jnp = jax.numpy

BATCH, TIME, FEATURES, UNITS = 2, 4, 5, 3
RNG = np.random.default_rng(22)
X = RNG.normal(size=(BATCH, TIME, FEATURES)).astype("float32")
H0 = RNG.normal(size=(BATCH, UNITS)).astype("float32")
MAKE = {"lstm": layers.LSTM, "gru": layers.GRU}


@pytest.fixture
def kernel_results(monkeypatch):
    """Records, per kernel, whether each call computed (``True``) or declined (``False``)."""
    results = {"lstm": [], "gru": []}
    with mk.backend.use("jax"):
        kernels = current().fused
    for name in results:
        original = kernels[name]

        def recording(*args, _name=name, _original=original):
            result = _original(*args)
            results[_name].append(result is not None)
            return result

        monkeypatch.setitem(kernels, name, recording)
    return results


def _jitted_outputs_and_gradients(layer, weights, call_kwargs):
    """Outputs, and gradients of a loss on all outputs with respect to the weights and the inputs, in one
    ``jax.jit``-compiled function."""
    layer.set_weights(weights)
    non_trainable = [v.value for v in layer.non_trainable_variables]

    def loss(trainable, inputs):
        outputs, _ = layer.stateless_call(trainable, non_trainable, inputs, **call_kwargs)
        total = 0.0
        for index, output in enumerate(outputs):
            total = total + ops.sum(ops.square(output)) * (index + 1)
        return total, outputs

    compiled = jax.jit(jax.value_and_grad(loss, argnums=(0, 1), has_aux=True))
    (_, outputs), (weight_grads, input_grad) = compiled([v.value for v in layer.trainable_variables], jnp.asarray(X))
    return [np.asarray(o) for o in outputs], [np.asarray(g) for g in [*weight_grads, input_grad]]


CASES = {
    "plain": ({}, {}),
    "backwards_initial_state": ({"go_backwards": True}, {"initial_state": True}),
    "input_dropout_training": ({"dropout": 0.4, "seed": 3}, {"training": True}),
    "no_bias": ({"use_bias": False}, {}),
    "recurrent_dropout_at_inference": ({"recurrent_dropout": 0.5}, {"training": False}),
}


@pytest.mark.parametrize("kind", ["lstm", "gru"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_jitted_kernel_matches_generic_loop(kind, case, kernel_results):
    layer_kwargs, call_options = CASES[case]
    call_kwargs = {key: value for key, value in call_options.items() if key == "training"}
    if call_options.get("initial_state"):
        call_kwargs["initial_state"] = [H0, H0 * 0.5] if kind == "lstm" else [H0]
    results = {}
    with mk.backend.use("jax"):
        weights = None
        for use_cudnn in ("auto", False):
            layer = MAKE[kind](UNITS, return_sequences=True, return_state=True, use_cudnn=use_cudnn, **layer_kwargs)
            layer.build((BATCH, TIME, FEATURES))
            weights = weights or [np.random.default_rng(2).uniform(-0.5, 0.5, w.shape).astype("float32")
                                  for w in layer.get_weights()]
            before = len(kernel_results[kind])
            results[use_cudnn] = _jitted_outputs_and_gradients(layer, weights, call_kwargs)
            assert kernel_results[kind][before:] == ([True] if use_cudnn == "auto" else [])
    (fused_out, fused_grads), (generic_out, generic_grads) = results["auto"], results[False]
    for fused, generic in zip(fused_out + fused_grads, generic_out + generic_grads):
        np.testing.assert_allclose(fused, generic, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("kind", ["lstm", "gru"])
def test_kernels_decline_eagerly_and_the_generic_loop_gives_the_same_result(kind, kernel_results):
    with mk.backend.use("jax"):
        layer = MAKE[kind](UNITS, return_sequences=True)
        eager = np.asarray(layer(X))
        assert kernel_results[kind] == [False]
        compiled = np.asarray(jax.jit(lambda x: layer(x))(X))
        assert kernel_results[kind] == [False, True]
    np.testing.assert_allclose(compiled, eager, rtol=1e-5, atol=1e-5)


def test_kernels_decline_mixed_dtypes_and_empty_sequences():
    with mk.backend.use("jax"):
        kernels = current().fused
    zeros = jnp.zeros((BATCH, UNITS), "float32")
    lstm_weights = [jnp.ones(shape, "float32") for shape in [(FEATURES, 4 * UNITS), (UNITS, 4 * UNITS), (4 * UNITS,)]]
    gru_weights = [jnp.ones(shape, "float32") for shape in [(FEATURES, 3 * UNITS), (UNITS, 3 * UNITS), (2, 3 * UNITS)]]

    def declined(make_inputs):
        answers = []

        def probe(x):
            answers.append(kernels["lstm"](x, zeros, zeros, *lstm_weights) is None)
            answers.append(kernels["gru"](x, zeros, *gru_weights) is None)
            return x

        jax.jit(probe)(make_inputs())
        return answers

    assert declined(lambda: jnp.ones((BATCH, TIME, FEATURES), "float64")) == [True, True]
    assert declined(lambda: jnp.ones((BATCH, 0, FEATURES), "float32")) == [True, True]
    assert declined(lambda: jnp.ones((BATCH, TIME, FEATURES), "float32")) == [False, False]


def test_mixed_precision_layer_under_jit_runs_the_generic_loop(kernel_results):
    with mk.backend.use("jax"):
        layer = layers.LSTM(UNITS, dtype="mixed_float16")
        output = jax.jit(lambda x: layer(x))(X)
    assert mk.backend.standardize_dtype(output.dtype) == "float16"
