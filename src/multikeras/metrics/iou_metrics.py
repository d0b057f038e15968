"""Intersection-over-union metrics for segmentation: `IoU`, `MeanIoU`, `BinaryIoU`, `OneHotIoU`, `OneHotMeanIoU`.

All keep a ``(num_classes, num_classes)`` confusion matrix (rows: true class,
columns: predicted class). A class's IoU is ``TP / (TP + FP + FN)``; the
result averages it over the target classes that occurred (a non-zero
denominator).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras.backend import config, dtypes
from multikeras.metrics.metric import Metric
from multikeras.metrics.reduction_metrics import MODULE
from multikeras.ops.types import Array, ArrayLike
from multikeras.saving.object_registration import register_builtin


def confusion_matrix(labels: ArrayLike, predictions: ArrayLike, num_classes: int, weights: ArrayLike | None = None,
                     dtype: Any = "int32") -> Array:
    """The ``(num_classes, num_classes)`` matrix of (weighted) counts of ``(label, prediction)`` pairs.

    Entries whose label or prediction lies outside ``[0, num_classes)`` are
    not counted.

    Args:
        labels: integer class ids, any shape (flattened).
        predictions: integer class ids, the shape of ``labels``.
        num_classes: the number of classes.
        weights: optional weights, the shape of ``labels``.
        dtype: the dtype of the matrix.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     confusion_matrix([0, 1, 1], [0, 1, 0], 2).tolist()
        [[1, 0], [1, 1]]
    """
    labels = ops.reshape(ops.cast(ops.convert_to_tensor(labels), "int32"), (-1,))
    predictions = ops.reshape(ops.cast(ops.convert_to_tensor(predictions), "int32"), (-1,))
    if weights is None:
        weights = ops.ones_like(labels, dtype=dtype)
    else:
        weights = ops.reshape(ops.cast(ops.convert_to_tensor(weights), dtype), (-1,))
    valid = ops.logical_and(ops.logical_and(labels >= 0, labels < num_classes),
                            ops.logical_and(predictions >= 0, predictions < num_classes))
    cells = ops.where(valid, labels * num_classes + predictions, 0)
    weights = ops.where(valid, weights, ops.zeros((), dtype=dtype))
    counts = ops.segment_sum(weights, cells, num_segments=num_classes * num_classes)
    return ops.reshape(counts, (num_classes, num_classes))


class _IoUBase(Metric):
    """The confusion-matrix state and update shared by the IoU metrics."""

    def __init__(self, num_classes: int, name: str | None = None, dtype: Any = None, ignore_class: int | None = None,
                 sparse_y_true: bool = True, sparse_y_pred: bool = True, axis: int = -1):
        super().__init__(name=name, dtype=dtype or "int32")
        self.num_classes = num_classes
        self.ignore_class = ignore_class
        self.sparse_y_true = sparse_y_true
        self.sparse_y_pred = sparse_y_pred
        self.axis = axis
        self.total_cm = self.add_variable((num_classes, num_classes), "zeros", dtype=self.dtype,
                                          name="total_confusion_matrix")

    def update_state(self, y_true: ArrayLike, y_pred: ArrayLike, sample_weight: ArrayLike | None = None) -> None:
        """Add the batch's (weighted) confusion matrix.

        Args:
            y_true: class ids (one-hot along ``axis`` when not ``sparse_y_true``).
            y_pred: class ids (scores along ``axis`` when not ``sparse_y_pred``).
            sample_weight: weights, the shape of the class ids (cast to the
                metric's dtype: with the default ``int32`` fractions are cut).
        """
        if not self.sparse_y_true:
            y_true = ops.argmax(y_true, axis=self.axis)
        if not self.sparse_y_pred:
            y_pred = ops.argmax(y_pred, axis=self.axis)
        y_true = ops.reshape(ops.cast(ops.convert_to_tensor(y_true), self.dtype), (-1,))
        y_pred = ops.reshape(ops.cast(ops.convert_to_tensor(y_pred), self.dtype), (-1,))
        if sample_weight is None:
            weights = ops.ones_like(y_true, dtype=self.dtype)
        else:
            sample_weight = ops.convert_to_tensor(sample_weight)
            if dtypes.is_float(ops.dtype(sample_weight)) and not dtypes.is_float(self.dtype):
                warnings.warn(
                    f"{type(self).__name__} '{self.name}': received float `sample_weight` while the metric's dtype "
                    f"is {self.dtype}; the weights are cast to {self.dtype} and lose their fractional part. Pass "
                    "integer weights or create the metric with a float dtype.",
                    stacklevel=2,
                )
            weights = ops.reshape(ops.cast(sample_weight, self.dtype), (-1,))
            weights = ops.broadcast_to(weights, ops.shape(y_true))
        if self.ignore_class is not None:
            keep = ops.not_equal(y_true, ops.cast(self.ignore_class, self.dtype))
            zero = ops.zeros((), dtype=self.dtype)
            y_true = ops.where(keep, y_true, zero)
            y_pred = ops.where(keep, y_pred, zero)
            weights = ops.where(keep, weights, zero)
        batch = confusion_matrix(y_true, y_pred, self.num_classes, weights=weights, dtype=self.dtype)
        self.total_cm.assign(self.total_cm.value + batch)

    def _result_dtype(self) -> str:
        return self.dtype if dtypes.is_float(self.dtype) else config.floatx()


@register_builtin(MODULE)
class IoU(_IoUBase):
    """Intersection over union, ``TP / (TP + FP + FN)``, averaged over ``target_class_ids``.

    Classes that never occur (in labels or predictions) are left out of the
    average.

    Args:
        num_classes: the number of classes.
        target_class_ids: the class ids averaged.
        name: the metric's name.
        dtype: the dtype of the state (``int32`` by default).
        ignore_class: a label id whose entries are not counted.
        sparse_y_true: labels are class ids (else one-hot along ``axis``).
        sparse_y_pred: predictions are class ids (else scores along ``axis``).
        axis: the class axis of one-hot labels or scores.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = IoU(num_classes=2, target_class_ids=[0])
        ...     m.update_state([0, 0, 1, 1], [0, 1, 0, 1])
        ...     round(float(m.result()), 4)
        0.3333
    """

    def __init__(self, num_classes: int, target_class_ids: Sequence[int], name: str | None = None,
                 dtype: Any = None, ignore_class: int | None = None, sparse_y_true: bool = True,
                 sparse_y_pred: bool = True, axis: int = -1):
        super().__init__(num_classes, name=name, dtype=dtype, ignore_class=ignore_class,
                         sparse_y_true=sparse_y_true, sparse_y_pred=sparse_y_pred, axis=axis)
        target_class_ids = list(target_class_ids)
        if not target_class_ids:
            raise ValueError(f"{type(self).__name__}: `target_class_ids` must name at least one class, received [].")
        if max(target_class_ids) >= num_classes:
            raise ValueError(
                f"Target class id {max(target_class_ids)} is out of range, which is [0, {num_classes})."
            )
        self.target_class_ids = target_class_ids

    def result(self) -> Array:
        """The mean IoU of the target classes that occurred (0 if none did)."""
        dtype = self._result_dtype()
        cm = ops.cast(self.total_cm.value, dtype)
        predicted = ops.sum(cm, axis=0)
        actual = ops.sum(cm, axis=1)
        true_positives = ops.diagonal(cm)
        union = predicted + actual - true_positives
        targets = ops.convert_to_tensor(self.target_class_ids, dtype="int32")
        true_positives = ops.take(true_positives, targets, axis=0)
        union = ops.take(union, targets, axis=0)
        occurred = ops.sum(ops.cast(ops.greater(union, 1e-9), dtype))
        return ops.divide_no_nan(ops.sum(ops.divide_no_nan(true_positives, union)), occurred)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "num_classes": self.num_classes, "target_class_ids": self.target_class_ids,
                "ignore_class": self.ignore_class, "sparse_y_true": self.sparse_y_true,
                "sparse_y_pred": self.sparse_y_pred, "axis": self.axis}


@register_builtin(MODULE)
class BinaryIoU(IoU):
    """IoU of binary segmentation: predictions ``>= threshold`` are class 1, others class 0.

    Args:
        target_class_ids: the classes averaged: ``(0, 1)``, ``[0]`` or ``[1]``.
        threshold: the score at and above which a prediction is class 1.
        name: the metric's name.
        dtype: the dtype of the state (``int32`` by default).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = BinaryIoU(target_class_ids=[1])
        ...     m.update_state([0, 1, 1, 0], [0.2, 0.5, 0.9, 0.7])
        ...     round(float(m.result()), 4)
        0.6667
    """

    def __init__(self, target_class_ids: Sequence[int] = (0, 1), threshold: float = 0.5, name: str | None = None,
                 dtype: Any = None):
        super().__init__(num_classes=2, target_class_ids=target_class_ids, name=name, dtype=dtype)
        self.threshold = threshold

    def update_state(self, y_true: ArrayLike, y_pred: ArrayLike, sample_weight: ArrayLike | None = None) -> None:
        """Threshold the scores, then add the batch's confusion matrix.

        Args:
            y_true: labels, 0 or 1.
            y_pred: scores; ``>= threshold`` is class 1.
            sample_weight: weights, the shape of the labels.
        """
        y_pred = ops.convert_to_tensor(y_pred)
        dtype = ops.dtype(y_pred) if dtypes.is_float(ops.dtype(y_pred)) else config.floatx()
        y_pred = ops.cast(ops.greater_equal(ops.cast(y_pred, dtype), ops.cast(self.threshold, dtype)), "int32")
        super().update_state(ops.cast(ops.convert_to_tensor(y_true), "int32"), y_pred, sample_weight)

    def get_config(self) -> dict[str, Any]:
        return {"target_class_ids": self.target_class_ids, "threshold": self.threshold, "name": self.name,
                "dtype": self.dtype}


@register_builtin(MODULE)
class MeanIoU(IoU):
    """IoU averaged over all ``num_classes`` classes (those that occurred).

    Args:
        num_classes: the number of classes.
        name: the metric's name.
        dtype: the dtype of the state (``int32`` by default).
        ignore_class: a label id whose entries are not counted.
        sparse_y_true: labels are class ids (else one-hot along ``axis``).
        sparse_y_pred: predictions are class ids (else scores along ``axis``).
        axis: the class axis of one-hot labels or scores.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = MeanIoU(num_classes=2)
        ...     m.update_state([0, 0, 1, 1], [0, 1, 0, 1])
        ...     round(float(m.result()), 4)
        0.3333
    """

    def __init__(self, num_classes: int, name: str | None = None, dtype: Any = None, ignore_class: int | None = None,
                 sparse_y_true: bool = True, sparse_y_pred: bool = True, axis: int = -1):
        super().__init__(num_classes, target_class_ids=list(range(num_classes)), name=name, dtype=dtype,
                         ignore_class=ignore_class, sparse_y_true=sparse_y_true, sparse_y_pred=sparse_y_pred,
                         axis=axis)

    def get_config(self) -> dict[str, Any]:
        return {"num_classes": self.num_classes, "name": self.name, "dtype": self.dtype,
                "ignore_class": self.ignore_class, "sparse_y_true": self.sparse_y_true,
                "sparse_y_pred": self.sparse_y_pred, "axis": self.axis}


@register_builtin(MODULE)
class OneHotIoU(IoU):
    """:class:`IoU` for one-hot labels (and, by default, score predictions) along ``axis``.

    Args:
        num_classes: the number of classes.
        target_class_ids: the class ids averaged.
        name: the metric's name.
        dtype: the dtype of the state (``int32`` by default).
        ignore_class: a class id whose entries are not counted.
        sparse_y_pred: predictions are class ids (else scores along ``axis``).
        axis: the class axis.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = OneHotIoU(num_classes=2, target_class_ids=[1])
        ...     m.update_state([[1, 0], [0, 1], [0, 1]], [[0.8, 0.2], [0.3, 0.7], [0.6, 0.4]])
        ...     float(m.result())
        0.5
    """

    def __init__(self, num_classes: int, target_class_ids: Sequence[int], name: str | None = None,
                 dtype: Any = None, ignore_class: int | None = None, sparse_y_pred: bool = False, axis: int = -1):
        super().__init__(num_classes, target_class_ids=target_class_ids, name=name, dtype=dtype,
                         ignore_class=ignore_class, sparse_y_true=False, sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self) -> dict[str, Any]:
        return {"num_classes": self.num_classes, "target_class_ids": self.target_class_ids, "name": self.name,
                "dtype": self.dtype, "ignore_class": self.ignore_class, "sparse_y_pred": self.sparse_y_pred,
                "axis": self.axis}


@register_builtin(MODULE)
class OneHotMeanIoU(MeanIoU):
    """:class:`MeanIoU` for one-hot labels (and, by default, score predictions) along ``axis``.

    Args:
        num_classes: the number of classes.
        name: the metric's name.
        dtype: the dtype of the state (``int32`` by default).
        ignore_class: a class id whose entries are not counted.
        sparse_y_pred: predictions are class ids (else scores along ``axis``).
        axis: the class axis.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = OneHotMeanIoU(num_classes=2)
        ...     m.update_state([[1, 0], [0, 1], [0, 1]], [[0.8, 0.2], [0.3, 0.7], [0.6, 0.4]])
        ...     float(m.result())
        0.5
    """

    def __init__(self, num_classes: int, name: str | None = None, dtype: Any = None, ignore_class: int | None = None,
                 sparse_y_pred: bool = False, axis: int = -1):
        super().__init__(num_classes, name=name, dtype=dtype, ignore_class=ignore_class, sparse_y_true=False,
                         sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self) -> dict[str, Any]:
        return {"num_classes": self.num_classes, "name": self.name, "dtype": self.dtype,
                "ignore_class": self.ignore_class, "sparse_y_pred": self.sparse_y_pred, "axis": self.axis}
