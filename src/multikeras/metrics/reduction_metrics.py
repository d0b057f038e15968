"""Metrics that reduce values over batches: `Sum`, `Mean`, `MeanMetricWrapper`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from multikeras import ops
from multikeras.losses.reduction import (
    apply_mask,
    broadcastable,
    collect_output_masks,
    output_mask,
    squeeze_or_expand_to_same_rank,
    static_shape,
)
from multikeras.metrics.metric import Metric, cast_to
from multikeras.saving import object_registration as registration
from multikeras.saving.object_registration import register_builtin
from multikeras.saving.serialization_lib import deserialize_keras_object, serialize_keras_object

MODULE = "keras.metrics"
"""The Keras 3 namespace metrics are registered and serialized under."""

_LOSSES_MODULE = "keras.losses"


def reduce_to_samplewise_values(values: Any, sample_weight: Any, reduce_fn: Callable[..., Any], dtype: str,
                                mask: Any = None, where: str = "Metric") -> tuple[Any, Any]:
    """Weight ``values`` and reduce them to one value per sample (axis 0), Keras 3's rules.

    Without weights, axes after the first are reduced with ``reduce_fn``
    (``ops.mean`` for means, ``ops.sum`` for sums). With weights: first a
    trailing size-1 axis is squeezed (or added to rank-1 weights or values,
    see :func:`~multikeras.losses.reduction.squeeze_or_expand_to_same_rank`);
    ``values`` are reduced with ``reduce_fn`` down to the rank of the weights,
    multiplied by the weights broadcast to their shape, and both are then
    reduced to one value per sample (the weights always by their mean). A
    ``mask`` (booleans, true for entries that count) is folded into the weights
    when there are weights, as Keras 3 does.

    Args:
        values: the values of a batch.
        sample_weight: weights, or ``None``.
        reduce_fn: ``ops.mean`` or ``ops.sum``.
        dtype: the dtype of the computation.
        mask: an optional mask of ``values``.
        where: the metric named in errors.

    Returns:
        ``(values, weights)``: per-sample values, and per-sample weights
        (``None`` without weights).

    Raises:
        ValueError: if ``sample_weight`` cannot be broadcast to ``values``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     v, w = reduce_to_samplewise_values(mk.ops.ones((2, 3)), [1.0, 0.0], mk.ops.sum, "float32")
        ...     v.tolist(), w.tolist()
        ([3.0, 0.0], [1.0, 0.0])
    """
    values = cast_to(values, dtype)
    if sample_weight is not None:
        sample_weight = cast_to(sample_weight, dtype)
        if mask is not None:
            sample_weight = apply_mask(sample_weight, mask, dtype, "sum")
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        weight_rank = len(static_shape(sample_weight))
        values_rank = len(static_shape(values))
        if values_rank > weight_rank:
            values = reduce_fn(values, axis=tuple(range(weight_rank, values_rank)))
        value_shape, weight_shape = static_shape(values), static_shape(sample_weight)
        if len(weight_shape) > len(value_shape) or not broadcastable(value_shape, weight_shape):
            raise ValueError(
                f"{where}: `sample_weight` of shape {weight_shape} cannot be broadcast to the values of shape "
                f"{value_shape}; expected one weight per sample, or weights whose shape is the leading part of "
                "the values' shape (with size-1 axes allowed)."
            )
        if weight_shape != value_shape:
            sample_weight = ops.broadcast_to(sample_weight, ops.shape(values))
        values = values * sample_weight
        if weight_rank > 1:
            sample_weight = reduce_fn(sample_weight, axis=tuple(range(1, weight_rank)))
    values_rank = len(static_shape(values))
    if values_rank > 1:
        values = reduce_fn(values, axis=tuple(range(1, values_rank)))
    return values, sample_weight


@register_builtin(MODULE)
class Sum(Metric):
    """The (weighted) sum of all values seen.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = Sum()
        ...     m.update_state([1.0, 3.0, 5.0, 7.0])
        ...     float(m.result())
        16.0
    """

    def __init__(self, name: str = "sum", dtype: Any = None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable((), "zeros", dtype=self.dtype, name="total")

    def update_state(self, values: Any, sample_weight: Any = None) -> None:
        """Add the sum of ``values`` (times ``sample_weight``) to the total."""
        values, _ = reduce_to_samplewise_values(values, sample_weight, ops.sum, self.dtype,
                                                mask=getattr(values, "_keras_mask", None), where=type(self).__name__)
        self.total.assign_add(ops.sum(values))

    def result(self) -> Any:
        return ops.cast(self.total.value, self.dtype)


@register_builtin(MODULE)
class Mean(Metric):
    """The (weighted) mean of all values seen: ``sum(w * v) / sum(w)``.

    Values with more than one axis count once per sample (their mean over
    the other axes).

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = Mean()
        ...     m.update_state([1.0, 3.0, 5.0, 7.0], sample_weight=[1.0, 1.0, 0.0, 0.0])
        ...     float(m.result())
        2.0
    """

    def __init__(self, name: str = "mean", dtype: Any = None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable((), "zeros", dtype=self.dtype, name="total")
        self.count = self.add_variable((), "zeros", dtype=self.dtype, name="count")

    def update_state(self, values: Any, sample_weight: Any = None) -> None:
        """Add the (weighted) values to the total and the sample weights (or sample count) to the count."""
        self._update_mean(values, sample_weight, getattr(values, "_keras_mask", None))

    def _update_mean(self, values: Any, sample_weight: Any, mask: Any) -> None:
        if mask is None and _is_count(sample_weight):
            values = cast_to(values, self.dtype)
            if not static_shape(values):
                # One value weighted by a number (a batch's loss and its size, every training step): what the
                # general rules below compute, total += value * weight and count += weight, in three calls. The
                # count stays a Python number: it takes the metric's dtype inside each operation, as a tensor of
                # that dtype would, without a tensor made from it at every step.
                weight = float(sample_weight)
                self.total.assign_add(values * weight)
                self.count.assign_add(weight)
                return
        values, sample_weight = reduce_to_samplewise_values(values, sample_weight, ops.mean, self.dtype, mask=mask,
                                                            where=type(self).__name__)
        self.total.assign_add(ops.sum(values))
        if sample_weight is not None:
            count = ops.sum(sample_weight)
        else:
            shape = static_shape(values)
            count = 1 if not shape else shape[0]
            if count is None:  # batch size unknown while tracing
                count = ops.size(values)
        self.count.assign_add(ops.cast(count, self.dtype))

    def result(self) -> Any:
        return ops.divide_no_nan(self.total.value, ops.cast(self.count.value, self.dtype))


def _is_count(value: Any) -> bool:
    """Whether ``value`` is a Python int (not a bool), as a batch size given as a sample weight is."""
    return type(value) is int


def _is_loss(fn: Any) -> bool:
    for obj in (fn, type(fn)):
        location = registration.builtin_location(obj)
        if location is not None and location[0] == _LOSSES_MODULE:
            return True
    return False


def serialize_metric_function(fn: Callable[..., Any]) -> Any:
    """The config Keras 3 writes for a function: a built-in metric or loss function becomes
    ``{"module": "builtins", "class_name": "function", "config": name, "registered_name": "function"}``.

    Other objects serialize as
    :func:`~multikeras.saving.serialization_lib.serialize_keras_object` does.

    Example:
        >>> import multikeras as mk
        >>> serialize_metric_function(mk.metrics.binary_accuracy)["config"]
        'binary_accuracy'
    """
    location = registration.builtin_location(fn)
    if location is not None and location[0] in (MODULE, _LOSSES_MODULE) and not isinstance(fn, type):
        return {"module": "builtins", "class_name": "function", "config": location[1], "registered_name": "function"}
    return serialize_keras_object(fn)


def deserialize_metric_function(config: Any, custom_objects: Mapping[str, Any] | None = None) -> Any:
    """The function named by ``config`` (a name or a function config): custom objects first,
    then built-in metric functions, then loss functions.

    Example:
        >>> deserialize_metric_function("binary_accuracy").__name__
        'binary_accuracy'
    """
    if callable(config):
        return config
    name = config
    if isinstance(config, Mapping) and config.get("class_name") == "function":
        name = config.get("config")
    if isinstance(name, str):
        found = (registration.get_registered_object(name, custom_objects)
                 or registration.get_builtin(MODULE, name) or registration.get_builtin(_LOSSES_MODULE, name))
        if found is not None:
            return found
    return deserialize_keras_object(config, custom_objects=custom_objects, module=MODULE)


@register_builtin(MODULE)
class MeanMetricWrapper(Mean):
    """The mean of ``fn(y_true, y_pred, **kwargs)`` over all samples seen.

    A mask on ``y_pred`` (``y_pred._keras_mask``) weighs masked entries 0.

    Args:
        fn: a function of ``(y_true, y_pred)`` returning per-sample values.
        name: the metric's name (``"mean_metric_wrapper"``, made unique, by default).
        dtype: the dtype of the state and result.
        **kwargs: keyword arguments passed to ``fn``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = MeanMetricWrapper(mk.losses.mean_absolute_error, name="mae")
        ...     m.update_state([[1.0], [2.0]], [[1.5], [2.0]])
        ...     float(m.result())
        0.25
    """

    def __init__(self, fn: Callable[..., Any], name: str | None = None, dtype: Any = None, **kwargs: Any):
        if not callable(fn):
            raise TypeError(f"MeanMetricWrapper: expected a callable for `fn`, received {type(fn).__name__} {fn!r}.")
        super().__init__(name=name, dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs
        if _is_loss(fn):
            self._direction = "down"

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        """Add ``fn(y_true, y_pred, **kwargs)`` of the batch, weighted by ``sample_weight``."""
        mask = getattr(y_pred, "_keras_mask", None)
        with collect_output_masks() as masks:
            values = self._fn(y_true, y_pred, **self._fn_kwargs)
        sample_weight = apply_mask(sample_weight, mask, self.dtype, "sum")
        self._update_mean(values, sample_weight, output_mask(values, masks))

    def get_config(self) -> dict[str, Any]:
        """``name``, ``dtype``, the serialized ``fn`` and the keyword arguments passed to it."""
        config = super().get_config()
        config["fn"] = serialize_metric_function(self._fn)
        config.update(serialize_keras_object(self._fn_kwargs))
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Metric:
        """Rebuild the metric (and its function) from :meth:`get_config`'s output (or Keras 3's)."""
        if "fn" not in config:
            return cls(**config)
        config = dict(config)
        fn = deserialize_metric_function(config.pop("fn"))
        rest = {key: deserialize_keras_object(value, module=MODULE) if isinstance(value, Mapping) else value
                for key, value in config.items()}
        return cls(fn, **rest)
