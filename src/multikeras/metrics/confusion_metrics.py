"""Metrics from thresholded confusion matrices: counts, precision, recall, operating points and AUC.

Every metric here keeps per-threshold counts (true/false positives/negatives)
updated by :func:`~multikeras.metrics.metrics_utils.update_confusion_matrix_variables`:
a prediction is positive at threshold ``t`` when ``y_pred > t``, a label when
it is non-zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from multikeras import activations, ops
from multikeras.backend import config
from multikeras.losses.reduction import static_shape
from multikeras.metrics import metrics_utils
from multikeras.metrics.metric import Metric
from multikeras.metrics.metrics_utils import AUCCurve, AUCSummationMethod
from multikeras.metrics.reduction_metrics import MODULE
from multikeras.ops.types import Array, ArrayLike
from multikeras.saving.object_registration import register_builtin

_VARIABLE_NAMES = {"tp": "true_positives", "fp": "false_positives", "tn": "true_negatives", "fn": "false_negatives"}


class _ConfusionMatrixConditionCount(Metric):
    """The weighted count of one confusion-matrix cell at each threshold."""

    _condition = "tp"

    def __init__(self, thresholds: float | Sequence[float] | None = None, name: str | None = None,
                 dtype: Any = None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.thresholds = metrics_utils.parse_init_thresholds(thresholds, default_threshold=0.5)
        self._thresholds_distributed_evenly = metrics_utils.is_evenly_distributed_thresholds(self.thresholds)
        self.accumulator = self.add_variable((len(self.thresholds),), "zeros", name="accumulator")

    def update_state(self, y_true: ArrayLike, y_pred: ArrayLike, sample_weight: ArrayLike | None = None) -> None:
        """Add the batch's weighted count at every threshold.

        Args:
            y_true: labels (non-zero is positive).
            y_pred: scores, compared with ``>`` against the thresholds.
            sample_weight: per-sample or per-entry weights.
        """
        metrics_utils.update_confusion_matrix_variables(
            {self._condition: self.accumulator}, y_true, y_pred, self.thresholds, sample_weight=sample_weight
        )

    def result(self) -> Array:
        """The count: a scalar for one threshold, else one count per threshold."""
        value = self.accumulator.value
        return value[0] if len(self.thresholds) == 1 else value

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "thresholds": self.init_thresholds}


@register_builtin(MODULE)
class TruePositives(_ConfusionMatrixConditionCount):
    """The (weighted) number of positive labels predicted positive (``y_pred > threshold``).

    Args:
        thresholds: a threshold or a list of thresholds in ``[0, 1]``
            (default 0.5); with a list the result has one count per threshold.
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = TruePositives()
        ...     m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
        ...     float(m.result())
        2.0
    """

    _condition = "tp"


@register_builtin(MODULE)
class FalsePositives(_ConfusionMatrixConditionCount):
    """The (weighted) number of negative labels predicted positive (``y_pred > threshold``).

    Args:
        thresholds: a threshold or a list of thresholds in ``[0, 1]``
            (default 0.5); with a list the result has one count per threshold.
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = FalsePositives()
        ...     m.update_state([0, 1, 0, 0], [0, 0, 1, 1])
        ...     float(m.result())
        2.0
    """

    _condition = "fp"


@register_builtin(MODULE)
class TrueNegatives(_ConfusionMatrixConditionCount):
    """The (weighted) number of negative labels predicted negative (``y_pred <= threshold``).

    Args:
        thresholds: a threshold or a list of thresholds in ``[0, 1]``
            (default 0.5); with a list the result has one count per threshold.
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = TrueNegatives()
        ...     m.update_state([0, 1, 0, 0], [1, 1, 0, 0])
        ...     float(m.result())
        2.0
    """

    _condition = "tn"


@register_builtin(MODULE)
class FalseNegatives(_ConfusionMatrixConditionCount):
    """The (weighted) number of positive labels predicted negative (``y_pred <= threshold``).

    Args:
        thresholds: a threshold or a list of thresholds in ``[0, 1]``
            (default 0.5); with a list the result has one count per threshold.
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = FalseNegatives()
        ...     m.update_state([0, 1, 1, 1], [0, 1, 0, 0])
        ...     float(m.result())
        2.0
    """

    _condition = "fn"


class _PrecisionRecallBase(Metric):
    """Shared state of :class:`Precision` and :class:`Recall`: true positives and one error count."""

    _error = "fp"

    def __init__(self, thresholds: float | Sequence[float] | None = None, top_k: int | None = None,
                 class_id: int | None = None, name: str | None = None, dtype: Any = None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        default_threshold = 0.5 if top_k is None else metrics_utils.NEG_INF
        self.thresholds = metrics_utils.parse_init_thresholds(thresholds, default_threshold=default_threshold)
        self._thresholds_distributed_evenly = metrics_utils.is_evenly_distributed_thresholds(self.thresholds)
        count = len(self.thresholds)
        self.true_positives = self.add_variable((count,), "zeros", name="true_positives")
        self._errors = self.add_variable((count,), "zeros", name=_VARIABLE_NAMES[self._error])

    def update_state(self, y_true: ArrayLike, y_pred: ArrayLike, sample_weight: ArrayLike | None = None) -> None:
        """Add the batch's true positives and errors at every threshold.

        Args:
            y_true: labels (non-zero is positive).
            y_pred: scores, compared with ``>`` against the thresholds.
            sample_weight: per-sample or per-entry weights.
        """
        metrics_utils.update_confusion_matrix_variables(
            {"tp": self.true_positives, self._error: self._errors}, y_true, y_pred, self.thresholds,
            top_k=self.top_k, class_id=self.class_id, sample_weight=sample_weight,
        )

    def result(self) -> Array:
        """``tp / (tp + errors)`` (0 where nothing was counted): a scalar for one threshold."""
        true_positives = self.true_positives.value
        value = ops.divide_no_nan(true_positives, true_positives + self._errors.value)
        return value[0] if len(self.thresholds) == 1 else value

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "thresholds": self.init_thresholds, "top_k": self.top_k,
                "class_id": self.class_id}


@register_builtin(MODULE)
class Precision(_PrecisionRecallBase):
    """The fraction of positive predictions that are right: ``tp / (tp + fp)``.

    Args:
        thresholds: a threshold or a list of thresholds in ``[0, 1]``; a
            prediction is positive above it. Default 0.5, or, with ``top_k``,
            any score among the top ``k``.
        top_k: count only the ``k`` largest predictions of the last axis.
        class_id: count only this index of the last axis.
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = Precision()
        ...     m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
        ...     round(float(m.result()), 4)
        0.6667
    """

    _error = "fp"

    @property
    def false_positives(self) -> Any:
        return self._errors


@register_builtin(MODULE)
class Recall(_PrecisionRecallBase):
    """The fraction of positive labels predicted positive: ``tp / (tp + fn)``.

    Args:
        thresholds: a threshold or a list of thresholds in ``[0, 1]``; a
            prediction is positive above it. Default 0.5, or, with ``top_k``,
            any score among the top ``k``.
        top_k: count only the ``k`` largest predictions of the last axis.
        class_id: count only this index of the last axis.
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = Recall()
        ...     m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
        ...     round(float(m.result()), 4)
        0.6667
    """

    _error = "fn"

    @property
    def false_negatives(self) -> Any:
        return self._errors


class _SensitivitySpecificityBase(Metric):
    """Counts at ``num_thresholds`` evenly spaced thresholds; the result is the best value of one rate
    among thresholds where another rate reaches ``value``.

    A subclass names its constrained rate (``_value_name``, also its argument
    and attribute) and the rate it maximizes (``_maximized``), each one of
    ``"recall"`` (= sensitivity), ``"specificity"`` or ``"precision"``.
    """

    _value_name = "value"
    _maximized = "recall"

    def __init__(self, value: float, num_thresholds: int = 200, class_id: int | None = None,
                 name: str | None = None, dtype: Any = None):
        if not isinstance(num_thresholds, (int, np.integer)) or num_thresholds <= 0:
            raise ValueError(
                f"Argument `num_thresholds` must be an integer > 0. Received: num_thresholds={num_thresholds}"
            )
        if value is None or value < 0 or value > 1:
            raise ValueError(
                f"Argument `{self._value_name}` must be in the range [0, 1]. Received: {self._value_name}={value}"
            )
        super().__init__(name=name, dtype=dtype)
        self.value = value
        setattr(self, self._value_name, value)  # also under its Keras name: model.metrics[0].specificity
        self.num_thresholds = num_thresholds
        self.class_id = class_id
        if num_thresholds == 1:
            self.thresholds = [0.5]
            self._thresholds_distributed_evenly = False
        else:
            self.thresholds = metrics_utils.evenly_spaced_thresholds(num_thresholds)
            self._thresholds_distributed_evenly = True
        shape = (len(self.thresholds),)
        self.true_positives = self.add_variable(shape, "zeros", name="true_positives")
        self.false_positives = self.add_variable(shape, "zeros", name="false_positives")
        self.true_negatives = self.add_variable(shape, "zeros", name="true_negatives")
        self.false_negatives = self.add_variable(shape, "zeros", name="false_negatives")

    def update_state(self, y_true: ArrayLike, y_pred: ArrayLike, sample_weight: ArrayLike | None = None) -> None:
        """Add the batch's counts at every threshold.

        Args:
            y_true: labels (non-zero is positive).
            y_pred: scores in ``[0, 1]``.
            sample_weight: per-sample or per-entry weights.
        """
        metrics_utils.update_confusion_matrix_variables(
            {"tp": self.true_positives, "fp": self.false_positives, "tn": self.true_negatives,
             "fn": self.false_negatives},
            y_true, y_pred, self.thresholds, class_id=self.class_id, sample_weight=sample_weight,
        )

    def _rates(self) -> dict[str, Array]:
        tp, fp = self.true_positives.value, self.false_positives.value
        tn, fn = self.true_negatives.value, self.false_negatives.value
        recall = ops.divide_no_nan(tp, tp + fn)
        return {
            "recall": recall,
            "sensitivity": recall,
            "specificity": ops.divide_no_nan(tn, tn + fp),
            "precision": ops.divide_no_nan(tp, tp + fp),
        }

    def result(self) -> Array:
        """The largest maximized rate among thresholds where the constrained rate reaches ``value`` (0 if none)."""
        rates = self._rates()
        constrained, maximized = rates[self._value_name], rates[self._maximized]
        feasible = ops.greater_equal(constrained, ops.cast(self.value, ops.dtype(constrained)))
        return ops.max(ops.where(feasible, maximized, ops.zeros_like(maximized)))

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "num_thresholds": len(self.thresholds), self._value_name: self.value,
                "class_id": self.class_id}


@register_builtin(MODULE)
class SensitivityAtSpecificity(_SensitivitySpecificityBase):
    """The best sensitivity (recall) among thresholds whose specificity is at least ``specificity``.

    Args:
        specificity: the required specificity, in ``[0, 1]``.
        num_thresholds: thresholds evenly spaced in ``[0, 1]`` (0.5 alone for 1).
        class_id: count only this index of the last axis.
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = SensitivityAtSpecificity(0.5)
        ...     m.update_state([0, 0, 0, 1, 1], [0.0, 0.3, 0.8, 0.3, 0.8])
        ...     float(m.result())
        0.5
    """

    _value_name = "specificity"
    _maximized = "recall"

    def __init__(self, specificity: float, num_thresholds: int = 200, class_id: int | None = None,
                 name: str | None = None, dtype: Any = None):
        super().__init__(specificity, num_thresholds=num_thresholds, class_id=class_id, name=name, dtype=dtype)


@register_builtin(MODULE)
class SpecificityAtSensitivity(_SensitivitySpecificityBase):
    """The best specificity among thresholds whose sensitivity (recall) is at least ``sensitivity``.

    Args:
        sensitivity: the required sensitivity, in ``[0, 1]``.
        num_thresholds: thresholds evenly spaced in ``[0, 1]`` (0.5 alone for 1).
        class_id: count only this index of the last axis.
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = SpecificityAtSensitivity(0.5)
        ...     m.update_state([0, 0, 0, 1, 1], [0.0, 0.3, 0.8, 0.3, 0.8])
        ...     round(float(m.result()), 4)
        0.6667
    """

    _value_name = "sensitivity"
    _maximized = "specificity"

    def __init__(self, sensitivity: float, num_thresholds: int = 200, class_id: int | None = None,
                 name: str | None = None, dtype: Any = None):
        super().__init__(sensitivity, num_thresholds=num_thresholds, class_id=class_id, name=name, dtype=dtype)


@register_builtin(MODULE)
class PrecisionAtRecall(_SensitivitySpecificityBase):
    """The best precision among thresholds whose recall is at least ``recall``.

    Args:
        recall: the required recall, in ``[0, 1]``.
        num_thresholds: thresholds evenly spaced in ``[0, 1]`` (0.5 alone for 1).
        class_id: count only this index of the last axis.
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = PrecisionAtRecall(0.5)
        ...     m.update_state([0, 0, 0, 1, 1], [0.0, 0.3, 0.8, 0.3, 0.8])
        ...     float(m.result())
        0.5
    """

    _value_name = "recall"
    _maximized = "precision"

    def __init__(self, recall: float, num_thresholds: int = 200, class_id: int | None = None,
                 name: str | None = None, dtype: Any = None):
        super().__init__(recall, num_thresholds=num_thresholds, class_id=class_id, name=name, dtype=dtype)


@register_builtin(MODULE)
class RecallAtPrecision(_SensitivitySpecificityBase):
    """The best recall among thresholds whose precision is at least ``precision``.

    Args:
        precision: the required precision, in ``[0, 1]``.
        num_thresholds: thresholds evenly spaced in ``[0, 1]`` (0.5 alone for 1).
        class_id: count only this index of the last axis.
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = RecallAtPrecision(0.8)
        ...     m.update_state([0, 0, 1, 1], [0.0, 0.5, 0.3, 0.9])
        ...     float(m.result())
        0.5
    """

    _value_name = "precision"
    _maximized = "recall"

    def __init__(self, precision: float, num_thresholds: int = 200, class_id: int | None = None,
                 name: str | None = None, dtype: Any = None):
        super().__init__(precision, num_thresholds=num_thresholds, class_id=class_id, name=name, dtype=dtype)


@register_builtin(MODULE)
class AUC(Metric):
    """The area under the ROC or precision-recall curve, approximated by a Riemann sum over thresholds.

    Counts of true/false positives/negatives are kept at ``num_thresholds``
    thresholds (evenly spaced, the ends just outside ``[0, 1]``); the curve
    through the resulting (x, y) points is integrated by ``summation_method``.

    With ``multi_label=True`` the last axis of ``y_pred`` holds separate labels:
    one AUC per label is computed and averaged (weighted by ``label_weights``).
    Without ``num_labels`` the state is created by the first ``update_state``
    (from ``y_pred``'s last axis): call it once outside a compiled step (the
    trainer does so eagerly on the first batch, under a
    :class:`~multikeras.state.StatelessScope` that keeps no assignment) or pass
    ``num_labels``.

    Args:
        num_thresholds: number of thresholds (> 1).
        curve: ``"ROC"`` (true positive rate against false positive rate),
            ``"PR"`` (precision against recall) or ``"PRGAIN"`` (precision gain
            against recall gain).
        summation_method: ``"interpolation"`` (trapezoids; for PR the
            interpolation of Davis & Goadrich), ``"minoring"`` (lower
            rectangles) or ``"majoring"`` (upper rectangles).
        name: the metric's name.
        dtype: the dtype of the state and result.
        thresholds: explicit thresholds in ``[0, 1]`` instead of evenly spaced
            ones (``num_thresholds`` becomes ``len(thresholds) + 2``).
        multi_label: treat the last axis as separate labels.
        num_labels: the number of labels (``multi_label`` only).
        label_weights: per-label weights: of the counts without
            ``multi_label``, of each label's AUC with it.
        from_logits: ``y_pred`` are logits (a sigmoid is applied first).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = AUC(num_thresholds=3)
        ...     m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
        ...     float(m.result())
        0.75
    """

    def __init__(self, num_thresholds: int = 200, curve: str = "ROC", summation_method: str = "interpolation",
                 name: str | None = None, dtype: Any = None, thresholds: Sequence[float] | None = None,
                 multi_label: bool = False, num_labels: int | None = None, label_weights: ArrayLike | None = None,
                 from_logits: bool = False):
        self.curve = curve if isinstance(curve, AUCCurve) else AUCCurve.from_str(curve)
        self.summation_method = (summation_method if isinstance(summation_method, AUCSummationMethod)
                                 else AUCSummationMethod.from_str(summation_method))
        super().__init__(name=name, dtype=dtype)
        self._init_from_thresholds = thresholds is not None
        if thresholds is not None:
            thresholds = sorted(float(t) for t in metrics_utils.parse_init_thresholds(thresholds))
            self.num_thresholds = len(thresholds) + 2
            self._thresholds_distributed_evenly = metrics_utils.is_evenly_distributed_thresholds(
                [0.0] + thresholds + [1.0])
        else:
            if not isinstance(num_thresholds, (int, np.integer)) or num_thresholds <= 1:
                raise ValueError(
                    f"Argument `num_thresholds` must be an integer > 1. Received: num_thresholds={num_thresholds}"
                )
            self.num_thresholds = int(num_thresholds)
            thresholds = metrics_utils.evenly_spaced_thresholds(self.num_thresholds)[1:-1]
            self._thresholds_distributed_evenly = True
        epsilon = config.epsilon()
        # Ends just outside [0, 1] so that scores of exactly 0 and 1 are counted at the first and last threshold.
        self._thresholds = np.array([0.0 - epsilon] + list(thresholds) + [1.0 + epsilon])
        self.multi_label = bool(multi_label)
        self.num_labels = num_labels
        if label_weights is not None:
            self._label_weights = np.asarray(
                ops.convert_to_numpy(label_weights) if ops.is_tensor(label_weights) else label_weights,
                dtype="float64")
            self.label_weights = ops.convert_to_tensor(self._label_weights, dtype=self.dtype)
        else:
            self._label_weights = None
            self.label_weights = None
        self._from_logits = bool(from_logits)
        self._built = False
        if self.multi_label:
            if num_labels:
                self._build((None, num_labels))
        else:
            if num_labels:
                raise ValueError("`num_labels` is needed only when `multi_label` is True.")
            self._build(None)

    @property
    def thresholds(self) -> list[float]:
        """The thresholds, the two outer ones included."""
        return list(self._thresholds)

    def _build(self, shape: Sequence[int | None] | None) -> None:
        """Create the four count variables: shape ``(T,)``, or ``(T, num_labels)`` with ``multi_label``."""
        if self.multi_label:
            if len(shape) != 2:
                raise ValueError(
                    f"AUC '{self.name}': `y_pred` must have rank 2 when `multi_label=True`. Found rank "
                    f"{len(shape)}. Full shape received for `y_pred`: {tuple(shape)}"
                )
            self._num_labels = int(shape[1])
            variable_shape = (self.num_thresholds, self._num_labels)
        else:
            variable_shape = (self.num_thresholds,)
        self.true_positives = self.add_variable(variable_shape, "zeros", name="true_positives")
        self.false_positives = self.add_variable(variable_shape, "zeros", name="false_positives")
        self.true_negatives = self.add_variable(variable_shape, "zeros", name="true_negatives")
        self.false_negatives = self.add_variable(variable_shape, "zeros", name="false_negatives")
        self._built = True

    def update_state(self, y_true: ArrayLike, y_pred: ArrayLike, sample_weight: ArrayLike | None = None) -> None:
        """Add the batch's counts at every threshold (creating the state first if not yet built).

        Args:
            y_true: labels (non-zero is positive).
            y_pred: scores in ``[0, 1]`` (logits with ``from_logits``).
            sample_weight: per-sample or per-entry weights.
        """
        y_pred = ops.convert_to_tensor(y_pred)
        if not self._built:
            self._build(static_shape(y_pred))
        if self.multi_label:
            shape = static_shape(y_pred)
            if len(shape) != 2 or (shape[1] is not None and shape[1] != self._num_labels):
                raise ValueError(
                    f"AUC '{self.name}': with multi_label=True, expected `y_pred` of shape (batch, "
                    f"{self._num_labels}), received {shape}."
                )
        if self._from_logits:
            y_pred = activations.sigmoid(y_pred)
        metrics_utils.update_confusion_matrix_variables(
            {"tp": self.true_positives, "fp": self.false_positives, "tn": self.true_negatives,
             "fn": self.false_negatives},
            y_true, y_pred, self._thresholds, sample_weight=sample_weight, multi_label=self.multi_label,
            label_weights=None if self.multi_label else self._label_weights,
        )

    def _average_labels(self, by_label: Array) -> Array:
        """Mean of per-label areas, weighted by ``label_weights`` when given."""
        if self._label_weights is None:
            return ops.mean(by_label)
        weights = ops.convert_to_tensor(self._label_weights, dtype=ops.dtype(by_label))
        return ops.divide_no_nan(ops.sum(by_label * weights), ops.sum(weights))

    def _interpolated_pr_auc(self, tp: Array, fp: Array, fn: Array) -> Array:
        """PR AUC with precision interpolated between thresholds (Davis & Goadrich, 2006).

        Between two thresholds, precision is taken as ``tp / p`` with ``tp``
        linear in the number of predicted positives ``p``; the area of each
        piece has a closed form with a logarithm of the ratio of ``p``.
        """
        delta_tp = tp[:-1] - tp[1:]
        predicted = tp + fp
        delta_predicted = predicted[:-1] - predicted[1:]
        slope = ops.divide_no_nan(delta_tp, ops.maximum(delta_predicted, 0.0))
        intercept = tp[1:] - slope * predicted[1:]
        both_positive = ops.logical_and(predicted[:-1] > 0, predicted[1:] > 0)
        ratio = ops.where(both_positive,
                          ops.divide_no_nan(predicted[:-1], ops.maximum(predicted[1:], 0.0)),
                          ops.ones_like(predicted[1:]))
        pieces = ops.divide_no_nan(slope * (delta_tp + intercept * ops.log(ratio)),
                                   ops.maximum(tp[1:] + fn[1:], 0.0))
        if self.multi_label:
            return self._average_labels(ops.sum(pieces, axis=0))
        return ops.sum(pieces)

    def result(self) -> Array:
        """The area (0 before any update)."""
        if not self._built:
            return ops.zeros((), dtype=self.dtype)
        tp, fp = self.true_positives.value, self.false_positives.value
        tn, fn = self.true_negatives.value, self.false_negatives.value
        if self.curve == AUCCurve.PR and self.summation_method == AUCSummationMethod.INTERPOLATION:
            return self._interpolated_pr_auc(tp, fp, fn)
        recall = ops.divide_no_nan(tp, tp + fn)
        if self.curve == AUCCurve.ROC:
            x, y = ops.divide_no_nan(fp, fp + tn), recall
        elif self.curve == AUCCurve.PR:
            x, y = recall, ops.divide_no_nan(tp, tp + fp)
        else:
            # Precision-recall gain (Flach & Kull, 2015): gains relative to always predicting positive;
            # undefined points (no true positive) are pinned to recall gain 0, precision gain 1.
            scale = ops.divide_no_nan(tp + fn, fp + tn)
            no_tp = ops.equal(tp, 0.0)
            recall_gain = ops.where(no_tp, 0.0, 1.0 - scale * ops.divide_no_nan(fn, tp))
            precision_gain = ops.where(no_tp, 1.0, 1.0 - scale * ops.divide_no_nan(fp, tp))
            x, y = ops.maximum(recall_gain, 0.0), precision_gain
        if self.summation_method == AUCSummationMethod.INTERPOLATION:
            heights = (y[:-1] + y[1:]) / 2.0
        elif self.summation_method == AUCSummationMethod.MINORING:
            heights = ops.minimum(y[:-1], y[1:])
        else:
            heights = ops.maximum(y[:-1], y[1:])
        areas = (x[:-1] - x[1:]) * heights
        if self.multi_label:
            return self._average_labels(ops.sum(areas, axis=0))
        return ops.sum(areas)

    def get_config(self) -> dict[str, Any]:
        config_ = {
            **super().get_config(),
            "num_thresholds": self.num_thresholds,
            "curve": self.curve.value,
            "summation_method": self.summation_method.value,
            "multi_label": self.multi_label,
            "num_labels": self.num_labels,
            "label_weights": None if self._label_weights is None else self._label_weights.tolist(),
            "from_logits": self._from_logits,
        }
        if self._init_from_thresholds:
            config_["thresholds"] = [float(t) for t in self.thresholds[1:-1]]
        return config_
