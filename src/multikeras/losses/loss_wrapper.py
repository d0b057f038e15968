"""`LossFunctionWrapper`: a :class:`Loss` around a function ``fn(y_true, y_pred, **kwargs)``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import optree

from multikeras.losses.inputs import is_structure
from multikeras.losses.loss import MODULE, Loss
from multikeras.losses.reduction import squeeze_or_expand_to_same_rank
from multikeras.ops.types import Array
from multikeras.saving import object_registration as registration
from multikeras.saving.serialization_lib import deserialize_keras_object, serialize_keras_object

KERAS_PRIVATE_MODULE = "keras.src.losses.losses"
"""Where Keras 3 keeps the classes it does not export (``LossFunctionWrapper``); its files name this module."""


INTEGER_LABELS = "_multikeras_integer_labels"
"""Attribute marking loss functions whose ``y_true`` holds class indices; :class:`Loss` keeps those integer."""


def takes_integer_labels(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Mark ``fn`` as taking class indices as labels (they are then not cast to the loss dtype).

    Example:
        >>> @takes_integer_labels
        ... def my_sparse_loss(y_true, y_pred):
        ...     return y_pred
        >>> LossFunctionWrapper(my_sparse_loss)._integer_labels
        True
    """
    setattr(fn, INTEGER_LABELS, True)
    return fn


MEAN_FORM = "_multikeras_mean_form"
"""Attribute holding a loss function's faster route to the mean of its values (see :func:`with_mean_form`)."""


