"""`name_scope`: the prefix of the ``path`` of every variable created inside it.

Scopes nest: a variable named ``"kernel"`` created inside ``name_scope("model")``
and ``name_scope("dense")`` gets the path ``"model/dense/kernel"``. Layers,
metrics, optimizers and seed generators open a scope named after themselves
while they create state, which is how ``Sequential`` weights get paths such as
``"sequential/dense/kernel"``, as in Keras 3.

The open scopes form an immutable tuple held in a :class:`contextvars.ContextVar`,
so threads and asyncio tasks each see their own (a new thread starts with none).
"""

from __future__ import annotations

import contextvars
from typing import Any

open_scopes: contextvars.ContextVar[tuple[name_scope, ...]] = contextvars.ContextVar("multikeras_name_scope", default=())
"""The open scopes, innermost last (read directly by Layer, whose every call opens its scope)."""

PARENT_ATTRIBUTE = "_keras_scope_parent"
"""An object passing itself as ``caller`` may hold here the path its scopes always sit under (see Layer)."""


class name_scope:  # noqa: N801  (lower case, as `keras.name_scope`)
    """Open a name scope: variables created inside have ``path == "<scopes>/<name>"``.

    Args:
        name: the scope's name; a string without ``/`` (``""`` adds an empty
            path component, as in Keras).
        caller: the object opening the scope (a layer, a metric ...), or ``None``.
        deduplicate: with a ``caller``, entering a scope of the same name and
            caller as the innermost open one adds nothing, so that a layer
            whose ``build`` calls ``add_weight`` (which opens its scope again)
            gets ``"layer/w"``, not ``"layer/layer/w"``.
        override_parent: a path (``"a/b"``, ``""`` for the top level) that
            replaces the enclosing scopes for this one and those inside it.
            When ``None``, ``deduplicate`` is set and ``caller`` has a fixed
            place (a layer, from the first time it opened its scope), that
            place is used.

    Raises:
        ValueError: ``name`` is not a string, or contains ``/``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     with mk.name_scope("encoder"):
        ...         with mk.name_scope("block"):
        ...             v = mk.Variable(1.0, name="scale")
        ...     print(v.path, v.name)
        encoder/block/scale scale
    """

    def __init__(self, name: str, caller: Any = None, deduplicate: bool = True, override_parent: str | None = None):
        if not isinstance(name, str) or "/" in name:
            raise ValueError(
                "name_scope: argument `name` must be a string and cannot contain character `/`. "
                f"Received: name={name}"
            )
        self.name = name
        self.caller = caller
        self.deduplicate = deduplicate
        if override_parent is None and deduplicate and caller is not None:
            override_parent = getattr(caller, PARENT_ATTRIBUTE, None)
        self.override_parent = override_parent
        self._restore: list[tuple[name_scope, ...] | None] = []  # one per nested `with` of this same object

    def __enter__(self) -> name_scope:
        self._restore.append(push(self))
        return self

    def __exit__(self, *exc: Any) -> None:
        pop(self._restore.pop())

    def __repr__(self) -> str:
        return f"<name_scope name={self.name!r} caller={self.caller!r}>"


def push(scope: name_scope) -> tuple[name_scope, ...] | None:
    """Open ``scope``; returns what :func:`pop` restores (``None`` when deduplicated: nothing was opened)."""
    stack = open_scopes.get()
    if stack and scope.deduplicate and scope.caller is not None:
        innermost = stack[-1]
        if innermost.caller is scope.caller and innermost.name == scope.name:
            return None
    open_scopes.set(stack + (scope,))
    return stack


def pop(previous: tuple[name_scope, ...] | None) -> None:
    """Close what :func:`push` opened."""
    if previous is not None:
        open_scopes.set(previous)


def current_path() -> str:
    """The open scopes joined by ``/`` (``""`` at the top level).

    Example:
        >>> with name_scope("a"), name_scope("b", override_parent="x/y"):
        ...     current_path()
        'x/y/b'
        >>> current_path()
        ''
    """
    stack = open_scopes.get()
    if not stack:
        return ""
    parts: list[str] = []
    for scope in stack:
        if scope.override_parent is not None:  # an absolute parent: what was opened before it no longer counts
            parts = [part for part in scope.override_parent.split("/") if part]
        parts.append(scope.name)
    return "/".join(parts)


def path_for(name: str) -> str:
    """The path of a variable named ``name`` created now.

    Example:
        >>> with name_scope("outer"):
        ...     path_for("w")
        'outer/w'
    """
    prefix = current_path()
    return f"{prefix}/{name}" if prefix else name
