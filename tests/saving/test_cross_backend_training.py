"""Train on one framework, deploy or keep training on another: fit, save as .keras, load everywhere, resume.

A small CNN (Conv2D, BatchNormalization, MaxPooling2D, Dense) is trained for
one epoch with ``fit`` on each trainable backend and saved. The file loads on
every backend, numpy included, with predictions within 1e-5 of the trained
model's; on each trainable backend the optimizer state comes back
bit-identical and one more epoch of ``fit`` matches the same epoch taken by
the original model without saving.
"""

from __future__ import annotations

import numpy as np
import pytest
from saving_helpers import numpy_values

import multikeras as mk
from multikeras import layers, ops
from multikeras.saving import saving_lib

TOLERANCE = 1e-5


def _trainable(names):
    return [name for name in names if mk.backend.capabilities(name).trainable]


def _data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(16, 6, 6, 1)).astype("float32")
    y = rng.integers(0, 3, size=16)
    return x, y


def _cnn():
    return mk.Sequential([
        mk.Input((6, 6, 1)),
        layers.Conv2D(4, 3, activation="relu"),
        layers.BatchNormalization(),
        layers.MaxPooling2D(),
        layers.Flatten(),
        layers.Dense(3, activation="softmax"),
    ], name="digits_cnn")


def test_trained_model_loads_on_every_backend_and_fit_resumes(backend_name, backends_under_test, tmp_path):
    trainer = backend_name
    x, y = _data()
    path = tmp_path / "cnn.keras"
    if not mk.backend.capabilities(trainer).trainable:
        _inference_only(trainer, backends_under_test, x, y, path)
        return
    with mk.backend.use(trainer):
        mk.utils.set_random_seed(1)
        model = _cnn()
        model.compile(optimizer=mk.optimizers.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy")
        model.fit(x, y, batch_size=8, epochs=1, verbose=0)
        model.save(path)
        expected = ops.convert_to_numpy(model(x, training=False))
    assert saving_lib.read_metadata(str(path))["multikeras_backend"] == trainer
    weights, optimizer_state = numpy_values(model.weights), numpy_values(model.optimizer.variables)
    assert int(model.optimizer.iterations.numpy()) == 2

    resumed = {}
    for name in backends_under_test:
        with mk.backend.use(name):
            loaded = mk.saving.load_model(path)
            assert all(v.backend == name for v in loaded.weights)
            for a, b in zip(numpy_values(loaded.weights), weights):
                np.testing.assert_array_equal(a, b)
            np.testing.assert_allclose(ops.convert_to_numpy(loaded(x, training=False)), expected,
                                       rtol=TOLERANCE, atol=TOLERANCE)
            if not mk.backend.capabilities(name).trainable:
                continue
            assert int(loaded.optimizer.iterations.numpy()) == 2
            loaded_state = numpy_values(loaded.optimizer.variables)
            assert len(loaded_state) == len(optimizer_state)
            for a, b in zip(loaded_state, optimizer_state):
                assert a.dtype == b.dtype
                np.testing.assert_array_equal(a, b)
            loaded.fit(x[:8], y[:8], batch_size=8, epochs=1, shuffle=False, verbose=0)
            resumed[name] = (numpy_values(loaded.weights), numpy_values(loaded.optimizer.variables))

    with mk.backend.use(trainer):
        model.fit(x[:8], y[:8], batch_size=8, epochs=1, shuffle=False, verbose=0)
    continued = (numpy_values(model.weights), numpy_values(model.optimizer.variables))
    assert int(model.optimizer.iterations.numpy()) == 3
    assert set(resumed) == set(_trainable(backends_under_test))
    for name, state in resumed.items():
        # The same backend repeats the same computation; another one agrees within float32 tolerance.
        tolerance = 1e-6 if name == trainer else TOLERANCE
        for got, want in zip(state[0] + state[1], continued[0] + continued[1]):
            np.testing.assert_allclose(got, want, rtol=tolerance, atol=tolerance, err_msg=f"resumed on {name}")


def _inference_only(name, backends_under_test, x, y, path):
    """A backend that cannot train says so in fit; a model saved from it (compiled, untrained) loads everywhere."""
    with mk.backend.use(name):
        mk.utils.set_random_seed(1)
        model = _cnn()
        model.compile(optimizer=mk.optimizers.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy")
        with pytest.raises(mk.backend.CapabilityError, match="cannot differentiate"):
            model.fit(x, y, batch_size=8, epochs=1, verbose=0)
        model.save(path)
        expected = ops.convert_to_numpy(model(x, training=False))
    for other in backends_under_test:
        with mk.backend.use(other):
            # As in Keras 3: the file holds the unbuilt optimizer's 2 variables, load_model builds the optimizer.
            with pytest.warns(UserWarning, match="skipping variable loading"):
                loaded = mk.saving.load_model(path)
            np.testing.assert_allclose(ops.convert_to_numpy(loaded(x, training=False)), expected,
                                       rtol=TOLERANCE, atol=TOLERANCE)
