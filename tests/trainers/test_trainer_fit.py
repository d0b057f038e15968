"""compile / fit / evaluate / predict on every backend, checked against NumPy computations of the same numbers."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers
from multikeras.backend.errors import CapabilityError


def _data(n: int = 64, features: int = 6, classes: int = 3, seed: int = 0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, features)).astype("float32")
    w = rng.normal(size=(features, classes)).astype("float32")
    y = np.argmax(x @ w, axis=1).astype("int32")
    return x, y


def _mlp(classes: int = 3, **dense_kwargs) -> mk.Model:
    inputs = mk.Input((6,))
    hidden = layers.Dense(16, activation="relu", kernel_initializer=mk.initializers.GlorotUniform(seed=1), **dense_kwargs)(inputs)
    outputs = layers.Dense(classes, kernel_initializer=mk.initializers.GlorotUniform(seed=2))(hidden)
    return mk.Model(inputs, outputs)


def _log_softmax_ce(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -log_probs[np.arange(len(labels)), labels]


def _trainable(backend_name: str) -> bool:
    return mk.backend.capabilities(backend_name).trainable


def test_fit_evaluate_predict(backend_name):
    x, y = _data()
    with mk.backend.use(backend_name):
        model = _mlp()
        model.compile(optimizer=mk.optimizers.Adam(0.02),
                      loss=mk.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
        if not _trainable(backend_name):
            with pytest.raises(CapabilityError, match="cannot train"):
                model.fit(x, y, epochs=1, verbose=0)
            assert int(model.optimizer.iterations.numpy()) == 0
        else:
            history = model.fit(x, y, batch_size=16, epochs=6, validation_split=0.25, verbose=0)
            assert set(history.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
            assert all(len(values) == 6 for values in history.history.values())
            assert history.history["loss"][-1] < history.history["loss"][0]
            assert int(model.optimizer.iterations.numpy()) == 6 * 3  # 48 training samples, batches of 16
        predictions = model.predict(x, batch_size=20, verbose=0)
        assert isinstance(predictions, np.ndarray) and predictions.shape == (64, 3)
        np.testing.assert_allclose(predictions, mk.ops.convert_to_numpy(model(x)), rtol=1e-5, atol=1e-5)
        loss, accuracy = model.evaluate(x, y, batch_size=20, verbose=0)
    expected_loss = _log_softmax_ce(predictions, y).mean()
    expected_accuracy = (predictions.argmax(axis=1) == y).mean()
    assert loss == pytest.approx(expected_loss, rel=1e-4)
    assert accuracy == pytest.approx(expected_accuracy, abs=1e-6)


def test_train_on_batch_is_one_sgd_step(backend_name):
    if not _trainable(backend_name):
        return _assert_cannot_train(backend_name)
    x, y = _data(n=8)
    with mk.backend.use(backend_name):
        model = mk.Sequential([layers.Dense(3, kernel_initializer="ones", bias_initializer="zeros")])
        model.compile(optimizer=mk.optimizers.SGD(0.1), loss="mse")
        target = np.eye(3, dtype="float32")[y]
        before = model.predict_on_batch(x)
        loss = model.train_on_batch(x, target)
        kernel = model.layers[0].kernel.numpy()
        assert int(model.optimizer.iterations.numpy()) == 1
    # MSE over (8, 3) elements: d/dW = 2/(8*3) * x^T (xW - t)
    expected_loss = ((before - target) ** 2).mean()
    expected_kernel = 1.0 - 0.1 * (2.0 / 24.0) * x.T @ (before - target)
    assert loss == pytest.approx(expected_loss, rel=1e-5)
    np.testing.assert_allclose(kernel, expected_kernel, rtol=1e-4, atol=1e-5)


def _assert_cannot_train(backend_name: str) -> None:
    x, y = _data(n=8)
    with mk.backend.use(backend_name):
        model = _mlp()
        model.compile(optimizer="sgd", loss=mk.losses.SparseCategoricalCrossentropy(from_logits=True))
        with pytest.raises(CapabilityError):
            model.train_on_batch(x, y)


def test_steps_per_execution_and_eager_give_the_same_weights(backend_name):
    if not _trainable(backend_name):
        return _assert_cannot_train(backend_name)
    x, y = _data(n=40)
    results = []
    for options in ({}, {"steps_per_execution": 3}, {"run_eagerly": True}):
        with mk.backend.use(backend_name):
            model = _mlp()
            model.compile(optimizer=mk.optimizers.SGD(0.05, momentum=0.9),
                          loss=mk.losses.SparseCategoricalCrossentropy(from_logits=True), **options)
            model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
            results.append([w.numpy() for w in model.weights])
            assert int(model.optimizer.iterations.numpy()) == 10
    for other in results[1:]:
        for a, b in zip(results[0], other):
            np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_epoch_arguments(backend_name):
    if not _trainable(backend_name):
        return _assert_cannot_train(backend_name)
    x, y = _data(n=32)
    with mk.backend.use(backend_name):
        model = _mlp()
        model.compile(optimizer="adam", loss=mk.losses.SparseCategoricalCrossentropy(from_logits=True))
        history = model.fit(x, y, batch_size=8, epochs=5, initial_epoch=2, steps_per_epoch=2, verbose=0,
                            validation_data=(x, y), validation_freq=[4, 5])
        assert history.epoch == [2, 3, 4]
        assert len(history.history["loss"]) == 3 and len(history.history["val_loss"]) == 2
        assert int(model.optimizer.iterations.numpy()) == 6


def test_multi_output_losses_weights_and_metrics(backend_name):
    rng = np.random.default_rng(3)
    x = rng.normal(size=(16, 4)).astype("float32")
    y_reg = rng.normal(size=(16, 2)).astype("float32")
    y_cls = rng.integers(0, 3, size=(16,)).astype("int32")
    with mk.backend.use(backend_name):
        inputs = mk.Input((4,))
        reg = layers.Dense(2, name="reg")(inputs)
        cls = layers.Dense(3, activation="softmax", name="cls")(inputs)
        model = mk.Model(inputs, [reg, cls])
        model.compile(optimizer="sgd", loss={"reg": "mse", "cls": "sparse_categorical_crossentropy"},
                      loss_weights={"reg": 0.5, "cls": 2.0}, metrics={"cls": ["accuracy"]})
        logs = model.evaluate(x, {"reg": y_reg, "cls": y_cls}, batch_size=16, verbose=0, return_dict=True)
        reg_pred, cls_pred = model.predict(x, verbose=0)
    mse = ((reg_pred - y_reg) ** 2).mean()
    ce = -np.log(np.clip(cls_pred[np.arange(16), y_cls], 1e-7, 1.0)).mean()
    assert set(logs) == {"loss", "reg_loss", "cls_loss", "cls_accuracy"}
    assert logs["reg_loss"] == pytest.approx(mse, rel=1e-4)
    assert logs["cls_loss"] == pytest.approx(ce, rel=1e-4)
    assert logs["loss"] == pytest.approx(0.5 * mse + 2.0 * ce, rel=1e-4)
    assert logs["cls_accuracy"] == pytest.approx((cls_pred.argmax(1) == y_cls).mean())


def test_class_weight_equals_the_matching_sample_weight(backend_name):
    if not _trainable(backend_name):
        return _assert_cannot_train(backend_name)
    x, y = _data(n=24)
    class_weight = {0: 0.5, 1: 2.0, 2: 1.0}
    finals = []
    for kwargs in ({"class_weight": class_weight}, {"sample_weight": np.array([class_weight[c] for c in y], "float32")}):
        with mk.backend.use(backend_name):
            model = _mlp()
            model.compile(optimizer=mk.optimizers.SGD(0.1), loss=mk.losses.SparseCategoricalCrossentropy(from_logits=True))
            model.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0, **kwargs)
            finals.append([w.numpy() for w in model.weights])
    for a, b in zip(*finals):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_regularization_losses_are_part_of_the_loss(backend_name):
    x, y = _data(n=16)
    with mk.backend.use(backend_name):
        model = _mlp(kernel_regularizer=mk.regularizers.L2(0.1))
        model.compile(optimizer="sgd", loss=mk.losses.SparseCategoricalCrossentropy(from_logits=True))
        loss = model.evaluate(x, y, batch_size=16, verbose=0)
        logits = model.predict(x, verbose=0)
        kernel = model.layers[1].kernel.numpy()
    assert loss == pytest.approx(_log_softmax_ce(logits, y).mean() + 0.1 * (kernel**2).sum(), rel=1e-4)


def test_same_seed_same_weights_after_fit(backend_name):
    if not _trainable(backend_name):
        return _assert_cannot_train(backend_name)
    x, y = _data(n=32)
    runs = []
    for _ in range(2):
        with mk.backend.use(backend_name):
            mk.utils.set_random_seed(42)
            model = mk.Sequential([layers.Input((6,)), layers.Dense(8, activation="relu"), layers.Dropout(0.3), layers.Dense(3)])
            model.compile(optimizer="adam", loss=mk.losses.SparseCategoricalCrossentropy(from_logits=True))
            model.fit(x, y, batch_size=8, epochs=2, verbose=0)  # shuffled and with dropout: both seeded
            runs.append([w.numpy() for w in model.weights])
    for a, b in zip(*runs):
        np.testing.assert_array_equal(a, b)


def test_progress_output(backend_name, capsys):
    x, y = _data(n=16)
    with mk.backend.use(backend_name):
        model = _mlp()
        model.compile(optimizer="sgd", loss=mk.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
        if _trainable(backend_name):
            model.fit(x, y, batch_size=8, epochs=2, verbose=2)
            lines = capsys.readouterr().out.splitlines()
            assert [line for line in lines if line.startswith("Epoch")] == ["Epoch 1/2", "Epoch 2/2"]
            assert sum("loss:" in line and "accuracy:" in line for line in lines) == 2
        model.evaluate(x, y, batch_size=8, verbose=1)
        assert "2/2" in capsys.readouterr().out


def test_layer_lists_are_fixed_only_while_fit_runs(backend_name):
    """fit computes the model's layer and weight lists once; outside fit they follow the model again."""
    with mk.backend.use(backend_name):
        model = mk.Sequential([layers.Input((4,)), layers.Dense(2)])
        model.compile(optimizer="sgd", loss="mse")
        if not _trainable(backend_name):
            with pytest.raises(CapabilityError, match="cannot train"):
                model.fit(np.ones((8, 4), "float32"), np.ones((8, 2), "float32"), verbose=0)
            return
        seen = []
        model.fit(np.ones((8, 4), "float32"), np.ones((8, 2), "float32"), epochs=1, batch_size=4, verbose=0,
                  callbacks=[mk.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: seen.append(
                      [id(w) for w in model.weights]))])
        assert len(seen) == 2 and seen[0] == seen[1] and len(seen[0]) == 2
        model.add(layers.Dense(3))
        model.build((None, 4))
        assert len(model.weights) == 4 and len(model.trainable_weights) == 4


