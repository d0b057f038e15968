"""NumPy references for the nn records: convolutions, pooling, losses, attention (channels_last)."""

from __future__ import annotations

import itertools
import math

import numpy as np


def _tuple(value, n: int) -> tuple[int, ...]:
    return (value,) * n if isinstance(value, int) else tuple(value)


def _same_padding(size: int, kernel: int, stride: int, dilation: int) -> tuple[int, int]:
    effective = (kernel - 1) * dilation + 1
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2


def _patches(x, kernel_shape, strides, padding, dilation, pad_value=0.0):
    """Yield (output index, patch of shape (N, *kernel, C)) for an N-d channels_last input."""
    nd = x.ndim - 2
    strides, dilation = _tuple(strides, nd), _tuple(dilation, nd)
    if padding == "same":
        pads = [_same_padding(x.shape[1 + i], kernel_shape[i], strides[i], dilation[i]) for i in range(nd)]
        x = np.pad(x, [(0, 0)] + pads + [(0, 0)], constant_values=pad_value)
    out_shape = tuple((x.shape[1 + i] - ((kernel_shape[i] - 1) * dilation[i] + 1)) // strides[i] + 1 for i in range(nd))
    for index in np.ndindex(out_shape):
        window = tuple(
            slice(index[i] * strides[i], index[i] * strides[i] + (kernel_shape[i] - 1) * dilation[i] + 1, dilation[i])
            for i in range(nd)
        )
        yield out_shape, index, x[(slice(None),) + window + (slice(None),)]


def conv(x, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    x, kernel = np.asarray(x, np.float64), np.asarray(kernel, np.float64)
    nd = x.ndim - 2
    out = None
    for out_shape, index, patch in _patches(x, kernel.shape[:nd], strides, padding, dilation_rate):
        if out is None:
            out = np.zeros((x.shape[0],) + out_shape + (kernel.shape[-1],))
        out[(slice(None),) + index] = np.tensordot(patch, kernel, axes=(list(range(1, nd + 2)), list(range(nd + 1))))
    return out


def depthwise_conv(x, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    x, kernel = np.asarray(x, np.float64), np.asarray(kernel, np.float64)
    nd = x.ndim - 2
    channels, multiplier = kernel.shape[-2], kernel.shape[-1]
    out = None
    for out_shape, index, patch in _patches(x, kernel.shape[:nd], strides, padding, dilation_rate):
        if out is None:
            out = np.zeros((x.shape[0],) + out_shape + (channels * multiplier,))
        # patch (N, *k, C) with kernel (*k, C, M) -> (N, C, M)
        value = np.einsum(patch, [0, *range(1, nd + 1), nd + 1], kernel, [*range(1, nd + 1), nd + 1, nd + 2], [0, nd + 1, nd + 2])
        out[(slice(None),) + index] = value.reshape(x.shape[0], channels * multiplier)
    return out


def separable_conv(x, depthwise_kernel, pointwise_kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    return conv(depthwise_conv(x, depthwise_kernel, strides, padding, dilation_rate=dilation_rate), pointwise_kernel)


def conv_transpose(x, kernel, strides=1, padding="valid", output_padding=None, data_format=None, dilation_rate=1):
    """Valid padding: ``out[i*s + a*d] += x[i] * k[a]`` (kernel ``(*k, out, in)``)."""
    x, kernel = np.asarray(x, np.float64), np.asarray(kernel, np.float64)
    nd = x.ndim - 2
    strides, dilation = _tuple(strides, nd), _tuple(dilation_rate, nd)
    ks = kernel.shape[:nd]
    out_shape = tuple((x.shape[1 + i] - 1) * strides[i] + (ks[i] - 1) * dilation[i] + 1 for i in range(nd))
    out = np.zeros((x.shape[0],) + out_shape + (kernel.shape[-2],))
    for index in np.ndindex(x.shape[1:1 + nd]):
        contribution = np.einsum("nc,...oc->n...o", x[(slice(None),) + index], kernel)
        window = tuple(
            slice(index[i] * strides[i], index[i] * strides[i] + (ks[i] - 1) * dilation[i] + 1, dilation[i]) for i in range(nd)
        )
        out[(slice(None),) + window] += contribution
    return out


def max_pool(x, pool_size, strides=None, padding="valid", data_format=None):
    nd = x.ndim - 2
    pool = _tuple(pool_size, nd)
    strides = pool if strides is None else _tuple(strides, nd)
    x = np.asarray(x)
    # Integers stay integers (exact beyond 2**53); floats are compared in float64.
    lowest = np.iinfo(x.dtype).min if x.dtype.kind in "iu" else -np.inf
    x = x if x.dtype.kind in "iu" else x.astype(np.float64)
    out = None
    for out_shape, index, patch in _patches(x, pool, strides, padding, 1, pad_value=lowest):
        if out is None:
            out = np.zeros((x.shape[0],) + out_shape + (x.shape[-1],), x.dtype)
        out[(slice(None),) + index] = patch.max(axis=tuple(range(1, nd + 1)))
    return out


def average_pool(x, pool_size, strides=None, padding="valid", data_format=None):
    """Average over the window's real elements (padding excluded from the count, as Keras)."""
    nd = x.ndim - 2
    pool = _tuple(pool_size, nd)
    strides = pool if strides is None else _tuple(strides, nd)
    x = np.asarray(x, np.float64)
    ones = np.ones_like(x)
    out = None
    for (out_shape, index, patch), (_, _, count) in zip(_patches(x, pool, strides, padding, 1), _patches(ones, pool, strides, padding, 1)):
        if out is None:
            out = np.zeros((x.shape[0],) + out_shape + (x.shape[-1],))
        axes = tuple(range(1, nd + 1))
        out[(slice(None),) + index] = patch.sum(axis=axes) / count.sum(axis=axes)
    return out


def adaptive_pool(x, output_size, reduce):
    nd = x.ndim - 2
    output_size = _tuple(output_size, nd)
    out = np.zeros((x.shape[0],) + output_size + (x.shape[-1],))
    for index in np.ndindex(output_size):
        window = []
        for i in range(nd):
            size = x.shape[1 + i]
            start = (index[i] * size) // output_size[i]
            end = -((-(index[i] + 1) * size) // output_size[i])
            window.append(slice(start, end))
        patch = np.asarray(x, np.float64)[(slice(None),) + tuple(window)]
        out[(slice(None),) + index] = reduce(patch, axis=tuple(range(1, nd + 1)))
    return out


def softmax(x, axis=-1):
    x = np.asarray(x, np.float64)
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax(x, axis=-1):
    x = np.asarray(x, np.float64)
    shifted = x - np.max(x, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.asarray(x, np.float64)))


EPSILON = 1e-7


def binary_crossentropy(target, output, from_logits=False):
    output = sigmoid(output) if from_logits else np.asarray(output, np.float64)
    output = np.clip(output, EPSILON, 1 - EPSILON)
    return -(target * np.log(output) + (1 - target) * np.log(1 - output))


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    if from_logits:
        return -np.sum(target * log_softmax(output, axis), axis=axis)
    output = np.asarray(output, np.float64)
    output = output / np.sum(output, axis=axis, keepdims=True)
    output = np.clip(output, EPSILON, 1 - EPSILON)
    return -np.sum(target * np.log(output), axis=axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    classes = np.asarray(output).shape[axis]
    one_hot = np.moveaxis(np.eye(classes)[np.asarray(target)], -1, axis)
    return categorical_crossentropy(one_hot, output, from_logits, axis)


def ctc_loss(target, output, target_length, output_length, mask_index=0):
    """Negative log-likelihood by the CTC forward algorithm (``output`` are logits)."""
    log_probs = log_softmax(output)
    losses = []
    for b in range(log_probs.shape[0]):
        labels = list(np.asarray(target[b])[: int(target_length[b])])
        extended = [mask_index]
        for label in labels:
            extended += [int(label), mask_index]
        steps = int(output_length[b])
        alpha = np.full(len(extended), -np.inf)
        alpha[0] = log_probs[b, 0, extended[0]]
        if len(extended) > 1:
            alpha[1] = log_probs[b, 0, extended[1]]
        for t in range(1, steps):
            new = np.full_like(alpha, -np.inf)
            for s in range(len(extended)):
                candidates = [alpha[s]]
                if s >= 1:
                    candidates.append(alpha[s - 1])
                if s >= 2 and extended[s] != mask_index and extended[s] != extended[s - 2]:
                    candidates.append(alpha[s - 2])
                new[s] = np.logaddexp.reduce(candidates) + log_probs[b, t, extended[s]]
            alpha = new
        tail = alpha[-2:] if len(extended) > 1 else alpha[-1:]
        losses.append(-np.logaddexp.reduce(tail))
    return np.array(losses)


def _ctc_labelling(path, blank):
    """The label sequence of a CTC path: repeats collapse, then blanks go."""
    merged = [c for t, c in enumerate(path) if t == 0 or c != path[t - 1]]
    return tuple(int(c) for c in merged if c != blank)


def ctc_decode(inputs, sequence_lengths, strategy="greedy", beam_width=100, top_paths=1, merge_repeated=True, mask_index=0):
    """Greedy decoding step by step; beam search by summing every path of every labelling.

    The enumeration is the exact answer, which a beam search gives when its beam can hold every
    prefix (``beam_width`` at least the number of label prefixes): keep the inputs tiny.
    """
    x = np.asarray(inputs, np.float64)
    batch, max_time, classes = x.shape
    blank = classes - 1 if mask_index is None else mask_index % classes
    steps = [min(max(int(n), 0), max_time) for n in np.asarray(sequence_lengths)]
    if strategy == "greedy":
        decoded = np.full((1, batch, max_time), -1, np.int32)
        scores = np.zeros((batch, 1))
        for b in range(batch):
            labels = x[b, : steps[b]].argmax(-1)
            kept = [c for t, c in enumerate(labels) if c != blank and not (merge_repeated and t and c == labels[t - 1])]
            decoded[0, b, : len(kept)] = kept
            scores[b, 0] = -x[b, : steps[b]].max(-1).sum() if steps[b] else 0.0
        return decoded, scores
    log_probs = log_softmax(x)
    decoded = np.full((top_paths, batch, max_time), -1, np.int32)
    scores = np.full((batch, top_paths), -np.inf)
    for b in range(batch):
        totals = {}
        for path in itertools.product(range(classes), repeat=steps[b]):
            labelling = _ctc_labelling(path, blank)
            log_p = sum(log_probs[b, t, c] for t, c in enumerate(path))
            totals[labelling] = np.logaddexp(totals.get(labelling, -np.inf), log_p)
        ranked = sorted(totals.items(), key=lambda item: -item[1])[:top_paths]
        for rank, (labelling, log_p) in enumerate(ranked):
            decoded[rank, b, : len(labelling)] = labelling
            scores[b, rank] = log_p
    return decoded, scores


def dot_product_attention(query, key, value, bias=None, mask=None, scale=None, is_causal=False, attn_logits_soft_cap=None):
    q, k, v = (np.asarray(a, np.float64) for a in (query, key, value))
    scale = 1.0 / math.sqrt(q.shape[-1]) if scale is None else scale
    logits = np.einsum("bthd,bshd->bhts", q, k) * scale
    if attn_logits_soft_cap is not None:
        logits = attn_logits_soft_cap * np.tanh(logits / attn_logits_soft_cap)
    if bias is not None:
        logits = logits + bias
    if mask is not None:
        logits = np.where(mask, logits, -np.inf)
    if is_causal:
        t, s = logits.shape[-2:]
        logits = np.where(np.tril(np.ones((t, s), bool)), logits, -np.inf)
    return np.einsum("bhts,bshd->bthd", softmax(logits), v)


def sparsemax(x, axis=-1):
    x = np.moveaxis(np.asarray(x, np.float64), axis, -1)
    z = np.sort(x, axis=-1)[..., ::-1]
    k = np.arange(1, x.shape[-1] + 1)
    cumulative = np.cumsum(z, axis=-1)
    support = 1 + k * z > cumulative
    k_max = support.sum(axis=-1, keepdims=True)
    tau = (np.take_along_axis(cumulative, k_max - 1, axis=-1) - 1) / k_max
    return np.moveaxis(np.maximum(x - tau, 0), -1, axis)


def depth_to_space(x, block_size, data_format="channels_last"):
    n, h, w, c = x.shape
    out = x.reshape(n, h, w, block_size, block_size, c // block_size**2)
    return out.transpose(0, 1, 3, 2, 4, 5).reshape(n, h * block_size, w * block_size, c // block_size**2)


def space_to_depth(x, block_size, data_format="channels_last"):
    n, h, w, c = x.shape
    out = x.reshape(n, h // block_size, block_size, w // block_size, block_size, c)
    return out.transpose(0, 1, 3, 2, 4, 5).reshape(n, h // block_size, w // block_size, c * block_size**2)


def space_to_depth_channels_first(x, block_size, data_format="channels_first"):
    """Channel-major order (``c * b * b + i * b + j``), as Keras 3 on every backend."""
    n, c, h, w = x.shape
    b = block_size
    return x.reshape(n, c, h // b, b, w // b, b).transpose(0, 1, 3, 5, 2, 4).reshape(n, c * b * b, h // b, w // b)


def depth_to_space_channels_first(x, block_size, data_format="channels_first"):
    n, c, h, w = x.shape
    b = block_size
    return x.reshape(n, c // (b * b), b, b, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(n, c // (b * b), h * b, w * b)


def gelu(x, approximate=True):
    x = np.asarray(x, np.float64)
    if approximate:
        return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))
    from math import erf

    return 0.5 * x * (1 + np.vectorize(erf)(x / math.sqrt(2)))
