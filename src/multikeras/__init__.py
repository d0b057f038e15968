"""multikeras: the Keras API on TensorFlow, PyTorch, JAX and NumPy.

Importing multikeras imports no framework; the selected backend's framework
is imported the first time an op runs (see ``multikeras.backend``). The
namespaces (``multikeras.layers``, ``multikeras.models``, ...) are imported
the first time they are used, so ``import multikeras`` itself is cheap.

Example:
    >>> import multikeras as mk
    >>> with mk.backend.use("numpy"):
    ...     print(mk.ops.sum(mk.ops.ones((2, 3))))
    6.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from multikeras._lazy import lazy_attributes

__version__ = "0.1.0"

_NAMESPACES = (
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
    "mixed_precision",
    "models",
    "ops",
    "optimizers",
    "random",
    "regularizers",
    "saving",
    "state",
    "symbolic",
    "tree",
    "utils",
)
"""Public sub-packages, imported on first access."""

_SHORTCUTS = {
    "DTypePolicy": "multikeras.dtype_policies",
    "FloatDTypePolicy": "multikeras.dtype_policies",
    "Function": "multikeras.models.function",
    "Functional": "multikeras.models",
    "Initializer": "multikeras.initializers",
    "Input": "multikeras.layers",
    "InputSpec": "multikeras.layers",
    "KerasTensor": "multikeras.symbolic",
    "Layer": "multikeras.layers",
    "Loss": "multikeras.losses",
    "Metric": "multikeras.metrics",
    "Model": "multikeras.models",
    "Operation": "multikeras.symbolic",
    "Optimizer": "multikeras.optimizers",
    "Regularizer": "multikeras.regularizers",
    "RematScope": "multikeras.backend.rematerialization",
    "Sequential": "multikeras.models",
    "StatelessScope": "multikeras.state",
    "SymbolicScope": "multikeras.symbolic",
    "Variable": "multikeras.state",
    "device": "multikeras.backend.device_placement",
    "name_scope": "multikeras.state",
    "remat": "multikeras.backend.rematerialization",
}
"""Names re-exported at the top level -> the namespace that exports them."""


def version() -> str:
    """The version of multikeras, as a string (``keras.version()``).

    Example:
        >>> import multikeras as mk
        >>> mk.version() == mk.__version__
        True
    """
    return __version__


__all__ = sorted(("__version__", "version", *_NAMESPACES, *_SHORTCUTS))

__getattr__, __dir__ = lazy_attributes(
    __name__, globals(), {**{name: f"{__name__}.{name}" for name in _NAMESPACES}, **_SHORTCUTS}
)

if TYPE_CHECKING:
    from multikeras import (
        activations,
        backend,
        callbacks,
        config,
        constraints,
        dtype_policies,
        initializers,
        layers,
        losses,
        metrics,
        mixed_precision,
        models,
        ops,
        optimizers,
        random,
        regularizers,
        saving,
        state,
        symbolic,
        tree,
        utils,
    )
    from multikeras.backend.device_placement import device
    from multikeras.backend.rematerialization import RematScope, remat
    from multikeras.dtype_policies import DTypePolicy, FloatDTypePolicy
    from multikeras.initializers import Initializer
    from multikeras.layers import Input, InputSpec, Layer
    from multikeras.losses import Loss
    from multikeras.metrics import Metric
    from multikeras.models import Functional, Model, Sequential
    from multikeras.models.function import Function
    from multikeras.optimizers import Optimizer
    from multikeras.regularizers import Regularizer
    from multikeras.state import StatelessScope, Variable, name_scope
    from multikeras.symbolic import KerasTensor, Operation, SymbolicScope
