"""Thresholded confusion-matrix counts shared by the confusion metrics (``TruePositives`` ... ``AUC``).

Predictions are compared against every threshold at once: a ``(T, 1)``
column of thresholds broadcast against the flattened predictions gives a
``(T, M)`` table of "predicted positive" flags, and each count is a weighted
sum along ``M``. No Python decision depends on tensor values, so the update
runs inside compiled steps.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence

import numpy as np

from multikeras import ops
from multikeras.backend import config
from multikeras.losses.reduction import squeeze_or_expand_to_same_rank, static_shape
from multikeras.ops.types import Array, ArrayLike
from multikeras.state.variable import Variable

NEG_INF = -1e10
"""The score given to entries outside the top ``k`` (they are then below every threshold)."""

CONFUSION_MATRIX_KEYS = ("tp", "fp", "tn", "fn")
"""Keys of ``variables_to_update``: true/false positives, true/false negatives."""


class AUCCurve(str, enum.Enum):
    """The curves :class:`~multikeras.metrics.AUC` integrates (compares equal to its string)."""

    ROC = "ROC"
    PR = "PR"
    PRGAIN = "PRGAIN"

    @staticmethod
    def from_str(key: str) -> AUCCurve:
        """The curve for ``"ROC"``/``"roc"``, ``"PR"``/``"pr"``, ``"PRGAIN"``/``"prgain"``.

        Example:
            >>> AUCCurve.from_str("pr") == "PR"
            True
        """
        for curve in AUCCurve:
            if key in (curve.value, curve.value.lower()):
                return curve
        raise ValueError(
            f'Invalid AUC curve value: "{key}". Expected values are ["PR", "ROC", "PRGAIN"]'
        )

    def __str__(self) -> str:
        return self.value


class AUCSummationMethod(str, enum.Enum):
    """How :class:`~multikeras.metrics.AUC` sums the area between thresholds (compares equal to its string)."""

    INTERPOLATION = "interpolation"
    MAJORING = "majoring"
    MINORING = "minoring"

    @staticmethod
    def from_str(key: str) -> AUCSummationMethod:
        """The method for ``"interpolation"``, ``"majoring"`` or ``"minoring"`` (also capitalized).

        Example:
            >>> AUCSummationMethod.from_str("Minoring") == "minoring"
            True
        """
        for method in AUCSummationMethod:
            if key in (method.value, method.value.capitalize()):
                return method
        raise ValueError(
            f'Invalid AUC summation method value: "{key}". Expected values are ["interpolation", "majoring", '
            '"minoring"]'
        )

    def __str__(self) -> str:
        return self.value


def assert_thresholds_range(thresholds: Sequence[float | None] | None) -> None:
    """Raise ``ValueError`` unless every threshold lies in ``[0, 1]``.

    Example:
        >>> assert_thresholds_range([0.0, 0.5, 1.0])
    """
    if thresholds is not None:
        invalid = [t for t in thresholds if t is None or t < 0 or t > 1]
        if invalid:
            raise ValueError(f"Threshold values must be in [0, 1]. Received: {invalid}")


def parse_init_thresholds(thresholds: float | Sequence[float] | None, default_threshold: float = 0.5) -> list[float]:
    """``thresholds`` as a list (``[default_threshold]`` for ``None``), checked to lie in ``[0, 1]``.

    Example:
        >>> parse_init_thresholds(None), parse_init_thresholds(0.3), parse_init_thresholds((0.2, 0.7))
        ([0.5], [0.3], [0.2, 0.7])
    """
    if thresholds is not None:
        values = list(thresholds) if isinstance(thresholds, (list, tuple, np.ndarray)) else [thresholds]
        assert_thresholds_range(values)
        return values
    return [default_threshold]


def evenly_spaced_thresholds(num_thresholds: int, epsilon: float | None = None) -> list[float]:
    """``num_thresholds`` thresholds from 0 to 1, evenly spaced; with ``epsilon`` the ends become
    ``-epsilon`` and ``1 + epsilon`` so that predictions of exactly 0 and 1 fall inside.

    Example:
        >>> evenly_spaced_thresholds(3), evenly_spaced_thresholds(3, epsilon=0.1)
        ([0.0, 0.5, 1.0], [-0.1, 0.5, 1.1])
    """
    inner = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
    low, high = (0.0, 1.0) if epsilon is None else (0.0 - epsilon, 1.0 + epsilon)
    return [low] + inner + [high]


def is_evenly_distributed_thresholds(thresholds: Sequence[float]) -> bool:
    """Whether ``thresholds`` (3 or more, sorted) are evenly spaced from 0 to 1.

    Example:
        >>> is_evenly_distributed_thresholds([0.0, 0.5, 1.0]), is_evenly_distributed_thresholds([0.0, 0.3, 1.0])
        (True, False)
    """
    thresholds = np.asarray(thresholds, dtype="float64")
    count = len(thresholds)
    if count < 3:
        return False
    expected = np.arange(count, dtype="float64") / (count - 1)
    return bool(np.allclose(thresholds, expected, rtol=0.0, atol=config.epsilon()))


def filter_top_k(x: ArrayLike, k: int) -> Array:
    """``x`` with every entry outside the ``k`` largest of its last axis set to :data:`NEG_INF`.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     filter_top_k(mk.ops.array([[0.25, 0.75, 0.5]]), 2).tolist()
        [[-10000000000.0, 0.75, 0.5]]
    """
    x = ops.convert_to_tensor(x)
    num_classes = static_shape(x)[-1]
    _, indices = ops.top_k(x, k)
    mask = ops.sum(ops.one_hot(indices, num_classes, dtype=ops.dtype(x)), axis=-2)
    return ops.where(mask > 0, x, ops.cast(NEG_INF, ops.dtype(x)))


def _align_weights(weights: Array, target: Array, where: str) -> Array:
    """Broadcast per-sample (or per-entry) ``weights`` to ``target``'s shape."""
    weight_shape, target_shape = static_shape(weights), static_shape(target)
    while len(weight_shape) > len(target_shape) and weight_shape[-1] == 1:
        weights = ops.squeeze(weights, axis=-1)
        weight_shape = weight_shape[:-1]
    while len(weight_shape) < len(target_shape):
        weights = ops.expand_dims(weights, axis=-1)
        weight_shape = weight_shape + (1,)
    try:
        return ops.broadcast_to(weights, ops.shape(target))
    except Exception as error:
        raise ValueError(
            f"{where}: weights of shape {static_shape(weights)} cannot be broadcast to the predictions of shape "
            f"{target_shape}; expected one weight per sample or per prediction."
        ) from error


