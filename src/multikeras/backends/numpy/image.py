"""image ops of the NumPy backend: resizing, geometric transforms, colour spaces, filters."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import numpy as np

from multikeras.backend import config, dtypes, image_args
from multikeras.backends.numpy.core import compute_dtype, convert_to_tensor, to_numpy_dtype

tensor = convert_to_tensor


def _data_format(data_format: str | None) -> str:
    return config.standardize_data_format(data_format)


def _to_nhwc(images: np.ndarray, data_format: str, name: str) -> tuple[np.ndarray, bool]:
    """Batched channels_last view of 3-D or 4-D images; returns whether a batch axis was added."""
    if images.ndim not in (3, 4):
        raise ValueError(f"{name}: expected images of rank 3 or 4, received shape {images.shape}")
    unbatched = images.ndim == 3
    if unbatched:
        images = images[None]
    if data_format == "channels_first":
        images = np.moveaxis(images, 1, -1)
    return images, unbatched


def _from_nhwc(images: np.ndarray, data_format: str, unbatched: bool) -> np.ndarray:
    if data_format == "channels_first":
        images = np.moveaxis(images, -1, 1)
    return images[0] if unbatched else images


def _cast_back(values: np.ndarray, dtype: np.dtype) -> np.ndarray:
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return np.clip(np.round(values), info.min, info.max).astype(dtype)
    if dtype.kind == "b":
        return values > 0.5
    return values.astype(dtype)


def _work(dtype: np.dtype) -> np.dtype:
    return np.dtype(np.float64) if dtype == np.float64 else np.dtype(np.float32)


# ------------------------------------------------------------------ colour


def rgb_to_grayscale(images: Any, data_format: str | None = None) -> np.ndarray:
    images = tensor(images)
    data_format = _data_format(data_format)
    if images.ndim not in (3, 4):
        raise ValueError(f"rgb_to_grayscale: expected images of rank 3 or 4, received shape {images.shape}")
    axis = -1 if data_format == "channels_last" else -3
    if images.shape[axis] != 3:
        raise ValueError(f"rgb_to_grayscale: expected 3 channels on axis {axis}, received shape {images.shape}")
    weights = np.array([0.2989, 0.5870, 0.1140], _work(images.dtype))
    gray = np.tensordot(np.moveaxis(images.astype(weights.dtype), axis, -1), weights, axes=([-1], [0]))
    gray = np.expand_dims(gray, axis)
    return gray.astype(images.dtype) if images.dtype.kind in "iub" else gray.astype(images.dtype)


def _check_float(images: np.ndarray, name: str) -> None:
    if not dtypes.is_float(images.dtype):
        raise ValueError(f"{name}: expected float images, received dtype {dtypes.standardize_dtype(images.dtype)}")


def rgb_to_hsv(images: Any, data_format: str | None = None) -> np.ndarray:
    images = tensor(images)
    _check_float(images, "rgb_to_hsv")
    data_format = _data_format(data_format)
    axis = -1 if data_format == "channels_last" else -3
    x = np.moveaxis(images.astype(_work(images.dtype)), axis, -1)
    r, g, b = x[..., 0], x[..., 1], x[..., 2]
    value = np.max(x, axis=-1)
    delta = value - np.min(x, axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        saturation = np.where(value > 0, delta / np.where(value > 0, value, 1), 0)
        safe = np.where(delta > 0, delta, 1)
        hue = np.where(
            value == r, (g - b) / safe, np.where(value == g, 2 + (b - r) / safe, 4 + (r - g) / safe)
        )
    hue = np.where(delta > 0, np.mod(hue / 6, 1.0), 0)
    result = np.stack([hue, saturation, value], axis=-1).astype(x.dtype)
    return np.moveaxis(result, -1, axis).astype(images.dtype)


def hsv_to_rgb(images: Any, data_format: str | None = None) -> np.ndarray:
    images = tensor(images)
    _check_float(images, "hsv_to_rgb")
    data_format = _data_format(data_format)
    axis = -1 if data_format == "channels_last" else -3
    x = np.moveaxis(images.astype(_work(images.dtype)), axis, -1)
    h, s, v = x[..., 0], x[..., 1], x[..., 2]
    dh = np.mod(h, 1.0) * 6
    r = np.clip(np.abs(dh - 3) - 1, 0, 1)
    g = np.clip(2 - np.abs(dh - 2), 0, 1)
    b = np.clip(2 - np.abs(dh - 4), 0, 1)
    rgb = np.stack([r, g, b], axis=-1)
    result = ((rgb - 1) * s[..., None] + 1) * v[..., None]
    return np.moveaxis(result.astype(x.dtype), -1, axis).astype(images.dtype)


# ------------------------------------------------------------------ resize


def _cubic(x: np.ndarray) -> np.ndarray:
    a = -0.5
    x = np.abs(x)
    return np.where(
        x <= 1, ((a + 2) * x - (a + 3)) * x * x + 1, np.where(x < 2, ((x - 5) * x + 8) * x * a - 4 * a, 0.0)
    )


def _lanczos(radius: int) -> Callable[[np.ndarray], np.ndarray]:
    def kernel(x: np.ndarray) -> np.ndarray:
        return np.where(np.abs(x) < radius, np.sinc(x) * np.sinc(x / radius), 0.0)

    return kernel


_KERNELS: dict[str, tuple[Callable[[np.ndarray], np.ndarray], float]] = {
    "bilinear": (lambda x: np.maximum(0.0, 1 - np.abs(x)), 1.0),
    "bicubic": (_cubic, 2.0),
    "lanczos3": (_lanczos(3), 3.0),
    "lanczos5": (_lanczos(5), 5.0),
}


def _area_weights(size_in: int, size_out: int) -> np.ndarray:
    """(size_out, size_in) box-filter weights: the overlap of each output pixel's box with each input pixel."""
    scale = size_in / size_out
    starts = np.arange(size_out)[:, None] * scale
    ends = starts + scale
    positions = np.arange(size_in)[None, :]
    overlap = np.minimum(ends, positions + 1) - np.maximum(starts, positions)
    return np.maximum(overlap, 0.0) / scale


