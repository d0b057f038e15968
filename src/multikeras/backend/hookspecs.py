"""The pluggy hook a backend plug-in implements.

A plug-in is a module registered under the entry-point group
``multikeras.backends``; it defines one function marked with
:data:`hookimpl` that returns a :class:`BackendSpec` (or a list of them)::

    # my_backend/plugin.py
    from multikeras.backend.hookspecs import hookimpl
    from multikeras.backend.spec import BackendSpec

    @hookimpl
    def multikeras_backend():
        return BackendSpec(name="mine", loader="my_backend.impl:load")

pluggy is used for discovery only: once a backend is loaded, op calls go
straight to its functions.
"""

from __future__ import annotations

import pluggy

PROJECT_NAME = "multikeras"
ENTRY_POINT_GROUP = "multikeras.backends"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


class BackendHookSpecs:
    """Hook specifications for backend plug-ins."""

    @hookspec
    def multikeras_backend(self):
        """Return a ``BackendSpec`` (or a list of them) describing the plug-in."""
