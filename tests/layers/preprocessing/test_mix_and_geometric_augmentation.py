"""MixUp, CutMix, RandomErasing, RandomGaussianBlur and RandomShear on every backend: properties of the random
draws (MixUp/CutMix draw from Beta and shuffle, which cannot match Keras's generator), NumPy references computed from
the layer's own uniform draws, Keras 3 outputs recorded where they are deterministic, dict inputs with labels,
inference, configs and argument checks."""

from __future__ import annotations

import math

import numpy as np
import pytest

import multikeras as mk
from multikeras import ops
from multikeras.layers.preprocessing.image_augmentation import (
    CutMix,
    MixUp,
    RandomErasing,
    RandomGaussianBlur,
    RandomShear,
)
from layers.harness import run_layer_test
from layers.preprocessing.augmentation_reference import affine_sample, layer_draws

RNG = np.random.default_rng(0)
IMAGES = RNG.uniform(0, 1, (4, 5, 6, 2)).astype("float32")
# Image i is filled with the value i, so a pasted or blended pixel tells which image it came from.
INDEXED = np.arange(4, dtype="float32")[:, None, None, None] * np.ones((4, 5, 6, 2), "float32")
ONE_HOT = np.eye(4, dtype="float32")


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _dtype(x):
    return mk.backend.standardize_dtype(ops.dtype(x))


def _harness(layer_cls, kwargs, images, **extra):
    # No weights, and each call draws afresh: the training step and the functional comparison do not apply.
    return run_layer_test(
        layer_cls, kwargs, input_data=images, call_kwargs={"training": True}, expected_output_shape=images.shape,
        expected_num_trainable_weights=0, expected_num_non_trainable_weights=0, supports_masking=False,
        run_functional_check=False, **extra,
    )


# MixUp --------------------------------------------------------------------------------------------------------------


def _mix_partners(out_labels):
    """For one-hot labels mixed as ``lam * y[i] + (1 - lam) * y[perm[i]]``: ``(lam, perm)`` per row."""
    lams, partners = [], []
    for i, row in enumerate(out_labels):
        others = [j for j in np.flatnonzero(row > 1e-6) if j != i]
        assert len(others) <= 1, row
        partners.append(others[0] if others else i)
        lams.append(row[i] if others else 1.0)
    return np.array(lams), np.array(partners)


def test_mix_up_mixes_images_and_labels_with_the_same_weights(backend_name):
    with mk.backend.use(backend_name):
        layer = MixUp(alpha=0.8, seed=5)
        out = layer({"images": INDEXED, "labels": ONE_HOT, "extra": np.ones(3, "float32")})
        images, labels = _np(out["images"]), _np(out["labels"])
        assert set(out) == {"images", "labels", "extra"} and out["extra"].shape == (3,)
        assert _dtype(out["images"]) == "float32" and _dtype(out["labels"]) == "float32"
        np.testing.assert_allclose(labels.sum(axis=1), 1.0, rtol=1e-5)
        assert np.all((labels >= 0) & (labels <= 1))
        lams, partners = _mix_partners(labels)
        assert sorted(partners.tolist()) == [0, 1, 2, 3]  # one permutation of the batch
        # Every pixel of image i is lam * i + (1 - lam) * perm[i]: the very combination of the labels.
        expected = lams * np.arange(4) + (1 - lams) * partners
        np.testing.assert_allclose(images, expected[:, None, None, None] * np.ones_like(images), atol=1e-5)
        # A plain batch gets the very images a dict gets from the same seed.
        plain = _harness(MixUp, {"alpha": 0.8, "seed": 5}, INDEXED)
        np.testing.assert_array_equal(plain, images)


