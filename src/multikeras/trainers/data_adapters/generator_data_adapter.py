"""Python generators and iterators yielding ``(x,)``, ``(x, y)`` or ``(x, y, sample_weight)`` tuples."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from multikeras.trainers.data_adapters.data_adapter import StreamingDataAdapter


class GeneratorDataAdapter(StreamingDataAdapter):
    """Batches read from a one-shot iterator.

    The first batch is read at construction, so an empty generator or a
    malformed batch fails before training starts; it is handed out again as
    the first batch of the first pass. Every batch must be a tuple of 1 to 3
    elements. The iterator cannot be rewound: a new pass continues where the
    previous one stopped (and is empty once the iterator is exhausted).

    Args:
        generator: an iterator (anything with ``__next__``), e.g. a generator.
        class_weight: optional ``{class index: weight}`` applied to each batch.

    Example:
        >>> import numpy as np
        >>> adapter = GeneratorDataAdapter((np.full(2, i), np.zeros(2)) for i in range(3))
        >>> [batch[0].tolist() for batch in adapter.get_iterator()]
        [[0, 0], [1, 1], [2, 2]]
    """

    def __init__(self, generator: Iterator[Any], class_weight: dict[int, float] | None = None) -> None:
        super().__init__(class_weight, "a Python generator or iterator", lists_are_tuples=False, tuples_only=True)
        self._generator = generator
        try:
            first = next(generator)
        except StopIteration:
            raise ValueError(
                "Received an empty generator: it yielded no batch. Expected a generator that yields at least "
                "one `(x,)`, `(x, y)` or `(x, y, sample_weight)` tuple."
            ) from None
        self._first: tuple[Any, ...] | None = self.standardize_batch(first)
        self._first_copy = self._first

    @property
    def num_batches(self) -> None:
        return None

    def get_iterator(self) -> Iterator[tuple[Any, ...]]:
        if self._first is not None:
            first, self._first = self._first, None
            yield first
        for batch in self._generator:
            yield self.standardize_batch(batch)

    def first_batch(self) -> tuple[Any, ...]:
        return self._first_copy
