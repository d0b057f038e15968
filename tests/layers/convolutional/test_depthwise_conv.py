"""DepthwiseConv1D and DepthwiseConv2D through the layer harness, against a NumPy reference."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers
from layers.convolutional import reference
from layers.harness import assert_same_on_every_backend, run_layer_test

# (layer class, constructor arguments, input shape, expected output shape)
CASES = [
    (layers.DepthwiseConv1D, {"kernel_size": 3, "strides": 2, "depth_multiplier": 2}, (2, 7, 3), (2, 3, 6)),
    (layers.DepthwiseConv1D, {"kernel_size": 2, "padding": "same", "dilation_rate": 2, "use_bias": False,
                              "data_format": "channels_first"}, (2, 3, 5), (2, 3, 5)),
    (layers.DepthwiseConv2D, {"kernel_size": (3, 2), "padding": "same", "strides": 2, "activation": "relu"},
     (2, 5, 4, 2), (2, 3, 2, 2)),
    (layers.DepthwiseConv2D, {"kernel_size": 2, "depth_multiplier": 3, "dilation_rate": (1, 2),
                              "data_format": "channels_first", "depthwise_regularizer": "l2"},
     (2, 2, 4, 5), (2, 6, 3, 3)),
]


def _expected(kwargs):
    data_format = kwargs.get("data_format", "channels_last")
    activation = (lambda y: np.maximum(y, 0.0)) if kwargs.get("activation") == "relu" else (lambda y: y)

    def expected(x, weights):
        y = reference.depthwise_conv(
            x, weights[0], kwargs.get("strides", 1), kwargs.get("padding", "valid"), data_format,
            kwargs.get("dilation_rate", 1),
        )
        if kwargs.get("use_bias", True):
            y = reference.add_bias(y, weights[1], data_format)
        return activation(y)

    return expected


@pytest.mark.parametrize("layer_cls, kwargs, input_shape, output_shape", CASES,
                         ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)])
def test_depthwise_conv(backend_name, layer_cls, kwargs, input_shape, output_shape):
    with mk.backend.use(backend_name):
        run_layer_test(
            layer_cls, kwargs,
            input_shape=input_shape,
            expected_output_shape=output_shape,
            expected_output=_expected(kwargs),
            expected_num_trainable_weights=2 if kwargs.get("use_bias", True) else 1,
            expected_num_non_trainable_weights=0,
            expected_num_losses=1 if "depthwise_regularizer" in kwargs else 0,
            supports_masking=False,
        )


def test_depthwise_conv_weights_match_keras_layout():
    with mk.backend.use("numpy"):
        layer = layers.DepthwiseConv2D(3, depth_multiplier=2)
        layer(np.ones((1, 4, 4, 3), "float32"))
    assert [(w.path.split("/")[-1], w.shape) for w in layer.weights] == [("kernel", (3, 3, 3, 2)), ("bias", (6,))]


def test_depthwise_conv_config():
    config = layers.DepthwiseConv1D(3, depth_multiplier=2).get_config()
    assert config["kernel_size"] == (3,) and config["depth_multiplier"] == 2 and "filters" not in config
    assert {"depthwise_initializer", "depthwise_regularizer", "depthwise_constraint", "bias_constraint"} <= set(config)


@pytest.mark.parametrize("layer_cls", [layers.DepthwiseConv1D, layers.DepthwiseConv2D])
def test_depthwise_conv_same_on_every_backend(layer_cls, backends_under_test):
    rank = 1 if layer_cls is layers.DepthwiseConv1D else 2
    assert_same_on_every_backend(
        layer_cls, {"kernel_size": 3, "padding": "same", "depth_multiplier": 2}, backends_under_test,
        input_shape=(2,) + (5,) * rank + (3,),
    )


@pytest.mark.parametrize("kwargs, message", [
    ({"kernel_size": 3, "depth_multiplier": 0},
     r"DepthwiseConv2D 'depthwise_conv2d\w*': `depth_multiplier` must be a positive int, received depth_multiplier=0"),
    ({"kernel_size": (3,)}, r"`kernel_size` must be an int or a tuple of 2 ints.*received kernel_size=\(3,\)"),
    ({"kernel_size": 3, "padding": "causal"}, r"received padding='causal'"),
    # Keras accepts this combination, but TensorFlow computes it wrongly for depthwise kernels.
    ({"kernel_size": 3, "strides": 2, "dilation_rate": 2}, r"received strides=2 and dilation_rate=2"),
])
def test_depthwise_conv2d_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        layers.DepthwiseConv2D(**kwargs)


def test_depthwise_conv_rejects_wrong_rank_and_channels(backend_name):
    with mk.backend.use(backend_name):
        layer = layers.DepthwiseConv2D(2, data_format="channels_first")
        with pytest.raises(ValueError, match=r"Layer 'depthwise_conv2d\w*': input 0 must have rank 4, received shape \(1, 2, 3\)"):
            layer(np.ones((1, 2, 3), "float32"))
        layer(np.ones((1, 2, 3, 3), "float32"))
        with pytest.raises(ValueError, match=r"must have size 2 on axis 1.*received shape \(1, 4, 3, 3\)"):
            layer(np.ones((1, 4, 3, 3), "float32"))
