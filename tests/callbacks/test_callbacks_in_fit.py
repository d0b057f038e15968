"""Every callback inside a real ``Model.fit`` on every backend.

The other tests of this folder drive the callbacks' hooks by hand; here a
real model (``Input(4) -> Dense(1)``, mse) is trained by the real trainer, so
what the callbacks read (weights, logs, the optimizer's learning rate) and
what they change (learning rate, weights, ``stop_training``) goes through the
compiled training step of each backend. Expected values come from a NumPy
reference of mini-batch SGD on the same data, from an uninterrupted run, or
from the callbacks' rules replayed on the recorded logs.

The numpy backend cannot train: there each test checks that ``fit`` refuses
with ``CapabilityError`` before any callback runs.
"""

from __future__ import annotations

import csv
import json
import os
import re
import struct
from collections import Counter, defaultdict

import numpy as np
import pytest

import multikeras as mk
from multikeras import callbacks

# Data: y = x @ W + 0.5, 32 training samples (4 batches of 8) and 16 validation samples.
_RNG = np.random.default_rng(20240611)
X = _RNG.standard_normal((32, 4)).astype(np.float32)
X_VAL = _RNG.standard_normal((16, 4)).astype(np.float32)
W_TRUE = np.array([[1.0], [-2.0], [0.5], [3.0]], np.float32)
Y = (X @ W_TRUE + 0.5).astype(np.float32)
Y_VAL = (X_VAL @ W_TRUE + 0.5).astype(np.float32)
Y_VAL_OPPOSITE = -Y_VAL
"""Validation targets that get worse the better the model fits ``Y``: val_loss rises epoch after epoch."""
Y_VAL_HALF = 0.5 * Y_VAL
"""Validation targets half way: val_loss falls, then rises once the model passes them."""
INITIAL = [np.array([[0.1], [0.2], [-0.1], [0.05]], np.float32), np.array([0.0], np.float32)]
BATCH = 8


# Helpers ------------------------------------------------------------------------------------


def make_model(optimizer, metrics=None, weights=INITIAL):
    model = mk.Sequential([mk.layers.Input((4,)), mk.layers.Dense(1)])
    model.compile(optimizer=optimizer, loss="mse", metrics=metrics)
    if weights is not None:
        model.set_weights(weights)
    return model


def refused_without_training(backend_name, callback_list):
    """On a backend that cannot train, ``fit`` raises ``CapabilityError``; returns whether it was such a backend."""
    if mk.backend.capabilities(backend_name).trainable:
        return False
    recorder = HookRecorder()
    model = make_model(mk.optimizers.SGD(0.1))
    with pytest.raises(mk.backend.CapabilityError):
        model.fit(X, Y, batch_size=BATCH, epochs=2, verbose=0, callbacks=[*callback_list, recorder])
    assert recorder.calls == []  # refused before any callback ran
    return True


def learning_rate_of(model):
    return float(mk.ops.convert_to_numpy(model.optimizer.learning_rate))


def iterations_of(model):
    return int(mk.ops.convert_to_numpy(model.optimizer.iterations))


def mse(weights, x, y):
    kernel, bias = (np.asarray(w, np.float64) for w in weights)
    return float(np.mean((x.astype(np.float64) @ kernel + bias - y) ** 2))


def mae(weights, x, y):
    kernel, bias = (np.asarray(w, np.float64) for w in weights)
    return float(np.mean(np.abs(x.astype(np.float64) @ kernel + bias - y)))


def sgd_reference(learning_rates, x=X, y=Y, weights=INITIAL, batch_size=BATCH, ema_momentum=None):
    """Plain mini-batch SGD on mse, in float64, one learning rate per epoch, batches in order.

    Returns a dict of per-step and per-epoch values: ``step_weights`` (after each
    step), ``step_losses`` (each batch's loss before its update),
    ``epoch_weights`` (at each epoch end), ``epoch_losses`` (mean batch loss of
    the epoch) and, with ``ema_momentum``, ``epoch_ema`` (the moving average of
    the weights, started at the weights after the first step).
    """
    kernel, bias = (np.asarray(w, np.float64) for w in weights)
    x, y = x.astype(np.float64), y.astype(np.float64)
    result = defaultdict(list)
    average = None
    for learning_rate in learning_rates:
        losses = []
        for start in range(0, len(x), batch_size):
            xb, yb = x[start:start + batch_size], y[start:start + batch_size]
            error = xb @ kernel + bias - yb
            losses.append(float(np.mean(error ** 2)))
            kernel = kernel - learning_rate * (2.0 / error.size) * (xb.T @ error)
            bias = bias - learning_rate * (2.0 / error.size) * error.sum(axis=0)
            result["step_weights"].append([kernel, bias])
            if ema_momentum is not None:
                m = 0.0 if average is None else ema_momentum
                average = [kernel if average is None else m * average[0] + (1 - m) * kernel,
                           bias if average is None else m * average[1] + (1 - m) * bias]
        result["step_losses"].extend(losses)
        result["epoch_losses"].append(float(np.mean(losses)))
        result["epoch_weights"].append([kernel, bias])
        if ema_momentum is not None:
            result["epoch_ema"].append(list(average))
    return result


