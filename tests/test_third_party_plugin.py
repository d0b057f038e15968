"""Third-party backends: the example ``numpy64`` package, and broken plug-ins reported not fatal.

``scripts/setup.sh`` pip-installs ``examples/numpy64_backend``. Where it is not
installed (a bare development venv), the tests install it the way pip would
lay it out: a ``.dist-info`` with the entry point, next to the package source.
"""

from __future__ import annotations

import importlib.metadata
import json
import pathlib

import numpy as np
import pytest

import multikeras as mk
from multikeras import ops
from multikeras.backend.registry import BackendRegistry

from plugin_support import write_plugin

ROOT = pathlib.Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "numpy64_backend"


def numpy64_is_installed() -> bool:
    try:
        importlib.metadata.distribution("multikeras-numpy64")
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


@pytest.fixture
def numpy64_path(tmp_path: pathlib.Path) -> tuple[pathlib.Path, ...]:
    """``sys.path`` entries under which ``numpy64`` is installed."""
    if numpy64_is_installed():
        return ()
    site = write_plugin(tmp_path / "site", "multikeras-numpy64", {"numpy64": "multikeras_numpy64.plugin"}, {})
    return (site, EXAMPLE)


def test_example_declares_its_entry_point():
    text = (EXAMPLE / "pyproject.toml").read_text(encoding="utf-8")
    assert '[project.entry-points."multikeras.backends"]' in text
    assert 'numpy64 = "multikeras_numpy64.plugin"' in text


def test_numpy64_in_process(numpy64_path, monkeypatch):
    for entry in reversed(numpy64_path):
        monkeypatch.syspath_prepend(str(entry))
    registry = BackendRegistry()
    assert "numpy64" in registry.available()
    assert {"numpy", "numpy64"} <= set(registry.available())
    backend = registry.load("numpy64")
    assert backend.name == "numpy64" and backend.capabilities.trainable is False
    with mk.backend.use(backend):
        assert mk.backend.backend() == "numpy64"
        assert ops.ones(2).dtype == np.float64
        assert ops.zeros((2, 2)).dtype == np.float64
        assert ops.eye(2).dtype == np.float64
        assert ops.linspace(0, 1, 5).dtype == np.float64
        assert ops.convert_to_tensor(0.1).dtype == np.float64
        assert ops.convert_to_tensor(0.1) == 0.1  # computed in float64, not widened from float32
        assert ops.arange(3).dtype == np.int32  # ints stay ints
        assert ops.arange(3.0).dtype == np.float64
        assert ops.full((2,), 1.5).dtype == np.float64
        assert ops.sqrt(np.arange(4, dtype="int32")).dtype == np.float64
        assert ops.mean(np.array([1, 2], dtype="int32")).dtype == np.float64
        assert ops.divide(np.array([1], "int32"), np.array([3], "int32")).dtype == np.float64
        assert float(ops.divide(np.array([1], "int32"), np.array([3], "int32"))[0]) == 1 / 3
        # Explicit float32 is respected, as on every backend.
        assert ops.ones(2, dtype="float32").dtype == np.float32
        assert ops.sqrt(np.ones(2, "float32")).dtype == np.float32
        assert ops.add(np.ones(2, "float32"), 1.5).dtype == np.float32
        assert ops.convert_to_tensor(np.ones(2, "float32")).dtype == np.float32
    # The built-in numpy backend is untouched.
    with mk.backend.use("numpy"):
        assert ops.ones(2).dtype == np.float32


def test_numpy64_in_a_fresh_process(run_python, numpy64_path):
    result = run_python(
        """
        import json, multikeras as mk
        seen = {"available": mk.backend.available(), "default": mk.backend.backend()}
        with mk.backend.use("numpy64"):
            seen["inside"] = mk.backend.backend()
            seen["ones"] = str(mk.ops.ones(2).dtype)
        print(json.dumps(seen))
        """,
        path=numpy64_path,
    )
    assert result.returncode == 0, result.stderr
    seen = result.json()
    assert "numpy64" in seen["available"]
    assert seen["default"] != "numpy64"  # never chosen unless asked for
    assert seen["inside"] == "numpy64"
    assert seen["ones"] == "float64"


