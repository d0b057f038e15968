"""Activations that pass large inputs through: the ReLU family and its smooth relatives."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.ops.types import Array, ArrayLike
from multikeras.saving.object_registration import register_builtin

MODULE = "keras.activations"
"""The Keras 3 namespace activations are registered under."""


@register_builtin(MODULE)
def relu(x: ArrayLike, negative_slope: float = 0.0, max_value: float | None = None, threshold: float = 0.0) -> Array:
    """Rectified linear unit, with Keras's optional leak, cap and threshold.

    With the defaults this is ``max(x, 0)``. Otherwise values above
    ``threshold`` pass through, the others become
    ``negative_slope * (x - threshold)`` (so ``x == threshold`` gives 0, as in
    Keras 3), and the result is capped at ``max_value``.

    Args:
        x: input tensor.
        negative_slope: slope below the threshold.
        max_value: upper bound of the output; ``None`` for none.
        threshold: where the linear part starts.

    Returns:
        A tensor of the shape of ``x``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.activations.relu([-2.0, 0.5, 3.0])))
        ...     print(mk.ops.convert_to_numpy(mk.activations.relu([-2.0, 0.5, 3.0], negative_slope=0.5, max_value=2.0)))
        [0.  0.5 3. ]
        [-1.   0.5  2. ]
    """
    if negative_slope == 0 and threshold == 0:
        result = ops.relu(x)
    else:
        x = ops.convert_to_tensor(x)
        leak = ops.multiply(ops.subtract(x, threshold), negative_slope)
        result = ops.where(ops.greater(x, threshold), x, leak)
    if max_value is not None:
        result = ops.minimum(result, max_value)
    return result


@register_builtin(MODULE)
def relu6(x: ArrayLike) -> Array:
    """ReLU capped at 6: ``min(max(x, 0), 6)``.

    Args:
        x: input tensor.

    Returns:
        A tensor of the shape of ``x``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.activations.relu6([-1.0, 3.0, 8.0])))
        [0. 3. 6.]
    """
    return ops.relu6(x)


@register_builtin(MODULE)
def leaky_relu(x: ArrayLike, negative_slope: float = 0.2) -> Array:
    """Leaky ReLU: ``x`` for ``x >= 0``, ``negative_slope * x`` otherwise.

    Args:
        x: input tensor.
        negative_slope: slope of the negative part.

    Returns:
        A tensor of the shape of ``x``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.activations.leaky_relu([-2.0, 1.0])))
        [-0.4  1. ]
    """
    return ops.leaky_relu(x, negative_slope=negative_slope)


@register_builtin(MODULE)
def elu(x: ArrayLike, alpha: float = 1.0) -> Array:
    """Exponential linear unit: ``x`` for ``x > 0``, ``alpha * (exp(x) - 1)`` otherwise.

    Args:
        x: input tensor.
        alpha: scale of the negative part.

    Returns:
        A tensor of the shape of ``x``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.activations.elu([-1.0, 2.0])).round(4))
        [-0.6321  2.    ]
    """
    return ops.elu(x, alpha=alpha)


@register_builtin(MODULE)
def selu(x: ArrayLike) -> Array:
    """Scaled ELU: ``scale * elu(x, alpha)`` with ``alpha ~ 1.6733`` and ``scale ~ 1.0507``.

    Args:
        x: input tensor.

    Returns:
        A tensor of the shape of ``x``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.activations.selu([-1.0, 1.0])).round(4))
        [-1.1113  1.0507]
    """
    return ops.selu(x)


@register_builtin(MODULE)
def celu(x: ArrayLike, alpha: float = 1.0) -> Array:
    """Continuously differentiable ELU: ``max(x, 0) + min(0, alpha * (exp(x / alpha) - 1))``.

    Args:
        x: input tensor.
        alpha: scale of the negative part.

    Returns:
        A tensor of the shape of ``x``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.activations.celu([-1.0, 2.0], alpha=0.5)).round(4))
        [-0.4323  2.    ]
    """
    return ops.celu(x, alpha=alpha)


@register_builtin(MODULE)
def gelu(x: ArrayLike, approximate: bool = False) -> Array:
    """Gaussian error linear unit: ``x * Phi(x)``, ``Phi`` the standard normal CDF.

    Args:
        x: input tensor.
        approximate: use the tanh approximation instead of the exact erf form
            (Keras's activation defaults to the exact form).

    Returns:
        A tensor of the shape of ``x``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.activations.gelu([-1.0, 1.0])).round(4))
        [-0.1587  0.8413]
    """
    return ops.gelu(x, approximate=approximate)


@register_builtin(MODULE)
def silu(x: ArrayLike) -> Array:
    """Sigmoid linear unit (swish): ``x * sigmoid(x)``.

    Args:
        x: input tensor.

    Returns:
        A tensor of the shape of ``x``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.activations.silu([-1.0, 1.0])).round(4))
        [-0.2689  0.7311]
    """
    return ops.silu(x)


swish = silu
"""Another name of :func:`silu` (the same function, as in Keras 3)."""
register_builtin(MODULE, "swish")(swish)


@register_builtin(MODULE)
def hard_silu(x: ArrayLike) -> Array:
    """Hard SiLU (hard swish): ``x * relu6(x + 3) / 6``.

    Args:
        x: input tensor.

    Returns:
        A tensor of the shape of ``x``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.activations.hard_silu([-4.0, 0.0, 1.0, 4.0])).round(4))
        [-0.      0.      0.6667  4.    ]
    """
    return ops.hard_silu(x)


hard_swish = hard_silu
"""Another name of :func:`hard_silu` (the same function, as in Keras 3)."""
register_builtin(MODULE, "hard_swish")(hard_swish)


@register_builtin(MODULE)
def mish(x: ArrayLike) -> Array:
    """Mish: ``x * tanh(softplus(x))``.

    Args:
        x: input tensor.

    Returns:
        A tensor of the shape of ``x``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.activations.mish([-1.0, 1.0])).round(4))
        [-0.3034  0.8651]
    """
    return ops.multiply(x, ops.tanh(ops.softplus(x)))


@register_builtin(MODULE)
def softplus(x: ArrayLike) -> Array:
    """Softplus: ``log(1 + exp(x))``.

    Args:
        x: input tensor.

    Returns:
        A tensor of the shape of ``x``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.activations.softplus([0.0, 1.0])).round(4))
        [0.6931 1.3133]
    """
    return ops.softplus(x)


@register_builtin(MODULE)
def sparse_plus(x: ArrayLike) -> Array:
    """SparsePlus: 0 below -1, ``(x + 1)^2 / 4`` on ``[-1, 1]``, ``x`` above 1.

    Args:
        x: input tensor.

    Returns:
        A tensor of the shape of ``x``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.activations.sparse_plus([-2.0, 0.0, 2.0])))
        [0.   0.25 2.  ]
    """
    return ops.sparse_plus(x)


@register_builtin(MODULE)
def squareplus(x: ArrayLike, b: float = 4) -> Array:
    """Squareplus: ``(x + sqrt(x^2 + b)) / 2``.

    Args:
        x: input tensor.
        b: smoothness near 0 (non-negative).

    Returns:
        A tensor of the shape of ``x``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.activations.squareplus([0.0, 1.5], b=4)))
        [1. 2.]
    """
    return ops.squareplus(x, b=b)


@register_builtin(MODULE)
def exponential(x: ArrayLike) -> Array:
    """Exponential: ``exp(x)``.

    Args:
        x: input tensor.

    Returns:
        A tensor of the shape of ``x``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.activations.exponential([0.0, 1.0])).round(4))
        [1.     2.7183]
    """
    return ops.exp(x)


@register_builtin(MODULE)
def linear(x: Any) -> Any:
    """Identity: returns ``x`` unchanged (the activation of ``activation=None``).

    Args:
        x: input tensor.

    Returns:
        ``x`` itself.

    Example:
        >>> import multikeras as mk
        >>> mk.activations.linear([1.0, -2.0])
        [1.0, -2.0]
    """
    return x


@register_builtin(MODULE)
def threshold(x: ArrayLike, threshold: float, default_value: float) -> Array:
    """Keep ``x`` where it is greater than ``threshold``, else ``default_value``.

    Args:
        x: input tensor.
        threshold: values at or below it are replaced.
        default_value: the replacement.

    Returns:
        A tensor of the shape of ``x``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.activations.threshold([0.1, 0.5, 2.0], 0.4, -1.0)))
        [-1.   0.5  2. ]
    """
    return ops.threshold(x, threshold, default_value)