def test_mix_up_seed_determinism_single_images_and_inference(backend_name):
    with mk.backend.use(backend_name):
        a, b = MixUp(seed=3), MixUp(seed=3)
        first = _np(a(IMAGES))
        np.testing.assert_array_equal(first, _np(b(IMAGES)))
        assert not np.array_equal(first, _np(a(IMAGES)))
        # One image mixes with itself only.
        single = a({"images": IMAGES[0], "labels": ONE_HOT[0]})
        np.testing.assert_allclose(_np(single["images"]), IMAGES[0], atol=1e-6)
        np.testing.assert_allclose(_np(single["labels"]), ONE_HOT[0], atol=1e-6)
        # Outside training the inputs pass through; integer images keep their dtype (as in Keras 3.15).
        ints = (IMAGES * 255).astype("uint8")
        out = a(ints, training=False)
        assert _dtype(out) == "uint8"
        np.testing.assert_array_equal(_np(out), ints)
        out = a({"images": IMAGES, "labels": np.arange(4)}, training=False)
        np.testing.assert_array_equal(_np(out["images"]), IMAGES)
        np.testing.assert_array_equal(_np(out["labels"]), np.arange(4))
        # Integer labels are mixed in the compute dtype.
        out = a({"images": IMAGES, "labels": np.eye(4, dtype="int32")})
        assert _dtype(out["labels"]) == "float32"


# CutMix -------------------------------------------------------------------------------------------------------------


def _check_cut_mix(images, labels, data_format="channels_last"):
    """Each image holds one rectangle of its partner's value; the labels mix by the rectangle's (real) area."""
    if data_format == "channels_first":
        images = images.transpose(0, 2, 3, 1)
    height, width = images.shape[1:3]
    lams, partners = _mix_partners(labels)
    assert sorted(partners.tolist()) == [0, 1, 2, 3]
    pasted_any = False
    for i, (lam, partner) in enumerate(zip(lams, partners)):
        values = images[i, :, :, 0]
        assert np.all(images[i] == images[i, :, :, :1])  # all channels alike
        assert set(np.unique(values).tolist()) <= {float(i), float(partner)}
        if partner == i:
            continue
        pasted = values == partner
        rows, cols = np.flatnonzero(pasted.any(axis=1)), np.flatnonzero(pasted.any(axis=0))
        if pasted.any():
            pasted_any = True
            # A solid rectangle of consecutive rows and columns.
            assert pasted.sum() == len(rows) * len(cols) and np.ptp(rows) + 1 == len(rows) and np.ptp(cols) + 1 == len(cols)
        # Sides sqrt(1 - lam) times the image's: the rectangle spans floor or ceil of that many pixels.
        ratio = math.sqrt(max(0.0, 1.0 - lam))
        assert math.floor(ratio * height - 1e-4) <= len(rows) <= math.ceil(ratio * height + 1e-4), (lam, rows)
        assert math.floor(ratio * width - 1e-4) <= len(cols) <= math.ceil(ratio * width + 1e-4), (lam, cols)
    return pasted_any


def test_cut_mix_pastes_a_rectangle_and_mixes_labels_by_its_area(backend_name):
    with mk.backend.use(backend_name):
        layer = CutMix(factor=(0.8, 1.0), seed=4)
        pasted = []
        for _ in range(3):
            out = layer({"images": INDEXED, "labels": ONE_HOT})
            assert _dtype(out["images"]) == "float32" and _dtype(out["labels"]) == "float32"
            pasted.append(_check_cut_mix(_np(out["images"]), _np(out["labels"])))
        assert any(pasted)
        layer = CutMix(seed=2, data_format="channels_first")
        out = layer({"images": INDEXED.transpose(0, 3, 1, 2), "labels": ONE_HOT})
        _check_cut_mix(_np(out["images"]), _np(out["labels"]), "channels_first")
        _harness(CutMix, {"factor": 0.5, "seed": 1}, IMAGES)


def test_cut_mix_seed_single_images_and_inference(backend_name):
    with mk.backend.use(backend_name):
        a, b = CutMix(seed=9), CutMix(seed=9)
        np.testing.assert_array_equal(_np(a(IMAGES)), _np(b(IMAGES)))
        out = a({"images": IMAGES[1], "labels": ONE_HOT[1]})  # one image: nothing to paste from
        np.testing.assert_array_equal(_np(out["images"]), IMAGES[1])
        np.testing.assert_allclose(_np(out["labels"]), ONE_HOT[1], atol=1e-6)
        ints = (IMAGES * 255).astype("uint8")
        out = a(ints, training=False)  # Keras 3.15 casts to the compute dtype outside training
        assert _dtype(out) == "float32"
        np.testing.assert_array_equal(_np(out), ints.astype("float32"))


