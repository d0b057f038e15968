"""Image ops of the JAX backend (``jax.image`` / ``jax.scipy.ndimage`` / ``jax.lax``)."""

from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from multikeras.backend import config
from multikeras.backends.jax.core import Array, convert_to_tensor, floatx_dtype
from multikeras.backends.jax.numpy import _FLOATLIKE, _float_input

tensor = convert_to_tensor
_RESIZE_METHODS = {
    "bilinear": "linear",
    "nearest": "nearest",
    "bicubic": "cubic",
    "lanczos3": "lanczos3",
    "lanczos5": "lanczos5",
}
_FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")


def _channels_last(images: Array, data_format: str | None, name: str, ranks: tuple[int, ...] = (3, 4)) -> tuple[Array, bool]:
    """Images in channels_last layout, and whether to move channels back afterwards."""
    if images.ndim not in ranks:
        raise ValueError(f"{name}: expected images of rank {' or '.join(map(str, ranks))}, received shape {images.shape}")
    if config.standardize_data_format(data_format) == "channels_first":
        return jnp.moveaxis(images, -3, -1), True
    return images, False


def _restore(images: Array, moved: bool) -> Array:
    return jnp.moveaxis(images, -1, -3) if moved else images


def rgb_to_grayscale(images: Any, data_format: str | None = None) -> Array:
    images = tensor(images)
    x, moved = _channels_last(images, data_format, "rgb_to_grayscale")
    if x.shape[-1] != 3:
        raise ValueError(f"rgb_to_grayscale: expected 3 channels, received shape {images.shape}")
    work = x if x.dtype in _FLOATLIKE else x.astype(floatx_dtype())
    weights = jnp.asarray([0.2989, 0.5870, 0.1140], work.dtype)
    gray = jnp.sum(work * weights, axis=-1, keepdims=True).astype(x.dtype)
    return _restore(gray, moved)


def rgb_to_hsv(images: Any, data_format: str | None = None) -> Array:
    images = tensor(images)
    if images.dtype not in _FLOATLIKE:
        raise TypeError(f"rgb_to_hsv: expected float images, received dtype {images.dtype.name}")
    x, moved = _channels_last(images, data_format, "rgb_to_hsv")
    r, g, b = x[..., 0], x[..., 1], x[..., 2]
    value = jnp.max(x, axis=-1)
    minimum = jnp.min(x, axis=-1)
    delta = value - minimum
    safe_value = jnp.where(value > 0, value, 1)
    saturation = jnp.where(value > 0, delta / safe_value, 0)
    safe_delta = jnp.where(delta > 0, delta, 1)
    hue = jnp.where(
        value == r,
        (g - b) / safe_delta,
        jnp.where(value == g, 2 + (b - r) / safe_delta, 4 + (r - g) / safe_delta),
    )
    hue = jnp.where(delta > 0, hue / 6, 0)
    hue = jnp.where(hue < 0, hue + 1, hue)
    return _restore(jnp.stack([hue, saturation, value], axis=-1).astype(x.dtype), moved)


def hsv_to_rgb(images: Any, data_format: str | None = None) -> Array:
    images = tensor(images)
    if images.dtype not in _FLOATLIKE:
        raise TypeError(f"hsv_to_rgb: expected float images, received dtype {images.dtype.name}")
    x, moved = _channels_last(images, data_format, "hsv_to_rgb")
    h, s, v = x[..., 0], x[..., 1], x[..., 2]
    dh = h * 6
    r = jnp.clip(jnp.abs(dh - 3) - 1, 0, 1)
    g = jnp.clip(2 - jnp.abs(dh - 2), 0, 1)
    b = jnp.clip(2 - jnp.abs(dh - 4), 0, 1)
    rgb = jnp.stack([r, g, b], axis=-1)
    result = ((rgb - 1) * s[..., None] + 1) * v[..., None]
    return _restore(result.astype(x.dtype), moved)


