"""Bounded activations and shrinkage functions: sigmoids, tanh variants, softsign, shrink."""

from __future__ import annotations

from multikeras import ops
from multikeras.activations.rectifiers import MODULE
from multikeras.ops.types import Array, ArrayLike
from multikeras.saving.object_registration import register_builtin


@register_builtin(MODULE)
def sigmoid(x: ArrayLike) -> Array:
    """Logistic sigmoid: ``1 / (1 + exp(-x))``.

    Args:
        x: input tensor.

    Returns:
        Values in ``(0, 1)``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.activations.sigmoid([-1.0, 0.0, 1.0])).round(4))
        [0.2689 0.5    0.7311]
    """
    return ops.sigmoid(x)


@register_builtin(MODULE)
def hard_sigmoid(x: ArrayLike) -> Array:
    """Piecewise-linear sigmoid: ``relu6(x + 3) / 6``.

    Args:
        x: input tensor.

    Returns:
        Values in ``[0, 1]``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.activations.hard_sigmoid([-4.0, 0.0, 1.5, 4.0])))
        [0.   0.5  0.75 1.  ]
    """
    return ops.hard_sigmoid(x)


@register_builtin(MODULE)
def sparse_sigmoid(x: ArrayLike) -> Array:
    """Piecewise-linear sigmoid: 0 below -1, ``(x + 1) / 2`` on ``[-1, 1]``, 1 above.

    Args:
        x: input tensor.

    Returns:
        Values in ``[0, 1]``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.activations.sparse_sigmoid([-2.0, 0.5, 2.0])))
        [0.   0.75 1.  ]
    """
    return ops.sparse_sigmoid(x)


@register_builtin(MODULE)
def log_sigmoid(x: ArrayLike) -> Array:
    """Logarithm of the sigmoid: ``-softplus(-x)``, computed stably.

    Args:
        x: input tensor.

    Returns:
        Non-positive values.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.activations.log_sigmoid([0.0, 1.0])).round(4))
        [-0.6931 -0.3133]
    """
    return ops.log_sigmoid(x)


@register_builtin(MODULE)
def tanh(x: ArrayLike) -> Array:
    """Hyperbolic tangent.

    Args:
        x: input tensor.

    Returns:
        Values in ``(-1, 1)``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.activations.tanh([-1.0, 0.0, 1.0])).round(4))
        [-0.7616  0.      0.7616]
    """
    return ops.tanh(x)


@register_builtin(MODULE)
def hard_tanh(x: ArrayLike) -> Array:
    """Hard tanh: ``x`` clipped to ``[-1, 1]``.

    Args:
        x: input tensor.

    Returns:
        Values in ``[-1, 1]``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.activations.hard_tanh([-3.0, 0.5, 3.0])))
        [-1.   0.5  1. ]
    """
    return ops.hard_tanh(x)


@register_builtin(MODULE)
def tanh_shrink(x: ArrayLike) -> Array:
    """Tanh shrink: ``x - tanh(x)``.

    Args:
        x: input tensor.

    Returns:
        A tensor of the shape of ``x``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.activations.tanh_shrink([-1.0, 1.0])).round(4))
        [-0.2384  0.2384]
    """
    return ops.tanh_shrink(x)


@register_builtin(MODULE)
def softsign(x: ArrayLike) -> Array:
    """Softsign: ``x / (1 + |x|)``.

    Args:
        x: input tensor.

    Returns:
        Values in ``(-1, 1)``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.activations.softsign([-1.0, 3.0])))
        [-0.5   0.75]
    """
    return ops.softsign(x)


@register_builtin(MODULE)
def hard_shrink(x: ArrayLike, threshold: float = 0.5) -> Array:
    """Hard shrinkage: ``x`` where ``|x| > threshold``, 0 elsewhere.

    Args:
        x: input tensor.
        threshold: values of magnitude at most this become 0.

    Returns:
        A tensor of the shape of ``x``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.activations.hard_shrink([-2.0, 0.3, 1.0])))
        [-2.  0.  1.]
    """
    return ops.hard_shrink(x, threshold=threshold)


@register_builtin(MODULE)
def soft_shrink(x: ArrayLike, threshold: float = 0.5) -> Array:
    """Soft shrinkage: ``x`` moved toward 0 by ``threshold``, and 0 where ``|x| <= threshold``.

    Args:
        x: input tensor.
        threshold: the amount of shrinkage.

    Returns:
        A tensor of the shape of ``x``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.activations.soft_shrink([-2.0, 0.3, 1.0])))
        [-1.5  0.   0.5]
    """
    return ops.soft_shrink(x, threshold=threshold)
