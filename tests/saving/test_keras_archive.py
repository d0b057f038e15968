"""model.save / load_model: the .keras archive (zip or folder), across backends, and files written by Keras 3."""

from __future__ import annotations

import datetime
import io
import json
import os
import sys
import zipfile

import h5py
import numpy as np
import pytest
from saving_helpers import (
    INPUTS,
    Residual,
    StandInOptimizer,
    functional_cnn,
    mlp,
    nested,
    numpy_values,
    randomize,
)

import multikeras as mk
from multikeras import layers, ops
from multikeras.saving import saving_lib

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


def _assert_same_values(a, b):
    assert len(a) == len(b)
    for x, y in zip(a, b):
        assert x.shape == y.shape
        np.testing.assert_array_equal(x, y)


def test_archive_round_trip(backend_name, tmp_path):
    with mk.backend.use(backend_name):
        for build, kind in ((mlp, "mlp"), (functional_cnn, "functional_cnn"), (nested, "nested")):
            model = build(kind)
            randomize(model, seed=1)
            model.save(tmp_path / f"{kind}.keras")
            loaded = mk.saving.load_model(tmp_path / f"{kind}.keras")
            assert type(loaded) is type(model) and loaded.name == model.name
            _assert_same_values(numpy_values(loaded.weights), numpy_values(model.weights))
            np.testing.assert_array_equal(ops.convert_to_numpy(loaded(INPUTS[kind])),
                                          ops.convert_to_numpy(model(INPUTS[kind])))


def test_archive_entries_metadata_and_config(tmp_path):
    with mk.backend.use("numpy"):
        model = mlp("m")
        model.save(tmp_path / "m.keras")
    with zipfile.ZipFile(tmp_path / "m.keras") as archive:
        assert sorted(archive.namelist()) == ["config.json", "metadata.json", "model.weights.h5"]
        metadata = json.loads(archive.read("metadata.json"))
        config = json.loads(archive.read("config.json"))
        weights = archive.read("model.weights.h5")
    assert metadata["keras_version"].startswith("3.")
    assert metadata["multikeras_backend"] == "numpy" and metadata["multikeras_version"] == mk.__version__
    assert metadata["multikeras_framework_version"] == np.__version__  # the numpy backend's framework
    assert datetime.datetime.strptime(metadata["date_saved"], "%Y-%m-%d@%H:%M:%S")
    assert config == json.loads(json.dumps(mk.saving.serialize_keras_object(model)))
    assert "compile_config" not in config  # never compiled
    with h5py.File(io.BytesIO(weights), "r") as f:
        assert f["vars"].attrs["name"] == "m" and f["layers/dense/vars/0"].shape == (4, 3)


def test_saved_on_one_backend_loads_on_every_other(backends_under_test, tmp_path):
    saving_backend = "torch" if "torch" in backends_under_test else backends_under_test[0]
    with mk.backend.use(saving_backend):
        model = functional_cnn("cnn")
        randomize(model, seed=2)
        model.save(tmp_path / "cnn.keras")
        expected = ops.convert_to_numpy(model(INPUTS["functional_cnn"]))
    assert saving_lib.read_metadata(str(tmp_path / "cnn.keras"))["multikeras_backend"] == saving_backend
    for name in backends_under_test:
        with mk.backend.use(name):
            loaded = mk.saving.load_model(tmp_path / "cnn.keras")
            assert all(v.backend == name for v in loaded.weights)
            np.testing.assert_allclose(ops.convert_to_numpy(loaded(INPUTS["functional_cnn"])), expected,
                                       rtol=1e-5, atol=1e-6)