# RandomErasing ------------------------------------------------------------------------------------------------------


def _erasing_reference(images, seed, factor, scale, fill, value_range):
    """NumPy erasing from the layer's own uniform draws (in the order it makes them)."""
    n, h, w, c = images.shape
    ratios, x_start, y_start, probability, threshold = layer_draws(seed, [
        ((n, 2), scale[0], scale[1]), ((n,), 0.0, 1.0), ((n,), 0.0, 1.0), ((n,), factor[0], factor[1]),
        ((n,), 0.0, 1.0)])
    ratios = np.sqrt(ratios.astype("float32"))
    out = images.copy()
    cols, rows = np.arange(w), np.arange(h)
    for i in range(n):
        if not threshold[i] < probability[i]:
            continue
        x0 = x_start[i] * (w - ratios[i, 0] * w)
        y0 = y_start[i] * (h - ratios[i, 1] * h)
        in_x = (cols >= x0) & (cols < x0 + ratios[i, 0] * w)
        in_y = (rows >= y0) & (rows < y0 + ratios[i, 1] * h)
        out[i][np.ix_(in_y, in_x)] = np.clip(fill, *value_range)
    return out


def test_random_erasing_matches_numpy_from_its_draws(backend_name):
    with mk.backend.use(backend_name):
        kwargs = {"factor": (0.3, 0.9), "scale": (0.1, 0.5), "fill_value": (0.2, 3.0, -1.0), "value_range": (0, 1),
                  "seed": 6}
        expected = _erasing_reference(IMAGES[..., :1].repeat(3, -1), 6, (0.3, 0.9), (0.1, 0.5),
                                      np.array([0.2, 3.0, -1.0]), (0, 1))
        _harness(RandomErasing, kwargs, IMAGES[..., :1].repeat(3, -1),
                 expected_output=lambda x, weights: expected, tolerance=(0, 1e-6))
        # channels_first, one number, every image erased (probability 1), boxes of a fixed size 2 x 3.
        layer = RandomErasing(factor=(1.0, 1.0), scale=(0.25, 0.25), fill_value=-5.0, value_range=(-1, 1), seed=2,
                              data_format="channels_first")
        out = _np(layer(np.ones((4, 2, 4, 6), "float32")))
        for image in out:
            erased = image[0] == -1.0
            assert np.all(image[1] == image[0]) and set(np.unique(image).tolist()) == {-1.0, 1.0}
            assert erased.sum() == 6 and erased.any(axis=1).sum() == 2 and erased.any(axis=0).sum() == 3


def test_random_erasing_noise_fill_labels_and_inference(backend_name):
    with mk.backend.use(backend_name):
        layer = RandomErasing(factor=(1.0, 1.0), scale=(0.5, 0.5), value_range=(0, 1), seed=1)
        out = layer({"images": np.full(IMAGES.shape, 7.0, "float32"), "labels": np.arange(4)})
        images = _np(out["images"])
        erased = images != 7.0
        assert erased.sum() >= 4 * 3 * 4 * 2 and np.all((images[erased] >= 0) & (images[erased] <= 1))  # clipped noise
        np.testing.assert_array_equal(_np(out["labels"]), np.arange(4))
        assert _np(layer(IMAGES[0])).shape == IMAGES[0].shape
        untouched = _np(RandomErasing(factor=(0.0, 0.0), fill_value=0.0, seed=1)(IMAGES))
        np.testing.assert_array_equal(untouched, IMAGES)
        out = layer((IMAGES * 255).astype("uint8"), training=False)
        assert _dtype(out) == "float32"
        np.testing.assert_array_equal(_np(out), (IMAGES * 255).astype("uint8").astype("float32"))


