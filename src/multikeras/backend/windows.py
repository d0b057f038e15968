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

import numbers
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


def adaptive_output_size(op: str, input_shape: Sequence[int | None], output_size: Any) -> tuple[int, ...]:
    """The spatial size of an adaptive pool's output, one positive int per spatial axis, or a clear error.

    ``input_shape`` is the input's full shape: batch, channels and 1 to 3 spatial axes. ``output_size``
    is an int for every spatial axis or a sequence of one int per spatial axis. The same rule on every
    backend (frameworks differ: some stretch a 1-tuple, accept 0 or floats, or fail deep inside).

    Example:
        >>> adaptive_output_size("adaptive_average_pool", (8, 7, 7, 3), 2)
        (2, 2)
        >>> adaptive_output_size("adaptive_max_pool", (8, 3, 10), [4])
        (4,)
        >>> adaptive_output_size("adaptive_max_pool", (8, 7, 7, 3), (2,))
        Traceback (most recent call last):
        ...
        ValueError: adaptive_max_pool: output_size must be an int or 2 ints (one per spatial axis of inputs of shape (8, 7, 7, 3)), received (2,)
    """
    rank = len(input_shape) - 2
    if not 1 <= rank <= 3:
        raise ValueError(
            f"{op}: expected inputs of rank 3, 4 or 5 (batch, 1 to 3 spatial axes, channels), received shape "
            f"{tuple(input_shape)}"
        )
    sizes = tuple(output_size) if isinstance(output_size, (list, tuple)) else (output_size,) * rank
    expected = f"an int or {rank} ints (one per spatial axis of inputs of shape {tuple(input_shape)})"
    if len(sizes) != rank:
        raise ValueError(f"{op}: output_size must be {expected}, received {output_size!r}")
    if not all(_is_int(size) for size in sizes):
        raise TypeError(f"{op}: output_size must be {expected}, received {output_size!r}")
    if not all(size >= 1 for size in sizes):
        raise ValueError(f"{op}: output_size must be positive, received {output_size!r}")
    return tuple(int(size) for size in sizes)


def _is_int(value: Any) -> bool:
    """A Python or NumPy integer, not a bool."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _pair(op: str, name: str, value: Any, minimum: int) -> tuple[int, int]:
    pair = tuple(value) if isinstance(value, (list, tuple)) else (value, value)
    if len(pair) == 1:
        pair = pair * 2
    if len(pair) != 2 or not all(_is_int(v) for v in pair):
        raise TypeError(f"{op}: {name} must be an int or 2 ints (height, width), received {value!r}")
    if not all(v >= minimum for v in pair):
        bound = "positive" if minimum else "non-negative"
        raise ValueError(f"{op}: {name} must be {bound}, received {value!r}")
    return int(pair[0]), int(pair[1])


def unfold_geometry(
    op: str, spatial: Sequence[int], kernel_size: Any, dilation: Any, padding: Any, stride: Any
) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int], tuple[int, int], tuple[int, int]]:
    """``(kernel, dilation, padding, stride, blocks)`` of ``unfold``/``fold`` over an ``(H, W)`` image, each a pair.

    Every argument is an int or one int per spatial axis (height, width); ``blocks`` is the number of
    window positions along each axis. The same checks on every backend: positive sizes, and a window
    (dilated, over the zero-padded image) that fits at least once.

    Example:
        >>> unfold_geometry("unfold", (5, 6), 2, 1, 0, 1)
        ((2, 2), (1, 1), (0, 0), (1, 1), (4, 5))
        >>> unfold_geometry("unfold", (5, 6), 7, 1, 0, 1)
        Traceback (most recent call last):
        ...
        ValueError: unfold: the kernel (7, 7) (dilated to (7, 7)) does not fit in the input of spatial size (5, 6) padded by (0, 0)
    """
    kernel = _pair(op, "kernel_size", kernel_size, 1)
    dilation_ = _pair(op, "dilation", dilation, 1)
    padding_ = _pair(op, "padding", padding, 0)
    stride_ = _pair(op, "stride", stride, 1)
    blocks = tuple(
        (int(size) + 2 * p - d * (k - 1) - 1) // s + 1
        for size, k, d, p, s in zip(spatial, kernel, dilation_, padding_, stride_)
    )
    if not all(b >= 1 for b in blocks):
        effective = tuple(d * (k - 1) + 1 for k, d in zip(kernel, dilation_))
        raise ValueError(
            f"{op}: the kernel {kernel} (dilated to {effective}) does not fit in the input of spatial size "
            f"{tuple(int(s) for s in spatial)} padded by {padding_}"
        )
    return kernel, dilation_, padding_, stride_, blocks  # type: ignore[return-value]


def check_fold_input(
    shape: Sequence[int], output_size: Any, kernel_size: Any, dilation: Any, padding: Any, stride: Any
) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int], tuple[int, int], tuple[int, int], int, tuple[int, int]]:
    """``(output_size, kernel, dilation, padding, stride, C, blocks)`` of ``fold`` for an input of ``shape``
    ``(N, C * kh * kw, L)``: ``unfold_geometry`` over ``output_size``, the channels ``C`` and the number of
    window positions along each axis (``blocks``, whose product is ``L``).

    Raises ``ValueError`` when the input's rank is not 3, its axis 1 is not a multiple of the kernel's
    size or ``L`` is not the number of window positions over ``output_size``.
    """
    if len(shape) != 3:
        raise ValueError(f"fold: expected an input of rank 3 (batch, channels * kernel size, blocks), received shape {tuple(shape)}")
    size = _pair("fold", "output_size", output_size, 1)
    kernel, dilation_, padding_, stride_, blocks = unfold_geometry("fold", size, kernel_size, dilation, padding, stride)
    window = kernel[0] * kernel[1]
    if shape[1] % window:
        raise ValueError(
            f"fold: axis 1 of the input ({shape[1]}) must be a multiple of the kernel size {kernel[0]} * {kernel[1]}"
        )
    if shape[2] != blocks[0] * blocks[1]:
        raise ValueError(
            f"fold: axis 2 of the input ({shape[2]}) must be the number of blocks {blocks[0]} * {blocks[1]} = "
            f"{blocks[0] * blocks[1]} that output_size={size}, kernel_size={kernel}, dilation={dilation_}, "
            f"padding={padding_} and stride={stride_} give"
        )
    return size, kernel, dilation_, padding_, stride_, shape[1] // window, blocks  # type: ignore[return-value]


def check_unfold_input(shape: Sequence[int]) -> None:
    """``unfold`` takes ``(N, C, H, W)`` images: raise ``ValueError`` for any other rank."""
    if len(shape) != 4:
        raise ValueError(f"unfold: expected an input of rank 4 (batch, channels, height, width), received shape {tuple(shape)}")
