"""The Layer base class: tracking, building, training flag, losses, weights, dtype policies, binding."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops


class Scale(layers.Layer):
    def build(self, input_shape):
        self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="scale")
        self.count = self.add_weight(shape=(), initializer="zeros", trainable=False, name="count")

    def call(self, x, training=None):
        if training:
            self.count.assign_add(1.0)
        return x * self.scale


class Block(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.first = layers.Dense(4)
        self.stack = [layers.Dense(4), Scale()]
        self.named = {"out": layers.Dense(2)}

    def call(self, x, training=None):
        x = self.first(x)
        for layer in self.stack:
            x = layer(x, training=training) if isinstance(layer, Scale) else layer(x)
        return self.named["out"](x)


def test_nested_tracking_in_attributes_lists_and_dicts(backend_name):
    with mk.backend.use(backend_name):
        block = Block()
        y = block(np.ones((2, 3), "float32"))
        assert tuple(y.shape) == (2, 2)
        assert len(block.weights) == 2 + 2 + 2 + 2  # three Dense (kernel, bias) and Scale (scale, count)
        assert len(block.trainable_weights) == 7 and len(block.non_trainable_weights) == 1
        assert [w.path.split("/")[-1] for w in block.weights].count("kernel") == 3
        assert len(block._flatten_layers()) == 5


def test_trainable_toggle_propagates(backend_name):
    with mk.backend.use(backend_name):
        block = Block()
        block(np.ones((1, 3), "float32"))
        block.trainable = False
        assert block.trainable_weights == [] and len(block.non_trainable_weights) == 8
        assert not block.first.trainable
        block.trainable = True
        block.stack[1].trainable = False
        assert len(block.trainable_weights) == 6


def test_training_flag_reaches_nested_layers(backend_name):
    with mk.backend.use(backend_name):
        block = Block()
        x = np.ones((1, 3), "float32")
        block(x)
        block(x, training=False)
        assert float(block.stack[1].count.numpy()) == 0.0
        block(x, training=True)
        assert float(block.stack[1].count.numpy()) == 1.0


def test_losses_from_add_loss_and_regularizers(backend_name):
    with mk.backend.use(backend_name):
        class WithLoss(layers.Layer):
            def call(self, x):
                self.add_loss(ops.sum(x))
                return x

        layer = WithLoss()
        layer(np.full((2, 2), 0.5, "float32"))
        assert [float(ops.convert_to_numpy(l)) for l in layer.losses] == [2.0]
        layer(np.full((2, 2), 1.0, "float32"))
        assert [float(ops.convert_to_numpy(l)) for l in layer.losses] == [4.0]  # reset per call
        dense = layers.Dense(2, kernel_initializer="ones", kernel_regularizer=mk.regularizers.L2(0.5))
        dense(np.ones((1, 3), "float32"))
        assert float(ops.convert_to_numpy(dense.losses[0])) == pytest.approx(0.5 * 6)


def test_get_and_set_weights_check_count_and_shapes(backend_name):
    with mk.backend.use(backend_name):
        dense = layers.Dense(2, name="checked_dense")
        dense(np.ones((1, 3), "float32"))
        weights = dense.get_weights()
        assert [w.shape for w in weights] == [(3, 2), (2,)]
        dense.set_weights([np.ones((3, 2)), np.zeros(2)])
        np.testing.assert_array_equal(dense.kernel.numpy(), np.ones((3, 2)))
        with pytest.raises(ValueError, match=r"'checked_dense': set_weights expected 2 arrays .* received 1"):
            dense.set_weights([np.ones((3, 2))])
        with pytest.raises(ValueError, match=r"checked_dense/kernel has shape \(3, 2\), received an array of shape \(2, 3\)"):
            dense.set_weights([np.ones((2, 3)), np.zeros(2)])
        np.testing.assert_array_equal(dense.kernel.numpy(), np.ones((3, 2)))  # nothing half-assigned


def test_count_params_needs_a_build():
    with pytest.raises(ValueError, match="is not built yet"):
        layers.Dense(2, name="unbuilt").count_params()


def test_unknown_constructor_keyword_is_a_type_error():
    with pytest.raises(TypeError, match=r"unexpected keyword argument\(s\) \['colour'\]"):
        layers.Dense(2, colour="red")


def test_names_are_unique_and_validated():
    a, b = layers.Dense(1), layers.Dense(1)
    assert a.name != b.name and a.name.startswith("dense")
    with pytest.raises(ValueError, match="without '/', received 'a/b'"):
        layers.Dense(1, name="a/b")


def test_mixed_precision_policy(backend_name):
    with mk.backend.use(backend_name):
        dense = layers.Dense(2, dtype="mixed_bfloat16")
        y = dense(np.ones((1, 3), "float32"))
        assert dense.variable_dtype == "float32" and dense.compute_dtype == "bfloat16"
        assert all(w.dtype == "float32" for w in dense.weights)
        assert mk.backend.standardize_dtype(ops.dtype(y)) == "bfloat16"
    with pytest.raises(ValueError, match="unknown policy 'mixed_float8'"):
        layers.Dense(2, dtype="mixed_float8")


def test_layer_is_bound_to_its_backend(backends_under_test):
    first, *others = backends_under_test
    with mk.backend.use(first):
        dense = layers.Dense(2, name="bound_dense")
        dense(np.ones((1, 3), "float32"))
    for other in others:
        with mk.backend.use(other):
            with pytest.raises(RuntimeError, match=f"'bound_dense' was built under the '{first}' backend .* '{other}'"):
                dense(np.ones((1, 3), "float32"))


def test_stateless_call_returns_new_state_and_leaves_layer_alone(backend_name):
    with mk.backend.use(backend_name):
        layer = Scale()
        x = np.ones((1, 2), "float32")
        layer(x)
        trainable = [ops.full((2,), 3.0)]
        non_trainable = [ops.convert_to_tensor(np.float32(5.0))]
        y, new_state = layer.stateless_call(trainable, non_trainable, x, training=True)
        np.testing.assert_array_equal(ops.convert_to_numpy(y), [[3.0, 3.0]])
        assert float(ops.convert_to_numpy(new_state[0])) == 6.0
        assert float(layer.count.numpy()) == 0.0 and layer.scale.numpy().tolist() == [1.0, 1.0]
        with pytest.raises(ValueError, match="expected 1 trainable and 1 non-trainable values, received 0 and 1"):
            layer.stateless_call([], non_trainable, x)


def test_build_from_input_shape_argument(backend_name):
    with mk.backend.use(backend_name):
        model = mk.Sequential([layers.Dense(3, input_shape=(5,)), layers.Dense(1)])
        assert model.built and model.output_shape == (None, 1)
        assert len(model.weights) == 4


def test_config_round_trip_of_base_arguments():
    layer = layers.Dense(2, name="cfg", trainable=False, dtype="mixed_float16")
    rebuilt = layers.Dense.from_config(layer.get_config())
    assert rebuilt.name == "cfg" and rebuilt.trainable is False and rebuilt.dtype_policy.name == "mixed_float16"


class _Recorder(layers.Layer):
    """Keeps what ``call`` received."""

    def call(self, inputs):
        self.received = inputs
        return inputs[0] if isinstance(inputs, (list, tuple)) else inputs


def test_list_inputs_are_converted_and_cast_to_the_compute_dtype(backend_name):
    """A flat list of arrays (how merge layers are called) gets the same conversion as a single array."""
    with mk.backend.use(backend_name):
        recorder = _Recorder()
        recorder([np.ones((2, 3)), np.arange(6.0).reshape(2, 3), np.ones((2, 3), "int32")])
        received = recorder.received
        assert [mk.backend.standardize_dtype(ops.dtype(x)) for x in received] == ["float32", "float32", "int32"]
        assert all(ops.is_tensor(x) for x in received)
        np.testing.assert_array_equal(ops.convert_to_numpy(received[1]), np.arange(6.0).reshape(2, 3))
        tensors = [ops.ones((2, 3)), ops.zeros((2, 3))]
        recorder(tensors)
        assert all(a is b for a, b in zip(recorder.received, tensors))  # nothing to convert: passed as they are
        recorder((ops.ones((2, 3), "float16"), ops.ones((2, 3))))
        assert mk.backend.standardize_dtype(ops.dtype(recorder.received[0])) == "float32"


def test_a_list_holding_a_symbolic_tensor_calls_symbolically(backend_name):
    with mk.backend.use(backend_name):
        a, b = mk.Input((3,)), mk.Input((3,))
        out = layers.Add()([a, b])
        assert isinstance(out, mk.KerasTensor) and tuple(out.shape) == (None, 3)
        nested = _Recorder()([[a], b])  # a nested list: found by the tree walk
        assert isinstance(nested, list) and isinstance(nested[0], mk.KerasTensor)
