"""``elastic_transform``, ``perspective_transform``, ``scale_and_translate`` and ``extract_patches_3d`` on every backend.

The literal expected values in ``KERAS`` were recorded by a script that called
``keras.ops.image.perspective_transform`` / ``scale_and_translate`` of Keras 3.15.1
(``KERAS_BACKEND=numpy``; its jax backend gave the same values to 1e-4) on the
inputs built below (``IMG``, ``START``, ``END``, ``X2``, ``X4``, ``UP``, ``DOWN``)
and printed the results rounded to 5 decimals. Keras was observed only; none of
its code is copied.
``extract_patches_3d`` is checked against an explicit NumPy loop instead (the
same script found Keras's four backends equal to it).
"""

from __future__ import annotations

import importlib
import itertools

import numpy as np
import pytest

import multikeras as mk
from multikeras import ops

IMG = (np.arange(2 * 4 * 5 * 2, dtype="float32").reshape(2, 4, 5, 2) / 10.0)
START = np.array([[[0, 0], [0, 4], [5, 0], [5, 4]], [[0, 0], [0, 4], [5, 0], [5, 4]]], "float32")
END = np.array([[[0.5, 0.3], [0.2, 3.6], [4.4, -0.3], [5.3, 4.2]], [[1, 0], [0, 4], [4, 1], [5, 3]]], "float32")
X2 = np.arange(12, dtype="float32").reshape(3, 4)
X4 = np.arange(2 * 3 * 4 * 2, dtype="float32").reshape(2, 3, 4, 2)
UP = (np.array([5 / 3, 1.75], "float32"), np.array([0.2, -0.4], "float32"))
DOWN = (np.array([0.5, 0.6], "float32"), np.array([0.1, 0.3], "float32"))

