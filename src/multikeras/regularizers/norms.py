"""Weight-norm penalties: L1, L2 and their sum L1L2."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.ops.types import Array, ArrayLike
from multikeras.regularizers.regularizer import MODULE, Regularizer, as_float32, validate_factor
from multikeras.saving.object_registration import register_builtin


@register_builtin(MODULE)
class L1(Regularizer):
    """L1 penalty: ``l1 * sum(|x|)``.

    Args:
        l1: the non-negative factor (``None`` means 0.01). Stored rounded to
            float32, as Keras 3 does, so configs match Keras's byte for byte.

    Raises:
        ValueError: if ``l1`` is negative, infinite, NaN or not a number.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.regularizers.L1(0.5)([1.0, -3.0]))
        2.0
    """

    def __init__(self, l1: float = 0.01):
        self.l1 = as_float32(validate_factor(0.01 if l1 is None else l1, "l1", "L1"))

    def __call__(self, x: ArrayLike) -> Array:
        return ops.multiply(self.l1, ops.sum(ops.absolute(x)))

    def get_config(self) -> dict[str, Any]:
        return {"l1": self.l1}


@register_builtin(MODULE)
class L2(Regularizer):
    """L2 penalty: ``l2 * sum(x^2)``.

    Args:
        l2: the non-negative factor (``None`` means 0.01).

    Raises:
        ValueError: if ``l2`` is negative, infinite, NaN or not a number.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.regularizers.L2(0.5)([1.0, -3.0]))
        5.0
    """

    def __init__(self, l2: float = 0.01):
        self.l2 = validate_factor(0.01 if l2 is None else l2, "l2", "L2")

    def __call__(self, x: ArrayLike) -> Array:
        return ops.multiply(self.l2, ops.sum(ops.square(x)))

    def get_config(self) -> dict[str, Any]:
        return {"l2": self.l2}


@register_builtin(MODULE)
class L1L2(Regularizer):
    """L1 and L2 penalties together: ``l1 * sum(|x|) + l2 * sum(x^2)``.

    Args:
        l1: the non-negative L1 factor (``None`` means 0).
        l2: the non-negative L2 factor (``None`` means 0).

    Raises:
        ValueError: if a factor is negative, infinite, NaN or not a number.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.regularizers.L1L2(l1=0.5, l2=0.25)([1.0, -3.0]))
        4.5
    """

    def __init__(self, l1: float = 0.0, l2: float = 0.0):
        self.l1 = validate_factor(0.0 if l1 is None else l1, "l1", "L1L2")
        self.l2 = validate_factor(0.0 if l2 is None else l2, "l2", "L1L2")

    def __call__(self, x: ArrayLike) -> Array:
        x = ops.convert_to_tensor(x)
        penalty = ops.multiply(self.l1, ops.sum(ops.absolute(x)))
        return ops.add(penalty, ops.multiply(self.l2, ops.sum(ops.square(x))))

    def get_config(self) -> dict[str, Any]:
        return {"l1": self.l1, "l2": self.l2}
