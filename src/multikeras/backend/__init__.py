"""Backend selection, discovery and the contract plug-ins implement.

Example:
    >>> import multikeras as mk
    >>> "numpy" in mk.backend.available()
    True
    >>> with mk.backend.use("numpy"):
    ...     mk.backend.backend()
    'numpy'
"""

from __future__ import annotations

from multikeras.backend import dtypes
from multikeras.backend.abstract import AbstractArray, abstract_eval, eager_scope
from multikeras.backend.config import (
    epsilon,
    floatx,
    image_data_format,
    set_epsilon,
    set_floatx,
    set_image_data_format,
)
from multikeras.backend.contract import CONTRACT_VERSION, Backend, Capabilities
from multikeras.backend.device_placement import UnknownDeviceError, device_scope
from multikeras.backend.differentiation import jit, value_and_grad
from multikeras.backend.dtypes import result_type, standardize_dtype
from multikeras.backend.errors import (
    BackendLoadError,
    BackendNotFoundError,
    CapabilityError,
    KernelUnavailableError,
    OpNotImplementedError,
)
from multikeras.backend.hookspecs import hookimpl
from multikeras.backend.keras_names import clear_session, get_uid, is_float_dtype, is_int_dtype, is_keras_tensor
from multikeras.backend.registry import REGISTRY
from multikeras.backend.rematerialization import remat
from multikeras.backend.selection import backend, current, get_backend, set_backend, use
from multikeras.backend.spec import BackendSpec


def available() -> list[str]:
    """Names of the backends that can be selected, sorted.

    Example:
        >>> "numpy" in available()
        True
    """
    return REGISTRY.available()


def unavailable() -> dict[str, str]:
    """Backends that were found but cannot be used, with the reason for each.

    Example:
        >>> isinstance(unavailable(), dict)
        True
    """
    return REGISTRY.unavailable()


def capabilities(name: str | None = None) -> Capabilities:
    """Capabilities of backend ``name`` (the active one when ``None``).

    Example:
        >>> capabilities("numpy").trainable
        False
    """
    return get_backend(name).capabilities


__all__ = [
    "AbstractArray",
    "CONTRACT_VERSION",
    "Backend",
    "BackendLoadError",
    "BackendNotFoundError",
    "BackendSpec",
    "Capabilities",
    "CapabilityError",
    "KernelUnavailableError",
    "OpNotImplementedError",
    "UnknownDeviceError",
    "abstract_eval",
    "available",
    "backend",
    "capabilities",
    "clear_session",
    "current",
    "device_scope",
    "eager_scope",
    "dtypes",
    "epsilon",
    "floatx",
    "get_backend",
    "get_uid",
    "hookimpl",
    "image_data_format",
    "is_float_dtype",
    "is_int_dtype",
    "is_keras_tensor",
    "jit",
    "remat",
    "result_type",
    "set_backend",
    "set_epsilon",
    "set_floatx",
    "set_image_data_format",
    "standardize_dtype",
    "unavailable",
    "use",
    "value_and_grad",
]
