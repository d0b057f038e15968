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
