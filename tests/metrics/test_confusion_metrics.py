"""Thresholded confusion metrics (counts, precision/recall, operating points, AUC) against NumPy references."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from metrics.metric_checks import to_numpy
from metrics.stateful_checks import check_stateful_metric, np_fbeta
from multikeras.metrics import confusion_metrics as cm
from multikeras.metrics import f_score_metrics as fs
from multikeras.state.stateless_scope import StatelessScope

EPS = 1e-7
RNG = np.random.default_rng(7)
LABELS = (RNG.random((3, 8, 3)) > 0.5).astype("float32")
SCORES = RNG.random((3, 8, 3)).astype("float32")
WEIGHTS = RNG.random((3, 8)).astype("float32")
# Two weighted batches and one unweighted; a second run is fully unweighted.
WEIGHTED = [(LABELS[0], SCORES[0], WEIGHTS[0]), (LABELS[1], SCORES[1], None), (LABELS[2], SCORES[2], WEIGHTS[2])]
UNWEIGHTED = [(LABELS[i], SCORES[i], None) for i in range(3)]
RUNS = {"weighted": WEIGHTED, "unweighted": UNWEIGHTED}


# NumPy references -----------------------------------------------------------------


def np_counts(batches, thresholds, multi_label=False, top_k=None, class_id=None, label_weights=None):
    """Per-threshold weighted (tp, fp, tn, fn), summed over batches: positive when score > threshold."""
    thresholds = np.asarray(thresholds, dtype=np.float32)
    totals = None
    for y_true, y_pred, weights in batches:
        y_true, y_pred = np.asarray(y_true), np.asarray(y_pred, dtype=np.float32)
        w = np.ones(y_pred.shape) if weights is None else np.broadcast_to(np.asarray(weights)[:, None], y_pred.shape)
        if label_weights is not None:
            w = w * np.asarray(label_weights)
        if top_k is not None:
            order = np.argsort(-y_pred, axis=-1, kind="stable")[..., :top_k]
            keep = np.zeros(y_pred.shape, bool)
            np.put_along_axis(keep, order, True, axis=-1)
            y_pred = np.where(keep, y_pred, -1e10)
        if class_id is not None:
            y_true, y_pred, w = y_true[..., [class_id]], y_pred[..., [class_id]], w[..., [class_id]]
        positive = y_true != 0
        rows = []
        for t in thresholds:
            predicted = y_pred > t
            cells = [positive & predicted, ~positive & predicted, ~positive & ~predicted, positive & ~predicted]
            axis = 0 if multi_label else None
            rows.append([np.sum(np.where(c, w, 0.0), axis=axis) for c in cells])
        counts = np.asarray(rows, dtype=np.float64)  # (T, 4) or (T, 4, L)
        totals = counts if totals is None else totals + counts
    return [totals[:, i] for i in range(4)]


def np_div(a, b):
    a, b = np.broadcast_arrays(np.asarray(a, np.float64), np.asarray(b, np.float64))
    return np.divide(a, b, out=np.zeros(a.shape), where=b != 0)


def np_pr_interpolated(tp, fp, fn):
    """Davis & Goadrich: between thresholds tp grows linearly in p = tp + fp; precision = tp(p) / p integrated
    over recall = tp(p) / P in closed form."""
    p = tp + fp
    area = np.zeros(tp.shape[1:])
    for i in range(len(tp) - 1):
        p_hi, p_lo, tp_hi, tp_lo = p[i], p[i + 1], tp[i], tp[i + 1]
        slope = np_div(tp_hi - tp_lo, np.maximum(p_hi - p_lo, 0))
        intercept = tp_lo - slope * p_lo
        log_ratio = np.log(np_div(p_hi, p_lo), where=(p_hi > 0) & (p_lo > 0), out=np.zeros(np.shape(p_hi)))
        area += np_div(slope * (tp_hi - tp_lo + intercept * log_ratio), tp_lo + fn[i + 1])
    return area


def np_auc(tp, fp, tn, fn, curve="ROC", summation="interpolation"):
    """Area per label (a scalar for pooled counts) by a Riemann sum over thresholds."""
    if curve == "PR" and summation == "interpolation":
        return np_pr_interpolated(tp, fp, fn)
    recall = np_div(tp, tp + fn)
    if curve == "ROC":
        x, y = np_div(fp, fp + tn), recall
    elif curve == "PR":
        x, y = recall, np_div(tp, tp + fp)
    else:  # precision-recall gain: gains against the always-positive classifier, pi / (1 - pi) = P / N
        odds = np_div(tp + fn, fp + tn)
        x = np.where(tp == 0, 0.0, np.maximum(1.0 - odds * np_div(fn, tp), 0.0))
        y = np.where(tp == 0, 1.0, 1.0 - odds * np_div(fp, tp))
    heights = {"interpolation": (y[:-1] + y[1:]) / 2, "minoring": np.minimum(y[:-1], y[1:]),
               "majoring": np.maximum(y[:-1], y[1:])}[summation]
    return np.sum((x[:-1] - x[1:]) * heights, axis=0)


def auc_thresholds(num_thresholds):
    return [-EPS] + [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)] + [1 + EPS]


def np_rank_auc(labels, scores, weights):
    """Exact weighted ROC AUC: the probability that a positive outranks a negative (ties count half)."""
    pos, neg = labels != 0, labels == 0
    wins = (scores[pos][:, None] > scores[neg][None, :]) + 0.5 * (scores[pos][:, None] == scores[neg][None, :])
    pair_weights = weights[pos][:, None] * weights[neg][None, :]
    return np.sum(wins * pair_weights) / np.sum(pair_weights)


# Tests ------------------------------------------------------------------------------


@pytest.mark.parametrize("cls, index", [(cm.TruePositives, 0), (cm.FalsePositives, 1), (cm.TrueNegatives, 2),
                                        (cm.FalseNegatives, 3)])
def test_condition_counts(backend_name, cls, index):
    thresholds = [0.15, 0.5, 0.85]
    expected = np_counts(WEIGHTED, thresholds)[index]
    check_stateful_metric(backend_name, lambda: cls(thresholds=thresholds), WEIGHTED, expected,
                          expected_keys={"name", "dtype", "thresholds"})
    single = np_counts(UNWEIGHTED, [0.5])[index][0]
    metric = check_stateful_metric(backend_name, cls, UNWEIGHTED, single)
    assert metric.thresholds == [0.5]


@pytest.mark.parametrize("kwargs", [{}, {"thresholds": [0.3, 0.7]}, {"top_k": 2}, {"class_id": 1},
                                    {"top_k": 1, "class_id": 2, "thresholds": 0.4}], ids=str)
@pytest.mark.parametrize("cls", [cm.Precision, cm.Recall])
def test_precision_recall(backend_name, cls, kwargs):
    default = 0.5 if "top_k" not in kwargs else -1e10
    thresholds = kwargs.get("thresholds", default)
    thresholds = thresholds if isinstance(thresholds, list) else [thresholds]
    tp, fp, _, fn = np_counts(WEIGHTED, thresholds, top_k=kwargs.get("top_k"), class_id=kwargs.get("class_id"))
    expected = np_div(tp, tp + (fp if cls is cm.Precision else fn))
    expected = expected if len(thresholds) > 1 else expected[0]
    check_stateful_metric(backend_name, lambda: cls(**kwargs), WEIGHTED, expected,
                          expected_keys={"name", "dtype", "thresholds", "top_k", "class_id"})


AUC_CASES = [
    ({}, "weighted"),
    ({"curve": "PR"}, "weighted"),
    ({"curve": "PR", "summation_method": "minoring", "num_thresholds": 25}, "unweighted"),
    ({"summation_method": "majoring", "num_thresholds": 25}, "weighted"),
    ({"curve": "PRGAIN", "num_thresholds": 25}, "weighted"),
    ({"thresholds": [0.6, 0.2, 0.45]}, "weighted"),
    ({"label_weights": [0.5, 1.0, 2.0], "num_thresholds": 25}, "weighted"),
    ({"multi_label": True, "num_thresholds": 25}, "weighted"),
    ({"multi_label": True, "num_labels": 3, "label_weights": [1.0, 0.0, 3.0], "curve": "PR", "num_thresholds": 25},
     "unweighted"),
    ({"from_logits": True, "num_thresholds": 25}, "weighted"),
]


@pytest.mark.parametrize("kwargs, run", AUC_CASES, ids=[str(c[0]) for c in AUC_CASES])
def test_auc(backend_name, kwargs, run):
    batches = RUNS[run]
    if kwargs.get("from_logits"):
        batches = [(t, np.log(p / (1 - p)), w) for t, p, w in batches]
    if "thresholds" in kwargs:
        thresholds = [-EPS] + sorted(kwargs["thresholds"]) + [1 + EPS]
    else:
        thresholds = auc_thresholds(kwargs.get("num_thresholds", 200))
    multi_label = kwargs.get("multi_label", False)
    label_weights = kwargs.get("label_weights")
    counts = np_counts(RUNS[run], thresholds, multi_label=multi_label,
                       label_weights=None if multi_label else label_weights)
    area = np_auc(*counts, curve=kwargs.get("curve", "ROC"), summation=kwargs.get("summation_method",
                                                                                   "interpolation"))
    if multi_label:
        weights = np.ones(3) if label_weights is None else np.asarray(label_weights)
        area = np.sum(area * weights) / np.sum(weights)
    metric = check_stateful_metric(
        backend_name, lambda: cm.AUC(**kwargs), batches, area, rtol=2e-5, atol=2e-6,
        expected_keys={"name", "dtype", "num_thresholds", "curve", "summation_method", "multi_label", "num_labels",
                       "label_weights", "from_logits"} | ({"thresholds"} if "thresholds" in kwargs else set()))
    assert len(metric.thresholds) == len(thresholds)
    assert to_numpy(metric.true_positives.value).shape == ((len(thresholds), 3) if multi_label else
                                                            (len(thresholds),))


def test_auc_approaches_rank_auc(backend_name):
    """With many thresholds the ROC Riemann sum converges to the exact (rank) AUC."""
    rng = np.random.default_rng(3)
    labels = (rng.random(400) > 0.6).astype("float32")
    scores = np.clip(rng.normal(0.4 + 0.25 * labels, 0.2), 0.0, 1.0).astype("float32")
    weights = rng.random(400).astype("float32")
    with mk.backend.use(backend_name):
        metric = cm.AUC(num_thresholds=2000)
        metric.update_state(labels[:250], scores[:250], sample_weight=weights[:250])
        metric.update_state(labels[250:], scores[250:], sample_weight=weights[250:])
        result = float(to_numpy(metric.result()))
    exact = np_rank_auc(labels, scores, weights)
    assert 0.7 < exact < 0.95
    assert abs(result - exact) < 2e-3


@pytest.mark.parametrize("cls, value, kwargs", [
    (cm.SensitivityAtSpecificity, 0.6, {}),
    (cm.SpecificityAtSensitivity, 0.4, {"num_thresholds": 25}),
    (cm.PrecisionAtRecall, 0.5, {"class_id": 1, "num_thresholds": 25}),
    (cm.RecallAtPrecision, 0.7, {"num_thresholds": 1}),
    (cm.RecallAtPrecision, 1.0, {"num_thresholds": 25}),  # may be unreachable: 0
], ids=lambda v: getattr(v, "__name__", str(v)))
def test_rate_at_rate(backend_name, cls, value, kwargs):
    num_thresholds = kwargs.get("num_thresholds", 200)
    thresholds = [0.5] if num_thresholds == 1 else [i / (num_thresholds - 1) for i in range(num_thresholds)]
    tp, fp, tn, fn = np_counts(WEIGHTED, thresholds, class_id=kwargs.get("class_id"))
    rates = {"sensitivity": np_div(tp, tp + fn), "specificity": np_div(tn, tn + fp),
             "precision": np_div(tp, tp + fp), "recall": np_div(tp, tp + fn)}
    constrained, optimized = {
        cm.SensitivityAtSpecificity: ("specificity", "sensitivity"),
        cm.SpecificityAtSensitivity: ("sensitivity", "specificity"),
        cm.PrecisionAtRecall: ("recall", "precision"),
        cm.RecallAtPrecision: ("precision", "recall"),
    }[cls]
    feasible = rates[constrained] >= np.float32(value)
    expected = np.max(np.where(feasible, rates[optimized], 0.0))
    metric = check_stateful_metric(backend_name, lambda: cls(value, **kwargs), WEIGHTED, expected,
                                   expected_keys={"name", "dtype", "num_thresholds", constrained, "class_id"})
    assert metric.get_config()["num_thresholds"] == num_thresholds


def test_auc_and_f1_compiled_update(backend_name):
    """AUC and F1Score (both built lazily, eagerly first as the trainer does) updated inside one function compiled
    by the backend's compiler; numpy runs the same function uncompiled."""
    y_true, y_pred = LABELS[:2], SCORES[:2]
    with mk.backend.use(backend_name):
        auc, f1 = cm.AUC(multi_label=True, num_thresholds=50), fs.F1Score(average="weighted")
        with StatelessScope(collect_assignments=False):  # creates the state, keeps no update
            for metric in (auc, f1):
                metric.update_state(mk.ops.zeros((1, 3)), mk.ops.zeros((1, 3)))
        assert [v.shape for v in auc.variables] == [(50, 3)] * 4
        assert [v.shape for v in f1.variables] == [(3,)] * 4

        def update(auc_state, f1_state, t, p, w):
            return auc.stateless_update_state(auc_state, t, p, w), f1.stateless_update_state(f1_state, t, p, w)

        compiled = mk.backend.jit(update)
        auc_state, f1_state = [v.value for v in auc.variables], [v.value for v in f1.variables]
        for i in range(2):
            t, p, w = (mk.ops.convert_to_tensor(x[i]) for x in (y_true, y_pred, WEIGHTS))
            auc_state, f1_state = compiled(auc_state, f1_state, t, p, w)
        auc_result = float(to_numpy(auc.stateless_result(auc_state)))
        f1_result = float(to_numpy(f1.stateless_result(f1_state)))
        assert not np.any(to_numpy(auc.true_positives.value)) and not np.any(to_numpy(f1.true_positives.value))
    batches = [(y_true[i], y_pred[i], WEIGHTS[i]) for i in range(2)]
    counts = np_counts(batches, auc_thresholds(50), multi_label=True)
    np.testing.assert_allclose(auc_result, np.mean(np_auc(*counts)), rtol=2e-5)
    np.testing.assert_allclose(f1_result, np_fbeta(batches, average="weighted"), rtol=1e-5)


