"""F-scores of multi-label or multi-class predictions: `FBetaScore` and `F1Score`.

The state (per-class true positives, false positives, false negatives and
label weights) has one entry per class, so its shape is only known from the
data: it is created by the first ``update_state`` (Keras 3's way).
Variables must not be created inside a compiled trace, so that first call
has to happen eagerly: the trainer runs one eager ``update_state`` on the
first batch inside a :class:`~multikeras.state.StatelessScope` that keeps no
assignment (the values stay zero, the variables exist), before it compiles;
user code that compiles ``stateless_update_state`` itself does the same, or
calls ``_build(y_true_shape, y_pred_shape)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras.backend import config
from multikeras.losses.reduction import static_shape
from multikeras.metrics.metric import Metric
from multikeras.metrics.reduction_metrics import MODULE
from multikeras.ops.types import Array, ArrayLike
from multikeras.saving.object_registration import register_builtin

_AVERAGES = (None, "micro", "macro", "weighted")


@register_builtin(MODULE)
class FBetaScore(Metric):
    """The F-beta score, ``(1 + beta²) · P · R / (beta² · P + R)``, of each class or averaged over classes.

    Inputs have shape ``(batch, num_classes)``. A prediction counts as
    positive above ``threshold``; without a threshold, the largest score of
    each row is the positive one (ties included; an all-zero row has none).

    The state has one entry per class (a scalar with ``average="micro"``) and
    is created by the first :meth:`update_state` from ``y_pred``'s last axis.
    Make that first call eagerly, not inside a compiled function: the trainer
    does so on the first batch (under a
    :class:`~multikeras.state.StatelessScope` that keeps no assignment);
    elsewhere call ``update_state`` once under such a scope, or
    ``_build(y_true_shape, y_pred_shape)``, before compiling
    ``stateless_update_state``.

    Args:
        average: ``None`` (one score per class), ``"micro"`` (pool all
            classes), ``"macro"`` (unweighted mean of the class scores) or
            ``"weighted"`` (mean weighted by each class's number of positive
            labels).
        beta: the weight of recall relative to precision (a float > 0).
        threshold: a float in ``(0, 1]``, or ``None`` (row-wise maximum).
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = FBetaScore(beta=2.0, threshold=0.5)
        ...     m.update_state([[1, 0], [1, 1], [0, 1]], [[0.8, 0.1], [0.3, 0.9], [0.6, 0.2]])
        ...     [round(v, 4) for v in m.result().tolist()]
        [0.5, 0.5556]
    """

    def __init__(self, average: str | None = None, beta: float = 1.0, threshold: float | None = None,
                 name: str = "fbeta_score", dtype: Any = None):
        super().__init__(name=name, dtype=dtype)
        if average not in _AVERAGES:
            raise ValueError(
                "Invalid `average` argument value. Expected one of: {None, 'micro', 'macro', 'weighted'}. "
                f"Received: average={average}"
            )
        if not isinstance(beta, float):
            raise ValueError(
                f"Invalid `beta` argument value. It should be a Python float. Received: beta={beta} of type "
                f"'{type(beta)}'"
            )
        if beta <= 0.0:
            raise ValueError(f"Invalid `beta` argument value. It should be > 0. Received: beta={beta}")
        if threshold is not None:
            if not isinstance(threshold, float):
                raise ValueError(
                    "Invalid `threshold` argument value. It should be a Python float. Received: "
                    f"threshold={threshold} of type '{type(threshold)}'"
                )
            if threshold > 1.0 or threshold <= 0.0:
                raise ValueError(
                    "Invalid `threshold` argument value. It should verify 0 < threshold <= 1. Received: "
                    f"threshold={threshold}"
                )
        self.average = average
        self.beta = beta
        self.threshold = threshold
        self.axis = None if average == "micro" else 0
        self._built = False

    def _build(self, y_true_shape: Sequence[int | None], y_pred_shape: Sequence[int | None]) -> None:
        """Create the state for inputs of these shapes (rank 2, a known last axis)."""
        y_true_shape, y_pred_shape = tuple(y_true_shape), tuple(y_pred_shape)
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise ValueError(
                f"{type(self).__name__} expects 2D inputs with shape (batch_size, output_dim). Received input "
                f"shapes: y_pred.shape={y_pred_shape} and y_true.shape={y_true_shape}."
            )
        if y_pred_shape[-1] is None or y_true_shape[-1] is None:
            raise ValueError(
                f"{type(self).__name__} expects 2D inputs with shape (batch_size, output_dim), with output_dim "
                f"fully defined (not None). Received input shapes: y_pred.shape={y_pred_shape} and "
                f"y_true.shape={y_true_shape}."
            )
        shape = () if self.average == "micro" else (int(y_pred_shape[-1]),)
        self.true_positives = self.add_variable(shape, "zeros", name="true_positives")
        self.false_positives = self.add_variable(shape, "zeros", name="false_positives")
        self.false_negatives = self.add_variable(shape, "zeros", name="false_negatives")
        self.intermediate_weights = self.add_variable(shape, "zeros", name="intermediate_weights")
        self._built = True

    def update_state(self, y_true: ArrayLike, y_pred: ArrayLike, sample_weight: ArrayLike | None = None) -> None:
        """Add the batch's per-class counts (creating the state on the first call).

        Args:
            y_true: labels, shape ``(batch, num_classes)``, 0 or 1.
            y_pred: scores, shape ``(batch, num_classes)``.
            sample_weight: one weight per row, shape ``(batch,)``.
        """
        y_true = ops.cast(ops.convert_to_tensor(y_true), self.dtype)
        y_pred = ops.cast(ops.convert_to_tensor(y_pred), self.dtype)
        if not self._built:
            self._build(static_shape(y_true), static_shape(y_pred))
        if self.threshold is None:
            # The row maximum is positive, but a row of zeros stays all negative.
            row_max = ops.max(y_pred, axis=-1, keepdims=True)
            positive = ops.logical_and(y_pred >= row_max, ops.abs(y_pred) > 1e-9)
        else:
            positive = y_pred > self.threshold
        y_pred = ops.cast(positive, self.dtype)
        if sample_weight is not None:
            sample_weight = ops.expand_dims(ops.cast(ops.convert_to_tensor(sample_weight), self.dtype), 1)

        def weighted_sum(values: Array) -> Array:
            if sample_weight is not None:
                values = values * sample_weight
            return ops.sum(values, axis=self.axis)

        self.true_positives.assign(self.true_positives.value + weighted_sum(y_pred * y_true))
        self.false_positives.assign(self.false_positives.value + weighted_sum(y_pred * (1.0 - y_true)))
        self.false_negatives.assign(self.false_negatives.value + weighted_sum((1.0 - y_pred) * y_true))
        self.intermediate_weights.assign(self.intermediate_weights.value + weighted_sum(y_true))

    def result(self) -> Array:
        """The score per class (``average=None``) or averaged (0 before any update)."""
        if not self._built:
            return ops.zeros((), dtype=self.dtype)
        epsilon = config.epsilon()
        tp = self.true_positives.value
        precision = tp / (tp + self.false_positives.value + epsilon)
        recall = tp / (tp + self.false_negatives.value + epsilon)
        beta_squared = self.beta**2
        score = (1.0 + beta_squared) * (precision * recall) / (beta_squared * precision + recall + epsilon)
        if self.average == "weighted":
            weights = self.intermediate_weights.value
            return ops.sum(score * (weights / (ops.sum(weights) + epsilon)))
        if self.average is not None:
            return ops.mean(score)
        return score

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "average": self.average, "beta": self.beta, "threshold": self.threshold}


@register_builtin(MODULE)
class F1Score(FBetaScore):
    """The F1 score, ``2 · P · R / (P + R)``: :class:`FBetaScore` with ``beta=1``.

    The state is created by the first :meth:`update_state` (see
    :class:`FBetaScore` for how to build it before compiling).

    Args:
        average: ``None``, ``"micro"``, ``"macro"`` or ``"weighted"`` (see
            :class:`FBetaScore`).
        threshold: a float in ``(0, 1]``, or ``None`` (row-wise maximum).
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = F1Score(average="micro", threshold=0.5)
        ...     m.update_state([[1, 0], [1, 1], [0, 1]], [[0.8, 0.1], [0.3, 0.9], [0.6, 0.2]])
        ...     round(float(m.result()), 4)
        0.5714
    """

    def __init__(self, average: str | None = None, threshold: float | None = None, name: str = "f1_score",
                 dtype: Any = None):
        super().__init__(average=average, beta=1.0, threshold=threshold, name=name, dtype=dtype)

    def get_config(self) -> dict[str, Any]:
        config_ = super().get_config()
        del config_["beta"]
        return config_
