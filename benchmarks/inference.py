"""Inference speed: ``predict`` latency at batch 1 and throughput at batch 256, per backend, vs a native forward.

For each backend (numpy, jax, torch, tensorflow) one fresh worker process
builds the W2 MLP and the W3 CNN from the same weights as:

* ``native``: the hand-written forward pass (NumPy; jitted JAX; eager
  PyTorch under ``inference_mode``; TensorFlow under ``tf.function``), on
  inputs already converted to the framework's tensors;
* ``multikeras`` and ``keras`` (Keras 3, when installed): the Keras-code
  model, called through ``predict(x, verbose=0)`` and ``predict_on_batch(x)``
  on NumPy inputs, returning NumPy outputs, as users call them.

Latency: median time of one call on a single sample. Throughput: samples per
second over ``predict`` of several batches of 256 (native: a loop over the
same batches). Outputs of every arm are checked against the native forward.

Usage:
    python benchmarks/inference.py [--backend NAME ...] [--quick] [--repeats 7] [--no-keras] [--threads N] [--json PATH]
"""

from __future__ import annotations

import argparse
import importlib
import pathlib
import sys
from collections.abc import Callable
from typing import Any

import numpy as np

import harness
import workloads as workloads_module

BACKENDS = ("numpy", "jax", "torch", "tensorflow")
MODELS = ("W2", "W3")
NATIVE_MODULES = {"numpy": "native_numpy", "jax": "native_jax", "torch": "native_torch", "tensorflow": "native_tensorflow"}
THROUGHPUT_BATCH = 256


def _native_latency(forward: Any, inputs: Any, calls: int) -> Callable[[], float]:
    def window() -> float:
        def run() -> None:
            outputs = None
            for _ in range(calls):
                outputs = forward(inputs)
            forward.to_numpy(outputs)

        return harness.timed(run)[0] * 1000.0 / calls

    return window


def _calls_latency(call: Callable[[], Any], calls: int) -> Callable[[], float]:
    def window() -> float:
        def run() -> None:
            for _ in range(calls):
                call()

        return harness.timed(run)[0] * 1000.0 / calls

    return window


def measure_model(backend_name: str, key: str, libraries: dict[str, Any], calls: int, batches: int,
                  repeats: int) -> dict[str, Any]:
    from keras_api_arm import KerasApiForward

    workload = workloads_module.WORKLOADS[key]
    native = importlib.import_module(NATIVE_MODULES[backend_name]).Forward(workload)
    x, _ = workloads_module.samples(workload, batches * THROUGHPUT_BATCH)
    single = x[:1]
    native_single = native.prepare(single)
    native_batches = [native.prepare(x[i:i + THROUGHPUT_BATCH]) for i in range(0, len(x), THROUGHPUT_BATCH)]
    reference = native.to_numpy(native(native_batches[0]))

    latency: dict[str, Callable[[], float]] = {"native": _native_latency(native, native_single, calls)}

    def native_throughput() -> float:
        def run() -> None:
            outputs = None
            for batch in native_batches:
                outputs = native(batch)
            native.to_numpy(outputs)

        return len(x) / harness.timed(run)[0]

    throughput: dict[str, Callable[[], float]] = {"native": native_throughput}
    errors: dict[str, str] = {}
    max_abs_difference: dict[str, float] = {}
    for library, lib in libraries.items():
        try:
            model = KerasApiForward(library, lib, backend_name, workload)
            outputs = model.predict(x[:THROUGHPUT_BATCH], batch_size=THROUGHPUT_BATCH)  # also the warm-up
            model.predict_on_batch(single)
            model.predict(single, batch_size=1)
        except Exception as error:  # one broken arm must not hide the others' numbers
            errors[library] = f"{type(error).__name__}: {error}"
            continue
        max_abs_difference[library] = float(np.max(np.abs(outputs - reference)))
        latency[f"{library}.predict"] = _calls_latency(lambda m=model: m.predict(single, batch_size=1), calls)
        latency[f"{library}.predict_on_batch"] = _calls_latency(lambda m=model: m.predict_on_batch(single), calls)
        throughput[f"{library}.predict"] = (
            lambda m=model: len(x) / harness.timed(lambda: m.predict(x, batch_size=THROUGHPUT_BATCH))[0]
        )
    for warm in (*latency.values(), *throughput.values()):
        warm()
    latency_results = harness.interleaved_medians(latency, repeats)
    throughput_results = harness.interleaved_medians(throughput, repeats)
    return {"title": workload.title, "calls": calls, "batches": batches, "repeats": repeats,
            "latency_ms": latency_results, "throughput_samples_per_s": throughput_results,
            "max_abs_difference_vs_native": max_abs_difference, "errors": errors}


def worker(args: argparse.Namespace) -> dict[str, Any]:
    backend_name = args.backend[0]
    threads = harness.pin_framework_threads(backend_name, args.threads)
    import multikeras

    libraries: dict[str, Any] = {}
    keras_note = "not requested (--no-keras)"
    if not args.no_keras:
        keras = harness.keras_module()
        if keras is None:
            keras_note = "keras not installed: Keras 3 arm skipped"
        else:
            libraries["keras"] = keras
            keras_note = f"keras {keras.__version__}"
    libraries["multikeras"] = multikeras
    calls, batches = (2, 1) if args.quick else (200, 8)
    measured = {key: measure_model(backend_name, key, libraries, calls, batches, args.repeats) for key in MODELS}
    return {"backend": backend_name, "framework_version": harness.framework_version(backend_name),
            "threads": threads, "keras": keras_note, "quick": args.quick, "models": measured}


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", action="append", choices=BACKENDS, help="repeatable; default all")
    parser.add_argument("--quick", action="store_true", help="2 calls per window, 1 repeat")
    parser.add_argument("--repeats", type=int, default=None, help="timed windows per arm; default 7, quick 1")
    parser.add_argument("--no-keras", action="store_true", help="leave out the Keras 3 arm")
    parser.add_argument("--threads", type=int, default=1, help="threads per framework (default 1)")
    parser.add_argument("--json", type=pathlib.Path, help="write the raw results here")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.repeats is None:
        args.repeats = 1 if args.quick else 7
    return args


def run(args: argparse.Namespace, log: Any = print) -> dict[str, Any]:
    results = {}
    for backend_name in args.backend or BACKENDS:
        log(f"inference: {backend_name} ...")
        arguments = ["--backend", backend_name, "--repeats", str(args.repeats), "--threads", str(args.threads)]
        arguments += ["--quick"] * args.quick + ["--no-keras"] * args.no_keras
        result = harness.run_worker("inference.py", arguments, args.threads, None if args.no_keras else backend_name)
        for key, model in result["models"].items():
            cells = ", ".join(f"{name} {value['median']:.3f}" for name, value in model["latency_ms"].items())
            log(f"  {key} batch-1 ms: {cells}" + (f"; errors: {model['errors']}" if model["errors"] else ""))
        results[backend_name] = result
    return results


def main(argv: list[str] | None = None) -> int:
    return harness.script_main(parse_arguments(argv), worker, run,
                               lambda results: any(m["errors"] for r in results.values() for m in r["models"].values()))


if __name__ == "__main__":
    sys.exit(main())
