"""``ops.ctc_decode``: greedy and beam-search CTC decoding, one semantics on every backend.

Values are checked against hand-worked cases and against an exact reference that enumerates
every CTC path of tiny inputs; backends are compared with each other in one process and with
Keras 3 (run in a subprocess, where its backends agree with each other).
"""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest

import multikeras as mk
from multikeras import ops
from multikeras.backend import ctc

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


def _np(value):
    return np.asarray(ops.convert_to_numpy(value))


def _decode(backend_name, inputs, lengths, **kwargs):
    with mk.backend.use(backend_name):
        decoded, scores = ops.ctc_decode(inputs, lengths, **kwargs)
        assert ops.dtype(decoded) == "int32"
        return _np(decoded), _np(scores), ops.dtype(scores)


def _labellings(decoded):
    """Per path and batch item, the labels before the ``-1`` padding."""
    return [[[int(v) for v in row if v >= 0] for row in path] for path in decoded]


def _exact_top_paths(log_probs, length, blank, top_paths):
    """The ``top_paths`` most probable labellings and their log probabilities, by enumerating paths."""
    totals = {}
    for path in itertools.product(range(log_probs.shape[-1]), repeat=length):
        merged = [c for t, c in enumerate(path) if t == 0 or c != path[t - 1]]
        labelling = tuple(c for c in merged if c != blank)
        totals[labelling] = np.logaddexp(totals.get(labelling, -np.inf), sum(log_probs[t, c] for t, c in enumerate(path)))
    return sorted(totals.items(), key=lambda item: -item[1])[:top_paths]


def _log_softmax(x):
    x = np.asarray(x, np.float64)
    shifted = x - x.max(-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(-1, keepdims=True))


# steps 0..5 pick classes 1 1 0 1 2 2 (class 0 separates the two runs of 1)
REPEATS = np.array([[[0, 3, 0], [0, 3, 0], [3, 0, 0], [0, 3, 0], [0, 0, 3], [0, 0, 3]]], "float32")


# ------------------------------------------------------------------------------ greedy


def test_greedy_merges_repeats_then_drops_blanks(backend_name):
    decoded, scores, dtype = _decode(backend_name, REPEATS, [6])
    assert decoded.shape == (1, 1, 6) and scores.shape == (1, 1) and dtype == "float32"
    assert decoded.tolist() == [[[1, 1, 2, -1, -1, -1]]]
    np.testing.assert_allclose(scores, [[-18.0]])  # minus the sum of the raw maxima: no softmax


def test_greedy_without_merging(backend_name):
    decoded, _, _ = _decode(backend_name, REPEATS, [6], merge_repeated=False)
    assert decoded.tolist() == [[[1, 1, 1, 2, 2, -1]]]


@pytest.mark.parametrize(("mask_index", "expected"), [(2, [1, 0, 1]), (-1, [1, 0, 1]), (None, [1, 0, 1]), (1, [0, 2])])
def test_greedy_blank_is_mask_index(backend_name, mask_index, expected):
    decoded, _, _ = _decode(backend_name, REPEATS, [6], mask_index=mask_index)
    assert _labellings(decoded) == [[expected]]


def test_greedy_reads_only_the_first_sequence_length_steps(backend_name):
    batch = np.concatenate([REPEATS, REPEATS, REPEATS, REPEATS])
    decoded, scores, _ = _decode(backend_name, batch, np.array([6, 4, 0, 9]))
    assert _labellings(decoded) == [[[1, 1, 2], [1, 1], [], [1, 1, 2]]]  # 9 steps are clipped to 6
    np.testing.assert_allclose(scores[:, 0], [-18.0, -12.0, 0.0, -18.0])
    assert not np.signbit(scores[2, 0])  # an empty sequence scores 0, not -0


def test_greedy_ignores_top_paths_and_breaks_ties_by_lowest_class(backend_name):
    decoded, scores, _ = _decode(backend_name, np.zeros((1, 3, 3), "float32"), [3], top_paths=4)
    assert decoded.tolist() == [[[-1, -1, -1]]] and scores.shape == (1, 1)  # every step picks class 0, the blank


@pytest.mark.parametrize(("dtype", "score_dtype"), [("float16", "float16"), ("float64", "float64"), ("int32", "float32")])
def test_score_dtype_follows_the_float_rule(backend_name, dtype, score_dtype):
    for strategy in ("greedy", "beam_search"):
        decoded, scores, got = _decode(backend_name, REPEATS.astype(dtype), np.array([6], "int64"), strategy=strategy,
                                       beam_width=4)
        assert got == score_dtype
        assert _labellings(decoded) == [[[1, 1, 2]]]


