"""`ModelCheckpoint`: saves the model or its weights during ``fit``."""

from __future__ import annotations

import os
import warnings
from typing import Any

import numpy as np

from multikeras.callbacks._batch_counter import BatchCounter
from multikeras.callbacks.monitor_callback import MonitorCallback
from multikeras.utils.io_utils import print_msg


def _check_save_freq(save_freq: Any, where: str) -> None:
    if save_freq == "epoch":
        return
    if isinstance(save_freq, bool) or not isinstance(save_freq, int) or save_freq <= 0:
        raise ValueError(f"{where}: `save_freq` must be 'epoch' or a positive integer (batches). Received: save_freq={save_freq!r}.")


class ModelCheckpoint(MonitorCallback):
    """Saves the model (``model.save``) or its weights (``model.save_weights``) during training.

    Args:
        filepath: where to save; may hold format fields filled from ``epoch``
            (counted from 1), ``batch`` (with an integer ``save_freq``) and the
            epoch logs, e.g. ``"ckpt/{epoch:02d}-{val_loss:.2f}.keras"``. It must end
            in ``.keras`` (or ``.h5``) for whole models and in ``.weights.h5`` (or
            ``.safetensors``) with ``save_weights_only=True``.
        monitor: the metric that decides what "best" is (``save_best_only``).
        verbose: ``1`` prints a line for each save decision.
        save_best_only: save only when ``monitor`` improves on the best so far.
        save_weights_only: save weights only (the optimizer state included,
            once the model is compiled), not the whole model.
        mode: ``"auto"``, ``"min"`` or ``"max"`` (see :class:`MonitorCallback`).
        save_freq: ``"epoch"`` (at each epoch end) or an integer: every that many batches.
        initial_value_threshold: the best value to beat at first (``save_best_only``).

    Example:
        >>> checkpoint = ModelCheckpoint("ckpt/model-{epoch:02d}-{val_loss:.2f}.keras")
        >>> checkpoint._file_path(epoch=2, batch=None, logs={"val_loss": 0.1234})
        'ckpt/model-03-0.12.keras'
        >>> ModelCheckpoint("weights.h5", save_weights_only=True)
        Traceback (most recent call last):
        ...
        ValueError: ModelCheckpoint: with `save_weights_only=True` the filepath must end in `.weights.h5` (or `.safetensors`). Received: filepath='weights.h5'.
    """

    def __init__(
        self,
        filepath: str | os.PathLike,
        monitor: str = "val_loss",
        verbose: int = 0,
        save_best_only: bool = False,
        save_weights_only: bool = False,
        mode: str = "auto",
        save_freq: str | int = "epoch",
        initial_value_threshold: float | None = None,
    ):
        super().__init__(monitor, mode, initial_value_threshold)
        self.filepath = os.fspath(filepath)
        self.verbose = verbose
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        _check_save_freq(save_freq, "ModelCheckpoint")
        self.save_freq = save_freq
        if save_weights_only:
            if not self.filepath.endswith((".weights.h5", ".safetensors")):
                raise ValueError(
                    "ModelCheckpoint: with `save_weights_only=True` the filepath must end in `.weights.h5` "
                    "(or `.safetensors`). "
                    f"Received: filepath={self.filepath!r}."
                )
        elif not self.filepath.endswith((".keras", ".h5")):
            raise ValueError(
                "ModelCheckpoint: the filepath must end in `.keras` to save the whole model "
                f"(or in `.weights.h5` with save_weights_only=True). Received: filepath={self.filepath!r}."
            )
        self._counter = BatchCounter(save_freq) if save_freq != "epoch" else None
        self._current_epoch = 0

    def on_epoch_begin(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        self._current_epoch = epoch

    def on_train_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        if self._counter is not None and self._counter.step(batch):
            self._save(self._current_epoch, batch, logs)

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        if self.save_freq == "epoch":
            self._save(epoch, None, logs)

    def _save(self, epoch: int, batch: int | None, logs: dict[str, Any] | None) -> None:
        logs = logs or {}
        filepath = self._file_path(epoch, batch, logs)
        if not self._should_save(epoch, logs, filepath):
            return
        if os.path.isdir(filepath):
            raise IsADirectoryError(
                f"ModelCheckpoint: the checkpoint path is an existing directory; give a file path. Received: {filepath!r}."
            )
        directory = os.path.dirname(filepath)
        if directory:
            os.makedirs(directory, exist_ok=True)
        if self.save_weights_only:
            self.model.save_weights(filepath, overwrite=True)
        else:
            self.model.save(filepath, overwrite=True)
        if self.verbose > 0:
            print_msg(f"\nEpoch {epoch + 1}: finished saving model to {filepath}")

    def _should_save(self, epoch: int, logs: dict[str, Any], filepath: str) -> bool:
        if not self.save_best_only:
            if self.verbose > 0:
                print_msg(f"\nEpoch {epoch + 1}: saving model to {filepath}")
            return True
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(
                f"ModelCheckpoint: save_best_only=True needs {self.monitor!r} in the logs; it is missing, "
                f"so the model is saved anyway. Available: {', '.join(logs) or 'none'}.",
                stacklevel=2,
            )
            return True
        if np.ndim(current) > 0:
            warnings.warn(
                f"ModelCheckpoint: save_best_only=True needs a scalar {self.monitor!r}; received shape "
                f"{np.shape(current)}, so the model is saved anyway.",
                stacklevel=2,
            )
            return True
        if self.monitor_op is None:
            self._set_monitor_op()
        previous = "None" if self.best is None else f"{self.best:.5f}"
        if self._is_improvement(current, self.best):
            if self.verbose > 0:
                print_msg(f"\nEpoch {epoch + 1}: {self.monitor} improved from {previous} to {current:.5f}, saving model to {filepath}")
            self.best = current
            return True
        if self.verbose > 0:
            print_msg(f"\nEpoch {epoch + 1}: {self.monitor} did not improve from {previous}")
        return False

    def _file_path(self, epoch: int, batch: int | None, logs: dict[str, Any]) -> str:
        """``filepath`` with its fields filled (``epoch`` and ``batch`` counted from 1)."""
        fields = dict(logs)
        fields["epoch"] = epoch + 1
        if batch is not None and "batch" not in logs:
            fields["batch"] = batch + 1
        try:
            return self.filepath.format(**fields)
        except KeyError as error:
            raise KeyError(
                f"ModelCheckpoint: cannot fill the filepath {self.filepath!r}: no value for {error}. "
                f"Available fields: {', '.join(fields)}."
            ) from None
