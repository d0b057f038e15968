"""Backend-agnostic ops with Keras 3 names, arguments and semantics.

Every op is reachable as ``multikeras.ops.NAME`` and through its section
(``ops.numpy``, ``ops.nn``, ``ops.linalg``, ``ops.math``, ``ops.image``,
``ops.core``). Each call runs on the active backend (see
``multikeras.backend.use``) and returns that backend's native tensor.

Example:
    >>> import multikeras as mk
    >>> with mk.backend.use("numpy"):
    ...     print(mk.ops.sum(mk.ops.ones((2, 3))))
    6.0
"""

from multikeras.ops import core, image, linalg, math, nn, numpy
from multikeras.ops.core import *  # noqa: F401,F403
from multikeras.ops.image import *  # noqa: F401,F403
from multikeras.ops.linalg import *  # noqa: F401,F403
from multikeras.ops.math import *  # noqa: F401,F403
from multikeras.ops.nn import *  # noqa: F401,F403
from multikeras.ops.numpy import *  # noqa: F401,F403

__all__ = (
    core.__all__ + numpy.__all__ + nn.__all__ + linalg.__all__ + math.__all__ + image.__all__
)