KERAS = {
    'persp_bilinear_cl': [[[[-0.98948, -0.98843], [-0.22643, -0.15965], [0.31481, 0.40537], [0.8064, 0.9064], [-0.0882, -0.04433]], [[-0.49627, -0.4703], [1.24712, 1.34712], [1.63117, 1.73117], [1.95939, 2.05939], [0.87382, 0.93308]], [[0.49404, 0.53978], [2.47397, 2.57397], [2.74365, 2.84365], [2.97643, 3.07643], [2.01004, 2.08301]], [[0.48197, 0.51902], [1.76433, 1.83012], [2.18021, 2.25183], [2.56502, 2.64173], [2.32104, 2.39023]]], [[[0.50536, 0.53247], [4.0, 4.1], [-0.31986, -0.30685], [-1.0, -1.0], [-1.0, -1.0]], [[2.72758, 2.78202], [5.66753, 5.76753], [5.54157, 5.64157], [5.3458, 5.4458], [-1.0, -1.0]], [[4.74717, 4.82114], [6.78738, 6.88738], [6.88179, 6.98179], [7.01627, 7.11627], [7.22321, 7.32321]], [[2.81604, 2.86374], [2.92347, 2.97204], [2.42841, 2.47019], [1.7354, 1.76804], [0.70024, 0.71995]]]],
    'persp_nearest_cf': [[[[-1.0, 0.2, 0.4, 0.6, -1.0], [-1.0, 1.2, 1.4, 1.6, 1.8], [-1.0, 2.2, 2.4, 2.6, 2.8], [3.0, 3.2, 3.4, 3.6, 3.8]], [[-1.0, 0.3, 0.5, 0.7, -1.0], [-1.0, 1.3, 1.5, 1.7, 1.9], [-1.0, 2.3, 2.5, 2.7, 2.9], [3.1, 3.3, 3.5, 3.7, 3.9]]], [[[-1.0, 4.0, -1.0, -1.0, -1.0], [6.0, 6.0, 5.2, 5.6, -1.0], [7.0, 7.0, 7.2, 7.4, 6.8], [7.0, -1.0, -1.0, -1.0, -1.0]], [[-1.0, 4.1, -1.0, -1.0, -1.0], [6.1, 6.1, 5.3, 5.7, -1.0], [7.1, 7.1, 7.3, 7.5, 6.9], [7.1, -1.0, -1.0, -1.0, -1.0]]]],
    'persp_bilinear_unb': [[[1.23432, 1.26142], [4.0, 4.1], [0.55007, 0.56308], [0.0, 0.0], [0.0, 0.0]], [[3.18313, 3.23757], [5.66753, 5.76753], [5.54157, 5.64157], [5.3458, 5.4458], [0.0, 0.0]], [[5.00746, 5.08143], [6.78738, 6.88738], [6.88179, 6.98179], [7.01627, 7.11627], [7.22321, 7.32321]], [[3.33903, 3.38673], [3.43772, 3.48629], [3.01063, 3.0524], [2.40897, 2.44161], [1.50312, 1.52284]]],
    'st_linear_True_up': [[0.01429, 0.58571, 1.15714, 1.72857, 2.3, 2.87143, 3.0], [1.13429, 1.70571, 2.27714, 2.84857, 3.42, 3.99143, 4.12], [3.53429, 4.10571, 4.67714, 5.24857, 5.82, 6.39143, 6.52], [5.93429, 6.50571, 7.07714, 7.64857, 8.22, 8.79143, 8.92], [8.01429, 8.58571, 9.15714, 9.72857, 10.3, 10.87143, 11.0]],
    'st_cubic_True_down': [[2.27772, 3.66913, 5.06055], [7.31738, 8.7088, 10.10021]],
    'st_cubic_False_down': [[0.77818, 2.34397, 3.90976], [8.33044, 9.89623, 11.46202]],
    'st_lanczos3_True_down': [[2.27528, 3.79278, 5.31029], [7.32318, 8.84068, 10.35819]],
    'st_lanczos5_False_up': [[-0.11651, 0.40437, 1.04335, 1.58844, 2.21541, 2.77913, 3.09981], [0.36519, 0.88607, 1.52505, 2.07014, 2.69711, 3.26083, 3.58151], [3.12431, 3.64519, 4.28417, 4.82926, 5.45623, 6.01995, 6.34063], [6.95336, 7.47424, 8.11322, 8.6583, 9.28528, 9.849, 10.16968], [8.05861, 8.57949, 9.21846, 9.76355, 10.39052, 10.95425, 11.27493]],
    'st_negdims': [[[[-0.21053, 0.78947], [0.48276, 1.48276], [2.0, 3.0], [3.33333, 4.33333], [4.78571, 5.78571], [6.0, 7.0]], [[7.78947, 8.78947], [8.48276, 9.48276], [10.0, 11.0], [11.33333, 12.33333], [12.78571, 13.78571], [14.0, 15.0]], [[15.78947, 16.78947], [16.48276, 17.48276], [18.0, 19.0], [19.33333, 20.33333], [20.78572, 21.78572], [22.0, 23.0]]], [[[23.78947, 24.78947], [24.48276, 25.48276], [26.0, 27.0], [27.33333, 28.33333], [28.78572, 29.78572], [30.0, 31.0]], [[31.78947, 32.78947], [32.48276, 33.48276], [34.0, 35.0], [35.33334, 36.33334], [36.78571, 37.78571], [38.0, 39.0]], [[39.78947, 40.78947], [40.48276, 41.48275], [42.0, 43.0], [43.33333, 44.33333], [44.78571, 45.78571], [46.0, 47.0]]]],
}


def _np(value):
    return np.asarray(ops.convert_to_numpy(value))


# ------------------------------------------------------------------ perspective_transform


def test_perspective_transform_matches_keras(backend_name):
    with mk.backend.use(backend_name):
        cl = ops.perspective_transform(IMG, START, END, fill_value=-1.0, data_format="channels_last")
        cf = ops.perspective_transform(
            np.moveaxis(IMG, -1, 1), START, END, interpolation="nearest", fill_value=-1.0, data_format="channels_first"
        )
        single = ops.perspective_transform(IMG[1], START[1], END[1], data_format="channels_last")
        assert ops.dtype(cl) == "float32"
    np.testing.assert_allclose(_np(cl), KERAS["persp_bilinear_cl"], atol=1e-4)
    np.testing.assert_allclose(_np(cf), KERAS["persp_nearest_cf"], atol=1e-4)
    np.testing.assert_allclose(_np(single), KERAS["persp_bilinear_unb"], atol=1e-4)


