"""The registry that turns names in configs and files back into classes and functions.

Two kinds of entries:

* **built-ins**, registered by multikeras's own namespaces with
  :func:`register_builtin` under the Keras 3 module they correspond to
  (``"keras.layers"``, ``"keras.initializers"``, ...), so configs written by
  Keras 3 and by multikeras name the same things;
* **custom objects**, registered by users with
  :func:`register_keras_serializable` under ``"package>name"``.

Resolution never imports a module named in a config: a name that is neither
registered nor passed in ``custom_objects`` is an error. Built-ins register
when their multikeras namespace is imported, and ``import multikeras``
imports namespaces lazily, so a lookup in a Keras module whose namespace is
not imported yet first imports that namespace: only ever one of multikeras's
own public namespaces (see :func:`namespaces_of`), never a module named in a
config.
"""

from __future__ import annotations

import contextvars
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")

_lock = threading.Lock()
_BUILTINS: dict[str, dict[str, Any]] = {}
"""``{keras module: {name: object}}`` for multikeras's own objects."""
_BUILTIN_MODULE_OF: dict[int, tuple[str, str]] = {}
"""``id(object) -> (keras module, name)``."""
_CUSTOM: dict[str, Any] = {}
"""``{"package>name": object}`` registered by users."""
_CUSTOM_NAME_OF: dict[int, str] = {}

TOP_LEVEL_NAMESPACES: tuple[str, ...] = ("models", "dtype_policies")
"""The namespaces registering built-ins under the bare module ``"keras"`` (models and dtype policies)."""
_imported_namespaces: set[str] = set()

_scope: contextvars.ContextVar[Mapping[str, Any]] = contextvars.ContextVar("multikeras_custom_objects", default={})


def register_builtin(module: str, name: str | None = None) -> Callable[[T], T]:
    """Register a multikeras class or function under a Keras 3 module name.

    Args:
        module: the Keras 3 namespace the object belongs to, e.g. ``"keras.layers"``.
        name: the registered name; the object's ``__name__`` when ``None``.

    Example:
        >>> @register_builtin("keras.examples")
        ... class Thing:
        ...     pass
        >>> get_builtin("keras.examples", "Thing") is Thing
        True
    """

    def decorator(obj: T) -> T:
        key = name or obj.__name__  # type: ignore[attr-defined]
        with _lock:
            _BUILTINS.setdefault(module, {})[key] = obj
            _BUILTIN_MODULE_OF.setdefault(id(obj), (module, key))
        return obj

    return decorator


def namespaces_of(module: str) -> tuple[str, ...]:
    """The ``multikeras`` namespaces whose import registers the built-ins of Keras module ``module``.

    ``"keras.layers"`` and Keras 3's private ``"keras.src.layers.core.dense"``
    both name ``layers``; the bare ``"keras"`` names models and dtype policies.

    Example:
        >>> namespaces_of("keras.src.losses.losses"), namespaces_of("keras"), namespaces_of("builtins")
        (('losses',), ('models', 'dtype_policies'), ())
    """
    import multikeras  # the package lists its namespaces and imports each on first attribute access

    parts = module.split(".")
    if parts[0] != "keras":
        return ()
    if len(parts) == 1:
        return TOP_LEVEL_NAMESPACES
    name = parts[2] if parts[1] == "src" and len(parts) > 2 else parts[1]
    return (name,) if name in multikeras._NAMESPACES else ()


def _import_namespaces(module: str) -> bool:
    """Import the namespaces that register ``module``'s built-ins; ``True`` if any was imported now."""
    if module in _imported_namespaces:
        return False
    missing = [name for name in namespaces_of(module) if f"multikeras.{name}" not in sys.modules]
    if missing:
        import multikeras

        for name in missing:
            getattr(multikeras, name)
    _imported_namespaces.add(module)
    return bool(missing)


def get_builtin(module: str, name: str) -> Any:
    """Return the built-in registered as ``name`` in ``module``, or ``None``.

    Example:
        >>> get_builtin("keras.layers", "Dense").__name__
        'Dense'
    """
    found = _BUILTINS.get(module, {}).get(name)
    if found is None and _import_namespaces(module):
        found = _BUILTINS.get(module, {}).get(name)
    return found


