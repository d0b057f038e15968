"""Image ops of the torch backend.

Images are 3-D (one image) or 4-D (a batch); ``data_format`` follows the
contract (``None`` means ``image_data_format()``). Work happens in
channels-first batches, the layout torch kernels expect.
"""

from __future__ import annotations

import builtins
from typing import Any

import torch
import torch.nn.functional as F

from multikeras.backend import config, image_args
from multikeras.backends.torch.core import FLOAT_TORCH, Tensor, convert_to_tensor, promote, to_float
from multikeras.backends.torch.nn import _same_padding


def _batched(images: Any, data_format: str | None) -> tuple[Tensor, bool, bool]:
    """(N, C, H, W) view of ``images``, whether a batch axis was added, whether channels were moved."""
    images = convert_to_tensor(images)
    if images.ndim not in (3, 4):
        raise ValueError(f"expected images of rank 3 or 4, received shape {tuple(images.shape)}")
    unbatched = images.ndim == 3
    if unbatched:
        images = images[None]
    moved = config.standardize_data_format(data_format) == "channels_last"
    if moved:
        images = images.permute(0, 3, 1, 2)
    return images, unbatched, moved


def _unbatched(images: Tensor, unbatched: bool, moved: bool) -> Tensor:
    if moved:
        images = images.permute(0, 2, 3, 1)
    return images[0] if unbatched else images


def _work_float(images: Tensor) -> tuple[Tensor, torch.dtype]:
    if images.dtype in (torch.float32, torch.float64):
        return images, images.dtype
    return images.to(torch.float32), images.dtype


def _back(images: Tensor, dtype: torch.dtype) -> Tensor:
    if dtype in FLOAT_TORCH:
        return images.to(dtype)
    info = torch.iinfo(dtype) if dtype is not torch.bool else None
    images = torch.round(images)
    if info is not None:
        images = images.clamp(info.min, info.max)
    return images.to(dtype)


# ---------------------------------------------------------------- colour


def rgb_to_grayscale(images: Any, data_format: str | None = None) -> Tensor:
    x, unbatched, moved = _batched(images, data_format)
    work, dtype = _work_float(x)
    weights = torch.tensor([0.2989, 0.5870, 0.1140], dtype=work.dtype, device=work.device).reshape(1, 3, 1, 1)
    gray = torch.sum(work * weights, dim=1, keepdim=True)
    return _unbatched(gray.to(dtype), unbatched, moved)


def rgb_to_hsv(images: Any, data_format: str | None = None) -> Tensor:
    x, unbatched, moved = _batched(images, data_format)
    x = to_float(x)
    r, g, b = x[:, 0], x[:, 1], x[:, 2]
    value = torch.amax(x, dim=1)
    minimum = torch.amin(x, dim=1)
    delta = value - minimum
    safe_value = torch.where(value > 0, value, torch.ones_like(value))
    saturation = torch.where(value > 0, delta / safe_value, torch.zeros_like(value))
    safe_delta = torch.where(delta > 0, delta, torch.ones_like(delta))
    hue = torch.where(
        value == r,
        (g - b) / safe_delta,
        torch.where(value == g, 2.0 + (b - r) / safe_delta, 4.0 + (r - g) / safe_delta),
    )
    hue = torch.where(delta > 0, hue / 6.0, torch.zeros_like(hue))
    hue = torch.remainder(hue, 1.0)
    out = torch.stack([hue, saturation, value], dim=1)
    return _unbatched(out, unbatched, moved)


def hsv_to_rgb(images: Any, data_format: str | None = None) -> Tensor:
    x, unbatched, moved = _batched(images, data_format)
    x = to_float(x)
    hue, saturation, value = x[:, 0], x[:, 1], x[:, 2]
    dh = torch.remainder(hue, 1.0) * 6.0
    dr = torch.clamp(torch.abs(dh - 3.0) - 1.0, 0.0, 1.0)
    dg = torch.clamp(2.0 - torch.abs(dh - 2.0), 0.0, 1.0)
    db = torch.clamp(2.0 - torch.abs(dh - 4.0), 0.0, 1.0)
    one_minus_s = 1.0 - saturation
    red = (one_minus_s + saturation * dr) * value
    green = (one_minus_s + saturation * dg) * value
    blue = (one_minus_s + saturation * db) * value
    out = torch.stack([red, green, blue], dim=1)
    return _unbatched(out, unbatched, moved)


