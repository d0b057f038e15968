"""Seed generator state is a variable: layers thread it through stateless (compiled) steps."""

from __future__ import annotations

import numpy as np

import multikeras as mk
from multikeras import layers, ops
from multikeras.state import StatelessScope


class Noisy(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seed_generator = mk.random.SeedGenerator(3)

    def call(self, x):
        return x + mk.random.uniform(ops.shape(x), seed=self.seed_generator)


def test_seed_state_is_a_non_trainable_variable_but_not_a_weight(backend_name):
    with mk.backend.use(backend_name):
        layer = Noisy()
        layer(np.zeros((2,), "float32"))
        assert layer.weights == [] and layer.get_weights() == []
        assert [v.dtype for v in layer.non_trainable_variables] == ["int32"]
        assert layer.variables == layer.non_trainable_variables
        np.testing.assert_array_equal(layer.seed_generator.state.numpy(), [3, 1])


def test_compiled_stateless_steps_draw_fresh_seeds(backend_name):
    with mk.backend.use(backend_name):
        layer = Noisy()
        x = ops.zeros((4,))
        layer(x)  # build; draws once

        def step(state):
            outputs, new_state = layer.stateless_call([], state, x)
            return outputs, new_state

        compiled = mk.backend.jit(step)
        state = [v.value for v in layer.non_trainable_variables]
        first, state = compiled(state)
        second, state = compiled(state)
        assert not np.allclose(ops.convert_to_numpy(first), ops.convert_to_numpy(second))
        np.testing.assert_array_equal(ops.convert_to_numpy(state[0]), [3, 3])
        np.testing.assert_array_equal(layer.seed_generator.state.numpy(), [3, 1])  # the layer itself is untouched


def test_same_state_same_draw(backend_name):
    with mk.backend.use(backend_name):
        generator = mk.random.SeedGenerator(11)
        start = generator.state.value
        with StatelessScope([(generator.state, start)]):
            a = mk.random.normal((3,), seed=generator)
        with StatelessScope([(generator.state, start)]):
            b = mk.random.normal((3,), seed=generator)
        np.testing.assert_array_equal(ops.convert_to_numpy(a), ops.convert_to_numpy(b))
