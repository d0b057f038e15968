"""Overlap losses for segmentation masks: Dice and Tversky."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.backend import config
from multikeras.losses.inputs import as_prediction_and_target, check_broadcastable
from multikeras.losses.loss import MODULE
from multikeras.losses.loss_wrapper import LossFunctionWrapper
from multikeras.ops.types import Array, ArrayLike
from multikeras.saving.object_registration import register_builtin

Axes = int | tuple[int, ...] | list[int] | None


def _axes(axis: Axes) -> Any:
    return tuple(axis) if isinstance(axis, list) else axis


@register_builtin(MODULE)
def dice(y_true: ArrayLike, y_pred: ArrayLike, axis: Axes = None) -> Array:
    """Dice loss: ``1 - 2 * sum(y_true * y_pred) / (sum(y_true) + sum(y_pred) + epsilon)``.

    Args:
        y_true: target masks (values in [0, 1]).
        y_pred: predicted masks (probabilities).
        axis: the axes summed over; ``None`` (all of them, batch included)
            gives one scalar; ``(1, 2)`` for ``(batch, height, width)`` masks
            gives one loss per image.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.dice([[1.0, 1.0, 0.0, 0.0]], [[1.0, 0.0, 1.0, 0.0]]).round(4))
        0.5
    """
    y_true, y_pred = as_prediction_and_target(y_true, y_pred)
    check_broadcastable(y_true, y_pred, "dice")
    axis = _axes(axis)
    intersection = ops.sum(y_true * y_pred, axis=axis)
    total = ops.sum(y_true, axis=axis) + ops.sum(y_pred, axis=axis)
    return 1.0 - 2.0 * intersection / (total + config.epsilon())


@register_builtin(MODULE)
def tversky(y_true: ArrayLike, y_pred: ArrayLike, alpha: float = 0.5, beta: float = 0.5, axis: Axes = None) -> Array:
    """Tversky loss: ``1 - tp / (tp + alpha * a + beta * b + epsilon)``.

    With ``tp = sum(y_true * y_pred)``, ``a = sum(y_true * (1 - y_pred))``
    (target pixels the prediction misses) and ``b = sum((1 - y_true) * y_pred)``
    (predicted pixels outside the target), as Keras 3 weights them.
    ``alpha = beta = 0.5`` gives the Dice loss.

    Args:
        y_true: target masks.
        y_pred: predicted masks.
        alpha: the weight of ``a``.
        beta: the weight of ``b``.
        axis: the axes summed over (``None``: all, giving a scalar).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.tversky([[1.0, 1.0, 0.0, 0.0]], [[1.0, 0.0, 1.0, 0.0]], alpha=1.0, beta=0.0).round(4))
        0.5
    """
    y_true, y_pred = as_prediction_and_target(y_true, y_pred)
    check_broadcastable(y_true, y_pred, "tversky")
    axis = _axes(axis)
    true_positive = ops.sum(y_true * y_pred, axis=axis)
    missed = ops.sum(y_true * (1.0 - y_pred), axis=axis)
    spurious = ops.sum((1.0 - y_true) * y_pred, axis=axis)
    return 1.0 - true_positive / (true_positive + alpha * missed + beta * spurious + config.epsilon())


@register_builtin(MODULE)
class Dice(LossFunctionWrapper):
    """Dice loss (:func:`dice`), weighted and reduced.

    Args:
        reduction: see :class:`~multikeras.losses.Loss`.
        name: the loss's name.
        axis: the axes summed over (``None``: all, giving a scalar).
        dtype: the dtype of the computation.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.Dice(axis=1)([[1.0, 1.0], [1.0, 0.0]], [[1.0, 1.0], [0.0, 1.0]]).round(4))
        0.5
    """

    def __init__(self, reduction: str | None = "sum_over_batch_size", name: str = "dice", axis: Axes = None,
                 dtype: Any = None):
        super().__init__(dice, name=name, reduction=reduction, dtype=dtype, axis=axis)
        self.axis = axis

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "reduction": self.reduction, "axis": self.axis}


@register_builtin(MODULE)
class Tversky(LossFunctionWrapper):
    """Tversky loss (:func:`tversky`), weighted and reduced.

    Args:
        alpha: the weight of missed target pixels.
        beta: the weight of predicted pixels outside the target.
        reduction: see :class:`~multikeras.losses.Loss`.
        name: the loss's name.
        axis: the axes summed over (``None``: all, giving a scalar).
        dtype: the dtype of the computation.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.Tversky(alpha=0.0, beta=1.0)([[1.0, 1.0, 0.0, 0.0]], [[1.0, 0.0, 1.0, 0.0]]).round(4))
        0.5
    """

    def __init__(self, alpha: float = 0.5, beta: float = 0.5, reduction: str | None = "sum_over_batch_size",
                 name: str = "tversky", axis: Axes = None, dtype: Any = None):
        super().__init__(tversky, name=name, reduction=reduction, dtype=dtype, alpha=alpha, beta=beta, axis=axis)
        self.alpha = alpha
        self.beta = beta
        self.axis = axis

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "reduction": self.reduction, "alpha": self.alpha, "beta": self.beta,
                "axis": self.axis}
