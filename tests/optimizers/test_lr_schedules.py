"""Learning rate schedules: values against NumPy formulas, config round trips, serialization and errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

import multikeras as mk
from multikeras.optimizers import schedules

STEPS = [0, 1, 2, 3, 5, 8, 13, 30]


def exponential(step, initial, decay_steps, rate, staircase=False):
    p = step / decay_steps
    return initial * rate ** (math.floor(p) if staircase else p)


def inverse_time(step, initial, decay_steps, rate, staircase=False):
    p = step / decay_steps
    return initial / (1 + rate * (math.floor(p) if staircase else p))


def polynomial(step, initial, decay_steps, end, power, cycle=False):
    if cycle:
        horizon = decay_steps * max(1, math.ceil(step / decay_steps))
    else:
        horizon, step = decay_steps, min(step, decay_steps)
    return (initial - end) * (1 - step / horizon) ** power + end


def piecewise(step, boundaries, values):
    for boundary, value in zip(boundaries, values):
        if step <= boundary:
            return value
    return values[-1]


def cosine(step, initial, decay_steps, alpha=0.0, warmup_target=None, warmup_steps=0):
    def decayed(s, start):
        return start * ((1 - alpha) * 0.5 * (1 + math.cos(math.pi * s / decay_steps)) + alpha)

    if warmup_target is None:
        return decayed(min(step, decay_steps), initial)
    if step < warmup_steps:
        return initial + (warmup_target - initial) * step / warmup_steps
    return decayed(min(step - warmup_steps, decay_steps), warmup_target)


def cosine_restarts(step, initial, first, t_mul=2.0, m_mul=1.0, alpha=0.0):
    # Walk the periods: each is t_mul times longer, and starts m_mul times lower.
    length, start, peak = float(first), 0.0, 1.0
    while step >= start + length:
        start += length
        length *= t_mul
        peak *= m_mul
    fraction = (step - start) / length
    return initial * ((1 - alpha) * peak * 0.5 * (1 + math.cos(math.pi * fraction)) + alpha)


CASES = [
    (schedules.ExponentialDecay, {"initial_learning_rate": 0.1, "decay_steps": 3, "decay_rate": 0.5},
     lambda s: exponential(s, 0.1, 3, 0.5)),
    (schedules.ExponentialDecay, {"initial_learning_rate": 0.1, "decay_steps": 3, "decay_rate": 0.5, "staircase": True},
     lambda s: exponential(s, 0.1, 3, 0.5, True)),
    (schedules.InverseTimeDecay, {"initial_learning_rate": 0.1, "decay_steps": 2, "decay_rate": 0.5},
     lambda s: inverse_time(s, 0.1, 2, 0.5)),
    (schedules.InverseTimeDecay, {"initial_learning_rate": 0.1, "decay_steps": 2, "decay_rate": 0.5, "staircase": True},
     lambda s: inverse_time(s, 0.1, 2, 0.5, True)),
    (schedules.PolynomialDecay, {"initial_learning_rate": 0.1, "decay_steps": 5, "end_learning_rate": 0.01,
                                 "power": 2.0}, lambda s: polynomial(s, 0.1, 5, 0.01, 2.0)),
    (schedules.PolynomialDecay, {"initial_learning_rate": 0.1, "decay_steps": 4, "power": 0.5, "cycle": True},
     lambda s: polynomial(s, 0.1, 4, 0.0001, 0.5, True)),
    (schedules.PiecewiseConstantDecay, {"boundaries": [2, 5], "values": [1.0, 0.5, 0.1]},
     lambda s: piecewise(s, [2, 5], [1.0, 0.5, 0.1])),
    (schedules.CosineDecay, {"initial_learning_rate": 0.1, "decay_steps": 6, "alpha": 0.1},
     lambda s: cosine(s, 0.1, 6, 0.1)),
    (schedules.CosineDecay, {"initial_learning_rate": 0.0, "decay_steps": 6, "alpha": 0.1, "warmup_target": 0.2,
                             "warmup_steps": 3}, lambda s: cosine(s, 0.0, 6, 0.1, 0.2, 3)),
    (schedules.CosineDecayRestarts, {"initial_learning_rate": 0.1, "first_decay_steps": 3},
     lambda s: cosine_restarts(s, 0.1, 3)),
    (schedules.CosineDecayRestarts, {"initial_learning_rate": 0.1, "first_decay_steps": 3, "t_mul": 1.0,
                                     "m_mul": 0.5, "alpha": 0.2}, lambda s: cosine_restarts(s, 0.1, 3, 1.0, 0.5, 0.2)),
    (schedules.CosineDecayRestarts, {"initial_learning_rate": 0.1, "first_decay_steps": 2, "t_mul": 3.0,
                                     "m_mul": 0.7}, lambda s: cosine_restarts(s, 0.1, 2, 3.0, 0.7)),
]
IDS = [f"{cls.__name__}-{i}" for i, (cls, _, _) in enumerate(CASES)]


@pytest.mark.parametrize("cls, kwargs, reference", CASES, ids=IDS)
def test_schedule_values(cls, kwargs, reference):
    schedule = cls(**kwargs)
    with mk.backend.use("numpy"):
        got = [float(schedule(step)) for step in STEPS]
    np.testing.assert_allclose(got, [reference(step) for step in STEPS], rtol=2e-5, atol=1e-7)


@pytest.mark.parametrize("cls, kwargs, reference", [CASES[1], CASES[5], CASES[6], CASES[8], CASES[11]],
                         ids=[IDS[1], IDS[5], IDS[6], IDS[8], IDS[11]])
def test_schedule_on_int64_steps_of_every_backend(backend_name, cls, kwargs, reference):
    schedule = cls(**kwargs)
    with mk.backend.use(backend_name):
        got = [float(mk.ops.convert_to_numpy(schedule(mk.ops.convert_to_tensor(np.int64(step))))) for step in STEPS]
    np.testing.assert_allclose(got, [reference(step) for step in STEPS], rtol=2e-5, atol=1e-7)


@pytest.mark.parametrize("cls, kwargs, reference", CASES, ids=IDS)
def test_config_round_trip_and_serialization(cls, kwargs, reference):
    schedule = cls(**kwargs)
    config = schedule.get_config()
    assert {k: v for k, v in config.items() if k in kwargs} == kwargs
    assert "name" in config
    assert cls.from_config(config).get_config() == config
    serialized = schedules.serialize(schedule)
    assert serialized["module"] == "keras.optimizers.schedules"
    assert serialized["class_name"] == cls.__name__
    restored = schedules.deserialize(serialized)
    assert type(restored) is cls and restored.get_config() == config


def test_default_names_and_config_keys():
    assert list(schedules.CosineDecay(0.1, 10).get_config()) == [
        "initial_learning_rate", "decay_steps", "alpha", "name", "warmup_target", "warmup_steps"]
    assert schedules.CosineDecayRestarts(0.1, 10).get_config()["name"] == "SGDRDecay"
    assert schedules.PiecewiseConstantDecay([1], [0.1, 0.2]).get_config()["name"] == "PiecewiseConstant"


@pytest.mark.parametrize("build, match", [
    (lambda: schedules.ExponentialDecay(0.1, 0, 0.5), "decay_steps"),
    (lambda: schedules.InverseTimeDecay(0.1, -1, 0.5), "decay_steps"),
    (lambda: schedules.PolynomialDecay(0.1, 0), "decay_steps"),
    (lambda: schedules.CosineDecay(0.1, 0), "decay_steps"),
    (lambda: schedules.CosineDecayRestarts(0.1, 0), "first_decay_steps"),
    (lambda: schedules.PiecewiseConstantDecay([1, 2], [0.1, 0.2]), "1 less than"),
])
def test_invalid_arguments(build, match):
    with pytest.raises(ValueError, match=match):
        build()


def test_base_class_must_be_subclassed():
    with pytest.raises(NotImplementedError):
        schedules.LearningRateSchedule()(0)
    with pytest.raises(NotImplementedError):
        schedules.LearningRateSchedule().get_config()


def test_optimizer_config_holds_a_serialized_schedule():
    from multikeras import optimizers

    schedule = schedules.PolynomialDecay(0.1, 5)
    config = optimizers.SGD(learning_rate=schedule).get_config()
    assert config["learning_rate"]["class_name"] == "PolynomialDecay"
    restored = optimizers.SGD.from_config(config)
    assert isinstance(restored._learning_rate, schedules.PolynomialDecay)
    assert restored._learning_rate.get_config() == schedule.get_config()
