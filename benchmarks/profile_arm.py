"""Profile one training arm with cProfile: where a window of steps spends its time.

Builds the arm exactly as ``training.py`` does, runs the first step and a
warm-up, then profiles one window and prints the functions with the most
own time (``tottime``) and the most time including callees (``cumtime``).

Usage:
    python benchmarks/profile_arm.py --backend torch --workload W2 [--arm multikeras] [--steps 100] [--top 25]
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import io
import os
import pstats
import sys

import harness
import workloads as workloads_module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", required=True, choices=harness.TRAINABLE_BACKENDS)
    parser.add_argument("--workload", required=True, choices=sorted(workloads_module.WORKLOADS))
    parser.add_argument("--arm", default="multikeras", choices=("native", "keras", "multikeras"))
    parser.add_argument("--steps", type=int, default=None, help="steps in the profiled window (default: the workload's)")
    parser.add_argument("--top", type=int, default=25, help="rows per listing")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)

    if args.arm == "keras":
        os.environ["KERAS_BACKEND"] = args.backend
    harness.pin_framework_threads(args.backend, args.threads)
    workload = workloads_module.WORKLOADS[args.workload]
    steps = args.steps or workload.steps
    x, y = workloads_module.batches(workload, steps)
    if args.arm == "native":
        from training import NATIVE_MODULES

        arm = importlib.import_module(NATIVE_MODULES[args.backend]).TrainingArm(workload, x, y)
    else:
        from keras_api_arm import KerasApiArm

        lib = importlib.import_module(args.arm)
        arm = KerasApiArm(args.arm, lib, args.backend, workload, x, y)
    arm.run(1)
    arm.run(max(3, steps // 10))
    profiler = cProfile.Profile()
    seconds, _ = harness.timed(lambda: profiler.runcall(arm.run, steps))
    print(f"{args.arm} on {args.backend}, {args.workload}: {seconds * 1000 / steps:.3f} ms/step under the profiler")
    for key in ("tottime", "cumtime"):
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).strip_dirs().sort_stats(key).print_stats(args.top)
        print(f"--- by {key} ---")
        print(stream.getvalue().split("\n", 6)[-1] if "ncalls" in stream.getvalue() else stream.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
