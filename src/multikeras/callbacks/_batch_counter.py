"""Counting training batches across epochs for callbacks that act every N batches."""

from __future__ import annotations


class BatchCounter:
    """Says when ``frequency`` more training batches have run since it last did.

    The trainer may report batches in strides (``steps_per_execution``), so the
    count is the distance from the previous batch index, and a batch index not
    larger than the previous one starts a new epoch.

    Example:
        >>> counter = BatchCounter(3)
        >>> [counter.step(batch) for batch in (0, 1, 2, 0, 1, 2)]
        [False, False, True, False, False, True]
    """

    def __init__(self, frequency: int):
        self.frequency = frequency
        self._since_last = 0
        self._last_batch: int | None = None

    def step(self, batch: int) -> bool:
        if self._last_batch is None or batch <= self._last_batch:
            self._since_last += batch + 1
        else:
            self._since_last += batch - self._last_batch
        self._last_batch = batch
        if self._since_last >= self.frequency:
            self._since_last = 0
            return True
        return False

    def new_epoch(self) -> None:
        """Marks an epoch boundary: the next batch counts from index 0."""
        self._last_batch = None
