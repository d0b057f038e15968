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


# ------------------------------------------------------------------ flash_attention and the config switch

FLASH_CASES = {name: kwargs for name, kwargs in CASES.items() if "attn_logits_soft_cap" not in kwargs}
KERNEL_ON_THIS_MACHINE = {"numpy": False, "tensorflow": False, "torch": True}
"""Whether the built-in backends have a flash kernel for float32 inputs on a CPU-only machine (jax: with a GPU)."""


def _expects_kernel(backend_name):
    if backend_name == "jax":
        import jax

        return jax.default_backend() == "gpu" and None  # cuDNN only takes float16/bfloat16: not checked here
    return KERNEL_ON_THIS_MACHINE.get(backend_name)


@pytest.mark.parametrize("flash", [None, False])
@pytest.mark.parametrize("case", list(CASES))
def test_flash_none_and_false_match_reference(backend_name, case, flash, flash_switch):
    kwargs = CASES[case]
    for switch in (mk.config.enable_flash_attention, mk.config.disable_flash_attention):
        switch()
        with mk.backend.use(backend_name):
            full = ops.convert_to_numpy(ops.dot_product_attention(Q, K, V, flash_attention=flash, **kwargs))
            grouped = ops.convert_to_numpy(ops.dot_product_attention(Q, K1, V1, flash_attention=flash, **kwargs))
        np.testing.assert_allclose(full, _reference(Q, K, V, kwargs), rtol=1e-5, atol=1e-6, err_msg=switch.__name__)
        np.testing.assert_allclose(grouped, _reference(Q, K1, V1, kwargs), rtol=1e-5, atol=1e-6, err_msg=switch.__name__)


def _assert_clear_refusal(error, backend_name, *received):
    message = str(error.value)
    assert isinstance(error.value, RuntimeError) and isinstance(error.value, ValueError)  # Keras's types, both
    assert message.startswith(f"ops.dot_product_attention (backend '{backend_name}'): flash_attention=True"), message
    for text in received:
        assert text in message, message
    assert "flash_attention=None or False" in message, message