def _resize_weights(size_in: int, size_out: int, interpolation: str, antialias: bool) -> np.ndarray:
    """(size_out, size_in) sampling matrix with half-pixel centers, renormalized at the borders."""
    scale = size_out / size_in
    centers = (np.arange(size_out) + 0.5) / scale - 0.5
    if interpolation == "nearest":
        index = np.clip(np.floor((np.arange(size_out) + 0.5) / scale).astype(np.int64), 0, size_in - 1)
        weights = np.zeros((size_out, size_in))
        weights[np.arange(size_out), index] = 1
        return weights
    if interpolation == "area":
        return _area_weights(size_in, size_out)
    kernel, _ = _KERNELS[interpolation]
    kernel_scale = max(1 / scale, 1.0) if antialias else 1.0
    positions = np.arange(size_in)[None, :]
    weights = kernel((positions - centers[:, None]) / kernel_scale)
    total = np.sum(weights, axis=1, keepdims=True)
    return np.where(np.abs(total) > 1e-12, weights / np.where(total == 0, 1, total), 0)


def _round_to(values: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """Integer (or bool) image values from their exact float64 interpolation.

    Rounded half to even after snapping to a 2**-16 grid, so that float64
    noise (143.49999999999997 for an exact 143.5) cannot decide a tie;
    then clipped to the dtype's range (bool: ``[0, 1]``).
    """
    values = np.round(np.round(values * 65536.0) / 65536.0)
    if dtype.kind == "b":
        return np.clip(values, 0, 1) > 0
    info = np.iinfo(dtype)
    return np.clip(values, info.min, info.max).astype(dtype)


_RESIZE_INTERPOLATIONS = ("nearest", *_KERNELS, "area")


def resize(
    images: Any,
    size: Any,
    interpolation: str = "bilinear",
    antialias: bool = False,
    crop_to_aspect_ratio: bool = False,
    pad_to_aspect_ratio: bool = False,
    fill_mode: str = "constant",
    fill_value: float = 0.0,
    data_format: str | None = None,
) -> np.ndarray:
    images = tensor(images)
    data_format = _data_format(data_format)
    if interpolation not in _RESIZE_INTERPOLATIONS:
        raise ValueError(
            f"resize: `interpolation` must be one of {', '.join(_RESIZE_INTERPOLATIONS)}, received {interpolation!r}"
        )
    if fill_mode != "constant":
        raise ValueError(f"resize: `fill_mode` must be 'constant', received {fill_mode!r}")
    if len(tuple(size)) != 2:
        raise ValueError(f"resize: `size` must be (height, width), received {size!r}")
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError("resize: only one of `crop_to_aspect_ratio` and `pad_to_aspect_ratio` can be True")
    height, width = (int(s) for s in size)
    x, unbatched = _to_nhwc(images, data_format, "resize")
    # Integer and bool images are interpolated exactly (float64), then rounded.
    exact = images.dtype.kind in "iub"
    work = np.dtype(np.float64) if exact else _work(images.dtype)
    x = x.astype(work)
    in_h, in_w = x.shape[1:3]
    if crop_to_aspect_ratio:
        top, left, crop_h, crop_w = image_args.aspect_ratio_window(in_h, in_w, height, width)
        x = x[:, top : top + crop_h, left : left + crop_w]
    elif pad_to_aspect_ratio:
        top, left = image_args.aspect_ratio_padding(in_h, in_w, height, width)
        x = np.pad(x, [(0, 0), (top, top), (left, left), (0, 0)], constant_values=fill_value)
    rows = _resize_weights(x.shape[1], height, interpolation, antialias).astype(work)
    cols = _resize_weights(x.shape[2], width, interpolation, antialias).astype(work)
    result = np.einsum("hH,bHWc,wW->bhwc", rows, x, cols)
    result = _round_to(result, images.dtype) if exact else result.astype(images.dtype)
    return _from_nhwc(result, data_format, unbatched)


# ------------------------------------------------------------------ sampling


def _map_index(index: np.ndarray, size: int, fill_mode: str) -> tuple[np.ndarray, np.ndarray]:
    """Map integer indices into ``[0, size)`` by ``fill_mode``; second result marks valid ones."""
    if fill_mode == "constant":
        valid = (index >= 0) & (index < size)
        return np.clip(index, 0, size - 1), valid
    if fill_mode == "nearest":
        mapped = np.clip(index, 0, size - 1)
    elif fill_mode == "wrap":
        mapped = np.mod(index, size)
    elif fill_mode == "reflect":
        period = 2 * size
        folded = np.mod(index, period)
        mapped = np.where(folded < size, folded, period - 1 - folded)
    elif fill_mode == "mirror":
        if size == 1:
            mapped = np.zeros_like(index)
        else:
            period = 2 * size - 2
            folded = np.mod(index, period)
            mapped = np.where(folded < size, folded, period - folded)
    else:
        raise ValueError(
            f"`fill_mode` must be one of constant, nearest, wrap, mirror, reflect, received {fill_mode!r}"
        )
    return mapped, np.ones(index.shape, bool)


def _map_coordinates(inputs: np.ndarray, coordinates: list[np.ndarray], order: int, fill_mode: str, fill_value: Any) -> np.ndarray:
    work = _work(inputs.dtype)
    values = inputs.astype(work)
    if order == 0:
        corners = [[(np.floor(c + 0.5).astype(np.int64), np.ones(c.shape, work))] for c in coordinates]
    elif order == 1:
        corners = []
        for c in coordinates:
            low = np.floor(c)
            fraction = (c - low).astype(work)
            low = low.astype(np.int64)
            corners.append([(low, 1 - fraction), (low + 1, fraction)])
    else:
        raise ValueError(f"map_coordinates: `order` must be 0 or 1, received {order}")
    result = np.zeros(coordinates[0].shape, work)
    for combination in itertools.product(*corners):
        weight = np.ones(coordinates[0].shape, work)
        index = []
        valid = np.ones(coordinates[0].shape, bool)
        for axis, (position, w) in enumerate(combination):
            mapped, ok = _map_index(position, inputs.shape[axis], fill_mode)
            index.append(mapped)
            valid &= ok
            weight = weight * w
        sample = np.where(valid, values[tuple(index)], np.asarray(fill_value, work))
        result = result + weight * sample
    return result


def map_coordinates(inputs: Any, coordinates: Any, order: int, fill_mode: str = "constant", fill_value: Any = 0) -> np.ndarray:
    from multikeras.backend import image_args

    image_args.check_fill_mode("map_coordinates", fill_mode)
    inputs = tensor(inputs)
    coordinates = tensor(coordinates)
    if coordinates.shape[0] != inputs.ndim:
        raise ValueError(
            f"map_coordinates: `coordinates` must have {inputs.ndim} (the rank of `inputs`) rows, "
            f"received shape {coordinates.shape}"
        )
    coords = [coordinates[i].astype(np.float64) for i in range(inputs.ndim)]
    return _cast_back(_map_coordinates(inputs, coords, int(order), fill_mode, fill_value), inputs.dtype)


def affine_transform(
    images: Any,
    transform: Any,
    interpolation: str = "bilinear",
    fill_mode: str = "constant",
    fill_value: Any = 0,
    data_format: str | None = None,
) -> np.ndarray:
    from multikeras.backend import image_args

    order = image_args.check_interpolation("affine_transform", interpolation)
    image_args.check_fill_mode("affine_transform", fill_mode)
    images = tensor(images)
    data_format = _data_format(data_format)
    x, unbatched = _to_nhwc(images, data_format, "affine_transform")
    transform = tensor(transform)
    # Source coordinates are computed in the transform's precision, as Keras does.
    coordinate_dtype = np.float64 if transform.dtype == np.float64 else np.float32
    transform = transform.astype(coordinate_dtype)
    if transform.ndim == 1:
        transform = np.broadcast_to(transform, (x.shape[0], 8))
    if transform.shape != (x.shape[0], 8):
        raise ValueError(f"affine_transform: `transform` must have shape (8,) or (batch, 8), received {transform.shape}")
    batch, height, width, channels = x.shape
    rows, cols = np.meshgrid(
        np.arange(height, dtype=coordinate_dtype), np.arange(width, dtype=coordinate_dtype), indexing="ij"
    )
    outputs = []
    for b in range(batch):
        a0, a1, a2, a3, a4, a5, a6, a7 = transform[b]
        k = a6 * cols + a7 * rows + 1
        src_x = (a0 * cols + a1 * rows + a2) / k
        src_y = (a3 * cols + a4 * rows + a5) / k
        grid_y = np.broadcast_to(src_y[..., None], (height, width, channels))
        grid_x = np.broadcast_to(src_x[..., None], (height, width, channels))
        grid_c = np.broadcast_to(np.arange(channels, dtype=coordinate_dtype), (height, width, channels))
        outputs.append(_map_coordinates(x[b], [grid_y, grid_x, grid_c], order, fill_mode, fill_value))
    result = np.stack(outputs) if outputs else np.zeros(x.shape, _work(images.dtype))
    return _from_nhwc(_cast_back(result, images.dtype), data_format, unbatched)


# ------------------------------------------------------------------ crop / pad


def _resolve(start: int | None, end: int | None, target: int | None, size: int, name: str, grow: bool) -> tuple[int, int]:
    given = sum(v is not None for v in (start, end, target))
    if given == 3:
        raise ValueError(f"{name}: give at most two of the start, end and target arguments")
    if target is None:
        return start or 0, end or 0
    target = int(target)
    difference = target - size if grow else size - target
    if start is None and end is None:
        raise ValueError(f"{name}: a target size needs one of its start or end arguments")
    if start is None:
        start = difference - int(end)
    else:
        end = difference - int(start)
    if start < 0 or end < 0:
        raise ValueError(f"{name}: the target size {target} does not fit an image dimension of {size}")
    return int(start), int(end)


def crop_images(
    images: Any,
    top_cropping: int | None = None,
    left_cropping: int | None = None,
    bottom_cropping: int | None = None,
    right_cropping: int | None = None,
    target_height: int | None = None,
    target_width: int | None = None,
    data_format: str | None = None,
) -> np.ndarray:
    images = tensor(images)
    data_format = _data_format(data_format)
    x, unbatched = _to_nhwc(images, data_format, "crop_images")
    height, width = x.shape[1:3]
    top, bottom = _resolve(top_cropping, bottom_cropping, target_height, height, "crop_images", grow=False)
    left, right = _resolve(left_cropping, right_cropping, target_width, width, "crop_images", grow=False)
    if top + bottom >= height or left + right >= width:
        raise ValueError(f"crop_images: cropping ({top}, {bottom}, {left}, {right}) leaves nothing of {height}x{width} images")
    cropped = x[:, top : height - bottom, left : width - right]
    return _from_nhwc(cropped, data_format, unbatched)


def pad_images(
    images: Any,
    top_padding: int | None = None,
    left_padding: int | None = None,
    bottom_padding: int | None = None,
    right_padding: int | None = None,
    target_height: int | None = None,
    target_width: int | None = None,
    data_format: str | None = None,
) -> np.ndarray:
    images = tensor(images)
    data_format = _data_format(data_format)
    x, unbatched = _to_nhwc(images, data_format, "pad_images")
    height, width = x.shape[1:3]
    top, bottom = _resolve(top_padding, bottom_padding, target_height, height, "pad_images", grow=True)
    left, right = _resolve(left_padding, right_padding, target_width, width, "pad_images", grow=True)
    padded = np.pad(x, [(0, 0), (top, bottom), (left, right), (0, 0)])
    return _from_nhwc(padded, data_format, unbatched)


# ------------------------------------------------------------------ patches / filters


def extract_patches(
    images: Any,
    size: Any,
    strides: Any = None,
    dilation_rate: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
) -> np.ndarray:
    from multikeras.backends.numpy.nn import _padding_amounts, _pad_spatial, _tuple, _windows

    images = tensor(images)
    data_format = _data_format(data_format)
    rank = 3 if (not isinstance(size, (int, np.integer)) and len(tuple(size)) == 3) else 2
    unbatched = images.ndim == rank + 1
    x = images[None] if unbatched else images
    if x.ndim != rank + 2:
        raise ValueError(f"extract_patches: expected images of rank {rank + 1} or {rank + 2}, received shape {images.shape}")
    if data_format == "channels_first":
        x = np.moveaxis(x, 1, -1)
    patch = _tuple(size, rank, "size")
    stride = patch if strides is None else _tuple(strides, rank, "strides")
    dilation = _tuple(dilation_rate, rank, "dilation_rate")
    effective = tuple((p - 1) * d + 1 for p, d in zip(patch, dilation))
    x = _pad_spatial(x, _padding_amounts(x.shape[1:-1], effective, stride, padding))
    offsets, _, take = _windows(x, patch, stride, dilation)
    pieces = [take(offset) for offset in offsets]
    result = np.concatenate(pieces, axis=-1)
    if data_format == "channels_first":
        result = np.moveaxis(result, -1, 1)
    return result[0] if unbatched else result


def _gaussian_1d(size: int, sigma: float) -> np.ndarray:
    x = np.arange(size, dtype=np.float64) - (size - 1) / 2
    kernel = np.exp(-(x**2) / (2 * sigma**2))
    return kernel / kernel.sum()


def _depthwise_same(x: np.ndarray, kernel: np.ndarray, mode: str = "constant") -> np.ndarray:
    """Filter each channel of NHWC ``x`` with a 2-D ``kernel`` (correlation, 'same' size)."""
    kh, kw = kernel.shape
    top, left = (kh - 1) // 2, (kw - 1) // 2
    padded = np.pad(x, [(0, 0), (top, kh - 1 - top), (left, kw - 1 - left), (0, 0)], mode=mode)
    result = np.zeros(x.shape, x.dtype)
    height, width = x.shape[1:3]
    for i in range(kh):
        for j in range(kw):
            result += kernel[i, j] * padded[:, i : i + height, j : j + width]
    return result


def gaussian_blur(images: Any, kernel_size: Any = (3, 3), sigma: Any = (1.0, 1.0), data_format: str | None = None) -> np.ndarray:
    images = tensor(images)
    data_format = _data_format(data_format)
    x, unbatched = _to_nhwc(images, data_format, "gaussian_blur")
    sizes = (int(kernel_size),) * 2 if isinstance(kernel_size, (int, np.integer)) else tuple(int(k) for k in kernel_size)
    sigma_array = np.asarray(sigma, np.float64)
    sigmas = (float(sigma_array),) * 2 if sigma_array.ndim == 0 else tuple(float(s) for s in sigma_array)
    # (height, width), as documented and as every backend reads it (Keras 3's own
    # backends disagree with one another for non-square kernels).
    kernel = np.outer(_gaussian_1d(sizes[0], sigmas[0]), _gaussian_1d(sizes[1], sigmas[1]))
    work = _work(images.dtype)
    result = _depthwise_same(x.astype(work), kernel.astype(work))
    return _from_nhwc(_cast_back(result, images.dtype), data_format, unbatched)


def sobel_edges(images: Any, data_format: str | None = None) -> np.ndarray:
    images = tensor(images)
    data_format = _data_format(data_format)
    if images.ndim != 4:
        raise ValueError(f"sobel_edges: expected images of rank 4, received shape {images.shape}")
    x = np.moveaxis(images, 1, -1) if data_format == "channels_first" else images
    work = _work(images.dtype)
    # Borders extended symmetrically (edge pixel repeated), as Keras 3 observed on NumPy.
    dy = np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], work)
    edges = [_depthwise_same(x.astype(work), kernel, mode="symmetric") for kernel in (dy, dy.T)]
    result = np.stack(edges, axis=-1)
    if data_format == "channels_first":
        result = np.moveaxis(result, 3, 1)
    return result.astype(images.dtype) if images.dtype.kind not in "iub" else result


