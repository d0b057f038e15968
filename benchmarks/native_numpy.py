"""The hand-written NumPy forward pass (inference only), for the MLP and CNN workloads."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from workloads import Workload, initial_weights


def _conv_relu_pool(weights: list[np.ndarray], x: np.ndarray) -> np.ndarray:
    kernel, bias = weights  # (kh, kw, in, out)
    windows = sliding_window_view(x, kernel.shape[:2], axis=(1, 2))  # (batch, h', w', in, kh, kw)
    x = np.maximum(np.tensordot(windows, kernel, axes=([3, 4, 5], [2, 0, 1])) + bias, 0.0)
    batch, h, w, channels = x.shape
    x = x[:, : h - h % 2, : w - w % 2]
    return x.reshape(batch, h // 2, 2, w // 2, 2, channels).max(axis=(2, 4))


class Forward:
    """``logits = forward(x)`` with NumPy arrays, float32 throughout."""

    def __init__(self, workload: Workload):
        if workload.key not in ("W1", "W2", "W3"):
            raise ValueError(f"native_numpy.Forward: only the MLP and CNN workloads have a NumPy forward, received {workload.key!r}.")
        self.key = workload.key
        self.weights = initial_weights(workload)

    @staticmethod
    def prepare(x: np.ndarray) -> np.ndarray:
        return x

    def __call__(self, x: np.ndarray) -> np.ndarray:
        w = self.weights
        if self.key == "W3":
            x = _conv_relu_pool(w["conv_1"], _conv_relu_pool(w["conv_0"], x))
            x = x.reshape(x.shape[0], -1)
        else:
            x = np.maximum(x @ w["dense_0"][0] + w["dense_0"][1], 0.0)
            x = np.maximum(x @ w["dense_1"][0] + w["dense_1"][1], 0.0)
        return x @ w["logits"][0] + w["logits"][1]

    @staticmethod
    def to_numpy(outputs: Any) -> np.ndarray:
        return outputs