# RandomGaussianBlur -------------------------------------------------------------------------------------------------

# Keras 3.15.1 outputs, recorded by running keras.layers.RandomGaussianBlur with KERAS_BACKEND=numpy on BLUR_INPUT
# (factor=(1, 1) always blurs; a one-point sigma range fixes the kernel): kernel_size=3, sigma=(0.5, 0.5),
# value_range=(0, 1); and kernel_size=5, sigma=(0.8, 0.8), value_range=(0.2, 0.6), channels_first.
BLUR_INPUT = (np.arange(1 * 4 * 5 * 2) % 7 / 6.0).astype("float32").reshape(1, 4, 5, 2)
BLUR_3 = [[[[0.0793, 0.21236], [0.33785, 0.48677], [0.53789, 0.58902], [0.7247, 0.15104], [0.24671, 0.28197]],
           [[0.46901, 0.52014], [0.62452, 0.77795], [0.22205, 0.37548], [0.43112, 0.5], [0.4756, 0.61128]],
           [[0.72018, 0.14653], [0.37548, 0.43112], [0.5, 0.56888], [0.62452, 0.77795], [0.17331, 0.32223]],
           [[0.34804, 0.3833], [0.55564, 0.59353], [0.74245, 0.16879], [0.30448, 0.3556], [0.3331, 0.46615]]]]
BLUR_5_CF = [[[[0.2, 0.30259, 0.39771, 0.43652, 0.26073], [0.37308, 0.46168, 0.42211, 0.45909, 0.33147],
               [0.45397, 0.49851, 0.49213, 0.45941, 0.27186], [0.30493, 0.43327, 0.47395, 0.34928, 0.2095]],
              [[0.23875, 0.40616, 0.38901, 0.26807, 0.22131], [0.36165, 0.54851, 0.50558, 0.47961, 0.39218],
               [0.27968, 0.4634, 0.50346, 0.54516, 0.38235], [0.25274, 0.36148, 0.30239, 0.3384, 0.29037]]]]


def test_gaussian_blur_matches_keras_for_a_given_sigma(backend_name):
    with mk.backend.use(backend_name):
        _harness(RandomGaussianBlur, {"factor": (1.0, 1.0), "kernel_size": 3, "sigma": (0.5, 0.5),
                                      "value_range": (0, 1)}, BLUR_INPUT,
                 expected_output=lambda x, weights: np.array(BLUR_3), tolerance=(0, 2e-5))
        layer = RandomGaussianBlur(factor=(1.0, 1.0), kernel_size=5, sigma=(0.8, 0.8), value_range=(0.2, 0.6),
                                   data_format="channels_first")
        np.testing.assert_allclose(_np(layer(BLUR_INPUT.transpose(0, 3, 1, 2))), BLUR_5_CF, atol=2e-5)
        # A non-square kernel is passed to ops.image.gaussian_blur as given, (height, width) (see docs/layers.md).
        layer = RandomGaussianBlur(factor=(1.0, 1.0), kernel_size=(3, 5), sigma=(0.8, 0.8), value_range=(0, 1))
        expected = ops.image.gaussian_blur(BLUR_INPUT, (3, 5), (0.8, 0.8))
        np.testing.assert_allclose(_np(layer(BLUR_INPUT)), np.clip(_np(expected), 0, 1), atol=1e-5)
        # Single image in a dict: labels pass through.
        out = RandomGaussianBlur(factor=(1.0, 1.0), sigma=(0.5, 0.5), value_range=(0, 1))(
            {"images": BLUR_INPUT[0], "labels": np.array([1.0, 0.0])})
        np.testing.assert_allclose(_np(out["images"]), BLUR_3[0], atol=2e-5)
        np.testing.assert_array_equal(_np(out["labels"]), [1.0, 0.0])


