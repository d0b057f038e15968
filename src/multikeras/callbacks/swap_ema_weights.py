"""`SwapEMAWeights`: evaluates and predicts with the optimizer's moving average of the weights."""

from __future__ import annotations

from typing import Any

from multikeras.callbacks.callback import Callback


class SwapEMAWeights(Callback):
    """Swaps the model's weights with the optimizer's exponential moving average (EMA).

    Needs an optimizer built with ``use_ema=True``. The swap happens for
    ``evaluate``/``predict`` (and fit's validation) and is undone afterwards.
    With ``swap_on_epoch=True`` the EMA weights are also in the model from each
    epoch end to the next epoch start (so ``ModelCheckpoint`` placed after this
    callback saves them), and after the last epoch they stay in the model.

    The optimizer provides, as Keras optimizers do, ``_trainable_variables``
    (the model variables it updates) and ``_model_variables_moving_average``
    (their averages, in the same order).

    Args:
        swap_on_epoch: also swap at epoch boundaries.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     weight, average = mk.Variable([1.0]), mk.Variable([0.5])
        >>> class Optimizer:
        ...     use_ema = True
        ...     _trainable_variables = [weight]
        ...     _model_variables_moving_average = [average]
        >>> class Model:
        ...     optimizer = Optimizer()
        >>> callback = SwapEMAWeights()
        >>> callback.set_model(Model())
        >>> callback.on_test_begin()
        >>> weight.numpy().tolist()
        [0.5]
        >>> callback.on_test_end()
        >>> weight.numpy().tolist()
        [1.0]
    """

    def __init__(self, swap_on_epoch: bool = False):
        super().__init__()
        self.swap_on_epoch = swap_on_epoch
        self._ema_weights_in_model = False

    def _ema_optimizers(self) -> list[Any]:
        optimizer = getattr(self.model, "optimizer", None)
        optimizer = getattr(optimizer, "inner_optimizer", optimizer)  # a loss-scale wrapper
        parts = getattr(optimizer, "optimizers", None)
        candidates = list(parts) if isinstance(parts, (list, tuple)) else [optimizer]
        ema = [part for part in candidates if getattr(part, "use_ema", False)]
        if not ema:
            raise ValueError(
                "SwapEMAWeights: the model's optimizer must be built with `use_ema=True`. "
                f"Received optimizer {type(optimizer).__name__} with use_ema={getattr(optimizer, 'use_ema', None)}."
            )
        for part in ema:
            if not hasattr(part, "_model_variables_moving_average"):
                raise ValueError(
                    f"SwapEMAWeights: the optimizer {type(part).__name__} has use_ema=True but no moving averages yet; "
                    "swap after the first training step."
                )
        return ema

    def _swap(self) -> None:
        for optimizer in self._ema_optimizers():
            for variable, average in zip(optimizer._trainable_variables, optimizer._model_variables_moving_average):
                # Variables replace their arrays on assignment, so holding the old array is enough.
                current = variable.value
                variable.assign(average.value)
                average.assign(current)

    def _finalize(self) -> None:
        """Makes the averages equal to the (EMA) weights in the model, so later swaps change nothing."""
        for optimizer in self._ema_optimizers():
            for variable, average in zip(optimizer._trainable_variables, optimizer._model_variables_moving_average):
                average.assign(variable.value)

    def _swap_in(self) -> None:
        if not self._ema_weights_in_model:
            self._swap()
            self._ema_weights_in_model = True

    def _swap_out(self) -> None:
        if self._ema_weights_in_model:
            self._swap()
            self._ema_weights_in_model = False

    def on_epoch_begin(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        if self.swap_on_epoch:
            self._swap_out()

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        if self.swap_on_epoch:
            self._swap_in()
            if self.params and epoch == self.params.get("epochs", 0) - 1:
                self._finalize()

    def on_test_begin(self, logs: dict[str, Any] | None = None) -> None:
        self._swap_in()

    def on_test_end(self, logs: dict[str, Any] | None = None) -> None:
        self._swap_out()

    def on_predict_begin(self, logs: dict[str, Any] | None = None) -> None:
        self._swap_in()

    def on_predict_end(self, logs: dict[str, Any] | None = None) -> None:
        self._swap_out()
