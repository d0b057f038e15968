"""Dtype policies (``"float32"``, ``"mixed_float16"``, ``"mixed_bfloat16"``).

Example:
    >>> from multikeras import dtype_policies
    >>> dtype_policies.DTypePolicy("mixed_float16").compute_dtype
    'float16'
"""

from multikeras.dtype_policies.dtype_policy import DTypePolicy, dtype_policy, get, set_dtype_policy

FloatDTypePolicy = DTypePolicy

__all__ = ["DTypePolicy", "FloatDTypePolicy", "dtype_policy", "get", "set_dtype_policy"]
