"""`ExponentialDecay`: ``initial_learning_rate * decay_rate ** (step / decay_steps)``."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.optimizers.schedules.learning_rate_schedule import LearningRateSchedule, as_float, check_decay_steps
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.optimizers.schedules")
class ExponentialDecay(LearningRateSchedule):
    """Exponential decay: ``initial_learning_rate * decay_rate ** (step / decay_steps)``.

    Args:
        initial_learning_rate: the rate at step 0.
        decay_steps: steps per factor of ``decay_rate`` (> 0).
        decay_rate: the decay factor.
        staircase: floor ``step / decay_steps``, so the rate drops in steps.
        name: a name for the schedule.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     schedule = ExponentialDecay(1.0, decay_steps=2, decay_rate=0.5, staircase=True)
        ...     [float(schedule(step)) for step in range(5)]
        [1.0, 1.0, 0.5, 0.5, 0.25]
    """

    def __init__(self, initial_learning_rate: float, decay_steps: int, decay_rate: float, staircase: bool = False,
                 name: str = "ExponentialDecay"):
        check_decay_steps("ExponentialDecay", "decay_steps", decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step: Any) -> Any:
        step, dtype = as_float(step)
        progress = step / float(self.decay_steps)
        if self.staircase:
            progress = ops.floor(progress)
        return ops.power(ops.cast(self.decay_rate, dtype), progress) * float(self.initial_learning_rate)

    def get_config(self) -> dict[str, Any]:
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "decay_rate": self.decay_rate, "staircase": self.staircase, "name": self.name}
