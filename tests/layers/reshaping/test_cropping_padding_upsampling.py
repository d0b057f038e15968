"""Cropping, ZeroPadding and UpSampling in 1D/2D/3D through the layer harness on every backend, against NumPy."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers
from layers.harness import assert_same_on_every_backend, run_layer_test


def _crop(x, pairs, axes):
    key = [slice(None)] * x.ndim
    for axis, (before, after) in zip(axes, pairs):
        key[axis] = slice(before, x.shape[axis] - after)
    return x[tuple(key)]


def _pad(x, pairs, axes):
    width = [(0, 0)] * x.ndim
    for axis, pair in zip(axes, pairs):
        width[axis] = pair
    return np.pad(x, width)


def _repeat(x, sizes, axes):
    for axis, size in zip(axes, sizes):
        x = np.repeat(x, size, axis=axis)
    return x


def _bilinear(x, sizes, axes):
    """Half-pixel-centre bilinear up-sampling (``ops.image.resize``'s convention) along ``axes``."""
    for axis, scale in zip(axes, sizes):
        n = x.shape[axis]
        source = np.clip((np.arange(n * scale) + 0.5) / scale - 0.5, 0, n - 1)
        low = np.floor(source).astype(int)
        high = np.minimum(low + 1, n - 1)
        frac = (source - low).reshape([-1 if a == axis else 1 for a in range(x.ndim)])
        x = np.take(x, low, axis=axis) * (1 - frac) + np.take(x, high, axis=axis) * frac
    return x


CL, CF = "channels_last", "channels_first"
# (layer class, constructor arguments, input shape, expected output shape, reference(x))
CASES = [
    (layers.Cropping1D, {"cropping": (1, 2)}, (2, 6, 2), (2, 3, 2), lambda x: _crop(x, [(1, 2)], [1])),
    (layers.Cropping2D, {"cropping": ((1, 0), (2, 1))}, (2, 4, 5, 2), (2, 3, 2, 2),
     lambda x: _crop(x, [(1, 0), (2, 1)], [1, 2])),
    (layers.Cropping2D, {"cropping": (1, 2), "data_format": CF}, (2, 2, 4, 5), (2, 2, 2, 1),
     lambda x: _crop(x, [(1, 1), (2, 2)], [2, 3])),
    (layers.Cropping3D, {"cropping": ((1, 0), (0, 1), (1, 1)), "data_format": CF}, (2, 2, 3, 3, 4), (2, 2, 2, 2, 2),
     lambda x: _crop(x, [(1, 0), (0, 1), (1, 1)], [2, 3, 4])),
    (layers.ZeroPadding1D, {"padding": (2, 1)}, (2, 3, 2), (2, 6, 2), lambda x: _pad(x, [(2, 1)], [1])),
    (layers.ZeroPadding1D, {"padding": 1, "data_format": CF}, (2, 2, 3), (2, 2, 5), lambda x: _pad(x, [(1, 1)], [2])),
    (layers.ZeroPadding2D, {"padding": ((1, 0), (2, 1))}, (2, 3, 3, 2), (2, 4, 6, 2),
     lambda x: _pad(x, [(1, 0), (2, 1)], [1, 2])),
    (layers.ZeroPadding2D, {"padding": (1, 2), "data_format": CF}, (2, 2, 3, 3), (2, 2, 5, 7),
     lambda x: _pad(x, [(1, 1), (2, 2)], [2, 3])),
    (layers.ZeroPadding3D, {"padding": 1}, (2, 2, 2, 2, 2), (2, 4, 4, 4, 2),
     lambda x: _pad(x, [(1, 1)] * 3, [1, 2, 3])),
    (layers.UpSampling1D, {"size": 3}, (2, 3, 2), (2, 9, 2), lambda x: _repeat(x, [3], [1])),
    (layers.UpSampling2D, {"size": (2, 3)}, (2, 2, 3, 2), (2, 4, 9, 2), lambda x: _repeat(x, [2, 3], [1, 2])),
    (layers.UpSampling2D, {"size": 2, "data_format": CF}, (2, 2, 3, 2), (2, 2, 6, 4), lambda x: _repeat(x, [2, 2], [2, 3])),
    (layers.UpSampling2D, {"size": (2, 3), "interpolation": "bilinear"}, (2, 3, 2, 2), (2, 6, 6, 2),
     lambda x: _bilinear(x, [2, 3], [1, 2])),
    (layers.UpSampling2D, {"size": 2, "interpolation": "bilinear", "data_format": CF}, (2, 2, 3, 2), (2, 2, 6, 4),
     lambda x: _bilinear(x, [2, 2], [2, 3])),
    (layers.UpSampling3D, {"size": (1, 2, 3), "data_format": CF}, (2, 2, 2, 2, 2), (2, 2, 2, 4, 6),
     lambda x: _repeat(x, [1, 2, 3], [2, 3, 4])),
]


@pytest.mark.parametrize("layer_cls, kwargs, input_shape, output_shape, reference", CASES,
                         ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)])
