"""Recurrent layers train with model.fit and Adam (compiled steps where the backend compiles by default)."""

from __future__ import annotations

import numpy as np

import multikeras as mk
from multikeras import layers, ops

BATCH, TIME, FEATURES, UNITS = 2, 4, 5, 3


def _model():
    return mk.Sequential([
        mk.Input(batch_shape=(BATCH, TIME, FEATURES)),
        layers.Masking(),
        layers.LSTM(UNITS, stateful=True, dropout=0.2, recurrent_dropout=0.2, seed=1),
        layers.Dense(2),
    ])


def test_fit_with_adam(backend_name):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2 * BATCH, TIME, FEATURES)).astype("float32")
    x[0, 3:] = 0.0  # a padded step, masked by Masking
    y = rng.normal(size=(2 * BATCH, 2)).astype("float32")
    with mk.backend.use(backend_name):
        mk.utils.set_random_seed(0)  # the initial weights: a fixed, known-good start on every run
        model = _model()
        before = [w.copy() for w in model.get_weights()]
        if not mk.backend.capabilities().trainable:  # numpy is inference-only: predict must still work
            predicted = model.predict(x, batch_size=BATCH, verbose=0)
            assert predicted.shape == (2 * BATCH, 2) and np.all(np.isfinite(predicted))
            return
        model.compile(optimizer=mk.optimizers.Adam(0.05), loss="mse")
        history = model.fit(x, y, batch_size=BATCH, epochs=3, shuffle=False, verbose=0)
        carried = ops.convert_to_numpy(model.layers[1].states[0])
    losses = history.history["loss"]
    assert all(np.isfinite(losses)) and losses[-1] < losses[0], losses
    after = model.get_weights()
    assert len(after) == len(before) == 3 + 2  # the stateful LSTM's states are not weights
    assert all(not np.array_equal(a, b) for a, b in zip(after, before)), "some weight did not train"
    assert np.any(carried != 0.0)  # the stateful LSTM carried its final states out of the compiled steps
