"""Keras 3 interoperability, both ways, for every layer and for Sequential, Functional and compiled models.

One run of ``keras_peer.py`` (Keras 3 in a subprocess, ``KERAS_BACKEND=numpy``)
per test session:

* it builds every case of ``keras_interop_cases`` with Keras, with seeded
  weights, saves it and records its predictions: multikeras loads each file
  on every backend and must predict the same (``test_keras_written_*``);
* it loads every case built and saved by multikeras and records Keras's
  predictions: they must equal multikeras's (``test_multikeras_written_*``).

The expected values always come from the other library's run on the same
file and inputs, so either library's bug fails a test. With pytest-xdist the
first worker to need the run does it and the others wait for its files.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import os
import pathlib
import subprocess
import sys
import time
import traceback
import warnings
from typing import Any

import numpy as np
import pytest
from keras_interop_cases import CASES, EXCLUDED, build_case, flatten_outputs, output_structure, register_functions

import multikeras as mk
from multikeras import ops

PEER = pathlib.Path(__file__).with_name("keras_peer.py")
PEER_TIMEOUT_S = 600
SHARDED_CASES = ["LSTM", "Bidirectional", "MultiHeadAttention", "model_nested"]
"""Cases whose weights are also exchanged as sharded weights (``save_weights("x.weights.json", max_shard_size=)``)."""
MAX_SHARD_SIZE = 1.5e-7
"""Gigabytes per shard: about 160 bytes, more than any one variable of these cases and less than their weights."""
CASE_NAMES = sorted(CASES)

register_functions(mk)


@dataclasses.dataclass
class InteropRun:
    """The files and results of the session's run of both libraries."""

    workdir: pathlib.Path
    report: dict[str, Any]
    written: dict[str, np.ndarray]  # Keras's results for the files Keras wrote
    read: dict[str, np.ndarray]  # Keras's results for the files multikeras wrote
    expected: dict[str, np.ndarray]  # multikeras's results for the files multikeras wrote
    mk_errors: dict[str, str]
    mk_compiled: dict[str, dict[str, Any]]  # multikeras's evaluate() logs and optimizer configs
    covered: list[str]  # multikeras layer classes in the built cases

    def arrays(self, store: dict[str, np.ndarray], case: str, kind: str) -> list[np.ndarray]:
        prefix = f"{case}/{kind}/"
        count = sum(1 for key in store if key.startswith(prefix))
        return [store[f"{prefix}{i}"] for i in range(count)]


def _layer_classes(model: Any) -> set[str]:
    """Class names of every layer in ``model``, nested ones (sub-models, RNN cells, wrapped layers) included."""
    return {type(layer).__name__ for layer in model._flatten_layers(include_self=True, recursive=True)}


