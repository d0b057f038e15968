"""Importing multikeras is cheap: no framework until the selected backend runs an op."""

from __future__ import annotations

import textwrap

import pytest

import multikeras as mk

FRAMEWORKS = ("jax", "torch", "tensorflow")

BUILTIN_FRAMEWORK = {"numpy": None, "jax": "jax", "torch": "torch", "tensorflow": "tensorflow"}

REPORT_FRAMEWORKS = """
import json, sys
print(json.dumps(sorted(set({frameworks!r}) & set(sys.modules))))
"""


def report() -> str:
    return REPORT_FRAMEWORKS.format(frameworks=FRAMEWORKS)


def test_import_imports_no_framework(run_python):
    result = run_python("import multikeras, multikeras.ops, multikeras.random, multikeras.config" + report())
    assert result.returncode == 0, result.stderr
    assert result.json() == []


def test_listing_backends_imports_no_framework(run_python):
    result = run_python(
        "import multikeras as mk; mk.backend.available(); mk.backend.unavailable()" + report()
    )
    assert result.returncode == 0, result.stderr
    assert result.json() == []


def test_numpy_backend_imports_no_framework(run_python):
    # The acceptance check, verbatim.
    result = run_python(
        "import multikeras, sys; assert not {'torch','jax','tensorflow'} & set(sys.modules)",
        env={"MULTIKERAS_BACKEND": "numpy"},
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", [name for name in BUILTIN_FRAMEWORK if name in mk.backend.available()])
def test_only_the_selected_framework_is_imported_after_an_op(run_python, name):
    one_op = f"""
        import multikeras as mk
        total = mk.ops.sum(mk.ops.add([1.0, 2.0], [3.0, 4.0]))
        assert float(mk.ops.convert_to_numpy(total)) == 10.0, total
        assert mk.backend.backend() == {name!r}
        """
    result = run_python(
        textwrap.dedent(one_op) + report(),
        env={"MULTIKERAS_BACKEND": name},
    )
    assert result.returncode == 0, result.stderr
    framework = BUILTIN_FRAMEWORK[name]
    if framework is None:
        assert result.json() == []
        return
    # A framework may import another one itself (tensorflow imports jax): that is its business.
    baseline = run_python(f"import {framework}" + report())
    assert baseline.returncode == 0, baseline.stderr
    assert framework in baseline.json()
    assert result.json() == baseline.json()


def test_version_and_public_namespaces():
    assert mk.__version__ == "0.1.0"
    assert set(mk.__all__) >= {"backend", "config", "ops", "random"}
    for name in mk.__all__:
        assert getattr(mk, name) is not None
