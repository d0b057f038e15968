"""The tensorflow ``compile_step`` passes a batch's tensors flat to the traced step once TensorFlow's own
flattening of that batch signature is checked to give them in the same order; results stay those of the
pure step for every batch structure (tuples, dicts, ``None`` leaves), and structures it cannot check keep
the structured call."""

from __future__ import annotations

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")

from multikeras.backends.tensorflow import autodiff  # noqa: E402
from multikeras.state.deferred_value import resolve  # noqa: E402


def _pure(values, data):
    """Adds a weighted sum of the batch's tensors to the state; outputs every tensor it saw, by name."""
    total = values[0]
    seen = {}
    for name, leaf in sorted(data.items()) if isinstance(data, dict) else enumerate(data):
        if leaf is not None:
            total = total + tf.reduce_sum(leaf) * (len(seen) + 1)
            seen[str(name)] = leaf
    return [total], seen


@pytest.mark.parametrize("make_batch", [
    lambda a, b: (a, b),
    lambda a, b: (a, None, b),
    lambda a, b: {"z": a, "a": b, "m": None},
    lambda a, b: {"b": b, "a": a},
], ids=["tuple", "tuple-none", "dict-none", "dict"])
def test_flat_calls_give_the_pure_steps_results(monkeypatch, make_batch):
    checked = []

    def spy(function, data, tensors):
        flat = original(function, data, tensors)
        checked.append(flat is not None)
        return flat

    original = autodiff._flat_call
    monkeypatch.setattr(autodiff, "_flat_call", spy)
    step = autodiff.compile_step(_pure, ["total"])
    state = [tf.constant(0.0)]
    expected = 0.0
    for scale in (1.0, 2.0, 3.0):  # one trace, then flat calls with new values
        a, b = tf.fill((2, 3), scale), tf.fill((4,), -scale)
        state, seen = step(state, make_batch(a, b))
        (expected_state,), expected_seen = _pure([tf.constant(expected)], make_batch(a, b))
        expected = float(expected_state)
        np.testing.assert_allclose(float(resolve(state[0])), expected)
        assert sorted(seen) == sorted(expected_seen)
        for name, value in expected_seen.items():
            np.testing.assert_array_equal(seen[name].numpy(), value.numpy())
    assert checked == [True]  # checked once for the signature, and the flat entry point taken


def test_a_batch_whose_flattening_differs_keeps_the_structured_call():
    function = tf.function(lambda data: data[0] + data[1]).get_concrete_function((tf.ones(2), tf.ones(2)))
    a, b = tf.ones(2), tf.ones(2)
    assert autodiff._flat_call(function, (a, b), [b, a]) is None  # the order TensorFlow flattens in is not this
    assert autodiff._flat_call(function, (a, b), [a]) is None
    flat = autodiff._flat_call(function, (a, b), [a, b])
    assert flat is not None and flat([tf.constant([1.0, 2.0]), tf.ones(2)]).numpy().tolist() == [2.0, 3.0]


def _assign_first_only(values, data):
    """Assigns the first variable (adds the batch's sum), leaves the second alone; outputs the sum."""
    total = tf.reduce_sum(data)
    return [values[0] + total, None], total


def test_the_traced_step_returns_only_outputs_and_the_assigned_variables_come_back_deferred(monkeypatch):
    traced = []

    def spy(function, data, tensors):
        traced.append(function)
        return original(function, data, tensors)

    original = autodiff._flat_call
    monkeypatch.setattr(autodiff, "_flat_call", spy)
    step = autodiff.compile_step(_assign_first_only, ["total", "untouched"])
    state = [tf.constant(1.0), tf.constant(5.0)]
    for scale, expected in ((1.0, 7.0), (2.0, 19.0)):
        new, output = step(state, tf.fill((2, 3), scale))
        assert new[1] is None  # known from the trace: the step left the second variable alone
        np.testing.assert_allclose(float(resolve(new[0])), expected)
        np.testing.assert_allclose(float(output), 6.0 * scale)
        state = [new[0], state[1]]
    (function,) = traced
    assert len(function.outputs) == 1  # the sum: neither state nor one flag tensor per variable


def test_without_a_known_trace_every_slot_comes_back_with_its_value():
    step = autodiff.compile_step(_assign_first_only, ["total", "untouched"])
    state = [tf.constant(1.0), tf.constant(5.0)]
    new, output = step(state, np.full((2, 3), 1.0, "float32"))  # NumPy: no tensor signature, the tf.function call
    np.testing.assert_allclose([float(resolve(v)) for v in new], [7.0, 5.0])
    np.testing.assert_allclose(float(output), 6.0)
    new, _ = step(new, tf.fill((2, 3), 2.0))  # a deferred value from that call comes back and is recognized
    assert new[1] is None
    np.testing.assert_allclose(float(resolve(new[0])), 19.0)
