"""`split_dataset`: split in-memory samples into a left and a right :class:`NumpyDataset`."""

from __future__ import annotations

import numbers
import random
from collections.abc import Mapping
from typing import Any

import numpy as np
import optree

from multikeras.utils.numpy_dataset import NumpyDataset, flatten_structure, map_leaves, to_numpy

_ACCEPTED = (
    "a NumPy array, a tuple / list / dict of arrays with the same number of samples, or a "
    "multikeras.utils.NumpyDataset"
)


def _columns_of_dataset(dataset: NumpyDataset) -> Any:
    """All samples of ``dataset`` as one structure of arrays (batches are concatenated)."""
    elements = list(dataset)
    if not elements:
        raise ValueError("split_dataset: received an empty dataset; expected at least one sample.")
    spec = flatten_structure(elements[0])[1]
    per_leaf = zip(*(flatten_structure(element)[0] for element in elements))
    join = np.stack if dataset.batch_size is None else np.concatenate
    return optree.tree_unflatten(spec, [join([np.asarray(part) for part in parts]) for parts in per_leaf])


def _columns(dataset: Any) -> Any:
    if isinstance(dataset, NumpyDataset):
        return _columns_of_dataset(dataset)
    if isinstance(dataset, (tuple, list, Mapping)):
        if len(dataset) == 0:
            raise ValueError(f"split_dataset: received an empty {type(dataset).__name__}; expected {_ACCEPTED}.")
        columns = map_leaves(to_numpy, dataset)
    elif hasattr(dataset, "shape") and hasattr(dataset, "__array__"):
        columns = to_numpy(dataset)
    else:
        raise TypeError(f"split_dataset: `dataset` must be {_ACCEPTED}; received {type(dataset).__name__}.")
    leaves = flatten_structure(columns)[0]
    if any(leaf.ndim == 0 for leaf in leaves) or len({len(leaf) for leaf in leaves}) != 1:
        raise ValueError(
            f"split_dataset: every array needs the same number of samples along its first axis; received arrays "
            f"of shapes {[leaf.shape for leaf in leaves]}."
        )
    if len(leaves[0]) == 0:
        raise ValueError("split_dataset: received an empty dataset; expected at least one sample.")
    return columns


def _check_size(name: str, size: Any, total: int) -> None:
    if size is None:
        return
    if isinstance(size, bool) or not isinstance(size, numbers.Real):
        raise TypeError(f"split_dataset: `{name}` must be an int, a float or None; received {name}={size!r}.")
    if isinstance(size, numbers.Integral):
        if not 0 < size < total:
            raise ValueError(
                f"split_dataset: an int `{name}` must be a positive number of samples smaller than {total}; "
                f"received {name}={size}."
            )
    elif not 0 < size < 1:
        raise ValueError(f"split_dataset: a float `{name}` must lie strictly between 0 and 1; received {name}={size}.")


def _split_sizes(left_size: Any, right_size: Any, total: int) -> tuple[int, int]:
    if left_size is None and right_size is None:
        raise ValueError("split_dataset: give `left_size`, `right_size` or both; received neither.")
    _check_size("left_size", left_size, total)
    _check_size("right_size", right_size, total)
    fractions = [size for size in (left_size, right_size) if isinstance(size, numbers.Real)
                 and not isinstance(size, numbers.Integral)]
    if len(fractions) == 2 and sum(fractions) > 1:
        raise ValueError(
            f"split_dataset: `left_size` + `right_size` must be at most 1; received {left_size} + {right_size}."
        )

    def count(size: Any) -> int | None:
        if size is None:
            return None
        return int(size) if isinstance(size, numbers.Integral) else round(size * total)

    left, right = count(left_size), count(right_size)
    left = total - right if left is None else left
    right = total - left if right is None else right
    if left + right > total:
        raise ValueError(
            f"split_dataset: `left_size` and `right_size` add up to {left + right} samples, more than the "
            f"{total} the dataset holds."
        )
    for side, size in (("left", left), ("right", right)):
        if size == 0:
            raise ValueError(
                f"split_dataset: with {total} samples, left_size={left_size} and right_size={right_size} leave "
                f"the {side} part empty."
            )
    return left, right


def split_dataset(
    dataset: Any,
    left_size: int | float | None = None,
    right_size: int | float | None = None,
    shuffle: bool = False,
    seed: int | None = None,
) -> tuple[NumpyDataset, NumpyDataset]:
    """Split samples into a left part (e.g. training) and a right part (e.g. test).

    An int size counts samples, a float is a fraction of them (rounded); a
    size left as ``None`` is the complement of the other. The left part takes
    the first ``left_size`` samples, the right part the last ``right_size``
    (samples in neither are dropped). ``shuffle=True`` first permutes the
    samples in the order Keras 3 does for the same ``seed``. As in Keras,
    the parts yield single samples; a batched
    :class:`~multikeras.utils.NumpyDataset` gives parts batched the same way.

    Args:
        dataset: a NumPy array (or tensor), a tuple / list of arrays (its
            elements are yielded as tuples), a dict of arrays (an extension:
            Keras rejects dicts), or a :class:`~multikeras.utils.NumpyDataset`.
        left_size: samples (int) or fraction (float) in the left part.
        right_size: samples (int) or fraction (float) in the right part.
        shuffle: shuffle the samples before splitting.
        seed: seed of the shuffling (``None``: drawn from Python's ``random``).

    Returns:
        ``(left, right)``, two :class:`~multikeras.utils.NumpyDataset`.

    Raises:
        TypeError: for a ``dataset`` or size of an unsupported type.
        ValueError: for sizes out of range, an empty part, or arrays of
            different lengths.

    Example:
        >>> import numpy as np
        >>> left, right = split_dataset(np.arange(10), left_size=0.8)
        >>> len(left), [int(x) for x in right]
        (8, [8, 9])
    """
    columns = _columns(dataset)
    total = len(flatten_structure(columns)[0][0])
    left, right = _split_sizes(left_size, right_size, total)
    order = list(range(total))
    if shuffle:
        seed = random.randint(0, int(1e6)) if seed is None else seed
        random.Random(seed).shuffle(order)  # the permutation `random.seed(seed); random.shuffle(...)` gives
    batch_size = dataset.batch_size if isinstance(dataset, NumpyDataset) else None
    parts = []
    for indices in (order[:left], order[total - right:]):
        part = NumpyDataset.from_arrays(columns, batch_size=batch_size, indices=indices)
        parts.append(part)
    return parts[0], parts[1]
