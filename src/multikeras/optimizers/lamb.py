"""`Lamb`: Adam steps rescaled per variable by a trust ratio."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras.optimizers.optimizer import Optimizer
from multikeras.saving.object_registration import register_builtin
from multikeras.state.variable import Variable


@register_builtin("keras.optimizers")
class Lamb(Optimizer):
    """LAMB: layer-wise adaptive moments, for large batches (You et al., 2019).

    Moments ``m`` and ``v`` as in Adam; the Adam direction
    ``r = (m / (1 - beta_1**t)) / (sqrt(v / (1 - beta_2**t)) + epsilon)`` is
    scaled by the trust ratio ``||w|| / ||r||`` (1 when either norm is 0):
    ``w -= ratio * learning_rate * r``.

    Args:
        learning_rate: a float, a schedule or a callable (default 0.001).
        beta_1: decay of the first-moment average.
        beta_2: decay of the second-moment average.
        epsilon: added to the denominator for numerical stability.
        **kwargs: the shared optimizer arguments (see :class:`Optimizer`).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     w = mk.Variable([3.0, 4.0])
        ...     opt = Lamb(learning_rate=0.1)
        ...     opt.apply([mk.ops.array([1.0, 1.0])], [w])
        ...     w.numpy().astype("float64").round(4).tolist()
        [2.6464, 3.6464]
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
        self._momentums, self._velocities = self.add_optimizer_variables(variables, ["momentum", "velocity"])

    def _compute_step_scalars(self, learning_rate: Any, dtype: str) -> Any:
        step = self._local_step(dtype)
        momentum_scale = 1.0 / (1.0 - ops.power(ops.cast(self.beta_1, dtype), step))
        velocity_scale = 1.0 / (1.0 - ops.power(ops.cast(self.beta_2, dtype), step))
        return self._cast_scalar(learning_rate, dtype), momentum_scale, velocity_scale

    def update_step(self, gradient: Any, variable: Variable, learning_rate: Any) -> None:
        lr, momentum_scale, velocity_scale = self._step_scalars(learning_rate, variable._dtype)
        index = self._get_variable_index(variable)
        m_slot, v_slot = self._momentums[index], self._velocities[index]
        m = m_slot.value
        v = v_slot.value
        m = m + (gradient - m) * (1.0 - float(self.beta_1))
        v = v + (gradient * gradient - v) * (1.0 - float(self.beta_2))
        m_slot.assign(m)
        v_slot.assign(v)
        update = (m * momentum_scale) / (ops.sqrt(v * velocity_scale) + float(self.epsilon))
        value = variable.value
        weight_norm = ops.sqrt(ops.sum(value * value))
        update_norm = ops.sqrt(ops.sum(update * update))
        # The ratio's divisions by 0 happen only in the branch `where` discards.
        both_positive = ops.logical_and(weight_norm > 0, update_norm > 0)
        ratio = ops.where(both_positive, weight_norm / update_norm, ops.ones_like(weight_norm))
        variable.assign(value - update * (ratio * lr))

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon}
