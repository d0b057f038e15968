"""`ScheduleFreeAdamW` against values recorded from Keras 3.15.1 (JAX backend), on every trainable backend.

The pinned numbers are Keras 3's `ScheduleFreeAdamW.apply` on the weights [1, -2, 0.5] with the gradients in
`GRADS`, read after each step: the variable (which holds y, the gradient point) and the `momentum` slot (z).
Keras 3.15.1 on torch and tensorflow leaves x rather than y in the variable from step 2 on (its JAX eager and
`stateless_apply` paths agree with each other and with the published algorithm); multikeras has the JAX
semantics on every backend.
"""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, optimizers
from optimizers.fit_check import assert_fit_halves_the_loss

WEIGHTS = np.array([1.0, -2.0, 0.5], "float32")
GRADS = [[0.5, -1.0, 2.0], [-0.3, 0.2, 1.0], [1.0, 1.0, -1.0], [0.1, 0.1, 0.1], [0.2, -0.4, 0.3]]

# (kwargs, [(variable, momentum slot) after each step]) recorded from Keras 3.15.1, KERAS_BACKEND=jax.
KERAS_RECORDED = {
    "base": ({"learning_rate": 0.1}, [
        ([0.8999999761581421, -1.899999976158142, 0.4000000059604645],
         [0.8999999761581421, -1.899999976158142, 0.4000000059604645]),
        ([0.9400229454040527, -1.9152576923370361, 0.3652098476886749],
         [0.972769021987915, -1.927741289138794, 0.33674517273902893]),
        ([0.8911042809486389, -1.9679261445999146, 0.38401302695274353],
         [0.8231840133666992, -2.0490095615386963, 0.40747377276420593]),
        ([0.8685300946235657, -1.9927380084991455, 0.38722550868988037],
         [0.8059713840484619, -2.062981605529785, 0.3993115723133087]),
    ]),
    "warmup": ({"learning_rate": 0.1, "warmup_steps": 3}, [
        ([0.9666666388511658, -1.9666666984558105, 0.46666666865348816],
         [0.9666666388511658, -1.9666666984558105, 0.46666666865348816]),
        ([0.9933485984802246, -1.97683846950531, 0.443473219871521],
         [1.0151792764663696, -1.9851609468460083, 0.42449676990509033]),
        ([0.9407914876937866, -2.0281198024749756, 0.46543917059898376],
         [0.8655942678451538, -2.106429100036621, 0.49522536993026733]),
        ([0.9163981676101685, -2.0522382259368896, 0.4702329933643341],
         [0.8483816385269165, -2.12040114402771, 0.4870631694793701]),
        ([0.89217209815979, -2.049017906188965, 0.46598854660987854],
         [0.8104427456855774, -2.0602123737335205, 0.45988285541534424]),
    ]),
    "weight_decay": ({"learning_rate": 0.1, "weight_decay": 0.5}, [
        ([0.8999999761581421, -1.899999976158142, 0.4000000059604645], None),
        ([0.9175229072570801, -1.8677576780319214, 0.3552098572254181], None),
        ([0.8455201387405396, -1.874000906944275, 0.36550605297088623], None),
        ([0.8026350140571594, -1.8520190715789795, 0.3596388101577759], None),
    ]),
    "epsilon": ({"learning_rate": 0.1, "epsilon": 0.1}, [
        ([0.9166666865348816, -1.9090908765792847, 0.4047619104385376], None),
        ([0.9488766193389893, -1.9224900007247925, 0.3720414936542511], None),
        ([0.9056128859519958, -1.9694052934646606, 0.38954031467437744], None),
        ([0.8857145309448242, -1.991439700126648, 0.39253440499305725], None),
    ]),
    "betas": ({"learning_rate": 0.1, "beta_1": 0.5, "beta_2": 0.9}, [
        ([0.8999999761581421, -1.899999976158142, 0.4000000059604645], None),
        ([0.9552590847015381, -1.92132568359375, 0.3517986536026001], None),
        ([0.8645275831222534, -2.0044703483581543, 0.39485037326812744], None),
        ([0.8447510600090027, -2.024717092514038, 0.3928404450416565], None),
    ]),
    "schedule": ({"learning_rate": ("ExponentialDecay", 0.1, 1, 0.5)}, [
        ([0.8999999761581421, -1.899999976158142, 0.4000000059604645], None),
        ([0.9200115203857422, -1.9076287746429443, 0.3826049268245697], None),
        ([0.9105106592178345, -1.9218361377716064, 0.3849336504936218], None),
        ([0.9069308638572693, -1.9279916286468506, 0.3848823308944702], None),
    ]),
}


