"""The hand-written TensorFlow arm: ``tf.Variable`` weights, one ``tf.function`` step, Adam written out.

No ``tf.keras``: the forward pass is ``tf.nn`` / ``tf.linalg`` calls, the
gradient a ``tf.GradientTape``. Weights keep Keras's layout (TensorFlow's
convolutions take NHWC/HWIO). The LSTM loop is a Python loop unrolled in the
traced graph, as ``tf.function`` does with a loop over a static length.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import tensorflow as tf

from workloads import ADAM, LAYER_NORM_EPSILON, Workload, initial_weights


def _dense(p: list[tf.Variable], x: tf.Tensor) -> tf.Tensor:
    return tf.matmul(x, p[0]) + p[1] if x.shape.rank == 2 else tf.tensordot(x, p[0], 1) + p[1]


def _conv_relu_pool(p: list[tf.Variable], x: tf.Tensor) -> tf.Tensor:
    x = tf.nn.relu(tf.nn.conv2d(x, p[0], 1, "VALID") + p[1])
    return tf.nn.max_pool2d(x, 2, 2, "VALID")


def _layer_norm(p: list[tf.Variable], x: tf.Tensor) -> tf.Tensor:
    mean, variance = tf.nn.moments(x, axes=[-1], keepdims=True)
    return (x - mean) * tf.math.rsqrt(variance + LAYER_NORM_EPSILON) * p[0] + p[1]


def _lstm(p: list[tf.Variable], x: tf.Tensor) -> tf.Tensor:
    kernel, recurrent, bias = p
    projected = tf.tensordot(x, kernel, 1) + bias
    hidden = state = None
    for t in range(x.shape[1]):
        gates = projected[:, t] if hidden is None else projected[:, t] + tf.matmul(hidden, recurrent)
        i, f, g, o = tf.split(gates, 4, axis=-1)
        update = tf.sigmoid(i) * tf.tanh(g)
        state = update if state is None else tf.sigmoid(f) * state + update
        hidden = tf.sigmoid(o) * tf.tanh(state)
    return hidden


def forward_function(workload: Workload) -> Any:
    key = workload.key

    def forward(params: dict[str, list[tf.Variable]], x: tf.Tensor) -> tf.Tensor:
        if key in ("W1", "W2"):
            x = tf.nn.relu(_dense(params["dense_0"], x))
            x = tf.nn.relu(_dense(params["dense_1"], x))
        elif key == "W3":
            x = _conv_relu_pool(params["conv_1"], _conv_relu_pool(params["conv_0"], x))
            x = tf.reshape(x, (tf.shape(x)[0], -1))
        elif key == "W4":
            x = _lstm(params["lstm"], x)
        else:
            length, width = x.shape[1], x.shape[2]
            heads = workload.option("heads")
            depth = width // heads

            def split(t: tf.Tensor) -> tf.Tensor:  # (batch, heads, length, depth)
                return tf.transpose(tf.reshape(t, (-1, length, heads, depth)), (0, 2, 1, 3))

            query, key_, value = (split(_dense(params[n], x)) for n in ("query", "key", "value"))
            weights = tf.nn.softmax(tf.matmul(query, key_, transpose_b=True) * (depth ** -0.5), axis=-1)
            attended = tf.reshape(tf.transpose(tf.matmul(weights, value), (0, 2, 1, 3)), (-1, length, width))
            x = _layer_norm(params["norm_0"], x + _dense(params["attention_output"], attended))
            hidden = _dense(params["ffn_1"], tf.nn.relu(_dense(params["ffn_0"], x)))
            x = tf.reduce_mean(_layer_norm(params["norm_1"], x + hidden), axis=1)
        return _dense(params["logits"], x)

    return forward


def initial_params(workload: Workload) -> dict[str, list[tf.Variable]]:
    return {name: [tf.Variable(w) for w in values] for name, values in initial_weights(workload).items()}


class TrainingArm:
    """``tf.function`` over forward, tape gradient and the Adam update; a Python loop over batches."""

    compile_setting = "tf.function"

    def __init__(self, workload: Workload, x: np.ndarray, y: np.ndarray):
        self.params = initial_params(workload)
        variables = [v for values in self.params.values() for v in values]
        m = [tf.Variable(tf.zeros_like(v)) for v in variables]
        s = [tf.Variable(tf.zeros_like(v)) for v in variables]
        iterations = tf.Variable(0.0)
        forward = forward_function(workload)
        lr, b1, b2, eps = ADAM["learning_rate"], ADAM["beta_1"], ADAM["beta_2"], ADAM["epsilon"]

        @tf.function
        def step(x: tf.Tensor, y: tf.Tensor) -> tf.Tensor:
            with tf.GradientTape() as tape:
                logits = forward(self.params, x)
                loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
            grads = tape.gradient(loss, variables)
            t = iterations.assign_add(1.0)
            scale = lr * tf.sqrt(1 - b2 ** t) / (1 - b1 ** t)
            for variable, grad, m_, s_ in zip(variables, grads, m, s):
                m_.assign(b1 * m_ + (1 - b1) * grad)
                s_.assign(b2 * s_ + (1 - b2) * tf.square(grad))
                variable.assign_sub(scale * m_ / (tf.sqrt(s_) + eps))
            return loss

        self.step = step
        size = workload.batch_size
        self.batches = [(tf.constant(x[i:i + size]), tf.constant(y[i:i + size])) for i in range(0, len(y), size)]

    def run(self, steps: int, start: int = 0) -> float:
        loss = None
        for index in range(start, start + steps):
            loss = self.step(*self.batches[index % len(self.batches)])
        return float(loss.numpy())


class Forward:
    """Inference: the forward pass under ``tf.function``."""

    def __init__(self, workload: Workload):
        self.params = initial_params(workload)
        self.forward = tf.function(forward_function(workload))

    @staticmethod
    def prepare(x: np.ndarray) -> tf.Tensor:
        return tf.constant(x)

    def __call__(self, inputs: tf.Tensor) -> Any:
        return self.forward(self.params, inputs)

    @staticmethod
    def to_numpy(outputs: Any) -> np.ndarray:
        return outputs.numpy()
