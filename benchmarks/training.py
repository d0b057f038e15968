"""Training speed, W1-W5: a hand-written native loop vs Keras 3 vs multikeras, per backend.

For each backend (jax, torch, tensorflow) one fresh worker process pins the
thread pools, imports the framework, multikeras and (when installed) Keras 3
with ``KERAS_BACKEND`` set to that backend, and for each workload:

1. builds every arm from the same initial weights and data;
2. times each arm's first step (tracing and compiling included) on batch 0,
   then runs batch 0 once more: equal weights, data and math must give equal
   losses before and after one Adam update, which is checked;
3. runs a few warm-up steps;
4. times windows of N steps, the arms taking turns, ``repeats`` times, and
   reports the median ms/step of each arm.

Arms: ``native`` (see native_<backend>.py), ``keras`` (Keras 3 out of the
box) and ``multikeras`` (multikeras out of the box), plus ``keras[matched]`` /
``multikeras[matched]`` when a library's default compile mode differs from
the native arm's (see ``keras_api_arm.MATCHED_JIT_COMPILE``).

Usage:
    python benchmarks/training.py [--backend NAME ...] [--workload W1 ...] [--quick] [--repeats 7]
                                  [--no-keras] [--threads N] [--json PATH]
"""

from __future__ import annotations

import argparse
import importlib
import math
import pathlib
import sys
from typing import Any

import harness
import workloads as workloads_module

NATIVE_MODULES = {"jax": "native_jax", "torch": "native_torch", "tensorflow": "native_tensorflow"}


def measure_workload(backend_name: str, workload: workloads_module.Workload, libraries: dict[str, Any], steps: int,
                     warmup: int, repeats: int) -> dict[str, Any]:
    """First-step time, first loss and median ms/step of every arm on one workload."""
    from keras_api_arm import MATCHED_JIT_COMPILE, KerasApiArm

    native = importlib.import_module(NATIVE_MODULES[backend_name])
    x, y = workloads_module.batches(workload, max(steps, warmup, 1))
    arms: dict[str, Any] = {}
    errors: dict[str, str] = {}

    def add(name: str, build: Any) -> Any:
        try:
            arms[name] = build()
        except Exception as error:  # one broken arm must not hide the others' numbers
            errors[name] = f"{type(error).__name__}: {error}"
        return arms.get(name)

    add("native", lambda: native.TrainingArm(workload, x, y))
    for library, lib in libraries.items():
        arm = add(library, lambda: KerasApiArm(library, lib, backend_name, workload, x, y))
        matched = MATCHED_JIT_COMPILE[library][backend_name]
        if arm is not None and arm.jit_compile != matched:
            add(f"{library}[matched]", lambda: KerasApiArm(library, lib, backend_name, workload, x, y, jit_compile=matched))

    results: dict[str, dict[str, Any]] = {}
    for name, arm in list(arms.items()):
        try:
            seconds, loss = harness.timed(lambda: arm.run(1))
            loss_after_update = arm.run(1)  # batch 0 again, after one Adam step: checks gradients and update
            arm.run(warmup)
        except Exception as error:
            errors[name] = f"{type(error).__name__}: {error}"
            del arms[name]
            continue
        results[name] = {"compile_setting": arm.compile_setting, "first_step_s": seconds, "first_loss": loss,
                         "second_loss": loss_after_update}

    def window(arm: Any) -> Any:
        return lambda: harness.timed(lambda: arm.run(steps))[0] * 1000.0 / steps

    medians = harness.interleaved_medians({name: window(arm) for name, arm in arms.items()}, repeats)
    for name, summary in medians.items():
        results[name]["ms_per_step"] = summary
    agree, gap = workloads_module.losses_agree(
        [{name: r[which] for name, r in results.items()} for which in ("first_loss", "second_loss")]
    )
    return {"title": workload.title, "batch_size": workload.batch_size, "input_shape": list(workload.input_shape),
            "steps": steps, "warmup": warmup, "repeats": repeats, "arms": results, "errors": errors,
            "losses_agree": agree, "loss_gap": gap}