def ssim(
    image1: Any,
    image2: Any,
    max_val: float = 1.0,
    filter_size: int = 11,
    filter_sigma: float = 1.5,
    k1: float = 0.01,
    k2: float = 0.03,
    data_format: str | None = None,
) -> np.ndarray:
    image1, image2 = tensor(image1), tensor(image2)
    data_format = _data_format(data_format)
    if image1.shape != image2.shape:
        raise ValueError(f"ssim: images must have one shape, received {image1.shape} and {image2.shape}")
    out_name = dtypes.float_result(image1, image2)
    work = compute_dtype(out_name)
    a, unbatched = _to_nhwc(image1, data_format, "ssim")
    b, _ = _to_nhwc(image2, data_format, "ssim")
    a, b = a.astype(work), b.astype(work)
    kernel = _gaussian_1d(int(filter_size), float(filter_sigma)).astype(work)
    height, width = a.shape[1:3]
    if height < filter_size or width < filter_size:
        raise ValueError(f"ssim: images of {height}x{width} are smaller than `filter_size` {filter_size}")

    def blur(x: np.ndarray) -> np.ndarray:
        rows = sum(kernel[i] * x[:, i : i + height - filter_size + 1] for i in range(filter_size))
        return sum(kernel[j] * rows[:, :, j : j + width - filter_size + 1] for j in range(filter_size))

    c1, c2 = (k1 * max_val) ** 2, (k2 * max_val) ** 2
    mu1, mu2 = blur(a), blur(b)
    sigma11 = blur(a * a) - mu1 * mu1
    sigma22 = blur(b * b) - mu2 * mu2
    sigma12 = blur(a * b) - mu1 * mu2
    luminance = (2 * mu1 * mu2 + c1) / (mu1 * mu1 + mu2 * mu2 + c1)
    contrast = (2 * sigma12 + c2) / (sigma11 + sigma22 + c2)
    value = np.mean(luminance * contrast, axis=(1, 2, 3))
    result = value[0] if unbatched else value
    return np.asarray(result).astype(to_numpy_dtype(out_name))


