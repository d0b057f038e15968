"""`Subtract` and `subtract`: the difference of exactly two tensors."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.merging.base_merge import Merge
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class Subtract(Merge):
    """Subtract the second of two tensors from the first, element by element.

    Masks are not applied to the values; the output mask is the OR of the input masks.

    Args:
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = Subtract()([mk.ops.ones((1, 2)), mk.ops.convert_to_tensor([[3.0, 4.0]])])
        >>> mk.ops.convert_to_numpy(y).tolist()
        [[-2.0, -3.0]]
    """

    _num_inputs = 2

    def _merge(self, inputs: list[Any], masks: list[Any] | None) -> Any:
        return ops.subtract(inputs[0], inputs[1])


def subtract(inputs: list[Any], **kwargs: Any) -> Any:
    """``Subtract(**kwargs)(inputs)``: ``inputs[0] - inputs[1]``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(subtract([mk.ops.ones((1, 2)), mk.ops.ones((1, 2))])).tolist())
        [[0.0, 0.0]]
    """
    return Subtract(**kwargs)(inputs)
