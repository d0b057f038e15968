"""CSVLogger: file contents, validation columns, append mode and separators."""

from __future__ import annotations

import csv

import numpy as np

from multikeras import callbacks


def log_epochs(logger, epoch_logs, first_epoch=0):
    callback_list = callbacks.CallbackList([logger])
    callback_list.on_train_begin()
    for epoch, logs in enumerate(epoch_logs, start=first_epoch):
        callback_list.on_epoch_begin(epoch)
        callback_list.on_epoch_end(epoch, logs)
    callback_list.on_train_end()


def test_rows_have_sorted_columns_and_values(tmp_path):
    path = tmp_path / "log.csv"
    epochs = [{"loss": 0.5, "accuracy": 0.25, "val_loss": 0.75, "val_accuracy": 0.125},
              {"loss": 0.375, "accuracy": 0.5, "val_loss": 0.625, "val_accuracy": 0.25}]
    log_epochs(callbacks.CSVLogger(str(path)), epochs)
    with open(path, newline="") as file:
        rows = list(csv.reader(file))
    keys = sorted(epochs[0])
    assert rows[0] == ["epoch", *keys]
    for epoch, (row, logs) in enumerate(zip(rows[1:], epochs)):
        assert row == [str(epoch), *(str(logs[key]) for key in keys)]


def test_validation_columns_are_reserved_and_missing_values_are_na(tmp_path):
    path = tmp_path / "log.csv"
    log_epochs(callbacks.CSVLogger(path, separator=";"), [{"loss": 1.0}, {"loss": 0.5, "val_loss": 0.75}])
    assert path.read_text().splitlines() == ["epoch;loss;val_loss", "0;1.0;NA", "1;0.5;0.75"]


def test_append_writes_the_header_once(tmp_path):
    path = tmp_path / "log.csv"
    log_epochs(callbacks.CSVLogger(path, append=True), [{"loss": 1.0, "val_loss": 2.0}])
    log_epochs(callbacks.CSVLogger(path, append=True), [{"loss": 0.5, "val_loss": 1.5}], first_epoch=1)
    assert path.read_text().splitlines() == ["epoch,loss,val_loss", "0,1.0,2.0", "1,0.5,1.5"]
    log_epochs(callbacks.CSVLogger(path), [{"loss": 0.25, "val_loss": 1.0}])  # no append: overwritten
    assert path.read_text().splitlines() == ["epoch,loss,val_loss", "0,0.25,1.0"]


def test_array_values_are_written_as_lists(tmp_path):
    path = tmp_path / "log.csv"
    log_epochs(callbacks.CSVLogger(path), [{"per_class": np.array([0.5, 0.25]), "val_per_class": "n/a"}])
    with open(path, newline="") as file:
        rows = list(csv.reader(file))
    assert rows == [["epoch", "per_class", "val_per_class"], ["0", "[0.5, 0.25]", "n/a"]]
