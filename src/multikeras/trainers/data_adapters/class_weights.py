"""`class_weight` (``{class index: weight}``) turned into per-sample weights."""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any

import numpy as np

from multikeras.trainers.data_adapters.structures import cast_floats_to_floatx, describe, is_structure_node


def validate_class_weight(class_weight: Any) -> dict[int, float] | None:
    """Check ``class_weight`` and return it as ``{int: float}`` (``None`` stays ``None``).

    Example:
        >>> validate_class_weight({0: 1, 1: 2.5})
        {0: 1.0, 1: 2.5}
    """
    if class_weight is None:
        return None
    if not isinstance(class_weight, Mapping):
        raise TypeError(
            "`class_weight` must be a dict mapping class indices (int) to weights (float); "
            f"received {describe(class_weight)}."
        )
    checked = {}
    for key, weight in class_weight.items():
        if isinstance(key, bool) or not isinstance(key, numbers.Integral):
            raise ValueError(
                f"`class_weight` keys must be integer class indices; received the key {key!r} "
                f"(of type {type(key).__name__}) in {class_weight!r}."
            )
        try:
            checked[int(key)] = float(weight)
        except (TypeError, ValueError):
            raise ValueError(
                f"`class_weight` values must be numbers; received {weight!r} for class {key!r}."
            ) from None
    return checked


def check_class_weight_targets(y: Any, sample_weight: Any) -> None:
    """Raise unless ``class_weight`` can be applied to these targets (one output, no explicit weights)."""
    if y is None:
        raise ValueError(
            "`class_weight` needs targets: received no `y` (data without targets cannot be weighted by class)."
        )
    if is_structure_node(y):
        raise ValueError(
            "`class_weight` is only supported for models with a single output; received `y` as a "
            f"{type(y).__name__}: {describe(y)}. Use `sample_weight` (one array per output) instead."
        )
    if sample_weight is not None:
        raise ValueError(
            "`class_weight` and `sample_weight` cannot be used together; received both. "
            "Multiply the class weights into `sample_weight` instead."
        )


def class_weight_to_sample_weight(y: np.ndarray, class_weight: dict[int, float]) -> np.ndarray:
    """Per-sample weights (dtype ``floatx()``) from targets and ``{class index: weight}``.

    Targets are class indices of shape ``(n,)`` or ``(n, 1)``, or one-hot /
    probability rows of shape ``(n, classes)`` (the class is the argmax).
    Classes missing from ``class_weight`` get weight 1.

    Example:
        >>> import numpy as np
        >>> class_weight_to_sample_weight(np.array([0, 1, 2, 1]), {1: 3.0}).tolist()
        [1.0, 3.0, 1.0, 3.0]
        >>> class_weight_to_sample_weight(np.eye(2)[[1, 0]], {0: 0.5}).tolist()
        [1.0, 0.5]
    """
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:
        labels = np.argmax(y, axis=1)
    elif y.ndim == 1 or (y.ndim == 2 and y.shape[1] == 1):
        labels = y.reshape(-1)
        if labels.dtype.kind == "f":
            labels = np.rint(labels)
        labels = labels.astype(np.int64)
    else:
        raise ValueError(
            "`class_weight` expects targets of shape (samples,) or (samples, 1) holding class indices, "
            f"or (samples, classes) holding one-hot rows; received targets of shape {y.shape}."
        )
    classes, positions = np.unique(labels, return_inverse=True)
    table = np.array([class_weight.get(int(c), 1.0) for c in classes], dtype=np.float64)
    weights = table[positions.reshape(-1)] if classes.size else np.ones(0)
    return cast_floats_to_floatx(weights)
