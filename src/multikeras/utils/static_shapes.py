"""`static_shape`: the sizes of a tensor that are known before it runs.

``ops.shape`` gives the sizes a computation can use: on TensorFlow, inside a
graph traced with unknown sizes, those are scalar tensors. Code that checks
shapes or picks a code path needs Python values instead: ints, and ``None``
where the size is known only at run time. That is what ``static_shape`` gives,
for tensors of every backend and for symbolic inputs alike.
"""

from __future__ import annotations

from typing import Any

from multikeras import ops


def static_shape(x: Any) -> tuple[int | None, ...]:
    """The shape of ``x`` known before running: ints, and ``None`` for sizes known only at run time (``()`` when
    even the rank is unknown).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     static_shape(mk.ops.zeros((2, 3)))
        (2, 3)
        >>> static_shape(mk.KerasTensor((None, 4)))
        (None, 4)
    """
    shape = getattr(x, "shape", None)
    if shape is None:  # a nested list or a Python number
        shape = ops.shape(x)
    try:
        sizes = tuple(shape)
    except (TypeError, ValueError):  # a graph tensor of unknown rank
        return ()
    return tuple(None if size is None else int(size) for size in sizes)
