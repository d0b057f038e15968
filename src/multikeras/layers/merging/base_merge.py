"""`Merge`: the base of the layers that combine a list of tensors element by element."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras.backend import dtypes
from multikeras.layers.layer import Layer
from multikeras.symbolic.keras_tensor import KerasTensor
from multikeras.utils.static_shapes import static_shape

Shape = tuple[int | None, ...]


def describe(layer: Layer) -> str:
    """``"Add 'add_1'"``: how error messages name a layer."""
    return f"{type(layer).__name__} '{layer.name}'"


def check_input_list(layer: Layer, shapes: Any, count: int | None = None) -> list[Shape]:
    """``shapes`` as a list of tuples; ``ValueError`` unless it is a list of (``count``) shapes."""
    where = describe(layer)
    if not isinstance(shapes, (list, tuple)) or not shapes or not all(isinstance(s, (list, tuple)) for s in shapes):
        raise ValueError(
            f"{where} must be called on a list of {count or 'one or more'} tensors, received input shape {shapes!r}."
        )
    shapes = [tuple(s) for s in shapes]
    if count is not None and len(shapes) != count:
        raise ValueError(
            f"{where} must be called on exactly {count} inputs, received {len(shapes)} with shapes {shapes}."
        )
    return shapes


def batch_size(layer: Layer, shapes: Sequence[Shape]) -> int | None:
    """The common known batch size (``None`` if unknown); ``ValueError`` when inputs disagree."""
    sizes = {s[0] for s in shapes if s} - {None}
    if len(sizes) > 1:
        raise ValueError(f"{describe(layer)}: inputs must have the same batch size, received shapes {list(shapes)}.")
    return sizes.pop() if sizes else None


def input_dtype(layer: Layer, dtype: Any) -> str:
    """The dtype an input of ``dtype`` is computed in: floats become the layer's compute dtype."""
    dtype = dtypes.standardize_dtype(dtype)
    return layer.compute_dtype if layer.autocast and dtypes.is_float(dtype) else dtype


def expand_mask(mask: Any, x: Any, rank: int) -> Any:
    """A boolean ``mask`` of shape ``x.shape[:k]`` with trailing axes added up to ``x``'s rank, then up to ``rank``
    at axis 1 (the way inputs of lower rank are aligned), broadcast to ``x``'s aligned shape."""
    mask = ops.cast(mask, "bool")
    x_rank = len(ops.shape(x))
    while len(ops.shape(mask)) < x_rank:
        mask = ops.expand_dims(mask, -1)
    for _ in range(rank - x_rank):
        mask = ops.expand_dims(mask, 1)
        x = ops.expand_dims(x, 1)
    return ops.broadcast_to(mask, ops.shape(x))


