"""StepFunction: a step written with variable reads and assignments, compiled through the backend's compile_step.

Whatever way a backend holds the state of a compiled step between calls
(the generic default passes every value in and out; tensorflow keeps it in
captured ``tf.Variable``\\ s), the results must be those of the eager step:
assignments made between calls are seen, values read before a step keep
their contents, and variables a step leaves unchanged keep their value.
"""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras.state.deferred_value import DeferredValue
from multikeras.trainers.step_function import StepFunction, value_and_grad_of_variables


def _counter_step(total, count, weight):
    def step(x):
        total.assign(total.value + mk.ops.sum(x * weight.value))
        count.assign_add(1)
        return {"mean": total.value / mk.ops.cast(count.value, "float32")}

    return step


@pytest.mark.parametrize("jit", [True, False])
def test_compiled_step_matches_numpy_and_sees_assignments_between_calls(backend_name, jit):
    with mk.backend.use(backend_name):
        total, count = mk.Variable(0.0, name="total"), mk.Variable(0, dtype="int32", name="count")
        weight = mk.Variable([1.0, 2.0], name="weight")
        step = StepFunction(_counter_step(total, count, weight), [total, count, weight], jit=jit)
        weight_value = weight._value
        first = step(mk.ops.ones((2,)))
        before = total.value
        second = step(mk.ops.ones((2,)))
        # Unchanged by the step: the very value it had, not a copy.
        assert weight._value is weight_value
        # A value read before a step keeps its contents after it.
        np.testing.assert_allclose(mk.ops.convert_to_numpy(before), 3.0)
        np.testing.assert_allclose(mk.ops.convert_to_numpy(first["mean"]), 3.0)
        np.testing.assert_allclose(mk.ops.convert_to_numpy(second["mean"]), 3.0)
        # Assigned outside the step, between calls: the next call starts from these values.
        total.assign(10.0)
        weight.assign([0.0, 4.0])
        third = step(mk.ops.full((2,), 2.0))
        assert int(count.numpy()) == 3
        np.testing.assert_allclose(total.numpy(), 10.0 + 8.0)
        np.testing.assert_allclose(mk.ops.convert_to_numpy(third["mean"]), 18.0 / 3)
        # A batch of another shape gets its own trace with the same state.
        step(mk.ops.ones((3, 2)))
        np.testing.assert_allclose(total.numpy(), 18.0 + 12.0)
        assert int(count.numpy()) == 4


def test_step_functions_sharing_variables_see_each_others_updates(backend_name):
    with mk.backend.use(backend_name):
        weight = mk.Variable([1.0, 1.0], name="weight")
        seen = mk.Variable(0.0, name="seen")

        def train(x):
            weight.assign(weight.value * x)
            return {}

        def read(x):
            seen.assign(mk.ops.sum(weight.value) + x)
            return {"seen": seen.value}

        train_function = StepFunction(train, [weight], jit=True)
        read_function = StepFunction(read, [weight, seen], jit=True)
        train_function(mk.ops.convert_to_tensor(2.0))
        np.testing.assert_allclose(mk.ops.convert_to_numpy(read_function(mk.ops.convert_to_tensor(0.5))["seen"]), 4.5)
        train_function(mk.ops.convert_to_tensor(3.0))
        weight_value = weight._value
        np.testing.assert_allclose(mk.ops.convert_to_numpy(read_function(mk.ops.convert_to_tensor(0.0))["seen"]), 12.0)
        assert weight._value is weight_value  # read-only for read_function
        np.testing.assert_allclose(weight.numpy(), [6.0, 6.0])


def test_tensorflow_step_keeps_autograph_for_a_users_python_control_flow():
    # A user's step with a Python `if` on a tensor runs under tf.function only when AutoGraph converts it;
    # the stateful compiled step must convert the step as tf.function converts the function it is given.
    class Flip:
        def __init__(self, sign):
            self.sign = sign

        def __call__(self, x):
            if mk.ops.sum(x) > 0:
                y = x * 2.0
            else:
                y = x * 3.0
            self.sign.assign(mk.ops.sum(y))
            return {}

    with mk.backend.use("tensorflow"):
        sign = mk.Variable(0.0)
        step = StepFunction(Flip(sign), [sign], jit=True)
        step(mk.ops.ones((2,)))
        assert float(sign.numpy()) == 4.0
        step(-mk.ops.ones((2,)))
        assert float(sign.numpy()) == -6.0


def test_an_eager_step_and_gradients_after_a_compiled_step_see_its_values(backend_name):
    """A compiled step may keep its state and hand out deferred values (tensorflow does, contract:
    compile_step); an eager step over the same variables, gradients with respect to them and user reads
    all get arrays with the compiled step's results."""
    with mk.backend.use(backend_name):
        weight = mk.Variable([1.0, 2.0], name="weight")

        def scale(x):
            weight.assign(weight.value * x)
            return {}

        StepFunction(scale, [weight], jit=True)(mk.ops.convert_to_tensor(3.0))
        held = weight.value
        StepFunction(scale, [weight], jit=False)(mk.ops.convert_to_tensor(2.0))
        np.testing.assert_allclose(weight.numpy(), [6.0, 12.0])
        StepFunction(scale, [weight], jit=True)(mk.ops.convert_to_tensor(0.5))
        np.testing.assert_allclose(weight.numpy(), [3.0, 6.0])
        if mk.backend.capabilities(backend_name).trainable:
            value, (grad,) = value_and_grad_of_variables(lambda: mk.ops.sum(weight.value ** 2), [weight])
            np.testing.assert_allclose(mk.ops.convert_to_numpy(value), 9.0 + 36.0)
            np.testing.assert_allclose(mk.ops.convert_to_numpy(grad), [6.0, 12.0])
        np.testing.assert_allclose(mk.ops.convert_to_numpy(held), [3.0, 6.0])  # read after the first step
        if backend_name == "tensorflow":  # the step handed out no tensor sharing its tf.Variable's buffer
            assert type(weight._value) is DeferredValue
