"""Constraints: projections equal NumPy formulas on every backend; configs and names match Keras 3.

Expected configs were observed from Keras 3.15 and are written out literally.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

import multikeras as mk
from multikeras import constraints
from multikeras.saving.object_registration import builtin_location

to_numpy = mk.ops.convert_to_numpy

EPSILON = 1e-7
W = np.array([[3.0, -4.0, 0.1], [4.0, 3.0, -0.2]], dtype=np.float32)
KERNEL = np.random.default_rng(0).normal(size=(3, 3, 2, 4)).astype(np.float32)  # a Conv2D kernel


def apply(constraint, w) -> np.ndarray:
    return np.asarray(to_numpy(constraint(mk.ops.convert_to_tensor(w))), dtype=np.float64)


def np_norms(w, axis):
    return np.sqrt(np.sum(np.square(w.astype(np.float64)), axis=tuple(np.atleast_1d(axis)), keepdims=True))


def np_max_norm(w, max_value, axis):
    norms = np_norms(w, axis)
    return w * np.clip(norms, 0, max_value) / (norms + EPSILON)


def np_min_max_norm(w, min_value, max_value, rate, axis):
    norms = np_norms(w, axis)
    desired = rate * np.clip(norms, min_value, max_value) + (1 - rate) * norms
    return w * desired / (norms + EPSILON)


def np_unit_norm(w, axis):
    return w / (np_norms(w, axis) + EPSILON)


CASES = [
    ("MaxNorm", constraints.MaxNorm(2.0), W, lambda w: np_max_norm(w, 2.0, 0)),
    ("MaxNorm-axis1", constraints.MaxNorm(2.0, axis=1), W, lambda w: np_max_norm(w, 2.0, 1)),
    ("MaxNorm-conv", constraints.MaxNorm(1.5, axis=[0, 1, 2]), KERNEL, lambda w: np_max_norm(w, 1.5, (0, 1, 2))),
    ("MinMaxNorm", constraints.MinMaxNorm(0.5, 2.0), W, lambda w: np_min_max_norm(w, 0.5, 2.0, 1.0, 0)),
    ("MinMaxNorm-rate", constraints.MinMaxNorm(0.5, 2.0, rate=0.5), W, lambda w: np_min_max_norm(w, 0.5, 2.0, 0.5, 0)),
    (
        "MinMaxNorm-conv",
        constraints.MinMaxNorm(1.0, 3.0, rate=0.25, axis=(0, 1, 2)),
        KERNEL,
        lambda w: np_min_max_norm(w, 1.0, 3.0, 0.25, (0, 1, 2)),
    ),
    ("UnitNorm", constraints.UnitNorm(), W, lambda w: np_unit_norm(w, 0)),
    ("UnitNorm-axis1", constraints.UnitNorm(axis=1), W, lambda w: np_unit_norm(w, 1)),
    ("UnitNorm-conv", constraints.UnitNorm(axis=[0, 1, 2]), KERNEL, lambda w: np_unit_norm(w, (0, 1, 2))),
    ("NonNeg", constraints.NonNeg(), W, lambda w: np.where(w >= 0, w, 0.0)),
    ("Constraint", constraints.Constraint(), W, lambda w: w),
]


@pytest.mark.parametrize(("constraint", "w", "reference"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_constraint_matches_numpy(backend_name, constraint, w, reference):
    with mk.backend.use(backend_name):
        result = apply(constraint, w)
    np.testing.assert_allclose(result, reference(w.astype(np.float64)), rtol=1e-5, atol=1e-6)


def test_norm_constraints_give_the_promised_norms(backend_name):
    with mk.backend.use(backend_name):
        capped = apply(constraints.MaxNorm(2.0), W)
        unit = apply(constraints.UnitNorm(axis=[0, 1, 2]), KERNEL)
        bounded = apply(constraints.MinMaxNorm(0.5, 2.0), W)
    np.testing.assert_allclose(np_norms(capped, 0).ravel(), [2.0, 2.0, np.hypot(0.1, 0.2)], rtol=1e-5)
    np.testing.assert_allclose(np_norms(unit, (0, 1, 2)).ravel(), np.ones(4), rtol=1e-5)
    np.testing.assert_allclose(np_norms(bounded, 0).ravel(), [2.0, 2.0, 0.5], rtol=1e-5)


def test_zero_weights_stay_zero(backend_name):
    zeros = np.zeros((2, 3), np.float32)
    with mk.backend.use(backend_name):
        results = [apply(c, zeros) for c in (constraints.MaxNorm(), constraints.UnitNorm(), constraints.MinMaxNorm())]
    for result in results:
        np.testing.assert_array_equal(result, zeros)


def test_non_neg_keeps_the_dtype(backend_name):
    with mk.backend.use(backend_name):
        ints = constraints.NonNeg()(mk.ops.convert_to_tensor(np.array([-1, 2, 0], np.int32)))
        halves = constraints.NonNeg()(mk.ops.convert_to_tensor(np.array([-1, 2], np.float16)))
        dtypes = [mk.backend.standardize_dtype(mk.ops.dtype(x)) for x in (ints, halves)]
        values = to_numpy(ints).tolist()
    assert dtypes == ["int32", "float16"]
    assert values == [0, 2, 0]


def keras_config(class_name: str, config: dict) -> dict:
    return {"module": "keras.constraints", "class_name": class_name, "config": config, "registered_name": None}


EXPECTED = [
    (constraints.Constraint(), keras_config("Constraint", {})),
    (constraints.MaxNorm(), keras_config("MaxNorm", {"max_value": 2, "axis": 0})),
    (constraints.MaxNorm(3, axis=[0, 1]), keras_config("MaxNorm", {"max_value": 3, "axis": [0, 1]})),
    (constraints.MinMaxNorm(), keras_config("MinMaxNorm", {"min_value": 0.0, "max_value": 1.0, "rate": 1.0, "axis": 0})),
    (
        constraints.MinMaxNorm(0.5, 2, rate=0.5, axis=1),
        keras_config("MinMaxNorm", {"min_value": 0.5, "max_value": 2, "rate": 0.5, "axis": 1}),
    ),
    (constraints.NonNeg(), keras_config("NonNeg", {})),
    (constraints.UnitNorm(), keras_config("UnitNorm", {"axis": 0})),
    (constraints.UnitNorm(axis=-1), keras_config("UnitNorm", {"axis": -1})),
]


@pytest.mark.parametrize(("constraint", "expected"), EXPECTED, ids=[str(i) for i in range(len(EXPECTED))])
def test_serialized_config_equals_keras(constraint, expected):
    assert constraints.serialize(constraint) == expected
    rebuilt = constraints.deserialize(json.loads(json.dumps(expected)))
    assert type(rebuilt) is type(constraint)
    assert constraints.serialize(rebuilt) == expected
    assert constraints.get(expected).get_config() == expected["config"]


ALIASES = {
    "max_norm": "MaxNorm",
    "min_max_norm": "MinMaxNorm",
    "non_neg": "NonNeg",
    "unit_norm": "UnitNorm",
    "MaxNorm": "MaxNorm",
    "MinMaxNorm": "MinMaxNorm",
    "NonNeg": "NonNeg",
    "UnitNorm": "UnitNorm",
    "Constraint": "Constraint",
}


@pytest.mark.parametrize(("name", "class_name"), sorted(ALIASES.items()))
def test_get_resolves_names(name, class_name):
    constraint = constraints.get(name)
    assert type(constraint).__name__ == class_name
    assert builtin_location(type(constraint)) == ("keras.constraints", class_name)
    assert constraints.serialize(constraint)["class_name"] == class_name


def test_keras_public_names_exist():
    for name in ["Constraint", "MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm", "deserialize", "get", "max_norm",
                 "min_max_norm", "non_neg", "serialize", "unit_norm"]:
        assert hasattr(constraints, name), name
    assert constraints.max_norm is constraints.MaxNorm


def test_get_passes_through_none_instances_and_callables():
    instance = constraints.MaxNorm(3)

    def clip(w):
        return w

    assert constraints.get(None) is None
    assert constraints.get(instance) is instance
    assert constraints.get(clip) is clip
    assert type(constraints.get(constraints.NonNeg)) is constraints.NonNeg


@pytest.mark.parametrize("identifier", ["nope", "maxnorm", 3, {"class_name": "Nope", "config": {}}])
def test_get_rejects_bad_identifiers(identifier):
    with pytest.raises(ValueError, match="Could not interpret constraint identifier") as error:
        constraints.get(identifier)
    assert repr(identifier) in str(error.value)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: constraints.MaxNorm(-1), "max_value=-1"),
        (lambda: constraints.MaxNorm("big"), "max_value='big'"),
        (lambda: constraints.MinMaxNorm(min_value=-0.5), "min_value=-0.5"),
        (lambda: constraints.MinMaxNorm(min_value=3, max_value=1), "min_value=3, max_value=1"),
        (lambda: constraints.MinMaxNorm(rate=2), "rate=2"),
    ],
    ids=["max_norm-negative", "max_norm-type", "min-negative", "min-above-max", "rate"],
)
def test_bad_arguments_are_refused(make, message):
    with pytest.raises(ValueError, match=message):
        make()
