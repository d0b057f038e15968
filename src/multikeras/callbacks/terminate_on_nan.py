"""`TerminateOnNaN`: stops training at a NaN or infinite loss, keeping the last good weights.

Keeping the last good weights costs (almost) nothing: a multikeras
``Variable`` replaces its array on assignment instead of writing into it, so
holding on to the arrays the variables had after a batch *is* a snapshot of
them: no copy, no transfer to the host, one list of references per batch.
When a loss is not finite, the variables (the model's and the optimizer's)
get back the arrays they had when the bad batch started, i.e. before the
update computed from the bad loss.

This relies on the arrays of a past step staying valid. A trainer that
donates its input buffers to a compiled step (``jax.jit(donate_argnums=...)``)
or updates arrays in place invalidates them; the callback then cannot restore,
says so in a warning, and only stops training (as Keras does).
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from multikeras import ops
from multikeras.callbacks.callback import Callback
from multikeras.utils.io_utils import print_msg


class TerminateOnNaN(Callback):
    """Stops training when the loss becomes NaN or infinite; the model keeps its last good weights.

    After each training batch with a finite loss the callback remembers the
    variables' arrays (references, no copies). At a batch whose loss is NaN
    or infinite it puts back the arrays the variables had before that batch
    (the latest remembered state whose model weights are all finite) and sets
    ``model.stop_training``.

    Args:
        raise_error: raise a ``RuntimeError`` (after restoring the weights)
            instead of stopping training quietly.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     model = mk.Sequential([mk.layers.Dense(1, kernel_initializer="ones")])
        ...     model.build((None, 1))
        ...     model.stop_training = False
        ...     callback = TerminateOnNaN()
        ...     callback.set_model(model)
        ...     callback.on_train_begin()
        ...     callback.on_train_batch_end(0, {"loss": 0.5})
        ...     _ = model.layers[0].kernel.assign([[float("nan")]])  # a bad update
        ...     callback.on_train_batch_end(1, {"loss": float("nan")})
        Batch 1: Invalid loss, terminating training
        >>> model.stop_training, model.layers[0].kernel.numpy().tolist()
        (True, [[1.0]])
    """

    def __init__(self, raise_error: bool = False):
        super().__init__()
        self.raise_error = raise_error
        self._variables: list[Any] | None = None
        self._snapshots: list[list[Any]] = []
        """The variables' arrays after the last two finite batches, newest last."""

    def on_train_begin(self, logs: dict[str, Any] | None = None) -> None:
        self._variables = None
        self._snapshots = []
        self._remember()

    def on_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        loss = (logs or {}).get("loss")
        if loss is None:
            return
        if _is_finite(loss):
            self._remember()
            return
        restored = self._restore()
        if self.raise_error:
            raise RuntimeError(
                f"TerminateOnNaN: the loss is {loss} at batch {batch}; training stopped"
                + (" and the weights from before the batch were restored." if restored else ".")
            )
        print_msg(f"Batch {batch}: Invalid loss, terminating training")
        self.model.stop_training = True

    # Snapshots --------------------------------------------------------------------------

    def _tracked_variables(self) -> list[Any]:
        model = self.model
        variables = list(getattr(model, "variables", None) or getattr(model, "weights", []))
        optimizer = getattr(model, "optimizer", None)
        optimizer_variables = getattr(optimizer, "variables", None) if optimizer is not None else None
        if optimizer_variables:
            variables += list(optimizer_variables)
        return variables

    def _remember(self) -> None:
        model = self.model
        if model is None:
            return
        if self._variables is None or len(self._snapshots) < 2:
            # Listed again until two batches have run: the optimizer creates its variables in the first step.
            self._variables = self._tracked_variables()
        snapshot = [variable.value for variable in self._variables]
        self._snapshots = [self._snapshots[-1], snapshot] if self._snapshots else [snapshot]

    def _restore(self) -> bool:
        if not self._variables or not self._snapshots:
            return False
        model_count = len(list(getattr(self.model, "variables", None) or getattr(self.model, "weights", [])))
        try:
            for snapshot in reversed(self._snapshots):
                # An early snapshot may predate the optimizer's variables: it covers a prefix of the list.
                if all(_all_finite(value) for value in snapshot[:model_count]):
                    for variable, value in zip(self._variables, snapshot):
                        variable.assign(value)
                    return True
        except Exception as error:  # an array of a past step may have been donated or freed
            warnings.warn(f"TerminateOnNaN: could not restore the weights from before the bad batch ({error}).", stacklevel=3)
            return False
        warnings.warn("TerminateOnNaN: no remembered weights are finite; the weights are left as they are.", stacklevel=3)
        return False


def _is_finite(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return bool(np.all(np.isfinite(np.asarray(value, dtype=np.float64))))


def _all_finite(value: Any) -> bool:
    array = np.asarray(ops.convert_to_numpy(value))
    if not np.issubdtype(array.dtype, np.inexact):
        return True
    return bool(np.all(np.isfinite(array)))
