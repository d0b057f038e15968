"""Entry point of the TensorFlow backend (group ``multikeras.backends``).

Imports no framework: it only describes the backend.
"""

from multikeras.backend.hookspecs import hookimpl
from multikeras.backend.spec import BackendSpec


@hookimpl
def multikeras_backend() -> BackendSpec:
    """Describe the tensorflow backend to the registry."""
    return BackendSpec(
        name="tensorflow",
        loader="multikeras.backends.tensorflow.backend:load",
        requires=("tensorflow",),
        install_hint="pip install 'multikeras[tensorflow]'",
        default_rank=2,
        description="TensorFlow",
    )
