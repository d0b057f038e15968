"""Initializer configs equal Keras 3's, names resolve as in Keras, and bad arguments are refused.

The expected configs were observed from Keras 3.15's
``keras.saving.serialize_keras_object``; they are written out literally so the
tests need no Keras.
"""

from __future__ import annotations

import json

import pytest

import multikeras as mk
from multikeras import initializers
from multikeras.initializers import compute_fans
from multikeras.saving.object_registration import builtin_location

KERAS_PUBLIC_NAMES = [
    "Constant", "GlorotNormal", "GlorotUniform", "HeNormal", "HeUniform", "Identity", "IdentityInitializer",
    "Initializer", "LecunNormal", "LecunUniform", "Ones", "Orthogonal", "OrthogonalInitializer", "RandomNormal",
    "RandomUniform", "STFT", "STFTInitializer", "TruncatedNormal", "VarianceScaling", "Zeros", "constant",
    "deserialize", "get", "glorot_normal", "glorot_uniform", "he_normal", "he_uniform", "identity", "lecun_normal",
    "lecun_uniform", "ones", "orthogonal", "random_normal", "random_uniform", "serialize", "stft",
    "truncated_normal", "variance_scaling", "zeros",
]  # dir(keras.initializers) in Keras 3.15, private names left out


def keras_config(class_name: str, config: dict) -> dict:
    return {"module": "keras.initializers", "class_name": class_name, "config": config, "registered_name": None}


NO_AXES = {"input_axes": None, "output_axes": None}

EXPECTED = [
    (initializers.Zeros(), keras_config("Zeros", {})),
    (initializers.Ones(), keras_config("Ones", {})),
    (initializers.Constant(), keras_config("Constant", {"value": 0.0})),
    (initializers.Constant([1, 2]), keras_config("Constant", {"value": [1, 2]})),
    (initializers.RandomNormal(), keras_config("RandomNormal", {"seed": None, "mean": 0.0, "stddev": 0.05})),
    (initializers.RandomNormal(1.0, 2.0, seed=3), keras_config("RandomNormal", {"seed": 3, "mean": 1.0, "stddev": 2.0})),
    (initializers.RandomUniform(), keras_config("RandomUniform", {"seed": None, "minval": -0.05, "maxval": 0.05})),
    (initializers.TruncatedNormal(), keras_config("TruncatedNormal", {"seed": None, "mean": 0.0, "stddev": 0.05})),
    (initializers.GlorotNormal(), keras_config("GlorotNormal", {"seed": None, **NO_AXES})),
    (initializers.GlorotUniform(seed=1), keras_config("GlorotUniform", {"seed": 1, **NO_AXES})),
    (initializers.HeNormal(), keras_config("HeNormal", {"seed": None, **NO_AXES})),
    (initializers.HeUniform(), keras_config("HeUniform", {"seed": None, **NO_AXES})),
    (initializers.LecunNormal(), keras_config("LecunNormal", {"seed": None, **NO_AXES})),
    (initializers.LecunUniform(), keras_config("LecunUniform", {"seed": None, **NO_AXES})),
    (
        initializers.VarianceScaling(),
        keras_config(
            "VarianceScaling",
            {"seed": None, "scale": 1.0, "mode": "fan_in", "distribution": "truncated_normal", **NO_AXES},
        ),
    ),
    (
        initializers.VarianceScaling(2.0, "fan_avg", "normal", seed=1, input_axes=[0], output_axes=[1]),
        keras_config(
            "VarianceScaling",
            {"seed": 1, "scale": 2.0, "mode": "fan_avg", "distribution": "truncated_normal",
             "input_axes": [0], "output_axes": [1]},
        ),
    ),
    (initializers.Orthogonal(), keras_config("Orthogonal", {"seed": None, "gain": 1.0})),
    (initializers.Orthogonal(gain=2.0, seed=4), keras_config("Orthogonal", {"seed": 4, "gain": 2.0})),
    (
        initializers.STFT(),
        keras_config("STFT", {"side": "real", "window": "hann", "periodic": False, "scaling": "density"}),
    ),
    (
        initializers.STFT("imag", [1.0, 2.0], None, True),
        keras_config("STFT", {"side": "imag", "window": [1.0, 2.0], "periodic": True, "scaling": None}),
    ),
    (
        initializers.RandomNormal(seed=mk.random.SeedGenerator(1)),
        keras_config(
            "RandomNormal",
            {
                "seed": {"module": "keras.random", "class_name": "SeedGenerator",
                         "config": {"seed": 1, "name": "seed_generator"}, "registered_name": None},
                "mean": 0.0,
                "stddev": 0.05,
            },
        ),
    ),
]


@pytest.mark.parametrize(("initializer", "expected"), EXPECTED, ids=[f"{e['class_name']}-{i}" for i, (_, e) in enumerate(EXPECTED)])
def test_serialized_config_equals_keras(initializer, expected):
    assert initializers.serialize(initializer) == expected
    rebuilt = initializers.deserialize(json.loads(json.dumps(expected)))
    assert type(rebuilt) is type(initializer)
    assert initializers.serialize(rebuilt) == expected


def test_identity_config_keeps_the_gain():
    # Keras 3.15 writes {} and so loses the gain; multikeras writes it (Keras reads it back too).
    assert initializers.serialize(initializers.Identity(gain=2.0)) == keras_config("Identity", {"gain": 2.0})
    assert initializers.deserialize(keras_config("Identity", {})).gain == 1.0
    assert initializers.deserialize(keras_config("Identity", {"gain": 2.0})).gain == 2.0


