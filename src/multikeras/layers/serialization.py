"""``keras.layers.serialize`` / ``deserialize``: a layer as its config dict and back."""

from __future__ import annotations

from typing import Any

from multikeras.layers.layer import Layer
from multikeras.saving import serialization_lib


def serialize(layer: Layer) -> dict[str, Any]:
    """The layer's serialized config (``module``, ``class_name``, ``config`` ...), JSON-compatible.

    Example:
        >>> import multikeras as mk
        >>> serialize(mk.layers.Dense(3, name="d"))["class_name"]
        'Dense'
    """
    return serialization_lib.serialize_keras_object(layer)


def deserialize(config: dict[str, Any], custom_objects: dict[str, Any] | None = None) -> Layer:
    """A new layer from :func:`serialize`'s output (a ``{"class_name", "config"}`` dict); the names of
    built-in layers are found without ``custom_objects``.

    Example:
        >>> import multikeras as mk
        >>> deserialize(serialize(mk.layers.Dense(3, name="d"))).units
        3
    """
    layer = serialization_lib.deserialize_keras_object(config, custom_objects=custom_objects, module="keras.layers")
    if not isinstance(layer, Layer):
        raise ValueError(f"layers.deserialize: the config describes a {type(layer).__name__}, not a layer: "
                         f"{config!r}.")
    return layer
