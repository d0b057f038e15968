"""Image ops of the JAX backend (``jax.image`` / ``jax.scipy.ndimage`` / ``jax.lax``)."""

from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from multikeras.backend import config, image_args
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
        top, left, crop_h, crop_w = image_args.aspect_ratio_window(height, width, target_h, target_w)
        x = x[..., top : top + crop_h, left : left + crop_w, :]
    elif pad_to_aspect_ratio:
        pad_h, pad_w = image_args.aspect_ratio_padding(height, width, target_h, target_w)
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
    image_args.check_fill_mode("map_coordinates", fill_mode)
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
    image_args.check_interpolation("affine_transform", interpolation)
    image_args.check_fill_mode("affine_transform", fill_mode)
    images = tensor(images)
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

    # Integer images are rounded half to even and clipped, as on the other backends (not truncated).
    result = _cast_result(jax.vmap(one)(work, transform), x.dtype)
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
    if isinstance(sigma, (int, float)):
        sigma = (float(sigma),) * 2
    elif isinstance(sigma, (list, tuple)):
        sigma = tuple(float(s) if isinstance(s, (int, float)) else s for s in sigma)
    else:  # an array, traced inside a compiled step (a drawn sigma): indexed, never read on the host
        sigma = jnp.asarray(sigma, jnp.promote_types(work.dtype, jnp.float32))
        sigma = (sigma, sigma) if sigma.ndim == 0 else (sigma[0], sigma[1])
    # (height, width) as documented; Keras' own backends disagree for non-square kernels. The kernel is built in
    # float32 at least (as on the other backends): in float16 a tiny sigma squares to 0 and the centre tap to NaN.
    kernel_dtype = jnp.promote_types(work.dtype, jnp.float32)
    ky = _gaussian_kernel(kernel_size[0], sigma[0], kernel_dtype)
    kx = _gaussian_kernel(kernel_size[1], sigma[1], kernel_dtype)
    channels = work.shape[-1]
    kernel = jnp.tile((ky[:, None] * kx[None, :])[:, :, None, None], (1, 1, 1, channels)).astype(work.dtype)
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


# ---------------------------------------------------------------- perspective / elastic / scale-and-translate / 3-D patches


def _work_dtype(dtype: Any) -> Any:
    return jnp.float64 if dtype == jnp.float64 else jnp.float32


def _cast_result(values: Array, dtype: Any) -> Array:
    """Float results back to ``dtype``; integer dtypes are rounded half to even and clipped to their range."""
    if dtype in _FLOATLIKE:
        return values.astype(dtype)
    if dtype == jnp.bool_:
        return values > 0.5
    info = jnp.iinfo(dtype)
    return jnp.clip(jnp.round(values), info.min, info.max).astype(dtype)


def _displace(
    images: Any, field: Any, interpolation: str, fill_mode: str, fill_value: Any, data_format: str | None
) -> Array:
    """``images`` resampled at ``pixel + field``; ``field`` is ``(batch, h, w, 2)`` (row, column displacements)."""
    images = tensor(images)
    x, moved = _channels_last(images, data_format, "elastic_transform")
    unbatched = x.ndim == 3
    if unbatched:
        x = x[None]
    work = x.astype(_work_dtype(x.dtype))
    height, width, channels = x.shape[1:]
    field = tensor(field).astype(work.dtype).reshape(x.shape[0], height, width, 2)
    ys, xs = jnp.meshgrid(jnp.arange(height, dtype=work.dtype), jnp.arange(width, dtype=work.dtype), indexing="ij")
    order = 0 if interpolation == "nearest" else 1
    channel_index = jnp.broadcast_to(jnp.arange(channels, dtype=work.dtype), (height, width, channels))

    def one(image: Array, displacement: Array) -> Array:
        coords = [
            jnp.broadcast_to((ys + displacement[..., 0])[..., None], (height, width, channels)),
            jnp.broadcast_to((xs + displacement[..., 1])[..., None], (height, width, channels)),
            channel_index,
        ]
        return jax.scipy.ndimage.map_coordinates(image, coords, order=order, mode=fill_mode, cval=fill_value)

    result = _cast_result(jax.vmap(one)(work, field), x.dtype)
    if unbatched:
        result = result[0]
    return _restore(result, moved)


def elastic_transform(
    images: Any,
    alpha: Any = 20.0,
    sigma: Any = 5.0,
    interpolation: str = "bilinear",
    fill_mode: str = "reflect",
    fill_value: Any = 0.0,
    seed: Any = None,
    data_format: str | None = None,
) -> Array:
    from multikeras.backend import image_args
    from multikeras.backends.jax.random import random_normal

    images = tensor(images)
    image_args.check_image_rank("elastic_transform", images.shape)
    image_args.check_interpolation("elastic_transform", interpolation)
    image_args.check_fill_mode("elastic_transform", fill_mode)
    size = image_args.elastic_kernel_size(sigma)
    x, _ = _channels_last(images, data_format, "elastic_transform")
    spatial = x.shape[:3] if x.ndim == 4 else (1, *x.shape[:2])
    work = _work_dtype(x.dtype)
    noise = random_normal((*spatial, 2), 0.0, float(sigma), np.dtype(work).name, seed)
    field = gaussian_blur(noise, (size, size), (float(sigma), float(sigma)), "channels_last") * jnp.asarray(alpha, work)
    return _displace(images, field, interpolation, fill_mode, fill_value, data_format)


