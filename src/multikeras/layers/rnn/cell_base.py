"""`GatedCell`: what the built-in recurrent cells share (weights, dropout masks, the step protocol).

A built-in cell computes one timestep as two parts:

* the *input projection* ``inputs @ kernel (+ input bias)``, which does not
  depend on the state, so :class:`~multikeras.layers.RNN` computes it for
  every timestep at once, in one matrix product, before the loop;
* the *recurrent step* ``(projected_t, states) -> (output, new_states)``,
  the only part that runs inside the time loop.

``call`` (one step, the Keras 3 cell API) chains the two parts, so a cell used
on its own and a cell inside an ``RNN`` run the same code. Dropout follows
Keras 3: one mask per sequence (drawn before the loop, reused at every step),
on the inputs for ``dropout`` and on the previous output for
``recurrent_dropout``; with ``implementation=1`` (forced by a non-zero
``recurrent_dropout``) every gate gets its own mask.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from multikeras import activations, constraints, initializers, ops, regularizers
from multikeras import random as mk_random
from multikeras.layers.layer import Layer
from multikeras.layers.rnn import cell_protocol
from multikeras.random.seed_generator import SeedGenerator

StepFunction = Callable[[Any, list[Any]], tuple[Any, list[Any]]]


def check_units(units: Any, layer: Layer) -> int:
    """``units`` if it is a positive int, else a ValueError naming the layer."""
    if isinstance(units, bool) or not isinstance(units, int) or units <= 0:
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}': units must be a positive int, received units={units!r}."
        )
    return units


def clip_rate(rate: Any, name: str, layer: Layer) -> float:
    """A dropout rate clipped to ``[0, 1]`` as Keras 3 does; a ValueError naming the layer when not a number."""
    if isinstance(rate, bool) or not isinstance(rate, (int, float)):
        raise ValueError(f"{type(layer).__name__} '{layer.name}': {name} must be a float, received {name}={rate!r}.")
    return min(1.0, max(0.0, float(rate)))


def _matmul_masked(x: Any, masks: list[Any] | None, kernel: Any) -> Any:
    """``x @ kernel`` with ``x`` multiplied by a dropout mask first.

    ``masks`` is ``None`` (no dropout), one mask for all columns, or one mask
    per equal block of kernel columns (one per gate). A mask has shape
    ``(batch, features)``; ``x`` may have a time axis in between.
    """
    if masks is None:
        return ops.matmul(x, kernel)
    expanded = [m if len(x.shape) == 2 else ops.expand_dims(m, 1) for m in masks]
    if len(expanded) == 1:
        return ops.matmul(x * expanded[0], kernel)
    width = kernel.shape[-1] // len(expanded)
    return ops.concatenate(
        [ops.matmul(x * m, kernel[:, i * width:(i + 1) * width]) for i, m in enumerate(expanded)], axis=-1
    )


class GatedCell(Layer):
    """Base of :class:`SimpleRNNCell`, :class:`LSTMCell` and :class:`GRUCell`.

    Subclasses set ``gates`` (blocks of ``units`` columns in the kernels) and
    implement :meth:`_bias_shape`, :meth:`_recurrent_constants` and
    :meth:`_recurrent_step`; :meth:`_input_bias` says which part of the bias
    the input projection adds.
    """

    gates = 1
    output_state = 0
    """The step's output is its first state (``h``): an RNN's loop need not carry it separately."""

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
        implementation: int = 2,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.units = check_units(units, self)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = clip_rate(dropout, "dropout", self)
        self.recurrent_dropout = clip_rate(recurrent_dropout, "recurrent_dropout", self)
        if implementation not in (1, 2):
            raise ValueError(
                f"{type(self).__name__} '{self.name}': implementation must be 1 or 2, received {implementation!r}."
            )
        # Keras 3 computes gate by gate, with one dropout mask per gate, when there is recurrent dropout.
        self.implementation = 1 if self.recurrent_dropout != 0.0 else implementation
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
            raise ValueError(f"{type(self).__name__} '{self.name}': seed must be an int or None, received seed={seed!r}.")
        self.seed = seed
        self.seed_generator = SeedGenerator(seed)
        # The generator's state is an array of the active backend: the cell belongs to that backend from now on.
        self._bind_backend()
        self.state_size: Any = units
        self.output_size = units

    # Weights -------------------------------------------------------------------

    def _bias_shape(self) -> tuple[int, ...]:
        return (self.gates * self.units,)

    def _bias_initial_value(self) -> Any:
        return self.bias_initializer

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        features = input_shape[-1]
        if features is None:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': the last input dimension must be known, "
                f"received shape {tuple(input_shape)}."
            )
        width = self.gates * self.units
        self.kernel = self.add_weight(
            shape=(features, width), initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint, name="kernel",
        )
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, width), initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer, constraint=self.recurrent_constraint, name="recurrent_kernel",
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                shape=self._bias_shape(), initializer=self._bias_initial_value(), regularizer=self.bias_regularizer,
                constraint=self.bias_constraint, name="bias",
            )
        self.built = True

    # Dropout -------------------------------------------------------------------

    def _masks(self, like: Any, rate: float, count: int) -> list[Any]:
        ones = ops.ones_like(like)
        return [mk_random.dropout(ones, rate, seed=self.seed_generator) for _ in range(count)]

    def _dropout_masks(self, step_inputs: Any, training: Any) -> tuple[list[Any] | None, list[Any] | None]:
        """``(input masks, recurrent masks)`` for one sequence (``None``: no dropout there).

        As in Keras 3, a rate of exactly 0 or 1 applies no dropout.
        """
        if not training:
            return None, None
        count = self.gates if self.implementation == 1 else 1
        input_masks = self._masks(step_inputs, self.dropout, count) if 0.0 < self.dropout < 1.0 else None
        recurrent_masks = None
        if 0.0 < self.recurrent_dropout < 1.0:
            like = ops.ones_like(step_inputs[:, :1]) * ops.ones((1, self.units), dtype=ops.dtype(step_inputs))
            recurrent_masks = self._masks(like, self.recurrent_dropout, self.gates)
        return input_masks, recurrent_masks

    def reset_dropout_mask(self) -> None:
        """Kept for Keras 3 compatibility: masks are drawn afresh for every sequence, nothing is cached."""

    def reset_recurrent_dropout_mask(self) -> None:
        """Kept for Keras 3 compatibility: masks are drawn afresh for every sequence, nothing is cached."""

    # The step protocol ---------------------------------------------------------

    def _input_bias(self) -> Any:
        return None if self.bias is None else self.bias.value

    def _project(self, inputs: Any, input_masks: list[Any] | None) -> Any:
        """``inputs @ kernel`` (+ the input bias) for ``(batch, features)`` or ``(batch, time, features)`` inputs."""
        projected = _matmul_masked(inputs, input_masks, self.kernel.value)
        bias = self._input_bias()
        return projected if bias is None else projected + bias

    def _recurrent_constants(self, recurrent_masks: list[Any] | None) -> dict[str, Any]:
        """Values the recurrent step reads, read once per sequence (variables are read outside the loop)."""
        return {"recurrent_kernel": self.recurrent_kernel.value, "masks": recurrent_masks}

    def _recurrent_step(self, projected: Any, states: list[Any], constants: dict[str, Any]) -> tuple[Any, list[Any]]:
        raise NotImplementedError

    def _recurrent_product(
        self, h: Any, constants: dict[str, Any], first_gate: int = 0, last_gate: int | None = None
    ) -> Any:
        """``h @ recurrent_kernel`` for the gates ``first_gate:last_gate``, with their recurrent dropout masks."""
        kernel = constants["recurrent_kernel"]
        masks = constants["masks"]
        if first_gate != 0 or last_gate is not None:
            last_gate = self.gates if last_gate is None else last_gate
            kernel = kernel[:, first_gate * self.units:last_gate * self.units]
            masks = None if masks is None else masks[first_gate:last_gate]
        return _matmul_masked(h, masks, kernel)

    def plan_sequence(self, sequences: Any, training: Any) -> tuple[Any, StepFunction]:
        """``(per-timestep inputs, step)`` for a whole ``(batch, time, features)`` sequence.

        The input projection is done here, for every timestep at once; the
        step only does the recurrent part.
        """
        input_masks, recurrent_masks = self._dropout_masks(sequences[:, 0], training)
        projected = self._project(sequences, input_masks)
        constants = self._recurrent_constants(recurrent_masks)
        return projected, lambda x_t, states: self._recurrent_step(x_t, states, constants)

    def plan_step(self, step_inputs: Any, training: Any) -> StepFunction:
        """A step on raw ``(batch, features)`` inputs (used inside :class:`StackedRNNCells`)."""
        input_masks, recurrent_masks = self._dropout_masks(step_inputs, training)
        constants = self._recurrent_constants(recurrent_masks)
        return lambda x_t, states: self._recurrent_step(self._project(x_t, input_masks), states, constants)

    # Fused kernels ---------------------------------------------------------------

    def _fused_inputs(self, sequences: Any, training: Any, go_backwards: bool) -> Any:
        """The sequence a fused kernel runs on (input dropout applied, reversed for ``go_backwards``),
        or ``None`` when the configuration is not one a kernel computes: activations other than
        ``tanh``/``sigmoid``, recurrent dropout, or one input dropout mask per gate."""
        recurrent_activation = getattr(self, "recurrent_activation", None)
        if self.activation is not activations.tanh or recurrent_activation is not activations.sigmoid:
            return None
        dropping = bool(training) and 0.0 < self.dropout < 1.0
        if bool(training) and 0.0 < self.recurrent_dropout < 1.0 or (dropping and self.implementation == 1):
            return None
        if dropping:
            input_masks, _ = self._dropout_masks(sequences[:, 0], training)
            sequences = sequences * ops.expand_dims(input_masks[0], 1)
        return ops.flip(sequences, axis=1) if go_backwards else sequences

    # Keras 3 cell API ------------------------------------------------------------

    def _flat_states(self, states: Any) -> list[Any]:
        flat = list(states) if isinstance(states, (list, tuple)) else [states]
        expected = len(self.state_size) if isinstance(self.state_size, (list, tuple)) else 1
        if len(flat) != expected:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': expected {expected} state array(s), received {len(flat)}."
            )
        return flat

    def call(self, inputs: Any, states: Any, training: bool = False) -> tuple[Any, Any]:
        flat = [ops.cast(ops.convert_to_tensor(state), self.compute_dtype) for state in self._flat_states(states)]
        output, new_states = self.plan_step(inputs, training)(inputs, flat)
        if isinstance(self.state_size, (list, tuple)) or isinstance(states, (list, tuple)):
            return output, list(new_states)
        return output, new_states[0]

    @cell_protocol.zero_initial_state
    def get_initial_state(self, batch_size: Any = None) -> list[Any]:
        """Zero states, one ``(batch_size, units)`` array per state, in the compute dtype."""
        count = len(self.state_size) if isinstance(self.state_size, (list, tuple)) else 1
        return [ops.zeros((batch_size, self.units), dtype=self.compute_dtype) for _ in range(count)]

    def _base_cell_config(self) -> dict[str, Any]:
        return {
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "recurrent_initializer": initializers.serialize(self.recurrent_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "recurrent_regularizer": regularizers.serialize(self.recurrent_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "recurrent_constraint": constraints.serialize(self.recurrent_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "dropout": self.dropout,
            "recurrent_dropout": self.recurrent_dropout,
            "seed": self.seed,
        }
