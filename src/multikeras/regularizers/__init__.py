"""Weight regularizers (``keras.regularizers``).

A regularizer maps a weight tensor to a scalar penalty that training adds to
the loss. Names accepted by :func:`get`: the class names and ``"l1"``,
``"l2"``, ``"l1_l2"``, ``"orthogonal_regularizer"``; configs are the dicts
Keras 3 writes (module ``"keras.regularizers"``).

Example:
    >>> import multikeras as mk
    >>> with mk.backend.use("numpy"):
    ...     print(mk.regularizers.get("l2")([10.0]))
    1.0
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from multikeras.regularizers.norms import L1, L1L2, L2
from multikeras.regularizers.orthogonal import OrthogonalRegularizer
from multikeras.regularizers.regularizer import MODULE, Regularizer
from multikeras.saving.object_registration import builtin_names, register_builtin
from multikeras.saving.serialization_lib import deserialize_keras_object, serialize_keras_object

l1 = L1
l2 = L2
l1_l2 = L1L2
orthogonal_regularizer = OrthogonalRegularizer

_ALIASES: dict[str, type[Regularizer]] = {
    "l1": L1,
    "l2": L2,
    # Keras 3.15 exports l1_l2 but its get() only accepts "l1l2"; both work here.
    "l1_l2": L1L2,
    "l1l2": L1L2,
    "orthogonal_regularizer": OrthogonalRegularizer,
}
for _name, _cls in _ALIASES.items():
    register_builtin(MODULE, _name)(_cls)
del _name, _cls


def serialize(regularizer: Regularizer | Callable[..., Any]) -> Any:
    """The Keras 3 config of a regularizer.

    Args:
        regularizer: a :class:`Regularizer` (or a registered function).

    Example:
        >>> import multikeras as mk
        >>> mk.regularizers.serialize(mk.regularizers.L2(0.5))
        {'module': 'keras.regularizers', 'class_name': 'L2', 'config': {'l2': 0.5}, 'registered_name': None}
    """
    return serialize_keras_object(regularizer)


def deserialize(config: str | Mapping[str, Any], custom_objects: Mapping[str, Any] | None = None) -> Any:
    """Rebuild a regularizer from a config dict or a name.

    Args:
        config: the output of :func:`serialize` (or of Keras 3), or a
            registered name such as ``"l2"`` (built with default arguments).
        custom_objects: extra ``{name: class}`` to resolve.

    Raises:
        ValueError: if a name resolves to nothing.

    Example:
        >>> import multikeras as mk
        >>> mk.regularizers.deserialize({"class_name": "L1L2", "config": {"l1": 0.0, "l2": 0.3}}).l2
        0.3
    """
    if isinstance(config, str):
        config = {"class_name": config, "config": {}}
    return deserialize_keras_object(config, custom_objects=custom_objects, module=MODULE)


def get(identifier: Any) -> Any:
    """Return a regularizer for ``identifier``.

    Args:
        identifier: ``None`` (returned as is), a :class:`Regularizer` (or its class,
            instantiated with defaults), a name
            (``"l2"``, ``"L2"``, ...), a config dict, or any other callable
            (returned as is).

    Raises:
        ValueError: naming the identifier when it is none of these.

    Example:
        >>> import multikeras as mk
        >>> mk.regularizers.get("l1_l2").get_config()
        {'l1': 0.0, 'l2': 0.0}
    """
    if identifier is None or isinstance(identifier, Regularizer):
        return identifier
    if isinstance(identifier, type) and issubclass(identifier, Regularizer):
        return identifier()
    if isinstance(identifier, (str, Mapping)):
        try:
            return deserialize(identifier)
        except ValueError as error:
            raise ValueError(
                f"Could not interpret regularizer identifier: {identifier!r} ({error}). Known names: "
                f"{', '.join(builtin_names(MODULE))}."
            ) from error
    if callable(identifier):
        return identifier
    raise ValueError(
        f"Could not interpret regularizer identifier: {identifier!r}. Expected None, a Regularizer, a name such "
        "as 'l2', a config dict or a callable."
    )


__all__ = [
    "L1",
    "L1L2",
    "L2",
    "OrthogonalRegularizer",
    "Regularizer",
    "deserialize",
    "get",
    "l1",
    "l1_l2",
    "l2",
    "orthogonal_regularizer",
    "serialize",
]
