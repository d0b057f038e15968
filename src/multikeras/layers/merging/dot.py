"""`Dot` and `dot`: per-sample dot products of two tensors along given axes."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.backend import dtypes
from multikeras.layers.layer import Layer
from multikeras.layers.merging.base_merge import Shape, batch_size, check_input_list, describe, input_dtype
from multikeras.saving.object_registration import register_builtin
from multikeras.symbolic.keras_tensor import KerasTensor
from multikeras.utils.static_shapes import static_shape

_LETTERS = "bcdefghijklmnopqrstuvwxy"
_MIN_SQUARED_NORM = 1e-12


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@register_builtin("keras.layers")
class Dot(Layer):
    """Per-sample dot products of two tensors ``x1``, ``x2`` along ``axes``.

    For each sample the axis ``axes[0]`` of ``x1`` is contracted with the axis
    ``axes[1]`` of ``x2``; the output keeps ``x1``'s remaining axes, then
    ``x2``'s. A result of rank 1 (vectors) becomes ``(batch, 1)``. With
    ``normalize=True`` the inputs are first L2-normalized along those axes, so
    the output is the cosine similarity.

    Args:
        axes: an int (the same axis of both inputs; negative counts from the end of each)
            or a pair of ints; never the batch axis.
        normalize: whether to L2-normalize the inputs along ``axes`` first.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     x1 = mk.ops.convert_to_tensor([[1.0, 2.0], [3.0, 4.0]])
        ...     print(mk.ops.convert_to_numpy(Dot(axes=1)([x1, x1])).tolist())
        [[5.0], [25.0]]
    """

    def __init__(self, axes: int | tuple[int, int] | list[int], normalize: bool = False, **kwargs: Any):
        super().__init__(**kwargs)
        if not _is_int(axes) and not (
            isinstance(axes, (list, tuple)) and len(axes) == 2 and all(_is_int(a) for a in axes)
        ):
            raise ValueError(f"{describe(self)}: `axes` must be an int or a pair of ints, received axes={axes!r}.")
        self.axes = axes
        self.normalize = bool(normalize)
        self.supports_masking = True

    def build(self, input_shape: Any) -> None:
        self.compute_output_shape(input_shape)
        self.built = True

    def _resolve_axes(self, shapes: list[Shape]) -> tuple[int, int]:
        axes = [self.axes, self.axes] if _is_int(self.axes) else list(self.axes)  # type: ignore[arg-type]
        resolved = []
        for axis, shape in zip(axes, shapes):
            rank = len(shape)
            if rank < 2:
                raise ValueError(
                    f"{describe(self)}: inputs must have rank >= 2 (batch axis included), received shapes {shapes}."
                )
            if not -rank <= axis < rank or axis % rank == 0:
                raise ValueError(
                    f"{describe(self)}: axes={self.axes!r} must name non-batch axes of the inputs, received shapes {shapes}."
                )
            resolved.append(axis % rank)
        return resolved[0], resolved[1]

    def compute_output_shape(self, input_shape: Any) -> Shape:
        shapes = check_input_list(self, input_shape, 2)
        batch = batch_size(self, shapes)
        a1, a2 = self._resolve_axes(shapes)
        s1, s2 = shapes
        if s1[a1] is not None and s2[a2] is not None and s1[a1] != s2[a2]:
            raise ValueError(
                f"{describe(self)}: the contracted axes have different sizes, {s1[a1]} (axis {a1} of the first input) "
                f"and {s2[a2]} (axis {a2} of the second), received shapes {shapes}."
            )
        output = [batch] + [d for i, d in enumerate(s1) if i not in (0, a1)] + [d for i, d in enumerate(s2) if i not in (0, a2)]
        return tuple(output) if len(output) > 1 else (batch, 1)

    def _l2_normalize(self, x: Any, axis: int) -> Any:
        squared = ops.sum(ops.square(x), axis=axis, keepdims=True)
        return ops.multiply(x, ops.rsqrt(ops.maximum(squared, _MIN_SQUARED_NORM)))

    def call(self, inputs: Any) -> Any:
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"{describe(self)} must be called on a list of 2 tensors, received a single tensor of shape "
                f"{tuple(getattr(inputs, 'shape', ()))}."
            )
        shapes = [static_shape(x) for x in inputs]
        self.compute_output_shape(shapes)
        a1, a2 = self._resolve_axes(shapes)
        x1, x2 = inputs
        if self.normalize:
            x1, x2 = self._l2_normalize(x1, a1), self._l2_normalize(x2, a2)
        letters = iter(_LETTERS)
        sub1 = ["a" if i == 0 else "z" if i == a1 else next(letters) for i in range(len(shapes[0]))]
        sub2 = ["a" if i == 0 else "z" if i == a2 else next(letters) for i in range(len(shapes[1]))]
        out = [c for c in sub1 if c != "z"] + [c for c in sub2 if c not in "az"]
        output = ops.einsum(f"{''.join(sub1)},{''.join(sub2)}->{''.join(out)}", x1, x2)
        return ops.expand_dims(output, -1) if len(out) == 1 else output

    def compute_output_spec(self, inputs: Any, **kwargs: Any) -> KerasTensor:
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"{describe(self)} must be called on a list of 2 tensors, received a single tensor of shape "
                f"{tuple(getattr(inputs, 'shape', ()))}."
            )
        shape = self.compute_output_shape([tuple(x.shape) for x in inputs])
        return KerasTensor(shape, dtypes.result_type(*[input_dtype(self, x.dtype) for x in inputs]))

    def compute_mask(self, inputs: Any, mask: Any = None) -> None:
        """Always ``None``: a dot product has no per-position validity."""
        return None

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"axes": self.axes, "normalize": self.normalize})
        return config


def dot(inputs: list[Any], axes: int | tuple[int, int] | list[int] = -1, normalize: bool = False, **kwargs: Any) -> Any:
    """``Dot(axes=axes, normalize=normalize, **kwargs)(inputs)``: per-sample dot products of two tensors.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(dot([mk.ops.ones((2, 3, 4)), mk.ops.ones((2, 5, 4))], axes=2).shape)
        (2, 3, 5)
    """
    return Dot(axes=axes, normalize=normalize, **kwargs)(inputs)
