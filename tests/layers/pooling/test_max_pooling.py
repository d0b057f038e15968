"""MaxPooling1D/2D/3D through the layer harness on every backend, against a NumPy reference."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers
from layers.harness import assert_same_on_every_backend, run_layer_test
from layers.pooling.pool_reference import pool

# (layer class, constructor arguments, input shape, expected output shape)
CASES = [
    (layers.MaxPooling1D, {"pool_size": 3, "strides": 1}, (2, 6, 3), (2, 4, 3)),
    (layers.MaxPooling1D, {"pool_size": 2, "padding": "same", "data_format": "channels_first"}, (2, 3, 5), (2, 3, 3)),
    (layers.MaxPooling2D, {"pool_size": (3, 2), "strides": (2, 1), "padding": "same"}, (2, 5, 4, 2), (2, 3, 4, 2)),
    (layers.MaxPooling2D, {"pool_size": 2, "data_format": "channels_first"}, (2, 2, 5, 4), (2, 2, 2, 2)),
    (layers.MaxPooling3D, {"pool_size": 2, "strides": (1, 2, 2), "padding": "same"}, (2, 3, 4, 3, 2), (2, 3, 2, 2, 2)),
]


@pytest.mark.parametrize("layer_cls, kwargs, input_shape, output_shape", CASES,
                         ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)])
def test_max_pooling(backend_name, layer_cls, kwargs, input_shape, output_shape):
    def expected(x, weights):
        return pool(x, kwargs.get("pool_size", 2), kwargs.get("strides"), kwargs.get("padding", "valid"),
                    kwargs.get("data_format", "channels_last"), mode="max")

    with mk.backend.use(backend_name):
        run_layer_test(
            layer_cls, kwargs,
            input_shape=input_shape,
            expected_output_shape=output_shape,
            expected_output=expected,
            expected_num_trainable_weights=0,
            expected_num_non_trainable_weights=0,
            expected_num_losses=0,
            supports_masking=False,
        )


@pytest.mark.parametrize("layer_cls, rank", [(layers.MaxPooling1D, 1), (layers.MaxPooling2D, 2), (layers.MaxPooling3D, 3)])
def test_max_pooling_same_on_every_backend(layer_cls, rank, backends_under_test):
    assert_same_on_every_backend(
        layer_cls, {"pool_size": 2, "strides": 1, "padding": "same"}, backends_under_test,
        input_shape=(2,) + (3,) * rank + (2,),
    )


def test_max_pooling_config_and_aliases():
    config = layers.MaxPooling2D().get_config()
    assert config["pool_size"] == (2, 2) and config["strides"] == (2, 2)  # strides=None means pool_size
    assert config["padding"] == "valid" and config["data_format"] == "channels_last"
    assert layers.MaxPooling3D(strides=(1, 2, 1)).get_config()["strides"] == (1, 2, 1)
    assert layers.MaxPool1D is layers.MaxPooling1D
    assert layers.MaxPool2D is layers.MaxPooling2D
    assert layers.MaxPool3D is layers.MaxPooling3D


def test_max_pooling_compute_output_shape():
    assert layers.MaxPooling2D(3, strides=2, padding="same").compute_output_shape((None, 7, None, 4)) == (None, 4, None, 4)
    assert layers.MaxPooling1D(2, data_format="channels_first").compute_output_shape((None, 3, 5)) == (None, 3, 2)
    with pytest.raises(ValueError, match=r"MaxPooling1D 'max_pooling1d\w*': the input is too small"):
        layers.MaxPooling1D(3).compute_output_shape((None, 2, 4))


@pytest.mark.parametrize("kwargs, message", [
    ({"pool_size": 0}, r"MaxPooling2D 'max_pooling2d\w*': `pool_size` must be an int or a tuple of 2 ints, each > 0, received pool_size=0"),
    ({"pool_size": (2, 2, 2)}, r"received pool_size=\(2, 2, 2\)"),
    ({"pool_size": 2, "strides": 0}, r"`strides` must be .* received strides=0"),
    ({"pool_size": 2, "padding": "causal"}, r"`padding` must be one of \('valid', 'same'\), received padding='causal'"),
    ({"pool_size": 2, "data_format": "NCHW"}, r"received data_format='NCHW'"),
])
def test_max_pooling_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        layers.MaxPooling2D(**kwargs)


def test_max_pooling_rejects_wrong_rank(backend_name):
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match=r"Layer 'max_pooling2d\w*': input 0 must have rank 4, received shape \(1, 4, 4\)"):
            layers.MaxPooling2D()(np.ones((1, 4, 4), "float32"))


def test_max_pooling_default_pool_size_is_two():
    assert layers.MaxPooling1D().pool_size == (2,) and layers.MaxPooling3D().pool_size == (2, 2, 2)