class Merge(Layer):
    """Combine a list of tensors element by element, broadcasting them like Keras.

    The batch axes must agree; the other axes are aligned from the right and
    broadcast (a size-1 axis stretches). A lower-rank input gets new axes after
    the batch axis. Subclasses define :meth:`_merge` on the aligned inputs and
    their masks (``None`` or a boolean tensor per input, broadcast to it).

    Args:
        **kwargs: base layer arguments (``name``, ``dtype`` ...).
    """

    _num_inputs: int | None = None
    """The exact number of inputs, or ``None`` for one or more."""

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.supports_masking = True

    def _merge(self, inputs: list[Any], masks: list[Any] | None) -> Any:
        raise NotImplementedError

    def build(self, input_shape: Any) -> None:
        self.compute_output_shape(input_shape)
        self.built = True

    def _masks(self, inputs: Sequence[Any], mask: Any) -> list[Any] | None:
        if mask is None:
            return None
        if not isinstance(mask, (list, tuple)):
            raise ValueError(
                f"{describe(self)}: `mask` must be a list with one mask (or None) per input, received a "
                f"{type(mask).__name__} for {len(inputs)} inputs."
            )
        if len(mask) != len(inputs):
            raise ValueError(
                f"{describe(self)}: `mask` must have one entry per input, received {len(mask)} masks for {len(inputs)} inputs."
            )
        if all(m is None for m in mask):
            return None
        rank = max(len(ops.shape(x)) for x in inputs)
        return [None if m is None else expand_mask(m, x, rank) for m, x in zip(mask, inputs)]

    def call(self, inputs: Any, mask: Any = None) -> Any:
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"{describe(self)} must be called on a list of tensors, received a single tensor of shape "
                f"{tuple(getattr(inputs, 'shape', ()))}."
            )
        shapes = [static_shape(x) for x in inputs]
        if mask is None and len(shapes) > 1 and (self._num_inputs is None or len(shapes) == self._num_inputs):
            first = shapes[0]
            if all(shape == first for shape in shapes[1:]):  # one shape (a residual sum): nothing to check or align
                return self._merge(list(inputs), None)
        self.compute_output_shape(shapes)
        masks = self._masks(inputs, mask)
        rank = max(len(s) for s in shapes)
        aligned = []
        for x in inputs:
            for _ in range(rank - len(ops.shape(x))):
                x = ops.expand_dims(x, 1)
            aligned.append(x)
        return self._merge(aligned, masks)

    def compute_output_shape(self, input_shape: Any) -> Shape:
        shapes = check_input_list(self, input_shape, self._num_inputs)
        batch = batch_size(self, shapes)
        result: list[int | None] = []
        for shape in shapes:
            result = self._broadcast(result, list(shape[1:]), shapes)
        return (batch, *result)

    def _broadcast(self, first: list[int | None], second: list[int | None], shapes: list[Shape]) -> list[int | None]:
        if len(first) < len(second):
            first, second = second, first
        offset = len(first) - len(second)
        result = list(first[:offset])
        for a, b in zip(first[offset:], second):
            if a is None or b is None:
                # An unknown size broadcasts with a known size > 1 to that size (or the call fails).
                known = b if a is None else a
                result.append(known if known not in (None, 1) else None)
            elif a == 1 or b == 1:
                result.append(b if a == 1 else a)
            elif a != b:
                raise ValueError(
                    f"{describe(self)}: inputs have incompatible shapes {shapes}: sizes {a} and {b} cannot be broadcast "
                    "(the non-batch axes must be equal or 1, aligned from the right)."
                )
            else:
                result.append(a)
        return result

    def _output_dtype(self, input_dtypes: list[str]) -> str:
        return dtypes.result_type(*input_dtypes)

    def compute_output_spec(self, inputs: Any, mask: Any = None, **kwargs: Any) -> KerasTensor:
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"{describe(self)} must be called on a list of tensors, received a single tensor of shape "
                f"{tuple(getattr(inputs, 'shape', ()))}."
            )
        shape = self.compute_output_shape([tuple(x.shape) for x in inputs])
        return KerasTensor(shape, self._output_dtype([input_dtype(self, x.dtype) for x in inputs]))

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        """The logical OR of the input masks; ``None`` if any input has none."""
        if mask is None:
            return None
        if not isinstance(mask, (list, tuple)) or not isinstance(inputs, (list, tuple)) or len(mask) != len(inputs):
            count = len(inputs) if isinstance(inputs, (list, tuple)) else 1
            raise ValueError(
                f"{describe(self)}: `mask` must be a list with one mask (or None) per input ({count}), received {mask!r}."
            )
        if any(m is None for m in mask):
            return None
        output = ops.cast(mask[0], "bool")
        for m in mask[1:]:
            output = ops.logical_or(output, ops.cast(m, "bool"))
        return output


def where_masked(mask: Any, x: Any, fallback: Any) -> Any:
    """``x`` where ``mask`` holds, else ``fallback``; ``x`` itself when ``mask`` is ``None``."""
    return x if mask is None else ops.where(mask, x, fallback)
