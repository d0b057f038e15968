"""Constraints on the norms of weight slices: MaxNorm, MinMaxNorm, UnitNorm; and NonNeg."""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras.backend.config import epsilon
from multikeras.constraints.constraint import MODULE, Constraint
from multikeras.ops.types import Array, ArrayLike
from multikeras.saving.object_registration import register_builtin

AxisArg = int | Sequence[int]


def _axis(axis: AxisArg) -> int | tuple[int, ...]:
    return int(axis) if isinstance(axis, numbers.Integral) else tuple(int(a) for a in axis)


def _norms(w: Array, axis: AxisArg) -> Array:
    return ops.sqrt(ops.sum(ops.square(w), axis=_axis(axis), keepdims=True))


def _check_number(value: Any, name: str, owner: str) -> None:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not value >= 0:
        raise ValueError(f"{owner}: `{name}` must be a non-negative number, received {name}={value!r}.")


@register_builtin(MODULE)
class MaxNorm(Constraint):
    """Rescale each slice of the weights whose L2 norm exceeds ``max_value`` down to that norm.

    Args:
        max_value: the largest norm allowed.
        axis: the axis (or axes) the norms are computed over: ``0`` for the
            columns of a ``Dense`` kernel ``(input, output)``, ``[0, 1, 2]``
            for the filters of a ``Conv2D`` kernel ``(rows, cols, in, out)``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.constraints.MaxNorm(2.0)([[3.0, 0.1], [4.0, 0.2]])).round(4))
        [[1.2 0.1]
         [1.6 0.2]]
    """

    def __init__(self, max_value: float = 2, axis: AxisArg = 0):
        _check_number(max_value, "max_value", "MaxNorm")
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w: ArrayLike) -> Array:
        w = ops.convert_to_tensor(w)
        norms = _norms(w, self.axis)
        desired = ops.clip(norms, 0, self.max_value)
        return ops.multiply(w, ops.divide(desired, ops.add(norms, epsilon())))

    def get_config(self) -> dict[str, Any]:
        return {"max_value": self.max_value, "axis": self.axis}


@register_builtin(MODULE)
class MinMaxNorm(Constraint):
    """Move the L2 norm of each slice of the weights into ``[min_value, max_value]``.

    The new norm is ``rate * clip(norm, min_value, max_value) + (1 - rate) * norm``:
    ``rate=1`` enforces the bounds at once, smaller rates move toward them.

    Args:
        min_value: the smallest norm allowed.
        max_value: the largest norm allowed.
        rate: how far to move toward the bounds, in ``[0, 1]``.
        axis: the axis (or axes) the norms are computed over (see :class:`MaxNorm`).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.constraints.MinMaxNorm(1.0, 2.0)([[0.3, 3.0], [0.4, 4.0]])).round(4))
        [[0.6 1.2]
         [0.8 1.6]]
    """

    def __init__(self, min_value: float = 0.0, max_value: float = 1.0, rate: float = 1.0, axis: AxisArg = 0):
        _check_number(min_value, "min_value", "MinMaxNorm")
        _check_number(max_value, "max_value", "MinMaxNorm")
        _check_number(rate, "rate", "MinMaxNorm")
        if min_value > max_value:
            raise ValueError(
                f"MinMaxNorm: `min_value` must not exceed `max_value`, received min_value={min_value!r}, "
                f"max_value={max_value!r}."
            )
        if rate > 1:
            raise ValueError(f"MinMaxNorm: `rate` must be in [0, 1], received rate={rate!r}.")
        self.min_value = min_value
        self.max_value = max_value
        self.rate = rate
        self.axis = axis

    def __call__(self, w: ArrayLike) -> Array:
        w = ops.convert_to_tensor(w)
        norms = _norms(w, self.axis)
        clipped = ops.clip(norms, self.min_value, self.max_value)
        desired = ops.add(ops.multiply(self.rate, clipped), ops.multiply(1 - self.rate, norms))
        return ops.multiply(w, ops.divide(desired, ops.add(norms, epsilon())))

    def get_config(self) -> dict[str, Any]:
        return {"min_value": self.min_value, "max_value": self.max_value, "rate": self.rate, "axis": self.axis}


@register_builtin(MODULE)
class UnitNorm(Constraint):
    """Scale each slice of the weights to unit L2 norm.

    Args:
        axis: the axis (or axes) the norms are computed over (see :class:`MaxNorm`).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.constraints.UnitNorm(axis=1)([[3.0, 4.0]])).round(4))
        [[0.6 0.8]]
    """

    def __init__(self, axis: AxisArg = 0):
        self.axis = axis

    def __call__(self, w: ArrayLike) -> Array:
        w = ops.convert_to_tensor(w)
        return ops.divide(w, ops.add(_norms(w, self.axis), epsilon()))

    def get_config(self) -> dict[str, Any]:
        return {"axis": self.axis}


@register_builtin(MODULE)
class NonNeg(Constraint):
    """Set negative weights to zero.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.constraints.NonNeg()([-1.0, 0.5])))
        [0.  0.5]
    """

    def __call__(self, w: ArrayLike) -> Array:
        w = ops.convert_to_tensor(w)
        return ops.where(ops.greater_equal(w, 0), w, ops.zeros_like(w))
