"""NumPy references for the image preprocessing tests: half-pixel bilinear/nearest resizing (no antialiasing)
and Keras's crop/pad to an aspect ratio, on channels-last batches."""

from __future__ import annotations

import numpy as np


def _linear_weights(in_size: int, out_size: int) -> np.ndarray:
    """``(out_size, in_size)`` matrix of half-pixel-centre linear interpolation, clamped at the edges."""
    matrix = np.zeros((out_size, in_size))
    for i in range(out_size):
        source = np.clip((i + 0.5) * in_size / out_size - 0.5, 0, in_size - 1)
        low = int(np.floor(source))
        high = min(low + 1, in_size - 1)
        matrix[i, low] += 1 - (source - low)
        matrix[i, high] += source - low
    return matrix


def _nearest_weights(in_size: int, out_size: int) -> np.ndarray:
    matrix = np.zeros((out_size, in_size))
    for i in range(out_size):
        matrix[i, min(int(np.floor((i + 0.5) * in_size / out_size)), in_size - 1)] = 1.0
    return matrix


def resize(images: np.ndarray, height: int, width: int, interpolation: str = "bilinear") -> np.ndarray:
    """Resize a channels-last batch ``(n, h, w, c)``."""
    weights = _linear_weights if interpolation == "bilinear" else _nearest_weights
    rows, cols = weights(images.shape[1], height), weights(images.shape[2], width)
    return np.einsum("ih,nhwc,jw->nijc", rows, images.astype("float64"), cols)


def crop_to_aspect_ratio(images: np.ndarray, height: int, width: int) -> np.ndarray:
    in_h, in_w = images.shape[1:3]
    crop_h = max(min(in_h, int(in_w * height / width)), 1)
    crop_w = max(min(in_w, int(in_h * width / height)), 1)
    top, left = (in_h - crop_h) // 2, (in_w - crop_w) // 2
    return images[:, top:top + crop_h, left:left + crop_w]


def pad_to_aspect_ratio(images: np.ndarray, height: int, width: int, fill_value: float) -> np.ndarray:
    in_h, in_w = images.shape[1:3]
    pad_h = (max(in_h, int(in_w * height / width)) - in_h) // 2
    pad_w = (max(in_w, int(in_h * width / height)) - in_w) // 2
    return np.pad(images, [(0, 0), (pad_h, pad_h), (pad_w, pad_w), (0, 0)], constant_values=fill_value)


def channels_first(reference):
    """A channels-last reference turned into one for channels-first batches."""
    return lambda images, *args: np.moveaxis(reference(np.moveaxis(images, 1, -1), *args), -1, 1)
