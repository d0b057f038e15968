"""Fused kernels of the JAX plug-in (``docs/contract.md``, "Fused kernels"): whole LSTM and GRU sequences.

Why the jax plug-in has its own recurrent loops: the generic loop of
:mod:`multikeras.layers.rnn` projects the inputs of every timestep before
the loop (``inputs @ kernel`` as one ``(batch * time, features)`` product),
which is what an eager loop needs. Compiled by XLA for the CPU, that shape
is the slower one (measured on the W4 benchmark, LSTM(64) over 32x16
sequences, batch 64: 6.4 ms against 3.9 ms per gradient step): the large
product and its gradient ``inputs^T @ d_projected`` get a transposed
layout, the time-major transposes of the projected sequence add two copies
of ``(time, batch, 4 * units)``, and the loop's elementwise fusions read
the projection through a dynamic slice of a wide array. Here each step
projects its own ``(batch, features)`` slice, as cuDNN-style kernels do, so
the kernel gradient accumulates inside the backward loop in small products.

Both kernels run only under a staging trace (``jax.jit``, the compiled
training step): eagerly, ``lax.scan`` would compile its loop at every call
(see :func:`multikeras.backends.jax.core.scan`), so they decline and the
generic loop runs step by step. They also decline mixed dtypes (the
generic code's promotion rules then apply).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jax
import jax.numpy as jnp

from multikeras.backends.jax.core import _staging

Array = jax.Array


def _applies(inputs: Array, *arrays: Any) -> bool:
    """Whether the kernels take these arrays: traced by ``jax.jit``, all of one floating dtype, at least
    one timestep (with none, the generic loop's last output is its zeros, not the initial state)."""
    if not _staging() or not inputs.shape[1]:
        return False
    present = [inputs, *(a for a in arrays if a is not None)]
    dtypes = {jnp.result_type(a) for a in present}
    return len(dtypes) == 1 and jnp.issubdtype(dtypes.pop(), jnp.floating)


def lstm(inputs: Array, h: Array, c: Array, kernel: Array, recurrent_kernel: Array,
         bias: Array | None) -> tuple[Array, Array, Array] | None:
    """A whole LSTM sequence as one ``lax.scan`` that projects each step's inputs inside the loop:
    ``(outputs (batch, time, units), h, c)``, or ``None`` eagerly or for mixed dtypes.

    Gates ``i, f, c, o`` as in Keras 3; each step computes
    ``z = (x_t @ kernel + bias) + h @ recurrent_kernel``, the generic cell's
    sums in its order.

    Example:
        >>> x, zeros = jnp.ones((1, 2, 3)), jnp.zeros((1, 2))
        >>> step = jax.jit(lambda x: lstm(x, zeros, zeros, jnp.ones((3, 8)), jnp.zeros((2, 8)), None))
        >>> outputs, h, c = step(x)
        >>> outputs.shape, [round(float(v), 4) for v in h[0]]
        ((1, 2, 2), [0.9067, 0.9067])
    """
    if not _applies(inputs, h, c, kernel, recurrent_kernel, bias):
        return None

    def step(carry: tuple[Array, Array], x_t: Array) -> tuple[tuple[Array, Array], Array]:
        h_prev, c_prev = carry
        z = _project(x_t, kernel, bias) + h_prev @ recurrent_kernel
        z_i, z_f, z_c, z_o = jnp.split(z, 4, axis=-1)
        c_new = jax.nn.sigmoid(z_f) * c_prev + jax.nn.sigmoid(z_i) * jnp.tanh(z_c)
        h_new = jax.nn.sigmoid(z_o) * jnp.tanh(c_new)
        return (h_new, c_new), h_new

    (h, c), outputs = _scan(step, (h, c), inputs)
    return outputs, h, c


def gru(inputs: Array, h: Array, kernel: Array, recurrent_kernel: Array,
        bias: Array | None) -> tuple[Array, Array] | None:
    """A whole GRU sequence (Keras 3's ``reset_after=True`` form) as one ``lax.scan`` that projects each
    step's inputs inside the loop: ``(outputs (batch, time, units), h)``, or ``None`` (see :func:`lstm`).

    Gates ``z, r, h`` as in Keras 3, ``bias (2, 3*units)`` the input and
    the recurrent bias; the generic cell's operations in its order.

    Example:
        >>> step = jax.jit(lambda x: gru(x, jnp.zeros((1, 2)), jnp.ones((3, 6)), jnp.zeros((2, 6)), None))
        >>> outputs, h = step(jnp.ones((1, 2, 3)))
        >>> outputs.shape, [round(float(v), 4) for v in h[0]]
        ((1, 2, 2), [0.0921, 0.0921])
    """
    if not _applies(inputs, h, kernel, recurrent_kernel, bias):
        return None
    input_bias, recurrent_bias = (None, None) if bias is None else (bias[0], bias[1])

    def step(h_prev: Array, x_t: Array) -> tuple[Array, Array]:
        x_z, x_r, x_h = jnp.split(_project(x_t, kernel, input_bias), 3, axis=-1)
        inner = h_prev @ recurrent_kernel
        if recurrent_bias is not None:
            inner = inner + recurrent_bias
        inner_z, inner_r, inner_h = jnp.split(inner, 3, axis=-1)
        z = jax.nn.sigmoid(x_z + inner_z)
        r = jax.nn.sigmoid(x_r + inner_r)
        candidate = jnp.tanh(x_h + r * inner_h)
        h_new = z * h_prev + (1 - z) * candidate
        return h_new, h_new

    h, outputs = _scan(step, h, inputs)
    return outputs, h


def _project(x_t: Array, kernel: Array, bias: Array | None) -> Array:
    projected = x_t @ kernel
    return projected if bias is None else projected + bias


def _scan(step: Callable[[Any, Array], tuple[Any, Array]], init: Any, inputs: Array) -> tuple[Any, Array]:
    """``step`` over the time axis of batch-major ``inputs``; the per-step outputs batch-major again."""
    carry, outputs = jax.lax.scan(step, init, jnp.swapaxes(inputs, 0, 1))
    return carry, jnp.swapaxes(outputs, 0, 1)


KERNELS: dict[str, Callable[..., Any]] = {"lstm": lstm, "gru": gru}
"""The kernels this plug-in passes to ``Backend.from_modules(..., fused=...)``."""
