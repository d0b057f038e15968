"""`Adagrad`: per-element step sizes from the sum of squared gradients."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import initializers, ops
from multikeras.optimizers.optimizer import Optimizer
from multikeras.saving.object_registration import register_builtin
from multikeras.state.variable import Variable


@register_builtin("keras.optimizers")
class Adagrad(Optimizer):
    """Adagrad: the step of each element shrinks with the sum of its squared gradients.

    ``a += g**2`` (``a`` starts at ``initial_accumulator_value``), then
    ``w -= learning_rate * g / sqrt(a + epsilon)``.

    Args:
        learning_rate: a float, a schedule or a callable (default 0.001).
        initial_accumulator_value: starting value of the accumulators.
        epsilon: added inside the square root for numerical stability.
        **kwargs: the shared optimizer arguments (see :class:`Optimizer`).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     w = mk.Variable([1.0])
        ...     opt = Adagrad(learning_rate=0.5, initial_accumulator_value=0.0, epsilon=0.0)
        ...     opt.apply([mk.ops.array([2.0])], [w])
        ...     w.numpy().tolist()
        [0.5]
    """

    def __init__(self, learning_rate: Any = 0.001, initial_accumulator_value: float = 0.1, epsilon: float = 1e-7,
                 *, name: str | None = None, **kwargs: Any):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.initial_accumulator_value = initial_accumulator_value
        self.epsilon = epsilon

    def build(self, variables: Sequence[Variable]) -> None:
        if self.built:
            return
        super().build(variables)
        self._accumulators = self.add_optimizer_variables(
            variables, "accumulator", initializer=initializers.Constant(self.initial_accumulator_value))

    def update_step(self, gradient: Any, variable: Variable, learning_rate: Any) -> None:
        lr = self._step_scalars(learning_rate, variable._dtype)
        accumulator = self._accumulators[self._get_variable_index(variable)]
        total = accumulator.value + gradient * gradient
        accumulator.assign(total)
        variable.assign(variable.value - lr * gradient / ops.sqrt(total + float(self.epsilon)))

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "initial_accumulator_value": self.initial_accumulator_value,
                "epsilon": self.epsilon}
