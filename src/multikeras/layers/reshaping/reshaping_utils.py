"""Argument checks and the output-spec base shared by the reshaping layers (pure Python on shapes)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras.layers.core.identity import spec_like_input
from multikeras.layers.layer import Layer


def where(layer: Layer) -> str:
    return f"{type(layer).__name__} '{layer.name}'"


def _is_int(value: Any, lowest: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= lowest


def normalize_pairs(value: Any, rank: int, argument: str, layer: Layer) -> tuple[tuple[int, int], ...]:
    """``value`` as ``rank`` ``(before, after)`` pairs of ints >= 0.

    Accepted: an int (the same on both sides of every axis); for ``rank == 1``
    a pair ``(before, after)``; for ``rank > 1`` a tuple of ``rank`` ints (one
    symmetric amount per axis) or of ``rank`` pairs.

    Example:
        >>> class Fake:
        ...     name = "zero_padding2d"
        >>> normalize_pairs(1, 2, "padding", Fake()), normalize_pairs((1, 2), 2, "padding", Fake())
        (((1, 1), (1, 1)), ((1, 1), (2, 2)))
        >>> normalize_pairs((0, 3), 1, "cropping", Fake())
        ((0, 3),)
    """
    pairs: Any = None
    if _is_int(value, 0):
        pairs = ((value, value),) * rank
    elif isinstance(value, Sequence) and not isinstance(value, str):
        items = tuple(value)
        if rank == 1 and len(items) == 2 and all(_is_int(v, 0) for v in items):
            pairs = (items,)
        elif rank > 1 and len(items) == rank and all(_is_int(v, 0) for v in items):
            pairs = tuple((v, v) for v in items)
        elif rank > 1 and len(items) == rank and all(
            isinstance(v, Sequence) and not isinstance(v, str) and len(v) == 2 and all(_is_int(p, 0) for p in v)
            for v in items
        ):
            pairs = tuple(tuple(v) for v in items)
    if pairs is None:
        forms = "an int >= 0 or a tuple of 2 ints >= 0 (before, after)" if rank == 1 else (
            f"an int >= 0, a tuple of {rank} ints >= 0, or a tuple of {rank} (before, after) pairs of ints >= 0"
        )
        raise ValueError(f"{where(layer)}: `{argument}` must be {forms}, received {argument}={value!r}.")
    return tuple((int(a), int(b)) for a, b in pairs)


def normalize_sizes(value: Any, rank: int, argument: str, layer: Layer) -> tuple[int, ...]:
    """``value`` (a positive int or ``rank`` positive ints) as a tuple of ``rank`` ints."""
    if _is_int(value, 1):
        return (int(value),) * rank
    if isinstance(value, Sequence) and not isinstance(value, str) and len(value) == rank and all(
        _is_int(v, 1) for v in value
    ):
        return tuple(int(v) for v in value)
    raise ValueError(
        f"{where(layer)}: `{argument}` must be a positive int or a tuple of {rank} positive ints, "
        f"received {argument}={value!r}."
    )


def check_positive_int(value: Any, argument: str, layer: Layer) -> int:
    if not _is_int(value, 1):
        raise ValueError(f"{where(layer)}: `{argument}` must be a positive int, received {argument}={value!r}.")
    return int(value)


class ReshapingLayer(Layer):
    """A layer that only moves values: the symbolic output keeps the input's dtype, as the eager one does."""

    def compute_output_spec(self, inputs: Any, **kwargs: Any) -> Any:
        return spec_like_input(self, inputs, self.compute_output_shape(tuple(inputs.shape)))