def _make(kwargs):
    kwargs = dict(kwargs)
    rate = kwargs.get("learning_rate")
    if isinstance(rate, tuple):
        kwargs["learning_rate"] = getattr(optimizers.schedules, rate[0])(*rate[1:])
    return optimizers.ScheduleFreeAdamW(**kwargs)


@pytest.mark.parametrize("case", sorted(KERAS_RECORDED))
def test_steps_match_keras(trainable_backend_name, case):
    kwargs, expected = KERAS_RECORDED[case]
    with mk.backend.use(trainable_backend_name):
        w = mk.Variable(WEIGHTS, name="w")
        optimizer = _make(kwargs)
        for step, (grads, (want_y, want_z)) in enumerate(zip(GRADS, expected)):
            optimizer.apply([mk.ops.convert_to_tensor(np.array(grads, "float32"))], [w])
            got = w.numpy()
            assert got.dtype == np.float32
            np.testing.assert_allclose(got, want_y, rtol=1e-5, atol=2e-6, err_msg=f"{case} step {step}: variable")
            if want_z is not None:
                np.testing.assert_allclose(optimizer._momentums[0].numpy(), want_z, rtol=1e-5, atol=2e-6,
                                           err_msg=f"{case} step {step}: momentum slot")
        assert int(optimizer.iterations.numpy()) == len(expected)


def test_stateless_apply_matches_apply(trainable_backend_name):
    kwargs, expected = KERAS_RECORDED["base"]
    with mk.backend.use(trainable_backend_name):
        w = mk.Variable(WEIGHTS, name="w")
        optimizer = _make(kwargs)
        optimizer.build([w])
        state, values = [v.value for v in optimizer.variables], [w.value]
        for grads, (want_y, _) in zip(GRADS, expected):
            values, state = optimizer.stateless_apply(state, [mk.ops.convert_to_tensor(np.array(grads, "float32"))],
                                                      values)
            np.testing.assert_allclose(mk.ops.convert_to_numpy(values[0]), want_y, rtol=1e-5, atol=2e-6)
        np.testing.assert_allclose(w.numpy(), WEIGHTS)  # stateless: the variable itself is untouched


def test_slots_match_keras_names_order_and_initial_values():
    with mk.backend.use("numpy"):
        kernel = mk.Variable(np.ones((2, 3), "float32"), name="kernel")
        bias = mk.Variable(np.array([1.0, 2.0, 3.0], "float32"), name="bias")
        optimizer = optimizers.ScheduleFreeAdamW(name="sf")
        optimizer.build([kernel, bias])
        assert [v.path for v in optimizer.variables] == [
            "sf/iteration", "sf/learning_rate", "sf/kernel_momentum", "sf/kernel_velocity", "sf/bias_momentum",
            "sf/bias_velocity"]
        # z starts at the weights (as Keras 3), v at zero; the slot is a copy, not the weights' own array.
        np.testing.assert_array_equal(optimizer.variables[4].numpy(), [1.0, 2.0, 3.0])
        np.testing.assert_array_equal(optimizer.variables[5].numpy(), [0.0, 0.0, 0.0])
        bias.assign([9.0, 9.0, 9.0])
        np.testing.assert_array_equal(optimizer.variables[4].numpy(), [1.0, 2.0, 3.0])


def test_beta_1_zero_stays_finite():
    # y = z when beta_1 = 0 (Keras 3.15.1 divides by beta_1 there and returns NaN).
    with mk.backend.use("numpy"):
        w = mk.Variable(WEIGHTS, name="w")
        optimizer = optimizers.ScheduleFreeAdamW(learning_rate=0.1, beta_1=0.0)
        for grads in GRADS[:3]:
            optimizer.apply([np.array(grads, "float32")], [w])
        np.testing.assert_allclose(w.numpy(), optimizer._momentums[0].numpy())
        assert np.isfinite(w.numpy()).all()


