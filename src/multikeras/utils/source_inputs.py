"""``get_source_inputs``: the graph inputs a symbolic tensor was computed from."""

from __future__ import annotations

from typing import Any

from multikeras.symbolic.keras_tensor import KerasTensor


def get_source_inputs(tensor: KerasTensor) -> list[KerasTensor]:
    """The input tensors (``keras.Input`` results) that ``tensor`` depends on, in the order first reached.

    A tensor without history, or an input itself, is its own source.

    Args:
        tensor: a symbolic tensor.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     a, b = mk.Input((2,), name="a"), mk.Input((2,), name="b")
        ...     y = mk.layers.Dense(1)(mk.layers.Add()([a, b]))
        >>> [t.name for t in get_source_inputs(y)]
        ['a', 'b']
    """
    if not isinstance(tensor, KerasTensor):
        raise ValueError(f"get_source_inputs: expected a KerasTensor (a symbolic tensor), received "
                         f"{type(tensor).__name__}.")
    sources: dict[int, KerasTensor] = {}
    seen: set[int] = set()
    pending: list[Any] = [tensor]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        history = current._keras_history
        node = history[0]._inbound_nodes[history[1]] if history is not None else None
        if node is None or not node.input_tensors:
            sources.setdefault(id(current), current)
        else:
            pending.extend(reversed(node.input_tensors))  # first input first
    return list(sources.values())