# ---------------------------------------------------------------- geometry


def _target_size(size: Any) -> tuple[int, int]:
    if len(size) != 2:
        raise ValueError(f"resize: expected size (height, width), received {size!r}")
    return int(size[0]), int(size[1])


_MODES = {"bilinear": "bilinear", "nearest": "nearest-exact", "bicubic": "bicubic", "area": None, "lanczos3": None, "lanczos5": None}


def _kernel(name: str, distance: Tensor) -> Tensor:
    x = distance.abs()
    if name == "bilinear":
        return torch.clamp(1.0 - x, min=0.0)
    if name == "bicubic":  # Keys cubic, a = -0.5
        return torch.where(
            x < 1, ((1.5 * x - 2.5) * x) * x + 1.0, torch.where(x < 2, ((-0.5 * x + 2.5) * x - 4.0) * x + 2.0, torch.zeros_like(x))
        )
    radius = 3.0 if name == "lanczos3" else 5.0
    out = torch.sinc(x) * torch.sinc(x / radius)
    return torch.where(x < radius, out, torch.zeros_like(x))


def _resize_weights(in_size: int, out_size: int, name: str, antialias: bool, dtype: torch.dtype, device: torch.device) -> Tensor:
    """(out, in) interpolation matrix: the kernel at half-pixel centres, rows normalised to 1."""
    scale = out_size / in_size
    if name == "area":
        # Box filter: each output pixel's box [o, o + 1) / scale overlapped with each input pixel.
        starts = torch.arange(out_size, dtype=torch.float64, device=device)[:, None] * (in_size / out_size)
        positions = torch.arange(in_size, dtype=torch.float64, device=device)[None, :]
        overlap = torch.minimum(starts + in_size / out_size, positions + 1) - torch.maximum(starts, positions)
        return (overlap.clamp(min=0.0) * scale).to(dtype)
    kernel_scale = 1.0 / scale if antialias and scale < 1 else 1.0
    centres = (torch.arange(out_size, dtype=torch.float64, device=device) + 0.5) / scale - 0.5
    positions = torch.arange(in_size, dtype=torch.float64, device=device)
    weights = _kernel(name, (positions[None, :] - centres[:, None]) / kernel_scale)
    total = weights.sum(-1, keepdim=True)
    weights = torch.where(total.abs() > 1e-7, weights / torch.where(total.abs() > 1e-7, total, torch.ones_like(total)), torch.zeros_like(weights))
    return weights.to(dtype)


def _round_to(values: Tensor, dtype: torch.dtype) -> Tensor:
    """Integer (or bool) image values from their exact float64 interpolation.

    Rounded half to even after snapping to a 2**-16 grid (float64 noise
    must not decide a tie), then clipped to the dtype's range.
    """
    values = torch.round(torch.round(values * 65536.0) / 65536.0)
    if dtype is torch.bool:
        return values.clamp(0, 1) > 0
    info = torch.iinfo(dtype)
    return values.clamp(info.min, info.max).to(dtype)


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
) -> Tensor:
    if interpolation not in _MODES:
        raise ValueError(f"resize: expected interpolation in {tuple(_MODES)}, received {interpolation!r}")
    if fill_mode != "constant":
        raise ValueError(f"resize: expected fill_mode 'constant', received {fill_mode!r}")
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError("resize: only one of crop_to_aspect_ratio and pad_to_aspect_ratio can be True")
    height, width = _target_size(size)
    x, unbatched, moved = _batched(images, data_format)
    dtype = x.dtype
    # Integer and bool images are interpolated exactly (float64), then rounded.
    exact = dtype not in FLOAT_TORCH
    work = x.to(torch.float64) if exact else x if dtype == torch.float64 else x.to(torch.float32)
    in_h, in_w = work.shape[-2:]
    if crop_to_aspect_ratio:
        top, left, crop_h, crop_w = image_args.aspect_ratio_window(in_h, in_w, height, width)
        work = work[..., top : top + crop_h, left : left + crop_w]
    elif pad_to_aspect_ratio:
        top, left = image_args.aspect_ratio_padding(in_h, in_w, height, width)
        work = F.pad(work, [left, left, top, top], value=float(fill_value))
    mode = _MODES[interpolation]
    if mode in ("bilinear", "nearest-exact") and not (antialias and mode == "bilinear"):
        out = F.interpolate(work, size=(height, width), mode=mode)
    else:
        rows = _resize_weights(work.shape[-2], height, interpolation, bool(antialias), work.dtype, work.device)
        cols = _resize_weights(work.shape[-1], width, interpolation, bool(antialias), work.dtype, work.device)
        out = torch.einsum("oh,nchw,pw->ncop", rows, work, cols)
    out = _round_to(out, dtype) if exact else out.to(dtype)
    return _unbatched(out, unbatched, moved)


