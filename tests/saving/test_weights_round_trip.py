"""save_weights / load_weights: round trips on every backend, across backends, optimizer state, errors, atomicity."""

from __future__ import annotations

import os
import re

import h5py
import numpy as np
import pytest
from saving_helpers import (
    BUILDERS,
    INPUTS,
    StandInOptimizer,
    VariablesOnlyOptimizer,
    mlp,
    numpy_values,
    randomize,
)

import multikeras as mk
from multikeras import layers, ops
from multikeras.saving import h5_store


def _assert_same_values(a, b):
    assert len(a) == len(b)
    for x, y in zip(a, b):
        assert x.shape == y.shape and x.dtype == y.dtype
        np.testing.assert_array_equal(x, y)


def test_round_trip_of_every_model_kind(backend_name, tmp_path):
    with mk.backend.use(backend_name):
        for kind, build in BUILDERS.items():
            source, target = build(f"{kind}_a"), build(f"{kind}_b")
            randomize(source, seed=1)
            path = tmp_path / f"{kind}.weights.h5"
            source.save_weights(path)
            target.load_weights(str(path))
            _assert_same_values(numpy_values(target.weights), numpy_values(source.weights))
            x = INPUTS[kind]
            np.testing.assert_array_equal(ops.convert_to_numpy(target(x)), ops.convert_to_numpy(source(x)))


def test_file_saved_on_one_backend_loads_on_every_other(backends_under_test, tmp_path):
    """One process: save under the first backend, load under each, same outputs (NumPy arrays in the file)."""
    saving_backend = "torch" if "torch" in backends_under_test else backends_under_test[0]
    results = {}
    with mk.backend.use(saving_backend):
        for kind, build in BUILDERS.items():
            model = build(kind)
            randomize(model, seed=2)
            model.save_weights(tmp_path / f"{kind}.weights.h5")
            results[kind] = ops.convert_to_numpy(model(INPUTS[kind]))
            weights = numpy_values(model.weights)
    for name in backends_under_test:
        with mk.backend.use(name):
            for kind, build in BUILDERS.items():
                model = build(kind)
                model.load_weights(tmp_path / f"{kind}.weights.h5")
                assert all(v.backend == name for v in model.weights)
                np.testing.assert_allclose(ops.convert_to_numpy(model(INPUTS[kind])), results[kind], rtol=1e-5, atol=1e-6)
            _assert_same_values(numpy_values(model.weights), weights)


def test_bfloat16_variables_round_trip_as_keras_stores_them(backend_name, tmp_path):
    with mk.backend.use(backend_name):
        source = mk.Sequential([mk.Input((3,)), layers.Dense(2, dtype="bfloat16")])
        randomize(source, seed=3)
        source.save_weights(tmp_path / "half.weights.h5")
        target = mk.Sequential([mk.Input((3,)), layers.Dense(2, dtype="bfloat16")])
        target.load_weights(tmp_path / "half.weights.h5")
        _assert_same_values(numpy_values(target.weights), numpy_values(source.weights))
    with h5py.File(tmp_path / "half.weights.h5", "r") as f:
        kernel = f["layers/dense/vars/0"]
        assert kernel.dtype == np.dtype("V2") and kernel.attrs["dtype"] == "bfloat16"


def test_values_are_cast_to_the_variable_dtype(tmp_path):
    with mk.backend.use("numpy"):
        source = mk.Sequential([mk.Input((3,)), layers.Dense(2, dtype="float64")])
        randomize(source, seed=4)
        source.save_weights(tmp_path / "m.weights.h5")
        target = mk.Sequential([mk.Input((3,)), layers.Dense(2)])
        target.load_weights(tmp_path / "m.weights.h5")
        assert target.weights[0].dtype == "float32"
        np.testing.assert_allclose(target.weights[0].numpy(), source.weights[0].numpy().astype("float32"))


# Optimizer state -------------------------------------------------------------------


