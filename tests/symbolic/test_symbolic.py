"""KerasTensor and shape inference without data, on every backend."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import ops
from multikeras.symbolic import KerasTensor, compute_output_spec, standardize_shape


def test_shape_and_dtype_inference_with_unknown_dimensions(backend_name):
    with mk.backend.use(backend_name):
        w = mk.Variable(np.ones((4, 5), "float32"))
        out = compute_output_spec(lambda x: ops.relu(ops.matmul(x, w)) + ops.ones((5,)), KerasTensor((None, 3, 4)))
        assert (out.shape, out.dtype) == ((None, 3, 5), "float32")
        first, second = compute_output_spec(lambda x: (ops.mean(x, axis=-1), ops.cast(x, "int32")), KerasTensor((None, None, 4)))
        assert (first.shape, first.dtype) == ((None, None), "float32")
        assert (second.shape, second.dtype) == ((None, None, 4), "int32")
        conv = compute_output_spec(lambda x: ops.conv(x, ops.ones((3, 4, 8)), padding="valid"), KerasTensor((None, 3, 4)))
        assert conv.shape == (None, 1, 8)


def test_inference_leaves_variables_untouched(backend_name):
    with mk.backend.use(backend_name):
        v = mk.Variable(np.zeros(3, "float32"))

        def update(x):
            v.assign(v + 1.0)
            return x

        compute_output_spec(update, KerasTensor((None, 3)))
        np.testing.assert_array_equal(v.numpy(), np.zeros(3))


def test_operators_on_keras_tensors_build_graph_nodes():
    x = mk.Input((3,))
    y = (x * 2.0 + 1.0)[:, :2]
    assert y.shape == (None, 2) and y.dtype == "float32"
    assert type(y._keras_history[0]).__name__ == "OpCall"
    assert (x > 0).dtype == "bool"


def test_keras_tensors_refuse_to_become_data():
    x = KerasTensor((None, 3))
    with pytest.raises(TypeError, match="is symbolic"):
        np.asarray(x)
    with pytest.raises(TypeError, match="truth value is unknown"):
        bool(x)


def test_standardize_shape_validates():
    assert standardize_shape([None, 3]) == (None, 3)
    assert standardize_shape(4) == (4,)
    for bad in (None, (2, -1), (2.5,), "ab"):
        with pytest.raises(ValueError, match="Expected a shape"):
            standardize_shape(bad)


def test_same_specs_on_every_backend(backends_under_test):
    seen = {}
    for name in backends_under_test:
        with mk.backend.use(name):
            out = compute_output_spec(
                lambda x: ops.max_pool(ops.reshape(x, (-1, 8, 8, 1)), 2), KerasTensor((None, 64), "float32")
            )
            seen[name] = (out.shape, out.dtype)
    assert len(set(seen.values())) == 1, seen
    assert next(iter(seen.values())) == ((None, 4, 4, 1), "float32")
