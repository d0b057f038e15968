"""`multikeras.Operation`, `Function`, `SymbolicScope` and `utils.Config` (Keras 3's top-level names).

Expected values marked "Keras 3.15" were observed by running Keras 3.15 (KERAS_BACKEND=numpy) on the same
inputs; the code here is written for multikeras.
"""

from __future__ import annotations

import copy
import pickle
import threading

import numpy as np
import pytest

import multikeras as mk
from multikeras.symbolic import get_symbolic_scope, in_symbolic_scope


class AddBias(mk.Operation):
    """``x + bias`` with a hand-written output spec."""

    def __init__(self, bias: float = 1.0, name: str | None = None):
        super().__init__(name=name)
        self.bias = bias

    def call(self, x):
        return mk.ops.add(x, self.bias)

    def compute_output_spec(self, x):
        return mk.KerasTensor(x.shape, x.dtype)


class RowSum(mk.Operation):
    """No compute_output_spec: the spec is inferred by tracing ``call``; records whether it ran symbolically."""

    def __init__(self, name: str | None = None):
        super().__init__(name=name)
        self.scopes: list[bool] = []

    def call(self, x):
        self.scopes.append(in_symbolic_scope())
        return mk.ops.sum(x, axis=-1, keepdims=True)


def _np(x):
    return np.asarray(mk.ops.convert_to_numpy(x))


def test_layers_are_operations():
    assert isinstance(mk.layers.Dense(1), mk.Operation)
    assert issubclass(mk.Model, mk.Operation) and issubclass(mk.Function, mk.Operation)
    assert not issubclass(mk.Function, mk.layers.Layer)
    assert mk.Operation is mk.symbolic.Operation and mk.SymbolicScope is mk.symbolic.SymbolicScope


def test_operation_eager_symbolic_and_in_a_model(backend_name):
    x_value = np.arange(6, dtype="float32").reshape(2, 3)
    with mk.backend.use(backend_name):
        add, row_sum = AddBias(2.0), RowSum()
        np.testing.assert_allclose(_np(add(mk.ops.convert_to_tensor(x_value))), x_value + 2.0)
        assert row_sum.scopes == []
        inputs = mk.Input((3,))
        hidden = add(inputs)
        summed = row_sum(hidden)
        assert (hidden.shape, summed.shape, summed.dtype) == ((None, 3), (None, 1), "float32")
        assert row_sum.scopes and all(row_sum.scopes)  # inferred by tracing, inside a SymbolicScope
        assert add.input is inputs and add.output is hidden and hidden._keras_history[0] is add
        outputs = mk.layers.Dense(2, kernel_initializer="ones")(summed)
        model = mk.Model(inputs, outputs)
        # As in Keras 3, plain operations run in the graph but are not layers.
        assert [type(layer).__name__ for layer in model.layers] == ["InputLayer", "Dense"]
        expected = np.repeat((x_value + 2.0).sum(axis=1, keepdims=True), 2, axis=1)
        row_sum.scopes.clear()
        np.testing.assert_allclose(_np(model(x_value)), expected)
        assert row_sum.scopes == [False]
        config = model.get_config()
        assert [entry["class_name"] for entry in config["layers"]] == ["InputLayer", "AddBias", "RowSum", "Dense"]
        assert config["layers"][1]["config"] == {"name": add.name, "bias": 2.0}
        rebuilt = mk.models.Functional.from_config(config, custom_objects={"AddBias": AddBias, "RowSum": RowSum})
        rebuilt.set_weights(model.get_weights())
        np.testing.assert_allclose(_np(rebuilt(x_value)), expected)
        clone = mk.models.clone_model(model)  # a plain operation holds no state: the clone calls the same one
        clone.set_weights(model.get_weights())
        assert add in clone._operations
        np.testing.assert_allclose(_np(clone(x_value)), expected)


def test_operation_config_names_and_errors():
    # Keras 3.15: an Operation remembers plain constructor arguments: {'name': 'scale', 'factor': 3.0}.
    op = AddBias(3.0, name="shift")
    assert op.get_config() == {"name": "shift", "bias": 3.0}
    assert AddBias.from_config(op.get_config()).bias == 3.0
    assert mk.Operation(name="plain").get_config() == {"name": "plain"}
    assert repr(op) == "<AddBias name=shift>"
    with pytest.raises(NotImplementedError, match="non-plain argument"):
        AddBias(np.ones(2)).get_config()
    with pytest.raises(ValueError, match="without '/'"):
        AddBias(name="a/b")
    with pytest.raises(NotImplementedError, match="does not implement call"):
        mk.Operation()(np.ones(2))
    with pytest.raises(AttributeError, match="never been called"):
        RowSum().input

    class Broken(mk.Operation):
        def call(self, x):
            return mk.ops.reshape(x, (5,))

    with mk.backend.use("numpy"), pytest.raises(ValueError, match=r"Broken \('broken.*could not infer"):
        Broken()(mk.Input((3,)))


