"""Configs (Keras 3 keys, round trips), weight layout (Keras 3 names, shapes, nesting) and error messages."""

from __future__ import annotations

import json

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers
from multikeras.saving import object_tree

BASE = {"name", "trainable", "dtype"}
CELL = BASE | {
    "units", "activation", "use_bias", "kernel_initializer", "recurrent_initializer", "bias_initializer",
    "kernel_regularizer", "recurrent_regularizer", "bias_regularizer", "kernel_constraint", "recurrent_constraint",
    "bias_constraint", "dropout", "recurrent_dropout", "seed",
}
RNN = BASE | {"return_sequences", "return_state", "go_backwards", "stateful", "unroll", "zero_output_for_mask"}
KERAS_KEYS = {
    "SimpleRNNCell": CELL,
    "LSTMCell": CELL | {"recurrent_activation", "unit_forget_bias"},
    "GRUCell": CELL | {"recurrent_activation", "reset_after"},
    "StackedRNNCells": BASE | {"cells"},
    "RNN": RNN | {"cell"},
    # Keras 3 leaves the seed out of SimpleRNN's config (not of LSTM's and GRU's).
    "SimpleRNN": RNN | (CELL - {"seed"}) | {"activity_regularizer"},
    "LSTM": RNN | CELL | {"activity_regularizer", "recurrent_activation", "unit_forget_bias"},
    "GRU": RNN | CELL | {"activity_regularizer", "recurrent_activation", "reset_after"},
    "Bidirectional": BASE | {"merge_mode", "layer", "backward_layer"},
}


def _examples():
    return [
        layers.SimpleRNNCell(2, activation="relu", dropout=0.25, seed=1),
        layers.LSTMCell(2, unit_forget_bias=False, recurrent_activation="hard_sigmoid", recurrent_dropout=0.5),
        layers.GRUCell(2, reset_after=False, use_bias=False, kernel_regularizer="l2"),
        layers.StackedRNNCells([layers.GRUCell(2), layers.LSTMCell(3)]),
        layers.RNN([layers.SimpleRNNCell(2), layers.LSTMCell(3)], return_state=True, go_backwards=True),
        layers.SimpleRNN(2, return_sequences=True, activity_regularizer="l1", recurrent_constraint="non_neg"),
        layers.LSTM(2, stateful=True, unroll=True, seed=5, dropout=0.1, zero_output_for_mask=True),
        layers.GRU(2, reset_after=False, recurrent_initializer="glorot_uniform", return_state=True),
        layers.Bidirectional(layers.LSTM(2, return_sequences=True), merge_mode="mul",
                             backward_layer=layers.GRU(2, return_sequences=True, go_backwards=True)),
    ]


@pytest.mark.parametrize("index", range(9))
def test_config_keys_and_round_trip(index):
    with mk.backend.use("numpy"):
        layer = _examples()[index]
        config = layer.get_config()
        assert set(config) == KERAS_KEYS[type(layer).__name__]
        serialized = mk.saving.serialize_keras_object(layer)
        json.dumps(serialized)
        assert serialized["module"] == "keras.layers" and serialized["class_name"] == type(layer).__name__
        rebuilt = mk.saving.deserialize_keras_object(json.loads(json.dumps(serialized)))
        assert type(rebuilt) is type(layer)
        assert rebuilt.get_config() == config


def test_config_round_trip_of_a_built_stacked_rnn_keeps_the_cells_built():
    with mk.backend.use("numpy"):
        layer = layers.RNN([layers.SimpleRNNCell(2), layers.LSTMCell(3)])
        layer(np.zeros((1, 4, 5), "float32"))
        config = mk.saving.serialize_keras_object(layer)
        cells = config["config"]["cell"]["config"]["cells"]
        assert [cell["build_config"]["input_shape"] for cell in cells] == [[1, 5], [1, 2]]
        rebuilt = mk.saving.deserialize_keras_object(config)
    assert [w.shape for w in rebuilt.weights] == [w.shape for w in layer.weights]


def test_keras_3_weight_layout():
    with mk.backend.use("numpy"):
        x = mk.Input((4, 5))
        y = layers.LSTM(3, return_sequences=True)(x)
        y = layers.Bidirectional(layers.GRU(2, return_sequences=True))(y)
        y = layers.SimpleRNN(2, return_sequences=True)(y)
        y = layers.RNN([layers.GRUCell(2, reset_after=False), layers.LSTMCell(3)])(y)
        model = mk.Model(x, y)
    lstm, bidirectional, simple, stacked = model.layers[1:]
    assert [(w.name, w.shape) for w in lstm.weights] == [
        ("kernel", (5, 12)), ("recurrent_kernel", (3, 12)), ("bias", (12,)),
    ]
    assert lstm.cell.name == "lstm_cell" and simple.cell.name == "simple_rnn_cell"
    assert [w.shape for w in bidirectional.weights] == [(3, 6), (2, 6), (2, 6)] * 2
    assert bidirectional.forward_layer.name == "forward_" + bidirectional.forward_layer.name[len("forward_"):]
    assert bidirectional.backward_layer.go_backwards and not bidirectional.forward_layer.go_backwards
    assert [w.shape for w in stacked.weights] == [(2, 6), (2, 6), (6,), (2, 12), (3, 12), (12,)]
    # Where each object's variables go in a weights file: Keras 3's groups.
    paths = {path for path, obj in object_tree.walk(model) if obj._own_variables()}
    assert paths == {
        "layers/lstm/cell", "layers/bidirectional/forward_layer/cell", "layers/bidirectional/backward_layer/cell",
        "layers/simple_rnn/cell", "layers/rnn/cell/cells/gru_cell", "layers/rnn/cell/cells/lstm_cell",
    }


