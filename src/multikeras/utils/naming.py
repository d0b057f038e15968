"""Automatic names: one per-process counter per prefix, shared by layers, metrics and ``get_uid``."""

from __future__ import annotations

import gc
import threading

_lock = threading.Lock()
_counts: dict[str, int] = {}


def get_uid(prefix: str = "") -> int:
    """How many times ``prefix`` has been counted, this call included: 1, 2, 3 ...

    Automatic layer names count here too, so a model's second ``Dense``
    (``dense_1``) has counted ``"dense"`` twice.

    Example:
        >>> get_uid("docs_example_uid"), get_uid("docs_example_uid")
        (1, 2)
    """
    with _lock:
        count = _counts.get(prefix, 0) + 1
        _counts[prefix] = count
    return count


def unique_name(base: str) -> str:
    """``base``, then ``base_1``, ``base_2`` ... (per process, until :func:`clear_session`), as Keras names layers.

    Example:
        >>> unique_name("docs_example_name"), unique_name("docs_example_name")
        ('docs_example_name', 'docs_example_name_1')
    """
    count = get_uid(base)
    return base if count == 1 else f"{base}_{count - 1}"


def clear_session(free_memory: bool = True) -> None:
    """Forget the automatic names given so far (the next ``Dense()`` is ``dense`` again), and with
    ``free_memory`` run Python's garbage collector so that unreachable models release their arrays.

    Example:
        >>> unique_name("docs_example_session"), unique_name("docs_example_session")
        ('docs_example_session', 'docs_example_session_1')
        >>> clear_session()
        >>> unique_name("docs_example_session")
        'docs_example_session'
    """
    with _lock:
        _counts.clear()
    if free_memory:
        gc.collect()
