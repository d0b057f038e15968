"""`PyDataset` (alias `Sequence`): a dataset of batches addressed by index."""

from __future__ import annotations

from typing import Any


class PyDataset:
    """Base class for datasets that produce batch ``index`` on request.

    Subclass it, call ``super().__init__(**kwargs)``, and implement
    ``__getitem__(index)`` returning one complete batch, ``(x,)``, ``(x, y)``
    or ``(x, y, sample_weight)`` (an array or dict alone is ``x``), and
    ``__len__()`` returning the number of batches. For an endless dataset,
    override :attr:`num_batches` to return ``None`` instead of defining
    ``__len__`` (then ``fit`` needs ``steps_per_epoch``). ``on_epoch_begin``
    and ``on_epoch_end`` run around every epoch, e.g. to reshuffle files.

    With ``workers > 1`` batches are produced by that many threads, at most
    ``max_queue_size`` ahead of the training loop, and handed out in order.
    Threads suit batches whose loading releases the GIL (file reads, NumPy,
    image decoding). ``use_multiprocessing=True`` is accepted for Keras
    compatibility and also uses threads: no worker processes are started.

    Args:
        workers: number of threads producing batches (1: in the training loop).
        use_multiprocessing: accepted for compatibility; threads are used.
        max_queue_size: batches produced ahead when ``workers > 1``.

    Example:
        >>> import numpy as np
        >>> class Squares(PyDataset):
        ...     def __init__(self, **kwargs):
        ...         super().__init__(**kwargs)
        ...     def __len__(self):
        ...         return 3
        ...     def __getitem__(self, index):
        ...         x = np.arange(2.0) + 2 * index
        ...         return x, x ** 2
        >>> dataset = Squares(workers=2)
        >>> dataset.num_batches, dataset[1][1].tolist()
        (3, [4.0, 9.0])
    """

    def __init__(self, workers: int = 1, use_multiprocessing: bool = False, max_queue_size: int = 10) -> None:
        for name, value in (("workers", workers), ("max_queue_size", max_queue_size)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(
                    f"{type(self).__name__}: `{name}` must be a non-negative int; received {value!r}."
                )
        self._workers = workers
        self._use_multiprocessing = bool(use_multiprocessing)
        self._max_queue_size = max_queue_size

    @property
    def workers(self) -> int:
        """Number of threads producing batches."""
        return getattr(self, "_workers", 1)

    @workers.setter
    def workers(self, value: int) -> None:
        self._workers = value

    @property
    def use_multiprocessing(self) -> bool:
        """Accepted for Keras compatibility; batches are produced by threads either way."""
        return getattr(self, "_use_multiprocessing", False)

    @use_multiprocessing.setter
    def use_multiprocessing(self, value: bool) -> None:
        self._use_multiprocessing = bool(value)

    @property
    def max_queue_size(self) -> int:
        """Batches produced ahead of the training loop when ``workers > 1``."""
        return getattr(self, "_max_queue_size", 10)

    @max_queue_size.setter
    def max_queue_size(self, value: int) -> None:
        self._max_queue_size = value

    def __getitem__(self, index: int) -> Any:
        """Return batch ``index``."""
        raise NotImplementedError(
            f"{type(self).__name__}: implement `__getitem__(self, index)` returning one batch."
        )

    @property
    def num_batches(self) -> int | None:
        """Number of batches: ``len(self)``; ``None`` means endless."""
        if hasattr(self, "__len__"):
            return len(self)  # type: ignore[arg-type]
        raise NotImplementedError(
            f"{type(self).__name__}: implement `__len__(self)` returning the number of batches, or override "
            "the `num_batches` property (return `None` for an endless dataset)."
        )

    def on_epoch_begin(self) -> None:
        """Called before every epoch."""

    def on_epoch_end(self) -> None:
        """Called after every epoch."""


Sequence = PyDataset
"""Alias of :class:`PyDataset` (``keras.utils.Sequence``)."""
