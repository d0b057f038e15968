"""Image ops of the TensorFlow backend (``tf.image`` where it matches Keras semantics).

Images are ``(batch, height, width, channels)`` or unbatched
``(height, width, channels)`` for ``channels_last``; ``channels_first``
inputs are moved to channels-last around TensorFlow calls.
"""

from __future__ import annotations

import builtins
import itertools
from typing import Any

import numpy as np
import tensorflow as tf

from multikeras.backend import config, image_args
from multikeras.backends.tensorflow.core import convert_to_tensor, dynamic_shape, scalar, to_float

_t = convert_to_tensor
_HALF = (tf.float16, tf.bfloat16)


def _fmt(data_format: Any) -> str:
    return config.standardize_data_format(data_format)


def _batched_last(images: Any, data_format: Any, name: str) -> tuple[tf.Tensor, bool, str]:
    """Images as a channels-last 4-D batch; remembers how to undo it."""
    x = _t(images)
    data_format = _fmt(data_format)
    if x.shape.rank not in (3, 4):
        raise ValueError(f"{name}: expected images of rank 3 (unbatched) or 4 (batched), received shape {tuple(x.shape)}")
    unbatched = x.shape.rank == 3
    if unbatched:
        x = x[None]
    if data_format == "channels_first":
        x = tf.transpose(x, [0, 2, 3, 1])
    return x, unbatched, data_format


def _restore(x: tf.Tensor, unbatched: bool, data_format: str) -> tf.Tensor:
    if data_format == "channels_first":
        x = tf.transpose(x, [0, 3, 1, 2])
    return x[0] if unbatched else x


def _cast_back(x: tf.Tensor, dtype: tf.DType) -> tf.Tensor:
    if x.dtype == dtype:
        return x
    if dtype.is_integer:
        x = tf.round(x)
        return tf.cast(tf.clip_by_value(x, scalar(dtype.min, x.dtype), scalar(dtype.max, x.dtype)), dtype)
    return tf.cast(x, dtype)


def rgb_to_grayscale(images: Any, data_format: Any = None) -> tf.Tensor:
    x, unbatched, data_format = _batched_last(images, data_format, "rgb_to_grayscale")
    if x.shape[-1] is not None and x.shape[-1] != 3:
        raise ValueError(f"rgb_to_grayscale: expected 3 channels, received {x.shape[-1]}")
    dtype = x.dtype
    work = tf.cast(x, tf.float32) if not dtype.is_floating or dtype in _HALF else x
    weights = tf.constant([0.2989, 0.5870, 0.1140], work.dtype)
    gray = tf.reduce_sum(work * weights, axis=-1, keepdims=True)
    return _restore(_cast_back(gray, dtype), unbatched, data_format)


def rgb_to_hsv(images: Any, data_format: Any = None) -> tf.Tensor:
    x, unbatched, data_format = _batched_last(images, data_format, "rgb_to_hsv")
    x = to_float(x)
    work = tf.cast(x, tf.float32) if x.dtype in _HALF else x
    return _restore(tf.cast(tf.image.rgb_to_hsv(work), x.dtype), unbatched, data_format)


def hsv_to_rgb(images: Any, data_format: Any = None) -> tf.Tensor:
    x, unbatched, data_format = _batched_last(images, data_format, "hsv_to_rgb")
    x = to_float(x)
    work = tf.cast(x, tf.float32) if x.dtype in _HALF else x
    return _restore(tf.cast(tf.image.hsv_to_rgb(work), x.dtype), unbatched, data_format)


_RESIZE_METHODS = {
    "bilinear": "bilinear",
    "nearest": "nearest",
    "bicubic": "bicubic",
    "lanczos3": "lanczos3",
    "lanczos5": "lanczos5",
    "area": "area",
}