# ------------------------------------------------------------------ perspective / elastic / scale-and-translate / 3-D patches


def _sample_2d(x: np.ndarray, src_y: np.ndarray, src_x: np.ndarray, order: int, fill_mode: str, fill_value: Any) -> np.ndarray:
    """Sample NHWC ``x`` at the float points ``(src_y, src_x)`` of shape ``(n, h', w')``; result ``(n, h', w', c)``."""
    batch = np.arange(x.shape[0])[:, None, None]
    if order == 0:
        corners_y = [(np.floor(src_y + 0.5).astype(np.int64), None)]
        corners_x = [(np.floor(src_x + 0.5).astype(np.int64), None)]
    else:
        low_y, low_x = np.floor(src_y), np.floor(src_x)
        fy, fx = (src_y - low_y).astype(x.dtype), (src_x - low_x).astype(x.dtype)
        low_y, low_x = low_y.astype(np.int64), low_x.astype(np.int64)
        corners_y = [(low_y, 1 - fy), (low_y + 1, fy)]
        corners_x = [(low_x, 1 - fx), (low_x + 1, fx)]
    fill = np.asarray(fill_value, x.dtype)
    result = np.zeros((*src_y.shape, x.shape[-1]), x.dtype)
    for (iy, wy), (ix, wx) in itertools.product(corners_y, corners_x):
        rows, ok_y = _map_index(iy, x.shape[1], fill_mode)
        cols, ok_x = _map_index(ix, x.shape[2], fill_mode)
        values = np.where((ok_y & ok_x)[..., None], x[batch, rows, cols], fill)
        if wy is not None:
            values = values * (wy * wx)[..., None]
        result = result + values
    return result


