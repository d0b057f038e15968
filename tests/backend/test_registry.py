"""Plug-in discovery and loading: cheap specs, lazy loads, failures reported not fatal."""

from __future__ import annotations

import gc
import sys
import types
import warnings
from collections.abc import Iterator

import pytest

from multikeras.backend import (
    CONTRACT_VERSION,
    Backend,
    BackendLoadError,
    BackendNotFoundError,
    BackendSpec,
    Capabilities,
)
from multikeras.backend.registry import BackendRegistry

LOADERS = "mk_test_registry_loaders"


@pytest.fixture
def loaders() -> Iterator[types.ModuleType]:
    """A module the specs below can name as their loader (``mk_test_registry_loaders:NAME``)."""
    module = types.ModuleType(LOADERS)
    module.good = lambda: Backend("good", "1.0", Capabilities(), {"add": lambda a, b: a + b})
    module.crashing = lambda: (_ for _ in ()).throw(RuntimeError("framework exploded"))
    module.not_a_backend = lambda: "I am a string"
    module.old_contract = lambda: Backend("old", "1.0", Capabilities(), {}, contract_version=CONTRACT_VERSION - 1)
    sys.modules[LOADERS] = module
    yield module
    del sys.modules[LOADERS]


def empty_registry() -> BackendRegistry:
    """A registry reading an entry-point group nobody registers in."""
    return BackendRegistry("mk_test_group_without_plugins")


def test_builtin_plugins_are_discovered_through_entry_points():
    registry = BackendRegistry()
    assert {"numpy", "jax", "torch", "tensorflow"} <= set(registry.specs())
    assert "numpy" in registry.available()
    assert registry.available() == sorted(registry.available())


def test_available_and_unavailable_partition_the_specs():
    registry = BackendRegistry()
    available, unavailable = set(registry.available()), set(registry.unavailable())
    assert not available & unavailable
    assert available | unavailable >= set(registry.specs())


def test_spec_with_missing_framework_is_unavailable_with_reason():
    registry = empty_registry()
    registry.register(BackendSpec("needs_it", "x:load", requires=("mk_no_such_module_xyz",)))
    assert "needs_it" not in registry.available()
    assert registry.unavailable() == {"needs_it": "framework module 'mk_no_such_module_xyz' is not installed"}


def test_several_missing_modules_are_all_named():
    registry = empty_registry()
    registry.register(BackendSpec("needs_two", "x:load", requires=("mk_missing_one", "mk_missing_two")))
    reason = registry.unavailable()["needs_two"]
    assert "'mk_missing_one'" in reason and "'mk_missing_two'" in reason and "are not installed" in reason


def test_loading_an_uninstalled_backend_names_the_install_hint():
    registry = empty_registry()
    registry.register(
        BackendSpec("needs_it", "x:load", requires=("mk_no_such_module_xyz",), install_hint="pip install needs-it")
    )
    with pytest.raises(BackendNotFoundError, match="Install it with: pip install needs-it") as raised:
        registry.load("needs_it")
    assert "not installed" in str(raised.value)


def test_unknown_name_is_reported_with_the_available_ones(loaders):
    registry = empty_registry()
    registry.register(BackendSpec("good", f"{LOADERS}:good"))
    with pytest.raises(BackendNotFoundError, match=r"Unknown backend 'nope'\. Available backends: good\."):
        registry.load("nope")


def test_unknown_builtin_name_gives_the_pip_extra():
    with pytest.raises(BackendNotFoundError, match=r"pip install 'multikeras\[torch\]'"):
        empty_registry().load("torch")


def test_load_is_lazy_and_cached(loaders):
    registry = empty_registry()
    registry.register(BackendSpec("good", f"{LOADERS}:good"))
    assert registry.loaded() == []
    first = registry.load("good")
    assert isinstance(first, Backend) and first.name == "good"
    assert registry.load("good") is first
    assert registry.loaded() == ["good"]


