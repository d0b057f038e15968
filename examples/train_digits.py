"""Train a small CNN on scikit-learn's bundled digits (no download) and print its test accuracy.

Usage:
    python examples/train_digits.py                    # the selected backend (MULTIKERAS_BACKEND, settings, default)
    python examples/train_digits.py --backend jax      # or torch, tensorflow
    python examples/train_digits.py --backend all      # every trainable backend, one after the other

The script is plain Keras 3 code after ``import multikeras as keras``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from sklearn.datasets import load_digits

import multikeras as keras
from multikeras import layers


def load_data(seed: int = 0) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Digits as 8x8x1 float32 images in [0, 1], split 80/20 with a fixed shuffle."""
    digits = load_digits()
    images = (digits.images / 16.0).astype("float32")[..., None]
    labels = digits.target.astype("int32")
    order = np.random.default_rng(seed).permutation(len(images))
    images, labels = images[order], labels[order]
    split = int(0.8 * len(images))
    return (images[:split], labels[:split]), (images[split:], labels[split:])


def build_model() -> keras.Model:
    """Conv 32 -> pool -> Conv 64 -> pool -> dropout -> Dense 10 (softmax)."""
    inputs = keras.Input(shape=(8, 8, 1))
    x = layers.Conv2D(32, 3, padding="same", activation="relu")(inputs)
    x = layers.MaxPooling2D()(x)
    x = layers.Conv2D(64, 3, padding="same", activation="relu")(x)
    x = layers.MaxPooling2D()(x)
    x = layers.Flatten()(x)
    x = layers.Dropout(0.25)(x)
    outputs = layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="digits_cnn")


def train(epochs: int, verbose: int) -> float:
    """Build, fit and evaluate on the active backend; returns the test accuracy."""
    keras.utils.set_random_seed(0)
    (x_train, y_train), (x_test, y_test) = load_data()
    model = build_model()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(
        x_train, y_train, batch_size=32, epochs=epochs, validation_split=0.1, verbose=verbose,
        callbacks=[keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)],
    )
    _, accuracy = model.evaluate(x_test, y_test, verbose=0)
    return float(accuracy)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", default=None, help="jax, torch, tensorflow, or 'all' (default: the selected backend)")
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--verbose", type=int, default=2, help="0 silent, 1 progress bar, 2 one line per epoch")
    args = parser.parse_args()
    if args.backend == "all":
        names = [n for n in keras.backend.available() if keras.backend.capabilities(n).trainable]
    else:
        names = [args.backend or keras.backend.backend()]
    for name in names:
        with keras.backend.use(name):
            started = time.perf_counter()
            accuracy = train(args.epochs, args.verbose)
            print(f"{name}: test accuracy {accuracy:.4f} ({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