def pad_images(
    images: Any,
    top_padding: int | None = None,
    left_padding: int | None = None,
    bottom_padding: int | None = None,
    right_padding: int | None = None,
    target_height: int | None = None,
    target_width: int | None = None,
    data_format: str | None = None,
) -> Tensor:
    x, unbatched, moved = _batched(images, data_format)
    height, width = x.shape[-2:]
    top, bottom = _resolve_pair(top_padding, bottom_padding, target_height, height, +1, "pad_images", "height")
    left, right = _resolve_pair(left_padding, right_padding, target_width, width, +1, "pad_images", "width")
    if builtins.min(top, bottom, left, right) < 0:
        raise ValueError(f"pad_images: padding must be non-negative, received {(top, bottom, left, right)}")
    out = F.pad(x, [left, right, top, bottom]) if x.dtype is not torch.bool else F.pad(x.to(torch.uint8), [left, right, top, bottom]).bool()
    return _unbatched(out, unbatched, moved)


def crop_images(
    images: Any,
    top_cropping: int | None = None,
    left_cropping: int | None = None,
    bottom_cropping: int | None = None,
    right_cropping: int | None = None,
    target_height: int | None = None,
    target_width: int | None = None,
    data_format: str | None = None,
) -> Tensor:
    x, unbatched, moved = _batched(images, data_format)
    height, width = x.shape[-2:]
    top, bottom = _resolve_pair(top_cropping, bottom_cropping, target_height, height, -1, "crop_images", "height")
    left, right = _resolve_pair(left_cropping, right_cropping, target_width, width, -1, "crop_images", "width")
    if builtins.min(top, bottom, left, right) < 0 or top + bottom >= height + 1 or left + right >= width + 1:
        raise ValueError(f"crop_images: invalid cropping {(top, bottom, left, right)} for images of size {(height, width)}")
    out = x[..., top : height - bottom, left : width - right]
    return _unbatched(out, unbatched, moved)


def _resolve_pair(start: Any, end: Any, target: Any, size: int, sign: int, where: str, name: str) -> tuple[int, int]:
    """Two of (start, end, target size) given: return (start, end); sign +1 pads, -1 crops."""
    given = builtins.sum(v is not None for v in (start, end, target))
    if given != 2:
        if start is not None and end is None and target is None:
            return int(start), 0
        if end is not None and start is None and target is None:
            return 0, int(end)
        raise ValueError(f"{where}: expected two of the {name} start, end and target, received {start}, {end}, {target}")
    if target is None:
        return int(start), int(end)
    change = sign * (int(target) - size)
    if start is None:
        return change - int(end), int(end)
    return int(start), change - int(start)


def extract_patches(
    images: Any, size: Any, strides: Any = None, dilation_rate: Any = 1, padding: str = "valid", data_format: str | None = None
) -> Tensor:
    x, unbatched, moved = _batched(images, data_format)
    kernel = (int(size), int(size)) if isinstance(size, int) else tuple(int(s) for s in size)
    strides = kernel if strides is None else ((int(strides),) * 2 if isinstance(strides, int) else tuple(int(s) for s in strides))
    dilation = (int(dilation_rate),) * 2 if isinstance(dilation_rate, int) else tuple(int(d) for d in dilation_rate)
    if padding.lower() == "same":
        x = _same_padding(x, kernel, strides, dilation)
    n, c, h, w = x.shape
    out_h = (h - (kernel[0] - 1) * dilation[0] - 1) // strides[0] + 1
    out_w = (w - (kernel[1] - 1) * dilation[1] - 1) // strides[1] + 1
    work = x if x.dtype in FLOAT_TORCH else x.to(torch.float64)
    patches = F.unfold(work, kernel, dilation=dilation, stride=strides)  # (N, C*kh*kw, L)
    patches = patches.reshape(n, c, kernel[0], kernel[1], out_h, out_w).permute(0, 4, 5, 2, 3, 1)
    patches = patches.reshape(n, out_h, out_w, kernel[0] * kernel[1] * c).to(x.dtype)
    if not moved:
        patches = patches.permute(0, 3, 1, 2)
    return patches[0] if unbatched else patches


