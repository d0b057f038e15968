"""`GRUCell`: the gated recurrent unit cell, gates in Keras 3's order ``z, r, h``."""

from __future__ import annotations

from typing import Any

from multikeras import activations, ops
from multikeras.backend.selection import current
from multikeras.layers.rnn.cell_base import GatedCell
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class GRUCell(GatedCell):
    """The cell of a GRU layer (Cho et al., 2014).

    With ``x_z, x_r, x_h`` the three blocks of ``x @ kernel + input_bias`` and
    ``r_z, r_r, r_h`` those of ``h_prev @ recurrent_kernel + recurrent_bias``::

        z = recurrent_activation(x_z + r_z)    r = recurrent_activation(x_r + r_r)
        hh = activation(x_h + r * r_h)                 (reset_after=True, the default)
        hh = activation(x_h + (r * h_prev) @ recurrent_kernel_h)   (reset_after=False)
        h = z * h_prev + (1 - z) * hh

    The output and the single state are ``h``. Weights, as in Keras 3:
    ``kernel (features, 3*units)``, ``recurrent_kernel (units, 3*units)``,
    and ``bias`` of shape ``(2, 3*units)`` (row 0 input bias, row 1 recurrent
    bias) with ``reset_after=True``, ``(3*units,)`` otherwise.

    Args:
        units: positive number of output features (and state size).
        activation: activation of the candidate (default ``tanh``).
        recurrent_activation: activation of the gates (default ``sigmoid``).
        use_bias: whether to add biases.
        kernel_initializer, recurrent_initializer, bias_initializer: initializers
            (``recurrent_initializer`` defaults to ``"orthogonal"``).
        kernel_regularizer, recurrent_regularizer, bias_regularizer: penalties added to ``losses``.
        kernel_constraint, recurrent_constraint, bias_constraint: projections applied after updates.
        dropout: fraction of the inputs dropped in training (one mask per sequence).
        recurrent_dropout: fraction of ``h_prev`` dropped in training.
        reset_after: apply the reset gate after the recurrent matrix product
            (the cuDNN-compatible form, default) or before it.
        seed: int seed of the dropout masks, or ``None``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...), and
            ``implementation`` (1: one dropout mask per gate; 2, the default).

    Call arguments:
        inputs: ``(batch, features)``.
        states: ``h_prev`` ``(batch, units)``, or a list holding it.
        training: whether dropout applies.

    Returns:
        ``(h, new_states)``, ``new_states`` in the form ``states`` had.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     cell = GRUCell(2, kernel_initializer="ones", recurrent_initializer="zeros")
        ...     h, states = cell(mk.ops.ones((1, 3)), mk.ops.zeros((1, 2)))
        >>> [round(float(v), 4) for v in h[0]], cell.bias.shape
        ([0.0472, 0.0472], (2, 6))
    """

    gates = 3

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
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        reset_after: bool = True,
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
        self.reset_after = bool(reset_after)

    def _bias_shape(self) -> tuple[int, ...]:
        return (2, 3 * self.units) if self.reset_after else (3 * self.units,)

    def _input_bias(self) -> Any:
        if self.bias is None:
            return None
        bias = self.bias.value
        return bias[0] if self.reset_after else bias

    def _recurrent_constants(self, recurrent_masks: list[Any] | None) -> dict[str, Any]:
        constants = super()._recurrent_constants(recurrent_masks)
        constants["recurrent_bias"] = self.bias.value[1] if self.bias is not None and self.reset_after else None
        return constants

    def _recurrent_step(self, projected: Any, states: list[Any], constants: dict[str, Any]) -> tuple[Any, list[Any]]:
        h_prev = states[0]
        units = self.units
        # Splits, not slices: under differentiation a split's gradient is one concatenation of the blocks'
        # gradients, where slices would give a sum of zero-padded arrays (a slower compiled step).
        x_z, x_r, x_h = ops.split(projected, 3, axis=-1)
        if self.reset_after:
            inner = self._recurrent_product(h_prev, constants)
            if constants["recurrent_bias"] is not None:
                inner = inner + constants["recurrent_bias"]
            inner_z, inner_r, inner_h = ops.split(inner, 3, axis=-1)
            z = self.recurrent_activation(x_z + inner_z)
            r = self.recurrent_activation(x_r + inner_r)
            hh = self.activation(x_h + r * inner_h)
        else:
            inner = self._recurrent_product(h_prev, constants, 0, 2)
            inner_z, inner_r = ops.split(inner, 2, axis=-1)
            z = self.recurrent_activation(x_z + inner_z)
            r = self.recurrent_activation(x_r + inner_r)
            masks = constants["masks"]
            h_for_candidate = h_prev if masks is None else h_prev * masks[2]
            candidate_kernel = constants["recurrent_kernel"][:, 2 * units:]
            hh = self.activation(x_h + ops.matmul(r * h_for_candidate, candidate_kernel))
        h = z * h_prev + (1 - z) * hh
        return h, [h]

    def fused_sequence(self, sequences: Any, states: list[Any], training: Any, go_backwards: bool) -> Any:
        """The whole sequence through the backend's fused ``gru`` kernel (``docs/contract.md``, "Fused kernels"),
        as ``(outputs, last_output, [h])``; ``None`` when the backend has no kernel or it does not apply
        (``reset_after=False`` included)."""
        kernel = current().fused.get("gru")
        if kernel is None or not self.reset_after:
            return None
        inputs = self._fused_inputs(sequences, training, go_backwards)
        if inputs is None:
            return None
        bias = None if self.bias is None else self.bias.value
        result = kernel(inputs, states[0], self.kernel.value, self.recurrent_kernel.value, bias)
        if result is None:
            return None
        outputs, h = result
        return outputs, h, [h]

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update(self._base_cell_config())
        config["recurrent_activation"] = activations.serialize(self.recurrent_activation)
        config["reset_after"] = self.reset_after
        return config
