"""`model_to_dot`: a model's diagram as a ``pydot.Dot`` graph (building it needs no graphviz binary)."""

from __future__ import annotations

import html
import re
from typing import Any

from multikeras.utils.model_visualization.graph import Box, ModelGraph, build_model_graph, check_options

_BADGE_COLOURS = {"trainable": "forestgreen", "non_trainable": "firebrick"}


def import_pydot() -> Any:
    """The ``pydot`` module, or an ImportError that says how to install it."""
    try:
        import pydot
    except ImportError as error:
        raise ImportError(
            "model_to_dot needs the `pydot` package: install it with `pip install pydot` "
            "(or `pip install multikeras[plot]`). No graphviz binary is needed to build the graph."
        ) from error
    return pydot


def html_label(box: Box) -> str:
    """The box as a graphviz HTML-like label: a black title bar, then one table row per label row."""
    columns = max([len(row) for row in box.rows] + [1])
    if box.name:
        title = f"<b>{html.escape(box.name)}</b> ({html.escape(box.class_name)})"
    else:
        title = f"<b>{html.escape(box.class_name)}</b>"
    parts = [
        '<<table border="0" cellborder="1" bgcolor="black" cellpadding="10">',
        f'<tr><td colspan="{columns}" bgcolor="black"><font point-size="16" color="white">{title}</font></td></tr>',
    ]
    for row in box.rows:
        cells = []
        span = f' colspan="{columns}"' if len(row) == 1 and columns > 1 else ""
        for cell in row:
            if cell.kind in _BADGE_COLOURS:
                cells.append(f'<td bgcolor="{_BADGE_COLOURS[cell.kind]}"{span}><font point-size="14" color="white">'
                             f"<b>{html.escape(cell.value)}</b></font></td>")
            else:
                cells.append(f'<td bgcolor="white"{span}><font point-size="14">{html.escape(cell.caption)}: '
                             f"<b>{html.escape(cell.value)}</b></font></td>")
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</table>>")
    return "".join(parts)


def _cluster_name(key: str) -> str:
    return re.sub(r"\W", "_", key)


def graph_to_dot(graph: ModelGraph, rankdir: str, dpi: int, splines: str, subgraph: bool = False) -> Any:
    """A ``pydot.Dot`` (or, with ``subgraph``, a ``pydot.Cluster`` named after the model) of ``graph``."""
    pydot = import_pydot()
    if subgraph:
        top = pydot.Cluster(_cluster_name(graph.name), style="dashed", label=graph.name, labeljust="l")
    else:
        top = pydot.Dot(graph_type="digraph", rankdir=rankdir, concentrate=True, dpi=dpi, splines=splines)
    containers: dict[str | None, Any] = {None: top}

    def container(key: str | None) -> Any:
        if key not in containers:
            cluster = graph.clusters[key]  # type: ignore[index]
            parent = container(cluster.parent)
            containers[key] = pydot.Cluster(_cluster_name(key), style="dashed", label=cluster.label, labeljust="l")
            parent.add_subgraph(containers[key])
        return containers[key]

    for key, box in graph.boxes.items():
        node = pydot.Node(key, label=html_label(box), fontname="Helvetica", shape="plaintext", margin=0)
        container(box.cluster).add_node(node)
    for source, target in graph.edges:
        top.add_edge(pydot.Edge(source, target, penwidth=2))
    return top


def model_to_dot(
    model: Any,
    show_shapes: bool = False,
    show_dtype: bool = False,
    show_layer_names: bool = True,
    rankdir: str = "TB",
    expand_nested: bool = False,
    dpi: int = 200,
    subgraph: bool = False,
    show_layer_activations: bool = False,
    show_trainable: bool = False,
    splines: str = "ortho",
    **kwargs: Any,
) -> Any:
    """The diagram of ``model`` as a ``pydot.Dot`` graph: one node per layer, edges along the layer calls.

    Building the graph needs the ``pydot`` package only; render it with graphviz (``graph.write_png``)
    if you have it, or draw the same diagram with :func:`~multikeras.utils.plot_model`, which needs
    matplotlib and no graphviz.

    Args:
        model: a built model (Functional, Sequential or subclassed: the last is one node).
        show_shapes: add each layer's input and output shapes to its label.
        show_dtype: add each layer's output dtype.
        show_layer_names: put the layer's name before its class name.
        rankdir: ``"TB"`` (top to bottom) or ``"LR"`` (left to right), the ``rankdir`` graph attribute.
        expand_nested: draw the layers of nested Functional and Sequential models, each model in a
            dashed cluster, instead of one node per nested model.
        dpi: the ``dpi`` graph attribute.
        subgraph: return a ``pydot.Cluster`` named after the model (to add to another graph) instead.
        show_layer_activations: add the activation of layers that have one.
        show_trainable: add a "Trainable" / "Non-trainable" badge to layers that have weights.
        splines: the ``splines`` graph attribute (``"ortho"``, as in Keras 3).
        **kwargs: none are accepted (``layer_range`` is refused, as in Keras 3).

    Returns:
        a ``pydot.Dot`` (a ``pydot.Cluster`` with ``subgraph=True``).

    Raises:
        ImportError: pydot is not installed.
        ValueError: the model is not built, ``rankdir`` is not ``"TB"``/``"LR"``, or an unknown keyword.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     model = mk.Sequential([mk.Input((4,)), mk.layers.Dense(3, name="a"), mk.layers.Dense(1, name="b")])
        ...     dot = mk.utils.model_to_dot(model, show_shapes=True, rankdir="LR")
        >>> dot.get_rankdir(), len(dot.get_nodes()), len(dot.get_edges())
        ('LR', 2, 1)
    """
    check_options("model_to_dot", rankdir, kwargs)
    import_pydot()
    graph = build_model_graph(
        model,
        show_shapes=show_shapes,
        show_dtype=show_dtype,
        show_layer_names=show_layer_names,
        expand_nested=expand_nested,
        show_layer_activations=show_layer_activations,
        show_trainable=show_trainable,
    )
    return graph_to_dot(graph, rankdir=rankdir, dpi=dpi, splines=splines, subgraph=subgraph)
