"""`BackendSpec`: what a plug-in tells multikeras about itself before it loads."""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util


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
        """Import the loader and call it; returns a ``Backend``."""
        module_name, _, attribute = self.loader.partition(":")
        module = importlib.import_module(module_name)
        factory = getattr(module, attribute or "load")
        return factory()
