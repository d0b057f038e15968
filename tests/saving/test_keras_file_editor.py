"""KerasFileEditor: reading ``.keras`` / ``.weights.h5`` files, editing their weights, writing files both libraries load.

Files written by Keras 3 come from ``fixtures/`` (``make_fixtures.py``); the
expected outputs are computed in NumPy from the weights read back with h5py.
One Keras 3 subprocess (``KERAS_BACKEND=numpy``) loads a file multikeras saved
and the editor edited, and reports its predictions.
"""

from __future__ import annotations

import importlib.util
import io
import os
import pathlib
import subprocess
import sys
import textwrap
import zipfile

import h5py
import ml_dtypes
import numpy as np
import pytest

import multikeras as mk
from multikeras import layers
from multikeras.saving import KerasFileEditor
from multikeras.saving.errors import SavedFileError

FIXTURES = pathlib.Path(__file__).with_name("fixtures")
KERAS_SEQUENTIAL = FIXTURES / "keras_sequential.keras"  # Dense(3, relu), Dense(2), SGD state
KERAS_BFLOAT16 = FIXTURES / "keras_bfloat16.weights.h5"
X = np.random.default_rng(0).normal(size=(5, 4)).astype("float32")


def _two_dense(name: str = "two", bias: bool = True) -> mk.Model:
    model = mk.Sequential([mk.Input((4,)), layers.Dense(3, activation="relu"), layers.Dense(2, use_bias=bias)], name=name)
    rng = np.random.default_rng(3)
    model.set_weights([rng.normal(size=w.shape).astype("float32") for w in model.get_weights()])
    return model


def _keras_sequential_weights() -> dict[str, np.ndarray]:
    """The fixture's layer weights as ``"<layer>:<index>"`` -> array, read with h5py alone."""
    with h5py.File(io.BytesIO(zipfile.ZipFile(KERAS_SEQUENTIAL).read("model.weights.h5")), "r") as file:
        return {f"{layer}:{index}": file[f"layers/{layer}/vars/{index}"][()]
                for layer in ("dense", "dense_1") for index in ("0", "1")}


# Reading ---------------------------------------------------------------------------------------


def test_opens_a_keras_written_archive():
    editor = KerasFileEditor(KERAS_SEQUENTIAL)
    assert editor.metadata["keras_version"].startswith("3.") and editor.config["class_name"] == "Sequential"
    assert list(editor.weights_dict) == ["layers", "optimizer"]
    assert list(editor.weights_dict["layers"]) == ["dense", "dense_1"]
    assert editor.weights_dict["layers"]["dense"]["0"].shape == (4, 3)
    assert [key for key in editor.weights_dict["optimizer"]] == [str(i) for i in range(6)]  # numeric order
    np.testing.assert_array_equal(editor.weights_dict["layers"]["dense_1"]["1"], _keras_sequential_weights()["dense_1:1"])
    assert editor.object_metadata["/layers/dense_1"] == {"name": "dense_1"}
    assert editor.object_metadata["/optimizer"] == {"name": "sgd"} and editor.object_metadata["/"]["name"] == "tiny_sequential"


def test_summary_prints_the_tree(capsys):
    KerasFileEditor(KERAS_SEQUENTIAL).summary()
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Keras model file {str(KERAS_SEQUENTIAL)!r}" and lines[1].startswith("Saved with Keras 3.")
    assert lines[2:6] == ["Weights structure", "├─ layers", "│   ├─ dense", "│   │   ├─ 0: shape=(4, 3), dtype=float32"]
    assert lines[-1] == "    └─ 5: shape=(2,), dtype=float32"


