"""``multikeras.mixed_precision``: Keras 3's ``keras.mixed_precision`` names for dtype policies.

``Policy`` is :class:`~multikeras.dtype_policies.DTypePolicy`, and
``global_policy`` / ``set_global_policy`` are ``dtype_policy`` /
``set_dtype_policy`` under their Keras 2 names.

Example:
    >>> import multikeras as mk
    >>> mk.mixed_precision.set_global_policy("mixed_float16")
    >>> mk.mixed_precision.global_policy().compute_dtype, mk.layers.Dense(2).variable_dtype
    ('float16', 'float32')
    >>> mk.mixed_precision.set_global_policy("float32")
"""

from multikeras.dtype_policies.dtype_policy import DTypePolicy, dtype_policy, set_dtype_policy
from multikeras.optimizers.loss_scale_optimizer import LossScaleOptimizer

Policy = DTypePolicy
global_policy = dtype_policy
set_global_policy = set_dtype_policy

__all__ = [
    "DTypePolicy",
    "LossScaleOptimizer",
    "Policy",
    "dtype_policy",
    "global_policy",
    "set_dtype_policy",
    "set_global_policy",
]
