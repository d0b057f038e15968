"""The :class:`Regularizer` base class and the validation of regularization factors."""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from multikeras.ops.types import Array, ArrayLike
from multikeras.saving.object_registration import register_builtin

MODULE = "keras.regularizers"
"""The Keras 3 namespace regularizers are registered and serialized under."""


@register_builtin(MODULE)
class Regularizer:
    """Base class of regularizers: a callable ``weights -> scalar penalty`` added to the loss.

    Subclasses implement ``__call__`` and ``get_config``; the base class
    penalizes nothing and, as in Keras 3, has no config.

    Example:
        >>> import multikeras as mk
        >>> class SumOfWeights(mk.regularizers.Regularizer):
        ...     def __call__(self, x):
        ...         return mk.ops.sum(x)
        ...     def get_config(self):
        ...         return {}
        >>> with mk.backend.use("numpy"):
        ...     print(SumOfWeights()([1.0, 2.0]))
        3.0
    """

    def __call__(self, x: ArrayLike) -> Array:
        """Return the penalty of the weights ``x`` (the base class returns 0.0)."""
        return 0.0

    def get_config(self) -> dict[str, Any]:
        """The constructor arguments as a JSON-compatible dict; subclasses must implement it."""
        raise NotImplementedError(f"{type(self).__name__} does not implement get_config().")

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Regularizer:
        """Create a regularizer from the output of :meth:`get_config`.

        Args:
            config: the dict returned by ``get_config``.

        Example:
            >>> import multikeras as mk
            >>> mk.regularizers.L2.from_config({"l2": 0.5}).l2
            0.5
        """
        return cls(**config)


def validate_factor(value: Any, name: str, owner: str) -> float:
    """``value`` as a float if it is a finite non-negative number, else a ``ValueError`` naming it.

    Example:
        >>> from multikeras.regularizers.regularizer import validate_factor
        >>> validate_factor(2, "l2", "L2")
        2.0
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value) or value < 0:
        raise ValueError(
            f"{owner}: invalid value for argument {name}: expected a non-negative float, received {name}={value!r}."
        )
    return float(value)


def as_float32(value: float) -> float:
    """``value`` rounded to float32, as Keras 3 stores (and serializes) ``L1.l1`` and ``OrthogonalRegularizer.factor``.

    Example:
        >>> from multikeras.regularizers.regularizer import as_float32
        >>> as_float32(0.01)
        0.009999999776482582
    """
    return float(np.float32(value))
