"""`PolynomialDecay`: a polynomial path from an initial to an end learning rate."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.optimizers.schedules.learning_rate_schedule import LearningRateSchedule, as_float, check_decay_steps
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.optimizers.schedules")
class PolynomialDecay(LearningRateSchedule):
    """Polynomial decay from ``initial_learning_rate`` to ``end_learning_rate`` over ``decay_steps``.

    ``(initial - end) * (1 - step / decay_steps) ** power + end``, with
    ``step`` capped at ``decay_steps``; with ``cycle`` the horizon instead
    grows to the next multiple of ``decay_steps`` above ``step``.

    Args:
        initial_learning_rate: the rate at step 0.
        decay_steps: the length of the decay (> 0).
        end_learning_rate: the rate at the end.
        power: the polynomial's power.
        cycle: restart beyond ``decay_steps`` instead of staying at the end rate.
        name: a name for the schedule.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     schedule = PolynomialDecay(1.0, decay_steps=4, end_learning_rate=0.0)
        ...     [float(schedule(step)) for step in range(6)]
        [1.0, 0.75, 0.5, 0.25, 0.0, 0.0]
    """

    def __init__(self, initial_learning_rate: float, decay_steps: int, end_learning_rate: float = 0.0001,
                 power: float = 1.0, cycle: bool = False, name: str = "PolynomialDecay"):
        check_decay_steps("PolynomialDecay", "decay_steps", decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.end_learning_rate = end_learning_rate
        self.power = power
        self.cycle = cycle
        self.name = name

    def __call__(self, step: Any) -> Any:
        step, dtype = as_float(step)
        decay_steps = float(self.decay_steps)
        if self.cycle:
            multiplier = ops.where(ops.equal(step, 0.0), ops.ones_like(step), ops.ceil(step / decay_steps))
            progress = step / (multiplier * decay_steps)
        else:
            progress = ops.minimum(step, decay_steps) / decay_steps
        end = float(self.end_learning_rate)
        span = ops.cast(float(self.initial_learning_rate) - end, dtype)
        return span * ops.power(1.0 - progress, ops.cast(self.power, dtype)) + end

    def get_config(self) -> dict[str, Any]:
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "end_learning_rate": self.end_learning_rate, "power": self.power, "cycle": self.cycle,
                "name": self.name}