@pytest.mark.parametrize("case", list(FLASH_CASES))
def test_flash_true_uses_a_kernel_or_says_why_not(backend_name, case):
    kwargs = FLASH_CASES[case]
    expected = _expects_kernel(backend_name)
    with mk.backend.use(backend_name):
        try:
            full = ops.convert_to_numpy(ops.dot_product_attention(Q, K, V, flash_attention=True, **kwargs))
            grouped = ops.convert_to_numpy(ops.dot_product_attention(Q, K1, V1, flash_attention=True, **kwargs))
        except mk.backend.KernelUnavailableError:
            assert expected is not True, f"{backend_name} has a flash kernel for {case}"
            with pytest.raises(mk.backend.KernelUnavailableError) as error:
                ops.dot_product_attention(Q, K, V, flash_attention=True, **kwargs)
            _assert_clear_refusal(error, backend_name, "query float32 (2, 3, 2, 3)", "value float32 (2, 4, 2, 3)")
            return
    assert expected is not False, f"{backend_name} computed flash_attention=True without a flash kernel"
    np.testing.assert_allclose(full, _reference(Q, K, V, kwargs), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(grouped, _reference(Q, K1, V1, kwargs), rtol=1e-5, atol=1e-6)


def test_flash_true_refuses_the_soft_cap(backend_name):
    with mk.backend.use(backend_name):
        with pytest.raises(mk.backend.KernelUnavailableError) as error:
            ops.dot_product_attention(Q, K, V, flash_attention=True, attn_logits_soft_cap=0.7)
    _assert_clear_refusal(error, backend_name, "query float32 (2, 3, 2, 3)")
    if backend_name in ("torch", "jax"):  # backends with a kernel say that none applies the cap
        assert "attn_logits_soft_cap" in str(error.value)


def test_flash_attention_must_be_a_bool_or_none(backend_name):
    with mk.backend.use(backend_name):
        for wrong in ("yes", 1, 0.0):
            with pytest.raises(TypeError, match=rf"ops.dot_product_attention \(backend '{backend_name}'\): "
                                                r"argument 'flash_attention' expected True, False or None"):
                ops.dot_product_attention(Q, K, V, flash_attention=wrong)
        out = ops.dot_product_attention(Q, K, V, flash_attention=np.False_)
    np.testing.assert_allclose(ops.convert_to_numpy(out), _reference(Q, K, V, {}), rtol=1e-5, atol=1e-6)


def test_config_switch_resolves_none_before_the_backend(flash_switch):
    received = []
    recorder = mk.backend.Backend(
        "recorder", "0", mk.backend.Capabilities(), {"dot_product_attention": lambda *args: received.append(args[7])}
    )
    with mk.backend.use(recorder):
        mk.config.enable_flash_attention()
        for flash in (None, False, True):
            ops.dot_product_attention(Q, K, V, flash_attention=flash)
        ops.dot_product_attention(Q, K, V)
        mk.config.disable_flash_attention()
        for flash in (None, False, True):
            ops.dot_product_attention(Q, K, V, flash_attention=flash)
        ops.nn.dot_product_attention(Q, K, V, None, None, None, False, None, 0.5)
    assert received == [None, False, True, None, False, False, True, False]


def _torch_kernel(out):
    """Name of the autograd node of torch's attention kernel behind ``out`` (its flash kernel has ``Flash`` in it)."""
    node = out.grad_fn
    while node is not None and "Attention" not in type(node).__name__ and node.next_functions:
        node = node.next_functions[0][0]
    return type(node).__name__


def test_torch_flash_switches_the_kernel(flash_switch):
    """torch 2.13 has a flash kernel on CPU: True and None run it, False and the disabled switch do not."""
    import torch

    query = torch.tensor(Q, requires_grad=True)
    with mk.backend.use("torch"):
        kernels = {flash: _torch_kernel(ops.dot_product_attention(query, K, V, mask=MASK, flash_attention=flash))
                   for flash in (True, None, False)}
        mk.config.disable_flash_attention()
        kernels["disabled"] = _torch_kernel(ops.dot_product_attention(query, K, V, mask=MASK))
        kernels["disabled, True"] = _torch_kernel(ops.dot_product_attention(query, K, V, mask=MASK, flash_attention=True))
    assert "Flash" in kernels[True] and "Flash" in kernels[None] and "Flash" in kernels["disabled, True"], kernels
    assert "Flash" not in kernels[False] and "Flash" not in kernels["disabled"], kernels


def test_torch_flash_gradients_match_the_math_path():
    import torch

    grads = {}
    for flash in (True, False):
        inputs = [torch.tensor(x, requires_grad=True) for x in (Q, K1, V1)]
        with mk.backend.use("torch"):
            out = ops.dot_product_attention(*inputs, bias=BIAS, mask=MASK, flash_attention=flash)
        (out * torch.tensor(V[:, :T])).sum().backward()
        grads[flash] = [x.grad.numpy() for x in inputs]
    for index, (flash, math) in enumerate(zip(grads[True], grads[False])):
        np.testing.assert_allclose(flash, math, rtol=1e-5, atol=1e-6, err_msg=f"input {index}")
    assert np.abs(grads[True][0][0, 1]).max() == 0.0  # the query whose keys are all masked gets no gradient


def test_torch_flash_refuses_a_trainable_bias():
    """torch's CPU flash kernel gives no gradient to its additive mask, hence none to a bias that needs one."""
    import torch

    with mk.backend.use("torch"):
        with pytest.raises(mk.backend.KernelUnavailableError) as error:
            ops.dot_product_attention(Q, K, V, bias=torch.tensor(BIAS, requires_grad=True), flash_attention=True)
    _assert_clear_refusal(error, "torch", "bias of shape (2, 2, 3, 4)", "no gradient to a bias")


def test_torch_flash_refusal_gives_torchs_reason():
    """Value heads of another size than the query's: torch's flash kernel does not apply, and torch says why."""
    wide_values = np.concatenate([V, V], axis=-1)
    with mk.backend.use("torch"):
        np.testing.assert_allclose(
            ops.convert_to_numpy(ops.dot_product_attention(Q, K, wide_values, flash_attention=False)),
            _reference(Q, K, wide_values, {}), rtol=1e-5, atol=1e-6,
        )
        with pytest.warns(UserWarning), pytest.raises(mk.backend.KernelUnavailableError) as error:
            ops.dot_product_attention(Q, K, wide_values, flash_attention=True)
    _assert_clear_refusal(error, "torch", "value float32 (2, 4, 2, 6) on cpu", "same last dimension")
    assert "Triggered internally" not in str(error.value)
