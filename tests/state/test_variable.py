"""Variable, StatelessScope and AutocastScope on every backend."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import ops
from multikeras.state import AutocastScope, StatelessScope, Variable


def test_create_read_assign(backend_name):
    with mk.backend.use(backend_name):
        v = Variable(np.arange(6, dtype="float32").reshape(2, 3), name="w")
        assert v.shape == (2, 3) and v.dtype == "float32" and v.ndim == 2 and v.size == 6
        assert v.backend == backend_name
        assert mk.backend.current().is_tensor(v.value)
        v.assign(np.ones((2, 3)))
        np.testing.assert_array_equal(v.numpy(), np.ones((2, 3)))
        v.assign_add(ops.full((2, 3), 2.0))
        v.assign_sub(np.full((2, 3), 0.5, "float32"))
        np.testing.assert_array_equal(v.numpy(), np.full((2, 3), 2.5))
        assert v.numpy().dtype == np.float32


def test_python_floats_default_to_floatx_and_ints_stay_ints(backend_name):
    with mk.backend.use(backend_name):
        assert Variable(1.5).dtype == "float32"
        assert Variable([1, 2]).dtype == "int32"
        assert Variable(np.zeros(2, "float64")).dtype == "float64"
        assert Variable(1.5, dtype="float16").dtype == "float16"


def test_initializer_needs_shape(backend_name):
    with mk.backend.use(backend_name):
        v = Variable("ones", shape=(2, 2), name="from_initializer")
        np.testing.assert_array_equal(v.numpy(), np.ones((2, 2)))
        with pytest.raises(ValueError, match="'needs_shape': an initializer needs a shape, received shape=None"):
            Variable("ones", name="needs_shape")


def test_assign_checks_shape_and_keeps_dtype(backend_name):
    with mk.backend.use(backend_name):
        v = Variable(np.zeros((2, 3), "float32"), name="checked")
        with pytest.raises(ValueError, match=r"'checked': cannot assign a value of shape \(3, 2\) to a variable of shape \(2, 3\)"):
            v.assign(np.zeros((3, 2)))
        np.testing.assert_array_equal(v.numpy(), np.zeros((2, 3)))  # bad input lost nothing
        v.assign(np.ones((2, 3), "float64"))
        assert v.dtype == "float32" and v.numpy().dtype == np.float32


def test_bad_constructor_arguments():
    with pytest.raises(ValueError, match="name without '/', received 'a/b'"):
        Variable(1.0, name="a/b")
    with pytest.raises(ValueError, match="aggregation must be one of .* received 'median'"):
        Variable(1.0, aggregation="median")


def test_operators_follow_ops(backend_name):
    with mk.backend.use(backend_name):
        v = Variable(np.array([1.0, -2.0], "float32"))
        np.testing.assert_allclose(ops.convert_to_numpy(v + 1.0), [2.0, -1.0])
        np.testing.assert_allclose(ops.convert_to_numpy(2.0 * v), [2.0, -4.0])
        np.testing.assert_allclose(ops.convert_to_numpy(-v), [-1.0, 2.0])
        np.testing.assert_allclose(ops.convert_to_numpy(abs(v)), [1.0, 2.0])
        np.testing.assert_array_equal(ops.convert_to_numpy(v > 0), [True, False])
        np.testing.assert_allclose(ops.convert_to_numpy(v[1]), -2.0)
        assert len({v, v}) == 1  # hashable by identity despite elementwise ==
        np.testing.assert_allclose(np.asarray(v), [1.0, -2.0])


def test_ops_accept_variables_without_copy(backend_name):
    with mk.backend.use(backend_name):
        v = Variable(np.ones((2, 2), "float32"))
        assert mk.backend.current().convert_to_tensor(v) is v.value
        np.testing.assert_allclose(ops.convert_to_numpy(ops.matmul(ops.ones((1, 2)), v)), [[2.0, 2.0]])


def test_stateless_scope_reads_mapping_and_collects_assignments(backend_name):
    with mk.backend.use(backend_name):
        v = Variable(np.zeros(3, "float32"))
        with StatelessScope([(v, np.full(3, 5.0, "float32"))]) as scope:
            np.testing.assert_array_equal(v.numpy(), [5.0, 5.0, 5.0])
            v.assign(v + 1.0)
            np.testing.assert_array_equal(v.numpy(), [6.0, 6.0, 6.0])
        np.testing.assert_array_equal(v.numpy(), [0.0, 0.0, 0.0])
        np.testing.assert_array_equal(ops.convert_to_numpy(scope.get_current_value(v)), [6.0, 6.0, 6.0])
        with StatelessScope(collect_assignments=False) as dropping:
            v.assign(np.ones(3))
        assert dropping.get_current_value(v) is None
        np.testing.assert_array_equal(v.numpy(), [0.0, 0.0, 0.0])


def test_stateless_function_is_differentiable_and_compilable(backend_name):
    with mk.backend.use(backend_name):
        if not mk.backend.capabilities().trainable:
            with pytest.raises(mk.backend.CapabilityError):
                mk.backend.value_and_grad(lambda w: w)
            return
        w = Variable(np.ones((2, 2), "float32"))
        x = ops.ones((3, 2))

        def loss(value):
            with StatelessScope([(w, value)]):
                y = ops.matmul(x, w)
                w.assign(w * 2.0)  # recorded in the scope, never on w
                return ops.sum(y * y)

        value, grad = mk.backend.value_and_grad(loss)(ops.full((2, 2), 2.0))
        assert float(ops.convert_to_numpy(value)) == pytest.approx(96.0)
        np.testing.assert_allclose(ops.convert_to_numpy(grad), np.full((2, 2), 24.0))
        _, grad_jit = mk.backend.jit(mk.backend.value_and_grad(loss))(ops.full((2, 2), 2.0))
        np.testing.assert_allclose(ops.convert_to_numpy(grad_jit), np.full((2, 2), 24.0))
        np.testing.assert_array_equal(w.numpy(), np.ones((2, 2)))


def test_autocast_scope_casts_float_reads_only(backend_name):
    with mk.backend.use(backend_name):
        f = Variable(np.ones(2, "float32"))
        i = Variable(np.ones(2, "int32"))
        fixed = Variable(np.ones(2, "float32"), autocast=False)
        with AutocastScope("float16"):
            assert ops.dtype(f.value) == "float16" and f.dtype == "float16"
            assert ops.dtype(i.value) == "int32"
            assert ops.dtype(fixed.value) == "float32"
            f.assign(np.full(2, 3.0))
        assert f.dtype == "float32" and ops.dtype(f.value) == "float32"
        np.testing.assert_array_equal(f.numpy(), [3.0, 3.0])
    with pytest.raises(ValueError, match="expected a float dtype or None, received 'int8'"):
        AutocastScope("int8")
