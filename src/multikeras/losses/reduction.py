"""Reducing per-sample losses to the value training minimizes.

Keras 3's rules: a loss's ``call`` returns one value per sample (or per
sample and timestep); sample weights and masks multiply those values, then a
reduction sums them (``"sum"``), averages them over every entry
(``"sum_over_batch_size"``, ``"mean"``), divides the sum by the sum of the
weights (``"mean_with_sample_weight"``), or leaves them (``"none"``, ``None``).

Everything here decides on static shapes only, so it runs unchanged inside
compiled steps (jit tracing, graph functions).
"""

from __future__ import annotations

import contextvars
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any

from multikeras import ops
from multikeras.utils.static_shapes import static_shape
from multikeras.ops.types import Array, ArrayLike

REDUCTIONS: tuple[str | None, ...] = ("sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", None)
"""The values ``reduction`` accepts, as in Keras 3."""

MEAN_OVER_ENTRIES = ("sum_over_batch_size", "mean")
"""The reductions that average over every entry."""


def standardize_reduction(reduction: Any, where: str = "Loss") -> str | None:
    """Return ``reduction`` if Keras 3 accepts it, else raise a ``ValueError`` naming it.

    Args:
        reduction: one of :data:`REDUCTIONS`.
        where: the class or function named in the error.

    Example:
        >>> standardize_reduction("sum")
        'sum'
        >>> standardize_reduction("avg")
        Traceback (most recent call last):
        ...
        ValueError: Loss: invalid value for argument `reduction`: expected one of 'sum_over_batch_size', 'sum', 'mean', 'mean_with_sample_weight', 'none' or None; received reduction='avg'.
    """
    if isinstance(reduction, str) or reduction is None:
        if reduction in REDUCTIONS:
            return reduction
    allowed = ", ".join(repr(r) for r in REDUCTIONS if r is not None)
    raise ValueError(
        f"{where}: invalid value for argument `reduction`: expected one of {allowed} or None; "
        f"received reduction={reduction!r}."
    )


def squeeze_or_expand_to_same_rank(x1: Array, x2: Array, expand_rank_1: bool = True) -> tuple[Array, Array]:
    """Make the ranks of ``x1`` and ``x2`` equal when they differ by one size-1 last axis.

    If one tensor has one more axis than the other and that last axis has
    size 1, the axis is squeezed away; except that when the other tensor has
    rank 1 (and ``expand_rank_1``), the other one gains a last axis instead.
    Any other pair is returned unchanged (Keras 3's rule for labels vs
    predictions and losses vs sample weights).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     a, b = squeeze_or_expand_to_same_rank(mk.ops.zeros((4, 3, 1)), mk.ops.zeros((4, 3)))
        ...     a.shape, b.shape
        ((4, 3), (4, 3))
    """
    shape1, shape2 = static_shape(x1), static_shape(x2)
    if len(shape1) == len(shape2) + 1 and shape1[-1] == 1:
        if len(shape2) == 1 and expand_rank_1:
            x2 = ops.expand_dims(x2, axis=-1)
        else:
            x1 = ops.squeeze(x1, axis=-1)
    elif len(shape2) == len(shape1) + 1 and shape2[-1] == 1:
        if len(shape1) == 1 and expand_rank_1:
            x1 = ops.expand_dims(x1, axis=-1)
        else:
            x2 = ops.squeeze(x2, axis=-1)
    return x1, x2


def broadcastable(shape1: Sequence[int | None], shape2: Sequence[int | None]) -> bool:
    """Whether two static shapes broadcast together (unknown dimensions are assumed to fit).

    Example:
        >>> broadcastable((8, 3), (3,)), broadcastable((8, 3), (8,)), broadcastable((None, 3), (4, 1))
        (True, False, True)
    """
    for a, b in zip(reversed(tuple(shape1)), reversed(tuple(shape2))):
        if a is not None and b is not None and a != b and a != 1 and b != 1:
            return False
    return True


