"""`Identity`: returns its inputs unchanged; and the output-spec rule of layers that only move values."""

from __future__ import annotations

from typing import Any

import optree

from multikeras.backend import dtypes
from multikeras.layers.layer import Layer
from multikeras.saving.object_registration import register_builtin
from multikeras.symbolic.keras_tensor import KerasTensor


def spec_like_input(layer: Layer, inputs: Any, output_shape: tuple[int | None, ...]) -> KerasTensor:
    """A KerasTensor of ``output_shape`` with the dtype an eager call of ``layer`` returns for ``inputs``.

    Layers that only move, copy or zero values (reshaping, dropout in inference,
    identity) keep the dtype of their input: integer and bool inputs stay as
    they are, float inputs come out in the layer's compute dtype (the eager
    call casts them when ``autocast`` is on). The symbolic output must say the
    same thing as the eager one, so it cannot simply be the compute dtype.

    Example:
        >>> import multikeras as mk
        >>> spec_like_input(Identity(), KerasTensor((None, 3), "int32"), (None, 3)).dtype
        'int32'
    """
    dtype = dtypes.standardize_dtype(getattr(inputs, "dtype", None) or layer.compute_dtype)
    if dtypes.is_float(dtype) and layer.autocast:
        dtype = layer.compute_dtype
    return KerasTensor(tuple(output_shape), dtype)


@register_builtin("keras.layers")
class Identity(Layer):
    """A layer that returns its inputs (any structure of tensors) unchanged.

    Useful as a placeholder where a layer is expected, e.g. an optional
    projection that is switched off. Masks pass through.

    Args:
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = Identity()(mk.ops.ones((2, 3)))
        >>> y.shape
        (2, 3)
    """

    _built_at_construction = True  # creates no state: built from the start, as in Keras 3

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.supports_masking = True

    def call(self, inputs: Any) -> Any:
        return inputs

    def compute_output_shape(self, input_shape: Any) -> Any:
        return input_shape

    def compute_output_spec(self, inputs: Any, **kwargs: Any) -> Any:
        return optree.tree_map(
            lambda t: spec_like_input(self, t, t.shape), inputs, is_leaf=lambda x: isinstance(x, KerasTensor)
        )
