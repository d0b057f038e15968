"""Run one small computation on every installed backend, in one process, and compare.

The computation is the forward pass of a tiny two-layer perceptron with fixed
weights, written once with ``multikeras.ops``::

    hidden = relu(x @ w1 + b1)
    probabilities = softmax(hidden @ w2 + b2)
    mean_max = mean(max(probabilities, axis=-1))

Each backend is selected with ``multikeras.backend.use`` (no restart, no module
reload); results are printed side by side with their largest absolute
difference from the NumPy backend. The script exits with status 1 if any
backend fails or differs by more than the tolerance.

Usage:
    python examples/same_computation.py                  # every available backend
    python examples/same_computation.py --backend torch  # numpy reference + torch
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

import multikeras as mk
from multikeras import ops

REFERENCE = "numpy"
TOLERANCE = 1e-5


def make_inputs() -> dict[str, np.ndarray]:
    """Fixed inputs and weights (float32), identical for every backend."""
    generator = np.random.default_rng(seed=2024)

    def draw(*shape: int) -> np.ndarray:
        return generator.normal(size=shape).astype("float32")

    return {"x": draw(4, 3), "w1": draw(3, 5), "b1": draw(5), "w2": draw(5, 2), "b2": draw(2)}


def forward(x, w1, b1, w2, b2) -> dict[str, object]:
    """The model, in backend-agnostic ops; returns named results (backend tensors)."""
    hidden = ops.relu(ops.add(ops.matmul(x, w1), b1))
    probabilities = ops.softmax(ops.add(ops.matmul(hidden, w2), b2), axis=-1)
    mean_max = ops.mean(ops.max(probabilities, axis=-1))
    return {"probabilities": probabilities, "mean_max": mean_max}


def run_on(backend_name: str, inputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Run :func:`forward` under ``backend_name`` and bring the results back as NumPy."""
    with mk.backend.use(backend_name):
        tensors = {name: ops.convert_to_tensor(value) for name, value in inputs.items()}
        results = forward(**tensors)
        return {name: np.asarray(ops.convert_to_numpy(value)) for name, value in results.items()}


def format_row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--backend",
        action="append",
        metavar="NAME",
        help="run only this backend (repeatable); the numpy reference always runs",
    )
    args = parser.parse_args(argv)

    available = mk.backend.available()
    wanted = args.backend or available
    unknown = [name for name in wanted if name not in available]
    if unknown:
        print(f"error: backend(s) {unknown} not available; available: {available}", file=sys.stderr)
        for name, reason in mk.backend.unavailable().items():
            print(f"  {name}: {reason}", file=sys.stderr)
        return 2
    names = [REFERENCE] + [name for name in wanted if name != REFERENCE]

    inputs = make_inputs()
    results: dict[str, dict[str, np.ndarray]] = {}
    failures: dict[str, str] = {}
    seconds: dict[str, float] = {}
    for name in names:
        start = time.perf_counter()
        try:
            results[name] = run_on(name, inputs)
        except Exception as error:  # report every backend, then fail
            failures[name] = f"{type(error).__name__}: {error}"
        seconds[name] = time.perf_counter() - start
    if REFERENCE not in results:
        print(f"error: the {REFERENCE} reference failed: {failures[REFERENCE]}", file=sys.stderr)
        return 1
    reference = results[REFERENCE]

    print("Tiny MLP forward pass: softmax(relu(x @ w1 + b1) @ w2 + b2), x of shape (4, 3)\n")
    header = ["backend", "mean_max", "probabilities[0]", "dtype", "max |diff| vs numpy", "time (s)", "status"]
    rows = []
    for name in names:
        if name in failures:
            rows.append([name, "-", "-", "-", "-", f"{seconds[name]:.2f}", "FAILED"])
            continue
        got = results[name]
        difference = max(
            float(np.max(np.abs(got[key].astype("float64") - reference[key].astype("float64"))))
            if got[key].shape == reference[key].shape
            else float("inf")
            for key in reference
        )
        status = "ok" if difference <= TOLERANCE else f"DIFFERS (> {TOLERANCE:g})"
        if difference > TOLERANCE:
            failures[name] = f"max |diff| {difference:.3g} exceeds {TOLERANCE:g}"
        rows.append(
            [
                name,
                f"{float(got['mean_max']):.7f}",
                np.array2string(got["probabilities"][0], precision=6, separator=", "),
                str(got["probabilities"].dtype),
                f"{difference:.2e}",
                f"{seconds[name]:.2f}",
                status,
            ]
        )
    widths = [max(len(row[i]) for row in rows + [header]) for i in range(len(header))]
    print(format_row(header, widths))
    print(format_row(["-" * width for width in widths], widths))
    for row in rows:
        print(format_row(row, widths))

    if failures:
        print("\nFAILED:", file=sys.stderr)
        for name, reason in failures.items():
            print(f"  {name}: {reason}", file=sys.stderr)
        return 1
    print(f"\nAll {len(names)} backends agree within {TOLERANCE:g}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
