"""Entry point of the ``numpy64`` backend (group ``multikeras.backends``).

multikeras reads this at discovery time, so it imports no framework and
builds nothing: the loader named here runs only when ``numpy64`` is selected.
"""

from multikeras.backend.hookspecs import hookimpl
from multikeras.backend.spec import BackendSpec


@hookimpl
def multikeras_backend() -> BackendSpec:
    """Describe the numpy64 backend to the multikeras registry."""
    return BackendSpec(
        name="numpy64",
        loader="multikeras_numpy64.backend:load",
        requires=("numpy",),
        install_hint="pip install ./examples/numpy64_backend",
        default_rank=None,  # never chosen unless asked for by name
        description="NumPy with float64 as the default float (example plug-in)",
    )
