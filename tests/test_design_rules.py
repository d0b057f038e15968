"""DESIGN.md rule 1 as a test: shared code never asks which backend it runs on.

Outside ``multikeras/backend/`` (the contract and selection) and
``multikeras/backends/`` (the plug-ins), no module may import a framework or
contain a built-in backend's name as a string (docstrings excepted).
"""

from __future__ import annotations

import ast
import pathlib

import pytest

SOURCE = pathlib.Path(__file__).resolve().parents[1] / "src" / "multikeras"
FRAMEWORKS = {"torch", "jax", "jaxlib", "tensorflow", "tf_keras", "keras"}
BACKEND_NAMES = {"torch", "jax", "tensorflow", "numpy"}
ALLOWED = {("ops/catalog.py", "numpy")}
"""``(module, string)`` pairs that are not backend names: ``ops.numpy`` is a section of the op catalog."""
SHARED = sorted(
    path for path in SOURCE.rglob("*.py")
    if path.relative_to(SOURCE).parts[0] not in ("backend", "backends")
)


def _docstring_nodes(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


@pytest.mark.parametrize("path", SHARED, ids=[str(p.relative_to(SOURCE)) for p in SHARED])
def test_shared_module_is_backend_agnostic(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = _docstring_nodes(tree)
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            problems += [f"line {node.lineno}: import {a.name}" for a in node.names if a.name.split(".")[0] in FRAMEWORKS]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in FRAMEWORKS:
            problems.append(f"line {node.lineno}: from {node.module} import ...")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if node.value in BACKEND_NAMES and (str(path.relative_to(SOURCE)), node.value) not in ALLOWED:
                problems.append(f"line {node.lineno}: backend name {node.value!r} in shared code")
    assert not problems, problems


def test_the_scan_sees_the_shared_packages():
    names = {path.relative_to(SOURCE).parts[0] for path in SHARED}
    assert {"layers", "models", "ops", "state", "symbolic", "initializers"} <= names