def _kernel_weights(size_in: int, size_out: int, interpolation: str, antialias: bool) -> np.ndarray:
    """(size_out, size_in) float64 resampling matrix (half-pixel centres, rows normalised to 1).

    The same weights as ``tf.image.resize`` / ``jax.image.resize`` use, for the
    dtypes whose TensorFlow kernels compute in float32 only (float64, integers).
    """
    scale = size_out / size_in
    out = np.arange(size_out)
    if interpolation == "nearest":
        weights = np.zeros((size_out, size_in))
        weights[out, np.minimum(np.floor((out + 0.5) / scale).astype(np.int64), size_in - 1)] = 1.0
        return weights
    if interpolation == "area":
        starts = out[:, None] / scale
        positions = np.arange(size_in)[None, :]
        overlap = np.minimum(starts + 1 / scale, positions + 1) - np.maximum(starts, positions)
        return np.maximum(overlap, 0.0) * scale
    distance = np.arange(size_in)[None, :] - ((out[:, None] + 0.5) / scale - 0.5)
    if antialias and scale < 1:
        distance = distance * scale
    d = np.abs(distance)
    if interpolation == "bilinear":
        weights = np.maximum(0.0, 1 - d)
    elif interpolation == "bicubic":  # Keys cubic, a = -0.5
        weights = np.where(d <= 1, (1.5 * d - 2.5) * d * d + 1, np.where(d < 2, ((-0.5 * d + 2.5) * d - 4) * d + 2, 0.0))
    else:
        radius = 3 if interpolation == "lanczos3" else 5
        weights = np.where(d < radius, np.sinc(d) * np.sinc(d / radius), 0.0)
    total = weights.sum(axis=1, keepdims=True)
    return np.where(np.abs(total) > 1e-12, weights / np.where(total == 0, 1, total), 0.0)


def _round_to(x: tf.Tensor, dtype: tf.DType) -> tf.Tensor:
    """Integer (or bool) image values from their exact float64 interpolation.

    Rounded half to even after snapping to a 2**-16 grid (float64 noise
    must not decide a tie), then clipped to the dtype's range.
    """
    x = tf.round(tf.round(x * 65536.0) / 65536.0)
    if dtype == tf.bool:
        return tf.clip_by_value(x, 0.0, 1.0) > 0
    return tf.cast(tf.clip_by_value(x, scalar(dtype.min, x.dtype), scalar(dtype.max, x.dtype)), dtype)


def resize(
    images: Any,
    size: Any,
    interpolation: str = "bilinear",
    antialias: bool = False,
    crop_to_aspect_ratio: bool = False,
    pad_to_aspect_ratio: bool = False,
    fill_mode: str = "constant",
    fill_value: float = 0.0,
    data_format: Any = None,
) -> tf.Tensor:
    if interpolation not in _RESIZE_METHODS:
        raise ValueError(f"resize: `interpolation` expected one of {tuple(_RESIZE_METHODS)}, received {interpolation!r}")
    if fill_mode != "constant":
        raise ValueError(f"resize: `fill_mode` expected 'constant', received {fill_mode!r}")
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError("resize: only one of `crop_to_aspect_ratio` and `pad_to_aspect_ratio` can be True")
    if len(size) != 2:
        raise ValueError(f"resize: `size` expected (height, width), received {size!r}")
    x, unbatched, data_format = _batched_last(images, data_format, "resize")
    dtype = x.dtype
    # Integer and bool images are interpolated exactly (float64), then rounded;
    # float64 ones keep float64 precision (tf.image.resize computes in float32).
    exact = not dtype.is_floating
    if exact or dtype == tf.float64:
        x = tf.cast(x, tf.float64)
    elif dtype in _HALF:
        x = tf.cast(x, tf.float32)
    target_height, target_width = _size(size[0]), _size(size[1])
    height, width = dynamic_shape(x)[1:3]  # scalar tensors for sizes known only at run time
    if crop_to_aspect_ratio:
        top, left, crop_height, crop_width = image_args.aspect_ratio_window(
            height, width, target_height, target_width, _smaller, _larger)
        x = x[:, top : top + crop_height, left : left + crop_width]
    elif pad_to_aspect_ratio:
        top, left = image_args.aspect_ratio_padding(height, width, target_height, target_width, _larger)
        x = tf.pad(x, [[0, 0], [top, top], [left, left], [0, 0]], constant_values=scalar(fill_value, x.dtype))
    # tf.image.resize's non-antialiased "bicubic" (ResizeBicubic) replicates edge pixels
    # where jax.image.resize, and so every other backend, renormalises the in-bounds taps.
    own_weights = x.dtype == tf.float64 or (interpolation == "bicubic" and not antialias)
    static_sizes = (x.shape[1], x.shape[2], target_height, target_width)
    if own_weights and builtins.all(isinstance(n, int) for n in static_sizes):
        rows = tf.constant(_kernel_weights(x.shape[1], target_height, interpolation, bool(antialias)), x.dtype)
        cols = tf.constant(_kernel_weights(x.shape[2], target_width, interpolation, bool(antialias)), x.dtype)
        out = tf.einsum("ph,nhwc,qw->npqc", rows, x, cols)
    else:
        out = tf.image.resize(x, (target_height, target_width), method=_RESIZE_METHODS[interpolation], antialias=antialias)
        out = tf.cast(out, x.dtype)
    out = _round_to(out, dtype) if exact else tf.cast(out, dtype)
    return _restore(out, unbatched, data_format)


