"""`Adam`: adaptive moment estimation, optionally with the AMSGrad variant."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras.backend.selection import current
from multikeras.optimizers.optimizer import Optimizer
from multikeras.saving.object_registration import register_builtin
from multikeras.state.variable import Variable


@register_builtin("keras.optimizers")
class Adam(Optimizer):
    """Adam: per-element step sizes from running averages of the gradient and its square.

    At update ``t`` (from 1): ``m += (g - m) * (1 - beta_1)``,
    ``v += (g**2 - v) * (1 - beta_2)``, then
    ``w -= m * alpha / (sqrt(v) + epsilon)`` with
    ``alpha = learning_rate * sqrt(1 - beta_2**t) / (1 - beta_1**t)``. With
    ``amsgrad`` the running maximum of ``v`` replaces ``v`` in the denominator.

    Args:
        learning_rate: a float, a schedule or a callable (default 0.001).
        beta_1: decay of the first-moment average.
        beta_2: decay of the second-moment average.
        epsilon: added to the denominator for numerical stability.
        amsgrad: use the AMSGrad variant (keeps a ``velocity_hat`` slot).
        **kwargs: the shared optimizer arguments (see :class:`Optimizer`).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     w = mk.Variable([1.0, 2.0])
        ...     opt = Adam(learning_rate=0.1)
        ...     opt.apply([mk.ops.array([0.5, -2.0])], [w])
        ...     w.numpy().astype("float64").round(4).tolist()
        [0.9, 2.1]
    """

    def __init__(self, learning_rate: Any = 0.001, beta_1: float = 0.9, beta_2: float = 0.999, epsilon: float = 1e-7,
                 amsgrad: bool = False, *, name: str | None = None, **kwargs: Any):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.amsgrad = amsgrad

    def build(self, variables: Sequence[Variable]) -> None:
        if self.built:
            return
        super().build(variables)
        self._momentums, self._velocities = self.add_optimizer_variables(variables, ["momentum", "velocity"])
        if self.amsgrad:
            self._velocity_hats = self.add_optimizer_variables(variables, "velocity_hat")

    def _compute_step_scalars(self, learning_rate: Any, dtype: str) -> Any:
        kernel = current().fused.get("adam_step_size")  # the same math in fewer framework calls (docs/contract.md)
        if kernel is not None:
            return kernel(self._cast_scalar(learning_rate, dtype), self._iteration_count(), float(self.beta_1),
                          float(self.beta_2))
        step = self._local_step(dtype)
        beta_1_power = ops.power(ops.cast(self.beta_1, dtype), step)
        beta_2_power = ops.power(ops.cast(self.beta_2, dtype), step)
        return self._cast_scalar(learning_rate, dtype) * ops.sqrt(1.0 - beta_2_power) / (1.0 - beta_1_power)

    def update_step(self, gradient: Any, variable: Variable, learning_rate: Any) -> None:
        alpha = self._step_scalars(learning_rate, variable._dtype)
        index = self._get_variable_index(variable)
        m_slot, v_slot = self._momentums[index], self._velocities[index]
        m = m_slot.value
        v = v_slot.value
        m = m + (gradient - m) * (1.0 - float(self.beta_1))
        v = v + (gradient * gradient - v) * (1.0 - float(self.beta_2))
        m_slot.assign(m)
        v_slot.assign(v)
        if self.amsgrad:
            v_hat_slot = self._velocity_hats[index]
            v = ops.maximum(v_hat_slot.value, v)
            v_hat_slot.assign(v)
        variable.assign(variable.value - m * alpha / (ops.sqrt(v) + float(self.epsilon)))

    def _update_variables(self, grads: list[Any], variables: list[Variable], learning_rate: Any) -> None:
        # A backend's fused kernel does the same per-variable math in a few calls (docs/contract.md).
        kernel = None if self.amsgrad else current().fused.get("adam_update")
        dtypes = {variable._dtype for variable in variables}
        if kernel is None or len(dtypes) != 1:
            super()._update_variables(grads, variables, learning_rate)
            return
        dtype = dtypes.pop()
        alpha = self._compute_step_scalars(learning_rate, dtype)
        indices = [self._get_variable_index(variable) for variable in variables]
        m_slots = [self._momentums[index] for index in indices]
        v_slots = [self._velocities[index] for index in indices]
        # held_by_variables: each array passed is held by the variable that takes the result, so the
        # kernel may write into the arrays nobody else can see (docs/contract.md, "Fused kernels").
        results = kernel(
            [variable.value for variable in variables], list(grads), [slot.value for slot in m_slots],
            [slot.value for slot in v_slots], alpha, float(self.beta_1), float(self.beta_2), float(self.epsilon),
            held_by_variables=True,
        )
        if results is None:  # not for these arrays (a dtype, a device, a tracing context)
            super()._update_variables(grads, variables, learning_rate, scalars={dtype: alpha})
            return
        new_variables, new_m, new_v = results
        # The kernel's results are arrays of the variables' own shapes and dtype: nothing for assign() to convert.
        for targets, values in ((m_slots, new_m), (v_slots, new_v), (variables, new_variables)):
            for target, value in zip(targets, values):
                target._assign_checked(value)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon,
                "amsgrad": self.amsgrad}