def assert_weights_close(actual, expected, rtol=2e-4, atol=2e-5):
    assert len(actual) == len(expected)
    for got, want in zip(actual, expected):
        np.testing.assert_allclose(np.asarray(got, np.float64), np.asarray(want, np.float64), rtol=rtol, atol=atol)


def assert_weights_equal(actual, expected):
    assert len(actual) == len(expected)
    for got, want in zip(actual, expected):
        np.testing.assert_array_equal(got, want)


class WeightsAtEpochEnd(callbacks.Callback):
    """Copies of the model's weights at each epoch end (before the callbacks after it run)."""

    def __init__(self):
        super().__init__()
        self.weights = []

    def on_epoch_end(self, epoch, logs=None):
        self.weights.append([np.array(w) for w in self.model.get_weights()])


class HookRecorder(callbacks.Callback):
    """Records every hook call as ``(hook, index)`` (``index``: epoch or batch; ``None`` for whole runs)."""

    def __init__(self):
        super().__init__()
        self.calls = []
        self.logs = defaultdict(list)

    def _record(self, hook, index, logs):
        self.calls.append((hook, index))
        self.logs[hook].append(dict(logs) if logs is not None else None)

    def on_train_begin(self, logs=None):
        self._record("on_train_begin", None, logs)

    def on_train_end(self, logs=None):
        self._record("on_train_end", None, logs)

    def on_epoch_begin(self, epoch, logs=None):
        self._record("on_epoch_begin", epoch, logs)

    def on_epoch_end(self, epoch, logs=None):
        self._record("on_epoch_end", epoch, logs)

    def on_train_batch_begin(self, batch, logs=None):
        self._record("on_train_batch_begin", batch, logs)

    def on_train_batch_end(self, batch, logs=None):
        self._record("on_train_batch_end", batch, logs)

    def on_test_begin(self, logs=None):
        self._record("on_test_begin", None, logs)

    def on_test_end(self, logs=None):
        self._record("on_test_end", None, logs)

    def on_test_batch_begin(self, batch, logs=None):
        self._record("on_test_batch_begin", batch, logs)

    def on_test_batch_end(self, batch, logs=None):
        self._record("on_test_batch_end", batch, logs)

    def on_predict_begin(self, logs=None):
        self._record("on_predict_begin", None, logs)

    def on_predict_end(self, logs=None):
        self._record("on_predict_end", None, logs)

    def on_predict_batch_begin(self, batch, logs=None):
        self._record("on_predict_batch_begin", batch, logs)

    def on_predict_batch_end(self, batch, logs=None):
        self._record("on_predict_batch_end", batch, logs)


def expected_run(begin, end, batch_begin, batch_end, steps):
    return [(begin, None), *[call for i in range(steps) for call in ((batch_begin, i), (batch_end, i))], (end, None)]


def replay_monitor(values, patience, mode="min", min_delta=0.0):
    """Keras' patience rule replayed on a series: ``(best epoch, first epoch with wait >= patience or None)``."""
    sign = 1.0 if mode == "min" else -1.0
    best, best_epoch, wait = None, None, 0
    for epoch, value in enumerate(values):
        wait += 1
        if best is None or sign * (value - best) < -min_delta:
            best, best_epoch, wait = value, epoch, 0
        elif wait >= patience and epoch > 0:
            return best_epoch, epoch
    return best_epoch, None


def read_event_scalars(directory):
    """``{tag: [(step, value)]}`` of the scalar summaries in a directory's TensorBoard event files."""
    from tensorboardX.proto import event_pb2

    scalars = defaultdict(list)
    names = sorted(os.listdir(directory))
    assert names and all(name.startswith("events.out.tfevents.") for name in names)
    for name in names:
        with open(os.path.join(directory, name), "rb") as file:
            data = file.read()
        offset = 0
        while offset < len(data):
            # A TFRecord: payload length (uint64), its CRC (uint32), the payload, the payload's CRC (uint32).
            (length,) = struct.unpack_from("<Q", data, offset)
            event = event_pb2.Event.FromString(data[offset + 12: offset + 12 + length])
            offset += 12 + length + 4
            for value in event.summary.value:
                if not value.HasField("histo"):
                    scalars[value.tag].append((event.step, value.simple_value))
    return dict(scalars)


# History ------------------------------------------------------------------------------------