def _compiled_results(case: Any, model: Any, arrays: list[np.ndarray]) -> dict[str, Any]:
    """What compile_config restores: evaluate()'s logs (losses, loss weights, metrics) and the optimizer's config."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*cannot compile; running the steps eagerly")
        logs = model.evaluate(case.model_inputs(arrays), case.model_targets(case.draw_targets()),
                              batch_size=case.batch, verbose=0, return_dict=True)
    return {"evaluate": {key: float(value) for key, value in logs.items()},
            "optimizer_config": model.optimizer.get_config()}


def _write_multikeras_side(workdir: pathlib.Path) -> None:
    """Inputs for every case, and every case built, run and saved by multikeras (numpy backend)."""
    (workdir / "multikeras").mkdir()
    inputs, expected, errors, compiled, covered = {}, {}, {}, {}, {"InputLayer"}
    for name, case in CASES.items():
        arrays = case.draw_inputs()
        inputs.update({f"{name}/{i}": array for i, array in enumerate(arrays)})
        try:
            with mk.backend.use("numpy"):
                model = build_case(case, mk)
                covered |= _layer_classes(model)
                outputs = model(case.model_inputs(arrays), training=False)
                expected[f"{name}/structure"] = np.asarray(output_structure(outputs))
                for i, array in enumerate(flatten_outputs(outputs, ops.convert_to_numpy)):
                    expected[f"{name}/out/{i}"] = array
                for i, array in enumerate(model.get_weights()):
                    expected[f"{name}/weights/{i}"] = np.asarray(array)
                if case.compiled:
                    for i, variable in enumerate(model.optimizer.variables):
                        expected[f"{name}/optimizer/{i}"] = np.asarray(variable.numpy())
                model.save(workdir / "multikeras" / f"{name}.keras")
                if name in SHARDED_CASES:
                    model.save_weights(workdir / "multikeras" / f"{name}.weights.json", max_shard_size=MAX_SHARD_SIZE)
                if case.compiled:
                    compiled[name] = _compiled_results(case, model, arrays)
        except Exception:
            errors[name] = traceback.format_exc(limit=-4)
    np.savez(workdir / "inputs.npz", **inputs)
    np.savez(workdir / "expected.npz", **expected)
    (workdir / "mk_report.json").write_text(
        json.dumps({"errors": errors, "compiled": compiled, "covered": sorted(covered)}))
    (workdir / "request.json").write_text(json.dumps({"write": sorted(CASES), "read": sorted(CASES), "sharded": SHARDED_CASES,
                                                "max_shard_size": MAX_SHARD_SIZE}))


def _start_peer(workdir: pathlib.Path) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("KERAS_", "MULTIKERAS_"))}
    env.update(KERAS_BACKEND="numpy", KERAS_HOME=str(workdir / "keras_home"), TF_CPP_MIN_LOG_LEVEL="3",
               PYTHONHASHSEED="0")
    return subprocess.Popen([sys.executable, str(PEER), str(workdir)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _finish_peer(workdir: pathlib.Path, process: subprocess.Popen) -> None:
    try:
        _, stderr = process.communicate(timeout=PEER_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
    if process.returncode != 0:
        (workdir / "peer_failed.txt").write_text(f"exit status {process.returncode}\n{stderr[-6000:]}")


def _warm_up_backends() -> None:
    """Import the frameworks while the peer runs (the tests need them next; a CPU would idle meanwhile)."""
    for name in mk.backend.available():
        with mk.backend.use(name):
            ops.convert_to_numpy(ops.ones((1,)))


def _shared_root(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def interop(tmp_path_factory: pytest.TempPathFactory) -> InteropRun:
    if importlib.util.find_spec("keras") is None:  # looked up, not imported
        pytest.fail("Keras 3 is not installed; the interoperability tests need the extra: pip install -e '.[keras-interop]'")
    workdir = _shared_root(tmp_path_factory) / "keras_interop"
    done = workdir / "done"
    try:
        workdir.mkdir()  # atomic: this process does the run, others wait for "done"
    except FileExistsError:
        _warm_up_backends()
        deadline = time.monotonic() + PEER_TIMEOUT_S + 120
        while not done.exists():
            if time.monotonic() > deadline:
                pytest.fail(f"the Keras peer run in {workdir} did not finish in time")
            time.sleep(0.2)
    else:
        try:
            _write_multikeras_side(workdir)
            peer = _start_peer(workdir)
            _warm_up_backends()
            _finish_peer(workdir, peer)
        finally:
            done.touch()
    if (workdir / "peer_failed.txt").exists():
        pytest.fail("keras_peer.py failed: " + (workdir / "peer_failed.txt").read_text())
    if not (workdir / "report.json").exists():
        pytest.fail(f"the Keras peer run in {workdir} wrote no report")
    mk_report = json.loads((workdir / "mk_report.json").read_text())
    return InteropRun(
        workdir=workdir,
        report=json.loads((workdir / "report.json").read_text()),
        written=dict(np.load(workdir / "written.npz")),
        read=dict(np.load(workdir / "read.npz")),
        expected=dict(np.load(workdir / "expected.npz")),
        mk_errors=mk_report["errors"],
        mk_compiled=mk_report["compiled"],
        covered=mk_report["covered"],
    )


def _assert_close(actual: list[np.ndarray], expected: list[np.ndarray], what: str) -> None:
    assert len(actual) == len(expected), f"{what}: {len(actual)} arrays, expected {len(expected)}"
    for i, (a, e) in enumerate(zip(actual, expected)):
        assert a.shape == e.shape, f"{what} {i}: shape {a.shape}, expected {e.shape}"
        scale = max(1.0, float(np.max(np.abs(e)))) if e.size and e.dtype.kind in "fiu" else 1.0
        np.testing.assert_allclose(a.astype("float64"), e.astype("float64"), rtol=1e-5, atol=1e-5 * scale,
                                   err_msg=f"{what} {i}")


# Files written by Keras 3, loaded by multikeras on every backend --------------------------------------------


@pytest.mark.parametrize("case_name", CASE_NAMES)
def test_keras_written_file_loads(interop, case_name, backend_name):
    error = interop.report["errors"]["write"].get(case_name)
    assert error is None, f"Keras could not build or save the case:\n{error}"
    case = CASES[case_name]
    arrays = case.draw_inputs()
    with mk.backend.use(backend_name):
        ops.convert_to_numpy(ops.ones((1,)))  # the framework imported (TensorFlow imports Keras modules itself)
        before = set(sys.modules)
        model = mk.saving.load_model(interop.workdir / "keras" / f"{case_name}.keras")
        assert not [m for m in set(sys.modules) - before if m.split(".")[0] == "keras"], "a Keras module was imported"
        outputs = model(case.model_inputs(arrays), training=False)
        assert output_structure(outputs) == str(interop.written[f"{case_name}/structure"])
        _assert_close(flatten_outputs(outputs, ops.convert_to_numpy), interop.arrays(interop.written, case_name, "out"),
                      "output")
        _assert_close([np.asarray(w) for w in model.get_weights()],
                      interop.arrays(interop.written, case_name, "weights"), "weight")
        if case.compiled:
            assert model.compiled, "compile_config was not restored"
            _assert_close([np.asarray(v.numpy()) for v in model.optimizer.variables],
                          interop.arrays(interop.written, case_name, "optimizer"), "optimizer variable")


# Files written by multikeras, loaded by Keras 3 --------------------------------------------------------------


@pytest.mark.parametrize("case_name", CASE_NAMES)
def test_multikeras_written_file_loads_in_keras(interop, case_name):
    error = interop.mk_errors.get(case_name)
    assert error is None, f"multikeras could not build or save the case:\n{error}"
    error = interop.report["errors"]["read"].get(case_name)
    assert error is None, f"Keras {interop.report['keras_version']} could not load the file:\n{error}"
    assert str(interop.read[f"{case_name}/structure"]) == str(interop.expected[f"{case_name}/structure"])
    _assert_close(interop.arrays(interop.read, case_name, "out"), interop.arrays(interop.expected, case_name, "out"),
                  "output")
    _assert_close(interop.arrays(interop.read, case_name, "weights"),
                  interop.arrays(interop.expected, case_name, "weights"), "weight")
    if CASES[case_name].compiled:
        _assert_close(interop.arrays(interop.read, case_name, "optimizer"),
                      interop.arrays(interop.expected, case_name, "optimizer"), "optimizer variable")


# Sharded weights, both ways ------------------------------------------------------------------------------------


def _shard_count(index: pathlib.Path) -> int:
    return len({shard for shards in json.loads(index.read_text())["weight_map"].values() for shard in shards})


@pytest.mark.parametrize("case_name", SHARDED_CASES)
def test_keras_sharded_weights_load(interop, case_name, backend_name):
    assert interop.report["errors"]["write"].get(case_name) is None, "Keras could not write the case"
    index = interop.workdir / "keras" / f"{case_name}.weights.json"
    assert _shard_count(index) > 1, "the weights were not split into shards"
    case = CASES[case_name]
    arrays = case.draw_inputs()
    with mk.backend.use(backend_name):
        model = build_case(case, mk)  # fresh weights, replaced by the file's
        model.load_weights(index)
        outputs = model(case.model_inputs(arrays), training=False)
        _assert_close(flatten_outputs(outputs, ops.convert_to_numpy), interop.arrays(interop.written, case_name, "out"),
                      "output")
        _assert_close([np.asarray(w) for w in model.get_weights()],
                      interop.arrays(interop.written, case_name, "weights"), "weight")


@pytest.mark.parametrize("case_name", SHARDED_CASES)
def test_multikeras_sharded_weights_load_in_keras(interop, case_name):
    assert interop.mk_errors.get(case_name) is None, "multikeras could not write the case"
    assert _shard_count(interop.workdir / "multikeras" / f"{case_name}.weights.json") > 1
    error = interop.report["errors"]["sharded"].get(case_name)
    assert error is None, f"Keras {interop.report['keras_version']} could not load the sharded weights:\n{error}"
    _assert_close(interop.arrays(interop.read, case_name, "sharded/out"),
                  interop.arrays(interop.expected, case_name, "out"), "output")


# Compiled models: the same losses, loss weights, metrics and optimizer after crossing -------------------------

COMPILED_CASES = [name for name in CASE_NAMES if CASES[name].compiled]


def _assert_same_tree(actual: Any, expected: Any, where: str = "") -> None:
    """Equal nested dicts/lists, floats to 1e-6 relative (configs and logs)."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict) and sorted(actual) == sorted(expected), (
            f"{where or 'top'}: keys {sorted(actual) if isinstance(actual, dict) else actual!r}, "
            f"expected {sorted(expected)}")
        for key in expected:
            _assert_same_tree(actual[key], expected[key], f"{where}/{key}")
    elif isinstance(expected, float) and not isinstance(actual, bool):
        assert actual == pytest.approx(expected, rel=1e-5, abs=1e-7), f"{where}: {actual!r}, expected {expected!r}"
    else:
        assert actual == expected, f"{where}: {actual!r}, expected {expected!r}"


