"""``Mean.update_state`` of one value weighted by a Python int (the loss tracker's call every training step)
takes a short path; it must keep the general rules' results: total += value * weight, count += weight."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import ops


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_scalar_value_with_int_weight_matches_general_rules(backend_name: str, dtype: str) -> None:
    updates = [(2.5, 32), (np.float32(-1.25), 7), (3, 0), (np.array(0.1, "float64"), 5)]
    with mk.backend.use(backend_name):
        short, general = mk.metrics.Mean(dtype=dtype), mk.metrics.Mean(dtype=dtype)
        for value, weight in updates:
            short.update_state(ops.convert_to_tensor(value), sample_weight=weight)
            general.update_state(ops.convert_to_tensor(value), sample_weight=np.array([weight], dtype))
        results = [ops.convert_to_numpy(v) for v in (short.total.value, short.count.value, short.result(),
                                                     general.total.value, general.count.value, general.result())]
    total, count, result, general_total, general_count, general_result = results
    expected_total = sum(np.asarray(v, dtype) * np.asarray(w, dtype) for v, w in updates)
    assert total.dtype == count.dtype == result.dtype == np.dtype(dtype)
    assert count == general_count == 44
    np.testing.assert_allclose(total, expected_total, rtol=1e-6)
    np.testing.assert_allclose([total, result], [general_total, general_result], rtol=1e-6)


def test_int_weight_with_batch_values_keeps_general_rules(backend_name: str) -> None:
    with mk.backend.use(backend_name):
        short, general = mk.metrics.Mean(), mk.metrics.Mean()
        short.update_state(ops.convert_to_tensor([1.0, 3.0]), sample_weight=2)
        general.update_state(ops.convert_to_tensor([1.0, 3.0]), sample_weight=np.array(2.0, "float32"))
        values = [float(ops.convert_to_numpy(v)) for v in (short.total.value, short.count.value,
                                                            general.total.value, general.count.value)]
    assert values[:2] == values[2:] == [4.0, 2.0]  # Keras 3: the weight broadcast over the values
