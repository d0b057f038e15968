"""The hand-written PyTorch arm: ``nn.Module`` models, eager, ``torch.optim.Adam``.

What a PyTorch user writes for these models: channels-first convolutions
(inputs are laid out NCHW once, before timing), ``nn.LSTM``,
``F.scaled_dot_product_attention``. Weights come from
:func:`workloads.initial_weights`, converted to PyTorch's layout, so the
model computes the same function as the Keras-API arms.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from workloads import ADAM, LAYER_NORM_EPSILON, Workload, initial_weights


def _linear(weights: list[np.ndarray]) -> nn.Linear:
    kernel, bias = weights
    layer = nn.Linear(kernel.shape[0], kernel.shape[1])
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(kernel.T.copy()))
        layer.bias.copy_(torch.from_numpy(bias))
    return layer


def _conv(weights: list[np.ndarray]) -> nn.Conv2d:
    kernel, bias = weights  # (h, w, in, out)
    layer = nn.Conv2d(kernel.shape[2], kernel.shape[3], kernel.shape[:2])
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(kernel.transpose(3, 2, 0, 1).copy()))
        layer.bias.copy_(torch.from_numpy(bias))
    return layer


def _layer_norm(weights: list[np.ndarray]) -> nn.LayerNorm:
    gamma, beta = weights
    layer = nn.LayerNorm(gamma.shape[0], eps=LAYER_NORM_EPSILON)
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(gamma))
        layer.bias.copy_(torch.from_numpy(beta))
    return layer


class _CNN(nn.Module):
    def __init__(self, weights: dict[str, list[np.ndarray]], input_shape: tuple[int, ...]):
        super().__init__()
        self.conv_0, self.conv_1 = _conv(weights["conv_0"]), _conv(weights["conv_1"])
        # Keras flattens (h, w, c); PyTorch (c, h, w): permute the rows of the last kernel once.
        kernel, bias = weights["logits"]
        h = w = int(round((kernel.shape[0] / 64) ** 0.5))
        permuted = kernel.reshape(h, w, 64, -1).transpose(2, 0, 1, 3).reshape(kernel.shape)
        self.logits = _linear([permuted, bias])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.max_pool2d(F.relu(self.conv_0(x)), 2)
        x = F.max_pool2d(F.relu(self.conv_1(x)), 2)
        return self.logits(torch.flatten(x, 1))


class _LSTMClassifier(nn.Module):
    def __init__(self, weights: dict[str, list[np.ndarray]]):
        super().__init__()
        kernel, recurrent, bias = weights["lstm"]
        units = recurrent.shape[0]
        self.lstm = nn.LSTM(kernel.shape[0], units, batch_first=True)  # gate order i, f, g, o, as Keras
        with torch.no_grad():
            self.lstm.weight_ih_l0.copy_(torch.from_numpy(kernel.T.copy()))
            self.lstm.weight_hh_l0.copy_(torch.from_numpy(recurrent.T.copy()))
            self.lstm.bias_ih_l0.copy_(torch.from_numpy(bias))
            self.lstm.bias_hh_l0.zero_()
        self.logits = _linear(weights["logits"])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        _, (hidden, _) = self.lstm(x)
        return self.logits(hidden[-1])


class _EncoderClassifier(nn.Module):
    def __init__(self, weights: dict[str, list[np.ndarray]], heads: int):
        super().__init__()
        self.heads = heads
        self.query, self.key, self.value = (_linear(weights[n]) for n in ("query", "key", "value"))
        self.attention_output = _linear(weights["attention_output"])
        self.norm_0, self.norm_1 = _layer_norm(weights["norm_0"]), _layer_norm(weights["norm_1"])
        self.ffn_0, self.ffn_1 = _linear(weights["ffn_0"]), _linear(weights["ffn_1"])
        self.logits = _linear(weights["logits"])

    def _split(self, x: torch.Tensor) -> torch.Tensor:
        batch, length, width = x.shape
        return x.view(batch, length, self.heads, width // self.heads).transpose(1, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        attended = F.scaled_dot_product_attention(self._split(self.query(x)), self._split(self.key(x)),
                                                  self._split(self.value(x)))
        attended = attended.transpose(1, 2).reshape(x.shape)
        x = self.norm_0(x + self.attention_output(attended))
        x = self.norm_1(x + self.ffn_1(F.relu(self.ffn_0(x))))
        return self.logits(x.mean(dim=1))


def build_module(workload: Workload) -> nn.Module:
    weights = initial_weights(workload)
    if workload.key in ("W1", "W2"):
        return nn.Sequential(_linear(weights["dense_0"]), nn.ReLU(), _linear(weights["dense_1"]), nn.ReLU(),
                             _linear(weights["logits"]))
    if workload.key == "W3":
        return _CNN(weights, workload.input_shape)
    if workload.key == "W4":
        return _LSTMClassifier(weights)
    return _EncoderClassifier(weights, workload.option("heads"))


def to_native_inputs(workload: Workload, x: np.ndarray) -> torch.Tensor:
    """Keras-layout inputs as the PyTorch model takes them (images become NCHW)."""
    if workload.key == "W3":
        x = x.transpose(0, 3, 1, 2)
    return torch.from_numpy(np.ascontiguousarray(x))


class TrainingArm:
    """Eager PyTorch training: forward, ``F.cross_entropy``, backward, ``Adam.step``."""

    compile_setting = "eager"

    def __init__(self, workload: Workload, x: np.ndarray, y: np.ndarray):
        self.module = build_module(workload)
        self.optimizer = torch.optim.Adam(self.module.parameters(), lr=ADAM["learning_rate"],
                                          betas=(ADAM["beta_1"], ADAM["beta_2"]), eps=ADAM["epsilon"])
        size = workload.batch_size
        inputs, labels = to_native_inputs(workload, x), torch.from_numpy(y.astype(np.int64))
        self.batches = [(inputs[i:i + size], labels[i:i + size]) for i in range(0, len(labels), size)]

    def step(self, index: int) -> torch.Tensor:
        inputs, labels = self.batches[index % len(self.batches)]
        self.optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(self.module(inputs), labels)
        loss.backward()
        self.optimizer.step()
        return loss

    def run(self, steps: int, start: int = 0) -> float:
        loss = None
        for index in range(start, start + steps):
            loss = self.step(index)
        return float(loss.detach())  # the one synchronization of the window


class Forward:
    """Inference: the eager module under ``torch.inference_mode``."""

    def __init__(self, workload: Workload):
        self.workload = workload
        self.module = build_module(workload).eval()

    def prepare(self, x: np.ndarray) -> torch.Tensor:
        return to_native_inputs(self.workload, x)

    def __call__(self, inputs: torch.Tensor) -> Any:
        with torch.inference_mode():
            return self.module(inputs)

    @staticmethod
    def to_numpy(outputs: Any) -> np.ndarray:
        return outputs.numpy()
