"""``multikeras.tree``: Keras 3's nested-structure utilities (``keras.tree``), on optree.

Example:
    >>> import multikeras as mk
    >>> mk.tree.map_structure(lambda x: x * 2, {"a": [1, 2], "b": 3})
    {'a': [2, 4], 'b': 6}
"""

from multikeras.tree.structure import (
    MAP_TO_NONE,
    assert_same_paths,
    assert_same_structure,
    flatten,
    flatten_with_path,
    is_nested,
    lists_to_tuples,
    map_shape_structure,
    map_structure,
    map_structure_up_to,
    pack_sequence_as,
    traverse,
)

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
