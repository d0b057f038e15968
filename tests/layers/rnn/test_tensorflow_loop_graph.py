"""The tensorflow plug-in's ``scan`` (the recurrent layers' loop): its results, and what its backward loop runs.

Each step reads its slice of ``xs`` from a tensor list. Read with ``tf.gather``, the backward loop would
scatter every step's gradient into a dense array of the whole ``xs`` (an ``UnsortedSegmentSum``) in each
iteration, which made the LSTM training step of benchmark W4 about 30% slower.
"""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import ops

tf = pytest.importorskip("tensorflow")

RNG = np.random.default_rng(7)


def _loop_ops(function: object) -> set[str]:
    """Op types of every function body in a traced ``tf.function`` (loop bodies and their gradients)."""
    graph = function.get_concrete_function().graph.as_graph_def()
    return {node.op for body in graph.library.function for node in body.node_def}


def _reference_scan(a: np.ndarray, b: np.ndarray, reverse: bool) -> tuple[np.ndarray, np.ndarray]:
    total, emitted = np.zeros(a.shape[1:], np.float32), [None] * len(a)
    for t in (range(len(a) - 1, -1, -1) if reverse else range(len(a))):
        total = np.tanh(total + a[t] * b[t])
        emitted[t] = total
    return total, np.stack(emitted)


@pytest.mark.parametrize("compiled", [False, True])
@pytest.mark.parametrize("reverse", [False, True])
def test_scan_over_a_structure_of_xs_matches_the_reference_with_gradients(compiled, reverse):
    a = RNG.normal(size=(5, 3)).astype("float32")
    b = RNG.normal(size=(5, 3)).astype("float32")

    def body(carry, x):
        new = ops.tanh(carry + x["a"] * x["b"])
        return new, new

    def loss(a_t, b_t):
        final, emitted = ops.scan(body, ops.zeros((3,)), {"a": a_t, "b": b_t}, reverse=reverse)
        return ops.sum(final) + ops.sum(emitted * ops.arange(5, dtype="float32")[:, None]), (final, emitted)

    with mk.backend.use("tensorflow"):
        run = mk.backend.value_and_grad(loss, argnums=(0, 1), has_aux=True)
        if compiled:
            run = tf.function(run)
        (_, (final, emitted)), (grad_a, grad_b) = run(tf.constant(a), tf.constant(b))
    expected_final, expected_emitted = _reference_scan(a, b, reverse)
    np.testing.assert_allclose(final.numpy(), expected_final, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(emitted.numpy(), expected_emitted, rtol=1e-5, atol=1e-6)

    # Finite differences of the same loss in float64 NumPy, for the gradient with respect to ``a``.
    def numpy_loss(a_np):
        final_np, emitted_np = _reference_scan(a_np.astype(np.float64), b.astype(np.float64), reverse)
        return final_np.sum() + (emitted_np * np.arange(5)[:, None]).sum()

    step, numeric = 1e-4, np.zeros_like(a, dtype=np.float64)
    for index in np.ndindex(a.shape):
        shifted_up, shifted_down = a.astype(np.float64), a.astype(np.float64)
        shifted_up[index] += step
        shifted_down[index] -= step
        numeric[index] = (numpy_loss(shifted_up) - numpy_loss(shifted_down)) / (2 * step)
    np.testing.assert_allclose(grad_a.numpy(), numeric, rtol=1e-3, atol=1e-3)
    assert grad_b.shape == b.shape


def test_lstm_backward_loop_reads_inputs_from_a_list_not_a_gather():
    with mk.backend.use("tensorflow"):
        layer = mk.layers.LSTM(4)
        inputs = tf.constant(RNG.normal(size=(2, 6, 3)).astype("float32"))
        layer(inputs)

        @tf.function
        def gradients():
            with tf.GradientTape() as tape:
                tape.watch(inputs)
                value = ops.sum(layer(inputs))
            return tape.gradient(value, [inputs, layer.cell.kernel.value])

        loop_ops = _loop_ops(gradients)
    assert "TensorListGetItem" in loop_ops  # the forward loop reads x_t from a list
    assert "GatherV2" not in loop_ops and "UnsortedSegmentSum" not in loop_ops


def test_masked_scan_reads_boolean_steps():
    # xs of another dtype (the mask of a masked recurrence) go through tensor lists as well.
    with mk.backend.use("tensorflow"):
        layer = mk.layers.LSTM(2, return_sequences=True)
        mask = np.array([[True, True, False], [True, False, False]])
        x = RNG.normal(size=(2, 3, 4)).astype("float32")
        out = ops.convert_to_numpy(tf.function(lambda: layer(tf.constant(x), mask=tf.constant(mask)))())
    np.testing.assert_allclose(out[0, 2], out[0, 1])  # a masked step repeats the previous output
    np.testing.assert_allclose(out[1, 2], out[1, 0])
