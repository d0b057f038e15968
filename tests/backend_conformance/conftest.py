"""Selection of backends, parametrization over (backend, record), and the support matrix.

Options:

(registered by ``tests/conftest.py`` through ``options.add_options``)

* ``--backend NAME`` (repeatable): backends to check; default every name in
  ``multikeras.backend.available()``, third-party plug-ins included (their
  departures are listed in ``known_gaps.json`` like any backend's).
* ``--conformance-ignore-gaps``: run listed gaps as ordinary tests.
* ``--conformance-report PATH``: write every outcome as JSON
  (``{backend: {record_id: {"op", "outcome", "message"}}}``), read by
  ``tools/record_known_gaps.py`` and ``tools/generate_support_matrix.py``.
"""

from __future__ import annotations

import collections
import json
import pathlib
from typing import Any

import pytest

import multikeras as mk
from backend_conformance.gaps import load_known_gaps
from backend_conformance.records import ALL_RECORDS

OUTCOMES = ("pass", "known gap", "not implemented", "fail")


def selected_backends(config: pytest.Config) -> list[str]:
    """The ``--backend`` names, or every installed backend."""
    names = config.getoption("conformance_backends", default=None)
    return list(dict.fromkeys(names)) if names else mk.backend.available()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "conformance_case" not in metafunc.fixturenames:
        return
    gaps = {} if metafunc.config.getoption("conformance_ignore_gaps", default=False) else load_known_gaps()
    params = []
    for backend_name in selected_backends(metafunc.config):
        backend_gaps = gaps.get(backend_name, {})
        for record in ALL_RECORDS:
            marks = []
            if record.id in backend_gaps:
                marks.append(pytest.mark.xfail(strict=True, reason=backend_gaps[record.id]))
            params.append(pytest.param((backend_name, record), id=f"{backend_name}:{record.id}", marks=marks))
    metafunc.parametrize("conformance_case", params)


class _Results:
    """Outcomes collected from the reports, for the summary and the JSON report."""

    def __init__(self) -> None:
        self.by_backend: dict[str, dict[str, dict[str, str]]] = collections.defaultdict(dict)

    def add(self, report: pytest.TestReport) -> None:
        properties = dict(report.user_properties)
        case = properties.get("conformance")
        if case is None:
            return
        backend_name, op, record_id, missing = case
        if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
            if hasattr(report, "wasxfail"):
                outcome = "known gap" if report.outcome == "skipped" else "fail"
            elif report.outcome == "passed":
                outcome = "pass"
            elif missing:
                outcome = "not implemented"
            else:
                outcome = "fail"
            message = ""
            if report.outcome == "failed":
                message = _one_line(report)
            elif hasattr(report, "wasxfail"):
                message = report.wasxfail
            self.by_backend[backend_name][record_id] = {"op": op, "outcome": outcome, "message": message}


def _one_line(report: pytest.TestReport) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    text = crash.message if crash is not None else str(report.longrepr)
    # numpy.testing messages start with a bare "AssertionError:"; keep the informative lines.
    lines = [line.strip() for line in text.splitlines() if line.strip() and line.strip() != "AssertionError:"]
    return " / ".join(lines[:4])[:300]


_RESULTS_KEY = pytest.StashKey[_Results]()


_CONFIG: list[pytest.Config] = []


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_RESULTS_KEY] = _Results()
    _CONFIG[:] = [config]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    missing_by_backend: dict[str, tuple[str, ...]] = {}
    for item in items:
        callspec = getattr(item, "callspec", None)
        case = callspec.params.get("conformance_case") if callspec is not None else None
        if case is None:
            continue
        backend_name, record = case
        if backend_name not in missing_by_backend:
            missing_by_backend[backend_name] = mk.backend.get_backend(backend_name).missing_ops
        missing = record.op in missing_by_backend[backend_name]
        item.user_properties.append(("conformance", (backend_name, record.op, record.id, missing)))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # logreport (unlike makereport) also runs in the pytest-xdist controller,
    # with the report and its user_properties sent back by the worker.
    results = _CONFIG[0].stash.get(_RESULTS_KEY, None) if _CONFIG else None
    if results is not None:
        results.add(report)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    results = config.stash.get(_RESULTS_KEY, None)
    if results is None or not results.by_backend:
        return
    write = terminalreporter.write_line
    terminalreporter.section("backend conformance: support matrix")
    write(f"{'backend':<14}" + "".join(f"{o:>17}" for o in OUTCOMES) + f"{'ops all passing':>17}")
    for backend_name, outcomes in sorted(results.by_backend.items()):
        counts = collections.Counter(entry["outcome"] for entry in outcomes.values())
        per_op: dict[str, set[str]] = collections.defaultdict(set)
        for entry in outcomes.values():
            per_op[entry["op"]].add(entry["outcome"])
        ops_passing = sum(1 for seen in per_op.values() if seen == {"pass"})
        write(
            f"{backend_name:<14}"
            + "".join(f"{counts.get(o, 0):>17}" for o in OUTCOMES)
            + f"{f'{ops_passing}/{len(per_op)}':>17}"
        )
    for backend_name, outcomes in sorted(results.by_backend.items()):
        for label in ("not implemented", "fail"):
            ops = sorted({e["op"] for e in outcomes.values() if e["outcome"] == label})
            if ops:
                shown = ", ".join(ops[:40]) + (f", ... (+{len(ops) - 40})" if len(ops) > 40 else "")
                write(f"{backend_name} {label} ({len(ops)} ops): {shown}")
    path = config.getoption("conformance_report", default=None)
    if path:
        pathlib.Path(path).write_text(json.dumps(results.by_backend, indent=1, sort_keys=True), encoding="utf-8")
        write(f"conformance report written to {path}")
