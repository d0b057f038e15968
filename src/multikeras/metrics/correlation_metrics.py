"""Correlation metrics: `R2Score` (coefficient of determination, per output or aggregated), and the
per-sample `PearsonCorrelation` and `ConcordanceCorrelation` averaged over samples."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras.backend import config, dtypes
from multikeras.losses.reduction import squeeze_or_expand_to_same_rank, static_shape
from multikeras.metrics.metric import Metric
from multikeras.metrics.reduction_metrics import MODULE, MeanMetricWrapper
from multikeras.ops.types import Array, ArrayLike
from multikeras.saving.object_registration import register_builtin

_AGGREGATIONS = (None, "uniform_average", "variance_weighted_average")


@register_builtin(MODULE)
class R2Score(Metric):
    """The coefficient of determination, ``1 - SS_res / SS_tot``, of each output column, optionally aggregated.

    Inputs have shape ``(batch, num_outputs)``. Sums of ``y_true``,
    ``y_true²``, squared residuals and weights are kept per output; with
    ``num_regressors`` the score is adjusted for the number of independent
    variables: ``1 - (1 - R²) (n - 1) / (n - p - 1)``, where ``n`` counts the
    label entries seen (the plain score is kept when ``p >= n - 1``).

    The per-output state is created by the first :meth:`update_state` from
    the inputs' last axis. Make that first call eagerly, not inside a
    compiled function: the trainer does so on the first batch (under a
    :class:`~multikeras.state.StatelessScope` that keeps no assignment);
    elsewhere call ``update_state`` once under such a scope, or
    ``_build(y_true_shape, y_pred_shape)``, before compiling
    ``stateless_update_state``.

    Args:
        class_aggregation: ``"uniform_average"`` (mean over outputs),
            ``"variance_weighted_average"`` (weighted by each output's total
            sum of squares) or ``None`` (one score per output).
        num_regressors: the number of independent variables ``p`` (0: no
            adjustment).
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = R2Score()
        ...     m.update_state([[1.0], [2.0], [3.0]], [[1.0], [2.5], [3.0]])
        ...     float(m.result())
        0.875
    """

    def __init__(self, class_aggregation: str | None = "uniform_average", num_regressors: int = 0,
                 name: str = "r2_score", dtype: Any = None):
        super().__init__(name=name, dtype=dtype)
        if class_aggregation not in _AGGREGATIONS:
            raise ValueError(
                f"Invalid value for argument `class_aggregation`. Expected one of {_AGGREGATIONS}. "
                f"Received: class_aggregation={class_aggregation}"
            )
        if num_regressors < 0:
            raise ValueError(
                "Invalid value for argument `num_regressors`. Expected a value >= 0. "
                f"Received: num_regressors={num_regressors}"
            )
        self.class_aggregation = class_aggregation
        self.num_regressors = num_regressors
        self.num_samples = self.add_variable((), "zeros", name="num_samples")
        self._built = False

    def _build(self, y_true_shape: Sequence[int | None], y_pred_shape: Sequence[int | None]) -> None:
        """Create the per-output state for inputs of these shapes (rank 2, a known last axis)."""
        y_true_shape, y_pred_shape = tuple(y_true_shape), tuple(y_pred_shape)
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise ValueError(
                "R2Score expects 2D inputs with shape (batch_size, output_dim). Received input shapes: "
                f"y_pred.shape={y_pred_shape} and y_true.shape={y_true_shape}."
            )
        if y_pred_shape[-1] is None or y_true_shape[-1] is None:
            raise ValueError(
                "R2Score expects 2D inputs with shape (batch_size, output_dim), with output_dim fully defined "
                f"(not None). Received input shapes: y_pred.shape={y_pred_shape} and y_true.shape={y_true_shape}."
            )
        shape = (int(y_pred_shape[-1]),)
        self.squared_sum = self.add_variable(shape, "zeros", name="squared_sum")
        self.sum = self.add_variable(shape, "zeros", name="sum")
        self.total_mse = self.add_variable(shape, "zeros", name="residual")
        self.count = self.add_variable(shape, "zeros", name="count")
        self._built = True

    def update_state(self, y_true: ArrayLike, y_pred: ArrayLike, sample_weight: ArrayLike | None = None) -> None:
        """Add the batch's sums (creating the per-output state on the first call).

        Args:
            y_true: targets, shape ``(batch, num_outputs)``.
            y_pred: predictions, the same shape.
            sample_weight: one weight per row ``(batch,)``, or per entry.
        """
        y_true = ops.cast(ops.convert_to_tensor(y_true), self.dtype)
        y_pred = ops.cast(ops.convert_to_tensor(y_pred), self.dtype)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        if not self._built:
            self._build(static_shape(y_true), static_shape(y_pred))
        if sample_weight is None:
            weights = ops.ones_like(y_true)
        else:
            weights = ops.cast(ops.convert_to_tensor(sample_weight), self.dtype)
            if len(static_shape(weights)) == 1:
                weights = ops.expand_dims(weights, axis=1)
            weights = ops.broadcast_to(weights, ops.shape(y_true))
        weighted_true = y_true * weights
        self.sum.assign(self.sum.value + ops.sum(weighted_true, axis=0))
        self.squared_sum.assign(self.squared_sum.value + ops.sum(y_true * weighted_true, axis=0))
        self.total_mse.assign(self.total_mse.value + ops.sum(ops.square(y_true - y_pred) * weights, axis=0))
        self.count.assign(self.count.value + ops.sum(weights, axis=0))
        self.num_samples.assign(self.num_samples.value + ops.cast(ops.size(y_true), self.dtype))

    def result(self) -> Array:
        """The score (per output with ``class_aggregation=None``); 0 before any update.

        An output whose targets are constant has no variance: its score is 0
        when predictions miss, and NaN when they are exact (as in Keras 3).
        """
        if not self._built:
            return ops.zeros((), dtype=self.dtype)
        total_sum = self.sum.value
        mean = total_sum / self.count.value
        total = self.squared_sum.value - total_sum * mean
        raw_scores = 1.0 - self.total_mse.value / total
        raw_scores = ops.where(ops.isinf(raw_scores), ops.zeros_like(raw_scores), raw_scores)
        if self.class_aggregation == "uniform_average":
            score = ops.mean(raw_scores)
        elif self.class_aggregation == "variance_weighted_average":
            score = ops.sum(total * raw_scores) / ops.sum(total)
        else:
            score = raw_scores
        if self.num_regressors != 0:
            n = self.num_samples.value
            p = ops.cast(self.num_regressors, self.dtype)
            # The adjustment needs n - p - 1 > 0; otherwise the plain score is kept.
            adjusted = 1.0 - (1.0 - score) * (n - 1.0) / ops.maximum(n - p - 1.0, 1.0)
            score = ops.where(p < n - 1.0, adjusted, score)
        return score

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "class_aggregation": self.class_aggregation,
                "num_regressors": self.num_regressors}


def _centered(y_true: ArrayLike, y_pred: ArrayLike, axis: int) -> tuple[Array, Array, Array, Array]:
    y_pred = ops.convert_to_tensor(y_pred)
    if not dtypes.is_float(ops.dtype(y_pred)):
        y_pred = ops.cast(y_pred, config.floatx())
    y_true = ops.cast(ops.convert_to_tensor(y_true), ops.dtype(y_pred))
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    true_mean = ops.mean(y_true, axis=axis, keepdims=True)
    pred_mean = ops.mean(y_pred, axis=axis, keepdims=True)
    return y_true - true_mean, y_pred - pred_mean, true_mean, pred_mean


@register_builtin(MODULE)
def pearson_correlation(y_true: ArrayLike, y_pred: ArrayLike, axis: int = -1) -> Array:
    """Pearson's correlation coefficient of ``y_true`` and ``y_pred`` along ``axis`` (one value per sample).

    ``cov(t, p) / (std(t) std(p))``; NaN where either side is constant.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     pearson_correlation([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]], [[2.0, 4.0, 6.0], [3.0, 2.0, 1.0]]).tolist()
        [1.0, -1.0]
    """
    true_centered, pred_centered, _, _ = _centered(y_true, y_pred, axis)
    covariance = ops.sum(true_centered * pred_centered, axis=axis)
    spread = ops.sqrt(ops.sum(ops.square(true_centered), axis=axis) * ops.sum(ops.square(pred_centered), axis=axis))
    return covariance / spread


@register_builtin(MODULE)
def concordance_correlation(y_true: ArrayLike, y_pred: ArrayLike, axis: int = -1) -> Array:
    """Lin's concordance correlation coefficient along ``axis`` (one value per sample).

    ``2 cov(t, p) / (var(t) + var(p) + (mean(t) - mean(p))²)`` with population
    moments; 0 where the denominator is 0.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     concordance_correlation([[1.0, 2.0, 3.0]], [[1.0, 2.0, 3.0]]).tolist()
        [1.0]
    """
    true_centered, pred_centered, true_mean, pred_mean = _centered(y_true, y_pred, axis)
    covariance = ops.mean(true_centered * pred_centered, axis=axis)
    mean_gap = ops.squeeze(ops.square(true_mean - pred_mean), axis=axis)
    denominator = (ops.mean(ops.square(true_centered), axis=axis) + ops.mean(ops.square(pred_centered), axis=axis)
                   + mean_gap)
    return ops.divide_no_nan(2.0 * covariance, denominator)


@register_builtin(MODULE)
class PearsonCorrelation(MeanMetricWrapper):
    """The mean over samples of :func:`pearson_correlation` along ``axis``.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.
        axis: the axis along which each sample's correlation is computed.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = PearsonCorrelation()
        ...     m.update_state([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]], [[2.0, 4.0, 6.0], [1.0, 3.0, 2.0]])
        ...     float(m.result())
        0.75
    """

    def __init__(self, name: str = "pearson_correlation", dtype: Any = None, axis: int = -1):
        super().__init__(pearson_correlation, name=name, dtype=dtype, axis=axis)
        self.axis = axis

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "dtype": self.dtype, "axis": self.axis}


@register_builtin(MODULE)
class ConcordanceCorrelation(MeanMetricWrapper):
    """The mean over samples of :func:`concordance_correlation` along ``axis``.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.
        axis: the axis along which each sample's coefficient is computed.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = ConcordanceCorrelation()
        ...     m.update_state([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]], [[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]])
        ...     float(m.result())
        0.0
    """

    def __init__(self, name: str = "concordance_correlation", dtype: Any = None, axis: int = -1):
        super().__init__(concordance_correlation, name=name, dtype=dtype, axis=axis)
        self.axis = axis

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "dtype": self.dtype, "axis": self.axis}
