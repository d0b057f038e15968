"""`Nadam`: Adam with Nesterov momentum."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras.backend import config
from multikeras.optimizers.optimizer import Optimizer
from multikeras.saving.object_registration import register_builtin
from multikeras.state.variable import Variable


@register_builtin("keras.optimizers")
class Nadam(Optimizer):
    """Nadam: Adam with Nesterov momentum and a momentum schedule (Dozat, 2016).

    At update ``t``: ``u_t = beta_1 * (1 - 0.5 * 0.96**t)``, the running product
    ``U_t = u_1 * ... * u_t`` (the ``u_product`` variable), moments ``m`` and
    ``v`` as in Adam, then
    ``m_hat = u_{t+1} * m / (1 - U_t * u_{t+1}) + (1 - u_t) * g / (1 - U_t)``,
    ``v_hat = v / (1 - beta_2**t)`` and
    ``w -= learning_rate * m_hat / (sqrt(v_hat) + epsilon)``.

    Args:
        learning_rate: a float, a schedule or a callable (default 0.001).
        beta_1: decay of the first-moment average.
        beta_2: decay of the second-moment average.
        epsilon: added to the denominator for numerical stability.
        **kwargs: the shared optimizer arguments (see :class:`Optimizer`).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     w = mk.Variable([1.0])
        ...     opt = Nadam(learning_rate=0.1)
        ...     opt.apply([mk.ops.array([1.0])], [w])
        ...     w.numpy().astype("float64").round(4).tolist()
        [0.8937]
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
        variables = list(variables)
        dtype = variables[0]._dtype if variables else config.floatx()
        super().build(variables)
        self._momentums, self._velocities = self.add_optimizer_variables(variables, ["momentum", "velocity"])
        self._u_product = self.add_variable((), initializer="ones", dtype=dtype, name="u_product")

    def _update_variables(self, grads: list[Any], variables: list[Variable], learning_rate: Any) -> None:
        u_product = self._u_product
        step = self._local_step(u_product._dtype)
        u_product.assign(u_product.value * float(self.beta_1) * (1.0 - 0.5 * ops.power(0.96, step)))
        super()._update_variables(grads, variables, learning_rate)

    def _compute_step_scalars(self, learning_rate: Any, dtype: str) -> Any:
        # The betas are taken in the variable's dtype, `1 - beta` included, as Keras 3 does for Nadam: in
        # float32 `1 - beta_2` then cancels exactly against the bias correction `1 - beta_2**t`.
        step = self._local_step(dtype)
        beta_1 = ops.cast(self.beta_1, dtype)
        beta_2 = ops.cast(self.beta_2, dtype)
        decay = ops.cast(0.96, dtype)
        u_t = beta_1 * (1.0 - 0.5 * ops.power(decay, step))
        u_next = beta_1 * (1.0 - 0.5 * ops.power(decay, step + 1.0))
        u_product = self._cast_scalar(self._u_product.value, dtype)
        momentum_scale = u_next / (1.0 - u_product * u_next)
        gradient_scale = (1.0 - u_t) / (1.0 - u_product)
        velocity_scale = 1.0 / (1.0 - ops.power(beta_2, step))
        return (self._cast_scalar(learning_rate, dtype), 1.0 - beta_1, 1.0 - beta_2, momentum_scale, gradient_scale,
                velocity_scale)

    def update_step(self, gradient: Any, variable: Variable, learning_rate: Any) -> None:
        lr, one_minus_beta_1, one_minus_beta_2, momentum_scale, gradient_scale, velocity_scale = self._step_scalars(
            learning_rate, variable._dtype)
        index = self._get_variable_index(variable)
        m_slot, v_slot = self._momentums[index], self._velocities[index]
        m = m_slot.value
        v = v_slot.value
        m = m + (gradient - m) * one_minus_beta_1
        v = v + (gradient * gradient - v) * one_minus_beta_2
        m_slot.assign(m)
        v_slot.assign(v)
        m_hat = m * momentum_scale + gradient * gradient_scale
        variable.assign(variable.value - m_hat * lr / (ops.sqrt(v * velocity_scale) + float(self.epsilon)))

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon}
