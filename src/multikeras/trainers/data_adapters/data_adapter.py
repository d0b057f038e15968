"""The `DataAdapter` interface: one kind of input data turned into passes of NumPy batches."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from multikeras.trainers.data_adapters import class_weights
from multikeras.trainers.data_adapters.structures import describe, structure_to_numpy


class UnsupportedDataError(TypeError, ValueError):
    """Input data of a type no adapter accepts.

    A ``TypeError`` (the kind of the mistake), and also a ``ValueError``
    because Keras raises that for unrecognized data and code may catch it.
    """


class DataAdapter:
    """Turns one kind of input data into passes over batches.

    A *pass* is one iteration over the data (:meth:`get_iterator`); each
    batch is a tuple ``(x,)``, ``(x, y)`` or ``(x, y, sample_weight)`` of
    nested NumPy arrays. :class:`~multikeras.trainers.data_adapters.EpochIterator`
    cuts passes into epochs.

    Subclasses implement :meth:`get_iterator` and :attr:`num_batches`.
    """

    def get_iterator(self) -> Iterator[tuple[Any, ...]]:
        """Start a new pass over the data (a one-shot generator continues where it stopped)."""
        raise NotImplementedError

    @property
    def num_batches(self) -> int | None:
        """Batches in one pass, or ``None`` when unknown or infinite."""
        raise NotImplementedError

    @property
    def source(self) -> str:
        """What the data is, for messages, e.g. ``"a Python generator or iterator"``."""
        return "the data"

    def first_batch(self) -> tuple[Any, ...]:
        """One batch, without consuming data of the next epoch (for building a model before training)."""
        iterator = self.get_iterator()
        try:
            return next(iterator)
        except StopIteration:
            raise ValueError(f"Received empty data: {self.source} produced no batch.") from None
        finally:
            close = getattr(iterator, "close", None)
            if callable(close):
                close()

    def on_epoch_begin(self) -> None:
        """Called by the epoch iterator before each epoch."""

    def on_epoch_end(self) -> None:
        """Called by the epoch iterator after each epoch."""


class StreamingDataAdapter(DataAdapter):
    """Base of the adapters whose batches come ready-made (generators, datasets, PyDataset).

    Args:
        class_weight: optional ``{class index: weight}`` applied to each batch.
        source: how the data is called in error messages, e.g. ``"a Python generator"``.
        lists_are_tuples: read a list of 1 to 3 elements like a tuple (data
            loaders collate ``(x, y)`` samples into ``[x, y]`` lists).
        tuples_only: when ``True`` (generators) a batch that is not a tuple
            is an error; when ``False`` it is ``x`` alone. A tuple of 0 or
            more than 3 elements is always an error.
    """

    def __init__(self, class_weight: dict[int, float] | None, source: str, *, lists_are_tuples: bool,
                 tuples_only: bool) -> None:
        self._class_weight = class_weight
        self._source = source
        self._lists_are_tuples = lists_are_tuples
        self._tuples_only = tuples_only

    @property
    def source(self) -> str:
        return self._source

    def standardize_batch(self, batch: Any) -> tuple[Any, ...]:
        """Check a batch of the source and return it as a tuple of nested NumPy arrays (class weights applied)."""
        if self._lists_are_tuples and isinstance(batch, list) and 1 <= len(batch) <= 3:
            batch = tuple(batch)
        if not isinstance(batch, tuple) or not 1 <= len(batch) <= 3:
            if isinstance(batch, tuple) or self._tuples_only:
                raise ValueError(
                    f"Each batch of {self._source} must be a tuple `(x,)`, `(x, y)` or "
                    f"`(x, y, sample_weight)`; received {describe(batch)}."
                )
            batch = (batch,)
        batch = structure_to_numpy(batch)
        if self._class_weight is not None:
            y = batch[1] if len(batch) > 1 else None
            sample_weight = batch[2] if len(batch) > 2 else None
            class_weights.check_class_weight_targets(y, sample_weight)
            batch = (batch[0], y, class_weights.class_weight_to_sample_weight(y, self._class_weight))
        return batch
