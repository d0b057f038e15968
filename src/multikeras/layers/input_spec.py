"""`InputSpec`: what a layer accepts, checked before any framework op runs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from multikeras.backend import dtypes


class InputSpec:
    """Constraints on one input: rank, dtype, and sizes of given axes.

    Args:
        dtype: required dtype, or ``None``.
        shape: required shape (``None`` entries match anything).
        ndim, min_ndim, max_ndim: required rank, or bounds on it.
        axes: ``{axis: size}`` for axes whose size is fixed (negative axes count from the end).
        allow_last_axis_squeeze: accept a trailing axis of size 1 missing or extra.
        name: the input's name, for messages.

    Example:
        >>> spec = InputSpec(min_ndim=2, axes={-1: 4})
        >>> check_input(spec, (None, 3), "dense")
        Traceback (most recent call last):
        ...
        ValueError: Layer 'dense': input 0 must have size 4 on axis -1 (expected shape (..., 4)), received shape (None, 3).
    """

    def __init__(
        self,
        dtype: Any = None,
        shape: Sequence[int | None] | None = None,
        ndim: int | None = None,
        max_ndim: int | None = None,
        min_ndim: int | None = None,
        axes: Mapping[int, int] | None = None,
        allow_last_axis_squeeze: bool = False,
        name: str | None = None,
        optional: bool = False,
    ):
        self.dtype = None if dtype is None else dtypes.standardize_dtype(dtype)
        self.shape = None if shape is None else tuple(shape)
        self.ndim = len(self.shape) if self.shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.axes = {int(k): v for k, v in (axes or {}).items()}
        self.allow_last_axis_squeeze = allow_last_axis_squeeze
        self.name = name
        self.optional = optional

    def __repr__(self) -> str:
        parts = [f"{key}={value!r}" for key, value in vars(self).items() if value not in (None, {}, False)]
        return f"InputSpec({', '.join(parts)})"

    def get_config(self) -> dict[str, Any]:
        return {"dtype": self.dtype, "shape": self.shape, "ndim": self.ndim, "max_ndim": self.max_ndim,
                "min_ndim": self.min_ndim, "axes": self.axes}


def check_input(spec: InputSpec | None, shape: Sequence[int | None], layer_name: str, index: int = 0,
                dtype: str | None = None) -> None:
    """Raise ``ValueError`` naming the layer, the expectation and the received shape if ``shape`` breaks ``spec``."""
    if spec is None:
        return
    shape = tuple(shape)
    where = f"Layer '{layer_name}': input {index}"
    rank = len(shape)
    if spec.ndim is not None and rank != spec.ndim and not (
        spec.allow_last_axis_squeeze and abs(rank - spec.ndim) == 1
    ):
        raise ValueError(f"{where} must have rank {spec.ndim}, received shape {shape} (rank {rank}).")
    if spec.min_ndim is not None and rank < spec.min_ndim:
        raise ValueError(f"{where} must have rank >= {spec.min_ndim}, received shape {shape} (rank {rank}).")
    if spec.max_ndim is not None and rank > spec.max_ndim:
        raise ValueError(f"{where} must have rank <= {spec.max_ndim}, received shape {shape} (rank {rank}).")
    if spec.dtype is not None and dtype is not None and dtypes.standardize_dtype(dtype) != spec.dtype:
        raise ValueError(f"{where} must have dtype {spec.dtype}, received dtype {dtype}.")
    for axis, size in spec.axes.items():
        if size is None:
            continue
        if not -rank <= axis < rank:
            raise ValueError(f"{where} must have an axis {axis} of size {size}, received shape {shape}.")
        if shape[axis] is not None and shape[axis] != size:
            expected = "(..., " + str(size) + ")" if axis == -1 else f"axis {axis} = {size}"
            raise ValueError(
                f"{where} must have size {size} on axis {axis} (expected shape {expected}), received shape {shape}."
            )
    if spec.shape is not None:
        for expected, received in zip(spec.shape, shape):
            if expected is not None and received is not None and expected != received:
                raise ValueError(f"{where} must have shape {spec.shape}, received shape {shape}.")
