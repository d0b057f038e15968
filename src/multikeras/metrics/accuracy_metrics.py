"""Accuracy metrics: how often predictions match labels (exactly, above a threshold, by argmax, in the top k)."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.backend import config
from multikeras.losses.reduction import squeeze_or_expand_to_same_rank, static_shape
from multikeras.metrics.reduction_metrics import MODULE, MeanMetricWrapper
from multikeras.ops.types import Array, ArrayLike
from multikeras.saving.object_registration import register_builtin


def _matches(y_true: Array, y_pred: Array) -> Array:
    return ops.cast(ops.equal(y_true, y_pred), config.floatx())


def _shape_of(x: Array) -> Any:
    """The static shape of ``x`` when fully known, else its dynamic shape."""
    shape = static_shape(x)
    return shape if all(d is not None for d in shape) else ops.shape(x)


def _as_tensor(x: ArrayLike, dtype: Any = None) -> Array:
    x = ops.convert_to_tensor(x)
    return x if dtype is None or ops.dtype(x) == dtype else ops.cast(x, dtype)


def accuracy(y_true: ArrayLike, y_pred: ArrayLike) -> Array:
    """1.0 where ``y_true`` equals ``y_pred`` (after aligning a size-1 last axis), else 0.0.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     accuracy([1, 2, 3], [1, 2, 4]).tolist()
        [1.0, 1.0, 0.0]
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = _as_tensor(y_true, ops.dtype(y_pred))
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return _matches(y_true, y_pred)


@register_builtin(MODULE)
def binary_accuracy(y_true: ArrayLike, y_pred: ArrayLike, threshold: float = 0.5) -> Array:
    """1.0 where ``y_pred > threshold`` agrees with the binary label ``y_true``, entry by entry.

    Args:
        y_true: labels, 0 or 1.
        y_pred: probabilities (or scores), the shape of ``y_true`` (a size-1
            last axis on either side is aligned).
        threshold: predictions above it count as 1.

    Returns:
        Per-entry matches in ``floatx()`` (not averaged).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     binary_accuracy([[1], [1], [0], [0]], [[0.98], [0.3], [0.2], [0.6]]).tolist()
        [[1.0], [0.0], [1.0], [0.0]]
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.convert_to_tensor(y_true)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    y_pred = ops.cast(ops.greater(y_pred, ops.cast(threshold, ops.dtype(y_pred))), ops.dtype(y_true))
    return _matches(y_true, y_pred)


@register_builtin(MODULE)
def categorical_accuracy(y_true: ArrayLike, y_pred: ArrayLike) -> Array:
    """1.0 where the argmax of one-hot ``y_true`` equals the argmax of ``y_pred`` (last axis).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     categorical_accuracy([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0.0]]).tolist()
        [0.0, 1.0]
    """
    y_true = ops.argmax(y_true, axis=-1)
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = _as_tensor(y_true, ops.dtype(y_pred))
    true_shape = _shape_of(y_true)
    reshape = len(static_shape(y_true)) == len(static_shape(y_pred))
    if reshape:
        y_true = ops.squeeze(y_true, axis=-1)
    y_pred = ops.cast(ops.argmax(y_pred, axis=-1), ops.dtype(y_true))
    matches = _matches(y_true, y_pred)
    return ops.reshape(matches, true_shape) if reshape else matches


@register_builtin(MODULE)
def sparse_categorical_accuracy(y_true: ArrayLike, y_pred: ArrayLike) -> Array:
    """1.0 where the integer label ``y_true`` equals the argmax of ``y_pred`` (last axis).

    ``y_true`` has ``y_pred``'s shape without the class axis, or with a
    class axis of size 1; sequences (``(batch, steps)`` labels against
    ``(batch, steps, classes)`` predictions) give one value per step.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     sparse_categorical_accuracy([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0.0]]).tolist()
        [0.0, 1.0]
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = _as_tensor(y_true, ops.dtype(y_pred))
    true_static = static_shape(y_true)
    reshape = len(true_static) == len(static_shape(y_pred)) and bool(true_static) and true_static[-1] == 1
    true_shape = _shape_of(y_true)
    if reshape:
        y_true = ops.squeeze(y_true, axis=-1)
    y_pred = ops.cast(ops.argmax(y_pred, axis=-1), ops.dtype(y_true))
    matches = _matches(y_true, y_pred)
    if reshape:
        matches = ops.reshape(matches, true_shape)
    shape = static_shape(matches)
    if len(shape) > 1 and shape[-1] == 1:
        matches = ops.squeeze(matches, axis=-1)
    return matches


def _flatten_for_top_k(y_true: Array, y_pred: Array) -> tuple[Array, Array, Any]:
    """Predictions as ``(n, classes)`` and labels as ``(n,)``; the labels' shape to restore, if flattened."""
    pred_shape = static_shape(y_pred)
    if len(pred_shape) > 2:
        y_pred = ops.reshape(y_pred, (-1, pred_shape[-1]))
    if len(static_shape(y_true)) > 1:
        return ops.reshape(y_true, (-1,)), y_pred, _shape_of(y_true)
    return y_true, y_pred, None


def _restore(matches: Array, shape: Any) -> Array:
    matches = ops.cast(matches, config.floatx())
    return matches if shape is None else ops.reshape(matches, shape)


