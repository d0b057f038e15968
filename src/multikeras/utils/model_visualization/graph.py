"""`ModelGraph`: what a model diagram shows (boxes, their labels, arrows, nested groups, depths).

Both :func:`~multikeras.utils.model_to_dot` and :func:`~multikeras.utils.plot_model` draw this one
description, so the Dot graph and the matplotlib picture always show the same thing. It is built from
the model's own graph: a Functional model's recorded nodes (each layer call on KerasTensors), a
Sequential model's stack (its input layer hidden, as Keras 3 draws it), and, for a model with no graph
(a subclassed one), one box for the model itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from multikeras.symbolic.keras_tensor import KerasTensor

NOT_BUILT_MESSAGE = (
    "This model has not yet been built. Build the model first by calling `build()` "
    "or by calling the model on a batch of data."
)
"""Keras 3's error for a model that is not built (observed with Keras 3.15.1)."""

RANKDIRS = ("TB", "LR")


@dataclass(frozen=True)
class Cell:
    """One cell of a box's label: ``caption`` (e.g. ``"Output shape"``, empty for a badge) and ``value``.

    ``kind`` is ``"field"`` (caption: value), ``"trainable"`` or ``"non_trainable"`` (a coloured badge).
    """

    caption: str
    value: str
    kind: str = "field"

    @property
    def text(self) -> str:
        """The cell as plain text (``"Output shape: (None, 3)"``, ``"Trainable"``)."""
        return f"{self.caption}: {self.value}" if self.caption else self.value


@dataclass
class Box:
    """One layer's box. ``name`` is bold in the title; ``rows`` are the label's lines of cells under it."""

    key: str
    name: str
    class_name: str
    rows: list[list[Cell]] = field(default_factory=list)
    cluster: str | None = None
    depth: int = 0

    @property
    def title(self) -> str:
        """``"dense (Dense)"``, or the class name alone when layer names are hidden."""
        return f"{self.name} ({self.class_name})" if self.name else self.class_name

    def text_rows(self) -> list[tuple[str, str]]:
        """The label as ``(text, kind)`` lines: ``"title"``, then each row's fields joined by ``" | "``
        (kind ``"field"``), then the trainable badge on a line of its own (its kind)."""
        rows = [(self.title, "title")]
        badges = []
        for row in self.rows:
            fields = [cell.text for cell in row if cell.kind == "field"]
            if fields:
                rows.append((" | ".join(fields), "field"))
            badges += [(cell.text, cell.kind) for cell in row if cell.kind != "field"]
        return rows + badges

    @property
    def lines(self) -> list[str]:
        """The label as plain text lines (see :meth:`text_rows`)."""
        return [text for text, _ in self.text_rows()]


@dataclass(frozen=True)
class Cluster:
    """An expanded nested model: its boxes are drawn inside a dashed frame labelled with its name."""

    key: str
    label: str
    parent: str | None


@dataclass
class ModelGraph:
    """Boxes in the model's execution order, arrows ``(source key, target key)``, nested groups."""

    name: str
    boxes: dict[str, Box] = field(default_factory=dict)
    edges: list[tuple[str, str]] = field(default_factory=list)
    clusters: dict[str, Cluster] = field(default_factory=dict)

    def labels(self) -> dict[str, list[str]]:
        """Each box's plain-text lines, by key."""
        return {key: box.lines for key, box in self.boxes.items()}

    def named_edges(self) -> list[tuple[str, str]]:
        """The arrows as ``(source title, target title)`` pairs, handy to read and to test."""
        return [(self.boxes[a].title, self.boxes[b].title) for a, b in self.edges]


class _Hidden:
    """Stands for the hidden input layer of a Sequential model: the index of the model input it carries."""

    __slots__ = ("index",)

    def __init__(self, index: int):
        self.index = index


def _structure_of(model: Any) -> tuple[list[Any], list[KerasTensor], list[KerasTensor], bool] | None:
    """``(nodes, inputs, outputs, hide input layers)`` of a model with a graph, else ``None``."""
    from multikeras.models.functional import Functional
    from multikeras.models.sequential import Sequential

    if isinstance(model, Sequential):
        graph = model._functional
        if graph is None:
            return None
        return graph._nodes, graph.inputs, graph.outputs, True  # Keras 3 draws no input box for a Sequential
    if isinstance(model, Functional):
        return model._nodes, model.inputs, model.outputs, False
    return None


