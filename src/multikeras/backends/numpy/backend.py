"""Build the NumPy :class:`~multikeras.backend.Backend` (imports NumPy)."""

from __future__ import annotations

import numpy as np

from multikeras.backend.contract import Backend, Capabilities

CAPABILITIES = Capabilities(
    trainable=False,
    supports_jit=False,
    supports_complex=True,
    supports_float64=True,
    supports_dlpack=True,
    thread_safe=True,
    stateless_random=True,
)


def load() -> Backend:
    """Import the op modules and return the NumPy backend."""
    from multikeras.backends.numpy import abstract, autodiff, core, image, linalg, math, nn, random
    from multikeras.backends.numpy import placement
    from multikeras.backends.numpy import numpy as numpy_ops

    return Backend.from_modules(
        "numpy",
        np.__version__,
        CAPABILITIES,
        [core, numpy_ops, nn, linalg, math, image, random, autodiff, abstract, placement],
        native=np,
    )