@mk.saving.register_keras_serializable(package="saving_tests")
class RegisteredSubclassed(mk.Model):
    """A subclassed model that builds its sub-layers in build(), so a config rebuilds its variables."""

    def __init__(self, units=4, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.residual = Residual(units)
        self.head = layers.Dense(2)

    def build(self, input_shape):
        self.residual.build(input_shape)
        self.residual.blocks[0].build(input_shape)
        self.residual.blocks[1].build(input_shape[:-1] + (self.units,))
        self.residual.built = True
        self.head.build(input_shape[:-1] + (self.units,))
        self.built = True

    def call(self, x):
        return self.head(self.residual(x))

    def get_config(self):
        return {**super().get_config(), "units": self.units}


class UnregisteredSubclassed(RegisteredSubclassed):
    """Not registered: files naming it load only with custom_objects."""


def test_subclassed_models_registered_or_passed_as_custom_objects(tmp_path):
    with mk.backend.use("numpy"):
        for cls in (RegisteredSubclassed, UnregisteredSubclassed):
            model = cls(name="custom")
            model(INPUTS["subclassed"])
            randomize(model, seed=3)
            model.save(tmp_path / "custom.keras")
            if cls is UnregisteredSubclassed:
                with pytest.raises(ValueError, match="Unknown object 'UnregisteredSubclassed'"):
                    mk.saving.load_model(tmp_path / "custom.keras")
            loaded = mk.saving.load_model(tmp_path / "custom.keras", custom_objects={cls.__name__: cls})
            assert type(loaded) is cls
            np.testing.assert_array_equal(ops.convert_to_numpy(loaded(INPUTS["subclassed"])),
                                          ops.convert_to_numpy(model(INPUTS["subclassed"])))


class StandInCompiled(mk.Sequential):
    """A Sequential whose compiled state is a stand-in optimizer, recorded in its compile config."""

    def get_compile_config(self):
        optimizer = getattr(self, "optimizer", None)
        return None if optimizer is None else {"optimizer": optimizer.name}

    def compile_from_config(self, config):
        self.optimizer = StandInOptimizer(name=config["optimizer"])  # not built: load_model builds it


def test_compile_true_restores_the_compiled_state_and_optimizer_variables(tmp_path):
    with mk.backend.use("numpy"):
        model = StandInCompiled([mk.Input((4,)), layers.Dense(3), layers.Dense(2)], name="compiled")
        model.optimizer = StandInOptimizer(model.trainable_variables, name="my_optimizer")
        model.optimizer.fake_step(seed=4)
        model.save(tmp_path / "compiled.keras")
        config = json.loads(saving_lib.read_archive_entry(str(tmp_path / "compiled.keras"), "config.json"))
        assert config["compile_config"] == {"optimizer": "my_optimizer"}
        custom = {"StandInCompiled": StandInCompiled}
        loaded = mk.saving.load_model(tmp_path / "compiled.keras", custom_objects=custom)
        assert loaded.optimizer.name == "my_optimizer"
        _assert_same_values(numpy_values(loaded.optimizer.variables), numpy_values(model.optimizer.variables))
        uncompiled = mk.saving.load_model(tmp_path / "compiled.keras", custom_objects=custom, compile=False)
        assert getattr(uncompiled, "optimizer", None) is None
        _assert_same_values(numpy_values(uncompiled.weights), numpy_values(model.weights))


def test_unzipped_folder_round_trip(tmp_path):
    with mk.backend.use("numpy"):
        model = mlp("folder")
        randomize(model, seed=5)
        model.save(tmp_path / "saved_model", zipped=False)
        assert sorted(os.listdir(tmp_path / "saved_model")) == ["config.json", "metadata.json", "model.weights.h5"]
        model.save(tmp_path / "saved_model", zipped=False)  # replacing a folder
        loaded = mk.saving.load_model(tmp_path / "saved_model")
        _assert_same_values(numpy_values(loaded.weights), numpy_values(model.weights))
        assert sorted(os.listdir(tmp_path)) == ["saved_model"]
        with pytest.raises(ValueError, match=r"zipped=False.*should not end in `\.keras`"):
            model.save(tmp_path / "m.keras", zipped=False)


def test_file_name_and_content_errors(tmp_path):
    with mk.backend.use("numpy"):
        model = mlp()
        with pytest.raises(ValueError, match=r"invalid filepath extension.*`\.keras`.*filepath=.*m\.txt"):
            model.save(tmp_path / "m.txt")
        with pytest.raises(ValueError, match=r"legacy HDF5 model format is not supported.*m\.h5"):
            model.save(tmp_path / "m.h5")
        with pytest.raises(ValueError, match=r"file not found: filepath=.*missing\.keras"):
            mk.saving.load_model(tmp_path / "missing.keras")
        (tmp_path / "text.keras").write_text("not a zip")
        with pytest.raises(ValueError, match=r"text\.keras': not a `\.keras` zip file"):
            mk.saving.load_model(tmp_path / "text.keras")
        with pytest.raises(ValueError, match=r"file format not supported: filepath=.*m\.txt"):
            mk.saving.load_model(tmp_path / "m.txt")
        with pytest.raises(ValueError, match=r"legacy HDF5 model format.*old\.h5"):
            mk.saving.load_model(tmp_path / "old.h5")
        with zipfile.ZipFile(tmp_path / "partial.keras", "w") as archive:
            archive.writestr("metadata.json", "{}")
        with pytest.raises(ValueError, match=r"'config\.json': missing: the \.keras file has no 'config\.json'; it holds \['metadata\.json'\]"):
            mk.saving.load_model(tmp_path / "partial.keras")


def test_class_names_resolve_only_through_the_registry(tmp_path):
    config = {"module": "saving_tests_never_imported", "class_name": "Payload", "config": {}, "registered_name": None}
    with zipfile.ZipFile(tmp_path / "evil.keras", "w") as archive:
        archive.writestr("metadata.json", "{}")
        archive.writestr("config.json", json.dumps(config))
        archive.writestr("model.weights.h5", b"")
    with pytest.raises(ValueError, match="Unknown object 'Payload'"):
        mk.saving.load_model(tmp_path / "evil.keras")
    assert "saving_tests_never_imported" not in sys.modules


def test_failure_mid_save_leaves_the_old_archive_intact(tmp_path, monkeypatch):
    path = tmp_path / "m.keras"
    with mk.backend.use("numpy"):
        old = mlp("old")
        old.save(path)
        original = path.read_bytes()

        def crash(self, store):
            raise OSError("killed mid-save (simulated)")

        monkeypatch.setattr(layers.Dense, "save_own_variables", crash)
        with pytest.raises(OSError, match="simulated"):
            mlp("new").save(path)
        with pytest.raises(OSError, match="simulated"):
            mlp("new").save(tmp_path / "folder", zipped=False)
    assert path.read_bytes() == original
    assert sorted(os.listdir(tmp_path)) == ["m.keras"]


def test_overwrite_false_asks_first(tmp_path, monkeypatch):
    path = tmp_path / "m.keras"
    with mk.backend.use("numpy"):
        mlp("first").save(path)
        original = path.read_bytes()
        monkeypatch.setattr("builtins.input", lambda prompt: "n")
        mlp("second").save(path, overwrite=False)
        assert path.read_bytes() == original
        monkeypatch.setattr("builtins.input", lambda prompt: "y")
        mlp("second").save(path, overwrite=False)
        assert mk.saving.load_model(path).name == "second"


# Files written by Keras 3 (tests/saving/fixtures, made by make_fixtures.py) ------------------


def _fixture_weights(name):
    """The fixture's weights, read with h5py alone: ``{group path: [arrays]}``."""
    with zipfile.ZipFile(os.path.join(FIXTURES, name)) as archive:
        data = archive.read("model.weights.h5")
    result = {}
    with h5py.File(io.BytesIO(data), "r") as f:
        def visit(path, obj):
            if isinstance(obj, h5py.Group) and path.endswith("vars"):
                result[path[: -len("/vars")] if "/" in path else ""] = [obj[str(i)][()] for i in range(len(obj))]
        f.visititems(visit)
    return result


def _sequential_reference(weights, x):
    w1, b1 = weights["layers/dense"]
    w2, b2 = weights["layers/dense_1"]
    return np.maximum(x @ w1 + b1, 0) @ w2 + b2


def _cnn_reference(weights, x, epsilon):
    kernel, bias = weights["layers/conv2d"]
    gamma, beta, mean, variance = weights["layers/batch_normalization"]
    head_kernel, head_bias = weights["layers/dense"]
    size = kernel.shape[0]
    rows, cols = x.shape[1] - size + 1, x.shape[2] - size + 1
    conv = np.zeros((x.shape[0], rows, cols, kernel.shape[-1]), "float64")
    for i in range(rows):
        for j in range(cols):
            conv[:, i, j, :] = np.einsum("nhwc,hwcf->nf", x[:, i:i + size, j:j + size, :], kernel)
    hidden = np.maximum(conv + bias, 0)
    normalized = gamma * (hidden - mean) / np.sqrt(variance + epsilon) + beta
    logits = normalized.reshape(x.shape[0], -1) @ head_kernel + head_bias
    exp = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return exp / exp.sum(axis=-1, keepdims=True)


def test_keras_written_sequential_loads_on_every_backend(backend_name):
    weights = _fixture_weights("keras_sequential.keras")
    x = np.linspace(-2, 2, 12, dtype="float32").reshape(3, 4)
    with mk.backend.use(backend_name):
        model = mk.saving.load_model(os.path.join(FIXTURES, "keras_sequential.keras"), compile=False)
        assert model.name == "tiny_sequential"
        np.testing.assert_allclose(ops.convert_to_numpy(model(x)), _sequential_reference(weights, x), rtol=1e-5, atol=1e-6)


def test_keras_written_cnn_loads_on_every_backend(backend_name):
    weights = _fixture_weights("keras_cnn.keras")
    config = json.loads(saving_lib.read_archive_entry(os.path.join(FIXTURES, "keras_cnn.keras"), "config.json"))
    epsilon = next(layer["config"]["epsilon"] for layer in config["config"]["layers"]
                   if layer["class_name"] == "BatchNormalization")
    x = np.linspace(-1, 1, 100, dtype="float32").reshape(2, 5, 5, 2)
    with mk.backend.use(backend_name):
        model = mk.saving.load_model(os.path.join(FIXTURES, "keras_cnn.keras"))
        assert type(model).__name__ == "Functional" and model.name == "tiny_cnn"
        np.testing.assert_allclose(ops.convert_to_numpy(model(x)), _cnn_reference(weights, x, epsilon),
                                   rtol=1e-5, atol=1e-6)


def test_keras_written_weights_and_optimizer_state_load_with_load_weights():
    """Only the weights file inside the archive is used here: an mk model of the same architecture loads it."""
    weights = _fixture_weights("keras_sequential.keras")
    x = np.linspace(-2, 2, 12, dtype="float32").reshape(3, 4)
    with mk.backend.use("numpy"):
        model = mlp("same_architecture")
        model.optimizer = StandInOptimizer(model.trainable_variables)
        model.load_weights(os.path.join(FIXTURES, "keras_sequential.keras"))
        np.testing.assert_allclose(ops.convert_to_numpy(model(x)), _sequential_reference(weights, x), rtol=1e-6)
        stored = weights["optimizer"]
        assert len(stored) == 6 and int(model.optimizer.iterations.numpy()) == int(stored[0]) == 1
        for variable, value in zip(model.optimizer.variables, stored):
            np.testing.assert_array_equal(np.asarray(variable.numpy()), value.astype(np.asarray(variable.numpy()).dtype))


def test_keras_written_bfloat16_weights(backend_name):
    import ml_dtypes

    with h5py.File(os.path.join(FIXTURES, "keras_bfloat16.weights.h5"), "r") as f:
        kernel = f["layers/dense/vars/0"][()].view(ml_dtypes.bfloat16)
    with mk.backend.use(backend_name):
        model = mk.Sequential([mk.Input((3,)), layers.Dense(2, dtype="bfloat16")])
        model.load_weights(os.path.join(FIXTURES, "keras_bfloat16.weights.h5"))
        assert model.weights[0].dtype == "bfloat16"
        np.testing.assert_array_equal(np.asarray(model.weights[0].numpy()).astype("float32"), kernel.astype("float32"))
