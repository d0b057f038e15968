"""Run the whole benchmark suite and write ``docs/benchmarks.md`` and ``docs/benchmarks.png``.

Per backend, one fresh worker process (pinned threads; Keras 3 imported with
``KERAS_BACKEND`` set to that backend when it is installed) runs, in order:
training W1-W5 (``training.py``; jax, torch and tensorflow), inference
(``inference.py``; numpy too) and per-call overhead (``overhead.py``). Then
import times are taken in fresh processes (``import_time.py``). The workers
run one after another, never side by side.

Usage:
    python benchmarks/run_all.py                 # the full suite, about 14 minutes on 2 cores
    python benchmarks/run_all.py --quick         # every arm once with tiny windows: checks the suite runs
Options:
    --output PATH   Markdown file (default docs/benchmarks.md); the plot goes next to it as <name>.png
                    (skipped, with a note, when matplotlib is not installed)
    --json PATH     raw results (default: next to the Markdown file as <name>.json)
    --no-keras      leave out the Keras 3 arms (they are skipped anyway when keras is not installed)
    --threads N     threads per framework (default 1)
    --repeats R     timed windows per arm (default 7; quick 1)
    --processes N   training worker processes per backend, their windows pooled (default 1); timings
                    differ more between processes than between the windows of one process
    --note TEXT     conditions to record with the numbers (e.g. "machine shared with other jobs")
    --render JSON   measure nothing: rewrite the Markdown and the plot from an earlier run's raw results
"""

from __future__ import annotations

import argparse
import json
import pathlib
import statistics
import sys
import time
from typing import Any

import harness
import import_time
import inference
import overhead
import report
import training

DEFAULT_OUTPUT = harness.ROOT / "docs" / "benchmarks.md"
BACKENDS = ("numpy", "jax", "torch", "tensorflow")


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="every arm once with tiny windows (CI)")
    parser.add_argument("--output", type=pathlib.Path, default=DEFAULT_OUTPUT, help="Markdown file to write")
    parser.add_argument("--json", type=pathlib.Path, help="raw results (default: <output>.json)")
    parser.add_argument("--no-keras", action="store_true", help="leave out the Keras 3 arms")
    parser.add_argument("--threads", type=int, default=1, help="threads per framework (default 1)")
    parser.add_argument("--repeats", type=int, default=None, help="timed windows per arm (default 7, quick 1)")
    parser.add_argument("--processes", type=int, default=1,
                        help="training worker processes per backend, their windows pooled (default 1): timings "
                             "differ more between processes than between windows of one process")
    parser.add_argument("--backend", action="append", choices=BACKENDS, help="repeatable; default all")
    parser.add_argument("--note", default="", help="conditions to record with the numbers")
    parser.add_argument("--render", type=pathlib.Path, metavar="JSON",
                        help="measure nothing: write the report again from the raw results of an earlier run")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.processes < 1:
        parser.error(f"--processes must be at least 1, received {args.processes}")
    if args.repeats is None:
        args.repeats = 1 if args.quick else 7
    return args


def _common(args: argparse.Namespace, backend_name: str) -> list[str]:
    return (["--backend", backend_name, "--threads", str(args.threads)] + ["--quick"] * args.quick
            + ["--no-keras"] * args.no_keras)


def worker(args: argparse.Namespace) -> dict[str, Any]:
    """Training, inference and overhead of one backend, in this fresh process."""
    backend_name = args.backend[0]
    common = _common(args, backend_name)
    result: dict[str, Any] = {}
    if backend_name in harness.TRAINABLE_BACKENDS:
        result["training"] = training.worker(training.parse_arguments(common + ["--repeats", str(args.repeats)]))
    result["inference"] = inference.worker(inference.parse_arguments(common + ["--repeats", str(args.repeats)]))
    overhead_arguments = [a for a in common if a != "--no-keras"]
    result["overhead"] = overhead.worker(overhead.parse_arguments(overhead_arguments + (["--repeat", "15"] * (not args.quick))))
    return result