def _area_weights(size_in: int, size_out: int) -> np.ndarray:
    """(size_out, size_in) box-filter weights: each output pixel's box overlap with each input pixel."""
    scale = size_in / size_out
    starts = np.arange(size_out)[:, None] * scale
    positions = np.arange(size_in)[None, :]
    overlap = np.minimum(starts + scale, positions + 1) - np.maximum(starts, positions)
    return np.maximum(overlap, 0.0) / scale


def _round_to(values: Array, dtype: Any) -> Array:
    """Integer (or bool) image values from their exact float64 interpolation.

    Rounded half to even after snapping to a 2**-16 grid (float64 noise
    must not decide a tie), then clipped to the dtype's range.
    """
    values = jnp.round(jnp.round(values * 65536.0) / 65536.0)
    if dtype == np.dtype(bool):
        return jnp.clip(values, 0, 1) > 0
    info = jnp.iinfo(dtype)
    return jnp.clip(values, info.min, info.max).astype(dtype)


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
) -> Array:
    images = tensor(images)
    if interpolation not in _RESIZE_METHODS and interpolation != "area":
        raise ValueError(f"resize: `interpolation` expected one of {sorted(_RESIZE_METHODS) + ['area']}, received {interpolation!r}")
    if fill_mode != "constant":
        raise ValueError(f"resize: `fill_mode` expected 'constant', received {fill_mode!r}")
    size = tuple(int(s) for s in size)
    if len(size) != 2:
        raise ValueError(f"resize: expected `size` of (height, width), received {size}")
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError("resize: only one of `crop_to_aspect_ratio` and `pad_to_aspect_ratio` can be True")
    x, moved = _channels_last(images, data_format, "resize")
    # Integer and bool images are interpolated exactly (float64), then rounded.
    exact = x.dtype not in _FLOATLIKE
    x = x.astype(jnp.float64) if exact else x
    target_h, target_w = size
    height, width = x.shape[-3], x.shape[-2]
    if crop_to_aspect_ratio:
        crop_h = max(min(height, int(width * target_h / target_w)), 1)
        crop_w = max(min(width, int(height * target_w / target_h)), 1)
        top, left = (height - crop_h) // 2, (width - crop_w) // 2
        x = x[..., top : top + crop_h, left : left + crop_w, :]
    elif pad_to_aspect_ratio:
        # Both sides get (missing // 2) pixels: an odd remainder is dropped (Keras).
        pad_h = (max(height, int(width * target_h / target_w)) - height) // 2
        pad_w = (max(width, int(height * target_w / target_h)) - width) // 2
        widths = [(0, 0)] * (x.ndim - 3) + [(pad_h, pad_h), (pad_w, pad_w), (0, 0)]
        x = jnp.pad(x, widths, constant_values=jnp.asarray(fill_value, x.dtype))
    if interpolation == "area":
        rows = jnp.asarray(_area_weights(x.shape[-3], target_h), x.dtype)
        cols = jnp.asarray(_area_weights(x.shape[-2], target_w), x.dtype)
        result = jnp.einsum("ph,...hwc,qw->...pqc", rows, x, cols)
    else:
        shape = x.shape[:-3] + (target_h, target_w, x.shape[-1])
        result = jax.image.resize(x, shape, method=_RESIZE_METHODS[interpolation], antialias=antialias)
    if exact:
        result = _round_to(result, images.dtype)
    return _restore(result, moved)


def map_coordinates(inputs: Any, coordinates: Any, order: int, fill_mode: str = "constant", fill_value: float = 0) -> Array:
    inputs = tensor(inputs)
    coordinates = tensor(coordinates)
    if coordinates.shape[0] != inputs.ndim:
        raise ValueError(
            f"map_coordinates: first dimension of `coordinates` must equal the rank {inputs.ndim} of `inputs`, received shape {coordinates.shape}"
        )
    if fill_mode not in _FILL_MODES:
        raise ValueError(f"map_coordinates: `fill_mode` expected one of {_FILL_MODES}, received {fill_mode!r}")
    if order not in (0, 1):
        raise ValueError(f"map_coordinates: `order` expected 0 or 1, received {order}")
    work = inputs if inputs.dtype in _FLOATLIKE else inputs.astype(floatx_dtype())
    coords = [c.astype(work.dtype) for c in coordinates]
    result = jax.scipy.ndimage.map_coordinates(work, coords, order=order, mode=fill_mode, cval=fill_value)
    return result.astype(inputs.dtype)


