"""`CosineDecayRestarts`: cosine decay with warm restarts (SGDR)."""

from __future__ import annotations

import math
from typing import Any

from multikeras import ops
from multikeras.optimizers.schedules.learning_rate_schedule import LearningRateSchedule, as_float, check_decay_steps
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.optimizers.schedules")
class CosineDecayRestarts(LearningRateSchedule):
    """Cosine decay with warm restarts (Loshchilov & Hutter, SGDR).

    The first period lasts ``first_decay_steps``; each next one is ``t_mul``
    times longer and starts from ``m_mul`` times the previous initial rate.
    Within a period at fraction ``f``, the rate is ``initial_learning_rate *
    ((1 - alpha) * 0.5 * m_mul**i * (1 + cos(pi * f)) + alpha)`` for the
    ``i``-th restart.

    Args:
        initial_learning_rate: the rate at step 0.
        first_decay_steps: the length of the first period (> 0).
        t_mul: the growth factor of the period lengths.
        m_mul: the factor of the initial rate at each restart.
        alpha: the minimum rate as a fraction of ``initial_learning_rate``.
        name: a name for the schedule.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     schedule = CosineDecayRestarts(1.0, first_decay_steps=2, t_mul=1.0, m_mul=0.5)
        ...     [round(float(schedule(step)), 4) for step in range(5)]
        [1.0, 0.5, 0.5, 0.25, 0.25]
    """

    def __init__(self, initial_learning_rate: float, first_decay_steps: int, t_mul: float = 2.0, m_mul: float = 1.0,
                 alpha: float = 0.0, name: str = "SGDRDecay"):
        check_decay_steps("CosineDecayRestarts", "first_decay_steps", first_decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.first_decay_steps = first_decay_steps
        self.t_mul = t_mul
        self.m_mul = m_mul
        self.alpha = alpha
        self.name = name

    def __call__(self, step: Any) -> Any:
        step, dtype = as_float(step)
        fraction = step / float(self.first_decay_steps)
        t_mul = float(self.t_mul)
        if t_mul == 1.0:
            restart = ops.floor(fraction)
            fraction = fraction - restart
        else:
            # Periods grow geometrically: restart i begins at fraction (1 - t_mul**i) / (1 - t_mul).
            restart = ops.floor(ops.log(1.0 - fraction * (1.0 - t_mul)) / math.log(t_mul))
            period = ops.power(ops.cast(t_mul, dtype), restart)
            fraction = (fraction - (1.0 - period) / (1.0 - t_mul)) / period
        scale = ops.power(ops.cast(self.m_mul, dtype), restart)
        cosine = (ops.cos(fraction * math.pi) + 1.0) * (0.5 * scale)
        alpha = float(self.alpha)
        return (cosine * (1.0 - alpha) + alpha) * float(self.initial_learning_rate)

    def get_config(self) -> dict[str, Any]:
        return {"initial_learning_rate": self.initial_learning_rate, "first_decay_steps": self.first_decay_steps,
                "t_mul": self.t_mul, "m_mul": self.m_mul, "alpha": self.alpha, "name": self.name}
