"""Fused kernels of the tensorflow backend: generic pieces of shared code as fewer, cheaper graph ops.

``dense`` computes a dense layer over the trailing axes of its inputs as one
2-D ``MatMul`` and one ``BiasAdd`` (see ``docs/contract.md``, "Fused
kernels"). The generic code runs ``einsum`` (for ``EinsumDense``) or a matmul
against a matrix, then an ``AddV2`` broadcast over the rows: the ``Einsum``
op plans its contraction on every call, and the gradient of a broadcast
add is a reduction preceded by shape arithmetic, where the gradient of
``BiasAdd`` is one ``BiasAddGrad``. Grappler's remapper may also fuse
``MatMul`` + ``BiasAdd`` (and a following activation) into one kernel.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import tensorflow as tf

_DENSE_DTYPES = frozenset((tf.float16, tf.bfloat16, tf.float32, tf.float64))


def dense(inputs: Any, kernel: Any, bias: Any, features_rank: int = 1) -> tf.Tensor | None:
    """``tensordot(inputs, kernel, features_rank) + bias`` as a ``MatMul`` on ``inputs`` seen as rows and a
    ``BiasAdd``, or ``None`` where the kernel does not apply: operands that are not tensors of one floating
    dtype, shapes that do not fit (statically), or no bias; the caller's generic ops then run.

    ``inputs (..., *features)``, ``kernel (*features, *units)`` and ``bias (*units)``, where ``features`` are
    the last ``features_rank`` axes of ``inputs``; the result is ``(..., *units)``. Leading axes of
    ``inputs`` may be unknown while tracing.

    Example:
        >>> out = dense(tf.ones((2, 3, 4)), tf.ones((4, 5)), tf.range(5.0))
        >>> out.shape, out[0, 0].numpy().tolist()
        (TensorShape([2, 3, 5]), [4.0, 5.0, 6.0, 7.0, 8.0])
        >>> dense(tf.ones((2, 3, 4)), tf.ones((3, 4, 5)), tf.zeros(5), features_rank=2)[0].numpy().tolist()
        [12.0, 12.0, 12.0, 12.0, 12.0]
    """
    if not all(isinstance(value, tf.Tensor) for value in (inputs, kernel, bias)):
        return None
    dtype = inputs.dtype
    if dtype not in _DENSE_DTYPES or kernel.dtype != dtype or bias.dtype != dtype:
        return None
    rank = int(features_rank)
    in_shape, kernel_shape = inputs.shape, kernel.shape
    if in_shape.rank is None or kernel_shape.rank is None or in_shape.rank <= rank or kernel_shape.rank <= rank:
        return None
    features_shape, units_shape = kernel_shape[:rank], kernel_shape[rank:]
    if not kernel_shape.is_fully_defined() or in_shape[in_shape.rank - rank:] != features_shape:
        return None
    if bias.shape != units_shape:
        return None
    features = int(np.prod(features_shape.as_list(), dtype=np.int64))
    units = int(np.prod(units_shape.as_list(), dtype=np.int64))
    flat_kernel = kernel if kernel_shape.rank == 2 else tf.reshape(kernel, [features, units])
    flat_bias = bias if units_shape.rank == 1 else tf.reshape(bias, [units])
    if in_shape.rank == 2 and rank == 1:
        return tf.nn.bias_add(tf.matmul(inputs, flat_kernel), flat_bias)
    lead = in_shape[: in_shape.rank - rank]
    if lead.is_fully_defined():
        rows = int(np.prod(lead.as_list(), dtype=np.int64))
        out = tf.nn.bias_add(tf.matmul(tf.reshape(inputs, [rows, features]), flat_kernel), flat_bias)
        return tf.reshape(out, lead.as_list() + units_shape.as_list())
    lead_dynamic = tf.shape(inputs)[: in_shape.rank - rank]
    rows_dynamic = tf.reduce_prod(lead_dynamic)
    out = tf.nn.bias_add(tf.matmul(tf.reshape(inputs, tf.stack([rows_dynamic, features])), flat_kernel), flat_bias)
    out = tf.reshape(out, tf.concat([lead_dynamic, tf.constant(units_shape.as_list(), tf.int32)], 0))
    out.set_shape(lead.concatenate(units_shape))  # what is known statically survives the reshape
    return out


KERNELS = {"dense": dense}
