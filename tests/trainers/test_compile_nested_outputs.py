"""compile(loss=, loss_weights=, metrics=, weighted_metrics=) on models whose outputs nest, on every backend.

Losses are checked against NumPy computations of the weighted sum. The expected log names were
*observed* by running Keras 3.15.1 (KERAS_BACKEND=jax and torch, same names on both) on the same
models, with output layers named ``s``, ``p1``, ``p2``:

- ``{"score": y, "parts": [z1, z2]}``: losses ``score_loss``, ``parts/p1_loss``, ``parts/p2_loss``;
  metrics ``s_mae``, ``p1_mse``; a weighted metric whose name a plain one has: ``s_weighted_mae``.
- ``[y, [z1, z2]]``: losses ``s_loss``, ``1/p1_loss``, ``1/p2_loss``.
- ``{"a": {"b": y, "c": z1}, "d": z2}``: losses ``a/b_loss``, ``a/c_loss``, ``d_loss``.
- a flat list (loss, loss_weights or y) is taken in flattened order, dict keys sorted:
  ``parts/0, parts/1, score``.
"""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers

X = np.random.default_rng(0).normal(size=(4, 3)).astype("float32")
_rng = np.random.default_rng(1)
Y_SCORE = _rng.normal(size=(4, 1)).astype("float32")
Y_P1 = _rng.normal(size=(4, 2)).astype("float32")
Y_P2 = _rng.normal(size=(4, 1)).astype("float32")
NESTED_Y = {"score": Y_SCORE, "parts": [Y_P1, Y_P2]}


def _dense(units: int, name: str, seed: int) -> layers.Dense:
    return layers.Dense(units, name=name, kernel_initializer=mk.initializers.GlorotUniform(seed=seed),
                        bias_initializer=mk.initializers.Constant(0.1 * seed))


def _model(kind: str = "dict") -> mk.Model:
    inputs = mk.Input((3,))
    y, z1, z2 = _dense(1, "s", 1)(inputs), _dense(2, "p1", 2)(inputs), _dense(1, "p2", 3)(inputs)
    outputs = {"dict": {"score": y, "parts": [z1, z2]}, "list": [y, [z1, z2]],
               "dictdict": {"a": {"b": y, "c": z1}, "d": z2}}[kind]
    return mk.Model(inputs, outputs)


