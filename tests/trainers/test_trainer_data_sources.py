"""fit on every kind of data source, including another framework's pipeline feeding a backend."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers

rng = np.random.default_rng(5)
X = rng.normal(size=(48, 4)).astype("float32")
Y = (X.sum(axis=1) > 0).astype("float32")[:, None]


def _fit(data, **kwargs):
    model = mk.Sequential([layers.Input((4,)), layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=mk.optimizers.SGD(0.1), loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit(data, epochs=2, verbose=0, **kwargs) if not isinstance(data, tuple) else model.fit(
        *data, epochs=2, verbose=0, **kwargs)
    return model, history


def _trainable(name):
    return mk.backend.capabilities(name).trainable


def _sources():
    import pandas as pd
    import tensorflow as tf
    import torch

    def generator():
        while True:
            for start in range(0, 48, 16):
                yield X[start:start + 16], Y[start:start + 16]

    class Batches(mk.utils.PyDataset):
        def __len__(self):
            return 3

        def __getitem__(self, index):
            return X[index * 16:(index + 1) * 16], Y[index * 16:(index + 1) * 16]

    return {
        "arrays": ((X, Y), {"batch_size": 16}),
        "dataframe": ((pd.DataFrame(X), pd.Series(Y[:, 0])), {"batch_size": 16}),
        "generator": (generator, {"steps_per_epoch": 3}),
        "py_dataset": (Batches(), {}),
        "tf_data": (tf.data.Dataset.from_tensor_slices((X, Y)).batch(16), {}),
        "torch_dataloader": (torch.utils.data.DataLoader(
            torch.utils.data.TensorDataset(torch.from_numpy(X), torch.from_numpy(Y)), batch_size=16), {}),
    }


@pytest.mark.parametrize("source", ["arrays", "dataframe", "generator", "py_dataset", "tf_data", "torch_dataloader"])
def test_fit_from_every_source(backend_name, source):
    data, kwargs = _sources()[source]
    if callable(data) and not hasattr(data, "__len__"):
        data = data()
    with mk.backend.use(backend_name):
        if not _trainable(backend_name):
            model = mk.Sequential([layers.Input((4,)), layers.Dense(1, activation="sigmoid")])
            model.compile(optimizer="sgd", loss="binary_crossentropy")
            steps = kwargs.get("steps_per_epoch")  # an endless generator needs a step count
            loss = (model.evaluate(*data, verbose=0) if isinstance(data, tuple)
                    else model.evaluate(data, steps=steps, verbose=0))
            assert np.isfinite(loss)
            return
        model, history = _fit(data, **kwargs)
        assert len(history.history["loss"]) == 2
        assert int(model.optimizer.iterations.numpy()) == 6
        assert np.isfinite(history.history["loss"]).all()
