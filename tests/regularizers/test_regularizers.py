"""Regularizers: penalties equal NumPy formulas on every backend; configs and names match Keras 3.

Expected configs were observed from Keras 3.15 and are written out literally.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

import multikeras as mk
from multikeras import regularizers
from multikeras.saving.object_registration import builtin_location

to_numpy = mk.ops.convert_to_numpy

W = np.array([[1.0, -2.0, 0.5], [3.0, 0.25, -1.5], [-0.5, 1.0, 2.0], [0.1, -0.3, 0.7]], dtype=np.float32)


def penalty(regularizer, x=W) -> float:
    return float(to_numpy(regularizer(mk.ops.convert_to_tensor(x))))


def np_orthogonal_penalty(w, factor, mode):
    vectors = w if mode == "rows" else w.T
    vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    gram = vectors @ vectors.T
    n = len(gram)
    return factor * np.abs(gram - np.eye(n)).sum() / (n * (n - 1))


def test_l1(backend_name):
    with mk.backend.use(backend_name):
        value = penalty(regularizers.L1(0.1))
    assert value == pytest.approx(0.1 * np.abs(W.astype(np.float64)).sum(), rel=1e-5)


def test_l2(backend_name):
    with mk.backend.use(backend_name):
        value = penalty(regularizers.L2(0.2))
    assert value == pytest.approx(0.2 * np.square(W.astype(np.float64)).sum(), rel=1e-5)


def test_l1_l2(backend_name):
    w = W.astype(np.float64)
    with mk.backend.use(backend_name):
        both = penalty(regularizers.L1L2(l1=0.1, l2=0.2))
        none = penalty(regularizers.L1L2())
    assert both == pytest.approx(0.1 * np.abs(w).sum() + 0.2 * np.square(w).sum(), rel=1e-5)
    assert none == 0.0


@pytest.mark.parametrize("mode", ["rows", "columns"])
def test_orthogonal_regularizer(backend_name, mode):
    with mk.backend.use(backend_name):
        value = penalty(regularizers.OrthogonalRegularizer(0.5, mode))
        orthogonal = penalty(regularizers.OrthogonalRegularizer(0.5, mode), np.eye(3, dtype=np.float32) * 4.0)
    assert value == pytest.approx(np_orthogonal_penalty(W.astype(np.float64), np.float32(0.5), mode), rel=1e-5)
    assert orthogonal == pytest.approx(0.0, abs=1e-7)


def test_orthogonal_regularizer_needs_a_matrix(backend_name):
    with mk.backend.use(backend_name):
        for shape in [(3,), (2, 2, 2)]:
            with pytest.raises(ValueError, match=str(shape).replace("(", r"\(").replace(")", r"\)")):
                regularizers.OrthogonalRegularizer()(np.ones(shape, np.float32))


def test_base_regularizer():
    base = regularizers.Regularizer()
    assert base(W) == 0.0
    with pytest.raises(NotImplementedError, match="Regularizer"):
        base.get_config()
    assert type(regularizers.Regularizer.from_config({})) is regularizers.Regularizer


def keras_config(class_name: str, config: dict) -> dict:
    return {"module": "keras.regularizers", "class_name": class_name, "config": config, "registered_name": None}


EXPECTED = [
    # Keras 3 stores L1.l1 and OrthogonalRegularizer.factor as float32, hence 0.009999999776482582.
    (regularizers.L1(), keras_config("L1", {"l1": 0.009999999776482582})),
    (regularizers.L1(0.5), keras_config("L1", {"l1": 0.5})),
    (regularizers.L1(2), keras_config("L1", {"l1": 2.0})),
    (regularizers.L2(), keras_config("L2", {"l2": 0.01})),
    (regularizers.L2(2), keras_config("L2", {"l2": 2.0})),
    (regularizers.L1L2(), keras_config("L1L2", {"l1": 0.0, "l2": 0.0})),
    (regularizers.L1L2(l1=0.1, l2=3), keras_config("L1L2", {"l1": 0.1, "l2": 3.0})),
    (regularizers.OrthogonalRegularizer(), keras_config("OrthogonalRegularizer", {"factor": 0.009999999776482582, "mode": "rows"})),
    (regularizers.OrthogonalRegularizer(0.3, "columns"), keras_config("OrthogonalRegularizer", {"factor": 0.30000001192092896, "mode": "columns"})),
]


@pytest.mark.parametrize(("regularizer", "expected"), EXPECTED, ids=[str(i) for i in range(len(EXPECTED))])
def test_serialized_config_equals_keras(regularizer, expected):
    assert regularizers.serialize(regularizer) == expected
    rebuilt = regularizers.deserialize(json.loads(json.dumps(expected)))
    assert type(rebuilt) is type(regularizer)
    assert regularizers.serialize(rebuilt) == expected
    assert regularizers.get(expected).get_config() == expected["config"]


def test_none_factors_mean_the_defaults():
    assert regularizers.L1(None).l1 == np.float32(0.01)
    assert regularizers.L2(None).l2 == 0.01
    assert regularizers.L1L2(None, None).get_config() == {"l1": 0.0, "l2": 0.0}


ALIASES = {
    "l1": "L1",
    "l2": "L2",
    "l1_l2": "L1L2",
    "l1l2": "L1L2",
    "orthogonal_regularizer": "OrthogonalRegularizer",
    "L1": "L1",
    "L2": "L2",
    "L1L2": "L1L2",
    "OrthogonalRegularizer": "OrthogonalRegularizer",
}


@pytest.mark.parametrize(("name", "class_name"), sorted(ALIASES.items()))
def test_get_resolves_names(name, class_name):
    regularizer = regularizers.get(name)
    assert type(regularizer).__name__ == class_name
    assert builtin_location(type(regularizer)) == ("keras.regularizers", class_name)
    assert regularizers.serialize(regularizer)["class_name"] == class_name


def test_keras_public_names_exist():
    for name in ["L1", "L1L2", "L2", "OrthogonalRegularizer", "Regularizer", "deserialize", "get", "l1", "l1_l2",
                 "l2", "orthogonal_regularizer", "serialize"]:
        assert hasattr(regularizers, name), name
    assert regularizers.l1_l2 is regularizers.L1L2


def test_get_passes_through_none_instances_and_callables():
    instance = regularizers.L2(0.3)

    def my_penalty(x):
        return 0.0

    assert regularizers.get(None) is None
    assert regularizers.get(instance) is instance
    assert regularizers.get(my_penalty) is my_penalty
    assert type(regularizers.get(regularizers.L1)) is regularizers.L1


@pytest.mark.parametrize("identifier", ["nope", 3, {"class_name": "Nope", "config": {}}])
def test_get_rejects_bad_identifiers(identifier):
    with pytest.raises(ValueError, match="Could not interpret regularizer identifier") as error:
        regularizers.get(identifier)
    assert repr(identifier) in str(error.value)


@pytest.mark.parametrize("bad", [-1, -0.5, "a", math.inf, math.nan, True, [0.1]])
@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda v: regularizers.L1(v), "l1"),
        (lambda v: regularizers.L2(v), "l2"),
        (lambda v: regularizers.L1L2(l1=v), "l1"),
        (lambda v: regularizers.L1L2(l2=v), "l2"),
        (lambda v: regularizers.OrthogonalRegularizer(factor=v), "factor"),
    ],
    ids=["L1", "L2", "L1L2-l1", "L1L2-l2", "OrthogonalRegularizer"],
)
def test_bad_factors_are_refused_with_the_received_value(make, name, bad):
    with pytest.raises(ValueError, match=f"{name}={bad!r}".replace("[", r"\[").replace("]", r"\]")):
        make(bad)


def test_orthogonal_regularizer_factor_may_not_be_none():
    with pytest.raises(ValueError, match="factor=None"):
        regularizers.OrthogonalRegularizer(factor=None)


def test_orthogonal_regularizer_mode_is_validated():
    with pytest.raises(ValueError, match="mode='diagonal'"):
        regularizers.OrthogonalRegularizer(mode="diagonal")


def test_custom_regularizer_round_trip():
    @mk.saving.register_keras_serializable(package="RegularizerTests")
    class Scaled(regularizers.Regularizer):
        def __init__(self, factor=1.0):
            self.factor = factor

        def __call__(self, x):
            return mk.ops.multiply(self.factor, mk.ops.sum(x))

        def get_config(self):
            return {"factor": self.factor}

    config = regularizers.serialize(Scaled(2.0))
    assert config["registered_name"] == "RegularizerTests>Scaled"
    assert regularizers.deserialize(config).factor == 2.0
