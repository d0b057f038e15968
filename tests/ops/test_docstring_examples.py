"""Run the doctest example of every public op on every available backend.

The examples come from ``ops/summaries.py`` (rendered into the generated op
modules by ``tools/generate_ops.py``); they print NumPy conversions so their
output is the same on every backend. One pytest case per op and backend,
named ``<op>-<backend>``: ``pytest -k numpy`` runs the numpy backend's cases.

A case is skipped, not failed, when the backend cannot be loaded or when the
example stops on ``OpNotImplementedError`` (the op is listed in
``backend.missing_ops`` and in the support matrix); any other exception or
output mismatch fails with the doctest report.
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
from multikeras.backend.errors import BackendNotFoundError, OpNotImplementedError
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
BACKENDS = mk.backend.available()


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


def _load_or_skip(backend_name: str) -> None:
    try:
        mk.backend.get_backend(backend_name)
    except BackendNotFoundError as error:
        pytest.skip(f"backend '{backend_name}' cannot be loaded: {error}")


def test_every_public_op_has_a_documented_example() -> None:
    missing = [name for name, _ in PUBLIC_OPS if not (SUMMARIES.get(name) or (None, None))[1]]
    assert not missing, f"ops without a docstring example in ops/summaries.py: {missing}"
    stale = [name for name, function in PUBLIC_OPS
             if SUMMARIES[name][0].splitlines()[0] not in (function.__doc__ or "")]
    assert not stale, f"stale generated modules (run tools/generate_ops.py): {undocumented}"


@pytest.mark.parametrize("backend_name", BACKENDS)
@pytest.mark.parametrize("name, function", PUBLIC_OPS, ids=[name for name, _ in PUBLIC_OPS])
def test_docstring_example(backend_name: str, name: str, function: Callable) -> None:
    _load_or_skip(backend_name)
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
    missing = [error for error in runner.exceptions if isinstance(error, OpNotImplementedError)]
    if missing and len(runner.exceptions) == result.failed:
        pytest.skip(f"backend '{backend_name}': {missing[0]}")
    pytest.fail(
        f"the docstring example of ops.{name} failed on backend '{backend_name}' "
        f"({result.failed} of {result.attempted} statements):\n{report.getvalue()}",
        pytrace=False,
    )