def test_numpy64_selected_by_environment_variable(run_python, numpy64_path):
    result = run_python(
        "import multikeras as mk; print(mk.backend.backend(), mk.ops.ones(2).dtype)",
        env={"MULTIKERAS_BACKEND": "numpy64"},
        path=numpy64_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.lines()[-1] == "numpy64 float64"


def test_conformance_suite_checks_a_third_party_backend(run_python, numpy64_path, tmp_path):
    """Naming a plug-in with ``--backend`` runs the whole conformance suite on it.

    numpy64 is NumPy with float64 as its default float, a deliberate departure
    from the shared semantics (``floatx()`` is float32): the suite must flag
    exactly the records whose default float dtype differs, and pass the rest.
    """
    report = tmp_path / "numpy64.json"
    result = run_python(
        f"""
        import sys, pytest
        sys.exit(pytest.main([{str(ROOT / "tests" / "backend_conformance")!r}, "-q", "-p", "no:cacheprovider",
                              "--rootdir", {str(ROOT)!r}, "--backend", "numpy64", "--conformance-ignore-gaps",
                              "--conformance-report", {str(report)!r}]))
        """,
        path=numpy64_path,
    )
    assert report.exists(), result.stdout[-3000:] + result.stderr[-3000:]
    outcomes = json.loads(report.read_text(encoding="utf-8"))["numpy64"]
    failed = {record: seen["message"] for record, seen in outcomes.items() if seen["outcome"] != "pass"}
    passed = [record for record, seen in outcomes.items() if seen["outcome"] == "pass"]
    assert result.returncode == 1  # pytest's "some tests failed"
    assert len(passed) > 1000
    assert {"zeros-default", "ones-default", "sqrt-int32", "mean-dtype-int32"} <= set(failed)
    # Every failure is numpy64 giving float64 where the shared semantics give float32.
    unexplained = {record: message for record, message in failed.items()
                   if not ("dtype float64 != expected float32" in message or "'float64') != ((" in message)}
    assert not unexplained, unexplained


BROKEN_REPORT = """
import json, warnings
import multikeras as mk
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    available = mk.backend.available()
    unavailable = mk.backend.unavailable()
print(json.dumps({
    "available": available,
    "unavailable": unavailable,
    "warnings": [str(w.message) for w in caught],
    "backend": mk.backend.backend(),
}))
"""


def test_plugin_that_fails_to_import_is_reported_not_fatal(run_python, tmp_path):
    site = write_plugin(
        tmp_path / "site",
        "mk-broken-plugin",
        {"broken": "mk_broken_plugin.plugin"},
        {"mk_broken_plugin.plugin": "import mk_dependency_nobody_installed\n"},
    )
    result = run_python(BROKEN_REPORT, path=(site,), env={"MULTIKERAS_BACKEND": "numpy"})
    assert result.returncode == 0, result.stderr
    report = result.json()
    assert "broken" not in report["available"]
    assert "numpy" in report["available"]
    reason = report["unavailable"]["broken"]
    assert "'mk_broken_plugin.plugin' failed to import" in reason
    assert "mk_dependency_nobody_installed" in reason
    assert any("backend 'broken' is unavailable" in message for message in report["warnings"])
    assert report["backend"] == "numpy"


def test_entry_point_to_a_missing_module_is_reported_not_fatal(run_python, tmp_path):
    site = write_plugin(tmp_path / "site", "mk-ghost-plugin", {"ghost": "mk_ghost_not_there.plugin"}, {})
    result = run_python(BROKEN_REPORT, path=(site,), env={"MULTIKERAS_BACKEND": "numpy"})
    assert result.returncode == 0, result.stderr
    report = result.json()
    assert "ghost" not in report["available"]
    assert "ModuleNotFoundError" in report["unavailable"]["ghost"]
    assert any("ghost" in message for message in report["warnings"])


def test_plugin_whose_hook_raises_does_not_hide_the_others(run_python, tmp_path):
    site = write_plugin(
        tmp_path / "site",
        "mk-raising-plugin",
        {"raising": "mk_raising_plugin.plugin"},
        {
            "mk_raising_plugin.plugin": """
            from multikeras.backend.hookspecs import hookimpl

            @hookimpl
            def multikeras_backend():
                raise RuntimeError("cannot describe myself")
            """
        },
    )
    result = run_python(BROKEN_REPORT, path=(site,), env={"MULTIKERAS_BACKEND": "numpy"})
    assert result.returncode == 0, result.stderr
    report = result.json()
    assert "numpy" in report["available"]
    assert "raising" not in report["available"]
    assert "cannot describe myself" in report["unavailable"]["raising"]
    assert any("cannot describe myself" in message for message in report["warnings"])


def test_plugin_whose_loader_fails_is_reported_when_selected(run_python, tmp_path):
    site = write_plugin(
        tmp_path / "site",
        "mk-fragile-plugin",
        {"fragile": "mk_fragile_plugin.plugin"},
        {
            "mk_fragile_plugin.plugin": """
            from multikeras.backend.hookspecs import hookimpl
            from multikeras.backend.spec import BackendSpec

            @hookimpl
            def multikeras_backend():
                return BackendSpec("fragile", "mk_fragile_plugin.plugin:load")

            def load():
                raise OSError("shared library missing")
            """
        },
    )
    result = run_python(
        """
        import json, multikeras as mk
        listed = "fragile" in mk.backend.available()
        try:
            mk.backend.set_backend("fragile")
        except mk.backend.BackendLoadError as error:
            message = str(error)
        print(json.dumps({"listed": listed, "message": message, "reason": mk.backend.unavailable()["fragile"],
                          "backend": mk.backend.backend()}))
        """,
        path=(site,),
        env={"MULTIKERAS_BACKEND": "numpy"},
    )
    assert result.returncode == 0, result.stderr
    report = result.json()
    assert report["listed"] is True  # loading is lazy: only selection finds the problem
    assert "OSError: shared library missing" in report["message"]
    assert "OSError: shared library missing" in report["reason"]
    assert report["backend"] == "numpy"
