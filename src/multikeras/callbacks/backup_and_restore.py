"""`BackupAndRestore`: resumes a ``fit`` that was interrupted, from its last backup.

Contract with the trainer (``Model.fit``):

* Before calling ``on_train_begin`` the trainer sets ``model._initial_epoch = None``.
* ``on_train_begin`` of this callback loads the backup, if there is one: the
  weights with ``model.load_weights`` (which restores the optimizer state too,
  so the optimizer is built first) and the epoch to resume from, which it
  stores in ``model._initial_epoch``.
* After ``on_train_begin`` the trainer reads ``model._initial_epoch``; when it
  is not ``None`` it replaces fit's ``initial_epoch``, so the first epoch run
  is the one after the last completed epoch.

A backup taken in the middle of an epoch (integer ``save_freq``) resumes at
the start of that epoch, with the weights of the backup.

Files in ``backup_dir``: ``latest.weights.h5`` (``model.save_weights``) and
``training_metadata.json`` (``{"epoch": ..., "batch": ...}``); with
``double_checkpoint=True`` also the previous pair, suffixed ``.bkp``.
"""

from __future__ import annotations

import json
import os
import shutil
from typing import Any

from multikeras.callbacks._batch_counter import BatchCounter
from multikeras.callbacks.callback import Callback
from multikeras.callbacks.model_checkpoint import _check_save_freq


class BackupAndRestore(Callback):
    """Backs up the training state during ``fit`` and restores it when ``fit`` runs again.

    If ``fit`` stops before its end (a crash, a preempted job), running the same
    ``fit`` again with this callback continues from the last backup: same
    weights, same optimizer state, next epoch. When ``fit`` completes, the
    backup is deleted (``delete_checkpoint=True``).

    Args:
        backup_dir: directory of the backup; no other run or callback may use it.
        save_freq: ``"epoch"`` (a backup at each epoch end) or an integer: every
            that many batches.
        double_checkpoint: keep the previous backup as well, used when the
            latest one cannot be read (a file damaged by the interruption).
        delete_checkpoint: delete the backup when ``fit`` completes.

    Example:
        >>> import tempfile
        >>> callback = BackupAndRestore(backup_dir=tempfile.mkdtemp())
        >>> os.path.basename(callback._weights_path)
        'latest.weights.h5'
    """

    def __init__(
        self,
        backup_dir: str | os.PathLike,
        save_freq: str | int = "epoch",
        double_checkpoint: bool = False,
        delete_checkpoint: bool = True,
    ):
        super().__init__()
        if not backup_dir:
            raise ValueError(f"BackupAndRestore: `backup_dir` must be a directory path. Received: backup_dir={backup_dir!r}.")
        _check_save_freq(save_freq, "BackupAndRestore")
        self.backup_dir = os.fspath(backup_dir)
        self.save_freq = save_freq
        self.double_checkpoint = double_checkpoint
        self.delete_checkpoint = delete_checkpoint
        self._weights_path = os.path.join(self.backup_dir, "latest.weights.h5")
        self._training_metadata_path = os.path.join(self.backup_dir, "training_metadata.json")
        self._prev_weights_path = self._weights_path + ".bkp"
        self._prev_training_metadata_path = self._training_metadata_path + ".bkp"
        self._counter = BatchCounter(save_freq) if save_freq != "epoch" else None
        self._current_epoch = 0
        self._last_batch_seen = 0

    # Restoring -----------------------------------------------------------------------

    def on_train_begin(self, logs: dict[str, Any] | None = None) -> None:
        try:
            self._restore()
        except Exception as error:
            if not os.path.exists(self._prev_weights_path):
                raise
            # The latest backup is unreadable: fall back to the previous one.
            shutil.copyfile(self._prev_weights_path, self._weights_path)
            if os.path.exists(self._prev_training_metadata_path):
                shutil.copyfile(self._prev_training_metadata_path, self._training_metadata_path)
            elif os.path.exists(self._training_metadata_path):
                os.remove(self._training_metadata_path)
            try:
                self._restore()
            except Exception as second_error:
                raise second_error from error

    def _restore(self) -> None:
        model = self.model
        if not getattr(model, "built", True):
            raise ValueError(
                f"BackupAndRestore: the model {getattr(model, 'name', model)!r} must be built before `fit` "
                "(call it on a batch of data, or call `model.build(input_shape)`)."
            )
        if os.path.exists(self._weights_path):
            optimizer = getattr(model, "optimizer", None)
            if optimizer is not None and not getattr(optimizer, "built", True):
                # The optimizer's variables must exist to receive their saved values.
                optimizer.build(model.trainable_variables)
            model.load_weights(self._weights_path)
        if os.path.exists(self._training_metadata_path):
            with open(self._training_metadata_path, encoding="utf-8") as file:
                metadata = json.load(file)
            self._current_epoch = int(metadata["epoch"])
            model._initial_epoch = self._current_epoch

    # Backing up ----------------------------------------------------------------------

    def on_epoch_begin(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        self._current_epoch = epoch
        if self._counter is not None:
            self._counter.new_epoch()

    def on_train_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        self._last_batch_seen = batch
        if self._counter is not None and self._counter.step(batch):
            self._save(epoch=self._current_epoch, batch=batch)

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        self._current_epoch = epoch + 1
        if self.save_freq == "epoch":
            self._save(epoch=epoch + 1, batch=0)

    def _save(self, epoch: int, batch: int) -> None:
        os.makedirs(self.backup_dir, exist_ok=True)
        if self.double_checkpoint:
            if os.path.exists(self._weights_path):
                shutil.copyfile(self._weights_path, self._prev_weights_path)
            if os.path.exists(self._training_metadata_path):
                shutil.copyfile(self._training_metadata_path, self._prev_training_metadata_path)
        self.model.save_weights(self._weights_path, overwrite=True)
        # Written to a temporary file and renamed: a crash never leaves half a metadata file.
        temporary = self._training_metadata_path + ".tmp"
        with open(temporary, "w", encoding="utf-8") as file:
            json.dump({"epoch": epoch, "batch": batch}, file)
        os.replace(temporary, self._training_metadata_path)

    def on_train_end(self, logs: dict[str, Any] | None = None) -> None:
        if self.delete_checkpoint and os.path.exists(self.backup_dir):
            shutil.rmtree(self.backup_dir)
