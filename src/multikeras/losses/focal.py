"""Cross-entropies that down-weight easy examples: binary and categorical focal loss, generalized cross-entropy."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.backend import config
from multikeras.losses.crossentropy import (
    check_categorical_shapes,
    smooth_binary_labels,
    smooth_categorical_labels,
    warn_single_class,
)
from multikeras.losses.inputs import as_float_prediction, as_prediction_and_target, check_axis, check_same_shape
from multikeras.losses.loss import MODULE
from multikeras.losses.loss_wrapper import LossFunctionWrapper, takes_integer_labels
from multikeras.losses.reduction import static_shape
from multikeras.ops.types import Array, ArrayLike
from multikeras.saving.object_registration import register_builtin


@register_builtin(MODULE)
def binary_focal_crossentropy(y_true: ArrayLike, y_pred: ArrayLike, apply_class_balancing: bool = False,
                              alpha: float = 0.25, gamma: float = 2.0, from_logits: bool = False,
                              label_smoothing: float = 0.0, axis: int = -1) -> Array:
    """Binary focal cross-entropy, averaged over ``axis``.

    ``(1 - p_t) ** gamma * bce`` where ``p_t = y_true * p + (1 - y_true) * (1 - p)``
    is the probability given to the true label: well-classified entries
    weigh less. With ``apply_class_balancing`` each entry is also weighted by
    ``alpha`` (label 1) or ``1 - alpha`` (label 0).

    Args:
        y_true: labels in [0, 1], same shape as ``y_pred``.
        y_pred: probabilities, or logits when ``from_logits``.
        apply_class_balancing: whether to weight by ``alpha`` / ``1 - alpha``.
        alpha: the weight of label 1 when balancing.
        gamma: the focusing exponent (0 gives binary cross-entropy).
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: in [0, 1]; labels move towards 0.5 by this fraction.
        axis: the axis the mean is taken over.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.binary_focal_crossentropy([[1.0, 0.0]], [[0.5, 0.5]], gamma=1.0).round(4))
        [0.3466]
    """
    y_true, y_pred = as_prediction_and_target(y_true, y_pred)
    check_same_shape(y_true, y_pred, "binary_focal_crossentropy")
    y_true = smooth_binary_labels(y_true, label_smoothing)
    if from_logits:
        # The cross-entropy term straight from the logits: exact where sigmoid saturates.
        bce = ops.binary_crossentropy(y_true, y_pred, from_logits=True)
        y_pred = ops.sigmoid(y_pred)
    else:
        bce = ops.binary_crossentropy(y_true, y_pred, from_logits=False)
    p_t = y_true * y_pred + (1.0 - y_true) * (1.0 - y_pred)
    focal = ops.power(1.0 - p_t, gamma) * bce
    if apply_class_balancing:
        focal = (y_true * alpha + (1.0 - y_true) * (1.0 - alpha)) * focal
    return ops.mean(focal, axis=axis)


@register_builtin(MODULE)
def categorical_focal_crossentropy(y_true: ArrayLike, y_pred: ArrayLike, alpha: float = 0.25, gamma: float = 2.0,
                                   from_logits: bool = False, label_smoothing: float = 0.0, axis: int = -1) -> Array:
    """Categorical focal cross-entropy: ``sum(alpha * (1 - p) ** gamma * -y_true * log(p), axis)``.

    ``p`` is the predicted distribution (normalized along ``axis`` and clipped
    to ``[epsilon, 1 - epsilon]``); confident correct predictions contribute
    little.

    Args:
        y_true: one-hot or probability labels, same shape as ``y_pred``.
        y_pred: probabilities, or logits when ``from_logits``.
        alpha: a weight of every class.
        gamma: the focusing exponent (0 gives ``alpha`` times categorical cross-entropy).
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: in [0, 1]; labels are mixed with the uniform distribution by this fraction.
        axis: the class axis.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.categorical_focal_crossentropy([[0.0, 1.0]], [[0.5, 0.5]], alpha=1.0, gamma=1.0).round(4))
        [0.3466]
    """
    check_axis(axis, "categorical_focal_crossentropy")
    y_true, y_pred = as_prediction_and_target(y_true, y_pred)
    check_categorical_shapes(y_true, y_pred, axis, "categorical_focal_crossentropy")
    warn_single_class(y_pred, axis, "categorical_focal_crossentropy")
    y_true = smooth_categorical_labels(y_true, label_smoothing, axis)
    eps = config.epsilon()
    if from_logits:
        log_p = ops.log_softmax(y_pred, axis=axis)
        probabilities = ops.clip(ops.exp(log_p), eps, 1.0 - eps)
    else:
        probabilities = ops.clip(y_pred / ops.sum(y_pred, axis=axis, keepdims=True), eps, 1.0 - eps)
        log_p = ops.log(probabilities)
    focal = alpha * ops.power(1.0 - probabilities, gamma) * (-y_true * log_p)
    return ops.sum(focal, axis=axis)


@register_builtin(MODULE)
@takes_integer_labels
def categorical_generalized_cross_entropy(y_true: ArrayLike, y_pred: ArrayLike, q: float) -> Array:
    """Generalized cross-entropy (Zhang & Sabuncu, 2018), robust to noisy labels: ``(1 - p ** q) / q``.

    ``p`` is the probability predicted for the true class; ``q`` moves the
    loss between cross-entropy (``q -> 0``) and mean absolute error (``q = 1``).

    Args:
        y_true: integer class labels, shape ``(batch,)``.
        y_pred: probabilities, shape ``(batch, classes)``.
        q: in (0, 1).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     mk.losses.categorical_generalized_cross_entropy([1], [[0.75, 0.25]], q=0.5).tolist()
        [1.0]
    """
    y_pred = as_float_prediction(y_pred)
    y_true = ops.convert_to_tensor(y_true)
    true_shape, pred_shape = static_shape(y_true), static_shape(y_pred)
    if len(true_shape) == len(pred_shape) and true_shape and true_shape[-1] == 1:
        y_true = ops.squeeze(y_true, axis=-1)
    classes = pred_shape[-1]
    one_hot = ops.one_hot(ops.cast(y_true, "int32"), classes, dtype=ops.dtype(y_pred))
    if static_shape(one_hot) != pred_shape and None not in pred_shape:
        raise ValueError(
            f"categorical_generalized_cross_entropy: expected integer labels `y_true` of shape {pred_shape[:-1]}, "
            f"received y_true.shape={true_shape} and y_pred.shape={pred_shape}."
        )
    p = ops.sum(y_pred * one_hot, axis=-1)
    return (1.0 - ops.power(p, q)) / q


@register_builtin(MODULE)
class BinaryFocalCrossentropy(LossFunctionWrapper):
    """Binary focal cross-entropy (:func:`binary_focal_crossentropy`), weighted and reduced.

    Args:
        apply_class_balancing: whether to weight by ``alpha`` / ``1 - alpha``.
        alpha: the weight of label 1 when balancing.
        gamma: the focusing exponent.
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: in [0, 1].
        axis: the axis the mean is taken over.
        reduction: see :class:`~multikeras.losses.Loss`.
        name: the loss's name.
        dtype: the dtype of the computation.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.BinaryFocalCrossentropy(gamma=0.0)([[1.0]], [[0.5]]).round(4))
        0.6931
    """

    def __init__(self, apply_class_balancing: bool = False, alpha: float = 0.25, gamma: float = 2.0,
                 from_logits: bool = False, label_smoothing: float = 0.0, axis: int = -1,
                 reduction: str | None = "sum_over_batch_size", name: str = "binary_focal_crossentropy",
                 dtype: Any = None):
        super().__init__(binary_focal_crossentropy, name=name, reduction=reduction, dtype=dtype,
                         apply_class_balancing=apply_class_balancing, alpha=alpha, gamma=gamma,
                         from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis
        self.apply_class_balancing = apply_class_balancing
        self.alpha = alpha
        self.gamma = gamma

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "reduction": self.reduction, "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing, "axis": self.axis,
                "apply_class_balancing": self.apply_class_balancing, "alpha": self.alpha, "gamma": self.gamma}


@register_builtin(MODULE)
class CategoricalFocalCrossentropy(LossFunctionWrapper):
    """Categorical focal cross-entropy (:func:`categorical_focal_crossentropy`), weighted and reduced.

    Args:
        alpha: a weight of every class.
        gamma: the focusing exponent.
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: in [0, 1].
        axis: the class axis.
        reduction: see :class:`~multikeras.losses.Loss`.
        name: the loss's name.
        dtype: the dtype of the computation.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.CategoricalFocalCrossentropy(alpha=1.0, gamma=0.0)([[0.0, 1.0]], [[0.5, 0.5]]).round(4))
        0.6931
    """

    def __init__(self, alpha: float = 0.25, gamma: float = 2.0, from_logits: bool = False,
                 label_smoothing: float = 0.0, axis: int = -1, reduction: str | None = "sum_over_batch_size",
                 name: str = "categorical_focal_crossentropy", dtype: Any = None):
        super().__init__(categorical_focal_crossentropy, name=name, reduction=reduction, dtype=dtype, alpha=alpha,
                         gamma=gamma, from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis
        self.alpha = alpha
        self.gamma = gamma

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "reduction": self.reduction, "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing, "axis": self.axis, "alpha": self.alpha, "gamma": self.gamma}


@register_builtin(MODULE)
class CategoricalGeneralizedCrossEntropy(LossFunctionWrapper):
    """Generalized cross-entropy with integer labels (:func:`categorical_generalized_cross_entropy`).

    Args:
        q: in (0, 1); towards 0 the loss behaves like cross-entropy, at 1 like mean absolute error.
        reduction: see :class:`~multikeras.losses.Loss`.
        name: the loss's name.
        dtype: the dtype of the computation.

    Raises:
        ValueError: if ``q`` is not in (0, 1).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.CategoricalGeneralizedCrossEntropy(q=0.5)([1, 0], [[0.75, 0.25], [0.25, 0.75]]))
        1.0
    """

    def __init__(self, q: float = 0.5, reduction: str | None = "sum_over_batch_size",
                 name: str = "categorical_generalized_cross_entropy", dtype: Any = None):
        if isinstance(q, bool) or not isinstance(q, (int, float)) or not 0 < q < 1:
            raise ValueError(
                f"CategoricalGeneralizedCrossEntropy: `q` must be in the interval (0, 1), received q={q!r}.")
        super().__init__(categorical_generalized_cross_entropy, name=name, reduction=reduction, dtype=dtype, q=q)
        self.q = q

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "reduction": self.reduction, "q": self.q}
