"""The fused ``dense`` kernel (docs/contract.md): ``Dense`` and ``EinsumDense`` as one matmul-plus-bias call.

The torch plug-in provides it (``torch.addmm``). Layer outputs and gradients must equal the generic
``ops.matmul`` / ``ops.einsum`` + ``ops.add`` path within float32 tolerance, the kernel must actually be taken
where it applies (the dense-over-trailing-axes einsum equations ``MultiHeadAttention`` uses among them), and
it must decline (``None``) what it does not compute, so the generic ops run.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

import multikeras as mk
from multikeras.backends.torch.fused import dense
from layers.fused_kernel_runs import run_layer

RNG = np.random.default_rng(3)


def _has_node(out: torch.Tensor, name: str) -> bool:
    nodes = [out.grad_fn]
    for _ in range(4):
        if any(node is not None and name in type(node).__name__ for node in nodes):
            return True
        nodes = [parent for node in nodes if node is not None for parent, _ in node.next_functions]
    return False


LAYERS = {
    "dense-2d": (lambda: mk.layers.Dense(5, activation="relu"), (4, 3)),
    "dense-3d": (lambda: mk.layers.Dense(5), (2, 4, 3)),
    "einsum-heads": (lambda: mk.layers.EinsumDense("abc,cde->abde", (None, 2, 3), bias_axes="de"), (2, 4, 5)),
    "einsum-merge": (lambda: mk.layers.EinsumDense("abcd,cde->abe", (None, 5), bias_axes="e"), (2, 4, 2, 3)),
    "einsum-ellipsis": (lambda: mk.layers.EinsumDense("...b,bc->...c", 4, bias_axes="c"), (2, 3, 5)),
}


@pytest.mark.parametrize("case", sorted(LAYERS))
def test_fused_layer_equals_generic(case: str) -> None:
    build, shape = LAYERS[case]
    x = RNG.normal(size=shape).astype("float32")
    with mk.backend.use("torch"):
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
    with mk.backend.use("numpy"):  # the same layer function on the reference backend
        reference = build()
        reference.build(shape)
        reference.set_weights(weights)
        np.testing.assert_allclose(fused_out, np.asarray(reference(x)), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("equation,output_shape,bias_axes", [
    ("abc,cd->abd", (None, 4), None),  # no bias: a plain product
    ("abc,dc->abd", (None, 4), "d"),  # kernel transposed against the input
    ("abc,cde->abde", (None, 2, 4), "e"),  # bias over part of the kernel's axes
    ("abc,cd->adb", (4, None), "d"),  # output axes reordered
    ("ab...,bc->ac...", 4, "c"),  # ellipsis on the right
])
def test_einsum_forms_that_are_not_dense_over_trailing_axes_keep_the_einsum(equation, output_shape, bias_axes) -> None:
    shape = (2, 3, 5)
    with mk.backend.use("torch"):
        layer = mk.layers.EinsumDense(equation, output_shape, bias_axes=bias_axes)
        layer.build(shape)
        assert layer._features_rank is None
        x = RNG.normal(size=shape).astype("float32")
        out = layer(torch.tensor(x, requires_grad=True))
    assert not _has_node(out, "Addmm")


def test_kernel_declines_what_it_does_not_compute() -> None:
    x, k, b = torch.ones(2, 3), torch.ones(3, 4), torch.ones(4)
    assert dense(x.half(), k.half(), b.half()) is None  # half precision: generic ops
    assert dense(x, k.double(), b) is None  # mixed dtypes: the generic ops promote
    assert dense(x, k, b.double()) is None
    assert dense(x, k, None) is None  # no bias: ops.matmul is one kernel already
    assert dense(torch.ones(3), k, b) is None  # no batch axis
    assert dense(torch.ones(2, 5), k, b) is None  # features do not fit
    assert dense(x, k, torch.ones(1, 4)) is None  # bias not of the units' shape
    assert dense(x.numpy(), k, b) is None
    np.testing.assert_allclose(dense(x.double(), k.double(), b.double()).numpy(), np.full((2, 4), 4.0))


def test_mixed_dtype_dense_runs_generic_and_promotes() -> None:
    with mk.backend.use("torch"):
        layer = mk.layers.Dense(3, dtype="float64")
        layer.build((2, 4))
        out = layer(torch.ones(2, 4, dtype=torch.float32))
    assert out.dtype == torch.float64
