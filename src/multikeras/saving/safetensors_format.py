"""Weights as safetensors: a flat file of named tensors that holds no code and loads without pickle.

Tensor names are the keys of :mod:`multikeras.saving.flat_weights`
(``"layers/dense/vars/0"``), the same names a ``.weights.h5`` file gives its
datasets, so the two formats carry the same weights under the same names.
The safetensors header's ``__metadata__`` (strings only) records:

* ``format``: ``"multikeras.weights"``;
* ``keras_version``: the Keras 3 release whose object tree names the keys;
* ``multikeras_version`` and ``multikeras_backend``: who saved the file;
* ``object_names``: JSON ``{object path: object name}`` (what ``.weights.h5``
  keeps in each ``vars`` group's ``name`` attribute).

Reading does not need the metadata: any safetensors file with the right keys,
shapes and dtypes loads. Tensors are written with the ``safetensors``
package's NumPy functions and read with its parser; dtypes it does not map to
NumPy (``BF16``, ``F8_*``) are mapped here through ``ml_dtypes``.
"""

from __future__ import annotations

import json
import os
from typing import Any, Callable

import ml_dtypes
import numpy as np
import safetensors
import safetensors.numpy

from multikeras.saving.errors import SavedFileError
from multikeras.saving.flat_weights import FlatWeightsFile, malformed_keys

SUFFIX = ".safetensors"
FORMAT_NAME = "multikeras.weights"

_DTYPES: dict[str, np.dtype] = {
    "BOOL": np.dtype(bool),
    "U8": np.dtype(np.uint8), "I8": np.dtype(np.int8),
    "U16": np.dtype(np.uint16), "I16": np.dtype(np.int16),
    "U32": np.dtype(np.uint32), "I32": np.dtype(np.int32),
    "U64": np.dtype(np.uint64), "I64": np.dtype(np.int64),
    "F16": np.dtype(np.float16), "BF16": np.dtype(ml_dtypes.bfloat16),
    "F32": np.dtype(np.float32), "F64": np.dtype(np.float64),
    "C64": np.dtype(np.complex64),
    "F8_E4M3": np.dtype(ml_dtypes.float8_e4m3fn), "F8_E5M2": np.dtype(ml_dtypes.float8_e5m2),
}
"""safetensors dtype codes and the NumPy dtypes they hold."""
_WRITABLE = frozenset(_DTYPES.values())


def file_metadata(model: Any, names: dict[str, str]) -> dict[str, str]:
    """The header metadata written for ``model``; ``names`` maps object paths to object names.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     metadata = file_metadata(mk.Sequential([mk.Input((2,))]), {"": "sequential"})
        >>> metadata["format"], metadata["multikeras_backend"], json.loads(metadata["object_names"])
        ('multikeras.weights', 'numpy', {'': 'sequential'})
    """
    from multikeras.saving.saving_lib import model_metadata

    about = model_metadata(model)
    return {
        "format": FORMAT_NAME,
        "keras_version": str(about["keras_version"]),
        "multikeras_version": str(about["multikeras_version"]),
        "multikeras_backend": str(about["multikeras_backend"]),
        "object_names": json.dumps(names),
    }


def _collect(model: Any) -> tuple[dict[str, np.ndarray], dict[str, str]]:
    from multikeras.saving.saving_lib import save_weights_to_file

    weights = FlatWeightsFile()
    save_weights_to_file(model, weights)
    tensors = weights.tensors()
    unsupported = {key: str(value.dtype) for key, value in tensors.items() if value.dtype not in _WRITABLE}
    if unsupported:
        raise ValueError(
            f"save_weights: safetensors cannot hold the dtype of {unsupported}; it holds "
            f"{sorted(str(d) for d in _WRITABLE)}. Save to a `.weights.h5` file instead."
        )
    return tensors, file_metadata(model, weights.names)


def write_safetensors(model: Any, path: str) -> None:
    """Write the weights of ``model`` (and its optimizer's) to the safetensors file ``path``.

    Not atomic by itself: :func:`multikeras.saving.save_weights` writes
    through :func:`~multikeras.saving.atomic.atomic_file`.

    Example:
        >>> import os, tempfile, multikeras as mk
        >>> path = os.path.join(tempfile.mkdtemp(), "w.safetensors")
        >>> with mk.backend.use("numpy"):
        ...     write_safetensors(mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)]), path)
        >>> sorted(read_safetensors(open(path, "rb").read(), path).tensors())
        ['layers/dense/vars/0', 'layers/dense/vars/1']
    """
    tensors, metadata = _collect(model)
    safetensors.numpy.save_file(tensors, path, metadata=metadata)


