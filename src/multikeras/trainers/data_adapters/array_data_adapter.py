"""In-memory data: NumPy arrays, framework tensors, pandas objects, number lists, and nested structures of them."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np

from multikeras.trainers.data_adapters import class_weights
from multikeras.trainers.data_adapters.data_adapter import DataAdapter, UnsupportedDataError
from multikeras.trainers.data_adapters.structures import (
    cast_floats_to_floatx,
    describe,
    is_array_like,
    is_number_list,
    leaf_to_numpy,
    leaves_with_paths,
    map_structure,
)

DEFAULT_BATCH_SIZE = 32


def is_array_structure(value: Any) -> bool:
    """``True`` when every leaf is an array, a number list or ``None``, and at least one is not ``None``."""
    leaves = [leaf for _, leaf in leaves_with_paths(value, "x")]
    if not any(leaf is not None for leaf in leaves):
        return False
    return all(leaf is None or is_array_like(leaf) or is_number_list(leaf) for leaf in leaves)


def check_array_structure(value: Any, name: str, accepted: str) -> None:
    """Raise :class:`UnsupportedDataError` naming the first leaf of ``value`` that is not an array."""
    leaves = list(leaves_with_paths(value, name))
    if not any(leaf is not None for _, leaf in leaves):
        raise UnsupportedDataError(f"`{name}` holds no array: received {describe(value)}. Expected {accepted}.")
    for path, leaf in leaves:
        if not (leaf is None or is_array_like(leaf) or is_number_list(leaf)):
            where = f" (at `{path}`)" if path != name else ""
            raise UnsupportedDataError(
                f"Unsupported data type for `{name}`{where}: received {describe(leaf)}. Expected {accepted}."
            )


def _leaf_to_batchable_array(path: str, leaf: Any) -> Any:
    if leaf is None:
        return None
    try:
        array = leaf_to_numpy(leaf)
    except Exception as error:  # a tensor type whose conversion fails: say which leaf
        raise ValueError(f"Could not convert `{path}` ({describe(leaf)}) to a NumPy array: {error}") from error
    if array.ndim == 0:
        raise ValueError(
            f"`{path}` must have a leading samples dimension; received a scalar {describe(leaf)}. "
            "Pass one value per sample, e.g. an array of shape (samples, ...)."
        )
    return cast_floats_to_floatx(array)


def convert_arrays(value: Any, name: str) -> Any:
    """The structure ``value`` with every leaf a NumPy array (floats cast to ``floatx()``)."""
    paths = iter([path for path, _ in leaves_with_paths(value, name)])
    return map_structure(lambda leaf: _leaf_to_batchable_array(next(paths), leaf), value)


def check_cardinality(named_structures: dict[str, Any]) -> int:
    """Return the common number of samples of all leaves; raise naming every size when they differ."""
    sizes: dict[str, list[tuple[str, int]]] = {}
    for name, structure in named_structures.items():
        for path, leaf in leaves_with_paths(structure, name):
            if leaf is not None:
                sizes.setdefault(name, []).append((path, int(leaf.shape[0])))
    distinct = {size for entries in sizes.values() for _, size in entries}
    if len(distinct) > 1:
        listing = "; ".join(
            ", ".join(f"{path}: {size}" for path, size in entries) for entries in sizes.values()
        )
        names = [f"`{name}`" for name in sizes]
        subject = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        raise ValueError(
            f"{subject} must hold the same number of samples (size of the "
            f"first dimension); received {listing}."
        )
    return distinct.pop()


class ArrayDataAdapter(DataAdapter):
    """Batches sliced from in-memory arrays, optionally shuffled on every pass.

    Args:
        x: inputs: an array-like or a dict / list / tuple of them.
        y: targets, the same way, or ``None``.
        sample_weight: per-sample weights, or ``None``.
        batch_size: samples per batch (default 32); the last batch of a pass
            holds the remainder.
        shuffle: ``True`` draws a new permutation of the samples for every
            pass; ``"batch"`` keeps the batches but shuffles samples inside
            each; ``False`` keeps the order.
        class_weight: ``{class index: weight}`` turned into sample weights.

    Example:
        >>> import numpy as np
        >>> adapter = ArrayDataAdapter(np.arange(5.0), np.arange(5), batch_size=2)
        >>> [batch[1].tolist() for batch in adapter.get_iterator()]
        [[0, 1], [2, 3], [4]]
    """

    def __init__(
        self,
        x: Any,
        y: Any = None,
        sample_weight: Any = None,
        batch_size: int | None = None,
        shuffle: bool | str = False,
        class_weight: dict[int, float] | None = None,
    ) -> None:
        x = convert_arrays(x, "x")
        y = convert_arrays(y, "y") if y is not None else None
        sample_weight = convert_arrays(sample_weight, "sample_weight") if sample_weight is not None else None
        named = {"x": x, "y": y, "sample_weight": sample_weight}
        self._num_samples = check_cardinality({name: value for name, value in named.items() if value is not None})
        if self._num_samples == 0:
            raise ValueError(
                f"Received empty data: `x` holds 0 samples ({describe(x)}). Expected at least one sample."
            )
        if class_weight is not None:
            class_weights.check_class_weight_targets(y, sample_weight)
            sample_weight = class_weights.class_weight_to_sample_weight(y, class_weight)
        if sample_weight is not None:
            self._arrays: tuple[Any, ...] = (x, y, sample_weight)
        elif y is not None:
            self._arrays = (x, y)
        else:
            self._arrays = (x,)
        self._batch_size = DEFAULT_BATCH_SIZE if batch_size is None else batch_size
        self._shuffle = shuffle

    @property
    def source(self) -> str:
        return "in-memory arrays"

    @property
    def num_samples(self) -> int:
        """Samples in the data."""
        return self._num_samples

    @property
    def batch_size(self) -> int:
        """Samples per batch."""
        return self._batch_size

    @property
    def num_batches(self) -> int:
        return math.ceil(self._num_samples / self._batch_size)

    def get_iterator(self) -> Iterator[tuple[Any, ...]]:
        order = np.random.permutation(self._num_samples) if self._shuffle is True else None
        arrays = self._arrays
        # Plain (x, y[, sample_weight]) arrays, the common case: each batch built without walking a structure.
        flat = all(type(a) is np.ndarray or a is None for a in arrays)
        for start in range(0, self._num_samples, self._batch_size):
            stop = min(start + self._batch_size, self._num_samples)
            if order is not None:
                indices = order[start:stop]
            elif self._shuffle == "batch":
                indices = start + np.random.permutation(stop - start)
            else:
                indices = None
            if indices is None:
                yield (tuple(None if a is None else a[start:stop] for a in arrays) if flat
                       else map_structure(lambda a: None if a is None else a[start:stop], arrays))
            else:
                yield (tuple(None if a is None else np.take(a, indices, axis=0) for a in arrays) if flat
                       else map_structure(lambda a: None if a is None else np.take(a, indices, axis=0), arrays))

    def first_batch(self) -> tuple[Any, ...]:
        stop = min(self._batch_size, self._num_samples)
        return map_structure(lambda a: None if a is None else a[:stop], self._arrays)
