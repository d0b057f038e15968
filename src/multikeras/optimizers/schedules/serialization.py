"""`serialize` / `deserialize` for learning rate schedules."""

from __future__ import annotations

from typing import Any

from multikeras.optimizers.schedules.learning_rate_schedule import LearningRateSchedule
from multikeras.saving import serialization_lib


def serialize(learning_rate_schedule: LearningRateSchedule) -> dict[str, Any]:
    """The schedule as a Keras 3 config dict (``module``, ``class_name``, ``config``).

    Example:
        >>> from multikeras.optimizers.schedules import ExponentialDecay
        >>> serialize(ExponentialDecay(0.1, 10, 0.5))["class_name"]
        'ExponentialDecay'
    """
    return serialization_lib.serialize_keras_object(learning_rate_schedule)


def deserialize(config: Any, custom_objects: dict[str, Any] | None = None) -> LearningRateSchedule:
    """A schedule from :func:`serialize`'s dict (or a Keras 3 one).

    Example:
        >>> schedule = deserialize({"class_name": "InverseTimeDecay",
        ...                         "config": {"initial_learning_rate": 1.0, "decay_steps": 1, "decay_rate": 1.0}})
        >>> type(schedule).__name__
        'InverseTimeDecay'
    """
    schedule = serialization_lib.deserialize_keras_object(config, custom_objects=custom_objects,
                                                          module="keras.optimizers.schedules")
    if not isinstance(schedule, LearningRateSchedule) and not callable(schedule):
        raise ValueError(f"schedules.deserialize: expected the config of a learning rate schedule, received {config!r}.")
    return schedule