def update_confusion_matrix_variables(
    variables_to_update: Mapping[str, Variable],
    y_true: ArrayLike,
    y_pred: ArrayLike,
    thresholds: Sequence[float] | ArrayLike,
    top_k: int | None = None,
    class_id: int | None = None,
    sample_weight: ArrayLike | None = None,
    multi_label: bool = False,
    label_weights: ArrayLike | None = None,
) -> None:
    """Add a batch's weighted true/false positive/negative counts, per threshold, to the given variables.

    A prediction counts as positive at threshold ``t`` when ``y_pred > t``; a
    label is positive when it is non-zero. Without ``multi_label`` all entries
    are pooled and every variable has shape ``(T,)``; with it the last axis of
    ``y_pred`` (rank 2) holds labels counted separately, variables of shape
    ``(T, num_labels)``.

    Args:
        variables_to_update: ``{"tp" | "fp" | "tn" | "fn": variable}``.
        y_true: labels, the shape of ``y_pred`` (a size-1 last axis on either
            side is aligned).
        y_pred: scores, usually in ``[0, 1]``.
        thresholds: the ``T`` thresholds.
        top_k: keep only the ``k`` largest predictions of the last axis.
        class_id: count only this index of the last axis.
        sample_weight: per-sample or per-entry weights.
        multi_label: count the labels of the last axis separately.
        label_weights: per-label weights (pooled counting only).

    Raises:
        ValueError: for unknown keys or weights that do not broadcast.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     tp = mk.Variable(mk.ops.zeros((2,)))
        ...     update_confusion_matrix_variables({"tp": tp}, [0, 1, 1], [0.6, 0.8, 0.3], [0.5, 0.7])
        ...     tp.numpy().tolist()
        [1.0, 1.0]
    """
    if not variables_to_update:
        return
    unknown = [key for key in variables_to_update if key not in CONFUSION_MATRIX_KEYS]
    if unknown:
        raise ValueError(
            f"update_confusion_matrix_variables: unknown keys {unknown} in `variables_to_update`; expected keys "
            f"among {list(CONFUSION_MATRIX_KEYS)}."
        )
    dtype = next(iter(variables_to_update.values())).dtype
    y_pred = ops.cast(ops.convert_to_tensor(y_pred), dtype)
    y_true = ops.convert_to_tensor(y_true)
    y_pred, y_true = squeeze_or_expand_to_same_rank(y_pred, y_true)
    where = "update_confusion_matrix_variables"
    if static_shape(y_true) != static_shape(y_pred):
        y_true = _align_weights(y_true, y_pred, where)
    is_positive = ops.not_equal(y_true, ops.zeros((), dtype=ops.dtype(y_true)))

    weights = None
    if sample_weight is not None:
        weights = _align_weights(ops.cast(ops.convert_to_tensor(sample_weight), dtype), y_pred, where)
    if label_weights is not None and not multi_label:
        # One weight per label: aligned with the last axis of the predictions.
        label_weights = ops.cast(ops.convert_to_tensor(label_weights), dtype)
        try:
            label_weights = ops.broadcast_to(label_weights, ops.shape(y_pred))
        except Exception as error:
            raise ValueError(
                f"{where}: `label_weights` of shape {static_shape(label_weights)} cannot be broadcast to the "
                f"predictions of shape {static_shape(y_pred)}; expected one weight per label (last axis)."
            ) from error
        weights = label_weights if weights is None else weights * label_weights

    if top_k is not None:
        y_pred = filter_top_k(y_pred, top_k)
    if class_id is not None:
        # Keep the last axis (size 1) so per-label shapes stay rank 2.
        y_pred = y_pred[..., class_id : class_id + 1]
        is_positive = is_positive[..., class_id : class_id + 1]
        if weights is not None:
            weights = weights[..., class_id : class_id + 1]

    thresholds = ops.convert_to_tensor(np.asarray(thresholds, dtype="float64"), dtype=dtype)
    if multi_label:
        rank = len(static_shape(y_pred))
        if rank != 2:
            raise ValueError(
                f"{where}: with multi_label=True, `y_pred` must have rank 2 (samples, labels), received shape "
                f"{static_shape(y_pred)}."
            )
        # (T, 1, 1) against (1, N, L): counts summed over samples, kept per label.
        thresholds = ops.reshape(thresholds, (-1, 1, 1))
        y_pred, is_positive = ops.expand_dims(y_pred, 0), ops.expand_dims(is_positive, 0)
        if weights is not None:
            weights = ops.expand_dims(weights, 0)
    else:
        thresholds = ops.reshape(thresholds, (-1, 1))
        y_pred, is_positive = ops.reshape(y_pred, (1, -1)), ops.reshape(is_positive, (1, -1))
        if weights is not None:
            weights = ops.reshape(weights, (1, -1))

    predicted_positive = ops.greater(y_pred, thresholds)
    # Per-entry weights of positive and negative labels (cheap, one row); the (T, M) table is only selected from.
    zero = ops.zeros((), dtype=dtype)
    positive_weights = ops.cast(is_positive, dtype) if weights is None else ops.where(is_positive, weights, zero)
    negative_weights = (ops.cast(ops.logical_not(is_positive), dtype) if weights is None
                        else ops.where(is_positive, zero, weights))
    for key, variable in variables_to_update.items():
        label_weights_ = positive_weights if key in ("tp", "fn") else negative_weights
        if key in ("tp", "fp"):
            counts = ops.where(predicted_positive, label_weights_, zero)
        else:
            counts = ops.where(predicted_positive, zero, label_weights_)
        variable.assign(variable.value + ops.sum(counts, axis=1))
