"""`LearningRateSchedule`: a learning rate computed from the step number."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.backend import config
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.optimizers.schedules")
class LearningRateSchedule:
    """Base of schedules: ``schedule(step)`` returns the learning rate for ``step``.

    Subclasses implement ``__call__(step)`` with ops (it runs inside compiled
    steps, so no Python branching on the step's value) and ``get_config``.
    An optimizer given a schedule evaluates it at its ``iterations`` each step.

    Example:
        >>> import multikeras as mk
        >>> class Halving(LearningRateSchedule):
        ...     def __call__(self, step):
        ...         return 1.0 / (2.0 ** mk.ops.cast(step, "float32"))
        ...     def get_config(self):
        ...         return {}
        >>> with mk.backend.use("numpy"):
        ...     float(Halving()(3))
        0.125
    """

    def __call__(self, step: Any) -> Any:
        raise NotImplementedError(f"Learning rate schedule '{type(self).__name__}' must override __call__(self, step).")

    def get_config(self) -> dict[str, Any]:
        raise NotImplementedError(f"Learning rate schedule '{type(self).__name__}' must override get_config() in "
                                  "order to be serializable.")

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> LearningRateSchedule:
        """Instantiate the schedule from :meth:`get_config`'s output."""
        return cls(**config)


def check_decay_steps(where: str, name: str, value: Any) -> None:
    """Raise a ``ValueError`` naming ``where`` and ``name`` unless ``value > 0``.

    Example:
        >>> check_decay_steps("ExponentialDecay", "decay_steps", 0)
        Traceback (most recent call last):
        ...
        ValueError: ExponentialDecay: argument 'decay_steps' must be > 0, received decay_steps=0.
    """
    if value <= 0:
        raise ValueError(f"{where}: argument '{name}' must be > 0, received {name}={value}.")


def as_float(step: Any) -> tuple[Any, str]:
    """``step`` as a ``floatx`` tensor, and that dtype (the schedules compute in it).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     step, dtype = as_float(3)
        ...     float(step), dtype
        (3.0, 'float32')
    """
    dtype = config.floatx()
    return ops.cast(step, dtype), dtype
