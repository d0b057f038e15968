"""The error a saved file raises when it cannot be used: what file, which entry, what was wrong."""

from __future__ import annotations

import os
from collections.abc import Sequence


class SavedFileError(ValueError):
    """A saved file is damaged, or does not fit the model it is loaded into.

    A subclass of ``ValueError``, so code that catches Keras's ``ValueError``
    keeps working. It names the file and lists each faulty entry with the
    reason; :attr:`problems` holds the same as ``(entry, reason)`` pairs.
    Raised before anything changes: the model keeps its previous weights.

    Args:
        where: the function that loads (``"load_weights"``).
        filepath: the file (``None`` for an in-memory transfer).
        problems: ``(entry, reason)`` pairs; the entry is a weight key such as
            ``"layers/dense/vars/0"``, or ``""`` for the file as a whole.
        hint: an optional last line saying how to proceed.

    Example:
        >>> error = SavedFileError("load_weights", "w.safetensors", [("layers/dense/vars/0", "missing from the file")])
        >>> print(error)
        load_weights: 'w.safetensors': 'layers/dense/vars/0': missing from the file
        >>> isinstance(error, ValueError), error.entry
        (True, 'layers/dense/vars/0')
    """

    def __init__(
        self,
        where: str,
        filepath: str | os.PathLike | None,
        problems: Sequence[tuple[str, str]],
        hint: str = "",
    ):
        self.where = where
        self.filepath = None if filepath is None else os.fspath(filepath)
        self.problems = list(problems)
        self.entry = self.problems[0][0] if self.problems else ""
        source = "in memory" if self.filepath is None else repr(self.filepath)
        if len(self.problems) == 1:
            entry, reason = self.problems[0]
            message = f"{where}: {source}: " + (f"{entry!r}: " if entry else "") + reason
        else:
            listing = "\n".join(f"- {entry!r}: {reason}" if entry else f"- {reason}" for entry, reason in self.problems)
            message = f"{where}: {source}: {len(self.problems)} problems:\n{listing}"
        if hint:
            message += f"\n{hint}"
        super().__init__(message)
