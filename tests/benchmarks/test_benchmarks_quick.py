"""The benchmark suite runs end to end: ``benchmarks/run_all.py --quick`` in a fresh process.

Speed is never asserted here (see DESIGN.md, Testing); the test checks that
every arm ran and that the report has a finite, positive number in every
cell that must have one.
"""

from __future__ import annotations

import importlib.util
import json
import math
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
RUN_ALL = ROOT / "benchmarks" / "run_all.py"
TRAINABLE = ("jax", "torch", "tensorflow")
WORKLOADS = ("W1", "W2", "W3", "W4", "W5")
ALL_BACKENDS = ("numpy", *TRAINABLE)


def _table(markdown: str, heading: str) -> list[list[str]]:
    """The body rows of the first table under ``heading``, as lists of cell texts."""
    section = markdown.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]]


def _positive(cell: str) -> bool:
    try:
        value = float(cell)
    except ValueError:
        return False
    return math.isfinite(value) and value > 0


def test_quick_run_reports_every_backend_and_workload(tmp_path):
    keras_installed = importlib.util.find_spec("keras") is not None
    output = tmp_path / "benchmarks.md"
    # With keras installed the Keras 3 arm is left out to keep the test short; without it (CI)
    # the suite must say that it skipped it.
    command = [sys.executable, str(RUN_ALL), "--quick", "--output", str(output)] + ["--no-keras"] * keras_installed
    completed = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr[-6000:]
    if not keras_installed:
        assert "keras not installed" in completed.stderr
    markdown = output.read_text(encoding="utf-8")
    assert "No accelerator" in markdown and "Quick mode" in markdown

    training = {(row[0], row[1]): row for row in _table(markdown, "Training: ms/step, defaults")}
    assert set(training) == {(b, w) for b in TRAINABLE for w in WORKLOADS}
    for key, row in training.items():
        native, multikeras, ratio, same_losses = row[2], row[4], row[5], row[8]
        assert all(_positive(cell) for cell in (native, multikeras, ratio)), (key, row)
        assert same_losses == "yes", (key, row)

    overhead = {row[0] for row in _table(markdown, "Fixed overhead per step (W1)") if _positive(row[1])}
    assert overhead == set(TRAINABLE)

    inference = {(row[0], row[1]): row for row in _table(markdown, "Inference: predict")}
    assert set(inference) == {(b, m) for b in ALL_BACKENDS for m in ("W2", "W3")}
    for key, row in inference.items():
        native_b1, predict_b1, on_batch_b1, native_rate, predict_rate = row[2], row[3], row[4], row[7], row[8]
        assert all(_positive(c) for c in (native_b1, predict_b1, on_batch_b1, native_rate, predict_rate)), (key, row)

    per_call = _table(markdown, "Per-call overhead (µs)")
    assert {row[0] for row in per_call} == set(ALL_BACKENDS)
    assert all(_positive(row[2]) and _positive(row[3]) for row in per_call), per_call

    imports = {row[0]: row for row in _table(markdown, "Import time (seconds, fresh processes)")}
    assert set(imports) == set(ALL_BACKENDS)
    assert all(_positive(row[2]) and _positive(row[4]) for row in imports.values()), imports

    raw = json.loads(output.with_suffix(".json").read_text(encoding="utf-8"))
    assert set(raw["training"]) == set(TRAINABLE) and raw["quick"] is True
