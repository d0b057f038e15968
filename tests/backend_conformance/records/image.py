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
one(R("ssim", "pair", BIG, np.clip(BIG + arr(BIG.shape, low=-0.1, high=0.1, seed=116), 0, 1).astype("float32"), ref=_ssim, dtype="float32", tolerance={"float32": (1e-4, 1e-5)}))
one(R("ssim", "identical", BIG, BIG, ref=lambda a, b: np.ones(2), dtype="float32", tolerance={"float32": (1e-5, 1e-5)}))