def _scale_and_translate_weights(
    size_in: int, size_out: int, scale: Array, translation: Array, kernel: str, antialias: bool
) -> Array:
    """``(size_in, size_out)`` resampling matrix: output pixel ``o`` samples input point ``(o + 0.5 - t) / s - 0.5``."""
    inverse = 1 / scale
    stretch = jnp.maximum(inverse, 1) if antialias else jnp.ones_like(inverse)
    sample = (jnp.arange(size_out, dtype=scale.dtype) + 0.5 - translation) * inverse - 0.5
    distance = jnp.abs(sample[None, :] - jnp.arange(size_in, dtype=scale.dtype)[:, None]) / stretch
    if kernel == "linear":
        weights = jnp.maximum(0, 1 - distance)
    elif kernel == "cubic":  # Keys, a = -0.5
        weights = jnp.where(
            distance < 1,
            (1.5 * distance - 2.5) * distance * distance + 1,
            jnp.where(distance < 2, ((-0.5 * distance + 2.5) * distance - 4) * distance + 2, 0),
        )
    else:
        radius = 3 if kernel == "lanczos3" else 5
        weights = jnp.where(distance < radius, jnp.sinc(distance) * jnp.sinc(distance / radius), 0)
    total = jnp.sum(weights, axis=0, keepdims=True)
    weights = jnp.where(jnp.abs(total) > 1000 * np.finfo(np.float32).eps, weights / jnp.where(total == 0, 1, total), 0)
    inside = (sample >= -0.5) & (sample <= size_in - 0.5)
    return jnp.where(inside[None, :], weights, 0).astype(scale.dtype)


def scale_and_translate(
    images: Any,
    output_shape: Any,
    scale: Any,
    translation: Any,
    spatial_dims: Any,
    method: str,
    antialias: bool = True,
) -> Array:
    from multikeras.backend import image_args

    images = tensor(images)
    kernel = image_args.scale_and_translate_kernel(method)
    scale, translation = jnp.atleast_1d(tensor(scale)), jnp.atleast_1d(tensor(translation))
    output_shape, dims = image_args.scale_and_translate_dims(
        images.shape, output_shape, spatial_dims, scale.shape[0], translation.shape[0]
    )
    work = _work_dtype(images.dtype)
    result = images.astype(work)
    scale, translation = scale.astype(work), translation.astype(work)
    for i, d in enumerate(dims):
        weights = _scale_and_translate_weights(images.shape[d], output_shape[d], scale[i], translation[i], kernel, antialias)
        result = jnp.moveaxis(jnp.tensordot(result, weights, axes=(d, 0)), -1, d)
    return _cast_result(result, images.dtype)


def extract_patches_3d(
    volumes: Any,
    size: Any,
    strides: Any = None,
    dilation_rate: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
) -> Array:
    from multikeras.backend import image_args

    volumes = tensor(volumes)
    image_args.check_volume_rank(volumes.shape)
    patch, step, dilation = image_args.patch_3d_arguments(size, strides, dilation_rate)
    padding = image_args.check_padding("extract_patches_3d", padding)
    moved = config.standardize_data_format(data_format) == "channels_first"
    x = jnp.moveaxis(volumes, -4, -1) if moved else volumes
    unbatched = x.ndim == 4
    if unbatched:
        x = x[None]
    work = x if x.dtype in _FLOATLIKE else x.astype(jnp.float32 if x.dtype.itemsize < 4 else jnp.float64)
    patches = jax.lax.conv_general_dilated_patches(
        work,
        filter_shape=patch,
        window_strides=step,
        padding=padding.upper(),
        rhs_dilation=dilation,
        dimension_numbers=("NDHWC", "DHWIO", "NDHWC"),
    )
    # JAX orders patch features (channel, depth, row, col); Keras orders them (depth, row, col, channel).
    b, d, h, w, _ = patches.shape
    channels = x.shape[-1]
    patches = patches.reshape(b, d, h, w, channels, -1)
    patches = jnp.swapaxes(patches, -1, -2).reshape(b, d, h, w, -1)
    patches = _cast_result(patches, x.dtype) if x.dtype not in _FLOATLIKE else patches.astype(x.dtype)
    if unbatched:
        patches = patches[0]
    return jnp.moveaxis(patches, -1, -4) if moved else patches
