"""Models: :class:`Model`, Functional graphs and :class:`Sequential` stacks.

Example:
    >>> import multikeras as mk
    >>> mk.models.Sequential([mk.Input((2,)), mk.layers.Dense(1)]).output_shape
    (None, 1)
"""

from multikeras.models.cloning import clone_model, model_from_json
from multikeras.models.functional import Functional
from multikeras.models.model import Model
from multikeras.models.sequential import Sequential
from multikeras.saving.saving_api import load_model, save_model

__all__ = ["Functional", "Model", "Sequential", "clone_model", "load_model", "model_from_json", "save_model"]
