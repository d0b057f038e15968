"""`Adadelta`: steps from running averages of squared gradients and squared updates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras.optimizers.optimizer import Optimizer
from multikeras.saving.object_registration import register_builtin
from multikeras.state.variable import Variable


@register_builtin("keras.optimizers")
class Adadelta(Optimizer):
    """Adadelta: a step size that adapts from running averages of gradients and updates.

    ``s = rho * s + (1 - rho) * g**2``,
    ``delta = -sqrt(d + epsilon) * g / sqrt(s + epsilon)``,
    ``d = rho * d + (1 - rho) * delta**2``, then ``w += learning_rate * delta``.

    Args:
        learning_rate: a float, a schedule or a callable (default 0.001).
        rho: decay of the averages.
        epsilon: added inside the square roots for numerical stability.
        **kwargs: the shared optimizer arguments (see :class:`Optimizer`).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     w = mk.Variable([1.0])
        ...     opt = Adadelta(learning_rate=1.0, rho=0.0, epsilon=1.0)
        ...     opt.apply([mk.ops.array([0.0])], [w])
        ...     w.numpy().tolist()
        [1.0]
    """

    def __init__(self, learning_rate: Any = 0.001, rho: float = 0.95, epsilon: float = 1e-7, *,
                 name: str | None = None, **kwargs: Any):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.rho = rho
        self.epsilon = epsilon

    def build(self, variables: Sequence[Variable]) -> None:
        if self.built:
            return
        super().build(variables)
        self._accumulated_grads, self._accumulated_delta_vars = self.add_optimizer_variables(
            variables, ["accumulated_grad", "accumulated_delta_var"])

    def update_step(self, gradient: Any, variable: Variable, learning_rate: Any) -> None:
        lr = self._step_scalars(learning_rate, variable._dtype)
        index = self._get_variable_index(variable)
        rho = float(self.rho)
        epsilon = float(self.epsilon)
        grad_slot, delta_slot = self._accumulated_grads[index], self._accumulated_delta_vars[index]
        grad_average = grad_slot.value * rho + (gradient * gradient) * (1.0 - rho)
        grad_slot.assign(grad_average)
        delta_average = delta_slot.value
        delta = -(ops.sqrt(delta_average + epsilon) * gradient) / ops.sqrt(grad_average + epsilon)
        delta_slot.assign(delta_average * rho + (delta * delta) * (1.0 - rho))
        variable.assign(variable.value + lr * delta)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "rho": self.rho, "epsilon": self.epsilon}
