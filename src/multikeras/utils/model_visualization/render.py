"""`plot_model`: draw a model's diagram into an image file with matplotlib (no graphviz, no pydot).

There is one drawing path: even where graphviz's ``dot`` is installed, the picture is drawn by
matplotlib from the same :class:`ModelGraph` that :func:`model_to_dot` writes, so a diagram looks the
same on every machine and needs no system package.
"""

from __future__ import annotations

import os
from typing import Any

from multikeras.utils.model_visualization.graph import ModelGraph, build_model_graph, check_options
from multikeras.utils.model_visualization.layout import FONT_SIZE, LINE_HEIGHT, PAD, Layout, Placed, layered_layout

FORMATS = {"png": "png", "jpg": "jpg", "jpeg": "jpg", "svg": "svg", "pdf": "pdf", "dot": "dot"}
"""File extension -> format written (``dot`` writes the Dot source, which needs pydot)."""

_BADGE_COLOURS = {"trainable": "forestgreen", "non_trainable": "firebrick"}
_FRAME_PAD = 6.0
_FONT = "DejaVu Sans"  # shipped with matplotlib: the same text metrics on every machine


def file_format(to_file: str) -> str:
    """The format for ``to_file``'s extension (``png`` when it has none, as Keras 3 does)."""
    extension = os.path.splitext(os.fspath(to_file))[1][1:].lower()
    if not extension:
        return "png"
    if extension not in FORMATS:
        raise ValueError(
            f"plot_model: cannot write {to_file!r}: unknown extension '.{extension}'; "
            f"expected one of {sorted('.' + e for e in FORMATS)}."
        )
    return FORMATS[extension]


def _import_pyplot() -> Any:
    try:
        import matplotlib
    except ImportError as error:
        raise ImportError(
            "plot_model needs the `matplotlib` package: install it with `pip install matplotlib` "
            "(or `pip install multikeras[plot]`). No graphviz binary is needed."
        ) from error
    from matplotlib.figure import Figure  # a bare Figure: no pyplot state, no GUI backend, thread-safe

    del matplotlib
    return Figure


def _anchor(place: Placed, towards: Placed, rankdir: str) -> tuple[float, float]:
    """Where an arrow leaves (or meets) ``place``: its side facing ``towards`` along the flow."""
    if rankdir == "TB":
        sign = -1.0 if towards.y < place.y else 1.0
        return place.x, place.y + sign * place.height / 2
    sign = 1.0 if towards.x > place.x else -1.0
    return place.x + sign * place.width / 2, place.y


def _draw_box(axes: Any, box: Any, place: Placed) -> None:
    """The box: a black title band with the name in white bold, the field lines in black, then the
    trainable badge as a coloured band."""
    from matplotlib.patches import Rectangle

    left, top = place.x - place.width / 2, place.y + place.height / 2
    axes.add_patch(Rectangle((left, top - place.height), place.width, place.height, facecolor="white",
                             edgecolor="black", lw=1.0, zorder=2))
    rows = box.text_rows()
    for index, (text, kind) in enumerate(rows):
        if index == 0:  # the title band takes the top padding too
            low, high = top - (LINE_HEIGHT + PAD), top
        else:
            high = top - (LINE_HEIGHT + PAD) - (index - 1) * LINE_HEIGHT
            low = high - LINE_HEIGHT
        if index == len(rows) - 1 and index > 0:  # the last band takes the bottom padding
            low = top - place.height
        fill = "black" if kind == "title" else _BADGE_COLOURS.get(kind)
        if fill is not None:
            axes.add_patch(Rectangle((left, low), place.width, high - low, facecolor=fill, edgecolor="black",
                                     lw=1.0, zorder=2))
        axes.text(place.x, (low + high) / 2, text, ha="center", va="center", fontsize=FONT_SIZE, zorder=3,
                  color="black" if fill is None else "white", fontweight="normal" if fill is None else "bold",
                  family=_FONT)


