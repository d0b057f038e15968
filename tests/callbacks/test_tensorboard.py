"""TensorBoard: event files written without TensorFlow, read back record by record."""

from __future__ import annotations

import os
import struct
import sys
from collections import defaultdict

import numpy as np
import pytest

from multikeras import callbacks


def read_events(directory):
    """``{tag: [(step, value)]}`` of the scalars and ``{tag: [(step, histogram)]}`` in a directory's event files."""
    from tensorboardX.proto import event_pb2  # the test reads the files back with the writer's own schema

    scalars, histograms = defaultdict(list), defaultdict(list)
    for name in sorted(os.listdir(directory)):
        assert name.startswith("events.out.tfevents.")
        with open(os.path.join(directory, name), "rb") as file:
            data = file.read()
        offset = 0
        while offset < len(data):
            # A TFRecord: length (uint64), its CRC (uint32), the payload, the payload's CRC (uint32).
            (length,) = struct.unpack_from("<Q", data, offset)
            payload = data[offset + 12: offset + 12 + length]
            offset += 12 + length + 4
            event = event_pb2.Event.FromString(payload)
            for value in event.summary.value:
                if value.HasField("histo"):
                    histograms[value.tag].append((event.step, value.histo))
                else:
                    scalars[value.tag].append((event.step, value.simple_value))
    return dict(scalars), dict(histograms)


def train(model, tensorboard, epochs=3, steps=4):
    callback_list = callbacks.CallbackList([tensorboard], model=model, epochs=epochs, steps=steps, verbose=0)
    callback_list.on_train_begin()
    for epoch in range(epochs):
        callback_list.on_epoch_begin(epoch)
        for step in range(steps):
            callback_list.on_train_batch_begin(step)
            callback_list.on_train_batch_end(step, {"loss": 1.0 / (1 + epoch * steps + step)})
        callback_list.on_test_begin()
        callback_list.on_test_end({"loss": 2.0})
        callback_list.on_epoch_end(epoch, {"loss": 0.5 / (epoch + 1), "accuracy": 0.25 * epoch,
                                           "val_loss": 0.75 / (epoch + 1), "val_accuracy": 0.125 * epoch})
    callback_list.on_train_end()


def test_epoch_scalars_for_train_and_validation_and_histograms(model, tmp_path):
    log_dir = tmp_path / "logs"
    train(model, callbacks.TensorBoard(log_dir=str(log_dir), histogram_freq=2, write_steps_per_second=True))
    scalars, histograms = read_events(log_dir / "train")
    np.testing.assert_allclose([v for _, v in scalars["epoch_loss"]], [0.5 / (e + 1) for e in range(3)], rtol=1e-6)
    assert [s for s, _ in scalars["epoch_loss"]] == [0, 1, 2]
    np.testing.assert_allclose([v for _, v in scalars["epoch_accuracy"]], [0.0, 0.25, 0.5])
    np.testing.assert_allclose([v for _, v in scalars["epoch_learning_rate"]], [0.1] * 3, rtol=1e-6)
    assert len(scalars["epoch_steps_per_second"]) == 3 and all(v > 0 for _, v in scalars["epoch_steps_per_second"])
    assert not any(tag.startswith(("batch_", "epoch_val")) for tag in scalars)

    val_scalars, _ = read_events(log_dir / "validation")
    np.testing.assert_allclose([v for _, v in val_scalars["epoch_loss"]], [0.75 / (e + 1) for e in range(3)], rtol=1e-6)
    np.testing.assert_allclose([v for _, v in val_scalars["epoch_accuracy"]], [0.0, 0.125, 0.25])
    assert [s for s, _ in val_scalars["evaluation_loss_vs_iterations"]] == [4, 8, 12]

    # Histograms at epochs 0 and 2 of every weight, with the weights' statistics.
    expected = {v.path: v.numpy() for v in model.weights}
    assert set(histograms) == {f"{path}/histogram" for path in expected}
    for path, values in expected.items():
        records = histograms[f"{path}/histogram"]
        assert [step for step, _ in records] == [0, 2]
        histogram = records[-1][1]
        assert histogram.num == values.size
        np.testing.assert_allclose([histogram.min, histogram.max, histogram.sum],
                                   [values.min(), values.max(), values.sum()], rtol=1e-5, atol=1e-7)


def test_batch_scalars_every_update_freq_batches(model, tmp_path):
    log_dir = tmp_path / "logs"
    train(model, callbacks.TensorBoard(log_dir=str(log_dir), update_freq=3), epochs=2, steps=4)
    scalars, _ = read_events(log_dir / "train")
    steps = [s for s, _ in scalars["batch_loss"]]
    assert steps == [3, 6]  # the global batch count, across epochs
    np.testing.assert_allclose([v for _, v in scalars["batch_loss"]], [1.0 / s for s in steps], rtol=1e-6)
    assert len(scalars["epoch_loss"]) == 2


def test_arguments_and_missing_writer(monkeypatch, tmp_path):
    assert callbacks.TensorBoard(str(tmp_path), update_freq="batch").update_freq == 1
    with pytest.raises(ValueError, match="update_freq"):
        callbacks.TensorBoard(str(tmp_path), update_freq="step")
    with pytest.warns(UserWarning, match="profiling"):
        callbacks.TensorBoard(str(tmp_path), profile_batch=2)
    monkeypatch.setitem(sys.modules, "tensorboardX", None)
    with pytest.raises(ImportError, match="pip install tensorboardX"):
        callbacks.TensorBoard(str(tmp_path))


def test_write_images_needs_pillow(model, tmp_path):
    import importlib.util

    tensorboard = callbacks.TensorBoard(log_dir=str(tmp_path), histogram_freq=1, write_images=True)
    if importlib.util.find_spec("PIL") is None:
        with pytest.warns(UserWarning, match="Pillow"):
            train(model, tensorboard, epochs=1, steps=1)
    else:
        train(model, tensorboard, epochs=1, steps=1)
    from tensorboardX.proto import event_pb2

    tags = set()
    for name in os.listdir(tmp_path / "train"):
        data = (tmp_path / "train" / name).read_bytes()
        offset = 0
        while offset < len(data):
            (length,) = struct.unpack_from("<Q", data, offset)
            event = event_pb2.Event.FromString(data[offset + 12: offset + 12 + length])
            offset += 12 + length + 4
            tags.update(value.tag for value in event.summary.value if value.HasField("image"))
    expected = {f"{v.path}/image" for v in model.weights} if importlib.util.find_spec("PIL") else set()
    assert tags == expected
