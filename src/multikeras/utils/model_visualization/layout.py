"""`layered_layout`: where each box of a :class:`ModelGraph` goes (a layered drawing, no graphviz).

Boxes sit in layers by their depth (top to bottom for ``"TB"``, left to right for ``"LR"``); the boxes of
one layer are spread across it, side by side, in execution order, and each layer is centred. Coordinates
are in points (1/72 inch) with y growing upwards, as matplotlib draws them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from multikeras.utils.model_visualization.graph import ModelGraph

FONT_SIZE = 9.0
"""Label font size, in points."""
LINE_HEIGHT = 1.6 * FONT_SIZE
"""Height of one label line, in points."""
PAD = 6.0
"""Space around a box's text, in points."""
_CHAR_WIDTH = 0.62 * FONT_SIZE  # without a font measure: a generous average advance, so text fits its box
_GAP_ACROSS = 24.0  # between boxes of one layer
_GAP_ALONG = 40.0  # between layers, where the arrows run


@dataclass(frozen=True)
class Placed:
    """A box's centre ``(x, y)`` and its ``width`` and ``height``, in points."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Layout:
    """Each box's place by key, and the drawing's extent ``(width, height)`` in points."""

    places: dict[str, Placed]
    width: float
    height: float


def box_size(lines: list[str], measure: Callable[[str], float] | None = None) -> tuple[float, float]:
    """``(width, height)`` of a box showing ``lines``, in points; ``measure`` gives a line's width."""
    widest = max((measure(line) if measure else len(line) * _CHAR_WIDTH) for line in lines)
    return widest + 4 * PAD, len(lines) * LINE_HEIGHT + 2 * PAD


def layered_layout(graph: ModelGraph, rankdir: str = "TB", measure: Callable[[str], float] | None = None) -> Layout:
    """Place every box of ``graph`` by depth (``rankdir`` ``"TB"`` or ``"LR"``).

    ``measure`` returns the width in points of a line of label text (the renderer measures its font);
    without it widths are estimated from the number of characters.

    Example:
        >>> import multikeras as mk
        >>> from multikeras.utils.model_visualization.graph import build_model_graph
        >>> with mk.backend.use("numpy"):
        ...     model = mk.Sequential([mk.Input((4,)), mk.layers.Dense(3), mk.layers.Dense(1)])
        ...     graph = build_model_graph(model)
        >>> first, second = layered_layout(graph, "LR").places.values()
        >>> first.x < second.x and first.y == second.y
        True
    """
    sizes = {key: box_size(box.lines, measure) for key, box in graph.boxes.items()}
    layers: dict[int, list[str]] = {}
    for key, box in graph.boxes.items():
        layers.setdefault(box.depth, []).append(key)
    depths = sorted(layers)
    vertical = rankdir == "TB"
    # Along the flow a layer takes its largest box; across it, the sum of its boxes and gaps.
    along = [max(sizes[k][1] if vertical else sizes[k][0] for k in layers[d]) for d in depths]
    across = [sum(sizes[k][0] if vertical else sizes[k][1] for k in layers[d]) + _GAP_ACROSS * (len(layers[d]) - 1)
              for d in depths]
    total_across = max(across) + 2 * PAD
    total_along = sum(along) + _GAP_ALONG * (len(depths) - 1) + 2 * PAD
    places: dict[str, Placed] = {}
    position = PAD
    for index, depth in enumerate(depths):
        centre_along = position + along[index] / 2
        cursor = (total_across - across[index]) / 2
        for key in layers[depth]:
            width, height = sizes[key]
            extent = width if vertical else height
            centre_across = cursor + extent / 2
            cursor += extent + _GAP_ACROSS
            if vertical:  # first layer on top: y counts down from the top edge
                places[key] = Placed(centre_across, total_along - centre_along, width, height)
            else:  # first layer on the left; boxes of one layer listed top to bottom
                places[key] = Placed(centre_along, total_across - centre_across, width, height)
        position += along[index] + _GAP_ALONG
    width, height = (total_across, total_along) if vertical else (total_along, total_across)
    return Layout(places, width, height)