def _shape_text(tensors: list[KerasTensor]) -> str:
    shapes = [tuple(t.shape) for t in tensors]
    return str(shapes[0]) if len(shapes) == 1 else str(shapes)


def _dtype_text(tensors: list[KerasTensor]) -> str:
    dtypes = [str(t.dtype) for t in tensors]
    return dtypes[0] if len(set(dtypes)) == 1 else str(dtypes)


def _class_name(layer: Any) -> str:
    """The class shown for ``layer``; a recorded op call shows its op as Keras 3 names the op's class
    (``ops.add`` -> ``Add``), not the ``OpCall`` wrapper multikeras records it with."""
    from multikeras.layers.core.op_call import OpCall

    if isinstance(layer, OpCall):
        return "".join(part[:1].upper() + part[1:] for part in str(layer.op).split("_"))
    return type(layer).__name__


def _activation_name(activation: Any) -> str:
    if activation is None:
        return "linear"
    if isinstance(activation, str):
        return activation
    return getattr(activation, "__name__", None) or type(activation).__name__


class _Builder:
    def __init__(self, options: dict[str, bool]):
        self.options = options
        self.graph: ModelGraph | None = None
        self.order: dict[str, int] = {}

    def box(self, layer: Any, node: Any, cluster: str | None) -> str:
        key = str(id(layer))
        graph = self.graph
        assert graph is not None
        if key in graph.boxes:  # a shared layer: one box, whatever the number of calls
            return key
        from multikeras.layers.core.input_layer import InputLayer

        rows: list[list[Cell]] = []
        if self.options["show_layer_activations"] and hasattr(layer, "activation"):
            rows.append([Cell("Activation", _activation_name(layer.activation))])
        cells: list[Cell] = []
        if node is not None and self.options["show_shapes"]:
            if not isinstance(layer, InputLayer) and node.input_tensors:
                cells.append(Cell("Input shape", _shape_text(node.input_tensors)))
            if node.output_tensors:
                cells.append(Cell("Output shape", _shape_text(node.output_tensors)))
        if node is not None and self.options["show_dtype"] and node.output_tensors:
            cells.append(Cell("Output dtype", _dtype_text(node.output_tensors)))
        if self.options["show_trainable"] and getattr(layer, "weights", None):
            trainable = bool(getattr(layer, "trainable", True))
            cells.append(Cell("", "Trainable" if trainable else "Non-trainable",
                              "trainable" if trainable else "non_trainable"))
        if cells:
            rows.append(cells)
        name = layer.name if self.options["show_layer_names"] else ""
        graph.boxes[key] = Box(key, name, _class_name(layer), rows, cluster)
        self.order[key] = len(self.order)
        return key

    def connect(self, sources: Any, targets: list[str], entries: list[list[str]]) -> None:
        if isinstance(sources, _Hidden):
            entries[sources.index].extend(t for t in targets if t not in entries[sources.index])
            return
        graph = self.graph
        assert graph is not None
        for source in sources:
            for target in targets:
                if (source, target) not in graph.edges:
                    graph.edges.append((source, target))

    def add_model(self, model: Any, cluster: str | None) -> tuple[list[list[str]], list[list[str]]]:
        """Add ``model``'s boxes and arrows; returns the boxes fed by each model input and feeding each output."""
        structure = _structure_of(model)
        if structure is None:
            key = self.box(model, None, cluster)
            return [[key]], [[key]]
        nodes, inputs, outputs, hide_inputs = structure
        from multikeras.layers.core.input_layer import InputLayer

        input_index = {id(t): i for i, t in enumerate(inputs)}
        entries: list[list[str]] = [[] for _ in inputs]
        produced: dict[int, Any] = {}
        for node in nodes:
            layer = node.layer
            if isinstance(layer, InputLayer):
                tensor = node.output_tensors[0]
                index = input_index.get(id(tensor), 0)
                if hide_inputs:
                    produced[id(tensor)] = _Hidden(index)
                else:
                    key = self.box(layer, node, cluster)
                    produced[id(tensor)] = [key]
                    entries[index].append(key)
                continue
            sources = [produced.get(id(t), []) for t in node.input_tensors]
            if self.options["expand_nested"] and _structure_of(layer) is not None:
                inner = f"{cluster}/{layer.name}" if cluster else layer.name
                graph = self.graph
                assert graph is not None
                graph.clusters.setdefault(inner, Cluster(inner, layer.name, cluster))
                inner_entries, inner_exits = self.add_model(layer, inner)
                for position, source in enumerate(sources):
                    if len(sources) == len(inner_entries):
                        targets = inner_entries[position]
                    else:  # the call's tensors do not line up with the inputs: feed every entry
                        targets = [key for group in inner_entries for key in group]
                    self.connect(source, targets, entries)
                for j, tensor in enumerate(node.output_tensors):
                    produced[id(tensor)] = inner_exits[j] if j < len(inner_exits) else inner_exits[-1]
                continue
            key = self.box(layer, node, cluster)
            for source in sources:
                self.connect(source, [key], entries)
            for tensor in node.output_tensors:
                produced[id(tensor)] = [key]
        exits = []
        for tensor in outputs:
            value = produced.get(id(tensor), [])
            exits.append([] if isinstance(value, _Hidden) else list(value))
        return entries, exits


