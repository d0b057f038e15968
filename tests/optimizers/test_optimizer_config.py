"""`optimizers.get` / `serialize` / `deserialize`, config round trips and per-optimizer argument errors."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import optimizers

SHARED_KEYS = ["name", "learning_rate", "weight_decay", "clipnorm", "global_clipnorm", "clipvalue", "use_ema",
               "ema_momentum", "ema_overwrite_frequency", "loss_scale_factor", "gradient_accumulation_steps"]
OWN_KEYS = {
    "SGD": ["momentum", "nesterov"],
    "Adam": ["beta_1", "beta_2", "epsilon", "amsgrad"],
    "AdamW": ["beta_1", "beta_2", "epsilon", "amsgrad"],
    "Adamax": ["beta_1", "beta_2", "epsilon"],
    "Nadam": ["beta_1", "beta_2", "epsilon"],
    "RMSprop": ["rho", "momentum", "epsilon", "centered"],
    "Adagrad": ["initial_accumulator_value", "epsilon"],
    "Adadelta": ["rho", "epsilon"],
    "Adafactor": ["beta_2_decay", "epsilon_1", "epsilon_2", "clip_threshold", "relative_step"],
    "Lion": ["beta_1", "beta_2"],
    "Ftrl": ["learning_rate_power", "initial_accumulator_value", "l1_regularization_strength",
             "l2_regularization_strength", "l2_shrinkage_regularization_strength", "beta"],
    "Lamb": ["beta_1", "beta_2", "epsilon"],
}


@pytest.mark.parametrize("class_name", sorted(OWN_KEYS))
def test_config_keys_and_round_trip(class_name):
    cls = getattr(optimizers, class_name)
    optimizer = cls(learning_rate=0.5, clipnorm=2.0, name="opt")
    config = optimizer.get_config()
    assert list(config) == SHARED_KEYS + OWN_KEYS[class_name]
    assert config["learning_rate"] == 0.5 and config["clipnorm"] == 2.0 and config["name"] == "opt"
    assert cls.from_config(config).get_config() == config
    serialized = optimizers.serialize(optimizer)
    assert serialized["module"] == "keras.optimizers" and serialized["class_name"] == class_name
    assert optimizers.deserialize(serialized).get_config() == config
    assert class_name in optimizers.__all__


def test_keras_defaults():
    assert optimizers.SGD().get_config()["learning_rate"] == pytest.approx(0.01)
    adam = optimizers.Adam().get_config()
    assert (adam["beta_1"], adam["beta_2"], adam["epsilon"], adam["amsgrad"]) == (0.9, 0.999, 1e-7, False)
    assert optimizers.AdamW().get_config()["weight_decay"] == 0.004
    assert optimizers.RMSprop().get_config()["rho"] == 0.9
    assert optimizers.Adadelta().get_config()["rho"] == 0.95
    assert optimizers.Lion().get_config()["beta_2"] == 0.99
    assert optimizers.Adafactor().get_config()["beta_2_decay"] == -0.8


@pytest.mark.parametrize("identifier, expected", [
    ("adam", "Adam"), ("Adam", "Adam"), ("ADAM", "Adam"), ("rmsprop", "RMSprop"), ("adamw", "AdamW"),
    ("sgd", "SGD"), ("nadam", "Nadam"), ("ftrl", "Ftrl"), ("lamb", "Lamb"), ("lion", "Lion"),
    ("adafactor", "Adafactor"), ("adagrad", "Adagrad"), ("adadelta", "Adadelta"), ("adamax", "Adamax"),
    ({"class_name": "adam", "config": {"learning_rate": 0.5}}, "Adam"),
])
def test_get_by_name_and_config(identifier, expected):
    optimizer = optimizers.get(identifier)
    assert type(optimizer).__name__ == expected
    if isinstance(identifier, dict):
        assert optimizer.get_config()["learning_rate"] == 0.5


def test_get_passes_instances_and_none_and_rejects_the_rest():
    sgd = optimizers.SGD()
    assert optimizers.get(sgd) is sgd
    assert optimizers.get(None) is None
    for bad in ("nope", 3):
        with pytest.raises(ValueError, match="Could not interpret optimizer identifier"):
            optimizers.get(bad)


@pytest.mark.parametrize("build, match", [
    (lambda: optimizers.AdamW(weight_decay=None), "weight_decay"),
    (lambda: optimizers.Lion(beta_1=0.0), "beta_1"),
    (lambda: optimizers.Ftrl(learning_rate_power=0.5), "learning_rate_power"),
    (lambda: optimizers.Ftrl(initial_accumulator_value=-1.0), "initial_accumulator_value"),
    (lambda: optimizers.Ftrl(l1_regularization_strength=-1.0), "l1_regularization_strength"),
    (lambda: optimizers.Adam(learning_rate=None), "learning_rate"),
])
def test_optimizer_specific_errors(build, match):
    with pytest.raises(ValueError, match=match):
        build()


def test_custom_optimizer_subclass():
    class SignDescent(optimizers.Optimizer):
        def __init__(self, learning_rate=0.1, **kwargs):
            super().__init__(learning_rate=learning_rate, **kwargs)

        def build(self, variables):
            super().build(variables)
            self.steps_taken = self.add_optimizer_variables(variables, "steps")

        def update_step(self, gradient, variable, learning_rate):
            index = self._get_variable_index(variable)
            self.assign_add(self.steps_taken[index], mk.ops.ones_like(gradient))
            self.assign_sub(variable, mk.ops.sign(gradient) * learning_rate)

    with mk.backend.use("numpy"):
        w = mk.Variable([1.0, 1.0])
        optimizer = SignDescent()
        assert optimizer.name.startswith("sign_descent")
        for _ in range(2):
            optimizer.apply([np.array([3.0, -0.5], "float32")], [w])
        np.testing.assert_allclose(w.numpy(), [0.8, 1.2], rtol=1e-6)
        assert optimizer.variables[-1].numpy().tolist() == [2.0, 2.0]