def _size(size: Any) -> Any:
    """A target size as an int, or a scalar int32 tensor when it is known only at run time."""
    try:
        return int(size)
    except TypeError:  # a graph tensor
        return tf.cast(size, tf.int32)


def _smaller(a: Any, b: Any) -> Any:
    return builtins.min(a, b) if isinstance(a, int) and isinstance(b, int) else tf.minimum(a, b)


def _larger(a: Any, b: Any) -> Any:
    return builtins.max(a, b) if isinstance(a, int) and isinstance(b, int) else tf.maximum(a, b)


def _fill_mode(fill_mode: str) -> str:
    modes = {"constant": "CONSTANT", "nearest": "NEAREST", "wrap": "WRAP", "reflect": "REFLECT", "mirror": "REFLECT"}
    if fill_mode not in modes:
        raise ValueError(f"fill_mode: expected one of {tuple(modes)}, received {fill_mode!r}")
    return modes[fill_mode]


def affine_transform(images: Any, transform: Any, interpolation: str = "bilinear", fill_mode: str = "constant", fill_value: Any = 0, data_format: Any = None) -> tf.Tensor:
    image_args.check_interpolation("affine_transform", interpolation)
    image_args.check_fill_mode("affine_transform", fill_mode)
    x, unbatched, data_format = _batched_last(images, data_format, "affine_transform")
    dtype = x.dtype
    work_dtype = tf.float64 if dtype == tf.float64 else tf.float32
    transform = tf.cast(_t(transform), work_dtype)
    if transform.shape.rank == 1:
        transform = transform[None]
    if transform.shape[-1] != 8:
        raise ValueError(f"affine_transform: expected transforms of shape (8,) or (batch, 8), received {tuple(transform.shape)}")
    shape = tf.shape(x)
    transform = tf.broadcast_to(transform, tf.stack([shape[0], 8]))
    ys, xs = tf.meshgrid(tf.cast(tf.range(shape[1]), work_dtype), tf.cast(tf.range(shape[2]), work_dtype), indexing="ij")
    # (batch, 1, 1) columns by reshape: `transform[:, i, None, None]` loses its new axes in some traced graphs.
    t = [tf.reshape(transform[:, i], (-1, 1, 1)) for i in range(8)]
    # The transform maps output pixel (x, y) to the input point it samples.
    k = t[6] * xs + t[7] * ys + 1
    x_in = (t[0] * xs + t[1] * ys + t[2]) / k
    y_in = (t[3] * xs + t[4] * ys + t[5]) / k
    work = tf.cast(x, work_dtype)
    out = _sample(work, y_in, x_in, 0 if interpolation == "nearest" else 1, fill_mode, fill_value)
    return _restore(_cast_back(out, dtype) if dtype.is_integer else tf.cast(out, dtype), unbatched, data_format)


