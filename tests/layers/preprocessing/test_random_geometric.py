"""RandomFlip, RandomRotation, RandomZoom, RandomTranslation and RandomCrop on every backend: the harness, NumPy
references computed from the layer's own random draws, data formats, single images, inference and argument checks."""

from __future__ import annotations

import math

import numpy as np
import pytest

import multikeras as mk
from multikeras import ops
from multikeras.layers.preprocessing.image_augmentation import (
    RandomCrop,
    RandomFlip,
    RandomRotation,
    RandomTranslation,
    RandomZoom,
)
from layers.harness import run_layer_test
from layers.preprocessing.augmentation_reference import (
    affine_sample,
    layer_draws,
    rotation_matrix,
    translation_matrix,
    zoom_matrix,
)
from layers.preprocessing.image_reference import crop_to_aspect_ratio, resize

RNG = np.random.default_rng(0)
IMAGES = RNG.uniform(0, 1, (3, 5, 6, 2)).astype("float32")


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


# RandomFlip -----------------------------------------------------------------------------------------------------


def _flip_reference(images, mode, seed):
    (draws,) = layer_draws(seed, [((images.shape[0], 1, 1, 1), 0.0, 1.0)])
    axes = {"horizontal": (2,), "vertical": (1,), "horizontal_and_vertical": (1, 2)}[mode]
    return np.where(draws < 0.5, np.flip(images, axes), images)


@pytest.mark.parametrize("mode", ["horizontal", "vertical", "horizontal_and_vertical"])
def test_random_flip_matches_reference_from_its_draws(backend_name, mode):
    # No weights: the harness's training step has nothing to check (it skips layers without trainable weights).
    with mk.backend.use(backend_name):
        run_layer_test(
            RandomFlip, {"mode": mode, "seed": 7}, input_data=IMAGES, call_kwargs={"training": True},
            expected_output_shape=IMAGES.shape, expected_num_trainable_weights=0,
            expected_num_non_trainable_weights=0, supports_masking=False,
            run_functional_check=False,  # each call draws afresh: a second call need not match the first
            expected_output=lambda x, w: _flip_reference(x, mode, 7),
        )


def test_random_flip_statistics_channels_first_and_single_images(backend_name):
    image = RNG.uniform(0, 1, (1, 2, 3, 4)).astype("float32")  # channels_first: 2 channels, 3 x 4 pixels
    with mk.backend.use(backend_name):
        layer = RandomFlip("horizontal_and_vertical", seed=3, data_format="channels_first")
        out = _np(layer(np.repeat(image, 200, axis=0)))
        both = np.flip(image[0], (1, 2))
        flipped = np.array([np.allclose(o, both) for o in out])
        same = np.array([np.allclose(o, image[0]) for o in out])
        assert np.all(flipped | same)  # one draw flips both axes or neither
        assert 0.35 < flipped.mean() < 0.65
        single = _np(RandomFlip("vertical", seed=1)(IMAGES[0]))
        assert single.shape == IMAGES[0].shape
        assert np.allclose(single, IMAGES[0]) or np.allclose(single, IMAGES[0][::-1])


def test_seeds_repeat_and_advance(backend_name):
    with mk.backend.use(backend_name):
        batch = np.repeat(IMAGES[:1], 32, axis=0)
        a, b = RandomFlip(seed=11), RandomFlip(seed=11)
        first_a, first_b = _np(a(batch)), _np(b(batch))
        np.testing.assert_array_equal(first_a, first_b)
        assert not np.array_equal(_np(a(batch)), first_a)  # the generator moved on
        assert a.seed_generator.state.numpy().tolist() == [11, 2]
        assert [v.path for v in a.non_trainable_variables] == [a.seed_generator.state.path]


