"""The jax plug-in's compile_step donates the state a step replaces, and only state nobody else can see.

Donated arrays are deleted by jax; these tests check that a step's old values
are donated when only their variables hold them (the point: XLA then updates
weights and optimizer slots in place), that values held elsewhere (a Python
reference, a NumPy view) keep their contents, and that the step is still
traced once per batch signature.
"""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras.trainers.step_function import StepFunction

pytest.importorskip("jax")


def _scaling_step(weight, frozen, traces):
    def step(x):
        traces.append(x.shape)
        weight.assign(weight.value * 2.0 + mk.ops.sum(x) * frozen.value)
        return {"total": mk.ops.sum(weight.value)}

    return step


def test_replaced_values_held_only_by_their_variables_are_donated():
    with mk.backend.use("jax"):
        weight, frozen = mk.Variable([1.0, 2.0], name="weight"), mk.Variable(0.0, name="frozen")
        traces = []
        step = StepFunction(_scaling_step(weight, frozen, traces), [weight, frozen], jit=True)
        step(mk.ops.ones((2,)))
        buffer = weight._value.unsafe_buffer_pointer()  # an int: holding it does not hold the array
        frozen_value = frozen._value
        step(mk.ops.ones((2,)))
        assert weight._value.unsafe_buffer_pointer() == buffer  # updated in place by XLA
        assert frozen._value is frozen_value and not frozen_value.is_deleted()  # never replaced, never donated
        np.testing.assert_allclose(weight.numpy(), [4.0, 8.0])
        assert traces == [(2,)]


def test_values_held_elsewhere_keep_their_contents():
    with mk.backend.use("jax"):
        weight, frozen = mk.Variable([1.0, 2.0], name="weight"), mk.Variable(1.0, name="frozen")
        step = StepFunction(_scaling_step(weight, frozen, []), [weight, frozen], jit=True)
        step(mk.ops.ones((2,)))
        held = weight.value
        step(mk.ops.ones((2,)))
        viewed = np.asarray(weight.value)
        step(mk.ops.ones((2,)))
        np.testing.assert_allclose(np.asarray(held), [4.0, 6.0])
        np.testing.assert_allclose(viewed, [10.0, 14.0])
        np.testing.assert_allclose(weight.numpy(), [22.0, 30.0])


def test_one_trace_per_batch_signature():
    with mk.backend.use("jax"):
        weight, frozen = mk.Variable([1.0, 2.0], name="weight"), mk.Variable(0.0, name="frozen")
        traces = []
        step = StepFunction(_scaling_step(weight, frozen, traces), [weight, frozen], jit=True)
        for shape in [(2,), (2,), (3,), (2,), (3,)]:
            step(mk.ops.ones(shape))
        assert traces == [(2,), (3,)]
        np.testing.assert_allclose(weight.numpy(), [32.0, 64.0])


def test_numpy_and_jax_batches_of_one_signature_share_one_trace():
    # fit hands the first batch over as a jax array and the next ones as NumPy arrays: one trace (one XLA compile)
    # serves both, where keying the program on the array type compiled every training step twice.
    with mk.backend.use("jax"):
        weight, frozen = mk.Variable([1.0, 2.0], name="weight"), mk.Variable(0.0, name="frozen")
        traces = []
        step = StepFunction(_scaling_step(weight, frozen, traces), [weight, frozen], jit=True)
        step(mk.ops.ones((2,)))
        step(np.ones((2,), "float32"))
        step(np.ones((2,), "float64"))  # a different dtype is a different signature
        assert traces == [(2,), (2,)]
