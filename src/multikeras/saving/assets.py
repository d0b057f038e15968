"""Assets: files an object keeps beside its variables (a vocabulary, a lookup table), under ``assets/`` of a ``.keras``.

An object of the model (a layer, the model, a nested model) that defines
``save_assets(dir_path)`` writes any files it wants into an empty folder when
the model is saved; they are stored in the archive under
``assets/<object path>/`` (the object path of the weights file, for example
``assets/layers/string_lookup/vocabulary.txt``), as Keras 3 lays them out.
When the model is loaded, an object that defines ``load_assets(dir_path)`` is
given a fresh folder holding exactly its own files. The names were checked by
the archive reader (no ``..``, no absolute path), and each file is written
only inside that folder.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from typing import Any

from multikeras.saving.object_tree import walk

PREFIX = "assets/"


def _folder_of(path: str) -> str:
    return PREFIX + (f"{path}/" if path else "")


def collect_assets(model: Any) -> dict[str, bytes]:
    """The archive entries holding the assets of every object of ``model`` with ``save_assets``.

    Example:
        >>> import os, multikeras as mk
        >>> class Vocabulary(mk.layers.Layer):
        ...     def save_assets(self, dir_path):
        ...         with open(os.path.join(dir_path, "words.txt"), "w") as f:
        ...             f.write("a\\nb")
        ...     def call(self, x):
        ...         return x
        >>> with mk.backend.use("numpy"):
        ...     model = mk.Sequential([mk.Input((2,)), Vocabulary()])
        >>> collect_assets(model)
        {'assets/layers/vocabulary/words.txt': b'a\\nb'}
    """
    entries: dict[str, bytes] = {}
    for path, obj in walk(model):
        save_assets = getattr(obj, "save_assets", None)
        if not callable(save_assets):
            continue
        with tempfile.TemporaryDirectory() as folder:
            save_assets(folder)
            for root, _, files in os.walk(folder):
                for file_name in sorted(files):
                    full = os.path.join(root, file_name)
                    relative = os.path.relpath(full, folder).replace(os.sep, "/")
                    with open(full, "rb") as file:
                        entries[_folder_of(path) + relative] = file.read()
    return entries


def restore_assets(model: Any, entries: Mapping[str, bytes]) -> list[str]:
    """Give each object of ``model`` with ``load_assets`` a folder holding its entries from ``entries``.

    ``entries`` maps archive names (``"assets/layers/x/words.txt"``) to their
    bytes, as read (and name-checked) by the archive reader.

    Returns:
        The paths of the objects that were given assets.

    Example:
        >>> import os, multikeras as mk
        >>> class Vocabulary(mk.layers.Layer):
        ...     def load_assets(self, dir_path):
        ...         with open(os.path.join(dir_path, "words.txt")) as f:
        ...             self.words = f.read().split()
        ...     def call(self, x):
        ...         return x
        >>> with mk.backend.use("numpy"):
        ...     model = mk.Sequential([mk.Input((2,)), Vocabulary()])
        >>> restore_assets(model, {"assets/layers/vocabulary/words.txt": b"a b"}), model.layers[0].words
        (['layers/vocabulary'], ['a', 'b'])
    """
    restored = []
    objects = list(walk(model))
    paths = [path for path, _ in objects]
    for path, obj in objects:
        load_assets = getattr(obj, "load_assets", None)
        if not callable(load_assets):
            continue
        prefix = _folder_of(path)
        nested = [other for other in paths if other != path and (not path or other.startswith(path + "/"))]
        with tempfile.TemporaryDirectory() as folder:
            root = os.path.realpath(folder)
            for name, data in entries.items():
                if not name.startswith(prefix) or name.endswith("/"):
                    continue
                relative = name[len(prefix):]
                if any(name.startswith(_folder_of(other)) for other in nested):
                    continue  # a file of an object nested under this one
                target = os.path.realpath(os.path.join(root, *relative.split("/")))
                if os.path.commonpath([root, target]) != root:
                    raise ValueError(f"asset {name!r} would be written outside its folder")
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "wb") as file:
                    file.write(data)
            load_assets(folder)
        restored.append(path)
    return restored
