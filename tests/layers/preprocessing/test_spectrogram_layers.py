"""STFTSpectrogram and MelSpectrogram on every backend: the layer harness, outputs equal to Keras 3's (run in a
subprocess, never imported here), a .keras file written by Keras 3 loaded by multikeras, and argument checks."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops
from layers.harness import run_layer_test

# (init kwargs, input name): the cases compared with Keras 3. "mono" is (2, 400, 1), "stereo" (2, 400, 2),
# "stereo_cf" the same signal as (2, 2, 400); "wave" is (2, 400) with its second row 1000 times quieter.
STFT_CASES = [
    ({}, "mono"),
    ({"mode": "magnitude", "frame_length": 64, "frame_step": 16, "fft_length": 128, "padding": "same"}, "mono"),
    ({"mode": "real", "frame_length": 32, "window": "hamming", "periodic": True, "expand_dims": True}, "mono"),
    ({"mode": "psd", "frame_length": 32, "scaling": "spectrum", "data_format": "channels_first"}, "stereo_cf"),
    ({"mode": "angle", "frame_length": 30, "window": None, "scaling": None}, "stereo"),
    ({"mode": "stft", "frame_length": 16, "data_format": "channels_first", "expand_dims": True}, "stereo_cf"),
    ({"mode": "imag", "frame_length": 40, "frame_step": 5, "padding": "same", "expand_dims": True}, "stereo"),
]
MEL_CASES = [
    {"fft_length": 64, "sequence_stride": 16, "num_mel_bins": 10, "sampling_rate": 8000},
    {"fft_length": 64, "sequence_stride": 16, "sequence_length": 48, "num_mel_bins": 12, "power_to_db": False,
     "mag_exp": 1.0, "window": "hamming", "min_freq": 100.0, "max_freq": 3000.0},
    {"fft_length": 64, "sequence_stride": 20, "num_mel_bins": 8, "top_db": 10.0, "ref_power": 2.0, "min_power": 1e-3},
    {"fft_length": 32, "sequence_stride": 8, "num_mel_bins": 6, "mag_exp": 1.5, "window": None, "power_to_db": False},
]


def _inputs() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(54)
    stereo = rng.standard_normal((2, 400, 2)).astype("float32")
    wave = rng.standard_normal((2, 400)).astype("float32")
    wave[1] *= 1e-3
    return {"mono": stereo[:, :, :1].copy(), "stereo": stereo, "stereo_cf": np.ascontiguousarray(stereo.transpose(0, 2, 1)),
            "wave": wave}


# Run by Keras 3 in a subprocess: outputs of every case, and a .keras file of a model holding both layers
# (the STFT kernels perturbed so that loading them, not re-initializing them, is what the test sees).
KERAS_SCRIPT = r"""
import importlib.abc, json, sys
import numpy as np

class SkipUnneeded(importlib.abc.MetaPathFinder):
    # Keras on numpy imports TensorFlow when it is installed, for nothing this script needs: refusing it saves time.
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("tensorflow", "sklearn"):
            raise ModuleNotFoundError(name, name=name)
        return None

sys.meta_path.insert(0, SkipUnneeded())
import keras

workdir = sys.argv[1]
request = json.load(open(workdir + "/request.json"))
inputs = dict(np.load(workdir + "/inputs.npz"))
out = {}
for i, (kwargs, name) in enumerate(request["stft"]):
    layer = keras.layers.STFTSpectrogram(**kwargs)
    out[f"stft/{i}"] = keras.ops.convert_to_numpy(layer(inputs[name]))
    out[f"stft/{i}/weights"] = np.asarray([w.path.split("/")[-1] for w in layer.weights])
for i, kwargs in enumerate(request["mel"]):
    out[f"mel/{i}"] = keras.ops.convert_to_numpy(keras.layers.MelSpectrogram(**kwargs)(inputs["wave"]))

signal = keras.Input((400, 1))
spectrum = keras.layers.STFTSpectrogram(mode="magnitude", frame_length=32, name="stft")(signal)
mel = keras.layers.MelSpectrogram(fft_length=64, sequence_stride=32, num_mel_bins=8, name="mel")(
    keras.layers.Reshape((400,))(signal))
model = keras.Model(signal, [spectrum, mel])
stft = model.get_layer("stft")
stft.set_weights([w * (1.0 + 0.01 * np.arange(w.size).reshape(w.shape)) for w in stft.get_weights()])
model.save(workdir + "/keras.keras")
for i, array in enumerate(model(inputs["mono"])):
    out[f"file/{i}"] = keras.ops.convert_to_numpy(array)
