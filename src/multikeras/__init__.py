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

__version__ = "0.1.0"

__all__ = ["backend", "config", "ops", "random", "__version__"]
