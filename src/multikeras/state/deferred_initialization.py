"""Deferred initialization: variables whose initial values are about to be overwritten skip their initializers.

Loading a model builds every layer, and building draws every weight from its
initializer, only for the file's values to replace them a moment later. On
some backends drawing is far from free (jax compiles its random functions for
each new shape). Inside :func:`deferred_initialization`, a variable created
from an initializer starts as zeros and is recorded; :meth:`DeferredVariables.finish`
then runs the real initializer for each recorded variable that was never
assigned, so a variable the file does not cover still gets its proper value.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np


class DeferredVariables:
    """The variables created inside one :func:`deferred_initialization` block, with their initializers."""

    def __init__(self) -> None:
        self._pending: list[tuple[Any, Any, Callable[..., Any], tuple[int, ...], str]] = []

    def record(self, variable: Any, placeholder: Any, initializer: Callable[..., Any], shape: tuple[int, ...],
               dtype: str) -> None:
        self._pending.append((variable, placeholder, initializer, shape, dtype))

    def finish(self) -> int:
        """Run the initializer of every recorded variable still holding its placeholder; returns how many ran.

        Example:
            >>> import multikeras as mk
            >>> with mk.backend.use("numpy"):
            ...     with deferred_initialization() as deferred:
            ...         loaded = mk.Variable("ones", shape=(2,), name="loaded")
            ...         fresh = mk.Variable("ones", shape=(2,), name="fresh")
            ...     _ = loaded.assign([5.0, 6.0])  # as a weights file would
            ...     print(deferred.finish(), loaded.numpy(), fresh.numpy())
            1 [5. 6.] [1. 1.]
        """
        count = 0
        for variable, placeholder, initializer, shape, dtype in self._pending:
            if variable._value is placeholder:
                with variable._backend.eager_scope():
                    variable._value = variable._backend.convert_to_tensor(initializer(shape, dtype=dtype), dtype)
                count += 1
        self._pending.clear()
        return count


_active: contextvars.ContextVar[DeferredVariables | None] = contextvars.ContextVar(
    "multikeras_deferred_initialization", default=None
)


@contextlib.contextmanager
def deferred_initialization() -> Iterator[DeferredVariables]:
    """Create variables as zeros inside the block; call ``finish()`` on the result once values are loaded.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"), deferred_initialization() as deferred:
        ...     v = mk.Variable("ones", shape=(3,))
        ...     print(v.numpy())
        [0. 0. 0.]
        >>> deferred.finish(), v.numpy().tolist()
        (1, [1.0, 1.0, 1.0])
    """
    deferred = DeferredVariables()
    token = _active.set(deferred)
    try:
        yield deferred
    finally:
        _active.reset(token)


def placeholder_for(backend: Any, variable: Any, initializer: Callable[..., Any], shape: tuple[int, ...],
                    dtype: str) -> Any | None:
    """Zeros standing in for ``initializer``'s value inside a deferred block (recorded), else ``None``."""
    deferred = _active.get()
    if deferred is None:
        return None
    placeholder = backend.convert_to_tensor(np.zeros(shape, dtype=dtype), dtype)
    if backend.convert_to_tensor(placeholder, dtype) is not placeholder:
        return None  # the variable would hold a copy, and finish() could not tell it was never assigned
    deferred.record(variable, placeholder, initializer, shape, dtype)
    return placeholder