def test_history(backend_name):
    with mk.backend.use(backend_name):
        if refused_without_training(backend_name, []):
            return
        model = make_model(mk.optimizers.SGD(0.05), metrics=["mae"])
        history = model.fit(X, Y, batch_size=BATCH, epochs=3, verbose=0, shuffle=False, validation_data=(X_VAL, Y_VAL))
        assert history is model.history
        assert isinstance(history, callbacks.History)
        assert history.epoch == [0, 1, 2]
        assert sorted(history.history) == ["loss", "mae", "val_loss", "val_mae"]
        assert all(len(values) == 3 for values in history.history.values())
        assert all(isinstance(v, float) for values in history.history.values() for v in values)

        reference = sgd_reference([0.05] * 3)
        np.testing.assert_allclose(history.history["loss"], reference["epoch_losses"], rtol=2e-4)
        np.testing.assert_allclose(history.history["val_loss"],
                                   [mse(w, X_VAL, Y_VAL) for w in reference["epoch_weights"]], rtol=2e-4)
        np.testing.assert_allclose(history.history["val_mae"],
                                   [mae(w, X_VAL, Y_VAL) for w in reference["epoch_weights"]], rtol=2e-4)

        # A second fit continues from initial_epoch; its History lists only the epochs it ran.
        again = model.fit(X, Y, batch_size=BATCH, epochs=5, initial_epoch=3, verbose=0, shuffle=False)
        assert again.epoch == [3, 4]
        assert sorted(again.history) == ["loss", "mae"] and len(again.history["loss"]) == 2
        reference = sgd_reference([0.05] * 5)
        np.testing.assert_allclose(again.history["loss"], reference["epoch_losses"][3:], rtol=2e-4)


# ProgbarLogger ------------------------------------------------------------------------------


def logged_values(text, name):
    """The numbers printed after ``<name>: `` (not after ``val_<name>: ``)."""
    return [float(v) for v in re.findall(rf"(?<![\w]){name}: ([-+0-9.eE]+)", text)]


@pytest.mark.parametrize("verbose", [1, 2])
def test_progbar_logger(backend_name, verbose, capsys):
    with mk.backend.use(backend_name):
        if refused_without_training(backend_name, [callbacks.ProgbarLogger()]):
            assert capsys.readouterr().out == ""
            return
        model = make_model(mk.optimizers.SGD(0.05))
        capsys.readouterr()
        history = model.fit(X, Y, batch_size=BATCH, epochs=2, verbose=verbose, shuffle=False,
                            validation_data=(X_VAL, Y_VAL))
        out = capsys.readouterr().out
        lines = [line for line in re.split(r"[\r\n]+", out) if line.strip()]
        assert [line.strip() for line in lines if line.strip().startswith("Epoch ")] == ["Epoch 1/2", "Epoch 2/2"]
        # The last line of each epoch: all 4 steps, the epoch's loss and val_loss.
        final_lines = [line for line in lines if "val_loss:" in line]
        assert len(final_lines) == 2
        for epoch, line in enumerate(final_lines):
            assert "4/4" in line
            np.testing.assert_allclose(logged_values(line, "loss"), [history.history["loss"][epoch]], rtol=1e-3)
            np.testing.assert_allclose(logged_values(line, "val_loss"), [history.history["val_loss"][epoch]],
                                       rtol=1e-3)
        if verbose == 2:
            # One line per epoch, no per-step updates.
            assert len([line for line in lines if "loss:" in line]) == 2

        # evaluate prints its own bar with the result.
        result = model.evaluate(X_VAL, Y_VAL, batch_size=BATCH, verbose=verbose)
        out = capsys.readouterr().out
        assert "2/2" in out
        np.testing.assert_allclose(logged_values(out, "loss")[-1], result, rtol=1e-3)

        # verbose=0 prints nothing.
        model.fit(X, Y, batch_size=BATCH, epochs=1, verbose=0)
        assert capsys.readouterr().out == ""


# EarlyStopping ------------------------------------------------------------------------------


def test_early_stopping_restores_the_best_weights(backend_name):
    with mk.backend.use(backend_name):
        if refused_without_training(backend_name, [callbacks.EarlyStopping(patience=2)]):
            return
        model = make_model(mk.optimizers.SGD(0.05))
        recorder = WeightsAtEpochEnd()
        stopper = callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)
        epochs = 8
        history = model.fit(X, Y, batch_size=BATCH, epochs=epochs, verbose=0, shuffle=False,
                            validation_data=(X_VAL, Y_VAL_HALF), callbacks=[recorder, stopper])
        val_loss = history.history["val_loss"]
        best_epoch, stop_epoch = replay_monitor(val_loss, patience=2)
        assert stop_epoch is not None and stop_epoch < epochs - 1, "the data must make val_loss rise"
        assert best_epoch < stop_epoch
        assert history.epoch == list(range(stop_epoch + 1))  # stopped after the epoch the rule says
        assert stopper.stopped_epoch == stop_epoch and stopper.best_epoch == best_epoch

        # The weights of the best epoch are back, and they are those SGD reaches at that epoch.
        assert_weights_equal(model.get_weights(), recorder.weights[best_epoch])
        reference = sgd_reference([0.05] * (stop_epoch + 1))
        assert_weights_close(model.get_weights(), reference["epoch_weights"][best_epoch])
        assert_weights_close(recorder.weights[-1], reference["epoch_weights"][-1])
        np.testing.assert_allclose(val_loss, [mse(w, X_VAL, Y_VAL_HALF) for w in reference["epoch_weights"]],
                                   rtol=2e-4)


