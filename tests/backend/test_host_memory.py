"""The malloc thresholds the torch plug-in sets: when they are set, when they are left alone, and what they change."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys

import pytest

from multikeras.backend import host_memory
from multikeras.backend.host_memory import (
    M_MMAP_THRESHOLD,
    M_TRIM_THRESHOLD,
    MMAP_THRESHOLD_BYTES,
    TRIM_THRESHOLD_BYTES,
    keep_freed_host_memory,
)


class RecordingLibc:
    """Stands in for the C library: records every ``mallopt`` call and answers ``result``."""

    def __init__(self, result: int = 1):
        self.calls: list[tuple[int, int]] = []
        self.result = result

    def mallopt(self, parameter: int, value: int) -> int:
        self.calls.append((parameter, value))
        return self.result


def test_sets_mmap_then_trim_threshold():
    libc = RecordingLibc()
    assert keep_freed_host_memory(libc=libc, environ={}) is True
    assert libc.calls == [(M_MMAP_THRESHOLD, 32 * 2**20), (M_TRIM_THRESHOLD, 64 * 2**20)]


def test_thresholds_follow_glibcs_own_limits():
    assert (M_TRIM_THRESHOLD, M_MMAP_THRESHOLD) == (-1, -3)  # <malloc.h>
    assert TRIM_THRESHOLD_BYTES == 2 * MMAP_THRESHOLD_BYTES == 64 * 2**20


@pytest.mark.parametrize("value", ["0", "off", "False", " no "])
def test_opt_out_leaves_malloc_alone(value):
    libc = RecordingLibc()
    assert keep_freed_host_memory(libc=libc, environ={"MULTIKERAS_MALLOC_TUNING": value}) is False
    assert libc.calls == []


@pytest.mark.parametrize("value", ["1", "on", "yes", ""])
def test_opt_in_values_apply(value):
    libc = RecordingLibc()
    assert keep_freed_host_memory(libc=libc, environ={"MULTIKERAS_MALLOC_TUNING": value}) is True
    assert len(libc.calls) == 2


def test_unreadable_opt_out_value_is_an_error_naming_variable_and_value():
    libc = RecordingLibc()
    with pytest.raises(ValueError, match=r"MULTIKERAS_MALLOC_TUNING: received 'sometimes', expected 1 or 0"):
        keep_freed_host_memory(libc=libc, environ={"MULTIKERAS_MALLOC_TUNING": "sometimes"})
    assert libc.calls == []


@pytest.mark.parametrize("environ", [
    {"MALLOC_TRIM_THRESHOLD_": "1000000"},
    {"MALLOC_MMAP_THRESHOLD_": "65536"},
    {"MALLOC_ARENA_MAX": "2"},
    {"GLIBC_TUNABLES": "glibc.malloc.trim_threshold=0"},
    {"LD_PRELOAD": "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2"},
    {"LD_PRELOAD": "/opt/lib/libtcmalloc_minimal.so.4"},
], ids=["trim", "mmap", "arenas", "tunables", "jemalloc", "tcmalloc"])
def test_user_malloc_choices_win(environ):
    libc = RecordingLibc()
    assert keep_freed_host_memory(libc=libc, environ=environ) is False
    assert libc.calls == []


def test_unrelated_tunables_and_preloads_do_not_count_as_malloc_choices():
    libc = RecordingLibc()
    environ = {"GLIBC_TUNABLES": "glibc.cpu.hwcaps=-AVX512F", "LD_PRELOAD": "/usr/lib/libfaketime.so.1"}
    assert keep_freed_host_memory(libc=libc, environ=environ) is True


def test_refused_mallopt_reports_not_applied():
    libc = RecordingLibc(result=0)
    assert keep_freed_host_memory(libc=libc, environ={}) is False
    assert len(libc.calls) == 2


def test_no_glibc_means_nothing_to_configure(monkeypatch):
    monkeypatch.setattr(host_memory, "_process_glibc", lambda: None)
    assert keep_freed_host_memory(environ={}) is False


_RETAINED_AFTER_FREE = """
import ctypes, json
import multikeras as mk
import torch
assert type(mk.ops.add(1.0, 1.0)) is torch.Tensor  # the torch plug-in is loaded
class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]
libc = ctypes.CDLL(None)
libc.mallinfo2.restype = MallInfo2
block = torch.ones(6 * 2**20)  # 24 MiB: above glibc's starting mmap threshold, below the one set
del block
info = libc.mallinfo2()
print(json.dumps({name: getattr(info, name) for name, _ in MallInfo2._fields_}))
"""


@pytest.mark.parametrize("tuning", ["1", "0"])
def test_torch_plugin_keeps_a_freed_block_for_reuse(tuning):
    """With the thresholds set, a freed 24 MiB tensor stays in the heap for reuse; glibc's defaults unmap it."""
    environ = {name: value for name, value in os.environ.items()
               if not name.startswith("MALLOC_") and name not in ("GLIBC_TUNABLES", "LD_PRELOAD")}
    environ.update(MULTIKERAS_MALLOC_TUNING=tuning, MULTIKERAS_BACKEND="torch")
    result = subprocess.run([sys.executable, "-c", _RETAINED_AFTER_FREE], env=environ, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    free_in_heap = json.loads(result.stdout.strip().splitlines()[-1])["fordblks"]
    glibc = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"
    retained = free_in_heap >= 24 * 2**20
    assert retained == (glibc and tuning == "1"), f"{free_in_heap} bytes free in the heap with MULTIKERAS_MALLOC_TUNING={tuning}"