def test_gaussian_blur_probability_clipping_and_inference(backend_name):
    with mk.backend.use(backend_name):
        # Probability 0: no blur, but training clips the batch to value_range (as Keras 3.15 does).
        out = _np(RandomGaussianBlur(factor=(0.0, 0.0), value_range=(0.2, 0.6))(IMAGES))
        np.testing.assert_allclose(out, np.clip(IMAGES, 0.2, 0.6))
        # A random probability blurs some images and leaves the others (clipped to the default 0..255) alone.
        # (The draws are per image: over ten batches of four, some images are blurred and some are not.)
        layer = RandomGaussianBlur(factor=0.8, seed=3)
        batch = np.repeat(BLUR_INPUT, 4, axis=0)
        same = np.array([[np.allclose(o, BLUR_INPUT[0]) for o in _np(layer(batch))] for _ in range(10)])
        assert 0 < same.sum() < 40
        np.testing.assert_array_equal(_np(layer(IMAGES * 300, training=False)), IMAGES * 300)  # no clip
        np.testing.assert_array_equal(_np(RandomGaussianBlur(seed=4)(IMAGES)), _np(RandomGaussianBlur(seed=4)(IMAGES)))
        # sigma=0 (drawn as 1e-6) in float16 leaves the images as they are: no NaN from a kernel built in float16.
        layer = RandomGaussianBlur(factor=(1.0, 1.0), sigma=0, value_range=(0, 1), dtype="float16")
        np.testing.assert_allclose(_np(layer(IMAGES)).astype("float32"), IMAGES, atol=1e-3)


# RandomShear --------------------------------------------------------------------------------------------------------


def test_random_shear_matches_numpy_from_its_draws(backend_name):
    n = IMAGES.shape[0]
    with mk.backend.use(backend_name):
        sign, shear_y, shear_x = layer_draws(7, [((n,), 0.0, 1.0), ((n,), -0.3, 0.3), ((n,), 0.2, 0.5)])
        sign = np.where(sign > 0.5, -1.0, 1.0)
        matrices = np.stack([[[1.0, sx * s, 0.0], [sy * s, 1.0, 0.0]] for s, sy, sx in zip(sign, shear_y, shear_x)])
        reference, exact = affine_sample(IMAGES, matrices, "bilinear", 0.5)
        out = _harness(RandomShear, {"x_factor": (0.5, 0.2), "y_factor": 0.3, "fill_mode": "constant",
                                     "fill_value": 0.5, "seed": 7}, IMAGES)
        assert exact.mean() > 0.3
        np.testing.assert_allclose(out[exact], reference[exact], atol=1e-4)


def test_random_shear_whole_pixel_cases_match_keras(backend_name):
    image = np.arange(1.0, 21.0, dtype="float32").reshape(1, 4, 5, 1)
    with mk.backend.use(backend_name):
        # Zero shear is the identity (Keras 3.15 too).
        np.testing.assert_allclose(_np(RandomShear(0.0, 0.0)(IMAGES)), IMAGES, atol=1e-6)
        # y shear of exactly +-1, nearest, constant fill -1: both outcomes seen in Keras 3.15 (numpy backend):
        # output (x, y) reads input (x, y +- x).
        layer = RandomShear(0.0, (1.0, 1.0), interpolation="nearest", fill_mode="constant", fill_value=-1.0, seed=0)
        down = [[1, 7, 13, 19, -1], [6, 12, 18, -1, -1], [11, 17, -1, -1, -1], [16, -1, -1, -1, -1]]
        up = [[1, -1, -1, -1, -1], [6, 2, -1, -1, -1], [11, 7, 3, -1, -1], [16, 12, 8, 4, -1]]
        seen = {tuple(map(tuple, _np(layer(image))[0, :, :, 0].astype(int).tolist())) for _ in range(12)}
        assert seen == {tuple(map(tuple, down)), tuple(map(tuple, up))}
        # Channels first, one image, labels in a dict pass through.
        out = RandomShear(0.0, (1.0, 1.0), interpolation="nearest", fill_mode="constant", fill_value=-1.0,
                          data_format="channels_first")({"images": image[0].transpose(2, 0, 1), "labels": 3})
        assert _np(out["images"])[0].astype(int).tolist() in (down, up) and int(_np(out["labels"])) == 3