def test_batch_logs_are_converted_only_when_a_callback_reads_them(backend_name):
    """Without a train-batch callback the logs stay tensors until the epoch ends; the history is the same."""
    assert not mk.callbacks.CallbackList([mk.callbacks.History()]).reads_train_batch_logs()
    assert mk.callbacks.CallbackList([mk.callbacks.LambdaCallback(on_batch_end=print)]).reads_train_batch_logs()
    assert mk.callbacks.CallbackList([mk.callbacks.TerminateOnNaN()]).reads_train_batch_logs()
    x, y = _data()
    histories, seen = [], []
    with mk.backend.use(backend_name):
        if not _trainable(backend_name):
            return
        for callbacks in ([], [mk.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: seen.append(logs))]):
            mk.utils.set_random_seed(4)
            model = _mlp()
            model.compile(optimizer="adam", loss=mk.losses.SparseCategoricalCrossentropy(from_logits=True),
                          metrics=["accuracy"])
            histories.append(model.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0,
                                       callbacks=callbacks).history)
    assert histories[0] == histories[1] and set(histories[0]) == {"loss", "accuracy"}
    assert len(seen) == 8 and all(isinstance(value, float) for logs in seen for value in logs.values())
    assert seen[-1] == {name: values[-1] for name, values in histories[1].items()}


