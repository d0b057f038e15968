"""`LSTM`: the long short-term memory layer (an RNN over an `LSTMCell`)."""

from __future__ import annotations

from typing import Any

from multikeras.layers.rnn.cell_layer import CELL_KEYS, CellLayer, _cell_attribute
from multikeras.layers.rnn.lstm_cell import LSTMCell
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class LSTM(CellLayer):
    """Long short-term memory layer (Hochreiter & Schmidhuber, 1997).

    An :class:`RNN` over an :class:`LSTMCell` named ``lstm_cell``, which owns
    the weights (``kernel (features, 4*units)``, ``recurrent_kernel (units,
    4*units)``, ``bias (4*units,)``, gates ``i, f, c, o``) exactly as in
    Keras 3, so Keras 3 weights files load. When the active backend has a
    fused ``lstm`` kernel (see ``docs/contract.md``) and the configuration is
    one it computes (``tanh``/``sigmoid`` activations, no recurrent dropout,
    no mask, ``use_cudnn`` not ``False``) the whole sequence runs in it.

    Args:
        units: positive number of output features.
        activation: activation of the candidate and of the output (default ``tanh``).
        recurrent_activation: activation of the gates (default ``sigmoid``).
        use_bias: whether to add a bias.
        kernel_initializer, recurrent_initializer, bias_initializer: initializers.
        unit_forget_bias: initialize the forget gate's bias to ones.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: penalties on the weights.
        activity_regularizer: a penalty on the output.
        kernel_constraint, recurrent_constraint, bias_constraint: projections applied after updates.
        dropout: fraction of the inputs dropped in training.
        recurrent_dropout: fraction of the recurrent state dropped in training.
        seed: int seed of the dropout masks, or ``None``.
        return_sequences, return_state, go_backwards, stateful, unroll: see :class:`RNN`.
        use_cudnn: ``"auto"`` (default) or ``True``: use the backend's fused kernel
            where it applies; ``False``: always the generic loop.
        **kwargs: base layer arguments (``name``, ``dtype`` ...), ``zero_output_for_mask``
            and ``implementation``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = LSTM(4, return_state=True)
        ...     output, h, c = layer(mk.ops.ones((2, 5, 3)))
        >>> output.shape, c.shape, [w.shape for w in layer.weights]
        ((2, 4), (2, 4), [(3, 16), (4, 16), (16,)])
    """

    cell_config_keys = (
        CELL_KEYS[:2] + ("recurrent_activation",) + CELL_KEYS[2:6] + ("unit_forget_bias",) + CELL_KEYS[6:] + ("seed",)
    )

    def __init__(
        self,
        units: int,
        activation: Any = "tanh",
        recurrent_activation: Any = "sigmoid",
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        recurrent_initializer: Any = "orthogonal",
        bias_initializer: Any = "zeros",
        unit_forget_bias: bool = True,
        kernel_regularizer: Any = None,
        recurrent_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        seed: int | None = None,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        use_cudnn: Any = "auto",
        **kwargs: Any,
    ):
        cell = LSTMCell(
            units, activation=activation, recurrent_activation=recurrent_activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, unit_forget_bias=unit_forget_bias,
            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed, implementation=kwargs.pop("implementation", 2),
            dtype=kwargs.get("dtype"), trainable=kwargs.get("trainable", True), name="lstm_cell",
        )
        super().__init__(
            cell, use_cudnn=use_cudnn, activity_regularizer=activity_regularizer, return_sequences=return_sequences,
            return_state=return_state, go_backwards=go_backwards, stateful=stateful, unroll=unroll, **kwargs,
        )

    recurrent_activation = _cell_attribute("recurrent_activation")
    unit_forget_bias = _cell_attribute("unit_forget_bias")
    seed = _cell_attribute("seed")