def test_random_shear_inference_and_seed(backend_name):
    with mk.backend.use(backend_name):
        layer = RandomShear(0.4, 0.4, seed=1)
        ints = (IMAGES * 255).astype("uint8")
        out = layer(ints, training=False)
        assert _dtype(out) == "float32"
        np.testing.assert_array_equal(_np(out), ints.astype("float32"))
        np.testing.assert_array_equal(_np(layer(IMAGES)), _np(RandomShear(0.4, 0.4, seed=1)(IMAGES)))
        assert _np(layer(IMAGES[0])).shape == IMAGES[0].shape


# Shared: symbolic calls, compiled steps, configs and argument checks ------------------------------------------------

ALL_LAYERS = [
    (MixUp, {"alpha": 0.4}), (CutMix, {"factor": 0.5}), (RandomErasing, {"value_range": (0, 1)}),
    (RandomGaussianBlur, {"value_range": (0, 1)}), (RandomShear, {"x_factor": 0.2}),
]


@pytest.mark.parametrize("layer_cls, kwargs", ALL_LAYERS, ids=lambda v: getattr(v, "__name__", ""))
def test_symbolic_calls_and_models(backend_name, layer_cls, kwargs):
    with mk.backend.use(backend_name):
        layer = layer_cls(seed=2, **kwargs)
        out = layer(mk.Input((5, 6, 2)))
        assert tuple(out.shape) == (None, 5, 6, 2) and out.dtype == "float32"
        specs = layer({"images": mk.Input((5, 6, 2)), "labels": mk.Input((4,))})
        assert {k: tuple(v.shape) for k, v in specs.items()} == {"images": (None, 5, 6, 2), "labels": (None, 4)}
        assert layer.compute_output_shape({"images": (2, 5, 6, 2), "labels": (2, 4)}) == {
            "images": (2, 5, 6, 2), "labels": (2, 4)}
        model = mk.Sequential([mk.Input((5, 6, 2)), layer])
        np.testing.assert_allclose(model.predict(IMAGES, verbose=0), IMAGES, atol=1e-6)  # inference: identity
        # Training mode inside a model, through the backend's compiled path where it has one.
        outputs = model(IMAGES, training=True)
        assert tuple(outputs.shape) == IMAGES.shape


def test_compiled_training_steps_draw_inside_the_step(trainable_backend_name):
    # The draws (Beta, shuffles, box bounds, blur sigmas) are tensors traced inside jax.jit / tf.function / torch
    # steps. Two layers only, in one model (one compile), to keep jax's compile time down: CutMix uses every draw
    # MixUp and RandomErasing use but the noise, and the blur passes a traced sigma to ops.image.gaussian_blur.
    labels = RNG.uniform(0, 1, (4, 1)).astype("float32")
    with mk.backend.use(trainable_backend_name):
        augmentations = [CutMix(seed=1), RandomGaussianBlur(factor=(1.0, 1.0), value_range=(0, 1), seed=1)]
        model = mk.Sequential([mk.Input((5, 6, 2)), *augmentations, mk.layers.Flatten(), mk.layers.Dense(1)])
        model.compile("sgd", "mse")
        history = model.fit(IMAGES, labels, batch_size=4, epochs=2, verbose=0)
        assert np.all(np.isfinite(history.history["loss"]))
        for layer in augmentations:  # each drew in both steps: its seed state came back out of the compiled step
            assert int(_np(layer.seed_generator.state)[1]) >= 2, layer.name


