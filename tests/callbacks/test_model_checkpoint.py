"""ModelCheckpoint: which files are written, when, and which paths are refused."""

from __future__ import annotations

import os

import numpy as np
import pytest

from multikeras import callbacks


def train(model, checkpoint, epoch_logs, steps=0):
    callback_list = callbacks.CallbackList([checkpoint], model=model, epochs=len(epoch_logs), steps=steps, verbose=0)
    callback_list.on_train_begin()
    for epoch, logs in enumerate(epoch_logs):
        callback_list.on_epoch_begin(epoch)
        for batch in range(steps):
            callback_list.on_train_batch_begin(batch)
            callback_list.on_train_batch_end(batch, {"loss": 1.0})
        callback_list.on_epoch_end(epoch, logs)
    callback_list.on_train_end()


def test_saves_every_epoch_with_formatted_names(saving_model, tmp_path):
    pattern = str(tmp_path / "ckpt" / "model-{epoch:02d}-{val_loss:.2f}.keras")
    train(saving_model, callbacks.ModelCheckpoint(pattern), [{"val_loss": 0.5}, {"val_loss": 0.256}])
    assert sorted(os.listdir(tmp_path / "ckpt")) == ["model-01-0.50.keras", "model-02-0.26.keras"]
    assert [kind for kind, _ in saving_model.saving_calls] == ["save", "save"]


def test_save_best_only_saves_improvements(saving_model, tmp_path, capsys):
    path = str(tmp_path / "best.weights.h5")
    checkpoint = callbacks.ModelCheckpoint(path, monitor="val_loss", save_best_only=True, save_weights_only=True, verbose=1)
    values = [0.9, 0.7, 0.8, 0.6, 0.65]
    train(saving_model, checkpoint, [{"val_loss": v} for v in values])
    improving = [e for e, v in enumerate(values) if v < min(values[:e], default=np.inf)]
    assert len(saving_model.saving_calls) == len(improving) == 3
    assert all(call == ("save_weights", path) for call in saving_model.saving_calls)
    assert checkpoint.best == 0.6 and os.path.exists(path)
    out = capsys.readouterr().out
    assert "Epoch 3: val_loss did not improve from 0.70000" in out
    assert f"Epoch 4: val_loss improved from 0.70000 to 0.60000, saving model to {path}" in out


def test_initial_value_threshold_and_max_mode(saving_model, tmp_path):
    path = str(tmp_path / "m.keras")
    checkpoint = callbacks.ModelCheckpoint(path, monitor="val_accuracy", mode="max", save_best_only=True,
                                           initial_value_threshold=0.8)
    train(saving_model, checkpoint, [{"val_accuracy": v} for v in [0.5, 0.79, 0.85, 0.84]])
    assert saving_model.saving_calls == [("save", path)]


def test_save_freq_in_batches(saving_model, tmp_path):
    pattern = str(tmp_path / "e{epoch}-b{batch}.weights.h5")
    train(saving_model, callbacks.ModelCheckpoint(pattern, save_weights_only=True, save_freq=3),
          [{"loss": 1.0}, {"loss": 1.0}], steps=4)
    # Batches are counted across epochs: the 3rd, 6th (epoch 2, batch 2) ... batches.
    assert sorted(os.listdir(tmp_path)) == ["e1-b3.weights.h5", "e2-b2.weights.h5"]


def test_missing_monitor_saves_with_a_warning(saving_model, tmp_path):
    checkpoint = callbacks.ModelCheckpoint(str(tmp_path / "m.keras"), save_best_only=True)
    with pytest.warns(UserWarning, match="val_loss"):
        train(saving_model, checkpoint, [{"loss": 1.0}])
    assert len(saving_model.saving_calls) == 1


def test_filepath_rules():
    with pytest.raises(ValueError, match=r"must end in `\.weights\.h5`.*'w\.keras'"):
        callbacks.ModelCheckpoint("w.keras", save_weights_only=True)
    with pytest.raises(ValueError, match=r"must end in `\.keras`.*'model\.weights'"):
        callbacks.ModelCheckpoint("model.weights")
    with pytest.raises(ValueError, match="save_freq"):
        callbacks.ModelCheckpoint("m.keras", save_freq="batch")
    callbacks.ModelCheckpoint("legacy.h5")
    callbacks.ModelCheckpoint("w.weights.h5", save_weights_only=True, save_freq=10)


def test_unknown_field_and_directory_paths(saving_model, tmp_path):
    with pytest.raises(KeyError, match="val_acc"):
        train(saving_model, callbacks.ModelCheckpoint(str(tmp_path / "{val_acc}.keras")), [{"loss": 1.0}])
    (tmp_path / "taken.keras").mkdir()
    with pytest.raises(IsADirectoryError, match="taken.keras"):
        train(saving_model, callbacks.ModelCheckpoint(str(tmp_path / "taken.keras")), [{"loss": 1.0}])