def safetensors_bytes(model: Any) -> bytes:
    """The safetensors file of ``model``'s weights, as bytes (the entry of a ``.keras`` archive).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     data = safetensors_bytes(mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)]))
        >>> read_safetensors(data, "bytes").get_store("layers/dense")["1"].shape
        (1,)
    """
    tensors, metadata = _collect(model)
    return safetensors.numpy.save(tensors, metadata=metadata)


def _header_and_names(data: bytes) -> tuple[dict[str, Any], dict[str, str]]:
    """The file's JSON header and its ``object_names`` metadata (``{object path: object name}``).

    Both are conveniences (the order and names of objects): a header or
    names that do not parse give empty ones, and the tensors are checked by
    the parser.
    """
    try:
        header = json.loads(data[8:8 + int.from_bytes(data[:8], "little")])
        names = json.loads(header.get("__metadata__", {}).get("object_names", "{}"))
    except (ValueError, TypeError, AttributeError):
        return {}, {}
    if not isinstance(header, dict) or not isinstance(names, dict):
        return (header if isinstance(header, dict) else {}), {}
    return header, {path: name for path, name in names.items() if isinstance(name, str)}


def _file_order(header: dict[str, Any], names: dict[str, str]) -> Callable[[tuple[str, Any]], tuple[int, int]]:
    """A sort key putting parsed ``(key, entry)`` pairs in the order of the objects in the file.

    The parser yields entries in no fixed order. Objects come in the order of
    the header's ``object_names`` (the model's order, as multikeras writes it),
    then in the order of their first key in the header; the variables of an
    object by index.
    """
    objects = dict.fromkeys(names)
    objects.update(dict.fromkeys(key.rpartition("/vars/")[0] for key in header if key != "__metadata__"))
    position = {path: rank for rank, path in enumerate(objects)}

    def order(entry: tuple[str, Any]) -> tuple[int, int]:
        path, _, index = entry[0].rpartition("/vars/")
        return position.get(path, len(position)), int(index) if index.isdigit() else -1

    return order


def read_safetensors(data: bytes, filepath: str | os.PathLike, where: str = "load_weights") -> FlatWeightsFile:
    """Parse safetensors ``data`` (from ``filepath``, named in errors) into weights by object path.

    Raises:
        SavedFileError: the data is not a valid safetensors file (truncated,
            corrupted), holds an unknown dtype, or a key that is not a weight
            key ``"<object path>/vars/<index>"``.

    Example:
        >>> data = safetensors.numpy.save({"vars/0": np.ones(2, "float32")})
        >>> read_safetensors(data, "w.safetensors").get_store("")["0"].tolist()
        [1.0, 1.0]
        >>> read_safetensors(data[:-1], "w.safetensors")
        Traceback (most recent call last):
        ...
        multikeras.saving.errors.SavedFileError: load_weights: 'w.safetensors': not a valid safetensors file (...)
    """
    try:
        entries = safetensors.deserialize(bytes(data))
    except Exception as error:  # the parser raises SafetensorError (not a ValueError) for every kind of damage
        raise SavedFileError(where, filepath, [("", f"not a valid safetensors file ({error})")]) from None
    tensors: dict[str, np.ndarray] = {}
    problems: list[tuple[str, str]] = []
    header, names = _header_and_names(data)
    for key, entry in sorted(entries, key=_file_order(header, names)):
        dtype = _DTYPES.get(entry["dtype"])
        if dtype is None:
            problems.append((key, f"unknown dtype {entry['dtype']!r}; expected one of {sorted(_DTYPES)}"))
            continue
        try:
            tensors[key] = np.frombuffer(entry["data"], dtype=dtype).reshape(entry["shape"])
        except ValueError as error:
            problems.append((key, f"its data does not fit shape {entry['shape']} and dtype {dtype}: {error}"))
    problems += [(key, "not a weight key; expected '<object path>/vars/<index>' (e.g. 'layers/dense/vars/0')")
                 for key in malformed_keys(tensors)]
    if problems:
        raise SavedFileError(where, filepath, problems)
    return FlatWeightsFile.from_tensors(tensors, names)


def load_safetensors(
    model: Any, data: bytes, filepath: str | os.PathLike, where: str = "load_weights", skip_mismatch: bool = False
) -> None:
    """Load safetensors ``data`` into ``model`` after checking every key, shape and dtype.

    Raises:
        SavedFileError: a damaged file, or weights that do not fit the model
            (see :func:`~multikeras.saving.strict_loading.load_flat_weights`);
            the model is unchanged then.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     a = mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)])
        ...     b = mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)])
        ...     load_safetensors(b, safetensors_bytes(a), "in memory")
        ...     print((a.weights[0].numpy() == b.weights[0].numpy()).all())
        True
    """
    from multikeras.saving.strict_loading import load_flat_weights

    weights = read_safetensors(data, filepath, where)
    load_flat_weights(model, weights, where, filepath, skip_mismatch=skip_mismatch)
