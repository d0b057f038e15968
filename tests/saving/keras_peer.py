"""Keras 3's side of the interoperability tests, run in a subprocess (the test process never imports Keras).

    KERAS_BACKEND=numpy python keras_peer.py WORKDIR

``WORKDIR/request.json`` names the cases (``keras_interop_cases.CASES``):

* ``"write"``: cases to build with Keras (seeded weights), save as
  ``WORKDIR/keras/<case>.keras`` and predict on;
* ``"read"``: cases saved by multikeras as ``WORKDIR/multikeras/<case>.keras``,
  to load with ``keras.saving.load_model`` and predict on;
* ``"sharded"``: cases whose weights are also exchanged as sharded weights:
  Keras writes ``WORKDIR/keras/<case>.weights.json`` (and its shards) from the
  model it reloaded, and loads multikeras's ``WORKDIR/multikeras/<case>.weights.json``
  into a freshly built model, whose outputs go to ``"<case>/sharded/out/<i>"`` of
  ``read.npz``.

The inputs are ``WORKDIR/inputs.npz`` (``"<case>/<i>"``). Results go to
``WORKDIR/written.npz`` and ``WORKDIR/read.npz``: ``"<case>/out/<i>"`` the
outputs, ``"<case>/structure"`` their nesting, ``"<case>/weights/<i>"`` ``model.get_weights()``, and
``"<case>/optimizer/<i>"`` the optimizer variables of compiled models; and to
``WORKDIR/report.json``: the Keras version, the names in ``keras.layers``,
the error of each case that failed (the tests report them), and for
compiled models ``evaluate()``'s logs on seeded targets and the optimizer's
config.
"""

from __future__ import annotations

import importlib.abc
import json
import os
import sys
import traceback

import numpy as np



class _SkipUnneeded(importlib.abc.MetaPathFinder):
    """Keras with the numpy backend needs neither TensorFlow nor scikit-learn, but imports them when they
    are installed (TensorFlow on its first save, to recognize tf types): refusing them saves about 10 s."""

    UNNEEDED = ("tensorflow", "sklearn")

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in self.UNNEEDED:
            raise ModuleNotFoundError(f"{name} is not imported by the Keras peer", name=name)
        return None


sys.meta_path.insert(0, _SkipUnneeded())

import keras  # noqa: E402  (the only place a test of this repository imports Keras)
from keras_interop_cases import CASES, build_case, flatten_outputs, output_structure, register_functions


def _compiled_results(case, model, arrays):
    """What compile_config restores: evaluate()'s logs (loss, weights, metrics) and the optimizer's config."""
    logs = model.evaluate(case.model_inputs(arrays), case.model_targets(case.draw_targets()), batch_size=case.batch,
                          verbose=0, return_dict=True)
    return {"evaluate": {key: float(value) for key, value in logs.items()},
            "optimizer_config": model.optimizer.get_config()}


def _results(case, model, arrays, store):
    outputs = model(case.model_inputs(arrays), training=False)
    store[f"{case.name}/structure"] = np.asarray(output_structure(outputs))
    for i, array in enumerate(flatten_outputs(outputs, keras.ops.convert_to_numpy)):
        store[f"{case.name}/out/{i}"] = array
    for i, array in enumerate(model.get_weights()):
        store[f"{case.name}/weights/{i}"] = np.asarray(array)
    optimizer = getattr(model, "optimizer", None)
    if case.compiled and optimizer is not None:
        for i, variable in enumerate(optimizer.variables):
            store[f"{case.name}/optimizer/{i}"] = keras.ops.convert_to_numpy(variable.value)


def main(workdir: str) -> None:
    with open(os.path.join(workdir, "request.json")) as file:
        request = json.load(file)
    inputs = np.load(os.path.join(workdir, "inputs.npz"))
    register_functions(keras)
    errors: dict[str, dict[str, str]] = {"write": {}, "read": {}, "sharded": {}}
    compiled: dict[str, dict[str, dict]] = {"write": {}, "read": {}}
    written: dict[str, np.ndarray] = {}
    read: dict[str, np.ndarray] = {}
    os.makedirs(os.path.join(workdir, "keras"), exist_ok=True)
    for name in request["write"]:
        case = CASES[name]
        arrays = [inputs[f"{name}/{i}"] for i in range(len(case.inputs))]
        try:
            path = os.path.join(workdir, "keras", f"{name}.keras")
            build_case(case, keras).save(path)
            # The expected values come from the file, as Keras itself reloads it (Keras recomputes some
            # state, such as Normalization's statistics, only when it loads variables).
            model = keras.saving.load_model(path, safe_mode=True)
            _results(case, model, arrays, written)
            if name in request["sharded"]:
                model.save_weights(os.path.join(workdir, "keras", f"{name}.weights.json"),
                                   max_shard_size=request["max_shard_size"])
            if case.compiled:
                compiled["write"][name] = _compiled_results(case, model, arrays)
        except Exception:  # reported to the test, which fails for this case
            errors["write"][name] = traceback.format_exc(limit=-4)
    for name in request["read"]:
        case = CASES[name]
        arrays = [inputs[f"{name}/{i}"] for i in range(len(case.inputs))]
        try:
            model = keras.saving.load_model(os.path.join(workdir, "multikeras", f"{name}.keras"), safe_mode=True)
            _results(case, model, arrays, read)
            if case.compiled:
                compiled["read"][name] = _compiled_results(case, model, arrays)
        except Exception:
            errors["read"][name] = traceback.format_exc(limit=-4)
    for name in request["sharded"]:
        case = CASES[name]
        arrays = [inputs[f"{name}/{i}"] for i in range(len(case.inputs))]
        try:
            model = build_case(case, keras)
            model.load_weights(os.path.join(workdir, "multikeras", f"{name}.weights.json"))
            outputs = model(case.model_inputs(arrays), training=False)
            for i, array in enumerate(flatten_outputs(outputs, keras.ops.convert_to_numpy)):
                read[f"{name}/sharded/out/{i}"] = array
        except Exception:
            errors["sharded"][name] = traceback.format_exc(limit=-4)
    np.savez(os.path.join(workdir, "written.npz"), **written)
    np.savez(os.path.join(workdir, "read.npz"), **read)
    report = {
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
        "keras_layers": sorted(name for name in dir(keras.layers) if name[:1].isupper()),
        "errors": errors,
        "compiled": compiled,
    }
    with open(os.path.join(workdir, "report.json"), "w") as file:
        json.dump(report, file, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
