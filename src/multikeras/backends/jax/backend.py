"""Build the JAX :class:`~multikeras.backend.Backend` (imports JAX)."""

from __future__ import annotations

import jax

from multikeras.backend.contract import Backend, Capabilities

CAPABILITIES = Capabilities(
    trainable=True,
    supports_jit=True,
    jit_accepts_numpy=True,
    supports_complex=True,
    supports_float64=True,
    supports_dlpack=True,
    thread_safe=True,
    stateless_random=True,
)


def load() -> Backend:
    """Switch on 64-bit types, import the op modules and return the JAX backend."""
    # int64/float64 must exist as on every other backend; ops pass explicit dtypes.
    jax.config.update("jax_enable_x64", True)
    from multikeras.backends.jax import abstract, autodiff, core, fused, image, linalg, math, nn, random
    from multikeras.backends.jax import placement
    from multikeras.backends.jax import numpy as numpy_ops
    from multikeras.state.variable import Variable

    # jnp functions given a Variable directly read its value (no copy, traceable).
    Variable.__jax_array__ = lambda self: self.value

    return Backend.from_modules(
        "jax",
        jax.__version__,
        CAPABILITIES,
        [core, numpy_ops, nn, linalg, math, image, random, autodiff, abstract, placement],
        native=jax,
        fused=fused.KERNELS,
        compile_step=autodiff.compile_step,
    )
