"""A generated corpus of damaged, hand-edited and hostile `.keras` files.

One small valid archive is saved on the numpy backend; thousands of variants
are derived from its bytes (truncations, flipped bytes, edited JSON, edited
weights, hostile zip layouts, the shapes of published Keras loading
exploits). Each must either load a model equal to the original or raise
`SavedFileError`, and no case may run code: process-spawning, import and
unpickling functions are replaced by recorders for the whole corpus, and
every import of a module not yet loaded is recorded. (``marshal.loads`` is not
replaced: Python's own import system calls it; the source test at the end
checks that no load-path module uses it.)
"""

from __future__ import annotations

import base64
import builtins
import copy
import encodings.ascii  # noqa: F401  (a codec h5py loads lazily; imported here so the import recorder sees only surprises)
import importlib
import io
import json
import os
import pickle
import subprocess
import sys
import tokenize
import warnings
import zipfile

import h5py
import numpy as np
import pytest

import multikeras as mk
from multikeras.saving import archive_reader, saving_lib
from multikeras.saving.errors import SavedFileError

SEED = 20240605
UNLISTED_MODULE = "mk_damaged_tests_never_imported"
X = np.linspace(-1.0, 1.0, 12, dtype="float32").reshape(4, 3)
ENTRY_ORDER = ("metadata.json", "config.json", "model.weights.h5")


# The valid file and helpers --------------------------------------------------------------


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    path = tmp_path_factory.mktemp("damaged") / "valid.keras"
    with mk.backend.use("numpy"):
        model = mk.Sequential([mk.Input((3,)), mk.layers.Dense(2, activation="relu", bias_initializer="ones")])
        model.save(path)
        expected = np.asarray(model.predict(X, verbose=0))
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    return {"bytes": data, "entries": entries, "predictions": expected, "config": json.loads(entries["config.json"])}


