"""`ProgbarLogger`: prints the progress of ``fit``, ``evaluate`` and ``predict``."""

from __future__ import annotations

from typing import Any

from multikeras.callbacks.callback import Callback
from multikeras.utils.progbar import Progbar
from multikeras.utils.io_utils import print_msg


class ProgbarLogger(Callback):
    """Prints progress and metrics to stdout with a :class:`~multikeras.utils.progbar.Progbar`.

    Added by ``fit``/``evaluate``/``predict`` when ``verbose != 0``. Reads
    ``verbose`` (``1``: a bar updated every step, ``2``: one line per epoch,
    ``"auto"``: 1), ``epochs`` and ``steps`` (``None`` when unknown) from the
    params. During ``fit`` the validation pass is not shown separately: its
    metrics appear as ``val_*`` on the epoch's line.

    Example:
        >>> logger = ProgbarLogger()
        >>> logger.set_params({"verbose": 2, "epochs": 2, "steps": 3})
        >>> logger.on_train_begin()
        >>> for epoch in range(2):  # doctest: +ELLIPSIS
        ...     logger.on_epoch_begin(epoch)
        ...     for step in range(3):
        ...         logger.on_train_batch_end(step, {"loss": 0.5})
        ...     logger.on_epoch_end(epoch, {"loss": 0.5, "val_loss": 0.75})
        Epoch 1/2
        3/3 - 0s - ...s/step - loss: 0.5000 - val_loss: 0.7500
        Epoch 2/2
        3/3 - 0s - ...s/step - loss: 0.5000 - val_loss: 0.7500
    """

    def __init__(self) -> None:
        super().__init__()
        self.seen = 0
        self.progbar: Progbar | None = None
        self.target: int | None = None
        self.verbose: int = 1
        self.epochs = 1
        self._called_in_fit = False

    def set_params(self, params: dict[str, Any]) -> None:
        super().set_params(params)
        verbose = params.get("verbose", 1)
        self.verbose = 1 if verbose == "auto" else int(verbose)
        self.epochs = params.get("epochs") or 1
        self.target = params.get("steps")

    # fit -------------------------------------------------------------------------

    def on_train_begin(self, logs: dict[str, Any] | None = None) -> None:
        self._called_in_fit = True

    def on_train_end(self, logs: dict[str, Any] | None = None) -> None:
        self._called_in_fit = False

    def on_epoch_begin(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        self._start_progbar()
        if self.verbose and self.epochs > 1:
            print_msg(f"Epoch {epoch + 1}/{self.epochs}")

    def on_train_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        self._update(batch, logs)

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        self._finalize(logs)

    # evaluate (alone, not as fit's validation) -------------------------------------

    def on_test_begin(self, logs: dict[str, Any] | None = None) -> None:
        if not self._called_in_fit:
            self._start_progbar()

    def on_test_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        if not self._called_in_fit:
            self._update(batch, logs)

    def on_test_end(self, logs: dict[str, Any] | None = None) -> None:
        if not self._called_in_fit:
            self._finalize(logs)

    # predict -----------------------------------------------------------------------

    def on_predict_begin(self, logs: dict[str, Any] | None = None) -> None:
        self._start_progbar()

    def on_predict_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        self._update(batch, None)  # the outputs are not metrics

    def on_predict_end(self, logs: dict[str, Any] | None = None) -> None:
        self._finalize(None)

    # -------------------------------------------------------------------------------

    def _start_progbar(self) -> None:
        self.seen = 0
        # The trainer's logs are already running averages: show them as given.
        self.progbar = Progbar(target=self.target, verbose=self.verbose, unit_name="step", stateless_metrics=())

    def _update(self, batch: int, logs: dict[str, Any] | None) -> None:
        if self.progbar is None:
            self._start_progbar()
        self.seen = batch + 1
        if self.verbose == 1:
            self.progbar.update(self.seen, list((logs or {}).items()), finalize=False)  # type: ignore[union-attr]

    def _finalize(self, logs: dict[str, Any] | None) -> None:
        if self.progbar is None:
            self._start_progbar()
        progbar = self.progbar
        if self.target is None:
            # Unknown length: the first epoch tells it.
            self.target = self.seen
            progbar.target = self.seen  # type: ignore[union-attr]
        progbar.update(self.target, list((logs or {}).items()), finalize=True)  # type: ignore[union-attr]
