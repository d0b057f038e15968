"""Import time: ``import multikeras`` plus a first op, per backend, vs importing the framework alone.

Every measurement is a fresh Python process (nothing cached in memory but
the operating system's file cache); the time is taken inside the process,
so interpreter start-up is left out. Per backend and arm:

* ``framework``: ``import numpy`` / ``jax`` / ``torch`` / ``tensorflow``,
  then a first op (``ones(4) + 1`` brought back to NumPy);
* ``multikeras``: ``import multikeras`` with ``MULTIKERAS_BACKEND`` set, then
  the same first op through ``multikeras.ops`` (multikeras imports the
  framework when the backend is first used, so compare the totals);
* ``keras`` (when installed): ``import keras`` with ``KERAS_BACKEND`` set,
  then the op through ``keras.ops``.

multikeras's modules are compiled to bytecode first (``compileall``), as
``pip install`` does for the frameworks and Keras: otherwise, where the
environment disables writing bytecode (``PYTHONDONTWRITEBYTECODE``), every
run would time Python compiling multikeras's source rather than importing it.

The processes take turns (backend by backend, arm by arm, the arm that goes
first rotating) in each of ``repeats`` rounds; medians are reported, and an
arm's extra time over the framework is the median over rounds of the
difference between its process and the framework's process of that round.

Usage:
    python benchmarks/import_time.py [--backend NAME ...] [--repeats 11] [--quick] [--no-keras] [--json PATH]
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import pathlib
import statistics
import subprocess
import sys
from typing import Any

import harness

BACKENDS = ("numpy", "jax", "torch", "tensorflow")

_TIMER = "import json, time\nstart = time.perf_counter()\n{imports}\nimported = time.perf_counter()\n{first_op}\n" \
         "done = time.perf_counter()\nprint(json.dumps([imported - start, done - start]))\n"

FRAMEWORK_SNIPPETS = {
    "numpy": ("import numpy as np", "np.asarray(np.ones(4, np.float32) + 1)"),
    "jax": ("import jax.numpy as jnp\nimport numpy as np", "np.asarray(jnp.ones(4) + 1)"),
    "torch": ("import torch", "(torch.ones(4) + 1).numpy()"),
    "tensorflow": ("import tensorflow as tf", "(tf.ones(4) + 1).numpy()"),
}
LIBRARY_SNIPPETS = {
    "multikeras": ("import multikeras", "multikeras.ops.convert_to_numpy(multikeras.ops.add(multikeras.ops.ones(4), 1.0))"),
    "keras": ("import keras", "keras.ops.convert_to_numpy(keras.ops.add(keras.ops.ones(4), 1.0))"),
}


def _time_in_fresh_process(code: str, env: dict[str, str]) -> tuple[float, float]:
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=harness.ROOT)
    if completed.returncode != 0:
        raise RuntimeError(f"import_time: the timed process failed:\n{code}\n{completed.stderr[-3000:]}")
    imported, total = json.loads(completed.stdout.strip().splitlines()[-1])
    return imported, total


def compile_bytecode() -> None:
    """Write multikeras's bytecode caches, as a regular (non-editable) ``pip install`` does."""
    compileall.compile_dir(str(harness.ROOT / "src" / "multikeras"), quiet=1)


def measure(backends: list[str], repeats: int, threads: int, with_keras: bool) -> dict[str, Any]:
    compile_bytecode()
    arms: list[tuple[str, str, str, dict[str, str]]] = []
    for backend_name in backends:
        imports, first_op = FRAMEWORK_SNIPPETS[backend_name]
        arms.append((backend_name, "framework", _TIMER.format(imports=imports, first_op=first_op),
                     harness.thread_environment(threads)))
        libraries = ["multikeras"] + (["keras"] if with_keras else [])
        for library in libraries:
            imports, first_op = LIBRARY_SNIPPETS[library]
            env = harness.thread_environment(threads, keras_backend=backend_name if library == "keras" else None)
            if library == "multikeras":
                env["MULTIKERAS_BACKEND"] = backend_name
            arms.append((backend_name, library, _TIMER.format(imports=imports, first_op=first_op), env))
    samples: dict[tuple[str, str], list[tuple[float, float]]] = {(b, a): [] for b, a, _, _ in arms}
    for round_index in range(repeats):
        for backend_name in backends:
            # The arms of a backend run back to back, the first of them rotating from round to round: the
            # process that goes first after another backend's finds fewer of this framework's files cached.
            own = [arm for arm in arms if arm[0] == backend_name]
            shift = round_index % len(own)
            for _, arm, code, env in own[shift:] + own[:shift]:
                samples[(backend_name, arm)].append(_time_in_fresh_process(code, env))
    results: dict[str, Any] = {}
    for (backend_name, arm), values in samples.items():
        results.setdefault(backend_name, {})[arm] = {
            "import_s": statistics.median(v[0] for v in values),
            "import_and_first_op_s": statistics.median(v[1] for v in values),
            "samples": values,
        }
    for arms_of_backend in results.values():
        framework = arms_of_backend["framework"]["samples"]
        for arm in ("multikeras", "keras"):
            if arm in arms_of_backend:
                # Paired within each round: a framework's import time swings by a second or more between
                # rounds on a shared machine (TensorFlow's), much more than the difference measured.
                arms_of_backend[arm]["extra_over_framework_s"] = statistics.median(
                    mine[1] - theirs[1] for mine, theirs in zip(arms_of_backend[arm]["samples"], framework))
    return {"repeats": repeats, "backends": results,
            "keras": "measured" if with_keras else "keras not installed or not requested: Keras 3 arm skipped"}


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", action="append", choices=BACKENDS, help="repeatable; default all")
    parser.add_argument("--repeats", type=int, default=None, help="fresh processes per arm; default 11, quick 1")
    parser.add_argument("--quick", action="store_true", help="one round")
    parser.add_argument("--no-keras", action="store_true", help="leave out Keras 3")
    parser.add_argument("--threads", type=int, default=1, help="threads per framework (default 1)")
    parser.add_argument("--json", type=pathlib.Path, help="write the raw results here")
    args = parser.parse_args(argv)
    if args.repeats is None:
        args.repeats = 1 if args.quick else 11
    return args


def keras_installed() -> bool:
    try:
        return importlib.util.find_spec("keras") is not None
    except ImportError:
        return False


def run(args: argparse.Namespace, log: Any = print) -> dict[str, Any]:
    with_keras = not args.no_keras and keras_installed()
    log("import time: fresh processes ..." + ("" if with_keras or args.no_keras else " (keras not installed: Keras 3 arm skipped)"))
    results = measure(list(args.backend or BACKENDS), args.repeats, args.threads, with_keras)
    for backend_name, arms in results["backends"].items():
        log(f"  {backend_name}: " + ", ".join(f"{arm} {v['import_and_first_op_s']:.2f} s" for arm, v in arms.items()))
    return results


def main(argv: list[str] | None = None) -> int:
    return harness.script_main(parse_arguments(argv), None, run, lambda results: False)


if __name__ == "__main__":
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    sys.exit(main())
