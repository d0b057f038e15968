"""`LossScaleOptimizer`: unscaling, skipping non-finite steps, halving and growing the scale."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import optimizers
from optimizers.references import ReferenceOptimizer


@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")
def test_skip_halve_and_grow(backend_name):
    rng = np.random.default_rng(5)
    start = rng.normal(size=(3,)).astype("float32")
    grads = [rng.normal(size=(3,)).astype("float32") for _ in range(6)]
    bad_steps = {2: np.inf, 4: np.nan}
    reference = ReferenceOptimizer("Adam", [start], learning_rate=0.1)
    expected_scale, expected_counter, expected_iterations = 8.0, 0, 0
    with mk.backend.use(backend_name):
        w = mk.Variable(start)
        optimizer = optimizers.LossScaleOptimizer(optimizers.Adam(0.1), initial_scale=8.0, dynamic_growth_steps=2)
        for step, grad in enumerate(grads):
            scaled = grad * expected_scale
            if step in bad_steps:
                scaled = scaled.copy()
                scaled[1] = bad_steps[step]
                expected, expected_scale, expected_counter = reference.weights, expected_scale / 2, 0
            else:
                expected = reference.apply([grad])
                expected_iterations += 1
                expected_counter += 1
                if expected_counter == 2:
                    expected_scale, expected_counter = expected_scale * 2, 0
            optimizer.apply([mk.ops.convert_to_tensor(scaled)], [w])
            np.testing.assert_allclose(w.numpy(), expected[0], rtol=1e-4, atol=2e-5, err_msg=f"step {step}")
            assert float(optimizer.dynamic_scale.numpy()) == expected_scale
            assert int(optimizer.step_counter.numpy()) == expected_counter
            assert int(optimizer.iterations) == expected_iterations
            assert np.all(np.isfinite(optimizer.inner_optimizer.variables[2].numpy()))
        loss = optimizer.scale_loss(mk.ops.convert_to_tensor(1.5))
        assert float(mk.ops.convert_to_numpy(loss)) == 1.5 * expected_scale


def test_stateless_apply_skips_too():
    with mk.backend.use("numpy"):
        w = mk.Variable([1.0])
        optimizer = optimizers.LossScaleOptimizer(optimizers.SGD(0.5), initial_scale=4.0)
        optimizer.build([w])
        values = [v.value for v in optimizer.variables]
        (new_w,), new_values = optimizer.stateless_apply(values, [np.array([np.inf], "float32")], [w.value])
        assert new_w.tolist() == [1.0]
        assert [float(v) for v in new_values[2:4]] == [0.0, 2.0]
        (new_w,), new_values = optimizer.stateless_apply(new_values, [np.array([2.0], "float32")], [w.value])
        assert new_w.tolist() == [0.5]
        assert w.numpy().tolist() == [1.0]


def test_variables_delegation_and_config():
    with mk.backend.use("numpy"):
        inner = optimizers.SGD(0.25, momentum=0.5, loss_scale_factor=2.0)
        optimizer = optimizers.LossScaleOptimizer(inner, name="lso")
        assert inner.loss_scale_factor is None
        assert optimizer.scale_loss(1.0) == 2.0**15
        optimizer.build([mk.Variable([1.0], name="w")])
        names = [v.path for v in optimizer.variables]
        assert names[:4] == ["lso/iteration", "lso/learning_rate", "lso/step_counter", "lso/dynamic_scale"]
        assert names[4:] == [v.path for v in inner.variables]
        assert optimizer.learning_rate is inner.learning_rate
        optimizer.learning_rate = 0.125
        assert float(inner.learning_rate) == 0.125
        assert optimizer.iterations is inner.iterations
        config = optimizer.get_config()
        assert list(config) == ["name", "inner_optimizer", "initial_scale", "dynamic_growth_steps"]
        assert config["inner_optimizer"]["class_name"] == "SGD"
        restored = optimizers.deserialize(optimizers.serialize(optimizer))
        assert isinstance(restored, optimizers.LossScaleOptimizer)
        assert isinstance(restored.inner_optimizer, optimizers.SGD)
        assert restored.get_config() == config


@pytest.mark.parametrize("kwargs, match", [
    ({"clipnorm": 1.0}, "does not support 'clipnorm'"),
    ({"dynamic": False}, "dynamic=False"),
    ({"foo": 1}, "not recognized"),
    ({"dynamic_growth_steps": 0}, "dynamic_growth_steps"),
])
def test_invalid_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        optimizers.LossScaleOptimizer(optimizers.SGD(), **kwargs)
    with pytest.raises(ValueError, match="inner_optimizer"):
        optimizers.LossScaleOptimizer("sgd")
