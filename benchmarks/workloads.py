"""The benchmark workloads W1-W5: shapes, data, initial weights, and the Keras-API model of each.

Every arm of a workload starts from the same weights, drawn here once with
NumPy in Keras's layout (``Dense`` kernels ``(in, out)``, ``Conv2D`` kernels
``(h, w, in, out)``, LSTM gates in the order input, forget, cell, output).
The native arms convert them to their framework's layout; the Keras-API arms
(Keras 3 and multikeras) load them with ``set_weights``. All arms therefore
compute the same function, which :func:`losses_agree` checks on the
losses of the first step and of the step after one update.

The Keras-API models are written once against a library module ``lib``
(``keras`` or ``multikeras``): the same code runs on both, with each
library's own ``LSTM`` (W4) and ``MultiHeadAttention`` (W5) layers. The
attention projections are drawn as ``(d, d)`` Dense weights here and reshaped
to ``MultiHeadAttention``'s ``(d, heads, d / heads)`` layout for those arms.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np

NUM_CLASSES = 10


@dataclasses.dataclass(frozen=True)
class Workload:
    """One training workload: input shape per sample, batch size, steps per timed window."""

    key: str
    title: str
    input_shape: tuple[int, ...]
    batch_size: int
    steps: int  # steps per timed window in a full run, sized for about a second on a 2-core CPU
    options: tuple[tuple[str, int], ...] = ()

    def option(self, name: str) -> int:
        return dict(self.options)[name]


WORKLOADS: dict[str, Workload] = {
    "W1": Workload("W1", "tiny MLP 32-64-64-10", (32,), 32, 400),
    "W2": Workload("W2", "MLP 784-256-128-10", (784,), 128, 120),
    "W3": Workload("W3", "CNN 28x28x1, conv32+pool, conv64+pool, dense10", (28, 28, 1), 64, 40),
    "W4": Workload("W4", "LSTM(64) on 32x16 sequences, dense10", (32, 16), 64, 60, (("units", 64),)),
    "W5": Workload("W5", "transformer encoder block d=64, 4 heads, seq 64", (64, 64), 32, 40,
                   (("heads", 4), ("ffn", 128))),
}

# Quick mode (CI): the same layers with shorter sequences, so that tracing and compiling stay short.
QUICK_WORKLOADS: dict[str, Workload] = {
    **WORKLOADS,
    "W4": dataclasses.replace(WORKLOADS["W4"], input_shape=(6, 16)),
    "W5": dataclasses.replace(WORKLOADS["W5"], input_shape=(8, 64)),
}

LAYER_NORM_EPSILON = 1e-3  # Keras's default, used by every arm
ADAM = {"learning_rate": 1e-3, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7}  # Keras's Adam defaults


def workloads(quick: bool) -> dict[str, Workload]:
    return QUICK_WORKLOADS if quick else WORKLOADS


# Data and weights --------------------------------------------------------------


def batches(workload: Workload, count: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``count`` batches of standard-normal float32 inputs and int32 labels, stacked: ``(count*B, ...)``."""
    return samples(workload, count * workload.batch_size, seed)


def samples(workload: Workload, n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``n`` standard-normal float32 inputs of the workload's shape and ``n`` int32 labels."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, *workload.input_shape), dtype=np.float32)
    y = rng.integers(0, NUM_CLASSES, size=(n,), dtype=np.int32)
    return x, y


def _glorot(rng: np.random.Generator, shape: tuple[int, ...], fan_in: int, fan_out: int) -> np.ndarray:
    limit = math.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=shape).astype(np.float32)


def _dense(rng: np.random.Generator, n_in: int, n_out: int) -> list[np.ndarray]:
    return [_glorot(rng, (n_in, n_out), n_in, n_out), np.zeros((n_out,), np.float32)]


def initial_weights(workload: Workload, seed: int = 1) -> dict[str, list[np.ndarray]]:
    """Weights of every layer, by layer name, in Keras's layout and ``get_weights`` order."""
    rng = np.random.default_rng(seed)
    key = workload.key
    if key == "W1":
        return {"dense_0": _dense(rng, 32, 64), "dense_1": _dense(rng, 64, 64), "logits": _dense(rng, 64, 10)}
    if key == "W2":
        return {"dense_0": _dense(rng, 784, 256), "dense_1": _dense(rng, 256, 128), "logits": _dense(rng, 128, 10)}
    if key == "W3":
        flat = cnn_flat_size(workload.input_shape)
        return {
            "conv_0": [_glorot(rng, (3, 3, 1, 32), 9, 9 * 32), np.zeros((32,), np.float32)],
            "conv_1": [_glorot(rng, (3, 3, 32, 64), 9 * 32, 9 * 64), np.zeros((64,), np.float32)],
            "logits": _dense(rng, flat, 10),
        }
    if key == "W4":
        units, features = workload.option("units"), workload.input_shape[-1]
        return {
            "lstm": [_glorot(rng, (features, 4 * units), features, 4 * units),
                     _glorot(rng, (units, 4 * units), units, 4 * units),
                     np.zeros((4 * units,), np.float32)],
            "logits": _dense(rng, units, 10),
        }
    if key == "W5":
        d, ffn = workload.input_shape[-1], workload.option("ffn")
        layer_norm = [np.ones((d,), np.float32), np.zeros((d,), np.float32)]
        return {
            "query": _dense(rng, d, d), "key": _dense(rng, d, d), "value": _dense(rng, d, d),
            "attention_output": _dense(rng, d, d), "norm_0": [w.copy() for w in layer_norm],
            "ffn_0": _dense(rng, d, ffn), "ffn_1": _dense(rng, ffn, d), "norm_1": [w.copy() for w in layer_norm],
            "logits": _dense(rng, d, 10),
        }
    raise ValueError(f"initial_weights: unknown workload {key!r}, expected one of {sorted(WORKLOADS)}.")


