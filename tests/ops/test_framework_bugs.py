"""Framework bugs that multikeras code works around, pinned here so the workaround can go once they are fixed.

Each test states the correct result; where a framework gets it wrong, the test is a strict expected failure
on that backend, so a framework release with the fix turns it into a failure that points here.
"""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import ops

XLA_CPU_BROADCAST_SUM = (
    "jaxlib 0.10.2, XLA:CPU: a jitted sum over the leading axis of a product broadcast over two other axes "
    "gives wrong values once the output has more than about 32k elements (eager is right). "
    "ContrastLimitedAdaptiveHistogramEqualization adds its four terms one by one because of it."
)


def test_compiled_sum_of_a_product_broadcast_over_two_axes(backend_name, request):
    if backend_name == "jax":
        request.applymarker(pytest.mark.xfail(strict=True, reason=XLA_CPU_BROADCAST_SUM))
    rng = np.random.default_rng(0)
    terms = rng.random((4, 2, 128, 128, 3), dtype=np.float32)
    weights = rng.random((4, 1, 128, 128, 1), dtype=np.float32)  # broadcast over the batch and channel axes
    expected = np.sum(terms.astype(np.float64) * weights, axis=0)
    with mk.backend.use(backend_name):
        weighted_sum = mk.backend.jit(lambda t, w: ops.sum(ops.multiply(t, w), axis=0))
        out = ops.convert_to_numpy(weighted_sum(terms, weights))
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)
