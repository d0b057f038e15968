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
from multikeras.backend.global_settings import (
    disable_flash_attention,
    enable_flash_attention,
    is_flash_attention_enabled,
    max_epochs,
    max_steps_per_epoch,
    set_max_epochs,
    set_max_steps_per_epoch,
)
from multikeras.backend.selection import backend, set_backend
from multikeras.dtype_policies.dtype_policy import dtype_policy, set_dtype_policy

__all__ = [
    "backend",
    "disable_flash_attention",
    "dtype_policy",
    "enable_flash_attention",
    "is_flash_attention_enabled",
    "max_epochs",
    "max_steps_per_epoch",
    "set_backend",
    "set_dtype_policy",
    "set_max_epochs",
    "set_max_steps_per_epoch",
    "epsilon",
    "floatx",
    "image_data_format",
    "set_epsilon",
    "set_floatx",
    "set_image_data_format",
]