def test_early_stopping_with_mode_max_on_a_falling_metric(backend_name):
    with mk.backend.use(backend_name):
        if refused_without_training(backend_name, [callbacks.EarlyStopping(monitor="loss", mode="max")]):
            return
        model = make_model(mk.optimizers.SGD(0.05))
        stopper = callbacks.EarlyStopping(monitor="loss", mode="max", patience=1)
        history = model.fit(X, Y, batch_size=BATCH, epochs=6, verbose=0, shuffle=False, callbacks=[stopper])
        reference = sgd_reference([0.05] * 6)
        best_epoch, stop_epoch = replay_monitor(reference["epoch_losses"], patience=1, mode="max")
        assert (best_epoch, stop_epoch) == (0, 1)  # training lowers the loss, so "max" never improves
        assert history.epoch == [0, 1]
        assert stopper.stopped_epoch == 1
        # Without restore_best_weights the last weights stay.
        assert_weights_close(model.get_weights(), reference["epoch_weights"][1])


# ModelCheckpoint ----------------------------------------------------------------------------


def test_model_checkpoint(backend_name, tmp_path):
    per_epoch = str(tmp_path / "epochs" / "w-{epoch:02d}.weights.h5")
    best = str(tmp_path / "best.weights.safetensors")  # the safetensors format, as save_weights_only allows
    whole = str(tmp_path / "model-{epoch:02d}.keras")
    with mk.backend.use(backend_name):
        if refused_without_training(backend_name, [callbacks.ModelCheckpoint(whole)]):
            assert not os.listdir(tmp_path)
            return
        model = make_model(mk.optimizers.SGD(0.05))
        recorder = WeightsAtEpochEnd()
        epochs = 5
        checkpoints = [
            callbacks.ModelCheckpoint(per_epoch, save_weights_only=True),
            callbacks.ModelCheckpoint(best, monitor="val_loss", save_best_only=True, save_weights_only=True),
            callbacks.ModelCheckpoint(whole, monitor="val_loss", save_best_only=True),
        ]
        history = model.fit(X, Y, batch_size=BATCH, epochs=epochs, verbose=0, shuffle=False,
                            validation_data=(X_VAL, Y_VAL_HALF), callbacks=[recorder, *checkpoints])
        val_loss = history.history["val_loss"]
        best_epoch = int(np.argmin(val_loss))
        assert 0 < best_epoch < epochs - 1, "the data must make val_loss fall, then rise"

        # One weights file per epoch, named with the 1-based epoch; each holds that epoch's weights.
        assert sorted(os.listdir(tmp_path / "epochs")) == [f"w-{e:02d}.weights.h5" for e in range(1, epochs + 1)]
        final = model.get_weights()
        for epoch in range(epochs):
            model.load_weights(per_epoch.format(epoch=epoch + 1))
            assert_weights_equal(model.get_weights(), recorder.weights[epoch])

        # save_best_only: the file holds the best epoch's weights, not the last ones.
        model.load_weights(best)
        assert_weights_equal(model.get_weights(), recorder.weights[best_epoch])
        assert not all(np.array_equal(a, b) for a, b in zip(final, recorder.weights[best_epoch]))
        reference = sgd_reference([0.05] * epochs)
        assert_weights_close(model.get_weights(), reference["epoch_weights"][best_epoch])

        # Whole models: saved at each improvement (epochs 1 .. best), none after it.
        saved = sorted(name for name in os.listdir(tmp_path) if name.endswith(".keras"))
        improving = [e for e in range(epochs) if val_loss[e] == min(val_loss[: e + 1])]
        assert saved == [f"model-{e + 1:02d}.keras" for e in improving]
        restored = mk.saving.load_model(whole.format(epoch=best_epoch + 1))
        assert_weights_equal(restored.get_weights(), recorder.weights[best_epoch])
        np.testing.assert_allclose(restored.predict(X_VAL, verbose=0),
                                   X_VAL @ recorder.weights[best_epoch][0] + recorder.weights[best_epoch][1],
                                   rtol=1e-5, atol=1e-5)


def test_model_checkpoint_every_n_batches(backend_name, tmp_path):
    path = str(tmp_path / "b-{epoch:02d}-{batch:02d}.weights.h5")
    with mk.backend.use(backend_name):
        if refused_without_training(backend_name, [callbacks.ModelCheckpoint(path, save_weights_only=True)]):
            return
        model = make_model(mk.optimizers.SGD(0.05))
        model.fit(X, Y, batch_size=BATCH, epochs=2, verbose=0, shuffle=False,
                  callbacks=[callbacks.ModelCheckpoint(path, save_weights_only=True, save_freq=3)])
        # 8 batches: saved after the 3rd (epoch 1, batch 3) and the 6th (epoch 2, batch 2), numbered from 1.
        assert sorted(os.listdir(tmp_path)) == ["b-01-03.weights.h5", "b-02-02.weights.h5"]
        reference = sgd_reference([0.05] * 2)
        for name, steps in (("b-01-03.weights.h5", 3), ("b-02-02.weights.h5", 6)):
            model.load_weights(str(tmp_path / name))
            assert_weights_close(model.get_weights(), reference["step_weights"][steps - 1])
            assert iterations_of(model) == steps


# BackupAndRestore ---------------------------------------------------------------------------


class Interrupt(Exception):
    """Raised to simulate a crash in the middle of an epoch."""


