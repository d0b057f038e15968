"""multikeras: the Keras API on TensorFlow, PyTorch, JAX and NumPy.

Importing multikeras imports no framework; the selected backend's framework
is imported the first time an op runs (see ``multikeras.backend``).

Example:
    >>> import multikeras as mk
    >>> with mk.backend.use("numpy"):
    ...     print(mk.ops.sum(mk.ops.ones((2, 3))))
    6.0
"""

from multikeras import backend, config, ops, random
from multikeras import activations, constraints, initializers, regularizers
from multikeras import dtype_policies, saving, state, symbolic
from multikeras import layers, models, utils
from multikeras.layers import Input, InputSpec, Layer
from multikeras.models import Functional, Model, Sequential
from multikeras.state import Variable
from multikeras.symbolic import KerasTensor

__version__ = "0.1.0"

__all__ = [
    "Functional",
    "Input",
    "InputSpec",
    "KerasTensor",
    "Layer",
    "Model",
    "Sequential",
    "Variable",
    "__version__",
    "activations",
    "backend",
    "config",
    "constraints",
    "dtype_policies",
    "initializers",
    "layers",
    "models",
    "ops",
    "random",
    "regularizers",
    "saving",
    "state",
    "symbolic",
    "utils",
]
