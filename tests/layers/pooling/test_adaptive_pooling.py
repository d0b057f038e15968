"""AdaptiveAveragePooling1D/2D/3D and AdaptiveMaxPooling1D/2D/3D on every backend, against a NumPy reference.

The bins are PyTorch's (and Keras 3's): output cell ``i`` of an axis of length ``n`` pooled to ``o`` cells covers
``[floor(i * n / o), ceil((i + 1) * n / o))``. The cases include sizes that do not divide (neighbouring bins
share a position) and outputs larger than the input (positions repeat).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops
from layers.harness import assert_same_on_every_backend, run_layer_test

AVERAGE = (layers.AdaptiveAveragePooling1D, layers.AdaptiveAveragePooling2D, layers.AdaptiveAveragePooling3D)
MAX = (layers.AdaptiveMaxPooling1D, layers.AdaptiveMaxPooling2D, layers.AdaptiveMaxPooling3D)


def _bins(length: int, cells: int) -> list[range]:
    """The input positions of each output cell along one axis (ceil written as a negated floor division)."""
    return [range(i * length // cells, -(-(i + 1) * length // cells)) for i in range(cells)]


def adaptive_pool(x, output_size, data_format="channels_last", mode="average"):
    """A loop over output cells; float64 throughout."""
    x = np.asarray(x, np.float64)
    if data_format == "channels_first":
        x = np.moveaxis(x, 1, -1)
    rank = x.ndim - 2
    sizes = (output_size,) * rank if isinstance(output_size, int) else tuple(output_size)
    bins = [_bins(n, o) for n, o in zip(x.shape[1:-1], sizes)]
    out = np.zeros((x.shape[0], *sizes, x.shape[-1]))
    reduce = np.mean if mode == "average" else np.max
    for cell in itertools.product(*(range(o) for o in sizes)):
        window = x[(slice(None), *np.ix_(*(list(bins[d][c]) for d, c in enumerate(cell))), slice(None))]
        out[(slice(None), *cell)] = reduce(window.reshape(x.shape[0], -1, x.shape[-1]), axis=1)
    return np.moveaxis(out, -1, 1) if data_format == "channels_first" else out


def adaptive_pool_grad(x, output_size, weight, data_format="channels_last", mode="average"):
    """d sum(weight * pool(x)) / dx: a bin spreads its weight evenly (average) or onto its argmax (max)."""
    x = np.asarray(x, np.float64)
    weight = np.asarray(weight, np.float64)
    if data_format == "channels_first":
        x, weight = np.moveaxis(x, 1, -1), np.moveaxis(weight, 1, -1)
    rank = x.ndim - 2
    sizes = (output_size,) * rank if isinstance(output_size, int) else tuple(output_size)
    bins = [_bins(n, o) for n, o in zip(x.shape[1:-1], sizes)]
    grad = np.zeros_like(x)
    for b, ch in itertools.product(range(x.shape[0]), range(x.shape[-1])):
        for cell in itertools.product(*(range(o) for o in sizes)):
            positions = list(itertools.product(*(bins[d][c] for d, c in enumerate(cell))))
            w = weight[(b, *cell, ch)]
            if mode == "average":
                for p in positions:
                    grad[(b, *p, ch)] += w / len(positions)
            else:
                winner = max(positions, key=lambda p: x[(b, *p, ch)])
                grad[(b, *winner, ch)] += w
    return np.moveaxis(grad, -1, 1) if data_format == "channels_first" else grad


# (rank, output_size, data_format, input shape, expected output shape)
SHAPES = [
    (1, 3, "channels_last", (2, 7, 3), (2, 3, 3)),  # 7 -> 3: bins overlap
    (1, (4,), "channels_first", (2, 3, 10), (2, 3, 4)),  # 10 -> 4
    (1, 5, "channels_last", (2, 3, 2), (2, 5, 2)),  # output larger than the input
    (2, (3, 4), "channels_last", (2, 7, 10, 2), (2, 3, 4, 2)),
    (2, [4, 2], "channels_first", (1, 3, 5, 9), (1, 3, 4, 2)),  # 5 -> 4 (larger bins than cells), a list
    (2, 2, "channels_last", (2, 4, 6, 3), (2, 2, 2, 3)),  # sizes that divide
    (3, (2, 3, 4), "channels_first", (1, 2, 5, 7, 3), (1, 2, 2, 3, 4)),
    (3, 2, "channels_last", (2, 3, 4, 5, 2), (2, 2, 2, 2, 2)),
]
CASES = [(mode, *shape) for mode in ("average", "max") for shape in SHAPES]


def _cls(mode: str, rank: int) -> type:
    return (AVERAGE if mode == "average" else MAX)[rank - 1]


@pytest.mark.parametrize("mode, rank, output_size, data_format, input_shape, output_shape", CASES,
                         ids=[f"{c[0]}{c[1]}d-{c[2]}-{c[3]}-{'x'.join(map(str, c[4]))}" for c in CASES])
def test_adaptive_pooling_matches_numpy(backend_name, mode, rank, output_size, data_format, input_shape, output_shape):
    with mk.backend.use(backend_name):
        run_layer_test(
            _cls(mode, rank), {"output_size": output_size, "data_format": data_format},
            input_shape=input_shape,
            expected_output_shape=output_shape,
            expected_output=lambda x, w: adaptive_pool(x, output_size, data_format, mode),
            expected_num_trainable_weights=0,
            expected_num_non_trainable_weights=0,
            expected_num_losses=0,
            supports_masking=False,
        )


@pytest.mark.parametrize("layer_cls", AVERAGE + MAX, ids=lambda c: c.__name__)
def test_adaptive_pooling_same_on_every_backend(layer_cls, backends_under_test):
    rank = layer_cls._rank
    assert_same_on_every_backend(layer_cls, {"output_size": 3}, backends_under_test,
                                 input_shape=(2, *(7, 5, 4)[:rank], 2))


GRAD_CASES = [
    ("average", 1, 3, "channels_last", (2, 7, 2)),
    ("max", 1, 4, "channels_first", (2, 2, 10)),
    ("average", 2, (3, 4), "channels_first", (1, 2, 7, 5)),
    ("max", 2, (5, 3), "channels_last", (1, 3, 7, 2)),  # 3 -> 5 repeats positions: gradients add up
    ("average", 3, 2, "channels_last", (1, 3, 5, 4, 2)),
    ("max", 3, (2, 3, 2), "channels_first", (1, 2, 5, 4, 3)),
]


@pytest.mark.parametrize("mode, rank, output_size, data_format, input_shape", GRAD_CASES,
                         ids=[f"{c[0]}{c[1]}d-{c[3]}" for c in GRAD_CASES])
def test_adaptive_pooling_gradient_matches_numpy(backend_name, mode, rank, output_size, data_format, input_shape):
    rng = np.random.default_rng(3)
    x = rng.normal(size=input_shape).astype("float32")  # distinct values: every bin has one argmax
    with mk.backend.use(backend_name):
        layer = _cls(mode, rank)(output_size, data_format=data_format)
        out_shape = layer.compute_output_shape(input_shape)
        weight = rng.normal(size=out_shape).astype("float32")

        def loss(values):
            return ops.sum(ops.multiply(layer(values[0]), weight))

        if not mk.backend.capabilities().trainable:  # an inference-only plug-in says so
            with pytest.raises(mk.backend.CapabilityError):
                mk.backend.value_and_grad(loss)([ops.convert_to_tensor(x)])
            return
        _, (grad,) = mk.backend.value_and_grad(loss)([ops.convert_to_tensor(x)])
        expected = adaptive_pool_grad(x, output_size, weight, data_format, mode)
        np.testing.assert_allclose(ops.convert_to_numpy(grad), expected, rtol=1e-5, atol=1e-6)


def test_adaptive_pooling_dtypes(backend_name):
    x = np.arange(2 * 5 * 3, dtype="int32").reshape(2, 5, 3)
    with mk.backend.use(backend_name):
        pooled_max = layers.AdaptiveMaxPooling1D(2)(x)
        pooled_mean = layers.AdaptiveAveragePooling1D(2)(x)
    assert mk.backend.standardize_dtype(pooled_max.dtype) == "int32"  # a max keeps the dtype
    np.testing.assert_array_equal(ops.convert_to_numpy(pooled_max), adaptive_pool(x, 2, mode="max").astype("int32"))
    assert mk.backend.standardize_dtype(pooled_mean.dtype) == "float32"  # a mean is floatx
    np.testing.assert_allclose(ops.convert_to_numpy(pooled_mean), adaptive_pool(x, 2), rtol=1e-6)


def test_adaptive_pooling_config():
    config = layers.AdaptiveMaxPooling2D(3).get_config()
    assert config["output_size"] == (3, 3) and config["data_format"] == "channels_last"
    assert {"output_size", "data_format"} <= set(config)
    layer = layers.AdaptiveAveragePooling3D([1, 2, 3], data_format="channels_first", name="pool")
    rebuilt = layers.AdaptiveAveragePooling3D.from_config(layer.get_config())
    assert rebuilt.output_size == (1, 2, 3) and rebuilt.data_format == "channels_first" and rebuilt.name == "pool"
    restored = mk.saving.deserialize_keras_object(mk.saving.serialize_keras_object(layers.AdaptiveMaxPooling1D(4)))
    assert type(restored) is layers.AdaptiveMaxPooling1D and restored.output_size == (4,)


def test_adaptive_pooling_compute_output_shape_with_unknown_sizes():
    assert layers.AdaptiveAveragePooling2D((2, 3)).compute_output_shape((None, None, None, 4)) == (None, 2, 3, 4)
    assert layers.AdaptiveMaxPooling2D((2, 3), data_format="channels_first").compute_output_shape(
        (None, 4, None, 5)) == (None, 4, 2, 3)
    assert layers.AdaptiveMaxPooling1D(4).compute_output_shape((2, 10, 3)) == (2, 4, 3)
    assert layers.AdaptiveAveragePooling3D(2).compute_output_shape((None, 1, None, 9, 3)) == (None, 2, 2, 2, 3)
    inputs = mk.Input((None, None, 3))
    assert tuple(layers.AdaptiveMaxPooling2D((2, 5))(inputs).shape) == (None, 2, 5, 3)


def test_adaptive_pooling_model_accepts_any_input_size(backend_name):
    rng = np.random.default_rng(0)
    with mk.backend.use(backend_name):
        inputs = mk.Input((None, 2))
        model = mk.Model(inputs, layers.AdaptiveAveragePooling1D(3)(inputs))
        for steps in (3, 8, 11):
            x = rng.normal(size=(2, steps, 2)).astype("float32")
            np.testing.assert_allclose(ops.convert_to_numpy(model(x)), adaptive_pool(x, 3), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("kwargs, message", [
    ({"output_size": 0}, r"AdaptiveMaxPooling2D 'adaptive_max_pooling2d\w*': `output_size` must be an int or a tuple "
                         r"of 2 ints, each > 0, received output_size=0"),
    ({"output_size": -2}, r"received output_size=-2"),
    ({"output_size": (2, 0)}, r"received output_size=\(2, 0\)"),
    ({"output_size": (1, 2, 3)}, r"received output_size=\(1, 2, 3\)"),
    ({"output_size": 2.5}, r"received output_size=2.5"),
    ({"output_size": (2, 2.0)}, r"received output_size=\(2, 2.0\)"),
    ({"output_size": None}, r"received output_size=None"),
    ({"output_size": "2"}, r"received output_size='2'"),
    ({"output_size": 2, "data_format": "NCHW"}, r"`data_format` must be one of .* received data_format='NCHW'"),
])
def test_adaptive_pooling_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        layers.AdaptiveMaxPooling2D(**kwargs)


def test_adaptive_pooling_1d_rejects_a_tuple_of_two():
    with pytest.raises(ValueError, match=r"`output_size` must be an int or a tuple of 1 ints"):
        layers.AdaptiveAveragePooling1D((1, 2))


def test_adaptive_pooling_rejects_wrong_rank(backend_name):
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match=r"input 0 must have rank 4, received shape \(2, 3, 4\)"):
            layers.AdaptiveMaxPooling2D(2)(np.ones((2, 3, 4), "float32"))


@pytest.mark.parametrize("op_name", ["adaptive_average_pool", "adaptive_max_pool"])
@pytest.mark.parametrize("output_size, error, match", [
    ((2,), ValueError, r"an int or 2 ints .* received \(2,\)"),
    ((2, 2, 2), ValueError, r"an int or 2 ints"),
    (0, ValueError, r"positive, received 0"),
    ((2, -1), ValueError, r"positive, received \(2, -1\)"),
    (2.5, TypeError, r"received 2.5"),
    ((2, 2.0), TypeError, r"received \(2, 2.0\)"),
])
def test_adaptive_pool_ops_reject_bad_output_sizes_alike(backend_name, op_name, output_size, error, match):
    """One rule on every backend for the ops themselves (frameworks differ: some stretch a 1-tuple, return an
    empty result for 0 or take floats)."""
    x = np.ones((1, 6, 6, 2), "float32")
    with mk.backend.use(backend_name):
        with pytest.raises(error, match=f"{op_name}: output_size must be .*{match}"):
            getattr(ops, op_name)(x, output_size)
        with pytest.raises(ValueError, match=rf"{op_name}: expected inputs of rank 3, 4 or 5 .* shape \(2, 3\)"):
            getattr(ops, op_name)(np.ones((2, 3), "float32"), 2)
        assert tuple(ops.shape(getattr(ops, op_name)(x, [3, 2]))) == (1, 3, 2, 2)  # a list of ints is fine
