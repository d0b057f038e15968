"""SimpleRNN, LSTM, GRU and stacked cells against plain-NumPy recurrences, on every backend."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops
from layers.rnn import rnn_reference as ref

BATCH, TIME, FEATURES, UNITS = 2, 4, 5, 3
RNG = np.random.default_rng(7)
X = RNG.normal(size=(BATCH, TIME, FEATURES)).astype("float32")
MASK = np.array([[1, 1, 0, 0], [0, 1, 0, 1]], bool)  # padding at the end; padding at the start and inside
H0 = RNG.normal(size=(BATCH, UNITS)).astype("float32")
C0 = RNG.normal(size=(BATCH, UNITS)).astype("float32")


# Every layer here gets its weights from set_weights: zero initializers spare jax a compilation of the random and
# QR kernels per weight shape.
NO_INIT = {"kernel_initializer": "zeros", "recurrent_initializer": "zeros"}


def _np(value):
    return np.asarray(ops.convert_to_numpy(value))


KINDS = {
    # name: (layer factory, weight shapes, numpy step factory, number of states)
    "simple_rnn": (lambda **kw: layers.SimpleRNN(UNITS, **kw),
                   [(FEATURES, UNITS), (UNITS, UNITS), (UNITS,)], lambda w: ref.simple_rnn_step(*w), 1),
    "lstm": (lambda **kw: layers.LSTM(UNITS, **kw),
             [(FEATURES, 4 * UNITS), (UNITS, 4 * UNITS), (4 * UNITS,)], lambda w: ref.lstm_step(*w), 2),
    "gru": (lambda **kw: layers.GRU(UNITS, **kw),
            [(FEATURES, 3 * UNITS), (UNITS, 3 * UNITS), (2, 3 * UNITS)], lambda w: ref.gru_step(*w), 1),
    "gru_reset_before": (lambda **kw: layers.GRU(UNITS, reset_after=False, **kw),
                         [(FEATURES, 3 * UNITS), (UNITS, 3 * UNITS), (3 * UNITS,)],
                         lambda w: ref.gru_step(*w, reset_after=False), 1),
}

CASES = {
    # No mask: on a backend with a fused kernel (torch), LSTM and GRU run in it here.
    "backwards_initial_state": {"go_backwards": True, "initial_state": True},
    "masked": {"mask": True},
    "unrolled_everything": {"unroll": True, "go_backwards": True, "initial_state": True, "mask": True,
                            "zero_output_for_mask": True},
}


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("case", sorted(CASES))
def test_layer_matches_numpy_recurrence(backend_name, kind, case):
    make, shapes, numpy_step, n_states = KINDS[kind]
    options = CASES[case]
    weights = ref.random_weights(np.random.default_rng(len(kind) * 10 + len(case)), shapes)
    layer_kwargs = {key: options[key] for key in ("go_backwards", "zero_output_for_mask", "unroll") if key in options}
    call_kwargs = {}
    initial = [np.zeros((BATCH, UNITS), "float32")] * n_states
    if options.get("initial_state"):
        initial = [H0, C0][:n_states]
        call_kwargs["initial_state"] = initial
    if options.get("mask"):
        call_kwargs["mask"] = MASK
    with mk.backend.use(backend_name):
        layer = make(return_sequences=True, return_state=True, **layer_kwargs, **NO_INIT)
        layer.build((BATCH, TIME, FEATURES))
        layer.set_weights(weights)
        sequence, *states = layer(X, **call_kwargs)
    want_sequence, want_last, want_states = ref.run(
        numpy_step(weights), X, initial, mask=call_kwargs.get("mask"), go_backwards=bool(options.get("go_backwards")),
        zero_output_for_mask=bool(options.get("zero_output_for_mask")),
    )
    np.testing.assert_allclose(_np(sequence), want_sequence, rtol=1e-5, atol=1e-5)
    assert len(states) == n_states
    for got, want in zip(states, want_states):
        np.testing.assert_allclose(_np(got), want, rtol=1e-5, atol=1e-5)
    if options.get("zero_output_for_mask"):
        # The last output is then zeros where the last step is masked (otherwise it is the state h, checked above).
        with mk.backend.use(backend_name):
            last_layer = make(**layer_kwargs, **NO_INIT)
            last_layer.build((BATCH, TIME, FEATURES))
            last_layer.set_weights(weights)
            np.testing.assert_allclose(_np(last_layer(X, **call_kwargs)), want_last, rtol=1e-5, atol=1e-5)
    else:
        np.testing.assert_allclose(_np(states[0]), want_last, rtol=1e-5, atol=1e-5)


def test_stacked_cells_match_numpy(backend_name):
    rng = np.random.default_rng(3)
    simple_w = ref.random_weights(rng, [(FEATURES, 2), (2, 2), (2,)])
    lstm_w = ref.random_weights(rng, [(2, 4 * UNITS), (UNITS, 4 * UNITS), (4 * UNITS,)])
    gru_w = ref.random_weights(rng, [(UNITS, 6), (2, 6), (2, 6)])
    with mk.backend.use(backend_name):
        cells = [layers.SimpleRNNCell(2, **NO_INIT), layers.LSTMCell(UNITS, **NO_INIT), layers.GRUCell(2, **NO_INIT)]
        layer = layers.RNN(cells, return_sequences=True, return_state=True)
        layer.build((BATCH, TIME, FEATURES))
        layer.set_weights(simple_w + lstm_w + gru_w)
        sequence, simple_state, lstm_states, gru_state = layer(X, mask=MASK)
    step = ref.stacked_step(
        [ref.simple_rnn_step(*simple_w), ref.lstm_step(*lstm_w), ref.gru_step(*gru_w)], [1, 2, 1]
    )
    zeros = [np.zeros((BATCH, n), "float32") for n in (2, UNITS, UNITS, 2)]
    want_sequence, _, want_states = ref.run(step, X, zeros, mask=MASK)
    np.testing.assert_allclose(_np(sequence), want_sequence, rtol=1e-5, atol=1e-5)
    assert isinstance(lstm_states, list) and len(lstm_states) == 2  # the LSTM cell's states stay grouped
    for got, want in zip([simple_state, *lstm_states, gru_state], want_states):
        np.testing.assert_allclose(_np(got), want, rtol=1e-5, atol=1e-5)


def test_cells_called_alone_compute_one_step(backend_name):
    rng = np.random.default_rng(5)
    x = X[:, 0]
    lstm_w = ref.random_weights(rng, [(FEATURES, 4 * UNITS), (UNITS, 4 * UNITS), (4 * UNITS,)])
    gru_w = ref.random_weights(rng, [(FEATURES, 3 * UNITS), (UNITS, 3 * UNITS), (2, 3 * UNITS)])
    with mk.backend.use(backend_name):
        lstm = layers.LSTMCell(UNITS, **NO_INIT)
        lstm.build((BATCH, FEATURES))
        lstm.set_weights(lstm_w)
        h, (h_again, c) = lstm(x, [H0, C0])
        gru = layers.GRUCell(UNITS, **NO_INIT)
        gru.build((BATCH, FEATURES))
        gru.set_weights(gru_w)
        gru_h, gru_state = gru(x, H0)  # a single array in, a single array out
        gru_h_list, gru_states = gru(x, [H0])  # a list in, a list out
    want_h, (_, want_c) = ref.lstm_step(*lstm_w)(x, [H0, C0])
    np.testing.assert_allclose(_np(h), want_h, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(_np(c), want_c, rtol=1e-5, atol=1e-5)
    want_gru, _ = ref.gru_step(*gru_w)(x, [H0])
    np.testing.assert_allclose(_np(gru_h), want_gru, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(_np(gru_state), want_gru, rtol=1e-5, atol=1e-5)
    assert isinstance(gru_states, list) and len(gru_states) == 1


def test_custom_cell_in_rnn(backend_name):
    class MinimalCell(mk.layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.state_size = units

        def build(self, input_shape):
            self.kernel = self.add_weight(shape=(input_shape[-1], self.units), initializer="zeros", name="kernel")
            self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), initializer="zeros",
                                                    name="recurrent_kernel")

        def call(self, inputs, states):
            assert isinstance(states, list) and len(states) == 1  # Keras passes a list, even for one state
            output = ops.matmul(inputs, self.kernel) + ops.matmul(states[0], self.recurrent_kernel)
            return output, [output]

    weights = ref.random_weights(np.random.default_rng(11), [(FEATURES, UNITS), (UNITS, UNITS)])
    with mk.backend.use(backend_name):
        layer = layers.RNN(MinimalCell(UNITS), return_sequences=True, go_backwards=True)
        layer.build((BATCH, TIME, FEATURES))
        layer.set_weights(weights)
        sequence = layer(X, mask=MASK)
    step = ref.simple_rnn_step(weights[0], weights[1], None, activation=lambda v: v)
    want, _, _ = ref.run(step, X, [np.zeros((BATCH, UNITS), "float32")], mask=MASK, go_backwards=True)
    np.testing.assert_allclose(_np(sequence), want, rtol=1e-5, atol=1e-5)
