"""Regression losses: squared, absolute, percentage and logarithmic errors, Huber, log-cosh, cosine similarity."""

from __future__ import annotations

import math
from typing import Any

from multikeras import ops
from multikeras.backend import config
from multikeras.losses.inputs import as_prediction_and_target, check_broadcastable
from multikeras.losses.loss import MODULE
from multikeras.losses.loss_wrapper import LossFunctionWrapper
from multikeras.losses.reduction import squeeze_or_expand_to_same_rank
from multikeras.ops.types import Array, ArrayLike
from multikeras.saving.object_registration import register_builtin


def _aligned(y_true: ArrayLike, y_pred: ArrayLike, where: str) -> tuple[Array, Array]:
    y_true, y_pred = as_prediction_and_target(y_true, y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    check_broadcastable(y_true, y_pred, where)
    return y_true, y_pred


@register_builtin(MODULE)
def mean_squared_error(y_true: ArrayLike, y_pred: ArrayLike) -> Array:
    """Mean squared error per sample: ``mean(square(y_true - y_pred), axis=-1)``.

    Args:
        y_true: targets, shape ``(batch, d0, .. dN)``.
        y_pred: predictions, same shape (a size-1 last axis on either side is squeezed).

    Returns:
        Losses of shape ``(batch, d0, .. dN-1)``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     mk.losses.mean_squared_error([[0.0, 1.0], [2.0, 2.0]], [[1.0, 1.0], [0.0, 2.0]]).tolist()
        [0.5, 2.0]
    """
    y_true, y_pred = _aligned(y_true, y_pred, "mean_squared_error")
    return ops.mean(ops.square(y_true - y_pred), axis=-1)


@register_builtin(MODULE)
def mean_absolute_error(y_true: ArrayLike, y_pred: ArrayLike) -> Array:
    """Mean absolute error per sample: ``mean(abs(y_true - y_pred), axis=-1)``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     mk.losses.mean_absolute_error([[0.0, 1.0], [2.0, 2.0]], [[1.0, 1.0], [0.0, 2.0]]).tolist()
        [0.5, 1.0]
    """
    y_true, y_pred = _aligned(y_true, y_pred, "mean_absolute_error")
    return ops.mean(ops.abs(y_true - y_pred), axis=-1)


@register_builtin(MODULE)
def mean_absolute_percentage_error(y_true: ArrayLike, y_pred: ArrayLike) -> Array:
    """Mean absolute percentage error per sample.

    ``100 * mean(abs((y_true - y_pred) / max(abs(y_true), epsilon)), axis=-1)``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     mk.losses.mean_absolute_percentage_error([[2.0, 4.0]], [[1.0, 4.0]]).tolist()
        [25.0]
    """
    y_true, y_pred = _aligned(y_true, y_pred, "mean_absolute_percentage_error")
    denominator = ops.maximum(ops.abs(y_true), config.epsilon())
    return 100.0 * ops.mean(ops.abs((y_true - y_pred) / denominator), axis=-1)


@register_builtin(MODULE)
def mean_squared_logarithmic_error(y_true: ArrayLike, y_pred: ArrayLike) -> Array:
    """Mean squared logarithmic error per sample: ``mean(square(log(y_pred + 1) - log(y_true + 1)), axis=-1)``.

    Values below ``epsilon`` are raised to ``epsilon`` before the logarithm.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.mean_squared_logarithmic_error([[0.0, 0.0]], [[0.0, 0.0]]))
        [0.]
    """
    y_true, y_pred = _aligned(y_true, y_pred, "mean_squared_logarithmic_error")
    eps = config.epsilon()
    first = ops.log(ops.maximum(y_pred, eps) + 1.0)
    second = ops.log(ops.maximum(y_true, eps) + 1.0)
    return ops.mean(ops.square(first - second), axis=-1)


def _l2_normalize(x: Array, axis: int) -> Array:
    # x / max(norm, eps), written so that a zero vector has a finite gradient.
    eps = config.epsilon()
    return x * ops.rsqrt(ops.maximum(ops.sum(ops.square(x), axis=axis, keepdims=True), eps * eps))


@register_builtin(MODULE)
def cosine_similarity(y_true: ArrayLike, y_pred: ArrayLike, axis: int = -1) -> Array:
    """Negative cosine similarity along ``axis``: ``-sum(l2_normalize(y_true) * l2_normalize(y_pred), axis)``.

    The result lies in ``[-1, 1]``; -1 means the vectors point the same way,
    so minimizing it aligns predictions with targets. A zero vector gives 0.

    Args:
        y_true: targets.
        y_pred: predictions.
        axis: the axis along which the similarity is computed.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     mk.losses.cosine_similarity([[0.0, 2.0], [1.0, 0.0]], [[0.0, 3.0], [-4.0, 0.0]]).tolist()
        [-1.0, 1.0]
    """
    y_true, y_pred = _aligned(y_true, y_pred, "cosine_similarity")
    return -ops.sum(_l2_normalize(y_true, axis) * _l2_normalize(y_pred, axis), axis=axis)


@register_builtin(MODULE)
def huber(y_true: ArrayLike, y_pred: ArrayLike, delta: float = 1.0) -> Array:
    """Huber loss per sample: quadratic for errors up to ``delta``, linear beyond.

    ``mean(0.5 * e**2 if |e| <= delta else delta * |e| - 0.5 * delta**2, axis=-1)`` with ``e = y_pred - y_true``.

    Args:
        y_true: targets.
        y_pred: predictions.
        delta: where the loss changes from quadratic to linear.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     mk.losses.huber([[0.0, 0.0]], [[0.5, 3.0]]).tolist()
        [1.3125]
    """
    y_true, y_pred = _aligned(y_true, y_pred, "huber")
    error = y_pred - y_true
    abs_error = ops.abs(error)
    quadratic = 0.5 * ops.square(error)
    linear = delta * abs_error - 0.5 * delta * delta
    return ops.mean(ops.where(abs_error <= delta, quadratic, linear), axis=-1)


@register_builtin(MODULE)
def log_cosh(y_true: ArrayLike, y_pred: ArrayLike) -> Array:
    """Logarithm of the hyperbolic cosine of the error, averaged over the last axis.

    ``log(cosh(x))`` is about ``x**2 / 2`` for small errors and ``|x| - log(2)``
    for large ones; it is computed as ``x + softplus(-2x) - log(2)``, which
    does not overflow.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     mk.losses.log_cosh([[0.0, 0.0]], [[0.0, 0.0]]).tolist()
        [0.0]
    """
    y_true, y_pred = _aligned(y_true, y_pred, "log_cosh")
    error = y_pred - y_true
    return ops.mean(error + ops.softplus(-2.0 * error) - math.log(2.0), axis=-1)


@register_builtin(MODULE)
class MeanSquaredError(LossFunctionWrapper):
    """Mean of the squared errors (:func:`mean_squared_error`), weighted and reduced.

    Args:
        reduction: see :class:`~multikeras.losses.Loss`.
        name: the loss's name.
        dtype: the dtype of the computation (``floatx()`` when ``None``).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.MeanSquaredError()([[0.0, 1.0], [2.0, 2.0]], [[1.0, 1.0], [0.0, 2.0]]))
        1.25
    """

    def __init__(self, reduction: str | None = "sum_over_batch_size", name: str = "mean_squared_error",
                 dtype: Any = None):
        super().__init__(mean_squared_error, name=name, reduction=reduction, dtype=dtype)

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "reduction": self.reduction}


