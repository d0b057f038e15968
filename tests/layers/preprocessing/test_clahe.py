"""ContrastLimitedAdaptiveHistogramEqualization on every backend: Keras 3 outputs recorded as literals, a NumPy
reference (loops over tiles and pixels) on random images, dtypes, the training switch, symbolic shapes, compiled
steps, configs and argument checks."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import ops
from multikeras.layers import ContrastLimitedAdaptiveHistogramEqualization as CLAHE
from layers.harness import run_layer_test


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _dtype(x):
    return mk.backend.standardize_dtype(ops.dtype(x))


def clahe_reference(images, value_range=(0, 255), clip_limit=4.0, tile_grid_size=(8, 8)):
    """CLAHE of ``(batch, height, width, channels)`` images, written plainly with loops. Checked against Keras
    3.15.1 (``KERAS_BACKEND=numpy``, 9 configurations: grids dividing the image or not, clip limits 0 to 100,
    value ranges (0, 255), (0, 1), (-1, 1), (255, 0), values outside the range): largest difference 4.6e-5 on
    the 0-255 scale."""
    low, high = value_range
    scaled = (np.asarray(images, np.float64) - low) / (high - low) * 255.0
    bins = np.clip(np.floor(scaled), 0, 255).astype(int)
    batch, height, width, channels = bins.shape
    rows, cols = tile_grid_size
    tile_h, tile_w = -(-height // rows), -(-width // cols)
    padded = np.pad(bins, ((0, 0), (0, tile_h * rows - height), (0, tile_w * cols - width), (0, 0)), mode="symmetric")
    luts = np.zeros((batch, rows, cols, channels, 256))
    for b in range(batch):
        for c in range(channels):
            for i in range(rows):
                for j in range(cols):
                    tile = padded[b, i * tile_h:(i + 1) * tile_h, j * tile_w:(j + 1) * tile_w, c]
                    hist = np.bincount(tile.ravel(), minlength=256).astype(np.float64)
                    if clip_limit > 0:
                        limit = clip_limit * tile_h * tile_w / 256
                        excess = np.maximum(hist - limit, 0).sum()
                        hist = np.minimum(hist, limit) + excess / 256
                    cdf = np.cumsum(hist)
                    span = cdf[-1] - cdf[0]
                    luts[b, i, j, c] = (cdf - cdf[0]) / (span if span else 1.0) * 255
    out = np.zeros(bins.shape)
    for r in range(height):
        fy = r / tile_h - 0.5
        y0, wy = int(np.floor(fy)), fy - np.floor(fy)
        ys = (min(max(y0, 0), rows - 1), min(max(y0 + 1, 0), rows - 1))
        for s in range(width):
            fx = s / tile_w - 0.5
            x0, wx = int(np.floor(fx)), fx - np.floor(fx)
            xs = (min(max(x0, 0), cols - 1), min(max(x0 + 1, 0), cols - 1))
            for b in range(batch):
                for c in range(channels):
                    v = bins[b, r, s, c]
                    lut = luts[b, :, :, c, v]
                    out[b, r, s, c] = ((1 - wy) * ((1 - wx) * lut[ys[0], xs[0]] + wx * lut[ys[0], xs[1]])
                                       + wy * ((1 - wx) * lut[ys[1], xs[0]] + wx * lut[ys[1], xs[1]]))
    return out / 255.0 * (high - low) + low


# Keras 3.15.1 outputs, recorded by running keras.layers.ContrastLimitedAdaptiveHistogramEqualization with
# KERAS_BACKEND=numpy on KERAS_INPUT (channels_last), rounded to 4 decimals.
KERAS_INPUT = np.array(
    [[3, 200, 45, 45, 90], [17, 250, 130, 0, 61], [99, 99, 99, 180, 220], [5, 77, 140, 141, 255],
     [33, 64, 128, 12, 200], [70, 71, 72, 73, 74]], "float32")[None, :, :, None]
KERAS_CASES = [
    ({"tile_grid_size": (2, 2), "clip_limit": 2.0},
     [[4.8349, 201.0194, 47.9801, 46.8829, 92.2511], [20.066, 250.2744, 132.5366, 0.0, 62.7919],
      [102.3051, 102.3051, 102.0879, 180.846, 220.9692], [6.6859, 82.1672, 144.3391, 144.0355, 255.0],
      [34.7564, 65.6492, 132.9945, 13.1504, 200.9978], [73.058, 75.9869, 77.5318, 76.7049, 77.2267]]),
    # clip_limit=0 turns clipping off.
    ({"tile_grid_size": (4, 2), "clip_limit": 0.0},
     [[42.5, 212.5, 114.75, 89.25, 233.75], [85.0, 255.0, 184.1667, 0.0, 148.75],
      [170.0, 170.0, 162.9167, 191.25, 216.0417], [42.5, 85.0, 212.5, 148.75, 255.0],
      [42.5, 63.75, 208.9583, 21.25, 184.1667], [127.5, 170.0, 184.1667, 148.75, 177.0833]]),
]


@pytest.mark.parametrize("kwargs, expected", KERAS_CASES)
def test_matches_keras_outputs(backend_name, kwargs, expected):
    with mk.backend.use(backend_name):
        out = CLAHE(**kwargs)(KERAS_INPUT)
        first = CLAHE(data_format="channels_first", **kwargs)(KERAS_INPUT.transpose(0, 3, 1, 2))
        # One image (no batch axis), in inference: a fixed transform applies whatever the training flag.
        single = CLAHE(**kwargs)(KERAS_INPUT[0], training=False)
    assert _dtype(out) == "float32"
    np.testing.assert_allclose(_np(out)[0, :, :, 0], expected, atol=2e-4)
    np.testing.assert_allclose(_np(first)[0, 0], expected, atol=2e-4)
    np.testing.assert_allclose(_np(single)[:, :, 0], expected, atol=2e-4)


RNG = np.random.default_rng(65)
PIXELS = RNG.integers(0, 256, (2, 9, 10, 3)).astype("float32")
# (images, kwargs): grids that divide the image and grids that do not (mirrored padding, a tile of one pixel),
# clip limits from 0 (off) to large, value ranges in either order, values outside the range.
# Cases that share a grid share their array shapes: on jax each new shape compiles every op again (seconds).
REFERENCE_CASES = [
    (PIXELS, {}),
    (PIXELS, {"tile_grid_size": (3, 2), "clip_limit": 1.5}),
    (PIXELS / 255.0, {"value_range": (0, 1), "tile_grid_size": (3, 2), "clip_limit": 40.0}),
    (PIXELS / 100.0 - 1.2, {"value_range": (-1, 1), "tile_grid_size": (3, 2), "clip_limit": 0.0}),
    (PIXELS, {"value_range": (255, 0), "tile_grid_size": (3, 2)}),
]


@pytest.mark.parametrize("images, kwargs", REFERENCE_CASES)
def test_matches_numpy_reference(backend_name, images, kwargs):
    expected = clahe_reference(images, **kwargs)
    scale = abs(np.subtract(*kwargs.get("value_range", (0, 255)))) / 255.0
    with mk.backend.use(backend_name):
        out = _np(CLAHE(**kwargs)(images))
    np.testing.assert_allclose(out, expected, atol=1e-4 * scale)


def test_dtypes_training_and_single_images(backend_name):
    # The shapes of the reference cases: on jax every new shape compiles each op again (seconds).
    images = PIXELS
    with mk.backend.use(backend_name):
        layer = CLAHE(tile_grid_size=(3, 2), clip_limit=1.5)
        floats = _np(layer(images))
        # Integer images keep their dtype: the float result truncated, as Keras 3 does.
        ints = layer(images.astype("uint8"))
        assert _dtype(ints) == "uint8"
        np.testing.assert_array_equal(_np(ints), np.floor(floats).astype("uint8"))
        assert _dtype(layer(images.astype("float64"))) == "float32"
        half = CLAHE(tile_grid_size=(3, 2), clip_limit=1.5, dtype="mixed_float16")(images)
        assert _dtype(half) == "float16"
        np.testing.assert_allclose(_np(half).astype("float32"), floats, atol=0.2)
        # A fixed transform: applied in inference as in training.
        np.testing.assert_array_equal(_np(layer(images, training=False)), floats)
        np.testing.assert_array_equal(_np(layer(images, training=None)), floats)
        # Symbolic calls: shape and dtype as the eager ones.
        symbolic = layer(mk.Input((9, 10, 3)))
        assert tuple(symbolic.shape) == (None, 9, 10, 3) and symbolic.dtype == "float32"
        assert layer(mk.Input((9, 10, 3), dtype="uint8")).dtype == "uint8"
        assert tuple(layer(mk.KerasTensor((3, 9, 10))).shape) == (3, 9, 10)
        assert layer.compute_output_shape((None, 9, 10, 3)) == (None, 9, 10, 3)
        with pytest.raises(ValueError, match="rank 3 .* or 4"):
            layer(images[0, :, :, 0])


def test_layer_harness(backend_name):
    # No weights: nothing to train. The harness checks the config round trip, symbolic and Functional calls,
    # and mixed precision.
    with mk.backend.use(backend_name):
        run_layer_test(
            CLAHE, {"value_range": (0, 1), "clip_limit": 40.0, "tile_grid_size": (3, 2)}, input_data=PIXELS / 255.0,
            expected_output_shape=PIXELS.shape, expected_num_trainable_weights=0,
            expected_num_non_trainable_weights=0, supports_masking=False,
            expected_output=lambda x, _: clahe_reference(x, (0, 1), 40.0, (3, 2)), tolerance=(0, 1e-6),
        )


def test_inside_compiled_fit_and_predict(trainable_backend_name):
    # 2 x 80 x 80 x 3 (above ~32k output values): large enough for the XLA:CPU miscompile the layer works around (a
    # sum over the corner axis broadcast over batch and channels) to show.
    x = np.random.default_rng(1).uniform(0, 1, (2, 80, 80, 3)).astype("float32")
    y = np.ones((2, 1), "float32")
    with mk.backend.use("numpy"):  # checked against the NumPy reference by the tests above
        expected = _np(CLAHE(value_range=(0, 1))(x))
    with mk.backend.use(trainable_backend_name):
        inputs = mk.Input((80, 80, 3))
        model = mk.Model(inputs, CLAHE(value_range=(0, 1))(inputs))
        head = mk.Sequential([model, mk.layers.Flatten(), mk.layers.Dense(1)])
        head.compile(optimizer="sgd", loss="mse")
        history = head.fit(x, y, batch_size=2, epochs=1, verbose=0)
        assert np.all(np.isfinite(history.history["loss"]))
        predicted = model.predict(x, verbose=0)
    np.testing.assert_allclose(predicted, expected, atol=1e-6)


def test_config_round_trip(backend_name):
    with mk.backend.use(backend_name):
        layer = CLAHE(value_range=[0, 1], clip_limit=2.5, tile_grid_size=[3, 2], data_format="channels_first",
                      name="clahe")
        config = layer.get_config()
        assert {k: config[k] for k in ("value_range", "clip_limit", "tile_grid_size", "data_format")} == {
            "value_range": (0, 1), "clip_limit": 2.5, "tile_grid_size": (3, 2), "data_format": "channels_first"}
        # A config read back from JSON holds lists.
        rebuilt = CLAHE.from_config({**config, "value_range": [0, 1], "tile_grid_size": [3, 2]})
        assert rebuilt.get_config() == config
        defaults = CLAHE().get_config()
        assert (defaults["value_range"], defaults["clip_limit"], defaults["tile_grid_size"]) == ((0, 255), 4.0, (8, 8))


@pytest.mark.parametrize("kwargs, received", [
    ({"value_range": (0,)}, "value_range=(0,)"),
    ({"value_range": (1, 1)}, "value_range=(1, 1)"),
    ({"value_range": "0-255"}, "value_range='0-255'"),
    ({"clip_limit": -1.0}, "clip_limit=-1.0"),
    ({"clip_limit": "4"}, "clip_limit='4'"),
    ({"clip_limit": None}, "clip_limit=None"),
    ({"tile_grid_size": 8}, "tile_grid_size=8"),
    ({"tile_grid_size": (0, 2)}, "tile_grid_size=(0, 2)"),
    ({"tile_grid_size": (2.0, 2)}, "tile_grid_size=(2.0, 2)"),
    ({"tile_grid_size": (2, 2, 2)}, "tile_grid_size=(2, 2, 2)"),
    ({"data_format": "nhwc"}, "data_format='nhwc'"),
])
def test_argument_errors(kwargs, received):
    with pytest.raises(ValueError) as error:
        CLAHE(name="bad_clahe", **kwargs)
    message = str(error.value)
    assert "'bad_clahe'" in message and received in message, message
