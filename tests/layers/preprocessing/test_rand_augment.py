"""RandAugment: identity outside training, shapes and dtypes, values kept in value_range, seeds, the per-batch
pick among the eleven sub-layers, configs, symbolic calls, argument checks, and fresh picks in compiled fit."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras.layers.preprocessing.image_augmentation import RandAugment
from multikeras.layers.preprocessing.image_augmentation.rand_augment import AUGMENTATION_NAMES

IMAGES = np.random.default_rng(0).uniform(0, 1, (3, 6, 6, 3)).astype("float32")


def _np(x):
    return np.asarray(mk.ops.convert_to_numpy(x))


def test_identity_outside_training_and_training_shapes(backend_name):
    with mk.backend.use(backend_name):
        layer = RandAugment(value_range=(0, 1), seed=1)
        np.testing.assert_array_equal(_np(layer(IMAGES, training=False)), IMAGES)
        out = layer(IMAGES, training=True)
        assert tuple(out.shape) == IMAGES.shape and _np(out).dtype == np.float32
        single = layer((IMAGES[0] * 255).astype("uint8"))  # one image, rank 3, of an int dtype
        assert tuple(single.shape) == IMAGES.shape[1:] and _np(single).dtype == np.float32
        # num_ops=0 leaves the images unchanged (only cast), as in Keras 3.
        np.testing.assert_array_equal(_np(RandAugment(value_range=(0, 1), num_ops=0, seed=2)(IMAGES)), IMAGES)


def test_values_stay_in_value_range_and_seeds_repeat(backend_name):
    with mk.backend.use(backend_name):
        layer = RandAugment(value_range=(0, 255), num_ops=3, factor=1.0, seed=3)
        outputs = [_np(layer(IMAGES * 255)) for _ in range(4)]
        for out in outputs:
            assert np.isfinite(out).all() and out.min() >= -1e-3 and out.max() <= 255 + 1e-3
        assert any(not np.allclose(outputs[0], out) for out in outputs[1:])  # each call draws afresh
        twin = RandAugment(value_range=(0, 255), num_ops=3, factor=1.0, seed=3)
        np.testing.assert_allclose(_np(twin(IMAGES * 255)), outputs[0], atol=1e-4)


def test_each_step_is_one_sub_layer_for_the_whole_batch(backend_name):
    """With num_ops=1 the output is one of the eleven sub-layers' outputs: a twin layer with the same seed
    replays every sub-layer's draw (each sub-layer draws on every call), and the pick is one per batch."""
    with mk.backend.use(backend_name):
        layer = RandAugment(value_range=(0, 1), num_ops=1, factor=0.8, seed=4)
        twin = RandAugment(value_range=(0, 1), num_ops=1, factor=0.8, seed=4)
        picked = set()
        for _ in range(6):
            out = _np(layer(IMAGES))
            candidates = [_np(getattr(twin, name).augment(IMAGES)) for name in AUGMENTATION_NAMES]
            matches = [index for index, candidate in enumerate(candidates) if np.allclose(out, candidate, atol=1e-5)]
            assert matches, "the output is none of the sub-layers' outputs"
            picked.add(matches[0])
        assert len(picked) >= 2


def test_sub_layers_take_their_strength_from_factor():
    with mk.backend.use("numpy"):
        layer = RandAugment(value_range=(0, 1), factor=0.9, interpolation="nearest", seed=5)
        assert layer.factor == (0, 0.9)
        assert layer.random_shear.x_factor == layer.random_shear.y_factor == (0, 0.9)
        assert layer.random_translation.height_factor == (0, 0.9) and layer.random_rotation.factor == (0, 0.9)
        assert layer.random_rotation.interpolation == "nearest"
        assert layer.random_contrast.factor == (0, 0.9) and layer.random_brightness.factor == (0, 0.9)
        assert layer.solarization.addition_factor == layer.solarization.threshold_factor == (0, 0.9)
        # Bits kept: 1 to max(1, int(8 * upper)), as Keras 3.15.1 does (observed: 0.9 -> (1, 7), 0.1 -> (1, 1)).
        assert tuple(layer.random_posterization.factor) == (1, 7)
        assert tuple(RandAugment(factor=0.1).random_posterization.factor) == (1, 1)
        assert RandAugment(factor=(0.2, 0.7)).factor == (0.2, 0.7)


def test_config_round_trip_and_symbolic_call(backend_name):
    with mk.backend.use(backend_name):
        layer = RandAugment(value_range=(0, 1), num_ops=3, factor=(0.1, 0.6), interpolation="nearest", seed=6)
        config = layer.get_config()
        assert {key: config[key] for key in ("value_range", "num_ops", "factor", "interpolation", "seed")} == {
            "value_range": [0, 1], "num_ops": 3, "factor": (0.1, 0.6), "interpolation": "nearest", "seed": 6}
        assert RandAugment.from_config(config).get_config() == config
        serialized = mk.saving.serialize_keras_object(layer)
        assert (serialized["module"], serialized["class_name"]) == ("keras.layers", "RandAugment")
        assert mk.saving.deserialize_keras_object(serialized).get_config() == config
        symbolic = layer(mk.Input((4, 4, 3), dtype="uint8"))
        assert tuple(symbolic.shape) == (None, 4, 4, 3) and symbolic.dtype == "float32"
        assert layer.count_params() == 0


@pytest.mark.parametrize("kwargs, words", [
    ({"factor": 1.5}, "factor=1.5"),
    ({"factor": (0.5, 1.2)}, "factor=(0.5, 1.2)"),
    ({"num_ops": -1}, "num_ops=-1"),
    ({"value_range": (0, 1, 2)}, "value_range=(0, 1, 2)"),
    ({"interpolation": "cubic"}, "'cubic'"),
])
def test_bad_arguments(kwargs, words):
    with mk.backend.use("numpy"), pytest.raises((ValueError, NotImplementedError), match=None) as error:
        RandAugment(**kwargs)
    assert words in str(error.value)


@pytest.mark.parametrize("backend", ["jax", "tensorflow"])
def test_compiled_fit_picks_afresh_every_step(backend):
    """The picks are tensors drawn from seed states threaded through the compiled step, not values frozen at
    trace time: with a zero learning rate, the same batch gives a different loss on (almost) every step."""
    x = np.random.default_rng(1).uniform(0, 255, (4, 6, 6, 3)).astype("float32")
    y = np.zeros((4, 1), "float32")
    with mk.backend.use(backend):
        augment = RandAugment(num_ops=1, factor=0.8, seed=7)
        model = mk.Sequential([mk.Input((6, 6, 3)), augment, mk.layers.Flatten(),
                               mk.layers.Dense(1, kernel_initializer="ones")])
        model.compile(optimizer=mk.optimizers.SGD(0.0), loss="mse")
        losses = model.fit(x, y, batch_size=4, epochs=5, verbose=0).history["loss"]
        assert len(set(np.round(losses, 0))) >= 3, losses
        assert int(augment.seed_generator.state.numpy()[1]) == 5
