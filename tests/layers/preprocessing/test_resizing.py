"""Resizing through the layer harness on every backend: interpolations, aspect-ratio crop/pad, data formats,
integer images, and argument checks."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops
from layers.harness import assert_same_on_every_backend, run_layer_test
from layers.preprocessing.image_reference import channels_first, crop_to_aspect_ratio, pad_to_aspect_ratio, resize


@pytest.mark.parametrize("height, width, interpolation", [(5, 9, "bilinear"), (3, 4, "nearest")])
def test_resizing_float_images(backend_name, height, width, interpolation):
    with mk.backend.use(backend_name):
        run_layer_test(
            layers.Resizing, {"height": height, "width": width, "interpolation": interpolation},
            input_shape=(2, 4, 6, 3),
            expected_output_shape=(2, height, width, 3),
            expected_num_trainable_weights=0,
            expected_num_non_trainable_weights=0,
            supports_masking=False,
            expected_output=lambda x, w: resize(x, height, width, interpolation),
        )


def test_resizing_channels_first_single_image(backend_name):
    image = np.random.default_rng(0).uniform(size=(3, 4, 6)).astype("float32")
    with mk.backend.use(backend_name):
        layer = layers.Resizing(2, 3, data_format="channels_first")
        output = ops.convert_to_numpy(layer(image))
        reference = channels_first(lambda x: resize(x, 2, 3))(image[None])[0]
        np.testing.assert_allclose(output, reference, rtol=1e-5, atol=1e-6)
        assert layer.compute_output_shape((3, 4, 6)) == (3, 2, 3)


def test_resizing_to_aspect_ratio(backend_name):
    with mk.backend.use(backend_name):
        run_layer_test(
            layers.Resizing, {"height": 4, "width": 4, "crop_to_aspect_ratio": True},
            input_shape=(2, 4, 6, 3),
            expected_output_shape=(2, 4, 4, 3),
            expected_output=lambda x, w: resize(crop_to_aspect_ratio(x, 4, 4), 4, 4),
        )
        run_layer_test(
            layers.Resizing,
            {"height": 8, "width": 5, "pad_to_aspect_ratio": True, "fill_value": -1.0, "data_format": "channels_first"},
            input_shape=(2, 3, 4, 6),
            expected_output_shape=(2, 3, 8, 5),
            expected_output=lambda x, w: channels_first(lambda i: resize(pad_to_aspect_ratio(i, 8, 5, -1.0), 8, 5))(x),
        )


def test_aspect_ratio_values_observed_with_keras(backend_name):
    image = np.arange(24, dtype="float32").reshape(1, 4, 6, 1)
    with mk.backend.use(backend_name):
        cropped = ops.convert_to_numpy(layers.Resizing(4, 4, crop_to_aspect_ratio=True)(image))[0, :, :, 0]
        np.testing.assert_allclose(cropped, [[1, 2, 3, 4], [7, 8, 9, 10], [13, 14, 15, 16], [19, 20, 21, 22]])
        padded = ops.convert_to_numpy(layers.Resizing(4, 4, pad_to_aspect_ratio=True, fill_value=-1.0)(image))[0, :, :, 0]
        np.testing.assert_allclose(padded[0], [-0.6875, -0.3125, 0.0625, 0.4375], rtol=1e-6)
        np.testing.assert_allclose(padded[1], [4.75, 6.25, 7.75, 9.25], rtol=1e-6)
        # Keras pads floor((7 - 6) / 2) = 0 columns per side for 4x6 -> 5x9, so nothing is padded.
        unpadded = ops.convert_to_numpy(layers.Resizing(5, 9, pad_to_aspect_ratio=True, fill_value=-1.0)(image))
        np.testing.assert_allclose(unpadded, ops.convert_to_numpy(layers.Resizing(5, 9)(image)), rtol=1e-6)


def test_integer_images_keep_their_dtype(backend_name):
    # Multiples of 4 downscaled by 2: every bilinear output is an exact integer, so rounding cannot differ.
    data = (np.random.default_rng(2).integers(0, 64, size=(2, 4, 4, 3)) * 4).astype("uint8")
    with mk.backend.use(backend_name):
        for interpolation in ("nearest", "bilinear"):
            run_layer_test(
                layers.Resizing, {"height": 2, "width": 2, "interpolation": interpolation},
                input_data=data, expected_output_dtype="uint8",
                expected_output=lambda x, w: resize(x, 2, 2, interpolation).round(),
            )
        # Overshooting kernels saturate at the dtype's range instead of wrapping around.
        spike = np.zeros((1, 4, 4, 1), "uint8")
        spike[0, 1:3, 1:3, 0] = 255
        output = ops.convert_to_numpy(layers.Resizing(7, 7, interpolation="lanczos3")(spike))
        assert output.dtype == np.uint8 and output.max() == 255 and output.min() == 0


@pytest.mark.parametrize("init_kwargs, input_shape", [
    ({"height": 3, "width": 5, "interpolation": "bicubic"}, (2, 4, 6, 3)),
    ({"height": 3, "width": 5, "interpolation": "lanczos3"}, (2, 4, 6, 3)),
    ({"height": 2, "width": 3, "interpolation": "lanczos5", "antialias": True}, (2, 4, 6, 3)),
    ({"height": 5, "width": 3, "pad_to_aspect_ratio": True, "fill_value": 0.5, "data_format": "channels_first"},
     (2, 3, 4, 6)),
])
def test_resizing_same_on_every_backend(backends_under_test, init_kwargs, input_shape):
    # TensorFlow's bicubic kernel differs from the others' by up to ~7e-4 (reported as an ops discrepancy).
    tolerance = {"float32": (1e-3, 1e-3)} if init_kwargs.get("interpolation") == "bicubic" else None
    assert_same_on_every_backend(layers.Resizing, init_kwargs, backends_under_test, input_shape=input_shape,
                                 tolerance=tolerance)


def test_rejects_bad_arguments_and_inputs(backend_name):
    for kwargs, message in [
        ({"height": 0, "width": 2}, r"`height` must be a positive int, received height=0"),
        ({"height": 2, "width": 2.5}, r"`width` must be a positive int, received width=2.5"),
        ({"height": 2, "width": 2, "interpolation": "area"}, r"`interpolation` must be one of .* received interpolation='area'"),
        ({"height": 2, "width": 2, "crop_to_aspect_ratio": True, "pad_to_aspect_ratio": True},
         r"only one of `crop_to_aspect_ratio` and `pad_to_aspect_ratio` can be True"),
        ({"height": 2, "width": 2, "fill_mode": "reflect"}, r"only fill_mode='constant' is supported, received fill_mode='reflect'"),
        ({"height": 2, "width": 2, "data_format": "NHWC"}, r"`data_format` must be one of .* received data_format='NHWC'"),
    ]:
        with pytest.raises(ValueError, match=r"Resizing '\w+': " + message):
            layers.Resizing(**kwargs)
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match=r"Layer 'resize_rank': input 0 must have rank >= 3, received shape \(4, 6\)"):
            layers.Resizing(2, 2, name="resize_rank")(np.ones((4, 6), "float32"))
        with pytest.raises(ValueError, match=r"Layer 'resize_rank5': input 0 must have rank <= 4, received shape \(1, 2, 4, 6, 3\)"):
            layers.Resizing(2, 2, name="resize_rank5")(np.ones((1, 2, 4, 6, 3), "float32"))