def test_perspective_transform_identity_broadcast_and_ints(backend_name):
    corners = START[0]
    with mk.backend.use(backend_name):
        same = ops.perspective_transform(IMG, corners, corners, data_format="channels_last")
        shared = ops.perspective_transform(IMG, END[0], corners, data_format="channels_last")
        ints = ops.perspective_transform((IMG * 10).astype("int32"), START, END, data_format="channels_last")
    np.testing.assert_allclose(_np(same), IMG, atol=1e-5)
    assert _np(shared).shape == IMG.shape
    assert _np(ints).dtype == np.int32
    with mk.backend.use("numpy"):
        expected = _np(ops.perspective_transform(IMG * 10, START, END, data_format="channels_last"))
    # Integer images are interpolated in float32, then rounded half to even and clipped.
    np.testing.assert_allclose(_np(ints), np.round(expected), atol=1)


@pytest.mark.parametrize(
    "start, end, interpolation, match",
    [
        (START[0][:3], START[0][:3], "bilinear", "start_points"),
        (START, START[0], "bilinear", "one shape"),
        (START, START, "bicubic", "interpolation"),
    ],
)
def test_perspective_transform_rejects(backend_name, start, end, interpolation, match):
    with mk.backend.use(backend_name), pytest.raises(ValueError, match=match):
        ops.perspective_transform(IMG, start, end, interpolation=interpolation, data_format="channels_last")


@pytest.mark.parametrize("argument, value", [("interpolation", "bicubic"), ("fill_mode", "smear")])
def test_affine_transform_names_itself_and_the_argument_on_every_backend(backend_name, argument, value):
    identity = np.array([1, 0, 0, 0, 1, 0, 0, 0], "float32")
    expected = rf"^ops.affine_transform \(backend '{backend_name}'\): ValueError: affine_transform: `{argument}` must be one of \(.*\), received '{value}'$"
    with mk.backend.use(backend_name), pytest.raises(ValueError, match=expected):
        ops.image.affine_transform(IMG, identity, data_format="channels_last", **{argument: value})


def test_map_coordinates_names_itself_and_fill_mode_on_every_backend(backend_name):
    coordinates = np.zeros((2, 3), "float32")
    expected = (rf"^ops.map_coordinates \(backend '{backend_name}'\): ValueError: map_coordinates: `fill_mode` must be "
                r"one of \(.*\), received 'smear'$")
    with mk.backend.use(backend_name), pytest.raises(ValueError, match=expected):
        ops.image.map_coordinates(np.ones((4, 5), "float32"), coordinates, 1, fill_mode="smear")


def test_perspective_transform_needs_one_set_of_points_or_one_per_image(backend_name):
    three = np.concatenate([START, START[:1]])
    with mk.backend.use(backend_name), pytest.raises(ValueError, match="3 sets of points for a batch of 2 images"):
        ops.perspective_transform(IMG, three, three, data_format="channels_last")


def test_perspective_transform_is_the_shared_composite(backend_name):
    backend = mk.backend.get_backend(backend_name)
    assert getattr(backend.perspective_transform, "is_composite", False)


def test_projective_map_carries_each_output_corner_to_its_input_corner(backend_name):
    from multikeras.backend.perspective import projective_map

    with mk.backend.use(backend_name):
        coefficients = _np(projective_map(ops, START, END))
    a0, a1, a2, a3, a4, a5, a6, a7 = (coefficients[:, i:i + 1] for i in range(8))  # (batch, 1) each
    x, y = END[..., 0], END[..., 1]
    k = a6 * x + a7 * y + 1.0
    sampled_x = (a0 * x + a1 * y + a2) / k
    sampled_y = (a3 * x + a4 * y + a5) / k
    np.testing.assert_allclose(np.stack([sampled_x, sampled_y], -1), START, atol=1e-4)


# ------------------------------------------------------------------ scale_and_translate


@pytest.mark.parametrize(
    "key, method, transform, shape, antialias",
    [
        ("st_linear_True_up", "linear", UP, (5, 7), True),
        ("st_cubic_True_down", "bicubic", DOWN, (2, 3), True),
        ("st_cubic_False_down", "tricubic", DOWN, (2, 3), False),
        ("st_lanczos3_True_down", "lanczos3", DOWN, (2, 3), True),
        ("st_lanczos5_False_up", "lanczos5", UP, (5, 7), False),
    ],
)
def test_scale_and_translate_matches_keras(backend_name, key, method, transform, shape, antialias):
    with mk.backend.use(backend_name):
        result = ops.scale_and_translate(X2, shape, transform[0], transform[1], (0, 1), method, antialias=antialias)
        assert ops.dtype(result) == "float32"
    np.testing.assert_allclose(_np(result), KERAS[key], atol=1e-4)


