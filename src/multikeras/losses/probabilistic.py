"""Losses between distributions and counts: Kullback-Leibler divergence, Poisson."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.backend import config
from multikeras.losses.inputs import as_prediction_and_target, check_broadcastable
from multikeras.losses.loss import MODULE
from multikeras.losses.loss_wrapper import LossFunctionWrapper
from multikeras.ops.types import Array, ArrayLike
from multikeras.saving.object_registration import register_builtin


@register_builtin(MODULE)
def kl_divergence(y_true: ArrayLike, y_pred: ArrayLike) -> Array:
    """Kullback-Leibler divergence per sample: ``sum(y_true * log(y_true / y_pred), axis=-1)``.

    Both distributions are clipped to ``[epsilon, 1]`` first, so zeros give finite values.

    Args:
        y_true: target distributions.
        y_pred: predicted distributions.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.kl_divergence([[0.5, 0.5]], [[0.5, 0.5]]))
        [0.]
    """
    y_true, y_pred = as_prediction_and_target(y_true, y_pred)
    check_broadcastable(y_true, y_pred, "kl_divergence")
    eps = config.epsilon()
    y_true = ops.clip(y_true, eps, 1.0)
    y_pred = ops.clip(y_pred, eps, 1.0)
    return ops.sum(y_true * ops.log(y_true / y_pred), axis=-1)


@register_builtin(MODULE)
def poisson(y_true: ArrayLike, y_pred: ArrayLike) -> Array:
    """Poisson negative log-likelihood per sample, up to a constant.

    ``mean(y_pred - y_true * log(y_pred + epsilon), axis=-1)``.

    Args:
        y_true: observed counts.
        y_pred: predicted rates (non-negative).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     mk.losses.poisson([[0.0, 0.0]], [[1.0, 3.0]]).tolist()
        [2.0]
    """
    y_true, y_pred = as_prediction_and_target(y_true, y_pred)
    check_broadcastable(y_true, y_pred, "poisson")
    return ops.mean(y_pred - y_true * ops.log(y_pred + config.epsilon()), axis=-1)


@register_builtin(MODULE)
class KLDivergence(LossFunctionWrapper):
    """Kullback-Leibler divergence (:func:`kl_divergence`), weighted and reduced.

    Args:
        reduction: see :class:`~multikeras.losses.Loss`.
        name: the loss's name.
        dtype: the dtype of the computation.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.KLDivergence()([[1.0, 0.0]], [[1.0, 0.0]]))
        0.0
    """

    def __init__(self, reduction: str | None = "sum_over_batch_size", name: str = "kl_divergence", dtype: Any = None):
        super().__init__(kl_divergence, name=name, reduction=reduction, dtype=dtype)

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "reduction": self.reduction}


@register_builtin(MODULE)
class Poisson(LossFunctionWrapper):
    """Poisson loss (:func:`poisson`), weighted and reduced.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.Poisson()([[0.0], [0.0]], [[1.0], [3.0]]))
        2.0
    """

    def __init__(self, reduction: str | None = "sum_over_batch_size", name: str = "poisson", dtype: Any = None):
        super().__init__(poisson, name=name, reduction=reduction, dtype=dtype)

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "reduction": self.reduction}
