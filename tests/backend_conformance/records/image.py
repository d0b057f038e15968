"""Records for ``multikeras.ops.image`` (channels_last unless stated)."""

from __future__ import annotations

import colorsys

import numpy as np
import scipy.ndimage

from backend_conformance.records._build import R, arr, bad

IMG = arr((2, 4, 4, 3), low=0.0, high=1.0, seed=110)
BIG = arr((2, 12, 12, 3), low=0.0, high=1.0, seed=111)
TOL = {"float32": (1e-5, 1e-5)}

RECORDS = []
one = RECORDS.append


def _gaussian(size: int, sigma: float) -> np.ndarray:
    offsets = np.arange(size) - (size - 1) / 2
    kernel = np.exp(-(offsets**2) / (2 * sigma**2))
    return kernel / kernel.sum()


def _blur(images, kernel_size=(3, 3), sigma=(1.0, 1.0), data_format=None):
    # kernel_size and sigma are (height, width); Keras 3's own backends disagree here
    # (numpy and jax give different values for a non-square kernel), so this follows the docs.
    kernel = np.outer(_gaussian(kernel_size[0], sigma[0]), _gaussian(kernel_size[1], sigma[1]))
    out = np.zeros(images.shape, np.float64)
    for n in range(images.shape[0]):
        for c in range(images.shape[-1]):
            out[n, :, :, c] = scipy.ndimage.correlate(images[n, :, :, c].astype(np.float64), kernel, mode="constant")
    return out


def _ssim(a, b, max_val=1.0, filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03, data_format=None):
    g = _gaussian(filter_size, filter_sigma)
    kernel = np.outer(g, g)

    def filt(x):
        h, w = x.shape[1] - filter_size + 1, x.shape[2] - filter_size + 1
        out = np.zeros((x.shape[0], h, w, x.shape[3]))
        for i in range(h):
            for j in range(w):
                out[:, i, j, :] = np.einsum("nhwc,hw->nc", x[:, i:i + filter_size, j:j + filter_size, :], kernel)
        return out

    a, b = a.astype(np.float64), b.astype(np.float64)
    c1, c2 = (k1 * max_val) ** 2, (k2 * max_val) ** 2
    mu_a, mu_b = filt(a), filt(b)
    var_a, var_b, cov = filt(a * a) - mu_a**2, filt(b * b) - mu_b**2, filt(a * b) - mu_a * mu_b
    ssim_map = ((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / ((mu_a**2 + mu_b**2 + c1) * (var_a + var_b + c2))
    return ssim_map.mean(axis=(1, 2, 3))


def _rgb_to_hsv(images, data_format=None):
    flat = images.reshape(-1, 3).astype(np.float64)
    return np.array([colorsys.rgb_to_hsv(*p) for p in flat]).reshape(images.shape)


def _hsv_to_rgb(images, data_format=None):
    flat = images.reshape(-1, 3).astype(np.float64)
    return np.array([colorsys.hsv_to_rgb(*p) for p in flat]).reshape(images.shape)


def _patches(images, size, strides=None):
    strides = size if strides is None else strides
    n, h, w, c = images.shape
    rows, cols = (h - size) // strides + 1, (w - size) // strides + 1
    out = np.zeros((n, rows, cols, size * size * c), images.dtype)
    for i in range(rows):
        for j in range(cols):
            out[:, i, j] = images[:, i * strides:i * strides + size, j * strides:j * strides + size, :].reshape(n, -1)
    return out


def _sobel(images, data_format=None):
    """``[d/dy, d/dx]`` Sobel responses, edges extended symmetrically (Keras 3 observed)."""
    dy = np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], np.float64)
    out = np.zeros(images.shape + (2,))
    for n in range(images.shape[0]):
        for c in range(images.shape[-1]):
            channel = images[n, :, :, c].astype(np.float64)
            out[n, :, :, c, 0] = scipy.ndimage.correlate(channel, dy, mode="reflect")
            out[n, :, :, c, 1] = scipy.ndimage.correlate(channel, dy.T, mode="reflect")
    return out


