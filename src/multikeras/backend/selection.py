"""Which backend is active, with one precedence (highest first):

1. :func:`use` — a context manager or decorator, local to the thread and
   asyncio task (``contextvars``);
2. :func:`set_backend` — process-wide;
3. the ``MULTIKERAS_BACKEND`` environment variable;
4. ``"backend"`` in ``$MULTIKERAS_HOME/multikeras.json``;
5. the first installed of jax, torch, tensorflow, else numpy.

Levels 3-5 are read once, the first time a backend is needed. Switching
never reloads modules: tensors and objects made under one backend stay valid.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import threading
import warnings
from typing import Any

from multikeras.backend import config
from multikeras.backend.contract import Backend
from multikeras.backend.errors import BackendNotFoundError
from multikeras.backend.registry import REGISTRY

ENV_VAR = "MULTIKERAS_BACKEND"

# The op fast path reads these two: ``_override.get() or _process_backend()``.
_override: contextvars.ContextVar[Backend | None] = contextvars.ContextVar(
    "multikeras_backend_override", default=None
)
_process: list[Backend | None] = [None]
_process_lock = threading.Lock()


def _process_backend() -> Backend:
    backend = _process[0]
    if backend is not None:
        return backend
    with _process_lock:
        if _process[0] is None:
            _process[0] = _resolve_configured()
        return _process[0]


def _resolve_configured() -> Backend:
    for source, name in (
        (f"environment variable {ENV_VAR}", os.environ.get(ENV_VAR)),
        (f"settings file {config.settings_file()}", config.file_backend()),
    ):
        if name:
            try:
                return REGISTRY.load(name.strip())
            except BackendNotFoundError as error:
                raise BackendNotFoundError(f"{error} (requested by the {source})") from error
    # No explicit choice: take the best installed backend that loads.
    while True:
        name = REGISTRY.default_name()
        try:
            return REGISTRY.load(name)
        except BackendNotFoundError:
            continue  # load() recorded it unavailable and warned; try the next one


def current() -> Backend:
    """Return the active :class:`Backend` object.

    Example:
        >>> current().name == backend()
        True
    """
    return _override.get() or _process_backend()


def backend() -> str:
    """Return the name of the active backend (Keras's ``keras.backend.backend()``).

    Example:
        >>> with use("numpy"):
        ...     backend()
        'numpy'
    """
    return current().name


def get_backend(name: str | None = None) -> Backend:
    """Return the loaded backend ``name`` (the active one when ``None``)."""
    if name is None:
        return current()
    if isinstance(name, Backend):
        return name
    return REGISTRY.load(_check_name(name))


def set_backend(name: str) -> None:
    """Make ``name`` the process-wide backend (still overridden inside :func:`use`).

    Raises :class:`BackendNotFoundError` listing the available backends when
    ``name`` is unknown or not installed; the previous backend then stays.

    Example:
        >>> previous = backend()
        >>> set_backend("numpy"); backend()
        'numpy'
        >>> set_backend(previous)
    """
    loaded = REGISTRY.load(_check_name(name))
    with _process_lock:
        _process[0] = loaded


class BackendScope(contextlib.ContextDecorator):
    """What :func:`use` returns: selects its backend for a ``with`` block or a decorated function.

    The backend is loaded and selected on entry, and the previous selection
    comes back on exit, also when the block raises. Calling ``use(name)``
    alone, as a statement, selects nothing; such a scope warns when it is
    dropped without having been entered, naming the two ways to select.
    """

    def __init__(self, name: str | Backend):
        self._name = name if isinstance(name, Backend) else _check_name(name)
        self._tokens: list[contextvars.Token] = []
        self._used = False

    def __enter__(self) -> Backend:
        self._used = True
        loaded = self._name if isinstance(self._name, Backend) else REGISTRY.load(self._name)
        self._tokens.append(_override.set(loaded))
        return loaded

    def __exit__(self, *exc_info: object) -> None:
        _override.reset(self._tokens.pop())

    def __call__(self, function: Any) -> Any:
        self._used = True  # a decorator: each call of the function enters a scope of its own
        return super().__call__(function)

    def _recreate_cm(self) -> BackendScope:
        scope = BackendScope(self._name)
        scope._used = True
        return scope

    def __del__(self) -> None:
        if not getattr(self, "_used", True):
            name = self._name.name if isinstance(self._name, Backend) else self._name
            warnings.warn(
                f"multikeras.backend.use({name!r}) was never entered, so it selected nothing. Write "
                f"'with multikeras.backend.use({name!r}):' for a block, or "
                f"multikeras.backend.set_backend({name!r}) for the whole process.",
                RuntimeWarning,
                stacklevel=2,
            )


def use(name: str | Backend) -> BackendScope:
    """Run a block with backend ``name`` active, in this thread or task only.

    A context manager (or a function decorator); ``use(name)`` alone selects
    nothing and warns: :func:`set_backend` selects for the whole process.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     type(mk.ops.ones(2)).__module__
        'numpy'
    """
    return BackendScope(name)


def _check_name(name: object) -> str:
    if not isinstance(name, str):
        raise TypeError(
            f"backend name: expected a string such as 'jax' or 'torch', "
            f"received {type(name).__name__} {name!r}."
        )
    return name.strip()
