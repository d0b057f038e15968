"""Writing an object's own variables into a weights store and reading them back.

A *store* is the dict-like view of one ``vars`` group of a weights file:
keys ``"0"``, ``"1"`` ... hold one NumPy array per variable, in the order the
owner lists its variables. :meth:`Layer.save_own_variables` and
:meth:`Layer.load_own_variables` call these functions; layers with special
state override those methods and may call them too.

Values travel as NumPy arrays on the host, so a file written from one backend
loads into variables of any other.
"""

from __future__ import annotations

import warnings
from collections.abc import MutableMapping, Sequence
from typing import Any

import ml_dtypes  # noqa: F401  (lets np.dtype() resolve "bfloat16" and the other ml_dtypes names)
import numpy as np

from multikeras.state.variable import Variable


def layer_variables_in_file_order(variables: Sequence[Variable]) -> list[Variable]:
    """A layer's own variables in the order weights files hold them: trainable ones first.

    Keras 3 files list the variables a layer created as trainable before the
    non-trainable ones, whatever the creation order.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     counter = mk.Variable(0.0, trainable=False, name="count")
        ...     weight = mk.Variable(1.0, name="w")
        >>> [v.name for v in layer_variables_in_file_order([counter, weight])]
        ['w', 'count']
    """
    return [v for v in variables if v.trainable] + [v for v in variables if not v.trainable]


def save_variables(variables: Sequence[Variable], store: MutableMapping[str, Any]) -> None:
    """Write ``variables`` into ``store`` as ``"0"``, ``"1"`` ... (NumPy arrays).

    Example:
        >>> import multikeras as mk
        >>> store = {}
        >>> with mk.backend.use("numpy"):
        ...     save_variables([mk.Variable([1.0, 2.0], name="w")], store)
        >>> store["0"].tolist()
        [1.0, 2.0]
    """
    for index, variable in enumerate(variables):
        store[str(index)] = np.asarray(variable.numpy())


def variables_mismatch(variables: Sequence[Variable], store: Any, owner: str) -> str | None:
    """Why ``store`` cannot be loaded into ``variables``, or ``None`` when it can.

    Args:
        variables: the target variables, in file order.
        store: the stored values (``len`` and ``store["0"]`` ...).
        owner: who owns the variables, for the message (``"layer 'dense'"``).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     w = mk.Variable([1.0, 2.0], name="w")
        >>> variables_mismatch([w], {"0": np.zeros(3)}, "layer 'd'")
        "layer 'd': variable 'w' has shape (2,), the file holds shape (3,)."
    """
    if len(store) != len(variables):
        return (
            f"{owner} has {len(variables)} variable(s) {[v.path for v in variables]}, "
            f"the file holds {len(store)} for it."
        )
    for index, variable in enumerate(variables):
        shape = tuple(np.shape(store[str(index)]))
        if shape != tuple(variable.shape):
            return f"{owner}: variable '{variable.path}' has shape {tuple(variable.shape)}, the file holds shape {shape}."
    return None


def load_variables(variables: Sequence[Variable], store: Any, owner: str) -> None:
    """Assign the values in ``store`` to ``variables`` after checking count and shapes.

    Nothing is assigned when a check fails. Values are cast to each
    variable's dtype.

    Raises:
        ValueError: the count or a shape differs; the message names the owner,
            the variable and both shapes.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     w = mk.Variable([1.0, 2.0], name="w")
        ...     load_variables([w], {"0": np.array([3, 4])}, "layer 'd'")
        ...     print(w.numpy().tolist(), w.dtype)
        [3.0, 4.0] float32
    """
    problem = variables_mismatch(variables, store, owner)
    if problem is not None:
        raise ValueError(problem)
    values = [store[str(index)] for index in range(len(variables))]
    for variable, value in zip(variables, values):
        variable.assign(_as_dtype(value, variable.dtype))


def load_optimizer_variables(variables: Sequence[Variable], store: Any, name: str) -> None:
    """Load an optimizer's variables, skipping with a warning when the counts differ.

    An optimizer that has not run yet holds fewer variables than one saved
    after training (its slots are created on the first step); as in Keras 3,
    that is a warning, not an error. Shape mismatches with equal counts are
    errors.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     iterations = mk.Variable(0, name="iteration")
        ...     load_optimizer_variables([iterations], {"0": np.array(7)}, "sgd")
        ...     print(int(iterations.numpy()))
        7
    """
    if len(store) != len(variables):
        warnings.warn(
            f"Skipping the variables of optimizer '{name}': it holds {len(variables)} variable(s), the file "
            f"holds {len(store)}. Build the optimizer (run a training step or optimizer.build(...)) before "
            "loading to restore its state.",
            stacklevel=3,
        )
        return
    load_variables(variables, store, f"optimizer '{name}'")


def _as_dtype(value: Any, dtype: str) -> np.ndarray:
    array = np.asarray(value)
    target = np.dtype(dtype)
    return array if array.dtype == target else array.astype(target)
