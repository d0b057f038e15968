"""Entry point of the JAX backend (group ``multikeras.backends``).

Imports no framework: it only describes the backend.
"""

from multikeras.backend.hookspecs import hookimpl
from multikeras.backend.spec import BackendSpec


@hookimpl
def multikeras_backend() -> BackendSpec:
    """Describe the jax backend to the registry."""
    return BackendSpec(
        name="jax",
        loader="multikeras.backends.jax.backend:load",
        requires=("jax", "jaxlib",),
        install_hint="pip install 'multikeras[jax]'",
        default_rank=0,
        description="JAX",
    )
