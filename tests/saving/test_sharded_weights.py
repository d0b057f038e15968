"""save_weights(..., max_shard_size=...): shards of bounded size plus a JSON index, loadable on every backend."""

from __future__ import annotations

import json
import os

import h5py
import numpy as np
import pytest

import multikeras as mk
from multikeras import layers
from multikeras.saving.errors import SavedFileError
from saving_helpers import numpy_values, randomize

SHARD_GB = 150_000 / 2**30  # shards of at most 150 000 bytes


def _model():
    model = mk.Sequential([mk.Input((100,)), layers.Dense(300, name="wide"), layers.Dense(40, name="narrow")])
    model.compile(optimizer="adam", loss="mse")
    model.optimizer.build(model.trainable_variables)
    return model


def test_shards_hold_every_variable_within_the_size(backend_name, tmp_path):
    index = tmp_path / "model.weights.json"
    with mk.backend.use(backend_name):
        model = _model()
        randomize(model, seed=3)
        model.save_weights(index, max_shard_size=SHARD_GB)
        shards = sorted(p for p in os.listdir(tmp_path) if p.endswith(".weights.h5"))
        assert shards == [f"model_{n:05d}.weights.h5" for n in range(len(shards))] and len(shards) >= 3
        stored = {}
        for name in shards:
            with h5py.File(tmp_path / name) as shard:
                sizes = []
                shard.visititems(lambda key, item: sizes.append(item.nbytes) if isinstance(item, h5py.Dataset) else None)
                shard.visititems(lambda key, item: stored.__setitem__(key, np.asarray(item)) if isinstance(item, h5py.Dataset) else None)
                assert 0 < sum(sizes) <= 150_000, (name, sizes)
        written = json.loads(index.read_text())
        expected_total = sum(np.asarray(v.numpy()).nbytes for v in model.weights + model.optimizer.variables)
        assert written["metadata"]["total_size"] == expected_total
        assert set(written["weight_map"]) == {"/layers/dense/vars", "/layers/dense_1/vars", "/optimizer/vars"}
        assert written["weight_map"]["/layers/dense/vars"] == ["model_00000.weights.h5"]
        np.testing.assert_array_equal(stored["layers/dense/vars/0"], model.layers[0].kernel.numpy())
        # a fresh model gets back every weight and the optimizer state
        fresh = _model()
        fresh.load_weights(index)
        for a, b in zip(numpy_values(fresh.weights + fresh.optimizer.variables), numpy_values(model.weights + model.optimizer.variables)):
            np.testing.assert_array_equal(a, b)


def test_sharded_file_written_on_one_backend_loads_on_another(tmp_path):
    index = tmp_path / "w.weights.json"
    with mk.backend.use("torch"):
        model = _model()
        randomize(model, seed=5)
        model.save_weights(index, max_shard_size=SHARD_GB)
        x = np.random.default_rng(0).normal(size=(4, 100)).astype("float32")
        expected = model.predict(x, verbose=0)
    for backend in ("numpy", "jax", "tensorflow"):
        with mk.backend.use(backend):
            fresh = _model()
            fresh.load_weights(index)
            np.testing.assert_allclose(fresh.predict(x, verbose=0), expected, rtol=1e-5, atol=1e-5, err_msg=backend)


def test_naming_rules_and_oversized_variable(tmp_path):
    with mk.backend.use("numpy"):
        model = _model()
        with pytest.warns(UserWarning, match=r"saving .*a\.weights\.h5 as .*a\.weights\.json"):
            model.save_weights(tmp_path / "a.weights.h5", max_shard_size=SHARD_GB)
        assert (tmp_path / "a.weights.json").is_file() and not (tmp_path / "a.weights.h5").exists()
        for name in ("b.weights.safetensors", "b.json"):
            with pytest.raises(ValueError, match=rf"must end in `\.weights\.json` when `max_shard_size` is given\. Received: filepath=.*{name}"):
                model.save_weights(tmp_path / name, max_shard_size=1)
        with pytest.raises(ValueError, match=r"must end in `\.weights\.h5`.*Received: filepath=.*c\.weights\.json"):
            model.save_weights(tmp_path / "c.weights.json")
        with pytest.raises(ValueError, match=r"max_shard_size must be a number of gigabytes >= 0 \(e\.g\. 0\.5\), received '1GB'"):
            model.save_weights(tmp_path / "d.weights.json", max_shard_size="1GB")
        with pytest.raises(ValueError, match=r"variable 'layers/dense/vars/0' of shape \(100, 300\) holds 120000 bytes, more than the maximum shard size of 100000 bytes"):
            model.save_weights(tmp_path / "e.weights.json", max_shard_size=100_000 / 2**30)
        assert not (tmp_path / "e.weights.json").exists()


def _write_index(path, weight_map):
    path.write_text(json.dumps({"metadata": {"total_size": 0}, "weight_map": weight_map}))


def test_damaged_index_is_refused_naming_the_entry(tmp_path):
    with mk.backend.use("numpy"):
        model = _model()
        before = numpy_values(model.weights)
        model.save_weights(tmp_path / "good.weights.json", max_shard_size=SHARD_GB)
        cases = {
            "not json": ("{", r"not a JSON index of sharded weights"),
            "no map": ({"metadata": {}}, r"'weight_map': expected a JSON object with a 'weight_map'"),
            "traversal": ({"/layers/dense/vars": ["../good_00000.weights.h5"]}, r"'/layers/dense/vars': shard '\.\./good_00000\.weights\.h5' is not a plain"),
            "absolute": ({"/layers/dense/vars": [str(tmp_path / "good_00000.weights.h5")]}, r".*is not a plain '\*\.weights\.h5' file name"),
            "other suffix": ({"/layers/dense/vars": ["good.keras"]}, r"shard 'good\.keras' is not a plain"),
            "missing": ({"/layers/dense/vars": ["gone_00000.weights.h5"]}, r"shard 'gone_00000\.weights\.h5' is missing"),
            "empty list": ({"/layers/dense/vars": []}, r"expected a non-empty list of shard file names, found \[\]"),
        }
        for label, (content, message) in cases.items():
            index = tmp_path / "bad.weights.json"
            if isinstance(content, str):
                index.write_text(content)
            elif "weight_map" in json.dumps(content) or label == "no map":
                index.write_text(json.dumps(content))
            else:
                _write_index(index, content)
            with pytest.raises(SavedFileError, match=rf"load_weights: '.*bad\.weights\.json': (?:'/layers/dense/vars': )?{message}"):
                model.load_weights(index)
        for a, b in zip(numpy_values(model.weights), before):
            np.testing.assert_array_equal(a, b)  # nothing changed
        with pytest.raises(FileNotFoundError, match="no such file"):
            model.load_weights(tmp_path / "none.weights.json")


def test_shard_with_wrong_shapes_changes_nothing(tmp_path):
    with mk.backend.use("numpy"):
        other = mk.Sequential([mk.Input((100,)), layers.Dense(300, name="wide"), layers.Dense(41, name="narrow")])
        other.save_weights(tmp_path / "other.weights.json", max_shard_size=SHARD_GB)
        model = _model()
        before = numpy_values(model.weights)
        with pytest.raises(ValueError, match=r"layer 'narrow'.*has shape \(300, 40\), the file holds shape \(300, 41\)"):
            model.load_weights(tmp_path / "other.weights.json")
        for a, b in zip(numpy_values(model.weights), before):
            np.testing.assert_array_equal(a, b)