def _sample(images: tf.Tensor, y: tf.Tensor, x: tf.Tensor, order: int, fill_mode: str, fill_value: Any) -> tf.Tensor:
    """Sample ``images`` (B, H, W, C) at float points ``(y, x)`` of shape (B, H', W')."""
    shape = tf.shape(images)
    if order == 0:
        corners_y = [(tf.cast(tf.floor(y + 0.5), tf.int32), tf.ones_like(y))]
        corners_x = [(tf.cast(tf.floor(x + 0.5), tf.int32), tf.ones_like(x))]
    else:
        y0, x0 = tf.floor(y), tf.floor(x)
        fy, fx = y - y0, x - x0
        y0i, x0i = tf.cast(y0, tf.int32), tf.cast(x0, tf.int32)
        corners_y = [(y0i, 1 - fy), (y0i + 1, fy)]
        corners_x = [(x0i, 1 - fx), (x0i + 1, fx)]
    batch = tf.broadcast_to(tf.range(shape[0])[:, None, None], tf.shape(y))
    result = None
    for (iy, wy), (ix, wx) in itertools.product(corners_y, corners_x):
        valid = (iy >= 0) & (iy < shape[1]) & (ix >= 0) & (ix < shape[2])
        index = tf.stack([batch, _remap(iy, shape[1], fill_mode), _remap(ix, shape[2], fill_mode)], axis=-1)
        values = tf.gather_nd(images, index)
        if fill_mode == "constant":
            values = tf.where(valid[..., None], values, scalar(fill_value, images.dtype))
        term = values * tf.cast(wy * wx, images.dtype)[..., None]
        result = term if result is None else result + term
    return result


def _remap(index: tf.Tensor, size: Any, fill_mode: str) -> tf.Tensor:
    """Map integer positions into ``[0, size)`` the way SciPy's ``map_coordinates`` modes do."""
    size = tf.cast(size, index.dtype)
    if fill_mode in ("constant", "nearest"):
        return tf.clip_by_value(index, tf.zeros_like(size), size - 1)
    if fill_mode == "wrap":
        return tf.math.floormod(index, size)
    if fill_mode == "mirror":
        period = tf.maximum(2 * size - 2, 1)
        folded = tf.math.floormod(tf.abs(index), period)
        return tf.where(folded >= size, period - folded, folded) * tf.cast(size > 1, index.dtype)
    if fill_mode == "reflect":
        period = 2 * size
        folded = tf.math.floormod(index, period)
        return tf.where(folded >= size, period - 1 - folded, folded)
    raise ValueError(f"map_coordinates: `fill_mode` expected one of constant, nearest, wrap, mirror, reflect, received {fill_mode!r}")


def map_coordinates(inputs: Any, coordinates: Any, order: int, fill_mode: str = "constant", fill_value: Any = 0) -> tf.Tensor:
    x = _t(inputs)
    coordinates = _t(coordinates) if not isinstance(coordinates, (list, tuple)) else tf.stack([to_float(c) for c in coordinates])
    if order not in (0, 1):
        raise ValueError(f"map_coordinates: `order` expected 0 or 1, received {order!r}")
    rank = x.shape.rank
    if coordinates.shape[0] != rank:
        raise ValueError(f"map_coordinates: expected {rank} coordinate arrays (the rank of `inputs`), received {coordinates.shape[0]}")
    image_args.check_fill_mode("map_coordinates", fill_mode)
    coords = tf.cast(coordinates, tf.float64 if x.dtype == tf.float64 else tf.float32)
    shape = tf.shape(x)
    work = tf.cast(x, coords.dtype) if not x.dtype.is_floating or x.dtype in _HALF else x
    if order == 0:
        corners = [[(tf.cast(tf.floor(coords[d] + 0.5), tf.int32), tf.ones_like(coords[d]))] for d in range(rank)]
    else:
        corners = []
        for d in range(rank):
            low = tf.floor(coords[d])
            frac = coords[d] - low
            low_i = tf.cast(low, tf.int32)
            corners.append([(low_i, 1 - frac), (low_i + 1, frac)])
    result = None
    for combo in itertools.product(*corners):
        indices = []
        weight = None
        valid = None
        for d, (index, w) in enumerate(combo):
            size = shape[d]
            inside = (index >= 0) & (index < size)
            valid = inside if valid is None else valid & inside
            indices.append(_remap(index, size, fill_mode))
            weight = w if weight is None else weight * w
        values = tf.gather_nd(work, tf.stack(indices, axis=-1))
        if fill_mode == "constant":
            values = tf.where(valid, values, scalar(fill_value, work.dtype))
        term = values * tf.cast(weight, work.dtype)
        result = term if result is None else result + term
    return _cast_back(result, x.dtype) if x.dtype.is_integer else tf.cast(result, x.dtype)


