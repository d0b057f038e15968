"""``import multikeras`` is cheap: namespaces, op sections and utilities are imported when first used.

Every check runs in a fresh interpreter (``run_python``), since this process
has imported everything already.
"""

from __future__ import annotations

import textwrap

import multikeras as mk
from multikeras.ops import catalog

NUMPY_ONLY = {"MULTIKERAS_BACKEND": "numpy"}

REPORT_LOADED = """
import json, sys
print(json.dumps(sorted(name for name in {names!r} if name in sys.modules)))
"""

NOT_NEEDED_FOR_A_FIRST_OP = (
    "multikeras.activations", "multikeras.callbacks", "multikeras.constraints", "multikeras.initializers",
    "multikeras.layers", "multikeras.losses", "multikeras.metrics", "multikeras.models", "multikeras.optimizers",
    "multikeras.regularizers", "multikeras.saving", "multikeras.symbolic", "multikeras.trainers", "multikeras.tree",
    "multikeras.utils", "multikeras.ops.nn", "multikeras.ops.linalg", "multikeras.ops.math", "multikeras.ops.image",
    "h5py", "optree", "rich", "safetensors", "scipy",
)


def loaded_after(run_python, code: str, names: tuple[str, ...], env: dict[str, str] | None = None) -> list[str]:
    result = run_python(textwrap.dedent(code) + REPORT_LOADED.format(names=names), env=env)
    assert result.returncode == 0, result.stderr
    return result.json()


def test_import_multikeras_imports_no_namespace(run_python):
    code = """
        import json, sys
        import multikeras
        print(json.dumps(sorted(name for name in sys.modules if name.startswith("multikeras"))))
        """
    result = run_python(code, env=NUMPY_ONLY)
    assert result.returncode == 0, result.stderr
    assert result.json() == ["multikeras", "multikeras._lazy"]


def test_a_first_op_imports_only_what_it_needs(run_python):
    code = """
        import multikeras
        total = multikeras.ops.convert_to_numpy(multikeras.ops.add(multikeras.ops.ones(4), 1.0))
        assert total.tolist() == [2.0] * 4, total
        """
    assert loaded_after(run_python, code, NOT_NEEDED_FOR_A_FIRST_OP, env=NUMPY_ONLY) == []


def test_the_progress_bar_library_loads_with_the_progress_bar(run_python):
    code = """
        import sys
        import multikeras as mk
        mk.models.Sequential([mk.Input((2,)), mk.layers.Dense(1)])
        assert "rich" not in sys.modules, "building a model imported the progress bar's library"
        mk.utils.Progbar(3)
        """
    assert loaded_after(run_python, code, ("rich", "multikeras.utils.progbar")) == ["multikeras.utils.progbar", "rich"]


def test_lazy_names_resolve_as_eager_ones_did(run_python):
    code = """
        import pickle
        import multikeras as keras
        from multikeras.layers import Dense
        from multikeras.ops import relu
        from multikeras.utils import to_categorical
        assert keras.layers.Dense is Dense
        assert keras.Model is keras.models.Model and keras.Input is keras.layers.Input
        assert keras.ops.relu is relu is keras.ops.nn.relu
        assert keras.utils.to_categorical is to_categorical
        assert keras.utils.numerical_utils.to_categorical is to_categorical  # sub-modules resolve too
        assert set(keras.__all__) <= set(dir(keras)) and "Dense" in dir(keras.layers)
        assert set(keras.ops.__all__) <= set(dir(keras.ops)) and "nn" in dir(keras.ops)
        assert pickle.loads(pickle.dumps(keras.ops.add)) is keras.ops.add
        for module, name in [(keras, "no_such_namespace"), (keras.ops, "no_such_op"), (keras.utils, "no_such_util")]:
            try:
                getattr(module, name)
            except AttributeError as error:
                assert name in str(error), error
            else:
                raise AssertionError(f"{module.__name__}.{name} resolved")
        namespace = {}
        exec("from multikeras import *", namespace)
        assert namespace["Sequential"] is keras.Sequential and namespace["ops"] is keras.ops
        """
    result = run_python(code, env=NUMPY_ONLY)
    assert result.returncode == 0, result.stderr


def test_deserializing_a_name_imports_its_namespace(run_python):
    code = """
        import sys
        import multikeras as mk
        assert "multikeras.layers" not in sys.modules
        layer = mk.saving.deserialize_keras_object(  # Keras 3 writes its private module for some classes
            {"module": "keras.src.layers.core.dense", "class_name": "Dense", "config": {"units": 3}})
        assert type(layer).__name__ == "Dense" and layer.units == 3, layer
        optimizer = mk.saving.deserialize_keras_object({"module": "keras.optimizers", "class_name": "Adam", "config": {}})
        assert type(optimizer).__name__ == "Adam", optimizer
        """
    result = run_python(code, env=NUMPY_ONLY)
    assert result.returncode == 0, result.stderr


def test_every_registered_keras_module_is_found_from_a_fresh_import(run_python):
    # Each lookup runs in a forked child of a process that imported only multikeras: the reference child imports
    # every namespace and lists what is registered; then, per Keras module, a child lists it by name alone.
    code = """
        import json, os
        import multikeras
        from multikeras.saving import object_registration as registration

        def in_a_fresh_child(function, *args):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read)
                os.write(write, json.dumps(function(*args)).encode())
                os._exit(0)
            os.close(write)
            chunks = []
            while chunk := os.read(read, 1 << 16):
                chunks.append(chunk)
            os.close(read)
            os.waitpid(pid, 0)
            return json.loads(b"".join(chunks))

        def everything_registered():
            for name in multikeras._NAMESPACES:
                getattr(multikeras, name)
            return {module: sorted(names) for module, names in registration._BUILTINS.items()}

        reference = in_a_fresh_child(everything_registered)
        lazy = {module: in_a_fresh_child(registration.builtin_names, module) for module in reference}
        print(json.dumps({"lazy": lazy, "reference": reference}))
        """
    result = run_python(code, env=NUMPY_ONLY)
    assert result.returncode == 0, result.stderr
    found = result.json()
    assert len(found["reference"]["keras.layers"]) > 50 and "keras" in found["reference"]
    for module, names in found["reference"].items():
        assert found["lazy"][module] == names, module


def test_ops_namespace_matches_its_sections():
    sections = [getattr(mk.ops, section) for section in catalog.PUBLIC_SECTIONS]
    assert mk.ops.__all__ == [name for section in sections for name in section.__all__]
    for section in sections:
        for name in section.__all__:
            assert getattr(mk.ops, name) is getattr(section, name), name
