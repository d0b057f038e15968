"""The torch plug-in's fused ``lstm`` / ``gru`` kernels: same outputs and gradients as the generic loop, used only
where they compute the layer's configuration (docs/contract.md, "Fused kernels")."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops
from multikeras.backend.selection import current

BATCH, TIME, FEATURES, UNITS = 2, 4, 5, 3
RNG = np.random.default_rng(21)
X = RNG.normal(size=(BATCH, TIME, FEATURES)).astype("float32")
H0 = RNG.normal(size=(BATCH, UNITS)).astype("float32")
MAKE = {"lstm": layers.LSTM, "gru": layers.GRU}


@pytest.fixture
def kernel_calls(monkeypatch):
    """Counts the calls of the torch backend's recurrent kernels (which still compute)."""
    calls = {"lstm": 0, "gru": 0}
    with mk.backend.use("torch"):
        kernels = current().fused
    for name in calls:
        original = kernels[name]

        def counting(*args, _name=name, _original=original):
            calls[_name] += 1
            return _original(*args)

        monkeypatch.setitem(kernels, name, counting)
    return calls


def _outputs_and_gradients(layer, weights, call_kwargs):
    """Outputs, and gradients of a loss on all outputs with respect to the weights and the inputs."""
    layer.set_weights(weights)
    non_trainable = [v.value for v in layer.non_trainable_variables]
    x = ops.convert_to_tensor(X)

    def loss(trainable, inputs):
        outputs, _ = layer.stateless_call(trainable, non_trainable, inputs, **call_kwargs)
        total = 0.0
        for index, output in enumerate(outputs):
            total = total + ops.sum(ops.square(output)) * (index + 1)
        return total, outputs

    (_, outputs), grads = mk.backend.value_and_grad(loss, argnums=(0, 1), has_aux=True)(
        [v.value for v in layer.trainable_variables], x
    )
    weight_grads, input_grad = grads
    return [ops.convert_to_numpy(o) for o in outputs], [ops.convert_to_numpy(g) for g in [*weight_grads, input_grad]]


CASES = {
    "plain": ({}, {}),
    "backwards_initial_state": ({"go_backwards": True}, {"initial_state": True}),
    "input_dropout_training": ({"dropout": 0.4, "seed": 3}, {"training": True}),
    "no_bias": ({"use_bias": False}, {}),
    "recurrent_dropout_at_inference": ({"recurrent_dropout": 0.5}, {"training": False}),
}


@pytest.mark.parametrize("kind", ["lstm", "gru"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_fused_kernel_matches_generic_loop(kind, case, kernel_calls):
    layer_kwargs, call_options = CASES[case]
    call_kwargs = {key: value for key, value in call_options.items() if key == "training"}
    if call_options.get("initial_state"):
        call_kwargs["initial_state"] = [H0, H0 * 0.5] if kind == "lstm" else [H0]
    results = {}
    with mk.backend.use("torch"):
        weights = None
        for use_cudnn in ("auto", False):
            layer = MAKE[kind](UNITS, return_sequences=True, return_state=True, use_cudnn=use_cudnn, **layer_kwargs)
            layer.build((BATCH, TIME, FEATURES))
            weights = weights or [np.random.default_rng(2).uniform(-0.5, 0.5, w.shape).astype("float32")
                                  for w in layer.get_weights()]
            before = kernel_calls[kind]
            results[use_cudnn] = _outputs_and_gradients(layer, weights, call_kwargs)
            assert kernel_calls[kind] - before == (1 if use_cudnn == "auto" else 0)
    (fused_out, fused_grads), (generic_out, generic_grads) = results["auto"], results[False]
    for fused, generic in zip(fused_out + fused_grads, generic_out + generic_grads):
        np.testing.assert_allclose(fused, generic, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("layer_kwargs, call_kwargs", [
    ({}, {"mask": np.array([[1, 1, 1, 0], [1, 1, 1, 1]], bool)}),
    ({"recurrent_dropout": 0.5}, {"training": True}),
    ({"dropout": 0.5, "implementation": 1}, {"training": True}),
    ({"activation": "relu"}, {}),
    ({"recurrent_activation": "hard_sigmoid"}, {}),
])
@pytest.mark.parametrize("kind", ["lstm", "gru"])
def test_fused_kernel_is_not_used_where_it_would_compute_something_else(kind, layer_kwargs, call_kwargs, kernel_calls):
    with mk.backend.use("torch"):
        layer = MAKE[kind](UNITS, **layer_kwargs)
        layer(X, **call_kwargs)
    assert kernel_calls == {"lstm": 0, "gru": 0}


def test_gru_reset_before_and_generic_rnn_of_fused_cells(kernel_calls):
    with mk.backend.use("torch"):
        layers.GRU(UNITS, reset_after=False)(X)
        assert kernel_calls == {"lstm": 0, "gru": 0}
        layers.RNN(layers.LSTMCell(UNITS))(X)  # one cell: the whole sequence goes to the kernel
        layers.RNN([layers.GRUCell(UNITS)])(X)  # a stack runs cell by cell, step by step
    assert kernel_calls == {"lstm": 1, "gru": 0}


def test_kernels_decline_half_precision_on_cpu(kernel_calls):
    with mk.backend.use("torch"):
        output = layers.LSTM(UNITS, dtype="mixed_float16")(X)
    assert kernel_calls["lstm"] == 1  # asked, declined: the generic loop computed in float16
    assert mk.backend.standardize_dtype(ops.dtype(output)) == "float16"