def crop_images(
    images: Any,
    top_cropping: Any = None,
    left_cropping: Any = None,
    bottom_cropping: Any = None,
    right_cropping: Any = None,
    target_height: Any = None,
    target_width: Any = None,
    data_format: Any = None,
) -> tf.Tensor:
    x, unbatched, data_format = _batched_last(images, data_format, "crop_images")
    height, width = x.shape[1], x.shape[2]
    top = top_cropping or 0
    left = left_cropping or 0
    if target_height is None:
        target_height = height - top - (bottom_cropping or 0)
    elif bottom_cropping is not None:
        raise ValueError("crop_images: only one of `bottom_cropping` and `target_height` can be given")
    if target_width is None:
        target_width = width - left - (right_cropping or 0)
    elif right_cropping is not None:
        raise ValueError("crop_images: only one of `right_cropping` and `target_width` can be given")
    if target_height <= 0 or target_width <= 0 or top + target_height > height or left + target_width > width:
        raise ValueError(
            f"crop_images: the crop (top={top}, left={left}, height={target_height}, width={target_width}) "
            f"does not fit images of size {height}x{width}"
        )
    out = x[:, top : top + target_height, left : left + target_width]
    return _restore(out, unbatched, data_format)


def pad_images(
    images: Any,
    top_padding: Any = None,
    left_padding: Any = None,
    bottom_padding: Any = None,
    right_padding: Any = None,
    target_height: Any = None,
    target_width: Any = None,
    data_format: Any = None,
) -> tf.Tensor:
    x, unbatched, data_format = _batched_last(images, data_format, "pad_images")
    height, width = x.shape[1], x.shape[2]
    top = top_padding or 0
    left = left_padding or 0
    if target_height is not None:
        if bottom_padding is not None:
            raise ValueError("pad_images: only one of `bottom_padding` and `target_height` can be given")
        bottom = target_height - top - height
    else:
        bottom = bottom_padding or 0
    if target_width is not None:
        if right_padding is not None:
            raise ValueError("pad_images: only one of `right_padding` and `target_width` can be given")
        right = target_width - left - width
    else:
        right = right_padding or 0
    if builtins.min(top, bottom, left, right) < 0:
        raise ValueError(f"pad_images: paddings must be non-negative, received top={top}, bottom={bottom}, left={left}, right={right}")
    out = tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]])
    return _restore(out, unbatched, data_format)


def extract_patches(images: Any, size: Any, strides: Any = None, dilation_rate: Any = 1, padding: str = "valid", data_format: Any = None) -> tf.Tensor:
    x, unbatched, data_format = _batched_last(images, data_format, "extract_patches")
    sizes = [int(size)] * 2 if isinstance(size, (int, np.integer)) else [int(s) for s in size]
    if len(sizes) != 2:
        raise ValueError(f"extract_patches: `size` expected an int or (height, width), received {size!r}")
    steps = sizes if strides is None else ([int(strides)] * 2 if isinstance(strides, (int, np.integer)) else [int(s) for s in strides])
    rates = [int(dilation_rate)] * 2 if isinstance(dilation_rate, (int, np.integer)) else [int(r) for r in dilation_rate]
    out = tf.image.extract_patches(
        x, sizes=[1, *sizes, 1], strides=[1, *steps, 1], rates=[1, *rates, 1], padding=padding.upper()
    )
    return _restore(out, unbatched, data_format)


