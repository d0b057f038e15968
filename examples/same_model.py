"""Build one Keras model on every installed backend, give it the same weights, compare predictions.

The model is a small convolutional classifier written once with the Keras API
(``import multikeras as keras``): Conv2D, BatchNormalization, MaxPooling2D,
Flatten, Dropout and Dense. It is built under the reference backend (NumPy),
its weights are copied into the same model built under each other backend
(``multikeras.backend.use``: no restart, no reload), and every backend
predicts on the same batch of 8x8 images. The script prints the summary, then
one row per backend with the predicted classes and the largest difference
from the reference, and exits with status 1 if any backend fails or differs
by more than the tolerance.

Usage:
    python examples/same_model.py                  # every available backend
    python examples/same_model.py --backend torch  # numpy reference + torch
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

import multikeras as keras
from multikeras import layers

REFERENCE = "numpy"
TOLERANCE = 1e-5


def build_model() -> keras.Model:
    """The classifier of the layers issue, as a Keras user writes it."""
    inputs = keras.Input(shape=(8, 8, 1))
    x = layers.Conv2D(16, 3, activation="relu", padding="same")(inputs)
    x = layers.BatchNormalization()(x)
    x = layers.MaxPooling2D()(x)
    x = layers.Flatten()(x)
    x = layers.Dropout(0.2)(x)
    outputs = layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="digits_cnn")


def make_images(count: int = 6) -> np.ndarray:
    """Deterministic 8x8 grey images: a bar whose position depends on the index, plus noise."""
    rng = np.random.default_rng(7)
    images = rng.uniform(0.0, 0.2, size=(count, 8, 8, 1)).astype("float32")
    for i in range(count):
        images[i, :, i % 8, 0] += 1.0
    return images


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", action="append", help="backend to compare with the NumPy reference (repeatable)")
    options = parser.parse_args(argv)
    backends = [REFERENCE] + [name for name in (options.backend or keras.backend.available()) if name != REFERENCE]
    images = make_images()

    with keras.backend.use(REFERENCE):
        reference_model = build_model()
        reference_model.summary()
        weights = reference_model.get_weights()
        reference = np.asarray(keras.ops.convert_to_numpy(reference_model(images)))

    print(f"\n{'backend':<12}{'predicted classes':<22}{'max |diff| vs numpy':>22}{'build+predict':>16}")
    failed = False
    for name in backends:
        started = time.perf_counter()
        try:
            with keras.backend.use(name):
                model = build_model()
                model.set_weights(weights)
                predictions = np.asarray(keras.ops.convert_to_numpy(model(images, training=False)))
        except Exception as error:  # report every backend, even when one breaks
            print(f"{name:<12}FAILED: {type(error).__name__}: {error}")
            failed = True
            continue
        elapsed = time.perf_counter() - started
        difference = float(np.max(np.abs(predictions - reference)))
        classes = " ".join(str(c) for c in predictions.argmax(axis=-1))
        status = "" if difference <= TOLERANCE else "  <-- differs"
        failed |= difference > TOLERANCE
        print(f"{name:<12}{classes:<22}{difference:>22.2e}{elapsed:>15.2f}s{status}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
