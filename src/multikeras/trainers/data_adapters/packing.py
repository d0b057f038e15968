"""`unpack_x_y_sample_weight` / `pack_x_y_sample_weight`: the ``(x, y, sample_weight)`` batch convention."""

from __future__ import annotations

from typing import Any

from multikeras.trainers.data_adapters.structures import describe


def unpack_x_y_sample_weight(data: Any) -> tuple[Any, Any, Any]:
    """Split a batch into ``(x, y, sample_weight)``, filling what is missing with ``None``.

    A tuple or list of 1, 2 or 3 elements is read as ``(x,)``, ``(x, y)`` or
    ``(x, y, sample_weight)``; anything else (an array, a dict) is ``x``
    alone. Use it in a custom ``train_step`` to read the batch.

    Args:
        data: a batch as produced by the data pipeline.

    Returns:
        The tuple ``(x, y, sample_weight)``.

    Raises:
        ValueError: for a tuple or list of 0 or more than 3 elements.

    Example:
        >>> import numpy as np
        >>> x, y, sample_weight = unpack_x_y_sample_weight((np.ones(2), np.zeros(2)))
        >>> y.tolist(), sample_weight
        ([0.0, 0.0], None)
    """
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if 1 <= len(data) <= 3:
        return tuple(data) + (None,) * (3 - len(data))  # type: ignore[return-value]
    raise ValueError(
        "unpack_x_y_sample_weight: expected `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)`; "
        f"received a {type(data).__name__} of {len(data)} elements: {describe(data)}."
    )


def pack_x_y_sample_weight(x: Any, y: Any = None, sample_weight: Any = None) -> Any:
    """Build a batch from ``x``, ``y`` and ``sample_weight``: the inverse of :func:`unpack_x_y_sample_weight`.

    With ``y=None`` the result is ``x`` itself, wrapped as ``(x,)`` when ``x``
    is a tuple or list so that it is not mistaken for ``(x, y)`` (the sample
    weight is then dropped: there are no targets to weight). Otherwise it is
    ``(x, y)`` or ``(x, y, sample_weight)``.

    Args:
        x: the inputs.
        y: the targets, or ``None``.
        sample_weight: per-sample weights, or ``None``.

    Returns:
        A batch.

    Example:
        >>> pack_x_y_sample_weight(1, 2), pack_x_y_sample_weight(1, 2, 3), pack_x_y_sample_weight([1, 2])
        ((1, 2), (1, 2, 3), ([1, 2],))
    """
    if y is None:
        return (x,) if isinstance(x, (tuple, list)) else x
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)
