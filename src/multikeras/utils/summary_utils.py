"""`Model.summary()`: the layer table with output shapes and parameter counts."""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from typing import Any

import optree
import rich.console
import rich.table

from multikeras.symbolic.keras_tensor import KerasTensor
from multikeras.utils.io_utils import print_msg


def _is_keras_tensor(x: Any) -> bool:
    return isinstance(x, KerasTensor)


def _output_shape(layer: Any) -> str:
    nodes = getattr(layer, "_inbound_nodes", [])
    if not nodes:
        try:
            return str(layer.output_shape)
        except (AttributeError, ValueError):
            return "?"
    shapes = [
        tuple(t.shape) for t in optree.tree_leaves(nodes[-1].outputs, is_leaf=_is_keras_tensor) if isinstance(t, KerasTensor)
    ]
    return str(shapes[0]) if len(shapes) == 1 else str(shapes)


def _count(variables: list[Any]) -> int:
    return sum(math.prod(v.shape) for v in variables)


def _bytes(variables: list[Any]) -> int:
    from multikeras.backend import dtypes

    sizes = {"float16": 2, "bfloat16": 2, "float64": 8, "int64": 8, "uint64": 8, "int8": 1, "uint8": 1, "bool": 1, "int16": 2, "uint16": 2}
    return sum(math.prod(v.shape) * sizes.get(dtypes.standardize_dtype(v.dtype), 4) for v in variables)


def _human(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.2f} {unit}" if unit != "B" else f"{n} B"
        n /= 1024  # type: ignore[assignment]
    return f"{n} B"


def print_summary(
    model: Any,
    line_length: int | None = None,
    print_fn: Callable[..., Any] | None = None,
    expand_nested: bool = False,
    show_trainable: bool = False,
    layer_range: Any = None,
) -> None:
    """Print (or pass to ``print_fn``) the summary table of ``model``."""
    layers = list(model.layers)  # Functional models list their input layers, as Keras prints them
    if layer_range is not None:
        names = [layer.name for layer in layers]
        first, last = layer_range
        if first not in names or last not in names:
            raise ValueError(f"summary: layer_range {layer_range!r} names layers not in the model ({names}).")
        layers = layers[names.index(first): names.index(last) + 1]
    rows: list[tuple[str, ...]] = []

    def add(layer: Any, prefix: str) -> None:
        params = _count(layer.weights) if layer.built else 0
        row = (f"{prefix}{layer.name} ({type(layer).__name__})", _output_shape(layer), f"{params:,}" if layer.built else "0 (unbuilt)")
        if show_trainable:
            row += ("Y" if layer.trainable else "N",)
        rows.append(row)
        if expand_nested and hasattr(layer, "layers"):
            for inner in layer.layers:
                if type(inner).__name__ != "InputLayer":
                    add(inner, prefix + "  ")

    for layer in layers:
        add(layer, "")
    table = rich.table.Table(title=None, show_lines=False, width=line_length)
    table.add_column("Layer (type)", no_wrap=True)
    table.add_column("Output Shape")
    table.add_column("Param #", justify="right")
    if show_trainable:
        table.add_column("Trainable")
    for row in rows:
        table.add_row(*row)
    weights = model.weights if model.built else []
    trainable = model.trainable_weights if model.built else []
    non_trainable = model.non_trainable_weights if model.built else []
    buffer = io.StringIO()
    console = rich.console.Console(file=buffer, width=line_length or 100, force_terminal=False, color_system=None)
    console.print(f'Model: "{model.name}"')
    console.print(table)
    console.print(f" Total params: {_count(weights):,} ({_human(_bytes(weights))})")
    console.print(f" Trainable params: {_count(trainable):,} ({_human(_bytes(trainable))})")
    console.print(f" Non-trainable params: {_count(non_trainable):,} ({_human(_bytes(non_trainable))})")
    text = buffer.getvalue().rstrip("\n")
    if print_fn is None:
        print_msg(text)
    else:
        for line in text.splitlines():
            print_fn(line)