def test_keras_public_names_exist():
    missing = [name for name in KERAS_PUBLIC_NAMES if not hasattr(initializers, name)]
    assert not missing
    assert initializers.IdentityInitializer is initializers.Identity
    assert initializers.glorot_uniform is initializers.GlorotUniform


ALIASES = {
    "zeros": "Zeros", "zero": "Zeros", "ones": "Ones", "one": "Ones", "constant": "Constant",
    "random_normal": "RandomNormal", "normal": "RandomNormal", "random_uniform": "RandomUniform",
    "uniform": "RandomUniform", "truncated_normal": "TruncatedNormal", "variance_scaling": "VarianceScaling",
    "glorot_normal": "GlorotNormal", "glorot_uniform": "GlorotUniform", "he_normal": "HeNormal",
    "he_uniform": "HeUniform", "lecun_normal": "LecunNormal", "lecun_uniform": "LecunUniform",
    "orthogonal": "Orthogonal", "OrthogonalInitializer": "Orthogonal", "identity": "Identity",
    "IdentityInitializer": "Identity", "stft": "STFT", "STFTInitializer": "STFT",
}


@pytest.mark.parametrize(("name", "class_name"), sorted(ALIASES.items()))
def test_get_resolves_snake_case_and_class_names(name, class_name):
    by_alias = initializers.get(name)
    by_class_name = initializers.get(class_name)
    assert type(by_alias).__name__ == class_name == type(by_class_name).__name__
    # Serialized under the canonical class name, whatever name it was created by.
    assert initializers.serialize(by_alias)["class_name"] == class_name
    assert builtin_location(type(by_alias)) == ("keras.initializers", class_name)


def test_get_passes_through_none_instances_and_callables():
    instance = initializers.HeNormal()

    def my_initializer(shape, dtype=None):
        return None

    assert initializers.get(None) is None
    assert initializers.get(instance) is instance
    assert initializers.get(my_initializer) is my_initializer
    assert type(initializers.get(initializers.Zeros)) is initializers.Zeros
    assert initializers.get({"class_name": "HeNormal", "config": {"seed": 5}}).seed == 5


def test_get_accepts_configs_written_by_keras_with_private_modules():
    config = {
        "module": "keras.src.initializers.random_initializers",
        "class_name": "GlorotUniform",
        "config": {"seed": 7, "input_axes": None, "output_axes": None},
        "registered_name": None,
    }
    assert initializers.get(config).seed == 7


@pytest.mark.parametrize("identifier", ["nope", 3, {"class_name": "Nope", "config": {}}, ["zeros"]])
def test_get_rejects_bad_identifiers(identifier):
    with pytest.raises(ValueError, match="Could not interpret initializer identifier") as error:
        initializers.get(identifier)
    assert repr(identifier) in str(error.value)


def test_deserialize_rejects_unknown_names():
    with pytest.raises(ValueError, match="'nope'"):
        initializers.deserialize("nope")


def test_custom_initializer_round_trip():
    @mk.saving.register_keras_serializable(package="InitTests")
    class Twos(initializers.Initializer):
        def __call__(self, shape, dtype=None):
            return mk.ops.full(shape, 2.0, dtype=dtype)

    config = initializers.serialize(Twos())
    assert config["registered_name"] == "InitTests>Twos"
    assert type(initializers.deserialize(config)) is Twos


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"scale": 0}, "scale=0"),
        ({"scale": -1.0}, "scale=-1.0"),
        ({"scale": "big"}, "scale='big'"),
        ({"mode": "fan_max"}, "mode='fan_max'"),
        ({"distribution": "cauchy"}, "distribution='cauchy'"),
        ({"seed": "a"}, "'a'"),
        ({"seed": 1.5}, "1.5"),
        ({"seed": True}, "True"),
    ],
)
def test_variance_scaling_validates_its_arguments(arguments, message):
    with pytest.raises(ValueError, match=message):
        initializers.VarianceScaling(**arguments)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [({"side": "left"}, "side='left'"), ({"scaling": "l3"}, "scaling='l3'"), ({"window": "no_such_window"}, "no_such_window")],
)
def test_stft_validates_its_arguments(arguments, message):
    with pytest.raises(ValueError, match=message):
        initializers.STFT(**arguments)


def test_base_initializer():
    base = initializers.Initializer()
    assert base.get_config() == {}
    assert type(initializers.Initializer.from_config({})) is initializers.Initializer
    with pytest.raises(NotImplementedError, match="Initializer"):
        base((2,))


@pytest.mark.parametrize(
    ("shape", "fans"),
    [
        ((3, 3, 16, 32), (144, 288)),
        ((5, 4, 3), (20, 15)),
        ((200, 300), (200, 300)),
        ((7,), (7, 7)),
        ((), (1, 1)),
    ],
)
def test_compute_fans(shape, fans):
    assert compute_fans(shape) == fans


def test_compute_fans_with_axes():
    assert compute_fans((6, 8, 10, 12), input_axes=(0, 1), output_axes=(2, 3)) == (48, 120)
    assert compute_fans((6, 8, 10, 12), input_axes=[-2], output_axes=1) == (10, 8)
    # Keras 3.15 uses the axes only when both are given.
    assert compute_fans((6, 8, 10, 12), input_axes=(0,)) == (480, 576)
    with pytest.raises(ValueError, match=r"\(4,\)"):
        compute_fans((6, 8), input_axes=(4,), output_axes=(1,))
