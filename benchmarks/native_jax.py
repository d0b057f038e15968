"""The hand-written JAX arm: pure functions of a parameter dict, one ``jax.jit`` step, Adam written out.

Parameters keep Keras's layout (JAX's convolution takes NHWC/HWIO directly);
the LSTM is a ``lax.scan``; attention is ``jax.nn.dot_product_attention``.
"""

from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from workloads import ADAM, LAYER_NORM_EPSILON, Workload, initial_weights

Params = dict[str, list[jax.Array]]


def _dense(p: list[jax.Array], x: jax.Array) -> jax.Array:
    return x @ p[0] + p[1]


def _conv_relu_pool(p: list[jax.Array], x: jax.Array) -> jax.Array:
    x = lax.conv_general_dilated(x, p[0], (1, 1), "VALID", dimension_numbers=("NHWC", "HWIO", "NHWC")) + p[1]
    x = jax.nn.relu(x)
    return lax.reduce_window(x, -jnp.inf, lax.max, (1, 2, 2, 1), (1, 2, 2, 1), "VALID")


def _layer_norm(p: list[jax.Array], x: jax.Array) -> jax.Array:
    mean = x.mean(axis=-1, keepdims=True)
    variance = jnp.square(x - mean).mean(axis=-1, keepdims=True)
    return (x - mean) * lax.rsqrt(variance + LAYER_NORM_EPSILON) * p[0] + p[1]


def _lstm(p: list[jax.Array], x: jax.Array) -> jax.Array:
    kernel, recurrent, bias = p
    units = recurrent.shape[0]
    projected = jnp.swapaxes(x @ kernel + bias, 0, 1)  # (time, batch, 4 units)

    def cell(carry: tuple[jax.Array, jax.Array], gates: jax.Array) -> tuple[tuple[jax.Array, jax.Array], None]:
        hidden, state = carry
        i, f, g, o = jnp.split(gates + hidden @ recurrent, 4, axis=-1)
        state = jax.nn.sigmoid(f) * state + jax.nn.sigmoid(i) * jnp.tanh(g)
        return (jax.nn.sigmoid(o) * jnp.tanh(state), state), None

    zeros = jnp.zeros((x.shape[0], units), x.dtype)
    (hidden, _), _ = lax.scan(cell, (zeros, zeros), projected)
    return hidden


def forward_function(workload: Workload) -> Any:
    """``forward(params, x) -> logits`` for the workload."""
    key = workload.key

    def forward(params: Params, x: jax.Array) -> jax.Array:
        if key in ("W1", "W2"):
            x = jax.nn.relu(_dense(params["dense_0"], x))
            x = jax.nn.relu(_dense(params["dense_1"], x))
        elif key == "W3":
            x = _conv_relu_pool(params["conv_1"], _conv_relu_pool(params["conv_0"], x))
            x = x.reshape(x.shape[0], -1)
        elif key == "W4":
            x = _lstm(params["lstm"], x)
        else:
            batch, length, width = x.shape
            heads = workload.option("heads")

            def split(t: jax.Array) -> jax.Array:
                return t.reshape(batch, length, heads, width // heads)

            attended = jax.nn.dot_product_attention(split(_dense(params["query"], x)), split(_dense(params["key"], x)),
                                                    split(_dense(params["value"], x)))
            x = _layer_norm(params["norm_0"], x + _dense(params["attention_output"], attended.reshape(x.shape)))
            hidden = _dense(params["ffn_1"], jax.nn.relu(_dense(params["ffn_0"], x)))
            x = _layer_norm(params["norm_1"], x + hidden).mean(axis=1)
        return _dense(params["logits"], x)

    return forward


def initial_params(workload: Workload) -> Params:
    return {name: [jnp.asarray(w) for w in values] for name, values in initial_weights(workload).items()}


def _loss(forward: Any, params: Params, x: jax.Array, y: jax.Array) -> jax.Array:
    logits = forward(params, x)
    log_probs = jax.nn.log_softmax(logits)
    return -jnp.take_along_axis(log_probs, y[:, None], axis=-1).mean()


def make_train_step(workload: Workload) -> Any:
    """A jitted ``step(params, m, v, t, x, y) -> (params, m, v, t, loss)`` with Adam as Keras defines it."""
    forward = forward_function(workload)
    lr, b1, b2, eps = ADAM["learning_rate"], ADAM["beta_1"], ADAM["beta_2"], ADAM["epsilon"]

    def step(params: Params, m: Params, v: Params, t: jax.Array, x: jax.Array, y: jax.Array) -> Any:
        loss, grads = jax.value_and_grad(lambda p: _loss(forward, p, x, y))(params)
        t = t + 1
        scale = lr * jnp.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        m = jax.tree.map(lambda m_, g: b1 * m_ + (1 - b1) * g, m, grads)
        v = jax.tree.map(lambda v_, g: b2 * v_ + (1 - b2) * g * g, v, grads)
        params = jax.tree.map(lambda p, m_, v_: p - scale * m_ / (jnp.sqrt(v_) + eps), params, m, v)
        return params, m, v, t, loss

    return jax.jit(step)


class TrainingArm:
    """One jitted step per batch; the loop in Python; one ``block_until_ready`` per window."""

    compile_setting = "jax.jit"

    def __init__(self, workload: Workload, x: np.ndarray, y: np.ndarray):
        self.step = make_train_step(workload)
        self.params = initial_params(workload)
        self.m = jax.tree.map(jnp.zeros_like, self.params)
        self.v = jax.tree.map(jnp.zeros_like, self.params)
        self.t = jnp.asarray(0.0, jnp.float32)
        size = workload.batch_size
        self.batches = [(jnp.asarray(x[i:i + size]), jnp.asarray(y[i:i + size])) for i in range(0, len(y), size)]

    def run(self, steps: int, start: int = 0) -> float:
        params, m, v, t, loss = self.params, self.m, self.v, self.t, None
        for index in range(start, start + steps):
            x, y = self.batches[index % len(self.batches)]
            params, m, v, t, loss = self.step(params, m, v, t, x, y)
        jax.block_until_ready(params)
        self.params, self.m, self.v, self.t = params, m, v, t
        return float(loss)


class Forward:
    """Inference: the jitted forward function."""

    def __init__(self, workload: Workload):
        self.params = initial_params(workload)
        self.forward = jax.jit(forward_function(workload))

    @staticmethod
    def prepare(x: np.ndarray) -> jax.Array:
        return jnp.asarray(x)

    def __call__(self, inputs: jax.Array) -> Any:
        return self.forward(self.params, inputs)

    @staticmethod
    def to_numpy(outputs: Any) -> np.ndarray:
        return np.asarray(outputs)
