"""Initializers compute the right values on every backend: constants, distribution statistics, orthogonality."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.signal

import multikeras as mk
from multikeras import initializers

to_numpy = mk.ops.convert_to_numpy

STATS_SHAPE = (200, 300)
TRUNCATED_STD = 0.87962566103423978  # std of a unit normal truncated to [-2, 2]


def draw(initializer, shape=STATS_SHAPE, dtype=None) -> np.ndarray:
    return np.asarray(to_numpy(initializer(shape, dtype=dtype)), dtype=np.float64)


# --- constants ---------------------------------------------------------------------------------


def test_zeros_and_ones(backend_name):
    with mk.backend.use(backend_name):
        zeros = to_numpy(initializers.Zeros()((2, 3)))
        ones = to_numpy(initializers.Ones()((4,), dtype="int32"))
    assert zeros.dtype == np.float32 and zeros.shape == (2, 3) and not zeros.any()
    assert ones.dtype == np.int32 and ones.tolist() == [1, 1, 1, 1]


def test_default_dtype_follows_floatx(backend_name, restore_global_state):
    mk.config.set_floatx("float64")
    with mk.backend.use(backend_name):
        values = [to_numpy(init((3, 4))) for init in (initializers.Ones(), initializers.GlorotUniform(seed=1))]
    assert [value.dtype for value in values] == [np.float64, np.float64]


def test_constant_broadcasts_its_value(backend_name):
    with mk.backend.use(backend_name):
        scalar = to_numpy(initializers.Constant(3.5)((2, 2)))
        row = to_numpy(initializers.Constant([1.0, 2.0, 3.0])((2, 3)))
        integer = to_numpy(initializers.Constant(7)((3,), dtype="int32"))
        array = to_numpy(initializers.Constant(np.array([[1.0], [2.0]]))((2, 2)))
    np.testing.assert_array_equal(scalar, np.full((2, 2), 3.5, np.float32))
    np.testing.assert_array_equal(row, np.array([[1, 2, 3], [1, 2, 3]], np.float32))
    assert integer.dtype == np.int32 and integer.tolist() == [7, 7, 7]
    np.testing.assert_array_equal(array, np.array([[1, 1], [2, 2]], np.float32))


def test_constant_rejects_a_value_that_does_not_broadcast(backend_name):
    with mk.backend.use(backend_name), pytest.raises(ValueError, match=r"\(2,\).*\(3,\)"):
        initializers.Constant([1.0, 2.0])((3,))


def test_constant_from_a_keras_array_config(backend_name):
    config = {"value": {"class_name": "__tensor__", "config": {"value": [1.0, 2.0], "dtype": "float64"}}}
    constant = initializers.Constant.from_config(config)
    with mk.backend.use(backend_name):
        values = to_numpy(constant((2, 2)))
    np.testing.assert_array_equal(values, np.array([[1, 2], [1, 2]], np.float32))
    assert constant.get_config() == config


@pytest.mark.parametrize("shape", [(3, 3), (2, 4), (5, 2)])
def test_identity(backend_name, shape):
    with mk.backend.use(backend_name):
        values = to_numpy(initializers.Identity(gain=2.5)(shape))
    np.testing.assert_array_equal(values, 2.5 * np.eye(*shape, dtype=np.float32))


def test_identity_rejects_non_matrices(backend_name):
    with mk.backend.use(backend_name):
        for shape in [(3,), (2, 3, 4)]:
            with pytest.raises(ValueError, match=re_shape(shape)):
                initializers.Identity()(shape)


def re_shape(shape) -> str:
    return str(shape).replace("(", r"\(").replace(")", r"\)")


# --- distributions ---------------------------------------------------------------------------------


def test_random_normal_statistics(backend_name):
    with mk.backend.use(backend_name):
        x = draw(initializers.RandomNormal(mean=1.0, stddev=0.5, seed=11))
    assert x.shape == STATS_SHAPE
    assert abs(x.mean() - 1.0) < 0.01
    assert abs(x.std() - 0.5) < 0.01
    assert x.min() < 1.0 - 2 * 0.5  # untruncated: values beyond two standard deviations occur


def test_truncated_normal_statistics(backend_name):
    with mk.backend.use(backend_name):
        x = draw(initializers.TruncatedNormal(mean=-1.0, stddev=0.5, seed=12))
    assert abs(x.mean() + 1.0) < 0.01
    assert abs(x.std() - 0.5 * TRUNCATED_STD) < 0.01
    assert x.min() >= -2.0 - 1e-6 and x.max() <= 0.0 + 1e-6


def test_random_uniform_statistics(backend_name):
    with mk.backend.use(backend_name):
        x = draw(initializers.RandomUniform(minval=-1.0, maxval=3.0, seed=13))
    assert x.min() >= -1.0 and x.max() < 3.0
    assert x.min() < -0.99 and x.max() > 2.99
    assert abs(x.mean() - 1.0) < 0.03
    assert abs(x.std() - 4.0 / math.sqrt(12)) < 0.02


def test_default_random_initializers_have_keras_defaults(backend_name):
    with mk.backend.use(backend_name):
        normal = draw(initializers.RandomNormal(seed=1))
        uniform = draw(initializers.RandomUniform(seed=1))
    assert abs(normal.std() - 0.05) < 0.002
    assert uniform.min() >= -0.05 and uniform.max() < 0.05 and uniform.max() > 0.049


@pytest.mark.parametrize("mode", ["fan_in", "fan_out", "fan_avg"])
@pytest.mark.parametrize("distribution", ["truncated_normal", "untruncated_normal", "uniform"])
def test_variance_scaling_variance(backend_name, mode, distribution):
    scale = 2.0
    fan = {"fan_in": 200, "fan_out": 300, "fan_avg": 250}[mode]
    expected_std = math.sqrt(scale / fan)
    with mk.backend.use(backend_name):
        x = draw(initializers.VarianceScaling(scale, mode, distribution, seed=5))
    assert abs(x.mean()) < 0.05 * expected_std
    assert abs(x.std() - expected_std) < 0.03 * expected_std
    if distribution == "uniform":
        assert np.abs(x).max() <= math.sqrt(3) * expected_std
    if distribution == "truncated_normal":
        assert np.abs(x).max() <= 2 * expected_std / TRUNCATED_STD + 1e-6


def test_variance_scaling_uses_the_receptive_field_of_a_conv_kernel(backend_name):
    shape = (3, 3, 16, 32)  # fan_in = 9 * 16 = 144, fan_out = 9 * 32 = 288
    with mk.backend.use(backend_name):
        fan_in = draw(initializers.VarianceScaling(1.0, "fan_in", "uniform", seed=3), shape)
        fan_out = draw(initializers.VarianceScaling(1.0, "fan_out", "uniform", seed=3), shape)
    for x, fan in [(fan_in, 144), (fan_out, 288)]:
        limit = math.sqrt(3.0 / fan)
        assert x.shape == shape
        assert 0.99 * limit < np.abs(x).max() <= limit


def test_variance_scaling_with_input_and_output_axes(backend_name):
    shape = (6, 8, 10, 12)
    with mk.backend.use(backend_name):
        init = initializers.VarianceScaling(1.0, "fan_out", "uniform", seed=2, input_axes=(0, 1), output_axes=(2, 3))
        x = draw(init, shape)
    limit = math.sqrt(3.0 / 120)  # fan_out = 10 * 12
    assert 0.99 * limit < np.abs(x).max() <= limit


PRESETS = [
    # (class, expected std, uniform limit or None) for shape (200, 300)
    (initializers.GlorotNormal, math.sqrt(2 / 500), None),
    (initializers.GlorotUniform, math.sqrt(2 / 500), math.sqrt(6 / 500)),
    (initializers.HeNormal, math.sqrt(2 / 200), None),
    (initializers.HeUniform, math.sqrt(2 / 200), math.sqrt(6 / 200)),
    (initializers.LecunNormal, math.sqrt(1 / 200), None),
    (initializers.LecunUniform, math.sqrt(1 / 200), math.sqrt(3 / 200)),
]


@pytest.mark.parametrize(("cls", "expected_std", "limit"), PRESETS, ids=[p[0].__name__ for p in PRESETS])
def test_variance_scaling_presets(backend_name, cls, expected_std, limit):
    with mk.backend.use(backend_name):
        x = draw(cls(seed=21))
    assert abs(x.std() - expected_std) < 0.03 * expected_std
    bound = limit if limit is not None else 2 * expected_std / TRUNCATED_STD
    assert np.abs(x).max() <= bound + 1e-6


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float64"])
def test_random_initializers_honour_float_dtypes(backend_name, dtype):
    with mk.backend.use(backend_name):
        results = [
            init((4, 6), dtype=dtype)
            for init in (initializers.GlorotUniform(seed=1), initializers.Orthogonal(seed=1), initializers.RandomNormal(seed=1))
        ]
        names = [mk.backend.standardize_dtype(mk.ops.dtype(result)) for result in results]
    assert names == [dtype] * 3


def test_random_initializers_reject_integer_dtypes(backend_name):
    with mk.backend.use(backend_name):
        for init in (initializers.RandomNormal(), initializers.HeUniform(), initializers.Orthogonal()):
            with pytest.raises(ValueError, match="int32"):
                init((2, 2), dtype="int32")


# --- orthogonal ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(50, 30), (30, 50), (40, 40), (3, 4, 5)])
def test_orthogonal(backend_name, shape):
    gain = 1.5
    with mk.backend.use(backend_name):
        w = draw(initializers.Orthogonal(gain=gain, seed=4), shape)
    assert w.shape == shape
    matrix = w.reshape(-1, shape[-1])
    gram = matrix.T @ matrix if matrix.shape[0] >= matrix.shape[1] else matrix @ matrix.T
    np.testing.assert_allclose(gram, gain**2 * np.eye(len(gram)), atol=1e-4)


def test_orthogonal_rejects_vectors(backend_name):
    with mk.backend.use(backend_name), pytest.raises(ValueError, match=r"shape=\(7,\)"):
        initializers.Orthogonal()((7,))


# --- STFT ----------------------------------------------------------------------------------------------


def stft_reference(shape, side, window, scaling, periodic) -> np.ndarray:
    frame_length, _, bins = shape
    angles = 2 * np.pi * np.outer(np.arange(frame_length), np.arange(bins)) / (2 * (bins - 1))
    kernel = np.cos(angles) if side == "real" else -np.sin(angles)
    if window is not None:
        if isinstance(window, str):
            values = scipy.signal.get_window(window, frame_length, fftbins=periodic)
        else:
            values = np.asarray(window, dtype=np.float64)
        if scaling == "density":
            values = values / np.sqrt(np.sum(values**2))
        elif scaling == "spectrum":
            values = values / np.sum(np.abs(values))
        kernel = kernel * values[:, None]
    return kernel[:, None, :]


STFT_CASES = [
    ("real", "hann", "density", False),
    ("imag", "hann", "spectrum", True),
    ("real", "hamming", None, True),
    ("imag", "blackman", "density", False),
    ("real", "bartlett", "spectrum", False),
    ("real", "tukey", "density", True),  # a window only SciPy provides
    ("imag", None, "density", False),  # no window: scaling does not apply
    ("real", [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], "spectrum", False),
    ("imag", [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], None, False),
]


@pytest.mark.parametrize(("side", "window", "scaling", "periodic"), STFT_CASES)
def test_stft_kernels(backend_name, side, window, scaling, periodic):
    shape = (8, 1, 5)
    with mk.backend.use(backend_name):
        kernel = draw(initializers.STFT(side, window, scaling, periodic), shape)
    np.testing.assert_allclose(kernel, stft_reference(shape, side, window, scaling, periodic), atol=1e-6)


def test_stft_rejects_bad_shapes(backend_name):
    with mk.backend.use(backend_name):
        for shape in [(8, 5), (8, 1, 1)]:
            with pytest.raises(ValueError, match=re_shape(shape)):
                initializers.STFT()(shape)
        with pytest.raises(ValueError, match=r"\(8,\).*\(2,\)"):
            initializers.STFT(window=[1.0, 2.0])((8, 1, 5))


# --- seeds ------------------------------------------------------------------------------------------------

SEEDED = [
    initializers.RandomNormal,
    initializers.RandomUniform,
    initializers.TruncatedNormal,
    initializers.VarianceScaling,
    initializers.GlorotNormal,
    initializers.GlorotUniform,
    initializers.HeNormal,
    initializers.HeUniform,
    initializers.LecunNormal,
    initializers.LecunUniform,
    initializers.Orthogonal,
]


@pytest.mark.parametrize("cls", SEEDED, ids=[cls.__name__ for cls in SEEDED])
def test_seed_semantics(backend_name, cls):
    shape = (6, 5)
    with mk.backend.use(backend_name):
        seeded = cls(seed=7)
        first, second = draw(seeded, shape), draw(seeded, shape)
        same_seed_other_object = draw(cls(seed=7), shape)
        other_seed = draw(cls(seed=8), shape)
        unseeded = cls()
        unseeded_first, unseeded_second = draw(unseeded, shape), draw(unseeded, shape)
        generator = cls(seed=mk.random.SeedGenerator(3))
        generated_first, generated_second = draw(generator, shape), draw(generator, shape)
    np.testing.assert_array_equal(first, second)
    np.testing.assert_array_equal(first, same_seed_other_object)
    assert not np.array_equal(first, other_seed)
    # Keras 3: seed=None picks a seed when the initializer is made; that object then repeats its values.
    np.testing.assert_array_equal(unseeded_first, unseeded_second)
    assert not np.array_equal(generated_first, generated_second)


def test_clone_keeps_an_int_seed_and_redraws_a_none_seed(backend_name):
    with mk.backend.use(backend_name):
        seeded = initializers.HeNormal(seed=9)
        unseeded = initializers.HeNormal()
        seeded_values, seeded_clone = draw(seeded, (4, 4)), draw(seeded.clone(), (4, 4))
        unseeded_values, unseeded_clone = draw(unseeded, (4, 4)), draw(unseeded.clone(), (4, 4))
    np.testing.assert_array_equal(seeded_values, seeded_clone)
    assert not np.array_equal(unseeded_values, unseeded_clone)


def test_unseeded_initializers_follow_python_random(backend_name):
    import random

    with mk.backend.use(backend_name):
        random.seed(1234)
        first = draw(initializers.GlorotNormal(), (5, 5))
        random.seed(1234)
        again = draw(initializers.GlorotNormal(), (5, 5))
    np.testing.assert_array_equal(first, again)
