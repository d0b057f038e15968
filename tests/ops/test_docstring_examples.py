"""Run the doctest example of every public op on every selected backend.

The examples come from ``ops/summaries.py`` (rendered into the generated op
modules by ``tools/generate_ops.py``); they print NumPy conversions so their
output is the same on every backend. One pytest case per op and backend,
named ``<op>-<backend>``: ``pytest -k numpy`` runs the numpy backend's cases.

The selected backends are the built-in ones unless ``--backend`` names others
(see ``tests/conftest.py``). Any exception or output mismatch fails with the
doctest report, ``OpNotImplementedError`` included: the examples describe
what every built-in backend computes.
"""

from __future__ import annotations

import doctest
import importlib
import io
import sys
from collections.abc import Callable
from types import TracebackType

import pytest

import multikeras as mk
from multikeras.ops.catalog import PUBLIC_SECTIONS
from multikeras.ops.summaries import SUMMARIES

ExcInfo = tuple[type[BaseException], BaseException, TracebackType]


def _public_ops() -> list[tuple[str, Callable]]:
    ops = []
    for section in PUBLIC_SECTIONS:
        module = importlib.import_module(f"multikeras.ops.{section}")
        ops.extend((name, getattr(module, name)) for name in module.__all__)
    return ops


PUBLIC_OPS = _public_ops()


class _RecordingRunner(doctest.DocTestRunner):
    """A doctest runner that also keeps the exceptions the examples raised."""

    def __init__(self) -> None:
        super().__init__(verbose=False, optionflags=0)
        self.exceptions: list[BaseException] = []

    def report_unexpected_exception(self, out, test, example, exc_info: ExcInfo) -> None:
        self.exceptions.append(exc_info[1])
        super().report_unexpected_exception(out, test, example, exc_info)


def _doctest_of(name: str, function: Callable) -> doctest.DocTest:
    finder = doctest.DocTestFinder(recurse=False)
    # Fresh, empty globals: each example must import what it uses.
    tests = [test for test in finder.find(function, f"multikeras.ops.{name}", globs={}) if test.examples]
    assert len(tests) == 1, f"ops.{name}: expected one docstring example, found {len(tests)}"
    return tests[0]


def test_every_public_op_has_a_documented_example() -> None:
    missing = [name for name, _ in PUBLIC_OPS if not (SUMMARIES.get(name) or (None, None))[1]]
    assert not missing, f"ops without a docstring example in ops/summaries.py: {missing}"
    stale = [name for name, function in PUBLIC_OPS
             if SUMMARIES[name][0].splitlines()[0] not in (function.__doc__ or "")]
    assert not stale, f"stale generated modules (run tools/generate_ops.py): {stale}"


@pytest.mark.parametrize("name, function", PUBLIC_OPS, ids=[name for name, _ in PUBLIC_OPS])
def test_docstring_example(backend_name: str, name: str, function: Callable) -> None:
    test = _doctest_of(name, function)
    runner = _RecordingRunner()
    report = io.StringIO()
    with mk.backend.use(backend_name):
        # doctest swaps sys.stdout while examples run; keep pytest's capture intact.
        stdout = sys.stdout
        try:
            result = runner.run(test, out=report.write, clear_globs=True)
        finally:
            sys.stdout = stdout
    if result.failed == 0:
        return
    pytest.fail(
        f"the docstring example of ops.{name} failed on backend '{backend_name}' "
        f"({result.failed} of {result.attempted} statements):\n{report.getvalue()}",
        pytrace=False,
    )
