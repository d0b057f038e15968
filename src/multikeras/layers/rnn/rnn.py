"""`RNN`: runs a recurrent cell over the time axis of a sequence."""

from __future__ import annotations

import threading
from typing import Any

from multikeras import ops
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.layers.rnn import cell_protocol
from multikeras.layers.rnn.recurrence import run_recurrence
from multikeras.layers.rnn.stacked_rnn_cells import StackedRNNCells, check_cell
from multikeras.random.seed_generator import SeedGenerator
from multikeras.saving import serialization_lib
from multikeras.saving.object_registration import register_builtin
from multikeras.state.variable import Variable
from multikeras.symbolic.keras_tensor import KerasTensor


class _CarriedState(SeedGenerator):
    """The state a stateful RNN carries from one batch to the next: one non-trainable variable.

    Like a seed generator's state (hence the base class, which is how a layer
    tells such variables apart), it is part of ``layer.variables`` and of the
    non-trainable values a compiled training step threads through, but not of
    ``layer.weights``, so weights files have Keras 3's layout.
    """

    def __init__(self, value: Any, name: str):
        self.name = name
        self.initial_seed = 0
        self.state = Variable(value, trainable=False, autocast=False, name=name)
        self._lock = threading.Lock()

    def next(self, ordered: bool = True) -> Any:
        raise TypeError(f"'{self.name}' holds the state of a stateful RNN, not a random seed.")


def _shape_tree_to_specs(shapes: Any, dtype: str) -> Any:
    if isinstance(shapes, list):
        return [_shape_tree_to_specs(item, dtype) for item in shapes]
    return KerasTensor(tuple(shapes), dtype)


