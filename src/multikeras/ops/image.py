"""``multikeras.ops.image``: generated from ``ops/catalog.py``; do not edit.

Regenerate with ``python tools/generate_ops.py``.
"""

# fmt: off
from __future__ import annotations

from typing import Any

from multikeras.backend.selection import _override, _process_backend
from multikeras.ops._dispatch import handle_failure as _failed
from multikeras.ops.types import Array, ArrayLike, Axis, DTypeLike, Shape

_active = _override.get

__all__ = ['affine_transform', 'crop_images', 'extract_patches', 'gaussian_blur', 'hsv_to_rgb', 'map_coordinates', 'pad_images', 'resize', 'rgb_to_grayscale', 'rgb_to_hsv', 'sobel_edges', 'ssim']


def affine_transform(images: ArrayLike, transform: ArrayLike, interpolation='bilinear', fill_mode='constant', fill_value: ArrayLike = 0, data_format: str | None = None) -> Array:
    """Keras 3 ``keras.ops.affine_transform`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).affine_transform(images, transform, interpolation, fill_mode, fill_value, data_format)
    except Exception as error:
        return _failed('affine_transform', error, {'images': images, 'transform': transform, 'interpolation': interpolation, 'fill_mode': fill_mode, 'fill_value': fill_value, 'data_format': data_format})


def crop_images(images: ArrayLike, top_cropping=None, left_cropping=None, bottom_cropping=None, right_cropping=None, target_height=None, target_width=None, data_format: str | None = None) -> Array:
    """Keras 3 ``keras.ops.crop_images`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).crop_images(images, top_cropping, left_cropping, bottom_cropping, right_cropping, target_height, target_width, data_format)
    except Exception as error:
        return _failed('crop_images', error, {'images': images, 'top_cropping': top_cropping, 'left_cropping': left_cropping, 'bottom_cropping': bottom_cropping, 'right_cropping': right_cropping, 'target_height': target_height, 'target_width': target_width, 'data_format': data_format})


def extract_patches(images: ArrayLike, size, strides=None, dilation_rate=1, padding: str = 'valid', data_format: str | None = None) -> Array:
    """Keras 3 ``keras.ops.extract_patches`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).extract_patches(images, size, strides, dilation_rate, padding, data_format)
    except Exception as error:
        return _failed('extract_patches', error, {'images': images, 'size': size, 'strides': strides, 'dilation_rate': dilation_rate, 'padding': padding, 'data_format': data_format})


def gaussian_blur(images: ArrayLike, kernel_size=(3, 3), sigma=(1.0, 1.0), data_format: str | None = None) -> Array:
    """Keras 3 ``keras.ops.gaussian_blur`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).gaussian_blur(images, kernel_size, sigma, data_format)
    except Exception as error:
        return _failed('gaussian_blur', error, {'images': images, 'kernel_size': kernel_size, 'sigma': sigma, 'data_format': data_format})


def hsv_to_rgb(images: ArrayLike, data_format: str | None = None) -> Array:
    """Keras 3 ``keras.ops.hsv_to_rgb`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).hsv_to_rgb(images, data_format)
    except Exception as error:
        return _failed('hsv_to_rgb', error, {'images': images, 'data_format': data_format})


def map_coordinates(inputs: ArrayLike, coordinates: ArrayLike, order, fill_mode='constant', fill_value: ArrayLike = 0) -> Array:
    """Keras 3 ``keras.ops.map_coordinates`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).map_coordinates(inputs, coordinates, order, fill_mode, fill_value)
    except Exception as error:
        return _failed('map_coordinates', error, {'inputs': inputs, 'coordinates': coordinates, 'order': order, 'fill_mode': fill_mode, 'fill_value': fill_value})


def pad_images(images: ArrayLike, top_padding=None, left_padding=None, bottom_padding=None, right_padding=None, target_height=None, target_width=None, data_format: str | None = None) -> Array:
    """Keras 3 ``keras.ops.pad_images`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).pad_images(images, top_padding, left_padding, bottom_padding, right_padding, target_height, target_width, data_format)
    except Exception as error:
        return _failed('pad_images', error, {'images': images, 'top_padding': top_padding, 'left_padding': left_padding, 'bottom_padding': bottom_padding, 'right_padding': right_padding, 'target_height': target_height, 'target_width': target_width, 'data_format': data_format})


def resize(images: ArrayLike, size, interpolation='bilinear', antialias=False, crop_to_aspect_ratio=False, pad_to_aspect_ratio=False, fill_mode='constant', fill_value: ArrayLike = 0.0, data_format: str | None = None) -> Array:
    """Keras 3 ``keras.ops.resize`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).resize(images, size, interpolation, antialias, crop_to_aspect_ratio, pad_to_aspect_ratio, fill_mode, fill_value, data_format)
    except Exception as error:
        return _failed('resize', error, {'images': images, 'size': size, 'interpolation': interpolation, 'antialias': antialias, 'crop_to_aspect_ratio': crop_to_aspect_ratio, 'pad_to_aspect_ratio': pad_to_aspect_ratio, 'fill_mode': fill_mode, 'fill_value': fill_value, 'data_format': data_format})


def rgb_to_grayscale(images: ArrayLike, data_format: str | None = None) -> Array:
    """Keras 3 ``keras.ops.rgb_to_grayscale`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).rgb_to_grayscale(images, data_format)
    except Exception as error:
        return _failed('rgb_to_grayscale', error, {'images': images, 'data_format': data_format})


def rgb_to_hsv(images: ArrayLike, data_format: str | None = None) -> Array:
    """Keras 3 ``keras.ops.rgb_to_hsv`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).rgb_to_hsv(images, data_format)
    except Exception as error:
        return _failed('rgb_to_hsv', error, {'images': images, 'data_format': data_format})


def sobel_edges(images: ArrayLike, data_format: str | None = None) -> Array:
    """Keras 3 ``keras.ops.sobel_edges`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).sobel_edges(images, data_format)
    except Exception as error:
        return _failed('sobel_edges', error, {'images': images, 'data_format': data_format})


def ssim(image1: ArrayLike, image2: ArrayLike, max_val=1.0, filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03, data_format: str | None = None) -> Array:
    """Keras 3 ``keras.ops.ssim`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).ssim(image1, image2, max_val, filter_size, filter_sigma, k1, k2, data_format)
    except Exception as error:
        return _failed('ssim', error, {'image1': image1, 'image2': image2, 'max_val': max_val, 'filter_size': filter_size, 'filter_sigma': filter_sigma, 'k1': k1, 'k2': k2, 'data_format': data_format})
