"""`SymbolicScope`: marks code that runs on shapes only (symbolic tracing), not on data.

:func:`~multikeras.symbolic.compute_output_spec` (how a layer or an operation called on KerasTensors infers
its outputs) runs the function inside a ``SymbolicScope``, so code in a ``call`` can ask
:func:`in_symbolic_scope` whether it sees real data. The scope is held in a ``contextvars`` variable: local
to the thread and the asyncio task that opened it.
"""

from __future__ import annotations

import contextvars
from types import TracebackType

_current_scope: contextvars.ContextVar[SymbolicScope | None] = contextvars.ContextVar(
    "multikeras_symbolic_scope", default=None
)


class SymbolicScope:
    """A context manager marking symbolic tracing: inside it, :func:`in_symbolic_scope` is ``True``.

    Scopes nest; leaving one restores the scope open before it.

    Example:
        >>> import multikeras as mk
        >>> from multikeras.symbolic import in_symbolic_scope
        >>> with mk.SymbolicScope() as scope:
        ...     print(in_symbolic_scope(), mk.symbolic.get_symbolic_scope() is scope)
        True True
        >>> in_symbolic_scope()
        False
    """

    _token: contextvars.Token | None = None

    def __enter__(self) -> SymbolicScope:
        if self._token is not None:
            raise RuntimeError("SymbolicScope: this scope is already open; open a new SymbolicScope() instead.")
        self._token = _current_scope.set(self)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        token, self._token = self._token, None
        if token is not None:
            _current_scope.reset(token)


def in_symbolic_scope() -> bool:
    """Whether a :class:`SymbolicScope` is open (the code runs on shapes, not data).

    Example:
        >>> with SymbolicScope():
        ...     print(in_symbolic_scope())
        True
    """
    return _current_scope.get() is not None


def get_symbolic_scope() -> SymbolicScope | None:
    """The innermost open :class:`SymbolicScope`, or ``None``.

    Example:
        >>> get_symbolic_scope() is None
        True
    """
    return _current_scope.get()
