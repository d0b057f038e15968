"""Configs, serialization and lookup of losses, in Keras 3's layout.

Expected configs were observed from Keras 3.15 and are written out literally;
``Huber``, ``CosineSimilarity`` and ``SparseCategoricalCrossentropy`` add the
argument Keras 3.15 leaves out (``delta``, ``axis``), so a rebuilt loss equals
the original.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

import multikeras as mk
from multikeras import losses
from multikeras.saving.object_registration import register_keras_serializable
from multikeras.saving.serialization_lib import deserialize_keras_object, serialize_keras_object

BASE = {"reduction": "sum_over_batch_size"}
DEFAULT_CONFIGS = {
    "MeanSquaredError": {"name": "mean_squared_error", **BASE},
    "MeanAbsoluteError": {"name": "mean_absolute_error", **BASE},
    "MeanAbsolutePercentageError": {"name": "mean_absolute_percentage_error", **BASE},
    "MeanSquaredLogarithmicError": {"name": "mean_squared_logarithmic_error", **BASE},
    "CosineSimilarity": {"name": "cosine_similarity", **BASE, "axis": -1},
    "Huber": {"name": "huber_loss", **BASE, "delta": 1.0},
    "LogCosh": {"name": "log_cosh", **BASE},
    "Hinge": {"name": "hinge", **BASE},
    "SquaredHinge": {"name": "squared_hinge", **BASE},
    "CategoricalHinge": {"name": "categorical_hinge", **BASE},
    "KLDivergence": {"name": "kl_divergence", **BASE},
    "Poisson": {"name": "poisson", **BASE},
    "BinaryCrossentropy": {"name": "binary_crossentropy", **BASE, "from_logits": False, "label_smoothing": 0.0,
                           "axis": -1},
    "BinaryFocalCrossentropy": {"name": "binary_focal_crossentropy", **BASE, "from_logits": False,
                                "label_smoothing": 0.0, "axis": -1, "apply_class_balancing": False, "alpha": 0.25,
                                "gamma": 2.0},
    "CategoricalCrossentropy": {"name": "categorical_crossentropy", **BASE, "from_logits": False,
                                "label_smoothing": 0.0, "axis": -1},
    "CategoricalFocalCrossentropy": {"name": "categorical_focal_crossentropy", **BASE, "from_logits": False,
                                     "label_smoothing": 0.0, "axis": -1, "alpha": 0.25, "gamma": 2.0},
    "SparseCategoricalCrossentropy": {"name": "sparse_categorical_crossentropy", **BASE, "from_logits": False,
                                      "ignore_class": None, "axis": -1},
    "Dice": {"name": "dice", **BASE, "axis": None},
    "Tversky": {"name": "tversky", **BASE, "alpha": 0.5, "beta": 0.5, "axis": None},
    "CTC": {"name": "ctc", **BASE},
    "Circle": {"name": "circle", **BASE, "gamma": 80.0, "margin": 0.4, "remove_diagonal": True},
    "CategoricalGeneralizedCrossEntropy": {"name": "categorical_generalized_cross_entropy", **BASE, "q": 0.5},
}
NON_DEFAULT = {
    "Huber": {"delta": 0.3, "reduction": "sum", "name": "h"},
    "CosineSimilarity": {"axis": 1},
    "BinaryFocalCrossentropy": {"apply_class_balancing": True, "alpha": 0.1, "gamma": 0.5, "from_logits": True,
                                "label_smoothing": 0.2, "axis": 0, "reduction": None},
    "SparseCategoricalCrossentropy": {"from_logits": True, "ignore_class": -1, "axis": 1, "reduction": "none"},
    "Tversky": {"alpha": 0.9, "beta": 0.1, "axis": [1, 2], "reduction": "mean_with_sample_weight"},
    "CategoricalGeneralizedCrossEntropy": {"q": 0.2},
}


def test_every_keras_loss_class_is_covered():
    exported = {name for name in losses.__all__ if name[0].isupper() and isinstance(getattr(losses, name), type)}
    assert exported - {"Loss", "LossFunctionWrapper"} == set(DEFAULT_CONFIGS)


@pytest.mark.parametrize("name", sorted(DEFAULT_CONFIGS))
def test_default_config_and_round_trip(name):
    cls = getattr(losses, name)
    loss = cls(**NON_DEFAULT.get(name, {}))
    assert cls().get_config() == DEFAULT_CONFIGS[name]
    serialized = json.loads(json.dumps(losses.serialize(loss)))
    assert serialized == {"module": "keras.losses", "class_name": name, "config": loss.get_config(),
                          "registered_name": None}
    assert serialize_keras_object(loss) == serialized
    for rebuilt in (losses.deserialize(serialized), deserialize_keras_object(serialized), losses.get(serialized),
                    cls.from_config(loss.get_config())):
        assert type(rebuilt) is cls
        assert rebuilt.get_config() == loss.get_config()
    assert type(losses.get(name)) is cls
    assert type(losses.get(cls)) is cls


def test_keras_private_module_configs_load():
    # Keras 3 writes module "keras.src.losses.losses" for LossFunctionWrapper and built-in functions as "builtins".
    config = {"module": "keras.src.losses.losses", "class_name": "LossFunctionWrapper",
              "config": {"name": "w", "reduction": "sum", "delta": 0.5,
                         "fn": {"module": "builtins", "class_name": "function", "config": "huber",
                                "registered_name": "function"}},
              "registered_name": "LossFunctionWrapper"}
    loss = losses.deserialize(config)
    assert isinstance(loss, losses.LossFunctionWrapper) and loss.fn is losses.huber
    assert loss.get_config() == config["config"]
    assert losses.serialize(loss) == {**config, "registered_name": None}
    with mk.backend.use("numpy"):
        assert float(loss([[0.0], [0.0]], [[0.25], [2.0]])) == pytest.approx(0.03125 + 0.875)


@pytest.mark.parametrize("name", ["mean_squared_error", "huber", "sparse_categorical_crossentropy", "ctc", "dice",
                                  "circle", "categorical_generalized_cross_entropy"])
def test_function_serialization(name):
    fn = getattr(losses, name)
    config = losses.serialize(fn)
    assert config == {"module": "builtins", "class_name": "function", "config": name, "registered_name": "function"}
    assert losses.deserialize(config) is fn
    assert losses.get(config) is fn
    assert losses.get(name) is fn
    assert losses.deserialize(name) is fn


@pytest.mark.parametrize("alias, target", [("mse", "mean_squared_error"), ("MSE", "mean_squared_error"),
                                           ("mae", "mean_absolute_error"), ("MAE", "mean_absolute_error"),
                                           ("mape", "mean_absolute_percentage_error"),
                                           ("msle", "mean_squared_logarithmic_error"), ("kld", "kl_divergence"),
                                           ("KLD", "kl_divergence"), ("logcosh", "log_cosh"),
                                           ("bce", "binary_crossentropy")])
def test_aliases_resolve_and_serialize_by_full_name(alias, target):
    assert losses.get(alias) is getattr(losses, target)
    assert losses.serialize(losses.get(alias))["config"] == target


def test_get_passes_through_and_rejects():
    def custom(y_true, y_pred):
        return y_pred

    instance = losses.Huber()
    assert losses.get(None) is None
    assert losses.get(instance) is instance
    assert losses.get(custom) is custom
    with pytest.raises(ValueError, match="Could not interpret loss identifier: 'no_such_loss'"):
        losses.get("no_such_loss")
    with pytest.raises(ValueError, match="Could not interpret loss identifier: 3"):
        losses.get(3)
    with pytest.raises(ValueError, match="Could not interpret loss identifier"):
        losses.get({"class_name": "NoSuchLoss", "config": {}})
    with pytest.raises(ValueError, match="unknown loss 'no_such_loss'"):
        losses.deserialize("no_such_loss")


def test_wrapper_of_a_registered_function_round_trips():
    @register_keras_serializable(package="LossTests")
    def scaled_error(y_true, y_pred, scale=1.0):
        return scale * mk.ops.mean(mk.ops.abs(y_true - y_pred), axis=-1)

    loss = losses.LossFunctionWrapper(scaled_error, name="scaled", reduction="sum", scale=3.0)
    config = json.loads(json.dumps(losses.serialize(loss)))
    rebuilt = losses.deserialize(config)
    assert rebuilt.fn is scaled_error and rebuilt.get_config() == loss.get_config()
    assert config["config"]["scale"] == 3.0
    assert losses.get("LossTests>scaled_error") is scaled_error
    with mk.backend.use("numpy"):
        assert float(rebuilt([[1.0, 1.0]], [[0.0, 2.0]])) == pytest.approx(3.0)


def test_custom_loss_subclass_round_trips_through_custom_objects():
    class Scaled(losses.Loss):
        def __init__(self, factor=2.0, **kwargs):
            super().__init__(**kwargs)
            self.factor = factor

        def call(self, y_true, y_pred):
            return self.factor * mk.ops.mean(mk.ops.square(y_true - y_pred), axis=-1)

        def get_config(self):
            return {**super().get_config(), "factor": self.factor}

    loss = Scaled(factor=4.0, name="scaled", reduction="sum")
    rebuilt = losses.deserialize(losses.serialize(loss), custom_objects={"Scaled": Scaled})
    assert isinstance(rebuilt, Scaled) and rebuilt.get_config() == {"name": "scaled", "reduction": "sum", "factor": 4.0}
    with mk.backend.use("numpy"):
        assert float(rebuilt(np.zeros((2, 1)), np.ones((2, 1)))) == pytest.approx(8.0)
