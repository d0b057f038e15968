"""`MonitorCallback`: shared logic of callbacks that watch one metric for improvement."""

from __future__ import annotations

import warnings
from typing import Any

from multikeras.callbacks.callback import Callback

_MODES = ("auto", "min", "max")


class MonitorCallback(Callback):
    """Base of callbacks that watch a metric (``EarlyStopping``, ``ModelCheckpoint``, ...).

    Args:
        monitor: name of the metric in the epoch logs (``"val_loss"``).
        mode: ``"min"``, ``"max"`` or ``"auto"``: inferred from the metric,
            ``min`` for losses, the metric's direction otherwise (metrics tell
            it with a ``_direction`` attribute of ``"up"`` or ``"down"``).
        baseline: the initial best value (``None``: the first value seen).
        min_delta: smallest change that counts as an improvement.

    Example:
        >>> watcher = MonitorCallback(monitor="val_loss", min_delta=0.1)
        >>> watcher._set_monitor_op()
        >>> watcher._is_improvement(0.85, 1.0), watcher._is_improvement(0.95, 1.0)
        (True, False)
    """

    def __init__(self, monitor: str = "val_loss", mode: str = "auto", baseline: float | None = None, min_delta: float = 0):
        super().__init__()
        if mode not in _MODES:
            warnings.warn(
                f"{type(self).__name__}: unknown mode={mode!r} (expected one of {_MODES}); using 'auto'.", stacklevel=3
            )
            mode = "auto"
        self.monitor = monitor
        self.mode = mode
        self.best = baseline
        self.min_delta = abs(min_delta)
        self.monitor_op: Any = None
        """``"min"`` or ``"max"`` once known (set at the first epoch end, when the model's metrics exist)."""

    def _set_monitor_op(self) -> None:
        if self.mode != "auto":
            self.monitor_op = self.mode
            return
        name = self.monitor[len("val_"):] if self.monitor.startswith("val_") else self.monitor
        direction = "min" if name == "loss" else _metric_direction(self._model, name)
        if direction is None:
            raise ValueError(
                f"{type(self).__name__}: cannot tell whether monitor={self.monitor!r} should be minimized or "
                "maximized (it is not a loss, and no metric of the model with that name declares a direction). "
                "Pass mode='min' or mode='max'."
            )
        self.monitor_op = direction

    def _is_improvement(self, value: float, reference: float | None) -> bool:
        """Whether ``value`` beats ``reference`` by more than ``min_delta`` (always, without a reference)."""
        if reference is None:
            return True
        if self.monitor_op == "min":
            return bool(value + self.min_delta < reference)
        return bool(value - self.min_delta > reference)


def _metric_direction(model: Any, name: str) -> str | None:
    """``"min"``/``"max"`` from the ``_direction`` of the model's metric called ``name``."""
    pending = list(getattr(model, "metrics", None) or [])
    while pending:
        metric = pending.pop()
        inner = getattr(metric, "metrics", None)
        if isinstance(inner, (list, tuple)):
            pending.extend(inner)
        if getattr(metric, "name", None) == name:
            direction = getattr(metric, "_direction", None)
            if direction == "up":
                return "max"
            if direction == "down":
                return "min"
    return None
