"""`name_scope` and variable paths: the same ``variable.path`` strings as Keras 3, on every backend."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import pathlib
import subprocess
import sys
import threading

import numpy as np
import pytest
from path_scenarios import scenario_paths

import multikeras as mk
from multikeras.state import current_path, name_scope

SCENARIOS = pathlib.Path(__file__).parent / "path_scenarios.py"


@pytest.fixture(scope="module")
def keras_paths(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Keras 3's paths for the scenarios, computed in a subprocess (the test process never imports Keras)."""
    if importlib.util.find_spec("keras") is None:  # looked up, not imported
        pytest.skip("Keras 3 is not installed (pip install -e '.[keras-interop]')")
    workdir = tmp_path_factory.mktemp("keras_paths")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("KERAS_", "MULTIKERAS_"))}
    env.update(KERAS_BACKEND="numpy", KERAS_HOME=str(workdir / "keras_home"), TF_CPP_MIN_LOG_LEVEL="3")
    done = subprocess.run([sys.executable, str(SCENARIOS), str(workdir)], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_paths_equal_keras(backend_name, keras_paths, tmp_path):
    with mk.backend.use(backend_name):
        ours = scenario_paths(mk, str(tmp_path))
    assert ours == keras_paths


def test_paths_of_common_programs(backend_name, tmp_path):
    """The Keras 3 paths, written out (they hold without Keras installed too)."""
    with mk.backend.use(backend_name):
        paths = scenario_paths(mk, str(tmp_path))
    assert paths["variable_top"] == ["w", "variable", "variable_1"]
    assert paths["variable_in_scopes"] == ["outer/v", "outer/outer/v", "x/y/b/v", "x/y/b/c/v", "c/v"]
    assert paths["caller_deduplication"] == ["a/v", "a/a/v", "a/a/v", "a/a/v"]
    assert paths["sequential_build"] == ["seq/d1/kernel", "seq/d1/bias", "seq/d2/kernel", "seq/d2/bias"]
    assert paths["sequential_call"] == ["seq_called/d2/kernel", "seq_called/d2/bias"]
    assert paths["layer_path"] == ["seq/d2", "seq"]
    assert paths["functional"] == ["f1/kernel", "f1/bias", "f2/kernel", "f2/bias", "fm"]
    assert paths["built_in_scope"] == ["sc2/de/kernel", "sc2/de/bias"]
    assert paths["created_in_scope_built_outside"] == ["dd/kernel", "dd/bias"]
    assert paths["custom_layer_build"] == ["outer/k", "outer/in/kernel", "outer/in/bias"]
    assert paths["sub_layer_built_by_call"] == ["lazy/early", "lazy/lazy_in/kernel", "lazy/lazy_in/bias"]
    assert paths["adam"][:4] == ["adam/iteration", "adam/learning_rate", "adam/seq_d1_kernel_momentum",
                                 "adam/seq_d1_kernel_velocity"]
    assert paths["adam"][-2:] == ["adam/seq_d2_bias_momentum", "adam/seq_d2_bias_velocity"]
    assert paths["sgd_built_in_scope"][1:3] == ["sgd_in_scope/learning_rate", "opt_scope/sgd_in_scope/f1_kernel_momentum"]
    assert paths["metric"] == ["mm/total", "mm/count"]
    assert paths["metric_in_scope"] == ["ms/mm2/total", "ms/mm2/count"]
    assert paths["seed_generators"] == ["seed_generator/seed_generator_state", "seed_generator_1/seed_generator_state",
                                        "mysg/seed_generator_state"]
    assert paths["dtype_policy_map"] == ["float32", "float16", "float16", "float16", "float32"]
    assert paths["loaded_sequential"] == ["d1/kernel", "d1/bias", "d2/kernel", "d2/bias"]


def test_name_must_be_a_string_without_slash():
    with pytest.raises(ValueError, match="cannot contain character `/`"):
        name_scope("a/b")
    with pytest.raises(ValueError, match="must be a string"):
        name_scope(3)


def test_scope_closes_on_error_and_nests_when_reentered(backend_name):
    with mk.backend.use(backend_name):
        with pytest.raises(KeyError):
            with name_scope("failing"):
                raise KeyError("x")
        assert current_path() == ""
        scope = name_scope("x")
        with scope:
            with scope:  # the same object entered twice: two levels, closed one at a time
                assert mk.Variable(1.0, name="v").path == "x/x/v"
            assert current_path() == "x"
        assert current_path() == ""
        with name_scope("a"), name_scope(""):
            assert mk.Variable(1.0, name="v").path == "a//v"  # an empty name is an empty component


def test_threads_and_tasks_have_their_own_scopes():
    seen: list[str] = []
    with name_scope("main"):
        thread = threading.Thread(target=lambda: seen.append(current_path()))
        thread.start()
        thread.join()

    async def task(name: str) -> str:
        with name_scope(name):
            await asyncio.sleep(0)
            return current_path()

    async def both() -> list[str]:
        return list(await asyncio.gather(task("t1"), task("t2")))

    assert seen == [""]
    assert asyncio.run(both()) == ["t1", "t2"]


def test_layer_path_is_fixed_where_the_layer_first_opens_its_scope(backend_name):
    with mk.backend.use(backend_name):
        dense = mk.layers.Dense(2, name="fixed")
        assert dense.path is None
        with name_scope("first"):
            dense(np.ones((1, 3), "float32"))
        with name_scope("second"):
            dense(np.ones((1, 3), "float32"))
            extra = dense.add_weight(shape=(), name="extra")
        assert dense.path == "first/fixed"
        assert [v.path for v in dense.weights] == ["first/fixed/kernel", "first/fixed/bias", "first/fixed/extra"]
        assert extra.path == "first/fixed/extra"


def test_dtype_policy_map_applies_by_layer_path(backend_name):
    with mk.backend.use(backend_name):
        policies = mk.dtype_policies.DTypePolicyMap("float32", {"net/half": "float16", "net/b.*": "bfloat16"})
        half = mk.layers.Dense(2, name="half", dtype=policies)
        by_pattern = mk.layers.Dense(2, name="b1", dtype=policies)
        other = mk.layers.Dense(2, name="other", dtype=policies)
        assert half.compute_dtype == "float32"  # no path before it is built: the default policy
        model = mk.Sequential([half, by_pattern, other], name="net")
        model.build((None, 3))
        assert (half.compute_dtype, half.variable_dtype, half.kernel.dtype) == ("float16", "float16", "float16")
        assert (by_pattern.compute_dtype, by_pattern.kernel.dtype) == ("bfloat16", "bfloat16")
        assert (other.compute_dtype, other.kernel.dtype) == ("float32", "float32")
        assert half.dtype_policy is policies  # the layer keeps the map
        output = model(np.ones((1, 3), "float32"))
        assert mk.backend.standardize_dtype(output.dtype) == "float32"
        # Setting a policy on a built layer with a map sets its entry in the map.
        other.dtype_policy = "float16"
        assert policies["net/other"].name == "float16" and other.compute_dtype == "float16"


def test_a_leaf_layer_given_a_sub_layer_later_builds_it_in_its_scope(backend_name):
    """Built leaf layers skip opening their scope on calls; assigning a sub-layer turns that off again."""

    class Grows(mk.layers.Layer):
        def call(self, x):
            return self.extra(x) if hasattr(self, "extra") else x

    with mk.backend.use(backend_name):
        layer = Grows(name="grows")
        x = np.ones((1, 3), "float32")
        layer(x)
        layer(x)
        layer.extra = mk.layers.Dense(2, name="extra")
        with name_scope("elsewhere"):
            layer(x)
        assert [v.path for v in layer.weights] == ["grows/extra/kernel", "grows/extra/bias"]
        with name_scope("elsewhere"):
            late = layer.add_weight(shape=(), name="late")  # add_weight opens the layer's own scope
        assert late.path == "grows/late"


def test_variable_path_is_read_only(backend_name):
    with mk.backend.use(backend_name), mk.name_scope("scope"):
        variable = mk.Variable(1.0, name="v")
    with pytest.raises(AttributeError):
        variable.path = "elsewhere/v"
    assert variable.path == "scope/v"
