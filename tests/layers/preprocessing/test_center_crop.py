"""CenterCrop through the layer harness on every backend: crops, data formats, smaller images, dtypes and
argument checks."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops
from layers.harness import assert_same_on_every_backend, run_layer_test
from layers.preprocessing.image_reference import channels_first, crop_to_aspect_ratio, resize


def _crop(x, height, width):
    top, left = (x.shape[1] - height) // 2, (x.shape[2] - width) // 2
    return x[:, top:top + height, left:left + width]


@pytest.mark.parametrize("height, width", [(2, 3), (4, 6)])
def test_center_crop(backend_name, height, width):
    with mk.backend.use(backend_name):
        run_layer_test(
            layers.CenterCrop, {"height": height, "width": width},
            input_shape=(2, 4, 6, 3),
            expected_output_shape=(2, height, width, 3),
            expected_num_trainable_weights=0,
            expected_num_non_trainable_weights=0,
            supports_masking=False,
            expected_output=lambda x, w: _crop(x, height, width),
        )


def test_center_crop_channels_first_and_integer_images(backend_name):
    with mk.backend.use(backend_name):
        run_layer_test(
            layers.CenterCrop, {"height": 2, "width": 3, "data_format": "channels_first"},
            input_shape=(2, 3, 4, 6), input_dtype="uint8",
            expected_output_shape=(2, 3, 2, 3),
            expected_output_dtype="float32",  # Keras casts images to the compute dtype
            expected_output=lambda x, w: channels_first(_crop)(x, 2, 3),
        )


def test_single_image_and_observed_values(backend_name):
    image = np.arange(24, dtype="float32").reshape(4, 6, 1)
    with mk.backend.use(backend_name):
        np.testing.assert_array_equal(
            ops.convert_to_numpy(layers.CenterCrop(2, 3)(image))[:, :, 0], [[7, 8, 9], [13, 14, 15]]
        )
        np.testing.assert_array_equal(
            ops.convert_to_numpy(layers.CenterCrop(3, 3)(image))[:, :, 0], [[1, 2, 3], [7, 8, 9], [13, 14, 15]]
        )
        assert layers.CenterCrop(3, 3).compute_output_shape((4, 6, 1)) == (3, 3, 1)


def test_smaller_images_are_cropped_to_the_aspect_ratio_and_resized(backend_name):
    with mk.backend.use(backend_name):
        run_layer_test(
            layers.CenterCrop, {"height": 5, "width": 2},
            input_shape=(2, 4, 6, 3),
            expected_output_shape=(2, 5, 2, 3),
            expected_output=lambda x, w: resize(crop_to_aspect_ratio(x, 5, 2), 5, 2),
        )
        images = np.random.default_rng(3).uniform(size=(2, 4, 6, 3)).astype("float32")
        np.testing.assert_allclose(
            ops.convert_to_numpy(layers.CenterCrop(8, 8)(images)),
            resize(crop_to_aspect_ratio(images, 8, 8), 8, 8), rtol=1e-5, atol=1e-6,
        )


def test_center_crop_same_on_every_backend(backends_under_test):
    assert_same_on_every_backend(layers.CenterCrop, {"height": 3, "width": 2}, backends_under_test, input_shape=(2, 4, 6, 3))
    assert_same_on_every_backend(layers.CenterCrop, {"height": 6, "width": 6}, backends_under_test, input_shape=(2, 4, 6, 3))


def test_rejects_bad_arguments_and_inputs(backend_name):
    with pytest.raises(ValueError, match=r"CenterCrop '\w+': `height` must be a positive int, received height=-1"):
        layers.CenterCrop(-1, 2)
    with pytest.raises(ValueError, match=r"CenterCrop '\w+': `width` must be a positive int, received width=None"):
        layers.CenterCrop(2, None)
    with pytest.raises(ValueError, match=r"CenterCrop '\w+': `data_format` must be one of .* received data_format='nchw'"):
        layers.CenterCrop(2, 2, data_format="nchw")
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match=r"Layer 'crop_rank': input 0 must have rank >= 3, received shape \(4, 6\)"):
            layers.CenterCrop(2, 2, name="crop_rank")(np.ones((4, 6), "float32"))
    with pytest.raises(ValueError, match=r"CenterCrop '\w+': expected images of rank 3 .* received shape \(None, 4\)"):
        layers.CenterCrop(2, 2).compute_output_shape((None, 4))
