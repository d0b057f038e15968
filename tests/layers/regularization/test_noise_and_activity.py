"""GaussianNoise, GaussianDropout, AlphaDropout and ActivityRegularization: harness on every backend,
identity outside training, statistics in training."""

from __future__ import annotations

import math

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers
from layers.harness import assert_same_on_every_backend, make_inputs, run_layer_test

NOISE_CASES = [
    (layers.GaussianNoise, {"stddev": 0.2, "seed": 1}),
    (layers.GaussianDropout, {"rate": 0.3, "seed": 1}),
    (layers.AlphaDropout, {"rate": 0.2, "noise_shape": (None, 1, None), "seed": 1}),
]
IDS = [c[0].__name__ for c in NOISE_CASES]


@pytest.mark.parametrize("layer_cls, kwargs", NOISE_CASES, ids=IDS)
def test_noise_layers(backend_name, layer_cls, kwargs):
    with mk.backend.use(backend_name):
        run_layer_test(
            layer_cls, kwargs,
            input_shape=(2, 3, 4),
            expected_output_shape=(2, 3, 4),
            expected_output=lambda x, w: x,  # training not given: identity
            tolerance=(0, 0),
            expected_num_trainable_weights=0,
            expected_num_non_trainable_weights=0,
            expected_num_losses=0,
            supports_masking=True,
        )
        # In training each call draws new noise, so the Functional check (two calls compared) is off.
        out = run_layer_test(layer_cls, kwargs, input_shape=(2, 3, 4), call_kwargs={"training": True},
                             expected_output_shape=(2, 3, 4), run_functional_check=False)
        assert not np.allclose(out, make_inputs((2, 3, 4)))  # the harness's input: training changed it


def _train_call(layer_cls, kwargs, x, backend_name):
    with mk.backend.use(backend_name):
        return mk.ops.convert_to_numpy(layer_cls(**kwargs)(x, training=True))


def test_gaussian_noise_statistics(backend_name):
    x = np.full((100, 100), 3.0, "float32")
    y = _train_call(layers.GaussianNoise, {"stddev": 0.5, "seed": 4}, x, backend_name)
    assert abs(y.mean() - 3.0) < 0.03 and abs(y.std() - 0.5) < 0.03, (y.mean(), y.std())
    np.testing.assert_array_equal(_train_call(layers.GaussianNoise, {"stddev": 0.5, "seed": 4}, x, backend_name), y)


def test_gaussian_dropout_statistics(backend_name):
    rate = 0.3
    x = np.full((100, 100), 2.0, "float32")
    y = _train_call(layers.GaussianDropout, {"rate": rate, "seed": 5}, x, backend_name) / 2.0
    assert abs(y.mean() - 1.0) < 0.03 and abs(y.std() - math.sqrt(rate / (1 - rate))) < 0.03, (y.mean(), y.std())
    np.testing.assert_array_equal(_train_call(layers.GaussianDropout, {"rate": rate, "seed": 5}, x, backend_name) / 2, y)


def test_alpha_dropout_statistics(backend_name):
    rate = 0.2
    alpha_p = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946
    a = ((1 - rate) * (1 + rate * alpha_p**2)) ** -0.5
    b = -a * alpha_p * rate
    x = np.random.default_rng(0).standard_normal((200, 100)).astype("float32")
    y = _train_call(layers.AlphaDropout, {"rate": rate, "seed": 6}, x, backend_name)
    dropped = np.isclose(y, a * alpha_p + b, atol=1e-5)
    assert abs(dropped.mean() - rate) < 0.02, dropped.mean()
    np.testing.assert_allclose(y[~dropped], a * x[~dropped] + b, rtol=1e-5, atol=1e-5)
    assert abs(y.mean()) < 0.03 and abs(y.std() - 1.0) < 0.03, (y.mean(), y.std())  # SELU statistics preserved
    np.testing.assert_array_equal(_train_call(layers.AlphaDropout, {"rate": rate, "seed": 6}, x, backend_name), y)


def test_activity_regularization(backend_name):
    with mk.backend.use(backend_name):
        out = run_layer_test(
            layers.ActivityRegularization, {"l1": 0.1, "l2": 0.2},
            input_shape=(2, 3),
            expected_output_shape=(2, 3),
            expected_output=lambda x, w: x,
            expected_num_trainable_weights=0,
            expected_num_losses=1,
            supports_masking=True,
        )
        layer = layers.ActivityRegularization(l1=1.0, l2=0.5)
        x = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]], "float32")
        for training in (True, False):  # the penalty is added in both modes, averaged over the batch
            layer(x, training=training)
            (loss,) = layer.losses
            expected = (np.abs(x).sum() + 0.5 * np.square(x).sum()) / 2
            np.testing.assert_allclose(float(mk.ops.convert_to_numpy(loss)), expected, rtol=1e-6)


def test_activity_regularization_config():
    config = layers.ActivityRegularization(l1=0.5).get_config()
    assert (config["l1"], config["l2"]) == (0.5, 0.0) and "activity_regularizer" not in config
    with pytest.raises(ValueError, match=r"ActivityRegularization: invalid value for argument l1: .*received l1=-1"):
        layers.ActivityRegularization(l1=-1)
    with pytest.raises(ValueError, match=r"penalty is set by l1 and l2; received activity_regularizer='l2'"):
        layers.ActivityRegularization(activity_regularizer="l2")


@pytest.mark.parametrize("layer_cls, kwargs", NOISE_CASES[:2], ids=IDS[:2])
def test_noise_same_on_every_backend_in_inference(layer_cls, kwargs, backends_under_test):
    assert_same_on_every_backend(layer_cls, kwargs, backends_under_test, input_shape=(2, 3))


@pytest.mark.parametrize("make, message", [
    (lambda: layers.GaussianNoise(-0.1), r"GaussianNoise 'gaussian_noise\w*': expected a non-negative float, received stddev=-0.1"),
    (lambda: layers.GaussianNoise("a"), r"received stddev='a'"),
    (lambda: layers.GaussianDropout(1.0), r"GaussianDropout 'gaussian_dropout\w*': expected a float with 0 <= rate < 1, received rate=1.0"),
    (lambda: layers.AlphaDropout(-0.5), r"AlphaDropout 'alpha_dropout\w*': expected a float with 0 <= rate < 1, received rate=-0.5"),
    (lambda: layers.AlphaDropout(0.5, noise_shape="x"), r"noise_shape must be a tuple .*received noise_shape='x'"),
    (lambda: layers.GaussianNoise(0.1, seed="s"), r"seed must be an int or None, received seed='s'"),
])
def test_noise_layers_reject_bad_arguments(make, message):
    with pytest.raises(ValueError, match=message):
        make()


@pytest.mark.parametrize("make", [
    lambda amount: layers.Dropout(amount), lambda amount: layers.SpatialDropout1D(amount),
    lambda amount: layers.GaussianDropout(amount), lambda amount: layers.AlphaDropout(amount),
    lambda amount: layers.GaussianNoise(amount),
])
def test_seed_state_only_when_noise_is_drawn(make):
    # As in Keras 3: a layer that never draws (rate or stddev 0) has no seed generator and no seed variable.
    with mk.backend.use("numpy"):
        silent, noisy = make(0.0), make(0.3)
        x = np.ones((2, 3, 4), "float32")
        np.testing.assert_array_equal(mk.ops.convert_to_numpy(silent(x, training=True)), x)
    assert silent.seed_generator is None and silent.non_trainable_variables == []
    assert noisy.seed_generator is not None and len(noisy.non_trainable_variables) == 1