@pytest.mark.parametrize(
    ("loader", "reason"),
    [
        ("crashing", "loading failed: RuntimeError: framework exploded"),
        ("not_a_backend", "returned str, expected a multikeras.backend.Backend"),
        ("old_contract", f"contract version {CONTRACT_VERSION - 1}"),
    ],
)
def test_failed_load_is_reported_and_marks_the_backend_unavailable(loaders, loader, reason):
    registry = empty_registry()
    registry.register(BackendSpec("flaky", f"{LOADERS}:{loader}"))
    assert "flaky" in registry.available()
    with pytest.warns(UserWarning, match="backend 'flaky' is unavailable"):
        with pytest.raises(BackendLoadError) as raised:
            registry.load("flaky")
    assert isinstance(raised.value, BackendNotFoundError)
    assert reason in str(raised.value)
    assert "flaky" not in registry.available()
    assert reason in registry.unavailable()["flaky"]
    # Asking again gives the same answer without trying to load again.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(BackendNotFoundError, match="not available"):
            registry.load("flaky")


def test_register_keeps_the_first_spec_of_a_name(loaders):
    registry = empty_registry()
    registry.register(BackendSpec("good", f"{LOADERS}:good", description="first"))
    registry.register(BackendSpec("good", "elsewhere:load", description="second"))
    assert registry.specs()["good"].description == "first"


def test_default_name_is_the_lowest_ranked_available_backend():
    registry = empty_registry()
    registry.register(BackendSpec("slow", "x:load", default_rank=5))
    registry.register(BackendSpec("fast", "x:load", default_rank=2))
    registry.register(BackendSpec("best_but_missing", "x:load", default_rank=0, requires=("mk_no_such_module_xyz",)))
    registry.register(BackendSpec("never_default", "x:load", default_rank=None))
    assert registry.default_name() == "fast"


def test_no_backend_at_all_says_how_to_install_one():
    registry = empty_registry()
    registry.register(BackendSpec("missing", "x:load", default_rank=0, requires=("mk_no_such_module_xyz",)))
    with pytest.raises(BackendNotFoundError, match=r"No multikeras backend is available.*pip install"):
        registry.default_name()


def test_builtin_default_ranks_follow_the_documented_order():
    specs = BackendRegistry().specs()
    ranks = [specs[name].default_rank for name in ("jax", "torch", "tensorflow", "numpy")]
    assert ranks == sorted(ranks)
    assert None not in ranks


def test_spec_load_calls_the_named_factory(loaders):
    backend = BackendSpec("good", f"{LOADERS}:good").load()
    assert backend.name == "good" and backend.add(2, 3) == 5


@pytest.fixture
def collector_state() -> Iterator[None]:
    """Restore the cyclic garbage collector's state after a test that changes it."""
    was_enabled = gc.isenabled()
    yield
    (gc.enable if was_enabled else gc.disable)()


@pytest.mark.parametrize("enabled_before", [True, False])
def test_spec_load_builds_with_the_collector_paused_and_restores_it(loaders, collector_state, enabled_before):
    seen = []

    def factory():
        seen.append(gc.isenabled())
        return loaders.good()

    loaders.recording = factory
    (gc.enable if enabled_before else gc.disable)()
    backend = BackendSpec("good", f"{LOADERS}:recording").load()
    assert backend.name == "good"
    assert seen == [False]
    assert gc.isenabled() is enabled_before


def test_spec_load_restores_the_collector_when_the_factory_fails(loaders, collector_state):
    gc.enable()
    with pytest.raises(RuntimeError, match="framework exploded"):
        BackendSpec("crashing", f"{LOADERS}:crashing").load()
    assert gc.isenabled()


def test_spec_reports_missing_requirements_without_importing():
    spec = BackendSpec("mixed", "x:load", requires=("json", "mk_no_such_module_xyz"))
    assert spec.missing_requirements() == ["mk_no_such_module_xyz"]


def test_discovery_imports_no_framework(run_python):
    result = run_python(
        """
        import sys
        from multikeras.backend.registry import BackendRegistry
        registry = BackendRegistry()
        print(registry.available(), registry.unavailable())
        loaded = sorted({"torch", "jax", "tensorflow"} & set(sys.modules))
        assert not loaded, loaded
        """
    )
    assert result.returncode == 0, result.stderr


def test_every_builtin_backend_is_installed_in_the_test_environment():
    # The suite runs every built-in backend (README: `pip install -e ".[all,test]"`);
    # a framework that failed to install must fail here, not shrink the suite silently.
    import multikeras as mk

    missing = {name: mk.backend.unavailable().get(name, "not discovered")
               for name in ("jax", "numpy", "tensorflow", "torch") if name not in mk.backend.available()}
    assert not missing, missing
