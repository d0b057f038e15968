"""Records for ``multikeras.random``: shapes, dtypes, ranges, moments and seed determinism.

Random streams differ between frameworks, so values are never compared
across backends: each record checks properties every correct sampler has.
"""

from __future__ import annotations

import numpy as np

from backend_conformance.records._build import R, arr

N = 4000
RECORDS = []
one = RECORDS.append


def _moments(shape, mean, std, low=None, high=None, integer=False, tolerance=0.1):
    def compare(actual, _expected):
        actual = np.asarray(actual, np.float64)
        assert actual.shape == shape, f"shape {actual.shape} != {shape}"
        assert np.all(np.isfinite(actual)), "non-finite samples"
        if low is not None:
            assert actual.min() >= low, f"sample {actual.min()} below {low}"
        if high is not None:
            assert actual.max() <= high, f"sample {actual.max()} above {high}"
        if integer:
            np.testing.assert_array_equal(actual, np.round(actual))
        assert abs(actual.mean() - mean) < tolerance * max(1.0, abs(std)), f"mean {actual.mean():.4f}, expected {mean}"
        if std is not None:
            assert abs(actual.std() - std) < tolerance * max(1.0, std), f"std {actual.std():.4f}, expected {std}"
    return compare


def _same(actual, _expected):
    first, second = (np.asarray(a) for a in actual)
    np.testing.assert_array_equal(first, second, err_msg="same seed gave different values")


def _twice(fn, *args, **kwargs):
    return fn(*args, **kwargs), fn(*args, **kwargs)


def _family(name, args, kwargs, dtype, compare, extra_dtype_kwargs=None):
    one(R(f"random_{name}", "moments", *args, kwargs={**kwargs, "seed": 1}, dtype=dtype, compare=compare, raw=True))
    one(R(f"random_{name}", "same-seed", *args, kwargs={**kwargs, "seed": 42}, dtype=(dtype, dtype), compare=_same, raw=True, invoke=_twice))
    if extra_dtype_kwargs:
        one(R(f"random_{name}", "dtype", *args, kwargs={**kwargs, **extra_dtype_kwargs, "seed": 3}, dtype=extra_dtype_kwargs["dtype"],
              compare=lambda a, e: None, raw=True))


_family("normal", ((N,),), {"mean": 1.0, "stddev": 2.0}, "float32", _moments((N,), 1.0, 2.0), {"dtype": "float64"})
one(R("random_normal", "shape2d", (3, 4), kwargs={"seed": 5}, dtype="float32", compare=lambda a, e: _shape(a, (3, 4)), raw=True))
_family("uniform", ((N,),), {"minval": -1.0, "maxval": 3.0}, "float32", _moments((N,), 1.0, 4 / 12**0.5, -1.0, 3.0), {"dtype": "float16"})
_family("truncated_normal", ((N,),), {"mean": 0.5, "stddev": 1.0}, "float32", _moments((N,), 0.5, 0.88, -1.5, 2.5), {"dtype": "float64"})
_family("randint", ((N,),), {"minval": -2, "maxval": 3}, "int32", _moments((N,), 0.0, 2**0.5, -2, 2, integer=True), {"dtype": "int64"})
_family("gamma", ((N,),), {"alpha": 2.0}, "float32", _moments((N,), 2.0, 2**0.5, 0.0), {"dtype": "float64"})
_family("beta", ((N,),), {"alpha": 2.0, "beta": 3.0}, "float32", _moments((N,), 0.4, 0.2, 0.0, 1.0, tolerance=0.05), {"dtype": "float64"})
_family("binomial", ((N,),), {"counts": 10, "probabilities": 0.3}, "float32", _moments((N,), 3.0, 0.21**0.5 * 10**0.5, 0, 10, integer=True), {"dtype": "float64"})
one(R("random_categorical", "peaked", np.array([[0.0, 50.0, 0.0], [50.0, 0.0, 0.0]], "float32"), 5, kwargs={"seed": 1}, dtype="int32",
      ref=lambda l, n, seed: np.array([[1] * 5, [0] * 5]), compare=lambda a, e: np.testing.assert_array_equal(a, e)))
one(R("random_categorical", "frequencies", np.log(np.array([[0.2, 0.8]], "float32")), N, kwargs={"seed": 2}, dtype="int32",
      compare=lambda a, e: _frequency(a, (1, N), 0.8)))
one(R("random_categorical", "same-seed", np.zeros((2, 4), "float32"), 6, kwargs={"seed": 9}, dtype=("int32", "int32"), compare=_same, invoke=_twice))
one(R("random_categorical", "dtype", np.zeros((2, 4), "float32"), 6, kwargs={"seed": 9, "dtype": "int64"}, dtype="int64", compare=lambda a, e: _shape(a, (2, 6))))
X = arr((40, 50), low=1.0, high=2.0, seed=120)
one(R("random_dropout", "rate", X, 0.3, kwargs={"seed": 1}, dtype="float32", compare=lambda a, e: _dropout(a, X, 0.3)))
WIDE = arr((3, 800), low=1.0, high=2.0, seed=121)
one(R("random_dropout", "noise-shape", WIDE, 0.5, kwargs={"noise_shape": (1, 800), "seed": 2}, dtype="float32",
      compare=lambda a, e: _dropout(a, WIDE, 0.5, columns=True)))
one(R("random_dropout", "same-seed", X, 0.5, kwargs={"seed": 3}, dtype=("float32", "float32"), compare=_same, invoke=_twice))
Y = np.arange(24, dtype="float32").reshape(6, 4)
one(R("random_shuffle", "axis0", Y, kwargs={"seed": 1}, dtype="float32", compare=lambda a, e: _permuted(a, Y, 0)))
one(R("random_shuffle", "axis1", Y, kwargs={"axis": 1, "seed": 1}, dtype="float32", compare=lambda a, e: _permuted(a, Y, 1)))
one(R("random_shuffle", "same-seed", Y, kwargs={"seed": 4}, dtype=("float32", "float32"), compare=_same, invoke=_twice))


def _shape(actual, shape):
    assert np.shape(actual) == tuple(shape), f"shape {np.shape(actual)} != {tuple(shape)}"


def _frequency(actual, shape, p_one):
    _shape(actual, shape)
    assert set(np.unique(actual)) <= {0, 1}
    assert abs(np.mean(actual) - p_one) < 0.05, f"frequency of class 1 is {np.mean(actual):.3f}, expected {p_one}"


def _dropout(actual, x, rate, columns=False):
    actual = np.asarray(actual, np.float64)
    _shape(actual, x.shape)
    kept = actual != 0
    np.testing.assert_allclose(actual[kept], x[kept] / (1 - rate), rtol=1e-5)
    assert abs((1 - kept.mean()) - rate) < 0.1, f"dropped fraction {1 - kept.mean():.3f}, expected {rate}"
    if columns:
        assert np.all(kept == kept[0:1]), "noise_shape (1, n): whole columns must be kept or dropped together"


def _permuted(actual, x, axis):
    actual = np.asarray(actual)
    _shape(actual, x.shape)
    moved, original = np.moveaxis(actual, axis, 0), np.moveaxis(x, axis, 0)
    assert sorted(map(tuple, moved.reshape(len(moved), -1).tolist())) == sorted(map(tuple, original.reshape(len(original), -1).tolist())), \
        "shuffle must permute whole slices along the axis"