def _text_width(line: str) -> float:
    """The width of ``line`` in points, in the bold font (the widest a label line is drawn in)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    path = TextPath((0, 0), line, size=FONT_SIZE, prop=FontProperties(family=_FONT, weight="bold"))
    return float(path.get_extents().width)


def _draw_clusters(axes: Any, graph: ModelGraph, layout: Layout) -> None:
    from matplotlib.patches import Rectangle

    for key, cluster in graph.clusters.items():
        members = [layout.places[b.key] for b in graph.boxes.values()
                   if b.cluster == key or (b.cluster or "").startswith(key + "/")]
        if not members:
            continue
        depth = key.count("/") + 1
        pad = _FRAME_PAD * (1 + 1.0 / depth)
        left = min(p.x - p.width / 2 for p in members) - pad
        right = max(p.x + p.width / 2 for p in members) + pad
        bottom = min(p.y - p.height / 2 for p in members) - pad
        top = max(p.y + p.height / 2 for p in members) + pad
        axes.add_patch(Rectangle((left, bottom), right - left, top - bottom, fill=False, linestyle="--",
                                 edgecolor="dimgray", lw=1.0))
        axes.text(left + 2, top + 2, cluster.label, ha="left", va="bottom", fontsize=FONT_SIZE, color="dimgray")


def draw(graph: ModelGraph, layout: Layout, rankdir: str) -> Any:
    """A matplotlib ``Figure`` of ``graph`` placed by ``layout``, sized 1 point per layout unit."""
    figure_class = _import_pyplot()
    margin = 2 * _FRAME_PAD + FONT_SIZE * 2  # room for the outermost cluster frames and their labels
    width, height = layout.width + 2 * margin, layout.height + 2 * margin
    figure = figure_class(figsize=(width / 72.0, height / 72.0))
    axes = figure.add_axes((0.0, 0.0, 1.0, 1.0))
    axes.set_xlim(-margin, layout.width + margin)
    axes.set_ylim(-margin, layout.height + margin)
    axes.set_axis_off()
    _draw_clusters(axes, graph, layout)
    for source, target in graph.edges:
        start_place, end_place = layout.places[source], layout.places[target]
        if source == target:
            continue  # a layer fed by its own output (a shared layer): no arrow to draw
        start = _anchor(start_place, end_place, rankdir)
        end = _anchor(end_place, start_place, rankdir)
        axes.annotate("", xy=end, xytext=start,
                      arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 1.2, "shrinkA": 0, "shrinkB": 0,
                                  "mutation_scale": 10})
    for key, box in graph.boxes.items():
        _draw_box(axes, box, layout.places[key])
    return figure


def plot_model(
    model: Any,
    to_file: str = "model.png",
    show_shapes: bool = False,
    show_dtype: bool = False,
    show_layer_names: bool = False,
    rankdir: str = "TB",
    expand_nested: bool = False,
    dpi: int = 200,
    show_layer_activations: bool = False,
    show_trainable: bool = False,
    splines: str = "ortho",
    **kwargs: Any,
) -> Any:
    """Draw ``model``'s layers and their connections into ``to_file`` (PNG, JPEG, SVG, PDF or Dot).

    The picture is drawn by matplotlib from the same description that :func:`model_to_dot` writes: one
    box per layer (a black title bar with the layer's name and class, then the rows asked for), layers
    placed by their depth in the graph (top to bottom, or left to right with ``rankdir="LR"``), the
    layers of one depth side by side, arrows along the layer calls. No graphviz is needed.

    Args:
        model: a built model.
        to_file: the file to write; its extension picks the format: ``.png`` (also when there is no
            extension), ``.jpg``/``.jpeg``, ``.svg``, ``.pdf``, or ``.dot`` (the Dot source; needs pydot).
        show_shapes, show_dtype, show_layer_names, expand_nested, show_layer_activations,
            show_trainable: what to show, as in :func:`model_to_dot` (``show_layer_names`` defaults to
            ``False`` here, as in Keras 3.15).
        rankdir: ``"TB"`` or ``"LR"``.
        dpi: the resolution of PNG and JPEG files (dots per inch).
        splines: written into ``.dot`` files; the matplotlib drawing uses straight arrows.
        **kwargs: none are accepted (``layer_range`` is refused, as in Keras 3).

    Returns:
        an ``IPython.display.Image`` of the file (``IPython.display.SVG`` for ``.svg``) when IPython is
        installed, so that a notebook cell shows the diagram; ``None`` for ``.pdf`` and ``.dot`` files and
        when IPython is not installed.

    Raises:
        ImportError: matplotlib (or, for ``.dot``, pydot) is not installed.
        ValueError: the model is not built, ``rankdir`` is not ``"TB"``/``"LR"``, an unknown keyword,
            or an unknown file extension.

    Example:
        >>> import os, tempfile
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     inputs = mk.Input((4,), name="x")
        ...     hidden = mk.layers.Dense(3, activation="relu", name="hidden")(inputs)
        ...     model = mk.Model(inputs, mk.layers.Dense(1, name="score")(hidden))
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = os.path.join(folder, "model.svg")
        ...     _ = mk.utils.plot_model(model, to_file=path, show_shapes=True, show_layer_names=True)
        ...     svg = open(path).read()
        >>> "hidden (Dense)" in svg, "Output shape: (None, 1)" in svg
        (True, True)
    """
    check_options("plot_model", rankdir, kwargs)
    kind = file_format(to_file)
    options = {
        "show_shapes": show_shapes,
        "show_dtype": show_dtype,
        "show_layer_names": show_layer_names,
        "expand_nested": expand_nested,
        "show_layer_activations": show_layer_activations,
        "show_trainable": show_trainable,
    }
    if kind == "dot":
        from multikeras.utils.model_visualization.dot import graph_to_dot, import_pydot

        import_pydot()
        dot = graph_to_dot(build_model_graph(model, **options), rankdir=rankdir, dpi=dpi, splines=splines)
        with open(to_file, "w", encoding="utf-8") as handle:
            handle.write(dot.to_string())
        return None
    _import_pyplot()  # before building anything: a missing matplotlib is reported first
    graph = build_model_graph(model, **options)
    figure = draw(graph, layered_layout(graph, rankdir, measure=_text_width), rankdir)
    # SVG keeps text as text (not glyph paths) so the file stays small and searchable.
    import matplotlib

    with matplotlib.rc_context({"svg.fonttype": "none"}):
        figure.savefig(to_file, format=kind, dpi=dpi)
    return _notebook_image(to_file, kind)


def _notebook_image(to_file: str, kind: str) -> Any:
    if kind not in ("png", "jpg", "svg"):
        return None
    try:
        from IPython import display
    except ImportError:
        return None
    return display.SVG(filename=to_file) if kind == "svg" else display.Image(filename=to_file)
