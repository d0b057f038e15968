"""Weight constraints (``keras.constraints``).

A constraint maps weights to weights; the optimizer applies it after each
update. Names accepted by :func:`get`: the class names and ``"max_norm"``,
``"min_max_norm"``, ``"non_neg"``, ``"unit_norm"``; configs are the dicts
Keras 3 writes (module ``"keras.constraints"``).

Example:
    >>> import multikeras as mk
    >>> with mk.backend.use("numpy"):
    ...     print(mk.ops.convert_to_numpy(mk.constraints.get("non_neg")([-2.0, 3.0])))
    [0. 3.]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from multikeras.constraints.constraint import MODULE, Constraint
from multikeras.constraints.norms import MaxNorm, MinMaxNorm, NonNeg, UnitNorm
from multikeras.saving.object_registration import builtin_names, register_builtin
from multikeras.saving.serialization_lib import deserialize_keras_object, serialize_keras_object

max_norm = MaxNorm
min_max_norm = MinMaxNorm
non_neg = NonNeg
unit_norm = UnitNorm

_ALIASES: dict[str, type[Constraint]] = {
    "max_norm": MaxNorm,
    "min_max_norm": MinMaxNorm,
    "non_neg": NonNeg,
    "unit_norm": UnitNorm,
}
for _name, _cls in _ALIASES.items():
    register_builtin(MODULE, _name)(_cls)
del _name, _cls


def serialize(constraint: Constraint | Callable[..., Any]) -> Any:
    """The Keras 3 config of a constraint.

    Args:
        constraint: a :class:`Constraint` (or a registered function).

    Example:
        >>> import multikeras as mk
        >>> mk.constraints.serialize(mk.constraints.UnitNorm())
        {'module': 'keras.constraints', 'class_name': 'UnitNorm', 'config': {'axis': 0}, 'registered_name': None}
    """
    return serialize_keras_object(constraint)


def deserialize(config: str | Mapping[str, Any], custom_objects: Mapping[str, Any] | None = None) -> Any:
    """Rebuild a constraint from a config dict or a name.

    Args:
        config: the output of :func:`serialize` (or of Keras 3), or a
            registered name such as ``"max_norm"`` (built with default arguments).
        custom_objects: extra ``{name: class}`` to resolve.

    Raises:
        ValueError: if a name resolves to nothing.

    Example:
        >>> import multikeras as mk
        >>> mk.constraints.deserialize({"class_name": "MaxNorm", "config": {"max_value": 3, "axis": 1}}).axis
        1
    """
    if isinstance(config, str):
        config = {"class_name": config, "config": {}}
    return deserialize_keras_object(config, custom_objects=custom_objects, module=MODULE)


def get(identifier: Any) -> Any:
    """Return a constraint for ``identifier``.

    Args:
        identifier: ``None`` (returned as is), a :class:`Constraint` (or its class,
            instantiated with defaults), a name
            (``"max_norm"``, ``"MaxNorm"``, ...), a config dict, or any other
            callable (returned as is).

    Raises:
        ValueError: naming the identifier when it is none of these.

    Example:
        >>> import multikeras as mk
        >>> type(mk.constraints.get("unit_norm")).__name__
        'UnitNorm'
    """
    if identifier is None or isinstance(identifier, Constraint):
        return identifier
    if isinstance(identifier, type) and issubclass(identifier, Constraint):
        return identifier()
    if isinstance(identifier, (str, Mapping)):
        try:
            return deserialize(identifier)
        except ValueError as error:
            raise ValueError(
                f"Could not interpret constraint identifier: {identifier!r} ({error}). Known names: "
                f"{', '.join(builtin_names(MODULE))}."
            ) from error
    if callable(identifier):
        return identifier
    raise ValueError(
        f"Could not interpret constraint identifier: {identifier!r}. Expected None, a Constraint, a name such "
        "as 'max_norm', a config dict or a callable."
    )


__all__ = [
    "Constraint",
    "MaxNorm",
    "MinMaxNorm",
    "NonNeg",
    "UnitNorm",
    "deserialize",
    "get",
    "max_norm",
    "min_max_norm",
    "non_neg",
    "serialize",
    "unit_norm",
]