def _bilinear_half_pixel(images, size):
    """TF2 / jax.image bilinear resize without antialiasing (half-pixel centres)."""
    def axis_weights(n_in, n_out):
        src = np.clip((np.arange(n_out) + 0.5) * n_in / n_out - 0.5, 0, n_in - 1)
        low = np.floor(src).astype(int)
        high = np.minimum(low + 1, n_in - 1)
        frac = src - low
        matrix = np.zeros((n_out, n_in))
        matrix[np.arange(n_out), low] += 1 - frac
        matrix[np.arange(n_out), high] += frac
        return matrix

    rows, cols = axis_weights(images.shape[1], size[0]), axis_weights(images.shape[2], size[1])
    return np.einsum("ph,nhwc,qw->npqc", rows, images.astype(np.float64), cols)


one(R("rgb_to_grayscale", "default", IMG, ref=lambda x: (x.astype(np.float64) @ np.array([0.2989, 0.5870, 0.1140]))[..., None], dtype="float32", tolerance={"float32": (1e-4, 1e-5)}))
one(R("rgb_to_grayscale", "channels-first", np.moveaxis(IMG, -1, 1), kwargs={"data_format": "channels_first"},
      ref=lambda x, data_format: np.einsum("nchw,c->nhw", x.astype(np.float64), np.array([0.2989, 0.5870, 0.1140]))[:, None], dtype="float32", tolerance={"float32": (1e-4, 1e-5)}))
one(R("rgb_to_hsv", "default", IMG, ref=_rgb_to_hsv, dtype="float32", tolerance={"float32": (1e-4, 1e-5)}))
one(R("hsv_to_rgb", "default", IMG, ref=_hsv_to_rgb, dtype="float32", tolerance={"float32": (1e-4, 1e-5)}))
one(R("resize", "nearest-up", IMG, (8, 8), kwargs={"interpolation": "nearest"}, ref=lambda x, s, interpolation: x.repeat(2, 1).repeat(2, 2), dtype="float32"))
one(R("resize", "bilinear-down", IMG, (2, 2), ref=lambda x, s: _bilinear_half_pixel(x, s), dtype="float32", tolerance=TOL))
one(R("resize", "bilinear-up", IMG, (6, 8), ref=lambda x, s: _bilinear_half_pixel(x, s), dtype="float32", tolerance=TOL))
one(R("resize", "3d-input", IMG[0], (2, 2), ref=lambda x, s: _bilinear_half_pixel(x[None], s)[0], dtype="float32", tolerance=TOL))
one(R("resize", "channels-first", np.moveaxis(IMG, -1, 1), (2, 2), kwargs={"data_format": "channels_first"},
      ref=lambda x, s, data_format: np.moveaxis(_bilinear_half_pixel(np.moveaxis(x, 1, -1), s), -1, 1), dtype="float32", tolerance=TOL))
one(R("resize", "crop-to-aspect", arr((1, 4, 8, 1), low=0.0, high=1.0, seed=112), (2, 2), kwargs={"crop_to_aspect_ratio": True, "interpolation": "nearest"},
      ref=lambda x, s, **k: x[:, :, 2:6][:, ::2, ::2], dtype="float32", check_shape=True,
      compare=lambda a, e: np.testing.assert_equal(np.shape(a), np.shape(e))))
one(bad("resize", "size", IMG, (2, 2, 2), match=("size",)))
one(R("affine_transform", "identity", IMG, np.array([1, 0, 0, 0, 1, 0, 0, 0], "float32"), ref=lambda x, t: x, dtype="float32", tolerance=TOL))
one(R("affine_transform", "translate-nearest", IMG, np.array([1, 0, 1, 0, 1, 0, 0, 0], "float32"), kwargs={"interpolation": "nearest"},
      ref=lambda x, t, interpolation: np.concatenate([x[:, :, 1:], np.zeros_like(x[:, :, :1])], axis=2), dtype="float32"))
