"""Generate the public op modules of ``multikeras.ops`` from the op catalog.

Run ``python tools/generate_ops.py`` after editing ``ops/catalog.py`` or
``ops/summaries.py``; ``tests/test_generated_ops.py`` fails when the
committed modules are stale. Each generated function is a thin, fixed-cost
forwarder: it reads the active backend (one ContextVar lookup) and calls the
backend's function positionally. Failures go to ``ops._dispatch``, which
costs nothing until something raises.
"""

from __future__ import annotations

import ast
import pathlib
import sys
import textwrap

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from multikeras.ops.catalog import PUBLIC_SECTIONS, OpInfo, section_ops  # noqa: E402

try:
    from multikeras.ops.summaries import SUMMARIES  # noqa: E402
except ImportError:  # pragma: no cover
    SUMMARIES = {}

OPS_DIR = ROOT / "src" / "multikeras" / "ops"

_ARRAY_PARAMS = {
    "x", "x1", "x2", "y", "a", "b", "inputs", "kernel", "depthwise_kernel", "pointwise_kernel",
    "images", "image1", "image2", "target", "output", "query", "key", "value", "bias", "mask",
    "condition", "indices", "values", "updates", "data", "segment_ids", "logits", "elems",
    "sorted_sequence", "bins", "weights", "mean", "variance", "offset", "scale", "gamma", "beta",
    "targets", "predictions", "coordinates", "transform", "abs_", "angle", "array", "variable",
    "target_length", "output_length", "sequence_lengths", "repeats", "xs", "condlist", "choicelist", "q", "tensor",
    "start", "stop", "fill_value", "x_min", "x_max", "volumes", "start_points", "end_points", "translation",
}
_HINTS = {
    "axis": "Axis",
    "axes": "Any",
    "dtype": "DTypeLike | None",
    "shape": "Shape",
    "newshape": "Shape",
    "keepdims": "bool",
    "data_format": "str | None",
    "padding": "str",
    "flash_attention": "bool | None",
}
_RESOLVERS = {
    "flash_attention": ("multikeras.backend.global_settings", "flash_attention_for_call"),
    # Ops outside ``multikeras.random`` that draw random numbers (``image.elastic_transform``) get the
    # seed resolved as the random ops do: the backend receives an int32 tensor of shape (2,).
    "seed": ("multikeras.random.seed_generator", "draw_seed"),
}
"""Parameters whose public value is resolved before it reaches the backend: ``name -> (module, function)``.

The generated op passes ``_function(value)`` instead of ``value`` (inside the ``try``, so a
resolver's ``TypeError``/``ValueError`` comes out naming the op and the backend)."""


def _annotate(arg: ast.arg, default: ast.expr | None) -> str:
    text = arg.arg
    hint = _HINTS.get(arg.arg)
    if hint is None and arg.arg in _ARRAY_PARAMS:
        hint = "ArrayLike"
    if hint == "DTypeLike | None" and default is not None and not (
        isinstance(default, ast.Constant) and default.value is None
    ):
        hint = "DTypeLike"
    if hint:
        text += f": {hint}"
    if default is not None:
        text += f" = {ast.unparse(default)}" if hint else f"={ast.unparse(default)}"
    return text


def _parse_signature(op: OpInfo) -> ast.arguments:
    tree = ast.parse(f"def f{op.signature}: pass")
    return tree.body[0].args  # type: ignore[attr-defined]


def _resolved(name: str) -> str:
    """The expression a generated op passes to the backend for its parameter ``name``."""
    return f"_{_RESOLVERS[name][1]}({name})" if name in _RESOLVERS else name


def _resolver_imports(ops: tuple[OpInfo, ...]) -> str:
    """Import lines of the resolvers the ops of one section use (none for most sections)."""
    used = sorted({_RESOLVERS[name] for op in ops for name in _parameter_names(op) if name in _RESOLVERS})
    return "".join(f"from {module} import {function} as _{function}\n" for module, function in used)


def _parameter_names(op: OpInfo) -> list[str]:
    args = _parse_signature(op)
    return [arg.arg for arg in (*args.args, *args.kwonlyargs)]


def _render(op: OpInfo) -> str:
    args = _parse_signature(op)
    positional = args.args
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    params = [_annotate(arg, default) for arg, default in zip(positional, defaults)]
    call = [_resolved(arg.arg) for arg in positional]
    if args.vararg is not None:
        params.append(f"*{args.vararg.arg}")
        call.append(f"*{args.vararg.arg}")
    elif args.kwonlyargs:
        params.append("*")
    for arg, default in zip(args.kwonlyargs, args.kw_defaults):
        params.append(_annotate(arg, default))
        call.append(f"{arg.arg}={_resolved(arg.arg)}")
    if args.kwarg is not None:
        params.append(f"**{args.kwarg.arg}")
        call.append(f"**{args.kwarg.arg}")
    names = [arg.arg for arg in positional]
    if args.vararg is not None:
        names.append(args.vararg.arg)
    names += [arg.arg for arg in args.kwonlyargs]
    if args.kwarg is not None:
        names.append(args.kwarg.arg)
    arguments = "{" + ", ".join(f"{name!r}: {name}" for name in names) + "}"
    summary, example = SUMMARIES.get(op.name, (None, None))
    doc = summary or f"Keras 3 ``keras.ops.{op.name}`` on the active backend."
    doc += f"\n\nSee ``docs/ops.md`` for the dtype rule and per-backend support."
    if example:
        doc += "\n\nExample:\n" + textwrap.indent(example.strip("\n"), "    ")
    doc = textwrap.indent(doc, "    ").lstrip()
    return (
        f"def {op.name}({', '.join(params)}) -> Array:\n"
        f'    """{doc}\n    """\n'
        f"    try:\n"
        f"        return (_active() or _process_backend()).{op.backend_name}({', '.join(call)})\n"
        f"    except Exception as error:\n"
        f"        return _failed({op.name!r}, error, {arguments})\n"
    )


def render_section(section: str) -> str:
    ops = section_ops(section)
    header = (
        f'"""``multikeras.ops.{section}``: generated from ``ops/catalog.py``; do not edit.\n\n'
        f"Regenerate with ``python tools/generate_ops.py``.\n"
        f'"""\n\n'
        f"# fmt: off\n"
        f"from __future__ import annotations\n\n"
        f"from typing import Any\n\n"
        f"{_resolver_imports(ops)}"
        f"from multikeras.backend.selection import _override, _process_backend\n"
        f"from multikeras.ops._dispatch import handle_failure as _failed\n"
        f"from multikeras.ops.types import Array, ArrayLike, Axis, DTypeLike, Shape\n\n"
        f"_active = _override.get\n\n"
        f"__all__ = {[op.name for op in ops]!r}\n"
    )
    body = "\n\n".join(_render(op) for op in ops)
    return header + "\n\n" + body


def expected_files() -> dict[pathlib.Path, str]:
    return {OPS_DIR / f"{section}.py": render_section(section) for section in PUBLIC_SECTIONS}


def main() -> None:
    for path, text in expected_files().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
