"""`train_validation_split`: hold out the last samples of in-memory data for validation."""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from multikeras.trainers.data_adapters.array_data_adapter import check_cardinality
from multikeras.trainers.data_adapters.structures import (
    describe,
    is_array_like,
    is_number_list,
    leaves_with_paths,
    map_structure,
)


def _as_sliceable(leaf: Any) -> Any:
    return np.asarray(leaf) if is_number_list(leaf) else leaf


def _rows(leaf: Any) -> np.ndarray | None:
    """A stand-in with the leaf's number of samples, for the cardinality check."""
    if leaf is None:
        return None
    shape = tuple(getattr(leaf, "shape", ()))
    if not shape:
        raise ValueError(
            f"train_validation_split: every array needs a leading samples dimension; received {describe(leaf)}."
        )
    return np.empty((int(shape[0]), 0))


def _slice(leaf: Any, start: int | None, stop: int | None) -> Any:
    if leaf is None:
        return None
    rows = getattr(leaf, "iloc", None)  # pandas objects: slice by position, not by label
    return rows[start:stop] if rows is not None else leaf[start:stop]


def train_validation_split(arrays: Any, validation_split: float) -> tuple[Any, Any]:
    """Split in-memory data into training and validation parts: the last fraction is for validation.

    The samples are not shuffled: the validation part is the last
    ``validation_split`` fraction, the training part holds the first
    ``floor(samples * (1 - validation_split))`` samples. Each leaf keeps its
    type (NumPy arrays, framework tensors and pandas objects are sliced
    natively; lists of numbers become NumPy arrays); ``None`` stays ``None``.

    Args:
        arrays: a tuple such as ``(x, y, sample_weight)`` whose elements are
            arrays, tensors, pandas objects, number lists, nested dicts /
            lists / tuples of them, or ``None``.
        validation_split: the fraction held out, strictly between 0 and 1.

    Returns:
        ``(train_arrays, validation_arrays)``, each with the structure of ``arrays``.

    Raises:
        ValueError: for data that is not in memory (a generator, a dataset),
            inconsistent sample counts, or too few samples to split.

    Example:
        >>> import numpy as np
        >>> (x_train, y_train), (x_val, y_val) = train_validation_split((np.arange(5), np.arange(5) * 10), 0.4)
        >>> x_train.tolist(), y_val.tolist()
        ([0, 1, 2], [30, 40])
    """
    if isinstance(validation_split, bool) or not isinstance(validation_split, numbers.Real) or not (
        0 < validation_split < 1
    ):
        raise ValueError(
            f"train_validation_split: `validation_split` must be a float strictly between 0 and 1; "
            f"received {validation_split!r}."
        )
    unsupported = [
        f"`{path}`: {describe(leaf)}"
        for path, leaf in leaves_with_paths(arrays, "arrays")
        if not (leaf is None or is_array_like(leaf) or is_number_list(leaf))
    ]
    if unsupported:
        raise ValueError(
            "`validation_split` is only supported for in-memory data (arrays, tensors, pandas objects, lists "
            "of numbers); for generators, datasets or PyDataset pass `validation_data` instead. Received "
            + "; ".join(unsupported) + "."
        )
    arrays = map_structure(_as_sliceable, arrays)
    sized = map_structure(_rows, arrays)
    if not any(leaf is not None for _, leaf in leaves_with_paths(sized, "arrays")):
        raise ValueError(f"train_validation_split: received no array to split: {describe(arrays)}.")
    num_samples = check_cardinality({"arrays": sized})
    split_at = int(math.floor(num_samples * (1 - validation_split)))
    if split_at == 0 or split_at == num_samples:
        raise ValueError(
            f"The data holds {num_samples} samples, too few to split into non-empty training and validation "
            f"parts with `validation_split={validation_split}`. Provide more data or change `validation_split`."
        )
    train = map_structure(lambda leaf: _slice(leaf, None, split_at), arrays)
    validation = map_structure(lambda leaf: _slice(leaf, split_at, None), arrays)
    return train, validation
