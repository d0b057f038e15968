"""ops.cast of Python numbers and lists: converted straight to the target dtype, the same on every backend.

Before, three backends converted a Python number to the default dtype first (float32, int32), so
``cast(0.1, "float64")`` gave 0.10000000149011612 and ``cast(2**31 + 1, "int64")`` failed or wrapped around,
while torch was exact.
"""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import ops

CASES = [
    (0.1, "float64", np.float64(0.1)),
    ([0.1, 1], "float64", np.array([0.1, 1.0])),
    (2**31 + 1, "int64", np.int64(2**31 + 1)),
    (-(2**40), "int64", np.int64(-(2**40))),
    (0.1, "float32", np.float32(0.1)),
    (3.7, "int32", np.int32(3)),
    (-3.7, "int32", np.int32(-3)),
    (300, "uint8", np.uint8(44)),  # out of range: wrapped, as casting an integer tensor does
    (-1, "uint8", np.uint8(255)),
    (1.5, "bool", np.bool_(True)),
    (True, "float32", np.float32(1.0)),
    (1 + 2j, "complex128", np.complex128(1 + 2j)),
]


@pytest.mark.parametrize("value, dtype, expected", CASES, ids=[f"{v}-{d}" for v, d, _ in CASES])
def test_cast_of_python_numbers(backend_name, value, dtype, expected):
    with mk.backend.use(backend_name):
        out = ops.cast(value, dtype)
        assert mk.backend.standardize_dtype(out.dtype) == dtype
        result = ops.convert_to_numpy(out)
    np.testing.assert_array_equal(result, expected)
    assert result.dtype == np.dtype(dtype)
