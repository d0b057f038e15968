"""``multikeras.remat``: same values and gradients as the function, with its intermediates recomputed."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk

ops = mk.ops
X = np.random.RandomState(0).randn(3, 4).astype("float32")
W = np.random.RandomState(1).randn(4, 2).astype("float32")


def _block(x, params, scale=2.0, activation="tanh", note=None):
    """Nested arguments with non-array leaves (a float, a string, None)."""
    hidden = ops.matmul(x, params["w"]) * scale + params["b"][0]
    hidden = ops.tanh(hidden) if activation == "tanh" else ops.relu(hidden)
    return ops.sum(ops.sin(hidden) ** 2), hidden


def _arguments():
    return ops.convert_to_tensor(X), {"w": ops.convert_to_tensor(W), "b": [ops.convert_to_tensor(np.full((2,), 0.3, "float32"))]}


def test_top_level_names():
    assert mk.remat is mk.backend.remat
    assert "remat" in mk.__all__ and "remat" in dir(mk)


def test_values_equal_those_of_the_function(backend_name):
    with mk.backend.use(backend_name):
        x, params = _arguments()
        expected = _block(x, params, scale=1.5, note=None)
        actual = mk.remat(_block)(x, params, scale=1.5, note=None)
        for a, e in zip(actual, expected):
            np.testing.assert_allclose(ops.convert_to_numpy(a), ops.convert_to_numpy(e), rtol=1e-6, atol=1e-7)


def test_values_and_gradients_equal_with_and_without_remat(trainable_backend_name):
    with mk.backend.use(trainable_backend_name):
        x, params = _arguments()

        def loss(params, x, function):
            value, hidden = function(x, params, activation="tanh")
            return value + ops.mean(hidden)

        plain = mk.backend.value_and_grad(loss, argnums=(0, 1))(params, x, _block)
        checkpointed = mk.backend.value_and_grad(loss, argnums=(0, 1))(params, x, mk.remat(_block))
        np.testing.assert_allclose(ops.convert_to_numpy(checkpointed[0]), ops.convert_to_numpy(plain[0]), rtol=1e-6)
        for got, want in zip(mk.tree.flatten(checkpointed[1]), mk.tree.flatten(plain[1])):
            np.testing.assert_allclose(ops.convert_to_numpy(got), ops.convert_to_numpy(want), rtol=1e-5, atol=1e-6)
        assert np.abs(ops.convert_to_numpy(plain[1][0]["w"])).sum() > 0  # a gradient that could have been lost


def test_gradients_equal_inside_a_compiled_step(trainable_backend_name):
    with mk.backend.use(trainable_backend_name):
        x, params = _arguments()

        def step(function):
            return mk.backend.jit(lambda p, x: mk.backend.value_and_grad(lambda p: function(x, p)[0])(p))

        value, grads = step(mk.remat(_block))(params, x)
        want_value, want_grads = step(_block)(params, x)
        np.testing.assert_allclose(ops.convert_to_numpy(value), ops.convert_to_numpy(want_value), rtol=1e-6)
        np.testing.assert_allclose(ops.convert_to_numpy(grads["w"]), ops.convert_to_numpy(want_grads["w"]), rtol=1e-5, atol=1e-6)


def test_torch_recomputes_the_function_in_the_backward_pass():
    pytest.importorskip("torch")
    calls = []

    def counted(x, w):
        calls.append(len(calls))
        return ops.sum(ops.tanh(ops.matmul(x, w)))

    with mk.backend.use("torch"):
        x, w = ops.convert_to_tensor(X), ops.convert_to_tensor(W)
        mk.backend.value_and_grad(counted, argnums=1)(x, w)
        assert len(calls) == 1  # no remat: one forward call
        calls.clear()
        mk.backend.value_and_grad(mk.remat(counted), argnums=1)(x, w)
        assert len(calls) == 2  # forward, then again in the backward pass
        calls.clear()
        mk.remat(counted)(x, w)
        assert len(calls) == 1  # no gradient recorded: nothing to recompute


def test_jax_recomputes_the_function_in_the_backward_pass():
    jax = pytest.importorskip("jax")
    with mk.backend.use("jax"):
        x, w = ops.convert_to_tensor(X), ops.convert_to_tensor(W)

        def block(x, w):
            return ops.sum(ops.sin(ops.tanh(ops.matmul(x, w))))

        def program(function):
            return str(jax.make_jaxpr(mk.backend.value_and_grad(function, argnums=1))(x, w))

        checkpointed, plain = program(mk.remat(block)), program(block)
        assert "checkpoint" in checkpointed or "remat" in checkpointed, checkpointed
        assert "checkpoint" not in plain and "remat" not in plain
        # After partial evaluation the backward pass holds its own tanh: it is recomputed, not kept.
        lowered = jax.jit(mk.backend.value_and_grad(mk.remat(block), argnums=1)).lower(x, w).as_text()
        baseline = jax.jit(mk.backend.value_and_grad(block, argnums=1)).lower(x, w).as_text()
        assert lowered.count("tanh") > baseline.count("tanh"), (lowered.count("tanh"), baseline.count("tanh"))


def test_tensorflow_recomputes_the_function_in_the_gradient():
    pytest.importorskip("tensorflow")
    calls = []

    def counted(x, w):
        calls.append(len(calls))
        return ops.sum(ops.tanh(ops.matmul(x, w)))

    with mk.backend.use("tensorflow"):
        x, w = ops.convert_to_tensor(X), ops.convert_to_tensor(W)
        mk.backend.value_and_grad(mk.remat(counted), argnums=1)(x, w)
        assert len(calls) == 2


def test_numpy_remat_is_the_function():
    with mk.backend.use("numpy"):
        assert mk.backend.current().remat(_block) is _block
        value, _ = mk.remat(_block)(*_arguments())
        assert isinstance(value, (np.ndarray, np.generic))
