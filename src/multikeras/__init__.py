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
from multikeras import callbacks, losses, metrics, optimizers
from multikeras.optimizers import Optimizer
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
    "Optimizer",
    "Sequential",
    "Variable",
    "__version__",
    "activations",
    "backend",
    "callbacks",
    "config",
    "constraints",
    "dtype_policies",
    "initializers",
    "layers",
    "losses",
    "metrics",
    "models",
    "ops",
    "optimizers",
    "random",
    "regularizers",
    "saving",
    "state",
    "symbolic",
    "utils",
]
