"""The torch plug-in's ``vectorized_map``: one ``torch.vmap`` call where torch can batch the function, the
slices one by one where it cannot, the same values and gradients either way."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import multikeras as mk  # noqa: E402
from multikeras import ops  # noqa: E402

X = np.random.default_rng(5).normal(size=(4, 3)).astype("float32")


def _counting(function):
    calls = []

    def counted(element):
        calls.append(element)
        return function(element)

    return counted, calls


def test_a_batchable_function_runs_once_on_the_whole_batch():
    function, calls = _counting(lambda t: {"norm": ops.sum(t[0] * t[1]), "outer": ops.matmul(t[0][:, None], t[1][None])})
    with mk.backend.use("torch"):
        result = ops.vectorized_map(function, (X, 2.0 * X))
    assert len(calls) == 1
    np.testing.assert_allclose(result["norm"].numpy(), (X * 2.0 * X).sum(axis=1), rtol=1e-6)
    np.testing.assert_allclose(result["outer"].numpy(), np.einsum("bi,bj->bij", X, 2.0 * X), rtol=1e-6)


@pytest.mark.parametrize("kind", ["host read", "random numbers"])
def test_a_function_torch_cannot_batch_is_mapped_slice_by_slice(kind):
    if kind == "host read":
        def body(row):
            return row * float(ops.sum(row))  # float() of a batched tensor: vmap refuses it

        expected = X * X.sum(axis=1, keepdims=True)
    else:
        def body(row):
            return row + 0.0 * mk.random.uniform((3,), seed=1)  # random numbers: vmap refuses them by default

        expected = X
    function, calls = _counting(body)
    with mk.backend.use("torch"):
        result = ops.vectorized_map(function, X)
    assert len(calls) == 1 + len(X)  # the refused batched call, then one call per slice
    np.testing.assert_allclose(result.numpy(), expected, rtol=1e-5)


def test_gradients_through_the_batched_map_equal_the_loop():
    def loss(x, mapped):
        return ops.sum(mapped(lambda row: ops.tanh(row) * ops.sum(row), x))

    def loop(function, x):
        return ops.stack([function(x[i]) for i in range(x.shape[0])])

    with mk.backend.use("torch"):
        _, batched = mk.backend.value_and_grad(lambda x: loss(x, ops.vectorized_map))(ops.convert_to_tensor(X))
        _, looped = mk.backend.value_and_grad(lambda x: loss(x, loop))(ops.convert_to_tensor(X))
    np.testing.assert_allclose(batched.numpy(), looped.numpy(), rtol=1e-5, atol=1e-6)
