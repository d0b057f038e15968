"""The group layout of .weights.h5 files: the names Keras 3 gives each object of a model.

The expected paths below are the layouts Keras 3.15 writes for the same
architectures (observed by saving them with Keras), so files move both ways.
"""

from __future__ import annotations

import h5py
import numpy as np

import multikeras as mk
from multikeras import layers


def _layout(path):
    """``{dataset path: shape}`` and ``{vars group path: name attribute}`` of a weights file."""
    datasets, names = {}, {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                datasets[name] = obj.shape
            elif name.endswith("vars") or name == "vars":
                names[name] = obj.attrs["name"]
        f.visititems(visit)
        assert dict(f.attrs) == {}
    return datasets, names


def test_sequential_layout(tmp_path):
    with mk.backend.use("numpy"):
        model = mk.Sequential([mk.Input((4,)), layers.Dense(3, name="first"), layers.Dense(2, name="out")], name="seq")
        model.save_weights(tmp_path / "m.weights.h5")
    datasets, names = _layout(tmp_path / "m.weights.h5")
    assert datasets == {
        "layers/dense/vars/0": (4, 3), "layers/dense/vars/1": (3,),
        "layers/dense_1/vars/0": (3, 2), "layers/dense_1/vars/1": (2,),
    }
    # Groups are named by class and position; the layer's own name is an attribute. No input layer in Sequential.
    assert names == {"vars": "seq", "layers/dense/vars": "first", "layers/dense_1/vars": "out"}


def test_functional_layout_lists_input_layers_and_batch_norm_order(tmp_path):
    with mk.backend.use("numpy"):
        inputs = mk.Input((6, 6, 2), name="image")
        x = layers.Conv2D(3, 3)(inputs)
        x = layers.BatchNormalization()(x)
        outputs = layers.Dense(2)(layers.Flatten()(x))
        model = mk.Model(inputs, outputs, name="cnn")
        model.save_weights(tmp_path / "m.weights.h5")
    datasets, names = _layout(tmp_path / "m.weights.h5")
    assert datasets == {
        "layers/conv2d/vars/0": (3, 3, 2, 3), "layers/conv2d/vars/1": (3,),
        "layers/batch_normalization/vars/0": (3,), "layers/batch_normalization/vars/1": (3,),
        "layers/batch_normalization/vars/2": (3,), "layers/batch_normalization/vars/3": (3,),
        "layers/dense/vars/0": (48, 2), "layers/dense/vars/1": (2,),
    }
    assert names["layers/input_layer/vars"] == "image" and names["layers/flatten/vars"].startswith("flatten")
    assert names["vars"] == "cnn"


def test_nested_model_layout(tmp_path):
    with mk.backend.use("numpy"):
        inner = mk.Sequential([mk.Input((4,)), layers.Dense(3, name="inner_dense")], name="inner")
        inputs = mk.Input((4,))
        model = mk.Model(inputs, layers.Dense(2, name="top")(inner(inputs)), name="outer")
        model.save_weights(tmp_path / "m.weights.h5")
    datasets, names = _layout(tmp_path / "m.weights.h5")
    assert set(datasets) == {"layers/sequential/layers/dense/vars/0", "layers/sequential/layers/dense/vars/1",
                             "layers/dense/vars/0", "layers/dense/vars/1"}
    assert names["layers/sequential/vars"] == "inner" and names["layers/sequential/layers/dense/vars"] == "inner_dense"


class _Block(layers.Layer):
    """Sub-layers in public and private attributes, aliases, nested containers and an own weight."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._only_private = layers.Dense(2)
        self._aliased = layers.Dense(2)
        self.alias = self._aliased  # the public name wins over the private one
        self.stack = [[layers.Dense(2)], (layers.Dense(2), self.alias)]
        self.by_key = {"b": layers.Dense(2), "a": layers.Dense(2)}
        self.dropout = layers.Dropout(0.5, seed=1)  # no variables; its seed state is not saved

    def build(self, input_shape):
        self.counter = self.add_weight(shape=(1,), initializer="zeros", trainable=False, name="counter")
        self.scale = self.add_weight(shape=(2,), initializer="ones", name="scale")

    def call(self, x):
        x = self.alias(self._only_private(x)) * self.scale
        x = self.stack[1][0](self.stack[0][0](x))
        return self.dropout(self.by_key["a"](self.by_key["b"](x)))


class _Subclassed(mk.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.block = _Block(name="block")
        self._hidden = layers.Dense(2)  # reached through Model.layers first
        self.head = layers.Dense(1)

    def call(self, x):
        return self.head(self.block(self._hidden(x)))


def test_subclassed_layout_attribute_paths(tmp_path):
    with mk.backend.use("numpy"):
        model = _Subclassed(name="sub")
        model(np.ones((2, 2), "float32"))
        model.save_weights(tmp_path / "m.weights.h5")
    datasets, names = _layout(tmp_path / "m.weights.h5")
    assert sorted({path.rsplit("/vars/", 1)[0] for path in datasets}) == [
        "block",  # own variables: trainable first (scale), then non-trainable (counter)
        "block/_only_private",
        "block/alias",
        "block/by_key/dense",
        "block/by_key/dense_1",
        "block/stack/container/dense",
        "block/stack/container_1/dense",
        "head",
        "layers/dense",  # _hidden, via Model.layers (public names are walked before private ones)
    ]
    assert datasets["block/vars/0"] == (2,) and datasets["block/vars/1"] == (1,)
    assert "block/dropout/vars" in names and not any("seed" in name for name in names)
    assert names["vars"] == "sub" and names["block/vars"] == "block"


def test_shared_layer_in_container_keeps_its_number(tmp_path):
    class Model(mk.Model):
        def __init__(self):
            super().__init__(name="m")
            self.a = layers.Dense(2)
            self.items = [[self.a], [layers.Dense(2)], [layers.Dense(2), self.a]]

        def call(self, x):
            return self.items[2][0](self.items[1][0](self.a(x)))

    with mk.backend.use("numpy"):
        model = Model()
        model(np.ones((1, 2), "float32"))
        model.save_weights(tmp_path / "m.weights.h5")
    datasets, _ = _layout(tmp_path / "m.weights.h5")
    assert sorted({path.rsplit("/vars/", 1)[0] for path in datasets}) == [
        "a", "items/container_1/dense", "items/container_2/dense"]


def test_optimizer_group(tmp_path):
    from saving_helpers import StandInOptimizer

    with mk.backend.use("numpy"):
        model = mk.Sequential([mk.Input((3,)), layers.Dense(2)], name="m")
        model.optimizer = StandInOptimizer(model.trainable_variables)
        model.save_weights(tmp_path / "m.weights.h5")
    datasets, names = _layout(tmp_path / "m.weights.h5")
    assert names["optimizer/vars"] == "stand_in"
    assert [datasets[f"optimizer/vars/{i}"] for i in range(4)] == [(), (), (3, 2), (2,)]
