"""`PiecewiseConstantDecay`: constant learning rates between step boundaries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras.optimizers.schedules.learning_rate_schedule import LearningRateSchedule
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.optimizers.schedules")
class PiecewiseConstantDecay(LearningRateSchedule):
    """Piecewise constant: ``values[0]`` up to ``boundaries[0]`` (inclusive), then ``values[1]``, ...

    Args:
        boundaries: increasing step numbers.
        values: one more value than boundaries.
        name: a name for the schedule.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     schedule = PiecewiseConstantDecay(boundaries=[1, 3], values=[1.0, 0.5, 0.25])
        ...     [float(schedule(step)) for step in range(5)]
        [1.0, 1.0, 0.5, 0.5, 0.25]
    """

    def __init__(self, boundaries: Sequence[Any], values: Sequence[Any], name: str = "PiecewiseConstant"):
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                "PiecewiseConstantDecay: the length of boundaries should be 1 less than the length of values, received "
                f"boundaries={boundaries} of length {len(boundaries)} and values={values} of length {len(values)}."
            )
        self.boundaries = boundaries
        self.values = values
        self.name = name

    def __call__(self, step: Any) -> Any:
        step = ops.convert_to_tensor(step)
        step_dtype = ops.dtype(step)
        result = ops.convert_to_tensor(self.values[0])
        dtype = ops.dtype(result)
        # Boundaries increase, so the last boundary below the step decides (compared in the step's dtype).
        for boundary, value in zip(self.boundaries, self.values[1:]):
            past = ops.greater(step, ops.cast(boundary, step_dtype))
            result = ops.where(past, ops.cast(value, dtype), result)
        return result

    def get_config(self) -> dict[str, Any]:
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}
