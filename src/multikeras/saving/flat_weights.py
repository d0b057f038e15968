"""Weights as one flat mapping from key to NumPy array: the layout of safetensors files and in-memory transfers.

Each variable gets the key its dataset has in a ``.weights.h5`` file:
``"<object path>/vars/<index>"`` (``"layers/dense/vars/0"`` is the first
variable of the model's first ``Dense``); the root model's own variables are
``"vars/<index>"``. So both formats name every weight the same way, and the
object tree of :mod:`multikeras.saving.object_tree` decides the paths.

:class:`FlatWeightsFile` offers the ``make_store`` / ``get_store`` interface
of :class:`~multikeras.saving.h5_store.H5WeightsFile`, so the same saving and
loading code fills and reads both.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any

import numpy as np

VARS = "vars"


def weight_key(path: str, index: str | int) -> str:
    """The flat key of variable ``index`` of the object at ``path`` (``""`` for the root).

    Example:
        >>> weight_key("layers/dense", 0), weight_key("", 1)
        ('layers/dense/vars/0', 'vars/1')
    """
    return f"{path}/{VARS}/{index}" if path else f"{VARS}/{index}"


def split_weight_key(key: str) -> tuple[str, str] | None:
    """``(object path, index)`` of a flat key, or ``None`` when the key does not have that form.

    Example:
        >>> split_weight_key("layers/dense/vars/0"), split_weight_key("vars/2"), split_weight_key("kernel")
        (('layers/dense', '0'), ('', '2'), None)
    """
    marker = f"/{VARS}/"
    if key.startswith(f"{VARS}/"):
        path, index = "", key[len(VARS) + 1:]
        if marker in key:  # "vars/vars/0": an attribute named "vars" under the root
            path, _, index = key.rpartition(marker)
    else:
        path, found, index = key.rpartition(marker)
        if not found or not path:
            return None
    if not index.isdigit() or (len(index) > 1 and index.startswith("0")):
        return None
    return path, index


class FlatVarsStore(MutableMapping):
    """The variables of one object in a :class:`FlatWeightsFile`: keys ``"0"``, ``"1"`` ..., NumPy arrays.

    Example:
        >>> weights = FlatWeightsFile()
        >>> store = weights.make_store("layers/dense", "dense")
        >>> store["0"] = [1.0, 2.0]
        >>> sorted(weights.tensors()), len(weights.get_store("layers/dense"))
        (['layers/dense/vars/0'], 1)
    """

    def __init__(self, values: dict[str, np.ndarray], path: str, writable: bool):
        self._values = values
        self.path = path
        self._writable = writable

    def __setitem__(self, key: str, value: Any) -> None:
        if not self._writable:
            raise ValueError(f"FlatVarsStore: the weights hold no object at '{self.path or '/'}'; this store is read-only.")
        # A copy in C order: a backend's ``numpy()`` may share memory with a tensor that is later updated in
        # place, and safetensors needs C order (np.ascontiguousarray would turn a scalar into shape (1,)).
        self._values[str(key)] = np.array(value, order="C", copy=True)

    def __getitem__(self, key: str) -> np.ndarray:
        try:
            return self._values[str(key)]
        except KeyError:
            raise KeyError(f"FlatVarsStore: no variable {key!r} at '{weight_key(self.path, key)}'.") from None

    def __delitem__(self, key: str) -> None:
        del self._values[str(key)]

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._values, key=lambda k: (not k.isdigit(), int(k) if k.isdigit() else 0, k)))

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"<FlatVarsStore '{self.path or '/'}' with {len(self)} variable(s)>"


class FlatWeightsFile:
    """Weights grouped by object path, convertible to and from a flat ``{key: array}`` mapping.

    Args:
        groups: ``{object path: {index: array}}`` to start from (read mode).
        names: ``{object path: object name}`` (the names ``.weights.h5``
            keeps in its ``vars`` attributes).

    Example:
        >>> weights = FlatWeightsFile.from_tensors({"layers/dense/vars/0": np.zeros((2, 1))})
        >>> weights.get_store("layers/dense")["0"].shape, len(weights.get_store("layers/other"))
        ((2, 1), 0)
    """

    def __init__(self, groups: Mapping[str, Mapping[str, np.ndarray]] | None = None, names: Mapping[str, str] | None = None):
        self.groups: dict[str, dict[str, np.ndarray]] = {path: dict(values) for path, values in (groups or {}).items()}
        self.names: dict[str, str] = dict(names or {})

    @classmethod
    def from_tensors(cls, tensors: Mapping[str, np.ndarray], names: Mapping[str, str] | None = None) -> FlatWeightsFile:
        """Group flat ``tensors`` by object path.

        Raises:
            ValueError: a key is not of the form ``"<path>/vars/<index>"``
                (:func:`malformed_keys` lists them without raising).
        """
        bad = malformed_keys(tensors)
        if bad:
            raise ValueError(f"FlatWeightsFile: keys not of the form '<object path>/vars/<index>': {bad}.")
        groups: dict[str, dict[str, np.ndarray]] = {}
        for key, value in tensors.items():
            path, index = split_weight_key(key)  # type: ignore[misc]  (checked above)
            groups.setdefault(path, {})[index] = value
        return cls(groups, names)

    def make_store(self, path: str, name: str) -> FlatVarsStore:
        """A writable store for the object at ``path``, named ``name``."""
        self.names[path] = name
        return FlatVarsStore(self.groups.setdefault(path, {}), path, writable=True)

    def get_store(self, path: str) -> FlatVarsStore:
        """The store of the object at ``path``; empty and read-only when there is none."""
        values = self.groups.get(path)
        return FlatVarsStore({} if values is None else values, path, writable=values is not None)

    def tensors(self) -> dict[str, np.ndarray]:
        """The flat ``{key: array}`` mapping, keys in object order then index order."""
        return {weight_key(path, index): value
                for path, values in self.groups.items() for index, value in FlatVarsStore(values, path, False).items()}

    def close(self) -> None:
        """Nothing to release (kept for the interface of H5WeightsFile)."""

    def __enter__(self) -> FlatWeightsFile:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()


def malformed_keys(tensors: Mapping[str, Any]) -> list[str]:
    """The keys of ``tensors`` that are not weight keys (``"<object path>/vars/<index>"``).

    Example:
        >>> malformed_keys({"vars/0": 1, "layers/dense/kernel": 2})
        ['layers/dense/kernel']
    """
    return [key for key in tensors if split_weight_key(key) is None]
