"""Variable paths of small Keras programs, run with multikeras (in the tests) and with Keras 3 (as a script).

``scenario_paths(keras, workdir)`` takes either ``multikeras`` (inside ``backend.use(...)``) or Keras 3 itself
and returns ``{scenario: [variable paths]}``; the two must agree. Run as a script, the file computes Keras 3's
answer and prints it as JSON (``KERAS_BACKEND=numpy python path_scenarios.py WORKDIR``): the test process
itself never imports Keras.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import numpy as np


def _paths(variables: Any) -> list[str]:
    return [variable.path for variable in variables]


def scenario_paths(keras: Any, workdir: str) -> dict[str, Any]:
    """The paths each scenario produces (names are explicit, or counted from a cleared session)."""
    layers = keras.layers
    out: dict[str, Any] = {}
    keras.utils.clear_session()

    out["variable_top"] = [keras.Variable(1.0, name="w").path, keras.Variable(1.0).path, keras.Variable(2.0).path]
    with keras.name_scope("outer") as scope:
        out["scope_object_name"] = scope.name
        inner = [keras.Variable(1.0, name="v").path]
        with keras.name_scope("outer"):
            inner.append(keras.Variable(1.0, name="v").path)
        with keras.name_scope("b", override_parent="x/y"):
            inner.append(keras.Variable(1.0, name="v").path)
            with keras.name_scope("c"):
                inner.append(keras.Variable(1.0, name="v").path)
        with keras.name_scope("c", override_parent=""):
            inner.append(keras.Variable(1.0, name="v").path)
        out["variable_in_scopes"] = inner
    caller = object()
    with keras.name_scope("a", caller=caller):
        with keras.name_scope("a", caller=caller):
            same = keras.Variable(1.0, name="v").path
        with keras.name_scope("a", caller=caller, deduplicate=False):
            not_deduplicated = keras.Variable(1.0, name="v").path
        with keras.name_scope("a", caller=object()):
            other_caller = keras.Variable(1.0, name="v").path
        with keras.name_scope("a"):
            no_caller = keras.Variable(1.0, name="v").path
    out["caller_deduplication"] = [same, not_deduplicated, other_caller, no_caller]

    seq = keras.Sequential([layers.Dense(3, name="d1"), layers.Dense(2, name="d2")], name="seq")
    seq.build((None, 4))
    out["sequential_build"] = _paths(seq.weights)
    out["layer_path"] = [seq.layers[1].path, seq.path]
    called = keras.Sequential([layers.Dense(2, name="d2")], name="seq_called")
    called(np.ones((1, 4), "float32"))
    out["sequential_call"] = _paths(called.weights)
    nested = keras.Sequential([keras.Sequential([layers.Dense(2, name="z")], name="in2")], name="out2")
    nested.build((None, 3))
    out["sequential_in_sequential"] = _paths(nested.weights)

    inputs = keras.Input((4,))
    outputs = layers.Dense(2, name="f2")(layers.Dense(3, name="f1")(inputs))
    functional = keras.Model(inputs, outputs, name="fm")
    out["functional"] = _paths(functional.weights) + [functional.path]

    with keras.name_scope("sc2"):
        scoped = layers.Dense(3, name="de")
        scoped.build((None, 4))
    out["built_in_scope"] = _paths(scoped.weights)
    with keras.name_scope("sc"):
        made_in_scope = layers.Dense(3, name="dd")
    made_in_scope.build((None, 4))
    out["created_in_scope_built_outside"] = _paths(made_in_scope.weights)

    class Outer(layers.Layer):
        def build(self, input_shape):
            self.k = self.add_weight(shape=(1,), name="k")
            self.inner = layers.Dense(2, name="in")
            self.inner.build(input_shape)

        def call(self, x):
            return self.inner(x)

    outer = Outer(name="outer")
    outer.build((None, 4))
    out["custom_layer_build"] = _paths(outer.weights)

    class Lazy(layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.early = self.add_weight(shape=(1,), name="early")
            self.inner = layers.Dense(2, name="lazy_in")

        def call(self, x):
            return self.inner(x)

    lazy = Lazy(name="lazy")
    lazy(np.ones((1, 3), "float32"))
    out["sub_layer_built_by_call"] = _paths(lazy.weights)

    class Sub(keras.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.a = layers.Dense(2, name="a")

        def call(self, x):
            return self.a(x)

    sub = Sub(name="sub")
    sub(np.ones((1, 3), "float32"))
    out["subclassed_model"] = _paths(sub.weights)

    adam = keras.optimizers.Adam()
    adam.build(seq.trainable_variables)
    out["adam"] = _paths(adam.variables)
    momentum = keras.optimizers.SGD(momentum=0.9, name="sgd_in_scope")
    with keras.name_scope("opt_scope"):
        momentum.build(functional.trainable_variables)
    out["sgd_built_in_scope"] = _paths(momentum.variables)

    out["metric"] = _paths(keras.metrics.Mean(name="mm").variables)
    out["metric_slash"] = _paths(keras.metrics.Mean(name="m/x").variables)
    with keras.name_scope("ms"):
        out["metric_in_scope"] = _paths(keras.metrics.Mean(name="mm2").variables)

    dropout = layers.Dropout(0.5, seed=1, name="drop")
    out["seed_generators"] = [
        dropout.seed_generator.state.path,
        keras.random.SeedGenerator(1).state.path,
        keras.random.SeedGenerator(1, name="mysg").state.path,
    ]

    policies = keras.dtype_policies.DTypePolicyMap(
        "float32", {"pm/pd2": keras.dtype_policies.DTypePolicy("float16")}
    )
    mapped = layers.Dense(2, name="pd2", dtype=policies)
    unbuilt_dtype = mapped.compute_dtype
    keras.Sequential([layers.Dense(3, name="pd1", dtype=policies), mapped], name="pm").build((None, 4))
    out["dtype_policy_map"] = [unbuilt_dtype, mapped.compute_dtype, mapped.variable_dtype,
                               str(mapped.kernel.dtype), seq.layers[0].compute_dtype]

    path = os.path.join(workdir, "seq.keras")
    seq.save(path)
    out["loaded_sequential"] = _paths(keras.saving.load_model(path).weights)
    return out


class _NoTensorFlow:
    """Keras with the numpy backend does not need TensorFlow, but imports it when installed (slowly)."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name.split(".")[0] == "tensorflow":
            raise ModuleNotFoundError(f"{name} is not needed here", name=name)
        return None


if __name__ == "__main__":
    sys.meta_path.insert(0, _NoTensorFlow())
    import keras

    print(json.dumps(scenario_paths(keras, sys.argv[1])))
