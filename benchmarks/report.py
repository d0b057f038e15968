"""Turning the suite's results into ``docs/benchmarks.md`` (Markdown tables) and ``docs/benchmarks.png``."""

from __future__ import annotations

import math
import pathlib
from typing import Any

ARM_TITLES = {"native": "native", "keras": "Keras 3", "multikeras": "multikeras"}
DASH = "—"


def _number(value: float | None, digits: int = 3) -> str:
    if value is None or not math.isfinite(value):
        return DASH
    return f"{value:.{digits}f}"


def _median(arm: dict[str, Any] | None) -> float | None:
    return None if arm is None else arm["ms_per_step"]["median"]


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return numerator / denominator


def _paired(numerator: dict[str, Any] | None, denominator: dict[str, Any] | None, combine: Any) -> float | None:
    """Median over rounds of ``combine(numerator window, denominator window)``, the two windows of a round
    having run back to back; the medians combined for results without matching samples.

    Load on a shared machine drifts over minutes; two windows of one round see nearly the same load, so
    the per-round figure cancels it where the ratio of two medians taken over the whole run does not.

    Example:
        >>> arm = lambda *samples: {"ms_per_step": {"median": sorted(samples)[1], "samples": list(samples)}}
        >>> _paired(arm(1.1, 2.2, 3.3), arm(1.0, 2.0, 3.0), lambda a, b: a / b)  # a load burst in round 3
        1.1
    """
    if numerator is None or denominator is None:
        return None
    top, bottom = numerator["ms_per_step"].get("samples"), denominator["ms_per_step"].get("samples")
    if not top or not bottom or len(top) != len(bottom):
        return combine(numerator["ms_per_step"]["median"], denominator["ms_per_step"]["median"])
    values = sorted(combine(a, b) for a, b in zip(top, bottom))
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def _paired_ratio(numerator: dict[str, Any] | None, denominator: dict[str, Any] | None) -> float | None:
    return _paired(numerator, denominator, lambda a, b: _ratio(a, b) if b > 0 else math.nan)


def _verdict(met: bool | None) -> str:
    return "not measured" if met is None else ("**met**" if met else "**missed**")


def training_rows(training: dict[str, Any], suffix: str = "") -> list[dict[str, Any]]:
    """One row per backend and workload: each arm's ms/step (``suffix`` picks the ``[matched]`` arms) and ratios."""
    rows = []
    for backend_name, result in training.items():
        for key, workload in result["workloads"].items():
            arms = workload["arms"]
            pick = {name: arms.get(name + suffix) or (arms.get(name) if suffix else None) for name in ARM_TITLES}
            native, keras, multikeras = (_median(pick[name]) for name in ARM_TITLES)
            rows.append({
                "backend": backend_name, "workload": key, "native": native, "keras": keras, "multikeras": multikeras,
                "mk_native": _paired_ratio(pick["multikeras"], pick["native"]),
                "mk_keras": _paired_ratio(pick["multikeras"], pick["keras"]),
                "keras_native": _paired_ratio(pick["keras"], pick["native"]),
                "mk_minus_native": _paired(pick["multikeras"], pick["native"], lambda a, b: a - b),
                "keras_minus_native": _paired(pick["keras"], pick["native"], lambda a, b: a - b),
                "agree": workload["losses_agree"], "gap": workload["loss_gap"],
                "errors": workload["errors"], "first": {n: (a or {}).get("first_step_s") for n, a in pick.items()},
                "settings": {n: (a or {}).get("compile_setting") for n, a in pick.items()},
            })
    return rows