def build_zip(entries, compression=zipfile.ZIP_STORED):
    """A zip of ``[(name, bytes), ...]`` (duplicates kept: that is the point of some cases)."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names
        with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
            for name, data in entries:
                archive.writestr(name, data)
    return buffer.getvalue()


def with_entries(original, **replaced):
    entries = dict(original["entries"])
    for key, value in replaced.items():
        entries[key.replace("__", ".")] = value
    return build_zip([(name, entries[name]) for name in ENTRY_ORDER])


def with_config(original, config):
    return with_entries(original, config__json=json.dumps(config).encode())


class Recorder:
    """Replaces functions that run code or import modules; records every call."""

    def __init__(self, monkeypatch):
        self.calls = []
        for owner, name in [(os, "system"), (os, "popen"), (os, "execv"), (os, "execve"), (subprocess, "Popen"),
                            (subprocess, "run"), (pickle, "loads"), (pickle, "load"),
                            (importlib, "import_module")]:
            monkeypatch.setattr(owner, name, self._recording(f"{owner.__name__}.{name}"))
        real_import = builtins.__import__

        def guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
            if level == 0 and name not in sys.modules:  # relative imports resolve inside loaded packages
                self.calls.append(("import", name))
            return real_import(name, globals, locals, fromlist, level)

        monkeypatch.setattr(builtins, "__import__", guarded_import)

    def _recording(self, label):
        def record(*args, **kwargs):
            self.calls.append((label, args))
            raise RuntimeError(f"{label} must never be called while loading")

        return record


def outcome(path, data, original, may_differ=False):
    """Load ``data`` from ``path``: ``"error"`` (SavedFileError), ``"equal"`` or ``"loaded"``; anything else fails."""
    path.write_bytes(data)
    try:
        with mk.backend.use("numpy"):
            model = mk.saving.load_model(path)
            if may_differ:
                return "loaded"
            predictions = np.asarray(model.predict(X, verbose=0))
    except SavedFileError as error:
        assert os.fspath(path) in str(error), str(error)
        return "error"
    assert np.array_equal(predictions, original["predictions"]), "a damaged file loaded with different predictions"
    return "equal"


@pytest.fixture
def recorder(original, tmp_path, monkeypatch):
    warm = tmp_path / "warm.keras"
    assert outcome(warm, original["bytes"], original) == "equal"  # lazy imports of a normal load happen here
    return Recorder(monkeypatch)


# Byte-level damage ------------------------------------------------------------------------


def test_truncations_and_flipped_bytes(original, recorder, tmp_path):
    data = original["bytes"]
    rng = np.random.default_rng(SEED)
    path = tmp_path / "case.keras"
    counts = {"error": 0, "equal": 0}
    offsets = sorted(set(range(0, len(data), 7)) | set(range(len(data) - 120, len(data))))
    for offset in offsets:
        counts[outcome(path, data[:offset], original)] += 1
    positions = rng.integers(0, len(data), size=1500)
    masks = rng.integers(1, 256, size=1500)
    for position, mask in zip(positions, masks):
        damaged = bytearray(data)
        damaged[position] ^= int(mask)
        counts[outcome(path, bytes(damaged), original)] += 1
    assert recorder.calls == []
    assert counts["error"] > 0.9 * (len(offsets) + 1500), counts  # the zip CRC catches nearly everything
    assert len(offsets) + 1500 >= 3000


# Edited JSON ------------------------------------------------------------------------------


BAD_VALUES = [None, -1, 0, 10**30, 2**62, "x", [], {}, True, 1.5, [-3, -3],
              {"module": "os", "class_name": "system", "config": {"command": "echo pwned"}, "registered_name": None},
              {"module": UNLISTED_MODULE, "class_name": "Payload", "config": {}, "registered_name": None}]


def leaf_paths(node, prefix=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaf_paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from leaf_paths(value, prefix + (index,))
    yield prefix


def set_at(config, path, value, delete=False):
    config = copy.deepcopy(config)
    if not path:
        return value
    node = config
    for key in path[:-1]:
        node = node[key]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return config


def test_edited_config_values(original, recorder, tmp_path):
    config = original["config"]
    path = tmp_path / "case.keras"
    counts = {"error": 0, "loaded": 0}
    paths = list(leaf_paths(config))
    for where in paths:
        for value in BAD_VALUES:
            counts[outcome(path, with_config(original, set_at(config, where, value)), original, may_differ=True)] += 1
        if where:
            counts[outcome(path, with_config(original, set_at(config, where, None, delete=True)), original,
                           may_differ=True)] += 1
    assert recorder.calls == []
    assert UNLISTED_MODULE not in sys.modules
    assert sum(counts.values()) >= len(paths) * len(BAD_VALUES)
    assert counts["error"] > counts["loaded"], counts


def test_invalid_json_and_metadata(original, recorder, tmp_path):
    path = tmp_path / "case.keras"
    text = original["entries"]["config.json"]
    cases = [text[:n] for n in range(0, len(text), 25)]
    cases += [b"\xff\xfe" + text, b"[" * 100_000 + b"]" * 100_000, b'{"a": 1, "a": 2}', b"null", b"[]", b'"Sequential"']
    for case in cases:
        assert outcome(path, with_entries(original, config__json=case), original) == "error"
    future = [{"keras_version": "4.0.0"}, {"keras_version": "99.1"}, {"keras_version": 3},
              {"keras_version": "3.1", "multikeras_format_version": 2}, {"multikeras_format_version": "1"}, []]
    for metadata in future:
        path.write_bytes(with_entries(original, metadata__json=json.dumps(metadata).encode()))
        with pytest.raises(SavedFileError, match=r"'metadata\.json'") as info:
            with mk.backend.use("numpy"):
                mk.saving.load_model(path)
        assert info.value.entry == "metadata.json"
    path.write_bytes(with_entries(original, metadata__json=json.dumps({"keras_version": "4.0.0"}).encode()))
    with pytest.raises(SavedFileError, match=r"newer Keras format.*upgrade multikeras"):
        mk.saving.load_model(path)
    assert recorder.calls == []


# Edited weights ---------------------------------------------------------------------------


def edited_h5(original, edit):
    buffer = io.BytesIO(original["entries"]["model.weights.h5"])
    with h5py.File(buffer, "r+") as f:
        edit(f)
    return buffer.getvalue()


def replace_dataset(name, **create):
    def edit(f):
        attrs = dict(f[name].attrs)
        del f[name]
        dataset = f.create_dataset(name, **create)
        for key, value in attrs.items():
            dataset.attrs[key] = value
    return edit


def test_weights_of_wrong_shape_dtype_and_size(original, recorder, tmp_path):
    path = tmp_path / "case.keras"
    kernel = "layers/dense/vars/0"
    edits = {
        "shape": replace_dataset(kernel, data=np.zeros((3, 3), "float32")),
        "rank": replace_dataset(kernel, data=np.zeros((6,), "float32")),
        "strings": replace_dataset(kernel, data=np.array([[b"a", b"b"]] * 3)),
        "huge_fill": replace_dataset(kernel, shape=(10**6, 10**6), dtype="float32"),
        "missing": lambda f: f.__delitem__(kernel),
        "object_dtype_attr": lambda f: f[kernel].attrs.__setitem__("dtype", "O"),
        "bad_dtype_attr": lambda f: f[kernel].attrs.__setitem__("dtype", "no_such_dtype"),
        "wide_dtype_attr": lambda f: f[kernel].attrs.__setitem__("dtype", "float64"),
        "group_not_dataset": lambda f: (f.__delitem__(kernel), f.create_group(kernel)),
    }
    for label, edit in edits.items():
        assert outcome(path, with_entries(original, model__weights__h5=edited_h5(original, edit)), original) == "error", label
    # float64 values equal to the float32 ones load, cast as Keras 3 does
    with h5py.File(io.BytesIO(original["entries"]["model.weights.h5"]), "r") as f:
        values = np.asarray(f[kernel]).astype("float64")
    cast = edited_h5(original, replace_dataset(kernel, data=values))
    assert outcome(path, with_entries(original, model__weights__h5=cast), original) == "equal"
    for junk in (b"", b"\x89HDF\r\n\x1a\n" + b"\0" * 100, os.urandom(2000)):
        assert outcome(path, with_entries(original, model__weights__h5=junk), original) == "error"
    assert recorder.calls == []


# Hostile zip layouts ----------------------------------------------------------------------


def test_hostile_archive_layouts(original, recorder, tmp_path):
    path = tmp_path / "case.keras"
    good = [(name, original["entries"][name]) for name in ENTRY_ORDER]
    cases = {
        "../escape.py": good + [("../escape.py", b"x")],
        "/etc/passwd": good + [("/etc/passwd", b"x")],
        "assets\\..\\x": good + [("assets\\..\\x", b"x")],
        "C:/x": good + [("C:/x", b"x")],
        "assets/../../x": good + [("assets/../../x", b"x")],
        "run.py": good + [("run.py", b"import os")],
        "config.json": good + [("config.json", original["entries"]["config.json"])],
        "metadata.json": good[1:],
        "model.weights.h5": good[:2],
        "model.weights.safetensors": good + [("model.weights.safetensors", b"")],
    }
    for entry, entries in cases.items():
        path.write_bytes(build_zip(entries))
        with pytest.raises(SavedFileError) as info:
            mk.saving.load_model(path)
        assert info.value.entry == entry and os.fspath(path) in str(info.value), str(info.value)
    # assets/ are part of the layout
    assert outcome(path, build_zip(good + [("assets/vocab.txt", b"a\nb")]), original) == "equal"
    # a zip bomb: 8 MiB of zeros deflated to a few KiB
    path.write_bytes(build_zip(good + [("assets/zeros", b"\0" * (8 << 20))], zipfile.ZIP_DEFLATED))
    with pytest.raises(SavedFileError, match=r"'assets/zeros': compression ratio \d+:1.*zip bomb"):
        mk.saving.load_model(path)
    # size budgets, from the directory and while reading
    path.write_bytes(original["bytes"])
    with archive_reader.archive_limits(max_json_bytes=100):
        with pytest.raises(SavedFileError, match=r"'config\.json': \d+ bytes uncompressed, over the limit of 100"):
            mk.saving.load_model(path)
    with archive_reader.archive_limits(max_total_bytes=5000):
        with pytest.raises(SavedFileError, match=r"over the limit of 5000"):
            mk.saving.load_model(path)
    # a header that under-declares its size: the stream is cut at the declared size, and the CRC fails
    path.write_bytes(lying_sizes(original["bytes"], "model.weights.h5", 100))
    with pytest.raises(SavedFileError, match=r"'model\.weights\.h5'"):
        mk.saving.load_model(path)
    # an encrypted entry
    path.write_bytes(set_flag(original["bytes"], "config.json", 0x1))
    with pytest.raises(SavedFileError, match=r"'config\.json': is encrypted"):
        mk.saving.load_model(path)
    assert recorder.calls == []


def _central_header(data, name):
    position = data.index(b"PK\x01\x02")
    while True:
        name_length = int.from_bytes(data[position + 28:position + 30], "little")
        if data[position + 46:position + 46 + name_length] == name.encode():
            return position
        position = data.index(b"PK\x01\x02", position + 4)


def lying_sizes(data, name, size):
    data = bytearray(data)
    central = _central_header(bytes(data), name)
    local = int.from_bytes(data[central + 42:central + 46], "little")
    for header, offset in ((central, 20), (local, 18)):  # compressed and uncompressed sizes
        data[header + offset:header + offset + 8] = size.to_bytes(4, "little") * 2
    return bytes(data)


def set_flag(data, name, bit):
    data = bytearray(data)
    central = _central_header(bytes(data), name)
    flags = int.from_bytes(data[central + 8:central + 10], "little") | bit
    data[central + 8:central + 10] = flags.to_bytes(2, "little")
    return bytes(data)


def test_folder_archives_are_held_to_the_same_layout(original, tmp_path):
    folder = tmp_path / "model_folder"
    folder.mkdir()
    for name, data in original["entries"].items():
        (folder / name).write_bytes(data)
    with mk.backend.use("numpy"):
        assert np.array_equal(mk.saving.load_model(folder).predict(X, verbose=0), original["predictions"])
        (folder / "evil.py").write_text("import os")
        with pytest.raises(SavedFileError, match=r"'evil\.py': not part of the \.keras layout"):
            mk.saving.load_model(folder)
        (folder / "evil.py").unlink()
        os.symlink("/etc/passwd", folder / "assets")
        with pytest.raises(SavedFileError, match=r"'assets'"):
            mk.saving.load_model(folder)


# The shapes of published Keras loading exploits -------------------------------------------------


def lambda_config(name="lambda", **extra):
    code = base64.b64encode(bytes(range(64))).decode()  # stands for marshalled bytecode; never decoded
    function = {"class_name": "__lambda__", "config": {"code": code, "defaults": None, "closure": None}}
    return {"module": "keras.layers", "class_name": "Lambda", "registered_name": None,
            "config": {"name": name, "function": function, "arguments": {}, **extra}}


def exploit_configs(config):
    injected = []
    layers = config["config"]["layers"]
    injected.append(set_at(config, ("config", "layers"), layers + [lambda_config()]))
    flip = {"module": "keras.config", "class_name": "function", "config": "enable_unsafe_deserialization",
            "registered_name": "function"}
    unsafe = set_at(config, ("config", "layers"), [layers[0], flip, lambda_config(safe_mode=False)] + layers[1:])
    unsafe["safe_mode"] = False
    unsafe["config"]["safe_mode"] = False
    injected.append(unsafe)
    nested = {"module": "keras", "class_name": "Functional", "registered_name": None, "config": {
        "name": "inner", "trainable": True,
        "layers": [{"module": "keras.layers", "class_name": "InputLayer", "name": "x", "inbound_nodes": [],
                    "config": {"batch_shape": [None, 2], "dtype": "float32", "name": "x"}, "registered_name": None},
                   {**lambda_config("hidden"), "name": "hidden",
                    "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {
                        "shape": [None, 2], "dtype": "float32", "keras_history": ["x", 0, 0]}}], "kwargs": {}}]}],
        "input_layers": [["x", 0, 0]], "output_layers": [["hidden", 0, 0]]}}
    injected.append(set_at(config, ("config", "layers"), layers + [nested]))
    for module, name in [("os", "system"), ("builtins", "eval"), ("subprocess", "Popen"), (UNLISTED_MODULE, "run")]:
        payload = {"module": module, "class_name": name, "config": {"command": "echo pwned"}, "registered_name": None}
        injected.append(set_at(config, ("config", "layers"), layers + [payload]))
        injected.append(set_at(config, ("config", "layers", 1, "config", "activation"),
                               {"module": module, "class_name": "function", "config": name, "registered_name": "function"}))
        injected.append(set_at(config, (), {**payload, "registered_name": f"{module}>{name}"}))
    return injected


@pytest.mark.parametrize("safe_mode", [True, False])
def test_exploit_shapes_never_run_code(original, recorder, tmp_path, safe_mode):
    path = tmp_path / "exploit.keras"
    for index, config in enumerate(exploit_configs(original["config"])):
        path.write_bytes(with_config(original, config))
        with pytest.raises(SavedFileError) as info:
            with mk.backend.use("numpy"):
                mk.saving.load_model(path, safe_mode=safe_mode)
        assert info.value.entry == "config.json", (index, str(info.value))
    assert recorder.calls == []
    assert UNLISTED_MODULE not in sys.modules
    path.write_bytes(with_config(original, exploit_configs(original["config"])[0]))
    with pytest.raises(SavedFileError, match="Lambda code is not deserialized|serialized Python code"):
        with mk.backend.use("numpy"):
            mk.saving.load_model(path, safe_mode=safe_mode)
    # outside a Lambda layer, serialized code is refused by the deserializer itself
    bare = set_at(original["config"], ("config", "layers", 1, "config", "activation"), lambda_config()["config"]["function"])
    path.write_bytes(with_config(original, bare))
    with pytest.raises(SavedFileError, match="refusing to run it" if safe_mode else "even with safe_mode=False"):
        with mk.backend.use("numpy"):
            mk.saving.load_model(path, safe_mode=safe_mode)


def test_the_file_cannot_switch_safe_mode(original, tmp_path):
    from multikeras.saving import serialization_lib

    seen = []

    @mk.saving.register_keras_serializable(package="mk_damaged_tests")
    class SafeModeProbe(mk.layers.Layer):
        def __init__(self, **kwargs):
            kwargs.pop("safe_mode", None)
            super().__init__(**kwargs)
            seen.append(serialization_lib.in_safe_mode())

        def call(self, inputs):
            return inputs

    probe = {"module": "tests", "class_name": "SafeModeProbe", "registered_name": "mk_damaged_tests>SafeModeProbe",
             "config": {"name": "probe", "safe_mode": False}}
    config = set_at(original["config"], ("config", "layers"), original["config"]["config"]["layers"] + [probe])
    config["safe_mode"] = False
    path = tmp_path / "probe.keras"
    path.write_bytes(with_config(original, config))
    with mk.backend.use("numpy"):
        mk.saving.load_model(path)
        mk.saving.load_model(path, safe_mode=False)
    assert seen == [True, False]


def test_legacy_formats_are_refused(tmp_path):
    legacy = tmp_path / "model.h5"
    with h5py.File(legacy, "w") as f:
        f.attrs["model_config"] = json.dumps({"class_name": "Sequential", "config": {"layers": [lambda_config()]}})
    with pytest.raises(ValueError, match="legacy HDF5 model format"):
        mk.saving.load_model(legacy)
    disguised = tmp_path / "model.keras"
    disguised.write_bytes(legacy.read_bytes())
    with pytest.raises(SavedFileError, match="not a `.keras` zip file"):
        mk.saving.load_model(disguised)


# No code-loading function on the load path ----------------------------------------------------------

LOAD_PATH_MODULES = ["archive_reader", "saving_lib", "saving_api", "serialization_lib", "object_registration",
                     "h5_store", "safetensors_format", "strict_loading", "flat_weights", "own_variables",
                     "object_tree", "errors"]
FORBIDDEN_NAMES = {"pickle", "marshal", "importlib", "import_module", "__import__", "eval", "exec", "cPickle",
                   "dill", "cloudpickle", "shelve"}


def test_no_code_loading_functions_on_the_load_path():
    folder = os.path.dirname(saving_lib.__file__)
    files = [os.path.join(folder, name + ".py") for name in LOAD_PATH_MODULES]
    files.append(sys.modules[mk.layers.Lambda.__module__].__file__)
    assert files[-1].endswith("lambda_layer.py")
    found = []
    for file in files:
        with open(file, "rb") as source:
            for token in tokenize.tokenize(source.readline):
                if token.type == tokenize.NAME and token.string in FORBIDDEN_NAMES:
                    found.append((os.path.basename(file), token.start[0], token.string))
    assert found == []
