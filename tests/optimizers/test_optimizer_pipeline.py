"""The shared pipeline of `Optimizer`: clipping, weight decay, EMA, accumulation, loss scale, state and errors."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import multikeras as mk
from multikeras import optimizers
from optimizers.references import ReferenceOptimizer
from optimizers.test_optimizer_updates import WEIGHTS, assert_matches_reference, run_steps

RNG = np.random.default_rng(3)
GRADS = [[RNG.normal(size=w.shape).astype("float32") * 2.0 for w in WEIGHTS] for _ in range(6)]

PIPELINE_CASES = [
    ("SGD", {"learning_rate": 0.1, "clipnorm": 0.5}),
    ("SGD", {"learning_rate": 0.1, "clipvalue": 0.3}),
    ("Adam", {"learning_rate": 0.1, "global_clipnorm": 1.0}),
    ("SGD", {"learning_rate": 0.1, "momentum": 0.5, "weight_decay": 0.2}),
    ("Adam", {"learning_rate": 0.1, "weight_decay": 0.2}),
    ("Adam", {"learning_rate": 0.1, "use_ema": True, "ema_momentum": 0.7}),
    ("SGD", {"learning_rate": 0.1, "use_ema": True, "ema_momentum": 0.5, "ema_overwrite_frequency": 2}),
    ("Adam", {"learning_rate": 0.1, "gradient_accumulation_steps": 3}),
    ("SGD", {"learning_rate": 0.1, "momentum": 0.5, "gradient_accumulation_steps": 2, "loss_scale_factor": 3.0}),
    ("Adam", {"learning_rate": 0.1, "loss_scale_factor": 4.0}),
    ("Adam", {"learning_rate": 0.1, "gradient_accumulation_steps": 2, "use_ema": True, "ema_momentum": 0.5,
              "ema_overwrite_frequency": 2, "weight_decay": 0.1, "clipnorm": 1.0}),
]


@pytest.mark.parametrize("class_name, kwargs", PIPELINE_CASES, ids=[f"{c}-{i}" for i, (c, _) in enumerate(PIPELINE_CASES)])
def test_pipeline_arguments_match_numpy_reference(backend_name, class_name, kwargs):
    history, optimizer = run_steps(backend_name, class_name, kwargs, grads=GRADS)
    assert_matches_reference(history, ReferenceOptimizer(class_name, WEIGHTS, **kwargs), grads=GRADS)
    if kwargs.get("use_ema") and not kwargs.get("ema_overwrite_frequency"):
        # The averages are kept apart until finalize_variable_values writes them into the weights.
        reference = ReferenceOptimizer(class_name, WEIGHTS, **kwargs)
        for step_grads in GRADS:
            reference.apply(step_grads)
        with mk.backend.use(backend_name):
            variables = optimizer._trainable_variables
            optimizer.finalize_variable_values(variables)
            for variable, average in zip(variables, reference.averages):
                np.testing.assert_allclose(variable.numpy(), average, rtol=1e-4, atol=2e-5)


def test_gradient_accumulation_counts_updates_and_sees_every_step_in_schedules(backend_name):
    seen = []

    def schedule_fn(step):
        seen.append(step)
        return 0.1 / (1.0 + mk.ops.cast(step, "float32"))

    schedule = _CallableSchedule(schedule_fn)
    history, optimizer = run_steps(backend_name, "Adam", {"learning_rate": schedule, "gradient_accumulation_steps": 2},
                                   grads=GRADS)
    reference = ReferenceOptimizer("Adam", WEIGHTS, learning_rate=lambda calls: 0.1 / (1.0 + calls),
                                   gradient_accumulation_steps=2)
    assert_matches_reference(history, reference, grads=GRADS)
    with mk.backend.use(backend_name):
        assert int(mk.ops.convert_to_numpy(optimizer.iterations)) == 3
        assert int(optimizer._iterations.numpy()) == 6


class _CallableSchedule(optimizers.schedules.LearningRateSchedule):
    def __init__(self, fn):
        self.fn = fn

    def __call__(self, step):
        return self.fn(step)

    def get_config(self):
        return {}


def test_exclude_from_weight_decay_by_name_and_by_variable(backend_name):
    grads = GRADS[:2]
    for setup in (lambda opt, vs: opt.exclude_from_weight_decay(var_names=["bias"]),
                  lambda opt, vs: opt.exclude_from_weight_decay(var_list=[vs[1]])):
        history, _ = run_steps(backend_name, "AdamW", {"learning_rate": 0.1, "weight_decay": 0.5}, grads=grads,
                               setup=setup)
        reference = ReferenceOptimizer("AdamW", WEIGHTS, excluded=[1], learning_rate=0.1, weight_decay=0.5)
        assert_matches_reference(history, reference, grads=grads)


def test_schedule_and_callable_learning_rates(backend_name):
    schedule = optimizers.schedules.ExponentialDecay(0.1, decay_steps=1, decay_rate=0.5)
    history, optimizer = run_steps(backend_name, "SGD", {"learning_rate": schedule}, grads=GRADS[:3])
    reference = ReferenceOptimizer("SGD", WEIGHTS, learning_rate=lambda calls: 0.1 * 0.5**calls)
    assert_matches_reference(history, reference, grads=GRADS[:3])
    with mk.backend.use(backend_name):
        np.testing.assert_allclose(float(mk.ops.convert_to_numpy(optimizer.learning_rate)), 0.1 * 0.5**3, rtol=1e-6)
        assert [v.name for v in optimizer.variables] == ["iteration"]
        history, optimizer = run_steps(backend_name, "SGD", {"learning_rate": lambda: 0.25}, grads=GRADS[:1])
        assert float(mk.ops.convert_to_numpy(optimizer.learning_rate)) == 0.25
    np.testing.assert_allclose(history[0][0], WEIGHTS[0] - 0.25 * GRADS[0][0], rtol=1e-6)


def test_stateless_apply_equals_apply(backend_name):
    with mk.backend.use(backend_name):
        stateful = [mk.Variable(w) for w in WEIGHTS]
        stateless = [mk.Variable(w) for w in WEIGHTS]
        kwargs = {"learning_rate": 0.1, "use_ema": True, "gradient_accumulation_steps": 2, "weight_decay": 0.1}
        opt_a, opt_b = optimizers.Adam(**kwargs), optimizers.Adam(**kwargs)
        opt_a.build(stateful)
        opt_b.build(stateless)
        optimizer_values = [v.value for v in opt_b.variables]
        trainable_values = [v.value for v in stateless]
        for step_grads in GRADS[:3]:
            grads = [mk.ops.convert_to_tensor(g) for g in step_grads]
            opt_a.apply(grads, stateful)
            trainable_values, optimizer_values = opt_b.stateless_apply(optimizer_values, grads, trainable_values)
        for variable, value in zip(stateful, trainable_values):
            np.testing.assert_allclose(mk.ops.convert_to_numpy(value), variable.numpy(), rtol=1e-6, atol=1e-7)
        for variable, value in zip(opt_a.variables, optimizer_values):
            np.testing.assert_allclose(mk.ops.convert_to_numpy(value), variable.numpy(), rtol=1e-6, atol=1e-7)
        # Nothing of the stateless optimizer or its variables changed.
        assert int(opt_b.variables[0].numpy()) == 0
        np.testing.assert_array_equal(stateless[0].numpy(), WEIGHTS[0])


def test_compiled_stateless_apply_equals_eager(backend_name):
    with mk.backend.use(backend_name):
        eager_w, compiled_w = mk.Variable(WEIGHTS[1]), mk.Variable(WEIGHTS[1])
        # SGD with momentum keeps the compile small (torch.compile of Adam takes several seconds).
        eager_opt, compiled_opt = optimizers.SGD(0.1, momentum=0.9), optimizers.SGD(0.1, momentum=0.9)
        compiled_opt.build([compiled_w])
        step = mk.backend.jit(lambda state, grads, weights: compiled_opt.stateless_apply(state, grads, weights))
        state, weights = [v.value for v in compiled_opt.variables], [compiled_w.value]
        for step_grads in GRADS[:2]:
            grads = [mk.ops.convert_to_tensor(step_grads[1])]
            eager_opt.apply(grads, [eager_w])
            weights, state = step(state, grads, weights)
        np.testing.assert_allclose(mk.ops.convert_to_numpy(weights[0]), eager_w.numpy(), rtol=1e-5, atol=1e-6)
        assert int(mk.ops.convert_to_numpy(state[0])) == 2


def test_variables_order_names_and_iteration_dtype():
    with mk.backend.use("numpy"):
        kernel, bias = mk.Variable(np.zeros((2, 3)), name="kernel"), mk.Variable(np.zeros(3), name="bias")
        optimizer = optimizers.Adam(amsgrad=True, use_ema=True, gradient_accumulation_steps=2, name="opt")
        optimizer.build([kernel, bias])
        # Keras 3 order: iteration, learning rate, averages, accumulators, then per variable the slots interleaved.
        assert [v.path for v in optimizer.variables] == [
            "opt/iteration", "opt/learning_rate", "opt/kernel_average", "opt/bias_average",
            "opt/kernel_gradient_accumulator", "opt/bias_gradient_accumulator", "opt/kernel_momentum",
            "opt/kernel_velocity", "opt/bias_momentum", "opt/bias_velocity", "opt/kernel_velocity_hat",
            "opt/bias_velocity_hat",
        ]
        assert optimizer.variables[0].dtype == "int64"
        assert optimizer.variables[1].dtype == "float32"
        assert all(not v.trainable for v in optimizer.variables)
        assert optimizers.SGD().name.startswith("sgd")
        assert optimizers.AdamW().name.startswith("adam_w")
        assert optimizers.RMSprop().name.startswith("rm_sprop")


def test_learning_rate_variable_and_setter():
    with mk.backend.use("numpy"):
        optimizer = optimizers.SGD(learning_rate=0.5)
        assert isinstance(optimizer.learning_rate, mk.Variable)
        optimizer.learning_rate = 0.25
        assert float(optimizer.learning_rate) == 0.25
        w = mk.Variable([1.0])
        optimizer.apply([np.ones(1, "float32")], [w])
        assert w.numpy().tolist() == [0.75]
        # A schedule replaces the learning-rate variable.
        optimizer.learning_rate = optimizers.schedules.ExponentialDecay(1.0, 1, 0.5)
        assert "learning_rate" not in [v.name for v in optimizer.variables]
        with pytest.raises(TypeError, match="not settable"):
            optimizer.learning_rate = 0.1
        with pytest.raises(ValueError, match="learning_rate"):
            optimizers.SGD(learning_rate="fast")


def test_none_gradients_wrong_counts_and_unknown_variables():
    with mk.backend.use("numpy"):
        a, b, other = mk.Variable([1.0]), mk.Variable([2.0]), mk.Variable([3.0])
        optimizer = optimizers.SGD(learning_rate=0.5)
        optimizer.apply([], [a, b])  # an empty list is a no-op that does not build
        assert not optimizer.built
        with pytest.warns(UserWarning, match="do not exist"):
            optimizer.apply([np.ones(1, "float32"), None], [a, b])
        assert a.numpy().tolist() == [0.5] and b.numpy().tolist() == [2.0]
        assert int(optimizer.iterations) == 1
        with pytest.raises(ValueError, match="no gradients"):
            optimizer.apply([None, None], [a, b])
        with pytest.raises(ValueError, match="received 1 gradients for 2 variables"):
            optimizer.apply([np.ones(1, "float32")])
        with pytest.raises(ValueError, match="unknown variable"):
            optimizer.apply([np.ones(1, "float32")], [other])
        optimizer.apply_gradients([(np.ones(1, "float32"), b)])  # a subset of the built variables
        assert b.numpy().tolist() == [1.5]
        with pytest.raises(ValueError, match="built"):
            optimizers.SGD().apply([np.ones(1, "float32")])
        with pytest.raises(ValueError, match="built"):
            optimizers.SGD().stateless_apply([], [np.ones(1, "float32")], [a.value])
        with pytest.raises(ValueError, match="optimizer variable values"):
            optimizer.stateless_apply([], [np.ones(1, "float32")] * 2, [a.value, b.value])


def test_constraints_run_after_the_update():
    with mk.backend.use("numpy"):
        w = mk.Variable([1.0, -1.0])
        w.constraint = lambda x: mk.ops.maximum(x, 0.0)
        optimizers.SGD(learning_rate=1.0).apply([np.array([0.5, 0.5], "float32")], [w])
        assert w.numpy().tolist() == [0.5, 0.0]


def test_overwrite_with_gradient_variables_take_the_gradient():
    with mk.backend.use("numpy"):
        scale, w = mk.Variable([1.0]), mk.Variable([1.0])
        scale.overwrite_with_gradient = True
        optimizer = optimizers.SGD(learning_rate=0.5, gradient_accumulation_steps=2)
        for value in (3.0, 2.0):
            optimizer.apply([np.array([value], "float32"), np.ones(1, "float32")], [scale, w])
        # With accumulation the round's maximum, written on the update step.
        assert scale.numpy().tolist() == [3.0]
        assert w.numpy().tolist() == [0.5]


def test_save_load_and_set_weights():
    with mk.backend.use("numpy"):
        w = mk.Variable([1.0, 2.0])
        source = optimizers.Adam(0.1)
        source.apply([np.ones(2, "float32")], [w])
        store: dict = {}
        source.save_own_variables(store)
        target = optimizers.Adam(0.1)
        with pytest.warns(UserWarning, match="skipping"):
            target.load_own_variables(store)  # not built yet: counts differ
        target.build([mk.Variable([0.0, 0.0])])
        target.load_own_variables(store)
        for a, b in zip(source.variables, target.variables):
            np.testing.assert_array_equal(a.numpy(), b.numpy())
        target.set_weights([np.array(5), np.array(0.5, "float32"), np.ones(2), np.ones(2)])
        assert int(target.iterations) == 5
        with pytest.raises(ValueError, match="shape"):
            target.set_weights([np.array(5), np.array(0.5), np.ones(3), np.ones(2)])


def test_scale_loss():
    assert optimizers.SGD().scale_loss(2.0) == 2.0
    assert optimizers.SGD(loss_scale_factor=4.0).scale_loss(2.0) == 8.0


@pytest.mark.parametrize("kwargs, match", [
    ({"clipnorm": 1.0, "clipvalue": 1.0}, "only one of"),
    ({"gradient_accumulation_steps": 1}, "gradient_accumulation_steps"),
    ({"use_ema": True, "ema_momentum": 1.5}, "ema_momentum"),
    ({"use_ema": True, "ema_overwrite_frequency": 0}, "ema_overwrite_frequency"),
    ({"clipnorm": "big"}, "clipnorm"),
    ({"momentum": 1.5}, "momentum"),
    ({"foo": 1}, "not recognized"),
])
def test_invalid_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        optimizers.SGD(**kwargs)


def test_decay_argument_is_ignored_with_a_warning():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        optimizers.SGD(decay=0.1)
    assert any("decay" in str(w.message) for w in caught)
