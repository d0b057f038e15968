"""`MaskedSoftmax`: the softmax of attention scores over one or more axes, with a keep-mask.

The attention layers hold it as their ``_softmax`` sub-layer, where Keras 3
holds a ``Softmax`` layer, so that the layer tree (and the group names of a
weights file) match Keras's. It has no weights.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras.backend import dtypes
from multikeras.layers.layer import Layer


def large_negative(dtype: Any) -> float:
    """The logit masked entries get: far below any real logit, and finite in ``dtype``."""
    return -3e4 if dtypes.standardize_dtype(dtype) == "float16" else -1e9


class MaskedSoftmax(Layer):
    """``softmax(where(mask, x, large negative))`` over ``axis``, then 0 wherever ``mask`` is False.

    Zeroing after the softmax makes a slice whose entries are all masked
    come out as zeros rather than a uniform distribution.

    Args:
        axis: an int or a sequence of ints: the axes normalized together.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np, multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = MaskedSoftmax()(np.array([[0.0, 0.0, 5.0]]), mask=np.array([[True, True, False]]))
        >>> mk.ops.convert_to_numpy(y).tolist()
        [[0.5, 0.5, 0.0]]
    """

    def __init__(self, axis: int | Sequence[int] = -1, **kwargs: Any):
        super().__init__(**kwargs)
        self.axis = axis
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Any, mask: Any = None) -> Any:
        if mask is not None:
            mask = ops.cast(mask, "bool")
            inputs = ops.where(mask, inputs, ops.cast(large_negative(ops.dtype(inputs)), ops.dtype(inputs)))
        axes = self.axis
        if isinstance(axes, (list, tuple)) and len(axes) > 1:
            outputs = ops.exp(ops.subtract(inputs, ops.logsumexp(inputs, axis=tuple(axes), keepdims=True)))
        else:
            outputs = ops.softmax(inputs, axis=axes[0] if isinstance(axes, (list, tuple)) else axes)
        if mask is not None:
            outputs = ops.where(mask, outputs, ops.zeros((), ops.dtype(outputs)))
        return outputs

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["axis"] = self.axis
        return config
