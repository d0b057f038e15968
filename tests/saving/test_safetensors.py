"""Weights as safetensors: round trips on every backend, the same names as .weights.h5, strict checks, archives."""

from __future__ import annotations

import json
import os
import zipfile

import h5py
import numpy as np
import pytest
import safetensors.numpy
from saving_helpers import BUILDERS, INPUTS, functional_cnn, mlp, numpy_values, randomize

import multikeras as mk
from multikeras import layers, ops
from multikeras.saving.errors import SavedFileError


def _assert_same_values(a, b):
    assert len(a) == len(b)
    for x, y in zip(a, b):
        assert x.shape == y.shape and x.dtype == y.dtype
        np.testing.assert_array_equal(x, y)


def _read(path):
    """The file's tensors and metadata, read with the safetensors package alone."""
    with safetensors.safe_open(str(path), framework="np") as f:
        return {key: f.get_tensor(key) for key in f.keys()}, f.metadata()


def _h5_datasets(path):
    found = {}

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset):
            found[name] = obj[()]

    with h5py.File(path, "r") as f:
        f.visititems(visit)
    return found


def test_round_trip_of_every_model_kind(backend_name, tmp_path):
    with mk.backend.use(backend_name):
        for kind, build in BUILDERS.items():
            source, target = build(f"{kind}_a"), build(f"{kind}_b")
            randomize(source, seed=1)
            for name in (f"{kind}.weights.safetensors", f"{kind}.safetensors"):
                target_weights = numpy_values(target.weights)
                source.save_weights(tmp_path / name)
                target.load_weights(str(tmp_path / name))
                _assert_same_values(numpy_values(target.weights), numpy_values(source.weights))
                assert not all(np.array_equal(a, b) for a, b in zip(target_weights, numpy_values(target.weights)))
                randomize(target, seed=9)
            target.load_weights(tmp_path / f"{kind}.safetensors")
            x = INPUTS[kind]
            np.testing.assert_array_equal(ops.convert_to_numpy(target(x)), ops.convert_to_numpy(source(x)))


def test_tensor_names_are_the_weights_h5_dataset_paths(tmp_path):
    with mk.backend.use("numpy"):
        for kind, build in BUILDERS.items():
            model = build(kind)
            randomize(model, seed=2)
            model.compile(optimizer=mk.optimizers.SGD(momentum=0.9), loss="mse")
            model.optimizer.build(model.trainable_variables)
            model.save_weights(tmp_path / f"{kind}.weights.h5")
            model.save_weights(tmp_path / f"{kind}.weights.safetensors")
            tensors, _ = _read(tmp_path / f"{kind}.weights.safetensors")
            datasets = _h5_datasets(tmp_path / f"{kind}.weights.h5")
            assert sorted(tensors) == sorted(datasets)
            assert any(key.startswith("optimizer/vars/") for key in tensors)
            for key, value in tensors.items():
                assert value.dtype == datasets[key].dtype
                np.testing.assert_array_equal(value, datasets[key])


def test_metadata_records_the_format_and_who_saved(tmp_path):
    with mk.backend.use("numpy"):
        model = mlp("named")
        model.save_weights(tmp_path / "w.safetensors")
    tensors, metadata = _read(tmp_path / "w.safetensors")
    assert sorted(tensors) == ["layers/dense/vars/0", "layers/dense/vars/1", "layers/dense_1/vars/0", "layers/dense_1/vars/1"]
    assert metadata["format"] == "multikeras.weights"
    assert metadata["multikeras_backend"] == "numpy" and metadata["multikeras_version"] == mk.__version__
    assert metadata["keras_version"].startswith("3.")
    first, second = (layer.name for layer in model.layers)
    assert json.loads(metadata["object_names"]) == {"": "named", "layers/dense": first, "layers/dense_1": second}


def test_reading_keeps_the_model_order_of_objects_and_variables(tmp_path):
    """The parser yields tensors in no fixed order; reading puts them back in the model's order."""
    from multikeras.saving.safetensors_format import read_safetensors

    with mk.backend.use("numpy"):
        model = mk.Sequential([mk.Input((2,))] + [layers.Dense(2) for _ in range(12)])  # dense_10 sorts before dense_2
        model.save_weights(tmp_path / "w.safetensors")
    data = (tmp_path / "w.safetensors").read_bytes()
    expected = [f"layers/{name}/vars/{index}" for name in ["dense"] + [f"dense_{i}" for i in range(1, 12)] for index in "01"]
    for _ in range(5):  # the parser's order changes from call to call
        assert list(read_safetensors(data, "w.safetensors").tensors()) == expected
    without_names = safetensors.numpy.save({key: np.zeros(1, "float32") for key in ("b/vars/1", "b/vars/0", "a/vars/0")})
    assert list(read_safetensors(without_names, "bytes").tensors()) == ["a/vars/0", "b/vars/0", "b/vars/1"]


