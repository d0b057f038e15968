"""How an RNN talks to any cell: state structures, zero states, and the step function of one sequence.

Keras 3 cells have ``state_size`` (an int, or a possibly nested list of
ints for several states) and ``call(inputs, states[, training])`` returning
``(output, new_states)``. Inside the time loop states travel as one flat list
of arrays; these helpers convert between that list and the structure a cell
expects or a user passes. Cells that know how to split their work
(:class:`~multikeras.layers.rnn.cell_base.GatedCell`,
:class:`~multikeras.layers.StackedRNNCells`) provide ``plan_sequence`` and
``plan_step``; any other cell is called through its ``__call__`` at every step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import optree

from multikeras import ops

StepFunction = Callable[[Any, list[Any]], tuple[Any, list[Any]]]


def _is_nested(value: Any) -> bool:
    return isinstance(value, (list, tuple))


def states_structure(cell: Any) -> list[Any]:
    """The structure of the states list of ``cell``: ``state_size`` as a list (an int becomes ``[int]``).

    Example:
        >>> class Cell:
        ...     state_size = [3, [2, 2]]
        >>> states_structure(Cell())
        [3, [2, 2]]
    """
    size = cell.state_size
    return list(size) if _is_nested(size) else [size]


def flat_state_sizes(cell: Any) -> list[int]:
    """Every state's size, flattened in order (``[3, [2, 2]]`` -> ``[3, 2, 2]``).

    Example:
        >>> class Cell:
        ...     state_size = [3, [2, 2]]
        >>> flat_state_sizes(Cell())
        [3, 2, 2]
    """
    sizes = optree.tree_leaves(states_structure(cell), none_is_leaf=True)
    for size in sizes:
        if isinstance(size, bool) or not isinstance(size, int) or size <= 0:
            raise ValueError(
                f"{type(cell).__name__}: state_size must be a positive int or a (nested) list of them, "
                f"received state_size={cell.state_size!r}."
            )
    return [int(size) for size in sizes]


def flatten_states(states: Any) -> list[Any]:
    """The arrays of a (nested) states structure, in order."""
    if not _is_nested(states):
        return [states]
    return optree.tree_leaves(list(states), is_leaf=lambda x: not _is_nested(x), none_is_leaf=True)


def structure_states(cell: Any, flat: list[Any]) -> list[Any]:
    """Arrays of the flat list put back in the structure of :func:`states_structure`."""
    treespec = optree.tree_structure(states_structure(cell), none_is_leaf=True)
    return optree.tree_unflatten(treespec, list(flat))


def zeros_for_batch(like: Any, width: int, dtype: str) -> Any:
    """Zeros of shape ``(batch, width)``, ``batch`` the leading size of ``like`` (also when only known at run time)."""
    batch = ops.shape(like)[0]
    if batch is not None:
        return ops.zeros((batch, width), dtype=dtype)
    first = like
    while len(first.shape) > 1:
        first = first[..., 0]
    column = ops.expand_dims(ops.zeros_like(ops.cast(first, dtype)), 1)
    return ops.repeat(column, width, axis=1)


def zeros_for_batch_size(batch_size: Any, width: int, dtype: str) -> Any:
    """Zeros of shape ``(batch_size, width)``."""
    return ops.zeros((batch_size, width), dtype=dtype)


def defines_own_initial_state(cell: Any) -> bool:
    """Whether ``cell`` (or a cell it stacks) has a ``get_initial_state`` returning more than zeros.

    The built-in cells' initial states are zeros, which the RNN makes itself
    (also when the batch size is only known at run time); a user's cell may
    define other initial states, which the RNN then asks for.
    """
    method = getattr(type(cell), "get_initial_state", None)
    if method is None:
        return False
    if getattr(method, "_zero_initial_state", False):
        cells = getattr(cell, "cells", None)
        return cells is not None and any(defines_own_initial_state(inner) for inner in cells)
    return True


def zero_initial_state(method: Any) -> Any:
    """Mark a built-in ``get_initial_state`` as returning zeros (see :func:`defines_own_initial_state`)."""
    method._zero_initial_state = True
    return method


def _generic_step(cell: Any, training: Any) -> StepFunction:
    """A step that calls ``cell`` (any Keras 3 cell) with its states in the cell's own structure."""
    treespec = optree.tree_structure(states_structure(cell), none_is_leaf=True)
    count = treespec.num_leaves

    def step(inputs: Any, flat: list[Any]) -> tuple[Any, list[Any]]:
        states = optree.tree_unflatten(treespec, list(flat))
        output, new_states = cell(inputs, states, training=training)
        new_flat = flatten_states(new_states)
        if len(new_flat) != count:
            raise ValueError(
                f"{type(cell).__name__} '{getattr(cell, 'name', '')}': call() returned {len(new_flat)} state "
                f"array(s), but its state_size {cell.state_size!r} declares {count}."
            )
        return output, new_flat

    return step


def plan_sequence(cell: Any, sequences: Any, training: Any) -> tuple[Any, StepFunction]:
    """``(per-timestep inputs, step)`` for running ``cell`` over ``sequences`` ``(batch, time, ...)``."""
    planner = getattr(cell, "plan_sequence", None)
    if planner is not None:
        return planner(sequences, training)
    return sequences, _generic_step(cell, training)


def plan_step(cell: Any, step_inputs: Any, training: Any) -> StepFunction:
    """A step of ``cell`` on its raw per-timestep inputs (``step_inputs`` is an example of them)."""
    planner = getattr(cell, "plan_step", None)
    if planner is not None:
        return planner(step_inputs, training)
    return _generic_step(cell, training)


def output_size(cell: Any) -> int:
    """The cell's ``output_size``, or the size of its first state when it has none (as Keras 3 assumes)."""
    size = getattr(cell, "output_size", None)
    if size is None:
        return flat_state_sizes(cell)[0]
    if isinstance(size, bool) or not isinstance(size, int):
        raise ValueError(f"{type(cell).__name__}: output_size must be an int, received output_size={size!r}.")
    return int(size)
