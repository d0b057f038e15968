"""Compilation entry points of the NumPy backend (inference only: nothing to compile)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def jit(fn: Callable[..., Any], static_argnums: Any = ()) -> Callable[..., Any]:
    """Return ``fn`` unchanged: NumPy has no compiler (``capabilities.supports_jit`` is False)."""
    return fn
