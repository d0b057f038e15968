"""Dtype policies (``"float32"``, ``"mixed_float16"``, ``"mixed_bfloat16"``), and maps of them by layer path.

Example:
    >>> from multikeras import dtype_policies
    >>> dtype_policies.DTypePolicy("mixed_float16").compute_dtype
    'float16'
"""

from multikeras.dtype_policies.dtype_policy import DTypePolicy, deserialize, dtype_policy, get, serialize, set_dtype_policy
from multikeras.dtype_policies.dtype_policy_map import DTypePolicyMap

FloatDTypePolicy = DTypePolicy

__all__ = [
    "DTypePolicy", "DTypePolicyMap", "FloatDTypePolicy", "deserialize", "dtype_policy", "get", "serialize", "set_dtype_policy",
]
