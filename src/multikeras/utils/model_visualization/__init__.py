"""Model diagrams: :func:`plot_model` (drawn with matplotlib, no graphviz) and :func:`model_to_dot` (pydot).

``graph`` describes the diagram (boxes, labels, arrows, depths) once; ``dot`` writes it as a Dot graph,
``layout`` places it in layers and ``render`` draws it.
"""

from multikeras.utils.model_visualization.dot import model_to_dot
from multikeras.utils.model_visualization.render import plot_model

__all__ = ["model_to_dot", "plot_model"]
