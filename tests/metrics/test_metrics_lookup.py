"""metrics.get / serialize / deserialize, and resolving "accuracy" and "crossentropy" from shapes."""

from __future__ import annotations

import inspect
import json

import pytest

import multikeras as mk
from multikeras import metrics

# Names Keras 3 resolves with keras.metrics.get, and the class each gives.
NAMES = {
    "accuracy": "Accuracy",
    "Accuracy": "Accuracy",
    "binary_accuracy": "BinaryAccuracy",
    "categorical_accuracy": "CategoricalAccuracy",
    "sparse_categorical_accuracy": "SparseCategoricalAccuracy",
    "top_k_categorical_accuracy": "TopKCategoricalAccuracy",
    "SparseTopKCategoricalAccuracy": "SparseTopKCategoricalAccuracy",
    "mse": "MeanSquaredError",
    "MSE": "MeanSquaredError",
    "mean_squared_error": "MeanSquaredError",
    "mae": "MeanAbsoluteError",
    "MAE": "MeanAbsoluteError",
    "mape": "MeanAbsolutePercentageError",
    "msle": "MeanSquaredLogarithmicError",
    "root_mean_squared_error": "RootMeanSquaredError",
    "cosine_similarity": "CosineSimilarity",
    "log_cosh_error": "LogCoshError",
    "hinge": "Hinge",
    "squared_hinge": "SquaredHinge",
    "categorical_hinge": "CategoricalHinge",
    "kl_divergence": "KLDivergence",
    "KLDivergence": "KLDivergence",
    "poisson": "Poisson",
    "bce": "BinaryCrossentropy",
    "BCE": "BinaryCrossentropy",
    "binary_crossentropy": "BinaryCrossentropy",
    "categorical_crossentropy": "CategoricalCrossentropy",
    "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy",
    "mean": "Mean",
    "sum": "Sum",
}


@pytest.mark.parametrize("name", sorted(NAMES))
def test_get_by_name(name):
    metric = metrics.get(name)
    assert type(metric).__name__ == NAMES[name]
    assert isinstance(metric, metrics.Metric)
    assert type(metrics.deserialize(name)).__name__ == NAMES[name]


@pytest.mark.parametrize("name", ["acc", "crossentropy", "logcosh", "kld", "no_such_metric"])
def test_get_rejects_names_keras_rejects(name):
    with pytest.raises(ValueError, match=f"Could not interpret metric identifier: '{name}'"):
        metrics.get(name)
    with pytest.raises(ValueError, match=f"metrics.deserialize: unknown metric '{name}'"):
        metrics.deserialize(name)


def test_get_other_identifiers():
    assert metrics.get(None) is None
    assert metrics.get(metrics.binary_accuracy) is metrics.binary_accuracy
    assert type(metrics.get(metrics.Accuracy)) is metrics.Accuracy
    instance = metrics.BinaryAccuracy(threshold=0.2)
    assert metrics.get(instance) is instance
    from_dict = metrics.get({"class_name": "BinaryAccuracy", "config": {"threshold": 0.2, "name": "ba"}})
    assert isinstance(from_dict, metrics.BinaryAccuracy) and from_dict.threshold == 0.2 and from_dict.name == "ba"
    with pytest.raises(ValueError, match="Could not interpret metric identifier: 3"):
        metrics.get(3)


def test_every_registered_metric_class_is_found_by_both_names():
    classes = [getattr(metrics, name) for name in metrics.__all__
               if isinstance(getattr(metrics, name), type) and issubclass(getattr(metrics, name), metrics.Metric)]
    for cls in classes:
        required = [p for p in inspect.signature(cls).parameters.values()
                    if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        if required:  # get() instantiates with no arguments, as in Keras 3, so these need a config
            with pytest.raises(TypeError):
                metrics.get(cls.__name__)
            continue
        assert type(metrics.get(cls.__name__)) is cls
        assert type(metrics.get(metrics.metric.to_snake_case(cls.__name__))) is cls


def test_serialize_deserialize_round_trip():
    for metric in (metrics.BinaryAccuracy(name="b", threshold=0.7), metrics.CategoricalCrossentropy(axis=1),
                   metrics.SparseTopKCategoricalAccuracy(k=2, from_sorted_ids=True), metrics.Mean(name="avg")):
        config = json.loads(json.dumps(metrics.serialize(metric)))
        assert config["module"] == "keras.metrics" and config["registered_name"] is None
        rebuilt = metrics.deserialize(config)
        assert type(rebuilt) is type(metric) and rebuilt.get_config() == metric.get_config()


def test_functions_serialize_as_keras_does():
    for fn in (metrics.binary_accuracy, metrics.sparse_top_k_categorical_accuracy, metrics.mean_squared_error):
        config = metrics.serialize(fn)
        assert config == {"module": "builtins", "class_name": "function", "config": fn.__name__,
                          "registered_name": "function"}
        assert metrics.deserialize(config) is fn


def test_keras_written_config_loads():
    # The layout Keras 3 writes for a metric in a saved model's compile config.
    config = {"module": "keras.metrics", "class_name": "SparseCategoricalAccuracy",
              "config": {"name": "acc", "dtype": "float32"}, "registered_name": None}
    metric = metrics.deserialize(config)
    assert isinstance(metric, metrics.SparseCategoricalAccuracy) and metric.name == "acc"


@pytest.mark.parametrize("y_true_shape, y_pred_shape, kind", [
    ((8, 1), (8, 1), "binary"),
    ((8,), (8, 1), "binary"),
    ((None, 1), (None, 1), "binary"),
    ((8,), (8, 10), "sparse_categorical"),
    ((8, 1), (8, 10), "sparse_categorical"),
    ((8, 5), (8, 5, 10), "sparse_categorical"),
    ((None,), (None, None), "sparse_categorical"),
    ((8, 10), (8, 10), "categorical"),
    ((8, 5, 10), (8, 5, 10), "categorical"),
    ((8,), (8,), "categorical"),  # Keras 3's rule: equal ranks, no size-1 axis
])
def test_resolve_accuracy_and_crossentropy(y_true_shape, y_pred_shape, kind):
    accuracy = {"binary": metrics.BinaryAccuracy, "sparse_categorical": metrics.SparseCategoricalAccuracy,
                "categorical": metrics.CategoricalAccuracy}[kind]
    crossentropy = {"binary": metrics.BinaryCrossentropy,
                    "sparse_categorical": metrics.SparseCategoricalCrossentropy,
                    "categorical": metrics.CategoricalCrossentropy}[kind]
    assert metrics.target_kind(y_true_shape, y_pred_shape) == kind
    assert type(metrics.resolve_accuracy(y_true_shape, y_pred_shape, "mse")) is accuracy
    assert type(metrics.resolve_crossentropy(y_true_shape, y_pred_shape)) is crossentropy
    assert metrics.resolve_crossentropy_loss(y_true_shape, y_pred_shape).__name__ == {
        "binary": "binary_crossentropy", "sparse_categorical": "sparse_categorical_crossentropy",
        "categorical": "categorical_crossentropy"}[kind]


def test_resolve_names_and_logits():
    assert metrics.resolve_accuracy((4,), (4, 3), name="acc").name == "acc"
    assert metrics.resolve_accuracy((4, 1), (4, 1)).name == "binary_accuracy"
    metric = metrics.resolve_crossentropy((4,), (4, 3), mk.losses.SparseCategoricalCrossentropy(from_logits=True))
    assert metric.from_logits is True
    assert metrics.resolve_crossentropy((4,), (4, 3), "sparse_categorical_crossentropy").from_logits is False
