"""Objects to JSON-compatible configs and back, in Keras 3's config layout.

An object serializes as ``{"module", "class_name", "config", "registered_name"}``
(plus ``"build_config"`` for built layers), exactly the dicts Keras 3 writes,
so configs move between the two libraries. Deserialization resolves names only
through :mod:`multikeras.saving.object_registration`; it never imports a
module named in a config.
"""

from __future__ import annotations

import contextvars
import types
from collections.abc import Mapping
from typing import Any

import numpy as np

from multikeras.saving import object_registration as registration

_PLAIN = (type(None), bool, int, float, str)
_CODE_CLASS_NAMES = ("__lambda__", "__bytes__")
_safe_mode: contextvars.ContextVar[bool | None] = contextvars.ContextVar("multikeras_safe_mode", default=None)
_unsafe_deserialization = False
"""Set by :func:`enable_unsafe_deserialization`: safe mode is off outside any :class:`SafeModeScope`."""


class SafeModeScope:
    """Set safe mode for the deserializations inside the block (Keras 3's ``SafeModeScope``).

    Loaders open one around everything they rebuild, so ``from_config``
    methods that deserialize nested objects see the caller's choice through
    :func:`in_safe_mode`. Only the caller sets it: nothing read from a file
    can change it.

    Args:
        safe_mode: ``True`` refuses serialized code; ``None`` leaves the
            outer setting.

    Example:
        >>> with SafeModeScope(False):
        ...     print(in_safe_mode())
        False
        >>> print(in_safe_mode())
        None
    """

    def __init__(self, safe_mode: bool | None = True):
        if safe_mode is not None and not isinstance(safe_mode, bool):
            raise TypeError(f"SafeModeScope: safe_mode must be True, False or None, received {safe_mode!r}.")
        self.safe_mode = safe_mode
        self._token: contextvars.Token | None = None

    def __enter__(self) -> SafeModeScope:
        self._token = _safe_mode.set(self.safe_mode if self.safe_mode is not None else _safe_mode.get())
        return self

    def __exit__(self, *exc_info: Any) -> None:
        if self._token is not None:
            _safe_mode.reset(self._token)
            self._token = None


def in_safe_mode() -> bool | None:
    """The safe mode set by the innermost :class:`SafeModeScope`; outside any, ``None``
    (``False`` after :func:`enable_unsafe_deserialization`).

    Example:
        >>> in_safe_mode() is None
        True
    """
    scoped = _safe_mode.get()
    if scoped is None and _unsafe_deserialization:
        return False
    return scoped