def _gaussian_kernel(size: int, sigma: float, dtype: torch.dtype, device: torch.device) -> Tensor:
    offsets = torch.arange(size, dtype=torch.float64, device=device) - (size - 1) / 2.0
    kernel = torch.exp(-(offsets**2) / (2.0 * sigma**2))
    return (kernel / kernel.sum()).to(dtype)


def gaussian_blur(images: Any, kernel_size: Any = (3, 3), sigma: Any = (1.0, 1.0), data_format: str | None = None) -> Tensor:
    x, unbatched, moved = _batched(images, data_format)
    work, dtype = _work_float(x)
    kernel_size = (int(kernel_size),) * 2 if isinstance(kernel_size, int) else tuple(int(k) for k in kernel_size)
    if isinstance(sigma, (int, float)):
        sigma = (float(sigma),) * 2
    elif isinstance(sigma, (list, tuple)):
        sigma = tuple(s if isinstance(s, Tensor) else float(s) for s in sigma)
    else:  # a tensor (drawn inside a step, possibly compiled): used as one, never read on the host
        sigma = torch.as_tensor(sigma, dtype=torch.float64, device=work.device)
        sigma = (sigma, sigma) if sigma.ndim == 0 else (sigma[0], sigma[1])
    ky = _gaussian_kernel(kernel_size[0], sigma[0], work.dtype, work.device)
    kx = _gaussian_kernel(kernel_size[1], sigma[1], work.dtype, work.device)
    kernel = torch.outer(ky, kx)
    channels = work.shape[1]
    weight = kernel.expand(channels, 1, *kernel.shape)
    padded = _same_padding(work, kernel_size, (1, 1), (1, 1))
    out = F.conv2d(padded, weight, groups=channels)
    return _unbatched(_back(out, dtype), unbatched, moved)


def sobel_edges(images: Any, data_format: str | None = None) -> Tensor:
    x, unbatched, moved = _batched(images, data_format)
    work, dtype = _work_float(x)
    dy = torch.tensor([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], dtype=work.dtype, device=work.device)
    dx = dy.T
    channels = work.shape[1]
    padded = F.pad(work, [1, 1, 1, 1], mode="replicate")  # symmetric padding of one pixel
    weight = torch.stack([dy, dx]).unsqueeze(1).repeat(channels, 1, 1, 1)  # (2C, 1, 3, 3)
    out = F.conv2d(padded, weight, groups=channels)  # (N, 2C, H, W): per channel [dy, dx]
    n, _, h, w = out.shape
    out = out.reshape(n, channels, 2, h, w)
    out = out.permute(0, 3, 4, 1, 2) if moved else out.permute(0, 1, 3, 4, 2)
    out = out.to(dtype) if dtype in FLOAT_TORCH else out
    return out[0] if unbatched else out


def ssim(
    image1: Any,
    image2: Any,
    max_val: float = 1.0,
    filter_size: int = 11,
    filter_sigma: float = 1.5,
    k1: float = 0.01,
    k2: float = 0.03,
    data_format: str | None = None,
) -> Tensor:
    image1, image2 = promote(image1, image2)
    a, unbatched, _ = _batched(to_float(image1), data_format)
    b, _, _ = _batched(to_float(image2), data_format)
    target = a.dtype
    work = torch.float64 if target is torch.float64 else torch.float32
    a, b = a.to(work), b.to(work)
    kernel = _gaussian_kernel(int(filter_size), float(filter_sigma), work, a.device)
    kernel2d = torch.outer(kernel, kernel)
    channels = a.shape[1]
    weight = kernel2d.expand(channels, 1, *kernel2d.shape)

    def blur(value: Tensor) -> Tensor:
        return F.conv2d(value, weight, groups=channels)

    c1 = (k1 * max_val) ** 2
    c2 = (k2 * max_val) ** 2
    mu1, mu2 = blur(a), blur(b)
    sigma1 = blur(a * a) - mu1 * mu1
    sigma2 = blur(b * b) - mu2 * mu2
    sigma12 = blur(a * b) - mu1 * mu2
    luminance = (2 * mu1 * mu2 + c1) / (mu1 * mu1 + mu2 * mu2 + c1)
    contrast = (2 * sigma12 + c2) / (sigma1 + sigma2 + c2)
    value = torch.mean(luminance * contrast, dim=(1, 2, 3)).to(target)
    return value[0] if unbatched else value


