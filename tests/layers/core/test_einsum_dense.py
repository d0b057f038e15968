"""EinsumDense through the layer harness on every backend, against np.einsum, plus its argument checks."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers
from layers.harness import assert_same_on_every_backend, run_layer_test

# (constructor arguments, input shape, expected output shape, expected weight shapes)
CASES = [
    ({"equation": "ab,bc->ac", "output_shape": 3, "bias_axes": "c"}, (2, 4), (2, 3), [(4, 3), (3,)]),
    ({"equation": "abc,cd->abd", "output_shape": (None, 4), "bias_axes": "bd"}, (2, 3, 5), (2, 3, 4), [(5, 4), (3, 4)]),
    ({"equation": "...b,bc->...c", "output_shape": 4, "bias_axes": "c", "activation": "relu"}, (2, 3, 5), (2, 3, 4),
     [(5, 4), (4,)]),
    ({"equation": "ab...,bc->ac...", "output_shape": 4, "bias_axes": "c"}, (2, 3, 5), (2, 4, 5), [(3, 4), (4, 1)]),
    ({"equation": "abc,cde->abde", "output_shape": (3, 2, 2)}, (2, 3, 4), (2, 3, 2, 2), [(4, 2, 2)]),
]
HARNESS_CASES = CASES[:4]  # the last one differs only in kernel rank: checked for shapes below, to save time


@pytest.mark.parametrize("kwargs, input_shape, output_shape, weight_shapes", HARNESS_CASES,
                         ids=[c[0]["equation"] for c in HARNESS_CASES])
def test_einsum_dense(backend_name, kwargs, input_shape, output_shape, weight_shapes):
    def reference(x, w):
        y = np.einsum(kwargs["equation"], x, w[0])
        if "bias_axes" in kwargs:
            y = y + w[1]
        return np.maximum(y, 0) if kwargs.get("activation") == "relu" else y

    with mk.backend.use(backend_name):
        run_layer_test(
            layers.EinsumDense, kwargs,
            input_shape=input_shape,
            expected_output_shape=output_shape,
            expected_output=reference,
            expected_num_trainable_weights=len(weight_shapes),
            expected_num_non_trainable_weights=0,
            expected_num_losses=0,
            supports_masking=False,
        )


def test_einsum_dense_weight_shapes_and_config():
    with mk.backend.use("numpy"):
        for kwargs, input_shape, output_shape, weight_shapes in CASES:
            layer = layers.EinsumDense(**kwargs)
            layer.build(input_shape)
            assert [w.shape for w in layer.weights] == weight_shapes, kwargs
            assert layer.compute_output_shape((None,) + input_shape[1:]) == (None,) + output_shape[1:]
        config = layers.EinsumDense("ab,bc->ac", 3).get_config()
        assert config["output_shape"] == (3,) and config["bias_axes"] is None and config["activation"] == "linear"
        assert config["kernel_initializer"]["class_name"] == "GlorotUniform"
        assert config["quantization_config"] is None and "lora_rank" not in config
        assert layers.EinsumDense.from_config(config).get_config() == config


def test_einsum_dense_same_on_every_backend(backends_under_test):
    assert_same_on_every_backend(
        layers.EinsumDense, {"equation": "abc,cd->abd", "output_shape": (3, 4), "bias_axes": "d", "activation": "tanh"},
        backends_under_test, input_shape=(2, 3, 5),
    )


@pytest.mark.parametrize("kwargs, message", [
    ({"equation": "ab,bc", "output_shape": 3}, r"invalid einsum equation 'ab,bc'"),
    ({"equation": "a1,bc->ac", "output_shape": 3}, r"invalid einsum equation 'a1,bc->ac'"),
    ({"equation": "ab,bc->ac", "output_shape": (3, 2)}, r"output_shape must have 1 entries .*received output_shape=\(3, 2\)"),
    ({"equation": "ab,bc->ac", "output_shape": 0}, r"output_shape must be a positive int .*received output_shape=0"),
    ({"equation": "ab,bc->ac", "output_shape": 3, "bias_axes": "x"}, r"bias axis 'x' is not an output axis .*bias_axes='x'"),
    ({"equation": "ab,bc->ae", "output_shape": 3}, r"output axis 'e' .* is neither an input axis"),
    ({"equation": "ab,bcz->ac", "output_shape": 3}, r"kernel axis 'z' .* matches no input axis"),
    ({"equation": "ab,bc->ac", "output_shape": 3, "lora_rank": 4}, r"LoRA is not supported yet, received lora_rank=4"),
])
def test_einsum_dense_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=r"EinsumDense 'einsum_dense\w*': " + message):
        layers.EinsumDense(**kwargs)


def test_einsum_dense_rejects_bad_inputs(backend_name):
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match=r"must have rank 3, received shape \(2, 5\)"):
            layers.EinsumDense("abc,cd->abd", (3, 4))(np.ones((2, 5), "float32"))
        with pytest.raises(ValueError, match=r"shared axis 'b'.*input shape \(2, 7, 5\) has 7, output_shape \(3, 4\) gives 3"):
            layers.EinsumDense("abc,cd->abd", (3, 4))(np.ones((2, 7, 5), "float32"))
        layer = layers.EinsumDense("abc,cd->abd", (None, 4))
        layer(np.ones((2, 3, 5), "float32"))
        with pytest.raises(ValueError, match=r"Layer 'einsum_dense\w*': input 0 must have size 5 on axis -1.*received shape \(2, 3, 6\)"):
            layer(np.ones((2, 3, 6), "float32"))