def _displace(
    images: Any, field: Any, interpolation: str, fill_mode: str, fill_value: Any, data_format: str | None
) -> np.ndarray:
    """``images`` resampled at ``pixel + field``; ``field`` is ``(batch, h, w, 2)`` (row, column displacements).

    The sampling half of ``elastic_transform``, kept apart so that tests can
    feed every backend the same field.
    """
    images = tensor(images)
    x, unbatched = _to_nhwc(images, _data_format(data_format), "elastic_transform")
    work = _work(images.dtype)
    field = np.asarray(field).astype(work).reshape(x.shape[0], x.shape[1], x.shape[2], 2)
    rows, cols = np.meshgrid(np.arange(x.shape[1], dtype=work), np.arange(x.shape[2], dtype=work), indexing="ij")
    order = 0 if interpolation == "nearest" else 1
    result = _sample_2d(x.astype(work), rows + field[..., 0], cols + field[..., 1], order, fill_mode, fill_value)
    return _from_nhwc(_cast_back(result, images.dtype), _data_format(data_format), unbatched)


def elastic_transform(
    images: Any,
    alpha: Any = 20.0,
    sigma: Any = 5.0,
    interpolation: str = "bilinear",
    fill_mode: str = "reflect",
    fill_value: Any = 0.0,
    seed: Any = None,
    data_format: str | None = None,
) -> np.ndarray:
    from multikeras.backend import image_args
    from multikeras.backends.numpy.random import random_normal

    images = tensor(images)
    image_args.check_image_rank("elastic_transform", images.shape)
    image_args.check_interpolation("elastic_transform", interpolation)
    image_args.check_fill_mode("elastic_transform", fill_mode)
    size = image_args.elastic_kernel_size(sigma)
    data_format = _data_format(data_format)
    x, _ = _to_nhwc(images, data_format, "elastic_transform")
    work = _work(images.dtype)
    # Gaussian noise of standard deviation sigma, smoothed by a Gaussian of the same sigma, scaled by alpha.
    noise = random_normal((*x.shape[:3], 2), 0.0, float(sigma), dtypes.standardize_dtype(work), seed)
    field = gaussian_blur(noise, (size, size), (float(sigma), float(sigma)), "channels_last") * np.asarray(alpha, work)
    return _displace(images, field, interpolation, fill_mode, fill_value, data_format)


