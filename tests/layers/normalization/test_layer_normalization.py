"""LayerNormalization through the layer harness on every backend, plus its argument checks."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers
from layers.harness import assert_same_on_every_backend, run_layer_test

EPS = 1e-3
RANDOM_WEIGHTS = {"gamma_initializer": "random_uniform", "beta_initializer": "random_uniform"}


def _broadcast(value, rank, axes):
    shape = [1] * rank
    for a, size in zip(axes, np.shape(value)):
        shape[a] = size
    return np.reshape(value, shape)


def _reference(x, w, axes, center=True, scale=True, rms_scaling=False):
    w = list(w)
    gamma = _broadcast(w.pop(0), x.ndim, axes) if scale else 1.0
    beta = _broadcast(w.pop(0), x.ndim, axes) if center and not rms_scaling else 0.0
    mean = x.mean(axis=tuple(axes), keepdims=True)
    variance = x.var(axis=tuple(axes), keepdims=True)
    if rms_scaling:
        return x / np.sqrt(variance + EPS) * gamma
    return (x - mean) / np.sqrt(variance + EPS) * gamma + beta


@pytest.mark.parametrize(
    "init_kwargs, axes, weight_shape, n_weights",
    [
        ({"axis": -1, "gamma_regularizer": "l2", "beta_regularizer": "l2"}, [2], (4,), 2),
        ({"axis": (-1, -2), "center": False}, [1, 2], (3, 4), 1),
        ({"axis": 1, "scale": False}, [1], (3,), 1),
        ({"rms_scaling": True}, [2], (4,), 1),
    ],
)
def test_layer_normalization(backend_name, init_kwargs, axes, weight_shape, n_weights):
    center, scale = init_kwargs.get("center", True), init_kwargs.get("scale", True)
    rms_scaling = init_kwargs.get("rms_scaling", False)

    def reference(x, w):
        assert [v.shape for v in w] == [weight_shape] * n_weights
        return _reference(x, w, axes, center, scale, rms_scaling)

    with mk.backend.use(backend_name):
        run_layer_test(
            layers.LayerNormalization, {**init_kwargs, **RANDOM_WEIGHTS},
            input_shape=(2, 3, 4),
            expected_output_shape=(2, 3, 4),
            expected_num_trainable_weights=n_weights,
            expected_num_non_trainable_weights=0,
            expected_num_losses=2 if "gamma_regularizer" in init_kwargs else 0,
            supports_masking=True,
            expected_output=reference,
        )


def test_layer_normalization_same_on_every_backend(backends_under_test):
    assert_same_on_every_backend(
        layers.LayerNormalization, {"axis": [1, 2], **RANDOM_WEIGHTS}, backends_under_test, input_shape=(2, 3, 4)
    )


def test_rejects_bad_arguments_and_inputs(backend_name):
    with pytest.raises(ValueError, match=r"LayerNormalization '\w+': `axis` must be an int or a non-empty list of ints, received axis='x'"):
        layers.LayerNormalization(axis="x")
    with pytest.raises(ValueError, match=r"`axis` has repeated entries, received axis=\[1, 1\]"):
        layers.LayerNormalization(axis=[1, 1])
    with pytest.raises(ValueError, match=r"`epsilon` must be a non-negative float, received epsilon=-0.1"):
        layers.LayerNormalization(epsilon=-0.1)
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match=r"LayerNormalization 'ln\w*': axis=3 is out of range for inputs of rank 3"):
            layers.LayerNormalization(axis=3, name="ln")(np.ones((2, 3, 4), "float32"))
        with pytest.raises(ValueError, match=r"axis=\[1, -2\] names the same input axis twice"):
            layers.LayerNormalization(axis=[1, -2], name="ln_twice")(np.ones((2, 3, 4), "float32"))
        layer = layers.LayerNormalization(name="ln_sizes")
        layer(np.ones((2, 4), "float32"))
        with pytest.raises(ValueError, match=r"Layer 'ln_sizes': input 0 must have size 4 on axis 1.*received shape \(2, 5\)"):
            layer(np.ones((2, 5), "float32"))
