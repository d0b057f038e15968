"""Backend selection: one precedence, context-local ``use``, clear errors for bad names."""

from __future__ import annotations

import asyncio
import threading

import pytest

import multikeras as mk
from multikeras import ops
from multikeras.backend import Backend, BackendNotFoundError, Capabilities, selection

pytestmark = pytest.mark.usefixtures("restore_global_state")


def tiny(name: str) -> Backend:
    """A framework-free backend whose ``add`` tags its result with the backend name."""
    return Backend(name, "0", Capabilities(trainable=False), {"add": lambda a, b: (name, a + b)})


# --- precedence: use > set_backend > MULTIKERAS_BACKEND > multikeras.json > default ----------

PRECEDENCE_SCRIPT = """
import json, multikeras as mk
SET_TO, USE = {set_to!r}, {use!r}
seen = {"configured": mk.backend.backend()}
if SET_TO:
    mk.backend.set_backend(SET_TO)
seen["after_set"] = mk.backend.backend()
if USE:
    with mk.backend.use(USE):
        seen["inside_use"] = mk.backend.backend()
        seen["op_inside_use"] = mk.ops.add(1, 2)[0]
seen["after_use"] = mk.backend.backend()
print(json.dumps(seen))
"""


@pytest.mark.parametrize(
    ("env", "file", "set_to", "use", "expected"),
    [
        # Each level beats every level below it.
        (None, "fake_d", None, None, {"configured": "fake_d"}),
        ("fake_c", "fake_d", None, None, {"configured": "fake_c"}),
        ("fake_c", "fake_d", "fake_b", None, {"configured": "fake_c", "after_set": "fake_b"}),
        (
            "fake_c",
            "fake_d",
            "fake_b",
            "fake_a",
            {"after_set": "fake_b", "inside_use": "fake_a", "op_inside_use": "fake_a", "after_use": "fake_b"},
        ),
        # A level that is absent falls through to the next one.
        (None, None, "fake_b", None, {"after_set": "fake_b"}),
        (None, "fake_d", None, "fake_a", {"configured": "fake_d", "inside_use": "fake_a", "after_use": "fake_d"}),
        ("fake_c", None, None, "fake_a", {"configured": "fake_c", "inside_use": "fake_a", "after_use": "fake_c"}),
    ],
)
def test_precedence(run_python, fake_backends_path, env, file, set_to, use, expected):
    result = run_python(
        PRECEDENCE_SCRIPT.replace("{set_to!r}", repr(set_to)).replace("{use!r}", repr(use)),
        env={"MULTIKERAS_BACKEND": env},
        path=(fake_backends_path,),
        settings={"backend": file} if file else None,
    )
    assert result.returncode == 0, result.stderr
    seen = result.json()
    for key, value in expected.items():
        assert seen[key] == value, (key, seen)


def test_default_is_first_installed_of_jax_torch_tensorflow_else_numpy(run_python):
    available = mk.backend.available()
    expected = next((name for name in ("jax", "torch", "tensorflow") if name in available), "numpy")
    result = run_python("import multikeras as mk; print(mk.backend.backend())")
    assert result.returncode == 0, result.stderr
    assert result.lines()[-1] == expected


def test_environment_variable_is_stripped(run_python, fake_backends_path):
    result = run_python(
        "import multikeras as mk; print(mk.backend.backend())",
        env={"MULTIKERAS_BACKEND": "  fake_c \n"},
        path=(fake_backends_path,),
    )
    assert result.returncode == 0, result.stderr
    assert result.lines()[-1] == "fake_c"


def test_unknown_backend_in_environment_names_the_source(run_python):
    result = run_python(
        """
        import multikeras as mk
        try:
            mk.backend.backend()
        except mk.backend.BackendNotFoundError as error:
            print(error)
        """,
        env={"MULTIKERAS_BACKEND": "no_such_backend"},
    )
    assert result.returncode == 0, result.stderr
    message = result.stdout
    assert "'no_such_backend'" in message
    assert "MULTIKERAS_BACKEND" in message
    assert "numpy" in message  # lists what is available


