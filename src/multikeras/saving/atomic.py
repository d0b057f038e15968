"""Atomic writes: a file or folder appears complete or not at all.

The content is written to a temporary sibling of the target (same folder, so
same file system) and moved over the target only once complete, with
``os.replace``. A crash or an error mid-write leaves the previous file as it was.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager


def _temporary_sibling(path: str, kind: str) -> str:
    directory, name = os.path.split(os.path.abspath(path))
    return os.path.join(directory, f".{name}.{kind}-{uuid.uuid4().hex[:12]}")


@contextmanager
def atomic_file(path: str | os.PathLike) -> Iterator[str]:
    """Yield a temporary path to write; on success it replaces ``path``, on error it is removed.

    Example:
        >>> import os, tempfile
        >>> target = os.path.join(tempfile.mkdtemp(), "out.txt")
        >>> with atomic_file(target) as temporary:
        ...     _ = open(temporary, "w").write("done")
        >>> open(target).read()
        'done'
    """
    target = os.fspath(path)
    temporary = _temporary_sibling(target, "tmp")
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


@contextmanager
def atomic_directory(path: str | os.PathLike) -> Iterator[str]:
    """Yield a temporary folder to fill; on success it takes the place of the folder ``path``.

    The old folder is moved aside, the new one moved in, then the old one
    deleted; on error the temporary folder is deleted and ``path`` is untouched.

    Example:
        >>> import os, tempfile
        >>> target = os.path.join(tempfile.mkdtemp(), "model")
        >>> with atomic_directory(target) as temporary:
        ...     _ = open(os.path.join(temporary, "a.json"), "w").write("{}")
        >>> os.listdir(target)
        ['a.json']
    """
    target = os.fspath(path)
    temporary = _temporary_sibling(target, "tmp")
    os.makedirs(temporary)
    try:
        yield temporary
        if os.path.isdir(target):
            old = _temporary_sibling(target, "old")
            os.replace(target, old)
            os.replace(temporary, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(temporary, target)
    finally:
        if os.path.isdir(temporary):
            shutil.rmtree(temporary, ignore_errors=True)