def pool_training_windows(training: dict[str, Any], more: dict[str, Any]) -> None:
    """Add the timed windows of another training worker's run to ``training``: each arm's median, min and max
    are then over the windows of every process (first steps and losses stay the first process's).

    Example:
        >>> def run(samples):
        ...     arm = {"ms_per_step": {"samples": samples}}
        ...     return {"workloads": {"W1": {"repeats": len(samples), "arms": {"native": arm}}}}
        >>> first = run([1.0, 2.0, 3.0])
        >>> pool_training_windows(first, run([10.0, 11.0, 12.0]))
        >>> first["workloads"]["W1"]["arms"]["native"]["ms_per_step"]["median"], first["workloads"]["W1"]["processes"]
        (6.5, 2)
    """
    for key, workload in training["workloads"].items():
        other = more["workloads"].get(key, {"arms": {}})
        workload["processes"] = workload.get("processes", 1) + 1
        for name, arm in workload["arms"].items():
            if "ms_per_step" not in arm or "ms_per_step" not in other["arms"].get(name, {}):
                continue
            samples = arm["ms_per_step"]["samples"] + other["arms"][name]["ms_per_step"]["samples"]
            arm["ms_per_step"] = {"median": statistics.median(samples), "min": min(samples), "max": max(samples),
                                  "samples": samples}
        workload["repeats"] = max(len(arm["ms_per_step"]["samples"]) for arm in workload["arms"].values()
                                  if "ms_per_step" in arm)


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    facts = harness.machine_facts(args.threads)
    results: dict[str, Any] = {"machine": facts, "quick": args.quick, "note": args.note, "training": {},
                               "inference": {}, "overhead": {"repeat": 1 if args.quick else 15, "rows": [], "errors": {}}}
    keras_missing = not args.no_keras and not import_time.keras_installed()
    if keras_missing:
        _log("keras not installed: the Keras 3 arms are skipped")
    for backend_name in args.backend or BACKENDS:
        _log(f"{backend_name}: worker started ...")
        keras_backend = None if args.no_keras or keras_missing else backend_name
        part = harness.run_worker("run_all.py", _common(args, backend_name) + ["--repeats", str(args.repeats)],
                                  args.threads, keras_backend)
        if "training" in part:
            for index in range(1, args.processes):
                _log(f"{backend_name}: training worker {index + 1} of {args.processes} ...")
                more = harness.run_worker("training.py", _common(args, backend_name) + ["--repeats", str(args.repeats)],
                                          args.threads, keras_backend)
                pool_training_windows(part["training"], more)
            results["training"][backend_name] = part["training"]
            for key, workload in part["training"]["workloads"].items():
                cells = ", ".join(f"{n} {a['ms_per_step']['median']:.3f}" for n, a in workload["arms"].items())
                _log(f"  training {key} ms/step: {cells}" + (f"; errors: {workload['errors']}" if workload["errors"] else ""))
        results["inference"][backend_name] = part["inference"]
        results["overhead"]["rows"] += part["overhead"]["rows"]
        results["overhead"]["errors"].update(part["overhead"]["errors"])
    import_arguments = ["--threads", str(args.threads)] + ["--quick"] * args.quick + ["--no-keras"] * args.no_keras
    for backend_name in args.backend or []:
        import_arguments += ["--backend", backend_name]
    results["import_time"] = import_time.run(import_time.parse_arguments(import_arguments), log=_log)
    results["seconds"] = time.perf_counter() - started
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    if args.worker:
        harness.emit_result(worker(args))
        return 0
    results = json.loads(args.render.read_text(encoding="utf-8")) if args.render else run(args)
    results.pop("plot", None)
    output: pathlib.Path = args.output
    picture = output.with_suffix(".png")
    if report.plot(results, picture):
        results["plot"] = picture.name
    else:
        _log("matplotlib not installed: plot skipped")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(report.render(results) + "\n", encoding="utf-8")
    raw = args.json or output.with_suffix(".json")
    if not (args.render and raw.resolve() == args.render.resolve()):
        raw.write_text(json.dumps(results, indent=1), encoding="utf-8")
    _log(f"wrote {output}" + (f", {picture}" if "plot" in results else "") + f" and {raw} in {results['seconds']:.0f} s")
    errors = [(b, k, w["errors"]) for b, r in results["training"].items() for k, w in r["workloads"].items() if w["errors"]]
    errors += [(b, k, m["errors"]) for b, r in results["inference"].items() for k, m in r["models"].items() if m["errors"]]
    errors += list(results["overhead"]["errors"].items())
    for error in errors:
        _log(f"error: {error}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