def _training_table(rows: list[dict[str, Any]]) -> list[str]:
    lines = ["| backend | workload | native | Keras 3 | multikeras | multikeras/native | multikeras/Keras 3 "
             "| Keras 3/native | same losses |", "|" + "---|" * 9]
    for row in rows:
        agree = "yes" if row["agree"] else f"NO (gap {row['gap']:.1e})"
        errors = "; ".join(f"{arm}: {message[:120]}" for arm, message in row["errors"].items())
        lines.append(
            f"| {row['backend']} | {row['workload']} | {_number(row['native'])} | {_number(row['keras'])} | "
            f"{_number(row['multikeras'])} | {_number(row['mk_native'], 2)} | {_number(row['mk_keras'], 2)} | "
            f"{_number(row['keras_native'], 2)} | {agree}{' — errors: ' + errors if errors else ''} |"
        )
    return lines


def _training_sections(training: dict[str, Any], keras_notes: list[str]) -> list[str]:
    rows = training_rows(training)
    any_result = next(iter(training.values()))
    first_workload = next(iter(any_result["workloads"].values()))
    out = [
        "## Training: ms/step, defaults",
        "",
        f"Median of {first_workload['repeats']} interleaved windows per arm"
        + (f" ({first_workload['processes']} worker processes per backend, windows pooled)"
           if first_workload.get("processes", 1) > 1 else "")
        + ". The ratios and differences are medians over rounds of the figure for the two arms' windows of "
        "that round, which ran back to back: load on a shared machine drifts over minutes and cancels within a "
        "round, not between the medians of a whole run. Each library as it comes: "
        "`compile(optimizer=Adam(1e-3), loss=SparseCategoricalCrossentropy(from_logits=True))` with the default "
        "`jit_compile`. *same losses*: every arm gives the same loss (relative gap at most 1e-3) on the first batch "
        "before and after one Adam update, so all arms compute the same thing.",
        "",
        *(f"- {note}" for note in keras_notes),
        "",
        *_training_table(rows),
        "",
        "Workloads: " + "; ".join(
            f"{key} {w['title']} (input {tuple(w['input_shape'])}), batch {w['batch_size']}, {w['steps']} steps per "
            f"window" for key, w in any_result["workloads"].items()
        ) + ". The native JAX arm pools W3 with `lax.reduce_window` (as `flax.linen.max_pool` and Keras 3 do); "
        "multikeras's jax plug-in computes windows that tile the input as a reshape and a `max`, whose gradient "
        "XLA:CPU runs about twice as fast (`docs/contract.md`).",
        "",
        "## Fixed overhead per step (W1)",
        "",
        "W1 is so small that its step time is mostly per-step overhead: the difference to the native loop is "
        "the fixed cost a library adds to every step.",
        "",
        "| backend | native (ms) | multikeras − native (ms) | Keras 3 − native (ms) |",
        "|---|---|---|---|",
    ]
    for row in rows:
        if row["workload"] == "W1":
            out.append(f"| {row['backend']} | {_number(row['native'])} | {_number(row['mk_minus_native'])} | "
                       f"{_number(row['keras_minus_native'])} |")
    out += [
        "",
        "## First step: tracing, compiling and one step (seconds)",
        "",
        "| backend | workload | native | Keras 3 | multikeras |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        first = row["first"]
        out.append(f"| {row['backend']} | {row['workload']} | {_number(first['native'], 2)} | "
                   f"{_number(first['keras'], 2)} | {_number(first['multikeras'], 2)} |")
    out += ["", "## Matched compile mode", "",
            "Each library's `jit_compile` set so that it compiles as the native arm does (jax: `jax.jit`; torch: "
            "eager; tensorflow: `tf.function` without XLA). Compile mode of each arm, as resolved:", "",
            "| backend | native | Keras 3 default | multikeras default | Keras 3 matched | multikeras matched |",
            "|---|---|---|---|---|---|"]
    matched_measured = False
    for backend_name, result in training.items():
        arms = next(iter(result["workloads"].values()))["arms"]
        cells = []
        for name in ("native", "keras", "multikeras", "keras[matched]", "multikeras[matched]"):
            if name in arms:
                cells.append(arms[name]["compile_setting"])
                matched_measured |= name.endswith("[matched]")
            elif name.endswith("[matched]") and name[:-9] in arms:
                cells.append("same as default")
            else:
                cells.append(DASH)
        out.append(f"| {backend_name} | " + " | ".join(cells) + " |")
    out.append("")
    if matched_measured:
        out += ["Where a default differs, the matched arm was measured in the same windows; ms/step with matched "
                "settings (default arm where it already matches):", "",
                *_training_table(training_rows(training, "[matched]")), ""]
    else:
        out += ["On this machine every library's default already compiles as the native arm does, so the matched "
                "numbers are the defaults table above (no extra arm was run). On a machine with an accelerator "
                "Keras 3 defaults to XLA on tensorflow, and the suite then adds a `keras[matched]` arm.", ""]
    return out


def _inference_section(inference: dict[str, Any]) -> list[str]:
    out = ["## Inference: predict", "",
           "Batch-1 latency in ms per call (median) and batch-256 throughput in samples/s (`predict(x, "
           "batch_size=256)` over 8 batches; native: a loop over the same batches). The native forward takes "
           "tensors already on the framework; `predict` / `predict_on_batch` take and return NumPy arrays. "
           "*multikeras/native* is the time ratio of `predict` at batch 256.", "",
           "| backend | model | native b1 | multikeras predict b1 | multikeras predict_on_batch b1 | Keras 3 predict b1 "
           "| Keras 3 predict_on_batch b1 | native /s | multikeras /s | Keras 3 /s | multikeras/native (b256) "
           "| multikeras/Keras 3 (b256) |", "|" + "---|" * 12]
    for backend_name, result in inference.items():
        for key, model in result["models"].items():
            latency, throughput = model["latency_ms"], model["throughput_samples_per_s"]

            def lat(name: str) -> float | None:
                return latency[name]["median"] if name in latency else None

            def thr(name: str) -> float | None:
                return throughput[name]["median"] if name in throughput else None

            out.append(
                f"| {backend_name} | {key} | {_number(lat('native'))} | {_number(lat('multikeras.predict'))} | "
                f"{_number(lat('multikeras.predict_on_batch'))} | {_number(lat('keras.predict'))} | "
                f"{_number(lat('keras.predict_on_batch'))} | {_number(thr('native'), 0)} | "
                f"{_number(thr('multikeras.predict'), 0)} | {_number(thr('keras.predict'), 0)} | "
                f"{_number(_ratio(thr('native'), thr('multikeras.predict')), 2)} | "
                f"{_number(_ratio(thr('keras.predict'), thr('multikeras.predict')), 2)} |"
            )
    out.append("")
    return out


def _overhead_section(overhead: dict[str, Any]) -> list[str]:
    out = ["## Per-call overhead (µs)", "",
           "`multikeras.ops.add` / `ops.matmul` on native tensors and a built `Dense(64)` layer called on a native "
           "(32, 64) tensor, against the framework's own call (`matmul(x, kernel) + bias` for the layer); median of "
           f"{overhead['repeat']} interleaved `timeit` rounds; *overhead* is the median over rounds of multikeras - raw "
           "within each round.", "",
           "| backend | case | raw | multikeras | overhead |", "|---|---|---|---|---|"]
    for row in overhead["rows"]:
        out.append(f"| {row['backend']} | {row['case']} | {row['raw']:.2f} | {row['facade']:.2f} | "
                   f"{_call_overhead(row):+.2f} |")
    out.append("")
    return out


def _call_overhead(row: dict[str, Any]) -> float:
    """Microseconds multikeras adds to one call: paired per round, or (results of older runs) the medians' difference."""
    return row["facade over raw"] if "facade over raw" in row else row["facade"] - row["raw"]


def import_extra(arms: dict[str, Any]) -> float:
    """Seconds ``import multikeras`` + a first op costs over the framework's: the paired median when measured,
    else (results written before it was) the difference of the two medians."""
    multikeras = arms["multikeras"]
    if "extra_over_framework_s" in multikeras:
        return multikeras["extra_over_framework_s"]
    return multikeras["import_and_first_op_s"] - arms["framework"]["import_and_first_op_s"]


def _import_section(imports: dict[str, Any]) -> list[str]:
    out = ["## Import time (seconds, fresh processes)", "",
           f"Median of {imports['repeats']} fresh processes each; interpreter start-up excluded. *+ first op*: "
           "`ones(4) + 1` brought back to NumPy. multikeras imports the framework on first use, so compare the "
           "*import + first op* columns. *multikeras extra*: the median over rounds of the difference between "
           "multikeras's process and the framework's process of the same round (they ran back to back).", "",
           "| backend | framework import | framework + first op | multikeras import | multikeras + first op "
           "| multikeras extra | Keras 3 + first op |", "|" + "---|" * 7]
    for backend_name, arms in imports["backends"].items():
        framework, multikeras, keras = arms.get("framework"), arms.get("multikeras"), arms.get("keras")
        extra = import_extra(arms)
        out.append(
            f"| {backend_name} | {framework['import_s']:.2f} | {framework['import_and_first_op_s']:.2f} | "
            f"{multikeras['import_s']:.2f} | {multikeras['import_and_first_op_s']:.2f} | {extra:+.2f} | "
            f"{_number(keras and keras['import_and_first_op_s'], 2)} |"
        )
    out.append("")
    return out


def _targets_section(results: dict[str, Any]) -> list[str]:
    if results["quick"]:
        return ["## Targets of issue 6", "", "Not judged in quick mode.", ""]
    rows = training_rows(results["training"])
    out = ["## Targets of issue 6", "", "| target | measured | verdict |", "|---|---|---|"]
    for backend_name in results["training"]:
        mine = [r for r in rows if r["backend"] == backend_name]
        later = [r["mk_native"] for r in mine if r["workload"] != "W1" and r["mk_native"] is not None]
        worst = max(later) if later else None
        out.append(f"| multikeras/native ≤ 1.05 on W2-W5, {backend_name} | worst {_number(worst, 2)} | "
                   f"{_verdict(None if worst is None else worst <= 1.05)} |")
        w1 = next((r for r in mine if r["workload"] == "W1"), None)
        if w1 is not None:
            out.append(f"| multikeras/native ≤ 1.3 on W1, {backend_name} | {_number(w1['mk_native'], 2)} | "
                       f"{_verdict(None if w1['mk_native'] is None else w1['mk_native'] <= 1.3)} |")
            if backend_name == "torch" and w1["mk_minus_native"] is not None:
                extra = w1["mk_minus_native"]
                out.append(f"| fixed overhead ≤ 0.15 ms/step on torch (W1) | {extra:.3f} ms | {_verdict(extra <= 0.15)} |")
        versus = [r["mk_keras"] for r in mine if r["mk_keras"] is not None]
        out.append(f"| multikeras/Keras 3 ≤ 1.0 on every workload, {backend_name} | "
                   f"worst {_number(max(versus) if versus else None, 2)} | "
                   f"{_verdict(None if not versus else max(versus) <= 1.0)} |")
    for row in results.get("overhead", {}).get("rows", []):
        if row["backend"] in ("torch", "numpy") and row["plugin"] is not None:
            extra = _call_overhead(row)
            out.append(f"| op overhead ≤ 0.5 µs, {row['backend']} {row['case']} | {extra:+.2f} µs | {_verdict(extra <= 0.5)} |")
    numpy_inference = results.get("inference", {}).get("numpy")
    if numpy_inference:
        for key, model in numpy_inference["models"].items():
            throughput = model["throughput_samples_per_s"]
            if "multikeras.predict" in throughput:
                ratio = throughput["native"]["median"] / throughput["multikeras.predict"]["median"]
                out.append(f"| numpy predict within 1.2x of hand-written NumPy, {key} (batch 256) | {ratio:.2f}x | "
                           f"{_verdict(ratio <= 1.2)} |")
    for backend_name, arms in results.get("import_time", {}).get("backends", {}).items():
        extra = import_extra(arms)
        out.append(f"| import multikeras ≤ 0.2 s over the framework, {backend_name} | {extra:+.2f} s | {_verdict(extra <= 0.2)} |")
    out.append("")
    return out


def _method_section(facts: dict[str, Any], quick: bool) -> list[str]:
    return [
        "## How it was measured", "",
        "- **Arms.** *native*: a hand-written loop per framework (`benchmarks/native_<framework>.py`): eager PyTorch "
        "`nn.Module`s with `torch.optim.Adam` (channels-first convolutions, `nn.LSTM`, "
        "`F.scaled_dot_product_attention`); JAX pure functions with one `jax.jit` step and Adam written out "
        "(`lax.scan` LSTM); TensorFlow `tf.Variable`s, a `tf.function` step with `tf.GradientTape` and Adam written "
        "out (no `tf.keras`). *Keras 3* and *multikeras*: the same Keras code (`benchmarks/workloads.py`), "
        "trained with `model.fit(x, y, batch_size=B, epochs=1, shuffle=False, verbose=0)`.",
        "- **Same math.** float32, Adam (learning rate 1e-3, Keras's betas and epsilon 1e-7; `torch.optim.Adam` "
        "applies epsilon after bias correction, a difference below 1e-3 relative in the loss), cross-entropy from "
        "logits, no metrics, no shuffling, data in memory. Every arm starts from the same weights and must give the "
        "same loss before and after one update (the *same losses* column). W4 and W5 use the libraries' own "
        "`layers.LSTM` and `layers.MultiHeadAttention` (the same model code for Keras 3 and multikeras); the native "
        "arms use the framework's own pieces (`nn.LSTM`, a `lax.scan` loop, `F.scaled_dot_product_attention`; "
        "TensorFlow's LSTM is a Python loop unrolled in the traced step, which is why it is slower than both "
        "library arms' `while_loop`).",
        "- **Timing.** First step (trace, compile, one step) timed on its own; then warm-up steps; then windows of N "
        "steps timed end to end with one synchronization at the end (for `fit`: one call on N batches, whose fixed "
        "cost per call is included and spread over the N steps; for native loops: reading the last loss). The arms "
        "take turns window by window, the order of the turns rotating from round to round, with garbage collected "
        "before each window; the table gives each arm's median window, and each ratio the median of its per-round "
        "ratios.",
        f"- **Processes and threads.** One fresh worker process per backend hosts all arms of that backend; Keras 3 "
        f"is imported there with `KERAS_BACKEND` set to it. Every framework is pinned to {facts['threads']} thread(s) "
        "(`torch.set_num_threads`, TensorFlow intra/inter-op, `OMP_NUM_THREADS`, and for one thread "
        "`XLA_FLAGS=--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1`). One thread is the default "
        "because on a shared 2-core machine a second OpenMP thread that has to wait for a busy core makes eager "
        "PyTorch 10-30x slower; use `--threads N` on a quiet machine.",
        "- **Host memory.** Loading multikeras's torch plug-in sets glibc's mmap and trim thresholds to 32 and "
        "64 MiB (`multikeras.backend.host_memory`; `MULTIKERAS_MALLOC_TUNING=0` turns it off), so that memory "
        "freed at the end of a step is not returned to the OS and faulted back in during the next. The setting "
        "is process-wide: the native and Keras 3 arms of the torch worker, built in the same process, run with "
        "it too (their W3 steps about 1.7x faster than with glibc's defaults on this machine), so the ratios "
        "compare the libraries, not the allocator settings.",
        "- **Quick mode** (`--quick`, used by the test suite) runs every arm with 2-step windows, one repeat and "
        "shorter W4/W5 sequences: it proves that the suite runs, its numbers mean nothing." if quick else
        "- `--quick` (used by the test suite) runs every arm with 2-step windows and one repeat: it only proves that "
        "the suite runs.",
        "",
    ]


def render(results: dict[str, Any]) -> str:
    facts = results["machine"]
    quick = results["quick"]
    versions = ", ".join(f"{name} {version}" for name, version in facts["versions"].items())
    load = facts.get("load_average_at_start")
    keras_notes = sorted({f"{b}: {r['keras']}" for b, r in results["training"].items()})
    lines = [
        "# Benchmarks: multikeras vs the native frameworks vs Keras 3",
        "",
        f"Measured {facts['date']} on {facts['cpu_model']} ({facts['machine']}, {facts['cpu_count']} CPUs available, "
        f"{facts['threads']} thread(s) per framework), {facts['platform']}, Python {facts['python']}.",
        f"Versions: {versions}" + (f"; multikeras at commit `{facts['commit']}`." if facts.get("commit") else "."),
        "",
        "**No accelerator (GPU/TPU) was available for these runs: every number below is CPU-only.**",
        "",
    ]
    if quick:
        lines += ["**Quick mode: tiny step counts and one repeat. These numbers only show that every arm runs; "
                  "do not read them as speeds.**", ""]
    if results.get("note"):
        lines += [f"**Conditions:** {results['note']}", ""]
    if load is not None:
        lines += [f"Load average when the run started: {load[0]:.2f} (1 min), {load[1]:.2f} (5 min) on "
                  f"{facts['cpu_count']} CPUs.", ""]
    lines += [f"Produced by `python benchmarks/run_all.py{' --quick' if quick else ''}` in "
              f"{results['seconds']:.0f} s; raw numbers in the JSON written next to it.", ""]
    if results.get("plot"):
        lines += [f"![ms/step per workload and arm]({results['plot']})", ""]
    if results["training"]:
        lines += _training_sections(results["training"], keras_notes)
    if "inference" in results:
        lines += _inference_section(results["inference"])
    if "overhead" in results:
        lines += _overhead_section(results["overhead"])
    if "import_time" in results:
        lines += _import_section(results["import_time"])
    lines += _targets_section(results)
    lines += _method_section(facts, quick)
    return "\n".join(lines)


def plot(results: dict[str, Any], path: pathlib.Path) -> bool:
    """Bar charts of ms/step per workload, one panel per backend; False when matplotlib is not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    rows = training_rows(results["training"])
    backends = list(results["training"])
    if not backends:
        return False
    figure, axes = plt.subplots(1, len(backends), figsize=(5 * len(backends), 4), squeeze=False)
    colors = {"native": "#777777", "keras": "#d62728", "multikeras": "#1f77b4"}
    for axis, backend_name in zip(axes[0], backends):
        mine = [r for r in rows if r["backend"] == backend_name]
        positions = range(len(mine))
        for offset, arm in zip((-0.27, 0.0, 0.27), ARM_TITLES):
            values = [r[arm] if r[arm] is not None else 0.0 for r in mine]
            axis.bar([p + offset for p in positions], values, width=0.27, label=ARM_TITLES[arm], color=colors[arm])
        for p, row in zip(positions, mine):
            if row["mk_native"] is not None and row["multikeras"]:
                axis.annotate(f"{row['mk_native']:.2f}x", (p + 0.27, row["multikeras"]), ha="center", va="bottom",
                              fontsize=7, rotation=90, xytext=(0, 2), textcoords="offset points")
        axis.set_yscale("log")
        axis.set_xticks(list(positions), [r["workload"] for r in mine])
        axis.set_title(backend_name)
        axis.set_ylabel("ms/step (log scale; label: multikeras/native)")
    axes[0][0].legend(loc="upper left", fontsize=8)
    figure.suptitle(f"Training step time, CPU only, {results['machine']['date']}" + (" (quick mode)" if results["quick"] else ""))
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return True
