"""The op catalog and the generated ``multikeras.ops`` modules built from it."""

from __future__ import annotations

import importlib.util
import inspect
import pathlib
import sys

import pytest

import multikeras as mk
from multikeras import ops
from multikeras.backend.contract import _RESERVED
from multikeras.ops import catalog

ROOT = pathlib.Path(__file__).resolve().parents[2]
PUBLIC_OPS = [op for op in catalog.OPS if op.section in catalog.PUBLIC_SECTIONS]


def load_generator():
    spec = importlib.util.spec_from_file_location("mk_generate_ops", ROOT / "tools" / "generate_ops.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_modules_are_up_to_date():
    stale = [
        str(path.relative_to(ROOT))
        for path, text in load_generator().expected_files().items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"regenerate with `python tools/generate_ops.py`: {stale}"


def test_generator_writes_one_module_per_public_section():
    names = sorted(path.stem for path in load_generator().expected_files())
    assert names == sorted(catalog.PUBLIC_SECTIONS)


def test_catalog_is_large_and_has_unique_names():
    assert len(catalog.OPS) >= 250
    assert len(set(catalog.OP_NAMES)) == len(catalog.OP_NAMES)
    assert set(catalog.OPS_BY_NAME) == set(catalog.OP_NAMES)
    assert not set(catalog.OP_NAMES) & _RESERVED


def test_catalog_sections_are_known():
    assert {op.section for op in catalog.OPS} == set(catalog.PUBLIC_SECTIONS) | {"random", "backend"}


def test_malformed_catalog_line_is_rejected():
    with pytest.raises(ValueError, match="malformed op catalog line"):
        catalog._parse("[numpy]\nadd(x1, x2\n")
    with pytest.raises(ValueError, match="malformed op catalog line"):
        catalog._parse("add(x1, x2)\n")  # no section yet


def test_random_ops_have_prefixed_backend_names():
    normal = next(op for op in catalog.OPS if op.section == "random" and op.name == "normal")
    assert normal.backend_name == "random_normal"
    assert catalog.OPS_BY_NAME["random_normal"] is normal
    assert catalog.OPS_BY_NAME["add"].backend_name == "add"


def test_callable_flag_marks_ops_taking_user_functions():
    flagged = {op.name for op in catalog.OPS if op.takes_callables}
    assert {"cond", "while_loop", "scan", "fori_loop", "map", "value_and_grad", "jit"} <= flagged
    assert "add" not in flagged


@pytest.mark.parametrize("op", PUBLIC_OPS, ids=lambda op: f"{op.section}.{op.name}")
def test_public_op_is_reachable_at_top_level_and_in_its_section(op):
    section = getattr(ops, op.section)
    function = getattr(section, op.name)
    assert getattr(ops, op.name) is function
    assert op.name in section.__all__ and op.name in ops.__all__
    assert function.__doc__


@pytest.mark.parametrize("op", PUBLIC_OPS, ids=lambda op: f"{op.section}.{op.name}")
def test_public_op_signature_matches_the_catalog(op):
    expected = inspect.signature(eval(f"lambda {op.signature[1:-1]}: None"))  # noqa: S307 - our own table
    actual = inspect.signature(getattr(ops, op.name))
    assert [
        (p.name, p.kind, p.default) for p in actual.parameters.values()
    ] == [(p.name, p.kind, p.default) for p in expected.parameters.values()]


def test_random_and_backend_sections_are_exported_elsewhere():
    for op in catalog.OPS:
        if op.section == "random":
            assert op.name in mk.random.__all__ and callable(getattr(mk.random, op.name))
        elif op.section == "backend":
            assert callable(getattr(mk.backend, op.name))


def test_ops_namespace_exports_nothing_unexpected():
    assert len(ops.__all__) == len(set(ops.__all__)) == len(PUBLIC_OPS)


def test_generated_op_forwards_positionally_to_the_active_backend():
    received = []
    backend = mk.backend.Backend(
        "recorder", "0", mk.backend.Capabilities(), {"sum": lambda *args: received.append(args) or "done"}
    )
    with mk.backend.use(backend):
        assert ops.sum("x", axis=1, keepdims=True) == "done"
        assert ops.numpy.sum("y") == "done"
    assert received == [("x", 1, True), ("y", None, False)]


def test_generator_has_no_side_effects_on_import():
    before = {path: path.stat().st_mtime_ns for path in (ROOT / "src" / "multikeras" / "ops").glob("*.py")}
    load_generator()
    after = {path: path.stat().st_mtime_ns for path in (ROOT / "src" / "multikeras" / "ops").glob("*.py")}
    assert before == after
    assert "mk_generate_ops" not in sys.modules
