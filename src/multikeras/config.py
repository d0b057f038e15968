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
from multikeras.saving.serialization_lib import enable_unsafe_deserialization
from multikeras.utils.io_utils import (
    disable_interactive_logging,
    enable_interactive_logging,
    is_interactive_logging_enabled,
)
from multikeras.utils.traceback_utils import (
    disable_traceback_filtering,
    enable_traceback_filtering,
    is_traceback_filtering_enabled,
)

__all__ = [
    "backend",
    "disable_flash_attention",
    "disable_interactive_logging",
    "disable_traceback_filtering",
    "dtype_policy",
    "enable_flash_attention",
    "enable_interactive_logging",
    "enable_traceback_filtering",
    "enable_unsafe_deserialization",
    "is_flash_attention_enabled",
    "is_interactive_logging_enabled",
    "is_traceback_filtering_enabled",
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