@register_builtin(MODULE)
class MeanAbsoluteError(LossFunctionWrapper):
    """Mean of the absolute errors (:func:`mean_absolute_error`), weighted and reduced.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.MeanAbsoluteError(reduction="sum")([[0.0, 1.0], [2.0, 2.0]], [[1.0, 1.0], [0.0, 2.0]]))
        1.5
    """

    def __init__(self, reduction: str | None = "sum_over_batch_size", name: str = "mean_absolute_error",
                 dtype: Any = None):
        super().__init__(mean_absolute_error, name=name, reduction=reduction, dtype=dtype)

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "reduction": self.reduction}


@register_builtin(MODULE)
class MeanAbsolutePercentageError(LossFunctionWrapper):
    """Mean absolute percentage error (:func:`mean_absolute_percentage_error`), weighted and reduced.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.MeanAbsolutePercentageError()([[2.0, 4.0]], [[1.0, 4.0]]))
        25.0
    """

    def __init__(self, reduction: str | None = "sum_over_batch_size", name: str = "mean_absolute_percentage_error",
                 dtype: Any = None):
        super().__init__(mean_absolute_percentage_error, name=name, reduction=reduction, dtype=dtype)

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "reduction": self.reduction}


@register_builtin(MODULE)
class MeanSquaredLogarithmicError(LossFunctionWrapper):
    """Mean squared logarithmic error (:func:`mean_squared_logarithmic_error`), weighted and reduced.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.MeanSquaredLogarithmicError()([[1.0]], [[1.0]]))
        0.0
    """

    def __init__(self, reduction: str | None = "sum_over_batch_size", name: str = "mean_squared_logarithmic_error",
                 dtype: Any = None):
        super().__init__(mean_squared_logarithmic_error, name=name, reduction=reduction, dtype=dtype)

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "reduction": self.reduction}


