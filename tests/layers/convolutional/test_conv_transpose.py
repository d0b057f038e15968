"""Conv1DTranspose, Conv2DTranspose, Conv3DTranspose through the layer harness, against a NumPy reference."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers
from layers.convolutional import reference
from layers.harness import assert_same_on_every_backend, run_layer_test

# (layer class, constructor arguments, input shape, expected output shape)
CASES = [
    (layers.Conv1DTranspose, {"filters": 3, "kernel_size": 3, "strides": 2}, (2, 4, 2), (2, 9, 3)),
    (layers.Conv1DTranspose, {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same", "output_padding": 1,
                              "data_format": "channels_first"}, (2, 3, 4), (2, 2, 8)),
    (layers.Conv2DTranspose, {"filters": 2, "kernel_size": (3, 2), "strides": (2, 1), "padding": "same"},
     (2, 3, 4, 3), (2, 6, 4, 2)),
    (layers.Conv2DTranspose, {"filters": 3, "kernel_size": 2, "dilation_rate": 2, "use_bias": False,
                              "activation": "relu", "data_format": "channels_first"}, (2, 2, 3, 3), (2, 3, 5, 5)),
    (layers.Conv2DTranspose, {"filters": 2, "kernel_size": 3, "strides": 3, "output_padding": (2, 0)},
     (2, 2, 3, 2), (2, 8, 9, 2)),
    (layers.Conv3DTranspose, {"filters": 2, "kernel_size": 2, "strides": (2, 1, 2), "padding": "same"},
     (2, 2, 3, 2, 2), (2, 4, 3, 4, 2)),
]


def _expected(kwargs):
    data_format = kwargs.get("data_format", "channels_last")
    activation = (lambda y: np.maximum(y, 0.0)) if kwargs.get("activation") == "relu" else (lambda y: y)

    def expected(x, weights):
        y = reference.conv_transpose(
            x, weights[0], kwargs.get("strides", 1), kwargs.get("padding", "valid"), kwargs.get("output_padding"),
            data_format, kwargs.get("dilation_rate", 1),
        )
        if kwargs.get("use_bias", True):
            y = reference.add_bias(y, weights[1], data_format)
        return activation(y)

    return expected


@pytest.mark.parametrize("layer_cls, kwargs, input_shape, output_shape", CASES,
                         ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)])
def test_conv_transpose(backend_name, layer_cls, kwargs, input_shape, output_shape):
    with mk.backend.use(backend_name):
        run_layer_test(
            layer_cls, kwargs,
            input_shape=input_shape,
            expected_output_shape=output_shape,
            expected_output=_expected(kwargs),
            expected_num_trainable_weights=2 if kwargs.get("use_bias", True) else 1,
            expected_num_non_trainable_weights=0,
            expected_num_losses=0,
            supports_masking=False,
        )


def test_conv_transpose_kernel_layout():
    with mk.backend.use("numpy"):
        layer = layers.Conv2DTranspose(5, 3)
        layer(np.ones((1, 4, 4, 2), "float32"))
    assert layer.kernel.shape == (3, 3, 5, 2)  # (*kernel_size, filters, in_channels), as in Keras


def test_conv_transpose_config():
    config = layers.Conv2DTranspose(4, 3, strides=2, output_padding=1).get_config()
    assert config["output_padding"] == (1, 1) and config["strides"] == (2, 2) and "groups" not in config
    assert list(config).index("output_padding") == list(config).index("padding") + 1
    assert layers.Conv1DTranspose(4, 3).get_config()["output_padding"] is None


def test_conv3d_transpose_positional_order_matches_keras():
    layer = layers.Conv3DTranspose(2, 3, 1, "valid", "channels_first")  # data_format before output_padding
    assert layer.data_format == "channels_first" and layer.output_padding is None


def test_conv_transpose_aliases():
    assert layers.Convolution1DTranspose is layers.Conv1DTranspose
    assert layers.Convolution2DTranspose is layers.Conv2DTranspose
    assert layers.Convolution3DTranspose is layers.Conv3DTranspose


def test_conv_transpose_compute_output_shape():
    layer = layers.Conv2DTranspose(4, 3, strides=2, padding="same", data_format="channels_first")
    assert layer.compute_output_shape((None, 3, 4, None)) == (None, 4, 8, None)
    assert layers.Conv2DTranspose(4, 3, strides=2, padding="same", output_padding=0).compute_output_shape(
        (None, 5, 5, 3)) == (None, 9, 9, 4)


@pytest.mark.parametrize("layer_cls", [layers.Conv1DTranspose, layers.Conv2DTranspose, layers.Conv3DTranspose])
def test_conv_transpose_same_on_every_backend(layer_cls, backends_under_test):
    rank = {layers.Conv1DTranspose: 1, layers.Conv2DTranspose: 2, layers.Conv3DTranspose: 3}[layer_cls]
    assert_same_on_every_backend(
        layer_cls, {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same"}, backends_under_test,
        input_shape=(2,) + (3,) * rank + (2,),
    )


@pytest.mark.parametrize("kwargs, message", [
    ({"filters": 0, "kernel_size": 3}, r"Conv2DTranspose 'conv2d_transpose\w*': `filters` must be a positive int, received filters=0"),
    ({"filters": 2, "kernel_size": 3, "strides": 2, "output_padding": 2},
     r"each `output_padding` must be smaller than the stride, received output_padding=2 and strides=2"),
    ({"filters": 2, "kernel_size": 3, "output_padding": -1}, r"`output_padding` must be .*>= 0, received output_padding=-1"),
    ({"filters": 2, "kernel_size": 3, "padding": "causal"}, r"received padding='causal'"),
    ({"filters": 2, "kernel_size": 3, "strides": 2, "dilation_rate": 2}, r"received strides=2 and dilation_rate=2"),
    ({"filters": 2, "kernel_size": 3, "data_format": "channels_middle"}, r"received data_format='channels_middle'"),
])
def test_conv2d_transpose_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        layers.Conv2DTranspose(**kwargs)


def test_conv_transpose_rejects_wrong_rank_and_channels(backend_name):
    with mk.backend.use(backend_name):
        layer = layers.Conv1DTranspose(2, 3)
        with pytest.raises(ValueError, match=r"Layer 'conv1d_transpose\w*': input 0 must have rank 3, received shape \(2, 4\)"):
            layer(np.ones((2, 4), "float32"))
        layer(np.ones((1, 4, 3), "float32"))
        with pytest.raises(ValueError, match=r"must have size 3 on axis -1.*received shape \(1, 4, 2\)"):
            layer(np.ones((1, 4, 2), "float32"))