def _scale_and_translate_weights(
    size_in: int, size_out: int, scale: np.ndarray, translation: np.ndarray, kernel: str, antialias: bool
) -> np.ndarray:
    """``(size_in, size_out)`` resampling matrix: output pixel ``o`` samples input point ``(o + 0.5 - t) / s - 0.5``."""
    inverse = 1 / scale
    stretch = np.maximum(inverse, 1) if antialias else np.ones_like(inverse)
    sample = (np.arange(size_out, dtype=scale.dtype) + 0.5 - translation) * inverse - 0.5
    distance = np.abs(sample[None, :] - np.arange(size_in, dtype=scale.dtype)[:, None]) / stretch
    if kernel == "linear":
        weights = np.maximum(0, 1 - distance)
    elif kernel == "cubic":  # Keys, a = -0.5
        weights = np.where(
            distance < 1,
            (1.5 * distance - 2.5) * distance * distance + 1,
            np.where(distance < 2, ((-0.5 * distance + 2.5) * distance - 4) * distance + 2, 0),
        )
    else:
        radius = 3 if kernel == "lanczos3" else 5
        weights = np.where(distance < radius, np.sinc(distance) * np.sinc(distance / radius), 0)
    total = np.sum(weights, axis=0, keepdims=True)
    weights = np.where(np.abs(total) > 1000 * np.finfo(np.float32).eps, weights / np.where(total == 0, 1, total), 0)
    # Output pixels whose sample point falls outside the input are zero.
    inside = (sample >= -0.5) & (sample <= size_in - 0.5)
    return np.where(inside[None, :], weights, 0).astype(scale.dtype)


