"""The same Functional, Sequential and subclassed models on every backend: equal outputs for equal weights.

Checked twice, as DESIGN.md asks: in one process (switching backends), and once
per backend in a fresh interpreter selected by ``MULTIKERAS_BACKEND``.
"""

from __future__ import annotations

import json

import numpy as np

import multikeras as mk
from multikeras import layers


def functional_cnn():
    """The model of issue 3's example: conv, batch norm, pooling, dropout, dense."""
    inputs = mk.Input(shape=(8, 8, 1))
    x = layers.Conv2D(16, 3, activation="relu", padding="same")(inputs)
    x = layers.BatchNormalization()(x)
    x = layers.MaxPooling2D()(x)
    x = layers.Flatten()(x)
    x = layers.Dropout(0.2)(x)
    outputs = layers.Dense(10, activation="softmax")(x)
    return mk.Model(inputs, outputs)


def sequential_mlp():
    return mk.Sequential([
        mk.Input((20,)), layers.Dense(64, activation="relu"), layers.LayerNormalization(), layers.Dense(1),
    ])


class Subclassed(mk.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.embed = layers.Embedding(12, 4)
        self.conv = layers.Conv1D(6, 3, padding="causal", activation="tanh")
        self.pool = layers.GlobalAveragePooling1D()
        self.head = layers.Dense(3)

    def call(self, tokens, training=False):
        return self.head(self.pool(self.conv(self.embed(tokens))))


CASES = {
    "functional_cnn": (functional_cnn, lambda rng: rng.normal(size=(4, 8, 8, 1)).astype("float32")),
    "sequential_mlp": (sequential_mlp, lambda rng: rng.normal(size=(4, 20)).astype("float32")),
    "subclassed": (Subclassed, lambda rng: rng.integers(0, 12, size=(4, 7)).astype("int32")),
}


def _run_everywhere(backends, case):
    build, make_input = CASES[case]
    x = make_input(np.random.default_rng(0))
    outputs, weights = {}, None
    for name in backends:
        with mk.backend.use(name):
            model = build()
            model(x)  # builds subclassed models
            if weights is None:
                weights = model.get_weights()
            else:
                model.set_weights(weights)
            outputs[name] = np.asarray(mk.ops.convert_to_numpy(model(x, training=False)))
    return outputs, x, weights


def test_models_match_across_backends_in_one_process(backends_under_test):
    for case in CASES:
        outputs, _, _ = _run_everywhere(backends_under_test, case)
        reference_name = backends_under_test[0]
        for name, output in outputs.items():
            assert output.shape == outputs[reference_name].shape and output.dtype == np.float32, (case, name)
            np.testing.assert_allclose(output, outputs[reference_name], rtol=1e-4, atol=1e-5, err_msg=f"{case}: {name}")


FRESH_PROCESS_SCRIPT = """
import json, sys
import numpy as np
sys.path.insert(0, {tests!r})
import multikeras as mk
from models.test_models_on_every_backend import CASES
result = {{"backend": mk.backend.backend()}}
for case, (build, _) in CASES.items():
    data = np.load({data!r})
    x, weights = data[case + "/x"], [data[f"{{case}}/w{{i}}"] for i in range(int(data[case + "/n"]))]
    model = build()
    model(x)
    model.set_weights(weights)
    out = np.asarray(mk.ops.convert_to_numpy(model(x, training=False)))
    np.save({out!r}.format(case=case), out)
    result[case] = list(out.shape)
print(json.dumps(result))
"""


def test_models_match_in_a_fresh_process_per_backend(run_python, tmp_path, backends_under_test):
    import pathlib

    arrays, expected = {}, {}
    for case in CASES:
        outputs, x, weights = _run_everywhere(backends_under_test[:1], case)
        expected[case] = outputs[backends_under_test[0]]
        arrays[f"{case}/x"] = x
        arrays[f"{case}/n"] = np.array(len(weights))
        arrays.update({f"{case}/w{i}": w for i, w in enumerate(weights)})
    data = tmp_path / "inputs.npz"
    np.savez(data, **arrays)
    tests = str(pathlib.Path(__file__).resolve().parents[1])
    for name in backends_under_test:
        out = str(tmp_path / f"{name}-{{case}}.npy")
        result = run_python(FRESH_PROCESS_SCRIPT.format(tests=tests, data=str(data), out=out), env={"MULTIKERAS_BACKEND": name})
        assert result.returncode == 0, result.stderr[-3000:]
        report = json.loads(result.lines()[-1])
        assert report["backend"] == name
        for case in CASES:
            got = np.load(out.format(case=case))
            np.testing.assert_allclose(got, expected[case], rtol=1e-4, atol=1e-5, err_msg=f"{case} on {name} (fresh process)")
