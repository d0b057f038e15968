"""Boolean attention masks: causal, sliding window, and the merge of padding masks into one ``(B, T, S)`` mask.

True means "may attend". Query masks are ``(B, T)``, value and key masks ``(B, S)``;
the merged mask broadcasts against attention scores of shape ``(B, heads, T, S)``
once a heads axis is inserted (:func:`expand_to_rank`).
"""

from __future__ import annotations

from typing import Any

from multikeras import ops


def causal_mask(query_length: Any, key_length: Any) -> Any:
    """``(1, T, S)`` booleans, True where query position ``t`` may see key position ``s <= t``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(causal_mask(3, 3)).astype(int)[0].tolist())
        [[1, 0, 0], [1, 1, 0], [1, 1, 1]]
    """
    rows = ops.reshape(ops.arange(query_length, dtype="int32"), (1, -1, 1))
    columns = ops.reshape(ops.arange(key_length, dtype="int32"), (1, 1, -1))
    return ops.greater_equal(rows, columns)


def sliding_window_mask(query_length: Any, key_length: Any, window: int) -> Any:
    """``(1, T, S)`` booleans, True where ``|t - s| < window`` (a symmetric band).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(sliding_window_mask(3, 3, 2)).astype(int)[0].tolist())
        [[1, 1, 0], [1, 1, 1], [0, 1, 1]]
    """
    rows = ops.reshape(ops.arange(query_length, dtype="int32"), (1, -1, 1))
    columns = ops.reshape(ops.arange(key_length, dtype="int32"), (1, 1, -1))
    return ops.less(ops.abs(ops.subtract(rows, columns)), window)


def merge_masks(
    query: Any,
    value: Any,
    query_mask: Any = None,
    value_mask: Any = None,
    key_mask: Any = None,
    attention_mask: Any = None,
    use_causal_mask: bool = False,
    sliding_window: int | None = None,
) -> Any:
    """One boolean mask (broadcastable to ``(B, T, S)``) from every mask source, or ``None`` when there is none.

    ``query_mask`` becomes ``(B, T, 1)``, ``value_mask`` and ``key_mask`` become ``(B, 1, S)``;
    the causal and sliding-window masks are ``(1, T, S)`` with ``T = query.shape[1]`` and
    ``S = value.shape[1]``; all are combined with a logical and.

    Example:
        >>> import numpy as np, multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     q = np.zeros((1, 2, 4)); v = np.zeros((1, 3, 4))
        ...     m = merge_masks(q, v, value_mask=np.array([[True, True, False]]), use_causal_mask=True)
        >>> mk.ops.convert_to_numpy(m).astype(int).tolist()
        [[[1, 0, 0], [1, 1, 0]]]
    """
    merged = None

    def combine(mask: Any) -> None:
        nonlocal merged
        merged = mask if merged is None else ops.logical_and(merged, mask)

    if query_mask is not None:
        combine(ops.expand_dims(ops.cast(query_mask, "bool"), -1))
    if value_mask is not None:
        combine(ops.expand_dims(ops.cast(value_mask, "bool"), -2))
    if key_mask is not None:
        combine(ops.expand_dims(ops.cast(key_mask, "bool"), -2))
    if use_causal_mask or sliding_window is not None:
        query_length, key_length = ops.shape(query)[1], ops.shape(value)[1]
        if use_causal_mask:
            combine(causal_mask(query_length, key_length))
        if sliding_window is not None:
            combine(sliding_window_mask(query_length, key_length, sliding_window))
    if attention_mask is not None:
        attention_mask = ops.cast(attention_mask, "bool")
        merged = attention_mask if merged is None else ops.logical_and(attention_mask, merged)
    return merged


def expand_to_rank(mask: Any, rank: int, axis: int) -> Any:
    """``mask`` with size-1 axes inserted at ``axis`` until it has ``rank`` axes (e.g. a heads axis at ``-3``)."""
    for _ in range(rank - len(ops.shape(mask))):
        mask = ops.expand_dims(mask, axis)
    return mask