def _gaussian_kernel(size: int, sigma: Any, dtype: tf.DType) -> tf.Tensor:
    positions = tf.cast(tf.range(size), dtype) - scalar((size - 1) / 2, dtype)
    sigma = scalar(sigma, dtype)
    kernel = tf.exp(-tf.square(positions) / (2 * tf.square(sigma)))
    return kernel / tf.reduce_sum(kernel)


def gaussian_blur(images: Any, kernel_size: Any = (3, 3), sigma: Any = (1.0, 1.0), data_format: Any = None) -> tf.Tensor:
    x, unbatched, data_format = _batched_last(images, data_format, "gaussian_blur")
    dtype = x.dtype
    work_dtype = tf.float64 if dtype == tf.float64 else tf.float32
    work = tf.cast(x, work_dtype)
    sizes = [int(kernel_size)] * 2 if isinstance(kernel_size, (int, np.integer)) else [int(k) for k in kernel_size]
    if isinstance(sigma, (int, float, list, tuple)):
        sigmas = [sigma] * 2 if isinstance(sigma, (int, float)) else list(sigma)
    else:  # a tensor, symbolic inside a compiled step (a drawn sigma): indexed, never read on the host
        sigma = tf.convert_to_tensor(sigma)
        sigmas = [sigma] * 2 if sigma.shape.rank == 0 else [sigma[0], sigma[1]]
    # kernel_size and sigma are (height, width), as documented.
    ky = _gaussian_kernel(sizes[0], sigmas[0], work_dtype)
    kx = _gaussian_kernel(sizes[1], sigmas[1], work_dtype)
    kernel = ky[:, None] * kx[None, :]
    channels = x.shape[-1]
    kernel = tf.tile(kernel[:, :, None, None], [1, 1, channels, 1])
    out = tf.nn.depthwise_conv2d(work, kernel, strides=[1, 1, 1, 1], padding="SAME")
    return _restore(_cast_back(out, dtype) if dtype.is_integer else tf.cast(out, dtype), unbatched, data_format)


def sobel_edges(images: Any, data_format: Any = None) -> tf.Tensor:
    x, unbatched, data_format = _batched_last(images, data_format, "sobel_edges")
    x = to_float(x)
    work = tf.cast(x, tf.float32) if x.dtype in _HALF else x
    dy = tf.constant([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], work.dtype)
    kernels = tf.stack([dy, tf.transpose(dy)], axis=-1)  # (3, 3, 2): d/dy then d/dx
    channels = work.shape[-1]
    kernels = tf.tile(kernels[:, :, None, :], [1, 1, channels, 1])
    # Edge pixels repeat outward (symmetric padding), as Keras does.
    padded = tf.pad(work, [[0, 0], [1, 1], [1, 1], [0, 0]], mode="SYMMETRIC")
    out = tf.nn.depthwise_conv2d(padded, kernels, strides=[1, 1, 1, 1], padding="VALID")
    out = tf.reshape(out, tf.concat([tf.shape(out)[:3], [channels, 2]], 0))
    out = tf.cast(out, x.dtype)
    if data_format == "channels_first":
        out = tf.transpose(out, [0, 3, 1, 2, 4])
    return out[0] if unbatched else out


def ssim(image1: Any, image2: Any, max_val: float = 1.0, filter_size: int = 11, filter_sigma: float = 1.5, k1: float = 0.01, k2: float = 0.03, data_format: Any = None) -> tf.Tensor:
    a, unbatched, data_format = _batched_last(image1, data_format, "ssim")
    b, _, _ = _batched_last(image2, data_format, "ssim")
    a, b = to_float(a), to_float(b)
    target = a.dtype
    work = tf.float64 if target == tf.float64 else tf.float32
    out = tf.image.ssim(tf.cast(a, work), tf.cast(b, work), max_val, filter_size, filter_sigma, k1, k2)
    out = tf.cast(out, target)
    return out[0] if unbatched else out



