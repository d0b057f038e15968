"""`CategoryEncoding`: integer category ids to one-hot, multi-hot or count vectors."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.backend import dtypes
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.layers.preprocessing.preprocessing_utils import (
    check_output_mode,
    describe,
    encode_categorical,
    encoded_shape,
)
from multikeras.saving.object_registration import register_builtin
from multikeras.utils.static_shapes import static_shape

OUTPUT_MODES = ("one_hot", "multi_hot", "count")


@register_builtin("keras.layers")
class CategoryEncoding(Layer):
    """Encode integer ids in ``[0, num_tokens)`` as dense vectors of length ``num_tokens``.

    * ``"one_hot"``: each id becomes a one-hot vector, appended as a new last
      axis; a trailing axis of size 1 is replaced instead (``(batch, 1)`` gives
      ``(batch, num_tokens)``).
    * ``"multi_hot"``: the ids of each sample are combined into one vector with
      a 1 for each id present (``(batch, n)`` gives ``(batch, num_tokens)``; a
      rank-1 input is one sample and gives ``(num_tokens,)``). Inputs of rank > 2
      are rejected (Keras's result for them is not documented).
    * ``"count"``: like ``"multi_hot"`` but counting occurrences (or summing
      ``count_weights``).

    Outputs are in the layer's compute dtype. Float inputs are truncated to
    integers; ids outside ``[0, num_tokens)`` contribute nothing (an all-zero
    one-hot row) on every backend.

    Args:
        num_tokens: the number of categories (required, >= 1).
        output_mode: ``"one_hot"``, ``"multi_hot"`` or ``"count"``.
        sparse: only ``False`` (sparse outputs are not supported).
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Call args:
        inputs: integer ids.
        count_weights: (``"count"`` mode only) weights of the shape of ``inputs``
            summed instead of counting 1 per id.

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = CategoryEncoding(num_tokens=4, output_mode="count")(np.array([[0, 1, 1], [3, 3, 2]]))
        >>> y.tolist()
        [[1.0, 2.0, 0.0, 0.0], [0.0, 0.0, 1.0, 2.0]]
    """

    def __init__(self, num_tokens: int | None = None, output_mode: str = "multi_hot", sparse: bool = False, **kwargs: Any):
        super().__init__(**kwargs)
        where = describe(self)
        if num_tokens is None:
            raise ValueError(
                f"{where}: `num_tokens` must be set (the number of categories), received num_tokens=None."
            )
        if isinstance(num_tokens, bool) or not isinstance(num_tokens, int) or num_tokens < 1:
            raise ValueError(f"{where}: `num_tokens` must be an int >= 1, received num_tokens={num_tokens!r}.")
        check_output_mode(output_mode, OUTPUT_MODES, sparse, self)
        self.num_tokens = num_tokens
        self.output_mode = output_mode
        self.sparse = False
        self.input_spec = InputSpec(min_ndim=1, max_ndim=None if output_mode == "one_hot" else 2)

    def call(self, inputs: Any, count_weights: Any = None) -> Any:
        if count_weights is not None and self.output_mode != "count":
            raise ValueError(
                f"{describe(self)}: `count_weights` only applies to output_mode='count', "
                f"received output_mode={self.output_mode!r}."
            )
        ids = inputs if not dtypes.is_float(ops.dtype(inputs)) else ops.cast(inputs, "int32")
        if count_weights is not None:
            count_weights = ops.cast(count_weights, self.compute_dtype)
            weights_shape, ids_shape = static_shape(count_weights), static_shape(ids)
            if len(weights_shape) != len(ids_shape) or any(
                    w is not None and i is not None and w != i for w, i in zip(weights_shape, ids_shape)):
                raise ValueError(
                    f"{describe(self)}: `count_weights` must have the shape of the inputs {ids_shape}, "
                    f"received {weights_shape}."
                )
        return encode_categorical(ids, self.num_tokens, self.output_mode, self.compute_dtype, self,
                                  count_weights=count_weights)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return encoded_shape(input_shape, self.num_tokens, self.output_mode)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"num_tokens": self.num_tokens, "output_mode": self.output_mode})
        return config
