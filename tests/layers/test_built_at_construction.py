"""`layer.built` right after construction, as in Keras 3, and the first call of a layer built at construction.

Keras 3 reports ``built == True`` before any call for its layers that create no state (Dropout, MaxPooling2D,
Reshape ...), and ``False`` for the others, weightless ones such as Flatten included. Such a layer never runs
``build``: its ``path`` and build config stay ``None``. A subclass that defines ``build`` builds at its first
call again.
"""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers

# name -> factory, and `built` right after construction as observed from Keras 3.15.1 (KERAS_BACKEND=numpy)
# with a script run for this test (/tmp/h64/observe_for_test.py: it constructs each layer and prints `built`).
CONSTRUCTED = {
    "Activation": (lambda: layers.Activation("relu"), True),
    "ActivityRegularization": (lambda: layers.ActivityRegularization(l1=0.1), True),
    "Identity": (lambda: layers.Identity(), True),
    "Masking": (lambda: layers.Masking(), True),
    "Dropout": (lambda: layers.Dropout(0.5), True),
    "SpatialDropout2D": (lambda: layers.SpatialDropout2D(0.5), True),
    "GaussianNoise": (lambda: layers.GaussianNoise(0.1), True),
    "GaussianDropout": (lambda: layers.GaussianDropout(0.1), True),
    "AlphaDropout": (lambda: layers.AlphaDropout(0.1), True),
    "Reshape": (lambda: layers.Reshape((-1,)), True),
    "MaxPooling1D": (lambda: layers.MaxPooling1D(2), True),
    "AveragePooling2D": (lambda: layers.AveragePooling2D(2), True),
    "MaxPooling3D": (lambda: layers.MaxPooling3D(2), True),
    "GlobalAveragePooling1D": (lambda: layers.GlobalAveragePooling1D(), True),
    "GlobalMaxPooling2D": (lambda: layers.GlobalMaxPooling2D(), True),
    "UnitNormalization": (lambda: layers.UnitNormalization(), True),
    "ReLU": (lambda: layers.ReLU(), True),
    "Softmax": (lambda: layers.Softmax(), True),
    "ELU": (lambda: layers.ELU(), True),
    "LeakyReLU": (lambda: layers.LeakyReLU(), True),
    "Flatten": (lambda: layers.Flatten(), False),
    "Permute": (lambda: layers.Permute((2, 1)), False),
    "RepeatVector": (lambda: layers.RepeatVector(2), False),
    "Cropping1D": (lambda: layers.Cropping1D(), False),
    "ZeroPadding2D": (lambda: layers.ZeroPadding2D(), False),
    "UpSampling1D": (lambda: layers.UpSampling1D(), False),
    "Lambda": (lambda: layers.Lambda(lambda x: x), False),
    "AdaptiveAveragePooling1D": (lambda: layers.AdaptiveAveragePooling1D(2), False),
    "Dense": (lambda: layers.Dense(2), False),
    "Conv1D": (lambda: layers.Conv1D(2, 3), False),
    "LayerNormalization": (lambda: layers.LayerNormalization(), False),
    "Add": (lambda: layers.Add(), False),
    "Concatenate": (lambda: layers.Concatenate(), False),
    "Dot": (lambda: layers.Dot(1), False),
    "SimpleRNNCell": (lambda: layers.SimpleRNNCell(2), False),
    "LSTM": (lambda: layers.LSTM(2), False),
    "TimeDistributed": (lambda: layers.TimeDistributed(layers.Dense(2)), False),
    "Bidirectional": (lambda: layers.Bidirectional(layers.SimpleRNN(2)), False),
    "Rescaling": (lambda: layers.Rescaling(0.5), False),
    "RandomFlip": (lambda: layers.RandomFlip(), False),
    "Normalization": (lambda: layers.Normalization(), False),
    "Attention": (lambda: layers.Attention(), False),
    "Layer": (lambda: layers.Layer(), False),
}


def test_built_right_after_construction_matches_keras(backend_name):
    with mk.backend.use(backend_name):
        observed = {name: factory().built for name, (factory, _) in CONSTRUCTED.items()}
    expected = {name: built for name, (_, built) in CONSTRUCTED.items()}
    assert observed == expected


def test_a_subclass_that_defines_build_builds_at_its_first_call(backend_name):
    # Observed from Keras 3.15.1: a subclass of ReLU (or Dropout) defining `build` starts unbuilt; one that
    # does not (a subclass of MaxPooling1D) stays built at construction; a user Layer without `build` starts
    # unbuilt.
    class ScaledDropout(layers.Dropout):
        def build(self, input_shape):
            self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="scale")

        def call(self, inputs, training=None):
            return super().call(inputs, training=training) * self.scale

    class Pool(layers.MaxPooling1D):
        pass

    class Plain(layers.Layer):
        def call(self, inputs):
            return inputs

    with mk.backend.use(backend_name):
        layer = ScaledDropout(0.5)
        assert not layer.built and Pool(2).built and not Plain().built
        y = layer(np.ones((2, 3), "float32"))
        assert layer.built and len(layer.weights) == 1 and layer.get_build_config() == {"input_shape": (2, 3)}
        np.testing.assert_array_equal(mk.ops.convert_to_numpy(y), np.ones((2, 3), "float32"))