@pytest.mark.parametrize("layer_cls, kwargs", [
    (RandomFlip, {}), (RandomRotation, {"factor": 0.2}), (RandomZoom, {"height_factor": 0.3}),
    (RandomTranslation, {"height_factor": 0.2, "width_factor": 0.2}),
])
def test_inference_is_the_identity_in_the_compute_dtype(backend_name, layer_cls, kwargs):
    images = (IMAGES * 255).astype("uint8")
    with mk.backend.use(backend_name):
        layer = layer_cls(**kwargs)
        for training in (False, None):
            out = layer(images, training=training)
            assert mk.backend.standardize_dtype(ops.dtype(out)) == "float32"
            np.testing.assert_array_equal(_np(out), images.astype("float32"))
        model = mk.Sequential([mk.Input(IMAGES.shape[1:]), layer])
        np.testing.assert_array_equal(model.predict(IMAGES, verbose=0), IMAGES)
        # Called directly (no training argument) the layer augments, as Keras 3's does.
        assert not np.allclose(_np(layer(np.repeat(IMAGES, 4, axis=0))), np.repeat(IMAGES, 4, axis=0))


# RandomRotation / RandomZoom / RandomTranslation ---------------------------------------------------------------------


def _affine_check(layer, images, matrices, interpolation, fill_value=0.0):
    out = _np(layer(images, training=True))
    reference, exact = affine_sample(images, matrices, interpolation, fill_value)
    assert exact.mean() > 0.3, "too few pixels checked"
    np.testing.assert_allclose(out[exact], reference[exact], rtol=1e-4, atol=1e-4)
    return out


@pytest.mark.parametrize("interpolation", ["nearest", "bilinear"])
def test_rotation_by_a_fixed_angle_matches_numpy(backend_name, interpolation):
    turn = 0.07
    h, w = IMAGES.shape[1:3]
    matrices = np.stack([rotation_matrix(turn * 2 * math.pi, h, w)] * 3)
    with mk.backend.use(backend_name):
        layer = RandomRotation((turn, turn), fill_mode="constant", interpolation=interpolation, fill_value=0.25)
        _affine_check(layer, IMAGES, matrices, interpolation, 0.25)


def test_rotation_random_angles_from_its_draws_and_harness(backend_name):
    h, w = IMAGES.shape[1:3]
    with mk.backend.use(backend_name):
        (angles,) = layer_draws(5, [((3,), -0.2 * 2 * math.pi, 0.2 * 2 * math.pi)])
        matrices = np.stack([rotation_matrix(a, h, w) for a in angles])
        _affine_check(RandomRotation(0.2, seed=5, fill_mode="constant"), IMAGES, matrices, "bilinear")
        quarter = run_layer_test(
            RandomRotation, {"factor": (0.25, 0.25), "interpolation": "nearest", "data_format": "channels_first"},
            input_data=IMAGES[:, :, :5, :1].transpose(0, 3, 1, 2), call_kwargs={"training": True},
            expected_output_shape=(3, 1, 5, 5), expected_num_non_trainable_weights=0,
        )
        np.testing.assert_array_equal(quarter[:, 0], np.rot90(IMAGES[:, :, :5, 0], 1, axes=(1, 2)))


def test_zoom_matches_numpy(backend_name):
    h, w = IMAGES.shape[1:3]
    with mk.backend.use(backend_name):
        # Fixed zooms; width_factor=None reuses the height zoom.
        layer = RandomZoom((0.3, 0.3), (-0.2, -0.2), fill_mode="constant", interpolation="bilinear")
        _affine_check(layer, IMAGES, np.stack([zoom_matrix(1.3, 0.8, h, w)] * 3), "bilinear")
        layer = RandomZoom((-0.4, -0.4), interpolation="nearest", fill_mode="constant")
        _affine_check(layer, IMAGES, np.stack([zoom_matrix(0.6, 0.6, h, w)] * 3), "nearest")
        # Random zooms, from the layer's own draws.
        zoom_y, zoom_x = layer_draws(2, [((3,), 0.9, 1.1), ((3,), 0.5, 1.2)])
        layer = RandomZoom(0.1, (-0.5, 0.2), seed=2, fill_mode="constant")
        matrices = np.stack([zoom_matrix(zy, zx, h, w) for zy, zx in zip(zoom_y, zoom_x)])
        _affine_check(layer, IMAGES, matrices, "bilinear")


