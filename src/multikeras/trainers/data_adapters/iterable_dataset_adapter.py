"""Re-iterable datasets of batches: objects with ``as_numpy_iterator()`` and data loaders.

Both are recognized by what they offer, never by their module:

- a *dataset* has ``as_numpy_iterator()`` (``tf.data.Dataset``); its length
  comes from ``cardinality()`` when that is a count (infinite and unknown
  cardinalities are negative);
- a *data loader* is iterable and has ``dataset`` and ``batch_size``
  attributes (``torch.utils.data.DataLoader``); its length is ``len()`` when
  defined.

Each pass starts a fresh iteration. A batch that is a tuple (or a list, as
data loaders collate samples) of 1 to 3 elements is ``(x,)``, ``(x, y)`` or
``(x, y, sample_weight)``; anything else (an array, a dict) is ``x`` alone.
Tensors inside batches become NumPy arrays.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from multikeras.trainers.data_adapters.data_adapter import StreamingDataAdapter


def is_numpy_iterable_dataset(value: Any) -> bool:
    """``True`` for objects with an ``as_numpy_iterator()`` method (``tf.data.Dataset``)."""
    return callable(getattr(value, "as_numpy_iterator", None))


def is_data_loader(value: Any) -> bool:
    """``True`` for iterables with ``dataset`` and ``batch_size`` attributes (``torch.utils.data.DataLoader``)."""
    return hasattr(value, "__iter__") and hasattr(value, "dataset") and hasattr(value, "batch_size")


def _known_length(dataset: Any) -> int | None:
    cardinality = getattr(dataset, "cardinality", None)
    if callable(cardinality):
        try:
            count = int(cardinality())
        except (TypeError, ValueError):
            count = -1
        return count if count >= 0 else None
    try:
        return len(dataset)
    except TypeError:  # loaders over iterable-style datasets have no length
        return None


class IterableDatasetAdapter(StreamingDataAdapter):
    """Batches read from a dataset or data loader, a fresh iteration per pass.

    Args:
        dataset: an object with ``as_numpy_iterator()``, or an iterable data
            loader (see the module docstring).
        class_weight: optional ``{class index: weight}`` applied to each batch.

    Example:
        >>> import numpy as np
        >>> class Loader:  # the shape of a data loader: iterable, with `dataset` and `batch_size`
        ...     dataset, batch_size = None, 2
        ...     def __iter__(self):
        ...         return iter([[np.zeros(2), np.ones(2)], [np.zeros(1), np.ones(1)]])
        ...     def __len__(self):
        ...         return 2
        >>> adapter = IterableDatasetAdapter(Loader())
        >>> adapter.num_batches, [batch[1].tolist() for batch in adapter.get_iterator()]
        (2, [[1.0, 1.0], [1.0]])
    """

    def __init__(self, dataset: Any, class_weight: dict[int, float] | None = None) -> None:
        as_numpy_iterator = getattr(dataset, "as_numpy_iterator", None)
        source = "a dataset" if callable(as_numpy_iterator) else "a data loader"
        super().__init__(class_weight, source, lists_are_tuples=True, tuples_only=False)
        self._dataset = dataset
        self._make_iterator: Callable[[], Iterator[Any]] = (
            as_numpy_iterator if callable(as_numpy_iterator) else lambda: iter(dataset)
        )
        self._num_batches = _known_length(dataset)
        if self._num_batches == 0:
            raise ValueError(
                f"Received an empty {source[2:]} ({type(dataset).__name__} of length 0). "
                "Expected at least one batch."
            )

    @property
    def num_batches(self) -> int | None:
        return self._num_batches

    def get_iterator(self) -> Iterator[tuple[Any, ...]]:
        for batch in self._make_iterator():
            yield self.standardize_batch(batch)
