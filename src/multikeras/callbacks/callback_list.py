"""`CallbackList`: calls a list of callbacks as one, the way ``fit`` drives them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from multikeras import ops
from multikeras.callbacks.callback import Callback
from multikeras.callbacks.history import History
from multikeras.callbacks.progbar_logger import ProgbarLogger


class CallbackList(Callback):
    """A list of callbacks behind one callback interface.

    Every hook calls the same hook of each callback, in order, with one logs
    dict: keys sorted, nested dicts flattened, scalar values as Python floats
    (see :func:`pythonify_logs`); batch hooks get it as ``logs=``, the others
    positionally, as in Keras 3. Callbacks may add keys to it for the ones after them
    (``ReduceLROnPlateau`` adds ``learning_rate``, which ``History`` records).

    Args:
        callbacks: the callbacks (a list, possibly nested; ``None`` for none).
        add_history: whether to add a :class:`History` if the list has none.
        add_progbar: whether to add a :class:`ProgbarLogger` if the list has none.
        model: the model the callbacks act on; its ``history`` becomes the
            list's :class:`History`.
        **params: training parameters passed to every callback's ``set_params``
            (``verbose``, ``epochs``, ``steps``).

    Example:
        >>> callbacks = CallbackList(add_history=True, epochs=1, steps=2, verbose=0)
        >>> callbacks.on_train_begin()
        >>> callbacks.on_epoch_begin(0)
        >>> callbacks.on_epoch_end(0, {"val_loss": np.float32(0.25), "loss": 0.5})
        >>> callbacks.on_train_end()
        >>> callbacks.callbacks[-1].history
        {'loss': [0.5], 'val_loss': [0.25]}
    """

    def __init__(
        self,
        callbacks: Iterable[Callback] | Callback | None = None,
        add_history: bool = False,
        add_progbar: bool = False,
        model: Any = None,
        **params: Any,
    ):
        super().__init__()
        self.callbacks: list[Callback] = _flatten_callbacks(callbacks)
        self._open_runs = 0
        self._history: History | None = next((c for c in self.callbacks if isinstance(c, History)), None)
        self._progbar: ProgbarLogger | None = next((c for c in self.callbacks if isinstance(c, ProgbarLogger)), None)
        if self._history is None and add_history:
            self._history = History()
            self.callbacks.append(self._history)
        if self._progbar is None and add_progbar:
            self._progbar = ProgbarLogger()
            self.callbacks.append(self._progbar)
        self.set_model(model)
        self.set_params(params)

    def set_params(self, params: dict[str, Any]) -> None:
        self.params = params
        if params:
            for callback in self.callbacks:
                callback.set_params(params)

    def set_model(self, model: Any) -> None:
        if model is None:
            return
        super().set_model(model)
        if self._history is not None:
            model.history = self._history
        for callback in self.callbacks:
            callback.set_model(model)

    def append(self, callback: Callback) -> None:
        """Adds a callback at the end (it gets the list's model and params)."""
        if self._model is not None:
            callback.set_model(self._model)
        if self.params:
            callback.set_params(self.params)
        self.callbacks.append(callback)

    def reads_train_batch_logs(self) -> bool:
        """Whether any callback has its own ``on_train_batch_end`` or ``on_batch_end``.

        When none does, ``fit`` passes no logs to the train-batch hooks and
        converts the step's logs only at the end of the epoch, so compiled
        steps are not waited for one by one.
        """
        return self.implements("on_train_batch_end", "on_batch_end")

    def implements(self, *hooks: str) -> bool:
        """Whether any callback has its own version of one of ``hooks`` (not :class:`Callback`'s no-op).

        Example:
            >>> CallbackList([History()]).implements("on_train_batch_begin", "on_batch_begin")
            False
        """
        return any(
            hook in vars(callback) or getattr(type(callback), hook) is not getattr(Callback, hook)
            for callback in self.callbacks for hook in hooks
        )

    def __iter__(self) -> Iterator[Callback]:
        return iter(self.callbacks)

    def __len__(self) -> int:
        return len(self.callbacks)

    # Dispatch ----------------------------------------------------------------------

    def _call(self, hook: str, *args: Any, logs: dict[str, Any] | None) -> None:
        logs = pythonify_logs(logs)
        for callback in self.callbacks:
            getattr(callback, hook)(*args, logs)

    def _call_batch(self, hook: str, batch: int, logs: dict[str, Any] | None) -> None:
        # Keras 3 passes a batch hook its logs by keyword (`on_train_batch_end(batch, logs=logs)`), the other hooks
        # positionally: a callback written `def on_train_batch_end(self, batch, **kwargs)` works as there.
        logs = pythonify_logs(logs)
        for callback in self.callbacks:
            getattr(callback, hook)(batch, logs=logs)

    def _begin(self, hook: str, logs: dict[str, Any] | None) -> None:
        self._open_runs += 1
        self._call(hook, logs=logs)

    def _end(self, hook: str, logs: dict[str, Any] | None) -> None:
        if self._open_runs <= 0:
            raise ValueError(
                f"CallbackList.{hook}: called without a matching `on_*_begin` (every `on_train_end`, "
                "`on_test_end` and `on_predict_end` must follow its `on_*_begin`)."
            )
        self._call(hook, logs=logs)
        self._open_runs -= 1

    def on_batch_begin(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        self._call_batch("on_batch_begin", batch, logs)

    def on_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        self._call_batch("on_batch_end", batch, logs)

    def on_epoch_begin(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        self._call("on_epoch_begin", epoch, logs=logs)

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        self._call("on_epoch_end", epoch, logs=logs)

    def on_train_batch_begin(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        self._call_batch("on_train_batch_begin", batch, logs)

    def on_train_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        self._call_batch("on_train_batch_end", batch, logs)

    def on_test_batch_begin(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        self._call_batch("on_test_batch_begin", batch, logs)

    def on_test_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        self._call_batch("on_test_batch_end", batch, logs)

    def on_predict_batch_begin(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        self._call_batch("on_predict_batch_begin", batch, logs)

    def on_predict_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        self._call_batch("on_predict_batch_end", batch, logs)

    def on_train_begin(self, logs: dict[str, Any] | None = None) -> None:
        self._begin("on_train_begin", logs)

    def on_train_end(self, logs: dict[str, Any] | None = None) -> None:
        self._end("on_train_end", logs)

    def on_test_begin(self, logs: dict[str, Any] | None = None) -> None:
        self._begin("on_test_begin", logs)

    def on_test_end(self, logs: dict[str, Any] | None = None) -> None:
        self._end("on_test_end", logs)

    def on_predict_begin(self, logs: dict[str, Any] | None = None) -> None:
        self._begin("on_predict_begin", logs)

    def on_predict_end(self, logs: dict[str, Any] | None = None) -> None:
        self._end("on_predict_end", logs)


def pythonify_logs(logs: dict[str, Any] | None) -> dict[str, Any]:
    """A flat copy of ``logs`` with sorted keys, scalars as Python floats and tensors as NumPy arrays.

    What callbacks receive, what ``fit``'s history records and what
    ``evaluate`` / ``train_on_batch`` return as a dict, as in Keras 3: keys
    in sorted order; a nested dict (the compiled metrics, a metric with
    several results) is merged in at its key's place. Values that are not
    scalars (a predict batch's ``outputs``, a per-class metric) are kept,
    tensors of the active backend converted to NumPy.

    Example:
        >>> pythonify_logs({"loss": np.float32(0.5), "sub": {"acc": np.array(1)}, "outputs": [1, 2]})
        {'loss': 0.5, 'outputs': [1, 2], 'acc': 1.0}
    """
    result: dict[str, Any] = {}
    if not logs:
        return result
    for key, value in sorted(logs.items()):
        if isinstance(value, dict):
            result.update(pythonify_logs(value))
        else:
            result[key] = _to_python_value(value)
    return result


def _to_python_value(value: Any) -> Any:
    if type(value) is float:
        return value
    if isinstance(value, (int, float, np.number, np.bool_)):
        return float(value)
    if ops.is_tensor(value):
        value = ops.convert_to_numpy(value)
    shape = getattr(value, "shape", None)
    if shape is not None and len(tuple(shape)) == 0:
        try:
            return float(value)
        except (TypeError, ValueError):
            return value
    return value


def _flatten_callbacks(callbacks: Any) -> list[Callback]:
    if callbacks is None:
        return []
    if isinstance(callbacks, (list, tuple)):
        flat: list[Callback] = []
        for item in callbacks:
            flat.extend(_flatten_callbacks(item))
        return flat
    if not (callable(getattr(callbacks, "set_model", None)) and callable(getattr(callbacks, "on_epoch_end", None))):
        raise TypeError(
            "CallbackList: `callbacks` must be Callback instances (or a list of them). "
            f"Received an object of type {type(callbacks).__name__}: {callbacks!r}."
        )
    return [callbacks]
