"""Discovery of backend plug-ins through entry points and pluggy.

Discovery reads only :class:`BackendSpec` objects; a backend's framework is
imported when the backend is first loaded. A plug-in that fails at any step
is recorded in :func:`unavailable` with the reason and reported with a
warning; it never breaks ``import multikeras``.
"""

from __future__ import annotations

import importlib.metadata
import threading
import warnings
from collections.abc import Iterable
from typing import Any

import pluggy

from multikeras.backend.contract import CONTRACT_VERSION, Backend
from multikeras.backend.errors import BackendLoadError, BackendNotFoundError
from multikeras.backend.hookspecs import ENTRY_POINT_GROUP, PROJECT_NAME, BackendHookSpecs
from multikeras.backend.spec import BackendSpec


class BackendRegistry:
    """Known backend specs, loaded backends, and the reasons others are unavailable.

    Example:
        >>> registry = BackendRegistry()
        >>> "numpy" in registry.available()
        True
    """

    def __init__(self, entry_point_group: str = ENTRY_POINT_GROUP):
        self._group = entry_point_group
        self._lock = threading.RLock()
        self._specs: dict[str, BackendSpec] = {}
        self._unavailable: dict[str, str] = {}
        self._loaded: dict[str, Backend] = {}
        self._discovered = False

    # Discovery -----------------------------------------------------------

    def discover(self, force: bool = False) -> None:
        """Read every installed plug-in's spec (idempotent unless ``force``)."""
        with self._lock:
            if self._discovered and not force:
                return
            manager = pluggy.PluginManager(PROJECT_NAME)
            manager.add_hookspecs(BackendHookSpecs)
            for entry_point in _entry_points(self._group):
                if manager.has_plugin(entry_point.name):
                    continue  # the same distribution seen twice on sys.path
                try:
                    plugin = entry_point.load()
                    manager.register(plugin, name=entry_point.name)
                except Exception as error:  # a broken plug-in must not break import
                    self._mark_unavailable(
                        entry_point.name,
                        f"plug-in module {entry_point.value!r} failed to import: "
                        f"{type(error).__name__}: {error}",
                    )
            # Each hook is called on its own: one plug-in raising must not hide the others.
            for implementation in manager.hook.multikeras_backend.get_hookimpls():
                try:
                    result = implementation.function()
                except Exception as error:
                    self._mark_unavailable(
                        implementation.plugin_name,
                        f"plug-in hook multikeras_backend() failed: {type(error).__name__}: {error}",
                    )
                    continue
                for spec in result if isinstance(result, (list, tuple)) else [result]:
                    if isinstance(spec, BackendSpec):
                        self._add_spec(spec)
            self._discovered = True

    def register(self, spec: BackendSpec) -> None:
        """Register a backend spec by hand (for plug-ins not installed as packages).

        Example:
            >>> registry = BackendRegistry()
            >>> registry.register(BackendSpec("mine", "mine.impl:load", requires=("no_such_module_xyz",)))
            >>> registry.unavailable()["mine"]
            "framework module 'no_such_module_xyz' is not installed"
        """
        with self._lock:
            self.discover()
            self._add_spec(spec)

    def _add_spec(self, spec: BackendSpec) -> None:
        if spec.name in self._specs:
            return
        self._specs[spec.name] = spec
        missing = spec.missing_requirements()
        if missing:
            modules = ", ".join(repr(m) for m in missing)
            noun = "module" if len(missing) == 1 else "modules"
            self._unavailable[spec.name] = f"framework {noun} {modules} {'is' if len(missing) == 1 else 'are'} not installed"
        else:
            self._unavailable.pop(spec.name, None)

    def _mark_unavailable(self, name: str, reason: str) -> None:
        self._unavailable[name] = reason
        warnings.warn(f"multikeras: backend '{name}' is unavailable: {reason}", stacklevel=3)

    # Queries -------------------------------------------------------------

    def specs(self) -> dict[str, BackendSpec]:
        """Return every discovered spec, available or not."""
        self.discover()
        return dict(self._specs)

    def available(self) -> list[str]:
        """Names of backends that can be selected, sorted."""
        self.discover()
        return sorted(name for name in self._specs if name not in self._unavailable)

    def unavailable(self) -> dict[str, str]:
        """Map of backend name to the reason it cannot be selected."""
        self.discover()
        return dict(sorted(self._unavailable.items()))

    def default_name(self) -> str:
        """The backend used when the user selects none: lowest ``default_rank`` available."""
        ranked = sorted(
            (spec.default_rank, name)
            for name, spec in self.specs().items()
            if spec.default_rank is not None and name not in self._unavailable
        )
        if not ranked:
            raise BackendNotFoundError(
                "No multikeras backend is available. "
                f"Unavailable: {self._describe_unavailable()}. "
                "Install one with: pip install 'multikeras[jax]' (or torch, tensorflow)."
            )
        return ranked[0][1]

    # Loading -------------------------------------------------------------

    def load(self, name: str) -> Backend:
        """Return the loaded backend ``name``, importing its framework the first time."""
        backend = self._loaded.get(name)
        if backend is not None:
            return backend
        with self._lock:
            backend = self._loaded.get(name)
            if backend is not None:
                return backend
            self.discover()
            spec = self._specs.get(name)
            if spec is None or name in self._unavailable:
                raise BackendNotFoundError(self._not_found_message(name))
            try:
                backend = spec.load()
            except Exception as error:
                reason = f"loading failed: {type(error).__name__}: {error}"
                self._mark_unavailable(name, reason)
                raise BackendLoadError(self._not_found_message(name)) from error
            if not isinstance(backend, Backend):
                reason = (
                    f"loader {spec.loader!r} returned {type(backend).__name__}, "
                    "expected a multikeras.backend.Backend"
                )
                self._mark_unavailable(name, reason)
                raise BackendLoadError(self._not_found_message(name))
            if backend.contract_version != CONTRACT_VERSION:
                reason = (
                    f"implements backend contract version {backend.contract_version}, "
                    f"this multikeras expects version {CONTRACT_VERSION}"
                )
                self._mark_unavailable(name, reason)
                raise BackendLoadError(self._not_found_message(name))
            self._loaded[name] = backend
            return backend

    def loaded(self) -> list[str]:
        """Names of the backends loaded so far in this process."""
        return sorted(self._loaded)

    def _describe_unavailable(self) -> str:
        if not self._unavailable:
            return "none"
        return "; ".join(f"{name} ({reason})" for name, reason in sorted(self._unavailable.items()))

    def _not_found_message(self, name: Any) -> str:
        available = ", ".join(self.available()) or "none"
        spec = self._specs.get(name) if isinstance(name, str) else None
        if spec is None:
            known_extras = {"jax": "jax", "torch": "torch", "tensorflow": "tensorflow"}
            hint = (
                f" Install it with: pip install 'multikeras[{known_extras[name]}]'."
                if name in known_extras
                else " A third-party backend is installed as its own pip package."
            )
            return f"Unknown backend {name!r}. Available backends: {available}.{hint}"
        reason = self._unavailable.get(name, "unknown reason")
        hint = f" Install it with: {spec.install_hint}." if spec.install_hint else ""
        return (
            f"Backend {name!r} is not available: {reason}.{hint} "
            f"Available backends: {available}."
        )


def _entry_points(group: str) -> Iterable[importlib.metadata.EntryPoint]:
    return importlib.metadata.entry_points(group=group)


REGISTRY = BackendRegistry()
"""The process-wide registry used by selection and the public functions."""
