"""Reading ``.keras`` archives defensively: layout, names and a size budget, checked before anything is used.

A ``.keras`` zip (or a folder saved with ``zipped=False``) is opened through
:class:`KerasArchive`, which checks the zip directory before reading a byte of
any entry:

* every entry name is a plain relative path (no ``..``, no absolute path, no
  backslash, no drive letter, no control character) and appears once;
* the layout is the known one: ``metadata.json``, ``config.json``, exactly one
  of ``model.weights.h5`` / ``model.weights.safetensors``, and anything under
  ``assets/``; nothing else;
* a size budget (:class:`ArchiveLimits`): per entry, in total, and a
  compression-ratio limit against zip bombs; entries may not overlap in the
  file (the overlapping-entries zip bomb), be encrypted, or use a compression
  method other than stored or deflate.

Reading then streams each entry in chunks and stops as soon as it passes its
budget, so a header that lies about a size cannot get past it, and the zip's
CRC check catches damaged data. Nothing is extracted to disk. Every problem
raises :class:`~multikeras.saving.errors.SavedFileError` naming the file, the
entry and what was wrong.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import json
import os
import re
import stat
import zipfile
from collections.abc import Iterator
from typing import Any

from multikeras.saving.errors import SavedFileError

METADATA = "metadata.json"
CONFIG = "config.json"
WEIGHTS_H5 = "model.weights.h5"
WEIGHTS_SAFETENSORS = "model.weights.safetensors"
ASSETS = "assets/"
KNOWN_ENTRIES = (METADATA, CONFIG, WEIGHTS_H5, WEIGHTS_SAFETENSORS)
_CHUNK = 1 << 20
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclasses.dataclass(frozen=True)
class ArchiveLimits:
    """The size budget of reading a ``.keras`` archive.

    Args:
        max_total_bytes: all entries together, uncompressed.
        max_entry_bytes: one entry, uncompressed (the weights are one entry).
        max_json_bytes: ``metadata.json`` and ``config.json`` each.
        max_compression_ratio: uncompressed / compressed size of an entry,
            checked for entries over ``ratio_floor_bytes``.
        ratio_floor_bytes: smaller entries are not ratio-checked.
        max_entries: entries in the zip directory.
        variable_bytes_ratio: while a model is rebuilt from the config, its
            variables may hold at most this many times the bytes of the
            weights entry, plus ``variable_bytes_floor``: a hand-edited config
            cannot make the loader allocate far more than the file brings.
        variable_bytes_floor: the allowance on top (metric and step counters,
            compressed HDF5 datasets).

    Example:
        >>> ArchiveLimits().max_json_bytes == 64 * 2**20
        True
    """

    max_total_bytes: int = 16 * 2**30
    max_entry_bytes: int = 16 * 2**30
    max_json_bytes: int = 64 * 2**20
    max_compression_ratio: float = 200.0
    ratio_floor_bytes: int = 2**20
    max_entries: int = 10_000
    variable_bytes_ratio: float = 4.0
    variable_bytes_floor: int = 64 * 2**20

    def variable_budget(self, weights_bytes: int) -> int:
        """The most bytes of variables a model rebuilt from an archive with ``weights_bytes`` of weights may create.

        Example:
            >>> ArchiveLimits(variable_bytes_ratio=2.0, variable_bytes_floor=10).variable_budget(100)
            210
        """
        return int(weights_bytes * self.variable_bytes_ratio) + self.variable_bytes_floor


_limits: contextvars.ContextVar[ArchiveLimits] = contextvars.ContextVar("multikeras_archive_limits", default=ArchiveLimits())


def current_limits() -> ArchiveLimits:
    """The :class:`ArchiveLimits` in force (the defaults unless inside :func:`archive_limits`).

    Example:
        >>> current_limits().max_entries
        10000
    """
    return _limits.get()


@contextlib.contextmanager
def archive_limits(**overrides: Any) -> Iterator[ArchiveLimits]:
    """Change the archive size budget inside the block (e.g. to load a model over 16 GiB).

    Args:
        **overrides: fields of :class:`ArchiveLimits`.

    Example:
        >>> with archive_limits(max_json_bytes=1024) as limits:
        ...     print(current_limits().max_json_bytes, limits.max_entries)
        1024 10000
    """
    limits = dataclasses.replace(_limits.get(), **overrides)
    token = _limits.set(limits)
    try:
        yield limits
    finally:
        _limits.reset(token)


def name_problem(name: str) -> str | None:
    """Why ``name`` may not be an entry of an archive, or ``None`` when it is a plain relative path.

    Example:
        >>> name_problem("assets/vocab.txt") is None, name_problem("../evil.py")
        (True, "a '..' component (path traversal)")
    """
    if not name:
        return "an empty name"
    if "\\" in name:
        return "a backslash (Windows path separator)"
    if name.startswith("/"):
        return "an absolute path"
    if _DRIVE.match(name):
        return "a drive letter"
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        return "a control character"
    parts = name.rstrip("/").split("/")
    if any(part == ".." for part in parts):
        return "a '..' component (path traversal)"
    if any(part in ("", ".") for part in parts):
        return "an empty or '.' component"
    return None


def layout_problem(name: str) -> str | None:
    """Why ``name`` does not belong to the ``.keras`` layout, or ``None``.

    Example:
        >>> layout_problem("config.json") is None, layout_problem("run.py")[:29]
        (True, 'not part of the .keras layout')
    """
    if name in KNOWN_ENTRIES or name.startswith(ASSETS) or name == ASSETS.rstrip("/"):
        return None
    return f"not part of the .keras layout (expected {', '.join(KNOWN_ENTRIES[:-1])} or {KNOWN_ENTRIES[-1]}, and assets/...)"


def _strict_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r} in a JSON object")
        result[key] = value
    return result


def parse_json(data: bytes, where: str, filepath: str, entry: str) -> Any:
    """Parse a JSON entry: UTF-8, no duplicate keys; any problem is a :class:`SavedFileError`.

    Example:
        >>> parse_json(b'{"a": 1}', "load_model", "m.keras", "config.json")
        {'a': 1}
    """
    try:
        return json.loads(data.decode("utf-8"), object_pairs_hook=_strict_pairs)
    except (ValueError, RecursionError) as error:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise SavedFileError(where, filepath, [(entry, f"not valid JSON ({type(error).__name__}: {error})")]) from None


class KerasArchive:
    """A checked ``.keras`` zip or folder, whose entries are read within the size budget.

    Args:
        path: the ``.keras`` file or folder.
        where: the loading function, named in errors (``"load_model"``).

    Raises:
        SavedFileError: the archive is not a valid zip, or breaks a layout,
            name or size rule (every problem of the directory is listed).

    Example:
        >>> import os, tempfile, multikeras as mk
        >>> path = os.path.join(tempfile.mkdtemp(), "m.keras")
        >>> with mk.backend.use("numpy"):
        ...     mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)]).save(path)
        >>> with KerasArchive(path, "load_model") as archive:
        ...     print(archive.weights_entry, sorted(archive.names))
        model.weights.h5 ['config.json', 'metadata.json', 'model.weights.h5']
    """

    def __init__(self, path: str | os.PathLike, where: str):
        self.path = os.fspath(path)
        self.where = where
        self.limits = current_limits()
        self._zip: zipfile.ZipFile | None = None
        self._sizes: dict[str, int] = {}
        self._read_total = 0
        if os.path.isdir(self.path):
            names = self._scan_folder()
        else:
            names = self._scan_zip()
        self.names = names
        self.weights_entry = self._check_layout(names)

    # Directory checks ------------------------------------------------------------

    def _fail(self, problems: list[tuple[str, str]]) -> None:
        if problems:
            self.close()
            raise SavedFileError(self.where, self.path, problems)

    def _scan_zip(self) -> list[str]:
        try:
            self._zip = zipfile.ZipFile(self.path, "r")
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, OverflowError) as error:
            raise SavedFileError(
                self.where, self.path, [("", f"not a valid .keras zip file ({type(error).__name__}: {error})")]
            ) from None
        limits = self.limits
        problems: list[tuple[str, str]] = []
        if len(infos) > limits.max_entries:
            self._fail([("", f"{len(infos)} entries, over the limit of {limits.max_entries}")])
        seen: set[str] = set()
        total = 0
        archive_size = os.path.getsize(self.path)
        for info in infos:
            name = info.filename
            problem = name_problem(name) or layout_problem(name)
            if problem is None and name in seen:
                problem = "appears more than once in the archive"
            if problem is None and info.flag_bits & 0x1:
                problem = "is encrypted"
            if problem is None and info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                problem = f"uses compression method {info.compress_type}; expected stored (0) or deflate (8)"
            if problem is None:
                problem = self._size_problem(name, info.file_size, info.compress_size, archive_size)
            if problem is not None:
                problems.append((name, problem))
            seen.add(name)
            total += info.file_size
            self._sizes[name] = info.file_size
        if total > limits.max_total_bytes:
            problems.append(("", f"entries total {total} bytes uncompressed, over the limit of {limits.max_total_bytes}"))
        problems += self._overlaps(infos)
        self._fail(problems)
        return [info.filename for info in infos]

    def _size_problem(self, name: str, size: int, packed: int | None, archive_size: int | None) -> str | None:
        limits = self.limits
        limit = limits.max_json_bytes if name.endswith(".json") and "/" not in name else limits.max_entry_bytes
        if size > limit:
            return f"{size} bytes uncompressed, over the limit of {limit} for this entry"
        if packed is None:
            return None
        if archive_size is not None and packed > archive_size:
            return f"declares {packed} compressed bytes, more than the whole file ({archive_size} bytes)"
        if size > limits.ratio_floor_bytes and size > packed * limits.max_compression_ratio:
            ratio = size / max(packed, 1)
            return (f"compression ratio {ratio:.0f}:1 ({packed} -> {size} bytes), over the limit of "
                    f"{limits.max_compression_ratio:.0f}:1 (a zip bomb?)")
        return None

    def _overlaps(self, infos: list[zipfile.ZipInfo]) -> list[tuple[str, str]]:
        problems = []
        ordered = sorted(infos, key=lambda info: info.header_offset)
        for before, after in zip(ordered, ordered[1:]):
            end = before.header_offset + 30 + len(before.orig_filename.encode("utf-8", "replace")) + before.compress_size
            if end > after.header_offset:
                problems.append((after.filename, f"overlaps the data of entry {before.filename!r}"))
        return problems

    def _scan_folder(self) -> list[str]:
        names: list[str] = []
        problems: list[tuple[str, str]] = []
        total = 0
        for root, folders, files in os.walk(self.path, followlinks=False):
            for entry in folders + files:
                full = os.path.join(root, entry)
                name = os.path.relpath(full, self.path).replace(os.sep, "/")
                mode = os.lstat(full).st_mode
                if stat.S_ISDIR(mode):
                    if layout_problem(name + "/") is not None:
                        problems.append((name + "/", layout_problem(name + "/") or ""))
                    continue
                problem = layout_problem(name)
                if problem is None and not stat.S_ISREG(mode):
                    problem = "not a regular file (links are refused)"
                size = os.lstat(full).st_size
                if problem is None:
                    problem = self._size_problem(name, size, None, None)
                if problem is not None:
                    problems.append((name, problem))
                names.append(name)
                total += size
                self._sizes[name] = size
        if total > self.limits.max_total_bytes:
            problems.append(("", f"entries total {total} bytes, over the limit of {self.limits.max_total_bytes}"))
        self._fail(problems)
        return sorted(names)

    def _check_layout(self, names: list[str]) -> str:
        kind = "model folder" if self._zip is None else ".keras file"
        missing = [name for name in (METADATA, CONFIG) if name not in names]
        weights = [name for name in (WEIGHTS_H5, WEIGHTS_SAFETENSORS) if name in names]
        problems = [(name, f"missing: the {kind} has no {name!r}; it holds {names}") for name in missing]
        if len(weights) == 2:
            problems.append((WEIGHTS_SAFETENSORS, f"the {kind} holds both {WEIGHTS_H5!r} and {WEIGHTS_SAFETENSORS!r}; "
                                                  "expected exactly one weights entry"))
        elif not weights:
            problems.append((WEIGHTS_H5, f"missing: the {kind} has no {WEIGHTS_H5!r} (nor {WEIGHTS_SAFETENSORS!r}); "
                                         f"it holds {names}"))
        self._fail(problems)
        return weights[0]

    # Reading -------------------------------------------------------------------------

    def read(self, name: str) -> bytes:
        """The bytes of entry ``name``, read in chunks within its budget; the CRC is checked.

        Raises:
            SavedFileError: the entry is missing, holds more data than its
                header declares or the budget allows, or is damaged.
        """
        if name not in self._sizes:
            raise SavedFileError(self.where, self.path, [(name, f"missing: the archive has no {name!r}; it holds {self.names}")])
        declared = self._sizes[name]
        try:
            if self._zip is None:
                stream: Any = open(os.path.join(self.path, *name.split("/")), "rb")
            else:
                stream = self._zip.open(name, "r")
            with stream:
                chunks = []
                size = 0
                while True:
                    chunk = stream.read(min(_CHUNK, declared + 1 - size))
                    if not chunk:
                        break
                    size += len(chunk)
                    self._read_total += len(chunk)
                    if size > declared:
                        raise SavedFileError(self.where, self.path, [(name, f"holds more data than the {declared} "
                                                                            "bytes its header declares")])
                    if self._read_total > self.limits.max_total_bytes:
                        raise SavedFileError(self.where, self.path, [(name, "reading passes the archive's total "
                                                                            f"budget of {self.limits.max_total_bytes} bytes")])
                    chunks.append(chunk)
        except SavedFileError:
            raise
        except Exception as error:  # BadZipFile (CRC), zlib.error, OSError, EOFError...: damaged data
            raise SavedFileError(self.where, self.path, [(name, f"damaged entry ({type(error).__name__}: {error})")]) from None
        if size != declared:
            raise SavedFileError(self.where, self.path, [(name, f"holds {size} bytes; its header declares {declared}")])
        return b"".join(chunks)

    def read_json(self, name: str) -> Any:
        """Entry ``name`` parsed as JSON (see :func:`parse_json`)."""
        return parse_json(self.read(name), self.where, self.path, name)

    def close(self) -> None:
        """Close the zip file (nothing to do for a folder)."""
        if self._zip is not None:
            self._zip.close()
            self._zip = None

    def __enter__(self) -> KerasArchive:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()
