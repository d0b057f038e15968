"""Command-line options of the conformance suite.

Registered from the top-level ``tests/conftest.py`` (pytest only accepts
options from conftests it loads before parsing the command line, so
``pytest tests --backend torch`` needs them there).
"""

from __future__ import annotations

import pytest


def add_options(parser: pytest.Parser) -> None:
    """``--backend`` (repeatable), ``--conformance-ignore-gaps``, ``--conformance-report``."""
    group = parser.getgroup("backend conformance")
    group.addoption(
        "--backend",
        action="append",
        default=None,
        dest="conformance_backends",
        help="backend to run per-backend tests on (repeatable; default: the conformance suite takes every installed backend, third-party ones included; other tests take the built-in ones)",
    )
    group.addoption(
        "--conformance-ignore-gaps",
        action="store_true",
        default=False,
        dest="conformance_ignore_gaps",
        help="run known gaps as ordinary tests (used by tools/record_known_gaps.py)",
    )
    group.addoption(
        "--conformance-report",
        default=None,
        dest="conformance_report",
        help="write the conformance outcomes as JSON to this path",
    )
