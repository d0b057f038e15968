"""`to_categorical` and `normalize`: small array utilities working on host (NumPy) arrays."""

from __future__ import annotations

from typing import Any

import numpy as np


def to_categorical(x: Any, num_classes: int | None = None) -> np.ndarray:
    """One-hot encode integer class labels (a trailing axis of length 1 is replaced).

    Args:
        x: integer labels, any shape.
        num_classes: the number of classes; ``max(x) + 1`` when ``None``.

    Example:
        >>> to_categorical([0, 2, 1], num_classes=3).tolist()
        [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
    """
    labels = np.asarray(x)
    if labels.dtype.kind not in "iub" and not (labels.dtype.kind == "f" and np.all(np.mod(labels, 1) == 0)):
        raise ValueError(f"to_categorical: expected integer class labels, received dtype {labels.dtype}.")
    labels = labels.astype("int64")
    if labels.ndim > 1 and labels.shape[-1] == 1:
        labels = labels[..., 0]
    if num_classes is None:
        num_classes = int(labels.max()) + 1 if labels.size else 0
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(
            f"to_categorical: labels must be in [0, {num_classes}), received values from {labels.min()} to {labels.max()}."
        )
    return np.eye(num_classes, dtype="float32")[labels]


def normalize(x: Any, axis: int = -1, order: int = 2) -> np.ndarray:
    """Scale ``x`` to unit ``order``-norm along ``axis`` (zero vectors stay zero).

    Example:
        >>> print(normalize([[3.0, 4.0]]))
        [[0.6 0.8]]
    """
    array = np.asarray(x, dtype="float32")
    norm = np.linalg.norm(array, ord=order, axis=axis, keepdims=True)
    return array / np.where(norm == 0, 1, norm)
