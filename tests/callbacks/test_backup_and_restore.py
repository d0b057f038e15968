"""BackupAndRestore: an interrupted fit resumes at the next epoch with the same weights and optimizer state."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from callback_support import install_stand_in_saving, make_model
from multikeras import callbacks


class Interrupt(Exception):
    pass


def fit(model, callback_list_items, epochs, steps=3, crash_at=None):
    """A minimal trainer following the BackupAndRestore contract; each step adds 0.5 and counts an iteration."""
    callback_list = callbacks.CallbackList(callback_list_items, add_history=True, model=model,
                                           epochs=epochs, steps=steps, verbose=0)
    model._initial_epoch = None
    callback_list.on_train_begin()
    initial_epoch = model._initial_epoch or 0
    for epoch in range(initial_epoch, epochs):
        callback_list.on_epoch_begin(epoch)
        for step in range(steps):
            if crash_at == (epoch, step):
                raise Interrupt
            callback_list.on_train_batch_begin(step)
            model.set_weights([w + 0.5 for w in model.get_weights()])
            model.optimizer.iterations.assign_add(1)
            callback_list.on_train_batch_end(step, {"loss": 1.0})
        callback_list.on_epoch_end(epoch, {"loss": 1.0})
    callback_list.on_train_end()
    return model.history


def test_interrupted_fit_resumes_exactly(tmp_path):
    backup_dir = str(tmp_path / "backup")
    reference = make_model()
    start = reference.get_weights()
    fit(reference, [], epochs=5)

    model = make_model()
    model.set_weights(start)
    install_stand_in_saving(model)
    with pytest.raises(Interrupt):
        fit(model, [callbacks.BackupAndRestore(backup_dir)], epochs=5, crash_at=(3, 1))
    with open(os.path.join(backup_dir, "training_metadata.json")) as file:
        assert json.load(file)["epoch"] == 3  # epochs 0-2 completed

    resumed = make_model()  # a fresh process: new model, weights from the backup
    install_stand_in_saving(resumed)
    history = fit(resumed, [callbacks.BackupAndRestore(backup_dir)], epochs=5)
    assert history.epoch == [3, 4]
    for got, expected in zip(resumed.get_weights(), reference.get_weights()):
        np.testing.assert_array_equal(got, expected)
    assert int(resumed.optimizer.iterations.numpy()) == int(reference.optimizer.iterations.numpy()) == 15
    assert not os.path.exists(backup_dir)  # deleted once fit completed


def test_batch_frequency_and_keeping_the_backup(tmp_path):
    backup_dir = str(tmp_path / "backup")
    model = make_model()
    install_stand_in_saving(model)
    with pytest.raises(Interrupt):
        fit(model, [callbacks.BackupAndRestore(backup_dir, save_freq=2)], epochs=3, crash_at=(1, 2))
    with open(os.path.join(backup_dir, "training_metadata.json")) as file:
        # Saved after the 2nd and 4th batch (epoch 1, batch 0): resume at the start of epoch 1.
        assert json.load(file) == {"epoch": 1, "batch": 0}

    resumed = make_model()
    install_stand_in_saving(resumed)
    history = fit(resumed, [callbacks.BackupAndRestore(backup_dir, delete_checkpoint=False)], epochs=3)
    assert history.epoch == [1, 2]
    assert os.path.exists(os.path.join(backup_dir, "latest.weights.h5"))


def test_double_checkpoint_falls_back_to_the_previous_backup(tmp_path):
    backup_dir = str(tmp_path / "backup")
    model = make_model()
    install_stand_in_saving(model)
    with pytest.raises(Interrupt):
        fit(model, [callbacks.BackupAndRestore(backup_dir, double_checkpoint=True)], epochs=4, crash_at=(3, 0))
    assert os.path.exists(os.path.join(backup_dir, "latest.weights.h5.bkp"))
    with open(os.path.join(backup_dir, "latest.weights.h5"), "wb") as file:
        file.write(b"damaged")

    resumed = make_model()
    install_stand_in_saving(resumed)
    history = fit(resumed, [callbacks.BackupAndRestore(backup_dir, double_checkpoint=True)], epochs=4)
    assert history.epoch == [2, 3]  # the previous backup was taken after epoch 1
    assert int(resumed.optimizer.iterations.numpy()) == 12


def test_arguments_are_checked():
    with pytest.raises(ValueError, match="backup_dir"):
        callbacks.BackupAndRestore("")
    with pytest.raises(ValueError, match="save_freq"):
        callbacks.BackupAndRestore("dir", save_freq=0)