def test_eager_fit_computes_metric_results_once_per_epoch_when_no_callback_reads_batch_logs():
    """Eager fit with nobody reading batch logs takes the results once at the end of each epoch
    (the values the last batch's logs would have had); a batch callback gets them at every batch."""
    x, y = _data()
    with mk.backend.use("torch"):
        # One call reads the log names when the model is built for training; then one per epoch, or per batch.
        for callbacks, expected_calls in (([], 1 + 2), ([mk.callbacks.LambdaCallback(on_train_batch_end=lambda b, logs: None)], 1 + 8)):
            model = _mlp()
            model.compile(optimizer="adam", loss=mk.losses.SparseCategoricalCrossentropy(from_logits=True),
                          metrics=["accuracy"])
            assert not model.jit_compile
            calls = []
            original = model.get_metrics_result
            model.get_metrics_result = lambda: calls.append(1) or original()
            history = model.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0, callbacks=callbacks)
            assert len(calls) == expected_calls and set(history.history) == {"accuracy", "loss"}


def test_evaluate_and_on_batch_results_follow_keras_key_order():
    """As Keras 3: dicts (return_dict, history, callbacks) have sorted keys; lists follow the metrics order."""
    x, y = _data()
    with mk.backend.use("torch"):
        model = _mlp()
        model.compile(optimizer="sgd", loss=mk.losses.SparseCategoricalCrossentropy(from_logits=True),
                      metrics=["sparse_categorical_accuracy", "accuracy"])
        history = model.fit(x, y, batch_size=32, epochs=1, verbose=0, validation_data=(x, y))
        assert list(history.history) == sorted(history.history)
        logs = model.evaluate(x, y, verbose=0, return_dict=True)
        assert list(logs) == ["accuracy", "loss", "sparse_categorical_accuracy"]
        values = model.evaluate(x, y, verbose=0)
        assert values == [logs["loss"], logs["sparse_categorical_accuracy"], logs["accuracy"]]
        assert list(model.train_on_batch(x, y, return_dict=True)) == ["accuracy", "loss", "sparse_categorical_accuracy"]