# ------------------------------------------------------------------------- beam search


def test_beam_search_sums_alignments(backend_name):
    # two steps of p(blank) = 0.6, p(1) = 0.4: the best path is blank-blank (0.36), but the
    # labelling [1] has the paths 1-1, 1-blank and blank-1 (0.16 + 0.24 + 0.24 = 0.64)
    logits = np.log(np.array([[[0.6, 0.4], [0.6, 0.4]]], "float32"))
    decoded, scores, _ = _decode(backend_name, logits, [2], strategy="beam_search", beam_width=2, top_paths=2)
    assert _labellings(decoded) == [[[1]], [[]]]
    np.testing.assert_allclose(np.exp(scores), [[0.64, 0.36]], rtol=1e-5)
    # a beam of one keeps only the blank prefix after the first step, and misses [1]
    decoded, scores, _ = _decode(backend_name, logits, [2], strategy="beam_search", beam_width=1)
    assert _labellings(decoded) == [[[]]]
    np.testing.assert_allclose(np.exp(scores), [[0.36]], rtol=1e-5)


def test_beam_search_log_softmaxes_its_inputs(backend_name):
    logits = np.log(np.array([[[0.6, 0.4], [0.6, 0.4]]], "float32")) + 7.0  # a constant shift changes nothing
    _, scores, _ = _decode(backend_name, logits, [2], strategy="beam_search", beam_width=2, top_paths=2)
    np.testing.assert_allclose(np.exp(scores), [[0.64, 0.36]], rtol=1e-5)


def test_beam_search_keeps_repeats_separated_by_a_blank(backend_name):
    # 1, blank, 1 has the labelling [1, 1]; merge_repeated does not apply to the beam search
    logits = np.log(np.array([[[0.1, 0.9], [0.9, 0.1], [0.1, 0.9]]], "float32"))
    for merge in (True, False):
        decoded, _, _ = _decode(backend_name, logits, [3], strategy="beam_search", beam_width=4, merge_repeated=merge)
        assert _labellings(decoded) == [[[1, 1]]]


@pytest.mark.parametrize("mask_index", [0, 2, None])
def test_beam_search_matches_path_enumeration(backend_name, mask_index):
    rng = np.random.default_rng(3)
    logits = rng.normal(size=(4, 4, 3)).astype("float32") * 2
    lengths = np.array([4, 3, 1, 0], "int32")
    blank = 2 if mask_index is None else mask_index
    # 2 labels over 4 steps: 31 prefixes, so a beam of 32 loses nothing and the result is exact
    decoded, scores, _ = _decode(backend_name, logits, lengths, strategy="beam_search", beam_width=32, top_paths=4,
                                 mask_index=mask_index)
    assert decoded.shape == (4, 4, 4) and scores.shape == (4, 4)
    log_probs = _log_softmax(logits)
    for b in range(4):
        expected = _exact_top_paths(log_probs[b], int(lengths[b]), blank, 4)
        for rank in range(4):
            labels = [int(v) for v in decoded[rank, b] if v >= 0]
            assert np.all(decoded[rank, b, len(labels):] == -1)
            if rank < len(expected):
                assert tuple(labels) == expected[rank][0], (b, rank)
                np.testing.assert_allclose(scores[b, rank], expected[rank][1], rtol=1e-5, atol=1e-5)
            else:  # fewer labellings than paths asked for: an empty path of probability zero
                assert labels == [] and scores[b, rank] == -np.inf


def test_beam_search_with_fewer_labellings_than_top_paths(backend_name):
    # one step of two classes has only the labellings [] and [1], here equally probable: the
    # prefix that stays comes before its extension
    decoded, scores, _ = _decode(backend_name, np.array([[[0.0, 0.0]]], "float32"), [1], strategy="beam_search",
                                 beam_width=3, top_paths=3)
    assert decoded.tolist() == [[[-1]], [[1]], [[-1]]]
    assert scores[0, 2] == -np.inf and np.allclose(scores[0, :2], np.log(0.5))