def test_initializers_unit_forget_bias_and_orthogonal_recurrent_kernel():
    with mk.backend.use("numpy"):
        cell = layers.LSTMCell(3)
        cell.build((None, 2))
        no_forget = layers.LSTMCell(3, unit_forget_bias=False, bias_initializer="ones")
        no_forget.build((None, 2))
    np.testing.assert_array_equal(cell.bias.numpy(), [0.0] * 3 + [1.0] * 3 + [0.0] * 6)
    np.testing.assert_array_equal(no_forget.bias.numpy(), np.ones(12))
    recurrent = cell.recurrent_kernel.numpy()
    np.testing.assert_allclose(recurrent @ recurrent.T, np.eye(3), atol=1e-5)  # (3, 12): orthonormal rows


def test_layer_properties_read_the_cell():
    with mk.backend.use("numpy"):
        layer = layers.GRU(4, dropout=0.3, reset_after=False, seed=9)
    assert (layer.units, layer.dropout, layer.reset_after, layer.seed) == (4, 0.3, False, 9)
    assert layer.activation is mk.activations.tanh and layer.recurrent_activation is mk.activations.sigmoid


@pytest.mark.parametrize("make", [layers.LSTM, layers.GRU, layers.SimpleRNN, layers.LSTMCell, layers.GRUCell])
@pytest.mark.parametrize("units", [0, -1, 2.5, "3", True])
def test_units_must_be_positive_ints(make, units):
    with pytest.raises(ValueError, match=rf"units must be a positive int, received units={units!r}"):
        make(units)


def test_wrong_input_rank_names_the_layer_and_shapes():
    with mk.backend.use("numpy"):
        with pytest.raises(ValueError, match=r"Layer 'lstm\w*': input 0 must have rank 3, received shape \(2, 5\)"):
            layers.LSTM(3)(np.zeros((2, 5), "float32"))
        with pytest.raises(ValueError, match=r"Layer 'rnn\w*': input 0 must have rank >= 3, received shape \(5,\)"):
            layers.RNN(layers.GRUCell(2))(np.zeros((5,), "float32"))
        lstm = layers.LSTM(3)
        lstm(np.zeros((2, 4, 5), "float32"))
        with pytest.raises(ValueError, match=r"input 0 must have size 5 on axis -1.*received shape \(2, 4, 6\)"):
            lstm(np.zeros((2, 4, 6), "float32"))


def test_initial_state_errors():
    with mk.backend.use("numpy"):
        x = np.zeros((2, 4, 5), "float32")
        with pytest.raises(ValueError, match=r"LSTM 'lstm\w*': expected 2 initial state array\(s\) for a cell with "
                                             r"state_size=\[3, 3\], received 1"):
            layers.LSTM(3)(x, initial_state=[np.zeros((2, 3), "float32")])
        with pytest.raises(ValueError, match=r"GRU 'gru\w*': each initial state must have shape \(batch, state size\), "
                                             r"expected \(2, 3\), received \(2, 4\)"):
            layers.GRU(3)(x, initial_state=np.zeros((2, 4), "float32"))


def test_cell_errors():
    with pytest.raises(ValueError, match=r"RNN 'rnn\w*': a cell must have a `call` method, received cell=<object"):
        layers.RNN(object())

    class NoStateSize(mk.layers.Layer):
        def call(self, inputs, states):
            return inputs, states

    with pytest.raises(ValueError, match=r"a cell must have a `state_size` attribute"):
        layers.RNN(NoStateSize())
    with pytest.raises(ValueError, match=r"StackedRNNCells '\w+': expected a non-empty list of cells, received cells="):
        layers.StackedRNNCells([])
    with pytest.raises(ValueError, match=r"implementation must be 1 or 2, received 3"):
        layers.LSTM(2, implementation=3)
    with pytest.raises(ValueError, match=r"dropout must be a float, received dropout='0.5'"):
        layers.GRUCell(2, dropout="0.5")
    with pytest.raises(ValueError, match=r"use_cudnn must be 'auto', True or False, received 'yes'"):
        layers.LSTM(2, use_cudnn="yes")
    with pytest.raises(ValueError, match=r"seed must be an int or None, received seed=1.5"):
        layers.SimpleRNN(2, seed=1.5)


def test_dropout_rates_are_clipped_as_in_keras():
    layer = layers.LSTM(2, dropout=1.5, recurrent_dropout=-0.5)
    assert (layer.dropout, layer.recurrent_dropout) == (1.0, 0.0)


def test_bidirectional_errors():
    with pytest.raises(ValueError, match=r"Bidirectional '\w+': `layer` must be a recurrent layer .* received <Dense"):
        layers.Bidirectional(layers.Dense(3))
    with pytest.raises(ValueError, match=r"merge_mode must be one of .* received merge_mode='max'"):
        layers.Bidirectional(layers.LSTM(3), merge_mode="max")
    with pytest.raises(ValueError, match=r"must have different go_backwards, received False for both"):
        layers.Bidirectional(layers.LSTM(3), backward_layer=layers.LSTM(3))
    with pytest.raises(ValueError, match=r"must have the same return_sequences, received True \(forward\) and False"):
        layers.Bidirectional(layers.LSTM(3, return_sequences=True), backward_layer=layers.LSTM(3, go_backwards=True))
    with pytest.raises(AttributeError, match=r"reset_state\(\) needs a stateful layer"):
        layers.Bidirectional(layers.LSTM(3)).reset_state()