def affine_transform(
    images: Any,
    transform: Any,
    interpolation: str = "bilinear",
    fill_mode: str = "constant",
    fill_value: float = 0,
    data_format: str | None = None,
) -> Array:
    images = tensor(images)
    if interpolation not in ("nearest", "bilinear"):
        raise ValueError(f"affine_transform: `interpolation` expected 'nearest' or 'bilinear', received {interpolation!r}")
    if fill_mode not in _FILL_MODES:
        raise ValueError(f"affine_transform: `fill_mode` expected one of {_FILL_MODES}, received {fill_mode!r}")
    x, moved = _channels_last(images, data_format, "affine_transform")
    unbatched = x.ndim == 3
    if unbatched:
        x = x[None]
    transform = tensor(transform)
    if transform.ndim == 1:
        transform = transform[None]
    if transform.shape[-1] != 8:
        raise ValueError(f"affine_transform: expected `transform` of shape (8,) or (batch, 8), received {transform.shape}")
    work = x if x.dtype in _FLOATLIKE else x.astype(floatx_dtype())
    transform = jnp.broadcast_to(transform.astype(work.dtype), (x.shape[0], 8))
    height, width, channels = x.shape[1:]
    ys, xs = jnp.meshgrid(jnp.arange(height, dtype=work.dtype), jnp.arange(width, dtype=work.dtype), indexing="ij")
    order = 0 if interpolation == "nearest" else 1

    def one(image: Array, t: Array) -> Array:
        k = t[6] * xs + t[7] * ys + 1
        src_x = (t[0] * xs + t[1] * ys + t[2]) / k
        src_y = (t[3] * xs + t[4] * ys + t[5]) / k
        channel_index = jnp.arange(channels, dtype=work.dtype)
        coords = [
            jnp.broadcast_to(src_y[..., None], (height, width, channels)),
            jnp.broadcast_to(src_x[..., None], (height, width, channels)),
            jnp.broadcast_to(channel_index, (height, width, channels)),
        ]
        return jax.scipy.ndimage.map_coordinates(image, coords, order=order, mode=fill_mode, cval=fill_value)

    result = jax.vmap(one)(work, transform).astype(x.dtype)
    if unbatched:
        result = result[0]
    return _restore(result, moved)


def _crop_pad_sizes(
    height: int,
    width: int,
    first: Any,
    second: Any,
    third: Any,
    fourth: Any,
    target_height: Any,
    target_width: Any,
    name: str,
    grow: bool,
) -> tuple[int, int, int, int]:
    """Resolve (top, left, bottom, right) from the Keras arguments."""
    top, left, bottom, right = first, second, third, fourth
    if top is None and bottom is None:
        if target_height is None:
            raise ValueError(f"{name}: expected two of `top`, `bottom` and `target_height`, received only one or none")
        top = bottom = None
    if top is None:
        if bottom is None or target_height is None:
            raise ValueError(f"{name}: expected two of `top`, `bottom` and `target_height`, received fewer")
        top = (target_height - height - bottom) if grow else (height - target_height - bottom)
    elif bottom is None:
        if target_height is None:
            raise ValueError(f"{name}: expected two of `top`, `bottom` and `target_height`, received fewer")
        bottom = (target_height - height - top) if grow else (height - target_height - top)
    if left is None:
        if right is None or target_width is None:
            raise ValueError(f"{name}: expected two of `left`, `right` and `target_width`, received fewer")
        left = (target_width - width - right) if grow else (width - target_width - right)
    elif right is None:
        if target_width is None:
            raise ValueError(f"{name}: expected two of `left`, `right` and `target_width`, received fewer")
        right = (target_width - width - left) if grow else (width - target_width - left)
    sizes = tuple(int(v) for v in (top, left, bottom, right))
    if min(sizes) < 0:
        raise ValueError(f"{name}: the arguments give negative sizes (top, left, bottom, right) = {sizes}")
    return sizes  # type: ignore[return-value]


