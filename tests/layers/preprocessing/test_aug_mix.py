"""AugMix: identity outside training, shapes and dtypes (batched, single, channels_first), values kept in
value_range, the chains replayed from the layer's own draws and its sub-layers, the draws' laws, configs and
.keras files, argument checks, and fresh draws in compiled fit.

Tests use 8x8x3 images and, where they can, a flattened chain batch of two images (one chain of a batch of two,
or two chains of one image): on jax every new shape compiles every operation afresh."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras.layers import AugMix
from multikeras.layers.preprocessing.image_augmentation.aug_mix import AUGMENTATION_NAMES

IMAGES = np.random.default_rng(0).uniform(0, 1, (2, 8, 8, 3)).astype("float32")


def _np(x):
    return np.asarray(mk.ops.convert_to_numpy(x))


def test_identity_outside_training_shapes_and_dtypes(backend_name):
    with mk.backend.use(backend_name):
        layer = AugMix(value_range=(0, 1), num_chains=1, chain_depth=1, seed=1)
        np.testing.assert_array_equal(_np(layer(IMAGES, training=False)), IMAGES)
        out = layer(IMAGES, training=True)
        assert tuple(out.shape) == IMAGES.shape and _np(out).dtype == np.float32
        # One image of an int dtype: two chains of it flatten to two images, as above.
        two_chains = AugMix(num_chains=2, chain_depth=1, seed=2)
        single = two_chains((IMAGES[0] * 255).astype("uint8"))
        assert tuple(single.shape) == IMAGES.shape[1:] and _np(single).dtype == np.float32
        assert _np(two_chains((IMAGES[0] * 255).astype("uint8"), training=False)).dtype == np.float32
        # chain_depth=0 leaves the images unchanged (only cast); Keras 3.15.1 gives them back too (observed).
        np.testing.assert_array_equal(_np(AugMix(value_range=(0, 1), chain_depth=0, seed=3)(IMAGES)), IMAGES)


def test_channels_first_and_value_range(backend_name):
    with mk.backend.use(backend_name):
        # alpha=0.5 draws from the Gamma sampler (alpha=1, the default, from the exponential law).
        first = AugMix(value_range=(0, 255), num_chains=2, chain_depth=1, factor=1.0, alpha=0.5,
                       all_ops=False, data_format="channels_first", seed=4)
        batch = np.transpose(IMAGES[:1] * 255, (0, 3, 1, 2))
        outputs = [_np(first(batch)) for _ in range(3)]
        for out in outputs:
            assert out.shape == (1, 3, 8, 8)
            assert np.isfinite(out).all() and out.min() >= -1e-3 and out.max() <= 255 + 1e-3
        assert any(not np.allclose(outputs[0], out) for out in outputs[1:])  # each call draws afresh
        twin = AugMix(value_range=(0, 255), num_chains=2, chain_depth=1, factor=1.0, alpha=0.5,
                      all_ops=False, data_format="channels_first", seed=4)
        np.testing.assert_allclose(_np(twin(batch)), outputs[0], atol=1e-3)


def _replay(twin, images, calls):
    """The expected outputs of ``calls`` calls of a layer built like ``twin`` (same seed), from ``twin``'s own
    draws and sub-layers, written independently of the layer: each chain, slot by slot, in NumPy."""
    results = []
    count = len(twin.operation_names)
    for _ in range(calls):
        picks, chain_weights, image_weight = (_np(v) for v in twin.draw_mixing())
        chains = [images] * twin.num_chains
        for step in range(twin.chain_depth):
            flat = np.concatenate(chains, axis=0)
            # Each slot calls every operation once on all the chains (the layer's draw order).
            candidates = [_np(getattr(twin, name).augment(flat)) for name in twin.operation_names]
            size = images.shape[0]
            chains = [chains[c] if picks[c, step] == count else candidates[picks[c, step]][c * size:(c + 1) * size]
                      for c in range(twin.num_chains)]
        mixed = sum(weight * chain for weight, chain in zip(chain_weights, chains))
        results.append(image_weight * images + (1 - image_weight) * mixed)
    return results, picks


def test_one_chain_of_one_slot_is_the_picked_sub_layer(backend_name):
    """num_chains=1, chain_depth=1: the output is ``m * x + (1 - m) * op(x)`` with ``op`` the picked sub-layer
    given the same draw (or ``x`` itself when the slot is skipped)."""
    with mk.backend.use(backend_name):
        kwargs = {"value_range": (0, 1), "num_chains": 1, "chain_depth": 1, "factor": 0.8, "seed": 5}
        layer, twin = AugMix(**kwargs), AugMix(**kwargs)
        for _ in range(4):
            out = _np(layer(IMAGES))
            picks, chain_weights, image_weight = (_np(v) for v in twin.draw_mixing())
            assert chain_weights.tolist() == [1.0] and 0 <= image_weight <= 1
            candidates = [_np(getattr(twin, name).augment(IMAGES)) for name in AUGMENTATION_NAMES]
            picked = candidates[picks[0, 0]] if picks[0, 0] < len(AUGMENTATION_NAMES) else IMAGES
            np.testing.assert_allclose(out, image_weight * IMAGES + (1 - image_weight) * picked, atol=1e-5)


def test_two_chains_of_two_slots_replayed(backend_name):
    with mk.backend.use(backend_name):
        kwargs = {"value_range": (0, 1), "num_chains": 2, "chain_depth": 2, "factor": 0.6, "all_ops": False,
                  "seed": 6}
        layer, twin = AugMix(**kwargs), AugMix(**kwargs)
        outputs = [_np(layer(IMAGES[:1])) for _ in range(2)]
        expected, _ = _replay(twin, IMAGES[:1], 2)
        for out, reference in zip(outputs, expected):
            np.testing.assert_allclose(out, reference, atol=1e-5)


def test_draws_follow_keras_laws():
    """Observed in Keras 3.15.1: each slot picks among the operations plus "skip" uniformly (so skips are 1/12
    of the slots, 1/8 with all_ops=False); chain weights are Dirichlet(alpha), the image's share Beta(alpha,
    alpha). A huge alpha makes both degenerate: equal chain weights and a share of 1/2."""
    with mk.backend.use("numpy"):
        layer = AugMix(num_chains=4, chain_depth=3, seed=7)
        picks = np.concatenate([_np(layer.draw_mixing()[0]).ravel() for _ in range(400)])
        assert set(picks.tolist()) == set(range(12))
        assert abs(np.mean(picks == 11) - 1 / 12) < 0.02
        basic = AugMix(num_chains=4, chain_depth=3, all_ops=False, seed=7)
        assert basic.operation_names == AUGMENTATION_NAMES[:7]
        assert not hasattr(basic, "random_brightness") and not hasattr(basic, "random_sharpness")
        picks = np.concatenate([_np(basic.draw_mixing()[0]).ravel() for _ in range(400)])
        assert set(picks.tolist()) == set(range(8))
        for alpha, variance in ((1.0, 1 / 12), (0.5, 1 / 8)):  # Beta(a, a) has variance 1 / (4 (2a + 1))
            sampler = AugMix(num_chains=2, alpha=alpha, seed=12)
            shares = np.array([float(_np(sampler.draw_mixing()[2])) for _ in range(600)])
            assert abs(shares.mean() - 0.5) < 0.05 and abs(shares.var() - variance) < 0.02, (alpha, shares.var())
            weights = np.array([_np(sampler.draw_mixing()[1])[0] for _ in range(600)])
            assert abs(weights.var() - variance) < 0.02  # two chains: the first weight is Beta(a, a) too
        for _ in range(5):
            _, weights, share = (_np(v) for v in AugMix(num_chains=4, alpha=1e6, seed=None).draw_mixing())
            np.testing.assert_allclose(weights, 0.25, atol=5e-3)
            assert abs(float(share) - 0.5) < 5e-3
        _, weights, _ = AugMix(num_chains=3, alpha=1e-4, seed=8).draw_mixing()
        assert np.isfinite(_np(weights)).all() and abs(float(np.sum(_np(weights))) - 1) < 1e-5


def test_sub_layers_take_their_strength_from_factor():
    with mk.backend.use("numpy"):
        layer = AugMix(value_range=(0, 1), factor=0.6, interpolation="nearest", seed=9)
        assert layer.factor == (0, 0.6)
        assert layer.random_shear.x_factor == layer.random_shear.y_factor == (0, 0.6)
        assert layer.random_translation.height_factor == (0, 0.6) and layer.random_rotation.factor == (0, 0.6)
        assert layer.random_rotation.interpolation == "nearest"
        assert layer.random_contrast.factor == (0, 0.6) and layer.random_brightness.factor == (0, 0.6)
        assert layer.solarization.addition_factor == layer.solarization.threshold_factor == (0, 0.6)
        # Bits kept: 1 to max(1, int(8 * upper)), as Keras 3.15.1 does (observed: 0.3 -> (1, 2), 0.6 -> (1, 4)).
        assert tuple(layer.random_posterization.factor) == (1, 4)
        assert tuple(AugMix().random_posterization.factor) == (1, 2)


def test_config_round_trip_and_saved_model(backend_name, tmp_path):
    with mk.backend.use(backend_name):
        layer = AugMix(value_range=(0, 1), num_chains=2, chain_depth=1, factor=(0.1, 0.5), alpha=0.5,
                       all_ops=False, interpolation="nearest", seed=10)
        config = layer.get_config()
        # The keys of Keras 3.15.1's AugMix config (observed), so files move both ways.
        assert set(config) == {"name", "trainable", "dtype", "data_format", "value_range", "num_chains",
                               "chain_depth", "factor", "alpha", "all_ops", "interpolation", "seed"}
        assert AugMix.from_config(config).get_config() == config
        serialized = mk.saving.serialize_keras_object(layer)
        assert (serialized["module"], serialized["class_name"]) == ("keras.layers", "AugMix")
        assert mk.saving.deserialize_keras_object(serialized).get_config() == config
        model = mk.Sequential([mk.Input((8, 8, 3)), layer])
        path = str(tmp_path / "aug_mix.keras")
        model.save(path)
        loaded = mk.saving.load_model(path)
        assert loaded.layers[0].get_config() == config
        np.testing.assert_array_equal(loaded.predict(IMAGES, verbose=0), IMAGES)
        symbolic = layer(mk.Input((4, 4, 3), dtype="uint8"))
        assert tuple(symbolic.shape) == (None, 4, 4, 3) and symbolic.dtype == "float32"
        assert layer.count_params() == 0


@pytest.mark.parametrize("kwargs, words", [
    ({"factor": 1.5}, "factor=1.5"),
    ({"num_chains": 0}, "num_chains=0"),
    ({"chain_depth": (1, 3)}, "chain_depth=(1, 3)"),
    ({"chain_depth": -1}, "chain_depth=-1"),
    ({"alpha": 0}, "alpha=0"),
    ({"all_ops": "yes"}, "all_ops='yes'"),
    ({"value_range": (0, 1, 2)}, "value_range=(0, 1, 2)"),
    ({"interpolation": "cubic"}, "'cubic'"),
])
def test_bad_arguments(kwargs, words):
    with mk.backend.use("numpy"), pytest.raises((ValueError, NotImplementedError)) as error:
        AugMix(**kwargs)
    assert words in str(error.value) and "aug_mix" in str(error.value)


def test_compiled_fit_draws_afresh_every_step(trainable_backend_name):
    """The draws are tensors from seed states threaded through the (compiled, on jax and tensorflow) step, not
    values frozen at trace time: with a zero learning rate, the same batch gives a different loss on each step."""
    x = np.random.default_rng(1).uniform(0, 255, (2, 8, 8, 3)).astype("float32")
    y = np.zeros((2, 1), "float32")
    with mk.backend.use(trainable_backend_name):
        augment = AugMix(num_chains=1, chain_depth=1, factor=0.8, all_ops=False, seed=11)
        model = mk.Sequential([mk.Input((8, 8, 3)), augment, mk.layers.Flatten(),
                               mk.layers.Dense(1, kernel_initializer="ones")])
        model.compile(optimizer=mk.optimizers.SGD(0.0), loss="mse")
        # Compiled where the backend compiles (Keras 3.15.1 turns jit_compile off for a model holding AugMix).
        assert model.jit_compile == mk.backend.capabilities().jit_training_by_default
        losses = model.fit(x, y, batch_size=2, epochs=4, verbose=0).history["loss"]
        assert len(set(np.round(losses, 0))) >= 3, losses
        assert int(augment.seed_generator.state.numpy()[1]) == 2 * 4  # picks and Gamma draws per step
