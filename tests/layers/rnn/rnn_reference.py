"""Plain-NumPy recurrences the recurrent layers are checked against.

Each cell step is written from the published equations (Keras 3's gate
orders and weight layouts); :func:`run` loops a step over the time axis with
masks and ``go_backwards`` the way the layers document it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

Step = Callable[[np.ndarray, list[np.ndarray]], tuple[np.ndarray, list[np.ndarray]]]


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def simple_rnn_step(kernel: np.ndarray, recurrent: np.ndarray, bias: np.ndarray | None,
                    activation: Callable[[np.ndarray], np.ndarray] = np.tanh) -> Step:
    def step(x: np.ndarray, states: list[np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
        h = activation(x @ kernel + (0 if bias is None else bias) + states[0] @ recurrent)
        return h, [h]

    return step


def lstm_step(kernel: np.ndarray, recurrent: np.ndarray, bias: np.ndarray | None) -> Step:
    units = recurrent.shape[0]

    def step(x: np.ndarray, states: list[np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
        h, c = states
        z = x @ kernel + h @ recurrent + (0 if bias is None else bias)
        i = sigmoid(z[:, :units])
        f = sigmoid(z[:, units:2 * units])
        g = np.tanh(z[:, 2 * units:3 * units])
        o = sigmoid(z[:, 3 * units:])
        c = f * c + i * g
        h = o * np.tanh(c)
        return h, [h, c]

    return step


def gru_step(kernel: np.ndarray, recurrent: np.ndarray, bias: np.ndarray | None, reset_after: bool = True) -> Step:
    units = recurrent.shape[0]
    if bias is None:
        input_bias, recurrent_bias = 0.0, np.zeros(3 * units)
    elif reset_after:
        input_bias, recurrent_bias = bias[0], bias[1]
    else:
        input_bias, recurrent_bias = bias, np.zeros(3 * units)

    def step(x: np.ndarray, states: list[np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
        h = states[0]
        xs = x @ kernel + input_bias
        x_z, x_r, x_h = xs[:, :units], xs[:, units:2 * units], xs[:, 2 * units:]
        r_all = h @ recurrent[:, :2 * units] + recurrent_bias[:2 * units]
        z = sigmoid(x_z + r_all[:, :units])
        r = sigmoid(x_r + r_all[:, units:])
        if reset_after:
            candidate = np.tanh(x_h + r * (h @ recurrent[:, 2 * units:] + recurrent_bias[2 * units:]))
        else:
            candidate = np.tanh(x_h + (r * h) @ recurrent[:, 2 * units:])
        h = z * h + (1.0 - z) * candidate
        return h, [h]

    return step


def stacked_step(steps: Sequence[Step], state_counts: Sequence[int]) -> Step:
    def step(x: np.ndarray, states: list[np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
        new_states: list[np.ndarray] = []
        offset = 0
        for cell_step, count in zip(steps, state_counts):
            x, cell_states = cell_step(x, states[offset:offset + count])
            new_states += cell_states
            offset += count
        return x, new_states

    return step


def run(
    step: Step,
    x: np.ndarray,
    states: list[np.ndarray],
    mask: np.ndarray | None = None,
    go_backwards: bool = False,
    zero_output_for_mask: bool = False,
) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """``(outputs (batch, time, units) in processing order, last output, final states)``.

    A masked step keeps the states and repeats the previous output (zeros
    with ``zero_output_for_mask``, also for the last output).
    """
    order = range(x.shape[1] - 1, -1, -1) if go_backwards else range(x.shape[1])
    states = [s.astype("float64") for s in states]
    previous = None
    outputs = []
    keep = None
    for t in order:
        output, new_states = step(x[:, t].astype("float64"), states)
        if previous is None:
            previous = np.zeros_like(output)
        if mask is None:
            states, previous = new_states, output
            outputs.append(output)
            continue
        keep = mask[:, t][:, None]
        states = [np.where(keep, new, old) for new, old in zip(new_states, states)]
        emitted = np.where(keep, output, 0.0 if zero_output_for_mask else previous)
        previous = np.where(keep, output, previous)
        outputs.append(emitted)
    last = previous if not (zero_output_for_mask and keep is not None) else np.where(keep, previous, 0.0)
    return np.stack(outputs, axis=1), last, states


def random_weights(rng: np.random.Generator, shapes: Sequence[tuple[int, ...]]) -> list[np.ndarray]:
    """Float32 weights in [-0.5, 0.5) (bias included, so that it matters in the comparison)."""
    return [rng.uniform(-0.5, 0.5, size=shape).astype("float32") for shape in shapes]
