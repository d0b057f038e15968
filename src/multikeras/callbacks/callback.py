"""`Callback`: the base class of objects that act at points of ``fit``, ``evaluate`` and ``predict``."""

from __future__ import annotations

from typing import Any


class Callback:
    """Base class of callbacks: every hook exists and does nothing.

    Subclasses override the hooks they need. The trainer calls them with
    ``logs``, a dict of Python floats (``{"loss": 0.25, "val_loss": 0.3}``
    at epoch end, ``{"outputs": ...}`` after a predict batch).

    Attributes:
        params: dict of training parameters (``verbose``, ``epochs``, ``steps``).
        model: the model being trained, evaluated or used for prediction.

    Example:
        >>> class CountEpochs(Callback):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.count = 0
        ...     def on_epoch_end(self, epoch, logs=None):
        ...         self.count += 1
        >>> counter = CountEpochs()
        >>> for epoch in range(3):
        ...     counter.on_epoch_end(epoch, {"loss": 0.5})
        >>> counter.count
        3
    """

    def __init__(self) -> None:
        self.params: dict[str, Any] | None = None
        self._model: Any = None

    def set_params(self, params: dict[str, Any]) -> None:
        """Stores the training parameters (``verbose``, ``epochs``, ``steps``)."""
        self.params = params

    def set_model(self, model: Any) -> None:
        """Attaches the model the callback acts on."""
        self._model = model

    @property
    def model(self) -> Any:
        """The attached model.

        A trainer that keeps the training state outside the model's variables
        (a compiled stateless step) gives the model a ``_sync_state_for_callbacks``
        method; it runs here so a callback always sees current weights.
        """
        sync = getattr(self._model, "_sync_state_for_callbacks", None)
        if callable(sync):
            sync()
        return self._model

    # Deprecated aliases of the train-batch hooks --------------------------------

    def on_batch_begin(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        """Alias of :meth:`on_train_batch_begin` (kept for old callbacks)."""

    def on_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        """Alias of :meth:`on_train_batch_end` (kept for old callbacks)."""

    # Epochs --------------------------------------------------------------------

    def on_epoch_begin(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        """Called at the start of an epoch of ``fit`` (``epoch`` counts from 0)."""

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        """Called at the end of an epoch; ``logs`` holds the epoch's metrics, ``val_*`` included."""

    # Batches -------------------------------------------------------------------

    def on_train_batch_begin(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        """Called before a training batch (``batch`` counts from 0 in each epoch)."""
        self.on_batch_begin(batch, logs=logs)

    def on_train_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        """Called after a training batch; ``logs`` holds the running metrics of the epoch."""
        self.on_batch_end(batch, logs=logs)

    def on_test_batch_begin(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        """Called before a batch of ``evaluate`` (and of validation in ``fit``)."""

    def on_test_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        """Called after a batch of ``evaluate``; ``logs`` holds the running metrics."""

    def on_predict_batch_begin(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        """Called before a batch of ``predict``."""

    def on_predict_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        """Called after a batch of ``predict``; ``logs["outputs"]`` holds the batch's outputs."""

    # Whole runs ----------------------------------------------------------------

    def on_train_begin(self, logs: dict[str, Any] | None = None) -> None:
        """Called at the start of ``fit``."""

    def on_train_end(self, logs: dict[str, Any] | None = None) -> None:
        """Called at the end of ``fit``; ``logs`` holds the last epoch's metrics."""

    def on_test_begin(self, logs: dict[str, Any] | None = None) -> None:
        """Called at the start of ``evaluate`` (and of validation in ``fit``)."""

    def on_test_end(self, logs: dict[str, Any] | None = None) -> None:
        """Called at the end of ``evaluate``; ``logs`` holds the final metrics."""

    def on_predict_begin(self, logs: dict[str, Any] | None = None) -> None:
        """Called at the start of ``predict``."""

    def on_predict_end(self, logs: dict[str, Any] | None = None) -> None:
        """Called at the end of ``predict``."""