@pytest.mark.parametrize("strategy", ["greedy", "beam_search"])
def test_empty_batch_and_empty_time_axis(backend_name, strategy):
    decoded, scores, _ = _decode(backend_name, np.zeros((2, 0, 3), "float32"), [0, 0], strategy=strategy, beam_width=2)
    assert decoded.shape == (1, 2, 0)
    assert scores.tolist() == [[0.0], [0.0]] and not np.signbit(scores).any()
    decoded, scores, _ = _decode(backend_name, np.zeros((0, 4, 3), "float32"), np.zeros((0,), "int32"), strategy=strategy,
                                 beam_width=2)
    assert decoded.shape == (1, 0, 4) and scores.shape == (0, 1)


# ------------------------------------------------------------------ across backends


def test_backends_agree_in_one_process(backends_under_test):
    rng = np.random.default_rng(11)
    # logits on a coarse grid make equal probabilities (ties) common, and a narrow beam prunes
    logits = np.round(rng.normal(size=(5, 12, 6)) * 2) / 2
    lengths = np.array([12, 9, 1, 0, 12], "int32")
    cases = [
        {"strategy": "greedy"},
        {"strategy": "greedy", "merge_repeated": False, "mask_index": 5},
        {"strategy": "beam_search", "beam_width": 5, "top_paths": 3},
        {"strategy": "beam_search", "beam_width": 7, "top_paths": 7, "mask_index": 3},
        {"strategy": "beam_search", "beam_width": 1},
    ]
    for kwargs in cases:
        results = {name: _decode(name, logits.astype("float32"), lengths, **kwargs) for name in backends_under_test}
        first, (decoded, scores, _) = next(iter(results.items()))
        for name, (other_decoded, other_scores, _) in results.items():
            np.testing.assert_array_equal(other_decoded, decoded, err_msg=f"{name} vs {first}: {kwargs}")
            np.testing.assert_allclose(other_scores, scores, rtol=1e-5, atol=1e-5, err_msg=f"{name} vs {first}: {kwargs}")


def test_ties_are_ordered_the_same_everywhere(backends_under_test):
    # uniform logits: every labelling of a length has the same probability
    results = {name: _decode(name, np.zeros((1, 3, 3), "float32"), [3], strategy="beam_search", beam_width=20,
                             top_paths=8)[0] for name in backends_under_test}
    reference = next(iter(results.values()))
    for name, decoded in results.items():
        np.testing.assert_array_equal(decoded, reference, err_msg=name)


def test_compiled_matches_eager(backend_name):
    rng = np.random.default_rng(5)
    logits = rng.normal(size=(2, 6, 4)).astype("float32")
    lengths = np.array([6, 4], "int32")
    with mk.backend.use(backend_name):
        for strategy in ("greedy", "beam_search"):
            function = mk.backend.jit(lambda x, n, s=strategy: ops.ctc_decode(x, n, strategy=s, beam_width=4, top_paths=2))
            compiled = function(ops.convert_to_tensor(logits), ops.convert_to_tensor(lengths))
            eager = ops.ctc_decode(logits, lengths, strategy=strategy, beam_width=4, top_paths=2)
            np.testing.assert_array_equal(_np(compiled[0]), _np(eager[0]))
            np.testing.assert_allclose(_np(compiled[1]), _np(eager[1]), rtol=1e-6)


def test_symbolic_inputs_give_shapes(backend_name):
    with mk.backend.use(backend_name):
        inputs, lengths = mk.Input((7, 5)), mk.Input((), dtype="int32")
        decoded, scores = ops.ctc_decode(inputs, lengths, strategy="beam_search", beam_width=4, top_paths=3)
        assert decoded.shape == (3, None, 7) and decoded.dtype == "int32"
        assert scores.shape == (None, 3) and scores.dtype == "float32"
        decoded, scores = ops.ctc_decode(inputs, lengths)
        assert decoded.shape == (1, None, 7) and scores.shape == (None, 1)


# ---------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("kwargs", "error", "fragments"),
    [
        ({"strategy": "beam"}, ValueError, ("'strategy'", "'greedy' or 'beam_search'", "'beam'")),
        ({"strategy": "beam_search", "beam_width": 2, "top_paths": 3}, ValueError, ("'top_paths'", "beam_width=2", "received 3")),
        ({"strategy": "beam_search", "beam_width": 0}, ValueError, ("'beam_width'", "positive", "received 0")),
        ({"strategy": "beam_search", "top_paths": 1.5}, TypeError, ("'top_paths'", "float 1.5")),
        ({"mask_index": 3}, ValueError, ("'mask_index'", "received 3", "-3 <= mask_index < 3")),
        ({"mask_index": -4}, ValueError, ("'mask_index'", "received -4")),
        ({"mask_index": 1.0}, TypeError, ("'mask_index'", "float 1.0")),
    ],
)
def test_invalid_arguments_are_named(backend_name, kwargs, error, fragments):
    with mk.backend.use(backend_name), pytest.raises(error) as caught:
        ops.ctc_decode(REPEATS, [6], **kwargs)
    message = str(caught.value)
    for fragment in ("ops.ctc_decode", f"'{backend_name}'", *fragments):
        assert fragment in message, message