def test_scale_and_translate_other_dims_and_ints(backend_name):
    with mk.backend.use(backend_name):
        negative = ops.scale_and_translate(X4, (2, 3, 6, 2), np.array([1.5], "float32"), np.array([0.25], "float32"), (-2,), "cubic")
        ints = ops.scale_and_translate((X2 * 20).astype("uint8"), (5, 7), UP[0], UP[1], (0, 1), "lanczos3")
    np.testing.assert_allclose(_np(negative), KERAS["st_negdims"], atol=1e-4)
    with mk.backend.use("numpy"):
        exact = _np(ops.scale_and_translate(X2 * 20, (5, 7), UP[0], UP[1], (0, 1), "lanczos3"))
    assert _np(ints).dtype == np.uint8
    # One rule for integer dtypes (Keras's backends disagree): round half to even, clip to the dtype's range.
    np.testing.assert_allclose(_np(ints), np.clip(np.round(exact), 0, 255), atol=1)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"method": "nearest"}, "method"),
        ({"output_shape": (5,)}, "output_shape"),
        ({"spatial_dims": (0,)}, "scale"),
        ({"spatial_dims": (0, 2)}, "out of range"),
        ({"spatial_dims": (1, -1)}, "repeats"),
    ],
)
def test_scale_and_translate_rejects(backend_name, kwargs, match):
    arguments = {"output_shape": (5, 7), "scale": UP[0], "translation": UP[1], "spatial_dims": (0, 1), "method": "linear"}
    arguments.update(kwargs)
    with mk.backend.use(backend_name), pytest.raises(ValueError, match=match):
        ops.scale_and_translate(X2, **arguments)


# ------------------------------------------------------------------ extract_patches_3d