def pad_images(
    images: Any,
    top_padding: int | None = None,
    left_padding: int | None = None,
    bottom_padding: int | None = None,
    right_padding: int | None = None,
    target_height: int | None = None,
    target_width: int | None = None,
    data_format: str | None = None,
) -> Array:
    images = tensor(images)
    x, moved = _channels_last(images, data_format, "pad_images")
    height, width = x.shape[-3], x.shape[-2]
    if top_padding is None and bottom_padding is None and target_height is not None:
        top_padding = 0
    if left_padding is None and right_padding is None and target_width is not None:
        left_padding = 0
    top, left, bottom, right = _crop_pad_sizes(
        height, width, top_padding, left_padding, bottom_padding, right_padding, target_height, target_width, "pad_images", True
    )
    widths = [(0, 0)] * (x.ndim - 3) + [(top, bottom), (left, right), (0, 0)]
    return _restore(jnp.pad(x, widths), moved)


def crop_images(
    images: Any,
    top_cropping: int | None = None,
    left_cropping: int | None = None,
    bottom_cropping: int | None = None,
    right_cropping: int | None = None,
    target_height: int | None = None,
    target_width: int | None = None,
    data_format: str | None = None,
) -> Array:
    images = tensor(images)
    x, moved = _channels_last(images, data_format, "crop_images")
    height, width = x.shape[-3], x.shape[-2]
    if top_cropping is None and bottom_cropping is None and target_height is not None:
        top_cropping = 0
    if left_cropping is None and right_cropping is None and target_width is not None:
        left_cropping = 0
    top, left, bottom, right = _crop_pad_sizes(
        height, width, top_cropping, left_cropping, bottom_cropping, right_cropping, target_height, target_width, "crop_images", False
    )
    if top + bottom > height or left + right > width:
        raise ValueError(f"crop_images: cropping {(top, left, bottom, right)} exceeds the image size {(height, width)}")
    return _restore(x[..., top : height - bottom, left : width - right, :], moved)


def extract_patches(
    images: Any,
    size: Any,
    strides: Any = None,
    dilation_rate: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
) -> Array:
    images = tensor(images)
    x, moved = _channels_last(images, data_format, "extract_patches")
    unbatched = x.ndim == 3
    if unbatched:
        x = x[None]
    size = (int(size),) * 2 if isinstance(size, (int, np.integer)) else tuple(int(s) for s in size)
    strides = size if strides is None else ((int(strides),) * 2 if isinstance(strides, (int, np.integer)) else tuple(strides))
    dilation = (int(dilation_rate),) * 2 if isinstance(dilation_rate, (int, np.integer)) else tuple(dilation_rate)
    channels = x.shape[-1]
    patches = jax.lax.conv_general_dilated_patches(
        x,
        filter_shape=size,
        window_strides=strides,
        padding=padding.upper(),
        rhs_dilation=dilation,
        dimension_numbers=("NHWC", "HWIO", "NHWC"),
    )
    # JAX orders patch features (channel, row, col); Keras orders them (row, col, channel).
    b, h, w, _ = patches.shape
    patches = patches.reshape(b, h, w, channels, size[0] * size[1])
    patches = jnp.swapaxes(patches, -1, -2).reshape(b, h, w, -1).astype(x.dtype)
    if unbatched:
        patches = patches[0]
    return _restore(patches, moved)


def _gaussian_kernel(size: int, sigma: float, dtype: Any) -> Array:
    offsets = jnp.arange(size, dtype=dtype) - (size - 1) / 2
    kernel = jnp.exp(-jnp.square(offsets) / (2 * sigma * sigma))
    return kernel / jnp.sum(kernel)


