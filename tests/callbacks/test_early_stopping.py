"""EarlyStopping: when it stops, what it restores, and how it reads the monitored metric."""

from __future__ import annotations

import types

import numpy as np
import pytest

from callback_support import fill_weights
from multikeras import callbacks


def run_epochs(model, callback, values, monitor="val_loss", weights_per_epoch=True):
    """Runs epochs until ``model.stop_training``; epoch ``e`` leaves the weights filled with ``e``. Returns epochs run."""
    callback_list = callbacks.CallbackList([callback], model=model, epochs=len(values), steps=1, verbose=0)
    model.stop_training = False
    callback_list.on_train_begin()
    ran = 0
    for epoch, value in enumerate(values):
        callback_list.on_epoch_begin(epoch)
        if weights_per_epoch and hasattr(model, "get_weights"):
            fill_weights(model, float(epoch))
        callback_list.on_epoch_end(epoch, {monitor: value})
        ran += 1
        if model.stop_training:
            break
    callback_list.on_train_end()
    return ran


def reference_stop(values, patience, min_delta=0.0, mode="min"):
    """Epochs run: stop after `patience` epochs without beating the best by more than min_delta."""
    sign = 1.0 if mode == "min" else -1.0
    best, wait = None, 0
    for epoch, value in enumerate(values):
        if best is None or sign * (value - best) < -min_delta:
            best, wait = value, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch + 1
    return len(values)


@pytest.mark.parametrize("patience", [0, 1, 2])
def test_stops_after_patience_epochs_without_improvement(model, patience):
    values = [1.0, 0.8, 0.85, 0.9, 0.7, 0.75, 0.76, 0.77, 0.78]
    stopper = callbacks.EarlyStopping(patience=patience)
    assert run_epochs(model, stopper, values) == reference_stop(values, patience)
    assert stopper.stopped_epoch == reference_stop(values, patience) - 1


def test_min_delta_and_max_mode(model):
    values = [0.5, 0.505, 0.52, 0.6, 0.601, 0.602, 0.603]
    stopper = callbacks.EarlyStopping(monitor="val_accuracy", mode="max", min_delta=0.01, patience=2)
    assert run_epochs(model, stopper, values, monitor="val_accuracy") == reference_stop(values, 2, 0.01, "max")


def test_restores_the_weights_of_the_best_epoch(model, capsys):
    values = [1.0, 0.6, 0.4, 0.5, 0.45, 0.41]
    stopper = callbacks.EarlyStopping(patience=3, restore_best_weights=True, verbose=1)
    assert run_epochs(model, stopper, values) == 6
    best = int(np.argmin(values))
    for weight in model.get_weights():
        np.testing.assert_array_equal(weight, np.full(weight.shape, best, np.float32))
    assert capsys.readouterr().out.splitlines() == [
        "Epoch 6: early stopping", f"Restoring model weights from the end of the best epoch: {best + 1}."]


def test_restores_best_weights_even_without_stopping(model):
    values = [1.0, 0.5, 0.7]
    stopper = callbacks.EarlyStopping(patience=5, restore_best_weights=True)
    assert run_epochs(model, stopper, values) == 3
    np.testing.assert_array_equal(model.get_weights()[0], np.ones((2, 1), np.float32))


def test_baseline_must_be_beaten(model):
    # Epochs that improve without reaching the baseline still count against patience:
    # epoch 2 is the second epoch since the first without beating 0.1, so training stops there.
    stopper = callbacks.EarlyStopping(patience=2, baseline=0.1, restore_best_weights=True)
    assert run_epochs(model, stopper, [0.9, 0.8, 0.85, 0.86]) == 3
    np.testing.assert_array_equal(model.get_weights()[0], np.ones((2, 1), np.float32))  # epoch 1 was the best
    # Without a baseline the improvement at epoch 1 resets the count: no stop.
    assert run_epochs(model, callbacks.EarlyStopping(patience=2), [0.9, 0.8, 0.85, 0.86]) == 4


def test_start_from_epoch_skips_the_warm_up(model):
    stopper = callbacks.EarlyStopping(patience=0, start_from_epoch=3)
    # Epochs 0-2 get worse but are not watched; epoch 3 sets the best, epoch 4 does not beat it.
    assert run_epochs(model, stopper, [0.1, 0.5, 0.9, 1.0, 1.1]) == 5
    assert stopper.stopped_epoch == 4


def test_missing_metric_warns_and_does_not_stop(model):
    stopper = callbacks.EarlyStopping(monitor="val_loss", patience=0)
    with pytest.warns(UserWarning, match="val_loss.*Available: loss"):
        assert run_epochs(model, stopper, [1.0, 2.0], monitor="loss") == 2


def test_auto_mode_reads_the_direction_of_the_models_metrics(model):
    class Accuracy:
        name = "accuracy"
        _direction = "up"

    class Container:
        metrics = [Accuracy()]

    model = types.SimpleNamespace(metrics=[Container()], stop_training=False)
    stopper = callbacks.EarlyStopping(monitor="val_accuracy", patience=0)
    assert run_epochs(model, stopper, [0.5, 0.6, 0.7, 0.65], monitor="val_accuracy") == 4
    with pytest.raises(ValueError, match="mode='min' or mode='max'"):
        run_epochs(model, callbacks.EarlyStopping(monitor="val_f1"), [0.5], monitor="val_f1")
    with pytest.warns(UserWarning, match="unknown mode"):
        assert callbacks.EarlyStopping(mode="lowest").mode == "auto"
