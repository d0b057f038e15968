"""Entry point of the NumPy (inference only) backend (group ``multikeras.backends``).

Imports no framework: it only describes the backend.
"""

from multikeras.backend.hookspecs import hookimpl
from multikeras.backend.spec import BackendSpec


@hookimpl
def multikeras_backend() -> BackendSpec:
    """Describe the numpy backend to the registry."""
    return BackendSpec(
        name="numpy",
        loader="multikeras.backends.numpy.backend:load",
        requires=("numpy",),
        install_hint="pip install numpy",
        default_rank=9,
        description="NumPy (inference only)",
    )