def test_invalid_shapes_are_named(backend_name):
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match=r"ops\.ctc_decode .*'inputs'.*rank 3.*\(6, 3\)"):
            ops.ctc_decode(REPEATS[0], [6])
        with pytest.raises(ValueError, match=r"ops\.ctc_decode .*'sequence_lengths'.*\(1, 1\)"):
            ops.ctc_decode(REPEATS, [[6]])


# ------------------------------------------------------------------- shared helpers


def test_top_indices_on_the_host_keep_index_order_on_ties():
    rng = np.random.default_rng(0)
    scores = rng.integers(0, 4, size=(6, 200)).astype("float32")
    scores[0] = -np.inf
    for k in (1, 7, 30, 200):
        expected = np.argsort(-scores, axis=1, stable=True)[:, :k]
        np.testing.assert_array_equal(ctc._numpy_top(scores, k), expected)


def test_blank_resolution():
    assert ctc.check_decode_arguments((2, 5, 4), "float32", (2,), "greedy", 100, 1, None) == 3
    assert ctc.check_decode_arguments((2, 5, 4), "float32", (2,), "greedy", 100, 1, -1) == 3
    assert ctc.check_decode_arguments((2, 5, 4), "float32", (2,), "greedy", 100, 1, 1) == 1
    assert ctc.check_decode_arguments((2, 5, None), "float32", (2,), "greedy", 100, 1, None) is None


# ------------------------------------------------------------------------- Keras 3

KERAS_SCRIPT = """
import json
import numpy as np, keras
cases = json.load(open(CASES_FILE))
results = []
for case in cases:
    decoded, scores = keras.ops.ctc_decode(np.array(case["inputs"], "float32"), np.array(case["lengths"], "int32"),
                                           **case["kwargs"])
    results.append({"decoded": np.asarray(decoded).tolist(), "scores": np.asarray(scores).astype("float64").tolist()})
print(json.dumps(results))
"""


def _keras_cases():
    rng = np.random.default_rng(21)
    cases = []
    for kwargs in (
        {"strategy": "greedy"},
        {"strategy": "greedy", "merge_repeated": False, "mask_index": 2},
        {"strategy": "beam_search", "beam_width": 4, "top_paths": 3},
        {"strategy": "beam_search", "beam_width": 6, "top_paths": 2, "mask_index": 4},
        {"strategy": "beam_search", "beam_width": 2, "top_paths": 1, "mask_index": None},
    ):
        inputs = (rng.normal(size=(3, 8, 5)) * 2).astype("float32")
        lengths = [8, 5, 2]
        cases.append({"inputs": inputs.tolist(), "lengths": lengths, "kwargs": kwargs})
    return cases


def test_matches_keras3(run_python, tmp_path, backends_under_test):
    """Where Keras 3's backends agree with each other (see docs/ops.md), multikeras gives Keras 3's results."""
    pytest.importorskip("keras")
    pytest.importorskip("jax")
    cases = _keras_cases()
    cases_file = tmp_path / "cases.json"
    cases_file.write_text(json.dumps(cases), encoding="utf-8")
    run = run_python(f"CASES_FILE = {str(cases_file)!r}\n" + KERAS_SCRIPT, env={"KERAS_BACKEND": "jax"})
    assert run.returncode == 0, run.stderr[-3000:]
    for case, keras_result in zip(cases, run.json()):
        for name in backends_under_test:
            decoded, scores, _ = _decode(name, np.array(case["inputs"], "float32"), case["lengths"], **case["kwargs"])
            np.testing.assert_array_equal(decoded, keras_result["decoded"], err_msg=f"{name}: {case['kwargs']}")
            np.testing.assert_allclose(scores, keras_result["scores"], rtol=1e-5, atol=1e-5, err_msg=f"{name}: {case['kwargs']}")
