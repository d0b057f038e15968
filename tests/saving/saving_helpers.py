"""Helpers for the saving tests: optimizer stand-ins and small models."""

from __future__ import annotations

import numpy as np

import multikeras as mk
from multikeras import layers
from multikeras.saving import own_variables


class VariablesOnlyOptimizer:
    """An optimizer-like object with Keras 3's variable order and no saving methods of its own.

    ``iterations``, the learning rate, then one slot per trainable variable
    (created by ``build``). Saving falls back to its ``variables``.
    """

    def __init__(self, trainable_variables=None, name="stand_in"):
        self.name = name
        self.iterations = mk.Variable(0, dtype="int64", trainable=False, name="iteration")
        self.learning_rate = mk.Variable(0.01, dtype="float32", trainable=False, name="learning_rate")
        self._slots = []
        if trainable_variables is not None:
            self.build(trainable_variables)

    def build(self, trainable_variables):
        self._slots = [
            mk.Variable(np.zeros(v.shape, "float32"), trainable=False, name=v.path.replace("/", "_") + "_momentum")
            for v in trainable_variables
        ]

    @property
    def built(self):
        return bool(self._slots)

    @property
    def variables(self):
        return [self.iterations, self.learning_rate, *self._slots]

    def fake_step(self, seed):
        """Change every variable, as a training step would."""
        rng = np.random.default_rng(seed)
        self.iterations.assign(self.iterations.numpy() + 1)
        self.learning_rate.assign(rng.uniform(0.001, 0.1))
        for slot in self._slots:
            slot.assign(rng.normal(size=slot.shape).astype("float32"))


class StandInOptimizer(VariablesOnlyOptimizer):
    """The same, with ``save_own_variables`` / ``load_own_variables`` as the real optimizer defines them."""

    def save_own_variables(self, store):
        own_variables.save_variables(self.variables, store)

    def load_own_variables(self, store):
        own_variables.load_optimizer_variables(self.variables, store, self.name)


def numpy_values(variables):
    return [np.asarray(v.numpy()) for v in variables]


def randomize(model, seed=0):
    """Give every weight distinct random values (so a load that changes nothing is caught)."""
    rng = np.random.default_rng(seed)
    for variable in model.weights:
        # Positive values keep batch-norm variances valid.
        variable.assign(rng.uniform(0.1, 1.0, size=variable.shape).astype(np.dtype(variable.dtype)))


def mlp(name="mlp"):
    return mk.Sequential([mk.Input((4,)), layers.Dense(3, activation="relu"), layers.Dense(2)], name=name)


def functional_cnn(name="cnn"):
    inputs = mk.Input((6, 6, 2))
    x = layers.Conv2D(3, 3, activation="relu")(inputs)
    x = layers.BatchNormalization()(x)
    x = layers.Flatten()(x)
    return mk.Model(inputs, layers.Dense(2, activation="softmax")(x), name=name)


def nested(name="nested"):
    inner = mk.Sequential([mk.Input((4,)), layers.Dense(3, activation="tanh")], name=f"{name}_inner")
    inputs = mk.Input((4,))
    return mk.Model(inputs, layers.Dense(2)(inner(inputs)), name=name)


class Residual(layers.Layer):
    """A layer with sub-layers in a list and a variable of its own."""

    def __init__(self, units=4, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.blocks = [layers.Dense(units, activation="relu"), layers.Dense(units)]

    def build(self, input_shape):
        self.gate = self.add_weight(shape=(self.units,), initializer="ones", name="gate")

    def call(self, x):
        return x + self.blocks[1](self.blocks[0](x)) * self.gate

    def get_config(self):
        return {**super().get_config(), "units": self.units}


class Subclassed(mk.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.residual = Residual(4)
        self.head = layers.Dense(2)

    def call(self, x):
        return self.head(self.residual(x))


def subclassed(name="subclassed"):
    model = Subclassed(name=name)
    model(np.zeros((1, 4), "float32"))
    return model


INPUTS = {
    "mlp": np.linspace(-1, 1, 8, dtype="float32").reshape(2, 4),
    "functional_cnn": np.linspace(-1, 1, 144, dtype="float32").reshape(2, 6, 6, 2),
    "nested": np.linspace(-1, 1, 8, dtype="float32").reshape(2, 4),
    "subclassed": np.linspace(-1, 1, 8, dtype="float32").reshape(2, 4),
}
BUILDERS = {"mlp": mlp, "functional_cnn": functional_cnn, "nested": nested, "subclassed": subclassed}
