"""`get_data_adapter`: the adapter for whatever the user passed as ``x``."""

from __future__ import annotations

import warnings
from typing import Any

from multikeras.trainers.data_adapters import class_weights
from multikeras.trainers.data_adapters.array_data_adapter import (
    ArrayDataAdapter,
    check_array_structure,
    is_array_structure,
)
from multikeras.trainers.data_adapters.data_adapter import DataAdapter, UnsupportedDataError
from multikeras.trainers.data_adapters.generator_data_adapter import GeneratorDataAdapter
from multikeras.trainers.data_adapters.iterable_dataset_adapter import (
    IterableDatasetAdapter,
    is_data_loader,
    is_numpy_iterable_dataset,
)
from multikeras.trainers.data_adapters.py_dataset_adapter import PyDatasetAdapter
from multikeras.trainers.data_adapters.structures import describe
from multikeras.utils.py_dataset import PyDataset

ACCEPTED_TYPES = (
    "a NumPy array or a tensor of any backend (or a dict / list / tuple of them), a list of numbers, "
    "a pandas DataFrame or Series, a Python generator or iterator yielding `(x,)`, `(x, y)` or "
    "`(x, y, sample_weight)` tuples, a `multikeras.utils.PyDataset`, a dataset with `as_numpy_iterator()` "
    "(tf.data.Dataset), or a data loader (torch.utils.data.DataLoader)"
)
"""What ``x`` may be, for error messages."""

_ARRAYS = "arrays or tensors (or a dict / list / tuple of them), lists of numbers, or pandas objects"


_PY_DATASET = "a PyDataset"
_DATASET = "a dataset (such as tf.data.Dataset)"
_GENERATOR = "a Python generator or iterator"
_DATA_LOADER = "a data loader (such as torch.utils.data.DataLoader)"


def _batch_source(x: Any) -> str | None:
    """Which kind of batch-producing source ``x`` is (its name in messages); ``None`` for in-memory data."""
    if isinstance(x, PyDataset):
        return _PY_DATASET
    if is_numpy_iterable_dataset(x):
        return _DATASET
    if is_array_structure(x):
        return None
    if hasattr(x, "__next__") and hasattr(x, "__iter__"):
        return _GENERATOR
    if is_data_loader(x):
        return _DATA_LOADER
    return None


def get_data_adapter(
    x: Any,
    y: Any = None,
    sample_weight: Any = None,
    batch_size: int | None = None,
    shuffle: bool | str = False,
    class_weight: dict[int, float] | None = None,
) -> DataAdapter:
    """Return the :class:`DataAdapter` for ``x`` (and ``y`` / ``sample_weight`` when ``x`` is in-memory data).

    Sources that produce whole batches (generators, datasets, data loaders,
    PyDataset) carry their own targets and weights: ``y`` or
    ``sample_weight`` with them is a ``ValueError``; ``batch_size`` is
    ignored with a warning, and so is ``shuffle`` except for a PyDataset
    (whose batch order is shuffled).

    Raises:
        UnsupportedDataError: (a ``TypeError`` and ``ValueError``) for data of
            an unsupported type.
        ValueError: for inconsistent or empty data.

    Example:
        >>> import numpy as np
        >>> type(get_data_adapter(np.zeros((4, 2)), np.zeros(4))).__name__
        'ArrayDataAdapter'
        >>> type(get_data_adapter((np.zeros(2),) for _ in range(3))).__name__
        'GeneratorDataAdapter'
    """
    class_weight = class_weights.validate_class_weight(class_weight)
    if x is None:
        raise UnsupportedDataError(f"Received `x=None`. Expected {ACCEPTED_TYPES}.")
    source = _batch_source(x)
    if source is None:
        check_array_structure(x, "x", ACCEPTED_TYPES)
        for name, value in (("y", y), ("sample_weight", sample_weight)):
            if value is not None:
                check_array_structure(value, name, _ARRAYS + " with as many samples as `x`, or None")
        return ArrayDataAdapter(x, y, sample_weight, batch_size=batch_size, shuffle=shuffle,
                                class_weight=class_weight)
    for name, value in (("y", y), ("sample_weight", sample_weight)):
        if value is not None:
            raise ValueError(
                f"When `x` is {source}, `{name}` must not be given: the batches of `x` carry "
                f"targets and sample weights themselves, as `(x, y)` or `(x, y, sample_weight)` tuples. "
                f"Received `{name}`={describe(value)}."
            )
    if batch_size is not None:
        warnings.warn(
            f"`batch_size={batch_size}` is ignored: `x` is {source}, which produces whole batches itself.",
            UserWarning,
            stacklevel=3,
        )
    if source == _PY_DATASET:
        return PyDatasetAdapter(x, shuffle=shuffle, class_weight=class_weight)
    # ``shuffle=True`` is fit's default, so it is ignored silently here as in Keras; only the
    # explicit ``"batch"`` mode, which asks for something these sources cannot do, warns.
    if shuffle == "batch":
        warnings.warn(
            f"`shuffle={shuffle!r}` is ignored: `x` is {source}, whose batches come in the order it "
            "produces them; shuffle the data in the source itself.",
            UserWarning,
            stacklevel=3,
        )
    if source == _GENERATOR:
        return GeneratorDataAdapter(x, class_weight=class_weight)
    return IterableDatasetAdapter(x, class_weight=class_weight)
