"""multikeras.tree: Keras 3's nested-structure functions (None a leaf, sorted dict keys, namedtuples kept)."""

from __future__ import annotations

import collections

import numpy as np
import pytest

from multikeras import tree

Point = collections.namedtuple("Point", "x y")
NESTED = {"b": [1, (2, Point(3, None))], "a": np.zeros(2)}


def test_flatten_and_pack_round_trip():
    leaves = tree.flatten(NESTED)
    assert leaves[0] is NESTED["a"] and leaves[1:] == [1, 2, 3, None]  # sorted keys; arrays and None are leaves
    rebuilt = tree.pack_sequence_as(NESTED, ["A", 10, 20, 30, 40])
    assert rebuilt == {"b": [10, (20, Point(30, 40))], "a": "A"} and list(rebuilt) == ["b", "a"]
    assert [path for path, _ in tree.flatten_with_path(NESTED)] == [
        ("a",), ("b", 0), ("b", 1, 0), ("b", 1, 1, 0), ("b", 1, 1, 1)]
    with pytest.raises(ValueError, match="has 5 leaves, received a flat sequence of 2"):
        tree.pack_sequence_as(NESTED, [1, 2])


def test_map_structure_keeps_containers_and_checks_them():
    doubled = tree.map_structure(lambda v: None if v is None else v * 2, NESTED)
    assert isinstance(doubled["b"][1][1], Point) and doubled["b"][1][1].x == 6 and doubled["b"][0] == 2
    assert tree.map_structure(lambda a, b: a + b, [1, (2,)], [10, (20,)]) == [11, (22,)]
    with pytest.raises(ValueError, match="don't have the same nested structure"):
        tree.map_structure(lambda a, b: a, [1, 2], [1, [2]])
    with pytest.raises(ValueError, match="don't have the same nested structure"):
        tree.assert_same_structure([1, 2], (1, 2))
    tree.assert_same_structure([1, (2, 3)], ["x", ("y", "z")])


def test_up_to_shapes_paths_and_tuples():
    assert tree.map_structure_up_to({"a": 0, "b": 0}, len, {"a": [1, 2], "b": (3,)}) == {"a": 2, "b": 1}
    with pytest.raises(ValueError, match="does not contain the shallow structure"):
        tree.map_structure_up_to([0, 0], len, [[1]])
    assert tree.map_shape_structure(lambda s: s[-1], {"x": (4, 2), "y": [(3,), (None, 5)]}) == {"x": 2, "y": [3, 5]}
    tree.assert_same_paths({"a": [1, 2]}, {"a": (3, 4)})
    with pytest.raises(ValueError, match=r"in `a` only \[\('a',\)\], in `b` only \[\('b',\)\]"):
        tree.assert_same_paths({"a": 1}, {"b": 1})
    assert tree.lists_to_tuples([1, {"a": [2, Point([3], 4)]}]) == (1, {"a": (2, Point((3,), 4))})
    assert tree.is_nested([1]) and tree.is_nested(()) and not tree.is_nested(np.ones(2)) and not tree.is_nested(None)


def test_traverse_top_down_and_bottom_up():
    visited = []
    assert tree.traverse(lambda node: visited.append(node), [1, [2]]) == [1, [2]]
    assert visited == [[1, [2]], 1, [2], 2]  # parents before children
    assert tree.traverse(lambda n: "list" if isinstance(n, list) and len(n) == 1 else None, [1, [2]]) == [1, "list"]
    assert tree.traverse(lambda n: tree.MAP_TO_NONE if n == 2 else None, [1, [2]]) == [1, [None]]
    total = tree.traverse(lambda n: sum(n) if isinstance(n, list) else None, [1, [2, 3]], top_down=False)
    assert total == 6  # children first: [2, 3] became 5, then [1, 5] became 6
