"""`CSVLogger`: writes each epoch's logs as a row of a CSV file."""

from __future__ import annotations

import csv
import os
from typing import IO, Any

import numpy as np

from multikeras.callbacks.callback import Callback


class CSVLogger(Callback):
    """Streams the epoch logs to a CSV file: a column ``epoch``, then one per metric.

    The columns are the first epoch's log keys, sorted; when those hold no
    ``val_*`` key, a ``val_`` column is added for each of them (filled with
    ``NA`` while there is no validation). Rows are flushed as they are written.

    Args:
        filename: the CSV file.
        separator: the field separator.
        append: append to an existing file (the header is written only to an
            empty or new file) instead of overwriting it.

    Example:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "log.csv")
        >>> logger = CSVLogger(path)
        >>> logger.on_train_begin()
        >>> logger.on_epoch_end(0, {"loss": 0.5, "val_loss": 0.75})
        >>> logger.on_epoch_end(1, {"loss": 0.25, "val_loss": 0.5})
        >>> logger.on_train_end()
        >>> print(open(path).read())
        epoch,loss,val_loss
        0,0.5,0.75
        1,0.25,0.5
        <BLANKLINE>
    """

    def __init__(self, filename: str | os.PathLike, separator: str = ",", append: bool = False):
        super().__init__()
        self.filename = os.fspath(filename)
        self.sep = separator
        self.append = append
        self.keys: list[str] | None = None
        self.writer: Any = None
        self.csv_file: IO[str] | None = None
        self.append_header = True

    def on_train_begin(self, logs: dict[str, Any] | None = None) -> None:
        mode = "w"
        self.append_header = True
        if self.append:
            mode = "a"
            if os.path.exists(self.filename):
                with open(self.filename, encoding="utf-8") as existing:
                    self.append_header = not existing.readline()
        self._close()
        self.csv_file = open(self.filename, mode, newline="", encoding="utf-8")
        self.writer = None
        self.keys = None

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        logs = logs or {}
        if self.csv_file is None:
            # Used outside fit: open the file as on_train_begin would.
            self.on_train_begin()
        if self.keys is None:
            self.keys = sorted(logs)
            if self.keys and not any(key.startswith("val_") for key in self.keys):
                self.keys += [f"val_{key}" for key in self.keys]
        if self.writer is None:
            self.writer = csv.writer(self.csv_file, delimiter=self.sep, lineterminator="\n")
            if self.append_header:
                self.writer.writerow(["epoch", *self.keys])
        self.writer.writerow([epoch, *(_cell(logs.get(key, "NA")) for key in self.keys)])
        self.csv_file.flush()  # type: ignore[union-attr]

    def on_train_end(self, logs: dict[str, Any] | None = None) -> None:
        self._close()
        self.writer = None

    def _close(self) -> None:
        if self.csv_file is not None and not self.csv_file.closed:
            self.csv_file.close()
        self.csv_file = None


def _cell(value: Any) -> Any:
    """A CSV cell: sequences and arrays as ``[a, b, ...]``, other values as they are."""
    if isinstance(value, str):
        return value
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return value.item()
    if isinstance(value, (list, tuple, np.ndarray)):
        return "[" + ", ".join(str(item) for item in np.asarray(value).ravel().tolist()) + "]"
    return value
