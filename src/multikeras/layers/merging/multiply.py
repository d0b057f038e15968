"""`Multiply` and `multiply`: the element-wise product of a list of tensors."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.merging.base_merge import Merge, where_masked
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class Multiply(Merge):
    """Multiply a list of tensors element by element (broadcasting like Keras).

    With masks, a masked-out value of one input counts as 1 (it does not change
    the product); when every input has a mask, positions masked in all inputs
    are 0. The output mask is the OR of the input masks.

    Args:
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = Multiply()([mk.ops.convert_to_tensor([[2.0, 3.0]]), mk.ops.convert_to_tensor([[4.0, 5.0]])])
        >>> mk.ops.convert_to_numpy(y).tolist()
        [[8.0, 15.0]]
    """

    def _merge(self, inputs: list[Any], masks: list[Any] | None) -> Any:
        masks = masks or [None] * len(inputs)
        output = None
        for x, mask in zip(inputs, masks):
            x = where_masked(mask, x, ops.ones_like(x))
            output = x if output is None else ops.multiply(output, x)
        if all(m is not None for m in masks):
            any_valid = masks[0]
            for m in masks[1:]:
                any_valid = ops.logical_or(any_valid, m)
            output = ops.where(any_valid, output, ops.zeros_like(output))
        return output


def multiply(inputs: list[Any], **kwargs: Any) -> Any:
    """``Multiply(**kwargs)(inputs)``: the element-wise product of a list of tensors.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     x = mk.ops.convert_to_tensor([[2.0, 3.0]])
        ...     print(mk.ops.convert_to_numpy(multiply([x, x])).tolist())
        [[4.0, 9.0]]
    """
    return Multiply(**kwargs)(inputs)