# ---------------------------------------------------------------- perspective / elastic / scale-and-translate / 3-D patches


def _displace(images: Any, field: Any, interpolation: str, fill_mode: str, fill_value: Any, data_format: Any) -> tf.Tensor:
    """``images`` resampled at ``pixel + field``; ``field`` is ``(batch, h, w, 2)`` (row, column displacements)."""
    x, unbatched, data_format = _batched_last(images, data_format, "elastic_transform")
    dtype = x.dtype
    work_dtype = tf.float64 if dtype == tf.float64 else tf.float32
    shape = tf.shape(x)
    field = tf.reshape(tf.cast(_t(field), work_dtype), tf.stack([shape[0], shape[1], shape[2], 2]))
    ys, xs = tf.meshgrid(tf.cast(tf.range(shape[1]), work_dtype), tf.cast(tf.range(shape[2]), work_dtype), indexing="ij")
    order = 0 if interpolation == "nearest" else 1
    out = _sample(tf.cast(x, work_dtype), ys + field[..., 0], xs + field[..., 1], order, fill_mode, fill_value)
    return _restore(_cast_back(out, dtype) if dtype.is_integer else tf.cast(out, dtype), unbatched, data_format)


def elastic_transform(
    images: Any,
    alpha: Any = 20.0,
    sigma: Any = 5.0,
    interpolation: str = "bilinear",
    fill_mode: str = "reflect",
    fill_value: Any = 0.0,
    seed: Any = None,
    data_format: Any = None,
) -> tf.Tensor:
    from multikeras.backend import image_args
    from multikeras.backends.tensorflow.random import random_normal

    images = _t(images)
    image_args.check_image_rank("elastic_transform", images.shape)
    image_args.check_interpolation("elastic_transform", interpolation)
    image_args.check_fill_mode("elastic_transform", fill_mode)
    size = image_args.elastic_kernel_size(sigma)
    x, _, _ = _batched_last(images, data_format, "elastic_transform")
    work_dtype = tf.float64 if x.dtype == tf.float64 else tf.float32
    shape = tf.shape(x)
    noise = random_normal(tf.stack([shape[0], shape[1], shape[2], 2]), 0.0, float(sigma), work_dtype.name, seed)
    field = gaussian_blur(noise, (size, size), (float(sigma), float(sigma)), "channels_last") * scalar(alpha, work_dtype)
    return _displace(images, field, interpolation, fill_mode, fill_value, data_format)


def _scale_and_translate_weights(
    size_in: int, size_out: int, scale: tf.Tensor, translation: tf.Tensor, kernel: str, antialias: bool
) -> tf.Tensor:
    """``(size_in, size_out)`` resampling matrix: output pixel ``o`` samples input point ``(o + 0.5 - t) / s - 0.5``."""
    dtype = scale.dtype
    inverse = 1 / scale
    stretch = tf.maximum(inverse, 1) if antialias else tf.ones_like(inverse)
    sample = (tf.cast(tf.range(size_out), dtype) + 0.5 - translation) * inverse - 0.5
    distance = tf.abs(sample[None, :] - tf.cast(tf.range(size_in), dtype)[:, None]) / stretch
    zero = tf.zeros_like(distance)
    if kernel == "linear":
        weights = tf.maximum(zero, 1 - distance)
    elif kernel == "cubic":  # Keys, a = -0.5
        weights = tf.where(
            distance < 1,
            (1.5 * distance - 2.5) * distance * distance + 1,
            tf.where(distance < 2, ((-0.5 * distance + 2.5) * distance - 4) * distance + 2, zero),
        )
    else:
        radius = 3.0 if kernel == "lanczos3" else 5.0

        def sinc(v: tf.Tensor) -> tf.Tensor:
            safe = tf.where(v == 0, tf.ones_like(v), v)
            return tf.where(v == 0, tf.ones_like(v), tf.sin(np.pi * safe) / (np.pi * safe))

        weights = tf.where(distance < radius, sinc(distance) * sinc(distance / radius), zero)
    total = tf.reduce_sum(weights, axis=0, keepdims=True)
    weights = tf.where(
        tf.abs(total) > 1000 * np.finfo(np.float32).eps, weights / tf.where(total == 0, tf.ones_like(total), total), zero
    )
    inside = (sample >= -0.5) & (sample <= size_in - 0.5)
    return tf.where(inside[None, :], weights, zero)


