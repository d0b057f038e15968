"""Argument rules of the image ops that every backend plug-in shares.

``perspective_transform``, ``elastic_transform``, ``scale_and_translate`` and
``extract_patches_3d`` check their arguments here, from plain Python values
and shapes, so that each backend raises the same error for the same mistake;
the plug-ins then do the array work with their own framework. The window and
padding of ``resize``'s ``crop_to_aspect_ratio``/``pad_to_aspect_ratio`` are
computed here too, once for the plug-ins and the preprocessing layers.

This module imports nothing but the standard library.

Example:
    >>> scale_and_translate_kernel("trilinear")
    'linear'
    >>> patch_3d_arguments(2, None, 1)
    ((2, 2, 2), (2, 2, 2), (1, 1, 1))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

INTERPOLATIONS = ("nearest", "bilinear")
FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")
_SCALE_AND_TRANSLATE_KERNELS = {
    "linear": "linear",
    "bilinear": "linear",
    "trilinear": "linear",
    "triangle": "linear",
    "cubic": "cubic",
    "bicubic": "cubic",
    "tricubic": "cubic",
    "lanczos3": "lanczos3",
    "lanczos5": "lanczos5",
}
SCALE_AND_TRANSLATE_METHODS = tuple(_SCALE_AND_TRANSLATE_KERNELS)
KERNEL_RADIUS = {"linear": 1.0, "cubic": 2.0, "lanczos3": 3.0, "lanczos5": 5.0}
"""Support half-width of each ``scale_and_translate`` kernel, in input pixels (before antialiasing)."""


def check_interpolation(op: str, interpolation: Any) -> int:
    """The ``map_coordinates`` order of ``interpolation`` (0 nearest, 1 bilinear)."""
    if interpolation not in INTERPOLATIONS:
        raise ValueError(f"{op}: `interpolation` must be one of {INTERPOLATIONS}, received {interpolation!r}")
    return INTERPOLATIONS.index(interpolation)


def check_fill_mode(op: str, fill_mode: Any) -> str:
    if fill_mode not in FILL_MODES:
        raise ValueError(f"{op}: `fill_mode` must be one of {FILL_MODES}, received {fill_mode!r}")
    return fill_mode


def check_image_rank(op: str, shape: Sequence[Any]) -> None:
    if len(shape) not in (3, 4):
        raise ValueError(
            f"{op}: expected images of rank 3 (one image) or 4 (a batch), received shape {tuple(shape)}"
        )


def check_points(start_shape: Sequence[Any], end_shape: Sequence[Any]) -> None:
    """``perspective_transform``'s corner arrays: ``(4, 2)`` or ``(batch, 4, 2)``, one shape for both."""
    for name, shape in (("start_points", tuple(start_shape)), ("end_points", tuple(end_shape))):
        if len(shape) not in (2, 3) or tuple(shape[-2:]) != (4, 2):
            raise ValueError(
                f"perspective_transform: `{name}` must have shape (4, 2) or (batch, 4, 2), received {shape}"
            )
    if tuple(start_shape) != tuple(end_shape):
        raise ValueError(
            f"perspective_transform: `start_points` and `end_points` must have one shape, "
            f"received {tuple(start_shape)} and {tuple(end_shape)}"
        )


def elastic_kernel_size(sigma: Any) -> int:
    """Side of the square Gaussian window that smooths the displacement field: ``int(6 sigma)``, made odd."""
    sigma = float(sigma)
    if not sigma > 0:
        raise ValueError(f"elastic_transform: `sigma` must be positive, received {sigma!r}")
    return int(6 * sigma) | 1


def scale_and_translate_kernel(method: Any) -> str:
    """The kernel (``linear``, ``cubic``, ``lanczos3``, ``lanczos5``) that ``method`` names."""
    if method not in _SCALE_AND_TRANSLATE_KERNELS:
        raise ValueError(
            f"scale_and_translate: `method` must be one of {SCALE_AND_TRANSLATE_METHODS}, received {method!r}"
        )
    return _SCALE_AND_TRANSLATE_KERNELS[method]


