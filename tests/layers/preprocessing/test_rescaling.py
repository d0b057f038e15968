"""Rescaling through the layer harness on every backend: scalars, per-channel lists, integer images, and
argument checks."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers
from layers.harness import assert_same_on_every_backend, run_layer_test


@pytest.mark.parametrize(
    "init_kwargs, input_dtype, reference",
    [
        ({"scale": 0.5, "offset": 1.0}, "float32", lambda x: x * 0.5 + 1.0),
        ({"scale": 1 / 255.0, "offset": -1.0}, "uint8", lambda x: x.astype("float32") / 255.0 - 1.0),
        ({"scale": [1.0, 2.0, 3.0, 4.0], "offset": np.array([0.0, -1.0, 0.5, 2.0])}, "int32",
         lambda x: x * np.array([1.0, 2.0, 3.0, 4.0]) + np.array([0.0, -1.0, 0.5, 2.0])),
    ],
)
def test_rescaling(backend_name, init_kwargs, input_dtype, reference):
    with mk.backend.use(backend_name):
        run_layer_test(
            layers.Rescaling, init_kwargs,
            input_shape=(2, 3, 4), input_dtype=input_dtype,
            expected_output_shape=(2, 3, 4),
            expected_output_dtype="float32",
            expected_num_trainable_weights=0,
            expected_num_non_trainable_weights=0,
            supports_masking=True,
            expected_output=lambda x, w: reference(x),
        )


def test_config_holds_plain_lists():
    config = layers.Rescaling(np.array([1, 2]), offset=(0.5, 1)).get_config()
    assert config["scale"] == [1.0, 2.0] and config["offset"] == [0.5, 1.0]


def test_rescaling_same_on_every_backend(backends_under_test):
    assert_same_on_every_backend(
        layers.Rescaling, {"scale": [0.5, 2.0, -1.0, 3.0], "offset": 0.25}, backends_under_test, input_shape=(2, 3, 4)
    )


def test_rejects_bad_arguments():
    for kwargs, message in [
        ({"scale": "big"}, r"`scale` must be a number or a list of numbers, received scale='big'"),
        ({"scale": 1.0, "offset": []}, r"`offset` must be a number or a list of numbers, received offset=\[\]"),
        ({"scale": None}, r"`scale` must be a number or a list of numbers, received scale=None"),
    ]:
        with pytest.raises(ValueError, match=r"Rescaling '\w+': " + message):
            layers.Rescaling(**kwargs)
