"""Reading and writing optimizers' learning rates for the learning-rate callbacks."""

from __future__ import annotations

from typing import Any

from multikeras import ops


def optimizers_of(model: Any, where: str) -> list[tuple[str, Any]]:
    """``[(name, optimizer)]``: the model's optimizer, or the parts of one that holds several.

    The name is ``""`` for a single optimizer.
    """
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None:
        raise ValueError(f"{where}: the model has no optimizer; compile it with one before `fit`.")
    parts = getattr(optimizer, "optimizers", None)
    if isinstance(parts, (list, tuple)):
        return [(str(getattr(part, "name", index)), part) for index, part in enumerate(parts)]
    return [("", optimizer)]


def get_learning_rate(optimizer: Any, where: str) -> float:
    """The optimizer's current learning rate as a Python float."""
    if not hasattr(optimizer, "learning_rate"):
        raise ValueError(f"{where}: the optimizer {type(optimizer).__name__} has no `learning_rate` attribute.")
    value = optimizer.learning_rate
    try:
        return float(value)
    except TypeError:
        return float(ops.convert_to_numpy(value))


def log_learning_rates(model: Any, logs: dict[str, Any] | None, where: str) -> None:
    """Adds ``learning_rate`` (``learning_rate_<name>`` for each part of a multi-optimizer) to ``logs``."""
    if logs is None:
        return
    for name, optimizer in optimizers_of(model, where):
        logs[f"learning_rate_{name}" if name else "learning_rate"] = get_learning_rate(optimizer, where)
