"""Resolving the shape-dependent names ``"accuracy"`` / ``"acc"`` and ``"crossentropy"`` / ``"ce"``.

In ``compile(metrics=["accuracy"])`` Keras 3 picks the accuracy that fits
the model's targets and predictions, from their shapes alone:

* predictions with a last axis of size 1: binary (``BinaryAccuracy``);
* labels of lower rank than the predictions, or labels with a last axis of
  size 1 against predictions with more than one class: sparse categorical
  (``SparseCategoricalAccuracy``);
* otherwise categorical (``CategoricalAccuracy``).

The same rule picks the cross-entropy for ``"crossentropy"`` / ``"ce"``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from multikeras.metrics.accuracy_metrics import BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy
from multikeras.metrics.metric import Metric
from multikeras.metrics.probabilistic_metrics import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    SparseCategoricalCrossentropy,
)

Shape = Sequence[int | None]


def target_kind(y_true_shape: Shape, y_pred_shape: Shape) -> str:
    """``"binary"``, ``"sparse_categorical"`` or ``"categorical"``, by Keras 3's rule for ``"accuracy"``.

    Dimensions may be ``None`` (unknown); an unknown number of classes is
    taken as more than one.

    Example:
        >>> target_kind((8, 1), (8, 1)), target_kind((8,), (8, 10)), target_kind((8, 1), (8, 10)), target_kind((8, 10), (8, 10))
        ('binary', 'sparse_categorical', 'sparse_categorical', 'categorical')
    """
    true_shape, pred_shape = tuple(y_true_shape), tuple(y_pred_shape)
    true_last = true_shape[-1] if true_shape else None
    pred_last = pred_shape[-1] if pred_shape else None
    if pred_last == 1:
        return "binary"
    if len(true_shape) < len(pred_shape) or (true_last == 1 and pred_last != 1):
        return "sparse_categorical"
    return "categorical"


def resolve_accuracy(y_true_shape: Shape, y_pred_shape: Shape, loss: Any = None, name: str | None = None) -> Metric:
    """The accuracy metric Keras 3 uses for ``"accuracy"`` / ``"acc"`` given these shapes.

    Args:
        y_true_shape: the shape of the targets (``None`` for unknown dimensions).
        y_pred_shape: the shape of the predictions.
        loss: the compiled loss; accepted for the trainer's convenience but,
            as in Keras 3, the choice depends on the shapes only.
        name: the metric's name (the class's default name when ``None``).

    Returns:
        A new ``BinaryAccuracy``, ``SparseCategoricalAccuracy`` or ``CategoricalAccuracy``.

    Example:
        >>> type(resolve_accuracy((32,), (32, 10), name="acc")).__name__
        'SparseCategoricalAccuracy'
    """
    kind = target_kind(y_true_shape, y_pred_shape)
    cls = {"binary": BinaryAccuracy, "sparse_categorical": SparseCategoricalAccuracy}.get(kind, CategoricalAccuracy)
    return cls(name=name) if name else cls()


def resolve_crossentropy(y_true_shape: Shape, y_pred_shape: Shape, loss: Any = None,
                         name: str | None = None) -> Metric:
    """The cross-entropy metric for ``"crossentropy"`` / ``"ce"`` given these shapes (same rule as accuracy).

    Keras 3 has no such metric name (``keras.metrics.get("crossentropy")``
    fails); multikeras resolves it like ``"accuracy"``. When ``loss`` has a
    ``from_logits`` attribute (a cross-entropy loss object), the metric
    reads the predictions the same way.

    Args:
        y_true_shape: the shape of the targets.
        y_pred_shape: the shape of the predictions.
        loss: the compiled loss, or ``None``.
        name: the metric's name (the class's default name when ``None``).

    Example:
        >>> type(resolve_crossentropy((32, 1), (32, 1))).__name__
        'BinaryCrossentropy'
    """
    kind = target_kind(y_true_shape, y_pred_shape)
    cls = {"binary": BinaryCrossentropy, "sparse_categorical": SparseCategoricalCrossentropy}.get(
        kind, CategoricalCrossentropy)
    from_logits = getattr(loss, "from_logits", False)
    kwargs: dict[str, Any] = {"from_logits": from_logits if isinstance(from_logits, bool) else False}
    if name:
        kwargs["name"] = name
    return cls(**kwargs)


def resolve_crossentropy_loss(y_true_shape: Shape, y_pred_shape: Shape) -> Callable[..., Any]:
    """The loss function Keras 3 uses for ``compile(loss="crossentropy")`` / ``"ce"`` given these shapes.

    Example:
        >>> resolve_crossentropy_loss((32,), (32, 10)).__name__
        'sparse_categorical_crossentropy'
    """
    from multikeras.losses import binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy

    kind = target_kind(y_true_shape, y_pred_shape)
    return {"binary": binary_crossentropy, "sparse_categorical": sparse_categorical_crossentropy}.get(
        kind, categorical_crossentropy)
