"""Objects to JSON-compatible configs and back, in Keras 3's config layout.

An object serializes as ``{"module", "class_name", "config", "registered_name"}``
(plus ``"build_config"`` for built layers), exactly the dicts Keras 3 writes,
so configs move between the two libraries. Deserialization resolves names only
through :mod:`multikeras.saving.object_registration`; it never imports a
module named in a config.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from typing import Any

import numpy as np

from multikeras.saving import object_registration as registration

_PLAIN = (type(None), bool, int, float, str)


def serialize_keras_object(obj: Any) -> Any:
    """Return a JSON-compatible config of ``obj``.

    Plain values pass through, lists and tuples become lists, dicts are
    serialized value by value, registered functions become their name, and
    objects with ``get_config`` become a class-name dict.

    Example:
        >>> serialize_keras_object({"a": (1, 2), "b": None})
        {'a': [1, 2], 'b': None}
    """
    if isinstance(obj, _PLAIN):
        return obj
    if isinstance(obj, (list, tuple)):
        return [serialize_keras_object(item) for item in obj]
    if isinstance(obj, Mapping):
        return {str(key): serialize_keras_object(value) for key, value in obj.items()}
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, slice):
        return {"class_name": "__slice__", "config": {"start": serialize_keras_object(obj.start),
                                                       "stop": serialize_keras_object(obj.stop),
                                                       "step": serialize_keras_object(obj.step)}}
    if obj is Ellipsis:
        return {"class_name": "__ellipsis__", "config": {}}
    if isinstance(obj, np.ndarray):
        return {"class_name": "__numpy__", "config": {"value": obj.tolist(), "dtype": str(obj.dtype)}}
    if isinstance(obj, (types.FunctionType, types.BuiltinFunctionType)):
        return _serialize_function(obj)
    if hasattr(obj, "get_config"):
        return _serialize_configurable(obj)
    if isinstance(obj, type):
        raise TypeError(f"serialize_keras_object: cannot serialize the class {obj.__qualname__}; pass an instance.")
    raise TypeError(
        f"serialize_keras_object: cannot serialize {type(obj).__name__} {obj!r}: expected a plain value, "
        "a list, a dict, a NumPy array, a registered function or an object with get_config()."
    )


def _serialize_function(fn: Any) -> Any:
    location = registration.builtin_location(fn)
    if location is not None:
        return location[1]  # a built-in function (an activation, a loss): its name, as Keras 3 writes it
    name = registration.get_registered_name(fn)
    if fn.__name__ == "<lambda>":
        raise TypeError(
            "serialize_keras_object: cannot serialize a lambda by name; register a named function with "
            "keras.saving.register_keras_serializable() or wrap it in a Lambda layer."
        )
    return {"module": fn.__module__, "class_name": "function", "config": name, "registered_name": "function"}


def _serialize_configurable(obj: Any) -> dict[str, Any]:
    cls = type(obj)
    location = registration.builtin_location(cls)
    custom_name = registration.get_registered_name(cls)
    config = obj.get_config()
    if not isinstance(config, Mapping):
        raise TypeError(f"{cls.__name__}.get_config() must return a dict, returned {type(config).__name__}.")
    result: dict[str, Any] = {
        "module": location[0] if location is not None else cls.__module__,
        "class_name": location[1] if location is not None else cls.__name__,
        "config": serialize_keras_object(config),
        "registered_name": None if location is not None or custom_name == cls.__name__ else custom_name,
    }
    build_config = getattr(obj, "get_build_config", lambda: None)()
    if build_config is not None:
        result["build_config"] = serialize_keras_object(build_config)
    return result


def deserialize_keras_object(
    config: Any,
    custom_objects: Mapping[str, Any] | None = None,
    safe_mode: bool = True,
    module: str | None = None,
) -> Any:
    """Rebuild an object from :func:`serialize_keras_object`'s output (or Keras 3's).

    Args:
        config: a plain value, a name string (resolved in ``module``), or a
            class-name dict.
        custom_objects: extra ``{name: class or function}`` to resolve.
        safe_mode: refuse serialized code (Lambda bytecode); kept for the
            saving issue's loaders, which pass it through.
        module: the Keras 3 namespace to look names up in when the config
            does not say (``"keras.initializers"`` for ``"glorot_uniform"``).

    Raises:
        ValueError: when a name resolves to nothing; the message lists where
            it was looked up.

    Example:
        >>> deserialize_keras_object({"class_name": "__numpy__", "config": {"value": [1, 2], "dtype": "int32"}})
        array([1, 2], dtype=int32)
    """
    if config is None or isinstance(config, (bool, int, float)):
        return config
    if isinstance(config, str):
        return _resolve(config, module, custom_objects)
    if isinstance(config, list):
        return [deserialize_keras_object(item, custom_objects, safe_mode, module) for item in config]
    if not isinstance(config, Mapping):
        raise TypeError(f"deserialize_keras_object: expected a dict, a list, a str or a number, received {config!r}.")
    if "class_name" not in config:
        return {key: deserialize_keras_object(value, custom_objects, safe_mode, module) for key, value in config.items()}
    class_name = config["class_name"]
    inner = config.get("config")
    if class_name == "__tuple__":
        return tuple(deserialize_keras_object(inner["value"], custom_objects, safe_mode, module))
    if class_name == "__numpy__":
        return np.array(inner["value"], dtype=inner.get("dtype"))
    if class_name == "__slice__":
        return slice(inner.get("start"), inner.get("stop"), inner.get("step"))
    if class_name == "__ellipsis__":
        return Ellipsis
    if class_name in ("__lambda__", "__bytes__"):
        raise ValueError(
            "deserialize_keras_object: the config holds serialized Python code "
            f"({class_name}); refusing to run it. Pass safe_mode=False only if you trust its source."
        )
    if class_name == "function":
        return _resolve(inner, config.get("module") or module, custom_objects)
    registered = config.get("registered_name")
    target = None
    if registered and registered != class_name:
        target = registration.get_registered_object(registered, custom_objects)
    if target is None:
        target = _resolve(class_name, config.get("module") or module, custom_objects)
    if not hasattr(target, "from_config"):
        raise TypeError(f"deserialize_keras_object: {class_name!r} resolved to {target!r}, which has no from_config().")
    obj = target.from_config(dict(inner or {}))
    build_config = config.get("build_config")
    if build_config is not None and hasattr(obj, "build_from_config"):
        obj.build_from_config(build_config)
    return obj


def _resolve(name: str, module: str | None, custom_objects: Mapping[str, Any] | None) -> Any:
    found = registration.get_registered_object(name, custom_objects)
    if found is not None:
        return found
    for candidate in _candidate_modules(module):
        found = registration.get_builtin(candidate, name)
        if found is not None:
            return found
    where = f"in {module!r}, " if module else ""
    raise ValueError(
        f"Unknown object {name!r}: not found {where}in custom_objects, nor among objects registered with "
        "keras.saving.register_keras_serializable(). Register it or pass it in custom_objects."
    )


def _candidate_modules(module: str | None) -> list[str]:
    """Keras 3 writes public modules (``keras.layers``); accept their private spellings too."""
    if not module:
        return []
    candidates = [module]
    if module.startswith("keras.src."):
        # "keras.src.layers.core.dense" -> "keras.layers"
        candidates.append("keras." + module.split(".")[2])
    if module.startswith("multikeras."):
        candidates.append("keras." + module.split(".")[1])
    return candidates
