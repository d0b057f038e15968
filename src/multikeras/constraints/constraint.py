"""The :class:`Constraint` base class."""

from __future__ import annotations

from typing import Any

from multikeras.ops.types import Array, ArrayLike
from multikeras.saving.object_registration import register_builtin

MODULE = "keras.constraints"
"""The Keras 3 namespace constraints are registered and serialized under."""


@register_builtin(MODULE)
class Constraint:
    """Base class of weight constraints: a callable ``weights -> projected weights``.

    The optimizer applies a variable's constraint after each update. The base
    class returns the weights unchanged.

    Example:
        >>> import multikeras as mk
        >>> class ClipToOne(mk.constraints.Constraint):
        ...     def __call__(self, w):
        ...         return mk.ops.clip(w, -1.0, 1.0)
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(ClipToOne()([-3.0, 0.5, 2.0])))
        [-1.   0.5  1. ]
    """

    def __call__(self, w: ArrayLike) -> Array:
        """Return the constrained weights (the base class returns ``w``)."""
        return w

    def get_config(self) -> dict[str, Any]:
        """The constructor arguments as a JSON-compatible dict."""
        return {}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Constraint:
        """Create a constraint from the output of :meth:`get_config`.

        Args:
            config: the dict returned by ``get_config``.

        Example:
            >>> import multikeras as mk
            >>> mk.constraints.MaxNorm.from_config({"max_value": 3, "axis": 0}).max_value
            3
        """
        return cls(**config)