def _predictions(model: mk.Model) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The (s, p1, p2) outputs of ``model`` on ``X`` as NumPy arrays."""
    out = model(X)
    if isinstance(out, list):
        flat = [out[0], *out[1]]
    elif "score" in out:
        flat = [out["score"], *out["parts"]]
    else:
        flat = [out["a"]["b"], out["a"]["c"], out["d"]]
    leaves = [np.asarray(mk.ops.convert_to_numpy(t), dtype="float64") for t in flat]
    return leaves[0], leaves[1], leaves[2]


def _mse(t: np.ndarray, p: np.ndarray) -> float:
    return float(np.mean((t - p) ** 2))


def _mae(t: np.ndarray, p: np.ndarray) -> float:
    return float(np.mean(np.abs(t - p)))


def _evaluate(model: mk.Model, y, **kwargs) -> dict[str, float]:
    logs = model.evaluate(X, y, batch_size=4, verbose=0, return_dict=True, **kwargs)
    return {name: float(value) for name, value in logs.items()}


def test_nested_losses_weights_and_log_names(backend_name):
    with mk.backend.use(backend_name):
        model = _model()
        model.compile(optimizer="sgd", loss={"score": "mse", "parts": ["mse", "mae"]},
                      loss_weights={"score": 2.0, "parts": [0.5, 3.0]})
        s, p1, p2 = _predictions(model)
        logs = _evaluate(model, NESTED_Y)
    losses = {"score_loss": _mse(Y_SCORE, s), "parts/p1_loss": _mse(Y_P1, p1), "parts/p2_loss": _mae(Y_P2, p2)}
    assert set(logs) == {"loss", *losses}
    for name, value in losses.items():
        assert logs[name] == pytest.approx(value, rel=1e-5)  # per-output logs are unweighted, as in Keras
    total = 2.0 * losses["score_loss"] + 0.5 * losses["parts/p1_loss"] + 3.0 * losses["parts/p2_loss"]
    assert logs["loss"] == pytest.approx(total, rel=1e-5)


def test_flat_lists_follow_the_flattened_order(backend_name):
    with mk.backend.use(backend_name):
        model = _model()
        # Flattened order: parts/0 (p1), parts/1 (p2), score.
        model.compile(optimizer="sgd", loss=["mae", "mse", "mae"], loss_weights=[1.0, 2.0, 4.0])
        s, p1, p2 = _predictions(model)
        logs = _evaluate(model, [Y_P1, Y_P2, Y_SCORE])
        model.compile(optimizer="sgd", loss="mse")  # one loss for every output
        single = _evaluate(model, NESTED_Y)
    expected = _mae(Y_P1, p1) + 2.0 * _mse(Y_P2, p2) + 4.0 * _mae(Y_SCORE, s)
    assert logs["loss"] == pytest.approx(expected, rel=1e-5)
    assert logs["score_loss"] == pytest.approx(_mae(Y_SCORE, s), rel=1e-5)
    assert single["loss"] == pytest.approx(_mse(Y_SCORE, s) + _mse(Y_P1, p1) + _mse(Y_P2, p2), rel=1e-5)
    assert set(single) == {"loss", "score_loss", "parts/p1_loss", "parts/p2_loss"}


def test_none_and_missing_entries_leave_outputs_without_loss(backend_name):
    with mk.backend.use(backend_name):
        model = _model()
        model.compile(optimizer="sgd", loss={"score": "mse", "parts": [None, "mae"]})
        s, _, p2 = _predictions(model)
        two = _evaluate(model, NESTED_Y)
        model.compile(optimizer="sgd", loss={"score": "mse"})
        one = _evaluate(model, {"score": Y_SCORE, "parts": [None, None]})
    assert set(two) == {"loss", "score_loss", "parts/p2_loss"}
    assert two["loss"] == pytest.approx(_mse(Y_SCORE, s) + _mae(Y_P2, p2), rel=1e-5)
    assert set(one) == {"loss"}  # a single active loss has no per-output log (Keras: the same)
    assert one["loss"] == pytest.approx(_mse(Y_SCORE, s), rel=1e-5)


def test_nested_metrics_and_weighted_metrics(backend_name):
    sample_weight = {"score": np.array([1.0, 0.0, 1.0, 1.0], "float32"),
                     "parts": [np.ones(4, "float32"), np.array([0.0, 1.0, 1.0, 0.0], "float32")]}
    with mk.backend.use(backend_name):
        model = _model()
        model.compile(optimizer="sgd", loss="mse", metrics={"score": ["mae"], "parts": [["mse"], None]},
                      weighted_metrics={"score": "mae", "parts": [None, ["mae"]]})
        s, p1, p2 = _predictions(model)
        logs = _evaluate(model, NESTED_Y, sample_weight=sample_weight)
    assert set(logs) == {"loss", "score_loss", "parts/p1_loss", "parts/p2_loss",
                         "s_mae", "p1_mse", "s_weighted_mae", "p2_mae"}
    assert logs["s_mae"] == pytest.approx(_mae(Y_SCORE, s), rel=1e-5)
    assert logs["p1_mse"] == pytest.approx(_mse(Y_P1, p1), rel=1e-5)
    w_s, w_p2 = sample_weight["score"], sample_weight["parts"][1]
    weighted_s = float(np.sum(w_s * np.abs(Y_SCORE - s)[:, 0]) / w_s.sum())
    weighted_p2 = float(np.sum(w_p2 * np.abs(Y_P2 - p2)[:, 0]) / w_p2.sum())
    assert logs["s_weighted_mae"] == pytest.approx(weighted_s, rel=1e-5)
    assert logs["p2_mae"] == pytest.approx(weighted_p2, rel=1e-5)
    # The loss uses the sample weights too: mean over the batch of weight * per-sample loss.
    expected = (np.mean(w_s * ((Y_SCORE - s) ** 2)[:, 0]) + _mse(Y_P1, p1)
                + np.mean(w_p2 * ((Y_P2 - p2) ** 2)[:, 0]))
    assert logs["loss"] == pytest.approx(float(expected), rel=1e-5)


@pytest.mark.parametrize("kind, y, names", [
    ("list", [Y_SCORE, [Y_P1, Y_P2]], {"s_loss", "1/p1_loss", "1/p2_loss"}),
    ("dictdict", {"a": {"b": Y_SCORE, "c": Y_P1}, "d": Y_P2}, {"a/b_loss", "a/c_loss", "d_loss"}),
])
def test_log_names_of_other_nestings(backend_name, kind, y, names):
    with mk.backend.use(backend_name):
        model = _model(kind)
        model.compile(optimizer="sgd", loss="mse")
        s, p1, p2 = _predictions(model)
        logs = _evaluate(model, y)
    assert set(logs) == {"loss", *names}
    assert logs["loss"] == pytest.approx(_mse(Y_SCORE, s) + _mse(Y_P1, p1) + _mse(Y_P2, p2), rel=1e-5)


def test_fit_one_step_reports_the_loss_before_the_update(trainable_backend_name):
    with mk.backend.use(trainable_backend_name):
        model = _model("list")
        model.compile(optimizer=mk.optimizers.SGD(0.1), loss=["mse", ["mse", "mae"]], loss_weights=[2.0, [0.5, 3.0]],
                      metrics=[["mae"], [["mse"], None]])
        s, p1, p2 = _predictions(model)
        history = model.fit(X, [Y_SCORE, [Y_P1, Y_P2]], batch_size=4, epochs=1, verbose=0)
        s_after, _, _ = _predictions(model)
    logs = {name: values[0] for name, values in history.history.items()}
    assert set(logs) == {"loss", "s_loss", "1/p1_loss", "1/p2_loss", "s_mae", "p1_mse"}
    expected = 2.0 * _mse(Y_SCORE, s) + 0.5 * _mse(Y_P1, p1) + 3.0 * _mae(Y_P2, p2)
    assert logs["loss"] == pytest.approx(expected, rel=1e-5)
    assert not np.allclose(s_after, s)  # the step trained


def test_mismatched_structures_say_what_and_where(backend_name):
    with mk.backend.use(backend_name):
        model = _model()
        model.compile(optimizer="sgd", loss={"score": "mse", "parts": ["mse"]})
        with pytest.raises(ValueError, match=r"compile: 'loss' holds 1 entries at parts.*expected the structure .*"
                                             r"\{'score': 'X', 'parts': \['X', 'X'\]\}.*received loss="):
            _evaluate(model, NESTED_Y)
        model.compile(optimizer="sgd", loss={"score": "mse", "other": "mae"})
        with pytest.raises(ValueError, match=r"compile: 'loss' has keys \['other'\]"):
            _evaluate(model, NESTED_Y)
        model.compile(optimizer="sgd", loss=["mse", "mae"])  # a flat list must have one entry per output
        with pytest.raises(ValueError, match=r"compile: 'loss' holds \['mse', 'mae'\] at <top level>.*flat list of 3"):
            _evaluate(model, NESTED_Y)
        model.compile(optimizer="sgd", loss="mse")
        with pytest.raises(ValueError, match=r"fit: 'y' holds 1 entries at parts.*received y="):
            _evaluate(model, {"score": Y_SCORE, "parts": [Y_P1]})
        with pytest.raises(ValueError, match=r"fit: 'y' holds an array <\(4, 1\)> at parts"):
            _evaluate(model, {"score": Y_SCORE, "parts": Y_P2})
        with pytest.raises(ValueError, match=r"fit: y has no target for the outputs \['parts/p1', 'parts/p2'\]"):
            _evaluate(model, {"score": Y_SCORE})