def test_file_saved_on_one_backend_loads_on_every_other(backends_under_test, tmp_path):
    saving_backend = "torch" if "torch" in backends_under_test else backends_under_test[0]
    with mk.backend.use(saving_backend):
        model = functional_cnn("cnn")
        randomize(model, seed=3)
        model.save_weights(tmp_path / "cnn.safetensors")
        expected = ops.convert_to_numpy(model(INPUTS["functional_cnn"]))
        weights = numpy_values(model.weights)
    for name in backends_under_test:
        with mk.backend.use(name):
            loaded = functional_cnn("cnn")
            loaded.load_weights(tmp_path / "cnn.safetensors")
            assert all(v.backend == name for v in loaded.weights)
            _assert_same_values(numpy_values(loaded.weights), weights)
            np.testing.assert_allclose(ops.convert_to_numpy(loaded(INPUTS["functional_cnn"])), expected,
                                       rtol=1e-5, atol=1e-6)


def test_bfloat16_weights(backend_name, tmp_path):
    with mk.backend.use(backend_name):
        source = mk.Sequential([mk.Input((3,)), layers.Dense(2, dtype="bfloat16")])
        randomize(source, seed=4)
        source.save_weights(tmp_path / "half.safetensors")
        target = mk.Sequential([mk.Input((3,)), layers.Dense(2, dtype="bfloat16")])
        target.load_weights(tmp_path / "half.safetensors")
        _assert_same_values(numpy_values(target.weights), numpy_values(source.weights))
    tensors, _ = _read(tmp_path / "half.safetensors")
    assert str(tensors["layers/dense/vars/0"].dtype) == "bfloat16"


def test_optimizer_state_round_trip_and_the_two_cases_that_only_warn(backend_name, tmp_path):
    with mk.backend.use(backend_name):
        source = mlp("a")
        source.compile(optimizer=mk.optimizers.Adam(), loss="mse")
        rng = np.random.default_rng(5)
        grads = [rng.normal(size=v.shape).astype("float32") for v in source.trainable_variables]
        source.optimizer.apply(grads, source.trainable_variables)
        source.save_weights(tmp_path / "w.safetensors")

        target = mlp("b")
        target.compile(optimizer=mk.optimizers.Adam(), loss="mse")
        target.optimizer.build(target.trainable_variables)
        target.load_weights(tmp_path / "w.safetensors")
        assert int(target.optimizer.iterations.numpy()) == 1
        _assert_same_values(numpy_values(target.optimizer.variables), numpy_values(source.optimizer.variables))

        unbuilt = mlp("c")
        unbuilt.compile(optimizer=mk.optimizers.Adam(), loss="mse")
        with pytest.warns(UserWarning, match="skipping variable loading"):
            unbuilt.load_weights(tmp_path / "w.safetensors")
        _assert_same_values(numpy_values(unbuilt.weights), numpy_values(source.weights))

        inference = mlp("d")  # no optimizer: the file's optimizer state is ignored
        inference.load_weights(tmp_path / "w.safetensors")
        _assert_same_values(numpy_values(inference.weights), numpy_values(source.weights))


# Strict checks: one error naming the file, the key and what was wrong; the model unchanged ------------


def _saved_tensors(tmp_path):
    with mk.backend.use("numpy"):
        source = mlp("source")
        randomize(source, seed=6)
        source.save_weights(tmp_path / "good.safetensors")
    tensors, _ = _read(tmp_path / "good.safetensors")
    return {key: np.array(value) for key, value in tensors.items()}


def _edited(tensors, change):
    edited = dict(tensors)
    change(edited)
    return edited