class CrashAt(callbacks.Callback):
    def __init__(self, epoch, batch):
        super().__init__()
        self.at = (epoch, batch)
        self.epoch = None

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if (self.epoch, batch) == self.at:
            raise Interrupt(f"crash at epoch {self.epoch}, batch {batch}")


def seeded_model(seed):
    mk.utils.set_random_seed(seed)
    return make_model(mk.optimizers.Adam(0.05), weights=None)


def test_backup_and_restore_resumes_like_an_uninterrupted_run(backend_name, tmp_path):
    backup_dir = str(tmp_path / "backup")
    with mk.backend.use(backend_name):
        if refused_without_training(backend_name, [callbacks.BackupAndRestore(backup_dir)]):
            assert not os.path.exists(backup_dir)
            return
        epochs = 4
        reference = seeded_model(7)
        start = reference.get_weights()
        reference.fit(X, Y, batch_size=BATCH, epochs=epochs, verbose=0, shuffle=False)

        model = seeded_model(7)
        assert_weights_equal(model.get_weights(), start)  # same seed, same initial weights
        backup = callbacks.BackupAndRestore(backup_dir)
        with pytest.raises(Interrupt):
            model.fit(X, Y, batch_size=BATCH, epochs=epochs, verbose=0, shuffle=False,
                      callbacks=[backup, CrashAt(epoch=2, batch=1)])
        with open(os.path.join(backup_dir, "training_metadata.json"), encoding="utf-8") as file:
            assert json.load(file)["epoch"] == 2  # epochs 0 and 1 completed
        # The crash left the weights of two batches into epoch 2, and the optimizer 10 steps on.
        assert iterations_of(model) == 2 * 4 + 2

        history = model.fit(X, Y, batch_size=BATCH, epochs=epochs, verbose=0, shuffle=False, callbacks=[backup])
        assert history.epoch == [2, 3]
        assert iterations_of(model) == iterations_of(reference) == epochs * 4
        assert_weights_close(model.get_weights(), reference.get_weights(), rtol=1e-5, atol=1e-6)
        # The optimizer's moments were restored too: all its variables agree.
        for got, want in zip(model.optimizer.variables, reference.optimizer.variables):
            np.testing.assert_allclose(mk.ops.convert_to_numpy(got), mk.ops.convert_to_numpy(want),
                                       rtol=1e-5, atol=1e-6)
        assert not os.path.exists(backup_dir)  # deleted once fit completed

        # A fresh model (a new process) resumes from a backup as well.
        interrupted = seeded_model(7)
        with pytest.raises(Interrupt):
            interrupted.fit(X, Y, batch_size=BATCH, epochs=epochs, verbose=0, shuffle=False,
                            callbacks=[callbacks.BackupAndRestore(backup_dir), CrashAt(epoch=3, batch=0)])
        fresh = seeded_model(11)
        history = fresh.fit(X, Y, batch_size=BATCH, epochs=epochs, verbose=0, shuffle=False,
                            callbacks=[callbacks.BackupAndRestore(backup_dir)])
        assert history.epoch == [3]
        assert iterations_of(fresh) == epochs * 4
        assert_weights_close(fresh.get_weights(), reference.get_weights(), rtol=1e-5, atol=1e-6)


# Learning-rate callbacks --------------------------------------------------------------------


def replay_reduce_lr(values, initial, factor, patience, min_delta=1e-4, min_lr=0.0):
    """ReduceLROnPlateau's rule (no cooldown) on a series: the rate in effect during each epoch, and the final one."""
    rates, rate, best, wait = [], initial, None, 0
    for value in values:
        rates.append(rate)
        if best is None or value < best - min_delta:
            best, wait = value, 0
            continue
        wait += 1
        if wait >= patience and rate > min_lr:
            rate, wait = max(rate * factor, min_lr), 0
    return rates, rate


def test_reduce_lr_on_plateau(backend_name):
    with mk.backend.use(backend_name):
        if refused_without_training(backend_name, [callbacks.ReduceLROnPlateau()]):
            return
        model = make_model(mk.optimizers.SGD(0.05))
        reducer = callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=1)
        history = model.fit(X, Y, batch_size=BATCH, epochs=4, verbose=0, shuffle=False,
                            validation_data=(X_VAL, Y_VAL_OPPOSITE), callbacks=[reducer])
        rates, final_rate = replay_reduce_lr(history.history["val_loss"], 0.05, factor=0.5, patience=1)
        assert final_rate < 0.05, "the data must make val_loss rise"
        np.testing.assert_allclose(history.history["learning_rate"], rates, rtol=1e-6)
        np.testing.assert_allclose(learning_rate_of(model), final_rate, rtol=1e-6)
        # The compiled step used the reduced rates: the weights follow SGD with them.
        reference = sgd_reference(rates)
        assert_weights_close(model.get_weights(), reference["epoch_weights"][-1])
        np.testing.assert_allclose(history.history["loss"], reference["epoch_losses"], rtol=2e-4)


