"""Device placement (the plug-in's default device) and rematerialization (``torch.utils.checkpoint``) on torch."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import torch
import torch.utils.checkpoint

from multikeras.backend.device_placement import UnknownDeviceError
from multikeras.backends.torch import core


def _count(kind: str) -> int:
    """How many devices of torch device type ``kind`` this process has (0 when torch has no such type here)."""
    if kind == "cpu":
        return 1  # torch has one CPU device; "cpu:1" is not a different place
    if kind == "meta":
        return 1  # shapes and dtypes only: always there
    module = getattr(torch, kind, None)
    available = getattr(module, "is_available", None)
    if available is None or not available():
        return 0
    count = getattr(module, "device_count", None)
    return int(count()) if count is not None else 1


def _available() -> list[str]:
    kinds = ["cpu", "cuda", "mps", "xpu"]
    return [f"{'gpu' if kind == 'cuda' else kind}:{index}" for kind in kinds for index in range(_count(kind))]


@contextlib.contextmanager
def _placed(device: torch.device, device_name: str) -> Iterator[str]:
    token = core._scoped_device.set(device)
    try:
        yield device_name
    finally:
        core._scoped_device.reset(token)


def device_scope(device_name: str) -> Any:
    """Make ``device_name`` the plug-in's default device (``gpu`` is CUDA; any torch device type is accepted)."""
    kind, index = device_name.split(":")
    torch_kind = "cuda" if kind == "gpu" else kind
    if int(index) >= _count(torch_kind):
        raise UnknownDeviceError(device_name, device_name, _available(), "torch")
    device = torch.device(torch_kind) if torch_kind in ("cpu", "meta") else torch.device(torch_kind, int(index))
    return _placed(device, device_name)


def remat(f: Callable[..., Any]) -> Callable[..., Any]:
    """``torch.utils.checkpoint.checkpoint`` (non-reentrant): ``f`` runs again in the backward pass."""

    def rematerialized(*args: Any, **kwargs: Any) -> Any:
        if not torch.is_grad_enabled():
            return f(*args, **kwargs)  # nothing is recorded, so nothing is kept: no checkpoint needed
        # Early stopping ends the recomputation by raising an exception inside ``f``; multikeras's ops turn
        # framework exceptions into their own errors, so ``f`` is recomputed to its end instead.
        with torch.utils.checkpoint.set_checkpoint_early_stop(False):
            return torch.utils.checkpoint.checkpoint(f, *args, use_reentrant=False, **kwargs)

    return rematerialized