def with_mean_form(mean_fn: Callable[..., Any]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Give a loss function a faster route to the mean of its values over every entry.

    ``mean_fn(y_true, y_pred, **kwargs)`` takes the loss function's arguments
    and returns what ``ops.mean(fn(y_true, y_pred, **kwargs))`` returns, up
    to rounding (for instance through one fused kernel of the backend), or
    ``None`` when it has no faster route for these arguments or when ``fn``
    would record an output mask. :class:`LossFunctionWrapper` uses it for
    unweighted, unmasked losses reduced by ``"sum_over_batch_size"``.

    Example:
        >>> import multikeras as mk
        >>> def plain_mse(y_true, y_pred):
        ...     return mk.ops.mean(mk.ops.square(y_pred - y_true), axis=-1)
        >>> def plain_mse_mean(y_true, y_pred):
        ...     return mk.ops.mean(mk.ops.square(y_pred - y_true))
        >>> plain_mse = with_mean_form(plain_mse_mean)(plain_mse)
        >>> with mk.backend.use("numpy"):
        ...     print(LossFunctionWrapper(plain_mse)([[0.0, 0.0]], [[1.0, 3.0]]))
        5.0
    """
    def mark(fn: Callable[..., Any]) -> Callable[..., Any]:
        setattr(fn, MEAN_FORM, mean_fn)
        return fn

    return mark


def serialize_loss_function(fn: Callable[..., Any]) -> Any:
    """The config Keras 3 writes for a function: a built-in loss function becomes
    ``{"module": "builtins", "class_name": "function", "config": name, "registered_name": "function"}``.

    Other functions (registered with ``register_keras_serializable``) serialize as
    :func:`~multikeras.saving.serialization_lib.serialize_keras_object` does.

    Example:
        >>> import multikeras as mk
        >>> serialize_loss_function(mk.losses.mse)
        {'module': 'builtins', 'class_name': 'function', 'config': 'mean_squared_error', 'registered_name': 'function'}
    """
    location = registration.builtin_location(fn)
    if location is not None and location[0] == MODULE and not isinstance(fn, type):
        return {"module": "builtins", "class_name": "function", "config": location[1], "registered_name": "function"}
    return serialize_keras_object(fn)


def deserialize_loss_function(config: Any, custom_objects: Mapping[str, Any] | None = None) -> Any:
    """The function named by ``config`` (a name or a function config), built-in losses first.

    Example:
        >>> deserialize_loss_function("mse").__name__
        'mean_squared_error'
    """
    if callable(config):
        return config
    name = config
    if isinstance(config, Mapping) and config.get("class_name") == "function":
        name = config.get("config")
    if isinstance(name, str):
        found = registration.get_registered_object(name, custom_objects) or registration.get_builtin(MODULE, name)
        if found is not None:
            return found
    return deserialize_keras_object(config, custom_objects=custom_objects, module=MODULE)


def _align_pair(y_true: Any, y_pred: Any) -> tuple[Any, Any]:
    if not is_structure(y_true) and not is_structure(y_pred):
        return squeeze_or_expand_to_same_rank(y_true, y_pred)
    true_leaves, true_def = optree.tree_flatten(y_true)
    pred_leaves, pred_def = optree.tree_flatten(y_pred)
    if len(true_leaves) != len(pred_leaves):
        raise ValueError(
            f"LossFunctionWrapper: y_true holds {len(true_leaves)} tensors but y_pred holds {len(pred_leaves)}; "
            "expected one target per prediction, in the same structure."
        )
    pairs = [squeeze_or_expand_to_same_rank(t, p) for t, p in zip(true_leaves, pred_leaves)]
    return (optree.tree_unflatten(true_def, [t for t, _ in pairs]),
            optree.tree_unflatten(pred_def, [p for _, p in pairs]))


@registration.register_builtin(MODULE)
@registration.register_builtin(KERAS_PRIVATE_MODULE)  # registered first: the module Keras 3 writes for it
class LossFunctionWrapper(Loss):
    """A :class:`Loss` that calls ``fn(y_true, y_pred, **kwargs)`` for the per-sample losses.

    Before the call, each target and prediction pair is brought to one rank
    when they differ by a size-1 last axis (labels ``(batch, 1)`` against
    predictions ``(batch,)``).

    Args:
        fn: the loss function.
        reduction: see :class:`Loss`.
        name: the loss's name (``"loss_function_wrapper"``, made unique, when ``None``).
        dtype: see :class:`Loss`.
        **kwargs: keyword arguments passed to ``fn``.

    Example:
        >>> import multikeras as mk
        >>> loss = LossFunctionWrapper(mk.losses.huber, name="huber", delta=0.5)
        >>> with mk.backend.use("numpy"):
        ...     print(loss([[0.0], [0.0]], [[0.25], [2.0]]))
        0.453125
    """

    def __init__(self, fn: Callable[..., Any], reduction: str | None = "sum_over_batch_size", name: str | None = None,
                 dtype: Any = None, **kwargs: Any):
        if not callable(fn):
            raise TypeError(f"LossFunctionWrapper: expected a callable for `fn`, received {type(fn).__name__} {fn!r}.")
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs
        self._integer_labels = bool(getattr(fn, INTEGER_LABELS, False))
        self._mean_form = getattr(fn, MEAN_FORM, None)

    def call(self, y_true: Any, y_pred: Any) -> Array:
        """``fn(y_true, y_pred, **kwargs)`` after aligning the ranks of each pair."""
        y_true, y_pred = _align_pair(y_true, y_pred)
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def _unweighted_mean(self, y_true: Any, y_pred: Any) -> Array | None:
        if self._mean_form is None:
            return None
        y_true, y_pred = _align_pair(y_true, y_pred)
        return self._mean_form(y_true, y_pred, **self._fn_kwargs)

    def get_config(self) -> dict[str, Any]:
        """``name``, ``reduction``, the serialized ``fn`` and the keyword arguments.

        Example:
            >>> import multikeras as mk
            >>> LossFunctionWrapper(mk.losses.huber, name="h", delta=0.5).get_config()["delta"]
            0.5
        """
        config = super().get_config()
        config["fn"] = serialize_loss_function(self.fn)
        config.update(serialize_keras_object(self._fn_kwargs))
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Loss:
        """Rebuild the wrapper (and its function) from :meth:`get_config`'s output.

        Example:
            >>> import multikeras as mk
            >>> config = LossFunctionWrapper(mk.losses.huber, name="h", delta=0.5).get_config()
            >>> LossFunctionWrapper.from_config(config).fn is mk.losses.huber
            True
        """
        if "fn" not in config:
            return cls(**config)
        config = dict(config)
        fn = deserialize_loss_function(config.pop("fn"))
        rest = {key: deserialize_keras_object(value, module=MODULE) if isinstance(value, Mapping) else value
                for key, value in config.items()}
        return cls(fn, **rest)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}({self.fn}, kwargs={self._fn_kwargs})>"
