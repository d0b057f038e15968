"""Metrics (``keras.metrics``): stateful metrics and metric functions, Keras 3 names, arguments and configs.

A metric accumulates state over batches with ``update_state(y_true, y_pred,
sample_weight=None)`` and reports it with ``result()``; ``reset_state()``
starts over. :func:`get` accepts the names Keras 3 accepts (class names,
their snake-case forms, and ``"mse"``, ``"mae"``, ``"mape"``, ``"msle"``,
``"bce"``); configs use module ``"keras.metrics"``.

Example:
    >>> import multikeras as mk
    >>> with mk.backend.use("numpy"):
    ...     m = mk.metrics.Mean()
    ...     m.update_state([2.0, 4.0])
    ...     float(m.result())
    3.0
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from multikeras.losses import (
    binary_crossentropy,
    binary_focal_crossentropy,
    categorical_crossentropy,
    categorical_focal_crossentropy,
    categorical_hinge,
    hinge,
    huber,
    kl_divergence,
    log_cosh,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
    poisson,
    sparse_categorical_crossentropy,
    squared_hinge,
)
from multikeras.metrics.accuracy_metrics import (
    Accuracy,
    BinaryAccuracy,
    CategoricalAccuracy,
    SparseCategoricalAccuracy,
    SparseTopKCategoricalAccuracy,
    TopKCategoricalAccuracy,
    binary_accuracy,
    categorical_accuracy,
    sparse_categorical_accuracy,
    sparse_top_k_categorical_accuracy,
    top_k_categorical_accuracy,
)
from multikeras.metrics.hinge_metrics import CategoricalHinge, Hinge, SquaredHinge
from multikeras.metrics.metric import Metric, to_snake_case
from multikeras.metrics.metric_lookup import (
    resolve_accuracy,
    resolve_crossentropy,
    resolve_crossentropy_loss,
    target_kind,
)
from multikeras.metrics.probabilistic_metrics import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    KLDivergence,
    Poisson,
    SparseCategoricalCrossentropy,
)
from multikeras.metrics.reduction_metrics import (
    MODULE,
    Mean,
    MeanMetricWrapper,
    Sum,
    deserialize_metric_function,
    serialize_metric_function,
)
from multikeras.metrics.regression_metrics import (
    CosineSimilarity,
    LogCoshError,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredError,
    MeanSquaredLogarithmicError,
    RootMeanSquaredError,
)
from multikeras.saving import object_registration as registration
from multikeras.saving.serialization_lib import deserialize_keras_object, serialize_keras_object

registration.register_builtin(MODULE)(Metric)

_ALIASES: dict[str, type[Metric]] = {
    "bce": BinaryCrossentropy, "BCE": BinaryCrossentropy,
    "mse": MeanSquaredError, "MSE": MeanSquaredError,
    "mae": MeanAbsoluteError, "MAE": MeanAbsoluteError,
    "mape": MeanAbsolutePercentageError, "MAPE": MeanAbsolutePercentageError,
    "msle": MeanSquaredLogarithmicError, "MSLE": MeanSquaredLogarithmicError,
}


def _builtin_metric_classes() -> dict[str, type[Metric]]:
    """Registered built-in metric classes by class name and by snake-case class name."""
    classes: dict[str, type[Metric]] = {}
    for name in registration.builtin_names(MODULE):
        obj = registration.get_builtin(MODULE, name)
        if isinstance(obj, type) and issubclass(obj, Metric) and name == obj.__name__:
            classes[name] = obj
    classes.update({to_snake_case(name): cls for name, cls in list(classes.items())})
    return classes


def _lookup_class(name: str, custom_objects: Mapping[str, Any] | None = None) -> Any:
    found = _ALIASES.get(name) or _builtin_metric_classes().get(name)
    if found is None:
        found = registration.get_registered_object(name, custom_objects)
    return found


def serialize(metric: Metric | Callable[..., Any]) -> Any:
    """The Keras 3 config of a metric (an instance or a function).

    Args:
        metric: a :class:`Metric`, a built-in metric or loss function, or a
            registered function.

    Example:
        >>> import multikeras as mk
        >>> mk.metrics.serialize(mk.metrics.BinaryAccuracy(threshold=0.7))
        {'module': 'keras.metrics', 'class_name': 'BinaryAccuracy', 'config': {'name': 'binary_accuracy', 'dtype': 'float32', 'threshold': 0.7}, 'registered_name': None}
        >>> mk.metrics.serialize(mk.metrics.binary_accuracy)["config"]
        'binary_accuracy'
    """
    if callable(metric) and not isinstance(metric, (Metric, type)):
        return serialize_metric_function(metric)
    return serialize_keras_object(metric)


def deserialize(config: str | Mapping[str, Any], custom_objects: Mapping[str, Any] | None = None) -> Any:
    """Rebuild a metric from :func:`serialize`'s output (or Keras 3's), or from a name.

    Args:
        config: a config dict, or a name (an instance with default arguments
            is returned, as in Keras 3: ``"mse"`` gives ``MeanSquaredError()``).
        custom_objects: extra ``{name: class or function}`` to resolve.

    Raises:
        ValueError: if a name resolves to nothing.

    Example:
        >>> import multikeras as mk
        >>> mk.metrics.deserialize({"class_name": "BinaryAccuracy", "config": {"threshold": 0.2}}).threshold
        0.2
        >>> type(mk.metrics.deserialize("mse")).__name__
        'MeanSquaredError'
    """
    if isinstance(config, str):
        found = _lookup_class(config, custom_objects)
        if found is None:
            raise ValueError(
                f"metrics.deserialize: unknown metric {config!r}; expected a metric class name such as "
                "'BinaryAccuracy' or its snake-case form 'binary_accuracy', an alias ('mse', 'mae', 'mape', "
                "'msle', 'bce'), or a name registered with keras.saving.register_keras_serializable() or passed "
                "in custom_objects."
            )
        return found() if isinstance(found, type) else found
    if not isinstance(config, Mapping):
        raise TypeError(
            f"metrics.deserialize: expected a config dict or a name, received {type(config).__name__} {config!r}."
        )
    if config.get("class_name") == "function":
        return deserialize_metric_function(config, custom_objects)
    return deserialize_keras_object(dict(config), custom_objects=custom_objects, module=MODULE)


def get(identifier: Any) -> Any:
    """Return a metric for ``identifier``.

    Args:
        identifier: ``None`` (returned as is); a name: a metric class name
            or its snake-case form (``"BinaryAccuracy"``, ``"binary_accuracy"``,
            ``"accuracy"``, ``"AUC"``) or ``"mse"``, ``"mae"``, ``"mape"``,
            ``"msle"``, ``"bce"``, giving an instance with default arguments;
            a config dict; a :class:`Metric` class (instantiated) or instance;
            or a function (returned as is).

    Raises:
        ValueError: naming the identifier when it is none of these.

    Example:
        >>> import multikeras as mk
        >>> type(mk.metrics.get("mse")).__name__, mk.metrics.get("accuracy").name
        ('MeanSquaredError', 'accuracy')
        >>> mk.metrics.get(mk.metrics.binary_accuracy).__name__
        'binary_accuracy'
    """
    if identifier is None:
        return None
    if isinstance(identifier, Mapping):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = _lookup_class(identifier)
    else:
        obj = identifier
    if callable(obj):
        return obj() if isinstance(obj, type) else obj
    raise ValueError(
        f"Could not interpret metric identifier: {identifier!r}; expected None, a metric name such as 'accuracy', "
        "'mse' or 'BinaryAccuracy', a config dict, a Metric, or a function (y_true, y_pred) -> values."
    )


__all__ = [
    "Accuracy",
    "BinaryAccuracy",
    "BinaryCrossentropy",
    "CategoricalAccuracy",
    "CategoricalCrossentropy",
    "CategoricalHinge",
    "CosineSimilarity",
    "Hinge",
    "KLDivergence",
    "LogCoshError",
    "Mean",
    "MeanAbsoluteError",
    "MeanAbsolutePercentageError",
    "MeanMetricWrapper",
    "MeanSquaredError",
    "MeanSquaredLogarithmicError",
    "Metric",
    "Poisson",
    "RootMeanSquaredError",
    "SparseCategoricalAccuracy",
    "SparseCategoricalCrossentropy",
    "SparseTopKCategoricalAccuracy",
    "SquaredHinge",
    "Sum",
    "TopKCategoricalAccuracy",
    "binary_accuracy",
    "binary_crossentropy",
    "binary_focal_crossentropy",
    "categorical_accuracy",
    "categorical_crossentropy",
    "categorical_focal_crossentropy",
    "categorical_hinge",
    "deserialize",
    "get",
    "hinge",
    "huber",
    "kl_divergence",
    "log_cosh",
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "mean_squared_error",
    "mean_squared_logarithmic_error",
    "poisson",
    "resolve_accuracy",
    "resolve_crossentropy",
    "resolve_crossentropy_loss",
    "serialize",
    "sparse_categorical_accuracy",
    "sparse_categorical_crossentropy",
    "sparse_top_k_categorical_accuracy",
    "squared_hinge",
    "target_kind",
    "top_k_categorical_accuracy",
]

# Confusion-matrix, IoU, F-score and correlation metrics.
from multikeras.metrics.confusion_metrics import (  # noqa: E402
    AUC,
    FalseNegatives,
    FalsePositives,
    Precision,
    PrecisionAtRecall,
    Recall,
    RecallAtPrecision,
    SensitivityAtSpecificity,
    SpecificityAtSensitivity,
    TrueNegatives,
    TruePositives,
)
from multikeras.metrics.correlation_metrics import (  # noqa: E402
    ConcordanceCorrelation,
    PearsonCorrelation,
    R2Score,
    concordance_correlation,
    pearson_correlation,
)
from multikeras.metrics.f_score_metrics import F1Score, FBetaScore  # noqa: E402
from multikeras.metrics.iou_metrics import BinaryIoU, IoU, MeanIoU, OneHotIoU, OneHotMeanIoU  # noqa: E402

__all__ += [
    "AUC", "BinaryIoU", "ConcordanceCorrelation", "F1Score", "FBetaScore", "FalseNegatives", "FalsePositives", "IoU",
    "MeanIoU", "OneHotIoU", "OneHotMeanIoU", "PearsonCorrelation", "Precision", "PrecisionAtRecall", "R2Score",
    "Recall", "RecallAtPrecision", "SensitivityAtSpecificity", "SpecificityAtSensitivity", "TrueNegatives",
    "TruePositives", "concordance_correlation", "pearson_correlation",
]
