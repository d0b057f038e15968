"""Keras-compatible global configuration (``keras.config``).

Example:
    >>> import multikeras as mk
    >>> mk.config.floatx(), mk.config.image_data_format()
    ('float32', 'channels_last')
"""

from __future__ import annotations

from multikeras.backend.config import (
    epsilon,
    floatx,
    image_data_format,
    set_epsilon,
    set_floatx,
    set_image_data_format,
)
from multikeras.backend.selection import backend

__all__ = [
    "backend",
    "epsilon",
    "floatx",
    "image_data_format",
    "set_epsilon",
    "set_floatx",
    "set_image_data_format",
]
