"""ReLU, LeakyReLU, ELU, PReLU and Softmax through the layer harness on every backend, plus masks and errors."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers
from layers.harness import assert_same_on_every_backend, run_layer_test


def _relu_reference(x, negative_slope=0.0, max_value=None, threshold=0.0):
    y = np.where(x >= threshold, x, negative_slope * (x - threshold))
    return y if max_value is None else np.minimum(y, max_value)


def _softmax_reference(x, axis):
    shifted = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return shifted / np.sum(shifted, axis=axis, keepdims=True)


@pytest.mark.parametrize("kwargs", [{}, {"max_value": 0.5, "negative_slope": 0.1, "threshold": 0.2}])
def test_relu(backend_name, kwargs):
    with mk.backend.use(backend_name):
        run_layer_test(layers.ReLU, kwargs, input_shape=(2, 3, 4), expected_output_shape=(2, 3, 4),
                       expected_output=lambda x, w: _relu_reference(x, **kwargs),
                       expected_num_trainable_weights=0, expected_num_losses=0, supports_masking=True)


def test_leaky_relu_and_elu(backend_name):
    with mk.backend.use(backend_name):
        run_layer_test(layers.LeakyReLU, {"negative_slope": 0.2}, input_shape=(2, 5),
                       expected_output=lambda x, w: np.where(x > 0, x, 0.2 * x), supports_masking=True)
        run_layer_test(layers.ELU, {"alpha": 0.5}, input_shape=(2, 5),
                       expected_output=lambda x, w: np.where(x > 0, x, 0.5 * np.expm1(x)), supports_masking=True)


@pytest.mark.parametrize("shared_axes, alpha_shape", [(None, (3, 4)), ([1], (1, 4)), (2, (3, 1))])
def test_prelu(backend_name, shared_axes, alpha_shape):
    with mk.backend.use(backend_name):
        init = {"alpha_initializer": mk.initializers.RandomUniform(0.1, 0.9, seed=3), "shared_axes": shared_axes}
        run_layer_test(layers.PReLU, init, input_shape=(2, 3, 4), expected_output_shape=(2, 3, 4),
                       expected_output=lambda x, w: np.where(x > 0, x, w[0] * x),
                       expected_num_trainable_weights=1, supports_masking=True)
        layer = layers.PReLU(shared_axes=shared_axes)
        layer.build((None, 3, 4))
        assert tuple(layer.alpha.shape) == alpha_shape
        assert layer.alpha.path == f"{layer.name}/alpha"


@pytest.mark.parametrize("axis", [-1, 1, (1, 2)])
def test_softmax(backend_name, axis):
    with mk.backend.use(backend_name):
        run_layer_test(layers.Softmax, {"axis": axis}, input_shape=(2, 3, 4),
                       expected_output=lambda x, w: _softmax_reference(x, axis), supports_masking=True,
                       run_training_check=False)  # no weights; its gradient is checked through the attention layers


def test_softmax_mask(backend_name):
    x = np.array([[1.0, 2.0, 3.0, 4.0], [0.5, 0.5, 0.5, 0.5]], dtype="float32")
    mask = np.array([[True, False, True, False], [False, False, False, False]])
    with mk.backend.use(backend_name):
        y = mk.ops.convert_to_numpy(layers.Softmax()(x, mask=mask))
    kept = _softmax_reference(np.array([1.0, 3.0]), -1)
    np.testing.assert_allclose(y[0], [kept[0], 0.0, kept[1], 0.0], rtol=1e-6)
    np.testing.assert_array_equal(y[1], np.zeros(4))  # all masked: zeros, not a uniform distribution


def test_same_on_every_backend(backends_under_test):
    assert_same_on_every_backend(layers.PReLU, {"alpha_initializer": "random_uniform"}, backends_under_test,
                                 input_shape=(2, 6))
    assert_same_on_every_backend(layers.ReLU, {"max_value": 0.4, "negative_slope": 0.3}, backends_under_test,
                                 input_shape=(2, 6))
    assert_same_on_every_backend(layers.Softmax, {"axis": (1, 2)}, backends_under_test, input_shape=(2, 3, 2))


def test_leaky_relu_accepts_keras2_alpha():
    with pytest.warns(UserWarning, match="alpha"):
        layer = layers.LeakyReLU(alpha=0.1)
    assert layer.get_config()["negative_slope"] == 0.1 and "alpha" not in layer.get_config()


@pytest.mark.parametrize("make, message", [
    (lambda: layers.ReLU(max_value=-1.0), "max_value must be a non-negative number or None, received max_value=-1.0"),
    (lambda: layers.ReLU(negative_slope=None), "negative_slope must be a non-negative number, received"),
    (lambda: layers.ReLU(threshold=-0.5), "threshold must be a non-negative number, received threshold=-0.5"),
    (lambda: layers.LeakyReLU(negative_slope=-1), "negative_slope must be a non-negative number"),
    (lambda: layers.ELU(alpha=None), "alpha must be a number, received alpha=None"),
    (lambda: layers.Softmax(axis="a"), "axis must be an int or a non-empty sequence of ints, received axis='a'"),
    (lambda: layers.PReLU(shared_axes=[0]), r"shared_axes must be positive ints .* received shared_axes=\[0\]"),
])
def test_bad_arguments(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_prelu_axis_errors():
    with mk.backend.use("numpy"):
        with pytest.raises(ValueError, match=r"shared_axes \[3\] do not exist in inputs of shape \(2, 3, 4\)"):
            layers.PReLU(shared_axes=3)(np.zeros((2, 3, 4), "float32"))
        layer = layers.PReLU()
        layer(np.zeros((2, 3), "float32"))
        with pytest.raises(ValueError, match=r"p_re_lu.* size 3 on axis 1.*received shape \(2, 5\)"):
            layer(np.zeros((2, 5), "float32"))  # built for 3 features
