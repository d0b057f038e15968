"""`ScheduleFreeAdamW`: AdamW without a learning-rate schedule, by interpolation and averaging (Defazio et al.)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from multikeras import ops
from multikeras.optimizers.optimizer import Optimizer, _is_real
from multikeras.saving.object_registration import register_builtin
from multikeras.state.variable import Variable


@register_builtin("keras.optimizers")
class ScheduleFreeAdamW(Optimizer):
    """Schedule-free AdamW: a constant learning rate, with averaging in place of a decay schedule.

    Three sequences per weight: ``z``, where the Adam-scaled gradient steps
    land (the ``momentum`` slot, starting at the weights); ``x``, the running
    uniform average of the ``z`` iterates; and ``y = (1 - beta_1) * z +
    beta_1 * x``, the point where gradients are taken. The model's variables
    hold ``y`` throughout (training, evaluation and saving alike, as in Keras
    3: nothing is swapped), and ``x`` is not stored: it follows from ``y`` and
    ``z``.

    At update ``t`` (from 1), with ``lr_t = learning_rate * min(1, t /
    warmup_steps)`` (just ``learning_rate`` without warmup) and ``c = 1 / t``:
    ``v += (g**2 - v) * (1 - beta_2)``,
    ``z' = z - lr_t * g / (sqrt(v / (1 - beta_2**t)) + epsilon)``,
    ``x' = x + (z' - x) * c``, ``y' = (1 - beta_1) * z' + beta_1 * x'``.
    ``weight_decay`` shrinks the variable (``y``) before the update, as the
    shared decoupled weight decay of :class:`Optimizer` does.

    Args:
        learning_rate: a float, a schedule or a callable (default 0.0025).
        beta_1: interpolation between ``z`` and ``x`` for the gradient point, in [0, 1].
        beta_2: decay of the second-moment average, in [0, 1).
        epsilon: added to the denominator for numerical stability (>= 0).
        warmup_steps: the learning rate grows linearly from 0 over this many updates (0: no warmup).
        **kwargs: the shared optimizer arguments (see :class:`Optimizer`).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     w = mk.Variable([1.0, 2.0])
        ...     opt = ScheduleFreeAdamW(learning_rate=0.1)
        ...     opt.apply([mk.ops.array([0.5, -2.0])], [w])
        ...     w.numpy().astype("float64").round(4).tolist()
        [0.9, 2.1]
    """

    def __init__(self, learning_rate: Any = 0.0025, beta_1: float = 0.9, beta_2: float = 0.999,
                 epsilon: float = 1e-8, warmup_steps: int = 0, *, name: str | None = None, **kwargs: Any):
        where = type(self).__name__
        if not _is_real(beta_1) or not 0.0 <= beta_1 <= 1.0:
            raise ValueError(f"{where}: 'beta_1' must be a float in [0, 1], received {beta_1!r}.")
        if not _is_real(beta_2) or not 0.0 <= beta_2 < 1.0:
            raise ValueError(f"{where}: 'beta_2' must be a float in [0, 1), received {beta_2!r}.")
        if not _is_real(epsilon) or epsilon < 0:
            raise ValueError(f"{where}: 'epsilon' must be a float >= 0, received {epsilon!r}.")
        if isinstance(warmup_steps, (bool, np.bool_)) or not isinstance(warmup_steps, (int, np.integer)) \
                or warmup_steps < 0:
            raise ValueError(f"{where}: 'warmup_steps' must be an integer >= 0, received {warmup_steps!r}.")
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.warmup_steps = int(warmup_steps)

    def build(self, variables: Sequence[Variable]) -> None:
        if self.built:
            return
        super().build(variables)
        # Keras 3's slot names and order (so `.keras` optimizer state matches): `z` is named "momentum" and starts
        # at the weights (each slot is built from its own variable's value, hence not `add_optimizer_variables`).
        self._momentums, self._velocities = [], []
        for variable in variables:
            overwrite = getattr(variable, "overwrite_with_gradient", False)
            self._momentums.append(None if overwrite else self.add_variable_from_reference(
                variable, "momentum", initializer=_ValueOf(variable)))
            self._velocities.append(None if overwrite else self.add_variable_from_reference(variable, "velocity"))

    def _compute_step_scalars(self, learning_rate: Any, dtype: str) -> Any:
        step = self._local_step(dtype)
        learning_rate = self._cast_scalar(learning_rate, dtype)
        if self.warmup_steps:
            learning_rate = learning_rate * ops.minimum(step / float(self.warmup_steps), 1.0)
        bias_correction = 1.0 - ops.power(ops.cast(self.beta_2, dtype), step)
        # The x average is uniform: the t-th z iterate enters with weight 1 / t.
        return learning_rate, bias_correction, 1.0 / step

    def update_step(self, gradient: Any, variable: Variable, learning_rate: Any) -> None:
        learning_rate, bias_correction, c = self._step_scalars(learning_rate, variable._dtype)
        index = self._get_variable_index(variable)
        z_slot, v_slot = self._momentums[index], self._velocities[index]
        beta_1 = float(self.beta_1)
        y, z, v = variable.value, z_slot.value, v_slot.value
        v = v + (gradient * gradient - v) * (1.0 - float(self.beta_2))
        new_z = z - learning_rate * gradient / (ops.sqrt(v / bias_correction) + float(self.epsilon))
        # y' = (1 - beta_1) z' + beta_1 x' with x' = (1 - c) x + c z' and beta_1 x = y - (1 - beta_1) z: the same
        # value written without dividing by beta_1, so beta_1 = 0 (y = z) stays finite.
        new_y = (1.0 - beta_1 + beta_1 * c) * new_z + (1.0 - c) * (y - (1.0 - beta_1) * z)
        v_slot.assign(v)
        z_slot.assign(new_z)
        variable.assign(new_y)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon,
                "warmup_steps": self.warmup_steps}


class _ValueOf:
    """An initializer returning a variable's current value (the ``z`` slot starts at the weights)."""

    def __init__(self, variable: Variable):
        self._variable = variable

    def __call__(self, shape: Any, dtype: Any = None) -> Any:
        # A copy: a backend that assigns in place must not update the weights and the slot as one array.
        value = ops.copy(self._variable.value)
        return value if dtype is None or ops.dtype(value) == dtype else ops.cast(value, dtype)
