"""One check for a new optimizer: a small regression model trained with it on a trainable backend learns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

import multikeras as mk
from multikeras import layers


def assert_fit_halves_the_loss(backend_name: str, make_optimizer: Callable[[], Any]) -> None:
    """Fit a Dense(8, relu) -> Dense(1) model on a linear target for 15 epochs: finite losses that fall, and an
    evaluated loss below half of the untrained one."""
    rng = np.random.default_rng(3)
    x = rng.normal(size=(64, 4)).astype("float32")
    y = (x @ np.array([[1.0], [-2.0], [0.5], [3.0]], "float32")).astype("float32")
    with mk.backend.use(backend_name):
        mk.utils.set_random_seed(0)
        model = mk.Sequential([mk.Input((4,)), layers.Dense(8, activation="relu"), layers.Dense(1)])
        model.compile(optimizer=make_optimizer(), loss="mse")
        before = float(model.evaluate(x, y, verbose=0))
        history = model.fit(x, y, epochs=15, batch_size=16, verbose=0)
        after = float(model.evaluate(x, y, verbose=0))
    losses = history.history["loss"]
    assert np.all(np.isfinite(losses))
    assert losses[-1] < losses[0]
    assert after < 0.5 * before
