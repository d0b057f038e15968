"""Run the conformance suite for some backends and record their failures as known gaps.

Usage::

    python tools/record_known_gaps.py --backend torch [--backend jax ...] [--dry-run]

For each backend, the failing records (including ops the backend does not
implement) are written to ``tests/backend_conformance/known_gaps.json`` with
their one-line failure reason, replacing that backend's previous entries;
other backends' entries are kept. Review the failures before committing:
a known gap is a promise to fix, not a way to hide a bug.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from backend_conformance.gaps import load_known_gaps, write_known_gaps  # noqa: E402


def run_suite(backends: list[str], report: pathlib.Path) -> dict[str, dict[str, dict[str, str]]]:
    """Run the suite with the current known gaps ignored and return the JSON report."""
    command = [
        sys.executable, "-m", "pytest", str(ROOT / "tests" / "backend_conformance"), "-q", "-p", "no:cacheprovider",
        "--conformance-report", str(report), "--conformance-ignore-gaps",
    ]
    for name in backends:
        command += ["--backend", name]
    subprocess.run(command, cwd=ROOT, check=False)
    if not report.exists():
        raise SystemExit(f"record_known_gaps: the suite wrote no report ({' '.join(command)})")
    return json.loads(report.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", action="append", required=True, help="backend to record (repeatable)")
    parser.add_argument("--dry-run", action="store_true", help="print the gaps instead of writing known_gaps.json")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        results = run_suite(options.backend, pathlib.Path(folder) / "report.json")
    gaps = load_known_gaps()
    for name in options.backend:
        outcomes = results.get(name, {})
        failing = {
            record_id: (entry["message"] or entry["outcome"])
            for record_id, entry in outcomes.items()
            if entry["outcome"] in ("fail", "not implemented")
        }
        gaps[name] = failing
        print(f"{name}: {len(failing)} failing record(s) of {len(outcomes)}")
    if options.dry_run:
        print(json.dumps({name: gaps.get(name, {}) for name in options.backend}, indent=2))
    else:
        write_known_gaps(gaps)
        print("wrote tests/backend_conformance/known_gaps.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
