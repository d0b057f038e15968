"""`History`: records the epoch logs of ``fit``; ``fit`` returns it."""

from __future__ import annotations

from typing import Any

from multikeras.callbacks.callback import Callback


class History(Callback):
    """Records every epoch's logs: ``history.history["loss"]`` lists the losses.

    ``fit`` adds one automatically, sets it as ``model.history`` and returns it.

    Attributes:
        history: dict of metric name -> list of per-epoch values.
        epoch: the epochs (counted from 0) of the last ``fit``.

    Example:
        >>> history = History()
        >>> history.on_train_begin()
        >>> for epoch, loss in enumerate([0.9, 0.5]):
        ...     history.on_epoch_end(epoch, {"loss": loss})
        >>> history.history, history.epoch
        ({'loss': [0.9, 0.5]}, [0, 1])
    """

    def __init__(self) -> None:
        super().__init__()
        self.history: dict[str, list[Any]] = {}
        self.epoch: list[int] = []

    def on_train_begin(self, logs: dict[str, Any] | None = None) -> None:
        self.epoch = []

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        self.epoch.append(epoch)
        for name, value in (logs or {}).items():
            self.history.setdefault(name, []).append(value)
        if self._model is not None:
            self._model.history = self
