"""`python -m multikeras inspect FILE` and `python -m multikeras compare FILE`, run as subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

import multikeras as mk

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run_cli(*args):
    env = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    result = subprocess.run([sys.executable, "-m", "multikeras", *args], capture_output=True, text=True, env=env,
                            timeout=120)
    return result.returncode, result.stdout + result.stderr


def test_inspect_prints_metadata_layers_and_weights_without_building(tmp_path):
    path = tmp_path / "m.keras"
    with mk.backend.use("numpy"):
        mk.Sequential([mk.Input((3,)), mk.layers.Dense(4, name="hidden"), mk.layers.Dense(2, name="out")],
                      name="net").save(path, weights_format="safetensors")
    code, out = run_cli("inspect", str(path))
    assert code == 0, out
    assert "multikeras_backend: numpy" in out and "keras_version: 3.15.1" in out
    assert "net  Sequential" in out and "hidden  Dense" in out and "out  Dense" in out
    assert "layers/dense/vars/0  (3, 4)  F32" in out and "layers/dense_1/vars/1  (2,)  F32" in out
    # classes are never resolved: an unknown or hostile class is listed, not built
    with zipfile.ZipFile(path) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    config = json.loads(entries["config.json"])
    config["config"]["layers"].append({"module": "os", "class_name": "system", "config": {"name": "payload"}})
    entries["config.json"] = json.dumps(config).encode()
    hostile = tmp_path / "hostile.keras"
    with zipfile.ZipFile(hostile, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    code, out = run_cli("inspect", str(hostile))
    assert code == 0 and "payload  system" in out, out
    (tmp_path / "bad.keras").write_bytes(path.read_bytes()[:100])
    code, out = run_cli("inspect", str(tmp_path / "bad.keras"))
    assert code == 2 and "bad.keras" in out and "not a valid .keras zip file" in out, out


def test_compare_runs_the_model_on_each_backend(tmp_path):
    path = tmp_path / "m.keras"
    with mk.backend.use("numpy"):
        mk.Sequential([mk.Input((3,)), mk.layers.Dense(2)]).save(path)
    others = [name for name in mk.backend.available() if name != "numpy"][:1]
    code, out = run_cli("compare", str(path), "--backends", "numpy", *others)
    assert code == 0, out
    assert "Output differences across backends" in out and f"numpy / {others[0]}" in out, out
