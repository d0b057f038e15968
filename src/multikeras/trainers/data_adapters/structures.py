"""Nested data structures: walking them, converting their leaves to NumPy, describing them in errors.

A *structure* is a leaf or a ``dict`` / ``list`` / ``tuple`` (namedtuples
included) of structures. Leaves are arrays (NumPy arrays, framework tensors,
pandas objects) or ``None``. A list of Python numbers is one leaf (data), not
a structure: ``[1.0, 2.0]`` is a vector, ``[a, b]`` with arrays ``a``, ``b``
is two inputs.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import ml_dtypes
import numpy as np

from multikeras.backend import config, dtypes


def is_number_list(value: Any) -> bool:
    """``True`` for a non-empty list of Python numbers (or of such lists / tuples): data, not structure.

    Example:
        >>> is_number_list([1, 2.5]), is_number_list([[1, 2], [3, 4]]), is_number_list([]), is_number_list((1, 2))
        (True, True, False, False)
    """
    return isinstance(value, list) and _is_number_sequence(value)


def _is_number_sequence(value: Any) -> bool:
    if not value:
        return False
    return all(
        _is_number_sequence(item) if isinstance(item, (list, tuple)) else _is_scalar_number(item)
        for item in value
    )


def _is_scalar_number(value: Any) -> bool:
    return isinstance(value, (numbers.Number, np.generic)) and not isinstance(value, (str, bytes))


def is_array_like(value: Any) -> bool:
    """``True`` for NumPy arrays, framework tensors (``shape`` + ``dtype`` + ``__array__``) and pandas-like frames.

    Example:
        >>> import numpy as np
        >>> is_array_like(np.zeros(3)), is_array_like([1, 2]), is_array_like("abc")
        (True, False, False)
    """
    if isinstance(value, np.ndarray):
        return True
    if isinstance(value, (str, bytes, Mapping, list, tuple)) or value is None:
        return False
    if callable(getattr(value, "to_numpy", None)):
        return True
    return hasattr(value, "shape") and hasattr(value, "dtype") and hasattr(value, "__array__")


def is_structure_node(value: Any) -> bool:
    """``True`` for the containers a structure is made of (dict, tuple, and lists that are not number lists)."""
    if isinstance(value, Mapping) or isinstance(value, tuple):
        return True
    return isinstance(value, list) and not is_number_list(value)


def map_structure(function: Callable[[Any], Any], structure: Any) -> Any:
    """Apply ``function`` to every leaf (``None`` included), keeping dicts, lists and tuples.

    Example:
        >>> map_structure(lambda v: v * 2, {"a": (1, 2), "b": ["c"], "d": [3]})  # [3] is one leaf: data
        {'a': (2, 4), 'b': ['cc'], 'd': [3, 3]}
    """
    if isinstance(structure, Mapping):
        items = [(key, map_structure(function, value)) for key, value in structure.items()]
        try:
            return type(structure)(items)
        except TypeError:  # mappings whose constructor takes something else (defaultdict)
            return dict(items)
    if isinstance(structure, tuple):
        mapped = [map_structure(function, value) for value in structure]
        return type(structure)(*mapped) if hasattr(structure, "_fields") else tuple(mapped)
    if isinstance(structure, list) and not is_number_list(structure):
        return [map_structure(function, value) for value in structure]
    return function(structure)


def leaves_with_paths(structure: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Yield ``(path, leaf)`` pairs; paths read like Python indexing, e.g. ``x['image']`` or ``y[1]``.

    Example:
        >>> list(leaves_with_paths({"a": ("u", "v"), "b": [1, 2]}, "x"))
        [("x['a'][0]", 'u'), ("x['a'][1]", 'v'), ("x['b']", [1, 2])]
    """
    if isinstance(structure, Mapping):
        for key, value in structure.items():
            yield from leaves_with_paths(value, f"{path}[{key!r}]")
    elif isinstance(structure, tuple) or (isinstance(structure, list) and not is_number_list(structure)):
        for index, value in enumerate(structure):
            yield from leaves_with_paths(value, f"{path}[{index}]")
    else:
        yield path, structure


def leaf_to_numpy(value: Any) -> Any:
    """Convert one leaf (array, tensor of any framework, pandas object, number list) to a NumPy array.

    ``None`` stays ``None``. Tensors that track gradients are detached and
    moved to host memory first (duck typed through ``detach`` / ``cpu``).

    Example:
        >>> leaf_to_numpy([1, 2]).tolist(), leaf_to_numpy(None)
        ([1, 2], None)
    """
    if value is None or isinstance(value, np.ndarray):
        return value
    detach = getattr(value, "detach", None)
    if callable(detach):
        value = detach()
        to_host = getattr(value, "cpu", None)
        if callable(to_host):
            value = to_host()
    to_numpy = getattr(value, "to_numpy", None)
    if callable(to_numpy):
        return np.asarray(to_numpy())
    return np.asarray(value)


def structure_to_numpy(structure: Any) -> Any:
    """:func:`leaf_to_numpy` applied to every leaf of a structure."""
    return map_structure(leaf_to_numpy, structure)


def _numpy_dtype(name: str) -> np.dtype:
    return np.dtype(getattr(ml_dtypes, name)) if name == "bfloat16" else np.dtype(name)


def cast_floats_to_floatx(array: Any) -> Any:
    """Cast a floating NumPy array to ``floatx()`` (integers, bools, strings and complex stay as they are).

    Example:
        >>> import numpy as np
        >>> cast_floats_to_floatx(np.zeros(2, "float64")).dtype, cast_floats_to_floatx(np.zeros(2, "int64")).dtype
        (dtype('float32'), dtype('int64'))
    """
    if not isinstance(array, np.ndarray) or array.dtype.kind in "biuOSUc":
        return array
    try:
        name = dtypes.standardize_dtype(array.dtype)
    except ValueError:
        return array
    floatx = config.floatx()
    if name not in dtypes.FLOATING or name == floatx:
        return array
    return array.astype(_numpy_dtype(floatx))


def describe(value: Any, limit: int = 300) -> str:
    """A short description of a value for error messages: types and shapes instead of contents.

    Example:
        >>> import numpy as np
        >>> describe({"a": np.zeros((2, 3)), "b": [1, 2]})
        "{'a': array(shape=(2, 3), dtype=float64), 'b': [1, 2]}"
    """
    text = _describe(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _describe(value: Any) -> str:
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{key!r}: {_describe(item)}" for key, item in value.items()) + "}"
    if isinstance(value, tuple):
        inner = ", ".join(_describe(item) for item in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list) and not is_number_list(value):
        return "[" + ", ".join(_describe(item) for item in value) + "]"
    shape = getattr(value, "shape", None)
    if shape is not None and hasattr(value, "dtype") and not isinstance(value, np.generic):
        kind = "array" if isinstance(value, np.ndarray) else type(value).__name__
        return f"{kind}(shape={tuple(shape)}, dtype={value.dtype})"
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} (of type {type(value).__name__})" if not isinstance(value, (list, numbers.Number)) else text
