"""Metric-learning losses on embeddings: the Circle loss."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.losses.inputs import as_float_prediction
from multikeras.losses.loss import MODULE
from multikeras.losses.loss_wrapper import LossFunctionWrapper, takes_integer_labels
from multikeras.losses.reduction import set_output_mask, static_shape
from multikeras.ops.types import Array, ArrayLike
from multikeras.saving.object_registration import register_builtin


def _as_column(labels: Array) -> Array:
    return ops.reshape(labels, (-1, 1)) if len(static_shape(labels)) == 1 else labels


def positive_and_negative_pairs(query_labels: Array, key_labels: Array,
                                remove_diagonal: bool = True) -> tuple[Array, Array]:
    """Boolean ``(queries, keys)`` matrices of same-label and different-label pairs.

    With ``remove_diagonal`` an element is not its own positive (queries and
    keys are the same batch).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     positive, negative = positive_and_negative_pairs(mk.ops.array([0, 0, 1]), mk.ops.array([0, 0, 1]))
        ...     positive.tolist()
        [[False, True, False], [True, False, False], [False, False, False]]
    """
    query_labels, key_labels = _as_column(query_labels), _as_column(key_labels)
    positive = ops.equal(query_labels, ops.transpose(key_labels))
    negative = ops.logical_not(positive)
    if remove_diagonal:
        rows, columns = static_shape(positive)
        if rows is not None and columns is not None:
            diagonal = ops.eye(rows, columns, dtype="bool")
        else:  # sizes unknown while tracing: compare running row and column indices
            ones = ops.ones_like(positive, dtype="int32")
            diagonal = ops.equal(ops.cumsum(ones, axis=0), ops.cumsum(ones, axis=1))
        positive = ops.logical_and(positive, ops.logical_not(diagonal))
    return positive, negative


@register_builtin(MODULE)
@takes_integer_labels
def circle(y_true: ArrayLike, y_pred: ArrayLike, ref_labels: ArrayLike | None = None,
           ref_embeddings: ArrayLike | None = None, remove_diagonal: bool = True, gamma: float = 80,
           margin: float = 0.4) -> Array:
    """Circle loss (Sun et al., 2020) of each embedding against reference embeddings.

    Pairs of the same label are pulled together and pairs of different labels
    pushed apart, each weighted by how far it is from its optimum. Distances
    are cosine distances ``1 - y_pred @ ref_embeddings.T``, so embeddings
    should be L2-normalized. Samples with loss 0 are masked out of the
    average by :class:`Circle`.

    Args:
        y_true: integer labels, shape ``(batch,)``.
        y_pred: embeddings, shape ``(batch, dim)``.
        ref_labels: labels of the references (``y_true`` when ``None``).
        ref_embeddings: reference embeddings (``y_pred`` when ``None``).
        remove_diagonal: whether an element is not its own positive.
        gamma: the scale of the similarities.
        margin: the relaxation margin.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     embeddings = mk.ops.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]])
        ...     mk.losses.circle([0, 0, 1, 1], embeddings).round(4).tolist()
        [0.0, 0.0, 0.0, 0.0]
    """
    y_pred = as_float_prediction(y_pred)
    y_true = ops.cast(ops.convert_to_tensor(y_true), "int32")
    if ref_embeddings is None:
        ref_embeddings = y_pred
    else:
        ref_embeddings = ops.convert_to_tensor(ref_embeddings, dtype=ops.dtype(y_pred))
    ref_labels = y_true if ref_labels is None else ops.cast(ops.convert_to_tensor(ref_labels), "int32")
    distances = ops.maximum(1.0 - ops.matmul(y_pred, ops.transpose(ref_embeddings)), 0.0)
    positive, negative = positive_and_negative_pairs(y_true, ref_labels, remove_diagonal)
    positive_weights = ops.maximum((margin + distances) * ops.cast(positive, ops.dtype(distances)), 0.0)
    negative_weights = ops.maximum((1.0 + margin - distances) * ops.cast(negative, ops.dtype(distances)), 0.0)
    positive_logits = -gamma * positive_weights * (margin - distances)
    negative_logits = gamma * negative_weights * ((1.0 - margin) - distances)
    positive_term = ops.logsumexp(ops.where(positive, positive_logits, float("-inf")), axis=1)
    negative_term = ops.logsumexp(ops.where(negative, negative_logits, float("-inf")), axis=1)
    losses = ops.softplus(positive_term + negative_term)
    set_output_mask(losses, ops.greater(losses, 0.0))
    return losses


@register_builtin(MODULE)
class Circle(LossFunctionWrapper):
    """Circle loss (:func:`circle`) over the batch's own embeddings, weighted and reduced.

    Args:
        gamma: the scale of the similarities.
        margin: the relaxation margin.
        remove_diagonal: whether an element is not its own positive.
        reduction: see :class:`~multikeras.losses.Loss`.
        name: the loss's name.
        dtype: the dtype of the computation.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     embeddings = mk.ops.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]])
        ...     print(mk.losses.Circle()([0, 0, 1, 1], embeddings).round(4))
        0.0
    """

    def __init__(self, gamma: float = 80.0, margin: float = 0.4, remove_diagonal: bool = True,
                 reduction: str | None = "sum_over_batch_size", name: str = "circle", dtype: Any = None):
        super().__init__(circle, name=name, reduction=reduction, dtype=dtype, gamma=gamma, margin=margin,
                         remove_diagonal=remove_diagonal)
        self.gamma = gamma
        self.margin = margin
        self.remove_diagonal = remove_diagonal

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "reduction": self.reduction, "gamma": self.gamma, "margin": self.margin,
                "remove_diagonal": self.remove_diagonal}
