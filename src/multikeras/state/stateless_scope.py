"""Stateless execution: variable values passed in, new values handed out.

Inside a :class:`StatelessScope`, reading a :class:`~multikeras.Variable`
returns the value the scope maps it to, and assigning records the new value
in the scope instead of changing the variable. A training step written with
ordinary layer code therefore becomes a pure function
``(variable values, batch) -> (outputs, new variable values)`` that
``jax.jit``, ``tf.function`` and ``torch.compile`` can all compile.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multikeras.state.variable import Variable

_active: contextvars.ContextVar[StatelessScope | None] = contextvars.ContextVar("multikeras_stateless", default=None)


class StatelessScope:
    """Read variables from a mapping and collect assignments, leaving variables untouched.

    Args:
        state_mapping: ``(variable, value)`` pairs that reads see.
        collect_assignments: keep assigned values (read them with
            :meth:`get_current_value`); when ``False`` assignments are dropped.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     v = mk.Variable(mk.ops.zeros((2,)))
        ...     with StatelessScope([(v, mk.ops.ones((2,)))]) as scope:
        ...         _ = v.assign(v + 1.0)
        ...     print(v.numpy(), mk.ops.convert_to_numpy(scope.get_current_value(v)))
        [0. 0.] [2. 2.]
    """

    def __init__(self, state_mapping: Iterable[tuple[Variable, Any]] = (), collect_assignments: bool = True,
                 trusted: bool = False):
        self._values: dict[int, Any] = {}
        self._variables: dict[int, Variable] = {}
        self._assigned: dict[int, Variable] = {}
        for variable, value in state_mapping:
            # ``trusted``: the values come from the variables themselves (a compiled step's state), already checked.
            self._values[id(variable)] = value if trusted else variable._convert(value)
            self._variables[id(variable)] = variable
        self.collect_assignments = collect_assignments
        self._parent: StatelessScope | None = None
        self._token: contextvars.Token | None = None

    def __enter__(self) -> StatelessScope:
        self._parent = _active.get()
        self._token = _active.set(self)
        return self

    def __exit__(self, *exc: Any) -> None:
        _active.reset(self._token)

    def get_current_value(self, variable: Variable) -> Any:
        """The value ``variable`` has in this scope, else in the enclosing scope (``None`` if neither maps it)."""
        value = self._values.get(id(variable))
        if value is None and self._parent is not None:
            return self._parent.get_current_value(variable)
        return value

    def add_update(self, variable: Variable, value: Any) -> None:
        """Record an assignment (called by :meth:`Variable.assign`)."""
        if self.collect_assignments:
            self._values[id(variable)] = value
            self._variables[id(variable)] = variable
            self._assigned[id(variable)] = variable

    def assigned_variables(self) -> list[Variable]:
        """Variables assigned in this scope, in first-assignment order."""
        return list(self._assigned.values())

    def updated_variables(self) -> list[Variable]:
        """Variables mapped or assigned in this scope."""
        return list(self._variables.values())


def active_stateless_scope() -> StatelessScope | None:
    """The innermost active :class:`StatelessScope`, or ``None``."""
    return _active.get()


def in_stateless_scope() -> bool:
    """Whether code runs inside a :class:`StatelessScope`.

    Example:
        >>> in_stateless_scope()
        False
    """
    return _active.get() is not None
