"""Every docstring example of the shared packages runs and prints what it shows.

The examples pin the numpy backend (``mk.backend.use("numpy")``) where they
compute, so their output is the same everywhere; each runs with its module's
globals, as ``pytest --doctest-modules`` would run it. (``multikeras.ops`` has its own runner, once per backend:
``tests/ops/test_docstring_examples.py``.)
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import io
import pkgutil
import sys

import pytest

PACKAGES = (
    "multikeras.activations", "multikeras.callbacks", "multikeras.constraints", "multikeras.dtype_policies", "multikeras.initializers",
    "multikeras.layers", "multikeras.losses", "multikeras.metrics", "multikeras.models", "multikeras.optimizers", "multikeras.regularizers", "multikeras.saving", "multikeras.state",
    "multikeras.symbolic", "multikeras.trainers", "multikeras.utils", "multikeras.tree", "multikeras.mixed_precision",
    "multikeras.backend",
)
DOCUMENTED_PUBLIC_NAMES = ("multikeras.activations", "multikeras.callbacks", "multikeras.constraints", "multikeras.initializers",
                           "multikeras.layers", "multikeras.losses", "multikeras.metrics", "multikeras.models", "multikeras.optimizers",
                           "multikeras.optimizers.schedules",
                           "multikeras.regularizers", "multikeras.utils", "multikeras.tree")


def _modules(package_name: str) -> list[str]:
    package = importlib.import_module(package_name)
    return [package_name] + [info.name for info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}.")]


def _examples() -> list[doctest.DocTest]:
    finder = doctest.DocTestFinder()
    found: dict[str, doctest.DocTest] = {}
    for package_name in PACKAGES:
        for name in _modules(package_name):
            module = importlib.import_module(name)
            for test in finder.find(module, name):
                if test.examples and test.filename == module.__file__:
                    found.setdefault(test.name, test)
    return sorted(found.values(), key=lambda test: test.name)


EXAMPLES = _examples()


@pytest.mark.parametrize("package_name", DOCUMENTED_PUBLIC_NAMES)
def test_public_names_have_examples(package_name):
    package = importlib.import_module(package_name)
    documented = {test.name.rsplit(".", 1)[-1] for test in EXAMPLES}
    missing = [name for name in package.__all__
               if not inspect.ismodule(getattr(package, name))  # a sub-namespace lists its own names
               and getattr(getattr(package, name), "__name__", name) not in documented]
    assert not missing, f"{package_name}: public names without a docstring example: {missing}"


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
