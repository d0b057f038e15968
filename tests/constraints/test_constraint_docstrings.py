"""Every docstring example in ``multikeras.constraints`` runs and prints what it shows.

The examples pin the numpy backend (``mk.backend.use("numpy")``) so their
output is the same everywhere; each runs in fresh, empty globals.
"""

from __future__ import annotations

import doctest
import importlib
import io
import pkgutil
import sys

import pytest

import multikeras.constraints as package


def _examples() -> list[doctest.DocTest]:
    names = [package.__name__] + [f"{package.__name__}.{info.name}" for info in pkgutil.iter_modules(package.__path__)]
    finder = doctest.DocTestFinder()
    found = []
    for name in names:
        module = importlib.import_module(name)
        found.extend(test for test in finder.find(module, name, globs={}) if test.examples)
    return sorted(found, key=lambda test: test.name)


EXAMPLES = _examples()


def test_public_names_have_examples():
    documented = {test.name.rsplit(".", 1)[-1] for test in EXAMPLES}
    missing = [name for name in package.__all__ if getattr(package, name).__name__ not in documented]
    assert not missing, f"public names without a docstring example: {missing}"


@pytest.mark.parametrize("example", EXAMPLES, ids=[test.name for test in EXAMPLES])
def test_docstring_example(example: doctest.DocTest) -> None:
    runner = doctest.DocTestRunner(verbose=False, optionflags=doctest.ELLIPSIS)
    report = io.StringIO()
    stdout = sys.stdout  # doctest swaps sys.stdout while examples run; keep pytest's capture intact
    try:
        result = runner.run(example, out=report.write, clear_globs=True)
    finally:
        sys.stdout = stdout
    assert result.failed == 0, f"{example.name}: {result.failed} of {result.attempted} statements failed\n{report.getvalue()}"