@register_builtin(MODULE)
def top_k_categorical_accuracy(y_true: ArrayLike, y_pred: ArrayLike, k: int = 5) -> Array:
    """1.0 where the argmax of one-hot ``y_true`` is among the ``k`` largest entries of ``y_pred``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     top_k_categorical_accuracy([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0.0]], k=1).tolist()
        [0.0, 1.0]
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.argmax(_as_tensor(y_true, ops.dtype(y_pred)), axis=-1)
    y_true, y_pred, shape = _flatten_for_top_k(y_true, y_pred)
    return _restore(ops.in_top_k(ops.cast(y_true, "int32"), y_pred, k=k), shape)


@register_builtin(MODULE)
def sparse_top_k_categorical_accuracy(y_true: ArrayLike, y_pred: ArrayLike, k: int = 5,
                                      from_sorted_ids: bool = False) -> Array:
    """1.0 where the integer label ``y_true`` is among the ``k`` largest entries of ``y_pred``.

    Args:
        y_true: integer labels, ``y_pred``'s shape without the class axis (or
            with a class axis of size 1).
        y_pred: scores per class; or, with ``from_sorted_ids``, class ids
            sorted by decreasing score (only the first ``k`` are looked at).
        k: how many top entries count.
        from_sorted_ids: whether ``y_pred`` holds sorted class ids.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     sparse_top_k_categorical_accuracy([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0.0]], k=2).tolist()
        [1.0, 1.0]
        >>> with mk.backend.use("numpy"):
        ...     sparse_top_k_categorical_accuracy([2, 1], [[1, 2, 0], [0, 2, 1]], k=2, from_sorted_ids=True).tolist()
        [1.0, 0.0]
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = _as_tensor(y_true, ops.dtype(y_pred) if from_sorted_ids else "int32")
    y_true, y_pred, shape = _flatten_for_top_k(y_true, y_pred)
    if from_sorted_ids:
        matches = ops.any(ops.equal(ops.expand_dims(y_true, axis=1), y_pred[:, :k]), axis=1)
    else:
        matches = ops.in_top_k(y_true, y_pred, k=k)
    return _restore(matches, shape)


@register_builtin(MODULE)
class Accuracy(MeanMetricWrapper):
    """How often predictions equal labels (exact equality).

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = Accuracy()
        ...     m.update_state([[1], [2], [3], [4]], [[0], [2], [3], [4]])
        ...     float(m.result())
        0.75
    """

    def __init__(self, name: str = "accuracy", dtype: Any = None):
        super().__init__(accuracy, name=name, dtype=dtype)
        self._direction = "up"

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "dtype": self.dtype}


@register_builtin(MODULE)
class BinaryAccuracy(MeanMetricWrapper):
    """How often thresholded predictions match binary labels (see :func:`binary_accuracy`).

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.
        threshold: predictions above it count as 1.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = BinaryAccuracy()
        ...     m.update_state([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]])
        ...     float(m.result())
        0.75
    """

    def __init__(self, name: str = "binary_accuracy", dtype: Any = None, threshold: float = 0.5):
        super().__init__(binary_accuracy, name=name, dtype=dtype, threshold=threshold)
        self.threshold = threshold
        self._direction = "up"

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "dtype": self.dtype, "threshold": self.threshold}


@register_builtin(MODULE)
class CategoricalAccuracy(MeanMetricWrapper):
    """How often the argmax of predictions matches the argmax of one-hot labels.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = CategoricalAccuracy()
        ...     m.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
        ...     float(m.result())
        0.5
    """

    def __init__(self, name: str = "categorical_accuracy", dtype: Any = None):
        super().__init__(categorical_accuracy, name=name, dtype=dtype)
        self._direction = "up"

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "dtype": self.dtype}


@register_builtin(MODULE)
class SparseCategoricalAccuracy(MeanMetricWrapper):
    """How often the argmax of predictions matches integer labels.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = SparseCategoricalAccuracy()
        ...     m.update_state([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]])
        ...     float(m.result())
        0.5
    """

    def __init__(self, name: str = "sparse_categorical_accuracy", dtype: Any = None):
        super().__init__(sparse_categorical_accuracy, name=name, dtype=dtype)
        self._direction = "up"

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "dtype": self.dtype}


@register_builtin(MODULE)
class TopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the one-hot label's class is among the ``k`` highest predictions.

    Args:
        k: how many top predictions count.
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = TopKCategoricalAccuracy(k=1)
        ...     m.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
        ...     float(m.result())
        0.5
    """

    def __init__(self, k: int = 5, name: str = "top_k_categorical_accuracy", dtype: Any = None):
        super().__init__(top_k_categorical_accuracy, name=name, dtype=dtype, k=k)
        self.k = k
        self._direction = "up"

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "dtype": self.dtype, "k": self.k}


@register_builtin(MODULE)
class SparseTopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the integer label is among the ``k`` highest predictions.

    Args:
        k: how many top predictions count.
        name: the metric's name.
        dtype: the dtype of the state and result.
        from_sorted_ids: whether predictions are class ids sorted by
            decreasing score rather than scores.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = SparseTopKCategoricalAccuracy(k=1)
        ...     m.update_state([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
        ...     float(m.result())
        0.5
    """

    def __init__(self, k: int = 5, name: str = "sparse_top_k_categorical_accuracy", dtype: Any = None,
                 from_sorted_ids: bool = False):
        super().__init__(sparse_top_k_categorical_accuracy, name=name, dtype=dtype, k=k,
                         from_sorted_ids=from_sorted_ids)
        self.k = k
        self.from_sorted_ids = from_sorted_ids
        self._direction = "up"

    def get_config(self) -> dict[str, Any]:
        config = {"name": self.name, "dtype": self.dtype, "k": self.k}
        if self.from_sorted_ids:
            config["from_sorted_ids"] = True
        return config
