"""SwapEMAWeights: evaluation and prediction see the moving averages; training does not."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import callbacks


class EMAOptimizer:
    use_ema = True

    def __init__(self, model):
        self._trainable_variables = model.trainable_variables
        with mk.backend.use("numpy"):
            self._model_variables_moving_average = [mk.Variable(np.full(v.shape, -1.0, np.float32))
                                                    for v in self._trainable_variables]


def weights_of(variables):
    return [v.numpy().copy() for v in variables]


def test_evaluate_and_predict_use_the_averages(model):
    model.optimizer = EMAOptimizer(model)
    trained = weights_of(model.trainable_variables)
    callback_list = callbacks.CallbackList([callbacks.SwapEMAWeights()], model=model, epochs=1)
    for begin, end in [("on_test_begin", "on_test_end"), ("on_predict_begin", "on_predict_end")]:
        getattr(callback_list, begin)()
        assert all((w == -1).all() for w in weights_of(model.trainable_variables))
        getattr(callback_list, end)()
        for got, expected in zip(weights_of(model.trainable_variables), trained):
            np.testing.assert_array_equal(got, expected)


def test_swap_on_epoch_keeps_the_averages_after_the_last_epoch(model):
    model.optimizer = EMAOptimizer(model)
    callback_list = callbacks.CallbackList([callbacks.SwapEMAWeights(swap_on_epoch=True)], model=model, epochs=2)
    callback_list.on_train_begin()
    for epoch in range(2):
        callback_list.on_epoch_begin(epoch)
        assert not any((w == -1).all() for w in weights_of(model.trainable_variables))  # training weights
        callback_list.on_epoch_end(epoch)
        assert all((w == -1).all() for w in weights_of(model.trainable_variables))  # averages
    callback_list.on_train_end()
    callback_list.on_test_begin()
    callback_list.on_test_end()
    assert all((w == -1).all() for w in weights_of(model.trainable_variables))


def test_needs_an_ema_optimizer(model):
    callback_list = callbacks.CallbackList([callbacks.SwapEMAWeights()], model=model)
    with pytest.raises(ValueError, match="use_ema=True"):
        callback_list.on_test_begin()
