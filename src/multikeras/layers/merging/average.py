"""`Average` and `average`: the element-wise mean of a list of tensors."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.backend import dtypes
from multikeras.layers.merging.base_merge import Merge
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class Average(Merge):
    """Average a list of tensors element by element (broadcasting like Keras).

    Integer inputs give a result in the layer's compute dtype. Masks are not
    applied to the values; the output mask is the OR of the input masks.

    Args:
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = Average()([mk.ops.zeros((1, 2)), mk.ops.convert_to_tensor([[2.0, 4.0]])])
        >>> mk.ops.convert_to_numpy(y).tolist()
        [[1.0, 2.0]]
    """

    def _merge(self, inputs: list[Any], masks: list[Any] | None) -> Any:
        output = inputs[0]
        for x in inputs[1:]:
            output = ops.add(output, x)
        if not dtypes.is_float(ops.dtype(output)):
            output = ops.cast(output, self.compute_dtype)
        return ops.divide(output, ops.cast(len(inputs), ops.dtype(output)))

    def _output_dtype(self, input_dtypes: list[str]) -> str:
        dtype = super()._output_dtype(input_dtypes)
        return dtype if dtypes.is_float(dtype) else self.compute_dtype


def average(inputs: list[Any], **kwargs: Any) -> Any:
    """``Average(**kwargs)(inputs)``: the element-wise mean of a list of tensors.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(average([mk.ops.zeros((1, 2)), mk.ops.ones((1, 2))])).tolist())
        [[0.5, 0.5]]
    """
    return Average(**kwargs)(inputs)
