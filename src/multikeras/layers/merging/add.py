"""`Add` and `add`: the element-wise sum of a list of tensors."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.merging.base_merge import Merge
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class Add(Merge):
    """Add a list of tensors element by element (broadcasting like Keras).

    Masks are not applied to the values; the output mask is the OR of the input masks.

    Args:
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = Add()([mk.ops.ones((2, 3)), mk.ops.ones((2, 1))])
        >>> y.shape, float(y[0, 0])
        ((2, 3), 2.0)
    """

    def _merge(self, inputs: list[Any], masks: list[Any] | None) -> Any:
        output = inputs[0]
        for x in inputs[1:]:
            output = ops.add(output, x)
        return output


def add(inputs: list[Any], **kwargs: Any) -> Any:
    """``Add(**kwargs)(inputs)``: the element-wise sum of a list of tensors.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(add([mk.ops.ones((1, 2)), mk.ops.ones((1, 2))])).tolist())
        [[2.0, 2.0]]
    """
    return Add(**kwargs)(inputs)
