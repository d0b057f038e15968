"""A hand-edited config cannot make load_model allocate far more than the file's weights bring.

While the model is rebuilt from ``config.json`` every variable is charged to a
budget of ``ArchiveLimits.variable_bytes_ratio`` times the weights entry plus
``variable_bytes_floor`` (64 MiB), and one over it is refused before its
initializer allocates. The oversized configs below ask for ~200 MiB: small
enough that a broken budget would not take the machine down, large enough to
be over it.
"""

from __future__ import annotations

import io
import json
import zipfile

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers
from multikeras.saving.archive_reader import archive_limits
from multikeras.saving.errors import SavedFileError



def _archive_with_layer_config(model_path, edit):
    """The archive at ``model_path`` with ``edit(layer_configs)`` applied to its Sequential's layer list."""
    with zipfile.ZipFile(model_path) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    config = json.loads(entries["config.json"])
    edit(config["config"]["layers"])
    entries["config.json"] = json.dumps(config).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _set(index, key, value):
    def edit(layer_configs):
        layer_configs[index]["config"][key] = value

    return edit


def _saved(tmp_path, model):
    path = tmp_path / "genuine.keras"
    model.save(path)
    return path


@pytest.mark.parametrize(
    "build, edit, variable",
    [
        (lambda: [mk.Input((4,)), layers.Dense(3)], _set(1, "units", 13_000_000), r"'kernel' of shape \(4, 13000000\)"),
        (lambda: [mk.Input((2,), dtype="int32"), layers.Embedding(10, 4)], _set(1, "input_dim", 13_000_000),
         r"'embeddings' of shape \(13000000, 4\)"),
        (lambda: [mk.Input((8, 8, 1)), layers.Conv2D(2, 3)], _set(1, "filters", 6_000_000), r"'kernel' of shape \(3, 3, 1, 6000000\)"),
    ],
    ids=["dense-units", "embedding-input_dim", "conv-filters"],
)
def test_oversized_layer_is_refused_before_allocation(tmp_path, build, edit, variable):
    with mk.backend.use("numpy"):
        path = _saved(tmp_path, mk.Sequential(build()))
        hostile = tmp_path / "hostile.keras"
        hostile.write_bytes(_archive_with_layer_config(path, edit))
        with pytest.raises(SavedFileError, match=rf"'config\.json': AllocationBudgetError: variable {variable} .* allowed by the size of the file's 'model\.weights\.h5'"):
            mk.saving.load_model(hostile)


def test_budget_counts_every_layer_together(tmp_path):
    """Two kernels of 48 MB and 72 MB each fit the 64 MiB floor of a tiny file alone, but not together."""

    def widen(layer_configs):
        layer_configs[1]["config"]["units"] = 3_000_000
        layer_configs[2]["config"]["units"] = 6
        layer_configs[2].pop("build_config", None)  # the second layer builds from the first one's new width

    with mk.backend.use("numpy"):
        path = _saved(tmp_path, mk.Sequential([mk.Input((4,)), layers.Dense(3), layers.Dense(2)]))
        pair = tmp_path / "pair.keras"
        pair.write_bytes(_archive_with_layer_config(path, widen))
        with pytest.raises(SavedFileError, match=r"AllocationBudgetError: variable 'kernel' of shape \(3000000, 6\)"):
            mk.saving.load_model(pair)
        with archive_limits(variable_bytes_floor=2**30):  # a raised budget lets the build through to the weights check
            with pytest.raises(SavedFileError, match=r"(?s)'model\.weights\.h5'.*has shape \(3000000, 6\), the file holds shape \(3, 2\)"):
                mk.saving.load_model(pair)


def test_genuine_compiled_model_fits_without_the_floor(tmp_path):
    """Weights plus optimizer slots are all in the file, so a real model loads with no allowance at all."""
    with mk.backend.use("jax"):
        model = mk.Sequential([mk.Input((16,)), layers.Dense(64), layers.Dense(10)])
        model.compile(optimizer="adam", loss="mse")
        x, y = np.ones((8, 16), "float32"), np.zeros((8, 10), "float32")
        model.fit(x, y, epochs=1, verbose=0)
        path = _saved(tmp_path, model)
        with archive_limits(variable_bytes_floor=0):
            loaded = mk.saving.load_model(path)
        np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
        assert int(loaded.optimizer.iterations.numpy()) == 1
