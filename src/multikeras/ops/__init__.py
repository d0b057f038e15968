"""Backend-agnostic ops with Keras 3 names, arguments and semantics.

Every op is reachable as ``multikeras.ops.NAME`` and through its section
(``ops.numpy``, ``ops.nn``, ``ops.linalg``, ``ops.math``, ``ops.image``,
``ops.core``). Each call runs on the active backend (see
``multikeras.backend.use``) and returns that backend's native tensor.

A section is imported the first time one of its ops (or the section itself)
is used; the op catalog says which section defines which op.

Example:
    >>> import multikeras as mk
    >>> with mk.backend.use("numpy"):
    ...     print(mk.ops.sum(mk.ops.ones((2, 3))))
    6.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from multikeras._lazy import lazy_attributes
from multikeras.ops.catalog import OPS as _OPS, PUBLIC_SECTIONS as _SECTIONS

__all__ = [op.name for section in _SECTIONS for op in _OPS if op.section == section]

__getattr__, __dir__ = lazy_attributes(
    __name__,
    globals(),
    {
        **{section: f"{__name__}.{section}" for section in _SECTIONS},
        **{op.name: f"{__name__}.{op.section}" for op in _OPS if op.section in _SECTIONS},
    },
)

if TYPE_CHECKING:
    from multikeras.ops import core, image, linalg, math, nn, numpy
    from multikeras.ops.core import *  # noqa: F401,F403
    from multikeras.ops.image import *  # noqa: F401,F403
    from multikeras.ops.linalg import *  # noqa: F401,F403
    from multikeras.ops.math import *  # noqa: F401,F403
    from multikeras.ops.nn import *  # noqa: F401,F403
    from multikeras.ops.numpy import *  # noqa: F401,F403
