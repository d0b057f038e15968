"""`Adamax`: Adam with the infinity norm in place of the second moment."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras.optimizers.optimizer import Optimizer
from multikeras.saving.object_registration import register_builtin
from multikeras.state.variable import Variable


@register_builtin("keras.optimizers")
class Adamax(Optimizer):
    """Adamax: a variant of Adam based on the infinity norm.

    At update ``t``: ``m += (g - m) * (1 - beta_1)``,
    ``u = max(beta_2 * u, |g|)``, then
    ``w -= learning_rate * m / ((1 - beta_1**t) * (u + epsilon))``.

    Args:
        learning_rate: a float, a schedule or a callable (default 0.001).
        beta_1: decay of the first-moment average.
        beta_2: decay of the exponentially weighted infinity norm.
        epsilon: added to the denominator for numerical stability.
        **kwargs: the shared optimizer arguments (see :class:`Optimizer`).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     w = mk.Variable([1.0])
        ...     opt = Adamax(learning_rate=0.1)
        ...     opt.apply([mk.ops.array([2.0])], [w])
        ...     w.numpy().astype("float64").round(4).tolist()
        [0.9]
    """

    def __init__(self, learning_rate: Any = 0.001, beta_1: float = 0.9, beta_2: float = 0.999, epsilon: float = 1e-7,
                 *, name: str | None = None, **kwargs: Any):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def build(self, variables: Sequence[Variable]) -> None:
        if self.built:
            return
        super().build(variables)
        self._m, self._u = self.add_optimizer_variables(variables, ["momentum", "norm"])

    def _compute_step_scalars(self, learning_rate: Any, dtype: str) -> Any:
        beta_1_power = ops.power(ops.cast(self.beta_1, dtype), self._local_step(dtype))
        return self._cast_scalar(learning_rate, dtype) / (1.0 - beta_1_power)

    def update_step(self, gradient: Any, variable: Variable, learning_rate: Any) -> None:
        step_size = self._step_scalars(learning_rate, variable._dtype)
        index = self._get_variable_index(variable)
        m_slot, u_slot = self._m[index], self._u[index]
        m = m_slot.value
        m = m + (gradient - m) * (1.0 - float(self.beta_1))
        u = ops.maximum(u_slot.value * float(self.beta_2), ops.abs(gradient))
        m_slot.assign(m)
        u_slot.assign(u)
        variable.assign(variable.value - m * step_size / (u + float(self.epsilon)))

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon}
