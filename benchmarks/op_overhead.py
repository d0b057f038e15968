"""Per-call overhead of ``multikeras.ops`` over the framework's own call, per backend.

For each available backend, times three ways of doing the same thing on the
same native tensors:

* **raw**: the framework function (``np.add``, ``torch.add``, ``jnp.add``,
  ``tf.add``; ``matmul`` likewise);
* **plug-in**: the backend's op function (``backend.add``), which adds the
  contract's dtype rules;
* **facade**: the public op (``multikeras.ops.add``), which adds finding the
  active backend.

Each is called many times per round (``timeit``), the three taking turns in
every round; the table shows the median per-call time in microseconds. JAX dispatches
asynchronously, so its numbers are dispatch cost, the same for every column.

Usage:
    python benchmarks/op_overhead.py [--backend NAME ...] [--repeat 7] [--output PATH]
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import pathlib
import platform
import statistics
import sys
import timeit
from collections.abc import Callable
from typing import Any

import numpy as np

import multikeras as mk
from multikeras import ops

RESULTS = pathlib.Path(__file__).resolve().parent / "results" / "op_overhead.md"

# The framework call each op is measured against: (module, attribute path).
RAW_CALLS: dict[str, dict[str, tuple[str, str]]] = {
    "numpy": {"add": ("numpy", "add"), "matmul": ("numpy", "matmul")},
    "numpy64": {"add": ("numpy", "add"), "matmul": ("numpy", "matmul")},
    "jax": {"add": ("jax.numpy", "add"), "matmul": ("jax.numpy", "matmul")},
    "torch": {"add": ("torch", "add"), "matmul": ("torch", "matmul")},
    "tensorflow": {"add": ("tensorflow", "add"), "matmul": ("tensorflow", "linalg.matmul")},
}

CASES = {
    "add (4,) float32": ("add", (4,)),
    "matmul 32x32 float32": ("matmul", (32, 32)),
}


def raw_function(backend_name: str, op_name: str) -> Callable[..., Any]:
    module_name, attribute = RAW_CALLS[backend_name][op_name]
    target: Any = importlib.import_module(module_name)
    for part in attribute.split("."):
        target = getattr(target, part)
    return target


def per_call_microseconds(
    calls: dict[str, Callable[[], Any]], repeat: int, number: int | None = None
) -> dict[str, float]:
    """Median over ``repeat`` rounds of the time per call of each callable.

    The callables take turns within each round, so a burst of load on the
    machine slows all of them alike instead of biasing one. When a ``"raw"``
    callable is among them, each other one also gets ``"<name> over raw"``:
    the median over rounds of its time minus the raw time *of the same
    round*. Paired this way, the overhead does not move with the load drift
    between rounds that moves each median on its own. ``number`` fixes the
    calls per round (quick mode); by default it is found with ``autorange``.
    """
    timers = {name: timeit.Timer(call) for name, call in calls.items()}
    if number is None:
        slowest = max(timer.autorange()[0] for timer in timers.values())
        number = max(slowest // 8, 1)  # autorange aims at 0.2 s; an eighth keeps the whole run short
    runs: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(repeat):
        for name, timer in timers.items():
            runs[name].append(timer.timeit(number) / number * 1e6)
    result = {name: statistics.median(values) for name, values in runs.items()}
    if "raw" in runs:
        for name in calls:
            if name != "raw":
                result[f"{name} over raw"] = statistics.median(
                    mine - raw for mine, raw in zip(runs[name], runs["raw"])
                )
    return result


def measure(backend_name: str, repeat: int, number: int | None = None) -> list[dict[str, Any]]:
    rows = []
    backend = mk.backend.get_backend(backend_name)
    for case, (op_name, shape) in CASES.items():
        data = np.arange(np.prod(shape), dtype="float32").reshape(shape) / 7.0
        with mk.backend.use(backend):
            a = ops.convert_to_tensor(data)
            b = ops.convert_to_tensor(data + 1.0)
            public = getattr(ops, op_name)
            plugin = getattr(backend, op_name)
            raw = raw_function(backend_name, op_name)
            # Warm up (first calls compile kernels or fill caches on some frameworks).
            for _ in range(20):
                raw(a, b), plugin(a, b), public(a, b)
            timings = per_call_microseconds(
                {"raw": lambda: raw(a, b), "plugin": lambda: plugin(a, b), "facade": lambda: public(a, b)},
                repeat,
                number,
            )
        rows.append({"backend": backend_name, "case": case, **timings})
    return rows


def render(rows: list[dict[str, Any]], repeat: int) -> str:
    header = "| backend | op | raw (µs) | plug-in (µs) | facade (µs) | overhead vs raw (µs) | facade only (µs) |"
    lines = [header, "|" + "---|" * 7]
    for row in rows:
        lines.append(
            f"| {row['backend']} | {row['case']} | {row['raw']:.2f} | {row['plugin']:.2f} | "
            f"{row['facade']:.2f} | {row['facade over raw']:+.2f} | {row['facade over raw'] - row['plugin over raw']:+.2f} |"
        )
    versions = ", ".join(
        f"{row} {mk.backend.get_backend(row).framework_version}" for row in dict.fromkeys(r["backend"] for r in rows)
    )
    return "\n".join(
        [
            "# Op overhead: multikeras.ops vs the raw framework call",
            "",
            f"Measured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M UTC} on "
            f"{platform.machine()} ({platform.processor() or 'unknown CPU'}), Python {platform.python_version()}; "
            f"{versions}.",
            f"Median of {repeat} interleaved `timeit` rounds, per call. *overhead vs raw*: median over rounds "
            "of facade - raw within each round; *facade only*: the same for facade - plug-in (the cost of finding "
            "the active backend).",
            "Produced by `python benchmarks/op_overhead.py`.",
            "",
            *lines,
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", action="append", metavar="NAME", help="measure only this backend (repeatable)")
    parser.add_argument("--repeat", type=int, default=15, help="timeit runs per measurement (median is reported)")
    parser.add_argument("--output", type=pathlib.Path, default=RESULTS, help=f"markdown table (default {RESULTS})")
    args = parser.parse_args(argv)

    available = mk.backend.available()
    names = args.backend or [name for name in available if name in RAW_CALLS]
    rows = []
    for name in names:
        if name not in available or name not in RAW_CALLS:
            print(f"skipping {name}: not available or no raw call known", file=sys.stderr)
            continue
        try:
            rows.extend(measure(name, args.repeat))
        except Exception as error:  # keep measuring the other backends
            print(f"skipping {name}: {type(error).__name__}: {error}", file=sys.stderr)
    if not rows:
        print("nothing measured", file=sys.stderr)
        return 1
    table = render(rows, args.repeat)
    print(table)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(table, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
