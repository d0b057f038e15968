"""`Maximum`, `Minimum`, `maximum` and `minimum`: element-wise extremes of a list of tensors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from multikeras import ops
from multikeras.layers.merging.base_merge import Merge
from multikeras.saving.object_registration import register_builtin


def _reduce_with_masks(op: Callable[[Any, Any], Any], inputs: list[Any], masks: list[Any] | None) -> Any:
    """Fold ``op`` over the inputs; a masked-out value is replaced by the other operand so it cannot win."""
    masks = masks or [None] * len(inputs)
    output, output_mask = inputs[0], masks[0]
    for x, mask in zip(inputs[1:], masks[1:]):
        if mask is not None:
            x = ops.where(mask, x, output)
        if output_mask is not None:
            output = ops.where(output_mask, output, x)
        output_mask = ops.logical_or(output_mask, mask) if mask is not None and output_mask is not None else None
        output = op(output, x)
    return output


@register_builtin("keras.layers")
class Maximum(Merge):
    """The element-wise maximum of a list of tensors (broadcasting like Keras).

    With masks, a masked-out value never wins over an unmasked one; the output
    mask is the OR of the input masks.

    Args:
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = Maximum()([mk.ops.convert_to_tensor([[1.0, 5.0]]), mk.ops.convert_to_tensor([[3.0, 2.0]])])
        >>> mk.ops.convert_to_numpy(y).tolist()
        [[3.0, 5.0]]
    """

    def _merge(self, inputs: list[Any], masks: list[Any] | None) -> Any:
        return _reduce_with_masks(ops.maximum, inputs, masks)


@register_builtin("keras.layers")
class Minimum(Merge):
    """The element-wise minimum of a list of tensors (broadcasting like Keras).

    With masks, a masked-out value never wins over an unmasked one; the output
    mask is the OR of the input masks.

    Args:
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = Minimum()([mk.ops.convert_to_tensor([[1.0, 5.0]]), mk.ops.convert_to_tensor([[3.0, 2.0]])])
        >>> mk.ops.convert_to_numpy(y).tolist()
        [[1.0, 2.0]]
    """

    def _merge(self, inputs: list[Any], masks: list[Any] | None) -> Any:
        return _reduce_with_masks(ops.minimum, inputs, masks)


def maximum(inputs: list[Any], **kwargs: Any) -> Any:
    """``Maximum(**kwargs)(inputs)``: the element-wise maximum of a list of tensors.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(maximum([mk.ops.zeros((1, 2)), mk.ops.ones((1, 2))])).tolist())
        [[1.0, 1.0]]
    """
    return Maximum(**kwargs)(inputs)


def minimum(inputs: list[Any], **kwargs: Any) -> Any:
    """``Minimum(**kwargs)(inputs)``: the element-wise minimum of a list of tensors.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(minimum([mk.ops.zeros((1, 2)), mk.ops.ones((1, 2))])).tolist())
        [[0.0, 0.0]]
    """
    return Minimum(**kwargs)(inputs)
