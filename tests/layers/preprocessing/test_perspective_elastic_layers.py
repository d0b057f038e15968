"""RandomPerspective and RandomElasticTransform on every backend. Their draws cannot match Keras's generator, so the
tests check properties: the output equals ``ops.image.perspective_transform`` / ``ops.image.elastic_transform`` called
with the very values the layer drew (reproduced from a SeedGenerator with the layer's seed), identity at factor 0 or
scale 0, shapes and dtypes, seeds, the value range, dict inputs, symbolic calls, configs and argument checks. Keras
3.15.1 facts (configs, messages, the parameter rules) were observed by running it with KERAS_BACKEND=numpy."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import ops
from multikeras.layers.preprocessing.image_augmentation import RandomElasticTransform, RandomPerspective

RNG = np.random.default_rng(0)
IMAGES = RNG.uniform(0, 1, (2, 8, 8, 3)).astype("float32")
WIDE = RNG.uniform(0, 1, (2, 6, 10, 3)).astype("float32")  # height != width: catches swapped axes


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _dtype(x):
    return mk.backend.standardize_dtype(ops.dtype(x))


def _replay(seed, batch, *extra):
    """A SeedGenerator advanced past the draws a fresh layer with ``seed`` makes first: the apply probability and
    the apply test (``(batch,)`` each), then ``extra`` ``(shape, low, high)`` uniform draws, returned."""
    generator = mk.random.SeedGenerator(seed)
    mk.random.uniform((batch,), seed=generator)
    mk.random.uniform((batch,), seed=generator)
    draws = [mk.random.uniform(shape, low, high, dtype="float32", seed=generator) for shape, low, high in extra]
    return generator, draws


# RandomPerspective --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_perspective_is_the_op_with_the_drawn_corners(backend_name, data_format):
    images = WIDE if data_format == "channels_last" else WIDE.transpose(0, 3, 1, 2)
    height, width = WIDE.shape[1:3]
    with mk.backend.use(backend_name):
        out = RandomPerspective(factor=(1.0, 1.0), scale=0.6, interpolation="nearest", fill_value=-1.0, seed=4,
                                data_format=data_format)(images)
        _, (shift,) = _replay(4, 2, ((2, 4, 2), -0.5, 0.5))
        start = np.array([[0, 0], [width - 1, 0], [0, height - 1], [width - 1, height - 1]], "float32")
        start = np.broadcast_to(start, (2, 4, 2))
        end = start * (1 + 0.6 * _np(shift))
        assert np.all(end[:, 0] == 0)  # the top-left corner stays (Keras 3.15.1's rule)
        expected = ops.image.perspective_transform(images, start, end, interpolation="nearest", fill_value=-1.0,
                                                   data_format=data_format)
        np.testing.assert_allclose(_np(out), _np(expected), atol=1e-5)
        assert not np.allclose(_np(out), images)


def test_perspective_draws_follow_factor_and_scale(backend_name):
    with mk.backend.use(backend_name):
        layer = RandomPerspective(factor=0.5, scale=0.4, seed=2)
        apply, start, end = (_np(v) for v in layer.draw_points(np.zeros((400, 6, 10, 1), "float32")))
        assert start.shape == end.shape == (400, 4, 2)
        np.testing.assert_array_equal(start[0], [[0, 0], [9, 0], [0, 5], [9, 5]])
        # Each coordinate moves by at most scale / 2 of itself; the probability is drawn from [0, 0.5].
        assert np.all(np.abs(end - start) <= 0.2 * start + 1e-5) and np.abs(end - start).max() > 0.15 * 9
        assert 0.15 < apply.mean() < 0.35


def test_perspective_identity_dtype_seed_and_dicts(backend_name):
    ints = (IMAGES * 255).astype("uint8")
    with mk.backend.use(backend_name):
        for kwargs in ({"factor": 0.0}, {"scale": 0.0}):
            np.testing.assert_allclose(_np(RandomPerspective(seed=1, **kwargs)(IMAGES)), IMAGES, atol=1e-5)
        layer = RandomPerspective(factor=(1.0, 1.0), seed=5)
        # Integer images come out in the compute dtype, in training and outside it (as in Keras 3.15.1).
        assert _dtype(layer(ints)) == "float32"
        out = layer(ints, training=False)
        assert _dtype(out) == "float32"
        np.testing.assert_array_equal(_np(out), ints.astype("float32"))
        first = _np(RandomPerspective(seed=6)(IMAGES))
        again = RandomPerspective(seed=6)
        np.testing.assert_array_equal(first, _np(again(IMAGES)))
        assert not np.array_equal(_np(again(IMAGES)), _np(again(IMAGES)))
        # Dicts: labels and other entries pass through (one image in a dict: see the elastic test).
        out = layer({"images": IMAGES, "labels": np.arange(2), "extra": "kept"})
        assert _np(out["images"]).shape == IMAGES.shape and _np(out["labels"]).tolist() == [0, 1]
        assert out["extra"] == "kept"


# RandomElasticTransform ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("data_format, interpolation, fill_mode", [
    ("channels_last", "bilinear", "reflect"), ("channels_first", "nearest", "constant"),
    ("channels_last", "bilinear", "mirror"),
])
def test_elastic_is_the_op_with_the_drawn_parameters(backend_name, data_format, interpolation, fill_mode):
    images = WIDE if data_format == "channels_last" else WIDE.transpose(0, 3, 1, 2)
    with mk.backend.use(backend_name):
        layer = RandomElasticTransform(factor=(1.0, 1.0), scale=(0.5, 1.0), interpolation=interpolation,
                                       fill_mode=fill_mode, fill_value=0.25, value_range=(-9, 9), seed=3,
                                       data_format=data_format)
        out = _np(layer(images))
        generator, (distortion,) = _replay(3, 2, ((), 0.5, 1.0))
        distortion = float(_np(distortion))
        # alpha = d * max(h, w) / 10, sigma = d * min(h, w) / 20: Keras 3.15.1's get_elastic_transform_params.
        expected = ops.image.elastic_transform(images, alpha=distortion * 1.0, sigma=distortion * 0.3,
                                               interpolation=interpolation, fill_mode=fill_mode, fill_value=0.25,
                                               seed=generator, data_format=data_format)
        np.testing.assert_allclose(out, _np(expected), atol=1e-5)
        if interpolation == "bilinear":  # nearest: a field this small (alpha <= 1) moves no pixel
            assert np.abs(out - images).max() > 0.05


def test_elastic_clips_to_value_range_and_passes_through_at_zero(backend_name):
    spread = IMAGES * 3 - 1  # values in [-1, 2]
    with mk.backend.use(backend_name):
        out = _np(RandomElasticTransform(factor=(0.3, 0.3), value_range=(0, 1), seed=1)(spread))
        # The whole batch is clipped, deformed or not (Keras 3.15.1 too).
        assert out.min() == 0.0 and out.max() == 1.0
        for kwargs in ({"factor": 0.0}, {"scale": 0.0}, {"factor": (0.0, 0.0)}):
            # Nothing moves and nothing is clipped (Keras 3.15.1 too).
            layer = RandomElasticTransform(value_range=(0, 1), seed=1, **kwargs)
            np.testing.assert_array_equal(_np(layer(spread)), spread)


def test_elastic_dtype_seed_single_images_and_dicts(backend_name):
    ints = (IMAGES * 255).astype("uint8")
    with mk.backend.use(backend_name):
        layer = RandomElasticTransform(seed=7)
        out = layer(ints)
        assert _dtype(out) == "float32" and 0 <= _np(out).min() and _np(out).max() <= 255
        out = layer(ints, training=False)
        assert _dtype(out) == "float32"
        np.testing.assert_array_equal(_np(out), ints.astype("float32"))
        first = _np(RandomElasticTransform(factor=(1.0, 1.0), seed=8)(IMAGES))
        again = RandomElasticTransform(factor=(1.0, 1.0), seed=8)
        np.testing.assert_array_equal(first, _np(again(IMAGES)))
        assert not np.array_equal(_np(again(IMAGES)), _np(again(IMAGES)))
        single = again({"images": IMAGES[0], "labels": np.ones(4, "float32")})
        assert _np(single["images"]).shape == IMAGES[0].shape
        np.testing.assert_array_equal(_np(single["labels"]), np.ones(4))


# Both: symbolic calls, compiled steps, configs and argument checks -------------------------------------------------

LAYERS = [(RandomPerspective, {"scale": 0.5}), (RandomElasticTransform, {"value_range": (0, 1)})]


@pytest.mark.parametrize("layer_cls, kwargs", LAYERS, ids=["perspective", "elastic"])
def test_symbolic_calls_and_models(backend_name, layer_cls, kwargs):
    with mk.backend.use(backend_name):
        layer = layer_cls(seed=2, **kwargs)
        out = layer(mk.Input((8, 8, 3)))
        assert tuple(out.shape) == (None, 8, 8, 3) and out.dtype == "float32"
        specs = layer({"images": mk.Input((8, 8, 3)), "labels": mk.Input((4,))})
        assert {k: tuple(v.shape) for k, v in specs.items()} == {"images": (None, 8, 8, 3), "labels": (None, 4)}
        assert layer.compute_output_shape((None, 8, 8, 3)) == (None, 8, 8, 3)
        assert layer.compute_output_shape((8, 8, 3)) == (8, 8, 3)
        model = mk.Sequential([mk.Input((8, 8, 3)), layer])
        np.testing.assert_allclose(model.predict(IMAGES, verbose=0), IMAGES, atol=1e-6)  # inference: identity


def test_compiled_training_step_draws_inside_the_step(trainable_backend_name):
    # The corners, the strength and the noise are tensors traced inside jax.jit / tf.function / torch steps (the
    # elastic smoothing window depends on the drawn sigma). One model holds both layers: one compile.
    labels = RNG.uniform(0, 1, (2, 1)).astype("float32")
    with mk.backend.use(trainable_backend_name):
        model = mk.Sequential([mk.Input((8, 8, 3)), RandomPerspective(seed=1),
                               RandomElasticTransform(factor=(1.0, 1.0), value_range=(0, 1), seed=2),
                               mk.layers.Flatten(), mk.layers.Dense(1)])
        model.compile("sgd", "mse")
        history = model.fit(IMAGES, labels, batch_size=2, epochs=2, verbose=0)
        assert np.all(np.isfinite(history.history["loss"]))


def test_configs_match_keras():
    # Expected values observed from Keras 3.15.1's get_config (KERAS_BACKEND=numpy).
    config = RandomPerspective(seed=1).get_config()
    assert {k: config[k] for k in ("factor", "scale", "interpolation", "fill_value", "seed", "data_format")} == {
        "factor": (0, 1.0), "scale": 1.0, "interpolation": "bilinear", "fill_value": 0.0, "seed": 1,
        "data_format": "channels_last"}
    assert RandomPerspective((0.8, 0.2)).factor == (0.2, 0.8) and RandomPerspective((0.5, 1.5)).factor == (0.5, 1.5)
    config = RandomElasticTransform(seed=1).get_config()
    assert {k: config[k] for k in ("factor", "scale", "interpolation", "fill_mode", "fill_value", "value_range",
                                   "seed")} == {
        "factor": (0, 1.0), "scale": (0, 1.0), "interpolation": "bilinear", "fill_mode": "reflect",
        "fill_value": 0.0, "value_range": (0, 255), "seed": 1}
    assert RandomElasticTransform(scale=(0.5, 0.2)).scale == (0.2, 0.5)
    for layer_cls, kwargs in LAYERS:
        layer = layer_cls(seed=3, data_format="channels_first", factor=(0.2, 0.6), **kwargs)
        rebuilt = mk.saving.deserialize_keras_object(mk.saving.serialize_keras_object(layer))
        assert type(rebuilt) is layer_cls and rebuilt.get_config() == layer.get_config()
        assert layer_cls.from_config(layer.get_config()).get_config() == layer.get_config()


@pytest.mark.parametrize("make, error, words", [
    (lambda: RandomPerspective(factor=1.5), ValueError, "factor=1.5"),
    (lambda: RandomPerspective(factor="a"), ValueError, "[0, 1]"),
    (lambda: RandomPerspective(scale=1.5), ValueError, "scale=1.5"),
    (lambda: RandomPerspective(scale=(0.2, 0.5)), ValueError, "scale=(0.2, 0.5)"),
    (lambda: RandomPerspective(interpolation="cubic"), NotImplementedError, "interpolation"),
    (lambda: RandomPerspective(fill_mode="wrap"), TypeError, "fill_mode"),
    (lambda: RandomElasticTransform(factor=-0.1), ValueError, "factor=-0.1"),
    (lambda: RandomElasticTransform(scale=1.5), ValueError, "scale=1.5"),
    (lambda: RandomElasticTransform(fill_mode="foo"), NotImplementedError, "mirror"),
    (lambda: RandomElasticTransform(interpolation="area"), NotImplementedError, "interpolation"),
    (lambda: RandomElasticTransform(value_range=(0, 1, 2)), ValueError, "value_range"),
    (lambda: RandomElasticTransform(seed=0.5), ValueError, "seed=0.5"),
])
def test_bad_arguments(make, error, words):
    with pytest.raises(error) as info:
        make()
    assert words in str(info.value), str(info.value)
