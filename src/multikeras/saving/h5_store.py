"""The HDF5 weights file (``.weights.h5``) in Keras 3's layout.

A weights file is a tree of HDF5 groups, one per saved object, named by the
object's place in the model (``layers/dense_1``, ``optimizer``...). Each
object's variables sit in its ``vars`` subgroup as datasets ``"0"``, ``"1"``
..., and the ``vars`` group carries the object's name in the attribute
``name``. Dtypes HDF5 does not know (``bfloat16`` and other ml_dtypes types)
are stored as opaque bytes of the same width with the dtype's name in the
dataset attribute ``dtype``, as Keras 3 does.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any

import h5py
import ml_dtypes  # noqa: F401  (registers bfloat16 and friends with NumPy, so np.dtype("bfloat16") works)
import numpy as np

_NUMERIC_KINDS = frozenset("biufcV")
"""Dataset dtype kinds a weights file may hold (``V``: raw bytes of an ml_dtypes type)."""
VARS = "vars"
"""Name of the group holding an object's own variables."""


class H5VarsStore(MutableMapping):
    """The variables of one object: a dict-like view of its ``vars`` group.

    Keys are ``"0"``, ``"1"`` ...; values are NumPy arrays. This is the
    ``store`` that ``save_own_variables`` / ``load_own_variables`` receive.
    A store for an object the file does not hold is empty and read-only.

    Args:
        group: the ``vars`` h5py group, or ``None`` for an absent one.
        path: the group's path in the file, for messages.

    Example:
        >>> import io, h5py
        >>> with h5py.File(io.BytesIO(), "w") as f:
        ...     store = H5VarsStore(f.create_group("vars"), "vars")
        ...     store["0"] = np.arange(3, dtype="float32")
        ...     print(len(store), store["0"].tolist())
        1 [0.0, 1.0, 2.0]
    """

    def __init__(self, group: h5py.Group | None, path: str, max_dataset_bytes: int | None = None):
        self._group = group
        self.path = path
        self.max_dataset_bytes = max_dataset_bytes

    def __setitem__(self, key: str, value: Any) -> None:
        if self._group is None:
            raise ValueError(f"H5VarsStore: the file holds no group '{self.path}'; this store is read-only.")
        array = np.asarray(value)
        dtype_name = None
        if array.dtype.kind == "V":  # ml_dtypes types: HDF5 has no such float, store the raw bytes
            dtype_name = array.dtype.name
            array = array.view(f"V{array.dtype.itemsize}")
        dataset = self._group.create_dataset(str(key), data=array)
        if dtype_name is not None:
            dataset.attrs["dtype"] = dtype_name

    def __getitem__(self, key: str) -> np.ndarray:
        if self._group is None or str(key) not in self._group:
            raise KeyError(f"H5VarsStore: no variable {key!r} in '{self.path}'.")
        dataset = self._group[str(key)]
        where = f"H5VarsStore: dataset '{self.path}/{key}'"
        if not isinstance(dataset, h5py.Dataset):
            raise ValueError(f"{where} is a {type(dataset).__name__}, expected a dataset of numbers.")
        if dataset.dtype.kind not in _NUMERIC_KINDS:
            raise ValueError(f"{where} has dtype {dataset.dtype}, expected numbers (bool, int, float, complex).")
        if self.max_dataset_bytes is not None and dataset.size * dataset.dtype.itemsize > self.max_dataset_bytes:
            raise ValueError(
                f"{where} declares shape {dataset.shape} ({dataset.size * dataset.dtype.itemsize} bytes), over the "
                f"budget of {self.max_dataset_bytes} bytes for this file."
            )
        array = np.asarray(dataset[()])
        dtype_name = dataset.attrs.get("dtype")
        if dtype_name is not None:
            if isinstance(dtype_name, bytes):
                dtype_name = dtype_name.decode()
            target = np.dtype(dtype_name) if isinstance(dtype_name, str) else None
            if target is None or target.kind not in _NUMERIC_KINDS or target.itemsize != array.dtype.itemsize:
                raise ValueError(
                    f"{where} has the attribute dtype={dtype_name!r}, expected the name of a numeric dtype of "
                    f"{array.dtype.itemsize} bytes."
                )
            array = array.view(target)
        return array

    def __delitem__(self, key: str) -> None:
        if self._group is None or str(key) not in self._group:
            raise KeyError(f"H5VarsStore: no variable {key!r} in '{self.path}'.")
        del self._group[str(key)]

    def __iter__(self) -> Iterator[str]:
        if self._group is None:
            return iter(())
        # Numeric order ("10" after "9"), not HDF5's alphabetical order.
        return iter(sorted(self._group.keys(), key=lambda k: (not k.isdigit(), int(k) if k.isdigit() else 0, k)))

    def __len__(self) -> int:
        return 0 if self._group is None else len(self._group)

    def __repr__(self) -> str:
        return f"<H5VarsStore '{self.path}' with {len(self)} variable(s)>"


class H5WeightsFile:
    """An open weights file: hands out the ``vars`` store of each object path.

    Args:
        target: a path or a binary file object.
        mode: ``"w"`` to write a new file, ``"r"`` to read.
        max_dataset_bytes: when reading, refuse datasets declaring more bytes
            (``None``: no limit); guards against a small file declaring a huge
            compressed or fill-value dataset.

    Example:
        >>> import io
        >>> buffer = io.BytesIO()
        >>> with H5WeightsFile(buffer, "w") as weights:
        ...     weights.make_store("layers/dense", "dense_7")["0"] = np.ones(2)
        >>> with H5WeightsFile(buffer, "r") as weights:
        ...     print(weights.get_store("layers/dense")["0"].tolist(), len(weights.get_store("layers/other")))
        [1.0, 1.0] 0
    """

    def __init__(self, target: Any, mode: str, max_dataset_bytes: int | None = None):
        if mode not in ("r", "w"):
            raise ValueError(f"H5WeightsFile: mode must be 'r' or 'w', received {mode!r}.")
        self.mode = mode
        self.max_dataset_bytes = max_dataset_bytes
        self._file = h5py.File(target, mode)

    def make_store(self, path: str, name: str) -> H5VarsStore:
        """Create the ``vars`` group of the object at ``path`` (``""`` for the root), named ``name``."""
        group_path = _join(path, VARS)
        group = self._file.create_group(group_path)
        group.attrs["name"] = name
        return H5VarsStore(group, group_path)

    def get_store(self, path: str) -> H5VarsStore:
        """The ``vars`` store of the object at ``path``; empty when the file has none."""
        group_path = _join(path, VARS)
        group = self._file.get(group_path)
        return H5VarsStore(group if isinstance(group, h5py.Group) else None, group_path, self.max_dataset_bytes)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> H5WeightsFile:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()


def _join(path: str, name: str) -> str:
    return f"{path}/{name}" if path else name
