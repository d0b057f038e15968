"""The tensorflow plug-in's fused ``dense`` kernel (docs/contract.md) and its matmul against a matrix.

``Dense`` and the dense-over-trailing-axes ``EinsumDense`` equations (``MultiHeadAttention``'s projections)
run as one 2-D ``MatMul`` and a ``BiasAdd`` on tensorflow; ``ops.matmul`` of an array of rank 3 or more by a
matrix is one 2-D ``MatMul`` too (not a batched product against the matrix broadcast over the batch). The
results and gradients must equal the generic ops within float32 tolerance, and the kernel must decline
what it does not compute.
"""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import ops

tf = pytest.importorskip("tensorflow")

from multikeras.backends.tensorflow.fused import dense  # noqa: E402
from layers.fused_kernel_runs import run_layer  # noqa: E402

RNG = np.random.default_rng(11)


LAYERS = {
    "dense-2d": (lambda: mk.layers.Dense(5, activation="relu"), (4, 3)),
    "dense-3d": (lambda: mk.layers.Dense(5), (2, 4, 3)),
    "einsum-heads": (lambda: mk.layers.EinsumDense("abc,cde->abde", (None, 2, 3), bias_axes="de"), (2, 4, 5)),
    "einsum-merge": (lambda: mk.layers.EinsumDense("abcd,cde->abe", (None, 5), bias_axes="e"), (2, 4, 2, 3)),
}


@pytest.mark.parametrize("case", sorted(LAYERS))
def test_fused_layer_equals_generic_and_numpy(case: str) -> None:
    build, shape = LAYERS[case]
    x = RNG.normal(size=shape).astype("float32")
    with mk.backend.use("tensorflow"):
        layer = build()
        layer.build(shape)
        weights = [RNG.normal(size=w.shape).astype("float32") for w in layer.get_weights()]
        layer.set_weights(weights)
        fused_out, fused_grads, fused_ran = run_layer(layer, x, "dense", fused=True)
        generic_out, generic_grads, generic_ran = run_layer(layer, x, "dense", fused=False)
    assert fused_ran == 1 and generic_ran == 0
    np.testing.assert_allclose(fused_out, generic_out, rtol=1e-5, atol=1e-5)
    for fused_grad, generic_grad in zip(fused_grads, generic_grads):
        assert fused_grad.shape == generic_grad.shape
        np.testing.assert_allclose(fused_grad, generic_grad, rtol=1e-5, atol=1e-5)
    with mk.backend.use("numpy"):
        reference = build()
        reference.build(shape)
        reference.set_weights(weights)
        np.testing.assert_allclose(fused_out, np.asarray(reference(x)), rtol=1e-5, atol=1e-5)


def test_kernel_with_unknown_leading_axes_keeps_static_shapes() -> None:
    @tf.function(input_signature=[tf.TensorSpec([None, None, 4])])
    def project(x):
        return dense(x, tf.ones((4, 2, 3)), tf.zeros((2, 3)))

    out = project(tf.ones((2, 5, 4)))
    assert out.shape == (2, 5, 2, 3) and float(out[0, 0, 0, 0]) == 4.0
    assert project.get_concrete_function().structured_outputs.shape.as_list() == [None, None, 2, 3]


def test_kernel_declines_what_it_does_not_compute() -> None:
    x, k, b = tf.ones((2, 3)), tf.ones((3, 4)), tf.ones(4)
    assert dense(tf.cast(x, tf.int32), tf.cast(k, tf.int32), tf.cast(b, tf.int32)) is None  # integers: generic
    assert dense(x, tf.cast(k, tf.float64), b) is None  # mixed dtypes: the generic ops promote
    assert dense(x, k, None) is None  # no bias: ops.matmul is one product already
    assert dense(tf.ones(3), k, b) is None  # no batch axis
    assert dense(tf.ones((2, 5)), k, b) is None  # features do not fit
    assert dense(x, k, tf.ones((1, 4))) is None  # bias not of the units' shape
    assert dense(x.numpy(), k, b) is None  # not a tensor
    np.testing.assert_allclose(dense(x, k, b).numpy(), np.full((2, 4), 4.0))


@pytest.mark.parametrize("shape_a,shape_b", [
    ((2, 3, 4), (4, 5)), ((2, 3, 6, 4), (4, 5)), ((0, 3, 4), (4, 5)), ((2, 3, 0), (0, 5)),
])
def test_matmul_by_a_matrix_equals_numpy_with_gradients(shape_a, shape_b) -> None:
    a = RNG.normal(size=shape_a).astype("float32")
    b = RNG.normal(size=shape_b).astype("float32")
    with mk.backend.use("tensorflow"):
        value, (grad_a, grad_b) = mk.backend.value_and_grad(
            lambda x, y: ops.sum(ops.matmul(x, y)), argnums=(0, 1))(tf.constant(a), tf.constant(b))
        out = ops.matmul(tf.constant(a), tf.constant(b))
        mixed = ops.matmul(tf.constant(a, tf.float64), tf.constant(b))  # promoted, then the same path
    np.testing.assert_allclose(out.numpy(), a @ b, rtol=1e-5, atol=1e-5)
    assert mixed.dtype == tf.float64 and mixed.shape == out.shape
    np.testing.assert_allclose(grad_a.numpy(), np.broadcast_to(b.sum(-1), shape_a), rtol=1e-5, atol=1e-5)
    expected_b = np.broadcast_to(a.sum(axis=tuple(range(a.ndim - 1)))[:, None], shape_b)
    np.testing.assert_allclose(grad_b.numpy(), expected_b, rtol=1e-4, atol=1e-4)


def test_matmul_by_a_matrix_is_one_plain_product_in_the_graph() -> None:
    @tf.function(input_signature=[tf.TensorSpec([None, 6, 4]), tf.TensorSpec([4, 5])])
    def product_and_gradient(a, b):
        with tf.GradientTape() as tape:
            tape.watch(b)
            out = ops.matmul(a, b)
            total = ops.sum(out)
        return out, tape.gradient(total, b)

    with mk.backend.use("tensorflow"):
        graph = product_and_gradient.get_concrete_function().graph
        out, _ = product_and_gradient(tf.ones((2, 6, 4)), tf.ones((4, 5)))
    kinds = [op.type for op in graph.get_operations()]
    assert "BatchMatMulV2" not in kinds and "BroadcastTo" not in kinds
    assert kinds.count("MatMul") == 2  # the product and the kernel's gradient
    assert product_and_gradient.get_concrete_function().structured_outputs[0].shape.as_list() == [None, 6, 5]
    assert out.shape == (2, 6, 5)