@pytest.mark.parametrize("case_name", COMPILED_CASES)
def test_keras_written_compiled_model_evaluates_the_same(interop, case_name):
    case = CASES[case_name]
    with mk.backend.use("numpy"):
        model = mk.saving.load_model(interop.workdir / "keras" / f"{case_name}.keras")
        _assert_same_tree(_compiled_results(case, model, case.draw_inputs()),
                          interop.report["compiled"]["write"][case_name])


@pytest.mark.parametrize("case_name", COMPILED_CASES)
def test_multikeras_written_compiled_model_evaluates_the_same_in_keras(interop, case_name):
    assert case_name in interop.report["compiled"]["read"], "Keras could not load or evaluate the file"
    _assert_same_tree(interop.report["compiled"]["read"][case_name], interop.mk_compiled[case_name])


# Coverage -------------------------------------------------------------------------------------------------------


def test_every_layer_both_libraries_have_is_covered(interop):
    """Every class exported by multikeras.layers that Keras 3 also has is in a case, or excluded with a reason."""
    keras_names = set(interop.report["keras_layers"])
    exported: dict[type, set[str]] = {}
    for name in dir(mk.layers):
        obj = getattr(mk.layers, name)
        if isinstance(obj, type) and issubclass(obj, mk.layers.Layer):
            exported.setdefault(obj, set()).add(name)
    shared = {cls.__name__ for cls, names in exported.items() if names & keras_names}
    missing = sorted(shared - set(interop.covered) - set(EXCLUDED))
    assert not missing, (
        f"layers exported by multikeras.layers and keras.layers with no interoperability case: {missing}. "
        "Add a case to tests/saving/keras_interop_cases.py (LAYER_CASES), or an entry with the reason to EXCLUDED."
    )
    stale = sorted(set(EXCLUDED) & set(interop.covered))
    assert not stale, f"excluded but covered by a case (remove from EXCLUDED): {stale}"
