"""`RMSprop`: steps scaled by a running root mean square of the gradients."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras.optimizers.optimizer import Optimizer
from multikeras.saving.object_registration import register_builtin
from multikeras.state.variable import Variable


@register_builtin("keras.optimizers")
class RMSprop(Optimizer):
    """RMSprop: divide the gradient by a running root mean square of its recent values.

    ``v = rho * v + (1 - rho) * g**2``; the increment is
    ``learning_rate * g / sqrt(v + epsilon)``, or with ``centered``
    ``learning_rate * g / sqrt(v - a**2 + epsilon)`` where
    ``a = rho * a + (1 - rho) * g`` is the mean gradient. Without momentum
    ``w -= increment``; with it ``p = momentum * p + increment`` and ``w -= p``.

    Args:
        learning_rate: a float, a schedule or a callable (default 0.001).
        rho: decay of the averages.
        momentum: momentum factor (0: no momentum slot).
        epsilon: added inside the square root for numerical stability.
        centered: normalize by the estimated variance instead of the second moment.
        **kwargs: the shared optimizer arguments (see :class:`Optimizer`).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     w = mk.Variable([1.0])
        ...     opt = RMSprop(learning_rate=0.1, rho=0.75)
        ...     opt.apply([mk.ops.array([2.0])], [w])
        ...     w.numpy().astype("float64").round(4).tolist()
        [0.8]
    """

    def __init__(self, learning_rate: Any = 0.001, rho: float = 0.9, momentum: float = 0.0, epsilon: float = 1e-7,
                 centered: bool = False, *, name: str | None = None, **kwargs: Any):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered

    def build(self, variables: Sequence[Variable]) -> None:
        if self.built:
            return
        super().build(variables)
        self._velocities = self.add_optimizer_variables(variables, "velocity")
        self._momentums = self.add_optimizer_variables(variables, "momentum") if self.momentum > 0 else []
        self._average_gradients = self.add_optimizer_variables(variables, "average_gradient") if self.centered else []

    def update_step(self, gradient: Any, variable: Variable, learning_rate: Any) -> None:
        lr = self._step_scalars(learning_rate, variable._dtype)
        index = self._get_variable_index(variable)
        rho = float(self.rho)
        velocity = self._velocities[index]
        v = velocity.value * rho + (gradient * gradient) * (1.0 - rho)
        velocity.assign(v)
        if self.centered:
            average = self._average_gradients[index]
            a = average.value * rho + gradient * (1.0 - rho)
            average.assign(a)
            denominator = v - a * a + float(self.epsilon)
        else:
            denominator = v + float(self.epsilon)
        increment = lr * gradient / ops.sqrt(denominator)
        if self.momentum > 0:
            momentum = self._momentums[index]
            increment = momentum.value * float(self.momentum) + increment
            momentum.assign(increment)
        variable.assign(variable.value - increment)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "rho": self.rho, "momentum": self.momentum, "epsilon": self.epsilon,
                "centered": self.centered}
