"""Helpers for the callback tests: a small real model, a stand-in optimizer and stand-in saving.

The trainer is not needed: tests call the hooks the way ``fit`` does, with
synthetic logs. ``model.save``/``save_weights``/``load_weights`` are replaced by
stand-ins that write real files (the weights and the optimizer's iteration
count as ``.npz`` data), so the callbacks' file logic is tested on its own.
"""

from __future__ import annotations

import numpy as np

import multikeras as mk


class StandInOptimizer:
    """The optimizer surface callbacks use: ``learning_rate``, ``iterations``, ``variables``."""

    def __init__(self, learning_rate: float = 0.1):
        with mk.backend.use("numpy"):
            self.iterations = mk.Variable(0, dtype="int64", name="iterations")
            self.momentum = mk.Variable(np.zeros((2, 1), np.float32), name="momentum")
        self._learning_rate = learning_rate
        self.built = True

    @property
    def learning_rate(self) -> float:
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        self._learning_rate = float(value)

    @property
    def variables(self):
        return [self.iterations, self.momentum]


class ScheduledOptimizer(StandInOptimizer):
    """An optimizer built with a LearningRateSchedule: the rate cannot be set."""

    @property
    def learning_rate(self) -> float:
        return 0.5

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        raise TypeError("This optimizer was created with a `LearningRateSchedule`; its learning rate cannot be set.")


def make_model(optimizer=None):
    with mk.backend.use("numpy"):
        model = mk.Sequential([mk.layers.Dense(1)])
        model.build((None, 2))
    model.stop_training = False
    model.optimizer = optimizer if optimizer is not None else StandInOptimizer()
    return model


def fill_weights(model, value: float) -> None:
    model.set_weights([np.full(w.shape, value, np.float32) for w in model.get_weights()])


def install_stand_in_saving(model):
    """Gives ``model`` save/save_weights/load_weights stand-ins that write real files; returns the call log."""
    calls: list[tuple[str, str]] = []

    def save_weights(filepath, overwrite=True):
        calls.append(("save_weights", str(filepath)))
        arrays = {f"w{i}": w for i, w in enumerate(model.get_weights())}
        arrays["iterations"] = np.asarray(model.optimizer.iterations.numpy())
        with open(filepath, "wb") as file:
            np.savez(file, **arrays)

    def save(filepath, overwrite=True):
        calls.append(("save", str(filepath)))
        with open(filepath, "wb") as file:
            np.savez(file, *model.get_weights())

    def load_weights(filepath):
        calls.append(("load_weights", str(filepath)))
        with np.load(filepath) as data:
            count = len([key for key in data.files if key.startswith("w")])
            model.set_weights([data[f"w{i}"] for i in range(count)])
            model.optimizer.iterations.assign(data["iterations"])

    model.save_weights = save_weights
    model.save = save
    model.load_weights = load_weights
    return calls
