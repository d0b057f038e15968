"""Records for ``multikeras.backend.abstract_eval`` and ``eager_scope`` (shape inference without data)."""

from __future__ import annotations

import numpy as np

import multikeras as mk
from backend_conformance.records._build import R
from multikeras.backend.abstract import AbstractArray as AA

ops = mk.ops
RECORDS = []
one = RECORDS.append


def _described(result):
    """AbstractArrays as ``(shape, dtype)`` tuples, so results compare as plain data."""
    if isinstance(result, AA):
        return (result.shape, result.dtype)
    if isinstance(result, (list, tuple)):
        return tuple(_described(item) for item in result)
    return result


def _equal(actual, expected):
    assert actual == expected, f"{actual!r} != {expected!r}"


def _abstract(function, specs):
    return lambda fn: _described(fn(function, specs))


def _closure(fn):
    weights = ops.ones((3, 4))  # a real array of the backend, closed over like a layer's weights
    return _described(fn(lambda x: ops.matmul(x, weights) + 1.0, [AA((2, 3), "float32")]))


def _concrete_inside(eager_scope):
    seen = []

    def function(x):
        with eager_scope():
            seen.append(ops.convert_to_numpy(ops.ones((2,)) * 3.0))
        return x

    mk.backend.abstract_eval(function, [AA((1,), "float32")])
    return seen[0]


one(R("abstract_eval", "matmul", ref=lambda: ((2, 4), "float32"), compare=_equal,
      invoke=_abstract(lambda a, b: ops.matmul(a, b), [AA((2, 3), "float32"), AA((3, 4), "float32")])))
one(R("abstract_eval", "tuple-of-dtypes", ref=lambda: (((2,), "float16"), ((5, 2), "int32")), compare=_equal,
      invoke=_abstract(lambda x: (ops.sum(x, axis=0), ops.cast(x, "int32")), [AA((5, 2), "float16")])))
one(R("abstract_eval", "conv", ref=lambda: ((1, 6, 6, 8), "float32"), compare=_equal,
      invoke=_abstract(lambda x, k: ops.conv(x, k), [AA((1, 8, 8, 3), "float32"), AA((3, 3, 3, 8), "float32")])))
one(R("abstract_eval", "closure", ref=lambda: ((2, 4), "float32"), compare=_equal, invoke=_closure))
one(R("eager_scope", "concrete-inside-abstract", ref=lambda: np.array([3.0, 3.0], "float32"),
      invoke=_concrete_inside, dtype="float32"))
