"""Differentiation and compilation through the active backend.

These are part of the backend contract (``value_and_grad`` and ``jit`` in
the ``backend`` section of the op catalog). Semantics are JAX's, on every
backend: ``value_and_grad(fn, argnums, has_aux)(*args)`` returns
``(value, grads)`` (``((value, aux), grads)`` with ``has_aux``), where
``grads`` mirrors the structure of the differentiated arguments.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from multikeras.backend.errors import CapabilityError
from multikeras.backend.selection import current


def value_and_grad(
    fn: Callable[..., Any], argnums: int | Sequence[int] = 0, has_aux: bool = False
) -> Callable[..., Any]:
    """Return a function computing ``fn`` and its gradient w.r.t. ``argnums``.

    The backend is the one active when the returned function is created.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("torch"):
        ...     value, grad = mk.backend.value_and_grad(lambda x: mk.ops.sum(x * x))(mk.ops.ones(3))
        ...     mk.ops.convert_to_numpy(grad).tolist()
        [2.0, 2.0, 2.0]
    """
    backend = current()
    if not backend.capabilities.trainable:
        raise CapabilityError(
            f"value_and_grad: the '{backend.name}' backend cannot differentiate "
            "(capabilities.trainable is False); select jax, torch or tensorflow to train."
        )
    if isinstance(argnums, bool) or not isinstance(argnums, (int, tuple, list)):
        raise TypeError(f"value_and_grad: expected an int or a tuple of ints for 'argnums', received {argnums!r}.")
    return backend.value_and_grad(fn, argnums, has_aux)


def jit(fn: Callable[..., Any], static_argnums: int | Sequence[int] = ()) -> Callable[..., Any]:
    """Compile ``fn`` with the active backend (jax.jit, tf.function, torch.compile).

    Backends without compilation (``capabilities.supports_jit`` False)
    return ``fn`` unchanged.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     double = mk.backend.jit(lambda x: x * 2)
        ...     double(mk.ops.ones(2)).tolist()
        [2.0, 2.0]
    """
    return current().jit(fn, static_argnums)
