"""RandomContrast and RandomBrightness on every backend: the documented formulas computed from the layer's own random
draws, value ranges, integer images, inference and argument checks."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import ops
from multikeras.layers.preprocessing.image_augmentation import RandomBrightness, RandomContrast
from layers.harness import run_layer_test
from layers.preprocessing.augmentation_reference import layer_draws

RNG = np.random.default_rng(1)
IMAGES = RNG.uniform(0, 255, (4, 3, 5, 2)).astype("float32")


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _contrast_reference(images, factor, value_range, seed, spatial_axes=(1, 2)):
    lower, upper = factor
    (contrast,) = layer_draws(seed, [((images.shape[0], 1, 1, 1), max(0.0, 1 - lower), 1 + upper)])
    mean = images.astype("float64").mean(axis=spatial_axes, keepdims=True)
    return np.clip((images - mean) * contrast + mean, *value_range)


@pytest.mark.parametrize("factor, expected_factor", [(0.6, (0, 0.6)), ((0.5, 0.2), (0.2, 0.5)), ((-0.5, 0.5), (-0.5, 0.5))])
def test_random_contrast_formula_from_its_draws(backend_name, factor, expected_factor):
    # No weights: the harness's training step has nothing to check (it skips layers without trainable weights).
    with mk.backend.use(backend_name):
        expected = _contrast_reference(IMAGES, expected_factor, (0, 255), 3)
        run_layer_test(
            RandomContrast, {"factor": factor, "seed": 3}, input_data=IMAGES, call_kwargs={"training": True},
            expected_output_shape=IMAGES.shape, expected_num_trainable_weights=0,
            expected_num_non_trainable_weights=0, supports_masking=False,
            run_functional_check=False,  # each call draws afresh
            expected_output=lambda x, w: expected, tolerance=(1e-5, 1e-3),
        )
        assert RandomContrast(factor).get_config()["factor"] == expected_factor


def test_random_contrast_channels_first_integers_and_statistics(backend_name):
    images = IMAGES.transpose(0, 3, 1, 2)
    with mk.backend.use(backend_name):
        expected = _contrast_reference(images, (0.2, 0.3), (0, 1), 4, spatial_axes=(2, 3))
        out = _np(RandomContrast((0.2, 0.3), value_range=(0, 1), seed=4, data_format="channels_first")(images))
        np.testing.assert_allclose(out, expected, atol=1e-5)
        assert out.max() <= 1.0
        # Integer images come out in the compute dtype in training, unchanged outside it.
        ints = IMAGES.astype("uint8")
        layer = RandomContrast(0.5, seed=1)
        assert mk.backend.standardize_dtype(ops.dtype(layer(ints))) == "float32"
        kept = layer(ints, training=False)
        assert mk.backend.standardize_dtype(ops.dtype(kept)) == "uint8"
        np.testing.assert_array_equal(_np(kept), ints)
        # Contrast factors drawn per image, all within [1 - 0, 1 + 0.5] for factor=0.5.
        many = RNG.uniform(50, 200, (200, 2, 2, 1)).astype("float32")
        out = _np(RandomContrast(0.5, seed=8)(many))
        mean = many.mean(axis=(1, 2), keepdims=True)
        ratio = ((out - mean) / (many - mean))[:, 0, 0, 0]
        assert 0.99 < ratio.min() < 1.05 and 1.45 < ratio.max() < 1.51


def _brightness_reference(images, factor, value_range, seed):
    low, high = value_range
    (delta,) = layer_draws(seed, [((images.shape[0], 1, 1, 1), factor[0] * (high - low), factor[1] * (high - low))])
    return np.clip(images + delta, low, high), delta


@pytest.mark.parametrize("factor, value_range", [(0.3, (0, 255)), ((-0.2, 0.6), (0, 255)), ((0.1, 0.2), (1.0, -1.0))])
def test_random_brightness_formula_from_its_draws(backend_name, factor, value_range):
    ranges = {0.3: (-0.3, 0.3)}
    pair = ranges.get(factor, factor) if not isinstance(factor, tuple) else tuple(sorted(factor))
    images = IMAGES if value_range == (0, 255) else IMAGES / 127.5 - 1
    with mk.backend.use(backend_name):
        expected, _ = _brightness_reference(images, pair, tuple(sorted(value_range)), 6)
        run_layer_test(
            RandomBrightness, {"factor": factor, "value_range": value_range, "seed": 6}, input_data=images,
            call_kwargs={"training": True}, expected_output_shape=images.shape,
            expected_num_non_trainable_weights=0, run_functional_check=False,
            expected_output=lambda x, w: expected, tolerance=(1e-5, 1e-4),
        )
        config = RandomBrightness(factor, value_range=value_range).get_config()
        assert config["factor"] == pair and config["value_range"] == sorted(value_range)


def test_random_brightness_integer_images_single_images_and_inference(backend_name):
    ints = np.full((3, 2, 2, 1), 250, "uint8")
    ints[1] = 3
    with mk.backend.use(backend_name):
        _, delta = _brightness_reference(ints.astype("float32"), (-0.4, 0.4), (0, 255), 2)
        out = RandomBrightness(0.4, seed=2)(ints)
        assert mk.backend.standardize_dtype(ops.dtype(out)) == "uint8"
        # Whole steps of the offset (truncated toward zero), clipped without wrapping around.
        expected = np.clip(ints + np.trunc(delta), 0, 255).astype("uint8")
        np.testing.assert_array_equal(_np(out), expected)
        kept = RandomBrightness(0.4)(ints, training=False)
        np.testing.assert_array_equal(_np(kept), ints)
        single = _np(RandomBrightness((0.5, 0.5), value_range=(0, 1))(IMAGES[0] / 255))
        np.testing.assert_allclose(single, np.clip(IMAGES[0] / 255 + 0.5, 0, 1), atol=1e-6)
        model = mk.Sequential([mk.Input(IMAGES.shape[1:]), RandomBrightness(0.5), RandomContrast(0.5)])
        np.testing.assert_array_equal(model.predict(IMAGES, verbose=0), IMAGES)


@pytest.mark.parametrize("make, words", [
    (lambda: RandomContrast(-0.1), "factor=-0.1"),
    (lambda: RandomContrast(1.5), "[0, 1]"),
    (lambda: RandomContrast((0.5, -0.5)), "factor=(0.5, -0.5)"),
    (lambda: RandomContrast("a"), "factor='a'"),
    (lambda: RandomBrightness(1.5), "[-1, 1]"),
    (lambda: RandomBrightness((0.1, 0.2, 0.3)), "list of two numbers"),
    (lambda: RandomBrightness((1.5, 2.0)), "factor=(1.5, 2.0)"),
    (lambda: RandomBrightness(0.5, value_range=(0, 1, 2)), "value_range=(0, 1, 2)"),
])
def test_bad_arguments(make, words):
    with pytest.raises(ValueError) as info:
        make()
    assert words in str(info.value), str(info.value)