def test_learning_rate_scheduler(backend_name):
    def schedule(epoch, learning_rate):
        return learning_rate if epoch == 0 else learning_rate * 0.5

    with mk.backend.use(backend_name):
        if refused_without_training(backend_name, [callbacks.LearningRateScheduler(schedule)]):
            return
        model = make_model(mk.optimizers.SGD(0.08))
        seen = []
        read_rate = callbacks.LambdaCallback(on_epoch_begin=lambda epoch, logs: seen.append(learning_rate_of(model)))
        history = model.fit(X, Y, batch_size=BATCH, epochs=3, verbose=0, shuffle=False,
                            callbacks=[callbacks.LearningRateScheduler(schedule), read_rate])
        expected = [0.08, 0.04, 0.02]
        np.testing.assert_allclose(seen, expected, rtol=1e-6)
        np.testing.assert_allclose(history.history["learning_rate"], expected, rtol=1e-6)
        reference = sgd_reference(expected)
        assert_weights_close(model.get_weights(), reference["epoch_weights"][-1])
        np.testing.assert_allclose(history.history["loss"], reference["epoch_losses"], rtol=2e-4)
        # Not the same as training with the first rate throughout.
        constant = sgd_reference([0.08] * 3)["epoch_weights"][-1]
        assert not np.allclose(model.get_weights()[0], constant[0], rtol=1e-3, atol=1e-4)


# CSVLogger ----------------------------------------------------------------------------------


def test_csv_logger(backend_name, tmp_path):
    path = tmp_path / "training.csv"
    with mk.backend.use(backend_name):
        if refused_without_training(backend_name, [callbacks.CSVLogger(str(path))]):
            assert not path.exists()
            return
        model = make_model(mk.optimizers.SGD(0.05), metrics=["mae"])
        history = model.fit(X, Y, batch_size=BATCH, epochs=3, verbose=0, shuffle=False,
                            validation_data=(X_VAL, Y_VAL), callbacks=[callbacks.CSVLogger(str(path))])
        with open(path, newline="", encoding="utf-8") as file:
            rows = list(csv.DictReader(file))
        assert list(rows[0]) == ["epoch", "loss", "mae", "val_loss", "val_mae"]
        assert [int(row["epoch"]) for row in rows] == [0, 1, 2]
        for name, values in history.history.items():
            np.testing.assert_allclose([float(row[name]) for row in rows], values, rtol=1e-7)

        # append=True continues the same file without a second header.
        more = model.fit(X, Y, batch_size=BATCH, epochs=5, initial_epoch=3, verbose=0, shuffle=False,
                         validation_data=(X_VAL, Y_VAL), callbacks=[callbacks.CSVLogger(str(path), append=True)])
        with open(path, newline="", encoding="utf-8") as file:
            rows = list(csv.DictReader(file))
        assert [int(row["epoch"]) for row in rows] == [0, 1, 2, 3, 4]
        np.testing.assert_allclose([float(row["val_loss"]) for row in rows[3:]], more.history["val_loss"], rtol=1e-7)


# TerminateOnNaN -----------------------------------------------------------------------------


def test_terminate_on_nan_keeps_the_last_good_weights(backend_name, capsys):
    y_bad = Y.copy()
    y_bad[2 * BATCH: 3 * BATCH] = np.nan  # the third batch of the first epoch
    with mk.backend.use(backend_name):
        if refused_without_training(backend_name, [callbacks.TerminateOnNaN()]):
            return
        model = make_model(mk.optimizers.SGD(0.05))
        recorder = HookRecorder()
        history = model.fit(X, y_bad, batch_size=BATCH, epochs=3, verbose=0, shuffle=False,
                            callbacks=[callbacks.TerminateOnNaN(), recorder])
        batches = [index for hook, index in recorder.calls if hook == "on_train_batch_end"]
        assert batches == [0, 1, 2]  # stopped at the bad batch
        assert [index for hook, index in recorder.calls if hook == "on_epoch_begin"] == [0]
        assert model.stop_training
        assert np.isnan(history.history["loss"][-1])
        assert "Batch 2: Invalid loss, terminating training" in capsys.readouterr().out

        weights = model.get_weights()
        assert all(np.all(np.isfinite(w)) for w in weights)
        # The weights after the two good batches, as SGD computes them.
        good = sgd_reference([0.05], x=X[: 2 * BATCH], y=Y[: 2 * BATCH])
        assert_weights_close(weights, good["epoch_weights"][-1])
        # The model still works: a prediction is finite.
        assert np.all(np.isfinite(model.predict(X_VAL, verbose=0)))


def test_terminate_on_nan_from_a_huge_learning_rate(backend_name):
    with mk.backend.use(backend_name):
        if refused_without_training(backend_name, [callbacks.TerminateOnNaN()]):
            return
        model = make_model(mk.optimizers.SGD(1e18))
        recorder = WeightsAtEpochEnd()
        history = model.fit(X, Y, batch_size=BATCH, epochs=30, verbose=0, shuffle=False,
                            callbacks=[callbacks.TerminateOnNaN(raise_error=False), recorder])
        assert len(history.epoch) < 30
        assert not np.isfinite(history.history["loss"][-1])
        assert all(np.all(np.isfinite(w)) for w in model.get_weights())


# LambdaCallback -----------------------------------------------------------------------------


