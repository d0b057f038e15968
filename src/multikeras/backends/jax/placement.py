"""Device placement (``jax.default_device``) and rematerialization (``jax.checkpoint``) on JAX."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import jax

from multikeras.backend.device_placement import UnknownDeviceError


def _available() -> list[str]:
    return [f"{device.platform}:{device.id}" for device in jax.devices()]


def _find(device_name: str) -> jax.Device | None:
    kind, index = device_name.split(":")
    try:
        devices = jax.devices(kind)
    except RuntimeError:  # no such platform on this machine (jax raises for "gpu" without one)
        return None
    position = int(index)
    return devices[position] if position < len(devices) else None


@contextlib.contextmanager
def _placed(device: jax.Device, device_name: str) -> Iterator[str]:
    with jax.default_device(device):
        yield device_name


def device_scope(device_name: str) -> Any:
    """``jax.default_device`` of the ``index``-th device of platform ``type`` (``gpu`` covers CUDA and ROCm)."""
    device = _find(device_name)
    if device is None:
        raise UnknownDeviceError(device_name, device_name, _available(), "jax")
    return _placed(device, device_name)


def remat(f: Callable[..., Any]) -> Callable[..., Any]:
    """``jax.checkpoint(f)``: the backward pass recomputes ``f``'s intermediates from its inputs."""
    return jax.checkpoint(f)