def worker(args: argparse.Namespace) -> dict[str, Any]:
    """Everything measured for one backend, in this (fresh) process."""
    backend_name = args.backend[0]
    threads = harness.pin_framework_threads(backend_name, args.threads)
    import multikeras

    libraries: dict[str, Any] = {}
    keras_note = "not requested (--no-keras)"
    if not args.no_keras:
        keras = harness.keras_module()
        if keras is None:
            keras_note = "keras not installed: Keras 3 arm skipped"
        elif keras.backend.backend() != backend_name:
            keras_note = f"Keras 3 runs on {keras.backend.backend()!r}, not {backend_name!r}: Keras 3 arm skipped"
        else:
            libraries["keras"] = keras
            keras_note = f"keras {keras.__version__}"
    libraries["multikeras"] = multikeras
    table = workloads_module.workloads(args.quick)
    measured = {}
    for key in args.workload or list(table):
        workload = table[key]
        steps = args.steps or (2 if args.quick else workload.steps)
        warmup = 1 if args.quick else max(3, steps // 10)
        measured[key] = measure_workload(backend_name, workload, libraries, steps, warmup, args.repeats)
    return {"backend": backend_name, "framework_version": harness.framework_version(backend_name),
            "threads": threads, "keras": keras_note, "quick": args.quick, "workloads": measured}


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", action="append", choices=harness.TRAINABLE_BACKENDS, help="repeatable; default all")
    parser.add_argument("--workload", action="append", choices=sorted(workloads_module.WORKLOADS), help="repeatable; default all")
    parser.add_argument("--quick", action="store_true", help="2 steps per window, 1 repeat: checks that every arm runs")
    parser.add_argument("--repeats", type=int, default=None, help="timed windows per arm (median reported); default 7, quick 1")
    parser.add_argument("--steps", type=int, default=None, help="steps per timed window (default: per workload)")
    parser.add_argument("--no-keras", action="store_true", help="leave out the Keras 3 arm")
    parser.add_argument("--threads", type=int, default=1, help="threads per framework (default 1; see docs/benchmarks.md)")
    parser.add_argument("--json", type=pathlib.Path, help="write the raw results here")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.repeats is None:
        args.repeats = 1 if args.quick else 7
    return args


def worker_arguments(args: argparse.Namespace, backend_name: str) -> list[str]:
    """The command line that runs ``args`` for one backend in a worker."""
    arguments = ["--backend", backend_name, "--repeats", str(args.repeats), "--threads", str(args.threads)]
    for key in args.workload or []:
        arguments += ["--workload", key]
    if args.steps:
        arguments += ["--steps", str(args.steps)]
    if args.quick:
        arguments.append("--quick")
    if args.no_keras:
        arguments.append("--no-keras")
    return arguments


def run(args: argparse.Namespace, log: Any = print) -> dict[str, Any]:
    """Run one worker per backend (sequentially: they would disturb each other's timings)."""
    results = {}
    for backend_name in args.backend or harness.TRAINABLE_BACKENDS:
        log(f"training: {backend_name} ...")
        keras_backend = None if args.no_keras else backend_name
        result = harness.run_worker("training.py", worker_arguments(args, backend_name), args.threads, keras_backend)
        log(f"training: {backend_name}: {result['keras']}")
        for key, workload in result["workloads"].items():
            cells = ", ".join(f"{name} {arm['ms_per_step']['median']:.3f}" for name, arm in workload["arms"].items())
            log(f"  {key} ms/step: {cells}" + (f"; errors: {workload['errors']}" if workload["errors"] else ""))
        results[backend_name] = result
    return results


def failed(results: dict[str, Any]) -> bool:
    """Whether an arm raised or has no finite time."""
    workloads = [w for r in results.values() for w in r["workloads"].values()]
    return any(w["errors"] for w in workloads) or any(
        not math.isfinite(a["ms_per_step"]["median"]) for w in workloads for a in w["arms"].values())


def main(argv: list[str] | None = None) -> int:
    return harness.script_main(parse_arguments(argv), worker, run, failed)


if __name__ == "__main__":
    sys.exit(main())
