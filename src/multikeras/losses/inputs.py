"""Converting and checking the ``(y_true, y_pred)`` pair that every loss function receives."""

from __future__ import annotations

import numbers
from typing import Any

import optree

from multikeras import ops
from multikeras.backend import config, dtypes
from multikeras.losses.reduction import broadcastable, static_shape
from multikeras.ops.types import Array, ArrayLike


def is_structure(x: Any) -> bool:
    """Whether ``x`` is a structure of tensors (a dict, or a list/tuple holding arrays) rather than nested numbers.

    Example:
        >>> import numpy as np
        >>> is_structure([[0.0, 1.0]]), is_structure([np.zeros(2), np.ones(2)]), is_structure({"a": 1.0})
        (False, True, True)
    """
    if isinstance(x, dict):
        return True
    if isinstance(x, (list, tuple)):
        return any(not isinstance(leaf, (bool, int, float, complex)) for leaf in optree.tree_leaves(x))
    return False


def as_float_prediction(y_pred: ArrayLike) -> Array:
    """``y_pred`` as a tensor of a float dtype (integer predictions become ``floatx()``).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     str(as_float_prediction([1, 2]).dtype)
        'float32'
    """
    y_pred = ops.convert_to_tensor(y_pred)
    if not dtypes.is_float(ops.dtype(y_pred)):
        y_pred = ops.cast(y_pred, config.floatx())
    return y_pred


def as_prediction_and_target(y_true: ArrayLike, y_pred: ArrayLike) -> tuple[Array, Array]:
    """``(y_true, y_pred)`` as tensors of ``y_pred``'s float dtype (``floatx()`` for integer predictions).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     t, p = as_prediction_and_target([1, 0], mk.ops.array([0.5, 0.5], dtype="float16"))
        ...     str(t.dtype), str(p.dtype)
        ('float16', 'float16')
    """
    y_pred = as_float_prediction(y_pred)
    return ops.convert_to_tensor(y_true, dtype=ops.dtype(y_pred)), y_pred


def check_same_shape(y_true: Array, y_pred: Array, where: str, hint: str = "") -> None:
    """Raise a ``ValueError`` naming ``where`` unless the static shapes agree (unknown dimensions agree with any).

    Example:
        >>> import numpy as np
        >>> check_same_shape(np.zeros((8,)), np.zeros((8, 10)), "categorical_crossentropy")
        Traceback (most recent call last):
        ...
        ValueError: categorical_crossentropy: expected `y_true` and `y_pred` of the same shape, received y_true.shape=(8,) and y_pred.shape=(8, 10).
    """
    true_shape, pred_shape = static_shape(y_true), static_shape(y_pred)
    same = len(true_shape) == len(pred_shape) and all(
        a is None or b is None or a == b for a, b in zip(true_shape, pred_shape))
    if not same:
        raise ValueError(
            f"{where}: expected `y_true` and `y_pred` of the same shape, received y_true.shape={true_shape} and "
            f"y_pred.shape={pred_shape}.{hint}"
        )


def check_broadcastable(y_true: Array, y_pred: Array, where: str) -> None:
    """Raise a ``ValueError`` naming ``where`` unless the static shapes broadcast together.

    Example:
        >>> import numpy as np
        >>> check_broadcastable(np.zeros((4, 1)), np.zeros((4, 3)), "mean_squared_error")
    """
    true_shape, pred_shape = static_shape(y_true), static_shape(y_pred)
    if not broadcastable(true_shape, pred_shape):
        raise ValueError(
            f"{where}: `y_true` and `y_pred` have incompatible shapes, received y_true.shape={true_shape} and "
            f"y_pred.shape={pred_shape}; expected equal shapes (or shapes that broadcast)."
        )


def check_axis(axis: Any, where: str) -> None:
    """Raise a ``ValueError`` for a ``bool`` or non-integer class ``axis`` (Keras 3 rejects ``axis=True``).

    Example:
        >>> check_axis(True, "categorical_crossentropy")
        Traceback (most recent call last):
        ...
        ValueError: categorical_crossentropy: `axis` must be an int, received axis=True of type bool.
    """
    if type(axis) is int:  # the usual case, without the slower abstract-class check below
        return
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise ValueError(f"{where}: `axis` must be an int, received axis={axis!r} of type {type(axis).__name__}.")