def builtin_names(module: str) -> list[str]:
    """Names registered in ``module``, sorted.

    Example:
        >>> isinstance(builtin_names("keras.layers"), list)
        True
    """
    _import_namespaces(module)
    return sorted(_BUILTINS.get(module, {}))


def builtin_location(obj: Any) -> tuple[str, str] | None:
    """``(keras module, name)`` of a registered built-in, or ``None``."""
    return _BUILTIN_MODULE_OF.get(id(obj))


def register_keras_serializable(package: str = "Custom", name: str | None = None) -> Callable[[T], T]:
    """Register a user class or function so configs and files can name it.

    The registered name is ``"package>name"`` (``name`` defaults to the
    object's ``__name__``). A class must define ``get_config``.

    Args:
        package: namespace that keeps names of different packages apart.
        name: registered name; the object's ``__name__`` when ``None``.

    Raises:
        ValueError: if ``package`` contains ``">"``, if a class lacks
            ``get_config``, or if the name is taken by another object.

    Example:
        >>> @register_keras_serializable(package="Docs")
        ... def scaled_relu(x):
        ...     return x
        >>> get_registered_name(scaled_relu)
        'Docs>scaled_relu'
    """
    if ">" in package:
        raise ValueError(f"register_keras_serializable: package may not contain '>', received {package!r}.")

    def decorator(obj: T) -> T:
        object_name = name or obj.__name__  # type: ignore[attr-defined]
        if isinstance(obj, type) and not hasattr(obj, "get_config"):
            raise ValueError(
                f"register_keras_serializable: class {obj.__name__} must define get_config() to be serializable."
            )
        key = f"{package}>{object_name}"
        with _lock:
            existing = _CUSTOM.get(key)
            if existing is not None and existing is not obj and _qualname(existing) != _qualname(obj):
                raise ValueError(
                    f"register_keras_serializable: {key!r} is already registered to {_qualname(existing)}; "
                    f"received {_qualname(obj)}."
                )
            _CUSTOM[key] = obj
            _CUSTOM_NAME_OF[id(obj)] = key
        return obj

    return decorator


def _qualname(obj: Any) -> str:
    return f"{getattr(obj, '__module__', '?')}.{getattr(obj, '__qualname__', repr(obj))}"


def get_registered_name(obj: Any) -> str:
    """The name ``obj`` is registered under (``"package>name"``), else its ``__name__``.

    Example:
        >>> get_registered_name(len)
        'len'
    """
    return _CUSTOM_NAME_OF.get(id(obj), getattr(obj, "__name__", type(obj).__name__))


def get_registered_object(
    name: str, custom_objects: Mapping[str, Any] | None = None, module_objects: Mapping[str, Any] | None = None
) -> Any:
    """Resolve ``name``: ``custom_objects``, then the active :class:`CustomObjectScope`,
    then registered custom objects, then ``module_objects``. ``None`` if not found.

    Example:
        >>> get_registered_object("NoSuchThing") is None
        True
    """
    for source in (custom_objects or {}, _scope.get(), _CUSTOM, module_objects or {}):
        if name in source:
            return source[name]
    return None


@contextmanager
def custom_object_scope(custom_objects: Mapping[str, Any]) -> Iterator[None]:
    """Make ``custom_objects`` resolvable by name inside the block (nestable).

    Example:
        >>> class Mine:
        ...     pass
        >>> with custom_object_scope({"Mine": Mine}):
        ...     get_registered_object("Mine") is Mine
        True
    """
    merged = {**_scope.get(), **dict(custom_objects)}
    token = _scope.set(merged)
    try:
        yield
    finally:
        _scope.reset(token)


CustomObjectScope = custom_object_scope
"""Keras-compatible alias of :func:`custom_object_scope`."""


def get_custom_objects() -> dict[str, Any]:
    """The live dict of registered custom objects (Keras-compatible; mutate to register).

    Example:
        >>> isinstance(get_custom_objects(), dict)
        True
    """
    return _CUSTOM