@pytest.mark.parametrize("optimizer_class", [StandInOptimizer, VariablesOnlyOptimizer])
def test_optimizer_state_round_trip(optimizer_class, tmp_path):
    with mk.backend.use("numpy"):
        source = mlp("a")
        randomize(source, seed=5)
        source.optimizer = optimizer_class(source.trainable_variables)
        source.optimizer.fake_step(seed=6)
        source.save_weights(tmp_path / "m.weights.h5")
        target = mlp("b")
        target.optimizer = optimizer_class(target.trainable_variables)
        target.load_weights(tmp_path / "m.weights.h5")
        _assert_same_values(numpy_values(target.optimizer.variables), numpy_values(source.optimizer.variables))
        _assert_same_values(numpy_values(target.weights), numpy_values(source.weights))
    with h5py.File(tmp_path / "m.weights.h5", "r") as f:
        assert int(f["optimizer/vars/0"][()]) == 1 and len(f["optimizer/vars"]) == 2 + 4


def test_optimizer_state_moves_across_backends(backends_under_test, tmp_path):
    first = backends_under_test[0]
    with mk.backend.use(first):
        source = mlp("a")
        source.optimizer = StandInOptimizer(source.trainable_variables)
        source.optimizer.fake_step(seed=7)
        source.save_weights(tmp_path / "m.weights.h5")
        expected = numpy_values(source.optimizer.variables)
    for name in backends_under_test[1:]:
        with mk.backend.use(name):
            target = mlp("b")
            target.optimizer = StandInOptimizer(target.trainable_variables)
            target.load_weights(tmp_path / "m.weights.h5")
            _assert_same_values(numpy_values(target.optimizer.variables), expected)


def test_unbuilt_or_missing_optimizer_state_is_skipped_with_a_warning(tmp_path):
    with mk.backend.use("numpy"):
        source = mlp("a")
        source.optimizer = StandInOptimizer(source.trainable_variables)
        source.optimizer.fake_step(seed=8)
        source.save_weights(tmp_path / "with_optimizer.weights.h5")
        saved = numpy_values(source.weights)
        plain = mlp("plain")
        plain.save_weights(tmp_path / "plain.weights.h5")

        unbuilt = mlp("b")
        unbuilt.optimizer = StandInOptimizer()
        with pytest.warns(UserWarning, match=r"optimizer 'stand_in'.*holds 2 variable\(s\), the file holds 6"):
            unbuilt.load_weights(tmp_path / "with_optimizer.weights.h5")
        assert int(unbuilt.optimizer.iterations.numpy()) == 0
        _assert_same_values(numpy_values(unbuilt.weights), saved)  # the layers still load

        no_optimizer = mlp("c")  # the file's optimizer group is ignored
        no_optimizer.load_weights(tmp_path / "with_optimizer.weights.h5")

        built = mlp("d")
        built.optimizer = StandInOptimizer(built.trainable_variables)
        with pytest.warns(UserWarning, match="the file holds 0"):
            built.load_weights(tmp_path / "plain.weights.h5")
        _assert_same_values(numpy_values(built.weights), numpy_values(plain.weights))


def test_real_sgd_state_round_trip(tmp_path):
    with mk.backend.use("numpy"):
        source = mlp("a")
        source.optimizer = mk.optimizers.SGD(learning_rate=0.1, momentum=0.9)
        source.optimizer.apply([ops.ones(v.shape) for v in source.trainable_variables], source.trainable_variables)
        source.save_weights(tmp_path / "m.weights.h5")
        target = mlp("b")
        target.optimizer = mk.optimizers.SGD(learning_rate=0.1, momentum=0.9)
        target.optimizer.build(target.trainable_variables)
        target.load_weights(tmp_path / "m.weights.h5")
        _assert_same_values(numpy_values(target.optimizer.variables), numpy_values(source.optimizer.variables))
        _assert_same_values(numpy_values(target.weights), numpy_values(source.weights))


# Layers with their own saving ------------------------------------------------------


