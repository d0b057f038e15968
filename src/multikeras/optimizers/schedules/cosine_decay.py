"""`CosineDecay`: a half cosine from the initial (or warmup target) rate, after an optional linear warmup."""

from __future__ import annotations

import math
from typing import Any

from multikeras import ops
from multikeras.optimizers.schedules.learning_rate_schedule import LearningRateSchedule, as_float, check_decay_steps
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.optimizers.schedules")
class CosineDecay(LearningRateSchedule):
    """Cosine decay (SGDR without restarts), with an optional linear warmup.

    Without warmup (``warmup_target=None``): ``initial_learning_rate *
    ((1 - alpha) * 0.5 * (1 + cos(pi * s / decay_steps)) + alpha)`` with
    ``s = min(step, decay_steps)``. With a ``warmup_target``, the rate first
    rises linearly from ``initial_learning_rate`` to ``warmup_target`` over
    ``warmup_steps``, then decays from ``warmup_target`` the same way over the
    next ``decay_steps``.

    Args:
        initial_learning_rate: the rate at step 0.
        decay_steps: the length of the decay (> 0).
        alpha: the final rate as a fraction of the decayed-from rate.
        name: a name for the schedule.
        warmup_target: the rate reached at the end of the warmup (``None``: no warmup).
        warmup_steps: the length of the warmup.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     schedule = CosineDecay(0.0, decay_steps=2, warmup_target=1.0, warmup_steps=2)
        ...     [round(float(schedule(step)), 4) for step in range(6)]
        [0.0, 0.5, 1.0, 0.5, 0.0, 0.0]
    """

    def __init__(self, initial_learning_rate: float, decay_steps: int, alpha: float = 0.0, name: str = "CosineDecay",
                 warmup_target: float | None = None, warmup_steps: int = 0):
        check_decay_steps("CosineDecay", "decay_steps", decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.alpha = alpha
        self.name = name
        self.warmup_steps = warmup_steps
        self.warmup_target = warmup_target

    def _decayed(self, step: Any, decay_from: float) -> Any:
        cosine = (ops.cos(step / float(self.decay_steps) * math.pi) + 1.0) * 0.5
        alpha = float(self.alpha)
        return (cosine * (1.0 - alpha) + alpha) * decay_from

    def __call__(self, step: Any) -> Any:
        step, _ = as_float(step)
        decay_steps = float(self.decay_steps)
        if self.warmup_target is None:
            return self._decayed(ops.minimum(step, decay_steps), float(self.initial_learning_rate))
        warmup_steps = float(self.warmup_steps)
        target = float(self.warmup_target)
        initial = float(self.initial_learning_rate)
        step = ops.minimum(step, decay_steps + warmup_steps)
        # Both branches are computed and one is selected: no Python branch on the step's value.
        warmup = step / max(warmup_steps, 1e-30) * (target - initial) + initial
        decayed = self._decayed(step - warmup_steps, target)
        return ops.where(ops.less(step, warmup_steps), warmup, decayed)

    def get_config(self) -> dict[str, Any]:
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "alpha": self.alpha, "name": self.name, "warmup_target": self.warmup_target,
                "warmup_steps": self.warmup_steps}