def _patches_3d(x, size, strides, dilation, padding):
    """Explicit loop over output positions: NDHWC in, (d, h, w, c) features out."""
    if padding == "same":
        pads = []
        for n, k, s, d in zip(x.shape[1:4], size, strides, dilation):
            extent = (k - 1) * d + 1
            total = max((-(-n // s) - 1) * s + extent - n, 0)
            pads.append((total // 2, total - total // 2))
        x = np.pad(x, [(0, 0), *pads, (0, 0)])
    counts = [(n - ((k - 1) * d + 1)) // s + 1 for n, k, s, d in zip(x.shape[1:4], size, strides, dilation)]
    out = np.zeros((x.shape[0], *counts, int(np.prod(size)) * x.shape[-1]), x.dtype)
    for p in itertools.product(*(range(c) for c in counts)):
        window = x[
            :,
            p[0] * strides[0] : p[0] * strides[0] + (size[0] - 1) * dilation[0] + 1 : dilation[0],
            p[1] * strides[1] : p[1] * strides[1] + (size[1] - 1) * dilation[1] + 1 : dilation[1],
            p[2] * strides[2] : p[2] * strides[2] + (size[2] - 1) * dilation[2] + 1 : dilation[2],
        ]
        out[:, p[0], p[1], p[2]] = window.reshape(x.shape[0], -1)
    return out


VOL = np.arange(2 * 4 * 4 * 5 * 2, dtype="float32").reshape(2, 4, 4, 5, 2)


@pytest.mark.parametrize(
    "size, strides, dilation, padding",
    [((2, 2, 2), None, 1, "valid"), ((2, 3, 2), (1, 2, 3), 1, "same"), ((2, 2, 2), 1, 2, "valid")],
)
def test_extract_patches_3d(backend_name, size, strides, dilation, padding):
    triple = lambda v: (v,) * 3 if isinstance(v, int) else v  # noqa: E731
    expected = _patches_3d(VOL, size, triple(strides) if strides is not None else size, triple(dilation), padding)
    with mk.backend.use(backend_name):
        last = ops.extract_patches_3d(VOL, size, strides, dilation, padding, data_format="channels_last")
        first = ops.extract_patches_3d(np.moveaxis(VOL, -1, 1), size, strides, dilation, padding, data_format="channels_first")
    np.testing.assert_array_equal(_np(last), expected)
    np.testing.assert_array_equal(_np(first), np.moveaxis(expected, -1, 1))


def test_extract_patches_3d_unbatched_and_ints(backend_name):
    with mk.backend.use(backend_name):
        single = ops.extract_patches_3d(VOL[0].astype("int32"), 2, data_format="channels_last")
        with pytest.raises(ValueError, match="rank 4"):
            ops.extract_patches_3d(VOL[0, 0], 2, data_format="channels_last")
        with pytest.raises(ValueError, match="strides"):
            ops.extract_patches_3d(VOL, 2, strides=(1, 2), data_format="channels_last")
    assert _np(single).dtype == np.int32
    np.testing.assert_array_equal(_np(single), _patches_3d(VOL[:1], (2, 2, 2), (2, 2, 2), (1, 1, 1), "valid")[0])


# ------------------------------------------------------------------ elastic_transform


def test_elastic_transform_properties(backend_name):
    images = np.random.default_rng(3).random((2, 6, 7, 3)).astype("float32")
    with mk.backend.use(backend_name):
        first = ops.elastic_transform(images, alpha=2.0, sigma=1.0, seed=7, data_format="channels_last")
        again = ops.elastic_transform(images, alpha=2.0, sigma=1.0, seed=7, data_format="channels_last")
        other = ops.elastic_transform(images, alpha=2.0, sigma=1.0, seed=8, data_format="channels_last")
        still = ops.elastic_transform(images, alpha=0.0, sigma=1.0, seed=7, fill_mode="constant", data_format="channels_last")
        cf = ops.elastic_transform(np.moveaxis(images[0], -1, 0), alpha=2.0, sigma=1.0, seed=7, data_format="channels_first")
        ints = ops.elastic_transform((images * 255).astype("uint8"), sigma=1.0, seed=1, data_format="channels_last")
        generator = mk.random.SeedGenerator(5)
        drawn = [_np(ops.elastic_transform(images, sigma=1.0, seed=generator, data_format="channels_last")) for _ in range(2)]
        # A ramp along the columns, sampled with clamping: each output value is the column it was read from.
        ramp = np.broadcast_to(np.arange(7, dtype="float32")[None, None, :, None], (1, 6, 7, 1))
        moved = ops.elastic_transform(ramp, alpha=1.5, sigma=1.0, seed=3, fill_mode="nearest", data_format="channels_last")
    assert _np(first).shape == images.shape and ops.dtype(first) == "float32"
    np.testing.assert_array_equal(_np(first), _np(again))
    assert not np.allclose(_np(first), _np(other))
    np.testing.assert_allclose(_np(still), images, atol=1e-6)
    assert _np(cf).shape == (3, 6, 7)
    assert ops.dtype(ints) == "uint8"
    assert not np.array_equal(drawn[0], drawn[1])
    # The field is sigma * (standard normal noise smoothed by a kernel summing to 1), times alpha:
    # |displacement| <= alpha * sigma * max|noise|, far below 6 * alpha * sigma for 42 draws.
    shift = np.abs(_np(moved)[0, :, :, 0] - np.arange(7))
    assert shift.max() <= 1.5 * 1.0 * 6 and shift.max() > 0


@pytest.mark.parametrize("interpolation, fill_mode", [("bilinear", "reflect"), ("nearest", "constant"), ("bilinear", "wrap"), ("bilinear", "mirror")])
def test_elastic_displacement_agrees_between_backends(backend_name, interpolation, fill_mode):
    """Given one displacement field, every backend samples the same values (the random field itself differs)."""
    rng = np.random.default_rng(4)
    images = rng.random((2, 5, 6, 2)).astype("float32")
    field = (rng.standard_normal((2, 5, 6, 2)) * 2.0).astype("float32")
    expected = importlib.import_module("multikeras.backends.numpy.image")._displace(
        images, field, interpolation, fill_mode, -0.5, "channels_last"
    )
    module = importlib.import_module(f"multikeras.backends.{backend_name}.image") if backend_name != "numpy64" else None
    if module is None:
        pytest.skip("numpy64 reuses the numpy backend's image module")
    with mk.backend.use(backend_name):
        result = module._displace(images, field, interpolation, fill_mode, -0.5, "channels_last")
    np.testing.assert_allclose(_np(result), expected, atol=1e-5)


@pytest.mark.parametrize(
    "kwargs, match",
    [({"interpolation": "bicubic"}, "interpolation"), ({"fill_mode": "edge"}, "fill_mode"), ({"sigma": 0.0}, "sigma")],
)
def test_elastic_transform_rejects(backend_name, kwargs, match):
    with mk.backend.use(backend_name), pytest.raises(ValueError, match=match):
        ops.elastic_transform(IMG, seed=1, data_format="channels_last", **kwargs)
