"""Add, Subtract, Multiply, Average, Maximum, Minimum (and add, subtract ...) on every backend: broadcasting,
dtypes, masks, functional forms and shape errors."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops
from layers.harness import assert_same_on_every_backend, run_layer_test

REFERENCES = {
    layers.Add: lambda xs: sum(xs),
    layers.Subtract: lambda xs: xs[0] - xs[1],
    layers.Multiply: lambda xs: np.prod(np.broadcast_arrays(*xs), axis=0),
    layers.Average: lambda xs: sum(xs) / len(xs),
    layers.Maximum: lambda xs: np.max(np.broadcast_arrays(*xs), axis=0),
    layers.Minimum: lambda xs: np.min(np.broadcast_arrays(*xs), axis=0),
}
FUNCTIONS = {
    layers.Add: layers.add, layers.Subtract: layers.subtract, layers.Multiply: layers.multiply,
    layers.Average: layers.average, layers.Maximum: layers.maximum, layers.Minimum: layers.minimum,
}


def _aligned(xs):
    """Inputs of lower rank get new axes after the batch axis, as Keras aligns them."""
    rank = max(x.ndim for x in xs)
    return [x.reshape(x.shape[:1] + (1,) * (rank - x.ndim) + x.shape[1:]) for x in xs]


def _shapes(cls):
    return [(2, 3, 4), (2, 4)] if cls is layers.Subtract else [(2, 3, 4), (2, 1, 4), (2, 4)]


@pytest.mark.parametrize("cls", list(REFERENCES), ids=lambda c: c.__name__)
def test_merge_with_broadcasting(backend_name, cls):
    with mk.backend.use(backend_name):
        run_layer_test(
            cls, {},
            input_shape=_shapes(cls),
            expected_output_shape=(2, 3, 4),
            expected_num_trainable_weights=0,
            expected_num_non_trainable_weights=0,
            expected_num_losses=0,
            supports_masking=True,
            expected_output=lambda xs, w: REFERENCES[cls](_aligned(xs)),
        )


@pytest.mark.parametrize("cls, dtype", [(layers.Add, "int32"), (layers.Maximum, "int32"), (layers.Average, "float32")],
                         ids=lambda v: getattr(v, "__name__", v))
def test_integer_inputs(backend_name, cls, dtype):
    with mk.backend.use(backend_name):
        run_layer_test(
            cls, {}, input_shape=[(2, 3), (2, 3)], input_dtype="int32",
            expected_output_dtype=dtype,
            expected_output=lambda xs, w: REFERENCES[cls](xs),
        )


@pytest.mark.parametrize("cls", list(REFERENCES), ids=lambda c: c.__name__)
def test_functional_form(backend_name, cls):
    a = np.arange(6, dtype="float32").reshape(2, 3)
    b = np.full((2, 3), 2.0, "float32")
    with mk.backend.use(backend_name):
        function = FUNCTIONS[cls]
        np.testing.assert_allclose(ops.convert_to_numpy(function([a, b])), REFERENCES[cls]([a, b]), rtol=1e-6)
        inputs = [mk.Input((3,)), mk.Input((3,))]
        output = function(inputs, name=f"functional_{cls.__name__.lower()}")
        assert output.shape == (None, 3)
        model = mk.Model(inputs, output)
        assert isinstance(model.layers[-1], cls)
        np.testing.assert_allclose(ops.convert_to_numpy(model([a, b])), REFERENCES[cls]([a, b]), rtol=1e-6)


def test_masks_merge_like_keras(backend_name):
    a = np.array([[[1.0], [5.0], [2.0]]], "float32")  # (1, 3, 1)
    b = np.array([[[4.0], [3.0], [-1.0]]], "float32")
    mask_a = np.array([[True, False, False]])
    mask_b = np.array([[False, True, False]])
    masks = [mask_a, mask_b]
    with mk.backend.use(backend_name):
        def run(cls, mask):
            return ops.convert_to_numpy(cls()([a, b], mask=mask))[0, :, 0].tolist()

        # Values observed with Keras 3.15: a masked-out value is replaced by the other operand before the
        # op, so it never wins; where every input is masked the first input's value remains.
        assert run(layers.Maximum, masks) == [1.0, 3.0, 2.0]
        assert run(layers.Minimum, masks) == [1.0, 3.0, 2.0]
        assert run(layers.Maximum, [None, mask_b]) == [1.0, 5.0, 2.0]
        assert run(layers.Maximum, [mask_a, None]) == [4.0, 3.0, -1.0]
        # Masked-out values count as 1 in a product; positions masked in every input are 0.
        assert run(layers.Multiply, masks) == [1.0, 3.0, 0.0]
        assert run(layers.Multiply, [None, mask_b]) == [1.0, 15.0, 2.0]
        assert run(layers.Multiply, [mask_a, None]) == [4.0, 3.0, -1.0]
        # Sums ignore masks.
        assert run(layers.Add, masks) == [5.0, 8.0, 1.0]
        out_mask = layers.Add().compute_mask([a, b], masks)
        assert ops.convert_to_numpy(out_mask).tolist() == [[True, True, False]]
        assert layers.Add().compute_mask([a, b], [mask_a, None]) is None
        assert layers.Add().compute_mask([a, b], None) is None
        with pytest.raises(ValueError, match=r"Add 'add\w*': `mask` must be a list with one mask \(or None\) per input"):
            layers.Add()([a, b], mask=mask_a)
        with pytest.raises(ValueError, match=r"received 1 masks for 2 inputs"):
            layers.Add()([a, b], mask=[mask_a])


@pytest.mark.parametrize("cls", list(REFERENCES), ids=lambda c: c.__name__)
def test_same_on_every_backend(backends_under_test, cls):
    assert_same_on_every_backend(cls, {}, backends_under_test, input_shape=_shapes(cls))


def test_shape_errors(backend_name):
    x = np.ones((2, 3, 4), "float32")
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match=r"Subtract 'sub' must be called on exactly 2 inputs, received 3 with shapes \[\(2, 3, 4\), \(2, 3, 4\), \(2, 3, 4\)\]"):
            layers.Subtract(name="sub")([x, x, x])
        with pytest.raises(ValueError, match=r"Add 'add_bad': inputs have incompatible shapes \[\(2, 3, 4\), \(2, 3, 5\)\]: sizes 4 and 5"):
            layers.Add(name="add_bad")([x, np.ones((2, 3, 5), "float32")])
        with pytest.raises(ValueError, match=r"Multiply 'mul_batch': inputs must have the same batch size, received shapes \[\(2, 3, 4\), \(3, 3, 4\)\]"):
            layers.Multiply(name="mul_batch")([x, np.ones((3, 3, 4), "float32")])
        with pytest.raises(ValueError, match=r"Maximum 'max_one' must be called on a list of one or more tensors, received input shape \(2, 3, 4\)"):
            layers.Maximum(name="max_one")(x)
        with pytest.raises(ValueError, match=r"Average 'avg_sym': inputs have incompatible shapes \[\(None, 3\), \(None, 4\)\]"):
            layers.Average(name="avg_sym")([mk.Input((3,)), mk.Input((4,))])
        # A built layer checks every later call too.
        layer = layers.Minimum(name="min_later")
        layer([x, x])
        with pytest.raises(ValueError, match=r"Minimum 'min_later': inputs have incompatible shapes"):
            layer([x, np.ones((2, 2, 4), "float32")])


def test_compute_output_shape_handles_unknown_sizes():
    assert layers.Add().compute_output_shape([(None, 3, 4), (None, 1, 4)]) == (None, 3, 4)
    assert layers.Add().compute_output_shape([(None, None, 4), (2, 3, 1)]) == (2, 3, 4)
    assert layers.Maximum().compute_output_shape([(None, 1, None), (None, 4)]) == (None, 1, 4)
    assert layers.Add().compute_output_shape([(5, 2)]) == (5, 2)
