"""Run one model with the same weights on several backends and measure how far their outputs differ."""

from __future__ import annotations

import io
import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np
import optree


def _relative_difference(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``|a - b| / max(|a|, |b|)`` element by element: 0 where both are 0 (or both NaN, or equal infinities)."""
    same = (a == b) | (np.isnan(a) & np.isnan(b))
    scale = np.maximum(np.abs(a), np.abs(b))
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.abs(a - b) / scale
    relative = np.where(np.isnan(relative), np.inf, relative)
    return np.where(same, 0.0, relative)


def _absolute_difference(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    same = (a == b) | (np.isnan(a) & np.isnan(b))
    with np.errstate(invalid="ignore"):
        absolute = np.abs(a - b)
    return np.where(same, 0.0, np.where(np.isnan(absolute), np.inf, absolute))


class BackendComparison:
    """The outputs of one model on several backends, and their differences per backend pair and output.

    For each pair of backends and each output: ``max_abs``, the largest
    ``|a - b|``, and ``max_rel``, the largest ``|a - b| / max(|a|, |b|)``
    (0 where both values are 0; an element NaN on one backend only counts as
    infinity). Values are compared in float64.

    Args:
        outputs: ``{backend name: [output arrays]}``, every list in the same order.
        output_names: a name per output.

    Example:
        >>> import numpy as np
        >>> report = BackendComparison({"a": [np.array([1.0, 2.0])], "b": [np.array([1.0, 2.5])]}, ["y"])
        >>> report.as_dict()
        {'a/b': {'y': {'max_abs': 0.5, 'max_rel': 0.2}}}
    """

    def __init__(self, outputs: dict[str, list[np.ndarray]], output_names: Sequence[str]):
        self.outputs = {name: [np.asarray(value) for value in values] for name, values in outputs.items()}
        self.backends = list(self.outputs)
        self.output_names = list(output_names)
        for name, values in self.outputs.items():
            if len(values) != len(self.output_names):
                raise ValueError(
                    f"BackendComparison: backend {name!r} gave {len(values)} output(s), expected "
                    f"{len(self.output_names)} ({self.output_names})."
                )
        self._differences = {pair: self._compare(*pair) for pair in itertools.combinations(self.backends, 2)}

    def _compare(self, first: str, second: str) -> dict[str, dict[str, float]]:
        result = {}
        for name, a, b in zip(self.output_names, self.outputs[first], self.outputs[second]):
            if a.shape != b.shape:
                raise ValueError(
                    f"BackendComparison: output {name!r} has shape {a.shape} on {first!r} and {b.shape} on {second!r}."
                )
            a64, b64 = a.astype(np.float64), b.astype(np.float64)
            if a.size == 0:
                result[name] = {"max_abs": 0.0, "max_rel": 0.0}
            else:
                result[name] = {"max_abs": float(_absolute_difference(a64, b64).max()),
                                "max_rel": float(_relative_difference(a64, b64).max())}
        return result

    @property
    def max_abs(self) -> float:
        """The largest absolute difference over every pair and output (0.0 with fewer than two backends)."""
        return max((d["max_abs"] for pair in self._differences.values() for d in pair.values()), default=0.0)

    @property
    def max_rel(self) -> float:
        """The largest relative difference over every pair and output (0.0 with fewer than two backends)."""
        return max((d["max_rel"] for pair in self._differences.values() for d in pair.values()), default=0.0)

    def as_dict(self) -> dict[str, dict[str, dict[str, float]]]:
        """``{"<backend a>/<backend b>": {output name: {"max_abs": ..., "max_rel": ...}}}`` (JSON-ready)."""
        return {f"{a}/{b}": {name: dict(values) for name, values in found.items()}
                for (a, b), found in self._differences.items()}

    def __str__(self) -> str:
        from rich import box
        from rich.console import Console
        from rich.table import Table

        table = Table(box=box.SIMPLE_HEAD)
        for column in ("backends", "output", "max abs", "max rel"):
            table.add_column(column, justify="left" if column in ("backends", "output") else "right")
        for (a, b), found in self._differences.items():
            for name, values in found.items():
                table.add_row(f"{a} / {b}", name, f"{values['max_abs']:.3g}", f"{values['max_rel']:.3g}")
        if not self._differences:
            table.add_row("(one backend: nothing to compare)", "", "", "")
        buffer = io.StringIO()
        Console(file=buffer, width=100, color_system=None, force_terminal=False).print(table)
        return f"Output differences across backends: {', '.join(self.backends)}\n" + buffer.getvalue().rstrip("\n")

    def __repr__(self) -> str:
        return (f"<BackendComparison backends={self.backends} outputs={self.output_names} "
                f"max_abs={self.max_abs:.3g} max_rel={self.max_rel:.3g}>")


def _output_names(model: Any, outputs: Any) -> list[str]:
    if isinstance(outputs, dict):
        return _dict_names(outputs)
    leaves = optree.tree_leaves(outputs, none_is_leaf=False)
    names = getattr(model, "output_names", None)
    if names is None and callable(getattr(model, "_output_names", None)):
        names = model._output_names()  # a Functional model's output layer names
    if isinstance(names, (list, tuple)) and len(names) == len(leaves) and all(isinstance(n, str) for n in names):
        return list(names)
    return ["output"] if len(leaves) == 1 else [f"output_{index}" for index in range(len(leaves))]


def _dict_names(outputs: dict) -> list[str]:
    paths = optree.tree_paths(outputs, none_is_leaf=False)
    return ["/".join(str(part) for part in path) for path in paths]


def _to_host(value: Any) -> Any:
    from multikeras import ops

    return optree.tree_map(lambda leaf: np.asarray(ops.convert_to_numpy(leaf)), value, none_is_leaf=False)


def compare_backends(model: Any, inputs: Any, backends: Sequence[str] | None = None) -> BackendComparison:
    """Run ``model`` on ``inputs`` on each backend with the same weights, and report the output differences.

    The model is copied to each backend in memory with
    :meth:`Model.to_backend <multikeras.Model.to_backend>` (bit-identical
    weights), called in inference mode (``training=False``), and the outputs
    compared pair by pair.

    Args:
        model: a built model, bound to any backend.
        inputs: what the model takes (NumPy arrays, or a list/dict of them).
        backends: the backends to run on; ``None`` for every available one
            (:func:`multikeras.backend.available`).

    Returns:
        A :class:`BackendComparison`: ``print(report)`` shows a table,
        ``report.as_dict()`` gives ``{"a/b": {output: {"max_abs", "max_rel"}}}``.

    Raises:
        ValueError: an unknown backend name, or no backend at all.

    Example:
        >>> import numpy as np, multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     model = mk.Sequential([mk.Input((3,)), mk.layers.Dense(2, activation="tanh")])
        >>> report = compare_backends(model, np.ones((4, 3), "float32"))
        >>> report.backends == mk.backend.available(), report.max_abs < 1e-5
        (True, True)
    """
    from multikeras import backend

    names = backend.available() if backends is None else list(dict.fromkeys(backends))
    if not names:
        raise ValueError("compare_backends: received backends=[]; expected at least one backend name.")
    unknown = [name for name in names if name not in backend.available()]
    if unknown:
        raise ValueError(f"compare_backends: unknown or unavailable backend(s) {unknown}; available: {backend.available()}.")
    host_inputs = _to_host(inputs)
    home = getattr(getattr(model, "_backend", None), "name", None)
    outputs: dict[str, list[np.ndarray]] = {}
    structure_names: list[str] | None = None
    for name in names:
        copy = model if name == home else model.to_backend(name)
        with backend.use(name):
            result = copy(host_inputs, training=False)
            host = _to_host(result)
        if structure_names is None:
            structure_names = _output_names(model, host)
        outputs[name] = optree.tree_leaves(host, none_is_leaf=False)
    return BackendComparison(outputs, structure_names or [])
