"""Every activation equals a NumPy formula on every backend, with its extra arguments."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import multikeras as mk
from multikeras import activations

to_numpy = mk.ops.convert_to_numpy

# Negative, zero, small and large values, and the thresholds of the cases below (-1, 0.5, 1, 2, 3);
# shape (2, 6) so axis arguments mean something.
X = np.array([[-3.0, -1.5, -1.0, -0.5, 0.0, 0.3], [0.5, 1.0, 2.0, 2.5, 3.0, 7.0]], dtype=np.float32)

SELU_ALPHA = 1.6732632423543772
SELU_SCALE = 1.0507009873554805
_erf = np.vectorize(math.erf)


def np_sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def np_softplus(x):
    return np.log1p(np.exp(x))


def np_relu6(x):
    return np.clip(x, 0.0, 6.0)


def np_softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def np_keras_relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    y = np.where(x > threshold, x, negative_slope * (x - threshold))  # strict, as Keras 3 computes it
    return y if max_value is None else np.minimum(y, max_value)


def np_sparsemax(x, axis=-1):
    x = np.moveaxis(x, axis, -1)
    z = np.sort(x, axis=-1)[..., ::-1]
    k = np.arange(1, x.shape[-1] + 1)
    cumulative = np.cumsum(z, axis=-1)
    support = 1 + k * z > cumulative
    k_max = support.sum(axis=-1, keepdims=True)
    tau = (np.take_along_axis(cumulative, k_max - 1, axis=-1) - 1) / k_max
    return np.moveaxis(np.maximum(x - tau, 0.0), -1, axis)


def np_glu(x, axis=-1):
    a, b = np.split(x, 2, axis=axis)
    return a * np_sigmoid(b)


# (name, keyword arguments, NumPy reference of x)
CASES = [
    ("relu", {}, lambda x: np.maximum(x, 0)),
    ("relu", {"negative_slope": 0.1}, lambda x: np_keras_relu(x, negative_slope=0.1)),
    ("relu", {"max_value": 2.0}, lambda x: np_keras_relu(x, max_value=2.0)),
    ("relu", {"threshold": 0.5}, lambda x: np_keras_relu(x, threshold=0.5)),
    (
        "relu",
        {"negative_slope": 0.1, "max_value": 2.0, "threshold": 0.5},
        lambda x: np_keras_relu(x, 0.1, 2.0, 0.5),
    ),
    ("relu", {"negative_slope": 0.3, "threshold": -1.0}, lambda x: np_keras_relu(x, 0.3, None, -1.0)),
    ("relu", {"max_value": 2.0, "threshold": 3.0}, lambda x: np_keras_relu(x, 0.0, 2.0, 3.0)),
    ("relu6", {}, np_relu6),
    ("leaky_relu", {}, lambda x: np.where(x >= 0, x, 0.2 * x)),
    ("leaky_relu", {"negative_slope": 0.5}, lambda x: np.where(x >= 0, x, 0.5 * x)),
    ("elu", {}, lambda x: np.where(x > 0, x, np.expm1(x))),
    ("elu", {"alpha": 0.5}, lambda x: np.where(x > 0, x, 0.5 * np.expm1(x))),
    ("selu", {}, lambda x: SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(x))),
    ("celu", {}, lambda x: np.maximum(x, 0) + np.minimum(0, np.expm1(x))),
    ("celu", {"alpha": 0.5}, lambda x: np.maximum(x, 0) + np.minimum(0, 0.5 * np.expm1(x / 0.5))),
    ("gelu", {}, lambda x: 0.5 * x * (1 + _erf(x / math.sqrt(2)))),
    (
        "gelu",
        {"approximate": True},
        lambda x: 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3))),
    ),
    ("silu", {}, lambda x: x * np_sigmoid(x)),
    ("swish", {}, lambda x: x * np_sigmoid(x)),
    ("hard_silu", {}, lambda x: x * np_relu6(x + 3) / 6),
    ("hard_swish", {}, lambda x: x * np_relu6(x + 3) / 6),
    ("mish", {}, lambda x: x * np.tanh(np_softplus(x))),
    ("softplus", {}, np_softplus),
    ("sparse_plus", {}, lambda x: np.where(x <= -1, 0.0, np.where(x >= 1, x, (x + 1) ** 2 / 4))),
    ("squareplus", {}, lambda x: (x + np.sqrt(x**2 + 4)) / 2),
    ("squareplus", {"b": 1.0}, lambda x: (x + np.sqrt(x**2 + 1)) / 2),
    ("exponential", {}, np.exp),
    ("linear", {}, lambda x: x),
    ("threshold", {"threshold": 0.4, "default_value": -9.0}, lambda x: np.where(x > 0.4, x, -9.0)),
    ("sigmoid", {}, np_sigmoid),
    ("hard_sigmoid", {}, lambda x: np_relu6(x + 3) / 6),
    ("sparse_sigmoid", {}, lambda x: np.clip((x + 1) / 2, 0.0, 1.0)),
    ("log_sigmoid", {}, lambda x: -np_softplus(-x)),
    ("tanh", {}, np.tanh),
    ("hard_tanh", {}, lambda x: np.clip(x, -1.0, 1.0)),
    ("tanh_shrink", {}, lambda x: x - np.tanh(x)),
    ("softsign", {}, lambda x: x / (1 + np.abs(x))),
    ("hard_shrink", {}, lambda x: np.where(np.abs(x) > 0.5, x, 0.0)),
    ("hard_shrink", {"threshold": 1.0}, lambda x: np.where(np.abs(x) > 1.0, x, 0.0)),
    ("soft_shrink", {}, lambda x: np.sign(x) * np.maximum(np.abs(x) - 0.5, 0.0)),
    ("soft_shrink", {"threshold": 1.0}, lambda x: np.sign(x) * np.maximum(np.abs(x) - 1.0, 0.0)),
    ("softmax", {}, np_softmax),
    ("softmax", {"axis": 0}, lambda x: np_softmax(x, axis=0)),
    ("softmax", {"axis": (0, 1)}, lambda x: np.exp(x - x.max()) / np.exp(x - x.max()).sum()),
    ("log_softmax", {}, lambda x: np.log(np_softmax(x))),
    ("log_softmax", {"axis": 0}, lambda x: np.log(np_softmax(x, axis=0))),
    ("sparsemax", {}, np_sparsemax),
    ("sparsemax", {"axis": 0}, lambda x: np_sparsemax(x, axis=0)),
    ("glu", {}, np_glu),
    ("glu", {"axis": 0}, lambda x: np_glu(x, axis=0)),
]


def case_id(case) -> str:
    name, kwargs, _ = case
    return name + "".join(f"-{key}={value}" for key, value in kwargs.items())


@pytest.mark.parametrize(("name", "kwargs", "reference"), CASES, ids=[case_id(case) for case in CASES])
def test_activation_matches_numpy(backend_name, name, kwargs, reference):
    with mk.backend.use(backend_name):
        result = to_numpy(getattr(activations, name)(mk.ops.convert_to_tensor(X), **kwargs))
    expected = reference(X.astype(np.float64))
    assert result.shape == expected.shape
    assert result.dtype == np.float32
    np.testing.assert_allclose(result, expected, rtol=2e-5, atol=2e-6)


def test_every_keras_activation_has_a_case():
    covered = {name for name, _, _ in CASES}
    functions = set(activations.__all__) - {"get", "serialize", "deserialize"}
    assert functions == covered


def test_sparsemax_example_gives_a_sparse_distribution(backend_name):
    x = np.array([[0.1, 1.2, -0.5, 1.0]], dtype=np.float32)
    with mk.backend.use(backend_name):
        result = to_numpy(activations.sparsemax(x))
    np.testing.assert_allclose(result, [[0.0, 0.6, 0.0, 0.4]], atol=1e-6)


def test_softmax_warns_over_an_axis_of_size_one(backend_name):
    with mk.backend.use(backend_name):
        with pytest.warns(UserWarning, match=r"axis -1 .*\(3, 1\)"):
            result = to_numpy(activations.softmax(np.ones((3, 1), np.float32)))
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            activations.softmax(np.ones((3, 2), np.float32))
    np.testing.assert_array_equal(result, np.ones((3, 1), np.float32))


def test_activations_keep_half_precision(backend_name):
    x = np.array([-2.0, 0.5, 3.0], dtype=np.float16)
    with mk.backend.use(backend_name):
        results = {
            name: mk.backend.standardize_dtype(mk.ops.dtype(getattr(activations, name)(mk.ops.convert_to_tensor(x), **kw)))
            for name, kw in [("relu", {"negative_slope": 0.1, "max_value": 2.0}), ("mish", {}), ("gelu", {})]
        }
    assert results == {"relu": "float16", "mish": "float16", "gelu": "float16"}