def scale_and_translate(
    images: Any,
    output_shape: Any,
    scale: Any,
    translation: Any,
    spatial_dims: Any,
    method: str,
    antialias: bool = True,
) -> tf.Tensor:
    from multikeras.backend import image_args

    images = _t(images)
    kernel = image_args.scale_and_translate_kernel(method)
    scale, translation = tf.reshape(_t(scale), (-1,)), tf.reshape(_t(translation), (-1,))
    output_shape, dims = image_args.scale_and_translate_dims(
        images.shape, output_shape, spatial_dims, scale.shape[0], translation.shape[0]
    )
    work_dtype = tf.float64 if images.dtype == tf.float64 else tf.float32
    result = tf.cast(images, work_dtype)
    scale, translation = tf.cast(scale, work_dtype), tf.cast(translation, work_dtype)
    rank = images.shape.rank
    for i, d in enumerate(dims):
        weights = _scale_and_translate_weights(int(images.shape[d]), output_shape[d], scale[i], translation[i], kernel, antialias)
        result = tf.tensordot(result, weights, axes=[[d], [0]])
        result = tf.transpose(result, [*range(d), rank - 1, *range(d, rank - 1)])
    if images.dtype == tf.bool:
        return result > 0.5
    return _cast_back(result, images.dtype)


def extract_patches_3d(
    volumes: Any,
    size: Any,
    strides: Any = None,
    dilation_rate: Any = 1,
    padding: str = "valid",
    data_format: Any = None,
) -> tf.Tensor:
    from multikeras.backend import image_args

    volumes = _t(volumes)
    image_args.check_volume_rank(volumes.shape)
    patch, step, dilation = image_args.patch_3d_arguments(size, strides, dilation_rate)
    padding = image_args.check_padding("extract_patches_3d", padding)
    unbatched = volumes.shape.rank == 4
    x = volumes[None] if unbatched else volumes
    channels_first = _fmt(data_format) == "channels_first"
    if channels_first:
        x = tf.transpose(x, [0, 2, 3, 4, 1])
    spatial = x.shape[1:4]
    extents = [(k - 1) * d + 1 for k, d in zip(patch, dilation)]
    if padding == "same":
        pads = []
        for n, k, s in zip(spatial, extents, step):
            total = builtins.max((-(-n // s) - 1) * s + k - n, 0)
            pads.append([total // 2, total - total // 2])
        x = tf.pad(x, [[0, 0], *pads, [0, 0]])
        spatial = x.shape[1:4]
    counts = [(n - k) // s + 1 for n, k, s in zip(spatial, extents, step)]
    # One strided slice per position inside the patch (pd * ph * pw of them), features ordered (d, h, w, c).
    pieces = []
    for i, j, k in itertools.product(*(range(p) for p in patch)):
        begin = [0, i * dilation[0], j * dilation[1], k * dilation[2], 0]
        end = [x.shape[0] or 0, *(b + (c - 1) * s + 1 for b, c, s in zip(begin[1:4], counts, step)), x.shape[-1]]
        pieces.append(tf.strided_slice(x, begin, end, [1, *step, 1], begin_mask=1 | 16, end_mask=1 | 16))
    patches = tf.concat(pieces, axis=-1)
    if channels_first:
        patches = tf.transpose(patches, [0, 4, 1, 2, 3])
    return patches[0] if unbatched else patches
