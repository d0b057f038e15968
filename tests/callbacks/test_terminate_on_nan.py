"""TerminateOnNaN: stops at a non-finite loss and leaves the weights from before the bad batch."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from callback_support import StandInOptimizer
from multikeras import callbacks


def train_until_nan(model, callback, bad_batch, value=float("nan"), steps=6):
    """Each batch adds its index + 1 to every variable; batch ``bad_batch`` poisons them and reports ``value``.

    Returns the weights the model had when ``bad_batch`` started.
    """
    callback_list = callbacks.CallbackList([callback], model=model, epochs=1, steps=steps, verbose=0)
    callback_list.on_train_begin()
    callback_list.on_epoch_begin(0)
    before_bad = None
    for batch in range(steps):
        callback_list.on_train_batch_begin(batch)
        if batch == bad_batch:
            before_bad = [np.array(w) for w in model.get_weights()]
            model.set_weights([np.full_like(w, np.nan) for w in model.get_weights()])
            callback_list.on_train_batch_end(batch, {"loss": value})
        else:
            model.set_weights([w + (batch + 1) for w in model.get_weights()])
            callback_list.on_train_batch_end(batch, {"loss": 0.5 / (batch + 1)})
        if model.stop_training:
            break
    return before_bad, batch


def test_nan_loss_stops_and_restores_the_last_good_weights(backend_name, capsys):
    with mk.backend.use(backend_name):
        model = mk.Sequential([mk.layers.Dense(2)])
        model.build((None, 3))
    model.stop_training = False
    before_bad, stopped_at = train_until_nan(model, callbacks.TerminateOnNaN(), bad_batch=3)
    assert model.stop_training and stopped_at == 3
    for got, expected in zip(model.get_weights(), before_bad):
        np.testing.assert_array_equal(got, expected)
    assert capsys.readouterr().out == "Batch 3: Invalid loss, terminating training\n"


def test_infinite_loss_in_the_first_batch_restores_the_initial_weights(model):
    initial = [np.array(w) for w in model.get_weights()]
    _, stopped_at = train_until_nan(model, callbacks.TerminateOnNaN(), bad_batch=0, value=float("inf"))
    assert stopped_at == 0 and model.stop_training
    for got, expected in zip(model.get_weights(), initial):
        np.testing.assert_array_equal(got, expected)


def test_optimizer_variables_are_restored_too(model):
    optimizer = model.optimizer
    callback = callbacks.TerminateOnNaN()
    callback_list = callbacks.CallbackList([callback], model=model)
    callback_list.on_train_begin()
    for batch, loss in enumerate([0.5, 0.25, float("nan")]):
        optimizer.iterations.assign_add(1)
        optimizer.momentum.assign(np.full((2, 1), np.nan if loss != loss else batch, np.float32))
        callback_list.on_train_batch_end(batch, {"loss": loss})
    assert int(optimizer.iterations.numpy()) == 2
    np.testing.assert_array_equal(optimizer.momentum.numpy(), np.ones((2, 1), np.float32))


def test_raise_error_restores_then_raises(model):
    good = None

    class Spy(callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            nonlocal good
            if batch == 1:
                good = [np.array(w) for w in self.model.get_weights()]

    callback_list = callbacks.CallbackList([Spy(), callbacks.TerminateOnNaN(raise_error=True)], model=model)
    callback_list.on_train_begin()
    model.set_weights([w + 1 for w in model.get_weights()])
    callback_list.on_train_batch_end(0, {"loss": 1.0})
    model.set_weights([w + 1 for w in model.get_weights()])
    callback_list.on_train_batch_end(1, {"loss": 1.0})
    model.set_weights([w * np.inf for w in model.get_weights()])
    with pytest.raises(RuntimeError, match="loss is nan at batch 2.*restored"):
        callback_list.on_train_batch_end(2, {"loss": float("nan")})
    for got, expected in zip(model.get_weights(), good):
        np.testing.assert_array_equal(got, expected)


def test_finite_losses_never_stop(model):
    callback = callbacks.TerminateOnNaN()
    _, stopped_at = train_until_nan(model, callback, bad_batch=-1)
    assert stopped_at == 5 and not model.stop_training
    assert isinstance(model.optimizer, StandInOptimizer)
