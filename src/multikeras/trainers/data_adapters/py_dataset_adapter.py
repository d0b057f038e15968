"""`multikeras.utils.PyDataset`: batches fetched by index, optionally by a pool of threads."""

from __future__ import annotations

import collections
import itertools
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np

from multikeras.trainers.data_adapters.data_adapter import StreamingDataAdapter
from multikeras.utils.py_dataset import PyDataset


class PyDatasetAdapter(StreamingDataAdapter):
    """Batches ``dataset[0]``, ``dataset[1]``, ... of a :class:`~multikeras.utils.PyDataset`.

    A batch that is a tuple of 1 to 3 elements is ``(x,)``, ``(x, y)`` or
    ``(x, y, sample_weight)``; anything else is ``x`` alone. With
    ``shuffle=True`` each pass visits the batches in a new random order
    (ignored for an endless dataset). ``dataset.workers > 1`` fetches batches
    with that many threads, at most ``dataset.max_queue_size`` ahead, in
    order. ``on_epoch_begin`` / ``on_epoch_end`` of the dataset run around
    every epoch.

    Args:
        dataset: the :class:`~multikeras.utils.PyDataset`.
        shuffle: visit the batches in a random order.
        class_weight: optional ``{class index: weight}`` applied to each batch.

    Example:
        >>> import numpy as np
        >>> from multikeras.utils.py_dataset import PyDataset
        >>> class Counting(PyDataset):
        ...     def __len__(self):
        ...         return 2
        ...     def __getitem__(self, index):
        ...         return (np.full(2, index),)
        >>> [batch[0].tolist() for batch in PyDatasetAdapter(Counting()).get_iterator()]
        [[0, 0], [1, 1]]
    """

    def __init__(self, dataset: PyDataset, shuffle: bool | str = False,
                 class_weight: dict[int, float] | None = None) -> None:
        super().__init__(class_weight, f"the PyDataset {type(dataset).__name__}", lists_are_tuples=False,
                         tuples_only=False)
        self._dataset = dataset
        try:
            num_batches = dataset.num_batches
        except NotImplementedError as error:
            raise ValueError(str(error)) from None
        if num_batches is not None:
            if isinstance(num_batches, bool) or not isinstance(num_batches, (int, np.integer)):
                raise ValueError(
                    f"{type(dataset).__name__}.num_batches must be an int or None; received {num_batches!r}."
                )
            if num_batches <= 0:
                raise ValueError(
                    f"Received an empty PyDataset: {type(dataset).__name__} has {num_batches} batches. "
                    "Expected at least one batch."
                )
            num_batches = int(num_batches)
        self._num_batches: int | None = num_batches
        self._shuffle = bool(shuffle)

    @property
    def num_batches(self) -> int | None:
        return self._num_batches

    def _indices(self) -> Iterable[int]:
        if self._num_batches is None:
            return itertools.count()
        if self._shuffle:
            return (int(i) for i in np.random.permutation(self._num_batches))
        return range(self._num_batches)

    def get_iterator(self) -> Iterator[tuple[Any, ...]]:
        workers = self._dataset.workers or 1
        if workers > 1:
            yield from self._threaded(self._indices(), workers, max(self._dataset.max_queue_size, workers))
        else:
            for index in self._indices():
                yield self.standardize_batch(self._dataset[index])

    def _threaded(self, indices: Iterable[int], workers: int, ahead: int) -> Iterator[tuple[Any, ...]]:
        remaining = iter(indices)
        pending: collections.deque[Future[Any]] = collections.deque()
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="PyDataset") as pool:
            try:
                for index in itertools.islice(remaining, ahead):
                    pending.append(pool.submit(self._dataset.__getitem__, index))
                while pending:
                    batch = pending.popleft().result()
                    following = next(remaining, None)
                    if following is not None:
                        pending.append(pool.submit(self._dataset.__getitem__, following))
                    yield self.standardize_batch(batch)
            finally:  # the pass was abandoned or failed: drop work not yet started
                for future in pending:
                    future.cancel()

    def first_batch(self) -> tuple[Any, ...]:
        return self.standardize_batch(self._dataset[0])

    def on_epoch_begin(self) -> None:
        self._dataset.on_epoch_begin()

    def on_epoch_end(self) -> None:
        self._dataset.on_epoch_end()
