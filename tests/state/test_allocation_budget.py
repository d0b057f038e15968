"""allocation_budget: variables created inside the block are counted, and one over the cap is refused unallocated."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras.state.allocation_budget import AllocationBudgetError, allocation_budget, charge, variable_bytes


class CountingInitializer:
    """Records whether it ran: a refused variable must never reach its initializer."""

    def __init__(self):
        self.calls = 0

    def __call__(self, shape, dtype=None):
        self.calls += 1
        return mk.ops.zeros(shape, dtype=dtype)


def test_variables_count_until_the_cap(backend_name):
    initializer = CountingInitializer()
    with mk.backend.use(backend_name), allocation_budget(100, "the test cap"):
        mk.Variable(initializer, shape=(10,), name="first")  # 40 bytes
        mk.Variable(np.ones((3, 4), "float32"), name="given")  # a given value counts too: 48 bytes
        with pytest.raises(AllocationBudgetError, match=r"'third' of shape \(4,\) .* needs 16 bytes, but only 12 of the 100 bytes allowed by the test cap"):
            mk.Variable(initializer, shape=(4,), name="third")
        mk.Variable(initializer, shape=(3,), dtype="float32", name="fits")  # exactly the 12 left
    assert initializer.calls == 2


def test_nested_budgets_each_hold():
    with mk.backend.use("numpy"), allocation_budget(64, "outer"):
        mk.Variable("zeros", shape=(8,))  # 32 bytes against both
        with allocation_budget(1000, "inner"):
            with pytest.raises(AllocationBudgetError, match="allowed by outer"):
                mk.Variable("zeros", shape=(9,))
            mk.Variable("zeros", shape=(8,))
        with pytest.raises(AllocationBudgetError, match="only 0 of the 64 bytes"):
            mk.Variable("zeros", shape=(1,))
    mk.Variable("zeros", shape=(1000,))  # no budget outside the block


def test_sizes_and_arguments():
    assert variable_bytes((2, 3), "bfloat16") == 12 and variable_bytes((5,), "float8_e4m3fn") == 5
    assert variable_bytes((0, 7), "float64") == 0
    with pytest.raises(ValueError, match="limit_bytes must be >= 0, received -1"):
        with allocation_budget(-1):
            pass
    charge("anything", (10**15,), "float64")  # outside any budget nothing is counted or refused