def test_translation_matches_numpy_and_single_images(backend_name):
    h, w = IMAGES.shape[1:3]
    with mk.backend.use(backend_name):
        shift_y, shift_x = layer_draws(9, [((3,), -0.3, 0.3), ((3,), 0.1, 0.4)])
        layer = RandomTranslation(0.3, (0.1, 0.4), seed=9, fill_mode="constant")
        matrices = np.stack([translation_matrix(sy * h, sx * w) for sy, sx in zip(shift_y, shift_x)])
        _affine_check(layer, IMAGES, matrices, "bilinear")
        # Whole-pixel shift, nearest: content moves one row down.
        out = _np(RandomTranslation((0.2, 0.2), 0.0, interpolation="nearest", fill_mode="constant")(IMAGES[0]))
        np.testing.assert_allclose(out[1:], IMAGES[0][:-1], atol=1e-6)
        np.testing.assert_array_equal(out[0], 0.0)


@pytest.mark.parametrize("fill_mode", ["reflect", "wrap", "nearest"])
def test_fill_modes_keep_values_in_the_image_range(backend_name, fill_mode):
    image = np.tile(np.arange(4, dtype="float32"), (4, 1))[None, :, :, None]  # columns 0..3
    with mk.backend.use(backend_name):
        out = _np(RandomTranslation(0.0, (0.5, 0.5), fill_mode=fill_mode, interpolation="nearest")(image))[0, 0, :, 0]
    expected = {"reflect": [1, 0, 0, 1], "wrap": [2, 3, 0, 1], "nearest": [0, 0, 0, 1]}[fill_mode]
    np.testing.assert_array_equal(out, expected)


# RandomCrop ------------------------------------------------------------------------------------------------------------


def test_random_crop_windows_and_shapes(backend_name):
    batch = np.arange(2 * 5 * 6 * 1, dtype="float32").reshape(2, 5, 6, 1)
    with mk.backend.use(backend_name):
        generator = mk.random.SeedGenerator(4)
        top = int(_np(mk.random.randint((), 0, 3, seed=generator)))
        left = int(_np(mk.random.randint((), 0, 4, seed=generator)))
        run_layer_test(
            RandomCrop, {"height": 3, "width": 3, "seed": 4}, input_data=batch, call_kwargs={"training": True},
            expected_output_shape=(2, 3, 3, 1), expected_num_non_trainable_weights=0,
            run_functional_check=False,  # each call draws a new window
            expected_output=lambda x, w: x[:, top:top + 3, left:left + 3],
        )
        layer = RandomCrop(3, 3, seed=1)
        seen = {tuple(_np(layer(batch[0]))[0, 0]) for _ in range(40)}  # one image, many draws
        assert seen == {(float(v),) for v in batch[0, :3, :4, 0].ravel()}  # every window position occurs
        assert layer.compute_output_shape((None, 5, 6, 1)) == (None, 3, 3, 1)
        # Inference crops the central window of the target aspect ratio and resizes it (Keras 3's documented
        # behaviour), integer images included (as floats).
        ints = batch.astype("int32")
        out = layer(ints, training=False)
        assert mk.backend.standardize_dtype(ops.dtype(out)) == "float32"
        np.testing.assert_allclose(_np(out), resize(crop_to_aspect_ratio(batch, 3, 3), 3, 3), atol=1e-4)
        model = mk.Sequential([mk.Input((5, 6, 1)), layer, mk.layers.Flatten()])
        assert model.predict(batch, verbose=0).shape == (2, 9)


