"""``multikeras.device``: place the tensors created in a block on one device.

Shared code standardizes the name once (``"CPU"``, ``"/device:CPU:0"`` and
``"cpu:0"`` are the same device; ``"cuda"`` is ``"gpu"``; the index defaults to
0) and hands ``"type:index"`` to the active backend's contract function
``device_scope(device_name)``, which returns a context manager (jax:
``jax.default_device``; torch: the plug-in's default device; tensorflow:
``tf.device``; numpy: the CPU only). Inside it, ops' results, created variables
and converted inputs (NumPy arrays, lists, scalars) are placed on the device;
tensors that already live on a device stay there. Scopes nest: the innermost
wins, and leaving it restores the enclosing one. A device the backend does not
have raises :class:`UnknownDeviceError` on entry, naming the device received,
those that exist and the backend.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from multikeras.backend.selection import current

_DEVICE_NAME = re.compile(r"^(?P<type>[a-z_][a-z0-9_]*)(?::(?P<index>\d+))?$")
_ALIASES = {"cuda": "gpu"}
"""Other names of a device type; the key is what users write, the value what a plug-in receives."""


class UnknownDeviceError(ValueError):
    """The active backend has no device of the requested name.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     try:
        ...         with mk.device("gpu:0"):
        ...             pass
        ...     except mk.backend.UnknownDeviceError as error:
        ...         print(error.available)
        ('cpu:0',)
    """

    def __init__(self, received: Any, device_name: str, available: Iterable[str], backend: str):
        self.received = received
        self.device_name = device_name
        self.available = tuple(available)
        self.backend = backend
        super().__init__(
            f"device({received!r}): the '{backend}' backend has no device {device_name!r}. "
            f"Available devices: {', '.join(self.available) or 'none'}."
        )


def standardize_device_name(device_name: Any) -> str:
    """``device_name`` as ``"type:index"``: lower case, ``cuda`` -> ``gpu``, index 0 when absent.

    TensorFlow's spellings (``"/cpu:0"``, ``"/device:GPU:1"``, a full
    ``"/job:.../device:CPU:0"``) are accepted and reduced to their device part.

    Args:
        device_name: a string such as ``"cpu"``, ``"gpu:1"``, ``"cuda:0"``.

    Returns:
        the standardized name, e.g. ``"gpu:1"``.

    Raises:
        ValueError: ``device_name`` is not a string or not of that form.

    Example:
        >>> standardize_device_name("/device:CUDA:1"), standardize_device_name("CPU")
        ('gpu:1', 'cpu:0')
    """
    if not isinstance(device_name, str):
        raise ValueError(
            "device: expected a device name string such as 'cpu', 'cpu:0' or 'gpu:1', "
            f"received {device_name!r} of type {type(device_name).__name__}."
        )
    text = device_name.strip().lower()
    if text.startswith("/"):
        # A TensorFlow device spec: keep its device part ("/job:x/replica:0/device:cpu:0" -> "cpu:0").
        text = text.rsplit("/", 1)[-1]
        text = text.removeprefix("device:")
    match = _DEVICE_NAME.match(text)
    if match is None:
        raise ValueError(
            "device: expected a device name such as 'cpu', 'cpu:0', 'gpu:1' or 'cuda:0' "
            f"(a type, optionally ':' and an index), received {device_name!r}."
        )
    kind = _ALIASES.get(match["type"], match["type"])
    return f"{kind}:{int(match['index'] or 0)}"


def device(device_name: str) -> Any:
    """A context manager placing the tensors created inside it on ``device_name``.

    Ops' results, new variables and converted inputs go to the device; the
    backend active on entry places them. Scopes nest (the innermost wins).

    Args:
        device_name: ``"cpu"``, ``"cpu:0"``, ``"gpu:0"``, ``"cuda:0"``,
            ``"tpu:0"``, ... (see :func:`standardize_device_name`).

    Returns:
        a context manager; ``with device(...) as name`` binds the
        standardized name (``"cpu:0"``).

    Raises:
        ValueError: a malformed name; :class:`UnknownDeviceError` (a
            ``ValueError``) on entry when the backend has no such device.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"), mk.device("CPU") as name:
        ...     print(name, mk.ops.ones((2,)).tolist())
        cpu:0 [1.0, 1.0]
    """
    return device_scope(device_name)


def device_scope(device_name: str) -> Any:
    """The contract's ``device_scope`` with the name standardized: the same as :func:`device`.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"), mk.backend.device_scope("cpu:0"):
        ...     print(mk.ops.zeros(()).tolist())
        0.0
    """
    name = standardize_device_name(device_name)
    return current().device_scope(name)