# ---------------------------------------------------------------- sampling


def _fill_index(coordinate: Tensor, size: int, fill_mode: str) -> tuple[Tensor, Tensor]:
    """Map (possibly out-of-range) integer coordinates into range; also return validity."""
    valid = (coordinate >= 0) & (coordinate < size)
    if fill_mode == "constant":
        return coordinate.clamp(0, builtins.max(size - 1, 0)), valid
    everywhere = torch.ones_like(valid)
    if fill_mode == "nearest":
        return coordinate.clamp(0, size - 1), everywhere
    if fill_mode == "wrap":
        return torch.remainder(coordinate, size), everywhere
    if fill_mode == "mirror":
        if size == 1:
            return torch.zeros_like(coordinate), everywhere
        period = 2 * size - 2
        folded = torch.remainder(coordinate, period)
        return torch.where(folded >= size, period - folded, folded), everywhere
    if fill_mode == "reflect":
        period = 2 * size
        folded = torch.remainder(coordinate, period)
        return torch.where(folded >= size, period - 1 - folded, folded), everywhere
    raise ValueError(f"expected fill_mode 'constant', 'nearest', 'wrap', 'mirror' or 'reflect', received {fill_mode!r}")


def map_coordinates(inputs: Any, coordinates: Any, order: int, fill_mode: str = "constant", fill_value: Any = 0) -> Tensor:
    image_args.check_fill_mode("map_coordinates", fill_mode)
    inputs = convert_to_tensor(inputs)
    coordinates = to_float(convert_to_tensor(coordinates).to(inputs.device))
    if coordinates.shape[0] != inputs.ndim:
        raise ValueError(
            f"map_coordinates: expected coordinates with a first dimension of {inputs.ndim} (the rank of inputs), "
            f"received shape {tuple(coordinates.shape)}"
        )
    if order not in (0, 1):
        raise ValueError(f"map_coordinates: expected order 0 or 1, received {order!r}")
    work_dtype = torch.float64 if inputs.dtype is torch.float64 or coordinates.dtype is torch.float64 else torch.float32
    values = inputs.to(work_dtype)
    coords = [coordinates[d].to(work_dtype) for d in range(inputs.ndim)]
    if order == 0:
        corners = [[(torch.floor(c + 0.5), None)] for c in coords]
    else:
        corners = []
        for c in coords:
            low = torch.floor(c)
            weight = c - low
            corners.append([(low, 1 - weight), (low + 1, weight)])
    result = torch.zeros(coordinates.shape[1:], dtype=work_dtype, device=inputs.device)
    total_valid = None

    def visit(dim: int, index: list[Tensor], weight: Tensor | None, valid: Tensor | None) -> None:
        nonlocal result
        if dim == inputs.ndim:
            gathered = values[tuple(index)]
            contribution = gathered if weight is None else gathered * weight
            if valid is not None:
                contribution = torch.where(valid, contribution, torch.tensor(float(fill_value), dtype=work_dtype, device=inputs.device) * (1 if weight is None else weight))
            result = result + contribution
            return
        for position, corner_weight in corners[dim]:
            clipped, ok = _fill_index(position.to(torch.int64), inputs.shape[dim], fill_mode)
            combined_valid = ok if valid is None else (valid & ok)
            combined_weight = corner_weight if weight is None else (weight * corner_weight if corner_weight is not None else weight)
            visit(dim + 1, index + [clipped], combined_weight, combined_valid)

    visit(0, [], None, None)
    if inputs.dtype in FLOAT_TORCH:
        return result.to(inputs.dtype)
    return _back(result, inputs.dtype)


