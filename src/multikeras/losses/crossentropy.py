"""Cross-entropy losses: binary, categorical (one-hot or soft labels) and sparse (integer labels).

Probabilities are clipped to ``[epsilon, 1 - epsilon]`` before the logarithm;
with ``from_logits=True`` the losses use log-sigmoid / log-softmax of the
logits, which neither overflows nor loses gradient for confident predictions.
"""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.backend.selection import current
from multikeras.losses.inputs import as_float_prediction, as_prediction_and_target, check_axis, check_same_shape
from multikeras.losses.loss import MODULE
from multikeras.losses.loss_wrapper import LossFunctionWrapper, takes_integer_labels, with_mean_form
from multikeras.losses.reduction import set_output_mask, static_shape
from multikeras.ops.types import Array, ArrayLike
from multikeras.saving.object_registration import register_builtin


def smooth_binary_labels(y_true: Array, label_smoothing: float) -> Array:
    """Move labels towards 0.5: ``y_true * (1 - label_smoothing) + 0.5 * label_smoothing``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     smooth_binary_labels(mk.ops.array([0.0, 1.0]), 0.5).tolist()
        [0.25, 0.75]
    """
    if not label_smoothing:
        return y_true
    return y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing


def smooth_categorical_labels(y_true: Array, label_smoothing: float, axis: int = -1) -> Array:
    """Mix one-hot labels with the uniform distribution over the classes of ``axis``.

    ``y_true * (1 - label_smoothing) + label_smoothing / num_classes``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     smooth_categorical_labels(mk.ops.array([[0.0, 1.0]]), 0.5).tolist()
        [[0.25, 0.75]]
    """
    if not label_smoothing:
        return y_true
    classes = static_shape(y_true)[axis]
    if classes is None:  # unknown while tracing: count the entries along the class axis
        classes = ops.sum(ops.ones_like(y_true), axis=axis, keepdims=True)
    return y_true * (1.0 - label_smoothing) + label_smoothing / classes


def warn_single_class(y_pred: Array, axis: int, where: str) -> None:
    """Warn (as Keras does) when the class axis of a categorical loss has size 1."""
    if static_shape(y_pred)[axis] == 1:
        import warnings

        warnings.warn(
            f"In loss {where}, expected y_pred.shape to be (batch_size, num_classes) with num_classes > 1. Received: "
            f"y_pred.shape={static_shape(y_pred)}. Consider using 'binary_crossentropy' if you only have 2 classes.",
            SyntaxWarning,
            stacklevel=3,
        )


def check_categorical_shapes(y_true: Array, y_pred: Array, axis: int, where: str) -> None:
    """Targets of a categorical loss must have the predictions' shape; integer labels get a pointer to the sparse loss.

    Example:
        >>> import numpy as np
        >>> check_categorical_shapes(np.zeros((8,)), np.zeros((8, 10)), -1, "categorical_crossentropy")
        Traceback (most recent call last):
        ...
        ValueError: categorical_crossentropy: expected `y_true` and `y_pred` of the same shape, received y_true.shape=(8,) and y_pred.shape=(8, 10). `y_true` looks like integer class indices: one-hot encode them (ops.one_hot) or use sparse_categorical_crossentropy / SparseCategoricalCrossentropy, which take integer labels.
    """
    true_shape, pred_shape = static_shape(y_true), static_shape(y_pred)
    class_axis = axis % len(pred_shape) if pred_shape else 0
    without_classes = pred_shape[:class_axis] + pred_shape[class_axis + 1:]
    looks_sparse = true_shape == without_classes or true_shape == without_classes + (1,)
    hint = (" `y_true` looks like integer class indices: one-hot encode them (ops.one_hot) or use "
            "sparse_categorical_crossentropy / SparseCategoricalCrossentropy, which take integer labels."
            if looks_sparse and true_shape != pred_shape else "")
    check_same_shape(y_true, y_pred, where, hint)


@register_builtin(MODULE)
def binary_crossentropy(y_true: ArrayLike, y_pred: ArrayLike, from_logits: bool = False, label_smoothing: float = 0.0,
                        axis: int = -1) -> Array:
    """Binary cross-entropy, averaged over ``axis``.

    Args:
        y_true: labels in [0, 1], same shape as ``y_pred``.
        y_pred: probabilities, or logits when ``from_logits``.
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: in [0, 1]; labels move towards 0.5 by this fraction.
        axis: the axis the mean is taken over.

    Raises:
        ValueError: if the shapes differ.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.binary_crossentropy([[1.0, 0.0]], [[0.5, 0.5]]).round(4))
        [0.6931]
    """
    y_true, y_pred = as_prediction_and_target(y_true, y_pred)
    check_same_shape(y_true, y_pred, "binary_crossentropy")
    y_true = smooth_binary_labels(y_true, label_smoothing)
    return ops.mean(ops.binary_crossentropy(y_true, y_pred, from_logits=from_logits), axis=axis)