def _set_depths(graph: ModelGraph, order: dict[str, int]) -> None:
    """Depth = the longest chain of arrows from a box with no input. Arrows back to an earlier box (a
    shared layer called again downstream) do not count, so every depth is finite."""
    forward = sorted((e for e in graph.edges if order[e[0]] < order[e[1]]), key=lambda e: order[e[1]])
    for box in graph.boxes.values():
        box.depth = 0
    for source, target in forward:  # targets in execution order: a source's depth is final when used
        graph.boxes[target].depth = max(graph.boxes[target].depth, graph.boxes[source].depth + 1)


def check_options(function: str, rankdir: str, kwargs: dict[str, Any]) -> None:
    """Raise ``ValueError`` for a ``rankdir`` other than ``"TB"``/``"LR"`` or an unknown keyword."""
    if "layer_range" in kwargs:
        raise ValueError(f"{function}: Argument `layer_range` is no longer supported.")
    if kwargs:
        raise ValueError(f"{function}: Unrecognized keyword arguments: {kwargs}")
    if rankdir not in RANKDIRS:
        raise ValueError(
            f"{function}: rankdir must be 'TB' (top to bottom) or 'LR' (left to right); received {rankdir!r}."
        )


def build_model_graph(
    model: Any,
    show_shapes: bool = False,
    show_dtype: bool = False,
    show_layer_names: bool = True,
    expand_nested: bool = False,
    show_layer_activations: bool = False,
    show_trainable: bool = False,
) -> ModelGraph:
    """The diagram of ``model``: one box per layer, arrows along the layer calls, depths for the layout.

    Raises:
        ValueError: the model is not built (Keras 3's message).

    Example:
        >>> import multikeras as mk
        >>> from multikeras.utils.model_visualization.graph import build_model_graph
        >>> with mk.backend.use("numpy"):
        ...     model = mk.Sequential([mk.Input((4,)), mk.layers.Dense(3, name="a"), mk.layers.Dense(1, name="b")])
        ...     graph = build_model_graph(model, show_shapes=True)
        >>> graph.named_edges()
        [('a (Dense)', 'b (Dense)')]
        >>> for box in graph.boxes.values():
        ...     print(box.lines)
        ['a (Dense)', 'Input shape: (None, 4) | Output shape: (None, 3)']
        ['b (Dense)', 'Input shape: (None, 3) | Output shape: (None, 1)']
    """
    if not getattr(model, "built", False):
        raise ValueError(NOT_BUILT_MESSAGE + f" (model '{getattr(model, 'name', model)}')")
    builder = _Builder({
        "show_shapes": show_shapes,
        "show_dtype": show_dtype,
        "show_layer_names": show_layer_names,
        "expand_nested": expand_nested,
        "show_layer_activations": show_layer_activations,
        "show_trainable": show_trainable,
    })
    builder.graph = ModelGraph(name=model.name)
    builder.add_model(model, None)
    _set_depths(builder.graph, builder.order)
    return builder.graph