def test_a_layer_that_cannot_be_compiled_makes_the_model_run_eagerly(backend_name):
    """As Keras 3: ``Hashing`` computes on the host (``supports_jit = False``), so a model holding it runs its
    steps eagerly: silently for ``"auto"`` and for ``predict`` without ``compile``, with a warning naming the
    layer for ``jit_compile=True``; its predictions are the layer's own."""
    ids = np.array([[3, 7], [11, 3], [0, 5]])
    with mk.backend.use(backend_name):
        expected = mk.ops.convert_to_numpy(layers.Hashing(8, name="hash")(ids))

        def model() -> mk.Model:
            return mk.Sequential([mk.Input((2,), dtype="int64"), layers.Hashing(8, name="hash")])

        uncompiled = model()
        np.testing.assert_array_equal(uncompiled.predict(ids, verbose=0), expected)
        auto = model()
        auto.compile(loss="mse")
        assert auto.jit_compile is False
        np.testing.assert_array_equal(auto.predict(ids, verbose=0), expected)
        if mk.backend.capabilities(backend_name).supports_jit:
            forced = model()
            with pytest.warns(UserWarning, match=r"layers \['hash'\] compute on the host"):
                forced.compile(loss="mse", jit_compile=True)
            assert forced.jit_compile is False
            plain = _mlp()
            plain.compile(loss="mse", jit_compile=True)
            assert plain.jit_compile is True
