"""`Concatenate` and `concatenate`: join a list of tensors along one axis."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.backend import dtypes
from multikeras.layers.layer import Layer
from multikeras.layers.merging.base_merge import Shape, batch_size, check_input_list, describe, input_dtype
from multikeras.saving.object_registration import register_builtin
from multikeras.symbolic.keras_tensor import KerasTensor
from multikeras.utils.static_shapes import static_shape


@register_builtin("keras.layers")
class Concatenate(Layer):
    """Concatenate a list of tensors of equal rank along ``axis``.

    All sizes except the one on ``axis`` must match. The output mask marks a
    position valid if any entry on the last axis of the concatenated input
    masks is (an unmasked input counts as all valid).

    Args:
        axis: the axis to concatenate along (any axis but the batch axis).
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = Concatenate(axis=1)([mk.ops.zeros((2, 3, 4)), mk.ops.ones((2, 2, 4))])
        >>> y.shape
        (2, 5, 4)
    """

    def __init__(self, axis: int = -1, **kwargs: Any):
        super().__init__(**kwargs)
        if isinstance(axis, bool) or not isinstance(axis, int):
            raise ValueError(f"{describe(self)}: `axis` must be an int, received axis={axis!r}.")
        self.axis = axis
        self.supports_masking = True

    def build(self, input_shape: Any) -> None:
        self.compute_output_shape(input_shape)
        self.built = True

    def _resolve_axis(self, rank: int, shapes: list[Shape]) -> int:
        if not -rank <= self.axis < rank or self.axis % rank == 0:
            raise ValueError(
                f"{describe(self)}: axis={self.axis} must name a non-batch axis of the inputs, received shapes {shapes}."
            )
        return self.axis % rank

    def compute_output_shape(self, input_shape: Any) -> Shape:
        shapes = check_input_list(self, input_shape)
        ranks = {len(s) for s in shapes}
        if len(ranks) > 1:
            raise ValueError(f"{describe(self)}: inputs must all have the same rank, received shapes {shapes}.")
        rank = ranks.pop()
        axis = self._resolve_axis(rank, shapes)
        output: list[int | None] = [batch_size(self, shapes)]
        for i in range(1, rank):
            if i == axis:
                sizes = [s[i] for s in shapes]
                output.append(None if None in sizes else sum(sizes))  # type: ignore[arg-type]
                continue
            known = {s[i] for s in shapes} - {None}
            if len(known) > 1:
                raise ValueError(
                    f"{describe(self)}: inputs must have matching sizes on every axis but the concatenation axis "
                    f"{self.axis}, received shapes {shapes}."
                )
            output.append(known.pop() if known else None)
        return tuple(output)

    def call(self, inputs: Any) -> Any:
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"{describe(self)} must be called on a list of tensors, received a single tensor of shape "
                f"{tuple(getattr(inputs, 'shape', ()))}."
            )
        shapes = [static_shape(x) for x in inputs]
        self.compute_output_shape(shapes)
        return ops.concatenate(list(inputs), axis=self.axis)

    def compute_output_spec(self, inputs: Any, **kwargs: Any) -> KerasTensor:
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"{describe(self)} must be called on a list of tensors, received a single tensor of shape "
                f"{tuple(getattr(inputs, 'shape', ()))}."
            )
        shape = self.compute_output_shape([tuple(x.shape) for x in inputs])
        return KerasTensor(shape, dtypes.result_type(*[input_dtype(self, x.dtype) for x in inputs]))

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        if mask is None:
            return None
        if not isinstance(mask, (list, tuple)) or not isinstance(inputs, (list, tuple)) or len(mask) != len(inputs):
            count = len(inputs) if isinstance(inputs, (list, tuple)) else 1
            raise ValueError(
                f"{describe(self)}: `mask` must be a list with one mask (or None) per input ({count}), received {mask!r}."
            )
        if all(m is None for m in mask):
            return None
        full_masks = []
        for x, m in zip(inputs, mask):
            if m is None:
                full_masks.append(ops.ones_like(x, dtype="bool"))
                continue
            m = ops.cast(m, "bool")
            if len(ops.shape(m)) < len(ops.shape(x)):
                # Expand to the input's rank so the mask concatenates along the same axis as the input.
                m = ops.logical_or(ops.expand_dims(m, -1), ops.zeros_like(x, dtype="bool"))
            full_masks.append(m)
        return ops.any(ops.concatenate(full_masks, axis=self.axis), axis=-1)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"axis": self.axis})
        return config


def concatenate(inputs: list[Any], axis: int = -1, **kwargs: Any) -> Any:
    """``Concatenate(axis=axis, **kwargs)(inputs)``: join a list of tensors along ``axis``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(concatenate([mk.ops.zeros((2, 3)), mk.ops.ones((2, 1))]).shape)
        (2, 4)
    """
    return Concatenate(axis=axis, **kwargs)(inputs)