one(R("affine_transform", "batch-fill", IMG, np.array([[1, 0, 0, 0, 1, -1, 0, 0], [1, 0, 0, 0, 1, 0, 0, 0]], "float32"),
      kwargs={"interpolation": "nearest", "fill_value": 0.5},
      ref=lambda x, t, **k: np.stack([np.concatenate([np.full_like(x[0, :1], 0.5), x[0, :-1]], axis=0), x[1]]), dtype="float32"))
one(R("crop_images", "offsets", IMG, kwargs={"top_cropping": 1, "left_cropping": 2, "target_height": 2, "target_width": 2},
      ref=lambda x, **k: x[:, 1:3, 2:4], dtype="float32"))
one(R("crop_images", "bottom-right", IMG, kwargs={"top_cropping": 0, "left_cropping": 1, "bottom_cropping": 1, "right_cropping": 0},
      ref=lambda x, **k: x[:, 0:3, 1:4], dtype="float32"))
one(R("pad_images", "offsets", IMG, kwargs={"top_padding": 1, "left_padding": 2, "target_height": 6, "target_width": 7},
      ref=lambda x, **k: np.pad(x, ((0, 0), (1, 1), (2, 1), (0, 0))), dtype="float32"))
one(R("pad_images", "bottom-right-3d", IMG[0], kwargs={"top_padding": 0, "left_padding": 1, "bottom_padding": 2, "right_padding": 0},
      ref=lambda x, **k: np.pad(x, ((0, 2), (1, 0), (0, 0))), dtype="float32"))
one(R("extract_patches", "size2", IMG, 2, ref=_patches, dtype="float32"))
one(R("extract_patches", "strides1", IMG, (2, 2), kwargs={"strides": (1, 1)}, ref=lambda x, s, strides: _patches(x, 2, 1), dtype="float32"))
one(R("gaussian_blur", "default", IMG, ref=_blur, dtype="float32", tolerance=TOL))
one(R("gaussian_blur", "sigma", IMG, kwargs={"kernel_size": (3, 5), "sigma": (0.8, 1.5)}, ref=_blur, dtype="float32", tolerance=TOL))
one(R("map_coordinates", "linear", arr((5, 6), seed=113), np.stack([arr((3, 4), low=0.0, high=4.0, seed=114), arr((3, 4), low=0.0, high=5.0, seed=115)]), 1,
      ref=lambda x, c, order: scipy.ndimage.map_coordinates(x.astype(np.float64), c, order=order), dtype="float32", tolerance=TOL))
one(R("map_coordinates", "nearest-fill", arr((5, 6), seed=113), np.array([[0.2, 1.6, -3.0], [0.4, 4.7, 1.0]], "float32"), 0, kwargs={"fill_value": -1.0},
      ref=lambda x, c, order, fill_value: np.array([x[0, 0], x[2, 5], -1.0]), dtype="float32"))
one(R("sobel_edges", "default", IMG, ref=_sobel, dtype="float32", tolerance=TOL))