def test_update_accepts_rank_1_and_size_1_last_axis():
    with mk.backend.use("numpy"):
        a, b = cm.TruePositives(), cm.TruePositives()
        a.update_state([1, 0, 1], [0.7, 0.9, 0.2], sample_weight=[2.0, 1.0, 1.0])
        b.update_state([[1], [0], [1]], [0.7, 0.9, 0.2], sample_weight=[[2.0], [1.0], [1.0]])
        assert float(a.result()) == float(b.result()) == 2.0
        p = cm.Precision(thresholds=0.3)
        p.update_state([0.5, 0.0, 2.0], [0.4, 0.6, 0.9])  # any non-zero label is positive
        assert float(p.result()) == pytest.approx(2 / 3)


@pytest.mark.parametrize("make, message", [
    (lambda: cm.TruePositives(thresholds=[0.5, 1.5]), r"\[0, 1\]. Received: \[1.5\]"),
    (lambda: cm.Precision(thresholds=-0.1), "Threshold values must be in"),
    (lambda: cm.AUC(num_thresholds=1), "num_thresholds=1"),
    (lambda: cm.AUC(curve="Roc"), "Invalid AUC curve"),
    (lambda: cm.AUC(summation_method="trapezoid"), "Invalid AUC summation method"),
    (lambda: cm.AUC(num_labels=3), "only when `multi_label` is True"),
    (lambda: cm.SensitivityAtSpecificity(1.5), "`specificity` must be in the range"),
    (lambda: cm.PrecisionAtRecall(0.5, num_thresholds=0), "num_thresholds=0"),
])
def test_invalid_arguments(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_auc_shape_errors():
    with mk.backend.use("numpy"):
        with pytest.raises(ValueError, match="rank 2"):
            cm.AUC(multi_label=True).update_state([0, 1], [0.2, 0.4])
        metric = cm.AUC(multi_label=True, num_labels=2)
        with pytest.raises(ValueError, match=r"\(batch, 2\)"):
            metric.update_state(np.zeros((2, 3)), np.zeros((2, 3)))
        with pytest.raises(ValueError, match="label_weights"):
            cm.AUC(label_weights=[1.0, 2.0]).update_state(np.zeros((2, 3)), np.zeros((2, 3)))


def test_names_and_lookup():
    assert cm.AUC(name="roc").name == "roc"
    assert cm.Precision().name.startswith("precision")
    assert cm.AUC(curve="pr").curve == "PR" and cm.AUC(curve="pr").get_config()["curve"] == "PR"
    assert type(mk.metrics.get("AUC")) is cm.AUC
    assert type(mk.metrics.get("true_positives")) is cm.TruePositives