def test_function_runs_the_graph(backend_name):
    a_value, b_value = np.ones((2, 3), "float32"), np.full((2, 3), 2.0, "float32")
    with mk.backend.use(backend_name):
        # Inputs may be KerasTensors made directly (no Input layer), as in Keras 3.
        x = mk.KerasTensor((None, 3))
        fn = mk.Function(x, {"exp": mk.ops.exp(x), "sum": RowSum()(x)}, name="fn")
        result = fn(a_value)
        assert fn.name == "fn" and sorted(result) == ["exp", "sum"]
        np.testing.assert_allclose(_np(result["exp"]), np.exp(a_value), rtol=1e-6)
        np.testing.assert_allclose(_np(result["sum"]), [[3.0], [3.0]])

        a, b = mk.Input((3,), name="a"), mk.Input((3,), name="b")
        dense = mk.layers.Dense(2, kernel_initializer="ones")
        fn = mk.Function([a, b], [dense(a + b)])
        assert [op.name for op in fn.operations][:2] == ["a", "b"] and fn.operations[-1] is dense
        assert fn.inputs == [a, b] and len(fn.outputs) == 1
        outputs = fn([a_value, b_value])
        assert isinstance(outputs, list) and len(outputs) == 1  # the structure given, as in Keras 3
        np.testing.assert_allclose(_np(outputs[0]), np.full((2, 2), 9.0))
        symbolic = fn([mk.Input((3,)), mk.Input((3,))])
        assert symbolic[0].shape == (None, 2) and symbolic[0]._keras_history[0] is fn
        assert fn.compute_output_shape([(4, 3), (4, 3)]) == [(4, 2)]
        with pytest.raises(ValueError, match="expected inputs in the structure"):
            fn(a_value)
        with pytest.raises(ValueError, match=r"input 'a' expects shape \(None, 3\), received shape \(2, 4\)"):
            fn([np.ones((2, 4)), np.ones((2, 4))])
        with pytest.raises(NotImplementedError, match="config cannot be written"):
            fn.get_config()  # Keras 3.15 raises NotImplementedError too
        with pytest.raises(ValueError, match="Graph disconnected"):
            mk.Function(a, dense(a + b))


def test_symbolic_scope_nests_and_is_local_to_the_thread():
    assert not in_symbolic_scope() and get_symbolic_scope() is None
    with mk.SymbolicScope() as outer:
        assert in_symbolic_scope() and get_symbolic_scope() is outer
        with mk.SymbolicScope() as inner:
            assert get_symbolic_scope() is inner
        assert get_symbolic_scope() is outer
        seen = []
        thread = threading.Thread(target=lambda: seen.append(in_symbolic_scope()))
        thread.start()
        thread.join()
        assert seen == [False]  # Keras 3.15: False in another thread too
    assert get_symbolic_scope() is None


def test_config_attribute_dict():
    config = mk.utils.Config(a=1, b="x")
    config.c = [1, 2]
    config["d"] = 4
    # Keras 3.15 prints <Config {'a': 1, 'b': 'x', 'c': [1, 2], 'd': 4}> and the same JSON.
    assert repr(config) == "<Config {'a': 1, 'b': 'x', 'c': [1, 2], 'd': 4}>"
    assert config.to_json() == '{"a": 1, "b": "x", "c": [1, 2], "d": 4}'
    assert (config.a, config["b"], len(config), list(config), "c" in config) == (1, "x", 4, ["a", "b", "c", "d"], True)
    assert config.get("zz", 5) == 5 and list(config.items())[0] == ("a", 1) and list(config.values())[-1] == 4
    snapshot = config.as_dict()
    snapshot["e"] = 5
    assert "e" not in config and type(snapshot) is dict
    with pytest.raises(AttributeError, match="unknown attribute 'zz'"):
        config.zz
    with pytest.raises(KeyError):
        config["zz"]
    assert config.frozen is False
    config.freeze()
    for change in (lambda: setattr(config, "a", 2), lambda: config.__setitem__("a", 2), lambda: config.update(q=1),
                   lambda: config.pop("a"), lambda: config.__delitem__("a"), lambda: delattr(config, "a")):
        with pytest.raises(ValueError, match="frozen"):
            change()
    with pytest.raises(AttributeError):
        config.frozen = False  # a read-only property, as in Keras 3.15
    assert config.a == 1
    config.unfreeze()
    assert config.pop("a") == 1 and config.pop("nope", "default") == "default"
    config.update({"x": 1}, y=2)
    del config["y"]
    del config.x
    assert config.as_dict() == {"b": "x", "c": [1, 2], "d": 4}
    clone = pickle.loads(pickle.dumps(config))
    assert copy.deepcopy(config).as_dict() == clone.as_dict() == config.as_dict()
    assert config != clone  # no value equality, as in Keras 3.15
