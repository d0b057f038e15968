"""Activations that act along an axis: softmax, log_softmax, sparsemax, glu."""

from __future__ import annotations

import numbers
import warnings

import numpy as np

from multikeras import ops
from multikeras.activations.rectifiers import MODULE
from multikeras.ops.types import Array, ArrayLike, Axis
from multikeras.saving.object_registration import register_builtin


def _warn_if_single_entry(x: ArrayLike, axis: Axis, name: str) -> None:
    if not isinstance(axis, numbers.Integral):
        return
    shape = getattr(x, "shape", None)
    shape = tuple(np.shape(x) if shape is None else shape)
    if shape and -len(shape) <= axis < len(shape) and shape[axis] == 1:
        warnings.warn(
            f"{name} over axis {axis} of a tensor of shape {shape}: that axis has size 1, so the result is "
            "constant. Did you mean sigmoid?",
            stacklevel=3,
        )


@register_builtin(MODULE)
def softmax(x: ArrayLike, axis: Axis = -1) -> Array:
    """Softmax: ``exp(x) / sum(exp(x))`` along ``axis``, computed stably.

    Warns, as Keras does, when ``axis`` has size 1 (the result is then all ones).

    Args:
        x: input tensor.
        axis: the axis (or axes) to normalize over.

    Returns:
        Values in ``[0, 1]`` summing to 1 along ``axis``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.activations.softmax([[0.0, 1.0], [2.0, 2.0]])).round(4))
        [[0.2689 0.7311]
         [0.5    0.5   ]]
    """
    _warn_if_single_entry(x, axis, "softmax")
    return ops.softmax(x, axis=axis)


@register_builtin(MODULE)
def log_softmax(x: ArrayLike, axis: Axis = -1) -> Array:
    """Logarithm of the softmax along ``axis``, computed stably.

    Args:
        x: input tensor.
        axis: the axis (or axes) to normalize over.

    Returns:
        Non-positive values whose exponentials sum to 1 along ``axis``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.activations.log_softmax([0.0, 0.0])).round(4))
        [-0.6931 -0.6931]
    """
    return ops.log_softmax(x, axis=axis)


@register_builtin(MODULE)
def sparsemax(x: ArrayLike, axis: Axis = -1) -> Array:
    """Sparsemax: the Euclidean projection of ``x`` onto the probability simplex along ``axis``.

    Args:
        x: input tensor.
        axis: the axis to normalize over.

    Returns:
        Values in ``[0, 1]`` summing to 1 along ``axis``, many of them exactly 0.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.activations.sparsemax([0.1, 1.2, -0.5, 1.0])).round(4))
        [0.  0.6 0.  0.4]
    """
    return ops.sparsemax(x, axis=axis)


@register_builtin(MODULE)
def glu(x: ArrayLike, axis: Axis = -1) -> Array:
    """Gated linear unit: ``a * sigmoid(b)``, where ``a`` and ``b`` are the two halves of ``x`` along ``axis``.

    Args:
        x: input tensor; ``axis`` must have an even size.
        axis: the axis to split.

    Returns:
        A tensor with half the size of ``x`` along ``axis``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.activations.glu([2.0, 0.0])))
        [1.]
    """
    return ops.glu(x, axis=axis)
