"""Every loss, as a function and as a class, equals its NumPy reference on every backend.

The class is checked with ``reduction="none"`` (per-sample values) and with the
default reduction; reductions and weights in detail are in test_loss_reductions.py.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import multikeras as mk
from multikeras import losses
from losses import loss_reference as ref

to_numpy = mk.ops.convert_to_numpy
rng = np.random.default_rng(7)

B, C = 4, 5
PROBS = rng.dirichlet(np.ones(C), size=B).astype("float32")
ONE_HOT = np.eye(C, dtype="float32")[[0, 3, 1, 4]]
LABELS = np.array([0, 3, 1, 4], dtype="int32")
LOGITS = (rng.normal(size=(B, C)) * 3).astype("float32")
REG_TRUE = rng.normal(size=(B, 3)).astype("float32")
REG_PRED = rng.normal(size=(B, 3)).astype("float32")
POS_TRUE = rng.uniform(0, 3, (B, 3)).astype("float32")
POS_PRED = rng.uniform(0.1, 3, (B, 3)).astype("float32")
BIN_TRUE = np.array([[1, 0, 1], [0, 0, 1], [1, 1, 1], [0, 1, 0]], dtype="float32")
BIN_PROB = rng.uniform(0.02, 0.98, (B, 3)).astype("float32")
BIN_LOGITS = (rng.normal(size=(B, 3)) * 4).astype("float32")
SEQ_TRUE = rng.normal(size=(B, 2, 3)).astype("float32")
SEQ_PRED = rng.normal(size=(B, 2, 3)).astype("float32")
CTC_TRUE = np.array([[1, 2], [2, 0], [1, 1], [2, 1]], dtype="int32")
CTC_LOGITS = rng.normal(size=(B, 4, 3)).astype("float32")
EMBEDDINGS = rng.normal(size=(6, 3)).astype("float32")
EMBEDDINGS /= np.linalg.norm(EMBEDDINGS, axis=1, keepdims=True)
EMBEDDING_LABELS = np.array([0, 0, 1, 1, 2, 2], dtype="int32")


@dataclasses.dataclass
class Case:
    cls: str
    kwargs: dict[str, Any]
    function: str
    function_kwargs: dict[str, Any]
    y_true: np.ndarray
    y_pred: np.ndarray
    reference: Callable[[np.ndarray, np.ndarray], np.ndarray]
    tolerance: float = 1e-5

    @property
    def id(self) -> str:
        extra = ",".join(f"{k}={v}" for k, v in self.kwargs.items())
        return f"{self.cls}({extra})"


def case(cls, function, y_true, y_pred, reference, kwargs=None, tolerance=1e-5, class_only=()):
    kwargs = kwargs or {}
    function_kwargs = {k: v for k, v in kwargs.items() if k not in class_only}
    return Case(cls, kwargs, function, function_kwargs, y_true, y_pred,
                lambda t, p: reference(t, p, **function_kwargs), tolerance)


CASES = [
    case("MeanSquaredError", "mean_squared_error", REG_TRUE, REG_PRED, ref.mse),
    case("MeanSquaredError", "mean_squared_error", SEQ_TRUE, SEQ_PRED, ref.mse),
    case("MeanAbsoluteError", "mean_absolute_error", REG_TRUE, REG_PRED, ref.mae),
    case("MeanAbsolutePercentageError", "mean_absolute_percentage_error", REG_TRUE, REG_PRED, ref.mape, tolerance=1e-4),
    case("MeanSquaredLogarithmicError", "mean_squared_logarithmic_error", POS_TRUE, POS_PRED, ref.msle),
    case("CosineSimilarity", "cosine_similarity", REG_TRUE, REG_PRED, ref.cosine_similarity),
    case("CosineSimilarity", "cosine_similarity", SEQ_TRUE, SEQ_PRED, ref.cosine_similarity, {"axis": 1}),
    case("Huber", "huber", REG_TRUE, REG_PRED, ref.huber, {"delta": 0.6}),
    case("LogCosh", "log_cosh", REG_TRUE, REG_PRED, ref.log_cosh),
    case("Hinge", "hinge", BIN_TRUE, BIN_LOGITS, ref.hinge),
    case("Hinge", "hinge", 2 * BIN_TRUE - 1, BIN_LOGITS, ref.hinge),
    case("SquaredHinge", "squared_hinge", BIN_TRUE, BIN_LOGITS, ref.squared_hinge),
    case("CategoricalHinge", "categorical_hinge", ONE_HOT, LOGITS, ref.categorical_hinge),
    case("KLDivergence", "kl_divergence", PROBS[::-1].copy(), PROBS, ref.kl_divergence),
    case("Poisson", "poisson", POS_TRUE, POS_PRED, ref.poisson),
    case("BinaryCrossentropy", "binary_crossentropy", BIN_TRUE, BIN_PROB, ref.binary_crossentropy),
    case("BinaryCrossentropy", "binary_crossentropy", BIN_TRUE, BIN_LOGITS, ref.binary_crossentropy,
         {"from_logits": True, "label_smoothing": 0.2}),
    case("BinaryCrossentropy", "binary_crossentropy", BIN_TRUE, BIN_PROB, ref.binary_crossentropy, {"axis": 0}),
    case("BinaryFocalCrossentropy", "binary_focal_crossentropy", BIN_TRUE, BIN_PROB, ref.binary_focal_crossentropy),
    case("BinaryFocalCrossentropy", "binary_focal_crossentropy", BIN_TRUE, BIN_LOGITS, ref.binary_focal_crossentropy,
         {"apply_class_balancing": True, "alpha": 0.4, "gamma": 1.5, "from_logits": True, "label_smoothing": 0.1}),
    case("CategoricalCrossentropy", "categorical_crossentropy", ONE_HOT, PROBS, ref.categorical_crossentropy),
    case("CategoricalCrossentropy", "categorical_crossentropy", ONE_HOT, LOGITS, ref.categorical_crossentropy,
         {"from_logits": True, "label_smoothing": 0.1}),
    case("CategoricalCrossentropy", "categorical_crossentropy", ONE_HOT.T.copy(), LOGITS.T.copy(),
         ref.categorical_crossentropy, {"from_logits": True, "axis": 0}),
    case("CategoricalFocalCrossentropy", "categorical_focal_crossentropy", ONE_HOT, PROBS,
         ref.categorical_focal_crossentropy),
    case("CategoricalFocalCrossentropy", "categorical_focal_crossentropy", ONE_HOT, LOGITS,
         ref.categorical_focal_crossentropy, {"alpha": 0.5, "gamma": 1.0, "from_logits": True, "label_smoothing": 0.2}),
    case("SparseCategoricalCrossentropy", "sparse_categorical_crossentropy", LABELS, PROBS,
         lambda t, p: ref.sparse_categorical_crossentropy(t, p)[0]),
    case("SparseCategoricalCrossentropy", "sparse_categorical_crossentropy", LABELS[:, None], LOGITS,
         lambda t, p, from_logits: ref.sparse_categorical_crossentropy(t, p, from_logits)[0], {"from_logits": True}),
    case("SparseCategoricalCrossentropy", "sparse_categorical_crossentropy", LABELS[None, :], LOGITS.T[None].copy(),
         lambda t, p, from_logits, axis: ref.sparse_categorical_crossentropy(t, p, from_logits, axis=axis)[0],
         {"from_logits": True, "axis": 1}),
    case("Dice", "dice", BIN_TRUE, BIN_PROB, ref.dice),
    case("Dice", "dice", BIN_TRUE, BIN_PROB, ref.dice, {"axis": 1}),
    case("Tversky", "tversky", BIN_TRUE, BIN_PROB, ref.tversky, {"alpha": 0.3, "beta": 0.7}),
    case("Tversky", "tversky", SEQ_TRUE > 0, np.abs(SEQ_PRED) / 3, ref.tversky,
         {"alpha": 0.8, "beta": 0.2, "axis": [1, 2]}),
    case("CTC", "ctc", CTC_TRUE, CTC_LOGITS, ref.ctc, tolerance=1e-4),
    case("Circle", "circle", EMBEDDING_LABELS, EMBEDDINGS, ref.circle, {"gamma": 8.0, "margin": 0.25}, tolerance=1e-4),
    case("CategoricalGeneralizedCrossEntropy", "categorical_generalized_cross_entropy", LABELS, PROBS,
         ref.categorical_generalized_cross_entropy, {"q": 0.7}),
]


@pytest.mark.parametrize("spec", CASES, ids=[c.id for c in CASES])
def test_function_and_class_equal_reference(backend_name, spec):
    expected = np.asarray(spec.reference(spec.y_true, spec.y_pred))
    with mk.backend.use(backend_name):
        from_function = to_numpy(getattr(losses, spec.function)(spec.y_true, spec.y_pred, **spec.function_kwargs))
        loss = getattr(losses, spec.cls)(reduction="none", **spec.kwargs)
        per_sample = to_numpy(loss(spec.y_true, spec.y_pred))
        reduced = to_numpy(getattr(losses, spec.cls)(**spec.kwargs)(spec.y_true, spec.y_pred))
    np.testing.assert_allclose(from_function, expected, rtol=spec.tolerance, atol=spec.tolerance)
    np.testing.assert_allclose(per_sample, expected, rtol=spec.tolerance, atol=spec.tolerance)
    assert per_sample.dtype == np.float32
    mask = None
    if spec.cls == "Circle":
        mask = expected > 0
    np.testing.assert_allclose(reduced, ref.reduce(expected, mask=mask), rtol=spec.tolerance, atol=spec.tolerance)


def test_logits_and_probabilities_agree(backend_name):
    probabilities = np.exp(ref.log_softmax(LOGITS)).astype("float32")
    binary_probabilities = ref.sigmoid(BIN_LOGITS).clip(1e-3, 1 - 1e-3).astype("float32")
    binary_logits = np.log(binary_probabilities / (1 - binary_probabilities)).astype("float32")
    pairs = [
        (losses.categorical_crossentropy, ONE_HOT, LOGITS, probabilities, {}),
        (losses.sparse_categorical_crossentropy, LABELS, LOGITS, probabilities, {}),
        (losses.categorical_focal_crossentropy, ONE_HOT, LOGITS, probabilities, {"gamma": 1.5}),
        (losses.binary_crossentropy, BIN_TRUE, binary_logits, binary_probabilities, {"label_smoothing": 0.1}),
        (losses.binary_focal_crossentropy, BIN_TRUE, binary_logits, binary_probabilities, {"gamma": 2.5}),
    ]
    with mk.backend.use(backend_name):
        for fn, y_true, logits, probs, kwargs in pairs:
            with_logits = to_numpy(fn(y_true, logits, from_logits=True, **kwargs))
            with_probabilities = to_numpy(fn(y_true, probs, from_logits=False, **kwargs))
            np.testing.assert_allclose(with_logits, with_probabilities, rtol=1e-4, atol=1e-5, err_msg=fn.__name__)


def test_label_smoothing_equals_smoothed_labels(backend_name):
    smoothing = 0.3
    with mk.backend.use(backend_name):
        smoothed = to_numpy(losses.categorical_crossentropy(ONE_HOT, LOGITS, from_logits=True,
                                                            label_smoothing=smoothing))
        by_hand = to_numpy(losses.categorical_crossentropy(ONE_HOT * (1 - smoothing) + smoothing / C, LOGITS,
                                                           from_logits=True))
        binary = to_numpy(losses.binary_crossentropy(BIN_TRUE, BIN_PROB, label_smoothing=smoothing))
        binary_by_hand = to_numpy(losses.binary_crossentropy(BIN_TRUE * (1 - smoothing) + 0.5 * smoothing, BIN_PROB))
    np.testing.assert_allclose(smoothed, by_hand, rtol=1e-6)
    np.testing.assert_allclose(binary, binary_by_hand, rtol=1e-6)
    assert not np.allclose(smoothed, to_numpy(losses.categorical_crossentropy(ONE_HOT, LOGITS, from_logits=True)))


def test_extreme_logits_stay_finite_and_exact(backend_name):
    logits = np.array([[200.0, -200.0, 0.0], [-500.0, 500.0, 0.0]], dtype="float32")
    labels = np.array([1, 0])
    expected = ref.sparse_categorical_crossentropy(labels, logits, from_logits=True)[0]
    binary_logits = np.array([[80.0, -80.0, 0.0]], dtype="float32")
    binary_true = np.array([[0.0, 0.0, 1.0]], dtype="float32")
    with mk.backend.use(backend_name):
        sparse = to_numpy(losses.sparse_categorical_crossentropy(labels, logits, from_logits=True))
        binary = to_numpy(losses.binary_crossentropy(binary_true, binary_logits, from_logits=True))
        focal = to_numpy(losses.binary_focal_crossentropy(binary_true, binary_logits, from_logits=True, gamma=0.0))
    np.testing.assert_allclose(sparse, expected, rtol=1e-6)
    np.testing.assert_allclose(binary, ref.binary_crossentropy(binary_true, binary_logits, from_logits=True), rtol=1e-6)
    np.testing.assert_allclose(focal, binary, rtol=1e-6)


def test_aliases_are_the_functions():
    assert losses.mse is losses.MSE is losses.mean_squared_error
    assert losses.mae is losses.MAE is losses.mean_absolute_error
    assert losses.mape is losses.MAPE is losses.mean_absolute_percentage_error
    assert losses.msle is losses.MSLE is losses.mean_squared_logarithmic_error
    assert losses.kld is losses.KLD is losses.kullback_leibler_divergence is losses.kl_divergence
    assert losses.logcosh is losses.log_cosh
    assert losses.bce is losses.BCE is losses.binary_crossentropy


def test_integer_and_bool_inputs(backend_name):
    with mk.backend.use(backend_name):
        value = to_numpy(losses.mean_squared_error([[1, 2]], [[2, 4]]))
        hinge = to_numpy(losses.Hinge()(np.array([[True, False]]), np.array([[0.5, -0.5]], "float32")))
    np.testing.assert_allclose(value, [2.5])
    assert value.dtype == np.float32
    np.testing.assert_allclose(hinge, 0.5)


def test_ctc_with_an_empty_label_sequence(backend_name):
    y_true = np.array([[0, 0], [1, 0]], dtype="int32")
    with mk.backend.use(backend_name):
        value = to_numpy(losses.ctc(y_true, CTC_LOGITS[:2]))
    np.testing.assert_allclose(value, ref.ctc(y_true, CTC_LOGITS[:2]), rtol=1e-4)
