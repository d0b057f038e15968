"""LayerNormalization computes through ``ops.layer_normalization``, which a backend may fuse (torch: one
``F.layer_norm`` kernel when the normalized axes are the trailing ones). Same numbers and gradients as a NumPy
reference on every backend, whichever path runs."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops

RNG = np.random.default_rng(2)
X = RNG.normal(size=(2, 3, 4)).astype("float32") * 3 + 1
EPS = 1e-3


def _reference(x, gamma, beta, axes):
    x = x.astype(np.float64)
    shape = [1] * x.ndim
    for a in axes:
        shape[a] = x.shape[a]
    mean = x.mean(axis=tuple(axes), keepdims=True)
    out = (x - mean) / np.sqrt(x.var(axis=tuple(axes), keepdims=True) + EPS)
    if gamma is not None:
        out = out * np.reshape(gamma, shape)
    if beta is not None:
        out = out + np.reshape(beta, shape)
    return out


@pytest.mark.parametrize("axis, axes, center, scale", [
    (-1, [2], True, True),          # trailing: the fused kernel on torch
    ([1, 2], [1, 2], True, False),  # trailing pair
    (1, [1], False, True),          # a leading axis: the generic computation
])
def test_layer_matches_reference_and_the_op(backend_name, axis, axes, center, scale):
    with mk.backend.use(backend_name):
        layer = layers.LayerNormalization(axis=axis, epsilon=EPS, center=center, scale=scale,
                                          gamma_initializer="random_normal", beta_initializer="random_normal")
        output = np.asarray(ops.convert_to_numpy(layer(X)))
        weights = {w.path.split("/")[-1]: w.numpy() for w in layer.weights}
        gamma, beta = weights.get("gamma"), weights.get("beta")
        shape = [1] * 3
        for a in axes:
            shape[a] = X.shape[a]
        # The op takes parameters in the normalized shape or in a shape broadcasting against the input.
        op_output = ops.convert_to_numpy(ops.layer_normalization(
            X, None if gamma is None else gamma.reshape(shape), None if beta is None else beta.reshape(shape),
            axis=axes, epsilon=EPS,
        ))
    expected = _reference(X, gamma, beta, axes)
    np.testing.assert_allclose(output, expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(op_output, expected, rtol=1e-5, atol=1e-5)


def test_mixed_precision(backend_name):
    with mk.backend.use(backend_name):
        layer = layers.LayerNormalization(epsilon=EPS, dtype="mixed_float16", gamma_initializer="random_normal")
        output = np.asarray(ops.convert_to_numpy(layer(X)))
        gamma, beta = (w.numpy() for w in layer.weights)
    assert output.dtype == np.float16
    np.testing.assert_allclose(output.astype(np.float64), _reference(X, gamma, beta, [2]), rtol=1e-2, atol=1e-2)



@pytest.mark.parametrize("center, scale", [(True, True), (False, True), (True, False), (False, False)])
def test_float64_layer_keeps_float64_and_matches_reference(backend_name, center, scale):
    """A float64 layer computes in float64 (the parameters used as stored), with or without each parameter."""
    x = X.astype("float64")
    with mk.backend.use(backend_name):
        layer = layers.LayerNormalization(epsilon=EPS, center=center, scale=scale, dtype="float64",
                                          gamma_initializer="random_normal", beta_initializer="random_normal")
        output = np.asarray(ops.convert_to_numpy(layer(x)))
        weights = {w.path.split("/")[-1]: w.numpy() for w in layer.weights}
    assert output.dtype == np.float64
    np.testing.assert_allclose(output, _reference(x, weights.get("gamma"), weights.get("beta"), [2]), rtol=1e-12)


@pytest.mark.parametrize("axis", [True, 2.0, [-1, 2]])
def test_op_refuses_malformed_axes(backend_name, axis):
    """Axes that are not ints (or name one axis twice) are errors, also where the fused kernel would apply."""
    with mk.backend.use(backend_name), pytest.raises((TypeError, ValueError)):
        ops.layer_normalization(X, np.ones(4, "float32"), np.zeros(4, "float32"), axis=axis, epsilon=EPS)

@pytest.mark.parametrize("axis", [-1, 1])
def test_gradients_match_finite_differences(backends_under_test, axis):
    """Gradients of input, gamma and beta, on the fused path (axis -1 on torch) and the generic one."""
    weight = RNG.normal(size=X.shape)
    axes = [axis % 3]
    size = X.shape[axes[0]]
    params = [X, RNG.normal(size=(size,)).astype("float32"), RNG.normal(size=(size,)).astype("float32")]
    directions = [RNG.normal(size=p.shape) for p in params]
    eps = 1e-5

    def reference_loss(values):
        return float(np.sum(_reference(values[0], values[1], values[2], axes) * weight))

    numeric = []
    for index, direction in enumerate(directions):
        plus = [p.astype(np.float64) + (eps * direction if i == index else 0) for i, p in enumerate(params)]
        minus = [p.astype(np.float64) - (eps * direction if i == index else 0) for i, p in enumerate(params)]
        numeric.append((reference_loss(plus) - reference_loss(minus)) / (2 * eps))
    for name in backends_under_test:
        with mk.backend.use(name):
            if not mk.backend.capabilities().trainable:
                continue  # the inference-only plug-in
            layer = layers.LayerNormalization(axis=axis, epsilon=EPS)
            layer.build(X.shape)

            def loss(values):
                x, gamma, beta = values
                outputs, _ = layer.stateless_call([gamma, beta], [], x)
                return ops.sum(ops.multiply(outputs, weight.astype("float32")))

            _, grads = mk.backend.value_and_grad(loss)([ops.convert_to_tensor(p) for p in params])
            for index, (grad, direction) in enumerate(zip(grads, directions)):
                analytic = float(np.sum(np.asarray(ops.convert_to_numpy(grad), np.float64) * direction))
                np.testing.assert_allclose(analytic, numeric[index], rtol=1e-3, atol=1e-4, err_msg=f"{name}: {index}")


def test_torch_uses_the_fused_kernel_for_trailing_axes(monkeypatch):
    import torch.nn.functional as F

    from multikeras.backends.torch import nn as torch_nn

    calls = []

    class Spy:
        def __getattr__(self, name):
            function = getattr(F, name)
            if name != "layer_norm":
                return function

            def counted(*args, **kwargs):
                calls.append(args[1])
                return function(*args, **kwargs)

            return counted

    monkeypatch.setattr(torch_nn, "F", Spy())
    with mk.backend.use("torch"):
        layers.LayerNormalization()(X)
        layers.LayerNormalization(axis=(-2, -1), center=False)(X)
        layers.LayerNormalization(axis=1)(X)  # a leading axis: the kernel does not compute that
        layers.LayerNormalization(rms_scaling=True)(X)  # Keras's legacy variant: no such kernel
    assert calls == [(4,), (3, 4)]
