"""Activation functions (``keras.activations``).

Every activation is a plain function of a tensor built from
``multikeras.ops``, so it runs on the active backend. Layers take an
activation as a function, a name (``"relu"``) or ``None`` (:func:`linear`);
:func:`get` resolves all three. A built-in activation serializes as its name.

Example:
    >>> import multikeras as mk
    >>> with mk.backend.use("numpy"):
    ...     print(mk.ops.convert_to_numpy(mk.activations.get("relu")([-1.0, 2.0])))
    [0. 2.]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from multikeras.activations.normalizing import glu, log_softmax, softmax, sparsemax
from multikeras.activations.rectifiers import (
    MODULE,
    celu,
    elu,
    exponential,
    gelu,
    hard_silu,
    hard_swish,
    leaky_relu,
    linear,
    mish,
    relu,
    relu6,
    selu,
    silu,
    softplus,
    sparse_plus,
    squareplus,
    swish,
    threshold,
)
from multikeras.activations.squashing import (
    hard_shrink,
    hard_sigmoid,
    hard_tanh,
    log_sigmoid,
    sigmoid,
    soft_shrink,
    softsign,
    sparse_sigmoid,
    tanh,
    tanh_shrink,
)
from multikeras.saving.object_registration import builtin_location, builtin_names, get_builtin, get_registered_object
from multikeras.saving.serialization_lib import deserialize_keras_object, serialize_keras_object


def _unknown(identifier: Any) -> ValueError:
    return ValueError(
        f"Could not interpret activation function identifier: {identifier!r}. Expected None, a callable, a "
        f"serialized function config or one of: {', '.join(builtin_names(MODULE))}."
    )


def serialize(activation: Callable[..., Any]) -> Any:
    """The config of an activation: its name for a built-in one.

    Args:
        activation: an activation function (or a registered callable object).

    Returns:
        The name (``"relu"``) for a built-in activation; otherwise the
        config ``multikeras.saving.serialize_keras_object`` writes.

    Example:
        >>> import multikeras as mk
        >>> mk.activations.serialize(mk.activations.relu), mk.activations.serialize(mk.activations.swish)
        ('relu', 'silu')
    """
    location = builtin_location(activation)
    if location is not None and location[0] == MODULE:
        return location[1]
    return serialize_keras_object(activation)


def deserialize(config: str | Mapping[str, Any], custom_objects: Mapping[str, Any] | None = None) -> Any:
    """The activation named by ``config``.

    Args:
        config: a name (``"relu"``), a serialized function dict
            (``{"class_name": "function", "config": "relu", ...}``, as Keras 3
            writes it), or the config of a registered callable object.
        custom_objects: extra ``{name: function}`` to resolve.

    Raises:
        ValueError: naming the received value and listing the valid names.

    Example:
        >>> import multikeras as mk
        >>> mk.activations.deserialize("gelu") is mk.activations.gelu
        True
    """
    name: Any = config
    if isinstance(config, Mapping):
        if config.get("class_name") != "function":
            return deserialize_keras_object(config, custom_objects=custom_objects, module=MODULE)
        name = config.get("config")
    if not isinstance(name, str):
        raise _unknown(config)
    found = get_registered_object(name, custom_objects)
    if found is None:
        found = get_builtin(MODULE, name)
    if found is None:
        raise _unknown(config)
    return found


def get(identifier: Any) -> Callable[..., Any]:
    """Return an activation function for ``identifier``.

    Args:
        identifier: ``None`` (gives :func:`linear`), a name, a serialized
            config, or a callable (returned as is).

    Raises:
        ValueError: naming the identifier and listing the valid names.

    Example:
        >>> import multikeras as mk
        >>> mk.activations.get(None) is mk.activations.linear, mk.activations.get("tanh") is mk.activations.tanh
        (True, True)
    """
    if identifier is None:
        return linear
    if isinstance(identifier, (str, Mapping)):
        activation = deserialize(identifier)
        if callable(activation):
            return activation
        raise _unknown(identifier)
    if callable(identifier):
        return identifier
    raise _unknown(identifier)


__all__ = [
    "celu",
    "deserialize",
    "elu",
    "exponential",
    "gelu",
    "get",
    "glu",
    "hard_shrink",
    "hard_sigmoid",
    "hard_silu",
    "hard_swish",
    "hard_tanh",
    "leaky_relu",
    "linear",
    "log_sigmoid",
    "log_softmax",
    "mish",
    "relu",
    "relu6",
    "selu",
    "serialize",
    "sigmoid",
    "silu",
    "soft_shrink",
    "softmax",
    "softplus",
    "softsign",
    "sparse_plus",
    "sparse_sigmoid",
    "sparsemax",
    "squareplus",
    "swish",
    "tanh",
    "tanh_shrink",
    "threshold",
]
