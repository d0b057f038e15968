"""A custom ``train_step`` written once and run unchanged on jax, torch and tensorflow.

Keras 3 needs a different ``train_step`` per backend (``tf.GradientTape``,
``loss.backward()``, a stateless JAX function). In multikeras the step reads
like eager code on every backend: ``self.value_and_grad`` differentiates a
function of the model's variables, and the trainer compiles the step where
the backend compiles (jax.jit, tf.function).

Usage:
    python examples/custom_train_step.py            # every trainable backend
    python examples/custom_train_step.py --backend torch
"""

from __future__ import annotations

import argparse

import numpy as np

import multikeras as keras
from multikeras import layers, ops


class RobustRegressor(keras.Model):
    """A regressor trained with a Huber-style loss and its own loss and MAE trackers."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.hidden = layers.Dense(32, activation="relu")
        self.out = layers.Dense(1)
        self.loss_tracker = keras.metrics.Mean(name="loss")
        self.mae_tracker = keras.metrics.MeanAbsoluteError(name="mae")

    def call(self, inputs, training=False):
        return self.out(self.hidden(inputs))

    @property
    def metrics(self):
        return [self.loss_tracker, self.mae_tracker]  # reset at the start of every epoch

    def train_step(self, data):
        x, y = data

        def forward():
            y_pred = self(x, training=True)
            error = ops.abs(y_pred - y)
            loss = ops.mean(ops.where(error < 1.0, 0.5 * error**2, error - 0.5))
            return loss, y_pred

        (loss, y_pred), grads = self.value_and_grad(forward, has_aux=True)
        self.optimizer.apply(grads, self.trainable_variables)
        self.loss_tracker.update_state(loss)
        self.mae_tracker.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}

    def test_step(self, data):
        x, y = data
        y_pred = self(x, training=False)
        self.mae_tracker.update_state(y, y_pred)
        return {"mae": self.mae_tracker.result()}


def run(backend: str) -> dict[str, float]:
    """Fit the regressor on a fixed synthetic problem; return the final training logs."""
    keras.utils.set_random_seed(1)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(512, 4)).astype("float32")
    y = (x @ np.array([[1.0], [-2.0], [0.5], [3.0]], "float32") + 0.1 * rng.normal(size=(512, 1))).astype("float32")
    with keras.backend.use(backend):
        model = RobustRegressor()
        model.compile(optimizer=keras.optimizers.Adam(0.01))
        history = model.fit(x, y, batch_size=64, epochs=20, verbose=0)
        return {name: values[-1] for name, values in history.history.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", default=None)
    args = parser.parse_args()
    names = [args.backend] if args.backend else [n for n in keras.backend.available() if keras.backend.capabilities(n).trainable]
    for name in names:
        logs = run(name)
        print(f"{name}: " + ", ".join(f"{key} {value:.4f}" for key, value in logs.items()))


if __name__ == "__main__":
    main()