def scale_and_translate(
    images: Any,
    output_shape: Any,
    scale: Any,
    translation: Any,
    spatial_dims: Any,
    method: str,
    antialias: bool = True,
) -> np.ndarray:
    from multikeras.backend import image_args

    images = tensor(images)
    kernel = image_args.scale_and_translate_kernel(method)
    scale, translation = np.atleast_1d(tensor(scale)), np.atleast_1d(tensor(translation))
    output_shape, dims = image_args.scale_and_translate_dims(
        images.shape, output_shape, spatial_dims, scale.shape[0], translation.shape[0]
    )
    work = _work(images.dtype)
    result = images.astype(work)
    scale, translation = scale.astype(work), translation.astype(work)
    for i, d in enumerate(dims):
        weights = _scale_and_translate_weights(images.shape[d], output_shape[d], scale[i], translation[i], kernel, antialias)
        result = np.moveaxis(np.tensordot(result, weights, axes=(d, 0)), -1, d)
    return _cast_back(result, images.dtype)


def extract_patches_3d(
    volumes: Any,
    size: Any,
    strides: Any = None,
    dilation_rate: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
) -> np.ndarray:
    from multikeras.backend import image_args

    volumes = tensor(volumes)
    image_args.check_volume_rank(volumes.shape)
    patch, step, dilation = image_args.patch_3d_arguments(size, strides, dilation_rate)
    padding = image_args.check_padding("extract_patches_3d", padding)
    return extract_patches(volumes, patch, step, dilation, padding, data_format)
