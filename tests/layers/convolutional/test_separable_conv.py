"""SeparableConv1D and SeparableConv2D through the layer harness, against a NumPy reference."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers
from layers.convolutional import reference
from layers.harness import assert_same_on_every_backend, run_layer_test

# (layer class, constructor arguments, input shape, expected output shape)
CASES = [
    (layers.SeparableConv1D, {"filters": 3, "kernel_size": 3, "strides": 2, "depth_multiplier": 2},
     (2, 7, 2), (2, 3, 3)),
    (layers.SeparableConv1D, {"filters": 2, "kernel_size": 2, "padding": "same", "dilation_rate": 2,
                              "use_bias": False, "data_format": "channels_first"}, (2, 3, 5), (2, 2, 5)),
    (layers.SeparableConv2D, {"filters": 4, "kernel_size": 3, "padding": "same", "activation": "relu",
                              "pointwise_regularizer": "l1", "depthwise_regularizer": "l2"},
     (2, 4, 5, 3), (2, 4, 5, 4)),
    (layers.SeparableConv2D, {"filters": 2, "kernel_size": (2, 3), "strides": (1, 2), "depth_multiplier": 2,
                              "data_format": "channels_first"}, (2, 2, 4, 6), (2, 2, 3, 2)),
]


def _expected(kwargs):
    data_format = kwargs.get("data_format", "channels_last")
    activation = (lambda y: np.maximum(y, 0.0)) if kwargs.get("activation") == "relu" else (lambda y: y)

    def expected(x, weights):
        y = reference.separable_conv(
            x, weights[0], weights[1], kwargs.get("strides", 1), kwargs.get("padding", "valid"), data_format,
            kwargs.get("dilation_rate", 1),
        )
        if kwargs.get("use_bias", True):
            y = reference.add_bias(y, weights[2], data_format)
        return activation(y)

    return expected


@pytest.mark.parametrize("layer_cls, kwargs, input_shape, output_shape", CASES,
                         ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)])
def test_separable_conv(backend_name, layer_cls, kwargs, input_shape, output_shape):
    with mk.backend.use(backend_name):
        run_layer_test(
            layer_cls, kwargs,
            input_shape=input_shape,
            expected_output_shape=output_shape,
            expected_output=_expected(kwargs),
            expected_num_trainable_weights=3 if kwargs.get("use_bias", True) else 2,
            expected_num_non_trainable_weights=0,
            expected_num_losses=sum(key.endswith("_regularizer") for key in kwargs),
            supports_masking=False,
        )


def test_separable_conv_weights_match_keras_layout():
    with mk.backend.use("numpy"):
        layer = layers.SeparableConv2D(5, 3, depth_multiplier=2)
        layer(np.ones((1, 4, 4, 3), "float32"))
    assert [(w.path.split("/")[-1], w.shape) for w in layer.weights] == [
        ("depthwise_kernel", (3, 3, 3, 2)), ("pointwise_kernel", (1, 1, 6, 5)), ("bias", (5,))]


def test_separable_conv_config_and_aliases():
    config = layers.SeparableConv1D(4, 3).get_config()
    assert config["filters"] == 4 and config["kernel_size"] == (3,) and config["depth_multiplier"] == 1
    assert {"pointwise_initializer", "pointwise_regularizer", "pointwise_constraint"} <= set(config)
    assert layers.SeparableConvolution1D is layers.SeparableConv1D
    assert layers.SeparableConvolution2D is layers.SeparableConv2D


@pytest.mark.parametrize("layer_cls", [layers.SeparableConv1D, layers.SeparableConv2D])
def test_separable_conv_same_on_every_backend(layer_cls, backends_under_test):
    rank = 1 if layer_cls is layers.SeparableConv1D else 2
    assert_same_on_every_backend(
        layer_cls, {"filters": 3, "kernel_size": 2, "padding": "same", "depth_multiplier": 2}, backends_under_test,
        input_shape=(2,) + (4,) * rank + (2,),
    )


@pytest.mark.parametrize("kwargs, message", [
    ({"filters": -1, "kernel_size": 3}, r"SeparableConv2D 'separable_conv2d\w*': `filters` must be a positive int, received filters=-1"),
    ({"filters": 2, "kernel_size": 3, "depth_multiplier": 1.5}, r"received depth_multiplier=1.5"),
    ({"filters": 2, "kernel_size": 3, "padding": "causal"}, r"received padding='causal'"),
    ({"filters": 2, "kernel_size": 3, "strides": 2, "dilation_rate": 2}, r"received strides=2 and dilation_rate=2"),
])
def test_separable_conv2d_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        layers.SeparableConv2D(**kwargs)


def test_separable_conv_rejects_wrong_rank_and_channels(backend_name):
    with mk.backend.use(backend_name):
        layer = layers.SeparableConv1D(2, 2)
        with pytest.raises(ValueError, match=r"Layer 'separable_conv1d\w*': input 0 must have rank 3, received shape \(1, 2, 3, 4\)"):
            layer(np.ones((1, 2, 3, 4), "float32"))
        layer(np.ones((1, 4, 3), "float32"))
        with pytest.raises(ValueError, match=r"must have size 3 on axis -1.*received shape \(1, 4, 1\)"):
            layer(np.ones((1, 4, 1), "float32"))