@register_builtin("keras.layers")
class RNN(Layer):
    """Run a recurrent cell over every timestep of ``(batch, timesteps, features)`` sequences.

    Args:
        cell: a cell (an object with ``call(inputs, states[, training])`` returning
            ``(output, new_states)`` and a ``state_size``; optionally
            ``output_size`` and ``get_initial_state(batch_size)``), or a list of
            cells, wrapped in :class:`StackedRNNCells`.
        return_sequences: return the output of every timestep
            ``(batch, timesteps, units)`` instead of the last one ``(batch, units)``.
        return_state: also return the final states: ``(output, *states)``.
        go_backwards: process the sequence backwards (outputs in processing order).
        stateful: the final states of a batch are the initial states of the next
            one (sample ``i`` continues sample ``i``); needs a fixed batch size.
            :meth:`reset_state` sets them back to zeros.
        unroll: unroll the loop in Python (needs a fixed number of timesteps);
            can be faster for short sequences, at the cost of memory.
        zero_output_for_mask: with a mask and ``return_sequences``, masked
            timesteps output zeros instead of the previous output.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Call arguments:
        sequences: ``(batch, timesteps, ...)``.
        initial_state: the initial states (a list in the cell's state structure,
            or a single array for a cell with one state); zeros by default.
        mask: boolean ``(batch, timesteps)``; masked timesteps leave the states
            unchanged (and output the previous output).
        training: whether dropout applies.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = RNN(mk.layers.SimpleRNNCell(4), return_sequences=True, return_state=True)
        ...     sequence, state = layer(mk.ops.ones((2, 5, 3)))
        >>> sequence.shape, state.shape
        ((2, 5, 4), (2, 4))
    """

    def __init__(
        self,
        cell: Any,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        zero_output_for_mask: bool = False,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        if isinstance(cell, (list, tuple)):
            cell = StackedRNNCells(cell)
        self.cell = check_cell(cell, f"{type(self).__name__} '{self.name}'")
        cell_protocol.flat_state_sizes(cell)  # validates state_size now rather than at the first call
        self.return_sequences = bool(return_sequences)
        self.return_state = bool(return_state)
        self.go_backwards = bool(go_backwards)
        self.stateful = bool(stateful)
        self.unroll = bool(unroll)
        self.zero_output_for_mask = bool(zero_output_for_mask)
        self.supports_masking = True
        self.input_spec = InputSpec(min_ndim=3)
        self._carried: list[_CarriedState] | None = None
        self._expected_batch_size: int | None = None
        self._fused_allowed = True

    @property
    def state_size(self) -> Any:
        return self.cell.state_size

    @property
    def states(self) -> list[Variable] | None:
        """The variables holding a stateful layer's states (``None`` when not stateful or not built)."""
        return None if self._carried is None else [carried.state for carried in self._carried]

    # Building ------------------------------------------------------------------

    def build(self, sequences_shape: tuple[int | None, ...], initial_state_shape: Any = None) -> None:
        sequences_shape = tuple(sequences_shape)
        step_shape = (sequences_shape[0],) + sequences_shape[2:]
        if isinstance(self.cell, Layer) and not self.cell.built:
            self.cell.build(step_shape)
            self.cell._build_shapes = step_shape
            self.cell.built = True
        spec = self.input_spec
        if isinstance(spec, InputSpec) and len(sequences_shape) == 3 and sequences_shape[-1] is not None:
            self.input_spec = InputSpec(ndim=spec.ndim, min_ndim=spec.min_ndim, axes={-1: sequences_shape[-1]})
        if self.stateful:
            batch = sequences_shape[0]
            if batch is None:
                raise ValueError(
                    f"{type(self).__name__} '{self.name}': stateful=True needs a fixed batch size, received "
                    f"sequences of shape {sequences_shape}. Give the input a batch size "
                    "(e.g. Input(batch_shape=(8, timesteps, features)))."
                )
            self._expected_batch_size = int(batch)
            _, state_shapes = self._step_shapes(sequences_shape)
            if any(size is None for shape in state_shapes for size in shape[1:]):
                raise ValueError(
                    f"{type(self).__name__} '{self.name}': stateful=True needs states of a known shape, received "
                    f"sequences of shape {sequences_shape} (states {state_shapes})."
                )
            self._carried = [
                _CarriedState(ops.zeros((int(batch), *shape[1:]), dtype=self.variable_dtype),
                              "rnn_state" if i == 0 else f"rnn_state_{i}")
                for i, shape in enumerate(state_shapes)
            ]
        self.built = True

    def reset_state(self) -> None:
        """Set a stateful layer's states back to zeros (nothing to do otherwise)."""
        for state in self.states or []:
            state.assign(ops.zeros(state.shape, dtype=state.dtype))

    def reset_states(self) -> None:
        """Alias of :meth:`reset_state`."""
        self.reset_state()

    def get_initial_state(self, batch_size: int) -> list[Any]:
        """Zero states for ``batch_size`` sequences, in the cell's state structure."""
        sizes = cell_protocol.flat_state_sizes(self.cell)
        zeros = [ops.zeros((batch_size, size), dtype=self.compute_dtype) for size in sizes]
        return cell_protocol.structure_states(self.cell, zeros)

    # Calling ---------------------------------------------------------------------

    def _step_shapes(self, sequences_shape: tuple[int | None, ...]) -> tuple[tuple[int | None, ...], list[Any]]:
        """The shapes of one step's output and of each flat state for sequences of ``sequences_shape``.

        Both have the batch axis first (``None`` where unknown). A cell's states
        are ``(batch, size)``; a subclass whose states have more axes (the
        ConvLSTM layers: ``(batch, *spatial, filters)``) overrides this and
        :meth:`_zeros_for_step`.
        """
        batch = sequences_shape[0]
        sizes = cell_protocol.flat_state_sizes(self.cell)
        return (batch, cell_protocol.output_size(self.cell)), [(batch, size) for size in sizes]

    def _zeros_for_step(self, sequences: Any, shape: tuple[int | None, ...]) -> Any:
        """Zeros of one step's ``shape`` (from :meth:`_step_shapes`), the batch size read from ``sequences``
        (also when it is only known at run time)."""
        return cell_protocol.zeros_for_batch(sequences, shape[-1], self.compute_dtype)

    def _initial_states(self, sequences: Any, initial_state: Any) -> list[Any]:
        _, state_shapes = self._step_shapes(tuple(sequences.shape))
        dtype = self.compute_dtype
        if initial_state is not None:
            flat = cell_protocol.flatten_states(initial_state)
            if len(flat) != len(state_shapes):
                raise ValueError(
                    f"{type(self).__name__} '{self.name}': expected {len(state_shapes)} initial state array(s) for a cell "
                    f"with state_size={self.cell.state_size!r}, received {len(flat)}."
                )
            states = []
            for value, expected in zip(flat, state_shapes):
                value = ops.convert_to_tensor(value)
                shape = tuple(value.shape)
                if len(shape) != len(expected) or any(
                    None not in (size, wanted) and size != wanted for size, wanted in zip(shape, expected)
                ):
                    raise ValueError(
                        f"{type(self).__name__} '{self.name}': each initial state must have shape (batch, state size), "
                        f"expected {expected}, received {shape}."
                    )
                states.append(ops.cast(value, dtype))
            return states
        if self._carried is not None:
            return [ops.cast(carried.state.value, dtype) for carried in self._carried]
        batch = ops.shape(sequences)[0]
        if batch is not None and cell_protocol.defines_own_initial_state(self.cell):
            custom = self.cell.get_initial_state(batch_size=batch)
            return [ops.cast(ops.convert_to_tensor(s), dtype) for s in cell_protocol.flatten_states(custom)]
        return [self._zeros_for_step(sequences, shape) for shape in state_shapes]

    def _check_stateful_batch(self, sequences: Any) -> None:
        batch = sequences.shape[0]
        if self._expected_batch_size is not None and batch is not None and batch != self._expected_batch_size:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': a stateful RNN keeps states for {self._expected_batch_size} "
                f"sequences, received a batch of {batch} (shape {tuple(sequences.shape)}). Use a fixed batch size."
            )

    def call(self, sequences: Any, initial_state: Any = None, mask: Any = None, training: Any = None) -> Any:
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        if self.unroll and sequences.shape[1] is None:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': unroll=True needs a known number of timesteps, received "
                f"sequences of shape {tuple(sequences.shape)}. Give the input a fixed time dimension or use unroll=False."
            )
        if self.stateful:
            self._check_stateful_batch(sequences)
        states = self._initial_states(sequences, initial_state)
        result = None
        fused = getattr(self.cell, "fused_sequence", None)
        if fused is not None and mask is None and self._fused_allowed:
            result = fused(sequences, states, bool(training), self.go_backwards)
        if result is not None:
            outputs, last_output, final_states = result
        else:
            inputs, step = cell_protocol.plan_sequence(self.cell, sequences, training)
            initial_output = self._zeros_for_step(sequences, self._step_shapes(tuple(sequences.shape))[0])
            last_output, outputs, final_states = run_recurrence(
                step, inputs, states, initial_output, mask=mask, go_backwards=self.go_backwards, unroll=self.unroll,
                return_sequences=self.return_sequences, zero_output_for_mask=self.zero_output_for_mask,
                output_state=getattr(self.cell, "output_state", None),
            )
        if self._carried is not None:
            for carried, state in zip(self._carried, final_states):
                # The next batch starts from these values; gradients do not flow back into earlier batches.
                carried.state.assign(ops.cast(ops.stop_gradient(state), carried.state.dtype))
        output = outputs if self.return_sequences else last_output
        if not self.return_state:
            return output
        return (output, *cell_protocol.structure_states(self.cell, final_states))

    # Shapes and masks ------------------------------------------------------------

    def compute_output_shape(self, sequences_shape: Any, initial_state_shape: Any = None) -> Any:
        sequences_shape = tuple(sequences_shape)
        step_output_shape, state_shapes = self._step_shapes(sequences_shape)
        output_shape = step_output_shape
        if self.return_sequences:
            output_shape = (step_output_shape[0], sequences_shape[1], *step_output_shape[1:])
        if not self.return_state:
            return output_shape
        return (output_shape, *cell_protocol.structure_states(self.cell, state_shapes))

    def compute_output_spec(
        self, sequences: Any, initial_state: Any = None, mask: Any = None, training: Any = None
    ) -> Any:
        shapes = self.compute_output_shape(tuple(sequences.shape))
        if not self.return_state:
            return KerasTensor(shapes, self.compute_dtype)
        return tuple(_shape_tree_to_specs(list(shapes[:1]) + list(shapes[1:]), self.compute_dtype))

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None] * len(cell_protocol.flat_state_sizes(self.cell))
        return output_mask

    # Config ----------------------------------------------------------------------

    def _rnn_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({
            "return_sequences": self.return_sequences,
            "return_state": self.return_state,
            "go_backwards": self.go_backwards,
            "stateful": self.stateful,
            "unroll": self.unroll,
            "zero_output_for_mask": self.zero_output_for_mask,
        })
        return config

    def get_config(self) -> dict[str, Any]:
        config = self._rnn_config()
        config["cell"] = serialization_lib.serialize_keras_object(self.cell)
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> RNN:
        config = dict(config)
        if isinstance(config.get("cell"), dict):
            config["cell"] = serialization_lib.deserialize_keras_object(config["cell"])
        return super().from_config(config)

