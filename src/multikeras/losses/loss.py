"""The :class:`Loss` base class: convert inputs, compute per-sample losses, weight and reduce them."""

from __future__ import annotations

import threading
from typing import Any

import optree

from multikeras import dtype_policies, ops
from multikeras.backend import config, dtypes
from multikeras.losses.inputs import is_structure
from multikeras.losses.reduction import (
    MEAN_OVER_ENTRIES,
    collect_output_masks,
    output_mask,
    reduce_weighted_values,
    standardize_reduction,
)
from multikeras.ops.types import Array, ArrayLike
from multikeras.saving.object_registration import register_builtin

MODULE = "keras.losses"
"""The Keras 3 namespace losses are registered and serialized under."""

_name_lock = threading.Lock()
_name_counts: dict[str, int] = {}


def unique_loss_name(base: str) -> str:
    """``base``, then ``base_1``, ``base_2`` ... (per process), as Keras names unnamed losses.

    Example:
        >>> unique_loss_name("docs_example_loss"), unique_loss_name("docs_example_loss")
        ('docs_example_loss', 'docs_example_loss_1')
    """
    with _name_lock:
        count = _name_counts.get(base, 0)
        _name_counts[base] = count + 1
    return base if count == 0 else f"{base}_{count}"


def to_snake_case(name: str) -> str:
    """``"MeanSquaredError"`` -> ``"mean_squared_error"``.

    Example:
        >>> to_snake_case("KLDivergence")
        'kl_divergence'
    """
    out = []
    for i, char in enumerate(name):
        if char.isupper() and i > 0:
            before, after = name[i - 1], name[i + 1] if i + 1 < len(name) else ""
            if before.islower() or before.isdigit() or (before.isupper() and after.islower()):
                out.append("_")
        out.append(char.lower())
    return "".join(out)


@register_builtin(MODULE)
class Loss:
    """Base class of losses: ``loss(y_true, y_pred, sample_weight=None)`` returns the reduced loss.

    Subclasses implement :meth:`call`, which returns one loss per sample
    (or per sample and timestep); ``__call__`` converts both inputs to the
    loss's dtype, calls it, applies ``sample_weight`` and any mask, and
    reduces.

    Args:
        name: the loss's name; the class name in snake case (made unique) when ``None``.
        reduction: ``"sum_over_batch_size"`` (the sum divided by the number
            of entries), ``"sum"``, ``"mean"`` (same as
            ``"sum_over_batch_size"``), ``"mean_with_sample_weight"`` (the sum
            divided by the sum of the sample weights), ``"none"`` or ``None``
            (no reduction).
        dtype: the dtype of the computation: a dtype name or a dtype policy
            (its compute dtype is used); ``floatx()`` when ``None``. Inputs in
            other dtypes (float16 predictions of a mixed-precision model,
            integer labels) are cast to it.

    Example:
        >>> import multikeras as mk
        >>> class SumOfSquares(Loss):
        ...     def call(self, y_true, y_pred):
        ...         return mk.ops.sum(mk.ops.square(y_pred - y_true), axis=-1)
        >>> with mk.backend.use("numpy"):
        ...     print(SumOfSquares()([[0.0, 0.0], [1.0, 1.0]], [[1.0, 2.0], [1.0, 1.0]]))
        2.5
    """

    def __init__(self, name: str | None = None, reduction: str | None = "sum_over_batch_size", dtype: Any = None):
        self.name = name or unique_loss_name(to_snake_case(type(self).__name__))
        self.reduction = standardize_reduction(reduction, type(self).__name__)
        self._dtype_policy = dtype_policies.get(dtype if dtype is not None else config.floatx())
        self._dtype = self._dtype_policy.compute_dtype
        # Labels are cast to the loss dtype, as in Keras, except for losses whose labels are class
        # indices (sparse cross-entropy, CTC): those stay integers, since float16 cannot tell class
        # 2049 from 2048.
        self._integer_labels = False

    @property
    def dtype(self) -> str:
        """The dtype losses are computed in."""
        return self._dtype

    def __call__(self, y_true: Any, y_pred: Any, sample_weight: ArrayLike | None = None) -> Array:
        """Return the loss of ``y_pred`` against ``y_true``, weighted and reduced.

        Args:
            y_true: targets (a tensor, or a structure matching ``y_pred``).
            y_pred: predictions.
            sample_weight: optional weights: one per sample ``(batch,)``, one
                per entry of the per-sample losses, or a scalar.

        Returns:
            A scalar, or the weighted per-sample losses when ``reduction`` is ``"none"``/``None``.
        """
        in_mask = getattr(y_pred, "_keras_mask", None)
        y_pred = self._convert(y_pred)
        y_true = self._convert(y_true, keep_integers=self._integer_labels)
        if sample_weight is None and in_mask is None and self.reduction in MEAN_OVER_ENTRIES:
            mean = self._unweighted_mean(y_true, y_pred)
            if mean is not None:
                return mean
        with collect_output_masks() as recorded:
            losses = self.call(y_true, y_pred)
        out_mask = output_mask(losses, recorded)
        if in_mask is not None and out_mask is not None:
            mask = ops.logical_and(ops.cast(in_mask, "bool"), ops.cast(out_mask, "bool"))
        else:
            mask = in_mask if in_mask is not None else out_mask
        return reduce_weighted_values(losses, sample_weight=sample_weight, mask=mask, reduction=self.reduction,
                                      dtype=self.dtype, where=f"{type(self).__name__} '{self.name}'")

    def _convert(self, x: Any, keep_integers: bool = False) -> Any:
        if is_structure(x):
            return optree.tree_map(lambda leaf: self._convert(leaf, keep_integers), x)
        if keep_integers:
            x = ops.convert_to_tensor(x)
            if dtypes.is_int(ops.dtype(x)):
                return x
        return ops.convert_to_tensor(x, dtype=self._dtype)

    def call(self, y_true: Any, y_pred: Any) -> Array:
        """Return the loss of each sample (subclasses implement it)."""
        raise NotImplementedError(f"{type(self).__name__} must implement call(y_true, y_pred).")

    def _unweighted_mean(self, y_true: Any, y_pred: Any) -> Array | None:
        """The mean of :meth:`call`'s values over every entry by a faster route, or ``None`` (no such route).

        ``__call__`` asks for it when nothing weights or masks the values and
        the reduction averages over every entry (the common training case).
        A subclass that can compute that mean in fewer framework calls (one
        fused kernel instead of the per-entry values and a mean) returns it;
        it returns ``None`` whenever the values would carry an output mask or
        the route does not apply, and the general path runs.
        """
        return None

    def get_config(self) -> dict[str, Any]:
        """The constructor arguments as a JSON-compatible dict (``name`` and ``reduction`` here).

        Example:
            >>> import multikeras as mk
            >>> mk.losses.MeanSquaredError(reduction="sum").get_config()
            {'name': 'mean_squared_error', 'reduction': 'sum'}
        """
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Loss:
        """Create a loss from the output of :meth:`get_config`.

        Example:
            >>> import multikeras as mk
            >>> mk.losses.Huber.from_config({"name": "h", "reduction": "sum", "delta": 2.0}).get_config()
            {'name': 'h', 'reduction': 'sum', 'delta': 2.0}
        """
        return cls(**config)