np.savez(workdir + "/keras_out.npz", **out)
"""


@pytest.fixture(scope="module")
def keras_results(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, np.ndarray]]:
    """Keras 3's outputs for the cases and the path of the .keras file it wrote (skips without Keras)."""
    if importlib.util.find_spec("keras") is None:
        pytest.skip("Keras 3 is not installed: nothing to compare with")
    workdir = tmp_path_factory.mktemp("keras_spectrograms")
    np.savez(workdir / "inputs.npz", **_inputs())
    (workdir / "request.json").write_text(json.dumps({"stft": STFT_CASES, "mel": MEL_CASES}))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MULTIKERAS_", "PYTHONWARNINGS"))}
    env["KERAS_BACKEND"] = "numpy"
    run = subprocess.run([sys.executable, "-c", KERAS_SCRIPT, str(workdir)], env=env, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    return str(workdir / "keras.keras"), dict(np.load(workdir / "keras_out.npz"))


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


@pytest.mark.parametrize("case", range(len(STFT_CASES)))
def test_stft_spectrogram_equals_keras(backend_name, keras_results, case):
    kwargs, name = STFT_CASES[case]
    expected = keras_results[1][f"stft/{case}"]
    with mk.backend.use(backend_name):
        layer = layers.STFTSpectrogram(**kwargs)
        actual = _np(layer(_inputs()[name]))
        assert [w.path.split("/")[-1] for w in layer.weights] == list(keras_results[1][f"stft/{case}/weights"])
        assert layer.compute_output_shape(_inputs()[name].shape) == expected.shape
    assert actual.shape == expected.shape and actual.dtype == np.float32
    if kwargs.get("mode") == "angle":
        # At DC and Nyquist the imaginary part is rounding noise and its angle too: compare the other bins only.
        inner = np.ones(17, bool)
        inner[[0, -1]] = False
        inner = np.tile(inner, 2)
        actual, expected = actual[..., inner], expected[..., inner]
    np.testing.assert_allclose(actual, expected, rtol=2e-4, atol=2e-4)


@pytest.mark.parametrize("case", range(len(MEL_CASES)))
def test_mel_spectrogram_equals_keras(backend_name, keras_results, case):
    expected = keras_results[1][f"mel/{case}"]
    with mk.backend.use(backend_name):
        layer = layers.MelSpectrogram(**MEL_CASES[case])
        actual = _np(layer(_inputs()["wave"]))
        assert layer.compute_output_shape((2, 400)) == expected.shape
    assert actual.shape == expected.shape and actual.dtype == np.float32
    np.testing.assert_allclose(actual, expected, rtol=2e-4, atol=2e-3)


def test_loads_a_keras_file(backend_name, keras_results):
    path, results = keras_results
    with mk.backend.use(backend_name):
        model = mk.saving.load_model(path)
        outputs = [_np(y) for y in model(_inputs()["mono"])]
        assert type(model.get_layer("stft")) is layers.STFTSpectrogram
        assert type(model.get_layer("mel")) is layers.MelSpectrogram
    for i, actual in enumerate(outputs):
        np.testing.assert_allclose(actual, results[f"file/{i}"], rtol=2e-4, atol=2e-3)


@pytest.mark.parametrize(
    "kwargs, input_shape, output_shape, trainable",
    [
        ({"mode": "psd", "frame_length": 8, "expand_dims": True, "data_format": "channels_first"}, (2, 2, 24), (2, 2, 5, 5), 2),
    ],
)
def test_stft_spectrogram_harness(backend_name, kwargs, input_shape, output_shape, trainable):
    with mk.backend.use(backend_name):
        run_layer_test(layers.STFTSpectrogram, kwargs, input_shape=input_shape, expected_output_shape=output_shape,
                       expected_num_trainable_weights=trainable, expected_num_non_trainable_weights=0)


def test_mel_spectrogram_harness(backend_name):
    with mk.backend.use(backend_name):
        run_layer_test(layers.MelSpectrogram, {"fft_length": 32, "sequence_stride": 16, "num_mel_bins": 4},
                       input_shape=(2, 64), expected_output_shape=(2, 4, 5),
                       expected_num_trainable_weights=0, expected_num_non_trainable_weights=0)


def test_frozen_kernels_and_unbatched_mel(backend_name):
    with mk.backend.use(backend_name):
        frozen = layers.STFTSpectrogram(mode="psd", frame_length=8, trainable=False)
        frozen.build((None, 32, 1))
        assert not frozen.trainable_weights and [w.path.split("/")[-1] for w in frozen.non_trainable_weights] == [
            "real_kernel", "imag_kernel"]
        mel = layers.MelSpectrogram(fft_length=32, sequence_stride=16, num_mel_bins=4)
        one = _np(mel(_inputs()["wave"][0]))
        assert one.shape == mel.compute_output_shape((400,)) == (4, 26)
        # Window values give what the named window gives (a periodic Hann window: ops.stft's).
        named = _np(layers.MelSpectrogram(fft_length=32, sequence_stride=16, num_mel_bins=4)(_inputs()["wave"]))
        values = np.hanning(33)[:-1].tolist()
        given = layers.MelSpectrogram(fft_length=32, sequence_stride=16, num_mel_bins=4, window=values)
        assert given.get_config()["window"] == values
        np.testing.assert_allclose(_np(given(_inputs()["wave"])), named, rtol=1e-5, atol=1e-4)


def test_configs_and_defaults():
    stft = layers.STFTSpectrogram(frame_length=31)
    assert stft._step == 15 and stft._bins == 17  # frame_step None: half a frame; fft_length None: next power of 2
    config = stft.get_config()
    assert {k: config[k] for k in ("mode", "frame_step", "fft_length", "window", "scaling", "padding")} == {
        "mode": "log", "frame_step": None, "fft_length": None, "window": "hann", "scaling": "density", "padding": "valid"}
    mel = layers.MelSpectrogram(sampling_rate=22050)
    assert mel.get_config()["sequence_length"] == 2048 and mel.get_config()["max_freq"] == 11025
    for cls in (layers.STFTSpectrogram, layers.MelSpectrogram):
        rebuilt = mk.saving.deserialize_keras_object(
            {"module": "keras.layers", "class_name": cls.__name__, "config": cls().get_config(), "registered_name": None})
        assert type(rebuilt) is cls


@pytest.mark.parametrize(
    "cls, kwargs, message",
    [
        (layers.STFTSpectrogram, {"mode": "power"}, r"`mode` must be one of .*received mode='power'"),
        (layers.STFTSpectrogram, {"padding": "causal"}, r"`padding` must be one of .*received padding='causal'"),
        (layers.STFTSpectrogram, {"scaling": "unit"}, r"`scaling` must be one of .*received scaling='unit'"),
        (layers.STFTSpectrogram, {"frame_length": 32, "frame_step": 33}, r"`frame_step` must be an int in \[1, frame_length=32\]"),
        (layers.STFTSpectrogram, {"frame_length": 32, "fft_length": 16}, r"`fft_length` must be an int >= frame_length=32"),
        (layers.STFTSpectrogram, {"window": "nonesuch"}, r"nonesuch"),
        (layers.STFTSpectrogram, {"data_format": "channels_middle"}, r"`data_format` must be one of"),
        (layers.MelSpectrogram, {"sequence_length": 4096}, r"`fft_length` must be >= `sequence_length`"),
        (layers.MelSpectrogram, {"num_mel_bins": 0}, r"`num_mel_bins` must be a positive int"),
        (layers.MelSpectrogram, {"window": "blackman"}, r"`window` must be 'hann', 'hamming', None or 2048 values"),
        (layers.MelSpectrogram, {"fft_length": 8, "window": [1.0, 2.0]}, r"must have sequence_length=8 values, received 2"),
        (layers.MelSpectrogram, {"min_freq": 9000.0}, r"expected 0 <= min_freq < max_freq"),
    ],
)
def test_rejects_bad_arguments(cls, kwargs, message):
    with pytest.raises(ValueError, match=message):
        cls(**kwargs)


def test_stft_spectrogram_rejects_integer_signals_and_short_ones():
    with mk.backend.use("numpy"):
        layer = layers.STFTSpectrogram(frame_length=16, name="spec")
        with pytest.raises(TypeError, match=r"STFTSpectrogram 'spec': expected a float signal .* received dtype int32"):
            layer(np.zeros((1, 40, 1), "int32"))
        with pytest.raises(ValueError, match=r"10 samples give no frame of frame_length=16"):
            layer.compute_output_shape((1, 10, 1))
    with pytest.warns(UserWarning, match="power of two"):
        layers.STFTSpectrogram(frame_length=20, fft_length=20)
