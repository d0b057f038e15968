"""`Lion`: sign-based updates with interpolated momentum."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras.optimizers.optimizer import Optimizer, _is_real
from multikeras.saving.object_registration import register_builtin
from multikeras.state.variable import Variable


@register_builtin("keras.optimizers")
class Lion(Optimizer):
    """Lion (EvoLved Sign Momentum): every element moves by exactly ``learning_rate``.

    ``w -= learning_rate * sign(beta_1 * m + (1 - beta_1) * g)``, then
    ``m = beta_2 * m + (1 - beta_2) * g``.

    Args:
        learning_rate: a float, a schedule or a callable (default 0.001).
        beta_1: interpolation factor of the update direction, in ``(0, 1]``.
        beta_2: decay of the momentum.
        **kwargs: the shared optimizer arguments (see :class:`Optimizer`).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     w = mk.Variable([1.0, 1.0])
        ...     opt = Lion(learning_rate=0.25)
        ...     opt.apply([mk.ops.array([3.0, -0.1])], [w])
        ...     w.numpy().tolist()
        [0.75, 1.25]
    """

    def __init__(self, learning_rate: Any = 0.001, beta_1: float = 0.9, beta_2: float = 0.99, *,
                 name: str | None = None, **kwargs: Any):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        if not _is_real(beta_1) or beta_1 <= 0 or beta_1 > 1:
            raise ValueError(
                "Lion: 'beta_1' must be in the (0, 1] range (0 degenerates the optimizer to SignSGD), "
                f"received beta_1={beta_1!r}."
            )
        self.beta_1 = beta_1
        self.beta_2 = beta_2

    def build(self, variables: Sequence[Variable]) -> None:
        if self.built:
            return
        super().build(variables)
        self._momentums = self.add_optimizer_variables(variables, "momentum")

    def update_step(self, gradient: Any, variable: Variable, learning_rate: Any) -> None:
        lr = self._step_scalars(learning_rate, variable._dtype)
        momentum = self._momentums[self._get_variable_index(variable)]
        m = momentum.value
        beta_1 = float(self.beta_1)
        beta_2 = float(self.beta_2)
        variable.assign(variable.value - lr * ops.sign(m * beta_1 + gradient * (1.0 - beta_1)))
        momentum.assign(m * beta_2 + gradient * (1.0 - beta_2))

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2}
