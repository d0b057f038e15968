"""The image augmentation layers inside model.fit: compiled steps (jax, tensorflow) draw from the layers' seed
generators, whose states are threaded through the steps and advance; predict does not augment."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras.layers.preprocessing.image_augmentation import (
    RandomBrightness,
    RandomContrast,
    RandomCrop,
    RandomFlip,
    RandomRotation,
    RandomTranslation,
    RandomZoom,
)


@pytest.mark.parametrize("backend", ["jax", "tensorflow"])
def test_augmentation_layers_in_compiled_fit(backend):
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 1, (8, 6, 6, 1)).astype("float32")
    y = rng.normal(size=(8, 1)).astype("float32")
    with mk.backend.use(backend):
        augmentations = [
            RandomFlip(seed=1), RandomRotation(0.1, seed=2), RandomZoom(0.1, seed=3),
            RandomTranslation(0.1, 0.1, seed=4), RandomContrast(0.2, value_range=(0, 1), seed=5),
            RandomBrightness(0.1, value_range=(0, 1), seed=6), RandomCrop(4, 4, seed=7),
        ]
        inputs = mk.Input((6, 6, 1))
        hidden = inputs
        for layer in augmentations:
            hidden = layer(hidden)
        model = mk.Model(inputs, mk.layers.Dense(1)(mk.layers.Flatten()(hidden)))
        model.compile(optimizer="sgd", loss="mse")
        history = model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
        assert np.all(np.isfinite(history.history["loss"]))
        for layer in augmentations:
            # 2 epochs x 2 steps, each step draws at least once: the state came back out of the compiled step.
            assert int(layer.seed_generator.state.numpy()[1]) >= 4, (layer.name, layer.seed_generator.state.numpy())
        # Different steps drew different values: two batches of the same data give different losses in training.
        first = model.train_on_batch(x[:4], y[:4])
        second = model.train_on_batch(x[:4], y[:4])
        assert first != second
