"""Optimizers (``multikeras.optimizers``), Keras 3 names, arguments and update rules.

Example:
    >>> import multikeras as mk
    >>> type(mk.optimizers.get("adam")).__name__
    'Adam'
"""

from __future__ import annotations

from typing import Any

from multikeras.optimizers import schedules
from multikeras.optimizers.adadelta import Adadelta
from multikeras.optimizers.adafactor import Adafactor
from multikeras.optimizers.adagrad import Adagrad
from multikeras.optimizers.adam import Adam
from multikeras.optimizers.adamax import Adamax
from multikeras.optimizers.adamw import AdamW
from multikeras.optimizers.ftrl import Ftrl
from multikeras.optimizers.lamb import Lamb
from multikeras.optimizers.lion import Lion
from multikeras.optimizers.loss_scale_optimizer import LossScaleOptimizer
from multikeras.optimizers.muon import Muon
from multikeras.optimizers.nadam import Nadam
from multikeras.optimizers.optimizer import Optimizer
from multikeras.optimizers.rmsprop import RMSprop
from multikeras.optimizers.schedule_free_adamw import ScheduleFreeAdamW
from multikeras.optimizers.sgd import SGD
from multikeras.saving import serialization_lib
from multikeras.saving.object_registration import builtin_names

__all__ = [
    "Adadelta", "Adafactor", "Adagrad", "Adam", "AdamW", "Adamax", "Ftrl", "Lamb", "Lion", "LossScaleOptimizer",
    "Muon", "Nadam", "Optimizer", "RMSprop", "SGD", "ScheduleFreeAdamW", "deserialize", "get", "schedules", "serialize",
]

_MODULE = "keras.optimizers"


def serialize(optimizer: Optimizer) -> dict[str, Any]:
    """The optimizer as a Keras 3 config dict.

    Example:
        >>> serialize(SGD(0.5))["class_name"]
        'SGD'
    """
    return serialization_lib.serialize_keras_object(optimizer)


def _canonical_name(class_name: str) -> str:
    """Built-in optimizer names match in any case (``"adam"``, ``"ADAM"``, ``"rmsprop"``), as in Keras 3."""
    by_lower = {name.lower(): name for name in builtin_names(_MODULE)}
    return by_lower.get(class_name.lower(), class_name)


def deserialize(config: Any, custom_objects: dict[str, Any] | None = None, **kwargs: Any) -> Optimizer:
    """An optimizer from :func:`serialize`'s dict (or Keras 3's), or from a class name.

    Example:
        >>> deserialize({"class_name": "adam", "config": {"learning_rate": 0.5}}).get_config()["learning_rate"]
        0.5
    """
    kwargs.pop("use_legacy_format", None)
    if kwargs:
        raise ValueError(f"optimizers.deserialize: argument(s) not recognized: {sorted(kwargs)}.")
    if isinstance(config, str):
        config = {"class_name": config, "config": {}}
    if isinstance(config, dict) and isinstance(config.get("class_name"), str):
        config = {**config, "class_name": _canonical_name(config["class_name"])}
        config.setdefault("module", _MODULE)
    return serialization_lib.deserialize_keras_object(config, custom_objects=custom_objects, module=_MODULE)


def get(identifier: Any) -> Optimizer | None:
    """An optimizer from an instance (returned as is), a name (``"adam"``) or a config dict; ``None`` stays ``None``.

    Example:
        >>> get("SGD").get_config()["momentum"]
        0.0
    """
    if identifier is None or isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, (str, dict)):
        try:
            optimizer = deserialize(identifier)
        except ValueError as error:
            raise ValueError(f"Could not interpret optimizer identifier: {identifier!r} ({error})") from None
        if isinstance(optimizer, Optimizer):
            return optimizer
    raise ValueError(f"Could not interpret optimizer identifier: {identifier!r}; expected an Optimizer instance, "
                     f"one of the names {sorted(builtin_names(_MODULE))} (any case) or a config dict.")