@register_builtin(MODULE)
def categorical_crossentropy(y_true: ArrayLike, y_pred: ArrayLike, from_logits: bool = False,
                             label_smoothing: float = 0.0, axis: int = -1) -> Array:
    """Categorical cross-entropy between one-hot (or soft) labels and predicted distributions.

    Args:
        y_true: one-hot or probability labels, same shape as ``y_pred``.
        y_pred: probabilities along ``axis`` (normalized to sum to 1), or
            logits when ``from_logits``.
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: in [0, 1]; labels are mixed with the uniform distribution by this fraction.
        axis: the class axis.

    Returns:
        The loss of each sample (``axis`` removed).

    Raises:
        ValueError: if the shapes differ (integer labels need
            :func:`sparse_categorical_crossentropy`), or ``axis`` is not an int.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.categorical_crossentropy([[0.0, 1.0]], [[0.5, 0.5]]).round(4))
        [0.6931]
    """
    check_axis(axis, "categorical_crossentropy")
    y_true, y_pred = as_prediction_and_target(y_true, y_pred)
    check_categorical_shapes(y_true, y_pred, axis, "categorical_crossentropy")
    warn_single_class(y_pred, axis, "categorical_crossentropy")
    y_true = smooth_categorical_labels(y_true, label_smoothing, axis)
    return ops.categorical_crossentropy(y_true, y_pred, from_logits=from_logits, axis=axis)


def squeeze_sparse_labels(y_true: Array, y_pred: Array, axis: int, where: str) -> Array:
    """Integer labels with the class axis of size 1 lose it; then their shape must be ``y_pred``'s without ``axis``.

    Example:
        >>> import numpy as np
        >>> squeeze_sparse_labels(np.zeros((4, 1)), np.zeros((4, 3)), -1, "sparse_categorical_crossentropy").shape
        (4,)
    """
    true_shape, pred_shape = static_shape(y_true), static_shape(y_pred)
    if len(true_shape) == len(pred_shape) and pred_shape and true_shape[axis] == 1:
        y_true = ops.squeeze(y_true, axis=axis)
        true_shape = static_shape(y_true)
    if not pred_shape:
        raise ValueError(f"{where}: expected `y_pred` with a class axis, received a scalar.")
    class_axis = axis % len(pred_shape)
    expected = pred_shape[:class_axis] + pred_shape[class_axis + 1:]
    fits = len(true_shape) == len(expected) and all(
        a is None or b is None or a == b for a, b in zip(true_shape, expected))
    if not fits:
        hint = (" `y_true` looks one-hot encoded: use categorical_crossentropy / CategoricalCrossentropy, or pass "
                "the class indices (argmax)." if true_shape == pred_shape else "")
        raise ValueError(
            f"{where}: expected integer labels `y_true` of shape {expected} (the shape of `y_pred` without the "
            f"class axis {axis}), received y_true.shape={true_shape} and y_pred.shape={pred_shape}.{hint}"
        )
    return y_true


def sparse_categorical_crossentropy_mean(y_true: ArrayLike, y_pred: ArrayLike, from_logits: bool = False,
                                         ignore_class: int | None = None, axis: int = -1) -> Array | None:
    """The mean of :func:`sparse_categorical_crossentropy` over every entry, in one fused kernel, or ``None``.

    Uses the backend's ``sparse_categorical_crossentropy_mean`` kernel (one
    framework call for the losses and their mean, and one gradient node)
    where the backend has one and it accepts the arguments; ``None`` (the
    caller computes the losses, then their mean) without ``from_logits``,
    with an ``ignore_class``, or when the kernel declines.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):  # no such kernel on numpy
        ...     sparse_categorical_crossentropy_mean([0], [[0.0, 0.0]], from_logits=True) is None
        True
    """
    if not from_logits or ignore_class is not None:
        return None
    kernel = current().fused.get("sparse_categorical_crossentropy_mean")
    if kernel is None:
        return None
    check_axis(axis, "sparse_categorical_crossentropy")
    y_pred = as_float_prediction(y_pred)
    y_true = squeeze_sparse_labels(ops.convert_to_tensor(y_true), y_pred, axis, "sparse_categorical_crossentropy")
    return kernel(y_true, y_pred, axis)


