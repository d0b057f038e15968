"""`SimpleRNN`: a fully-connected RNN whose output is fed back (an RNN over a `SimpleRNNCell`)."""

from __future__ import annotations

from typing import Any

from multikeras.layers.rnn.cell_layer import CELL_KEYS, CellLayer, _cell_attribute
from multikeras.layers.rnn.simple_rnn_cell import SimpleRNNCell
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class SimpleRNN(CellLayer):
    """Fully-connected RNN: ``h_t = activation(x_t @ kernel + bias + h_{t-1} @ recurrent_kernel)``.

    An :class:`RNN` over a :class:`SimpleRNNCell` named ``simple_rnn_cell``,
    which owns the weights (``kernel (features, units)``, ``recurrent_kernel
    (units, units)``, ``bias (units,)``) exactly as in Keras 3.

    Args:
        units: positive number of output features.
        activation: activation function (default ``tanh``; ``None``: linear).
        use_bias: whether to add a bias.
        kernel_initializer, recurrent_initializer, bias_initializer: initializers.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: penalties on the weights.
        activity_regularizer: a penalty on the output.
        kernel_constraint, recurrent_constraint, bias_constraint: projections applied after updates.
        dropout: fraction of the inputs dropped in training.
        recurrent_dropout: fraction of the recurrent state dropped in training.
        return_sequences, return_state, go_backwards, stateful, unroll: see :class:`RNN`.
        seed: int seed of the dropout masks, or ``None`` (as in Keras 3, not part of the config).
        **kwargs: base layer arguments (``name``, ``dtype`` ...) and ``zero_output_for_mask``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = SimpleRNN(4, return_sequences=True)
        ...     y = layer(mk.ops.ones((2, 5, 3)))
        >>> y.shape, [w.shape for w in layer.weights]
        ((2, 5, 4), [(3, 4), (4, 4), (4,)])
    """

    cell_config_keys = CELL_KEYS

    def __init__(
        self,
        units: int,
        activation: Any = "tanh",
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        recurrent_initializer: Any = "orthogonal",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        recurrent_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        seed: int | None = None,
        **kwargs: Any,
    ):
        cell = SimpleRNNCell(
            units, activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed, dtype=kwargs.get("dtype"),
            trainable=kwargs.get("trainable", True), name="simple_rnn_cell",
        )
        super().__init__(
            cell, activity_regularizer=activity_regularizer, return_sequences=return_sequences,
            return_state=return_state, go_backwards=go_backwards, stateful=stateful, unroll=unroll, **kwargs,
        )

    seed = _cell_attribute("seed")
