"""Differentiation and compilation for the JAX backend."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import jax


def value_and_grad(fn: Callable[..., Any], argnums: int | Sequence[int] = 0, has_aux: bool = False) -> Callable[..., Any]:
    """``jax.value_and_grad``: ``(value, grads)``, or ``((value, aux), grads)`` with ``has_aux``."""
    if not isinstance(argnums, int):
        argnums = tuple(argnums)
    return jax.value_and_grad(fn, argnums=argnums, has_aux=has_aux)


def jit(fn: Callable[..., Any], static_argnums: int | Sequence[int] = ()) -> Callable[..., Any]:
    """``jax.jit``."""
    if not isinstance(static_argnums, int):
        static_argnums = tuple(static_argnums)
    return jax.jit(fn, static_argnums=static_argnums)