class CountingLayer(layers.Layer):
    """Saves an extra array besides its variable (a layer overriding both saving methods)."""

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="w")
        self.calls = 0

    def call(self, x):
        self.calls += 1
        return x * self.w

    def save_own_variables(self, store):
        super().save_own_variables(store)
        store["1"] = np.array(self.calls)

    def load_own_variables(self, store):
        if len(store) != 2:
            raise ValueError(f"expected 2 entries, received {len(store)}")
        self.w.assign(store["0"])
        self.calls = int(store["1"])


def test_layer_overriding_its_saving_methods(tmp_path):
    with mk.backend.use("numpy"):
        source = mk.Sequential([mk.Input((2,)), CountingLayer()])
        source.layers[0].calls = 5
        source.layers[0].w.assign(np.array([2.0, 3.0], "float32"))
        source.save_weights(tmp_path / "m.weights.h5")
        target = mk.Sequential([mk.Input((2,)), CountingLayer()])
        target.load_weights(tmp_path / "m.weights.h5")
        assert target.layers[0].calls == 5 and target.layers[0].w.numpy().tolist() == [2.0, 3.0]
        mlp("other").save_weights(tmp_path / "other.weights.h5")
        other = mk.Sequential([mk.Input((4,)), CountingLayer(), layers.Dense(3), layers.Dense(2)])
        with pytest.raises(ValueError, match=r"could not load layer '.*' \(file group 'layers/counting_layer'\).*expected 2"):
            other.load_weights(tmp_path / "other.weights.h5")


# Errors ----------------------------------------------------------------------------


def test_file_name_errors(tmp_path):
    with mk.backend.use("numpy"):
        model = mlp()
        for bad in ("m.h5", "m.keras", "m.weights"):
            with pytest.raises(ValueError, match=r"must end in `\.weights\.h5`.*filepath=.*" + bad.replace(".", r"\.")):
                model.save_weights(tmp_path / bad)
        with pytest.raises(FileNotFoundError, match="missing.weights.h5"):
            model.load_weights(tmp_path / "missing.weights.h5")
        with pytest.raises(ValueError, match=r"legacy HDF5.*m\.h5"):
            model.load_weights(tmp_path / "m.h5")
        with pytest.raises(ValueError, match=r"not supported: filepath=.*m\.txt"):
            model.load_weights(tmp_path / "m.txt")
        with pytest.raises(ValueError, match=r"must end in `\.weights\.json` when `max_shard_size` is given.*m\.keras"):
            model.save_weights(tmp_path / "m.keras", max_shard_size=10)
        with pytest.raises(TypeError, match="unexpected keyword"):
            model.load_weights(tmp_path / "m.weights.h5", objects_to_skip=[])


def test_shape_mismatch_names_layer_variable_and_shapes_and_changes_nothing(tmp_path):
    with mk.backend.use("numpy"):
        mlp("saved").save_weights(tmp_path / "m.weights.h5")
        wider = mk.Sequential([mk.Input((4,)), layers.Dense(5, name="wide"), layers.Dense(2, name="last")])
        before = numpy_values(wider.weights)
        with pytest.raises(ValueError) as error:
            wider.load_weights(tmp_path / "m.weights.h5")
        message = str(error.value)
        assert "2 object(s) could not be loaded" in message
        # Variable paths start at the model, as in Keras 3 ("sequential_3/wide/kernel").
        assert re.search(r"layer 'wide' \(file group 'layers/dense'\): variable 'sequential\w*/wide/kernel' has shape "
                         r"\(4, 5\)", message)
        assert "the file holds shape (4, 3)" in message
        assert re.search(r"variable 'sequential\w*/last/kernel' has shape \(5, 2\), the file holds shape \(3, 2\)", message)
        _assert_same_values(numpy_values(wider.weights), before)