def test_lambda_callback_hooks_fire_the_expected_number_of_times(backend_name):
    calls = Counter()
    arguments = defaultdict(list)

    def hook(name):
        def record(*args, **kwargs):  # batch hooks get `logs=` by keyword, as in Keras 3
            calls[name] += 1
            arguments[name].append(args[0] if len(args) + len(kwargs) == 2 else None)
        return record

    names = ["on_train_begin", "on_train_end", "on_epoch_begin", "on_epoch_end", "on_train_batch_begin",
             "on_train_batch_end", "on_test_begin", "on_test_end", "on_test_batch_end", "on_predict_begin",
             "on_predict_batch_end", "on_predict_end"]
    with mk.backend.use(backend_name):
        lambda_callback = callbacks.LambdaCallback(**{name: hook(name) for name in names})
        if refused_without_training(backend_name, [lambda_callback]):
            assert not calls
            return
        model = make_model(mk.optimizers.SGD(0.05))
        epochs, steps, val_steps = 3, len(X) // BATCH, len(X_VAL) // BATCH
        model.fit(X, Y, batch_size=BATCH, epochs=epochs, verbose=0, validation_data=(X_VAL, Y_VAL),
                  callbacks=[lambda_callback])
        assert calls == Counter({
            "on_train_begin": 1, "on_train_end": 1, "on_epoch_begin": epochs, "on_epoch_end": epochs,
            "on_train_batch_begin": epochs * steps, "on_train_batch_end": epochs * steps,
            "on_test_begin": epochs, "on_test_end": epochs, "on_test_batch_end": epochs * val_steps,
        })
        assert arguments["on_epoch_begin"] == list(range(epochs))
        assert arguments["on_train_batch_end"] == list(range(steps)) * epochs
        assert arguments["on_test_batch_end"] == list(range(val_steps)) * epochs

        calls.clear()
        model.predict(X_VAL, batch_size=BATCH, verbose=0, callbacks=[lambda_callback])
        assert calls == Counter({"on_predict_begin": 1, "on_predict_batch_end": val_steps, "on_predict_end": 1})


# TensorBoard --------------------------------------------------------------------------------


def test_tensorboard_writes_the_epoch_scalars(backend_name, tmp_path):
    log_dir = tmp_path / "logs"
    with mk.backend.use(backend_name):
        if refused_without_training(backend_name, [callbacks.TensorBoard(log_dir=str(log_dir))]):
            assert not log_dir.exists()
            return
        model = make_model(mk.optimizers.SGD(0.05))
        history = model.fit(X, Y, batch_size=BATCH, epochs=3, verbose=0, shuffle=False,
                            validation_data=(X_VAL, Y_VAL),
                            callbacks=[callbacks.TensorBoard(log_dir=str(log_dir), update_freq="batch")])
        train = read_event_scalars(log_dir / "train")
        validation = read_event_scalars(log_dir / "validation")
        assert [step for step, _ in train["epoch_loss"]] == [0, 1, 2]
        np.testing.assert_allclose([v for _, v in train["epoch_loss"]], history.history["loss"], rtol=1e-6)
        np.testing.assert_allclose([v for _, v in validation["epoch_loss"]], history.history["val_loss"], rtol=1e-6)
        np.testing.assert_allclose([v for _, v in train["epoch_learning_rate"]], [0.05] * 3, rtol=1e-6)
        # update_freq="batch": one batch_loss per training step, numbered by the global step.
        assert [step for step, _ in train["batch_loss"]] == list(range(1, 3 * 4 + 1))
        assert [step for step, _ in validation["evaluation_loss_vs_iterations"]] == [4, 8, 12]


# SwapEMAWeights -----------------------------------------------------------------------------


def test_swap_ema_weights_validates_with_the_moving_average(backend_name):
    with mk.backend.use(backend_name):
        if refused_without_training(backend_name, [callbacks.SwapEMAWeights()]):
            return
        model = make_model(mk.optimizers.SGD(0.05, use_ema=True, ema_momentum=0.5))
        history = model.fit(X, Y, batch_size=BATCH, epochs=2, verbose=0, shuffle=False,
                            validation_data=(X_VAL, Y_VAL), callbacks=[callbacks.SwapEMAWeights()])
        reference = sgd_reference([0.05] * 2, ema_momentum=0.5)
        # Training ran on the raw weights, validation saw the averages.
        np.testing.assert_allclose(history.history["loss"], reference["epoch_losses"], rtol=2e-4)
        np.testing.assert_allclose(history.history["val_loss"],
                                   [mse(w, X_VAL, Y_VAL) for w in reference["epoch_ema"]], rtol=2e-4)
        # fit ends with the averages in the model (finalize_variable_values).
        assert_weights_close(model.get_weights(), reference["epoch_ema"][-1])


# A Callback subclass that records every hook ------------------------------------------------


