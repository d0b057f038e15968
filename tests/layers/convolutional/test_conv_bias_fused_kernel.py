"""The fused ``conv_bias`` kernel (docs/contract.md): ``Conv1D/2D/3D`` add their bias inside the convolution.

The torch plug-in provides it (the bias argument of torch's convolution). Outputs and gradients must equal
the generic ``ops.conv`` + ``ops.add`` path within float32 tolerance, the kernel must be taken where it
applies, and it must decline (``None``) what it does not compute, so the generic ops run.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

import multikeras as mk
from multikeras.backends.torch.fused import conv_bias
from layers.fused_kernel_runs import run_layer

RNG = np.random.default_rng(8)

CASES = [
    (mk.layers.Conv1D, dict(filters=3, kernel_size=3, padding="causal", dilation_rate=2), (2, 9, 4)),
    (mk.layers.Conv2D, dict(filters=4, kernel_size=3, strides=2, padding="same"), (2, 7, 6, 3)),
    (mk.layers.Conv2D, dict(filters=4, kernel_size=(2, 3), data_format="channels_first", groups=2), (2, 4, 6, 5)),
    (mk.layers.Conv3D, dict(filters=2, kernel_size=2, activation="relu"), (1, 4, 3, 5, 2)),
]


@pytest.mark.parametrize("layer_class, kwargs, shape", CASES, ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)])
def test_conv_layers_with_the_kernel_equal_the_generic_ops(layer_class, kwargs, shape):
    x = RNG.normal(size=shape).astype("float32")
    with mk.backend.use("torch"):
        layer = layer_class(**kwargs, bias_initializer="random_normal")
        layer.build(shape)
        fused_out, fused_grads, taken = run_layer(layer, x, "conv_bias", fused=True)
        generic_out, generic_grads, _ = run_layer(layer, x, "conv_bias", fused=False)
    assert taken == 1
    np.testing.assert_allclose(fused_out, generic_out, rtol=1e-5, atol=1e-5)
    for got, want in zip(fused_grads, generic_grads):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
    assert np.abs(generic_grads[1]).max() > 0  # the bias gets a gradient


def test_conv_bias_kernel_declines_what_it_does_not_compute():
    x, kernel, bias = torch.ones(1, 4, 4, 2), torch.ones(2, 2, 2, 3), torch.zeros(3)
    assert conv_bias(x, kernel, bias) is not None
    assert conv_bias(x.numpy(), kernel, bias) is None  # not a tensor
    assert conv_bias(x.to(torch.float16), kernel.to(torch.float16), bias.to(torch.float16)) is None
    assert conv_bias(x, kernel, bias.double()) is None  # mixed dtypes
    assert conv_bias(x, kernel, torch.zeros(4)) is None  # not one value per output channel
    assert conv_bias(x.to(torch.int32), kernel.to(torch.int32), bias.to(torch.int32)) is None


def test_conv_layer_without_bias_never_asks_for_the_kernel():
    with mk.backend.use("torch"):
        kernels = mk.backend.current().fused
        saved = kernels["conv_bias"]
        calls = []
        kernels["conv_bias"] = lambda *args: calls.append(args)
        try:
            layer = mk.layers.Conv2D(2, 3, use_bias=False)
            out = layer(np.ones((1, 5, 5, 1), "float32"))
        finally:
            kernels["conv_bias"] = saved
    assert calls == [] and tuple(out.shape) == (1, 3, 3, 2)