def test_config_matches_keras_and_round_trips():
    optimizer = optimizers.ScheduleFreeAdamW(learning_rate=0.01, beta_1=0.8, beta_2=0.99, epsilon=1e-6,
                                             warmup_steps=10, weight_decay=0.1, name="sf")
    config = optimizer.get_config()
    # Keras 3.15.1's keys: the shared optimizer ones, then beta_1, beta_2, epsilon, warmup_steps.
    assert list(config) == ["name", "learning_rate", "weight_decay", "clipnorm", "global_clipnorm", "clipvalue",
                            "use_ema", "ema_momentum", "ema_overwrite_frequency", "loss_scale_factor",
                            "gradient_accumulation_steps", "beta_1", "beta_2", "epsilon", "warmup_steps"]
    default = optimizers.ScheduleFreeAdamW().get_config()
    assert (default["learning_rate"], default["beta_1"], default["beta_2"], default["epsilon"],
            default["warmup_steps"], default["weight_decay"]) == (pytest.approx(0.0025), 0.9, 0.999, 1e-8, 0, None)
    restored = optimizers.deserialize(optimizers.serialize(optimizer))
    assert type(restored) is optimizers.ScheduleFreeAdamW
    assert restored.get_config() == config
    assert type(optimizers.get("schedulefreeadamw")) is optimizers.ScheduleFreeAdamW


@pytest.mark.parametrize("kwargs", [
    {"beta_1": 1.5}, {"beta_1": -0.1}, {"beta_1": "0.9"}, {"beta_2": 1.0}, {"beta_2": -0.5}, {"epsilon": -1.0},
    {"warmup_steps": -1}, {"warmup_steps": 1.5}, {"warmup_steps": True}, {"learning_rate": "fast"}, {"foo": 1},
])
def test_bad_arguments_raise(kwargs):
    with pytest.raises(ValueError, match="ScheduleFreeAdamW"):
        optimizers.ScheduleFreeAdamW(**kwargs)


def test_fit_decreases_the_loss(trainable_backend_name):
    assert_fit_halves_the_loss(trainable_backend_name, lambda: optimizers.ScheduleFreeAdamW(learning_rate=0.05, warmup_steps=2))


_KERAS_SAVER = """
import sys, numpy as np, keras
keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
model.compile(optimizer=keras.optimizers.ScheduleFreeAdamW(learning_rate=0.1, warmup_steps=2), loss="mse")
x = np.arange(12, dtype="float32").reshape(4, 3) / 10.0
for _ in range(3):
    model.train_on_batch(x, np.ones((4, 2), "float32"))
model.save(sys.argv[1] + "/model.keras")
np.savez(sys.argv[1] + "/state.npz", *[np.asarray(v.numpy()) for v in model.optimizer.variables],
         weights=np.asarray(model.layers[0].kernel.numpy()))
print("|".join(v.path for v in model.optimizer.variables))
"""


def test_loads_a_keras_saved_model_with_its_optimizer_state(tmp_path):
    """A `.keras` file Keras 3 wrote (in a subprocess, JAX backend) loads with every slot in place."""
    import os
    import subprocess
    import sys

    pytest.importorskip("keras")
    env = {**os.environ, "KERAS_BACKEND": "jax", "JAX_PLATFORMS": "cpu"}
    done = subprocess.run([sys.executable, "-c", _KERAS_SAVER, str(tmp_path)], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    keras_paths = done.stdout.strip().splitlines()[-1].split("|")
    state = np.load(tmp_path / "state.npz")
    with mk.backend.use("jax"):
        model = mk.saving.load_model(tmp_path / "model.keras")
        optimizer = model.optimizer
        assert type(optimizer) is optimizers.ScheduleFreeAdamW
        assert optimizer.warmup_steps == 2
        ours = optimizer.variables
        # Same slots in the same order (the file stores them by position): iteration, learning_rate, then
        # momentum and velocity per weight.
        assert [v.path.rsplit("_", 1)[-1] for v in ours] == [p.rsplit("_", 1)[-1] for p in keras_paths]
        assert [p.rsplit("_", 1)[-1] for p in keras_paths][2:] == ["momentum", "velocity"] * 2
        for i, variable in enumerate(ours):
            np.testing.assert_allclose(variable.numpy(), state[f"arr_{i}"], rtol=1e-6, atol=1e-7)
        np.testing.assert_allclose(model.layers[0].kernel.numpy(), state["weights"], rtol=1e-6, atol=1e-7)
