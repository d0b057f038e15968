"""`Ftrl`: Follow The Regularized Leader, for large sparse linear models."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import initializers, ops
from multikeras.optimizers.optimizer import Optimizer
from multikeras.saving.object_registration import register_builtin
from multikeras.state.variable import Variable


@register_builtin("keras.optimizers")
class Ftrl(Optimizer):
    """FTRL-Proximal (McMahan et al., 2013), with L1, L2 and L2-shrinkage regularization.

    With ``p = -learning_rate_power``, accumulator ``n`` and linear term ``z``:
    ``n_new = n + g**2``,
    ``z += g + 2 * l2_shrinkage * w - (n_new**p - n**p) / learning_rate * w``,
    ``w = (clip(z, -l1, l1) - z) / (n_new**p / learning_rate + 2 * (l2 + beta / (2 * learning_rate)))``.

    Args:
        learning_rate: a float, a schedule or a callable (default 0.001).
        learning_rate_power: ``<= 0``; how the per-element rate shrinks with ``n``.
        initial_accumulator_value: ``>= 0``; starting value of ``n``.
        l1_regularization_strength: ``>= 0``.
        l2_regularization_strength: ``>= 0``.
        l2_shrinkage_regularization_strength: ``>= 0``; an L2 penalty on the gradient.
        beta: the beta of the FTRL paper (added to the L2 term as ``beta / (2 * learning_rate)``).
        **kwargs: the shared optimizer arguments (see :class:`Optimizer`).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     w = mk.Variable([0.0])
        ...     opt = Ftrl(learning_rate=1.0, initial_accumulator_value=0.0)
        ...     opt.apply([mk.ops.array([2.0])], [w])
        ...     w.numpy().tolist()
        [-1.0]
    """

    def __init__(self, learning_rate: Any = 0.001, learning_rate_power: float = -0.5,
                 initial_accumulator_value: float = 0.1, l1_regularization_strength: float = 0.0,
                 l2_regularization_strength: float = 0.0, l2_shrinkage_regularization_strength: float = 0.0,
                 beta: float = 0.0, *, name: str | None = None, **kwargs: Any):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        for arg, value in (("initial_accumulator_value", initial_accumulator_value),
                           ("l1_regularization_strength", l1_regularization_strength),
                           ("l2_regularization_strength", l2_regularization_strength),
                           ("l2_shrinkage_regularization_strength", l2_shrinkage_regularization_strength)):
            if value < 0.0:
                raise ValueError(f"Ftrl: '{arg}' needs to be positive or zero, received {arg}={value}.")
        if learning_rate_power > 0.0:
            raise ValueError(f"Ftrl: 'learning_rate_power' needs to be negative or zero, "
                             f"received learning_rate_power={learning_rate_power}.")
        self.learning_rate_power = learning_rate_power
        self.initial_accumulator_value = initial_accumulator_value
        self.l1_regularization_strength = l1_regularization_strength
        self.l2_regularization_strength = l2_regularization_strength
        self.l2_shrinkage_regularization_strength = l2_shrinkage_regularization_strength
        self.beta = beta

    def build(self, variables: Sequence[Variable]) -> None:
        if self.built:
            return
        super().build(variables)
        self._accumulators, self._linears = self.add_optimizer_variables(
            variables, ["accumulator", "linear"],
            initializer=[initializers.Constant(self.initial_accumulator_value), "zeros"])

    def _compute_step_scalars(self, learning_rate: Any, dtype: str) -> Any:
        lr = self._cast_scalar(learning_rate, dtype)
        l2 = 2.0 * (float(self.l2_regularization_strength) + float(self.beta) / (2.0 * lr))
        return lr, l2

    def update_step(self, gradient: Any, variable: Variable, learning_rate: Any) -> None:
        lr, l2 = self._step_scalars(learning_rate, variable._dtype)
        index = self._get_variable_index(variable)
        accumulator, linear = self._accumulators[index], self._linears[index]
        power = -float(self.learning_rate_power)
        value = variable.value
        n = accumulator.value
        n_new = n + gradient * gradient
        n_new_power = ops.power(n_new, power)
        shrinkage = 2.0 * float(self.l2_shrinkage_regularization_strength)
        z = linear.value + (gradient + value * shrinkage - (n_new_power - ops.power(n, power)) / lr * value)
        linear.assign(z)
        quadratic = n_new_power / lr + l2
        l1 = float(self.l1_regularization_strength)
        variable.assign((ops.clip(z, -l1, l1) - z) / quadratic)
        accumulator.assign(n_new)

    def get_config(self) -> dict[str, Any]:
        return {
            **super().get_config(),
            "learning_rate_power": self.learning_rate_power,
            "initial_accumulator_value": self.initial_accumulator_value,
            "l1_regularization_strength": self.l1_regularization_strength,
            "l2_regularization_strength": self.l2_regularization_strength,
            "l2_shrinkage_regularization_strength": self.l2_shrinkage_regularization_strength,
            "beta": self.beta,
        }
