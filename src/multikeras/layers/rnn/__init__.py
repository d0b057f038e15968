"""Recurrent layers: the cells, the generic `RNN` wrapper, `SimpleRNN`, `LSTM`, `GRU`, `ConvLSTM1D/2D/3D`
and `Bidirectional`.

The time loop is written once (:mod:`multikeras.layers.rnn.recurrence`) with
``multikeras.ops``; a backend may run a whole LSTM or GRU sequence in a fused
kernel of its own (``docs/contract.md``, "Fused kernels").
"""

from multikeras.layers.rnn.bidirectional import Bidirectional
from multikeras.layers.rnn.conv_lstm import ConvLSTM1D, ConvLSTM2D, ConvLSTM3D
from multikeras.layers.rnn.gru import GRU
from multikeras.layers.rnn.gru_cell import GRUCell
from multikeras.layers.rnn.lstm import LSTM
from multikeras.layers.rnn.lstm_cell import LSTMCell
from multikeras.layers.rnn.rnn import RNN
from multikeras.layers.rnn.simple_rnn import SimpleRNN
from multikeras.layers.rnn.simple_rnn_cell import SimpleRNNCell
from multikeras.layers.rnn.stacked_rnn_cells import StackedRNNCells

__all__ = [
    "Bidirectional", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D", "GRU", "GRUCell", "LSTM", "LSTMCell", "RNN",
    "SimpleRNN", "SimpleRNNCell", "StackedRNNCells",
]