def cnn_flat_size(input_shape: tuple[int, ...]) -> int:
    """Features after conv3-pool2-conv3-pool2 (valid padding) on ``(h, w, 1)``."""
    h, w = input_shape[0], input_shape[1]
    for _ in range(2):
        h, w = (h - 2) // 2, (w - 2) // 2
    return h * w * 64


def losses_agree(losses_per_check: list[dict[str, float]], rtol: float = 1e-3) -> tuple[bool, float]:
    """Whether the arms' losses agree at every check (same weights, data and math), and the largest relative gap."""
    gap = 0.0
    for losses in losses_per_check:
        values = list(losses.values())
        if not all(math.isfinite(v) for v in values):
            return False, math.inf
        if len(values) > 1:
            gap = max(gap, max(abs(v - values[0]) / max(abs(values[0]), 1e-12) for v in values))
    return gap <= rtol, gap


# Keras-API models ----------------------------------------------------------------

def attention_weights(workload: Workload, weights: dict[str, list[np.ndarray]]) -> list[np.ndarray]:
    """The W5 query/key/value/output Dense weights in ``MultiHeadAttention``'s ``get_weights`` order and layout."""
    d, heads = workload.input_shape[-1], workload.option("heads")
    per_head = (heads, d // heads)
    values = []
    for name in ("query", "key", "value"):
        kernel, bias = weights[name]
        values += [kernel.reshape(d, *per_head), bias.reshape(per_head)]
    kernel, bias = weights["attention_output"]
    return values + [kernel.reshape(*per_head, d), bias]


def build_model(lib: Any, workload: Workload) -> Any:
    """The workload's model as Keras code against ``lib`` (``keras`` or ``multikeras``), Functional API."""
    layers = lib.layers
    inputs = lib.Input(workload.input_shape)
    key = workload.key
    if key in ("W1", "W2"):
        width_0, width_1 = (64, 64) if key == "W1" else (256, 128)
        x = layers.Dense(width_0, activation="relu", name="dense_0")(inputs)
        x = layers.Dense(width_1, activation="relu", name="dense_1")(x)
    elif key == "W3":
        x = layers.Conv2D(32, 3, activation="relu", name="conv_0")(inputs)
        x = layers.MaxPooling2D(2, name="pool_0")(x)
        x = layers.Conv2D(64, 3, activation="relu", name="conv_1")(x)
        x = layers.MaxPooling2D(2, name="pool_1")(x)
        x = layers.Flatten(name="flatten")(x)
    elif key == "W4":
        x = layers.LSTM(workload.option("units"), name="lstm")(inputs)
    elif key == "W5":
        d, heads = workload.input_shape[-1], workload.option("heads")
        attended = layers.MultiHeadAttention(heads, key_dim=d // heads, name="attention")(inputs, inputs)
        x = layers.LayerNormalization(epsilon=LAYER_NORM_EPSILON, name="norm_0")(layers.Add()([inputs, attended]))
        hidden = layers.Dense(workload.option("ffn"), activation="relu", name="ffn_0")(x)
        hidden = layers.Dense(d, name="ffn_1")(hidden)
        x = layers.LayerNormalization(epsilon=LAYER_NORM_EPSILON, name="norm_1")(layers.Add()([x, hidden]))
        x = layers.GlobalAveragePooling1D(name="pool")(x)
    else:
        raise ValueError(f"build_model: unknown workload {key!r}, expected one of {sorted(WORKLOADS)}.")
    outputs = layers.Dense(NUM_CLASSES, name="logits")(x)
    model = lib.Model(inputs, outputs, name=f"benchmark_{key}")
    weights = initial_weights(workload)
    if key == "W5":
        model.get_layer("attention").set_weights(attention_weights(workload, weights))
        weights = {name: values for name, values in weights.items()
                   if name not in ("query", "key", "value", "attention_output")}
    for name, values in weights.items():
        model.get_layer(name).set_weights(values)
    return model
