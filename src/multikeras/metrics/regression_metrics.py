"""Regression metrics: running means of squared, absolute, percentage, logarithmic and log-cosh errors,
their root mean square, and cosine similarity."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.losses import (
    log_cosh,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
)
from multikeras.losses import cosine_similarity as _negative_cosine_similarity
from multikeras.losses.reduction import squeeze_or_expand_to_same_rank
from multikeras.metrics.reduction_metrics import MODULE, Mean, MeanMetricWrapper
from multikeras.ops.types import Array, ArrayLike
from multikeras.saving.object_registration import register_builtin


def cosine_similarity(y_true: ArrayLike, y_pred: ArrayLike, axis: int = -1) -> Array:
    """Cosine similarity along ``axis``: ``sum(l2_normalize(y_true) * l2_normalize(y_pred), axis)``.

    The metric's sign: 1 when the vectors point the same way (the loss
    :func:`multikeras.losses.cosine_similarity` is its negative).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     cosine_similarity([[0.0, 2.0], [1.0, 0.0]], [[0.0, 3.0], [-4.0, 0.0]]).tolist()
        [1.0, -1.0]
    """
    return ops.negative(_negative_cosine_similarity(y_true, y_pred, axis=axis))


class _NamedMeanWrapper(MeanMetricWrapper):
    """A :class:`MeanMetricWrapper` whose config is only ``name`` and ``dtype``."""

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "dtype": self.dtype}


@register_builtin(MODULE)
class MeanSquaredError(_NamedMeanWrapper):
    """The mean of :func:`~multikeras.losses.mean_squared_error` over all samples seen.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = MeanSquaredError()
        ...     m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
        ...     float(m.result())
        0.25
    """

    def __init__(self, name: str = "mean_squared_error", dtype: Any = None):
        super().__init__(mean_squared_error, name=name, dtype=dtype)
        self._direction = "down"


@register_builtin(MODULE)
class MeanAbsoluteError(_NamedMeanWrapper):
    """The mean of :func:`~multikeras.losses.mean_absolute_error` over all samples seen.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = MeanAbsoluteError()
        ...     m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
        ...     float(m.result())
        0.25
    """

    def __init__(self, name: str = "mean_absolute_error", dtype: Any = None):
        super().__init__(mean_absolute_error, name=name, dtype=dtype)
        self._direction = "down"


@register_builtin(MODULE)
class MeanAbsolutePercentageError(_NamedMeanWrapper):
    """The mean of :func:`~multikeras.losses.mean_absolute_percentage_error` over all samples seen.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = MeanAbsolutePercentageError()
        ...     m.update_state([[1.0, 2.0]], [[1.5, 2.0]])
        ...     round(float(m.result()), 4)
        25.0
    """

    def __init__(self, name: str = "mean_absolute_percentage_error", dtype: Any = None):
        super().__init__(mean_absolute_percentage_error, name=name, dtype=dtype)
        self._direction = "down"


@register_builtin(MODULE)
class MeanSquaredLogarithmicError(_NamedMeanWrapper):
    """The mean of :func:`~multikeras.losses.mean_squared_logarithmic_error` over all samples seen.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = MeanSquaredLogarithmicError()
        ...     m.update_state([[0.0, 0.0]], [[0.0, 0.0]])
        ...     float(m.result())
        0.0
    """

    def __init__(self, name: str = "mean_squared_logarithmic_error", dtype: Any = None):
        super().__init__(mean_squared_logarithmic_error, name=name, dtype=dtype)
        self._direction = "down"


@register_builtin(MODULE)
class RootMeanSquaredError(Mean):
    """The square root of the (weighted) mean of squared errors over all entries seen.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = RootMeanSquaredError()
        ...     m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
        ...     float(m.result())
        0.5
    """

    def __init__(self, name: str = "root_mean_squared_error", dtype: Any = None):
        super().__init__(name=name, dtype=dtype)
        self._direction = "down"

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        """Add the batch's squared errors, weighted by ``sample_weight``."""
        y_true = ops.convert_to_tensor(y_true, self.dtype)
        y_pred = ops.convert_to_tensor(y_pred, self.dtype)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        super().update_state(ops.square(y_pred - y_true), sample_weight=sample_weight)

    def result(self) -> Any:
        return ops.sqrt(super().result())


@register_builtin(MODULE)
class CosineSimilarity(MeanMetricWrapper):
    """The mean cosine similarity between labels and predictions along ``axis``.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.
        axis: the axis along which the similarity is computed.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = CosineSimilarity()
        ...     m.update_state([[0.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0]])
        ...     round(float(m.result()), 4)
        0.5
    """

    def __init__(self, name: str = "cosine_similarity", dtype: Any = None, axis: int = -1):
        super().__init__(cosine_similarity, name=name, dtype=dtype, axis=axis)
        self.axis = axis
        self._direction = "up"

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "dtype": self.dtype, "axis": self.axis}


@register_builtin(MODULE)
class LogCoshError(_NamedMeanWrapper):
    """The mean of :func:`~multikeras.losses.log_cosh` (logarithm of the hyperbolic cosine of the error).

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = LogCoshError()
        ...     m.update_state([[0.0, 1.0]], [[0.0, 1.0]])
        ...     float(m.result())
        0.0
    """

    def __init__(self, name: str = "logcosh", dtype: Any = None):
        super().__init__(log_cosh, name=name, dtype=dtype)
        self._direction = "down"