@register_builtin(MODULE)
class CosineSimilarity(LossFunctionWrapper):
    """Negative cosine similarity (:func:`cosine_similarity`), weighted and reduced.

    Args:
        axis: the axis along which the similarity is computed.
        reduction: see :class:`~multikeras.losses.Loss`.
        name: the loss's name.
        dtype: the dtype of the computation.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.CosineSimilarity()([[0.0, 2.0], [1.0, 0.0]], [[0.0, 3.0], [0.0, 5.0]]))
        -0.5
    """

    def __init__(self, axis: int = -1, reduction: str | None = "sum_over_batch_size", name: str = "cosine_similarity",
                 dtype: Any = None):
        super().__init__(cosine_similarity, name=name, reduction=reduction, dtype=dtype, axis=axis)
        self.axis = axis

    def get_config(self) -> dict[str, Any]:
        # Keras 3.15 leaves `axis` out of the config (a loss rebuilt from it uses axis=-1); it is kept here.
        return {"name": self.name, "reduction": self.reduction, "axis": self.axis}


@register_builtin(MODULE)
class Huber(LossFunctionWrapper):
    """Huber loss (:func:`huber`), weighted and reduced.

    Args:
        delta: where the loss changes from quadratic to linear.
        reduction: see :class:`~multikeras.losses.Loss`.
        name: the loss's name.
        dtype: the dtype of the computation.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.Huber(delta=2.0)([[0.0], [0.0]], [[1.0], [3.0]]))
        2.25
    """

    def __init__(self, delta: float = 1.0, reduction: str | None = "sum_over_batch_size", name: str = "huber_loss",
                 dtype: Any = None):
        super().__init__(huber, name=name, reduction=reduction, dtype=dtype, delta=delta)
        self.delta = delta

    def get_config(self) -> dict[str, Any]:
        # Keras 3.15 leaves `delta` out of the config (a loss rebuilt from it uses delta=1.0); it is kept here.
        return {"name": self.name, "reduction": self.reduction, "delta": self.delta}


@register_builtin(MODULE)
class LogCosh(LossFunctionWrapper):
    """Log-cosh of the error (:func:`log_cosh`), weighted and reduced.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.LogCosh()([[0.0]], [[0.0]]))
        0.0
    """

    def __init__(self, reduction: str | None = "sum_over_batch_size", name: str = "log_cosh", dtype: Any = None):
        super().__init__(log_cosh, name=name, reduction=reduction, dtype=dtype)

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "reduction": self.reduction}
