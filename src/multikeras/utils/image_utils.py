"""Image files to and from arrays: `load_img`, `save_img`, `img_to_array`, `array_to_img` (Pillow).

Pillow is an optional dependency (``pip install "multikeras[image]"``); it is
imported by these functions when they run, never by ``import multikeras``.
"""

from __future__ import annotations

import io
import os
import pathlib
import warnings
from typing import Any

import numpy as np

from multikeras.backend import config

_INTERPOLATIONS = ("nearest", "bilinear", "bicubic", "hamming", "box", "lanczos")
_COLOR_MODES = ("grayscale", "rgb", "rgba")


def pil_image(function: str) -> Any:
    """Pillow's ``PIL.Image`` module, or an ImportError naming the extra that installs it."""
    try:
        from PIL import Image
    except ImportError as error:
        raise ImportError(
            f"multikeras.utils.{function} needs Pillow, which is not installed. Install it with "
            '`pip install "multikeras[image]"` (or `pip install pillow`).'
        ) from error
    return Image


def _check_color_mode(function: str, color_mode: Any) -> None:
    if color_mode not in _COLOR_MODES:
        raise ValueError(f"{function}: `color_mode` must be one of {_COLOR_MODES}; received color_mode={color_mode!r}.")


def convert_color_mode(image: Any, color_mode: str) -> Any:
    """``image`` in ``color_mode``; 16- and 32-bit grayscale images stay as they are for ``"grayscale"``."""
    if color_mode == "grayscale":
        return image if image.mode in ("L", "I;16", "I") else image.convert("L")
    wanted = color_mode.upper()
    return image if image.mode == wanted else image.convert(wanted)


