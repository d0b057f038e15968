"""A cap on the bytes of variables created inside a block, checked before each one is allocated.

Loading a model rebuilds it from a config that came from a file, and a config
can ask for any size (``Dense(units=10**9)``). Inside :func:`allocation_budget`
every new :class:`~multikeras.Variable` charges its size to the budget before
its initializer runs, and one that would go over raises
:class:`AllocationBudgetError` instead of allocating. Outside the block nothing
is counted.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import re
from collections.abc import Iterator, Sequence


class AllocationBudgetError(ValueError):
    """Creating a variable would exceed the :func:`allocation_budget` in force.

    Example:
        >>> print(AllocationBudgetError("dense/kernel", (4, 4), "float32", 64, 32, 16, "the file's weights"))
        variable 'dense/kernel' of shape (4, 4) and dtype float32 needs 64 bytes, but only 16 of the 32 bytes allowed by the file's weights are left
    """

    def __init__(self, name: str, shape: Sequence[int], dtype: str, needed: int, limit: int, left: int, reason: str):
        self.needed, self.limit, self.left = needed, limit, left
        super().__init__(
            f"variable {name!r} of shape {tuple(shape)} and dtype {dtype} needs {needed} bytes, but only {left} "
            f"of the {limit} bytes allowed by {reason} are left"
        )


class _Budget:
    def __init__(self, limit: int, reason: str, outer: _Budget | None):
        self.limit = limit
        self.reason = reason
        self.outer = outer
        self.used = 0


_active: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("multikeras_allocation_budget", default=None)


def variable_bytes(shape: Sequence[int], dtype: str) -> int:
    """Bytes that a variable of ``shape`` and ``dtype`` holds.

    Example:
        >>> variable_bytes((3, 4), "float32"), variable_bytes((), "int64"), variable_bytes((2,), "bool")
        (48, 8, 2)
    """
    bits = re.search(r"\d+", dtype)  # float32, bfloat16, float8_e4m3fn, complex64; bool and string-like: 1 byte
    return math.prod(int(d) for d in shape) * max(int(bits.group()) // 8 if bits else 1, 1)


@contextlib.contextmanager
def allocation_budget(limit_bytes: int, reason: str = "the allocation budget") -> Iterator[None]:
    """Cap the total bytes of variables created inside the block at ``limit_bytes``.

    Budgets nest: a variable must fit in the innermost budget and in every
    enclosing one, and counts against all of them.

    Args:
        limit_bytes: the most bytes all variables created in the block may hold.
        reason: what sets the limit, named in the error.

    Raises:
        AllocationBudgetError: from the variable creation that would exceed it.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"), allocation_budget(100, "this example"):
        ...     small = mk.Variable("zeros", shape=(5,))
        ...     mk.Variable("zeros", shape=(1000,), name="big")
        Traceback (most recent call last):
        ...
        multikeras.state.allocation_budget.AllocationBudgetError: variable 'big' of shape (1000,) and dtype float32 needs 4000 bytes, but only 80 of the 100 bytes allowed by this example are left
    """
    if limit_bytes < 0:
        raise ValueError(f"allocation_budget: limit_bytes must be >= 0, received {limit_bytes}.")
    token = _active.set(_Budget(int(limit_bytes), reason, _active.get()))
    try:
        yield
    finally:
        _active.reset(token)


def charge(name: str, shape: Sequence[int], dtype: str) -> None:
    """Count a variable about to be created against the budgets in force (a no-op outside any).

    Raises:
        AllocationBudgetError: when the variable does not fit in the innermost budget or an enclosing one.

    Example:
        >>> charge("free", (10**12,), "float32")  # no budget in force: nothing is counted
    """
    innermost = _active.get()
    if innermost is None:
        return
    needed = variable_bytes(shape, dtype)
    budgets = []
    budget: _Budget | None = innermost
    while budget is not None:
        if budget.used + needed > budget.limit:
            left = max(budget.limit - budget.used, 0)
            raise AllocationBudgetError(name, shape, dtype, needed, budget.limit, left, budget.reason)
        budgets.append(budget)
        budget = budget.outer
    for budget in budgets:
        budget.used += needed