def scale_and_translate_dims(
    input_shape: Sequence[int], output_shape: Any, spatial_dims: Any, scale_size: int | None, translation_size: int | None
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Normalized ``(output_shape, spatial_dims)``; ``output_shape`` is read on ``spatial_dims`` only."""
    rank = len(input_shape)
    output_shape = tuple(int(d) for d in output_shape)
    if len(output_shape) != rank:
        raise ValueError(
            f"scale_and_translate: `output_shape` must have one entry per dimension of `images` ({rank}), "
            f"received {output_shape}"
        )
    dims = tuple(int(d) for d in spatial_dims)
    if any(not -rank <= d < rank for d in dims):
        raise ValueError(f"scale_and_translate: `spatial_dims` {dims} out of range for images of rank {rank}")
    dims = tuple(d % rank for d in dims)
    if len(set(dims)) != len(dims):
        raise ValueError(f"scale_and_translate: `spatial_dims` repeats a dimension: {tuple(spatial_dims)}")
    for name, size in (("scale", scale_size), ("translation", translation_size)):
        if size is not None and size != len(dims):
            raise ValueError(
                f"scale_and_translate: `{name}` must have one value per spatial dimension ({len(dims)}), "
                f"received {size}"
            )
    # Dimensions outside ``spatial_dims`` keep the input's size whatever ``output_shape`` says there
    # (as in Keras; it also lets a symbolic batch dimension through).
    return output_shape, dims


def _triple(value: Any, name: str) -> tuple[int, int, int]:
    if isinstance(value, bool):
        raise TypeError(f"extract_patches_3d: `{name}` must be an int or 3 ints, received {value!r}")
    if isinstance(value, int) or (hasattr(value, "__index__") and not isinstance(value, (list, tuple))):
        return (int(value),) * 3  # type: ignore[return-value]
    values = tuple(int(v) for v in value)
    if len(values) != 3:
        raise ValueError(f"extract_patches_3d: `{name}` must be an int or 3 ints, received {value!r}")
    return values  # type: ignore[return-value]


def patch_3d_arguments(size: Any, strides: Any, dilation_rate: Any) -> tuple[tuple[int, int, int], ...]:
    """``(size, strides, dilation)`` of ``extract_patches_3d`` as int triples (``strides=None`` means ``size``)."""
    patch = _triple(size, "size")
    step = patch if strides is None else _triple(strides, "strides")
    dilation = _triple(dilation_rate, "dilation_rate")
    if min(patch + step + dilation) < 1:
        raise ValueError(
            f"extract_patches_3d: `size`, `strides` and `dilation_rate` must be positive, "
            f"received {patch}, {step}, {dilation}"
        )
    return patch, step, dilation


def check_padding(op: str, padding: Any) -> str:
    padding = str(padding).lower()
    if padding not in ("valid", "same"):
        raise ValueError(f"{op}: `padding` must be 'valid' or 'same', received {padding!r}")
    return padding


def check_volume_rank(shape: Sequence[Any]) -> None:
    if len(shape) not in (4, 5):
        raise ValueError(
            f"extract_patches_3d: expected volumes of rank 4 (one volume) or 5 (a batch), received shape {tuple(shape)}"
        )


def aspect_ratio_window(in_h: Any, in_w: Any, height: Any, width: Any, smaller: Callable[[Any, Any], Any] = min,
                        larger: Callable[[Any, Any], Any] = max) -> tuple[Any, Any, Any, Any]:
    """``(top, left, crop_h, crop_w)`` of the largest centered window of an ``in_h`` x ``in_w`` image with the aspect
    ratio ``height / width``, Keras's rounding (sizes and offsets floored, at least 1 pixel).

    Sizes known only at run time (scalar tensors in a graph) work with a ``smaller``/``larger`` that take them.

    Example:
        >>> aspect_ratio_window(8, 6, 2, 1)
        (0, 1, 8, 4)
    """
    crop_h = larger(smaller(in_h, in_w * height // width), 1)
    crop_w = larger(smaller(in_w, in_h * width // height), 1)
    return (in_h - crop_h) // 2, (in_w - crop_w) // 2, crop_h, crop_w


def aspect_ratio_padding(in_h: Any, in_w: Any, height: Any, width: Any,
                         larger: Callable[[Any, Any], Any] = max) -> tuple[Any, Any]:
    """``(pad_h, pad_w)``: the padding on each side of each axis toward the aspect ratio ``height / width``, Keras's
    rounding (the odd pixel of an odd difference is dropped). ``larger`` as in :func:`aspect_ratio_window`.

    Example:
        >>> aspect_ratio_padding(8, 6, 1, 1)
        (0, 1)
    """
    pad_h = (larger(in_h, in_w * height // width) - in_h) // 2
    pad_w = (larger(in_w, in_h * width // height) - in_w) // 2
    return pad_h, pad_w