def _x(shape):
    return np.random.default_rng(0).normal(size=shape).astype("float32")


# factory, input shape, NumPy reference of the output (inference)
FIRST_CALLS = {
    "Activation": (lambda: layers.Activation("relu"), (2, 3), lambda x: np.maximum(x, 0)),
    "Identity": (lambda: layers.Identity(), (2, 3), lambda x: x),
    "Masking": (lambda: layers.Masking(), (2, 3, 2), lambda x: x),
    "Dropout": (lambda: layers.Dropout(0.5, seed=1), (2, 3), lambda x: x),
    "Reshape": (lambda: layers.Reshape((-1,)), (2, 3, 2), lambda x: x.reshape(2, 6)),
    "MaxPooling1D": (lambda: layers.MaxPooling1D(2), (2, 4, 3), lambda x: x.reshape(2, 2, 2, 3).max(axis=2)),
    "AveragePooling2D": (
        lambda: layers.AveragePooling2D(2), (1, 4, 2, 3), lambda x: x.reshape(1, 2, 2, 1, 2, 3).mean(axis=(2, 4)),
    ),
    "GlobalAveragePooling1D": (lambda: layers.GlobalAveragePooling1D(), (2, 4, 3), lambda x: x.mean(axis=1)),
    "GlobalMaxPooling2D": (lambda: layers.GlobalMaxPooling2D(), (2, 2, 2, 3), lambda x: x.max(axis=(1, 2))),
    "UnitNormalization": (
        lambda: layers.UnitNormalization(), (2, 3), lambda x: x / np.linalg.norm(x, axis=-1, keepdims=True),
    ),
    "ActivityRegularization": (lambda: layers.ActivityRegularization(l1=0.1), (2, 3), lambda x: x),
}


@pytest.mark.parametrize("name", sorted(FIRST_CALLS))
def test_a_layer_built_at_construction_computes_at_its_first_call(backend_name, name):
    factory, shape, reference = FIRST_CALLS[name]
    x = _x(shape)
    with mk.backend.use(backend_name):
        eager = factory()
        assert eager.built
        np.testing.assert_allclose(mk.ops.convert_to_numpy(eager(x)), reference(x), rtol=1e-5, atol=1e-6)
        # Nothing ran `build`: no path, no build config (as in Keras 3).
        assert eager.path is None and eager.get_build_config() is None
        symbolic = factory()
        inputs = mk.Input(shape[1:], batch_size=shape[0])
        model = mk.Model(inputs, symbolic(inputs))
        np.testing.assert_allclose(mk.ops.convert_to_numpy(model(x)), reference(x), rtol=1e-5, atol=1e-6)
        if name == "ActivityRegularization":  # the penalty of the first call is there: 0.1 * sum|x| / batch
            np.testing.assert_allclose(
                float(mk.ops.convert_to_numpy(eager.losses[0])), 0.1 * np.abs(x).sum() / shape[0], rtol=1e-5
            )


def test_input_spec_is_still_checked_at_the_first_call(backend_name):
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match=r"max_pooling2d"):
            layers.MaxPooling2D(2)(np.ones((2, 4, 3), "float32"))
        with pytest.raises(ValueError, match=r"max_pooling2d"):
            layers.MaxPooling2D(2)(mk.Input((4, 3)))


def test_a_model_of_such_layers_trains_saves_and_summarizes(backend_name, tmp_path):
    x = _x((4, 6, 3))
    y = np.arange(4, dtype="float32").reshape(4, 1)
    with mk.backend.use(backend_name):
        model = mk.Sequential([
            mk.Input((6, 3)),
            layers.Conv1D(2, 2, name="conv"),
            layers.MaxPooling1D(2, name="pool"),
            layers.Dropout(0.5, seed=1, name="drop"),
            layers.GlobalAveragePooling1D(name="gap"),
            layers.UnitNormalization(name="norm"),
            layers.Dense(1, name="out"),
        ])
        if mk.backend.capabilities().trainable:
            model.compile(optimizer="sgd", loss="mse")
            model.fit(x, y, epochs=1, batch_size=2, verbose=0)
        lines = []
        model.summary(print_fn=lines.append)
        assert "pool" in "\n".join(lines)
        expected = mk.ops.convert_to_numpy(model.predict(x, verbose=0))
        model.save(tmp_path / "m.keras")
        loaded = mk.saving.load_model(tmp_path / "m.keras")
        assert [layer.built for layer in loaded.layers] == [True] * 6
        reloaded = mk.ops.convert_to_numpy(loaded.predict(x, verbose=0))
        np.testing.assert_allclose(reloaded, expected, rtol=1e-5, atol=1e-6)
