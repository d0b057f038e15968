"""Where each object of a model lives in a weights file: Keras 3's object tree.

A model is saved as a tree of *saveable* objects: layers, and objects with
``save_own_variables`` / ``load_own_variables`` (the optimizer). The root
model sits at ``""``; every other object sits at the path of the attribute
that first leads to it, walking depth first:

* an object's attributes are visited public names first, then private ones,
  each group alphabetically; a ``Model``'s ``layers`` and ``optimizer``
  count as attributes;
* an attribute holding a saveable object adds its name to the path
  (``head``, ``optimizer``);
* an attribute holding a list, tuple or dict adds its name, and each item
  inside is named after its class in snake case, numbered among the
  container's items of the same class (``layers/dense``, ``layers/dense_1``);
  containers inside containers are named ``container``, ``container_1`` ...;
* an object reached a second time (a shared layer, an alias) is skipped,
  but still takes its number in the container.

These rules reproduce the group names Keras 3 writes, so files move both ways.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from multikeras.layers.layer import Layer, to_snake_case
from multikeras.models.functional import Functional
from multikeras.models.model import Model
from multikeras.models.sequential import Sequential

_BASE_CLASSES = frozenset(Model.__mro__) | {Functional, Sequential}
"""Classes whose properties are never walked (``weights``, ``input``, ``metrics`` ...); ``Model.layers`` is
added by hand. Model's whole MRO counts, so mix-ins such as the trainer are covered too."""
_GRAPH_INTERNALS = frozenset({"_stack", "_functional", "_operations"})
"""Private bookkeeping of Sequential and Functional that repeats ``layers``; Keras saves none of it."""
_CONTAINER = "container"


def is_saveable(value: Any) -> bool:
    """Whether ``value`` owns a group in a weights file (a layer, or defines save/load of its variables).

    Example:
        >>> import multikeras as mk
        >>> is_saveable(mk.layers.Dense(2)), is_saveable([1, 2])
        (True, False)
    """
    if isinstance(value, type):
        return False
    return isinstance(value, Layer) or (
        callable(getattr(value, "save_own_variables", None)) and callable(getattr(value, "load_own_variables", None))
    )


def _is_optimizer_like(name: str, value: Any) -> bool:
    """A model's optimizer that exposes ``variables`` but not the saving methods: saved by its variables."""
    return name == "optimizer" and not is_saveable(value) and hasattr(value, "variables") and value is not None


def walk(root: Any) -> Iterator[tuple[str, Any]]:
    """Yield ``(path, object)`` for ``root`` and every saveable object under it, in file order.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     model = mk.Sequential([mk.Input((2,)), mk.layers.Dense(3), mk.layers.Dense(1)])
        >>> [path for path, _ in walk(model)]
        ['', 'layers/dense', 'layers/dense_1']
    """
    # Maps id -> object, holding each object so that its id cannot be reused by a later temporary list.
    visited: dict[int, Any] = {id(root): root}
    yield from _walk_object(root, "", visited)


def _walk_object(obj: Any, path: str, visited: dict[int, Any]) -> Iterator[tuple[str, Any]]:
    yield path, obj
    for name, value in _attributes(obj):
        yield from _walk_value(value, _join(path, name), visited, name)


def _walk_value(value: Any, path: str, visited: dict[int, Any], name: str = "") -> Iterator[tuple[str, Any]]:
    if is_saveable(value) or _is_optimizer_like(name, value):
        if id(value) not in visited:
            visited[id(value)] = value
            yield from _walk_object(value, path, visited)
    elif isinstance(value, (list, tuple, dict)):
        if id(value) in visited:
            return
        visited[id(value)] = value
        for item_name, item in _container_items(value):
            yield from _walk_value(item, _join(path, item_name), visited)


def _container_items(container: list | tuple | dict) -> list[tuple[str, Any]]:
    items = container.values() if isinstance(container, dict) else container
    counts: dict[str, int] = {}
    named = []
    for item in items:
        if is_saveable(item):
            base = to_snake_case(type(item).__name__)
        elif isinstance(item, (list, tuple, dict)):
            base = _CONTAINER
        else:
            continue
        count = counts.get(base, 0)
        counts[base] = count + 1
        named.append((base if count == 0 else f"{base}_{count}", item))
    return named


def _attributes(obj: Any) -> list[tuple[str, Any]]:
    """The attributes to walk, public names first then private ones, each sorted."""
    names = set(getattr(obj, "__dict__", {}))
    if isinstance(obj, Layer):
        names |= _walkable_properties(type(obj))
        if isinstance(obj, Model):
            names.add("layers")
            if hasattr(type(obj), "optimizer"):
                names.add("optimizer")
        if isinstance(obj, (Functional, Sequential)):
            names -= _GRAPH_INTERNALS
    public = sorted(name for name in names if not name.startswith("_"))
    private = sorted(name for name in names if name.startswith("_") and not name.startswith("__"))
    result = []
    for name in public + private:
        try:
            value = getattr(obj, name)
        except Exception:  # a property that cannot answer now (an unbuilt graph's inputs) holds nothing to save
            continue
        result.append((name, value))
    return result


def _walkable_properties(cls: type) -> set[str]:
    """Properties defined by user and layer classes (not by Layer/Model themselves): they may return sub-layers."""
    names: set[str] = set()
    for klass in cls.__mro__:
        if klass in _BASE_CLASSES:
            continue
        names.update(name for name, member in vars(klass).items() if isinstance(member, property))
    return names


def _join(path: str, name: str) -> str:
    return f"{path}/{name}" if path else name


def describe(obj: Any, path: str) -> str:
    """How messages name an object of the tree: ``layer 'dense' (file group 'layers/dense')``.

    Example:
        >>> import multikeras as mk
        >>> describe(mk.layers.Dense(2, name="d"), "layers/dense")
        "layer 'd' (file group 'layers/dense')"
    """
    kind = "layer" if isinstance(obj, Layer) else to_snake_case(type(obj).__name__)
    name = getattr(obj, "name", type(obj).__name__)
    return f"{kind} '{name}' (file group '{path or '/'}')"
