"""nox sessions: one per backend, plus ``full`` (the whole suite, as CI runs it).

Each backend session installs only that backend's framework, runs the
conformance suite for it (``--backend NAME``), then every other test with
``MULTIKERAS_BACKEND=NAME``.

Usage:
    pip install nox
    nox                      # every session
    nox -s torch -- -x       # one session, extra pytest arguments after --
"""

from __future__ import annotations

import nox

PYTHON = "3.11"
CONSTRAINTS = ("-c", "constraints.txt")
BACKEND_EXTRAS = {
    "numpy": "test",  # no framework at all: checks multikeras works without one
    "jax": "test,jax",
    "torch": "test,torch",
    "tensorflow": "test,tensorflow",
}

nox.options.sessions = [*BACKEND_EXTRAS, "full"]


def _backend_session(name: str, extras: str):
    def run_backend(session: nox.Session) -> None:
        session.install(*CONSTRAINTS, "-e", f".[{extras}]")
        session.run("pytest", "tests/backend_conformance", "--backend", name, *session.posargs)
        session.run(
            "pytest",
            "tests",
            "--ignore=tests/backend_conformance",
            *session.posargs,
            env={"MULTIKERAS_BACKEND": name},
        )

    run_backend.__doc__ = f"Conformance suite and unit tests on the {name} backend."
    return nox.session(name=name, python=PYTHON)(run_backend)


for _name, _extras in BACKEND_EXTRAS.items():
    globals()[f"session_{_name}"] = _backend_session(_name, _extras)


@nox.session(python=PYTHON)
def full(session: nox.Session) -> None:
    """Every backend and the example plug-in: the whole suite, as ``.ci/run`` runs it."""
    session.install(*CONSTRAINTS, "-e", ".[all,test]")
    # --no-deps: multikeras itself is already installed (editable) in this session.
    session.install("--no-deps", "./examples/numpy64_backend")
    session.run("pytest", "-n", "2", *session.posargs)
