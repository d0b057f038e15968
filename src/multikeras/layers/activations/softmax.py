"""`Softmax`: the softmax over one or more axes as a layer, with an optional keep-mask."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import activations, ops
from multikeras.backend import dtypes
from multikeras.layers.layer import Layer
from multikeras.saving.object_registration import register_builtin


def large_negative(dtype: Any) -> float:
    """The logit masked entries get: far below any real logit, and finite in ``dtype``."""
    return -3e4 if dtypes.standardize_dtype(dtype) == "float16" else -1e9


@register_builtin("keras.layers")
class Softmax(Layer):
    """``exp(x) / sum(exp(x))`` over ``axis``; with a mask, masked entries take no share and come out as 0.

    A slice whose entries are all masked comes out as zeros rather than a
    uniform distribution.

    Args:
        axis: an int or a sequence of ints: the axes normalized together.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Call arguments:
        inputs: the logits.
        mask: optional booleans of the inputs' shape (or broadcastable to
            it): ``False`` where an entry must be left out.

    Example:
        >>> import numpy as np, multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = Softmax()(np.array([[0.0, 0.0, 5.0]]), mask=np.array([[True, True, False]]))
        >>> mk.ops.convert_to_numpy(y).tolist()
        [[0.5, 0.5, 0.0]]
    """

    _built_at_construction = True  # creates no state: built from the start, as in Keras 3

    def __init__(self, axis: int | Sequence[int] = -1, **kwargs: Any):
        super().__init__(**kwargs)
        axes = axis if isinstance(axis, (list, tuple)) else [axis]
        if not axes or any(isinstance(a, bool) or not isinstance(a, int) for a in axes):
            raise ValueError(f"Softmax '{self.name}': axis must be an int or a non-empty sequence of ints, "
                             f"received axis={axis!r}.")
        self.axis = axis
        self.supports_masking = True

    def call(self, inputs: Any, mask: Any = None) -> Any:
        if mask is not None:
            mask = ops.cast(mask, "bool")
            dtype = ops.dtype(inputs)
            inputs = ops.where(mask, inputs, ops.cast(large_negative(dtype), dtype))
        axes = self.axis
        if isinstance(axes, (list, tuple)) and len(axes) > 1:
            outputs = ops.exp(ops.subtract(inputs, ops.logsumexp(inputs, axis=tuple(axes), keepdims=True)))
        else:
            outputs = activations.softmax(inputs, axis=axes[0] if isinstance(axes, (list, tuple)) else axes)
        if mask is not None:
            outputs = ops.where(mask, outputs, ops.zeros((), ops.dtype(outputs)))
        return outputs

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["axis"] = self.axis
        return config
