"""ReduceLROnPlateau and LearningRateScheduler against stand-in optimizers."""

from __future__ import annotations

import numpy as np
import pytest

from callback_support import ScheduledOptimizer, StandInOptimizer, make_model
from multikeras import callbacks


def run(model, callback, values, monitor="val_loss"):
    """Runs one epoch per value; returns the learning rate after each epoch and the History."""
    callback_list = callbacks.CallbackList([callback], add_history=True, model=model, epochs=len(values), steps=1, verbose=0)
    callback_list.on_train_begin()
    rates = []
    for epoch, value in enumerate(values):
        callback_list.on_epoch_begin(epoch)
        callback_list.on_epoch_end(epoch, {monitor: value})
        rates.append(getattr(model.optimizer, "learning_rate", None))
    callback_list.on_train_end()
    return rates, model.history


def reference_plateau(values, lr, factor, patience, cooldown, min_lr, min_delta):
    best, wait, cool, rates = None, 0, 0, []
    for value in values:
        if cool > 0:
            cool -= 1
            wait = 0
        if best is None or value < best - min_delta:
            best, wait = value, 0
        elif cool == 0:
            wait += 1
            if wait >= patience and np.float32(lr) > np.float32(min_lr):
                lr, wait, cool = max(lr * factor, min_lr), 0, cooldown
        rates.append(lr)
    return rates


@pytest.mark.parametrize("cooldown", [0, 2])
def test_reduce_lr_on_plateau_follows_patience_cooldown_and_floor(model, cooldown):
    values = [1.0, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.85, 0.9, 0.9, 0.9, 0.9]
    reducer = callbacks.ReduceLROnPlateau(factor=0.5, patience=2, cooldown=cooldown, min_lr=0.02)
    rates, history = run(model, reducer, values)
    expected = reference_plateau(values, 0.1, 0.5, 2, cooldown, 0.02, 1e-4)
    np.testing.assert_allclose(rates, expected)
    assert rates[-1] == 0.02 and len(set(rates)) == 4  # 0.1, 0.05, 0.025, then the floor
    # The rate before each epoch's reduction is logged, so History records it.
    np.testing.assert_allclose(history.history["learning_rate"], [0.1] + expected[:-1])


def test_reduce_lr_on_plateau_errors_and_schedules():
    with pytest.raises(ValueError, match="factor"):
        callbacks.ReduceLROnPlateau(factor=1.0)
    model = make_model(ScheduledOptimizer())
    with pytest.raises(TypeError, match="LearningRateSchedule"):
        run(model, callbacks.ReduceLROnPlateau(monitor="loss", patience=0), [1.0, 1.0], monitor="loss")
    with pytest.warns(UserWarning, match="epsilon"):
        callbacks.ReduceLROnPlateau(epsilon=0.1)


def test_reduce_lr_on_plateau_prints_when_verbose(model, capsys):
    run(model, callbacks.ReduceLROnPlateau(monitor="loss", patience=1, factor=0.5, verbose=1), [1.0, 1.0], monitor="loss")
    assert "Epoch 2: ReduceLROnPlateau reducing learning rate to 0.05." in capsys.readouterr().out


def test_learning_rate_scheduler_with_rate_and_epoch_only_schedules(model):
    schedule = lambda epoch, lr: lr * 0.5 if epoch >= 2 else lr  # noqa: E731
    rates, history = run(model, callbacks.LearningRateScheduler(schedule), [0.0] * 5)
    expected, lr = [], 0.1
    for epoch in range(5):
        lr = schedule(epoch, lr)
        expected.append(lr)
    np.testing.assert_allclose(rates, expected)
    np.testing.assert_allclose(history.history["learning_rate"], expected)

    model = make_model(StandInOptimizer())
    rates, _ = run(model, callbacks.LearningRateScheduler(lambda epoch: 0.01 * (epoch + 1)), [0.0] * 3)
    np.testing.assert_allclose(rates, [0.01, 0.02, 0.03])


def test_learning_rate_scheduler_errors(model, capsys):
    with pytest.raises(ValueError, match="float learning rate.*'fast'"):
        run(model, callbacks.LearningRateScheduler(lambda epoch: "fast"), [0.0])
    with pytest.raises(TypeError, match="LearningRateSchedule"):
        run(make_model(ScheduledOptimizer()), callbacks.LearningRateScheduler(lambda epoch: 0.1), [0.0])
    run(model, callbacks.LearningRateScheduler(lambda epoch: 0.5, verbose=1), [0.0])
    assert "Epoch 1: LearningRateScheduler setting learning rate to 0.5." in capsys.readouterr().out


def test_multi_optimizer_parts_are_all_scheduled(model):
    class Part(StandInOptimizer):
        def __init__(self, name, lr):
            super().__init__(lr)
            self.name = name

    class Multi:
        optimizers = [Part("a", 0.1), Part("b", 0.2)]

    model.optimizer = Multi()
    _, history = run(model, callbacks.LearningRateScheduler(lambda epoch, lr: lr / 2), [0.0, 0.0])
    assert history.history["learning_rate_a"] == [0.05, 0.025]
    assert history.history["learning_rate_b"] == [0.1, 0.05]