def test_random_crop_resizes_smaller_images_and_channels_first(backend_name):
    batch = RNG.uniform(0, 1, (2, 4, 6, 1)).astype("float32")
    with mk.backend.use(backend_name):
        out = _np(RandomCrop(5, 5)(batch))
        np.testing.assert_allclose(out, resize(crop_to_aspect_ratio(batch, 5, 5), 5, 5), atol=1e-5)
        out = _np(RandomCrop(2, 6, data_format="channels_first", seed=0)(batch.transpose(0, 3, 1, 2)))
        assert out.shape == (2, 1, 2, 6)
        assert any(np.array_equal(out[:, 0], batch[:, t:t + 2, :, 0]) for t in range(3))


def test_random_crop_seed_is_kept_in_the_config():
    layer = RandomCrop(2, 2)
    assert isinstance(layer.get_config()["seed"], int)
    assert RandomCrop.from_config(layer.get_config()).seed == layer.seed


# Configs and argument checks ---------------------------------------------------------------------------------------


def test_configs_normalize_factors_as_keras_does():
    assert RandomRotation(0.1).get_config()["factor"] == (-0.1, 0.1)
    assert RandomRotation(-0.1).factor == (-0.1, 0.1)
    assert RandomRotation((0.3, -0.2)).factor == (-0.2, 0.3)
    assert RandomRotation((0.5, 1.5)).factor == (0.5, 1.5)
    config = RandomZoom((0.3, 0.2)).get_config()
    assert (config["height_factor"], config["width_factor"]) == ((0.3, 0.2), None)
    config = RandomTranslation([0.1, 0.2], -0.3).get_config()
    assert (config["height_factor"], config["width_factor"]) == ((0.1, 0.2), -0.3)
    config = RandomFlip().get_config()
    assert {k: config[k] for k in ("mode", "seed", "data_format")} == {
        "mode": "horizontal_and_vertical", "seed": None, "data_format": "channels_last"}
    config = RandomRotation(0.1).get_config()
    assert {k: config[k] for k in ("fill_mode", "interpolation", "fill_value", "seed")} == {
        "fill_mode": "reflect", "interpolation": "bilinear", "fill_value": 0.0, "seed": None}
    rebuilt = mk.saving.deserialize_keras_object(mk.saving.serialize_keras_object(RandomZoom(0.2, 0.1, seed=3)))
    assert isinstance(rebuilt, RandomZoom) and rebuilt.seed == 3 and rebuilt.width_factor == 0.1


@pytest.mark.parametrize("make, error, words", [
    (lambda: RandomRotation(1.5), ValueError, "factor=1.5"),
    (lambda: RandomRotation((1.5, 2.0)), ValueError, "[-1, 1]"),
    (lambda: RandomRotation("a"), ValueError, "factor='a'"),
    (lambda: RandomRotation((0.1, 0.2, 0.3)), ValueError, "list of two numbers"),
    (lambda: RandomRotation(0.1, fill_mode="foo"), NotImplementedError, "fill_mode"),
    (lambda: RandomRotation(0.1, interpolation="bicubic"), NotImplementedError, "interpolation"),
    (lambda: RandomZoom(-1.0), ValueError, "(-1.0, 1.0]"),
    (lambda: RandomZoom(0.1, 1.5), ValueError, "height_factor` and `width_factor"),
    (lambda: RandomTranslation(1.5, 0.1), ValueError, "[-1.0, 1.0]"),
    (lambda: RandomTranslation(0.1, (-0.2, -1.5)), ValueError, "-1.5"),
    (lambda: RandomFlip("diagonal"), ValueError, "mode='diagonal'"),
    (lambda: RandomFlip(data_format="channels_middle"), ValueError, "data_format"),
    (lambda: RandomCrop(0, 2), ValueError, "height=0"),
    (lambda: RandomFlip(seed=1.5), ValueError, "seed=1.5"),
])
def test_bad_arguments(make, error, words):
    with pytest.raises(error, match=None) as info:
        make()
    assert words in str(info.value), str(info.value)


def test_rank_is_checked(backend_name):
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match="rank 3 .* or 4"):
            RandomFlip()(np.zeros((4, 4), "float32"))
