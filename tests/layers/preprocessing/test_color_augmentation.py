"""The colour augmentation layers (RandomGrayscale, RandomInvert, Solarization, RandomPosterization, AutoContrast,
RandomColorDegeneration, RandomSaturation, RandomHue, RandomSharpness, RandomColorJitter, Equalization) on every
backend: deterministic settings against values recorded from Keras 3, the distribution of random draws, inference,
dtypes, data formats, configs, symbolic calls, saving and argument checks."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import ops
from multikeras.layers import (
    AutoContrast,
    Equalization,
    RandomColorDegeneration,
    RandomColorJitter,
    RandomGrayscale,
    RandomHue,
    RandomInvert,
    RandomPosterization,
    RandomSaturation,
    RandomSharpness,
    Solarization,
)

IMAGES = np.random.default_rng(0).integers(0, 256, (2, 4, 4, 3)).astype("float32")
UNIT = IMAGES / 255
LUMA = np.array([0.2989, 0.587, 0.114])  # the weights of ops.image.rgb_to_grayscale (and Keras 3)

# Recorded from Keras 3.15.1 (KERAS_BACKEND=numpy) by running each layer on IMAGES (or UNIT, with
# value_range=(0, 1)): the first 12 output values and the sum of all 96. Settings whose draws are fixed.
KERAS_RECORDED = [
    ("gray", lambda: RandomGrayscale(1.0), IMAGES,
     [175.3623, 175.3623, 175.3623, 67.5501, 67.5501, 67.5501, 13.0431, 13.0431, 13.0431, 186.1752, 186.1752,
      186.1752], 12958.161),
    ("invert", lambda: RandomInvert((1.0, 1.0)), IMAGES,
     [38, 92, 125, 186, 177, 245, 236, 251, 211, 47, 89, 22], 11831.0),
    ("solarize", lambda: Solarization(), IMAGES, [38, 92, 125, 186, 177, 245, 236, 251, 211, 47, 89, 22], 11831.0),
    ("posterize3", lambda: RandomPosterization((3, 3)), IMAGES,
     [192, 160, 128, 64, 64, 0, 0, 0, 32, 192, 160, 224], 11360.0),
    ("posterize1", lambda: RandomPosterization(1), IMAGES, [128, 128, 128, 0, 0, 0, 0, 0, 0, 128, 128, 128], 7040.0),
    ("autocontrast", lambda: AutoContrast(), IMAGES,
     [251.5068, 172.5319, 133.6694, 79.1781, 80.2979, 10.2823, 20.9589, 0.0, 45.2419, 241.0274, 175.7872,
      239.5766], 12464.509),
    ("autocontrast_unit", lambda: AutoContrast(value_range=(0, 1)), UNIT,
     [0.9863, 0.6766, 0.5242, 0.3105, 0.3149, 0.0403, 0.0822, 0.0, 0.1774, 0.9452, 0.6894, 0.9395], 48.88),
    ("degenerate", lambda: RandomColorDegeneration((0.5, 0.5)), IMAGES,
     [196.1812, 169.1812, 152.6812, 68.2751, 72.7751, 38.775, 16.0216, 8.5215, 28.5216, 197.0876, 176.0876,
      209.5876], 12803.58),
    ("saturation0", lambda: RandomSaturation((0.0, 0.0)), IMAGES,
     [217, 217, 217, 78, 78, 78, 44, 44, 44, 233, 233, 233], 17991.0),
    ("saturation_half", lambda: RandomSaturation((0.5, 0.5)), IMAGES,
     [217, 163, 130, 69, 78, 10, 19, 4, 44, 208, 166, 233], 12649.0),
    ("saturation1_unit", lambda: RandomSaturation((1.0, 1.0), value_range=(0, 1)), UNIT,
     [0.851, 0.3228, 0.0, 0.2654, 0.3059, 0.0, 0.0647, 0.0, 0.1725, 0.5728, 0.0, 0.9137], 34.338),
    ("hue0", lambda: RandomHue((0.0, 0.0)), IMAGES, [217, 163, 130, 69, 78, 10, 19, 4, 44, 208, 166, 233], 12649.0),
    ("sharpness0", lambda: RandomSharpness((0.0, 0.0)), IMAGES,
     [112.9231, 93.0, 80.5385, 79.8462, 85.5385, 52.4615, 69.9231, 64.2308, 51.7692, 108.4615, 95.6923, 98.4616],
     9949.385),
    ("sharpness1", lambda: RandomSharpness((1.0, 1.0)), IMAGES,
     [255.0, 233.0, 179.4616, 58.1538, 70.4615, 0, 0, 0, 36.2308, 255, 236.3077, 255], 14781.846),
    ("sharpness_half", lambda: RandomSharpness((0.5, 0.5)), IMAGES,
     [217, 163, 130, 69, 78, 10, 19, 4, 44, 208, 166, 233], 12649.0),
    # Equalization on one image: Keras 3 pools the histogram over the whole batch, this layer is per image.
    ("equalize", lambda: Equalization(), IMAGES[0], [238, 170, 136, 68, 85, 51, 34, 0, 85, 204, 187, 238], 6137.0),
    ("equalize16", lambda: Equalization(value_range=(0, 1), bins=16), UNIT[1],
     [v / 255 for v in [0, 119, 204, 73, 68, 255, 237, 255, 85, 200, 255, 136]], 6342.0 / 255),
]


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _dtype(x):
    return mk.backend.standardize_dtype(ops.dtype(x))


def test_inputs_are_the_recorded_ones():
    assert IMAGES.reshape(-1)[:12].tolist() == [217, 163, 130, 69, 78, 10, 19, 4, 44, 208, 166, 233]


@pytest.mark.parametrize("case", KERAS_RECORDED, ids=[case[0] for case in KERAS_RECORDED])
def test_deterministic_settings_match_keras(backend_name, case):
    _, make, images, first, total = case
    with mk.backend.use(backend_name):
        out = _np(make()(images))
    scale = 1.0 if total < 100 else 255.0
    assert out.shape == images.shape and out.dtype == np.float32
    np.testing.assert_allclose(out.reshape(-1)[:12], first, atol=2e-4 * scale)
    np.testing.assert_allclose(out.astype("float64").sum(), total, atol=2e-2 * scale / 255 + 1e-3 * scale)


def _luma(images, axis=-1):
    return np.tensordot(np.moveaxis(images, axis, -1), LUMA, axes=1)[..., None]


def test_grayscale_and_invert_choose_per_image(backend_name):
    many = np.random.default_rng(2).uniform(0, 255, (48, 2, 2, 3)).astype("float32")
    gray = np.broadcast_to(_luma(many), many.shape)
    with mk.backend.use(backend_name):
        out = _np(RandomGrayscale(0.5, seed=3)(many))
        again = _np(RandomGrayscale(0.5, seed=3)(many))
        inverted = _np(RandomInvert((0.5, 0.5), seed=4)(many))
        ints = RandomGrayscale(1.0)(many.astype("uint8"))
        assert _dtype(ints) == "uint8"  # the luma truncated, as Keras casts it
        luma = np.broadcast_to(_luma(many.astype("uint8").astype("float64")), many.shape)
        clear = np.abs(luma - np.round(luma)) > 1e-3  # away from whole numbers float32 rounding could cross
        np.testing.assert_array_equal(_np(ints)[clear], np.floor(luma[clear]))
    np.testing.assert_array_equal(out, again)
    is_gray = np.all(np.abs(out - gray) < 1e-3, axis=(1, 2, 3))
    is_same = np.all(out == many, axis=(1, 2, 3))
    assert np.all(is_gray | is_same) and 8 < is_gray.sum() < 40
    is_inverted = np.all(np.abs(inverted - (255 - many)) < 1e-3, axis=(1, 2, 3))
    assert np.all(is_inverted | np.all(inverted == many, axis=(1, 2, 3))) and 8 < is_inverted.sum() < 40


def test_solarization_threshold_and_addition(backend_name):
    with mk.backend.use(backend_name):
        # Threshold 127.5 on a [0, 255] scale: values below it kept, the others inverted.
        out = _np(Solarization(threshold_factor=(0.5, 0.5))(IMAGES))
        np.testing.assert_allclose(out, np.where(IMAGES < 127.5, IMAGES, 255 - IMAGES))
        # An offset of 0.2 * 255 with threshold 1 (nothing solarized): a clipped brightness shift.
        shifted = _np(Solarization(addition_factor=(0.2, 0.2), threshold_factor=(1.0, 1.0),
                                   value_range=(0, 1))(UNIT))
        np.testing.assert_allclose(shifted, np.where(np.minimum(UNIT + 0.2, 1) < 1, np.minimum(UNIT + 0.2, 1), 0),
                                   atol=1e-5)
        random = _np(Solarization(addition_factor=0.3, threshold_factor=0.7, seed=1)(IMAGES))
        assert random.min() >= 0 and random.max() <= 255
        kept = Solarization()(IMAGES.astype("uint8"), training=False)
        assert _dtype(kept) == "float32"  # Keras casts outside training too
        np.testing.assert_array_equal(_np(kept), IMAGES)


def test_posterization_bit_counts_drawn_per_image(backend_name):
    many = np.random.default_rng(5).integers(0, 256, (48, 2, 2, 3)).astype("float32")
    with mk.backend.use(backend_name):
        out = _np(RandomPosterization((2, 4), seed=7)(many))
    bits_used = set()
    for image, result in zip(many, out):
        matches = [b for b in (2, 3, 4) if np.array_equal(result, np.floor(image / 2 ** (8 - b)) * 2 ** (8 - b))]
        assert matches, (image, result)
        bits_used.add(matches[0] if len(matches) == 1 else None)
    assert {2, 3, 4} <= bits_used  # both ends of the range are drawn


def test_autocontrast_data_format_flat_channels_and_inference(backend_name):
    images = IMAGES.copy()
    images[1, ..., 2] = 9.0  # a flat channel is kept
    with mk.backend.use(backend_name):
        last = _np(AutoContrast()(images))
        first = _np(AutoContrast(data_format="channels_first")(images.transpose(0, 3, 1, 2)))
        inference = AutoContrast()(images.astype("uint8"), training=False)
        assert _dtype(inference) == "float32"
    low = images.min(axis=(1, 2), keepdims=True)
    high = images.max(axis=(1, 2), keepdims=True)
    expected = np.where(high > low, (images - low) * 255 / np.where(high > low, high - low, 1), images)
    np.testing.assert_allclose(last, expected, atol=1e-3)
    np.testing.assert_allclose(first, expected.transpose(0, 3, 1, 2), atol=1e-3)
    np.testing.assert_allclose(_np(inference), expected, atol=1e-3)


def test_degeneration_and_sharpness_amounts_within_range(backend_name):
    many = np.random.default_rng(6).uniform(20, 230, (48, 2, 2, 3)).astype("float32")
    squares = np.random.default_rng(7).uniform(20, 230, (32, 3, 3, 3)).astype("float32")
    with mk.backend.use(backend_name):
        degenerated = _np(RandomColorDegeneration((0.1, 0.4), seed=2)(many))
        sharpened = _np(RandomSharpness((0.3, 0.45), seed=2)(squares))
        smooth = _np(RandomSharpness((0.0, 0.0))(squares))
    gray = _luma(many)
    amount = ((degenerated - many) / (gray - many)).reshape(48, -1)
    finite = np.abs((gray - many).reshape(48, -1)) > 1
    per_image = np.array([a[f].mean() for a, f in zip(amount, finite)])
    assert 0.1 - 1e-3 < per_image.min() and per_image.max() < 0.4 + 1e-3 and per_image.std() > 0.02
    # x + k (smooth - x) with k = 1 - 2 f in [0.1, 0.4]; the centre pixel only (no clipping there).
    k = (sharpened - squares)[:, 1, 1] / (smooth - squares)[:, 1, 1]
    assert 0.1 - 1e-2 < np.nanmin(k) and np.nanmax(k) < 0.4 + 1e-2


def test_saturation_and_hue_keep_what_they_should(backend_name):
    # The shape of IMAGES: on jax each new shape compiles the HSV conversions again (seconds).
    many = np.random.default_rng(8).uniform(0, 1, IMAGES.shape).astype("float32")
    red = IMAGES.copy()
    red[0, 0, 0] = [255, 0, 0]
    with mk.backend.use(backend_name):
        saturated = _np(RandomSaturation((0.2, 0.45), value_range=(0, 1), seed=3)(many))
        hued = _np(RandomHue(0.6, value_range=(0, 1), seed=3)(many))
        half_turn = _np(RandomHue((1.0, 1.0), value_range=(0, 255))(red))
        first = _np(RandomHue((0.4, 0.4), data_format="channels_first", seed=9)(many.transpose(0, 3, 1, 2)))
        last = _np(RandomHue((0.4, 0.4), seed=9)(many))
    # Saturation lowered (multiplier f / (1 - f) < 1) keeps each pixel's largest channel and the channel order.
    np.testing.assert_allclose(saturated.max(-1), many.max(-1), atol=1e-5)
    assert np.all(saturated.max(-1) - saturated.min(-1) <= many.max(-1) - many.min(-1) + 1e-5)
    np.testing.assert_array_equal(np.argsort(saturated, -1)[..., [0, 2]], np.argsort(many, -1)[..., [0, 2]])
    # A hue shift keeps value (largest channel) and the spread between largest and smallest.
    np.testing.assert_allclose(hued.max(-1), many.max(-1), atol=1e-5)
    np.testing.assert_allclose(hued.max(-1) - hued.min(-1), many.max(-1) - many.min(-1), atol=1e-5)
    np.testing.assert_allclose(half_turn[0, 0, 0], [0, 255, 255], atol=1e-3)
    np.testing.assert_allclose(first, last.transpose(0, 3, 1, 2), atol=1e-5)


def test_color_jitter_steps_and_seeds(backend_name):
    with mk.backend.use(backend_name):
        shifted = _np(RandomColorJitter(value_range=(0, 1), brightness_factor=(0.25, 0.25))(UNIT))
        np.testing.assert_allclose(shifted, np.clip(UNIT + 0.25, 0, 1), atol=1e-6)
        layer = RandomColorJitter(brightness_factor=0.2, contrast_factor=0.3, saturation_factor=(0.4, 0.6),
                                  hue_factor=0.2, seed=11)
        out = _np(layer(IMAGES))
        again = _np(RandomColorJitter(brightness_factor=0.2, contrast_factor=0.3, saturation_factor=(0.4, 0.6),
                                      hue_factor=0.2, seed=11)(IMAGES))
        assert out.dtype == np.float32 and out.min() >= 0 and out.max() <= 255 + 1e-3
        np.testing.assert_array_equal(out, again)
        assert not np.allclose(_np(layer(IMAGES)), out)  # the seed state moves on
        np.testing.assert_array_equal(_np(RandomColorJitter()(IMAGES)), IMAGES)
        np.testing.assert_array_equal(_np(layer(IMAGES.astype("uint8"), training=False)), IMAGES)


def test_equalization_per_image_and_channels_first(backend_name):
    with mk.backend.use(backend_name):
        batch = _np(Equalization()(IMAGES))
        first = _np(Equalization(data_format="channels_first")(IMAGES.transpose(0, 3, 1, 2)))
        flat = _np(Equalization()(np.full(IMAGES.shape, 40.0, "float32")))
        kept = Equalization()(IMAGES.astype("uint8"), training=False)
        # Same shape as the batch (on jax a new shape compiles every op again): the first image twice.
        doubled = _np(Equalization()(np.stack([IMAGES[0], IMAGES[0]])))
    np.testing.assert_array_equal(doubled[0], batch[0])  # one histogram per image, not one per batch
    np.testing.assert_array_equal(first, batch.transpose(0, 3, 1, 2))
    np.testing.assert_array_equal(flat, np.full(IMAGES.shape, 40.0))
    assert _dtype(kept) == "uint8"


ALL_LAYERS = [
    (RandomGrayscale, {"factor": 0.3, "seed": 1}, "uint8"),
    (RandomInvert, {"factor": 0.4, "value_range": (0, 1), "seed": 1}, "float32"),
    (Solarization, {"addition_factor": 0.1, "threshold_factor": (0.2, 0.6), "seed": 2}, "float32"),
    (RandomPosterization, {"factor": (2, 6), "seed": 3}, "float32"),
    (AutoContrast, {"value_range": (0, 1)}, "float32"),
    (RandomColorDegeneration, {"factor": 0.3, "seed": 4}, "float32"),
    (RandomSaturation, {"factor": (0.2, 0.8), "seed": 5}, "float32"),
    (RandomHue, {"factor": 0.3, "seed": 6}, "float32"),
    (RandomSharpness, {"factor": 0.7, "seed": 7}, "float32"),
    (RandomColorJitter, {"brightness_factor": 0.1, "hue_factor": 0.2, "seed": 8}, "float32"),
    (Equalization, {"bins": 64}, "float32"),
]


@pytest.mark.parametrize("cls, kwargs, int_dtype", ALL_LAYERS, ids=[case[0].__name__ for case in ALL_LAYERS])
def test_config_round_trip_symbolic_call_and_seeds(backend_name, cls, kwargs, int_dtype):
    with mk.backend.use(backend_name):
        layer = cls(**kwargs)
        config = layer.get_config()
        rebuilt = cls.from_config(config)
        assert rebuilt.get_config() == config
        serialized = mk.saving.serialize_keras_object(layer)
        # Keras 3's own names: a file written by Keras resolves to these classes.
        assert (serialized["module"], serialized["class_name"], serialized["registered_name"]) == (
            "keras.layers", cls.__name__, None)
        revived = mk.saving.deserialize_keras_object(serialized)
        assert type(revived) is cls and revived.get_config() == config
        symbolic = layer(mk.Input((4, 4, 3), dtype="uint8"))
        assert tuple(symbolic.shape) == (None, 4, 4, 3) and symbolic.dtype == int_dtype
        assert layer.compute_output_shape((2, 4, 4, 3)) == (2, 4, 4, 3)
        assert layer.count_params() == 0
        if "seed" in kwargs:  # two fresh layers with one seed draw alike
            np.testing.assert_array_equal(_np(cls(**kwargs)(IMAGES)), _np(cls(**kwargs)(IMAGES)))


def test_saved_model_with_every_layer(backend_name, tmp_path):
    with mk.backend.use(backend_name):
        model = mk.Sequential([mk.Input((4, 4, 3))] + [cls(**kwargs) for cls, kwargs, _ in ALL_LAYERS])
        path = str(tmp_path / "color.keras")
        model.save(path)
        loaded = mk.saving.load_model(path)
        assert [type(layer) for layer in loaded.layers] == [cls for cls, _, _ in ALL_LAYERS]
        # Only AutoContrast transforms outside training.
        expected = _np(AutoContrast(value_range=(0, 1))(UNIT))
        np.testing.assert_allclose(loaded.predict(UNIT, verbose=0), expected, atol=1e-5)
        np.testing.assert_allclose(model.predict(UNIT, verbose=0), expected, atol=1e-5)


@pytest.mark.parametrize("make, words", [
    (lambda: RandomGrayscale(1.5), "factor=1.5"),
    (lambda: RandomGrayscale((0.1, 0.2)), "between 0 and 1"),
    (lambda: RandomInvert(1.5), "[0, 1]"),
    (lambda: RandomInvert(0.5, value_range=(0, 1, 2)), "value_range=(0, 1, 2)"),
    (lambda: Solarization(addition_factor=1.5), "addition_factor=1.5"),
    (lambda: Solarization(threshold_factor=(0.1, -0.2)), "threshold_factor=(0.1, -0.2)"),
    (lambda: Solarization(value_range="a"), "value_range='a'"),
    (lambda: RandomPosterization(9), "[1, 8]"),
    (lambda: RandomPosterization(0), "factor=0"),
    (lambda: AutoContrast(value_range=(1,)), "value_range=(1,)"),
    (lambda: RandomColorDegeneration(1.5), "[-1, 1]"),
    (lambda: RandomSaturation("a"), "factor='a'"),
    (lambda: RandomHue(-0.5), "[0, 1]"),
    (lambda: RandomSharpness((1.5, 2.0)), "factor=(1.5, 2.0)"),
    (lambda: RandomColorJitter(hue_factor=2.0), "factor=2.0"),
    (lambda: Equalization(bins=0), "bins=0"),
])
def test_bad_arguments(make, words):
    with pytest.raises(ValueError) as info:
        make()
    assert words in str(info.value), str(info.value)


def test_every_layer_in_compiled_fit(trainable_backend_name):
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 1, (8, 4, 4, 3)).astype("float32")
    y = rng.normal(size=(8, 1)).astype("float32")
    with mk.backend.use(trainable_backend_name):
        augmentations = [cls(**{**kwargs, "value_range": (0, 1)}) if cls is not RandomGrayscale else cls(**kwargs)
                         for cls, kwargs, _ in ALL_LAYERS]
        inputs = mk.Input((4, 4, 3))
        hidden = inputs
        for layer in augmentations:
            hidden = layer(hidden)
        model = mk.Model(inputs, mk.layers.Dense(1)(mk.layers.Flatten()(hidden)))
        model.compile(optimizer="sgd", loss="mse")
        history = model.fit(x, y, batch_size=4, epochs=1, shuffle=False, verbose=0)
        assert np.all(np.isfinite(history.history["loss"]))
        for layer in augmentations:
            drawing = layer.steps if isinstance(layer, RandomColorJitter) else [layer] if layer.seed is not None else []
            for part in drawing:
                # 2 steps, each draws at least once: the seed state came back out of the compiled step.
                state = _np(part.seed_generator.state)
                assert int(state[1]) >= 2, (part.name, state)


@pytest.mark.parametrize("make", [
    lambda **kw: RandomGrayscale(1.0, **kw),
    lambda **kw: RandomInvert((1.0, 1.0), **kw),
    lambda **kw: Solarization(threshold_factor=(0.4, 0.4), **kw),
    lambda **kw: RandomPosterization((3, 3), **kw),
    lambda **kw: RandomColorDegeneration((0.7, 0.7), **kw),
    lambda **kw: RandomSaturation((0.3, 0.3), **kw),
    lambda **kw: RandomSharpness((0.1, 0.1), **kw),
], ids=["grayscale", "invert", "solarization", "posterization", "degeneration", "saturation", "sharpness"])
def test_channels_first_is_channels_last_transposed(backend_name, make):
    with mk.backend.use(backend_name):
        last = _np(make()(IMAGES))
        first = _np(make(data_format="channels_first")(IMAGES.transpose(0, 3, 1, 2)))
    np.testing.assert_allclose(first, last.transpose(0, 3, 1, 2), atol=1e-3)