def test_configs_match_keras():
    # Expected values observed from Keras 3.15.1's get_config (KERAS_BACKEND=numpy).
    assert MixUp().get_config()["alpha"] == 0.2
    assert CutMix().factor == (0, 1.0) and CutMix(0.5).factor == (0, 0.5) and CutMix((0.8, 0.2)).factor == (0.2, 0.8)
    assert CutMix((-0.5, 0.5)).factor == (-0.5, 0.5)
    config = RandomErasing(scale=(0.5, 0.1)).get_config()
    assert {k: config[k] for k in ("factor", "scale", "fill_value", "value_range", "seed")} == {
        "factor": (0, 1.0), "scale": (0.1, 0.5), "fill_value": None, "value_range": (0, 255), "seed": None}
    config = RandomGaussianBlur(kernel_size=(3, 5), sigma=0).get_config()
    assert {k: config[k] for k in ("factor", "kernel_size", "sigma", "value_range")} == {
        "factor": (0, 1.0), "kernel_size": (3, 5), "sigma": (0, 0), "value_range": (0, 255)}
    assert RandomGaussianBlur().kernel_size == (3, 3)
    config = RandomShear(0.1).get_config()
    assert {k: config[k] for k in ("x_factor", "y_factor", "fill_mode", "interpolation", "fill_value")} == {
        "x_factor": (-0.1, 0.1), "y_factor": (-0.0, 0.0), "fill_mode": "reflect", "interpolation": "bilinear",
        "fill_value": 0.0}
    assert RandomShear((0.2, 0.1), 0.3).x_factor == (0.1, 0.2)
    assert RandomShear((-0.1, 0.1), [-0.3, 0.3]).y_factor == (-0.3, 0.3)  # a saved (normalized) config loads
    for layer_cls, kwargs in ALL_LAYERS:
        layer = layer_cls(seed=3, data_format="channels_first", **kwargs)
        rebuilt = mk.saving.deserialize_keras_object(mk.saving.serialize_keras_object(layer))
        assert type(rebuilt) is layer_cls and rebuilt.get_config() == layer.get_config()
        assert layer_cls.from_config(layer.get_config()).get_config() == layer.get_config()


@pytest.mark.parametrize("make, error, words", [
    (lambda: CutMix(2), ValueError, "factor=2"),
    (lambda: CutMix(-0.5), ValueError, "[0, 1]"),
    (lambda: CutMix("a"), ValueError, "factor='a'"),
    (lambda: RandomErasing(scale=1.5), ValueError, "scale=1.5"),
    (lambda: RandomErasing(factor=1.5), ValueError, "factor=1.5"),
    (lambda: RandomErasing(fill_value=(1, 2)), ValueError, "fill_value=(1, 2)"),
    (lambda: RandomErasing(fill_value="a"), ValueError, "three numbers"),
    (lambda: RandomErasing(value_range=(0, 1, 2)), ValueError, "value_range"),
    (lambda: RandomGaussianBlur(kernel_size=4), ValueError, "kernel_size=4"),
    (lambda: RandomGaussianBlur(kernel_size=(3, 4)), ValueError, "odd"),
    (lambda: RandomGaussianBlur(kernel_size=(3, 5, 7)), ValueError, "two odd numbers"),
    (lambda: RandomGaussianBlur(sigma=2.0), ValueError, "sigma=2.0"),
    (lambda: RandomGaussianBlur(factor=-0.5), ValueError, "factor=-0.5"),
    (lambda: RandomShear(-0.1), ValueError, "x_factor=-0.1"),
    (lambda: RandomShear((-0.1, 0.2)), ValueError, "x_factor=(-0.1, 0.2)"),
    (lambda: RandomShear(0.1, 1.5), ValueError, "y_factor=1.5"),
    (lambda: RandomShear((0.1, 0.2, 0.3)), ValueError, "x_factor=(0.1, 0.2, 0.3)"),
    (lambda: RandomShear(0.1, fill_mode="x"), NotImplementedError, "fill_mode"),
    (lambda: RandomShear(0.1, interpolation="bicubic"), NotImplementedError, "interpolation"),
    (lambda: MixUp(seed=1.5), ValueError, "seed=1.5"),
])
def test_bad_arguments(make, error, words):
    with pytest.raises(error) as info:
        make()
    assert words in str(info.value), str(info.value)


def test_bad_inputs(backend_name):
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match="'images' entry"):
            MixUp()({"labels": ONE_HOT})
        with pytest.raises(ValueError, match="rank 3 .* or 4"):
            CutMix()({"images": np.zeros((4, 4), "float32")})
