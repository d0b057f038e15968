"""Shape rules of sliding-window ops (convolutions, pooling) shared by every backend.

A "valid" window that does not fit in the input would give an empty output
(and, on some frameworks, a crash or a wrong shape). The contract is one
``ValueError`` on every backend instead, naming the op, the input's spatial
size and the window's size. Backends call :func:`check_valid_window` with the
static shapes they know; the public ops' error handler
(``multikeras.ops._dispatch``) words the error the same way from the
arguments alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def _ints(value: Any, rank: int) -> tuple[int | None, ...]:
    if isinstance(value, (list, tuple)):
        values = tuple(None if v is None else int(v) for v in value)
        return values * rank if len(values) == 1 else values
    return (None if value is None else int(value),) * rank


def valid_window_problem(
    spatial: Sequence[int | None],
    window: Any,
    dilation: Any = 1,
    padding: str = "valid",
    kind: str = "kernel",
) -> str | None:
    """Why a ``padding`` window of ``window`` (dilated by ``dilation``) cannot slide over ``spatial``, or ``None``.

    Unknown (``None``) dimensions are not checked.
    """
    if not isinstance(padding, str) or padding.lower() != "valid":
        return None
    spatial = tuple(None if s is None else int(s) for s in spatial)
    rank = len(spatial)
    window = _ints(window, rank)
    dilation = _ints(dilation, rank)
    if len(window) != rank or len(dilation) != rank:
        return None
    if None in window or None in dilation:
        return None
    effective = tuple((k - 1) * d + 1 for k, d in zip(window, dilation))
    if all(s is None or e <= s for s, e in zip(spatial, effective)):
        return None
    dilated = f" (dilated to {effective})" if effective != window else ""
    return (
        f"with padding='valid' the {kind} size {window}{dilated} is larger than the input spatial size "
        f"{spatial}, so the output would be empty; use a smaller {kind}, a larger input or padding='same'"
    )


def check_valid_window(
    op: str,
    spatial: Sequence[int | None],
    window: Any,
    dilation: Any = 1,
    padding: str = "valid",
    kind: str = "kernel",
) -> None:
    """Raise ``ValueError`` when a "valid" window does not fit in the input."""
    problem = valid_window_problem(spatial, window, dilation, padding, kind)
    if problem is not None:
        raise ValueError(f"{op}: {problem}")
