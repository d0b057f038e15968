"""`LSTMCell`: the long short-term memory cell, gates in Keras 3's order ``i, f, c, o``."""

from __future__ import annotations

from typing import Any

from multikeras import activations, ops
from multikeras.backend.selection import current
from multikeras.layers.rnn.cell_base import GatedCell
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class LSTMCell(GatedCell):
    """The cell of an LSTM layer (Hochreiter & Schmidhuber, 1997).

    One step, with ``z = x @ kernel + h_prev @ recurrent_kernel + bias`` split
    into four blocks of ``units`` columns ``z_i, z_f, z_c, z_o``::

        i = recurrent_activation(z_i)        f = recurrent_activation(z_f)
        c = f * c_prev + i * activation(z_c)
        o = recurrent_activation(z_o)        h = o * activation(c)

    The output is ``h``; the states are ``[h, c]``. Weights, as in Keras 3:
    ``kernel (features, 4*units)``, ``recurrent_kernel (units, 4*units)``,
    ``bias (4*units,)``, blocks in the order ``i, f, c, o``.

    Args:
        units: positive number of output features (and size of each state).
        activation: activation of the candidate and of the output (default ``tanh``).
        recurrent_activation: activation of the gates (default ``sigmoid``).
        use_bias: whether to add a bias.
        kernel_initializer, recurrent_initializer, bias_initializer: initializers
            (``recurrent_initializer`` defaults to ``"orthogonal"``).
        unit_forget_bias: initialize the forget gate's bias to ones (the other
            blocks use ``bias_initializer``).
        kernel_regularizer, recurrent_regularizer, bias_regularizer: penalties added to ``losses``.
        kernel_constraint, recurrent_constraint, bias_constraint: projections applied after updates.
        dropout: fraction of the inputs dropped in training (one mask per sequence).
        recurrent_dropout: fraction of ``h_prev`` dropped in training.
        seed: int seed of the dropout masks, or ``None``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...), and
            ``implementation`` (1: one dropout mask per gate; 2, the default).

    Call arguments:
        inputs: ``(batch, features)``.
        states: ``[h_prev, c_prev]``, each ``(batch, units)``.
        training: whether dropout applies.

    Returns:
        ``(h, [h, c])``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     cell = LSTMCell(2, kernel_initializer="ones", recurrent_initializer="zeros")
        ...     h, (h_again, c) = cell(mk.ops.ones((1, 3)), [mk.ops.zeros((1, 2)), mk.ops.zeros((1, 2))])
        >>> [round(float(v), 4) for v in h[0]], [round(float(v), 4) for v in c[0]]
        ([0.7038, 0.7038], [0.9479, 0.9479])
    """

    gates = 4

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
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = bool(unit_forget_bias)
        self.state_size = [units, units]

    def _bias_initial_value(self) -> Any:
        if not self.unit_forget_bias:
            return self.bias_initializer
        base, units = self.bias_initializer, self.units

        def forget_gate_ones(shape: Any, dtype: Any = None) -> Any:
            return ops.concatenate(
                [base((units,), dtype=dtype), ops.ones((units,), dtype=dtype), base((2 * units,), dtype=dtype)]
            )

        return forget_gate_ones

    def _recurrent_step(self, projected: Any, states: list[Any], constants: dict[str, Any]) -> tuple[Any, list[Any]]:
        h_prev, c_prev = states
        z = projected + self._recurrent_product(h_prev, constants)
        # One split (not four slices): under differentiation its gradient is one concatenation of the
        # blocks' gradients, where slices would give a sum of four zero-padded arrays.
        z_i, z_f, z_c, z_o = ops.split(z, 4, axis=-1)
        activation = self.recurrent_activation
        i, f, o = activation(z_i), activation(z_f), activation(z_o)
        c = f * c_prev + i * self.activation(z_c)
        h = o * self.activation(c)
        return h, [h, c]

    def fused_sequence(self, sequences: Any, states: list[Any], training: Any, go_backwards: bool) -> Any:
        """The whole sequence through the backend's fused ``lstm`` kernel (``docs/contract.md``, "Fused kernels"),
        as ``(outputs, last_output, [h, c])``; ``None`` when the backend has no kernel or it does not apply."""
        kernel = current().fused.get("lstm")
        if kernel is None:
            return None
        inputs = self._fused_inputs(sequences, training, go_backwards)
        if inputs is None:
            return None
        bias = None if self.bias is None else self.bias.value
        result = kernel(inputs, states[0], states[1], self.kernel.value, self.recurrent_kernel.value, bias)
        if result is None:
            return None
        outputs, h, c = result
        return outputs, h, [h, c]

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update(self._base_cell_config())
        config["recurrent_activation"] = activations.serialize(self.recurrent_activation)
        config["unit_forget_bias"] = self.unit_forget_bias
        return config
