"""`EpochIterator`: the batches of each epoch of ``fit`` / ``evaluate`` / ``predict``."""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Iterator
from typing import Any

from multikeras.backend import global_settings
from multikeras.trainers.data_adapters.adapter_selection import get_data_adapter
from multikeras.trainers.data_adapters.data_adapter import DataAdapter


def _check_positive_int(value: Any, name: str, optional: bool) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        expected = "a positive int or None" if optional else "a positive int"
        raise ValueError(f"EpochIterator: `{name}` must be {expected}; received {value!r}.")
    return int(value)


class EpochIterator:
    """Cuts any supported input data into epochs of NumPy batches.

    Every batch is a tuple ``(x,)``, ``(x, y)`` or ``(x, y, sample_weight)``
    whose elements are nested structures (dicts, lists, tuples) of NumPy
    arrays; read it with ``unpack_x_y_sample_weight``. The data is checked
    when the iterator is built: bad data fails before any step runs.

    In-memory data (arrays, tensors, pandas objects, number lists, nested
    structures of them) is cut into batches of ``batch_size`` (default 32,
    the last batch holds the remainder) and floating arrays are cast to
    ``floatx()``. Generators, datasets, data loaders and ``PyDataset``
    produce whole batches; they carry ``y`` and ``sample_weight`` themselves
    and take no ``batch_size``.

    Epochs: without ``steps_per_epoch`` an epoch is one pass over the data.
    With it, an epoch is at most ``steps_per_epoch`` batches and the next
    epoch continues the same pass; when a pass ends early (the data ran out
    before the epoch is complete) the epoch stops there with a warning and
    the next epoch starts a new pass (a one-shot generator then stays empty).

    ``steps_per_execution``: :meth:`enumerate_executions` hands out groups of
    that many consecutive batches (fewer at the end of an epoch) for a
    training step that runs several batches in one compiled call;
    :meth:`enumerate_epoch` hands out single batches whatever its value.

    Args:
        x: the data (see above; ``multikeras.trainers.data_adapters.ACCEPTED_TYPES``).
        y: targets for in-memory ``x``, else ``None``.
        sample_weight: per-sample weights for in-memory ``x``, else ``None``.
        batch_size: samples per batch for in-memory data (``None``: 32).
        steps_per_epoch: batches per epoch, or ``None`` for whole passes.
        shuffle: in-memory data: ``True`` reshuffles all samples every pass,
            ``"batch"`` shuffles samples within each batch. PyDataset: ``True``
            visits batches in random order. Ignored otherwise (``"batch"``
            with a warning).
        class_weight: ``{class index: weight}``; turned into per-sample
            weights from integer or one-hot targets (single-output only, not
            together with ``sample_weight``).
        steps_per_execution: batches per group of :meth:`enumerate_executions`.

    Example:
        >>> import numpy as np
        >>> iterator = EpochIterator(np.arange(5.0), np.arange(5), batch_size=2)
        >>> iterator.num_batches
        3
        >>> [(step, batch[1].tolist()) for step, batch in iterator.enumerate_epoch()]
        [(0, [0, 1]), (1, [2, 3]), (2, [4])]
    """

    def __init__(
        self,
        x: Any,
        y: Any = None,
        sample_weight: Any = None,
        batch_size: int | None = None,
        steps_per_epoch: int | None = None,
        shuffle: bool | str = False,
        class_weight: dict[int, float] | None = None,
        steps_per_execution: int = 1,
    ) -> None:
        batch_size = _check_positive_int(batch_size, "batch_size", optional=True)
        self.steps_per_epoch = _check_positive_int(steps_per_epoch, "steps_per_epoch", optional=True)
        self.steps_per_execution = _check_positive_int(steps_per_execution, "steps_per_execution", optional=False)
        if isinstance(shuffle, str) and shuffle != "batch":
            raise ValueError(f"EpochIterator: `shuffle` must be True, False or \"batch\"; received {shuffle!r}.")
        if not isinstance(shuffle, str):
            shuffle = bool(shuffle)
        self.data_adapter: DataAdapter = get_data_adapter(
            x, y, sample_weight, batch_size=batch_size, shuffle=shuffle, class_weight=class_weight
        )
        cap = global_settings.max_steps_per_epoch()
        if cap is not None and (self.steps_per_epoch or self.data_adapter.num_batches or cap + 1) > cap:
            # config.set_max_steps_per_epoch, as Keras 3: every epoch (and evaluate/predict pass) stops there.
            warnings.warn(f"EpochIterator: limiting steps_per_epoch to {cap} (config.set_max_steps_per_epoch).",
                          UserWarning, stacklevel=3)
            self.steps_per_epoch = cap
        self._iterator: Iterator[tuple[Any, ...]] | None = None
        self._steps_in_pass = 0
        self._batches_seen = 0

    @property
    def num_batches(self) -> int | None:
        """Batches per epoch: ``steps_per_epoch`` if given, else the batches of one pass (``None``: unknown)."""
        if self.steps_per_epoch is not None:
            return self.steps_per_epoch
        return self.data_adapter.num_batches

    def reset(self) -> None:
        """Abandon the current pass: the next epoch starts a new one."""
        iterator, self._iterator = self._iterator, None
        self._steps_in_pass = 0
        close = getattr(iterator, "close", None)
        if callable(close):
            close()

    def first_batch(self) -> tuple[Any, ...]:
        """A batch of the data (for building a model), without consuming the batches of any epoch."""
        return self.data_adapter.first_batch()

    def enumerate_epoch(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """Run one epoch: yield ``(step, batch)`` with ``step`` counting from 0.

        Example:
            >>> import numpy as np
            >>> iterator = EpochIterator(np.arange(4.0), batch_size=3)
            >>> [(step, batch[0].tolist()) for step, batch in iterator.enumerate_epoch()]
            [(0, [0.0, 1.0, 2.0]), (1, [3.0])]
        """
        yield from enumerate(self._epoch_batches())

    def enumerate_executions(self) -> Iterator[tuple[int, int, list[tuple[Any, ...]]]]:
        """Run one epoch in groups of ``steps_per_execution`` batches: yield ``(first_step, last_step, batches)``.

        ``last_step`` is inclusive; the last group of an epoch may be shorter.

        Example:
            >>> import numpy as np
            >>> iterator = EpochIterator(np.arange(5.0), batch_size=1, steps_per_execution=2)
            >>> [(first, last, len(batches)) for first, last, batches in iterator.enumerate_executions()]
            [(0, 1, 2), (2, 3, 2), (4, 4, 1)]
        """
        group: list[tuple[Any, ...]] = []
        first = 0
        for step, batch in enumerate(self._epoch_batches()):
            if not group:
                first = step
            group.append(batch)
            if len(group) == self.steps_per_execution:
                yield first, step, group
                group = []
        if group:
            yield first, first + len(group) - 1, group

    def _epoch_batches(self) -> Iterator[tuple[Any, ...]]:
        adapter = self.data_adapter
        adapter.on_epoch_begin()
        try:
            if self._iterator is None or self.steps_per_epoch is None:
                self.reset()
                self._iterator = adapter.get_iterator()
            step = 0
            while self.steps_per_epoch is None or step < self.steps_per_epoch:
                try:
                    batch = next(self._iterator)
                except StopIteration:
                    self._end_pass(step, exhausted=True)
                    return
                self._steps_in_pass += 1
                self._batches_seen += 1
                yield batch
                step += 1
                if adapter.num_batches is not None and self._steps_in_pass >= adapter.num_batches:
                    self._end_pass(step, exhausted=False)
                    return
        finally:
            adapter.on_epoch_end()

    def _end_pass(self, steps_this_epoch: int, exhausted: bool) -> None:
        self.reset()
        if self._batches_seen == 0:
            raise ValueError(
                f"Received empty data: {self.data_adapter.source} produced no batch. "
                "Expected data holding at least one batch."
            )
        if self.steps_per_epoch is not None and steps_this_epoch < self.steps_per_epoch:
            message = (
                f"The input data ran out after {steps_this_epoch} of the {self.steps_per_epoch} steps of this "
                "epoch (`steps_per_epoch`); the epoch ends early. Make sure the data can produce "
                "`steps_per_epoch * epochs` batches (for a dataset, `.repeat()` makes it endless)."
            )
        elif exhausted and steps_this_epoch == 0:
            message = (
                "The input data is exhausted: this epoch got no batch. A generator or iterator can be read only "
                "once; make it endless and pass `steps_per_epoch`, or pass a re-iterable source (a PyDataset, "
                "a dataset, arrays)."
            )
        else:
            return
        warnings.warn(message, UserWarning, stacklevel=4)