def test_variable_count_and_missing_layer_errors(tmp_path):
    with mk.backend.use("numpy"):
        mlp("saved").save_weights(tmp_path / "m.weights.h5")
        no_bias = mk.Sequential([mk.Input((4,)), layers.Dense(3), layers.Dense(2, use_bias=False, name="nb")])
        with pytest.raises(ValueError, match=r"layer 'nb' \(file group 'layers/dense_1'\) has 1 variable\(s\) "
                                             r"\['sequential\w*/nb/kernel'\], the file holds 2"):
            no_bias.load_weights(tmp_path / "m.weights.h5")
        longer = mk.Sequential([mk.Input((4,)), layers.Dense(3), layers.Dense(2), layers.Dense(1, name="extra")])
        with pytest.raises(ValueError, match=r"layer 'extra' \(file group 'layers/dense_2'\) has 2 .* the file holds 0"):
            longer.load_weights(tmp_path / "m.weights.h5")
        shorter = mk.Sequential([mk.Input((4,)), layers.Dense(3)])  # groups the model lacks are ignored, as in Keras
        shorter.load_weights(tmp_path / "m.weights.h5")


def test_skip_mismatch_loads_what_matches_and_warns(tmp_path):
    with mk.backend.use("numpy"):
        source = mlp("saved")
        randomize(source, seed=10)
        source.save_weights(tmp_path / "m.weights.h5")
        target = mk.Sequential([mk.Input((4,)), layers.Dense(3), layers.Dense(7, name="changed")])
        changed_before = numpy_values(target.layers[1].weights)
        with pytest.warns(UserWarning, match=r"(?s)1 object\(s\) were skipped.*layer 'changed'"):
            target.load_weights(tmp_path / "m.weights.h5", skip_mismatch=True)
        _assert_same_values(numpy_values(target.layers[0].weights), numpy_values(source.layers[0].weights))
        _assert_same_values(numpy_values(target.layers[1].weights), changed_before)


def test_unbuilt_model_cannot_load(tmp_path):
    with mk.backend.use("numpy"):
        mlp().save_weights(tmp_path / "m.weights.h5")
        unbuilt = mk.Sequential([layers.Dense(3), layers.Dense(2)], name="lazy")
        with pytest.raises(ValueError, match="model 'lazy' is not built"):
            unbuilt.load_weights(tmp_path / "m.weights.h5")


def test_overwrite_false_asks_first(tmp_path, monkeypatch):
    path = tmp_path / "m.weights.h5"
    with mk.backend.use("numpy"):
        first, second = mlp("first"), mlp("second")
        randomize(first, seed=11)
        randomize(second, seed=12)
        first.save_weights(path)
        original = path.read_bytes()
        monkeypatch.setattr("builtins.input", lambda prompt: "n")
        second.save_weights(path, overwrite=False)
        assert path.read_bytes() == original
        monkeypatch.setattr("builtins.input", lambda prompt: "y")
        second.save_weights(path, overwrite=False)
        first.load_weights(path)
        _assert_same_values(numpy_values(first.weights), numpy_values(second.weights))


def test_failure_mid_write_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "m.weights.h5"
    with mk.backend.use("numpy"):
        old = mlp("old")
        randomize(old, seed=13)
        old.save_weights(path)
        original = path.read_bytes()
        written = []
        real_setitem = h5_store.H5VarsStore.__setitem__

        def crash_after_two(self, key, value):
            if len(written) == 2:
                raise OSError("disk full (simulated)")
            written.append(key)
            real_setitem(self, key, value)

        monkeypatch.setattr(h5_store.H5VarsStore, "__setitem__", crash_after_two)
        with pytest.raises(OSError, match="simulated"):
            mlp("new").save_weights(path)
    assert written == ["0", "1"]  # the failure happened with part of the new file written
    assert path.read_bytes() == original
    assert os.listdir(tmp_path) == ["m.weights.h5"]  # no temporary file left behind
    with mk.backend.use("numpy"):
        reloaded = mlp("reloaded")
        reloaded.load_weights(path)
        _assert_same_values(numpy_values(reloaded.weights), numpy_values(old.weights))


def test_load_weights_from_a_keras_archive(tmp_path):
    with mk.backend.use("numpy"):
        source = mlp("a")
        randomize(source, seed=14)
        source.save(tmp_path / "m.keras")
        target = mlp("b")
        target.load_weights(tmp_path / "m.keras")
        _assert_same_values(numpy_values(target.weights), numpy_values(source.weights))
        with pytest.raises(FileNotFoundError):
            target.load_weights(tmp_path / "missing.keras")