def _patches_3d(x, size=(2, 2, 2), **_):
    """Non-overlapping ``size`` patches of NDHWC ``x``, features ordered (depth, row, column, channel)."""
    n, d, h, w, c = x.shape
    pd, ph, pw = size
    blocks = x.reshape(n, d // pd, pd, h // ph, ph, w // pw, pw, c)
    return blocks.transpose(0, 1, 3, 5, 2, 4, 6, 7).reshape(n, d // pd, h // ph, w // pw, pd * ph * pw * c)


_CORNERS = np.array([[0, 0], [0, 3], [3, 0], [3, 3]], "float32")
one(R("perspective_transform", "identity", IMG, _CORNERS, _CORNERS, ref=lambda x, s, e: x, dtype="float32", tolerance=TOL))
one(R("perspective_transform", "shift-nearest", IMG, _CORNERS, _CORNERS - np.array([1, 0], "float32"),
      kwargs={"interpolation": "nearest", "fill_value": 0.5},
      ref=lambda x, s, e, **k: np.concatenate([x[:, :, 1:], np.full_like(x[:, :, :1], 0.5)], axis=2), dtype="float32", tolerance=TOL))
one(bad("perspective_transform", "points", IMG, _CORNERS[:3], _CORNERS[:3], match=("start_points",)))
# alpha=0: no displacement, whatever the seed draws (the field itself is backend-specific).
one(R("elastic_transform", "alpha-zero", IMG, kwargs={"alpha": 0.0, "sigma": 1.0, "seed": 1}, ref=lambda x, **k: x, dtype="float32", tolerance=TOL))
one(bad("elastic_transform", "fill-mode", IMG, kwargs={"fill_mode": "edge", "seed": 1}, match=("fill_mode",)))
# Translation by one pixel along the width: output column o samples column o - 1 (column 0 samples outside: 0).
one(R("scale_and_translate", "shift", IMG, IMG.shape, np.array([1.0], "float32"), np.array([1.0], "float32"), (2,), "linear",
      ref=lambda x, *a: np.concatenate([np.zeros_like(x[:, :, :1]), x[:, :, :-1]], axis=2), dtype="float32", tolerance=TOL))
one(R("scale_and_translate", "identity-cubic", IMG[0, :, :, 0], (4, 4), np.ones(2, "float32"), np.zeros(2, "float32"), (0, 1), "cubic",
      ref=lambda x, *a: x, dtype="float32", tolerance=TOL))
one(bad("scale_and_translate", "method", IMG, IMG.shape, np.ones(1, "float32"), np.zeros(1, "float32"), (1,), "nearest", match=("method",)))
one(R("extract_patches_3d", "size2", arr((2, 4, 4, 4, 2), seed=117), (2, 2, 2), ref=_patches_3d, dtype="float32"))
one(R("extract_patches_3d", "unbatched", arr((4, 2, 4, 1), seed=118), 2, ref=lambda x, s: _patches_3d(x[None])[0], dtype="float32"))
one(R("ssim", "pair", BIG, np.clip(BIG + arr(BIG.shape, low=-0.1, high=0.1, seed=116), 0, 1).astype("float32"), ref=_ssim, dtype="float32", tolerance={"float32": (1e-4, 1e-5)}))
one(R("ssim", "identical", BIG, BIG, ref=lambda a, b: np.ones(2), dtype="float32", tolerance={"float32": (1e-5, 1e-5)}))


# ------------------------------------------------------------------ aspect ratio and integer images
#
# One semantics (Keras 3's, identical on its four backends):
# * crop_to_aspect_ratio keeps the centred window of height min(h, int(w * H / W)) and width
#   min(w, int(h * W / H)) (at least 1), offsets (h - crop_h) // 2 and (w - crop_w) // 2;
# * pad_to_aspect_ratio pads (pad_h - h) // 2 rows above *and* below (pad_h = max(h, int(w * H / W))),
#   and likewise columns: an odd remainder is dropped, never padded on one side only;
# * integer and bool images are interpolated exactly (float64) and rounded half to even, then
#   clipped to the dtype's range (bool: True above 0.5).


def _aspect(images, size, crop=False, pad=False, fill_value=0.0, channels_first=False):
    """``images`` (batched or not) cropped or padded to the aspect ratio of ``size``, in float64."""
    x = np.asarray(images, np.float64)
    unbatched = x.ndim == 3
    x = x[None] if unbatched else x
    x = np.moveaxis(x, 1, -1) if channels_first else x
    h, w = x.shape[1:3]
    target_h, target_w = size
    if crop:
        crop_h = max(min(h, int(w * target_h / target_w)), 1)
        crop_w = max(min(w, int(h * target_w / target_h)), 1)
        top, left = (h - crop_h) // 2, (w - crop_w) // 2
        x = x[:, top:top + crop_h, left:left + crop_w]
    if pad:
        top = (max(h, int(w * target_h / target_w)) - h) // 2
        left = (max(w, int(h * target_w / target_h)) - w) // 2
        x = np.pad(x, ((0, 0), (top, top), (left, left), (0, 0)), constant_values=fill_value)
    return x, unbatched


def _restore_layout(x, unbatched, channels_first=False):
    x = np.moveaxis(x, -1, 1) if channels_first else x
    return x[0] if unbatched else x


def _nearest(x, size):
    rows = np.minimum(np.floor((np.arange(size[0]) + 0.5) * x.shape[1] / size[0]).astype(int), x.shape[1] - 1)
    cols = np.minimum(np.floor((np.arange(size[1]) + 0.5) * x.shape[2] / size[1]).astype(int), x.shape[2] - 1)
    return x[:, rows][:, :, cols]


def _resize_aspect(images, size, interpolation="bilinear", crop_to_aspect_ratio=False, pad_to_aspect_ratio=False,
                   fill_value=0.0, data_format=None):
    first = data_format == "channels_first"
    x, unbatched = _aspect(images, size, crop_to_aspect_ratio, pad_to_aspect_ratio, fill_value, first)
    out = _nearest(x, size) if interpolation == "nearest" else _bilinear_half_pixel(x, size)
    return _restore_layout(out, unbatched, first)


WIDE = np.arange(24.0, dtype="float32").reshape(1, 4, 6, 1)
WIDE2 = arr((2, 4, 6, 2), low=0.0, high=1.0, seed=117)
for _variant, _image, _size, _kwargs in [
    ("pad-aspect-odd-remainder", WIDE, (5, 9), {"interpolation": "nearest", "fill_value": -1.0}),   # 1 column short: no padding
    ("pad-aspect-width", WIDE, (4, 9), {"interpolation": "nearest", "fill_value": -1.0}),           # 3 short: 1 each side
    ("pad-aspect-height", WIDE, (6, 4), {"interpolation": "nearest", "fill_value": -1.0}),          # 5 short: 2 each side
    ("pad-aspect-bilinear", WIDE2, (3, 8), {"fill_value": 0.5}),
    ("pad-aspect-3d", WIDE[0], (6, 4), {"interpolation": "nearest", "fill_value": -1.0}),
    ("pad-aspect-channels-first", np.moveaxis(WIDE2, -1, 1), (6, 4), {"fill_value": -1.0, "data_format": "channels_first"}),
    ("pad-aspect-channels-first-3d", np.moveaxis(WIDE2[0], -1, 0), (5, 9), {"interpolation": "nearest", "fill_value": 2.0, "data_format": "channels_first"}),
    ("crop-aspect-odd-remainder", WIDE, (5, 9), {"interpolation": "nearest"}),
    ("crop-aspect-tall", WIDE2, (6, 3), {}),
    ("crop-aspect-extreme", WIDE, (1, 50), {"interpolation": "nearest"}),                           # crop height clamps to 1
    ("crop-aspect-channels-first", np.moveaxis(WIDE2, -1, 1), (7, 3), {"interpolation": "nearest", "data_format": "channels_first"}),
    ("crop-aspect-channels-first-3d", np.moveaxis(WIDE2[1], -1, 0), (2, 5), {"data_format": "channels_first"}),
]:
    _key = "pad_to_aspect_ratio" if _variant.startswith("pad") else "crop_to_aspect_ratio"
    one(R("resize", _variant, _image, _size, kwargs={_key: True, **_kwargs}, ref=_resize_aspect, dtype="float32", tolerance=TOL))
one(bad("resize", "crop-and-pad", WIDE, (2, 2), kwargs={"crop_to_aspect_ratio": True, "pad_to_aspect_ratio": True},
        match=("crop_to_aspect_ratio", "pad_to_aspect_ratio")))
one(bad("resize", "fill-mode", WIDE, (5, 9), kwargs={"pad_to_aspect_ratio": True, "fill_mode": "reflect"}, match=("fill_mode",)))


def _exact_bilinear(images, size):
    """Bilinear (half-pixel) resize in exact rational arithmetic, rounded half to even."""
    from fractions import Fraction

    def axis_weights(n_in, n_out):
        matrix = [[Fraction(0)] * n_in for _ in range(n_out)]
        for o in range(n_out):
            src = min(max(Fraction(2 * o + 1, 2) * n_in / n_out - Fraction(1, 2), Fraction(0)), Fraction(n_in - 1))
            low = int(src)  # floor: src >= 0
            high = min(low + 1, n_in - 1)
            matrix[o][low] += 1 - (src - low)
            matrix[o][high] += src - low
        return matrix

    x = np.asarray(images)
    rows, cols = axis_weights(x.shape[1], size[0]), axis_weights(x.shape[2], size[1])
    out = np.zeros((x.shape[0], size[0], size[1], x.shape[3]), np.int64)
    for n, p, q, c in np.ndindex(out.shape):
        value = sum(rows[p][h] * cols[q][w] * int(x[n, h, w, c]) for h in range(x.shape[1]) for w in range(x.shape[2]))
        out[n, p, q, c] = round(value)  # Fraction.__round__: half to even
    return out


def _integer_resize(interpolation):
    """Reference for integer images: the float64 resize, rounded half to even and clipped."""
    def reference(images, size, **kwargs):
        x = np.asarray(images)
        kernels = {"bicubic": _keys_cubic, "lanczos3": lambda d: _lanczos(d, 3), "lanczos5": lambda d: _lanczos(d, 5)}
        rows = _kernel_weights(x.shape[1], size[0], kernels[interpolation])
        cols = _kernel_weights(x.shape[2], size[1], kernels[interpolation])
        values = np.round(np.einsum("ph,nhwc,qw->npqc", rows, x.astype(np.float64), cols))
        info = np.iinfo(x.dtype)
        return np.clip(values, info.min, info.max).astype(x.dtype)
    return reference


def _keys_cubic(d):
    d = np.abs(d)
    return np.where(d <= 1, (1.5 * d - 2.5) * d * d + 1, np.where(d < 2, ((-0.5 * d + 2.5) * d - 4) * d + 2, 0.0))


def _lanczos(d, radius):
    return np.where(np.abs(d) < radius, np.sinc(d) * np.sinc(d / radius), 0.0)


def _kernel_weights(n_in, n_out, kernel):
    """(n_out, n_in) weights: the kernel at half-pixel centres, each row normalised to sum 1."""
    centres = (np.arange(n_out) + 0.5) * n_in / n_out - 0.5
    weights = kernel(np.arange(n_in)[None, :] - centres[:, None])
    return weights / weights.sum(axis=1, keepdims=True)


TIES = np.array([[214, 175, 179], [99, 223, 34]], "uint8").reshape(1, 2, 3, 1)   # 143.5 at [0, 1, 3, 0]
one(R("resize", "uint8-bilinear-ties", TIES, (3, 5), ref=lambda x, s: _exact_bilinear(x, s), dtype="uint8"))
one(R("resize", "int8-bilinear-ties", np.array([[-7, 2, 9], [4, -8, 3]], "int8").reshape(1, 2, 3, 1), (3, 5),
      ref=lambda x, s: _exact_bilinear(x, s), dtype="int8"))
one(R("resize", "int32-bilinear-large", np.array([[16777217, 16777219], [33554435, 3]], "int32").reshape(1, 2, 2, 1), (3, 4),
      ref=lambda x, s: _exact_bilinear(x, s), dtype="int32"))
one(R("resize", "int16-bilinear-channels-first", np.moveaxis(arr((2, 3, 3, 2), "int16", -300, 300, seed=118), -1, 1), (5, 4),
      kwargs={"data_format": "channels_first"}, ref=lambda x, s, data_format: np.moveaxis(_exact_bilinear(np.moveaxis(x, 1, -1), s), -1, 1), dtype="int16"))
one(R("resize", "uint8-nearest", TIES, (3, 5), kwargs={"interpolation": "nearest"},
      ref=lambda x, s, interpolation: _nearest(x, s), dtype="uint8"))
one(R("resize", "bool-bilinear", np.array([[True, False, False], [False, True, True]]).reshape(1, 2, 3, 1), (3, 5),
      ref=lambda x, s: _exact_bilinear(x.astype(np.int64), s) > 0, dtype="bool"))
for _interpolation in ("bicubic", "lanczos3", "lanczos5"):
    # Overshoots below 0 and above 255 are clipped to the dtype's range.
    one(R("resize", f"uint8-{_interpolation}", TIES, (3, 5), kwargs={"interpolation": _interpolation},
          ref=_integer_resize(_interpolation), dtype="uint8"))
one(R("resize", "uint8-pad-aspect", TIES, (3, 9), kwargs={"pad_to_aspect_ratio": True, "fill_value": 7.0},
      ref=lambda x, s, **k: _exact_bilinear(np.pad(x, ((0, 0), (0, 0), (1, 1), (0, 0)), constant_values=7), s), dtype="uint8"))


def _kernel_resize(interpolation, antialias=False):
    """Float reference: separable kernel weights (half-pixel centres, rows normalised; stretched when antialiasing)."""
    kernels = {"bilinear": lambda d: np.maximum(0.0, 1 - np.abs(d)), "bicubic": _keys_cubic,
               "lanczos3": lambda d: _lanczos(d, 3), "lanczos5": lambda d: _lanczos(d, 5)}

    def weights(n_in, n_out):
        if interpolation == "area":  # box filter: overlap of each output pixel's box with each input pixel
            scale = n_in / n_out
            starts = np.arange(n_out)[:, None] * scale
            overlap = np.minimum(starts + scale, np.arange(n_in)[None, :] + 1) - np.maximum(starts, np.arange(n_in)[None, :])
            return np.maximum(overlap, 0) / scale
        stretch = max(n_in / n_out, 1.0) if antialias else 1.0
        centres = (np.arange(n_out) + 0.5) * n_in / n_out - 0.5
        w = kernels[interpolation]((np.arange(n_in)[None, :] - centres[:, None]) / stretch)
        return w / w.sum(axis=1, keepdims=True)

    def reference(images, size, **kwargs):
        x = np.asarray(images, np.float64)
        out = np.einsum("ph,nhwc,qw->npqc", weights(x.shape[1], size[0]), x, weights(x.shape[2], size[1]))
        if x.dtype.kind in "iu" or np.asarray(images).dtype.kind in "iu":
            info = np.iinfo(np.asarray(images).dtype)
            return np.clip(np.round(out), info.min, info.max)
        return out
    return reference


for _interpolation in ("bilinear", "bicubic", "lanczos3", "area"):
    one(R("resize", f"f64-{_interpolation}", BIG.astype("float64"), (5, 7), kwargs={"interpolation": _interpolation},
          ref=_kernel_resize(_interpolation), dtype="float64"))
for _interpolation in ("area", "bicubic", "lanczos5"):
    one(R("resize", f"{_interpolation}-up", IMG, (7, 5), kwargs={"interpolation": _interpolation},
          ref=_kernel_resize(_interpolation), dtype="float32", tolerance={"float32": (1e-4, 1e-5)}))
one(R("resize", "area-down", BIG, (5, 7), kwargs={"interpolation": "area"}, ref=_kernel_resize("area"), dtype="float32", tolerance=TOL))
one(R("resize", "uint8-area", arr((1, 5, 7, 2), "uint8", 0, 256, seed=119), (3, 4), kwargs={"interpolation": "area"},
      ref=_kernel_resize("area"), dtype="uint8"))
for _interpolation in ("bilinear", "bicubic", "lanczos3"):
    one(R("resize", f"antialias-{_interpolation}", BIG, (5, 4), kwargs={"interpolation": _interpolation, "antialias": True},
          ref=_kernel_resize(_interpolation, antialias=True), dtype="float32", tolerance={"float32": (1e-4, 1e-5)}))
one(R("resize", "antialias-up", IMG, (7, 6), kwargs={"antialias": True}, ref=_kernel_resize("bilinear"), dtype="float32", tolerance=TOL))