def _leading_dims_match(short: tuple[int | None, ...], long: tuple[int | None, ...]) -> bool:
    return all(a is None or b is None or a == b for a, b in zip(short, long[: len(short)]))


def align_sample_weight(values: Array, sample_weight: Array, where: str = "Loss") -> tuple[Array, Array]:
    """Bring ``sample_weight`` to a shape that multiplies ``values`` entry by entry.

    First Keras 3's :func:`squeeze_or_expand_to_same_rank`; then weights of
    lower rank whose shape is the leading part of the values' shape
    (per-sample weights ``(batch,)`` for losses ``(batch, timesteps)``) gain
    trailing axes, so each sample's weight covers all its entries. Other
    shapes broadcast as NumPy does (aligned on the right).

    Raises:
        ValueError: if the two shapes cannot broadcast, naming both.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     v, w = align_sample_weight(mk.ops.ones((2, 3)), mk.ops.array([1.0, 2.0]))
        ...     w.shape
        (2, 1)
    """
    values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
    value_shape, weight_shape = static_shape(values), static_shape(sample_weight)
    if 0 < len(weight_shape) < len(value_shape) and _leading_dims_match(weight_shape, value_shape):
        for _ in range(len(value_shape) - len(weight_shape)):
            sample_weight = ops.expand_dims(sample_weight, axis=-1)
        weight_shape = static_shape(sample_weight)
    if not broadcastable(value_shape, weight_shape):
        raise ValueError(
            f"{where}: `sample_weight` of shape {weight_shape} does not fit the per-sample losses of shape "
            f"{value_shape}; expected weights of shape {value_shape[:1]} (one per sample), {value_shape} "
            "(one per entry), or a shape that broadcasts to it."
        )
    return values, sample_weight


def apply_mask(sample_weight: Array | None, mask: ArrayLike | None, dtype: str, reduction: str | None) -> Array | None:
    """Fold a boolean ``mask`` of valid entries into ``sample_weight``.

    With ``"sum_over_batch_size"`` / ``"mean"`` the valid entries weigh
    ``total / valid``, so the later division by the number of entries averages
    over the valid entries only; with other reductions the mask is a 0/1
    weight.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     apply_mask(None, mk.ops.array([True, False, True, True]), "float32", "mean").tolist()
        [1.3333333730697632, 0.0, 1.3333333730697632, 1.3333333730697632]
    """
    if mask is None:
        return sample_weight
    mask = ops.convert_to_tensor(mask)
    if reduction in MEAN_OVER_ENTRIES:
        total = ops.cast(ops.size(mask), dtype)
        valid = ops.sum(ops.cast(mask, dtype))
        mask_weight = ops.where(ops.cast(mask, "bool"), ops.divide_no_nan(total, valid), ops.cast(0.0, dtype))
    else:
        mask_weight = ops.cast(mask, dtype)
    if sample_weight is None:
        return mask_weight
    sample_weight = ops.cast(sample_weight, dtype)
    mask_weight, sample_weight = align_sample_weight(mask_weight, sample_weight)
    return ops.multiply(sample_weight, mask_weight)


def reduce_values(values: Array, sample_weight: Array | None = None, reduction: str | None = "sum_over_batch_size",
                  dtype: str | None = None) -> Array:
    """Reduce (already weighted) per-sample ``values`` with ``reduction``.

    Scalars and empty vectors are returned as they are. ``"mean_with_sample_weight"``
    divides by the sum of ``sample_weight`` (by the number of entries without
    weights); the divisions give 0 instead of NaN when the divisor is 0.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(reduce_values(mk.ops.array([1.0, 2.0, 6.0]), reduction="sum_over_batch_size"))
        3.0
    """
    if reduction is None or reduction == "none":
        return values
    shape = static_shape(values)
    if shape == () or shape == (0,):
        return values
    by_weights = reduction == "mean_with_sample_weight" and sample_weight is not None
    if reduction != "sum" and not by_weights and None not in shape and 0 not in shape:
        # The entry count is known and not 0: the sum divided by it is the mean, one operation (and one
        # gradient node) instead of a sum and a division.
        return ops.mean(values)
    dtype = dtype or ops.dtype(values)
    total = ops.sum(values)
    if reduction == "sum":
        return total
    divisor = ops.cast(ops.sum(sample_weight) if by_weights else ops.size(values), dtype)
    return ops.divide_no_nan(total, divisor)


