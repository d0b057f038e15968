"""`StackedRNNCells`: several cells run as one, each feeding its output to the next."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras.layers.layer import Layer
from multikeras.layers.rnn import cell_protocol
from multikeras.saving import serialization_lib
from multikeras.saving.object_registration import register_builtin


def check_cell(cell: Any, where: str) -> Any:
    """``cell`` if it has a ``call`` method and a ``state_size``, else a ValueError saying what is missing."""
    if not callable(getattr(cell, "call", None)):
        raise ValueError(f"{where}: a cell must have a `call` method, received cell={cell!r}.")
    if not hasattr(cell, "state_size"):
        raise ValueError(f"{where}: a cell must have a `state_size` attribute, received cell={cell!r}.")
    return cell


@register_builtin("keras.layers")
class StackedRNNCells(Layer):
    """Wrap a list of cells so that an RNN runs them as one cell (a stacked, multi-layer RNN).

    At each timestep the first cell reads the input, every next cell reads the
    output of the one before, and the output is the last cell's. The states
    are the cells' states in order: ``state_size`` is the list of the cells'
    ``state_size``.

    Args:
        cells: a list of cells (objects with ``call`` and ``state_size``).
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     cells = StackedRNNCells([mk.layers.SimpleRNNCell(3), mk.layers.LSTMCell(2)])
        ...     y = mk.layers.RNN(cells)(mk.ops.ones((4, 5, 6)))
        >>> cells.state_size, cells.output_size, y.shape
        ([3, [2, 2]], 2, (4, 2))
    """

    def __init__(self, cells: Sequence[Any], **kwargs: Any):
        super().__init__(**kwargs)
        if not isinstance(cells, (list, tuple)) or not cells:
            raise ValueError(
                f"StackedRNNCells '{self.name}': expected a non-empty list of cells, received cells={cells!r}."
            )
        self.cells = [check_cell(cell, f"StackedRNNCells '{self.name}'") for cell in cells]

    @property
    def state_size(self) -> list[Any]:
        return [cell.state_size for cell in self.cells]

    @property
    def output_size(self) -> int:
        return cell_protocol.output_size(self.cells[-1])

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        shape = tuple(input_shape)
        for cell in self.cells:
            if isinstance(cell, Layer) and not cell.built:
                cell.build(shape)
                cell._build_shapes = shape
                cell.built = True
            shape = (shape[0], cell_protocol.output_size(cell))
        self.built = True

    @cell_protocol.zero_initial_state
    def get_initial_state(self, batch_size: Any = None) -> list[Any]:
        """The cells' initial states, one entry per cell (a list for cells with several states)."""
        states = []
        for cell in self.cells:
            if cell_protocol.defines_own_initial_state(cell):
                states.append(cell.get_initial_state(batch_size=batch_size))
                continue
            sizes = cell_protocol.flat_state_sizes(cell)
            zeros = [cell_protocol.zeros_for_batch_size(batch_size, size, self.compute_dtype) for size in sizes]
            states.append(zeros if isinstance(cell.state_size, (list, tuple)) else zeros[0])
        return states

    def _chain(self, steps: list[cell_protocol.StepFunction]) -> cell_protocol.StepFunction:
        counts = [len(cell_protocol.flat_state_sizes(cell)) for cell in self.cells]

        def step(inputs: Any, flat: list[Any]) -> tuple[Any, list[Any]]:
            new_flat: list[Any] = []
            offset = 0
            for cell_step, count in zip(steps, counts):
                inputs, cell_states = cell_step(inputs, flat[offset:offset + count])
                new_flat.extend(cell_states)
                offset += count
            return inputs, new_flat

        return step

    def _later_steps(self, like: Any, training: Any) -> list[cell_protocol.StepFunction]:
        steps = []
        previous = self.cells[0]
        for cell in self.cells[1:]:
            example = cell_protocol.zeros_for_batch(like, cell_protocol.output_size(previous), self.compute_dtype)
            steps.append(cell_protocol.plan_step(cell, example, training))
            previous = cell
        return steps

    def plan_sequence(self, sequences: Any, training: Any) -> tuple[Any, cell_protocol.StepFunction]:
        """The first cell's plan for the sequence, then the other cells step by step."""
        inputs, first = cell_protocol.plan_sequence(self.cells[0], sequences, training)
        return inputs, self._chain([first, *self._later_steps(sequences, training)])

    def plan_step(self, step_inputs: Any, training: Any) -> cell_protocol.StepFunction:
        first = cell_protocol.plan_step(self.cells[0], step_inputs, training)
        return self._chain([first, *self._later_steps(step_inputs, training)])

    def call(self, inputs: Any, states: Any, training: bool = False) -> tuple[Any, list[Any]]:
        if not isinstance(states, (list, tuple)) or len(states) != len(self.cells):
            raise ValueError(
                f"StackedRNNCells '{self.name}': expected a list of {len(self.cells)} states (one entry per cell), "
                f"received {states!r}."
            )
        flat = cell_protocol.flatten_states(list(states))
        output, new_flat = self.plan_step(inputs, training)(inputs, flat)
        return output, cell_protocol.structure_states(self, new_flat)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["cells"] = [serialization_lib.serialize_keras_object(cell) for cell in self.cells]
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> StackedRNNCells:
        config = dict(config)
        config["cells"] = [
            serialization_lib.deserialize_keras_object(cell) if isinstance(cell, dict) else cell
            for cell in config["cells"]
        ]
        return super().from_config(config)