def test_every_hook_in_order_across_fit_evaluate_and_predict(backend_name):
    with mk.backend.use(backend_name):
        recorder = HookRecorder()
        if refused_without_training(backend_name, [recorder]):
            return
        model = make_model(mk.optimizers.SGD(0.05))
        epochs, steps, val_steps = 2, len(X) // BATCH, len(X_VAL) // BATCH
        history = model.fit(X, Y, batch_size=BATCH, epochs=epochs, verbose=0, shuffle=False,
                            validation_data=(X_VAL, Y_VAL), callbacks=[recorder])
        expected = [("on_train_begin", None)]
        for epoch in range(epochs):
            expected.append(("on_epoch_begin", epoch))
            for step in range(steps):
                expected += [("on_train_batch_begin", step), ("on_train_batch_end", step)]
            expected += expected_run("on_test_begin", "on_test_end", "on_test_batch_begin", "on_test_batch_end",
                                     val_steps)
            expected.append(("on_epoch_end", epoch))
        expected.append(("on_train_end", None))
        assert recorder.calls == expected

        # The logs: running training metrics per batch, the epoch's metrics with val_* at epoch end.
        reference = sgd_reference([0.05] * epochs)
        batch_losses = [logs["loss"] for logs in recorder.logs["on_train_batch_end"]]
        running = [np.mean(reference["step_losses"][e * steps: e * steps + s + 1])
                   for e in range(epochs) for s in range(steps)]
        np.testing.assert_allclose(batch_losses, running, rtol=2e-4)
        assert recorder.logs["on_epoch_end"] == [
            {name: values[epoch] for name, values in history.history.items()} for epoch in range(epochs)
        ]
        np.testing.assert_allclose([logs["loss"] for logs in recorder.logs["on_test_end"]],
                                   history.history["val_loss"], rtol=1e-6)
        assert recorder.logs["on_train_end"][-1] == recorder.logs["on_epoch_end"][-1]

        recorder.calls.clear()
        recorder.logs.clear()
        loss = model.evaluate(X_VAL, Y_VAL, batch_size=BATCH, verbose=0, callbacks=[recorder])
        assert recorder.calls == expected_run("on_test_begin", "on_test_end", "on_test_batch_begin",
                                              "on_test_batch_end", val_steps)
        np.testing.assert_allclose(loss, mse(model.get_weights(), X_VAL, Y_VAL), rtol=2e-4)
        assert recorder.logs["on_test_end"] == [{"loss": loss}]

        recorder.calls.clear()
        recorder.logs.clear()
        predictions = model.predict(X_VAL, batch_size=BATCH, verbose=0, callbacks=[recorder])
        assert recorder.calls == expected_run("on_predict_begin", "on_predict_end", "on_predict_batch_begin",
                                              "on_predict_batch_end", val_steps)
        outputs = [np.asarray(logs["outputs"]) for logs in recorder.logs["on_predict_batch_end"]]
        assert [o.shape for o in outputs] == [(BATCH, 1)] * val_steps
        np.testing.assert_allclose(np.concatenate(outputs), predictions, rtol=1e-6)
        kernel, bias = model.get_weights()
        np.testing.assert_allclose(predictions, X_VAL @ kernel + bias, rtol=1e-5, atol=1e-5)


def test_deprecated_batch_aliases_fire_for_training_batches_only(backend_name):
    class OldStyle(callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.calls = []

        def on_batch_begin(self, batch, logs=None):
            self.calls.append(("begin", batch))

        def on_batch_end(self, batch, logs=None):
            self.calls.append(("end", batch))

    with mk.backend.use(backend_name):
        old = OldStyle()
        if refused_without_training(backend_name, [old]):
            return
        model = make_model(mk.optimizers.SGD(0.05))
        model.fit(X, Y, batch_size=BATCH, epochs=2, verbose=0, validation_data=(X_VAL, Y_VAL), callbacks=[old])
        model.evaluate(X_VAL, Y_VAL, batch_size=BATCH, verbose=0, callbacks=[old])
        model.predict(X_VAL, batch_size=BATCH, verbose=0, callbacks=[old])
        assert old.calls == [(kind, step) for _ in range(2) for step in range(4) for kind in ("begin", "end")]


def test_batch_hooks_with_steps_per_execution(backend_name):
    """With ``steps_per_execution=2`` the batch hooks fire once per execution: begin with its first step, end with its last."""
    with mk.backend.use(backend_name):
        recorder = HookRecorder()
        if refused_without_training(backend_name, [recorder]):
            return
        model = mk.Sequential([mk.layers.Input((4,)), mk.layers.Dense(1)])
        model.compile(optimizer=mk.optimizers.SGD(0.05), loss="mse", steps_per_execution=2)
        model.set_weights(INITIAL)
        model.fit(X, Y, batch_size=BATCH, epochs=1, verbose=0, shuffle=False, validation_data=(X_VAL, Y_VAL),
                  callbacks=[recorder])
        assert recorder.calls == [
            ("on_train_begin", None), ("on_epoch_begin", 0),
            ("on_train_batch_begin", 0), ("on_train_batch_end", 1),
            ("on_train_batch_begin", 2), ("on_train_batch_end", 3),
            ("on_test_begin", None), ("on_test_batch_begin", 0), ("on_test_batch_end", 1), ("on_test_end", None),
            ("on_epoch_end", 0), ("on_train_end", None),
        ]
        # Every step of each execution ran: the weights are those of 4 SGD steps.
        assert iterations_of(model) == 4
        assert_weights_close(model.get_weights(), sgd_reference([0.05])["epoch_weights"][-1])
