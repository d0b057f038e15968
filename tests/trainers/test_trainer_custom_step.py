"""The Keras guide's custom train_step pattern, written once, on every trainable backend."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers

rng = np.random.default_rng(11)
X = rng.normal(size=(32, 3)).astype("float32")
Y = (X @ np.array([[1.0], [-1.0], [2.0]], "float32")).astype("float32")


class GuideModel(mk.Model):
    """train_step as in Keras's "customizing fit" guide: update every metric by hand."""

    def train_step(self, data):
        x, y = data

        def loss_fn():
            y_pred = self(x, training=True)
            return self.compute_loss(y=y, y_pred=y_pred), y_pred

        (loss, y_pred), grads = self.value_and_grad(loss_fn, has_aux=True)
        self.optimizer.apply(grads, self.trainable_variables)
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}


def _guide_model():
    inputs = mk.Input((3,))
    return GuideModel(inputs, layers.Dense(1, kernel_initializer="zeros")(inputs))


def test_subclass_called_with_inputs_and_outputs_is_functional_with_its_methods():
    with mk.backend.use("numpy"):
        model = _guide_model()
        assert isinstance(model, GuideModel) and isinstance(model, mk.Model)
        assert type(model).__name__ == "GuideModel"
        assert type(model).train_step is GuideModel.train_step
        assert model.output.shape == (None, 1)
        assert [type(layer).__name__ for layer in model.layers] == ["InputLayer", "Dense"]  # as any Functional
        assert type(_guide_model()) is type(model)  # one combined class per subclass


def test_guide_train_step_matches_plain_sgd(backend_name):
    with mk.backend.use(backend_name):
        model = _guide_model()
        model.compile(optimizer=mk.optimizers.SGD(0.1), loss="mse", metrics=["mae"])
        if not mk.backend.capabilities(backend_name).trainable:
            with pytest.raises(mk.backend.CapabilityError, match="cannot train"):
                model.fit(X, Y, epochs=1, verbose=0)
            return
        history = model.fit(X, Y, batch_size=32, epochs=2, shuffle=False, verbose=0)
        kernel, bias = model.get_weights()
    # The same two full-batch SGD steps on mse, by hand.
    w, b = np.zeros((3, 1), np.float32), np.zeros((1,), np.float32)
    losses, maes = [], []
    for _ in range(2):
        error = X @ w + b - Y
        losses.append(float(np.mean(error**2)))
        maes.append(float(np.mean(np.abs(error))))
        w = w - 0.1 * (2.0 / error.size) * X.T @ error
        b = b - 0.1 * (2.0 / error.size) * error.sum(axis=0)
    assert set(history.history) == {"loss", "mae"}
    np.testing.assert_allclose(history.history["loss"], losses, rtol=1e-5)
    np.testing.assert_allclose(history.history["mae"], maes, rtol=1e-5)
    np.testing.assert_allclose(kernel, w, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(bias, b, rtol=1e-5, atol=1e-6)
