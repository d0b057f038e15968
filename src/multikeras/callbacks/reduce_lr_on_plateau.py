"""`ReduceLROnPlateau`: lowers the learning rate when a metric stops improving."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from multikeras.callbacks._learning_rate import get_learning_rate, log_learning_rates, optimizers_of
from multikeras.callbacks.monitor_callback import MonitorCallback
from multikeras.utils.io_utils import print_msg


class ReduceLROnPlateau(MonitorCallback):
    """Multiplies the learning rate by ``factor`` after ``patience`` epochs without improvement.

    After a reduction, ``cooldown`` epochs pass before epochs count against
    ``patience`` again. The rate never goes below ``min_lr``. Adds the current
    ``learning_rate`` to the epoch logs (so ``History`` records it).

    Args:
        monitor: the metric to watch (``"val_loss"``).
        factor: the multiplier, below 1: ``new_lr = lr * factor``.
        patience: epochs without improvement before a reduction.
        verbose: ``1`` prints a line at each reduction.
        mode: ``"auto"``, ``"min"`` or ``"max"`` (see :class:`MonitorCallback`).
        min_delta: smallest change that counts as an improvement.
        cooldown: epochs to wait after a reduction before counting again.
        min_lr: lower bound of the learning rate.

    Example:
        >>> class Optimizer:
        ...     learning_rate = 1.0
        >>> class Model:
        ...     optimizer = Optimizer()
        >>> reducer = ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1)
        >>> reducer.set_model(Model())
        >>> reducer.on_train_begin()
        >>> for epoch, loss in enumerate([1.0, 1.0, 1.0]):
        ...     reducer.on_epoch_end(epoch, {"loss": loss})
        >>> Model.optimizer.learning_rate
        0.25
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        factor: float = 0.1,
        patience: int = 10,
        verbose: int = 0,
        mode: str = "auto",
        min_delta: float = 1e-4,
        cooldown: int = 0,
        min_lr: float = 0.0,
        **kwargs: Any,
    ):
        super().__init__(monitor, mode, min_delta=min_delta)
        if factor >= 1.0:
            raise ValueError(f"ReduceLROnPlateau: `factor` must be below 1.0 (it multiplies the rate). Received: factor={factor}.")
        if kwargs:
            warnings.warn(f"ReduceLROnPlateau: ignoring unknown arguments {sorted(kwargs)}.", stacklevel=2)
        self.factor = factor
        self.patience = patience
        self.verbose = verbose
        self.cooldown = cooldown
        self.min_lr = min_lr
        self.cooldown_counter = 0
        self.wait = 0

    def _reset(self) -> None:
        self.best = None
        self.cooldown_counter = 0
        self.wait = 0

    def in_cooldown(self) -> bool:
        """Whether a reduction happened less than ``cooldown`` epochs ago."""
        return self.cooldown_counter > 0

    def on_train_begin(self, logs: dict[str, Any] | None = None) -> None:
        self._reset()

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        if self.monitor_op is None:
            self._set_monitor_op()
        if logs is None:
            logs = {}
        log_learning_rates(self.model, logs, "ReduceLROnPlateau")
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(
                f"ReduceLROnPlateau: monitor={self.monitor!r} is not in the epoch logs. Available: {', '.join(logs)}.",
                stacklevel=2,
            )
            return
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self._is_improvement(current, self.best):
            self.best = current
            self.wait = 0
            return
        if self.in_cooldown():
            return
        self.wait += 1
        if self.wait < self.patience:
            return
        reduced = False
        for name, optimizer in optimizers_of(self.model, "ReduceLROnPlateau"):
            reduced = self._reduce(optimizer, name, epoch) or reduced
        if reduced:
            self.cooldown_counter = self.cooldown
            self.wait = 0

    def _reduce(self, optimizer: Any, name: str, epoch: int) -> bool:
        old_lr = get_learning_rate(optimizer, "ReduceLROnPlateau")
        # Compared in float32, the precision of the rate variable: a rate stored as min_lr is at the floor.
        if np.float32(old_lr) <= np.float32(self.min_lr):
            return False
        new_lr = max(old_lr * self.factor, self.min_lr)
        optimizer.learning_rate = new_lr
        if self.verbose > 0:
            which = f" {name}" if name else ""
            print_msg(f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing{which} learning rate to {new_lr}.")
        return True
