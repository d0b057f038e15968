"""Device placement and rematerialization on NumPy: one CPU, nothing to recompute."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from multikeras.backend.device_placement import UnknownDeviceError

_DEVICES = ("cpu:0",)


@contextlib.contextmanager
def _on_cpu(device_name: str) -> Iterator[str]:
    yield device_name


def device_scope(device_name: str) -> Any:
    """NumPy computes on the CPU only: ``"cpu:0"`` is accepted (and changes nothing), anything else raises."""
    if device_name not in _DEVICES:
        raise UnknownDeviceError(device_name, device_name, _DEVICES, "numpy")
    return _on_cpu(device_name)


def remat(f: Callable[..., Any]) -> Callable[..., Any]:
    """``f`` itself: NumPy keeps no activations for a backward pass."""
    return f
