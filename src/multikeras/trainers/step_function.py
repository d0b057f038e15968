"""Turning a step written with ordinary variable reads and assignments into a compiled pure function.

A training step (``train_step``) reads layer weights, optimizer slots and
metric totals, and assigns new values. :class:`StepFunction` runs it inside a
:class:`~multikeras.state.StatelessScope` that maps every state variable to a
value passed in, so the step becomes ``(state values, batch) -> (new state
values, outputs)``: a pure function the active backend compiles
(``jax.jit``, ``tf.function``, ``torch.compile``) or runs eagerly. How the
compiled function holds the state between calls is the backend's choice
(``Backend.compile_step``: every value passed in and out by default; kept in
captured ``tf.Variable`` objects on tensorflow). After each call the variables the
step assigned are rebound to their new values. The same mechanism, through
:func:`value_and_grad_of_variables`, differentiates with respect to
variables from inside such a step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from multikeras.backend import differentiation
from multikeras.backend.selection import current
from multikeras.state.deferred_value import resolve
from multikeras.state.stateless_scope import StatelessScope, active_stateless_scope
from multikeras.state.variable import Variable


def current_value(variable: Variable) -> Any:
    """The variable's stored value (no autocast), as the innermost stateless scope sees it."""
    scope = active_stateless_scope()
    if scope is not None:
        value = scope.get_current_value(variable)
        if value is not None:
            return value
    return resolve(variable._value)


class StepFunction:
    """``step(data) -> outputs``, compiled as a pure function of the given state variables.

    Args:
        step: the step, written with variable reads and ``assign`` calls.
        state: every variable the step reads or assigns (weights, optimizer
            and metric variables, seed states). Variables the step touches
            but that are not listed would be baked into the compiled function
            as constants, so the list must be complete.
        jit: compile with the active backend's ``jit``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     total = mk.Variable(0.0)
        ...     add = StepFunction(lambda x: total.assign(total.value + mk.ops.sum(x)), [total], jit=False)
        ...     _ = add(mk.ops.ones(3)); _ = add(mk.ops.ones(2))
        ...     float(total.numpy())
        5.0
    """

    def __init__(self, step: Callable[[Any], Any], state: Sequence[Variable], jit: bool):
        self._step = step
        self._state = list(state)
        self._jit = jit
        # The backend decides how a compiled step holds its state between calls (contract: compile_step).
        self._call = current().compile_step(self._pure, self._state) if jit else self._pure

    def _pure(self, values: list[Any], data: Any) -> tuple[list[Any], Any]:
        """The step as a pure function: new values, ``None`` for a variable it left unchanged."""
        state = self._state
        with StatelessScope(zip(state, values), trusted=True) as scope:
            outputs = self._step(data)
        # Unchanged values are left out: returned from a compiled function, each would be copied.
        new_values = [scope.get_current_value(v) for v in state]
        return [None if new is old else new for new, old in zip(new_values, values)], outputs

    def __call__(self, data: Any) -> Any:
        state = self._state
        # A compiled step gets the stored values as they are: values it keeps itself come back to it as the
        # DeferredValue it handed out (contract: compile_step); the eager step gets arrays.
        values = [v._value for v in state] if self._jit else [resolve(v._value) for v in state]
        new_values, outputs = self._call(values, data)
        for variable, value in zip(state, new_values):
            if value is not None:
                variable._value = value
        return outputs


def value_and_grad_of_variables(
    fn: Callable[[], Any], variables: Sequence[Variable], has_aux: bool = False
) -> tuple[Any, list[Any]]:
    """``fn()``'s value and its gradients with respect to ``variables``.

    ``fn`` takes no argument and reads the variables like any layer code.
    Assignments it makes are kept, as if ``fn`` had run normally: to other
    variables (batch-norm statistics, seed states), and to the differentiated
    ones too (``SpectralNormalization`` assigns the normalized kernel), whose
    gradients are still those of the values ``fn`` started from.

    Returns:
        ``(value, grads)`` or, with ``has_aux``, ``((value, aux), grads)``; one gradient per variable.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("jax"):
        ...     w = mk.Variable([1.0, 2.0])
        ...     value, grads = value_and_grad_of_variables(lambda: mk.ops.sum(w.value ** 2), [w])
        ...     mk.ops.convert_to_numpy(grads[0]).tolist()
        [2.0, 4.0]
    """
    variables = list(variables)
    assigned: list[Variable] = []

    def pure(values: list[Any]) -> tuple[Any, tuple[Any, list[Any]]]:
        with StatelessScope(zip(variables, values), trusted=True) as scope:
            result = fn()
        if has_aux:
            if not isinstance(result, (tuple, list)) or len(result) != 2:
                raise ValueError(f"value_and_grad: with has_aux=True, the function must return (value, aux), received {type(result).__name__}.")
            value, aux = result
        else:
            value, aux = result, None
        assigned[:] = scope.assigned_variables()
        return value, (aux, [scope.get_current_value(v) for v in assigned])

    (value, (aux, new_values)), grads = differentiation.value_and_grad(pure, has_aux=True)(
        [current_value(v) for v in variables]
    )
    for variable, new_value in zip(assigned, new_values):
        variable.assign(new_value)
    return ((value, aux) if has_aux else value), list(grads)
