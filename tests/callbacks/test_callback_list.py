"""CallbackList dispatch, log conversion, History, LambdaCallback and the Callback base."""

from __future__ import annotations

import numpy as np
import pytest

from multikeras import callbacks
from multikeras.callbacks.callback_list import pythonify_logs

HOOKS = [
    ("on_train_begin", ()), ("on_epoch_begin", (0,)), ("on_train_batch_begin", (0,)), ("on_train_batch_end", (0,)),
    ("on_test_begin", ()), ("on_test_batch_begin", (0,)), ("on_test_batch_end", (0,)), ("on_test_end", ()),
    ("on_epoch_end", (0,)), ("on_train_end", ()),
    ("on_predict_begin", ()), ("on_predict_batch_begin", (0,)), ("on_predict_batch_end", (0,)), ("on_predict_end", ()),
]


class Recorder(callbacks.Callback):
    def __init__(self, name, journal):
        super().__init__()
        self.name = name
        self.journal = journal
        for hook, _ in HOOKS + [("on_batch_begin", (0,)), ("on_batch_end", (0,))]:
            setattr(self, hook, self._recording(hook))

    def _recording(self, hook):
        def record(*args, **kwargs):
            by_keyword = "logs" in kwargs
            self.journal.append((self.name, hook, args if by_keyword else args[:-1],
                                 kwargs["logs"] if by_keyword else args[-1], by_keyword))
        return record


def test_every_hook_reaches_every_callback_in_order(model):
    journal = []
    first, second = Recorder("a", journal), Recorder("b", journal)
    callback_list = callbacks.CallbackList([first, [second]], model=model, epochs=1, steps=1, verbose=0)
    for hook, args in HOOKS:
        getattr(callback_list, hook)(*args, {"loss": np.float32(0.5)})
    assert [(name, hook) for name, hook, _, _, _ in journal] == [(name, hook) for hook, _ in HOOKS for name in "ab"]
    assert all(logs == {"loss": 0.5} and type(logs["loss"]) is float for _, _, _, logs, _ in journal)
    # As Keras 3: batch hooks get `logs=` by keyword, the others their logs positionally.
    assert all(by_keyword == ("batch" in hook) for _, hook, _, _, by_keyword in journal)
    assert all(args == ((0,) if "batch" in hook or "epoch" in hook else ()) for _, hook, args, _, _ in journal)
    assert first.model is model and second.params == {"epochs": 1, "steps": 1, "verbose": 0}


def test_logs_are_flattened_sorted_and_converted():
    logs = pythonify_logs({"z": np.float64(2.0), "a": np.int32(3), "nested": {"m": np.array(1.5)},
                           "outputs": np.ones((2, 2)), "name": "x", "flag": True})
    assert list(logs) == ["a", "flag", "name", "m", "outputs", "z"]
    assert logs["a"] == 3.0 and type(logs["a"]) is float and type(logs["m"]) is float and logs["flag"] == 1.0
    assert logs["name"] == "x" and logs["outputs"].shape == (2, 2)
    assert pythonify_logs(None) == {}


def test_history_and_progbar_are_added_once(model):
    callback_list = callbacks.CallbackList(add_history=True, add_progbar=True, model=model, verbose=0, epochs=1, steps=1)
    kinds = [type(c) for c in callback_list.callbacks]
    assert kinds == [callbacks.History, callbacks.ProgbarLogger]
    assert model.history is callback_list.callbacks[0]
    mine = callbacks.History()
    callback_list = callbacks.CallbackList([mine], add_history=True, model=model)
    assert callback_list.callbacks == [mine] and model.history is mine


def test_history_records_epochs_and_what_earlier_callbacks_add(model):
    class AddsKey(callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            logs["extra"] = epoch * 10.0

    callback_list = callbacks.CallbackList([AddsKey()], add_history=True, model=model, epochs=2, steps=1, verbose=0)
    callback_list.on_train_begin()
    for epoch, loss in enumerate([0.75, 0.25]):
        callback_list.on_epoch_begin(epoch)
        callback_list.on_epoch_end(epoch, {"loss": loss, "val_loss": loss * 2})
    callback_list.on_train_end()
    assert model.history.history == {"extra": [0.0, 10.0], "loss": [0.75, 0.25], "val_loss": [1.5, 0.5]}
    assert model.history.epoch == [0, 1]
    assert model.history.params == {"epochs": 2, "steps": 1, "verbose": 0}


def test_end_without_begin_is_an_error():
    callback_list = callbacks.CallbackList()
    callback_list.on_test_begin()
    callback_list.on_test_end()
    with pytest.raises(ValueError, match="on_test_end"):
        callback_list.on_test_end()


def test_non_callbacks_are_rejected():
    with pytest.raises(TypeError, match="Callback instances.*str"):
        callbacks.CallbackList(["not a callback"])


def test_deprecated_batch_hooks_are_called_by_the_train_batch_hooks():
    seen = []

    class Old(callbacks.Callback):
        def on_batch_begin(self, batch, logs=None):
            seen.append(("begin", batch))

        def on_batch_end(self, batch, logs=None):
            seen.append(("end", batch, logs["loss"]))

    callback_list = callbacks.CallbackList([Old()])
    callback_list.on_train_batch_begin(4)
    callback_list.on_train_batch_end(4, {"loss": 1.0})
    callback_list.on_test_batch_end(4, {"loss": 1.0})  # test batches do not reach the train aliases
    assert seen == [("begin", 4), ("end", 4, 1.0)]


def test_lambda_callback_hooks():
    events = []
    callback = callbacks.LambdaCallback(
        on_epoch_begin=lambda epoch, logs: events.append(("epoch", epoch)),
        on_train_batch_end=lambda batch, logs: events.append(("batch", batch, logs["loss"])),
        on_train_end=lambda logs: events.append("done"),
        on_test_begin=lambda logs: events.append("test"),
    )
    callback_list = callbacks.CallbackList([callback])
    callback_list.on_train_begin()
    callback_list.on_epoch_begin(0)
    callback_list.on_train_batch_end(0, {"loss": 2.0})
    callback_list.on_test_begin()
    callback_list.on_test_end()
    callback_list.on_epoch_end(0)
    callback_list.on_train_end()
    assert events == [("epoch", 0), ("batch", 0, 2.0), "test", "done"]
    with pytest.raises(TypeError, match="unknown hook"):
        callbacks.LambdaCallback(on_epoch_ends=print)


def test_public_names():
    for name in callbacks.__all__:
        assert getattr(callbacks, name).__module__.startswith("multikeras.callbacks")
    assert {"Callback", "CallbackList", "History", "ProgbarLogger", "EarlyStopping", "ModelCheckpoint",
            "BackupAndRestore", "ReduceLROnPlateau", "LearningRateScheduler", "CSVLogger", "TerminateOnNaN",
            "LambdaCallback", "SwapEMAWeights", "TensorBoard", "RemoteMonitor"} <= set(callbacks.__all__)
