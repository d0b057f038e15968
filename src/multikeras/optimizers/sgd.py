"""`SGD`: gradient descent with optional (Nesterov) momentum."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras.optimizers.optimizer import Optimizer, _is_real
from multikeras.saving.object_registration import register_builtin
from multikeras.state.variable import Variable


@register_builtin("keras.optimizers")
class SGD(Optimizer):
    """Stochastic gradient descent, with optional momentum and Nesterov momentum.

    Without momentum: ``w -= learning_rate * g``. With momentum ``m``, a
    velocity ``v`` (initially 0) follows ``v = m * v - learning_rate * g``,
    then ``w += v``, or with Nesterov ``w += m * v - learning_rate * g``.

    Args:
        learning_rate: a float, a schedule or a callable (default 0.01).
        momentum: a float in ``[0, 1]``; 0 keeps no velocity slot.
        nesterov: use Nesterov momentum.
        **kwargs: the shared optimizer arguments (see :class:`Optimizer`).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     w = mk.Variable([1.0])
        ...     opt = SGD(learning_rate=0.1, momentum=0.9)
        ...     for _ in range(2):
        ...         opt.apply([mk.ops.ones(1)], [w])
        ...     round(float(w.numpy()[0]), 4)
        0.71
    """

    def __init__(self, learning_rate: Any = 0.01, momentum: float = 0.0, nesterov: bool = False, *,
                 name: str | None = None, **kwargs: Any):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        if not _is_real(momentum) or not 0.0 <= momentum <= 1.0:
            raise ValueError(f"SGD: 'momentum' must be a float between [0, 1], received {momentum!r}.")
        self.momentum = momentum
        self.nesterov = nesterov

    def build(self, variables: Sequence[Variable]) -> None:
        if self.built:
            return
        super().build(variables)
        self.momentums = self.add_optimizer_variables(variables, "momentum") if self.momentum != 0 else []

    def update_step(self, gradient: Any, variable: Variable, learning_rate: Any) -> None:
        step = gradient * self._step_scalars(learning_rate, variable._dtype)
        if self.momentum == 0:
            variable.assign(variable.value - step)
            return
        momentum = float(self.momentum)
        velocity = self.momentums[self._get_variable_index(variable)]
        new_velocity = velocity.value * momentum - step
        velocity.assign(new_velocity)
        if self.nesterov:
            variable.assign(variable.value + (new_velocity * momentum - step))
        else:
            variable.assign(variable.value + new_velocity)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}
