"""The recurrent layers through the layer harness (config, shapes, Functional, a training step, mixed precision).

The LSTM runs the scanned loop, the Bidirectional GRU the unrolled one: the
harness calls each layer several times, and a scanned loop costs a
compilation per eager call on jax (both are checked against NumPy in
``test_rnn_reference.py``).
"""

from __future__ import annotations

import numpy as np

import multikeras as mk
from multikeras import layers
from layers.harness import run_layer_test
from layers.rnn import rnn_reference as ref


def _last(step, n_states, units):
    def expected(x, weights):
        zeros = [np.zeros((x.shape[0], units), "float32")] * n_states
        return ref.run(step(weights), x, zeros)[1]

    return expected


def test_lstm_harness(backend_name):
    with mk.backend.use(backend_name):
        run_layer_test(
            layers.LSTM, {"units": 3},
            input_shape=(2, 4, 5),
            expected_output_shape=(2, 3),
            expected_num_trainable_weights=3,
            expected_num_non_trainable_weights=0,
            expected_num_losses=0,
            supports_masking=True,
            expected_output=_last(lambda w: ref.lstm_step(*w), 2, 3),
        )


def test_bidirectional_gru_harness_with_regularizers(backend_name):
    def expected(x, w):
        zeros = [np.zeros((2, 3), "float32")]
        forward = ref.run(ref.gru_step(*w[:3]), x, zeros)[0]
        backward = ref.run(ref.gru_step(*w[3:]), x, zeros, go_backwards=True)[0]
        return (forward + backward[:, ::-1]) / 2

    gru = layers.GRU(3, unroll=True, return_sequences=True, kernel_regularizer="l2", recurrent_regularizer="l1",
                     bias_regularizer="l2")
    with mk.backend.use(backend_name):
        run_layer_test(
            layers.Bidirectional, {"layer": gru, "merge_mode": "ave", "activity_regularizer": "l2"},
            input_shape=(2, 4, 5),
            expected_output_shape=(2, 4, 3),
            expected_num_trainable_weights=6,
            expected_num_losses=7,  # three weight penalties per direction, and the activity penalty
            expected_output=expected,
        )
