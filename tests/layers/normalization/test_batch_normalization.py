"""BatchNormalization through the layer harness on every backend: inference, training, moving statistics,
stateless calls, masking, and argument checks."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops
from layers.harness import assert_same_on_every_backend, run_layer_test

EPS = 1e-3
RANDOM_WEIGHTS = {
    "gamma_initializer": "random_uniform",
    "beta_initializer": "random_uniform",
    "moving_mean_initializer": "random_uniform",
    "moving_variance_initializer": {"class_name": "RandomUniform", "config": {"minval": 0.5, "maxval": 2.0}},
}


def _param(value, rank, axis):
    shape = [1] * rank
    shape[axis] = -1
    return np.reshape(value, shape)


def _reference(x, weights, axis, training, center=True, scale=True, mask=None):
    rank = x.ndim
    weights = list(weights)
    gamma = weights.pop(0) if scale else 1.0
    beta = weights.pop(0) if center else 0.0
    moving_mean, moving_variance = weights
    if training:
        moved = np.moveaxis(x, axis, -1)
        if mask is not None:
            moved = moved[mask]
        flat = moved.reshape(-1, x.shape[axis])
        mean, variance = flat.mean(0), flat.var(0)
    else:
        mean, variance = moving_mean, moving_variance
    g = _param(gamma, rank, axis) if scale else gamma
    b = _param(beta, rank, axis) if center else beta
    return (x - _param(mean, rank, axis)) / np.sqrt(_param(variance, rank, axis) + EPS) * g + b


@pytest.mark.parametrize("axis, training", [(-1, False), (1, True)])
def test_batch_normalization(backend_name, axis, training):
    with mk.backend.use(backend_name):
        run_layer_test(
            layers.BatchNormalization,
            {"axis": axis, "gamma_regularizer": "l2", "beta_regularizer": "l1", **RANDOM_WEIGHTS},
            input_shape=(2, 3, 4),
            call_kwargs={"training": training},
            expected_output_shape=(2, 3, 4),
            expected_num_trainable_weights=2,
            expected_num_non_trainable_weights=2,
            expected_num_losses=2,  # the gamma and beta penalties
            supports_masking=True,
            expected_output=lambda x, w: _reference(x, w, axis % 3, training),
        )


def test_batch_normalization_without_center_and_scale(backend_name):
    with mk.backend.use(backend_name):
        run_layer_test(
            layers.BatchNormalization,
            {"center": False, "scale": False, "gamma_regularizer": "l2", **RANDOM_WEIGHTS},
            input_shape=(2, 3, 4),
            call_kwargs={"training": True},
            expected_output_shape=(2, 3, 4),
            expected_num_trainable_weights=0,
            expected_num_non_trainable_weights=2,
            expected_num_losses=0,  # no gamma, so the gamma regularizer has nothing to penalize
            expected_output=lambda x, w: _reference(x, w, 2, True, center=False, scale=False),
        )


def test_moving_statistics_move_by_momentum(backend_name):
    rng = np.random.default_rng(1)
    x = rng.normal(1.0, 2.0, size=(2, 3, 4)).astype("float32")
    mean, variance = x.reshape(-1, 4).mean(0), x.reshape(-1, 4).var(0)
    with mk.backend.use(backend_name):
        layer = layers.BatchNormalization(momentum=0.8)
        y = ops.convert_to_numpy(layer(x, training=True))
        np.testing.assert_allclose(y, (x - mean) / np.sqrt(variance + EPS), rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(layer.moving_mean.numpy(), 0.2 * mean, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(layer.moving_variance.numpy(), 0.8 + 0.2 * variance, rtol=1e-5, atol=1e-6)
        layer(x, training=True)
        np.testing.assert_allclose(layer.moving_mean.numpy(), 0.8 * 0.2 * mean + 0.2 * mean, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(
            layer.moving_variance.numpy(), 0.8 * (0.8 + 0.2 * variance) + 0.2 * variance, rtol=1e-5, atol=1e-6
        )
        # Inference (training=None means inference) uses the moving statistics and leaves them alone.
        before = [layer.moving_mean.numpy(), layer.moving_variance.numpy()]
        y = ops.convert_to_numpy(layer(x))
        np.testing.assert_allclose(y, (x - before[0]) / np.sqrt(before[1] + EPS), rtol=1e-5, atol=1e-5)
        np.testing.assert_array_equal(layer.moving_mean.numpy(), before[0])
        np.testing.assert_array_equal(layer.moving_variance.numpy(), before[1])


def test_frozen_layer_runs_in_inference_mode(backend_name):
    x = np.random.default_rng(2).normal(size=(2, 3, 4)).astype("float32")
    with mk.backend.use(backend_name):
        layer = layers.BatchNormalization(trainable=False)
        y = ops.convert_to_numpy(layer(x, training=True))
        np.testing.assert_allclose(y, x / np.sqrt(1.0 + EPS), rtol=1e-6)
        np.testing.assert_array_equal(layer.moving_mean.numpy(), np.zeros(4, "float32"))
        assert len(layer.non_trainable_weights) == 4


def test_stateless_call_returns_new_moving_statistics(backend_name):
    x = np.random.default_rng(3).normal(2.0, 3.0, size=(2, 3, 4)).astype("float32")
    mean, variance = x.mean((0, 1)), x.var((0, 1))
    with mk.backend.use(backend_name):
        layer = layers.BatchNormalization(momentum=0.9)
        layer.build((None, 3, 4))
        trainable = [v.value for v in layer.trainable_variables]
        non_trainable = [v.value for v in layer.non_trainable_variables]
        assert [v.path.split("/")[-1] for v in layer.non_trainable_variables] == ["moving_mean", "moving_variance"]
        outputs, new_values = layer.stateless_call(trainable, non_trainable, x, training=True)
        np.testing.assert_allclose(ops.convert_to_numpy(outputs), (x - mean) / np.sqrt(variance + EPS), rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(ops.convert_to_numpy(new_values[0]), 0.1 * mean, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(ops.convert_to_numpy(new_values[1]), 0.9 + 0.1 * variance, rtol=1e-5, atol=1e-6)
        # The layer's own variables are untouched.
        np.testing.assert_array_equal(layer.moving_mean.numpy(), np.zeros(4, "float32"))
        np.testing.assert_array_equal(layer.moving_variance.numpy(), np.ones(4, "float32"))
        # In inference the values come back unchanged.
        _, same = layer.stateless_call(trainable, new_values, x, training=False)
        np.testing.assert_allclose(ops.convert_to_numpy(same[0]), 0.1 * mean, rtol=1e-5, atol=1e-6)


def test_masked_positions_are_left_out_of_batch_statistics(backend_name):
    rng = np.random.default_rng(4)
    x = rng.normal(size=(2, 3, 4)).astype("float32")
    mask = np.array([[True, True, False], [True, False, False]])
    selected = x[mask]
    with mk.backend.use(backend_name):
        layer = layers.BatchNormalization(momentum=0.0)
        y = ops.convert_to_numpy(layer(x, training=True, mask=mask))
        np.testing.assert_allclose(layer.moving_mean.numpy(), selected.mean(0), rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(layer.moving_variance.numpy(), selected.var(0), rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(y, (x - selected.mean(0)) / np.sqrt(selected.var(0) + EPS), rtol=1e-5, atol=1e-5)
        # The mask passes through unchanged.
        assert layer.compute_mask(x, mask) is mask


@pytest.mark.parametrize("training", [False, True])
def test_batch_normalization_same_on_every_backend(backends_under_test, training):
    assert_same_on_every_backend(
        layers.BatchNormalization, {"axis": 1, **RANDOM_WEIGHTS}, backends_under_test,
        input_shape=(2, 3, 4), call_kwargs={"training": training},
    )


def test_rejects_bad_arguments():
    with pytest.raises(ValueError, match=r"BatchNormalization '\w+': `axis` must be an int, received axis=\[1, 2\]"):
        layers.BatchNormalization(axis=[1, 2])
    with pytest.raises(ValueError, match=r"`momentum` must be a float in \[0, 1\], received momentum=1.5"):
        layers.BatchNormalization(momentum=1.5)
    with pytest.raises(ValueError, match=r"`epsilon` must be a non-negative float, received epsilon=-1"):
        layers.BatchNormalization(epsilon=-1)
    with pytest.raises(ValueError, match=r"not supported, received synchronized=True"):
        layers.BatchNormalization(synchronized=True)
    with pytest.raises(ValueError, match=r"renormalization is not supported, received renorm=True"):
        layers.BatchNormalization(renorm=True)


def test_rejects_bad_inputs(backend_name):
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match=r"BatchNormalization 'bn\w*': axis=3 is out of range .* \(2, 3\)"):
            layers.BatchNormalization(axis=3, name="bn")(np.ones((2, 3), "float32"))
        layer = layers.BatchNormalization(name="bn_sizes")
        layer(np.ones((2, 4), "float32"))
        with pytest.raises(ValueError, match=r"Layer 'bn_sizes': input 0 must have size 4 on axis 1.*received shape \(2, 3\)"):
            layer(np.ones((2, 3), "float32"))
        with pytest.raises(ValueError, match=r"Layer 'bn_sizes': input 0 must have rank 2, received shape \(2, 1, 4\)"):
            layer(np.ones((2, 1, 4), "float32"))
        with pytest.raises(ValueError, match=r"size on the normalized axes \[1\] must be known, received input shape \(None, None\)"):
            layers.BatchNormalization(name="bn_unknown")(mk.Input(batch_shape=(None, None)))
