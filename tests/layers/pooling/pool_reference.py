"""A direct NumPy reference for sliding-window pooling: a loop over output positions.

"same" padding pads ``total // 2`` before and the rest after (TensorFlow/Keras); padded cells never win a
max and are not counted in an average. Import as ``from layers.pooling.pool_reference import pool``.
"""

from __future__ import annotations

import itertools

import numpy as np


def pool(x, pool_size, strides=None, padding="valid", data_format="channels_last", mode="max"):
    x = np.asarray(x, np.float64)
    if data_format == "channels_first":
        x = np.moveaxis(x, 1, -1)
    rank = x.ndim - 2
    size = (pool_size,) * rank if isinstance(pool_size, int) else tuple(pool_size)
    strides = size if strides is None else ((strides,) * rank if isinstance(strides, int) else tuple(strides))
    starts, out_sizes = [], []
    for n, p, s in zip(x.shape[1:-1], size, strides):
        if padding == "valid":
            out_sizes.append((n - p) // s + 1)
            starts.append(0)
        else:
            out = -(-n // s)
            out_sizes.append(out)
            starts.append(-(max((out - 1) * s + p - n, 0) // 2))
    out = np.zeros((x.shape[0], *out_sizes, x.shape[-1]))
    for position in itertools.product(*map(range, out_sizes)):
        window = tuple(
            slice(max(start + o * s, 0), min(start + o * s + p, n))
            for start, o, s, p, n in zip(starts, position, strides, size, x.shape[1:-1])
        )
        cells = x[(slice(None), *window, slice(None))].reshape(x.shape[0], -1, x.shape[-1])
        out[(slice(None), *position, slice(None))] = cells.max(axis=1) if mode == "max" else cells.mean(axis=1)
    return np.moveaxis(out, -1, 1) if data_format == "channels_first" else out
