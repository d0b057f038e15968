"""torch ``jit_compile=True``: the training step is one compiled graph, however many layer classes the model has.

Compiling the step with dynamo directly broke its graph at every
``ContextVar.get``, optree call and ``torch.autograd.grad``, compiled each
``Layer.__call__`` past a break as a frame of its own guarded on the layer's
class, and so hit dynamo's recompile limit (8) on models with many layer
classes, falling back to eager. The torch plug-in's ``compile_step`` now
traces the whole step (backward and optimizer update included) into one
aten graph per batch signature. These tests count dynamo's frames, graphs
and recompiles through ``torch._dynamo.utils.counters`` and compare the
results with the eager step.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers

torch = pytest.importorskip("torch")


@pytest.fixture
def dynamo_counters(monkeypatch):
    """Fresh dynamo counters; the traced graph compiled with ``aot_eager`` (the same graph, built in a second
    rather than inductor's half minute: the counts do not depend on the code generator)."""
    import torch._dynamo
    from torch._dynamo.utils import counters

    from multikeras.backends.torch import autodiff

    monkeypatch.setattr(autodiff, "STEP_COMPILER", "aot_eager")
    torch._dynamo.reset()
    counters.clear()
    yield counters
    torch._dynamo.reset()


def _many_class_model() -> mk.Model:
    """Fourteen layer classes, Dropout with a non-zero rate included (its draws go through the graph)."""
    tokens = layers.Input((6,), dtype="int32")
    x = layers.Embedding(11, 8)(tokens)
    x = layers.Dense(8)(x)
    x = layers.LayerNormalization()(x)
    x = layers.Dropout(0.25)(x)
    x = layers.Activation("relu")(x)
    x = layers.Add()([x, layers.MultiHeadAttention(2, 4)(x, x)])
    x = layers.Conv1D(8, 3, padding="same")(x)
    x = layers.BatchNormalization()(x)
    x = layers.Reshape((6, 8))(x)
    pooled = layers.GlobalAveragePooling1D()(x)
    flat = layers.Flatten()(x)
    x = layers.Concatenate()([pooled, flat])
    return mk.Model(tokens, layers.Dense(1)(x))


def _fit(jit_compile: bool, weights: list[np.ndarray], x: np.ndarray, y: np.ndarray) -> tuple[mk.Model, list[float]]:
    mk.utils.set_random_seed(3)  # the same dropout seeds for both steps
    model = _many_class_model()
    model.set_weights(weights)
    model.compile(optimizer=mk.optimizers.SGD(0.05), loss="mse", jit_compile=jit_compile)
    history = model.fit(x, y, batch_size=4, epochs=2, verbose=0, shuffle=False)
    return model, history.history["loss"]


def test_a_model_of_many_layer_classes_trains_as_one_graph_equal_to_the_eager_step(dynamo_counters):
    rng = np.random.default_rng(0)
    x = rng.integers(0, 11, size=(12, 6)).astype("int32")  # 3 batches of 4, 2 epochs: 6 compiled steps
    y = rng.normal(size=(12, 1)).astype("float32")
    with mk.backend.use("torch"):
        weights = _many_class_model().get_weights()
        eager, eager_losses = _fit(False, weights, x, y)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no fallback to piecewise compilation, no recompile-limit warning
            compiled, compiled_losses = _fit(True, weights, x, y)
    frames = dict(dynamo_counters["frames"])
    assert dynamo_counters["stats"]["unique_graphs"] == 1, dict(dynamo_counters["stats"])
    assert frames == {"total": 1, "ok": 1}, frames
    assert not dynamo_counters["graph_break"], list(dynamo_counters["graph_break"])
    assert not dynamo_counters["recompiles"], dict(dynamo_counters["recompiles"])
    np.testing.assert_allclose(compiled_losses, eager_losses, rtol=1e-5, atol=1e-6)
    for got, expected in zip(compiled.get_weights(), eager.get_weights()):
        np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-5)


def test_the_step_is_traced_once_per_input_signature(dynamo_counters):
    from multikeras.backends.torch import autodiff

    traces = []

    def pure(values, data):
        x, scale = data
        traces.append((tuple(x.shape), type(scale).__name__))
        return [values[0] + x.sum() * scale, None], {"mean": x.mean(), "scale": scale}

    step = autodiff.compile_step(pure, ["total", "untouched"])
    state = [torch.zeros(()), torch.ones(())]
    new_values, outputs = step(state, (torch.ones(2), 2))
    assert new_values[0].item() == 4.0 and new_values[1] is None and outputs["scale"] == 2
    new_values, outputs = step(state, (np.full(2, 3.0, "float32"), 2))  # same signature: no new trace
    assert new_values[0].item() == 12.0 and outputs["mean"].item() == 3.0
    step(state, (torch.ones(3), 2))  # a new shape
    new_values, _ = step(state, (torch.ones(3), 0.5))  # a new Python constant (a float, not an int)
    assert new_values[0].item() == 1.5
    assert traces == [((2,), "int"), ((3,), "int"), ((3,), "float")]
    assert dynamo_counters["stats"]["unique_graphs"] == 3 and not dynamo_counters["graph_break"]


