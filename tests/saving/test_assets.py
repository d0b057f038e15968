"""Assets: save_assets / load_assets of model objects travel in the archive under assets/<object path>/."""

from __future__ import annotations

import os
import zipfile

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers
from multikeras.saving.errors import SavedFileError


@mk.saving.register_keras_serializable(package="assets_tests")
class WordTable(layers.Layer):
    """Keeps a vocabulary (and a nested file) as assets; maps nothing, passes its input through."""

    def __init__(self, words=(), **kwargs):
        super().__init__(**kwargs)
        self.words = list(words)
        self.loaded_from = None

    def save_assets(self, dir_path):
        with open(os.path.join(dir_path, "words.txt"), "w", encoding="utf-8") as file:
            file.write("\n".join(self.words))
        os.makedirs(os.path.join(dir_path, "extra"))
        with open(os.path.join(dir_path, "extra", "count.txt"), "w", encoding="utf-8") as file:
            file.write(str(len(self.words)))

    def load_assets(self, dir_path):
        with open(os.path.join(dir_path, "words.txt"), encoding="utf-8") as file:
            self.words = file.read().split("\n")
        with open(os.path.join(dir_path, "extra", "count.txt"), encoding="utf-8") as file:
            assert int(file.read()) == len(self.words)
        self.loaded_from = sorted(os.listdir(dir_path))

    def call(self, x):
        return x


def _model(words_a, words_b):
    inner = mk.Sequential([mk.Input((2,)), WordTable(words_b, name="inner_table")], name="inner")
    return mk.Sequential([mk.Input((2,)), WordTable(words_a, name="outer_table"), inner, layers.Dense(1)])


@pytest.mark.parametrize("zipped", [True, False], ids=["zip", "folder"])
def test_each_object_gets_back_exactly_its_assets(backend_name, tmp_path, zipped):
    path = tmp_path / ("m.keras" if zipped else "m_folder")
    with mk.backend.use(backend_name):
        model = _model(["alpha", "beta", "gamma"], ["x"])
        model.save(path, zipped=zipped)
        loaded = mk.saving.load_model(path)
        x = np.ones((1, 2), "float32")
        np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), atol=1e-6)
    outer, inner = loaded.layers[0], loaded.layers[1].layers[0]
    assert outer.words == ["alpha", "beta", "gamma"] and inner.words == ["x"]
    assert outer.loaded_from == inner.loaded_from == ["extra", "words.txt"]


def test_archive_layout_matches_keras(tmp_path):
    with mk.backend.use("numpy"):
        _model(["a"], ["b"]).save(tmp_path / "m.keras")
    names = zipfile.ZipFile(tmp_path / "m.keras").namelist()
    assert sorted(n for n in names if n.startswith("assets/")) == [
        "assets/layers/sequential/layers/word_table/extra/count.txt",
        "assets/layers/sequential/layers/word_table/words.txt",
        "assets/layers/word_table/extra/count.txt",
        "assets/layers/word_table/words.txt",
    ]


def test_missing_asset_is_a_file_error(tmp_path):
    with mk.backend.use("numpy"):
        _model(["a"], ["b"]).save(tmp_path / "m.keras")
        with zipfile.ZipFile(tmp_path / "m.keras") as source, zipfile.ZipFile(tmp_path / "cut.keras", "w") as target:
            for name in source.namelist():
                if name != "assets/layers/word_table/words.txt":
                    target.writestr(name, source.read(name))
        with pytest.raises(SavedFileError, match=r"cut\.keras': 'assets/': FileNotFoundError: .*words\.txt"):
            mk.saving.load_model(tmp_path / "cut.keras")
