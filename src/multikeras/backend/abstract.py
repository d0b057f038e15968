"""`AbstractArray`: the shape and dtype of an array, as backends report them from abstract evaluation.

The contract's ``abstract_eval(fn, specs)`` calls ``fn`` on placeholders of
the given shapes and dtypes without computing on data where the framework
allows it (``jax.eval_shape``, torch's fake tensors, a ``tf.function``
trace), and reports every array output as an :class:`AbstractArray`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from multikeras.backend.selection import current


@dataclasses.dataclass(frozen=True)
class AbstractArray:
    """A concrete shape and a standardized dtype name.

    Example:
        >>> AbstractArray((2, 3), "float32").shape
        (2, 3)
    """

    shape: tuple[int, ...]
    dtype: str


def abstract_eval(fn: Callable[..., Any], specs: Sequence[AbstractArray]) -> Any:
    """Shapes and dtypes of ``fn(*placeholders)`` on the active backend, without computing on data
    where the framework allows it (NumPy computes on zeros).

    Args:
        fn: a function of arrays.
        specs: one :class:`AbstractArray` per argument (concrete shapes).

    Returns:
        ``fn``'s output structure with an :class:`AbstractArray` for every array.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     abstract_eval(lambda x: mk.ops.sum(x, axis=0), [AbstractArray((3, 2), "int32")])
        AbstractArray(shape=(2,), dtype='int32')
    """
    return current().abstract_eval(fn, specs)


def eager_scope() -> Any:
    """A context manager that computes concretely even inside :func:`abstract_eval` or a compiled trace.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"), eager_scope():
        ...     print(mk.ops.ones(2))
        [1. 1.]
    """
    return current().eager_scope()
