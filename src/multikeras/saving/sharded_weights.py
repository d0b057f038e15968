"""Sharded weights: ``save_weights("m.weights.json", max_shard_size=...)`` in Keras 3's layout.

The weights are split over HDF5 files next to a JSON index. Each shard is a
``.weights.h5`` file of the usual layout (:mod:`~multikeras.saving.h5_store`)
holding some of the variables, named ``<stem>_00000.weights.h5``,
``<stem>_00001.weights.h5`` ... for an index ``<stem>.weights.json``; a new
shard starts whenever the next variable would take the current one over
``max_shard_size`` gigabytes (2**30 bytes). The index is::

    {"metadata": {"total_size": <bytes of all variables>},
     "weight_map": {"/layers/dense/vars": ["m_00000.weights.h5"], ...}}

mapping each object's ``vars`` group to the shards holding its variables, in
order (a large optimizer can span several). Keras 3 reads these files and
writes them the same way. Loading reads the index strictly: shard names are
plain file names in the index's folder (no path, no ``..``), and every shard
named must exist.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from multikeras.saving.atomic import atomic_file
from multikeras.saving.errors import SavedFileError
from multikeras.saving.h5_store import VARS, H5VarsStore, H5WeightsFile

INDEX_SUFFIX = ".weights.json"
SHARD_SUFFIX = ".weights.h5"
_MAX_INDEX_BYTES = 64 * 2**20
_SHARD_NAME = re.compile(r"^[^/\\\x00-\x1f]+\.weights\.h5$")


def shard_limit_bytes(max_shard_size: Any, where: str = "save_weights") -> int:
    """``max_shard_size`` (gigabytes, as Keras 3 takes it) in bytes.

    Example:
        >>> shard_limit_bytes(0.5), shard_limit_bytes(2)
        (536870912, 2147483648)
    """
    if isinstance(max_shard_size, bool) or not isinstance(max_shard_size, (int, float)) or max_shard_size < 0:
        raise ValueError(
            f"{where}: max_shard_size must be a number of gigabytes >= 0 (e.g. 0.5), received {max_shard_size!r}."
        )
    return int(max_shard_size * 2**30)


def shard_names(index_path: str, count: int) -> list[str]:
    """The file names of the ``count`` shards of the index at ``index_path``.

    Example:
        >>> shard_names("/tmp/model.weights.json", 2)
        ['model_00000.weights.h5', 'model_00001.weights.h5']
    """
    stem = os.path.basename(index_path)[: -len(INDEX_SUFFIX)]
    return [f"{stem}_{number:05d}{SHARD_SUFFIX}" for number in range(count)]


class _VariablesCollector(dict):
    """A store that keeps what ``save_own_variables`` writes, as NumPy arrays in write order."""

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(str(key), np.asarray(value))


def _plan(model: Any, limit: int) -> tuple[list[list[tuple[str, str, str, np.ndarray]]], float]:
    """Every variable as ``(object path, object name, key, array)``, grouped into shards of at most ``limit`` bytes."""
    from multikeras.saving import own_variables
    from multikeras.saving.object_tree import is_saveable, walk
    from multikeras.saving.saving_lib import _name_of

    shards: list[list[tuple[str, str, str, np.ndarray]]] = [[]]
    used = 0
    total = 0
    for path, obj in walk(model):
        collected = _VariablesCollector()
        if is_saveable(obj):
            obj.save_own_variables(collected)
        else:
            own_variables.save_variables(list(obj.variables), collected)
        for key, array in collected.items():
            size = int(array.nbytes)
            if size > limit:
                where = f"{path}/{VARS}/{key}" if path else f"{VARS}/{key}"
                raise ValueError(
                    f"save_weights: variable '{where}' of shape {array.shape} holds {size} bytes, more than the "
                    f"maximum shard size of {limit} bytes; increase max_shard_size."
                )
            if used + size > limit and shards[-1]:
                shards.append([])
                used = 0
            shards[-1].append((path, _name_of(obj), key, array))
            used += size
            total += size
    return shards, float(total)


def write_sharded_weights(model: Any, index_path: str, max_shard_size: Any) -> list[str]:
    """Write the weights of ``model`` as shards of at most ``max_shard_size`` GB plus the index at ``index_path``.

    Each shard and then the index are written atomically, so a crash leaves
    either the previous index or the new one, whose shards are all complete.

    Returns:
        The paths of the shards written.

    Example:
        >>> import os, tempfile, multikeras as mk
        >>> folder = tempfile.mkdtemp()
        >>> with mk.backend.use("numpy"):
        ...     model = mk.Sequential([mk.Input((100,)), mk.layers.Dense(300), mk.layers.Dense(200)])
        ...     written = write_sharded_weights(model, os.path.join(folder, "m.weights.json"), 0.0003)
        >>> sorted(os.listdir(folder))
        ['m.weights.json', 'm_00000.weights.h5', 'm_00001.weights.h5']
    """
    limit = shard_limit_bytes(max_shard_size)
    shards, total = _plan(model, limit)
    folder = os.path.dirname(os.path.abspath(index_path))
    names = shard_names(index_path, len(shards))
    weight_map: dict[str, list[str]] = {}
    for name, variables in zip(names, shards):
        with atomic_file(os.path.join(folder, name)) as temporary:
            with H5WeightsFile(temporary, "w") as shard:
                stores: dict[str, H5VarsStore] = {}
                for path, object_name, key, array in variables:
                    if path not in stores:
                        stores[path] = shard.make_store(path, object_name)
                        group = "/" + (f"{path}/{VARS}" if path else VARS)
                        weight_map.setdefault(group, []).append(name)
                    stores[path][key] = array
    index = {"metadata": {"total_size": total}, "weight_map": weight_map}
    with atomic_file(index_path) as temporary:
        with open(temporary, "w", encoding="utf-8") as file:
            json.dump(index, file, indent=4)
    return [os.path.join(folder, name) for name in names]


class _ShardedVarsStore(Mapping):
    """The variables of one object gathered from the shards that hold them (read-only)."""

    def __init__(self, stores: list[H5VarsStore], path: str):
        self._stores = stores
        self.path = path

    def _owner(self, key: str) -> H5VarsStore:
        for store in self._stores:
            if str(key) in list(store):  # the key list only: `in store` would read the dataset
                return store
        raise KeyError(f"sharded weights: no variable {key!r} in '{self.path}'.")

    def __getitem__(self, key: str) -> np.ndarray:
        return self._owner(key)[key]

    def __iter__(self) -> Iterator[str]:
        keys = {key for store in self._stores for key in store}
        return iter(sorted(keys, key=lambda k: (not k.isdigit(), int(k) if k.isdigit() else 0, k)))

    def __len__(self) -> int:
        return sum(len(store) for store in self._stores)


class ShardedWeightsFile:
    """The shards of a ``.weights.json`` index, opened for reading, behaving as one weights file.

    Args:
        index_path: the ``.weights.json`` file.
        max_dataset_bytes: the budget per dataset, given the size of its shard
            (``None``: no limit); see :class:`~multikeras.saving.h5_store.H5WeightsFile`.

    Raises:
        SavedFileError: the index is not valid JSON of the expected form,
            names a shard outside its folder, or a shard is missing.

    Example:
        >>> import os, tempfile, multikeras as mk
        >>> index = os.path.join(tempfile.mkdtemp(), "m.weights.json")
        >>> with mk.backend.use("numpy"):
        ...     model = mk.Sequential([mk.Input((10,)), mk.layers.Dense(30, name="a"), mk.layers.Dense(20, name="b")])
        ...     _ = write_sharded_weights(model, index, 3000 / 2**30)
        >>> with ShardedWeightsFile(index) as weights:
        ...     print(weights.get_store("layers/dense_1")["0"].shape, len(weights.get_store("layers/missing")))
        (30, 20) 0
    """

    def __init__(self, index_path: str, max_dataset_bytes: Any = None, where: str = "load_weights"):
        self.index_path = index_path
        self.where = where
        self._budget = max_dataset_bytes
        self._open: dict[str, H5WeightsFile] = {}
        self.weight_map = self._read_index()

    def _fail(self, entry: str, reason: str) -> None:
        self.close()
        raise SavedFileError(self.where, self.index_path, [(entry, reason)])

    def _read_index(self) -> dict[str, list[str]]:
        if os.path.getsize(self.index_path) > _MAX_INDEX_BYTES:
            self._fail("", f"the index is over {_MAX_INDEX_BYTES} bytes")
        try:
            with open(self.index_path, encoding="utf-8") as file:
                index = json.load(file)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            self._fail("", f"not a JSON index of sharded weights: {error}")
        if not isinstance(index, dict) or not isinstance(index.get("weight_map"), dict):
            self._fail("weight_map", "expected a JSON object with a 'weight_map' object mapping groups to shard lists")
        weight_map: dict[str, list[str]] = {}
        for group, names in index["weight_map"].items():
            if not isinstance(names, list) or not names or not all(isinstance(name, str) for name in names):
                self._fail(group, f"expected a non-empty list of shard file names, found {names!r}")
            for name in names:
                if not _SHARD_NAME.match(name) or name in (".", "..") or os.path.basename(name) != name:
                    self._fail(group, f"shard {name!r} is not a plain '*.weights.h5' file name in the index's folder")
                if not os.path.isfile(self._shard_path(name)):
                    self._fail(group, f"shard {name!r} is missing from {os.path.dirname(self._shard_path(name))!r}")
            weight_map[group.strip("/")] = names
        return weight_map

    def _shard_path(self, name: str) -> str:
        return os.path.join(os.path.dirname(os.path.abspath(self.index_path)), name)

    def _shard(self, name: str) -> H5WeightsFile:
        if name not in self._open:
            path = self._shard_path(name)
            budget = self._budget(os.path.getsize(path)) if callable(self._budget) else self._budget
            self._open[name] = H5WeightsFile(path, "r", max_dataset_bytes=budget)
        return self._open[name]

    def get_store(self, path: str) -> Mapping[str, np.ndarray]:
        """The variables of the object at ``path`` from every shard holding them; empty when none does."""
        group = f"{path}/{VARS}" if path else VARS
        stores = [self._shard(name).get_store(path) for name in self.weight_map.get(group, [])]
        return _ShardedVarsStore(stores, group)

    def close(self) -> None:
        for shard in self._open.values():
            shard.close()
        self._open.clear()

    def __enter__(self) -> ShardedWeightsFile:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()