def affine_transform(
    images: Any,
    transform: Any,
    interpolation: str = "bilinear",
    fill_mode: str = "constant",
    fill_value: Any = 0,
    data_format: str | None = None,
) -> Tensor:
    order = image_args.check_interpolation("affine_transform", interpolation)
    image_args.check_fill_mode("affine_transform", fill_mode)
    x, unbatched, moved = _batched(images, data_format)
    work, dtype = _work_float(x)
    transform = convert_to_tensor(transform).to(device=work.device, dtype=work.dtype)
    if transform.ndim == 1:
        transform = transform[None]
    if transform.shape[-1] != 8:
        raise ValueError(f"affine_transform: expected transforms of 8 values, received shape {tuple(transform.shape)}")
    n, _, h, w = work.shape
    transform = transform.expand(n, 8)
    ys, xs = torch.meshgrid(
        torch.arange(h, dtype=work.dtype, device=work.device), torch.arange(w, dtype=work.dtype, device=work.device), indexing="ij"
    )
    a = [transform[:, i].reshape(n, 1, 1) for i in range(8)]
    k = a[6] * xs + a[7] * ys + 1.0
    x_in = (a[0] * xs + a[1] * ys + a[2]) / k
    y_in = (a[3] * xs + a[4] * ys + a[5]) / k
    out = _sample_2d(work, y_in, x_in, order, fill_mode, fill_value)
    return _unbatched(_back(out, dtype), unbatched, moved)


# ---------------------------------------------------------------- perspective / elastic / scale-and-translate / 3-D patches


def _sample_2d(x: Tensor, src_y: Tensor, src_x: Tensor, order: int, fill_mode: str, fill_value: Any) -> Tensor:
    """Sample NCHW ``x`` at the float points ``(src_y, src_x)`` of shape ``(n, h', w')``; result ``(n, c, h', w')``."""
    n, c, h, w = x.shape
    if order == 0:
        corners_y = [(torch.floor(src_y + 0.5), None)]
        corners_x = [(torch.floor(src_x + 0.5), None)]
    else:
        low_y, low_x = torch.floor(src_y), torch.floor(src_x)
        fy, fx = src_y - low_y, src_x - low_x
        corners_y = [(low_y, 1 - fy), (low_y + 1, fy)]
        corners_x = [(low_x, 1 - fx), (low_x + 1, fx)]
    flat = x.reshape(n, c, h * w)
    fill = torch.tensor(float(fill_value), dtype=x.dtype, device=x.device)
    result = torch.zeros((n, c, *src_y.shape[1:]), dtype=x.dtype, device=x.device)
    for iy, wy in corners_y:
        rows, ok_y = _fill_index(iy.to(torch.int64), h, fill_mode)
        for ix, wx in corners_x:
            cols, ok_x = _fill_index(ix.to(torch.int64), w, fill_mode)
            index = (rows * w + cols).reshape(n, 1, -1).expand(n, c, -1)
            values = torch.gather(flat, 2, index).reshape(result.shape)
            values = torch.where((ok_y & ok_x)[:, None], values, fill)
            if wy is not None:
                values = values * (wy * wx)[:, None]
            result = result + values
    return result


def _displace(
    images: Any, field: Any, interpolation: str, fill_mode: str, fill_value: Any, data_format: str | None
) -> Tensor:
    """``images`` resampled at ``pixel + field``; ``field`` is ``(batch, h, w, 2)`` (row, column displacements)."""
    x, unbatched, moved = _batched(images, data_format)
    work, out_dtype = _work_float(x)
    n, _, h, w = work.shape
    field = convert_to_tensor(field).to(device=work.device, dtype=work.dtype).reshape(n, h, w, 2)
    ys, xs = torch.meshgrid(
        torch.arange(h, dtype=work.dtype, device=work.device), torch.arange(w, dtype=work.dtype, device=work.device), indexing="ij"
    )
    order = 0 if interpolation == "nearest" else 1
    out = _sample_2d(work, ys + field[..., 0], xs + field[..., 1], order, fill_mode, fill_value)
    return _unbatched(_back(out, out_dtype), unbatched, moved)


def elastic_transform(
    images: Any,
    alpha: Any = 20.0,
    sigma: Any = 5.0,
    interpolation: str = "bilinear",
    fill_mode: str = "reflect",
    fill_value: Any = 0.0,
    seed: Any = None,
    data_format: str | None = None,
) -> Tensor:
    from multikeras.backends.torch.random import random_normal

    images = convert_to_tensor(images)
    image_args.check_image_rank("elastic_transform", images.shape)
    image_args.check_interpolation("elastic_transform", interpolation)
    image_args.check_fill_mode("elastic_transform", fill_mode)
    size = image_args.elastic_kernel_size(sigma)
    x, _, _ = _batched(images, data_format)
    work, _ = _work_float(x)
    n, _, h, w = work.shape
    noise = random_normal((n, h, w, 2), 0.0, float(sigma), str(work.dtype).removeprefix("torch."), seed).to(work.device)
    field = gaussian_blur(noise, (size, size), (float(sigma), float(sigma)), "channels_last") * float(alpha)
    return _displace(images, field, interpolation, fill_mode, fill_value, data_format)


