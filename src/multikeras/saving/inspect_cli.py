"""The command line of ``python -m multikeras``: ``inspect`` and ``compare`` a ``.keras`` file.

``inspect`` reads the archive through the same checks as loading
(:class:`~multikeras.saving.archive_reader.KerasArchive`) and prints the
metadata, the layer table from ``config.json`` and the weight names, shapes
and dtypes from the weights entry's headers. It builds no model, resolves no
class and reads no weight values, so nothing in the file can run.
``compare`` loads the model (safe mode) and runs
:func:`multikeras.utils.compare_backends` on random inputs.
"""

from __future__ import annotations

import argparse
import io
import json
from collections.abc import Sequence
from typing import Any

import h5py
import numpy as np

from multikeras.saving.archive_reader import CONFIG, METADATA, WEIGHTS_SAFETENSORS, KerasArchive, parse_json
from multikeras.saving.errors import SavedFileError


def layer_rows(config: Any, depth: int = 0) -> list[tuple[str, str, int]]:
    """``(name, class_name, depth)`` of every layer listed in a model config, nested models included.

    Example:
        >>> layer_rows({"class_name": "Sequential", "config": {"name": "s", "layers": [
        ...     {"class_name": "Dense", "config": {"name": "d"}}]}})
        [('s', 'Sequential', 0), ('d', 'Dense', 1)]
    """
    if not isinstance(config, dict):
        return []
    inner = config.get("config") if isinstance(config.get("config"), dict) else {}
    name = inner.get("name", config.get("name", "?"))
    rows = [(str(name), str(config.get("class_name", "?")), depth)]
    layers = inner.get("layers")
    if isinstance(layers, list):
        for layer in layers:
            rows += layer_rows(layer, depth + 1)
    return rows


def weight_rows(entry: str, data: bytes, filepath: str) -> list[tuple[str, tuple[int, ...], str]]:
    """``(weight key, shape, dtype)`` from the headers of a weights entry, without reading any values.

    Example:
        >>> import safetensors.numpy
        >>> weight_rows("model.weights.safetensors", safetensors.numpy.save({"vars/0": np.ones((2, 3), "float32")}), "m")
        [('vars/0', (2, 3), 'F32')]
    """
    if entry == WEIGHTS_SAFETENSORS:
        if len(data) < 8 or int.from_bytes(data[:8], "little") > len(data) - 8:
            raise SavedFileError("inspect", filepath, [(entry, "not a valid safetensors file (header length)")])
        header = parse_json(data[8:8 + int.from_bytes(data[:8], "little")], "inspect", filepath, entry)
        if not isinstance(header, dict):
            raise SavedFileError("inspect", filepath, [(entry, "the safetensors header is not a JSON object")])
        return [(key, tuple(value.get("shape", ())), str(value.get("dtype")))
                for key, value in sorted(header.items()) if key != "__metadata__" and isinstance(value, dict)]
    rows: list[tuple[str, tuple[int, ...], str]] = []
    try:
        with h5py.File(io.BytesIO(data), "r") as weights:
            def visit(name: str, item: Any) -> None:
                if isinstance(item, h5py.Dataset):
                    dtype = item.attrs.get("dtype", item.dtype)
                    rows.append((name, tuple(item.shape), dtype.decode() if isinstance(dtype, bytes) else str(dtype)))

            weights.visititems(visit)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise SavedFileError("inspect", filepath, [(entry, f"not a readable HDF5 file ({type(error).__name__}: {error})")]) from None
    return rows


def inspect_text(path: str) -> str:
    """The report ``python -m multikeras inspect`` prints for the archive at ``path``.

    Example:
        >>> import os, tempfile, multikeras as mk
        >>> path = os.path.join(tempfile.mkdtemp(), "m.keras")
        >>> with mk.backend.use("numpy"):
        ...     mk.Sequential([mk.Input((2,)), mk.layers.Dense(1, name="d")], name="s").save(path)
        >>> "layers/dense/vars/0  (2, 1)  float32" in inspect_text(path)
        True
    """
    with KerasArchive(path, "inspect") as archive:
        metadata = archive.read_json(METADATA)
        config = archive.read_json(CONFIG)
        entry = archive.weights_entry
        weights = weight_rows(entry, archive.read(entry), path)
    lines = [f"file: {path}", "metadata:"]
    if isinstance(metadata, dict):
        lines += [f"  {key}: {value}" for key, value in metadata.items()]
    lines.append("layers (name, class):")
    lines += [f"  {'  ' * depth}{name}  {class_name}" for name, class_name, depth in layer_rows(config)]
    if isinstance(config, dict) and config.get("compile_config"):
        lines.append("compiled: yes")
    lines.append(f"weights ({entry}, {len(weights)} arrays, {sum(int(np.prod(s)) for _, s, _ in weights)} values):")
    lines += [f"  {key}  {shape}  {dtype}" for key, shape, dtype in weights]
    return "\n".join(lines)


def random_inputs(model: Any, seed: int = 0, batch: int = 2) -> Any:
    """Random float inputs shaped like ``model``'s inputs (unknown sizes become ``batch``).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     model = mk.Sequential([mk.Input((3,)), mk.layers.Dense(1)])
        >>> random_inputs(model).shape
        (2, 3)
    """
    rng = np.random.default_rng(seed)
    specs = list(getattr(model, "inputs", None) or [])
    if not specs:
        raise ValueError(f"compare: model {getattr(model, 'name', '?')!r} has no known input shape; expected a model "
                         "built on an Input (Sequential or functional).")
    arrays = [rng.standard_normal([batch if d is None else d for d in spec.shape]).astype(
        spec.dtype if str(spec.dtype).startswith("float") else "float32") for spec in specs]
    return arrays[0] if len(arrays) == 1 else arrays


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``python -m multikeras {inspect,compare} FILE``; return the exit status (2 for a bad file).

    Example:
        >>> main(["inspect", "/no/such.keras"])
        error: inspect: '/no/such.keras': not a valid .keras zip file (FileNotFoundError: ...)
        2
    """
    parser = argparse.ArgumentParser(prog="python -m multikeras", description="Inspect or compare .keras files.")
    commands = parser.add_subparsers(dest="command", required=True)
    inspect = commands.add_parser("inspect", help="print metadata, layers and weight shapes (runs nothing from the file)")
    inspect.add_argument("file")
    compare = commands.add_parser("compare", help="run the model on several backends and report differences")
    compare.add_argument("file")
    compare.add_argument("--backends", nargs="+", default=None, help="backends to compare (default: all available)")
    compare.add_argument("--seed", type=int, default=0)
    compare.add_argument("--batch", type=int, default=2)
    args = parser.parse_args(argv)
    try:
        if args.command == "inspect":
            print(inspect_text(args.file))
            return 0
        from multikeras.saving.saving_api import load_model
        from multikeras.utils import compare_backends

        model = load_model(args.file, compile=False)
        report = compare_backends(model, random_inputs(model, args.seed, args.batch), backends=args.backends)
        print(report)
        return 0
    except (ValueError, FileNotFoundError) as error:
        print(f"error: {error}")
        return 2
