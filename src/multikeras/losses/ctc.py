"""Connectionist temporal classification (CTC): sequence labels without an alignment."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.losses.inputs import as_float_prediction
from multikeras.losses.loss import MODULE
from multikeras.losses.loss_wrapper import LossFunctionWrapper, takes_integer_labels
from multikeras.losses.reduction import static_shape
from multikeras.ops.types import Array, ArrayLike
from multikeras.saving.object_registration import register_builtin


@register_builtin(MODULE)
@takes_integer_labels
def ctc(y_true: ArrayLike, y_pred: ArrayLike) -> Array:
    """CTC negative log-likelihood of each label sequence.

    Class 0 is the blank, and also pads the label sequences: each sequence's
    length is its count of non-zero labels. Every output sequence is used over
    all its time steps.

    Args:
        y_true: integer labels, shape ``(batch, max_label_length)``, padded with 0.
        y_pred: logits, shape ``(batch, time_steps, classes)``.

    Returns:
        The loss of each sequence, shape ``(batch,)``.

    Raises:
        ValueError: if ``y_true`` is not 2-D or ``y_pred`` is not 3-D.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.ctc([[1]], mk.ops.zeros((1, 2, 2))).round(4))
        [0.2877]
    """
    y_pred = as_float_prediction(y_pred)
    y_true = ops.convert_to_tensor(y_true)
    true_shape, pred_shape = static_shape(y_true), static_shape(y_pred)
    if len(true_shape) != 2:
        raise ValueError(
            "ctc: expected integer targets `y_true` of shape (batch_size, max_label_length), received "
            f"y_true.shape={true_shape}."
        )
    if len(pred_shape) != 3:
        raise ValueError(
            "ctc: expected logits `y_pred` of shape (batch_size, time_steps, num_classes), received "
            f"y_pred.shape={pred_shape}."
        )
    mask_index = 0
    label_length = ops.cast(ops.sum(ops.cast(ops.not_equal(y_true, mask_index), "int32"), axis=-1), "int32")
    # One full-length output sequence per sample, without relying on a static batch size.
    output_length = ops.sum(ops.ones_like(y_pred[:, :, 0], dtype="int32"), axis=-1)
    return ops.ctc_loss(y_true, y_pred, label_length, output_length, mask_index=mask_index)


@register_builtin(MODULE)
class CTC(LossFunctionWrapper):
    """CTC loss (:func:`ctc`), weighted and reduced.

    Args:
        reduction: see :class:`~multikeras.losses.Loss`.
        name: the loss's name.
        dtype: the dtype of the computation.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.losses.CTC()([[1]], mk.ops.zeros((1, 2, 2))).round(4))
        0.2877
    """

    def __init__(self, reduction: str | None = "sum_over_batch_size", name: str = "ctc", dtype: Any = None):
        super().__init__(ctc, name=name, reduction=reduction, dtype=dtype)

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "reduction": self.reduction}
