"""`GRU`: the gated recurrent unit layer (an RNN over a `GRUCell`)."""

from __future__ import annotations

from typing import Any

from multikeras.layers.rnn.cell_layer import CELL_KEYS, CellLayer, _cell_attribute
from multikeras.layers.rnn.gru_cell import GRUCell
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class GRU(CellLayer):
    """Gated recurrent unit layer (Cho et al., 2014).

    An :class:`RNN` over a :class:`GRUCell` named ``gru_cell``, which owns the
    weights (``kernel (features, 3*units)``, ``recurrent_kernel (units,
    3*units)``, ``bias (2, 3*units)`` with ``reset_after=True`` else
    ``(3*units,)``, gates ``z, r, h``) exactly as in Keras 3. When the active
    backend has a fused ``gru`` kernel (see ``docs/contract.md``) and the
    configuration is one it computes (``reset_after=True``, ``tanh``/``sigmoid``,
    no recurrent dropout, no mask, ``use_cudnn`` not ``False``) the whole
    sequence runs in it.

    Args:
        units: positive number of output features.
        activation: activation of the candidate (default ``tanh``).
        recurrent_activation: activation of the gates (default ``sigmoid``).
        use_bias: whether to add biases.
        kernel_initializer, recurrent_initializer, bias_initializer: initializers.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: penalties on the weights.
        activity_regularizer: a penalty on the output.
        kernel_constraint, recurrent_constraint, bias_constraint: projections applied after updates.
        dropout: fraction of the inputs dropped in training.
        recurrent_dropout: fraction of the recurrent state dropped in training.
        seed: int seed of the dropout masks, or ``None``.
        return_sequences, return_state, go_backwards, stateful, unroll: see :class:`RNN`.
        reset_after: apply the reset gate after the recurrent matrix product (default).
        use_cudnn: ``"auto"`` (default) or ``True``: use the backend's fused kernel
            where it applies; ``False``: always the generic loop.
        **kwargs: base layer arguments (``name``, ``dtype`` ...), ``zero_output_for_mask``
            and ``implementation``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = GRU(4, return_sequences=True)
        ...     y = layer(mk.ops.ones((2, 5, 3)))
        >>> y.shape, [w.shape for w in layer.weights]
        ((2, 5, 4), [(3, 12), (4, 12), (2, 12)])
    """

    cell_config_keys = CELL_KEYS[:2] + ("recurrent_activation",) + CELL_KEYS[2:] + ("reset_after", "seed")

    def __init__(
        self,
        units: int,
        activation: Any = "tanh",
        recurrent_activation: Any = "sigmoid",
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
        seed: int | None = None,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        reset_after: bool = True,
        use_cudnn: Any = "auto",
        **kwargs: Any,
    ):
        cell = GRUCell(
            units, activation=activation, recurrent_activation=recurrent_activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout, recurrent_dropout=recurrent_dropout,
            reset_after=reset_after, seed=seed, implementation=kwargs.pop("implementation", 2),
            dtype=kwargs.get("dtype"), trainable=kwargs.get("trainable", True), name="gru_cell",
        )
        super().__init__(
            cell, use_cudnn=use_cudnn, activity_regularizer=activity_regularizer, return_sequences=return_sequences,
            return_state=return_state, go_backwards=go_backwards, stateful=stateful, unroll=unroll, **kwargs,
        )

    recurrent_activation = _cell_attribute("recurrent_activation")
    reset_after = _cell_attribute("reset_after")
    seed = _cell_attribute("seed")