def test_unknown_backend_in_settings_file_names_the_file(run_python):
    result = run_python(
        """
        import multikeras as mk
        try:
            mk.backend.backend()
        except mk.backend.BackendNotFoundError as error:
            print(error)
        """,
        settings={"backend": "no_such_backend"},
    )
    assert result.returncode == 0, result.stderr
    assert "'no_such_backend'" in result.stdout
    assert "multikeras.json" in result.stdout


# --- use(): a context manager local to the thread and the asyncio task -----------------------


def test_use_switches_and_restores():
    before = mk.backend.backend()
    alpha = tiny("alpha")
    with mk.backend.use(alpha) as active:
        assert active is alpha
        assert mk.backend.backend() == "alpha"
        assert mk.backend.current() is alpha
        assert mk.config.backend() == "alpha"
        assert ops.add(2, 3) == ("alpha", 5)
    assert mk.backend.backend() == before


def test_use_by_name_returns_the_loaded_backend():
    with mk.backend.use("numpy") as active:
        assert active is mk.backend.get_backend("numpy")
        assert mk.backend.backend() == "numpy"


def test_use_restores_after_an_exception():
    before = mk.backend.current()
    with pytest.raises(RuntimeError, match="inside the block"):
        with mk.backend.use(tiny("alpha")):
            raise RuntimeError("inside the block")
    assert mk.backend.current() is before


def test_nested_use_restores_the_outer_backend():
    with mk.backend.use(tiny("outer")):
        with mk.backend.use(tiny("inner")):
            assert mk.backend.backend() == "inner"
        assert mk.backend.backend() == "outer"


def test_use_beats_set_backend_and_set_backend_shows_after_the_block():
    with mk.backend.use(tiny("alpha")):
        mk.backend.set_backend("numpy")
        assert mk.backend.backend() == "alpha"
    assert mk.backend.backend() == "numpy"


def test_use_is_local_to_the_thread():
    process_backend = mk.backend.current()
    seen_in_thread = []
    with mk.backend.use(tiny("alpha")):
        worker = threading.Thread(target=lambda: seen_in_thread.append(mk.backend.current()))
        worker.start()
        worker.join()
        assert mk.backend.backend() == "alpha"
    assert seen_in_thread == [process_backend]


def test_threads_using_different_backends_do_not_interfere():
    barrier = threading.Barrier(2, timeout=10)
    seen: dict[str, list[str]] = {}

    def work(name: str) -> None:
        with mk.backend.use(tiny(name)):
            observed = [mk.backend.backend()]
            barrier.wait()  # both threads are now inside their own use() block
            observed.append(ops.add(1, 1)[0])
            barrier.wait()
            observed.append(mk.backend.backend())
        seen[name] = observed

    threads = [threading.Thread(target=work, args=(name,)) for name in ("left", "right")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"left": ["left"] * 3, "right": ["right"] * 3}


def test_use_is_local_to_the_asyncio_task():
    async def work(name: str) -> list[str]:
        observed = []
        with mk.backend.use(tiny(name)):
            for _ in range(3):
                await asyncio.sleep(0)  # let the other task run inside its own block
                observed.append(mk.backend.backend())
        return observed

    async def main() -> tuple[list[str], list[str], str]:
        first, second = await asyncio.gather(work("first"), work("second"))
        return first, second, mk.backend.backend()

    before = mk.backend.backend()
    first, second, after = asyncio.run(main())
    assert first == ["first"] * 3
    assert second == ["second"] * 3
    assert after == before


def test_use_alone_selects_nothing_and_warns_with_both_ways_to_select():
    before = mk.backend.current()
    with pytest.warns(RuntimeWarning) as caught:
        mk.backend.use("numpy")  # a statement: the scope is dropped unentered
    message = str(caught[0].message)
    assert "use('numpy') was never entered" in message
    assert "with multikeras.backend.use('numpy'):" in message
    assert "set_backend('numpy')" in message
    assert mk.backend.current() is before


def test_entered_scope_does_not_warn(recwarn):
    with mk.backend.use(tiny("alpha")):
        pass
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_use_as_decorator_selects_on_every_call_and_is_reentrant():
    @mk.backend.use(tiny("deco"))
    def active_names(depth: int) -> list[str]:
        inner = active_names(depth - 1) if depth else []
        return [mk.backend.backend()] + inner

    before = mk.backend.backend()
    assert active_names(2) == ["deco"] * 3
    assert mk.backend.backend() == before


