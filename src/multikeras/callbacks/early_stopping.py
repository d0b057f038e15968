"""`EarlyStopping`: stops ``fit`` when a monitored metric stops improving."""

from __future__ import annotations

import warnings
from typing import Any

from multikeras.callbacks.monitor_callback import MonitorCallback
from multikeras.utils.io_utils import print_msg


class EarlyStopping(MonitorCallback):
    """Stops training once ``monitor`` has not improved for ``patience`` epochs.

    At each epoch end the value of ``monitor`` is compared with the best so
    far; a change smaller than ``min_delta`` is no improvement. After
    ``patience`` epochs without one, ``model.stop_training`` is set and ``fit``
    ends after the epoch.

    Args:
        monitor: the metric to watch (``"val_loss"``).
        min_delta: smallest change that counts as an improvement.
        patience: epochs without improvement before stopping.
        verbose: ``1`` prints a line when stopping or restoring.
        mode: ``"auto"``, ``"min"`` or ``"max"`` (see :class:`MonitorCallback`).
        baseline: a value to reach: while the metric does not improve on it,
            epochs count against ``patience`` even when they beat the previous best.
        restore_best_weights: whether to put back the weights of the best epoch
            when training ends (from the first watched epoch on, even if no
            epoch beats ``baseline``).
        start_from_epoch: epochs to wait before watching (a warm-up).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     model = mk.Sequential([mk.layers.Dense(1)])
        ...     model.build((None, 2))
        >>> model.stop_training = False
        >>> stopper = EarlyStopping(monitor="loss", patience=1)
        >>> stopper.set_model(model)
        >>> stopper.on_train_begin()
        >>> for epoch, loss in enumerate([0.9, 0.5, 0.6, 0.7, 0.4]):
        ...     stopper.on_epoch_end(epoch, {"loss": loss})
        ...     if model.stop_training:
        ...         break
        >>> stopper.stopped_epoch
        2
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        min_delta: float = 0,
        patience: int = 0,
        verbose: int = 0,
        mode: str = "auto",
        baseline: float | None = None,
        restore_best_weights: bool = False,
        start_from_epoch: int = 0,
    ):
        super().__init__(monitor, mode, min_delta=min_delta)
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.restore_best_weights = restore_best_weights
        self.start_from_epoch = start_from_epoch
        self.wait = 0
        self.stopped_epoch = 0
        self.best_weights: list[Any] | None = None
        self.best_epoch = 0

    def on_train_begin(self, logs: dict[str, Any] | None = None) -> None:
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_weights = None
        self.best_epoch = 0

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        if self.monitor_op is None:
            self._set_monitor_op()
        current = self.get_monitor_value(logs)
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            # Something to restore even when no epoch ever beats the baseline.
            self.best_weights = self.model.get_weights()
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs: dict[str, Any] | None = None) -> None:
        if self.stopped_epoch > 0 and self.verbose > 0:
            print_msg(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print_msg(f"Restoring model weights from the end of the best epoch: {self.best_epoch + 1}.")
            self.model.set_weights(self.best_weights)

    def get_monitor_value(self, logs: dict[str, Any] | None) -> Any:
        """The monitored value in ``logs`` (a warning and ``None`` when missing)."""
        logs = logs or {}
        value = logs.get(self.monitor)
        if value is None:
            warnings.warn(
                f"EarlyStopping: monitor={self.monitor!r} is not in the epoch logs. "
                f"Available: {', '.join(logs) or 'none'}.",
                stacklevel=2,
            )
        return value