DAMAGE = {
    "missing key": (lambda t: t.pop("layers/dense_1/vars/1"), "layers/dense_1/vars/1",
                    r"missing from the file; layer 'dense_\d+' \(file group 'layers/dense_1'\), variable 'target/dense_\d+/bias' "
                    r"expects shape \(2,\), dtype float32"),
    "extra key in a layer": (lambda t: t.__setitem__("layers/dense/vars/2", np.zeros(3, "float32")), "layers/dense/vars/2",
                             r"not expected: layer 'dense\w*' \(file group 'layers/dense'\) has 2 variable\(s\)"),
    "extra object": (lambda t: t.__setitem__("layers/dense_9/vars/0", np.zeros(3, "float32")), "layers/dense_9/vars/0",
                     r"not expected: the model has no object at 'layers/dense_9'"),
    "wrong shape": (lambda t: t.__setitem__("layers/dense/vars/0", np.zeros((4, 5), "float32")), "layers/dense/vars/0",
                    r"shape \(4, 5\) in the file; .*variable 'target/dense\w*/kernel' expects shape \(4, 3\)"),
    "wrong dtype": (lambda t: t.__setitem__("layers/dense/vars/1", t["layers/dense/vars/1"].astype("float64")),
                    "layers/dense/vars/1", r"dtype float64 in the file; .*variable 'target/dense\w*/bias' expects dtype float32"),
    "not a weight key": (lambda t: t.__setitem__("dense/kernel", np.zeros(1, "float32")), "dense/kernel",
                         r"not a weight key; expected '<object path>/vars/<index>'"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_mismatches_raise_one_error_and_change_nothing(damage, tmp_path):
    change, key, reason = DAMAGE[damage]
    path = tmp_path / "damaged.safetensors"
    safetensors.numpy.save_file(_edited(_saved_tensors(tmp_path), change), str(path))
    with mk.backend.use("numpy"):
        model = mlp("target")
        before = numpy_values(model.weights)
        with pytest.raises(SavedFileError, match=reason) as caught:
            model.load_weights(path)
        _assert_same_values(numpy_values(model.weights), before)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.filepath == str(path) and error.entry == key
    assert str(path) in str(error) and repr(key) in str(error)


def test_every_problem_is_listed_and_skip_mismatch_loads_the_rest(tmp_path):
    tensors = _saved_tensors(tmp_path)
    edited = _edited(tensors, lambda t: (t.pop("layers/dense/vars/0"), t.__setitem__("extra/vars/0", np.zeros(1))))
    path = tmp_path / "two_problems.safetensors"
    safetensors.numpy.save_file(edited, str(path))
    with mk.backend.use("numpy"):
        model = mlp("target")
        with pytest.raises(SavedFileError, match="2 problems") as caught:
            model.load_weights(path)
        assert [entry for entry, _ in caught.value.problems] == ["layers/dense/vars/0", "extra/vars/0"]
        kernel_before = np.array(model.weights[0].numpy())
        with pytest.warns(UserWarning, match=r"skipped \(skip_mismatch=True\) the objects at \['extra', 'layers/dense'\]"):
            model.load_weights(path, skip_mismatch=True)
        np.testing.assert_array_equal(model.weights[0].numpy(), kernel_before)  # the faulty layer is left alone
        np.testing.assert_array_equal(model.weights[2].numpy(), tensors["layers/dense_1/vars/0"])


def test_damaged_bytes_raise_saved_file_error(tmp_path):
    """Truncation at many offsets and flipped header bytes: only SavedFileError, the model unchanged."""
    _saved_tensors(tmp_path)
    data = (tmp_path / "good.safetensors").read_bytes()
    header_length = int.from_bytes(data[:8], "little")
    cases = [data[:cut] for cut in range(0, len(data), 7)]
    cases += [data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1:] for i in range(0, 8 + header_length, 5)]
    with mk.backend.use("numpy"):
        model = mlp("target")
        before = numpy_values(model.weights)
        path = tmp_path / "damaged.safetensors"
        outcomes = {"error": 0, "loaded": 0}
        for case in cases:
            path.write_bytes(case)
            try:
                model.load_weights(path)
                outcomes["loaded"] += 1  # a flip that keeps the header valid (e.g. inside a number's digits)
            except SavedFileError as error:
                assert str(path) in str(error)
                outcomes["error"] += 1
                _assert_same_values(numpy_values(model.weights), before)
            for variable, value in zip(model.weights, before):
                variable.assign(value)
    assert outcomes["error"] > 0.9 * len(cases)


def test_file_name_and_missing_file_errors(tmp_path):
    with mk.backend.use("numpy"):
        model = mlp()
        with pytest.raises(ValueError, match=r"must end in `\.weights\.h5` \(or `\.safetensors`.*filepath=.*m\.st"):
            model.save_weights(tmp_path / "m.st")
        with pytest.raises(FileNotFoundError, match=r"missing\.safetensors"):
            model.load_weights(tmp_path / "missing.safetensors")
        unbuilt = mk.Sequential([layers.Dense(2)])
        model.save_weights(tmp_path / "m.safetensors")
        with pytest.raises(ValueError, match="is not built yet"):
            unbuilt.load_weights(tmp_path / "m.safetensors")


def test_a_failed_save_leaves_the_previous_file(tmp_path, monkeypatch):
    path = tmp_path / "w.safetensors"
    with mk.backend.use("numpy"):
        mlp("old").save_weights(path)
        original = path.read_bytes()

        def crash(self, store):
            raise OSError("killed mid-save (simulated)")

        monkeypatch.setattr(layers.Dense, "save_own_variables", crash)
        with pytest.raises(OSError, match="simulated"):
            mlp("new").save_weights(path)
    assert path.read_bytes() == original
    assert os.listdir(tmp_path) == ["w.safetensors"]


def test_overwrite_false_asks_first(tmp_path, monkeypatch):
    path = tmp_path / "w.safetensors"
    with mk.backend.use("numpy"):
        first = mlp("first")
        randomize(first, seed=7)
        first.save_weights(path)
        original = path.read_bytes()
        monkeypatch.setattr("builtins.input", lambda prompt: "n")
        mlp("second").save_weights(path, overwrite=False)
    assert path.read_bytes() == original


# The safetensors option of the .keras archive ------------------------------------------------------


def test_archive_with_safetensors_weights(backend_name, tmp_path):
    path = tmp_path / "m.keras"
    with mk.backend.use(backend_name):
        model = functional_cnn("cnn")
        randomize(model, seed=8)
        model.save(path, weights_format="safetensors")
        with zipfile.ZipFile(path) as archive:
            assert sorted(archive.namelist()) == ["config.json", "metadata.json", "model.weights.safetensors"]
        loaded = mk.saving.load_model(path)
        _assert_same_values(numpy_values(loaded.weights), numpy_values(model.weights))
        other = functional_cnn("other")
        other.load_weights(path)
        _assert_same_values(numpy_values(other.weights), numpy_values(model.weights))
        model.save(tmp_path / "folder", zipped=False, weights_format="safetensors")
        assert sorted(os.listdir(tmp_path / "folder")) == ["config.json", "metadata.json", "model.weights.safetensors"]
        _assert_same_values(numpy_values(mk.saving.load_model(tmp_path / "folder").weights), numpy_values(model.weights))


def test_archive_weight_entry_errors(tmp_path):
    with mk.backend.use("numpy"):
        model = mlp("m")
        with pytest.raises(ValueError, match=r"weights_format must be 'h5' or 'safetensors', received 'npz'"):
            model.save(tmp_path / "m.keras", weights_format="npz")
        model.save(tmp_path / "h5.keras")
        model.save(tmp_path / "st.keras", weights_format="safetensors")
        with zipfile.ZipFile(tmp_path / "h5.keras") as h5_archive, zipfile.ZipFile(tmp_path / "st.keras") as st_archive:
            entries = {name: h5_archive.read(name) for name in h5_archive.namelist()}
            entries["model.weights.safetensors"] = st_archive.read("model.weights.safetensors")
        with zipfile.ZipFile(tmp_path / "both.keras", "w") as archive:
            for name, data in entries.items():
                archive.writestr(name, data)
        with pytest.raises(ValueError, match="holds both 'model.weights.h5' and 'model.weights.safetensors'"):
            mk.saving.load_model(tmp_path / "both.keras")
        with zipfile.ZipFile(tmp_path / "damaged.keras", "w") as archive:
            for name in ("metadata.json", "config.json"):
                archive.writestr(name, entries[name])
            archive.writestr("model.weights.safetensors", entries["model.weights.safetensors"][:-4])
        with pytest.raises(SavedFileError, match=r"damaged\.keras/model\.weights\.safetensors'.*not a valid safetensors"):
            mk.saving.load_model(tmp_path / "damaged.keras")
