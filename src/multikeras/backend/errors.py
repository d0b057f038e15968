"""Exceptions raised by backend selection and op dispatch."""

from __future__ import annotations


class BackendNotFoundError(ValueError):
    """A backend name is unknown, or its framework is not installed.

    Example:
        >>> import multikeras as mk
        >>> try:
        ...     mk.backend.set_backend("no-such-backend")
        ... except mk.backend.BackendNotFoundError as error:
        ...     print("Available backends" in str(error))
        True
    """


class BackendLoadError(BackendNotFoundError):
    """A backend plug-in is installed but failed while loading."""


class OpNotImplementedError(NotImplementedError):
    """The active backend does not implement the requested op.

    Example:
        >>> import multikeras as mk
        >>> issubclass(mk.backend.OpNotImplementedError, NotImplementedError)
        True
    """

    def __init__(self, op: str, backend: str, reason: str | None = None):
        self.op = op
        self.backend = backend
        message = f"ops.{op} is not implemented by the '{backend}' backend"
        if reason:
            message += f": {reason}"
        super().__init__(message + ".")


class CapabilityError(NotImplementedError):
    """The active backend lacks a capability (for instance differentiation)."""


class KernelUnavailableError(CapabilityError, ValueError):
    """A call asked for one specific kernel (``flash_attention=True``) that the backend cannot run on its inputs.

    It is a ``NotImplementedError`` (hence a ``RuntimeError``, what Keras 3 raises on torch and jax)
    and a ``ValueError`` (what Keras 3 raises on tensorflow and numpy), so code written for either
    catches it on every backend. The message names the op, the backend, the inputs received, what
    the kernel needs and how to compute without it.

    ``backend=None`` names the active backend.

    Example:
        >>> error = KernelUnavailableError("dot_product_attention", "numpy", "flash_attention=True",
        ...                                "query float32 (1, 2, 1, 4) on cpu", "NumPy has no flash-attention kernel",
        ...                                "flash_attention=None or False")
        >>> isinstance(error, RuntimeError) and isinstance(error, ValueError)
        True
        >>> str(error).startswith("ops.dot_product_attention (backend 'numpy'): flash_attention=True")
        True
    """

    def __init__(self, op: str, backend: str | None, request: str, received: str, needed: str, way_out: str):
        if backend is None:  # the active backend: a plug-in may reuse another one's functions (numpy64)
            from multikeras.backend.selection import current

            backend = current().name
        self.op = op
        self.backend = backend
        super().__init__(
            f"ops.{op} (backend '{backend}'): {request} cannot be honoured for the received inputs "
            f"({received}): {needed}. Pass {way_out} to compute it without that kernel."
        )


def no_flash_attention_kernel(framework: str, received: str) -> KernelUnavailableError:
    """The error of ``dot_product_attention(flash_attention=True)`` on a backend with no flash-attention kernel.

    Args:
        framework: the framework, as the message names it (``"NumPy"``).
        received: the query, key and value as the backend describes them (dtype, shape, device).

    Example:
        >>> error = no_flash_attention_kernel("NumPy", "query float32 (1, 2, 1, 4) on cpu")
        >>> "NumPy has no flash-attention kernel" in str(error) and error.op
        'dot_product_attention'
    """
    return KernelUnavailableError(
        "dot_product_attention", None, "flash_attention=True", received,
        f"{framework} has no flash-attention kernel (the jax backend on a CUDA GPU and the torch backend have one)",
        "flash_attention=None or False",
    )
