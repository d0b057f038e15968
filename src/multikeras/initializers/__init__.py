"""Weight initializers (``keras.initializers``).

An initializer is a callable ``(shape, dtype=None) -> tensor``; ``dtype``
defaults to ``multikeras.config.floatx()``. Every class is also reachable
under its snake-case Keras name (``"glorot_uniform"``, ``"he_normal"``,
``"zeros"``, ...) through :func:`get`, and configs are the dicts Keras 3
writes (module ``"keras.initializers"``).

Example:
    >>> import multikeras as mk
    >>> init = mk.initializers.get("glorot_uniform")
    >>> with mk.backend.use("numpy"):
    ...     mk.ops.convert_to_numpy(init((3, 4))).shape
    (3, 4)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from multikeras.initializers.constant import Constant, Identity, Ones, Zeros
from multikeras.initializers.initializer import MODULE, Initializer
from multikeras.initializers.orthogonal import Orthogonal
from multikeras.initializers.random import RandomNormal, RandomUniform, TruncatedNormal
from multikeras.initializers.stft import STFT
from multikeras.initializers.variance_scaling import (
    GlorotNormal,
    GlorotUniform,
    HeNormal,
    HeUniform,
    LecunNormal,
    LecunUniform,
    VarianceScaling,
    compute_fans,
)
from multikeras.saving.object_registration import builtin_names, register_builtin
from multikeras.saving.serialization_lib import deserialize_keras_object, serialize_keras_object

# Keras 3 exports these second names for the same classes.
IdentityInitializer = Identity
OrthogonalInitializer = Orthogonal
STFTInitializer = STFT

constant = Constant
glorot_normal = GlorotNormal
glorot_uniform = GlorotUniform
he_normal = HeNormal
he_uniform = HeUniform
identity = Identity
lecun_normal = LecunNormal
lecun_uniform = LecunUniform
ones = Ones
orthogonal = Orthogonal
random_normal = RandomNormal
random_uniform = RandomUniform
stft = STFT
truncated_normal = TruncatedNormal
variance_scaling = VarianceScaling
zeros = Zeros

_ALIASES: dict[str, type[Initializer]] = {
    "IdentityInitializer": Identity,
    "OrthogonalInitializer": Orthogonal,
    "STFTInitializer": STFT,
    "constant": Constant,
    "glorot_normal": GlorotNormal,
    "glorot_uniform": GlorotUniform,
    "he_normal": HeNormal,
    "he_uniform": HeUniform,
    "identity": Identity,
    "initializer": Initializer,
    "lecun_normal": LecunNormal,
    "lecun_uniform": LecunUniform,
    "ones": Ones,
    "orthogonal": Orthogonal,
    "random_normal": RandomNormal,
    "random_uniform": RandomUniform,
    "stft": STFT,
    "truncated_normal": TruncatedNormal,
    "variance_scaling": VarianceScaling,
    "zeros": Zeros,
    # Older names Keras 3 still accepts as strings.
    "normal": RandomNormal,
    "one": Ones,
    "uniform": RandomUniform,
    "zero": Zeros,
}
for _name, _cls in _ALIASES.items():
    register_builtin(MODULE, _name)(_cls)
del _name, _cls


def serialize(initializer: Initializer | Callable[..., Any]) -> Any:
    """The Keras 3 config of an initializer.

    Args:
        initializer: an :class:`Initializer` (or a registered function).

    Returns:
        ``{"module": "keras.initializers", "class_name": ..., "config": ..., "registered_name": None}``
        for a built-in.

    Example:
        >>> import multikeras as mk
        >>> mk.initializers.serialize(mk.initializers.Zeros())
        {'module': 'keras.initializers', 'class_name': 'Zeros', 'config': {}, 'registered_name': None}
    """
    return serialize_keras_object(initializer)


def deserialize(config: str | Mapping[str, Any], custom_objects: Mapping[str, Any] | None = None) -> Any:
    """Rebuild an initializer from a config dict or a name.

    Args:
        config: the output of :func:`serialize` (or of Keras 3), or a
            registered name such as ``"he_normal"`` (built with default arguments).
        custom_objects: extra ``{name: class}`` to resolve.

    Raises:
        ValueError: if a name resolves to nothing.

    Example:
        >>> import multikeras as mk
        >>> mk.initializers.deserialize({"class_name": "HeNormal", "config": {"seed": 3}}).seed
        3
    """
    if isinstance(config, str):
        config = {"class_name": config, "config": {}}
    return deserialize_keras_object(config, custom_objects=custom_objects, module=MODULE)


def get(identifier: Any) -> Any:
    """Return an initializer for ``identifier``.

    Args:
        identifier: ``None`` (returned as is), an :class:`Initializer`
            instance, an Initializer class (instantiated with defaults), a
            name (``"glorot_uniform"``, ``"GlorotUniform"``, ...), a config
            dict, or any other callable (returned as is).

    Raises:
        ValueError: naming the identifier when it is none of these.

    Example:
        >>> import multikeras as mk
        >>> type(mk.initializers.get("he_normal")).__name__
        'HeNormal'
    """
    if identifier is None or isinstance(identifier, Initializer):
        return identifier
    if isinstance(identifier, type) and issubclass(identifier, Initializer):
        return identifier()
    if isinstance(identifier, (str, Mapping)):
        try:
            return deserialize(identifier)
        except ValueError as error:
            raise ValueError(
                f"Could not interpret initializer identifier: {identifier!r} ({error}). Known names: "
                f"{', '.join(builtin_names(MODULE))}."
            ) from error
    if callable(identifier):
        return identifier
    raise ValueError(
        f"Could not interpret initializer identifier: {identifier!r}. Expected None, an Initializer, a name "
        "such as 'glorot_uniform', a config dict or a callable."
    )


__all__ = [
    "Constant",
    "GlorotNormal",
    "GlorotUniform",
    "HeNormal",
    "HeUniform",
    "Identity",
    "IdentityInitializer",
    "Initializer",
    "LecunNormal",
    "LecunUniform",
    "Ones",
    "Orthogonal",
    "OrthogonalInitializer",
    "RandomNormal",
    "RandomUniform",
    "STFT",
    "STFTInitializer",
    "TruncatedNormal",
    "VarianceScaling",
    "Zeros",
    "compute_fans",
    "constant",
    "deserialize",
    "get",
    "glorot_normal",
    "glorot_uniform",
    "he_normal",
    "he_uniform",
    "identity",
    "lecun_normal",
    "lecun_uniform",
    "ones",
    "orthogonal",
    "random_normal",
    "random_uniform",
    "serialize",
    "stft",
    "truncated_normal",
    "variance_scaling",
    "zeros",
]
