"""Entry point of the PyTorch backend (group ``multikeras.backends``).

Imports no framework: it only describes the backend.
"""

from multikeras.backend.hookspecs import hookimpl
from multikeras.backend.spec import BackendSpec


@hookimpl
def multikeras_backend() -> BackendSpec:
    """Describe the torch backend to the registry."""
    return BackendSpec(
        name="torch",
        loader="multikeras.backends.torch.backend:load",
        requires=("torch",),
        install_hint="pip install 'multikeras[torch]'",
        default_rank=1,
        description="PyTorch",
    )
