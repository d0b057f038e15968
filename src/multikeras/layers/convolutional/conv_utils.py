"""Argument checks and output-size arithmetic shared by convolution and pooling layers.

Everything here is pure Python on shapes: no tensor is touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras.backend.config import image_data_format

DATA_FORMATS = ("channels_last", "channels_first")


def _where(layer: Any) -> str:
    return f"{type(layer).__name__} '{layer.name}'"


def normalize_tuple(value: Any, n: int, argument: str, layer: Any, allow_zero: bool = False) -> tuple[int, ...]:
    """``value`` (an int or a sequence of ``n`` ints) as a tuple of ``n`` ints, each > 0 (>= 0 with ``allow_zero``).

    Example:
        >>> class Fake:
        ...     name = "conv"
        >>> normalize_tuple(3, 2, "kernel_size", Fake()), normalize_tuple([1, 2], 2, "strides", Fake())
        ((3, 3), (1, 2))
    """
    if isinstance(value, bool):
        values: Any = None
    elif isinstance(value, int):
        values = (value,) * n
    elif isinstance(value, Sequence) and not isinstance(value, str):
        values = tuple(value)
    else:
        values = None
    lowest = 0 if allow_zero else 1
    valid = (
        values is not None
        and len(values) == n
        and all(isinstance(v, int) and not isinstance(v, bool) and v >= lowest for v in values)
    )
    if not valid:
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(
            f"{_where(layer)}: `{argument}` must be an int or a tuple of {n} ints, each {bound}, "
            f"received {argument}={value!r}."
        )
    return tuple(int(v) for v in values)


def standardize_padding(padding: Any, layer: Any, allowed: Sequence[str] = ("valid", "same")) -> str:
    """``padding`` lower-cased, checked against ``allowed``."""
    normalized = padding.lower() if isinstance(padding, str) else padding
    if normalized not in allowed:
        raise ValueError(f"{_where(layer)}: `padding` must be one of {tuple(allowed)}, received padding={padding!r}.")
    return normalized


def standardize_data_format(data_format: Any, layer: Any) -> str:
    """``data_format`` checked and lower-cased; ``None`` gives the global ``image_data_format()``."""
    if data_format is None:
        return image_data_format()
    normalized = data_format.lower() if isinstance(data_format, str) else data_format
    if normalized not in DATA_FORMATS:
        raise ValueError(
            f"{_where(layer)}: `data_format` must be one of {DATA_FORMATS} or None, "
            f"received data_format={data_format!r}."
        )
    return normalized


def normalize_window(kernel_size: Any, strides: Any, dilation_rate: Any, rank: int,
                     layer: Any) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """``(kernel_size, strides, dilation_rate)`` as tuples of ``rank`` positive ints; strides and dilations both
    above 1 are refused (not every framework computes that combination alike, so one semantics means none).

    Example:
        >>> class Fake:
        ...     name = "conv"
        >>> normalize_window(3, 1, 2, 2, Fake())
        ((3, 3), (1, 1), (2, 2))
    """
    kernel = normalize_tuple(kernel_size, rank, "kernel_size", layer)
    stride = normalize_tuple(strides, rank, "strides", layer)
    dilation = normalize_tuple(dilation_rate, rank, "dilation_rate", layer)
    if max(stride) > 1 and max(dilation) > 1:
        raise ValueError(
            f"{_where(layer)}: `strides` > 1 cannot be combined with `dilation_rate` > 1, "
            f"received strides={strides!r} and dilation_rate={dilation_rate!r}."
        )
    return kernel, stride, dilation


def check_positive_int(value: Any, argument: str, layer: Any) -> int:
    """``value`` if it is an int > 0, else a ValueError naming the layer and the value."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{_where(layer)}: `{argument}` must be a positive int, received {argument}={value!r}.")
    return value


def spatial_axes(rank: int, data_format: str) -> tuple[int, ...]:
    """Axes of the spatial dimensions in an input of ``rank`` spatial dimensions (batch axis included)."""
    return tuple(range(1, rank + 1)) if data_format == "channels_last" else tuple(range(2, rank + 2))


def channel_axis(data_format: str) -> int:
    return -1 if data_format == "channels_last" else 1


def conv_output_length(length: int | None, kernel: int, padding: str, stride: int, dilation: int = 1) -> int | None:
    """Length of a convolution (or pooling) output along one axis; ``None`` stays ``None``.

    Example:
        >>> conv_output_length(7, 3, "valid", 2), conv_output_length(7, 3, "same", 2)
        (3, 4)
        >>> conv_output_length(None, 3, "same", 1) is None
        True
    """
    if length is None:
        return None
    effective = (kernel - 1) * dilation + 1
    if padding == "valid":
        return (length - effective) // stride + 1
    return (length + stride - 1) // stride  # "same" and "causal"


def conv_transpose_output_length(
    length: int | None, kernel: int, padding: str, stride: int, dilation: int = 1, output_padding: int | None = None
) -> int | None:
    """Length of a transposed-convolution output along one axis (Keras's rule); ``None`` stays ``None``.

    Example:
        >>> conv_transpose_output_length(5, 3, "valid", 2)
        11
        >>> conv_transpose_output_length(5, 3, "same", 2, output_padding=0)
        9
    """
    if length is None:
        return None
    effective = (kernel - 1) * dilation + 1
    if output_padding is None:
        if padding == "valid":
            return length * stride + max(effective - stride, 0)
        return length * stride
    pad = effective // 2 if padding == "same" else 0
    return (length - 1) * stride + effective - 2 * pad + output_padding


def check_output_sizes(
    layer: Any, input_shape: Sequence[int | None], output_spatial: Sequence[int | None], window_description: str
) -> None:
    """Raise a ValueError when an output spatial size would be zero or negative."""
    if any(size is not None and size <= 0 for size in output_spatial):
        raise ValueError(
            f"{_where(layer)}: the input is too small; the output spatial size would be {tuple(output_spatial)}. "
            f"Received input shape {tuple(input_shape)} with {window_description}."
        )