def load_img(
    path: str | os.PathLike[str] | bytes | io.BytesIO,
    color_mode: str = "rgb",
    target_size: tuple[int, int] | None = None,
    interpolation: str = "nearest",
    keep_aspect_ratio: bool = False,
) -> Any:
    """Load an image file into a PIL image.

    Args:
        path: a file path, or an ``io.BytesIO`` holding an encoded image.
        color_mode: ``"rgb"``, ``"rgba"`` or ``"grayscale"``.
        target_size: ``(height, width)`` to resize to, or ``None``.
        interpolation: Pillow resampling used to resize: ``"nearest"``,
            ``"bilinear"``, ``"bicubic"``, ``"hamming"``, ``"box"`` or ``"lanczos"``.
        keep_aspect_ratio: crop the centre of the image to the aspect ratio
            of ``target_size`` before resizing, instead of stretching it.

    Returns:
        A ``PIL.Image.Image``.

    Raises:
        ImportError: when Pillow is not installed.

    Example:
        >>> import io, numpy as np
        >>> buffer = io.BytesIO()
        >>> save_img(buffer, np.zeros((4, 6, 3)), file_format="png")
        >>> load_img(buffer, target_size=(2, 3)).size  # (width, height)
        (3, 2)
    """
    image_module = pil_image("load_img")
    _check_color_mode("load_img", color_mode)
    if isinstance(path, io.BytesIO):
        image = image_module.open(path)
    elif isinstance(path, (str, bytes, pathlib.Path, os.PathLike)):
        with open(path, "rb") as file:  # read it all now, so the file is closed when we return
            image = image_module.open(io.BytesIO(file.read()))
    else:
        raise TypeError(f"load_img: `path` must be a path or an io.BytesIO; received {type(path).__name__}.")
    image = convert_color_mode(image, color_mode)
    if target_size is None:
        return image
    width_height = (int(target_size[1]), int(target_size[0]))
    if image.size == width_height:
        return image
    if interpolation not in _INTERPOLATIONS:
        raise ValueError(
            f"load_img: `interpolation` must be one of {_INTERPOLATIONS}; received interpolation={interpolation!r}."
        )
    resample = getattr(image_module.Resampling, interpolation.upper())
    if not keep_aspect_ratio:
        return image.resize(width_height, resample)
    width, height = image.size
    crop_height = min(height, (width * width_height[1]) // width_height[0])
    crop_width = min(width, (height * width_height[0]) // width_height[1])
    left, top = (width - crop_width) // 2, (height - crop_height) // 2
    return image.resize(width_height, resample, box=(left, top, left + crop_width, top + crop_height))


def img_to_array(img: Any, data_format: str | None = None, dtype: str | None = None) -> np.ndarray:
    """A PIL image (or anything array-like) as a rank-3 array, ``(height, width, channels)`` by default.

    Args:
        img: a PIL image, or an array of rank 2 (grayscale) or 3.
        data_format: ``"channels_last"`` or ``"channels_first"`` (default:
            ``multikeras.config.image_data_format()``).
        dtype: dtype of the result (default: ``multikeras.config.floatx()``).

    Returns:
        A NumPy array of rank 3.

    Example:
        >>> import numpy as np
        >>> img_to_array(np.zeros((4, 6), "uint8"), data_format="channels_first").shape
        (1, 4, 6)
    """
    data_format = config.standardize_data_format(data_format)
    array = np.asarray(img, dtype=dtype or config.floatx())
    if array.ndim == 2:
        return array[None] if data_format == "channels_first" else array[..., None]
    if array.ndim != 3:
        raise ValueError(f"img_to_array: expected an image of rank 2 or 3; received shape {array.shape}.")
    return array.transpose(2, 0, 1) if data_format == "channels_first" else array


def array_to_img(x: Any, data_format: str | None = None, scale: bool = True, dtype: str | None = None) -> Any:
    """A rank-3 array as a PIL image (1 channel: ``"L"`` or 32-bit ``"I"``; 3: ``"RGB"``; 4: ``"RGBA"``).

    Args:
        x: array (or tensor) of rank 3.
        data_format: layout of ``x`` (default: ``multikeras.config.image_data_format()``).
        scale: rescale the values linearly to 0..255 (minimum to 0, maximum to 255).
        dtype: dtype ``x`` is converted to first (default: ``multikeras.config.floatx()``).

    Returns:
        A ``PIL.Image.Image``.

    Raises:
        ImportError: when Pillow is not installed.

    Example:
        >>> import numpy as np
        >>> array_to_img(np.ones((2, 3, 3))).size
        (3, 2)
    """
    image_module = pil_image("array_to_img")
    data_format = config.standardize_data_format(data_format)
    x = np.array(_host(x), dtype=dtype or config.floatx())  # a copy: scaling works in place
    if x.ndim != 3:
        raise ValueError(f"array_to_img: expected an image of rank 3 (one image); received shape {x.shape}.")
    if data_format == "channels_first":
        x = x.transpose(1, 2, 0)
    if scale:
        x -= np.min(x)
        largest = np.max(x)
        if largest != 0:
            x /= largest
        x *= 255
    channels = x.shape[2]
    if channels in (3, 4):
        return image_module.fromarray(x.astype("uint8"), "RGB" if channels == 3 else "RGBA")
    if channels == 1:
        if np.max(x) > 255:  # beyond 8 bits: Pillow's 32-bit integer grayscale mode
            return image_module.fromarray(x[:, :, 0].astype("int32"), "I")
        return image_module.fromarray(x[:, :, 0].astype("uint8"), "L")
    raise ValueError(f"array_to_img: expected 1, 3 or 4 channels; received shape {x.shape} ({data_format}).")


def save_img(
    path: str | os.PathLike[str] | io.BytesIO,
    x: Any,
    data_format: str | None = None,
    file_format: str | None = None,
    scale: bool = True,
    **kwargs: Any,
) -> None:
    """Save a rank-3 array as an image file (see :func:`array_to_img` for the conversion).

    Args:
        path: file path or writable binary file object.
        x: array (or tensor) of rank 3.
        data_format: layout of ``x`` (default: ``multikeras.config.image_data_format()``).
        file_format: e.g. ``"png"`` or ``"jpeg"``; default: the extension of ``path``.
        scale: rescale the values to 0..255 first.
        **kwargs: passed to ``PIL.Image.Image.save`` (e.g. ``quality``).

    Example:
        >>> import io, numpy as np
        >>> buffer = io.BytesIO()
        >>> save_img(buffer, np.zeros((2, 2, 1)), file_format="png")
        >>> buffer.getvalue()[1:4]
        b'PNG'
    """
    if file_format is None and isinstance(path, (str, pathlib.Path)):
        file_format = pathlib.Path(path).suffix[1:].lower() or None
    if file_format is not None and file_format.lower() == "jpg":
        file_format = "jpeg"
    image = array_to_img(x, data_format=data_format, scale=scale)
    if image.mode == "RGBA" and file_format == "jpeg":
        warnings.warn("save_img: JPEG cannot store an alpha channel; saving the image as RGB.", stacklevel=2)
        image = image.convert("RGB")
    image.save(path, format=file_format, **kwargs)


def _host(x: Any) -> Any:
    detach = getattr(x, "detach", None)
    return detach().cpu() if callable(detach) else x
