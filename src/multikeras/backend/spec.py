"""`BackendSpec`: what a plug-in tells multikeras about itself before it loads."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import importlib
import importlib.util
from collections.abc import Iterator


@dataclasses.dataclass(frozen=True)
class BackendSpec:
    """The cheap description a backend plug-in returns from its hook.

    Describing a backend must not import its framework: multikeras reads
    every spec at discovery time, then imports only the selected backend.

    Args:
        name: the name users select the backend by (``"torch"``).
        loader: ``"package.module:function"``; calling it returns the
            loaded :class:`~multikeras.backend.contract.Backend`.
        requires: top-level modules the backend imports; the backend is
            reported unavailable when one of them is not installed.
        install_hint: what to run to install the missing requirements.
        default_rank: rank among backends picked when the user selects
            none (lower first); ``None`` means never picked by default.
        description: one line shown in listings.

    Example:
        >>> spec = BackendSpec(name="mine", loader="mine.impl:load")
        >>> spec.missing_requirements()
        []
    """

    name: str
    loader: str
    requires: tuple[str, ...] = ()
    install_hint: str = ""
    default_rank: int | None = None
    description: str = ""

    def missing_requirements(self) -> list[str]:
        """Return the required top-level modules that cannot be found."""
        missing = []
        for module in self.requires:
            try:
                found = importlib.util.find_spec(module) is not None
            except (ImportError, ValueError):
                found = False
            if not found:
                missing.append(module)
        return missing

    def load(self):
        """Import the loader and call it; returns a ``Backend``.

        Importing the loader's module imports the framework, as a plain
        ``import`` of it would. The loader function then builds the plug-in's
        op modules and tables with the cyclic garbage collector paused: they
        are thousands of long-lived objects and no garbage, and on a
        framework's large heap each full collection they would otherwise set
        off finds nothing and costs about a tenth of a second (torch).
        """
        module_name, _, attribute = self.loader.partition(":")
        module = importlib.import_module(module_name)
        factory = getattr(module, attribute or "load")
        with _collector_paused():
            return factory()


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector, restoring its previous state after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
