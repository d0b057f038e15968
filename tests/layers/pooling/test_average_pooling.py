"""AveragePooling1D/2D/3D through the layer harness on every backend, against a NumPy reference."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers
from layers.harness import assert_same_on_every_backend, run_layer_test
from layers.pooling.pool_reference import pool

# (layer class, constructor arguments, input shape, expected output shape)
CASES = [
    (layers.AveragePooling1D, {"pool_size": 3, "strides": 2}, (2, 7, 3), (2, 3, 3)),
    (layers.AveragePooling1D, {"pool_size": 3, "strides": 2, "padding": "same", "data_format": "channels_first"},
     (2, 3, 6), (2, 3, 3)),
    (layers.AveragePooling2D, {"pool_size": (3, 3), "strides": 2, "padding": "same"}, (2, 5, 4, 2), (2, 3, 2, 2)),
    (layers.AveragePooling2D, {"pool_size": (2, 3), "data_format": "channels_first"}, (2, 2, 5, 6), (2, 2, 2, 2)),
    (layers.AveragePooling3D, {"pool_size": (2, 2, 3), "strides": 1, "padding": "same", "data_format": "channels_first"},
     (2, 2, 3, 3, 4), (2, 2, 3, 3, 4)),
]


@pytest.mark.parametrize("layer_cls, kwargs, input_shape, output_shape", CASES,
                         ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)])
def test_average_pooling(backend_name, layer_cls, kwargs, input_shape, output_shape):
    def expected(x, weights):
        return pool(x, kwargs.get("pool_size", None), kwargs.get("strides"), kwargs.get("padding", "valid"),
                    kwargs.get("data_format", "channels_last"), mode="average")

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


@pytest.mark.parametrize("layer_cls, rank", [(layers.AveragePooling1D, 1), (layers.AveragePooling2D, 2), (layers.AveragePooling3D, 3)])
def test_average_pooling_same_on_every_backend(layer_cls, rank, backends_under_test):
    assert_same_on_every_backend(
        layer_cls, {"pool_size": 2, "strides": 1, "padding": "same"}, backends_under_test,
        input_shape=(2,) + (3,) * rank + (2,),
    )


def test_average_pooling_config_and_aliases():
    config = layers.AveragePooling2D(2).get_config()
    assert config["pool_size"] == (2, 2) and config["strides"] == (2, 2)  # strides=None means pool_size
    assert config["padding"] == "valid" and config["data_format"] == "channels_last"
    assert layers.AveragePooling3D(2, strides=(1, 2, 1)).get_config()["strides"] == (1, 2, 1)
    assert layers.AvgPool1D is layers.AveragePooling1D
    assert layers.AvgPool2D is layers.AveragePooling2D
    assert layers.AvgPool3D is layers.AveragePooling3D


def test_average_pooling_compute_output_shape():
    assert layers.AveragePooling2D(3, strides=2, padding="same").compute_output_shape((None, 7, None, 4)) == (None, 4, None, 4)
    assert layers.AveragePooling1D(2, data_format="channels_first").compute_output_shape((None, 3, 5)) == (None, 3, 2)
    with pytest.raises(ValueError, match=r"AveragePooling1D 'average_pooling1d\w*': the input is too small"):
        layers.AveragePooling1D(3).compute_output_shape((None, 2, 4))


@pytest.mark.parametrize("kwargs, message", [
    ({"pool_size": 0}, r"AveragePooling2D 'average_pooling2d\w*': `pool_size` must be an int or a tuple of 2 ints, each > 0, received pool_size=0"),
    ({"pool_size": (2, 2, 2)}, r"received pool_size=\(2, 2, 2\)"),
    ({"pool_size": 2, "strides": 0}, r"`strides` must be .* received strides=0"),
    ({"pool_size": 2, "padding": "causal"}, r"`padding` must be one of \('valid', 'same'\), received padding='causal'"),
    ({"pool_size": 2, "data_format": "NCHW"}, r"received data_format='NCHW'"),
])
def test_average_pooling_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        layers.AveragePooling2D(**kwargs)


def test_average_pooling_rejects_wrong_rank(backend_name):
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match=r"Layer 'average_pooling2d\w*': input 0 must have rank 4, received shape \(1, 4, 4\)"):
            layers.AveragePooling2D(2)(np.ones((1, 4, 4), "float32"))


def test_average_pooling_requires_pool_size():
    with pytest.raises(TypeError):
        layers.AveragePooling2D()  # as in Keras 3, there is no default window


def test_average_pooling_same_padding_excludes_padded_cells(backend_name):
    x = np.arange(1.0, 6.0, dtype="float32").reshape(1, 5, 1)
    with mk.backend.use(backend_name):
        y = mk.ops.convert_to_numpy(layers.AveragePooling1D(2, padding="same")(x))
    np.testing.assert_allclose(y[0, :, 0], [1.5, 3.5, 5.0])
