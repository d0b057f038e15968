"""``pad_sequences``: variable-length sequences as one rectangular NumPy array."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np


def pad_sequences(
    sequences: Sequence[Iterable[Any]],
    maxlen: int | None = None,
    dtype: Any = "int32",
    padding: str = "pre",
    truncating: str = "pre",
    value: Any = 0.0,
) -> np.ndarray:
    """Pad (and truncate) sequences to one length: an array ``(len(sequences), maxlen, *entry_shape)``.

    Args:
        sequences: a list of sequences (lists or arrays); their entries may
            themselves be arrays of one common shape.
        maxlen: the length of every row; ``None``: the longest sequence's.
        dtype: the array's dtype (``object`` or a string dtype for text).
        padding: ``"pre"`` pads at the start of a row, ``"post"`` at its end.
        truncating: ``"pre"`` drops the first entries of a longer sequence,
            ``"post"`` its last ones.
        value: the padding value.

    Returns:
        A NumPy array.

    Example:
        >>> pad_sequences([[1, 2, 3], [4], []]).tolist()
        [[1, 2, 3], [0, 0, 4], [0, 0, 0]]
        >>> pad_sequences([[1, 2, 3], [4]], maxlen=2, padding="post", truncating="post").tolist()
        [[1, 2], [4, 0]]
    """
    if not hasattr(sequences, "__len__"):
        raise ValueError(f"pad_sequences: `sequences` must be a list of sequences, received {type(sequences).__name__}.")
    for name, choice in (("padding", padding), ("truncating", truncating)):
        if choice not in ("pre", "post"):
            raise ValueError(f"pad_sequences: {name} must be 'pre' or 'post', received {name}={choice!r}.")
    if maxlen is not None and (isinstance(maxlen, bool) or not isinstance(maxlen, int) or maxlen < 0):
        raise ValueError(f"pad_sequences: maxlen must be a non-negative int or None, received maxlen={maxlen!r}.")
    rows = []
    for position, sequence in enumerate(sequences):
        if not hasattr(sequence, "__len__"):
            raise ValueError(f"pad_sequences: `sequences` must be a list of sequences; the one at position {position} "
                             f"is {sequence!r} of type {type(sequence).__name__}.")
        rows.append(np.asarray(sequence) if len(sequence) else None)
    entry_shape: tuple[int, ...] | None = None
    for position, row in enumerate(rows):
        if row is None:
            continue
        if entry_shape is None:
            entry_shape = row.shape[1:]
        elif row.shape[1:] != entry_shape:
            raise ValueError(f"pad_sequences: the entries of the sequence at position {position} have shape "
                             f"{row.shape[1:]}, expected {entry_shape} as in the first non-empty sequence.")
    entry_shape = entry_shape or ()
    if maxlen is None:
        maxlen = max((len(row) for row in rows if row is not None), default=0)
    if np.issubdtype(np.dtype(dtype), np.str_) and not isinstance(value, str):
        raise ValueError(f"pad_sequences: dtype {dtype!r} holds text, so the padding value must be a string too, "
                         f"received value={value!r}.")
    result = np.full((len(rows), maxlen) + tuple(entry_shape), value, dtype=dtype)
    if maxlen == 0:
        return result
    for index, row in enumerate(rows):
        if row is None:
            continue
        kept = row[-maxlen:] if truncating == "pre" else row[:maxlen]
        if padding == "pre":
            result[index, maxlen - len(kept):] = kept
        else:
            result[index, :len(kept)] = kept
    return result