def enable_unsafe_deserialization() -> None:
    """Turn safe mode off for every later deserialization (``keras.config.enable_unsafe_deserialization``).

    As in Keras 3, this takes precedence over the ``safe_mode`` argument of
    :func:`deserialize_keras_object` and ``keras.saving.load_model`` (a
    ``safe_mode=True`` there no longer refuses anything by itself); only an
    explicit :class:`SafeModeScope` still sets safe mode for its block. There is
    no switch back, as in Keras 3. What safe mode guards differs, though:
    multikeras never runs serialized Python code (a ``Lambda`` layer's bytecode
    saved by Keras 3), so such configs are still refused after this call, with
    a message saying they cannot be loaded at all rather than that safe mode
    refused them; ``from_config`` methods that consult :func:`in_safe_mode` see
    ``False``.

    Example:
        >>> from multikeras.saving import serialization_lib
        >>> enable_unsafe_deserialization(); print(in_safe_mode())
        False
        >>> with SafeModeScope(True):
        ...     print(in_safe_mode())
        True
        >>> serialization_lib._unsafe_deserialization = False  # undo, for the examples that follow
    """
    global _unsafe_deserialization
    _unsafe_deserialization = True


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
    if isinstance(obj, Mapping) and not hasattr(obj, "get_config"):  # a mapping with a config is an object (DTypePolicyMap)
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
        safe_mode: refuse serialized code (``__lambda__`` / ``__bytes__``
            entries, as Keras 3 writes for Lambda bytecode). An enclosing
            :class:`SafeModeScope` takes precedence, so nested calls from
            ``from_config`` follow the outermost caller. A key named
            ``safe_mode`` inside ``config`` is never read. multikeras has no
            way to run serialized code (no marshal, no pickle): with
            ``safe_mode=False`` such entries are still refused, with a
            message saying so.
        module: the Keras 3 namespace to look names up in when the config
            does not say (``"keras.initializers"`` for ``"glorot_uniform"``).

    Raises:
        ValueError: when a name resolves to nothing (the message lists where
            it was looked up), or the config holds serialized code.

    Example:
        >>> deserialize_keras_object({"class_name": "__numpy__", "config": {"value": [1, 2], "dtype": "int32"}})
        array([1, 2], dtype=int32)
    """
    scoped = in_safe_mode()
    with SafeModeScope(safe_mode if scoped is None else scoped):
        return _deserialize(config, custom_objects, module)


def _deserialize(config: Any, custom_objects: Mapping[str, Any] | None, module: str | None) -> Any:
    if config is None or isinstance(config, (bool, int, float)):
        return config
    if isinstance(config, str):
        return _resolve(config, module, custom_objects)
    if isinstance(config, list):
        return [_deserialize(item, custom_objects, module) for item in config]
    if not isinstance(config, Mapping):
        raise TypeError(f"deserialize_keras_object: expected a dict, a list, a str or a number, received {config!r}.")
    if "class_name" not in config:
        return {key: _deserialize(value, custom_objects, module) for key, value in config.items()}
    class_name = config["class_name"]
    inner = config.get("config")
    if not isinstance(class_name, str):
        raise TypeError(f"deserialize_keras_object: class_name must be a string, received {class_name!r}.")
    if class_name == "__tuple__":
        return tuple(_deserialize(inner["value"], custom_objects, module))
    if class_name == "__numpy__":
        if not isinstance(inner, Mapping) or not isinstance(inner.get("dtype", "float32"), (str, type(None))):
            raise TypeError(f"deserialize_keras_object: a __numpy__ config needs 'value' and a dtype name, received {inner!r}.")
        array = np.array(inner["value"], dtype=inner.get("dtype"))
        if array.dtype.kind == "O":
            raise TypeError("deserialize_keras_object: a __numpy__ config must hold numbers, not Python objects.")
        return array
    if class_name == "__slice__":
        return slice(inner.get("start"), inner.get("stop"), inner.get("step"))
    if class_name == "__ellipsis__":
        return Ellipsis
    if class_name in _CODE_CLASS_NAMES:
        raise ValueError(refuse_code_message(class_name))
    if class_name == "function":
        return _resolve(inner, config.get("module") or module, custom_objects)
    registered = config.get("registered_name")
    target = None
    if isinstance(registered, str) and registered and registered != class_name:
        target = registration.get_registered_object(registered, custom_objects)
    if target is None:
        target = _resolve(class_name, config.get("module") or module, custom_objects)
    if not isinstance(target, type) or not hasattr(target, "from_config"):
        raise TypeError(f"deserialize_keras_object: {class_name!r} resolved to {target!r}, which is not a class with from_config().")
    if inner is not None and not isinstance(inner, Mapping):
        raise TypeError(f"deserialize_keras_object: the config of {class_name!r} must be a dict, received {inner!r}.")
    obj = target.from_config(dict(inner or {}))
    build_config = config.get("build_config")
    if build_config is not None and hasattr(obj, "build_from_config"):
        obj.build_from_config(build_config)
    return obj


def refuse_code_message(class_name: str) -> str:
    """The error for a config entry holding serialized Python code, by the safe mode in force.

    Example:
        >>> print(refuse_code_message("__lambda__").split(";")[0])
        deserialize_keras_object: the config holds serialized Python code (__lambda__)
    """
    if in_safe_mode() is False:
        return (
            f"deserialize_keras_object: the config holds serialized Python code ({class_name}); multikeras never "
            "loads serialized code, even with safe_mode=False (no marshal, no pickle). Register the function with "
            "keras.saving.register_keras_serializable() and save the model again, or rebuild the layer in code."
        )
    return (
        f"deserialize_keras_object: the config holds serialized Python code ({class_name}); refusing to run it "
        "(safe_mode=True). multikeras never loads serialized code; register the function with "
        "keras.saving.register_keras_serializable() and save the model again."
    )


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