def reduce_weighted_values(values: ArrayLike, sample_weight: ArrayLike | None = None, mask: ArrayLike | None = None,
                           reduction: str | None = "sum_over_batch_size", dtype: str | None = None,
                           where: str = "Loss") -> Array:
    """Weight per-sample ``values`` by ``sample_weight`` and ``mask``, then reduce them.

    Args:
        values: per-sample (or per-entry) losses.
        sample_weight: weights, per sample ``(batch,)``, per entry, or anything
            that broadcasts (see :func:`align_sample_weight`).
        mask: booleans, ``True`` for entries that count.
        reduction: one of :data:`REDUCTIONS`.
        dtype: the dtype of the computation (``values``' dtype by default).
        where: the loss named in errors.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(reduce_weighted_values([1.0, 3.0], sample_weight=[1.0, 0.0], reduction="mean_with_sample_weight"))
        1.0
    """
    reduction = standardize_reduction(reduction, where)
    values = ops.convert_to_tensor(values, dtype=dtype)
    dtype = dtype or ops.dtype(values)
    if sample_weight is not None:
        sample_weight = ops.convert_to_tensor(sample_weight, dtype=dtype)
    sample_weight = apply_mask(sample_weight, mask, dtype, reduction)
    if sample_weight is not None:
        values, sample_weight = align_sample_weight(values, sample_weight, where)
        values = ops.multiply(values, sample_weight)
    return reduce_values(values, sample_weight, reduction, dtype)


# Masks produced by a loss function (entries that do not count, such as an
# ignored class) travel to Loss.__call__ through this slot: numpy arrays take
# no attributes, so Keras's habit of setting `_keras_mask` on the result is
# only a best effort here.
_output_masks: contextvars.ContextVar[list[tuple[Any, Any]] | None] = contextvars.ContextVar(
    "multikeras_loss_output_masks", default=None)


def set_output_mask(values: Array, mask: Array) -> None:
    """Record that only the entries of ``values`` where ``mask`` is true count.

    A loss function calls this on its result; :class:`~multikeras.losses.Loss`
    then averages over the valid entries only. Where the array type allows it,
    the mask is also set as ``values._keras_mask``, as Keras does.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"), collect_output_masks() as masks:
        ...     values = mk.ops.array([1.0, 0.0])
        ...     set_output_mask(values, mk.ops.array([True, False]))
        ...     output_mask(values, masks).tolist()
        [True, False]
    """
    try:
        values._keras_mask = mask
    except (AttributeError, TypeError):
        pass
    sink = _output_masks.get()
    if sink is not None:
        sink.append((values, mask))


class _MaskCollector:
    """The context manager of :func:`collect_output_masks` (a class: entered for every loss of every step)."""

    __slots__ = ("_sink", "_token")

    def __enter__(self) -> list[tuple[Any, Any]]:
        self._sink: list[tuple[Any, Any]] = []
        self._token = _output_masks.set(self._sink)
        return self._sink

    def __exit__(self, *exc: Any) -> None:
        _output_masks.reset(self._token)


def collect_output_masks() -> AbstractContextManager[list[tuple[Any, Any]]]:
    """Collect the masks :func:`set_output_mask` records inside the block.

    Example:
        >>> with collect_output_masks() as masks:
        ...     pass
        >>> masks
        []
    """
    return _MaskCollector()


def output_mask(values: Any, sink: list[tuple[Any, Any]]) -> Any:
    """The mask recorded for exactly this ``values`` object (else its ``_keras_mask``, else ``None``).

    Example:
        >>> output_mask(object(), []) is None
        True
    """
    for recorded, mask in reversed(sink):
        if recorded is values:
            return mask
    return getattr(values, "_keras_mask", None)
