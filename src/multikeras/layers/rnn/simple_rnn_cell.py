"""`SimpleRNNCell`: ``output = activation(inputs @ kernel + bias + previous_output @ recurrent_kernel)``."""

from __future__ import annotations

from typing import Any

from multikeras.layers.rnn.cell_base import GatedCell
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class SimpleRNNCell(GatedCell):
    """The cell of a fully-connected RNN whose output is fed back as its state.

    One step: ``h = activation(x @ kernel + bias + h_prev @ recurrent_kernel)``;
    the output and the single state are ``h``. Use it in
    :class:`~multikeras.layers.RNN`, or :class:`~multikeras.layers.SimpleRNN`
    for the whole sequence layer.

    Args:
        units: positive number of output features (and state size).
        activation: activation function (default ``tanh``; ``None``: linear).
        use_bias: whether to add a bias.
        kernel_initializer: initializer of ``kernel`` ``(features, units)``.
        recurrent_initializer: initializer of ``recurrent_kernel`` ``(units, units)``.
        bias_initializer: initializer of ``bias`` ``(units,)``.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: penalties added to ``losses``.
        kernel_constraint, recurrent_constraint, bias_constraint: projections applied after updates.
        dropout: fraction of the inputs dropped in training (one mask per sequence).
        recurrent_dropout: fraction of the previous output dropped in training.
        seed: int seed of the dropout masks, or ``None``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Call arguments:
        inputs: ``(batch, features)``.
        states: the previous output, an array ``(batch, units)`` or a list holding it.
        training: whether dropout applies.

    Returns:
        ``(output, new_states)``, ``new_states`` in the form ``states`` had.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     cell = SimpleRNNCell(2, kernel_initializer="ones", recurrent_initializer="zeros")
        ...     output, states = cell(mk.ops.ones((1, 3)), [mk.ops.zeros((1, 2))])
        >>> [round(float(v), 4) for v in output[0]], len(states)
        ([0.9951, 0.9951], 1)
    """

    gates = 1

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
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        seed: int | None = None,
        **kwargs: Any,
    ):
        super().__init__(
            units, activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed, **kwargs,
        )

    def _recurrent_step(self, projected: Any, states: list[Any], constants: dict[str, Any]) -> tuple[Any, list[Any]]:
        output = projected + self._recurrent_product(states[0], constants)
        if self.activation is not None:
            output = self.activation(output)
        return output, [output]

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update(self._base_cell_config())
        return config
