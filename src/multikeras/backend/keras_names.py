"""Keras 3's ``keras.backend`` helpers that are not about selecting a backend."""

from __future__ import annotations

from typing import Any

from multikeras.backend.dtypes import is_float, is_int


def get_uid(prefix: str = "") -> int:
    """How many times ``prefix`` has been counted, this call included (see :func:`multikeras.utils.naming.get_uid`).

    Example:
        >>> get_uid("docs_example_backend_uid"), get_uid("docs_example_backend_uid")
        (1, 2)
    """
    from multikeras.utils import naming  # imported on use: a first op needs no utilities

    return naming.get_uid(prefix)


def clear_session(free_memory: bool = True) -> None:
    """Forget the automatic names given so far and collect garbage (see :func:`multikeras.utils.clear_session`).

    Example:
        >>> clear_session()
    """
    from multikeras.utils import naming

    naming.clear_session(free_memory=free_memory)


def is_float_dtype(dtype: Any) -> bool:
    """Whether ``dtype`` (a name or a framework dtype) is a floating-point dtype.

    Example:
        >>> is_float_dtype("bfloat16"), is_float_dtype("int32")
        (True, False)
    """
    return is_float(dtype)


def is_int_dtype(dtype: Any) -> bool:
    """Whether ``dtype`` is a signed or unsigned integer dtype (``bool`` is not).

    Example:
        >>> is_int_dtype("uint8"), is_int_dtype("bool")
        (True, False)
    """
    return is_int(dtype)


def is_keras_tensor(x: Any) -> bool:
    """Whether ``x`` is a symbolic :class:`~multikeras.KerasTensor` (from ``keras.Input`` or a layer call on one).

    Example:
        >>> import multikeras as mk
        >>> is_keras_tensor(mk.Input((2,))), is_keras_tensor(3.0)
        (True, False)
    """
    from multikeras.symbolic.keras_tensor import KerasTensor

    return isinstance(x, KerasTensor)


__all__ = ["clear_session", "get_uid", "is_float_dtype", "is_int_dtype", "is_keras_tensor"]