def test_spatial_reshaping(backend_name, layer_cls, kwargs, input_shape, output_shape, reference):
    with mk.backend.use(backend_name):
        run_layer_test(
            layer_cls, kwargs,
            input_shape=input_shape,
            expected_output_shape=output_shape,
            expected_output=lambda x, w: reference(x),
            expected_num_trainable_weights=0,
            expected_num_non_trainable_weights=0,
            expected_num_losses=0,
        )


@pytest.mark.parametrize("layer_cls, kwargs, input_shape", [
    (layers.Cropping2D, {"cropping": 1}, (2, 4, 4, 2)),
    (layers.ZeroPadding3D, {"padding": (1, 0, 2)}, (2, 2, 2, 2, 1)),
    (layers.UpSampling2D, {"interpolation": "bilinear"}, (2, 3, 3, 2)),
    (layers.UpSampling3D, {}, (2, 2, 2, 2, 1)),
])
def test_spatial_reshaping_same_on_every_backend(layer_cls, kwargs, input_shape, backends_under_test):
    assert_same_on_every_backend(layer_cls, kwargs, backends_under_test, input_shape=input_shape)


def test_spatial_reshaping_configs_and_shapes():
    assert layers.Cropping1D().get_config()["cropping"] == (1, 1)
    assert layers.Cropping2D((1, 2)).get_config()["cropping"] == ((1, 1), (2, 2))
    assert layers.Cropping3D().get_config()["cropping"] == ((1, 1), (1, 1), (1, 1))
    assert "data_format" not in layers.Cropping1D().get_config()
    assert layers.ZeroPadding1D().get_config()["padding"] == (1, 1)
    assert layers.ZeroPadding2D((1, 2)).get_config()["padding"] == ((1, 1), (2, 2))
    assert layers.UpSampling1D().get_config()["size"] == 2 and "data_format" not in layers.UpSampling1D().get_config()
    assert layers.UpSampling2D(3).get_config()["size"] == (3, 3)
    assert layers.UpSampling2D().get_config()["interpolation"] == "nearest"
    assert layers.UpSampling3D().get_config()["size"] == (2, 2, 2)
    assert layers.Cropping2D(((1, 0), (2, 1)), data_format=CF).compute_output_shape((None, 2, None, 5)) == (None, 2, None, 2)
    assert layers.ZeroPadding2D(1).compute_output_shape((None, None, 3, 2)) == (None, None, 5, 2)
    assert layers.UpSampling1D(2).compute_output_shape((None, None, 5)) == (None, None, 5)


@pytest.mark.parametrize("make, message", [
    (lambda: layers.Cropping1D(-1), r"Cropping1D 'cropping1d\w*': `cropping` must be an int >= 0 or a tuple of 2 ints .*received cropping=-1"),
    (lambda: layers.Cropping2D((1, 2, 3)), r"Cropping2D 'cropping2d\w*': `cropping` must be .*received cropping=\(1, 2, 3\)"),
    (lambda: layers.ZeroPadding2D(((1, 2), (3,))), r"ZeroPadding2D 'zero_padding2d\w*': `padding` must be .*received padding=\(\(1, 2\), \(3,\)\)"),
    (lambda: layers.ZeroPadding3D("same"), r"received padding='same'"),
    (lambda: layers.UpSampling2D(0), r"UpSampling2D 'up_sampling2d\w*': `size` must be a positive int or a tuple of 2 positive ints, received size=0"),
    (lambda: layers.UpSampling3D((2, 2)), r"received size=\(2, 2\)"),
    (lambda: layers.UpSampling2D(interpolation="cubic"), r"`interpolation` must be one of .*received interpolation='cubic'"),
    (lambda: layers.ZeroPadding2D(data_format="NHWC"), r"`data_format` must be one of .*received data_format='NHWC'"),
])
def test_spatial_reshaping_rejects_bad_arguments(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_spatial_reshaping_rejects_bad_inputs(backend_name):
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match=r"Cropping1D 'cropping1d\w*': cropping=\(2, 2\) removes all of axis 1 \(size 4\); received input shape \(2, 4, 1\)"):
            layers.Cropping1D((2, 2))(np.ones((2, 4, 1), "float32"))
        with pytest.raises(ValueError, match=r"removes all of axis 2"):
            layers.Cropping2D((0, 3))(mk.Input((4, 5, 1)))
        with pytest.raises(ValueError, match=r"Layer 'zero_padding2d\w*': input 0 must have rank 4, received shape \(2, 3, 3\)"):
            layers.ZeroPadding2D()(np.ones((2, 3, 3), "float32"))
        with pytest.raises(ValueError, match=r"Layer 'up_sampling3d\w*': input 0 must have rank 5, received shape \(2, 3, 3, 1\)"):
            layers.UpSampling3D()(np.ones((2, 3, 3, 1), "float32"))