def _scale_and_translate_weights(
    size_in: int, size_out: int, scale: Tensor, translation: Tensor, kernel: str, antialias: bool
) -> Tensor:
    """``(size_in, size_out)`` resampling matrix: output pixel ``o`` samples input point ``(o + 0.5 - t) / s - 0.5``."""
    inverse = 1 / scale
    stretch = torch.clamp(inverse, min=1) if antialias else torch.ones_like(inverse)
    sample = (torch.arange(size_out, dtype=scale.dtype, device=scale.device) + 0.5 - translation) * inverse - 0.5
    distance = torch.abs(sample[None, :] - torch.arange(size_in, dtype=scale.dtype, device=scale.device)[:, None]) / stretch
    zero = torch.zeros((), dtype=scale.dtype, device=scale.device)
    if kernel == "linear":
        weights = torch.clamp(1 - distance, min=0)
    elif kernel == "cubic":  # Keys, a = -0.5
        weights = torch.where(
            distance < 1,
            (1.5 * distance - 2.5) * distance * distance + 1,
            torch.where(distance < 2, ((-0.5 * distance + 2.5) * distance - 4) * distance + 2, zero),
        )
    else:
        radius = 3 if kernel == "lanczos3" else 5
        weights = torch.where(distance < radius, torch.sinc(distance) * torch.sinc(distance / radius), zero)
    total = torch.sum(weights, dim=0, keepdim=True)
    eps = 1000 * torch.finfo(torch.float32).eps
    weights = torch.where(torch.abs(total) > eps, weights / torch.where(total == 0, torch.ones_like(total), total), zero)
    inside = (sample >= -0.5) & (sample <= size_in - 0.5)
    return torch.where(inside[None, :], weights, zero)


def scale_and_translate(
    images: Any,
    output_shape: Any,
    scale: Any,
    translation: Any,
    spatial_dims: Any,
    method: str,
    antialias: bool = True,
) -> Tensor:
    images = convert_to_tensor(images)
    kernel = image_args.scale_and_translate_kernel(method)
    scale = torch.atleast_1d(convert_to_tensor(scale).to(images.device))
    translation = torch.atleast_1d(convert_to_tensor(translation).to(images.device))
    output_shape, dims = image_args.scale_and_translate_dims(
        images.shape, output_shape, spatial_dims, scale.shape[0], translation.shape[0]
    )
    result, out_dtype = _work_float(images)
    scale, translation = scale.to(result.dtype), translation.to(result.dtype)
    for i, d in enumerate(dims):
        weights = _scale_and_translate_weights(images.shape[d], output_shape[d], scale[i], translation[i], kernel, antialias)
        result = torch.movedim(torch.tensordot(result, weights, dims=([d], [0])), -1, d)
    return _back(result, out_dtype)


def extract_patches_3d(
    volumes: Any,
    size: Any,
    strides: Any = None,
    dilation_rate: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
) -> Tensor:
    volumes = convert_to_tensor(volumes)
    image_args.check_volume_rank(volumes.shape)
    patch, step, dilation = image_args.patch_3d_arguments(size, strides, dilation_rate)
    padding = image_args.check_padding("extract_patches_3d", padding)
    unbatched = volumes.ndim == 4
    x = volumes[None] if unbatched else volumes
    channels_last = config.standardize_data_format(data_format) == "channels_last"
    if channels_last:
        x = x.permute(0, 4, 1, 2, 3)
    if padding == "same":
        x = _same_padding(x, patch, step, dilation)
    # Windows of the dilated extent on each spatial axis, then every dilation-th voxel of each window.
    for axis, (k, s, d) in enumerate(zip(patch, step, dilation)):
        x = x.unfold(2 + axis, (k - 1) * d + 1, s)
    x = x[..., :: dilation[0], :: dilation[1], :: dilation[2]]
    n, c, od, oh, ow = x.shape[:5]
    patches = x.permute(0, 2, 3, 4, 5, 6, 7, 1).reshape(n, od, oh, ow, -1)
    if not channels_last:
        patches = patches.permute(0, 4, 1, 2, 3)
    return patches[0] if unbatched else patches
