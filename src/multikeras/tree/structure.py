"""Nested structures (lists, tuples, namedtuples, dicts, ``None``) as Keras 3's ``keras.tree`` sees them.

Built on optree, with ``None`` a leaf and dict entries in sorted key order.
Arrays and tensors are leaves: only Python containers nest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import optree

__all__ = [
    "MAP_TO_NONE",
    "assert_same_paths",
    "assert_same_structure",
    "flatten",
    "flatten_with_path",
    "is_nested",
    "lists_to_tuples",
    "map_shape_structure",
    "map_structure",
    "map_structure_up_to",
    "pack_sequence_as",
    "traverse",
]


class MAP_TO_NONE:  # noqa: N801  (Keras 3's public name)
    """Returned by a :func:`traverse` function to replace a subtree by ``None`` (returning ``None`` means
    "go on into it").

    Example:
        >>> traverse(lambda node: MAP_TO_NONE if node == 2 else None, [1, [2]])
        [1, [None]]
    """


def _is_shape(value: Any) -> bool:
    return isinstance(value, tuple) and all(isinstance(d, int) or d is None for d in value)


def is_nested(structure: Any) -> bool:
    """Whether ``structure`` is a container the tree functions descend into (not a leaf).

    Example:
        >>> is_nested([1]), is_nested({"a": 1}), is_nested(1), is_nested(None)
        (True, True, False, False)
    """
    return not optree.treespec_is_leaf(optree.tree_structure(structure, none_is_leaf=True), strict=True)


def flatten(structure: Any) -> list[Any]:
    """The leaves of ``structure``, depth first, dict entries in sorted key order; ``None`` is a leaf.

    Example:
        >>> flatten({"b": [1, (2, 3)], "a": None})
        [None, 1, 2, 3]
    """
    return optree.tree_leaves(structure, none_is_leaf=True)


def flatten_with_path(structure: Any) -> list[tuple[tuple[Any, ...], Any]]:
    """``(path, leaf)`` pairs, a path being the keys and indices leading to the leaf.

    Example:
        >>> flatten_with_path({"b": [1, 2], "a": 0})
        [(('a',), 0), (('b', 0), 1), (('b', 1), 2)]
    """
    paths, leaves, _ = optree.tree_flatten_with_path(structure, none_is_leaf=True)
    return list(zip(paths, leaves))


def pack_sequence_as(structure: Any, flat_sequence: Iterable[Any]) -> Any:
    """``structure`` with its leaves replaced, in :func:`flatten` order, by ``flat_sequence``.

    Example:
        >>> pack_sequence_as({"b": [0, 0], "a": 0}, [1, 2, 3])
        {'b': [2, 3], 'a': 1}
    """
    flat = list(flat_sequence)
    spec = optree.tree_structure(structure, none_is_leaf=True)
    if spec.num_leaves != len(flat):
        raise ValueError(f"pack_sequence_as: the structure has {spec.num_leaves} leaves, received a flat sequence of "
                         f"{len(flat)} values.")
    return optree.tree_unflatten(spec, flat)


def _check_same(structures: tuple[Any, ...], where: str) -> None:
    first = optree.tree_structure(structures[0], none_is_leaf=True)
    for index, other in enumerate(structures[1:], start=1):
        spec = optree.tree_structure(other, none_is_leaf=True)
        if spec != first:
            raise ValueError(f"{where}: structures don't have the same nested structure: structure 0 is {first}, "
                             f"structure {index} is {spec}.")


def map_structure(func: Callable[..., Any], *structures: Any) -> Any:
    """``func`` applied to the leaves of one or more structures of the same nesting, in that nesting.

    Example:
        >>> map_structure(lambda a, b: a + b, [1, (2, 3)], [10, (20, 30)])
        [11, (22, 33)]
    """
    if not structures:
        raise ValueError("map_structure: expected at least one structure, received none.")
    _check_same(structures, "map_structure")
    return optree.tree_map(func, *structures, none_is_leaf=True)


def map_structure_up_to(shallow_structure: Any, func: Callable[..., Any], *structures: Any) -> Any:
    """:func:`map_structure` down to the depth of ``shallow_structure`` only: what lies below its leaves is
    passed to ``func`` whole.

    Example:
        >>> map_structure_up_to({"a": 0, "b": 0}, lambda x: len(x), {"a": [1, 2], "b": (3,)})
        {'a': 2, 'b': 1}
    """
    spec = optree.tree_structure(shallow_structure, none_is_leaf=True)
    try:
        flat = [spec.flatten_up_to(structure) for structure in structures]
    except ValueError as error:
        raise ValueError(f"map_structure_up_to: a structure does not contain the shallow structure {spec}: "
                         f"{error}") from None
    return optree.tree_unflatten(spec, [func(*leaves) for leaves in zip(*flat)])


def map_shape_structure(func: Callable[[Any], Any], structure: Any) -> Any:
    """:func:`map_structure` over a structure of shapes: tuples of ints (or ``None``) are leaves.

    Example:
        >>> map_shape_structure(lambda shape: shape[0], {"x": (4, 2), "y": [(3,), (None, 5)]})
        {'x': 4, 'y': [3, None]}
    """
    return optree.tree_map(func, structure, is_leaf=_is_shape, none_is_leaf=True)


def assert_same_structure(a: Any, b: Any) -> None:
    """Raise a ``ValueError`` unless ``a`` and ``b`` nest the same containers the same way (leaves may differ).

    Example:
        >>> assert_same_structure([1, (2, 3)], ["x", ("y", "z")])
    """
    _check_same((a, b), "assert_same_structure")


def assert_same_paths(a: Any, b: Any) -> None:
    """Raise a ``ValueError`` unless ``a`` and ``b`` have the same leaf paths (their container types may differ).

    Example:
        >>> assert_same_paths({"a": [1, 2]}, {"a": (3, 4)})
    """
    paths_a = {path for path, _ in flatten_with_path(a)}
    paths_b = {path for path, _ in flatten_with_path(b)}
    if paths_a != paths_b:
        raise ValueError(f"assert_same_paths: `a` and `b` don't have the same paths: in `a` only "
                         f"{sorted(paths_a - paths_b, key=repr)}, in `b` only {sorted(paths_b - paths_a, key=repr)}.")


def lists_to_tuples(structure: Any) -> Any:
    """``structure`` with every list, at any depth, turned into a tuple.

    Example:
        >>> lists_to_tuples([1, {"a": [2, 3]}])
        (1, {'a': (2, 3)})
    """
    def convert(node: Any) -> Any:
        if isinstance(node, list):
            return tuple(convert(item) for item in node)
        if isinstance(node, tuple) and hasattr(node, "_fields"):
            return type(node)(*(convert(item) for item in node))
        if isinstance(node, tuple):
            return tuple(convert(item) for item in node)
        if isinstance(node, dict):
            return type(node)((key, convert(value)) for key, value in node.items())
        return node

    return convert(structure)


def traverse(func: Callable[[Any], Any], structure: Any, top_down: bool = True) -> Any:
    """Visit every node (containers and leaves) of ``structure`` and rebuild it from ``func``'s answers.

    Top down, ``func`` sees a node before its children: returning ``None``
    keeps the node and goes on into it, any other value replaces the whole
    subtree, and :class:`MAP_TO_NONE` replaces it by ``None``. Bottom up
    (``top_down=False``), ``func`` sees each node after its children were
    rebuilt; ``None`` keeps the rebuilt node.

    Example:
        >>> traverse(lambda node: 0 if isinstance(node, int) else None, [1, [2, "a"]])
        [0, [0, 'a']]
    """
    def visit(node: Any) -> Any:
        if top_down:
            result = func(node)
            if result is not None:
                return None if result is MAP_TO_NONE else result
        level = _one_level(node)
        if level is not None:
            children, rebuild = level
            node = rebuild([visit(child) for child in children])
        if top_down:
            return node
        result = func(node)
        if result is None:
            return node
        return None if result is MAP_TO_NONE else result

    return visit(structure)


def _one_level(node: Any) -> tuple[list[Any], Callable[[list[Any]], Any]] | None:
    """The direct children of a container and how to build one like it from new children; ``None`` for a leaf."""
    if not is_nested(node):
        return None
    children, metadata, _, unflatten = optree.tree_flatten_one_level(node, none_is_leaf=True)
    return list(children), lambda new: unflatten(metadata, new)
