"""``ops.dot_product_attention``, the op the attention layers run on, against a NumPy reference on every backend.

Covers what the fused kernels (torch's ``scaled_dot_product_attention``) must reproduce: masks of every
broadcast shape, a mask together with the causal flag or a bias, rows whose keys are all masked (uniform
weights, and no gradient to their query, keys or bias), grouped heads, unbatched inputs, float16/float64,
and gradients (checked against finite differences of the reference).
"""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import ops
from layers.attention import attention_reference as ref

RNG = np.random.default_rng(5)
B, T, S, N, H = 2, 3, 4, 2, 3
Q = RNG.normal(size=(B, T, N, H)).astype("float32")
K = RNG.normal(size=(B, S, N, H)).astype("float32")
V = RNG.normal(size=(B, S, N, H)).astype("float32")
K1, V1 = K[:, :, :1], V[:, :, :1]  # one key/value head shared by both query heads
BIAS = RNG.normal(size=(B, N, T, S)).astype("float32")
MASK = RNG.random((B, 1, T, S)) > 0.3
MASK[0, 0, 1] = False  # a query whose keys are all masked
MASK[:, :, :, 0] = True

CASES = {
    "plain": {},
    "scale": {"scale": 0.3},
    "mask": {"mask": MASK},
    "mask-2d": {"mask": MASK[0, 0]},
    "causal": {"is_causal": True},
    "mask-causal": {"mask": MASK, "is_causal": True},
    "bias": {"bias": BIAS},
    "bias-mask": {"bias": BIAS, "mask": MASK},
    "bias-causal": {"bias": BIAS[:1], "is_causal": True},
    "soft-cap-mask": {"attn_logits_soft_cap": 0.7, "mask": MASK},
}


def _reference(q, k, v, kwargs):
    return ref.dot_product_attention(q, k, v, kwargs.get("bias"), kwargs.get("mask"), kwargs.get("scale"),
                                     kwargs.get("is_causal", False), kwargs.get("attn_logits_soft_cap"))