def gaussian_blur(images: Any, kernel_size: Any = (3, 3), sigma: Any = (1.0, 1.0), data_format: str | None = None) -> Array:
    images = tensor(images)
    x, moved = _channels_last(images, data_format, "gaussian_blur")
    unbatched = x.ndim == 3
    if unbatched:
        x = x[None]
    work = x if x.dtype in _FLOATLIKE else x.astype(floatx_dtype())
    kernel_size = (int(kernel_size),) * 2 if isinstance(kernel_size, (int, np.integer)) else tuple(int(k) for k in kernel_size)
    sigma = (float(sigma),) * 2 if isinstance(sigma, (int, float)) else tuple(float(s) for s in sigma)
    # (height, width) as documented; Keras' own backends disagree for non-square kernels.
    ky = _gaussian_kernel(kernel_size[0], sigma[0], work.dtype)
    kx = _gaussian_kernel(kernel_size[1], sigma[1], work.dtype)
    channels = work.shape[-1]
    kernel = jnp.tile((ky[:, None] * kx[None, :])[:, :, None, None], (1, 1, 1, channels))
    result = jax.lax.conv_general_dilated(
        work, kernel, (1, 1), "SAME", dimension_numbers=("NHWC", "HWIO", "NHWC"), feature_group_count=channels
    ).astype(x.dtype)
    if unbatched:
        result = result[0]
    return _restore(result, moved)


def sobel_edges(images: Any, data_format: str | None = None) -> Array:
    images = tensor(images)
    x, moved = _channels_last(images, data_format, "sobel_edges", ranks=(4,))
    work = x if x.dtype in _FLOATLIKE else x.astype(floatx_dtype())
    dy = jnp.asarray([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], work.dtype)
    dx = dy.T
    channels = work.shape[-1]
    padded = jnp.pad(work, [(0, 0), (1, 1), (1, 1), (0, 0)], mode="symmetric")
    outputs = []
    for k in (dy, dx):
        kernel = jnp.tile(k[:, :, None, None], (1, 1, 1, channels))
        outputs.append(
            jax.lax.conv_general_dilated(
                padded, kernel, (1, 1), "VALID", dimension_numbers=("NHWC", "HWIO", "NHWC"), feature_group_count=channels
            )
        )
    result = jnp.stack(outputs, axis=-1).astype(work.dtype)
    if moved:
        result = jnp.moveaxis(result, -2, 1)
    return result


def ssim(
    image1: Any,
    image2: Any,
    max_val: float = 1.0,
    filter_size: int = 11,
    filter_sigma: float = 1.5,
    k1: float = 0.01,
    k2: float = 0.03,
    data_format: str | None = None,
) -> Array:
    image1 = _float_input(image1)
    image2 = tensor(image2, image1.dtype)
    if image1.shape != image2.shape:
        raise ValueError(f"ssim: images must share a shape, received {image1.shape} and {image2.shape}")
    a, moved = _channels_last(image1, data_format, "ssim")
    b, _ = _channels_last(image2, data_format, "ssim")
    unbatched = a.ndim == 3
    if unbatched:
        a, b = a[None], b[None]
    g = _gaussian_kernel(filter_size, filter_sigma, a.dtype)
    channels = a.shape[-1]
    kernel = jnp.tile((g[:, None] * g[None, :])[:, :, None, None], (1, 1, 1, channels))

    def blur(v: Array) -> Array:
        return jax.lax.conv_general_dilated(
            v, kernel, (1, 1), "VALID", dimension_numbers=("NHWC", "HWIO", "NHWC"), feature_group_count=channels
        )

    c1 = (k1 * max_val) ** 2
    c2 = (k2 * max_val) ** 2
    mu1, mu2 = blur(a), blur(b)
    sigma1 = blur(a * a) - mu1 * mu1
    sigma2 = blur(b * b) - mu2 * mu2
    sigma12 = blur(a * b) - mu1 * mu2
    luminance = (2 * mu1 * mu2 + c1) / (mu1 * mu1 + mu2 * mu2 + c1)
    structure = (2 * sigma12 + c2) / (sigma1 + sigma2 + c2)
    result = jnp.mean(luminance * structure, axis=(1, 2, 3))
    return result[0] if unbatched else result
