"""Axis handling shared by the normalization layers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras.backend import dtypes


def describe(layer: Any) -> str:
    """``"LayerNormalization 'layer_normalization'"``: how error messages name a layer."""
    return f"{type(layer).__name__} '{layer.name}'"


def check_axis_argument(axis: Any, layer: Any, allow_list: bool = True) -> int | list[int]:
    """Validate an ``axis`` constructor argument: an int, or (when allowed) a non-empty list/tuple of ints.

    Returns the int, or the axes as a list (a tuple becomes a list so configs compare equal after JSON).
    """
    def is_int(value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    if is_int(axis):
        return axis
    if allow_list and isinstance(axis, (list, tuple)) and axis and all(is_int(a) for a in axis):
        if len(set(axis)) != len(axis):
            raise ValueError(f"{describe(layer)}: `axis` has repeated entries, received axis={axis!r}.")
        return list(axis)
    expected = "an int or a non-empty list of ints" if allow_list else "an int"
    raise ValueError(f"{describe(layer)}: `axis` must be {expected}, received axis={axis!r}.")


def resolve_axes(axis: int | Sequence[int], input_shape: Sequence[int | None], layer: Any) -> list[int]:
    """Non-negative, sorted axes for inputs of ``input_shape``; ``ValueError`` when one is out of range."""
    rank = len(input_shape)
    axes = [axis] if isinstance(axis, int) else list(axis)
    resolved = []
    for a in axes:
        if not -rank <= a < rank:
            raise ValueError(
                f"{describe(layer)}: axis={axis!r} is out of range for inputs of rank {rank}, "
                f"received input shape {tuple(input_shape)}."
            )
        resolved.append(a % rank)
    if len(set(resolved)) != len(resolved):
        raise ValueError(f"{describe(layer)}: axis={axis!r} names the same input axis twice (input rank {rank}).")
    return sorted(resolved)


def known_sizes(input_shape: Sequence[int | None], axes: Sequence[int], layer: Any) -> tuple[int, ...]:
    """Sizes of ``input_shape`` on ``axes``; ``ValueError`` when one is unknown (weights need them)."""
    sizes = tuple(input_shape[a] for a in axes)
    if any(s is None for s in sizes):
        raise ValueError(
            f"{describe(layer)}: the input size on the normalized axes {list(axes)} must be known, "
            f"received input shape {tuple(input_shape)}."
        )
    return sizes  # type: ignore[return-value]


def broadcast_shape(rank: int, axes: Sequence[int], sizes: Sequence[int]) -> list[int]:
    """A shape of ``rank`` ones with ``sizes`` on ``axes``: the shape parameters are reshaped to."""
    shape = [1] * rank
    for a, s in zip(axes, sizes):
        shape[a] = s
    return shape


def computation_dtype(compute_dtype: str) -> str:
    """Statistics are computed in float32 when the layer computes in float16/bfloat16 (and for int inputs)."""
    return compute_dtype if compute_dtype in ("float32", "float64") else "float32"


def to_float(x: Any, compute_dtype: str) -> Any:
    """``x`` cast to the dtype statistics are computed in."""
    target = computation_dtype(compute_dtype)
    return x if dtypes.standardize_dtype(ops.dtype(x)) == target else ops.cast(x, target)


def param(variable: Any, shape: Sequence[int], dtype: str) -> Any:
    """A weight's value reshaped to ``shape`` (for broadcasting) in ``dtype``."""
    value = ops.reshape(variable.value, tuple(shape))
    return value if dtypes.standardize_dtype(ops.dtype(value)) == dtype else ops.cast(value, dtype)