@pytest.mark.parametrize("case", list(CASES))
def test_matches_reference(backend_name, case):
    kwargs = CASES[case]
    with mk.backend.use(backend_name):
        full = ops.convert_to_numpy(ops.dot_product_attention(Q, K, V, **kwargs))
        grouped = ops.convert_to_numpy(ops.dot_product_attention(Q, K1, V1, **kwargs))
    np.testing.assert_allclose(full, _reference(Q, K, V, kwargs), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(grouped, _reference(Q, K1, V1, kwargs), rtol=1e-5, atol=1e-6)
    assert full.dtype == np.float32


def test_unbatched_and_dtypes(backend_name):
    with mk.backend.use(backend_name):
        unbatched = ops.convert_to_numpy(ops.dot_product_attention(Q[0], K[0], V[0], mask=MASK[0], bias=BIAS[0]))
        double = ops.convert_to_numpy(ops.dot_product_attention(Q.astype("float64"), K, V, mask=MASK))
        half = {
            name: ops.convert_to_numpy(ops.dot_product_attention(Q.astype("float16"), K.astype("float16"),
                                                                 V.astype("float16"), **kwargs))
            for name, kwargs in (("plain", {}), ("mask", {"mask": MASK}), ("causal", {"is_causal": True}))
        }
    np.testing.assert_allclose(unbatched, _reference(Q[:1], K[:1], V[:1], {"mask": MASK[:1], "bias": BIAS[:1]})[0],
                               rtol=1e-5, atol=1e-6)
    assert double.dtype == np.float64
    np.testing.assert_allclose(double, _reference(Q, K, V, {"mask": MASK}), rtol=1e-10, atol=1e-12)
    for name, kwargs in (("plain", {}), ("mask", {"mask": MASK}), ("causal", {"is_causal": True})):
        assert half[name].dtype == np.float16
        expected = _reference(Q.astype("float16"), K.astype("float16"), V.astype("float16"), kwargs)
        np.testing.assert_allclose(half[name].astype("float64"), expected, rtol=1e-2, atol=1e-2, err_msg=name)


@pytest.mark.parametrize("case", ["mask", "bias-causal", "soft-cap-mask"])
def test_gradients_match_finite_differences(backends_under_test, case):
    """Directional derivatives of ``sum(out * w)`` w.r.t. query, key, value and bias on every differentiable
    backend, the fully masked row included."""
    kwargs = {key: value for key, value in CASES[case].items() if key != "bias"}
    inputs = [Q, K, V, BIAS[:1] if case == "bias-causal" else BIAS]
    weight = RNG.normal(size=(B, T, N, H))
    directions = [RNG.normal(size=x.shape) for x in inputs]

    def reference_loss(values):
        q, k, v, b = values
        return float(np.sum(_reference(q, k, v, {**kwargs, "bias": b}) * weight))

    eps = 1e-5
    numeric = []
    for index, direction in enumerate(directions):
        plus = [x.astype(np.float64) + (eps * direction if i == index else 0) for i, x in enumerate(inputs)]
        minus = [x.astype(np.float64) - (eps * direction if i == index else 0) for i, x in enumerate(inputs)]
        numeric.append((reference_loss(plus) - reference_loss(minus)) / (2 * eps))
    checked = 0
    for name in backends_under_test:
        with mk.backend.use(name):
            if not mk.backend.capabilities().trainable:
                continue  # an inference-only plug-in (numpy) says so through its capabilities

            def loss(values):
                q, k, v, b = values
                out = ops.dot_product_attention(q, k, v, bias=b, **kwargs)
                return ops.sum(ops.multiply(out, weight.astype("float32")))

            _, grads = mk.backend.value_and_grad(loss)([ops.convert_to_tensor(x) for x in inputs])
            grads = [np.asarray(ops.convert_to_numpy(g), np.float64) for g in grads]
        checked += 1
        for index, (grad, direction) in enumerate(zip(grads, directions)):
            np.testing.assert_allclose(np.sum(grad * direction), numeric[index], rtol=2e-3, atol=1e-4,
                                       err_msg=f"{name}: input {index}")
        if case != "bias-causal":
            # Row 1 of batch 0 attends to nothing: its query and its bias get no gradient.
            np.testing.assert_array_equal(grads[0][0, 1], 0.0, err_msg=name)
            np.testing.assert_array_equal(grads[3][0, :, 1], 0.0, err_msg=name)
    assert checked == len([n for n in backends_under_test if n != "numpy"])


def test_errors(backend_name):
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match="dot_product_attention"):
            ops.dot_product_attention(Q[0, 0], K[0, 0], V[0, 0])
        with pytest.raises(ValueError, match="dot_product_attention"):
            three_heads = np.concatenate([K, K[:, :, :1]], axis=2)  # 2 query heads cannot share 3 key heads
            ops.dot_product_attention(Q, three_heads, three_heads)


def test_torch_runs_the_fused_kernels(monkeypatch):
    """On torch the op calls ``scaled_dot_product_attention``, except with a soft cap, which it cannot express."""
    import torch.nn.functional as F

    from multikeras.backends.torch import nn as torch_nn

    calls = {"scaled_dot_product_attention": 0}

    class Spy:
        def __getattr__(self, name):
            function = getattr(F, name)
            if name not in calls:
                return function

            def counted(*args, **kwargs):
                calls[name] += 1
                return function(*args, **kwargs)

            return counted

    monkeypatch.setattr(torch_nn, "F", Spy())
    with mk.backend.use("torch"):
        ops.dot_product_attention(Q, K, V, mask=MASK, bias=BIAS, is_causal=True)
        assert calls["scaled_dot_product_attention"] == 1
        ops.dot_product_attention(Q, K, V, attn_logits_soft_cap=1.0)
        assert calls["scaled_dot_product_attention"] == 1
        mk.layers.MultiHeadAttention(num_heads=2, key_dim=2)(Q[:, :, 0], Q[:, :, 0])
        assert calls["scaled_dot_product_attention"] == 2
