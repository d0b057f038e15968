"""deferred_initialization: load_model builds layers without drawing the initial values the file replaces."""

from __future__ import annotations

import numpy as np

import multikeras as mk
from multikeras import layers
from multikeras.state.deferred_initialization import deferred_initialization


@mk.saving.register_keras_serializable(package="deferred_tests")
class CountingOnes(mk.initializers.Initializer):
    calls = 0

    def __call__(self, shape, dtype=None):
        type(self).calls += 1
        return mk.ops.ones(shape, dtype=dtype)


@mk.saving.register_keras_serializable(package="deferred_tests")
class WithUnsavedState(layers.Layer):
    """Saves only its kernel; its counter is not in the file and must still start at its initializer's value."""

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], 2), initializer=CountingOnes(), name="kernel")
        self.counter = self.add_weight(shape=(2,), initializer=CountingOnes(), trainable=False, name="counter")

    def call(self, x):
        return mk.ops.matmul(x, self.kernel) + self.counter

    def save_own_variables(self, store):
        store["0"] = self.kernel.numpy()

    def load_own_variables(self, store):
        self.kernel.assign(store["0"])


def test_only_variables_the_file_does_not_cover_are_initialized(backend_name, tmp_path):
    with mk.backend.use(backend_name):
        model = mk.Sequential([mk.Input((3,)), layers.Dense(4, kernel_initializer=CountingOnes()), WithUnsavedState()])
        model.layers[0].kernel.assign(np.arange(12, dtype="float32").reshape(3, 4))
        model.layers[1].kernel.assign(np.full((4, 2), 0.5, "float32"))
        model.save(tmp_path / "m.keras")
        CountingOnes.calls = 0
        loaded = mk.saving.load_model(tmp_path / "m.keras")
        assert CountingOnes.calls == 1  # the unsaved counter only
        np.testing.assert_array_equal(loaded.layers[1].counter.numpy(), np.ones(2, "float32"))
        x = np.ones((2, 3), "float32")
        np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)


def test_assigned_variables_keep_their_values_and_others_are_drawn():
    with mk.backend.use("numpy"):
        with deferred_initialization() as deferred:
            kept = mk.Variable("ones", shape=(2,))
            drawn = mk.Variable("ones", shape=(2,))
            given = mk.Variable(np.full(2, 7.0, "float32"))  # a value, not an initializer: never deferred
            assert kept.numpy().tolist() == drawn.numpy().tolist() == [0.0, 0.0]
        kept.assign([3.0, 4.0])
        assert deferred.finish() == 1
        assert kept.numpy().tolist() == [3.0, 4.0] and drawn.numpy().tolist() == [1.0, 1.0]
        assert given.numpy().tolist() == [7.0, 7.0] and deferred.finish() == 0
        assert mk.Variable("ones", shape=(2,)).numpy().tolist() == [1.0, 1.0]  # outside the block: drawn at once