def test_nested_objects_are_kept(tmp_path):
    # Keras 3.15.1's editor drops the weights of objects nested in others (an inner model's layers); ours keeps them.
    inner = mk.Sequential([mk.Input((3,)), layers.Dense(2, name="inner_dense")], name="inner")
    inputs = mk.Input((3,))
    model = mk.Model(inputs, layers.Dense(1, name="head")(inner(inputs)))
    model.save(tmp_path / "nested.keras")
    editor = KerasFileEditor(tmp_path / "nested.keras")
    nested = editor.weights_dict["layers"]["sequential"]["layers"]["dense"]
    assert nested["0"].shape == (3, 2) and editor.object_metadata["/layers/sequential/layers/dense"] == {"name": "inner_dense"}
    editor.save(tmp_path / "same.weights.h5")
    other = mk.models.clone_model(model)
    other.load_weights(tmp_path / "same.weights.h5")
    for a, b in zip(model.get_weights(), other.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_rejects_what_it_cannot_read(tmp_path):
    with pytest.raises(ValueError, match="neither a '.keras' file nor a '.weights.h5'"):
        KerasFileEditor(tmp_path / "model.h5")
    with pytest.raises(FileNotFoundError, match="no file"):
        KerasFileEditor(tmp_path / "missing.weights.h5")
    (tmp_path / "junk.weights.h5").write_bytes(b"not hdf5")
    with pytest.raises(ValueError, match="not a readable weights file"):
        KerasFileEditor(tmp_path / "junk.weights.h5")
    (tmp_path / "junk.keras").write_bytes(b"not a zip")
    with pytest.raises(SavedFileError, match="not a valid .keras zip file"):
        KerasFileEditor(tmp_path / "junk.keras")


def test_opens_an_archive_with_safetensors_weights(tmp_path):
    model = _two_dense()
    model.save(tmp_path / "h5.keras")
    model.save(tmp_path / "st.keras", weights_format="safetensors")
    h5, st = KerasFileEditor(tmp_path / "h5.keras"), KerasFileEditor(tmp_path / "st.keras")
    assert st.weights_dict.keys() == h5.weights_dict.keys() and list(st.weights_dict["layers"]) == ["dense", "dense_1"]
    for layer in ("dense", "dense_1"):
        for key in ("0", "1"):
            np.testing.assert_array_equal(st.weights_dict["layers"][layer][key], h5.weights_dict["layers"][layer][key])
    assert st.object_metadata == {key: value for key, value in h5.object_metadata.items() if key.startswith("/layers/")}


# Editing ---------------------------------------------------------------------------------------


def test_names_and_paths_address_objects():
    editor = KerasFileEditor(KERAS_SEQUENTIAL)
    with pytest.raises(ValueError, match=r"no object named 'nope'.*Objects: \['layers', 'optimizer', 'layers/dense'"):
        editor.delete_object("nope")
    with pytest.raises(ValueError, match="no object at path 'layers/nope'"):
        editor.delete_object("layers/nope")
    editor.add_object("extra/dense", {"0": np.zeros(1)})
    with pytest.raises(ValueError, match=r"matches 2 objects: \['layers/dense', 'extra/dense'\]; pass the full path"):
        editor.delete_weight("dense", "0")
    editor.delete_weight("/layers/dense/", "0")  # a path, with stray slashes
    assert list(editor.weights_dict["layers"]["dense"]) == ["1"]


def test_rename_keeps_order_and_refuses_to_overwrite():
    editor = KerasFileEditor(KERAS_SEQUENTIAL)
    editor.rename_object("dense", "first")
    assert list(editor.weights_dict["layers"]) == ["first", "dense_1"]
    assert editor.object_metadata["/layers/first"] == {"name": "dense"} and "/layers/dense" not in editor.object_metadata
    with pytest.raises(ValueError, match="the name is taken there already"):
        editor.rename_object("first", "dense_1")
    with pytest.raises(ValueError, match="without '/'"):
        editor.rename_object("first", "a/b")
    editor.rename_object("layers", "blocks")  # a group: everything under it moves
    assert editor.object_metadata["/blocks/dense_1"] == {"name": "dense_1"}


def test_add_and_delete_weights_and_objects():
    editor = KerasFileEditor(KERAS_SEQUENTIAL)
    editor.delete_object("optimizer")
    assert list(editor.weights_dict) == ["layers"] and "/optimizer" not in editor.object_metadata
    editor.delete_weight("dense_1", "1")
    with pytest.raises(ValueError, match=r"has no weight '1'; its weights: \['0'\]"):
        editor.delete_weight("dense_1", "1")
    editor.add_weights("dense_1", {"1": [1.0, 2.0]})  # array-likes become arrays
    assert editor.weights_dict["layers"]["dense_1"]["1"].tolist() == [1.0, 2.0]
    with pytest.raises(ValueError, match=r"has \['1'\] already"):
        editor.add_weights("dense_1", {"1": np.zeros(2)})
    with pytest.raises(ValueError, match="must be a dict mapping weight names"):
        editor.add_weights("dense_1", [np.zeros(2)])
    with pytest.raises(ValueError, match="expected an array of numbers"):
        editor.add_weights("dense_1", {"2": np.array(["a"])})
    with pytest.raises(ValueError, match="weight name 3 must be a non-empty string"):
        editor.add_object("layers/new", {3: np.zeros(2)})
    editor.add_object("layers/block/inner", {"0": np.ones(2)})  # missing groups are created
    assert editor.object_metadata["/layers/block/inner"] == {"name": "inner"}
    with pytest.raises(ValueError, match="has '/layers/block/inner' already"):
        editor.add_object("layers/block/inner", {"0": np.ones(2)})


def test_compare_reports_mismatches(capsys):
    editor = KerasFileEditor(KERAS_SEQUENTIAL)
    same = mk.Sequential([mk.Input((4,)), layers.Dense(3), layers.Dense(2)])
    same.compile(optimizer=mk.optimizers.SGD(momentum=0.9), loss="mse")
    same.optimizer.build(same.trainable_variables)
    assert editor.compare(same) == {"status": "success", "error_count": 0, "match_count": 10}
    assert capsys.readouterr().out.splitlines()[-1] == "Compatible: 10 weight(s) match"
    other = mk.Sequential([mk.Input((4,)), layers.Dense(5), layers.Dense(2, use_bias=False), layers.Dense(1)])
    assert editor.compare(other) == {"status": "error", "error_count": 6, "match_count": 0}
    assert capsys.readouterr().out.splitlines()[1:] == [
        "- weight /layers/dense/0: shape (4, 3) in the file, (4, 5) in the model",
        "- weight /layers/dense/1: shape (3,) in the file, (5,) in the model",
        "- weight /layers/dense_1/0: shape (3, 2) in the file, (5, 2) in the model",
        "- weight /layers/dense_1/1 is in the file but not in the model",
        "- object /layers/dense_2 is in the model (['0', '1']) but not in the file",
        "- object /optimizer is in the file (['0', '1', '2', '3', '4', '5']) but not in the model",
        "Not compatible: 6 error(s), 0 weight(s) match",
    ]
    editor.delete_object("optimizer")
    assert editor.compare(other)["error_count"] == 5


# Writing ---------------------------------------------------------------------------------------


def test_save_is_a_weights_file_and_keeps_dtypes(tmp_path):
    editor = KerasFileEditor(KERAS_BFLOAT16)
    assert editor.weights_dict["layers"]["dense"]["0"].dtype == ml_dtypes.bfloat16
    with pytest.raises(ValueError, match="must end in '.weights.h5'"):
        editor.save(tmp_path / "edited.keras")
    assert not list(tmp_path.iterdir())
    editor.add_object("layers/extra", {"0": np.ones(2, ml_dtypes.bfloat16), "1": np.arange(3, dtype="int64")})
    editor.resave_weights(tmp_path / "edited.weights.h5")
    again = KerasFileEditor(tmp_path / "edited.weights.h5")
    assert again.weights_dict["layers"]["dense"]["0"].dtype == ml_dtypes.bfloat16
    assert again.weights_dict["layers"]["extra"]["1"].dtype == np.int64
    assert again.object_metadata == editor.object_metadata
    assert list(tmp_path.iterdir()) == [tmp_path / "edited.weights.h5"]  # no temporary file left


def test_edited_keras_file_loads_in_multikeras(backend_name, tmp_path):
    # Insert an identity layer between the two Dense layers of a Keras-written model: the old second layer
    # moves to the path "dense_2", and the outputs stay those of the original model.
    editor = KerasFileEditor(KERAS_SEQUENTIAL)
    editor.rename_object("dense_1", "dense_2")
    editor.add_object("layers/dense_1", {"0": np.eye(3, dtype="float32"), "1": np.zeros(3, "float32")})
    editor.delete_object("optimizer")
    editor.save(tmp_path / "inserted.weights.h5")
    w = _keras_sequential_weights()
    expected = np.maximum(X @ w["dense:0"] + w["dense:1"], 0) @ w["dense_1:0"] + w["dense_1:1"]
    with mk.backend.use(backend_name):
        model = mk.Sequential([mk.Input((4,)), layers.Dense(3, activation="relu"), layers.Dense(3), layers.Dense(2)])
        assert editor.compare(model)["status"] == "success"
        model.load_weights(tmp_path / "inserted.weights.h5")
        np.testing.assert_allclose(mk.ops.convert_to_numpy(model(X)), expected, rtol=1e-5, atol=1e-6)


# Keras with the numpy backend needs no TensorFlow but imports it when installed (as keras_peer.py notes): refused.
KERAS_LOADS = """
import importlib.abc, sys
class SkipTensorFlow(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("tensorflow", "sklearn"):
            raise ModuleNotFoundError(name, name=name)
sys.meta_path.insert(0, SkipTensorFlow())
import numpy as np
import keras
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="relu"), keras.layers.Dense(2)])
model.load_weights(sys.argv[1])
np.save(sys.argv[2], keras.ops.convert_to_numpy(model(np.load(sys.argv[3]))))
"""


def test_edited_multikeras_file_loads_in_keras(tmp_path):
    if importlib.util.find_spec("keras") is None:  # looked up, not imported
        pytest.fail("Keras 3 is not installed; this test needs the extra: pip install -e '.[keras-interop]'")
    with mk.backend.use("numpy"):
        source = _two_dense(bias=False)  # the file lacks the second layer's bias: the editor adds it
        source.compile(optimizer="adam", loss="mse")
        source.save(tmp_path / "source.keras")
        bias = np.array([0.5, -1.5], "float32")
        expected = mk.ops.convert_to_numpy(source(X)) + bias
    editor = KerasFileEditor(tmp_path / "source.keras")
    editor.add_weights("layers/dense_1", {"1": bias})
    editor.save(tmp_path / "edited.weights.h5")
    np.save(tmp_path / "x.npy", X)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("KERAS_", "MULTIKERAS_"))}
    env.update(KERAS_BACKEND="numpy", KERAS_HOME=str(tmp_path / "keras_home"), TF_CPP_MIN_LOG_LEVEL="3")
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(KERAS_LOADS), str(tmp_path / "edited.weights.h5"),
         str(tmp_path / "out.npy"), str(tmp_path / "x.npy")],
        env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    np.testing.assert_allclose(np.load(tmp_path / "out.npy"), expected, rtol=1e-5, atol=1e-6)
    assert editor.metadata["multikeras_backend"] == "numpy"


def test_the_editor_and_h5py_load_on_first_use(run_python):
    code = """
        import json, sys
        import multikeras.saving as saving
        before = sorted(name for name in ("h5py", "multikeras.saving.file_editor") if name in sys.modules)
        editor_class = saving.KerasFileEditor
        assert editor_class.__module__ == "multikeras.saving.file_editor" and "KerasFileEditor" in dir(saving)
        print(json.dumps(before))
        """
    result = run_python(code, env={"MULTIKERAS_BACKEND": "numpy"})
    assert result.returncode == 0, result.stderr
    assert result.json() == []
