"""Masks from Masking and Embedding(mask_zero=True), initial states in a Functional model, and stateful RNNs."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops
from layers.rnn import rnn_reference as ref

BATCH, TIME, FEATURES, UNITS = 2, 4, 5, 3


NO_INIT = {"kernel_initializer": "zeros", "recurrent_initializer": "zeros"}  # weights come from set_weights


def _np(value):
    return np.asarray(ops.convert_to_numpy(value))


def _lstm_weights(seed: int, features: int = FEATURES):
    return ref.random_weights(np.random.default_rng(seed), [(features, 4 * UNITS), (UNITS, 4 * UNITS), (4 * UNITS,)])


def test_masking_layer_masks_two_stacked_lstms(backend_name):
    x = np.random.default_rng(0).normal(size=(BATCH, TIME, FEATURES)).astype("float32")
    x[0, 2:] = 0.0  # padded at the end
    x[1, 0] = 0.0  # padded at the start
    mask = np.any(x != 0.0, axis=-1)
    first_w, second_w = _lstm_weights(1), _lstm_weights(2, features=UNITS)
    with mk.backend.use(backend_name):
        model = mk.Sequential([
            mk.Input((TIME, FEATURES)), layers.Masking(),
            layers.LSTM(UNITS, return_sequences=True, **NO_INIT), layers.LSTM(UNITS, **NO_INIT),
        ])
        model.layers[1].set_weights(first_w)
        model.layers[2].set_weights(second_w)
        got = _np(model(x))
    zeros = [np.zeros((BATCH, UNITS), "float32")] * 2
    sequence, _, _ = ref.run(ref.lstm_step(*first_w), x, zeros, mask=mask)
    _, want, _ = ref.run(ref.lstm_step(*second_w), sequence, zeros, mask=mask)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_embedding_mask_zero_reaches_a_bidirectional_gru(backend_name):
    tokens = np.array([[3, 1, 0, 0], [2, 2, 4, 1]], "int32")
    rng = np.random.default_rng(8)
    table = rng.normal(size=(6, FEATURES)).astype("float32")
    gru_weights = ref.random_weights(rng, [(FEATURES, 3 * UNITS), (UNITS, 3 * UNITS), (2, 3 * UNITS)] * 2)
    with mk.backend.use(backend_name):
        inputs = mk.Input((TIME,), dtype="int32")
        embedded = layers.Embedding(6, FEATURES, mask_zero=True, embeddings_initializer="zeros")(inputs)
        bidirectional = layers.Bidirectional(layers.GRU(UNITS, return_sequences=True, **NO_INIT), merge_mode="sum")
        model = mk.Model(inputs, bidirectional(embedded))
        model.set_weights([table] + gru_weights)
        got = _np(model(tokens))
    x, mask = table[tokens], tokens != 0
    zeros = [np.zeros((BATCH, UNITS), "float32")]
    forward, _, _ = ref.run(ref.gru_step(*gru_weights[:3]), x, zeros, mask=mask, zero_output_for_mask=True)
    backward, _, _ = ref.run(ref.gru_step(*gru_weights[3:]), x, zeros, mask=mask, go_backwards=True,
                             zero_output_for_mask=True)
    np.testing.assert_allclose(got, forward + backward[:, ::-1], rtol=1e-5, atol=1e-5)


def test_output_mask_follows_return_sequences():
    with mk.backend.use("numpy"):
        inputs = mk.Input((TIME, FEATURES))
        masked = layers.Masking()(inputs)
        sequence, h, c = layers.LSTM(UNITS, return_sequences=True, return_state=True)(masked)
        last = layers.GRU(UNITS)(masked)
    assert sequence._keras_mask is not None and sequence._keras_mask.shape == (None, TIME)
    assert h._keras_mask is None and c._keras_mask is None
    assert last._keras_mask is None


def test_initial_state_from_functional_inputs(backend_name):
    rng = np.random.default_rng(4)
    x = rng.normal(size=(BATCH, TIME, FEATURES)).astype("float32")
    h0, c0 = rng.normal(size=(2, BATCH, UNITS)).astype("float32")
    weights = _lstm_weights(5)
    with mk.backend.use(backend_name):
        sequences, h_in, c_in = mk.Input((TIME, FEATURES)), mk.Input((UNITS,)), mk.Input((UNITS,))
        lstm = layers.LSTM(UNITS, return_sequences=True, return_state=True, **NO_INIT)
        outputs = lstm(sequences, initial_state=[h_in, c_in])
        assert isinstance(outputs, tuple)
        assert [t.shape for t in outputs] == [(None, TIME, UNITS), (None, UNITS), (None, UNITS)]
        model = mk.Model([sequences, h_in, c_in], list(outputs))
        lstm.set_weights(weights)
        got = [_np(t) for t in model([x, h0, c0])]
    want_sequence, _, want_states = ref.run(ref.lstm_step(*weights), x, [h0, c0])
    for actual, wanted in zip(got, [want_sequence, *want_states]):
        np.testing.assert_allclose(actual, wanted, rtol=1e-5, atol=1e-5)


def test_stateful_carries_states_across_calls(backend_name):
    rng = np.random.default_rng(6)
    x = rng.normal(size=(BATCH, TIME, FEATURES)).astype("float32")
    weights = ref.random_weights(rng, [(FEATURES, 3 * UNITS), (UNITS, 3 * UNITS), (2, 3 * UNITS)])
    with mk.backend.use(backend_name):
        layer = layers.GRU(UNITS, stateful=True, return_sequences=True, unroll=True, **NO_INIT)
        layer.build((BATCH, TIME // 2, FEATURES))
        layer.set_weights(weights)
        assert len(layer.weights) == 3 and len(layer.states) == 1  # the state is no weight: Keras 3's file layout
        assert any(v is layer.states[0] for v in layer.non_trainable_variables)
        first = _np(layer(x[:, :TIME // 2]))
        second = _np(layer(x[:, TIME // 2:]))
        carried = _np(layer.states[0])
        layer.reset_state()
        after_reset = _np(layer(x[:, :TIME // 2]))
    want, _, want_states = ref.run(ref.gru_step(*weights), x, [np.zeros((BATCH, UNITS), "float32")])
    np.testing.assert_allclose(np.concatenate([first, second], axis=1), want, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(carried, want_states[0], rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(after_reset, first, rtol=1e-6, atol=1e-6)


def test_stateful_needs_a_fixed_batch_size():
    with mk.backend.use("numpy"):
        with pytest.raises(ValueError, match=r"LSTM 'lstm\w*': stateful=True needs a fixed batch size, received "
                                             r"sequences of shape \(None, 4, 5\)"):
            mk.Sequential([mk.Input((TIME, FEATURES)), layers.LSTM(UNITS, stateful=True)])
        layer = layers.LSTM(UNITS, stateful=True)
        layer(np.zeros((BATCH, TIME, FEATURES), "float32"))
        with pytest.raises(ValueError, match=r"keeps states for 2 sequences, received a batch of 3"):
            layer(np.zeros((3, TIME, FEATURES), "float32"))
