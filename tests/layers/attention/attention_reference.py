"""NumPy references of the attention layers and of ``ops.dot_product_attention``, written for the tests.

Masks are boolean, True where a query may attend to a key. Two conventions exist for a query
whose keys are all masked: the fused kernel (``ops.dot_product_attention``) averages the values
uniformly (``fully_masked="uniform"``), the explicit score computation gives zero weights
(``fully_masked="zero"``).
"""

from __future__ import annotations

import numpy as np


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    shifted = x - x.max(axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


def attention_weights(logits: np.ndarray, mask: np.ndarray | None, fully_masked: str) -> np.ndarray:
    """Softmax over the last axis of ``logits`` where ``mask`` allows it; masked entries get weight 0."""
    if mask is None:
        return softmax(logits)
    mask = np.broadcast_to(mask, logits.shape)
    empty = ~mask.any(-1, keepdims=True)
    row_max = np.where(empty, 0.0, np.where(mask, logits, -np.inf).max(-1, keepdims=True))
    e = np.where(mask, np.exp(np.where(mask, logits, 0.0) - row_max), 0.0)
    weights = e / np.where(empty, 1.0, e.sum(-1, keepdims=True))
    if fully_masked == "uniform":
        return np.where(empty, 1.0 / logits.shape[-1], weights)
    return weights


def dot_product_attention(q, k, v, bias=None, mask=None, scale=None, is_causal=False, soft_cap=None,
                          fully_masked="uniform"):
    """``(B, T, N, H)`` query, ``(B, S, K, H)`` key and value (``N`` a multiple of ``K``) -> ``(B, T, N, Hv)``."""
    q, k, v = (np.asarray(a, np.float64) for a in (q, k, v))
    repeats = q.shape[2] // k.shape[2]
    k, v = np.repeat(k, repeats, axis=2), np.repeat(v, repeats, axis=2)
    scale = 1.0 / np.sqrt(q.shape[-1]) if scale is None else scale
    logits = np.einsum("btnh,bsnh->bnts", q, k) * scale
    if soft_cap is not None:
        logits = soft_cap * np.tanh(logits / soft_cap)
    if bias is not None:
        logits = logits + bias
    allowed = None if mask is None else np.asarray(mask, bool)
    if is_causal:
        causal = np.tril(np.ones(logits.shape[-2:], bool))
        allowed = causal if allowed is None else allowed & causal
    weights = attention_weights(logits, allowed, fully_masked)
    return np.einsum("bnts,bsnh->btnh", weights, v)


def _split_weights(weights, use_bias, use_gate):
    weights = [np.asarray(w, np.float64) for w in weights]
    names = ["query", "key"] + (["gate"] if use_gate else []) + ["value", "attention_output"]
    out = {}
    for name in names:
        kernel = weights.pop(0)
        out[name] = (kernel, weights.pop(0) if use_bias else None)
    assert not weights
    return out


def _project(x, kernel, bias, contracted=1):
    y = np.tensordot(x, kernel, axes=(list(range(x.ndim - contracted, x.ndim)), list(range(contracted))))
    return y if bias is None else y + bias


def merged_mask(query_length, key_length, query_mask=None, value_mask=None, key_mask=None, attention_mask=None,
                causal=False, sliding_window=None):
    """The ``(B or 1, T, S)`` boolean mask the layers build, or ``None``."""
    mask = None

    def combine(m):
        nonlocal mask
        mask = m if mask is None else mask & m

    if query_mask is not None:
        combine(np.asarray(query_mask, bool)[:, :, None])
    if value_mask is not None:
        combine(np.asarray(value_mask, bool)[:, None, :])
    if key_mask is not None:
        combine(np.asarray(key_mask, bool)[:, None, :])
    rows, cols = np.arange(query_length)[:, None], np.arange(key_length)[None, :]
    if causal:
        combine((rows >= cols)[None])
    if sliding_window is not None:
        combine((np.abs(rows - cols) < sliding_window)[None])
    if attention_mask is not None:
        combine(np.asarray(attention_mask, bool))
    return mask


def _heads_mask(mask):
    """A ``(T, S)`` or ``(B, T, S)`` mask with a heads axis: ``(B or 1, 1, T, S)``."""
    if mask is None:
        return None
    mask = np.asarray(mask, bool)
    return mask.reshape((1,) * (3 - mask.ndim) + mask.shape)[:, None]


def multi_head_attention(query, value, key, weights, num_heads, key_dim, use_bias=True, use_gate=False,
                         attention_axes=None, mask=None, fully_masked="uniform"):
    """MultiHeadAttention on ``query`` ``(B, *dims, D)``; returns ``(output, scores)``.

    ``mask`` (for one attention axis) broadcasts to ``(B, T, S)``; ``scores`` has Keras's layout
    ``(B, <other axes>, heads, <query attention axes>, <key attention axes>)``.
    """
    key = value if key is None else key
    w = _split_weights(weights, use_bias, use_gate)
    q = _project(np.asarray(query, np.float64), *w["query"])
    k = _project(np.asarray(key, np.float64), *w["key"])
    v = _project(np.asarray(value, np.float64), *w["value"])
    rank = q.ndim  # (B, d1..dk, N, H)
    axes = list(range(1, rank - 2)) if attention_axes is None else [a % (rank - 1) for a in attention_axes]
    other = [i for i in range(rank - 2) if i not in axes]
    order = other + axes + [rank - 2, rank - 1]

    def flatten(t):
        t = t.transpose(order)
        lead = int(np.prod([t.shape[i] for i in range(len(other))]))
        span = int(np.prod([t.shape[len(other) + i] for i in range(len(axes))]))
        return t.reshape(lead, span, t.shape[-2], t.shape[-1])

    qf, kf, vf = flatten(q), flatten(k), flatten(v)
    logits = np.einsum("btnh,bsnh->bnts", qf, kf) / np.sqrt(key_dim)
    weights_ = attention_weights(logits, _heads_mask(mask), fully_masked)
    heads = np.einsum("bnts,bsnh->btnh", weights_, vf)
    q_t = q.transpose(order)
    heads = heads.reshape(q_t.shape[:-1] + (v.shape[-1],)).transpose(np.argsort(order))
    if use_gate:
        kernel, bias = w["gate"]
        heads = heads / (1.0 + np.exp(-_project(np.asarray(query, np.float64), kernel, bias)))
    output = _project(heads, *w["attention_output"], contracted=2)
    other_sizes = [q.shape[i] for i in other]
    scores = weights_.reshape(other_sizes + [num_heads] + [q.shape[a] for a in axes] + [k.shape[a] for a in axes])
    return output, scores


def grouped_query_attention(query, value, key, weights, num_query_heads, num_key_value_heads, head_dim,
                            use_bias=True, mask=None, fully_masked="uniform"):
    """GroupedQueryAttention on ``(B, T, D)``; returns ``(output, scores (B, heads, T, S))``."""
    key = value if key is None else key
    w = _split_weights(weights, use_bias, False)
    q = _project(np.asarray(query, np.float64), *w["query"])
    k = _project(np.asarray(key, np.float64), *w["key"])
    v = _project(np.asarray(value, np.float64), *w["value"])
    repeats = num_query_heads // num_key_value_heads
    k, v = np.repeat(k, repeats, axis=2), np.repeat(v, repeats, axis=2)
    logits = np.einsum("btnh,bsnh->bnts", q, k) / np.sqrt(head_dim)
    scores = attention_weights(logits, _heads_mask(mask), fully_masked)
    heads = np.einsum("bnts,bsnh->btnh", scores, v)
    return _project(heads, *w["attention_output"], contracted=2), scores
