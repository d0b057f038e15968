"""Conv1D, Conv2D, Conv3D through the layer harness on every backend, against a direct NumPy reference."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers
from layers.convolutional import reference
from layers.harness import assert_same_on_every_backend, run_layer_test

# (layer class, constructor arguments, input shape, expected output shape, number of losses)
CASES = [
    (layers.Conv1D, {"filters": 3, "kernel_size": 3, "strides": 2}, (2, 7, 4), (2, 3, 3), 0),
    (layers.Conv1D, {"filters": 2, "kernel_size": 2, "padding": "causal", "dilation_rate": 2,
                     "kernel_regularizer": "l2", "bias_regularizer": "l1", "activity_regularizer": "l2"},
     (2, 6, 3), (2, 6, 2), 3),
    (layers.Conv1D, {"filters": 4, "kernel_size": 3, "padding": "same", "groups": 2, "use_bias": False,
                     "data_format": "channels_first"}, (2, 4, 6), (2, 4, 6), 0),
    (layers.Conv1D, {"filters": 2, "kernel_size": 3, "padding": "causal", "data_format": "channels_first"},
     (2, 3, 5), (2, 2, 5), 0),
    (layers.Conv2D, {"filters": 3, "kernel_size": (2, 3), "strides": (2, 1), "padding": "same"},
     (2, 5, 6, 2), (2, 3, 6, 3), 0),
    (layers.Conv2D, {"filters": 2, "kernel_size": 2, "dilation_rate": (2, 1), "activation": "relu",
                     "data_format": "channels_first"}, (2, 3, 5, 4), (2, 2, 3, 3), 0),
    (layers.Conv2D, {"filters": 4, "kernel_size": 3, "groups": 2, "use_bias": False}, (2, 5, 5, 4), (2, 3, 3, 4), 0),
    (layers.Conv3D, {"filters": 2, "kernel_size": 2, "strides": (1, 2, 2), "padding": "same"},
     (2, 3, 4, 5, 2), (2, 3, 2, 3, 2), 0),
    (layers.Conv3D, {"filters": 2, "kernel_size": (2, 1, 2), "dilation_rate": 2, "data_format": "channels_first"},
     (2, 3, 4, 3, 5), (2, 2, 2, 3, 3), 0),
]


def _expected(kwargs):
    """The NumPy reference for one configuration: ``f(x, weights)``."""
    data_format = kwargs.get("data_format", "channels_last")
    activation = np.tanh if kwargs.get("activation") == "tanh" else (
        (lambda y: np.maximum(y, 0.0)) if kwargs.get("activation") == "relu" else (lambda y: y))

    def expected(x, weights):
        y = reference.conv(
            x, weights[0], kwargs.get("strides", 1), kwargs.get("padding", "valid"), data_format,
            kwargs.get("dilation_rate", 1), kwargs.get("groups", 1),
        )
        if kwargs.get("use_bias", True):
            y = reference.add_bias(y, weights[1], data_format)
        return activation(y)

    return expected


@pytest.mark.parametrize("layer_cls, kwargs, input_shape, output_shape, losses", CASES,
                         ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)])
def test_conv(backend_name, layer_cls, kwargs, input_shape, output_shape, losses):
    with mk.backend.use(backend_name):
        run_layer_test(
            layer_cls, kwargs,
            input_shape=input_shape,
            expected_output_shape=output_shape,
            expected_output=_expected(kwargs),
            expected_num_trainable_weights=2 if kwargs.get("use_bias", True) else 1,
            expected_num_non_trainable_weights=0,
            expected_num_losses=losses,
            supports_masking=False,
        )


def test_conv_kernel_layout_is_the_same_in_both_data_formats(backend_name):
    """One kernel, both layouts: channels_first output is the transposed channels_last output."""
    x = np.random.default_rng(1).uniform(-1, 1, (2, 5, 4, 3)).astype("float32")
    with mk.backend.use(backend_name):
        last = layers.Conv2D(2, 3, padding="same")
        y_last = mk.ops.convert_to_numpy(last(x))
        first = layers.Conv2D(2, 3, padding="same", data_format="channels_first")
        first(np.moveaxis(x, -1, 1))
        first.set_weights(last.get_weights())
        y_first = mk.ops.convert_to_numpy(first(np.moveaxis(x, -1, 1)))
    assert first.kernel.shape == last.kernel.shape == (3, 3, 3, 2)
    np.testing.assert_allclose(np.moveaxis(y_first, 1, -1), y_last, rtol=1e-5, atol=1e-5)


def test_conv_default_data_format_follows_config(restore_global_state):
    mk.config.set_image_data_format("channels_first")
    assert layers.Conv2D(2, 3).data_format == "channels_first"
    assert layers.Conv2D(2, 3).compute_output_shape((None, 3, 8, 8)) == (None, 2, 6, 6)


def test_conv_config_matches_keras_keys():
    config = layers.Conv2D(4, 3, padding="SAME").get_config()
    assert config["kernel_size"] == (3, 3) and config["strides"] == (1, 1) and config["dilation_rate"] == (1, 1)
    assert config["padding"] == "same" and config["activation"] == "linear" and config["groups"] == 1
    assert {"filters", "data_format", "use_bias", "kernel_initializer", "bias_initializer", "kernel_regularizer",
            "bias_regularizer", "kernel_constraint", "bias_constraint"} <= set(config)


def test_conv_aliases():
    assert layers.Convolution1D is layers.Conv1D
    assert layers.Convolution2D is layers.Conv2D
    assert layers.Convolution3D is layers.Conv3D


def test_conv_compute_output_shape_with_unknown_dims():
    assert layers.Conv2D(2, 3, strides=2).compute_output_shape((None, None, 9, 3)) == (None, None, 4, 2)
    assert layers.Conv1D(2, 3, padding="causal", strides=2).compute_output_shape((None, 5, 3)) == (None, 3, 2)


@pytest.mark.parametrize("layer_cls", [layers.Conv1D, layers.Conv2D, layers.Conv3D])
def test_conv_same_on_every_backend(layer_cls, backends_under_test):
    rank = {layers.Conv1D: 1, layers.Conv2D: 2, layers.Conv3D: 3}[layer_cls]
    assert_same_on_every_backend(
        layer_cls, {"filters": 2, "kernel_size": 2, "padding": "same", "activation": "tanh"}, backends_under_test,
        input_shape=(2,) + (4,) * rank + (3,),
    )


@pytest.mark.parametrize("kwargs, message", [
    ({"filters": 0, "kernel_size": 3}, r"Conv2D 'conv2d\w*': `filters` must be a positive int, received filters=0"),
    ({"filters": -2, "kernel_size": 3}, r"received filters=-2"),
    ({"filters": 2.5, "kernel_size": 3}, r"received filters=2.5"),
    ({"filters": 2, "kernel_size": 0}, r"`kernel_size` must be an int or a tuple of 2 ints.*received kernel_size=0"),
    ({"filters": 2, "kernel_size": (3, 3, 3)}, r"received kernel_size=\(3, 3, 3\)"),
    ({"filters": 2, "kernel_size": 3, "strides": 0}, r"received strides=0"),
    ({"filters": 2, "kernel_size": 3, "padding": "causal"}, r"`padding` must be one of \('valid', 'same'\), received padding='causal'"),
    ({"filters": 2, "kernel_size": 3, "padding": "full"}, r"received padding='full'"),
    ({"filters": 2, "kernel_size": 3, "data_format": "NHWC"}, r"received data_format='NHWC'"),
    ({"filters": 2, "kernel_size": 3, "strides": 2, "dilation_rate": 2}, r"received strides=2 and dilation_rate=2"),
    ({"filters": 3, "kernel_size": 3, "groups": 2}, r"`filters` must be a multiple of `groups`, received filters=3 and groups=2"),
    ({"filters": 2, "kernel_size": 3, "groups": 0}, r"received groups=0"),
])
def test_conv2d_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        layers.Conv2D(**kwargs)


def test_conv1d_rejects_bad_padding_name():
    with pytest.raises(ValueError, match=r"Conv1D 'conv1d\w*'.*\('valid', 'same', 'causal'\), received padding='full'"):
        layers.Conv1D(2, 3, padding="full")


def test_conv_rejects_wrong_rank(backend_name):
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match=r"Layer 'conv2d\w*': input 0 must have rank 4, received shape \(2, 5, 3\)"):
            layers.Conv2D(2, 3)(np.ones((2, 5, 3), "float32"))


def test_conv_rejects_wrong_channels(backend_name):
    with mk.backend.use(backend_name):
        layer = layers.Conv1D(2, 3)
        layer(np.ones((1, 5, 3), "float32"))
        with pytest.raises(ValueError, match=r"Layer 'conv1d\w*': input 0 must have size 3 on axis -1.*received shape \(1, 5, 4\)"):
            layer(np.ones((1, 5, 4), "float32"))


def test_conv_rejects_channels_not_divisible_by_groups(backend_name):
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match=r"Conv2D 'conv2d\w*': the input channels must be a multiple of groups=2, "
                                             r"received input shape \(1, 5, 5, 3\)"):
            layers.Conv2D(4, 3, groups=2)(np.ones((1, 5, 5, 3), "float32"))


def test_conv_rejects_input_smaller_than_kernel(backend_name):
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match=r"Conv1D 'conv1d\w*': the input is too small; the output spatial size "
                                             r"would be \(-1,\)\. Received input shape \(1, 2, 3\)"):
            layers.Conv1D(2, 4)(np.ones((1, 2, 3), "float32"))
    with pytest.raises(ValueError, match=r"too small"):
        layers.Conv2D(2, 3).compute_output_shape((None, 2, 8, 1))


def test_conv_symbolic_input_with_unknown_channels_is_rejected():
    with pytest.raises(ValueError, match=r"the channel dimension of the inputs must be known, received shape \(None, 5, None\)"):
        layers.Conv1D(2, 3).build((None, 5, None))