@register_builtin(MODULE)
@takes_integer_labels
@with_mean_form(sparse_categorical_crossentropy_mean)
def sparse_categorical_crossentropy(y_true: ArrayLike, y_pred: ArrayLike, from_logits: bool = False,
                                    ignore_class: int | None = None, axis: int = -1) -> Array:
    """Categorical cross-entropy with integer class labels.

    Args:
        y_true: class indices, shape of ``y_pred`` without ``axis`` (a size-1
            class axis is accepted and squeezed).
        y_pred: probabilities along ``axis``, or logits when ``from_logits``.
        from_logits: whether ``y_pred`` holds logits.
        ignore_class: a label value that does not count (padding, "void"
            pixels): its entries get loss 0 and are left out of the average
            when the loss is reduced by a :class:`~multikeras.losses.Loss`.
        axis: the class axis.

    Raises:
        ValueError: if the label shape does not fit (one-hot labels need :func:`categorical_crossentropy`).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.sparse_categorical_crossentropy([1, 0], [[0.5, 0.5], [1.0, 0.0]]).round(4))
        [0.6931 0.    ]
    """
    check_axis(axis, "sparse_categorical_crossentropy")
    y_pred = as_float_prediction(y_pred)
    y_true = ops.convert_to_tensor(y_true)
    y_true = squeeze_sparse_labels(y_true, y_pred, axis, "sparse_categorical_crossentropy")
    if ignore_class is None:
        return ops.sparse_categorical_crossentropy(y_true, y_pred, from_logits=from_logits, axis=axis)
    valid = ops.not_equal(y_true, ignore_class)
    y_true = ops.where(valid, y_true, ops.zeros_like(y_true))
    # Ignored entries get harmless predictions (uniform), so padding holding
    # anything (inf, nan, zeros) gives neither a NaN value nor a NaN gradient.
    keep = ops.expand_dims(valid, axis)
    y_pred = ops.where(keep, y_pred, 0.0 if from_logits else 1.0)
    losses = ops.sparse_categorical_crossentropy(y_true, y_pred, from_logits=from_logits, axis=axis)
    losses = ops.where(valid, losses, 0.0)
    set_output_mask(losses, valid)
    return losses


@register_builtin(MODULE)
class BinaryCrossentropy(LossFunctionWrapper):
    """Binary cross-entropy (:func:`binary_crossentropy`), weighted and reduced.

    Args:
        from_logits: whether ``y_pred`` holds logits (else probabilities).
        label_smoothing: in [0, 1]; labels move towards 0.5 by this fraction.
        axis: the axis the mean is taken over.
        reduction: see :class:`~multikeras.losses.Loss`.
        name: the loss's name.
        dtype: the dtype of the computation.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.BinaryCrossentropy(from_logits=True)([[1.0], [0.0]], [[0.0], [0.0]]).round(4))
        0.6931
    """

    def __init__(self, from_logits: bool = False, label_smoothing: float = 0.0, axis: int = -1,
                 reduction: str | None = "sum_over_batch_size", name: str = "binary_crossentropy", dtype: Any = None):
        super().__init__(binary_crossentropy, name=name, reduction=reduction, dtype=dtype, from_logits=from_logits,
                         label_smoothing=label_smoothing, axis=axis)
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "reduction": self.reduction, "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing, "axis": self.axis}


@register_builtin(MODULE)
class CategoricalCrossentropy(LossFunctionWrapper):
    """Categorical cross-entropy (:func:`categorical_crossentropy`), weighted and reduced.

    Args:
        from_logits: whether ``y_pred`` holds logits (else probabilities).
        label_smoothing: in [0, 1]; labels are mixed with the uniform distribution by this fraction.
        axis: the class axis.
        reduction: see :class:`~multikeras.losses.Loss`.
        name: the loss's name.
        dtype: the dtype of the computation.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.CategoricalCrossentropy()([[0.0, 1.0], [1.0, 0.0]], [[0.5, 0.5], [0.5, 0.5]]).round(4))
        0.6931
    """

    def __init__(self, from_logits: bool = False, label_smoothing: float = 0.0, axis: int = -1,
                 reduction: str | None = "sum_over_batch_size", name: str = "categorical_crossentropy",
                 dtype: Any = None):
        super().__init__(categorical_crossentropy, name=name, reduction=reduction, dtype=dtype,
                         from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "reduction": self.reduction, "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing, "axis": self.axis}


@register_builtin(MODULE)
class SparseCategoricalCrossentropy(LossFunctionWrapper):
    """Cross-entropy with integer labels (:func:`sparse_categorical_crossentropy`), weighted and reduced.

    With ``ignore_class``, entries with that label are left out: the
    ``"sum_over_batch_size"`` reduction averages over the other entries.

    Args:
        from_logits: whether ``y_pred`` holds logits (else probabilities).
        ignore_class: a label value that does not count, or ``None``.
        reduction: see :class:`~multikeras.losses.Loss`.
        axis: the class axis of ``y_pred``.
        name: the loss's name.
        dtype: the dtype of the computation.

    Example:
        >>> import multikeras as mk
        >>> loss = mk.losses.SparseCategoricalCrossentropy(ignore_class=-1)
        >>> with mk.backend.use("numpy"):
        ...     print(loss([1, -1], [[0.5, 0.5], [0.9, 0.1]]).round(4))
        0.6931
    """

    def __init__(self, from_logits: bool = False, ignore_class: int | None = None,
                 reduction: str | None = "sum_over_batch_size", axis: int = -1,
                 name: str = "sparse_categorical_crossentropy", dtype: Any = None):
        super().__init__(sparse_categorical_crossentropy, name=name, reduction=reduction, dtype=dtype,
                         from_logits=from_logits, ignore_class=ignore_class, axis=axis)
        self.from_logits = from_logits
        self.ignore_class = ignore_class
        self.axis = axis

    def get_config(self) -> dict[str, Any]:
        # Keras 3.15 leaves `axis` out of the config (a loss rebuilt from it uses axis=-1); it is kept here.
        return {"name": self.name, "reduction": self.reduction, "from_logits": self.from_logits,
                "ignore_class": self.ignore_class, "axis": self.axis}