def test_a_step_that_reads_a_tensor_on_the_host_runs_through_torch_compile_with_a_warning(dynamo_counters):
    from multikeras.backends.torch import autodiff

    def pure(values, data):
        scale = float(data.sum())  # a host read: fake tensors used for tracing have no value
        return [values[0] * scale], None

    step = autodiff.compile_step(pure, ["weight"])
    with pytest.warns(UserWarning, match="could not be traced into one graph"):
        new_values, _ = step([torch.ones(2)], torch.full((2,), 1.5))
    assert new_values[0].tolist() == [3.0, 3.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # warned once
        new_values, _ = step([torch.ones(2)], torch.full((2,), 2.0))
    assert new_values[0].tolist() == [4.0, 4.0]


def test_random_draws_in_a_traced_step_equal_the_eager_draws(dynamo_counters):
    from multikeras.backends.torch import autodiff

    def draws(seed, x):
        ops = mk.random
        return [
            ops.normal((3,), seed=seed), ops.uniform((3,), seed=seed), ops.truncated_normal((3,), seed=seed),
            ops.randint((3,), 0, 9, seed=seed), ops.categorical(mk.ops.ones((2, 4)), 3, seed=seed),
            ops.shuffle(x, seed=seed), ops.dropout(x, 0.5, seed=seed), ops.gamma((3,), 0.7, seed=seed),
            ops.beta((3,), 2.0, 3.0, seed=seed), ops.binomial((3,), 5.0, 0.5, seed=seed),
        ]

    with mk.backend.use("torch"):
        step = autodiff.compile_step(lambda values, data: ([None], draws(*data)), ["unused"])
        x = mk.ops.arange(6.0)
        for seed in ([1, 2], [7, 0]):
            seed = mk.ops.convert_to_tensor(seed, "int32")
            _, traced = step([torch.zeros(())], (seed, x))
            for got, expected in zip(traced, draws(seed, x)):
                np.testing.assert_array_equal(mk.ops.convert_to_numpy(got), mk.ops.convert_to_numpy(expected))
    assert dynamo_counters["stats"]["unique_graphs"] == 1 and not dynamo_counters["graph_break"]


def _dict_model() -> mk.Model:
    """Named inputs given as a dict (in another key order than the model's), two named outputs."""
    numbers, extra = layers.Input((3,), name="numbers"), layers.Input((2,), name="extra")
    hidden = layers.Concatenate()([layers.Dense(4, activation="tanh")(numbers), extra])
    outputs = {"score": layers.Dense(1, name="score")(hidden), "logits": layers.Dense(3, name="logits")(hidden)}
    return mk.Model({"numbers": numbers, "extra": extra}, outputs)


def test_dict_inputs_and_outputs_train_as_one_graph_equal_to_the_eager_step(dynamo_counters):
    rng = np.random.default_rng(4)
    x = {"extra": rng.normal(size=(12, 2)).astype("float32"), "numbers": rng.normal(size=(12, 3)).astype("float32")}
    y = {"score": rng.normal(size=(12, 1)).astype("float32"), "logits": rng.integers(0, 3, size=(12,)).astype("int32")}
    with mk.backend.use("torch"):
        weights = _dict_model().get_weights()
        results = {}
        for jit_compile in (False, True):
            model = _dict_model()
            model.set_weights(weights)
            model.compile(optimizer=mk.optimizers.Adam(0.02), jit_compile=jit_compile,
                          loss={"score": "mse", "logits": mk.losses.SparseCategoricalCrossentropy(from_logits=True)})
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # no fallback to piecewise compilation
                history = model.fit(x, y, batch_size=4, epochs=2, verbose=0, shuffle=False)
            results[jit_compile] = history.history["loss"], model.get_weights()
    assert dynamo_counters["stats"]["unique_graphs"] == 1, dict(dynamo_counters["stats"])
    assert not dynamo_counters["graph_break"], list(dynamo_counters["graph_break"])
    (eager_losses, eager_weights), (compiled_losses, compiled_weights) = results[False], results[True]
    assert eager_losses[1] < eager_losses[0]  # it trains
    np.testing.assert_allclose(compiled_losses, eager_losses, rtol=1e-5, atol=1e-6)
    for got, expected, before in zip(compiled_weights, eager_weights, weights):
        assert not np.array_equal(got, before)
        np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-5)
