"""Mixed precision: reading float variables in a layer's compute dtype.

A layer whose dtype policy computes in ``float16`` or ``bfloat16`` keeps its
variables in ``float32`` and enters an :class:`AutocastScope` while it runs;
inside it, reading a float variable that has ``autocast=True`` returns the
value cast to the compute dtype. Assignments still go to the float32 value.
"""

from __future__ import annotations

import contextvars
from typing import Any

from multikeras.backend import dtypes

_active: contextvars.ContextVar[str | None] = contextvars.ContextVar("multikeras_autocast", default=None)


class AutocastScope:
    """Cast float variables to ``dtype`` when read inside the block (``None`` turns casting off).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     v = mk.Variable(mk.ops.ones((2,)))
        ...     with AutocastScope("float16"):
        ...         print(v.value.dtype)
        float16
    """

    def __init__(self, dtype: Any):
        self.dtype = None if dtype is None else dtypes.standardize_dtype(dtype)
        if self.dtype is not None and not dtypes.is_float(self.dtype):
            raise ValueError(f"AutocastScope: expected a float dtype or None, received {dtype!r}.")
        self._token: contextvars.Token | None = None

    def __enter__(self) -> AutocastScope:
        self._token = _active.set(self.dtype)
        return self

    def __exit__(self, *exc: Any) -> None:
        _active.reset(self._token)


def autocast_dtype() -> str | None:
    """The dtype float variables are read in right now, or ``None``.

    Example:
        >>> autocast_dtype() is None
        True
    """
    return _active.get()
