"""Keep freed host memory in the process instead of handing it back to the OS after every step.

Frameworks that allocate CPU tensors with the C library's ``malloc`` (PyTorch
does) get glibc's default policy: blocks above a threshold are mapped and
unmapped on every allocation, and whenever more than a trim threshold is
free at the top of the heap, ``free`` gives it back. Glibc raises both
thresholds by itself as larger blocks are freed (up to 32 MiB and 64 MiB on
64-bit), but a training step that frees its activations in one go still
crosses the trim threshold again and again: the heap shrinks at the end of
one step and grows back during the next, and the kernels that write into the
regrown memory take a page fault on every 4 KiB page. Measured on the torch
W5 benchmark (a transformer block, about 13 MiB of activations a step), the
multikeras step took 100 to 200 such faults a step and up to 0.5 ms of system
time; with the thresholds set as below, none.

:func:`keep_freed_host_memory` sets the two thresholds to the values glibc
would itself reach once a 32 MiB block had been freed: allocations below
32 MiB come from the heap, and up to 64 MiB of free memory stays at its top
for the next step. A plug-in whose framework allocates with ``malloc`` calls
it from its loader. It changes nothing where the process does not use glibc,
where the user already tuned ``malloc`` (``MALLOC_*_`` or
``GLIBC_TUNABLES=glibc.malloc.*`` variables, or an allocator in
``LD_PRELOAD``), or where ``MULTIKERAS_MALLOC_TUNING=0``.

Example:
    >>> calls = []
    >>> class FakeLibc:
    ...     def mallopt(self, parameter, value):
    ...         calls.append((parameter, value))
    ...         return 1
    >>> keep_freed_host_memory(libc=FakeLibc(), environ={})
    True
    >>> calls == [(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES), (M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES)]
    True
"""

from __future__ import annotations

import ctypes
import os
import platform
from collections.abc import Mapping
from typing import Any

OPT_OUT_VARIABLE = "MULTIKERAS_MALLOC_TUNING"
"""Set to ``0`` (or ``false``, ``no``, ``off``) to leave the C library's ``malloc`` as it is."""

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
"""``mallopt`` parameter numbers (``<malloc.h>``)."""

MMAP_THRESHOLD_BYTES = 32 * 1024 * 1024
"""Glibc's own upper limit for its dynamic mmap threshold on 64-bit systems."""
TRIM_THRESHOLD_BYTES = 2 * MMAP_THRESHOLD_BYTES
"""Twice the mmap threshold, as glibc's dynamic rule sets it."""

_USER_MALLOC_VARIABLES = ("MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TOP_PAD_", "MALLOC_MMAP_MAX_",
                          "MALLOC_ARENA_MAX")
_ALLOCATOR_LIBRARIES = ("malloc", "jemalloc", "tcmalloc", "mimalloc")
_FALSE = ("0", "false", "no", "off")
_TRUE = ("", "1", "true", "yes", "on")


def _opted_out(environ: Mapping[str, str]) -> bool:
    value = environ.get(OPT_OUT_VARIABLE, "").strip().lower()
    if value in _FALSE:
        return True
    if value in _TRUE:
        return False
    raise ValueError(f"{OPT_OUT_VARIABLE}: received {environ[OPT_OUT_VARIABLE]!r}, expected 1 or 0 "
                     f"(or true/false, yes/no, on/off).")


def _user_tuned_malloc(environ: Mapping[str, str]) -> bool:
    """Whether the user chose malloc settings or another allocator for this process."""
    if any(name in environ for name in _USER_MALLOC_VARIABLES):
        return True
    if "glibc.malloc." in environ.get("GLIBC_TUNABLES", ""):
        return True
    preloaded = environ.get("LD_PRELOAD", "").lower()
    return any(library in preloaded for library in _ALLOCATOR_LIBRARIES)


def _process_glibc() -> Any | None:
    """The running process's C library when it is glibc (with ``mallopt``), else ``None``."""
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return None
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
        libc.mallopt.restype = ctypes.c_int
    except (OSError, AttributeError):
        return None
    return libc


def keep_freed_host_memory(libc: Any | None = None, environ: Mapping[str, str] | None = None) -> bool:
    """Set glibc's mmap and trim thresholds so that freed tensor memory is reused, not returned to the OS.

    Args:
        libc: the C library to configure (anything with ``mallopt``); default the
            process's own, when it is glibc.
        environ: the environment to read the opt-out and the user's own settings
            from; default ``os.environ``.

    Returns:
        Whether both thresholds were set.

    Raises:
        ValueError: ``MULTIKERAS_MALLOC_TUNING`` is set to something other than
            a yes or a no.

    Example:
        >>> keep_freed_host_memory(libc=None, environ={"MULTIKERAS_MALLOC_TUNING": "0"})
        False
    """
    environ = os.environ if environ is None else environ
    if _opted_out(environ) or _user_tuned_malloc(environ):
        return False
    libc = _process_glibc() if libc is None else libc
    if libc is None:
        return False
    applied = libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) == 1
    return libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES) == 1 and applied
