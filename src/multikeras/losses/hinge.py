"""Hinge losses for maximum-margin classification: hinge, squared hinge, categorical hinge."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.losses.inputs import as_prediction_and_target, check_broadcastable
from multikeras.losses.loss import MODULE
from multikeras.losses.loss_wrapper import LossFunctionWrapper
from multikeras.ops.types import Array, ArrayLike
from multikeras.saving.object_registration import register_builtin


def binary_labels_to_signs(y_true: Array) -> Array:
    """Labels in {0, 1} become {-1, 1}; any other labels (already -1/1) are returned as they are.

    The decision is made on the values by ``where``, not in Python, so it
    runs inside compiled steps.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     binary_labels_to_signs(mk.ops.array([0.0, 1.0])).tolist(), binary_labels_to_signs(mk.ops.array([-1.0, 1.0])).tolist()
        ([-1.0, 1.0], [-1.0, 1.0])
    """
    is_binary = ops.all(ops.logical_or(ops.equal(y_true, 0), ops.equal(y_true, 1)))
    return ops.where(is_binary, 2.0 * y_true - 1.0, y_true)


@register_builtin(MODULE)
def hinge(y_true: ArrayLike, y_pred: ArrayLike) -> Array:
    """Hinge loss per sample: ``mean(maximum(1 - y_true * y_pred, 0), axis=-1)``.

    Args:
        y_true: labels in {-1, 1}; labels in {0, 1} are converted to {-1, 1}.
        y_pred: predicted scores.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     mk.losses.hinge([[0.0, 1.0]], [[0.5, 0.5]]).tolist()
        [1.0]
    """
    y_true, y_pred = as_prediction_and_target(y_true, y_pred)
    check_broadcastable(y_true, y_pred, "hinge")
    y_true = binary_labels_to_signs(y_true)
    return ops.mean(ops.maximum(1.0 - y_true * y_pred, 0.0), axis=-1)


@register_builtin(MODULE)
def squared_hinge(y_true: ArrayLike, y_pred: ArrayLike) -> Array:
    """Squared hinge loss per sample: ``mean(square(maximum(1 - y_true * y_pred, 0)), axis=-1)``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     mk.losses.squared_hinge([[0.0, 1.0]], [[0.5, 0.5]]).tolist()
        [1.25]
    """
    y_true, y_pred = as_prediction_and_target(y_true, y_pred)
    check_broadcastable(y_true, y_pred, "squared_hinge")
    y_true = binary_labels_to_signs(y_true)
    return ops.mean(ops.square(ops.maximum(1.0 - y_true * y_pred, 0.0)), axis=-1)


@register_builtin(MODULE)
def categorical_hinge(y_true: ArrayLike, y_pred: ArrayLike) -> Array:
    """Categorical hinge per sample: ``maximum(neg - pos + 1, 0)``.

    ``pos = sum(y_true * y_pred, axis=-1)`` is the score of the true class and
    ``neg = max((1 - y_true) * y_pred, axis=-1)`` the best score of the others.

    Args:
        y_true: one-hot labels, shape ``(batch, classes)``.
        y_pred: predicted scores, same shape.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     mk.losses.categorical_hinge([[0.0, 1.0, 0.0]], [[0.25, 0.5, 0.0]]).tolist()
        [0.75]
    """
    y_true, y_pred = as_prediction_and_target(y_true, y_pred)
    check_broadcastable(y_true, y_pred, "categorical_hinge")
    positive = ops.sum(y_true * y_pred, axis=-1)
    negative = ops.max((1.0 - y_true) * y_pred, axis=-1)
    return ops.maximum(negative - positive + 1.0, 0.0)


@register_builtin(MODULE)
class Hinge(LossFunctionWrapper):
    """Hinge loss (:func:`hinge`), weighted and reduced.

    Args:
        reduction: see :class:`~multikeras.losses.Loss`.
        name: the loss's name.
        dtype: the dtype of the computation.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.Hinge()([[0.0, 1.0], [1.0, 1.0]], [[0.5, 0.5], [2.0, 0.0]]))
        0.75
    """

    def __init__(self, reduction: str | None = "sum_over_batch_size", name: str = "hinge", dtype: Any = None):
        super().__init__(hinge, name=name, reduction=reduction, dtype=dtype)

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "reduction": self.reduction}


@register_builtin(MODULE)
class SquaredHinge(LossFunctionWrapper):
    """Squared hinge loss (:func:`squared_hinge`), weighted and reduced.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.SquaredHinge()([[0.0, 1.0]], [[0.5, 0.5]]))
        1.25
    """

    def __init__(self, reduction: str | None = "sum_over_batch_size", name: str = "squared_hinge", dtype: Any = None):
        super().__init__(squared_hinge, name=name, reduction=reduction, dtype=dtype)

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "reduction": self.reduction}


@register_builtin(MODULE)
class CategoricalHinge(LossFunctionWrapper):
    """Categorical hinge loss (:func:`categorical_hinge`), weighted and reduced.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.CategoricalHinge()([[0.0, 1.0, 0.0]], [[0.25, 0.5, 0.0]]))
        0.75
    """

    def __init__(self, reduction: str | None = "sum_over_batch_size", name: str = "categorical_hinge",
                 dtype: Any = None):
        super().__init__(categorical_hinge, name=name, reduction=reduction, dtype=dtype)

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "reduction": self.reduction}
