"""Build the PyTorch :class:`~multikeras.backend.Backend` (imports torch)."""

from __future__ import annotations

import torch

from multikeras.backend.contract import Backend, Capabilities
from multikeras.backend.host_memory import keep_freed_host_memory

CAPABILITIES = Capabilities(
    trainable=True,
    supports_jit=True,
    jit_training_by_default=False,  # eager torch is as fast as torch.compile for small models, with no compile wait
    supports_complex=True,
    supports_float64=True,
    supports_dlpack=True,
    thread_safe=True,
    stateless_random=True,
)


def load() -> Backend:
    """Import the op modules and return the torch backend.

    Also keeps freed tensor memory in the process (torch allocates CPU tensors with ``malloc``; see
    :mod:`multikeras.backend.host_memory`).
    """
    keep_freed_host_memory()
    from multikeras.backends.torch import abstract, autodiff, core, fused, image, linalg, math, nn, random
    from multikeras.backends.torch import placement
    from multikeras.backends.torch import numpy as numpy_ops

    return Backend.from_modules(
        "torch",
        torch.__version__,
        CAPABILITIES,
        [core, numpy_ops, nn, linalg, math, image, random, autodiff, abstract, placement],
        native=torch,
        fused=fused.KERNELS,
        compile_step=autodiff.compile_step,
    )