def test_decorated_function_keeps_its_backend_in_concurrent_threads():
    barrier = threading.Barrier(2, timeout=10)

    @mk.backend.use(tiny("shared"))
    def work(seen: list[str]) -> None:
        barrier.wait()  # both threads inside the decorated function at once
        seen.append(mk.backend.backend())
        barrier.wait()

    seen: list[str] = []
    threads = [threading.Thread(target=work, args=(seen,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == ["shared", "shared"]


def test_the_same_scope_object_nests_and_restores():
    scope = mk.backend.use(tiny("twice"))
    before = mk.backend.backend()
    with scope:
        with scope:
            assert mk.backend.backend() == "twice"
        assert mk.backend.backend() == "twice"
    assert mk.backend.backend() == before


def test_set_backend_is_process_wide():
    mk.backend.set_backend("numpy")
    seen = []
    worker = threading.Thread(target=lambda: seen.append(mk.backend.backend()))
    worker.start()
    worker.join()
    assert seen == ["numpy"]


# --- bad names ------------------------------------------------------------------------------


@pytest.mark.parametrize("select", [mk.backend.set_backend, lambda name: mk.backend.use(name).__enter__()])
def test_unknown_name_lists_available_backends(select):
    before = mk.backend.current()
    with pytest.raises(BackendNotFoundError) as raised:
        select("no_such_backend")
    message = str(raised.value)
    assert "'no_such_backend'" in message
    for name in mk.backend.available():
        assert name in message
    assert "pip" in message
    assert mk.backend.current() is before  # a failed switch changes nothing


def test_backend_not_found_is_a_value_error():
    with pytest.raises(ValueError):
        mk.backend.set_backend("no_such_backend")


@pytest.mark.parametrize("name", [3, None, ["numpy"]])
def test_non_string_name_is_a_type_error(name):
    with pytest.raises(TypeError, match="backend name"):
        mk.backend.set_backend(name)


BLOCK_FRAMEWORK = """
import importlib.abc, sys

class Block(importlib.abc.MetaPathFinder):
    # Makes the framework look uninstalled to this interpreter.
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {blocked!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}")
        return None

sys.meta_path.insert(0, Block())
"""


@pytest.mark.parametrize(
    ("framework", "blocked"),
    [("jax", ("jax", "jaxlib")), ("torch", ("torch",)), ("tensorflow", ("tensorflow",))],
)
def test_uninstalled_framework_gives_the_pip_extra(run_python, framework, blocked):
    result = run_python(
        BLOCK_FRAMEWORK.format(blocked=set(blocked))
        + f"""
import multikeras as mk
assert {framework!r} not in mk.backend.available(), mk.backend.available()
assert "not installed" in mk.backend.unavailable()[{framework!r}]
try:
    mk.backend.set_backend({framework!r})
except mk.backend.BackendNotFoundError as error:
    print(error)
else:
    raise SystemExit("set_backend did not raise")
"""
    )
    assert result.returncode == 0, result.stderr
    message = result.stdout
    assert f"pip install 'multikeras[{framework}]'" in message
    assert "Available backends:" in message and "numpy" in message


def test_default_skips_uninstalled_frameworks(run_python):
    result = run_python(
        BLOCK_FRAMEWORK.format(blocked={"jax", "jaxlib", "torch", "tensorflow"})
        + "import multikeras as mk; print(mk.backend.backend())"
    )
    assert result.returncode == 0, result.stderr
    assert result.lines()[-1] == "numpy"


def test_switching_never_reloads_and_tensors_stay_valid():
    with mk.backend.use("numpy"):
        made = ops.ones((2,))
    numpy_module = mk.backend.get_backend("numpy")
    with mk.backend.use(tiny("alpha")):
        pass
    with mk.backend.use("numpy"):
        assert mk.backend.current() is numpy_module
        assert ops.sum(made) == 2.0


def test_get_backend_accepts_a_name_an_object_or_none():
    alpha = tiny("alpha")
    assert mk.backend.get_backend(alpha) is alpha
    assert mk.backend.get_backend("numpy").name == "numpy"
    with mk.backend.use(alpha):
        assert mk.backend.get_backend() is alpha
        assert mk.backend.get_backend(None) is selection.current()
