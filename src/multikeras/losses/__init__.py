"""Losses (``keras.losses``): Keras 3 names, arguments, defaults and configs.

Each loss exists as a function returning per-sample losses
(``mean_squared_error(y_true, y_pred)``) and as a :class:`Loss` class that
also applies sample weights and reduces (``MeanSquaredError()(y_true, y_pred,
sample_weight)``). :func:`get` accepts the names Keras 3 accepts (class names,
function names and the short forms ``"mse"``, ``"mae"``, ``"mape"``,
``"msle"``, ``"kld"``, ``"bce"``); configs use module ``"keras.losses"``.

Example:
    >>> import multikeras as mk
    >>> with mk.backend.use("numpy"):
    ...     print(mk.losses.get("mse")([[0.0, 2.0]], [[0.0, 0.0]]))
    [2.]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from multikeras.losses.crossentropy import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    SparseCategoricalCrossentropy,
    binary_crossentropy,
    categorical_crossentropy,
    sparse_categorical_crossentropy,
)
from multikeras.losses.ctc import CTC, ctc
from multikeras.losses.focal import (
    BinaryFocalCrossentropy,
    CategoricalFocalCrossentropy,
    CategoricalGeneralizedCrossEntropy,
    binary_focal_crossentropy,
    categorical_focal_crossentropy,
    categorical_generalized_cross_entropy,
)
from multikeras.losses.hinge import CategoricalHinge, Hinge, SquaredHinge, categorical_hinge, hinge, squared_hinge
from multikeras.losses.loss import MODULE, Loss
from multikeras.losses.loss_wrapper import LossFunctionWrapper, deserialize_loss_function, serialize_loss_function
from multikeras.losses.probabilistic import KLDivergence, Poisson, kl_divergence, poisson
from multikeras.losses.regression import (
    CosineSimilarity,
    Huber,
    LogCosh,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredError,
    MeanSquaredLogarithmicError,
    cosine_similarity,
    huber,
    log_cosh,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
)
from multikeras.losses.segmentation import Dice, Tversky, dice, tversky
from multikeras.losses.similarity import Circle, circle
from multikeras.saving import object_registration as registration
from multikeras.saving.serialization_lib import deserialize_keras_object, serialize_keras_object

mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kullback_leibler_divergence = kl_divergence
bce = BCE = binary_crossentropy
logcosh = log_cosh

_ALIASES: dict[str, Callable[..., Any]] = {
    "mse": mse, "MSE": MSE, "mae": mae, "MAE": MAE, "mape": mape, "MAPE": MAPE, "msle": msle, "MSLE": MSLE,
    "kld": kld, "KLD": KLD, "kullback_leibler_divergence": kullback_leibler_divergence, "bce": bce, "BCE": BCE,
    "logcosh": logcosh,
}
for _name, _function in _ALIASES.items():
    registration.register_builtin(MODULE, _name)(_function)
del _name, _function


def _lookup(name: str, custom_objects: Mapping[str, Any] | None = None) -> Any:
    return registration.get_registered_object(name, custom_objects) or registration.get_builtin(MODULE, name)


def _instantiate(obj: Any) -> Any:
    return obj() if isinstance(obj, type) else obj


def serialize(loss: Loss | Callable[..., Any]) -> Any:
    """The Keras 3 config of a loss (an instance or a function).

    Args:
        loss: a :class:`Loss`, a built-in loss function or a registered function.

    Example:
        >>> import multikeras as mk
        >>> mk.losses.serialize(mk.losses.Huber(delta=2.0))
        {'module': 'keras.losses', 'class_name': 'Huber', 'config': {'name': 'huber_loss', 'reduction': 'sum_over_batch_size', 'delta': 2.0}, 'registered_name': None}
        >>> mk.losses.serialize(mk.losses.mse)["config"]
        'mean_squared_error'
    """
    if callable(loss) and not isinstance(loss, (Loss, type)):
        return serialize_loss_function(loss)
    return serialize_keras_object(loss)


def deserialize(name: str | Mapping[str, Any], custom_objects: Mapping[str, Any] | None = None) -> Any:
    """Rebuild a loss from :func:`serialize`'s output (or Keras 3's), or from a name.

    Args:
        name: a config dict, or a name: a class name gives an instance with
            default arguments, a function name (or ``"mse"`` ...) the function.
        custom_objects: extra ``{name: class or function}`` to resolve.

    Raises:
        ValueError: if a name resolves to nothing.

    Example:
        >>> import multikeras as mk
        >>> mk.losses.deserialize({"class_name": "Huber", "config": {"delta": 2.0}}).delta
        2.0
        >>> mk.losses.deserialize("mae") is mk.losses.mean_absolute_error
        True
    """
    if isinstance(name, str):
        found = _lookup(name, custom_objects)
        if found is None:
            raise ValueError(
                f"losses.deserialize: unknown loss {name!r}; expected a loss class or function name such as "
                f"'MeanSquaredError' or 'mse' (known: {', '.join(registration.builtin_names(MODULE))}), or a name "
                "registered with keras.saving.register_keras_serializable() or passed in custom_objects."
            )
        return _instantiate(found)
    if isinstance(name, Mapping) and name.get("class_name") == "function":
        return deserialize_loss_function(name, custom_objects)
    if not isinstance(name, Mapping):
        raise TypeError(
            f"losses.deserialize: expected a config dict or a name, received {type(name).__name__} {name!r}.")
    return deserialize_keras_object(dict(name), custom_objects=custom_objects, module=MODULE)


def get(identifier: Any) -> Any:
    """Return a loss for ``identifier``.

    Args:
        identifier: ``None`` (returned as is); a name: a class name gives an
            instance (``"CategoricalCrossentropy"``), a function name the
            function (``"categorical_crossentropy"``, ``"mse"``); a config
            dict; a :class:`Loss` class (instantiated) or instance; or any
            other callable (returned as is).

    Raises:
        ValueError: naming the identifier when it is none of these.

    Example:
        >>> import multikeras as mk
        >>> mk.losses.get("sparse_categorical_crossentropy").__name__
        'sparse_categorical_crossentropy'
        >>> type(mk.losses.get("SparseCategoricalCrossentropy")).__name__
        'SparseCategoricalCrossentropy'
    """
    if identifier is None:
        return None
    if isinstance(identifier, (str, Mapping)):
        try:
            obj = deserialize(identifier)
        except (ValueError, TypeError) as error:
            raise ValueError(f"Could not interpret loss identifier: {identifier!r} ({error})") from error
    else:
        obj = identifier
    if callable(obj):
        return _instantiate(obj)
    raise ValueError(
        f"Could not interpret loss identifier: {identifier!r}; expected None, a loss name such as 'mse' or "
        "'CategoricalCrossentropy', a config dict, a Loss, or a function (y_true, y_pred) -> losses."
    )


__all__ = [
    "BCE",
    "BinaryCrossentropy",
    "BinaryFocalCrossentropy",
    "CTC",
    "CategoricalCrossentropy",
    "CategoricalFocalCrossentropy",
    "CategoricalGeneralizedCrossEntropy",
    "CategoricalHinge",
    "Circle",
    "CosineSimilarity",
    "Dice",
    "Hinge",
    "Huber",
    "KLD",
    "KLDivergence",
    "LogCosh",
    "Loss",
    "LossFunctionWrapper",
    "MAE",
    "MAPE",
    "MSE",
    "MSLE",
    "MeanAbsoluteError",
    "MeanAbsolutePercentageError",
    "MeanSquaredError",
    "MeanSquaredLogarithmicError",
    "Poisson",
    "SparseCategoricalCrossentropy",
    "SquaredHinge",
    "Tversky",
    "bce",
    "binary_crossentropy",
    "binary_focal_crossentropy",
    "categorical_crossentropy",
    "categorical_focal_crossentropy",
    "categorical_generalized_cross_entropy",
    "categorical_hinge",
    "circle",
    "cosine_similarity",
    "ctc",
    "deserialize",
    "dice",
    "get",
    "hinge",
    "huber",
    "kl_divergence",
    "kld",
    "kullback_leibler_divergence",
    "log_cosh",
    "logcosh",
    "mae",
    "mape",
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "mean_squared_error",
    "mean_squared_logarithmic_error",
    "mse",
    "msle",
    "poisson",
    "serialize",
    "sparse_categorical_crossentropy",
    "squared_hinge",
    "tversky",
]
