"""Bad input fails before any step runs, with an error that says what was received and what was expected."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers


def _model():
    model = mk.Sequential([layers.Input((4,)), layers.Dense(3, activation="softmax")])
    return model


def _fit(model, *args, **kwargs):
    """fit where the backend trains; evaluate (the same input checks) on a backend that cannot."""
    if mk.backend.capabilities(mk.backend.backend()).trainable:
        return model.fit(*args, verbose=0, **kwargs)
    kwargs.pop("epochs", None)
    kwargs["steps"] = kwargs.pop("steps_per_epoch", None)
    return model.evaluate(*args, verbose=0, **kwargs)


def _untouched(model, before):
    assert int(model.optimizer.iterations.numpy()) == 0
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_fit_before_compile(backend_name):
    with mk.backend.use(backend_name):
        model = _model()
        for call in (lambda: _fit(model, np.zeros((4, 4)), np.zeros(4)),
                     lambda: model.evaluate(np.zeros((4, 4)), np.zeros(4), verbose=0)):
            with pytest.raises(RuntimeError, match=r"compile\(\)"):
                call()


def test_mismatched_sample_counts(backend_name):
    with mk.backend.use(backend_name):
        model = _model()
        model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
        before = model.get_weights()
        with pytest.raises(ValueError, match=r"10.*8|8.*10"):
            _fit(model, np.zeros((10, 4), "float32"), np.zeros((8,), "int32"))
        _untouched(model, before)


def test_wrong_label_shape_for_the_loss(backend_name):
    with mk.backend.use(backend_name):
        model = _model()
        model.compile(optimizer="sgd", loss="categorical_crossentropy")
        before = model.get_weights()
        with pytest.raises(ValueError, match=r"\(8,?\)|shape"):
            _fit(model, np.zeros((8, 4), "float32"), np.zeros((8,), "int32"))
        _untouched(model, before)


def test_empty_data(backend_name):
    with mk.backend.use(backend_name):
        model = _model()
        model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
        with pytest.raises(ValueError, match="(?i)empty|0 samples|no batch"):
            _fit(model, np.zeros((0, 4), "float32"), np.zeros((0,), "int32"))
        _untouched(model, model.get_weights())


def test_generator_with_the_wrong_structure(backend_name):
    def generator():
        while True:
            yield np.zeros((2, 4), "float32"), np.zeros((2,), "int32"), np.ones(2), np.ones(2)

    with mk.backend.use(backend_name):
        model = _model()
        model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
        before = model.get_weights()
        with pytest.raises(ValueError, match="4"):
            _fit(model, generator(), steps_per_epoch=2)
        _untouched(model, before)


def test_inputs_that_do_not_fit_the_model(backend_name):
    with mk.backend.use(backend_name):
        model = _model()
        model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
        before = model.get_weights()
        with pytest.raises(ValueError, match="4"):
            _fit(model, np.zeros((8, 5), "float32"), np.zeros((8,), "int32"))
        _untouched(model, before)


def test_terminate_on_nan_keeps_the_last_good_weights(backend_name):
    if not mk.backend.capabilities(backend_name).trainable:
        return
    x = np.ones((8, 4), "float32")
    y = np.ones((8, 3), "float32")
    x_bad = x.copy()
    x_bad[4:] = np.nan  # the second batch of 4 poisons the loss
    with mk.backend.use(backend_name):
        model = mk.Sequential([layers.Input((4,)), layers.Dense(3)])
        model.compile(optimizer=mk.optimizers.SGD(0.01), loss="mse")
        model.fit(x, y, batch_size=4, epochs=1, shuffle=False, verbose=0)
        good = model.get_weights()
        history = model.fit(x_bad, y, batch_size=4, epochs=3, shuffle=False, verbose=0,
                            callbacks=[mk.callbacks.TerminateOnNaN()])
        assert model.stop_training
        assert len(history.epoch) <= 1
        final = model.get_weights()
        assert all(np.isfinite(w).all() for w in final)
        # One good step (the first batch) ran before the NaN batch.
        assert not np.allclose(final[0], good[0])
