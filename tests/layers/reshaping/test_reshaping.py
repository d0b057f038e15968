"""Flatten, Reshape, Permute and RepeatVector through the layer harness on every backend, against NumPy."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers
from layers.harness import assert_same_on_every_backend, run_layer_test

# (layer class, constructor arguments, input shape, expected output shape, NumPy reference)
CASES = [
    (layers.Flatten, {}, (2, 3, 4), (2, 12), lambda x: x.reshape(2, -1)),
    (layers.Flatten, {"data_format": "channels_first"}, (2, 3, 2, 2), (2, 12),
     lambda x: np.moveaxis(x, 1, -1).reshape(2, -1)),
    (layers.Flatten, {}, (2,), (2, 1), lambda x: x.reshape(2, 1)),
    (layers.Reshape, {"target_shape": (2, -1)}, (2, 3, 4), (2, 2, 6), lambda x: x.reshape(2, 2, 6)),
    (layers.Reshape, {"target_shape": (4, 3)}, (2, 12), (2, 4, 3), lambda x: x.reshape(2, 4, 3)),
    (layers.Permute, {"dims": (3, 1, 2)}, (2, 3, 4, 2), (2, 2, 3, 4), lambda x: x.transpose(0, 3, 1, 2)),
    (layers.RepeatVector, {"n": 3}, (2, 4), (2, 3, 4), lambda x: np.repeat(x[:, None, :], 3, axis=1)),
]


@pytest.mark.parametrize("layer_cls, kwargs, input_shape, output_shape, reference", CASES,
                         ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)])
def test_reshaping(backend_name, layer_cls, kwargs, input_shape, output_shape, reference):
    with mk.backend.use(backend_name):
        run_layer_test(
            layer_cls, kwargs,
            input_shape=input_shape,
            expected_output_shape=output_shape,
            expected_output=lambda x, w: reference(x),
            tolerance=(0, 0),
            expected_num_trainable_weights=0,
            expected_num_non_trainable_weights=0,
            expected_num_losses=0,
        )


def test_reshaping_keeps_integer_dtypes(backend_name):
    with mk.backend.use(backend_name):
        for layer_cls, kwargs, input_shape, output_shape, reference in CASES:
            run_layer_test(layer_cls, kwargs, input_shape=input_shape, input_dtype="int32",
                           expected_output_dtype="int32", expected_output=lambda x, w: reference(x),
                           run_functional_check=False)


@pytest.mark.parametrize("layer_cls, kwargs, input_shape", [
    (layers.Flatten, {"data_format": "channels_first"}, (2, 3, 2)),
    (layers.Reshape, {"target_shape": (-1, 2)}, (2, 3, 4)),
    (layers.Permute, {"dims": (2, 1)}, (2, 3, 4)),
    (layers.RepeatVector, {"n": 2}, (2, 3)),
])
def test_reshaping_same_on_every_backend(layer_cls, kwargs, input_shape, backends_under_test):
    assert_same_on_every_backend(layer_cls, kwargs, backends_under_test, input_shape=input_shape)


def test_reshaping_shape_inference_with_unknown_sizes():
    assert layers.Flatten().compute_output_shape((None, 3, None)) == (None, None)
    assert layers.Flatten().compute_output_shape((None, 3, 4)) == (None, 12)
    assert layers.Reshape((-1, 3)).compute_output_shape((None, None, 2)) == (None, None, 3)
    assert layers.Reshape((-1, 3)).compute_output_shape((None, 4, 3)) == (None, 4, 3)
    assert layers.Permute((2, 1)).compute_output_shape((None, None, 5)) == (None, 5, None)
    assert layers.RepeatVector(4).compute_output_shape((None, 7)) == (None, 4, 7)
    with mk.backend.use("numpy"):
        inputs = mk.Input((None, 4))
        assert layers.Reshape((-1, 2))(inputs).shape == (None, None, 2)
        model = mk.Model(inputs, layers.Reshape((-1, 2))(inputs))
        assert model(np.ones((3, 5, 4), "float32")).shape == (3, 10, 2)


def test_reshaping_configs():
    assert layers.Reshape([2, -1]).get_config()["target_shape"] == (2, -1)
    assert layers.Permute([2, 1]).get_config()["dims"] == (2, 1)
    assert layers.RepeatVector(3).get_config()["n"] == 3
    assert layers.Flatten().get_config()["data_format"] == "channels_last"


@pytest.mark.parametrize("make, message", [
    (lambda: layers.Reshape((-1, -1)), r"Reshape 'reshape\w*': `target_shape` must be a tuple of ints >= 0 with at most one -1.*\(-1, -1\)"),
    (lambda: layers.Reshape((-2, 3)), r"received target_shape=\(-2, 3\)"),
    (lambda: layers.Reshape(6), r"received target_shape=6"),
    (lambda: layers.Permute((1, 3)), r"Permute 'permute\w*': `dims` must be a permutation of 1 .. n .*received dims=\(1, 3\)"),
    (lambda: layers.Permute((0, 1)), r"received dims=\(0, 1\)"),
    (lambda: layers.RepeatVector(0), r"RepeatVector 'repeat_vector\w*': `n` must be a positive int, received n=0"),
    (lambda: layers.Flatten(data_format="nchw"), r"Flatten 'flatten\w*': `data_format` must be one of .*received data_format='nchw'"),
])
def test_reshaping_rejects_bad_arguments(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_reshaping_rejects_bad_inputs(backend_name):
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match=r"Reshape 'reshape\w*': the total size must be unchanged: samples of shape \(6,\) have 6 entries, target_shape=\(5,\) has 5"):
            layers.Reshape((5,))(np.ones((2, 6), "float32"))
        with pytest.raises(ValueError, match=r"cannot reshape samples of shape \(6,\) \(6 entries\) to target_shape=\(4, -1\)"):
            layers.Reshape((4, -1))(np.ones((2, 6), "float32"))
        with pytest.raises(ValueError, match=r"Layer 'permute\w*': input 0 must have rank 3, received shape \(2, 3\)"):
            layers.Permute((2, 1))(np.ones((2, 3), "float32"))
        with pytest.raises(ValueError, match=r"Layer 'repeat_vector\w*': input 0 must have rank 2, received shape \(2, 3, 1\)"):
            layers.RepeatVector(2)(np.ones((2, 3, 1), "float32"))
        with pytest.raises(ValueError, match=r"the total size must be unchanged"):
            layers.Reshape((5,))(mk.Input((6,)))
