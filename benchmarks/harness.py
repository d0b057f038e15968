"""What every benchmark script shares: pinned threads, interleaved timing, worker processes, machine facts.

Each framework-specific measurement runs in a fresh *worker* process (the
script itself, started with ``--worker``) so that thread settings take effect
before the framework is imported and Keras 3 can pick its backend at import
through ``KERAS_BACKEND``. The worker prints one JSON document on its last
line of standard output; :func:`run_worker` starts it and parses that line.
"""

from __future__ import annotations

import datetime
import gc
import json
import os
import pathlib
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"
TRAINABLE_BACKENDS = ("jax", "torch", "tensorflow")
FRAMEWORK_MODULES = {"numpy": "numpy", "jax": "jax", "torch": "torch", "tensorflow": "tensorflow"}
RESULT_MARKER = "BENCHMARK-RESULT "


def cpu_count() -> int:
    """CPUs this process may run on (the affinity mask, not the machine's total)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def thread_environment(threads: int, keras_backend: str | None = None) -> dict[str, str]:
    """Environment for a worker: thread pools of every framework pinned to ``threads``.

    These variables must be set before the frameworks are imported, which is
    why workers are fresh processes. XLA's CPU client sizes its pool from the
    CPU count; with one thread it is told to stop using Eigen's pool.
    """
    env = dict(os.environ)
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                 "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS"):
        env[name] = str(threads)
    xla = env.get("XLA_FLAGS", "")
    if threads == 1 and "xla_cpu_multi_thread_eigen" not in xla:
        xla = (xla + " --xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1").strip()
    if xla:
        env["XLA_FLAGS"] = xla
    env["TF_CPP_MIN_LOG_LEVEL"] = "2"
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(BENCHMARKS), env.get("PYTHONPATH", "")]))
    env.pop("MULTIKERAS_BACKEND", None)
    if keras_backend is not None:
        env["KERAS_BACKEND"] = keras_backend
    return env


def pin_framework_threads(backend_name: str, threads: int) -> dict[str, Any]:
    """Apply the thread count through the framework's own API (in a worker, right after import).

    Returns the settings as the framework reports them, for the results.
    """
    if backend_name == "torch":
        import torch

        torch.set_num_threads(threads)
        try:
            torch.set_num_interop_threads(threads)
        except RuntimeError:  # only settable before the first parallel work; the env var already did it
            pass
        return {"torch.get_num_threads": torch.get_num_threads(), "torch.get_num_interop_threads": torch.get_num_interop_threads()}
    if backend_name == "tensorflow":
        import tensorflow as tf

        try:
            tf.config.threading.set_intra_op_parallelism_threads(threads)
            tf.config.threading.set_inter_op_parallelism_threads(threads)
        except RuntimeError:  # TF already initialized; the env vars set the same numbers
            pass
        return {"tf.intra_op": tf.config.threading.get_intra_op_parallelism_threads(),
                "tf.inter_op": tf.config.threading.get_inter_op_parallelism_threads()}
    if backend_name == "jax":
        return {"XLA_FLAGS": os.environ.get("XLA_FLAGS", "(default: one thread per CPU)")}
    return {"OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS")}


def framework_version(backend_name: str) -> str:
    module = __import__(FRAMEWORK_MODULES[backend_name])
    return str(getattr(module, "__version__", "unknown"))


def keras_module() -> Any | None:
    """Keras 3, imported (its backend comes from ``KERAS_BACKEND``), or None when it is not installed."""
    try:
        import keras
    except ImportError:
        return None
    return keras


def interleaved_medians(arms: dict[str, Callable[[], float]], repeats: int) -> dict[str, dict[str, Any]]:
    """Run every arm's measurement ``repeats`` times, the arms taking turns; median and spread per arm.

    Each callable performs one timed window and returns its per-step time in
    milliseconds. Taking turns means a burst of load on the machine slows
    every arm of a round alike instead of biasing one. The order of the turns
    rotates from round to round, so no arm always runs right after the same
    other one (whose garbage, caches or thread state it would inherit), and
    garbage left by the previous window is collected before each window.
    """
    samples: dict[str, list[float]] = {name: [] for name in arms}
    names = list(arms)
    for round_index in range(repeats):
        shift = round_index % len(names) if names else 0
        for name in names[shift:] + names[:shift]:
            gc.collect()
            samples[name].append(arms[name]())
    return {
        name: {"median": statistics.median(values), "min": min(values), "max": max(values), "samples": values}
        for name, values in samples.items()
    }


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds ``function()`` took, and what it returned."""
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def emit_result(result: Any) -> None:
    """Print a worker's result as the last line of standard output."""
    sys.stdout.flush()
    print(RESULT_MARKER + json.dumps(result), flush=True)


def run_worker(script: str, arguments: Sequence[str], threads: int, keras_backend: str | None = None,
               timeout: float | None = None) -> Any:
    """Run ``benchmarks/<script> --worker ...`` in a fresh process and return its JSON result.

    The worker's standard error (framework log lines) is passed through only
    when it fails.
    """
    command = [sys.executable, str(BENCHMARKS / script), "--worker", *arguments]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                               env=thread_environment(threads, keras_backend), cwd=ROOT)
    lines = [line for line in completed.stdout.splitlines() if line.startswith(RESULT_MARKER)]
    if completed.returncode != 0 or not lines:
        raise RuntimeError(
            f"benchmark worker {' '.join(command[1:])} failed with exit code {completed.returncode}:\n"
            f"{completed.stdout[-3000:]}\n{completed.stderr[-6000:]}"
        )
    for line in completed.stdout.splitlines():
        if not line.startswith(RESULT_MARKER):
            print(line, file=sys.stderr)
    return json.loads(lines[-1][len(RESULT_MARKER):])


def machine_facts(threads: int) -> dict[str, Any]:
    """Where and when the numbers were taken: CPU, counts, Python and package versions."""
    from importlib import metadata

    cpu_model = platform.processor() or "unknown CPU"
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for distribution in ("multikeras", "numpy", "jax", "jaxlib", "torch", "tensorflow-cpu", "tensorflow", "keras", "matplotlib"):
        try:
            versions[distribution] = metadata.version(distribution)
        except metadata.PackageNotFoundError:
            continue
    try:
        load = os.getloadavg()
    except OSError:
        load = None
    try:
        commit = subprocess.run(["git", "describe", "--always", "--dirty"], capture_output=True, text=True,
                                cwd=ROOT, timeout=10).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        commit = None
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit,
        "machine": platform.machine(),
        "cpu_model": cpu_model,
        "cpu_count": cpu_count(),
        "threads": threads,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": load,
        "versions": versions,
        "accelerator": "none (CPU only)",
    }


def script_main(args: Any, worker: Callable[[Any], Any] | None, run: Callable[[Any], Any],
                failed: Callable[[Any], bool]) -> int:
    """The entry point every benchmark script shares.

    With ``--worker`` (set by :func:`run_worker` in a fresh process) it measures and prints its result for the
    parent; otherwise it runs (through workers), writes the raw results to ``--json`` when given, and returns 1 when
    ``failed(results)`` says some arm could not be measured.
    """
    if worker is not None and getattr(args, "worker", False):
        emit_result(worker(args))
        return 0
    results = run(args)
    if getattr(args, "json", None):
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 1 if failed(results) else 0
