"""Dropout and SpatialDropout1D/2D/3D: identity in inference (harness, every backend), statistics in training."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers
from layers.harness import assert_same_on_every_backend, run_layer_test

# (layer class, constructor arguments, input shape)
CASES = [
    (layers.Dropout, {"rate": 0.3, "seed": 1}, (2, 3, 4)),
    (layers.Dropout, {"rate": 0.5, "noise_shape": (None, 1, 4)}, (2, 3, 4)),
    (layers.SpatialDropout1D, {"rate": 0.3, "seed": 2}, (2, 3, 4)),
    (layers.SpatialDropout2D, {"rate": 0.3, "data_format": "channels_first"}, (2, 3, 2, 2)),
    (layers.SpatialDropout3D, {"rate": 0.3}, (2, 2, 2, 2, 3)),
]
IDS = [f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)]


@pytest.mark.parametrize("layer_cls, kwargs, input_shape", CASES, ids=IDS)
def test_dropout_is_identity_outside_training(backend_name, layer_cls, kwargs, input_shape):
    with mk.backend.use(backend_name):
        run_layer_test(
            layer_cls, kwargs,
            input_shape=input_shape,
            call_kwargs={"training": False},
            expected_output_shape=input_shape,
            expected_output=lambda x, w: x,
            tolerance=(0, 0),
            expected_num_trainable_weights=0,
            expected_num_non_trainable_weights=0,
            expected_num_losses=0,
            supports_masking=True,
        )
        layer = layer_cls(**kwargs)
        x = np.random.default_rng(0).uniform(size=input_shape).astype("float32")
        np.testing.assert_array_equal(mk.ops.convert_to_numpy(layer(x)), x)  # training not given


@pytest.mark.parametrize("layer_cls, kwargs, input_shape", [CASES[1], CASES[4]], ids=[IDS[1], IDS[4]])
def test_dropout_in_training_through_the_harness(backend_name, layer_cls, kwargs, input_shape):
    # Every call draws a new mask, so the Functional check (which compares two calls) is switched off.
    with mk.backend.use(backend_name):
        run_layer_test(layer_cls, kwargs, input_shape=input_shape, call_kwargs={"training": True},
                       expected_output_shape=input_shape, run_functional_check=False)


def _draw(layer_cls, kwargs, x, backend_name, calls=1):
    with mk.backend.use(backend_name):
        layer = layer_cls(**kwargs)
        return [mk.ops.convert_to_numpy(layer(x, training=True)) for _ in range(calls)]


def test_dropout_statistics(backend_name):
    rate = 0.3
    x = np.ones((200, 100), "float32")
    first, second = _draw(layers.Dropout, {"rate": rate, "seed": 7}, x, backend_name, calls=2)
    dropped = first == 0
    assert abs(dropped.mean() - rate) < 0.02, dropped.mean()
    np.testing.assert_allclose(first[~dropped], 1.0 / (1.0 - rate), rtol=1e-6)
    assert (first != second).any()  # the generator advances between calls
    again = _draw(layers.Dropout, {"rate": rate, "seed": 7}, x, backend_name)[0]
    np.testing.assert_array_equal(again, first)  # a fresh layer with the same seed draws the same mask
    other = _draw(layers.Dropout, {"rate": rate, "seed": 8}, x, backend_name)[0]
    assert (other != first).any()


def test_dropout_noise_shape_and_extreme_rates(backend_name):
    x = np.ones((50, 6, 40), "float32")
    y = _draw(layers.Dropout, {"rate": 0.5, "noise_shape": (None, 1, None), "seed": 0}, x, backend_name)[0]
    assert ((y == y[:, :1, :]).all())  # one decision per (sample, feature), shared along axis 1
    assert abs((y[:, 0, :] == 0).mean() - 0.5) < 0.05
    np.testing.assert_array_equal(_draw(layers.Dropout, {"rate": 1.0}, x, backend_name)[0], np.zeros_like(x))
    np.testing.assert_array_equal(_draw(layers.Dropout, {"rate": 0.0}, x, backend_name)[0], x)


@pytest.mark.parametrize("layer_cls, input_shape, data_format", [
    (layers.SpatialDropout1D, (40, 5, 50), "channels_last"),
    (layers.SpatialDropout2D, (40, 50, 3, 3), "channels_first"),
    (layers.SpatialDropout3D, (40, 2, 2, 2, 50), "channels_last"),
])
def test_spatial_dropout_drops_whole_channels(backend_name, layer_cls, input_shape, data_format):
    rate = 0.4
    kwargs = {"rate": rate, "seed": 3}
    if layer_cls is not layers.SpatialDropout1D:
        kwargs["data_format"] = data_format
    x = np.ones(input_shape, "float32")
    y = _draw(layer_cls, kwargs, x, backend_name)[0]
    rank = len(input_shape) - 2
    spatial = tuple(range(1, rank + 1)) if data_format == "channels_last" else tuple(range(2, rank + 2))
    dropped = (y == 0).all(axis=spatial)
    kept = (y == np.float32(1.0 / (1.0 - rate))).all(axis=spatial)
    assert (dropped | kept).all()  # every channel of every sample is dropped or kept as a whole
    assert abs(dropped.mean() - rate) < 0.05, dropped.mean()
    again = _draw(layer_cls, kwargs, x, backend_name)[0]
    np.testing.assert_array_equal(again, y)


def test_dropout_same_on_every_backend_in_inference(backends_under_test):
    assert_same_on_every_backend(layers.SpatialDropout2D, {"rate": 0.5}, backends_under_test, input_shape=(2, 3, 3, 2))


def test_dropout_in_a_model_follows_the_training_flag(backend_name):
    x = np.ones((20, 30), "float32")
    with mk.backend.use(backend_name):
        inputs = mk.Input((30,))
        model = mk.Model(inputs, layers.Dropout(0.5, seed=0)(inputs))
        np.testing.assert_array_equal(mk.ops.convert_to_numpy(model(x)), x)
        assert (mk.ops.convert_to_numpy(model(x, training=True)) == 0).any()


def test_dropout_configs():
    assert layers.Dropout(0.5).get_config()["noise_shape"] is None
    config = layers.Dropout(0.2, noise_shape=[None, 1], seed=4).get_config()
    assert (config["rate"], config["noise_shape"], config["seed"]) == (0.2, (None, 1), 4)
    assert "data_format" not in layers.SpatialDropout1D(0.1).get_config()
    assert "noise_shape" not in layers.SpatialDropout1D(0.1).get_config()
    assert layers.SpatialDropout3D(0.1).get_config()["data_format"] == "channels_last"


@pytest.mark.parametrize("make, message", [
    (lambda: layers.Dropout(1.5), r"Dropout 'dropout\w*': expected a float with 0 <= rate <= 1, received rate=1.5"),
    (lambda: layers.Dropout(-0.1), r"Dropout 'dropout\w*': expected a float .*received rate=-0.1"),
    (lambda: layers.Dropout("0.5"), r"received rate='0.5'"),
    (lambda: layers.Dropout(0.5, noise_shape=(0, 1)), r"noise_shape must be a tuple .*received noise_shape=\(0, 1\)"),
    (lambda: layers.Dropout(0.5, seed=1.5), r"seed must be an int or None, received seed=1.5"),
    (lambda: layers.SpatialDropout2D(0.5, data_format="channels_middle"),
     r"SpatialDropout2D 'spatial_dropout2d\w*': `data_format` must be one of .*received data_format='channels_middle'"),
])
def test_dropout_rejects_bad_arguments(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_spatial_dropout_rejects_wrong_rank(backend_name):
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match=r"Layer 'spatial_dropout2d\w*': input 0 must have rank 4, received shape \(2, 3, 4\)"):
            layers.SpatialDropout2D(0.5)(np.ones((2, 3, 4), "float32"), training=True)
