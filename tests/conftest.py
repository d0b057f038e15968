"""Shared fixtures: fresh Python processes, throwaway plug-ins, and global-state guards.

Selection levels 3-5 (environment, settings file, default) are read once per
process, so tests of them run a fresh interpreter (:func:`run_python`) with a
controlled environment: no ``MULTIKERAS_BACKEND`` unless given and an empty
``MULTIKERAS_HOME`` so the developer's ``~/.multikeras`` never leaks in.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pathlib
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator

import pytest

import multikeras as mk
from multikeras.backend import config, selection
from multikeras.backend.registry import REGISTRY
from plugin_support import write_plugin

FRAMEWORKS = ("jax", "torch", "tensorflow")
"""Top-level modules of the frameworks behind the built-in backends."""


@dataclasses.dataclass
class PythonRun:
    """Result of :func:`run_python`: exit code and captured output."""

    returncode: int
    stdout: str
    stderr: str

    def lines(self) -> list[str]:
        return self.stdout.strip().splitlines()

    def json(self):
        """The last stdout line parsed as JSON (scripts print their result last)."""
        return json.loads(self.lines()[-1])


FAKE_BACKENDS_SOURCE = '''
"""Four tiny backends used to test selection without any framework."""
from multikeras.backend import Backend, Capabilities
from multikeras.backend.hookspecs import hookimpl
from multikeras.backend.spec import BackendSpec

NAMES = ("fake_a", "fake_b", "fake_c", "fake_d")


@hookimpl
def multikeras_backend():
    return [BackendSpec(name, f"mk_fake_backends.plugin:load_{name}") for name in NAMES]


def _make(name):
    return Backend(name, "0", Capabilities(trainable=False), {"add": lambda a, b: (name, a + b)})


load_fake_a, load_fake_b, load_fake_c, load_fake_d = (
    (lambda name=name: _make(name)) for name in NAMES
)
'''


@pytest.fixture
def fake_backends_path(tmp_path: pathlib.Path) -> pathlib.Path:
    """A sys.path entry with plug-ins ``fake_a`` .. ``fake_d`` installed (no framework)."""
    return write_plugin(
        tmp_path / "site",
        "mk-fake-backends",
        {"fake_backends": "mk_fake_backends.plugin"},
        {"mk_fake_backends.plugin": FAKE_BACKENDS_SOURCE},
    )


@pytest.fixture
def run_python(tmp_path: pathlib.Path) -> Callable[..., PythonRun]:
    """Run Python source in a fresh interpreter with a controlled environment.

    Args (of the returned function):
        code: the script (dedented).
        env: variables to set (``None`` values remove one).
        path: directories put first on ``PYTHONPATH``.
        settings: a dict written as ``$MULTIKERAS_HOME/multikeras.json``, or a
            str written verbatim (to test malformed files).
    """
    counter = [0]

    def run(
        code: str,
        env: dict[str, str | None] | None = None,
        path: tuple[pathlib.Path, ...] = (),
        settings: dict | str | None = None,
        timeout: float = 300,
    ) -> PythonRun:
        counter[0] += 1
        home = tmp_path / f"multikeras_home_{counter[0]}"
        home.mkdir()
        if settings is not None:
            text = settings if isinstance(settings, str) else json.dumps(settings)
            (home / "multikeras.json").write_text(text, encoding="utf-8")
        environment = dict(os.environ)
        environment.pop("MULTIKERAS_BACKEND", None)
        environment.pop("PYTHONWARNINGS", None)
        environment["MULTIKERAS_HOME"] = str(home)
        if path:
            previous = environment.get("PYTHONPATH")
            entries = [str(p) for p in path] + ([previous] if previous else [])
            environment["PYTHONPATH"] = os.pathsep.join(entries)
        for key, value in (env or {}).items():
            if value is None:
                environment.pop(key, None)
            else:
                environment[key] = value
        completed = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code)],
            env=environment,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        return PythonRun(completed.returncode, completed.stdout, completed.stderr)

    return run


@pytest.fixture
def restore_global_state() -> Iterator[None]:
    """Undo ``set_backend`` and config setters made by a test."""
    process_backend = selection._process[0]
    settings = dict(config._settings)
    try:
        yield
    finally:
        selection._process[0] = process_backend
        config._settings.clear()
        config._settings.update(settings)


def builtin_backends() -> list[str]:
    """Available backends that multikeras itself ships (its own entry points)."""
    return [
        name for name, spec in REGISTRY.specs().items()
        if spec.loader.startswith("multikeras.backends.") and name in mk.backend.available()
    ]


def selected_backends(config: pytest.Config) -> list[str]:
    """Backends the per-backend tests run on: the ``--backend`` names, else the built-in ones.

    Third-party plug-ins are checked by naming them (``pytest --backend numpy64``);
    ``tests/test_third_party_plugin.py`` does that for the example plug-in.
    """
    names = config.getoption("conformance_backends", default=None)
    return list(dict.fromkeys(names)) if names else sorted(builtin_backends())


def trainable_backends(config: pytest.Config) -> list[str]:
    """The selected backends that differentiate and train (``capabilities().trainable``)."""
    names = []
    for name in selected_backends(config):
        with mk.backend.use(name):
            if mk.backend.capabilities().trainable:
                names.append(name)
    return names


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every test that takes a ``backend_name`` argument once per selected backend, and every test that
    takes ``trainable_backend_name`` once per selected backend that trains (the others have no gradients to
    check: what they raise instead is tested in ``tests/backend``)."""
    if "backend_name" in metafunc.fixturenames:
        metafunc.parametrize("backend_name", selected_backends(metafunc.config))
    if "trainable_backend_name" in metafunc.fixturenames:
        metafunc.parametrize("trainable_backend_name", trainable_backends(metafunc.config))


@pytest.fixture
def backends_under_test(request: pytest.FixtureRequest) -> list[str]:
    """The selected backends, for tests that compare them in one process."""
    return selected_backends(request.config)


def pytest_addoption(parser: pytest.Parser) -> None:
    """Options of the backend conformance suite (``--backend`` ...): they must be in a top-level conftest."""
    from backend_conformance.options import add_options

    add_options(parser)
