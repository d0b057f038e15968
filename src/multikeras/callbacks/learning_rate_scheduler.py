"""`LearningRateScheduler`: sets the learning rate at each epoch start from a function."""

from __future__ import annotations

import inspect
import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from multikeras.callbacks._learning_rate import get_learning_rate, log_learning_rates, optimizers_of
from multikeras.callbacks.callback import Callback
from multikeras.utils.io_utils import print_msg


class LearningRateScheduler(Callback):
    """Sets the learning rate to ``schedule(epoch, lr)`` at the start of each epoch.

    Args:
        schedule: a function of the epoch (counted from 0) and the current
            learning rate returning the new rate; a function of the epoch
            alone is accepted too.
        verbose: ``1`` prints the new rate at each epoch.

    The optimizer must have been built with a float learning rate (setting
    the rate of an optimizer built with a ``LearningRateSchedule`` raises
    ``TypeError``). Adds ``learning_rate`` to the epoch logs.

    Example:
        >>> class Optimizer:
        ...     learning_rate = 0.1
        >>> class Model:
        ...     optimizer = Optimizer()
        >>> scheduler = LearningRateScheduler(lambda epoch, lr: lr if epoch < 2 else lr / 2)
        >>> scheduler.set_model(Model())
        >>> for epoch in range(4):
        ...     scheduler.on_epoch_begin(epoch)
        >>> Model.optimizer.learning_rate
        0.025
    """

    def __init__(self, schedule: Callable[..., float], verbose: int = 0):
        super().__init__()
        if not callable(schedule):
            raise TypeError(f"LearningRateScheduler: `schedule` must be callable. Received: {schedule!r}.")
        self.schedule = schedule
        self.verbose = verbose
        self._takes_rate = _accepts_two_arguments(schedule)

    def on_epoch_begin(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        for name, optimizer in optimizers_of(self.model, "LearningRateScheduler"):
            if self._takes_rate is None:
                try:
                    new_lr = self.schedule(epoch, get_learning_rate(optimizer, "LearningRateScheduler"))
                except TypeError:
                    new_lr = self.schedule(epoch)
            elif self._takes_rate:
                new_lr = self.schedule(epoch, get_learning_rate(optimizer, "LearningRateScheduler"))
            else:
                new_lr = self.schedule(epoch)
            if isinstance(new_lr, np.ndarray) and new_lr.ndim == 0:
                new_lr = new_lr.item()
            if isinstance(new_lr, bool) or not isinstance(new_lr, numbers.Real):
                raise ValueError(
                    f"LearningRateScheduler: the schedule must return a float learning rate. "
                    f"Received {new_lr!r} (type {type(new_lr).__name__}) for epoch {epoch}."
                )
            optimizer.learning_rate = float(new_lr)
            if self.verbose > 0:
                which = f" {name}" if name else ""
                print_msg(f"\nEpoch {epoch + 1}: LearningRateScheduler setting{which} learning rate to {float(new_lr)}.")

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        log_learning_rates(self.model, logs, "LearningRateScheduler")


def _accepts_two_arguments(function: Callable[..., Any]) -> bool | None:
    """Whether ``function(epoch, lr)`` binds; ``None`` when the signature cannot be read."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return None
    try:
        signature.bind(0, 0.0)
    except TypeError:
        return False
    return True
