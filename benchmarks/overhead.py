"""Per-call overhead in microseconds: ``ops.add``, ``ops.matmul`` and one ``Dense`` call vs the raw framework call.

The op rows are those of ``op_overhead.py`` (raw call, backend plug-in,
public op; its cases and timing). The layer row calls a built ``multikeras.layers.Dense(64)`` on a
``(32, 64)`` float32 tensor of the backend, against the framework's own
``matmul(x, kernel) + bias`` on the same tensors. Runs in one fresh worker
process with pinned threads.

Usage:
    python benchmarks/overhead.py [--backend NAME ...] [--repeat 15] [--quick] [--threads N] [--json PATH]
"""

from __future__ import annotations

import argparse
import pathlib
import sys
from typing import Any

import numpy as np

import harness

BACKENDS = ("numpy", "jax", "torch", "tensorflow")
DENSE_CASE = "Dense(64) call, (32, 64) float32"


def _raw_affine(backend_name: str) -> Any:
    """The framework's own ``x @ kernel + bias``."""
    if backend_name == "torch":
        import torch

        return lambda x, kernel, bias: torch.matmul(x, kernel) + bias
    if backend_name == "jax":
        import jax.numpy as jnp

        return lambda x, kernel, bias: jnp.matmul(x, kernel) + bias
    if backend_name == "tensorflow":
        import tensorflow as tf

        return lambda x, kernel, bias: tf.matmul(x, kernel) + bias
    return lambda x, kernel, bias: np.matmul(x, kernel) + bias


def measure_ops(backend_name: str, repeat: int, number: int | None) -> list[dict[str, Any]]:
    """The rows of ``op_overhead.py``: raw call, backend plug-in function, public op."""
    import op_overhead

    return op_overhead.measure(backend_name, repeat, number)


def measure_dense(backend_name: str, repeat: int, number: int | None) -> dict[str, Any]:
    import multikeras as mk
    from op_overhead import per_call_microseconds

    raw = _raw_affine(backend_name)
    with mk.backend.use(backend_name):
        layer = mk.layers.Dense(64)
        x = mk.ops.convert_to_tensor(np.random.default_rng(0).standard_normal((32, 64)).astype("float32"))
        layer(x)
        kernel, bias = layer.kernel.value, layer.bias.value
        for _ in range(20):
            raw(x, kernel, bias), layer(x)
        timings = per_call_microseconds({"raw": lambda: raw(x, kernel, bias), "layer": lambda: layer(x)}, repeat,
                                        number)
    return {"backend": backend_name, "case": DENSE_CASE, "raw": timings["raw"], "plugin": None,
            "facade": timings["layer"], "facade over raw": timings["layer over raw"]}


def worker(args: argparse.Namespace) -> dict[str, Any]:
    number = 200 if args.quick else None
    rows: list[dict[str, Any]] = []
    errors: dict[str, str] = {}
    for backend_name in args.backend or BACKENDS:
        harness.pin_framework_threads(backend_name, args.threads)
        try:
            rows.extend(measure_ops(backend_name, args.repeat, number))
            rows.append(measure_dense(backend_name, args.repeat, number))
        except Exception as error:  # keep measuring the other backends
            errors[backend_name] = f"{type(error).__name__}: {error}"
    return {"repeat": args.repeat, "rows": rows, "errors": errors}


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", action="append", choices=BACKENDS, help="repeatable; default all")
    parser.add_argument("--repeat", type=int, default=None, help="timeit rounds (median reported); default 15, quick 1")
    parser.add_argument("--quick", action="store_true", help="one round")
    parser.add_argument("--threads", type=int, default=1, help="threads per framework (default 1)")
    parser.add_argument("--json", type=pathlib.Path, help="write the raw results here")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.repeat is None:
        args.repeat = 1 if args.quick else 15
    return args


def run(args: argparse.Namespace, log: Any = print) -> dict[str, Any]:
    log("overhead: ops.add, ops.matmul, Dense call ...")
    arguments = ["--repeat", str(args.repeat), "--threads", str(args.threads)]
    for backend_name in args.backend or []:
        arguments += ["--backend", backend_name]
    result = harness.run_worker("overhead.py", arguments, args.threads)
    for row in result["rows"]:
        log(f"  {row['backend']} {row['case']}: raw {row['raw']:.2f} us, multikeras {row['facade']:.2f} us, "
            f"overhead {row['facade over raw']:+.2f} us")
    return result


def main(argv: list[str] | None = None) -> int:
    return harness.script_main(parse_arguments(argv), worker, run, lambda result: bool(result["errors"]))


if __name__ == "__main__":
    sys.exit(main())
