"""Dtype policies: the dtype a layer stores its variables in and the one it computes in.

``"float32"`` (or any dtype name) stores and computes in that dtype;
``"mixed_float16"`` and ``"mixed_bfloat16"`` store variables in float32 and
compute in the 16-bit type, as Keras 3 does.
"""

from __future__ import annotations

from typing import Any

from multikeras.backend import config, dtypes
from multikeras.saving.object_registration import register_builtin

_MIXED = {"mixed_float16": "float16", "mixed_bfloat16": "bfloat16"}


@register_builtin("keras.dtype_policies", "FloatDTypePolicy")  # Keras 3's older name for the same policy
@register_builtin("keras", "FloatDTypePolicy")
@register_builtin("keras.dtype_policies", "DTypePolicy")
@register_builtin("keras", "DTypePolicy")  # registered first: Keras 3 writes module "keras" for policies
class DTypePolicy:
    """A named pair (variable dtype, compute dtype).

    Args:
        name: ``"mixed_float16"``, ``"mixed_bfloat16"`` or a dtype name;
            ``floatx()`` when ``None``.

    Example:
        >>> policy = DTypePolicy("mixed_bfloat16")
        >>> policy.variable_dtype, policy.compute_dtype
        ('float32', 'bfloat16')
    """

    def __init__(self, name: str | None = None):
        if name is None:
            name = config.floatx()
        if not isinstance(name, str):
            raise TypeError(f"DTypePolicy: expected a policy name string, received {type(name).__name__} {name!r}.")
        if name in _MIXED:
            self._variable_dtype, self._compute_dtype = "float32", _MIXED[name]
        else:
            try:
                standardized = dtypes.standardize_dtype(name)
            except (TypeError, ValueError):
                raise ValueError(
                    f"DTypePolicy: unknown policy {name!r}; expected 'mixed_float16', 'mixed_bfloat16' or a dtype name "
                    "such as 'float32'."
                ) from None
            self._variable_dtype = self._compute_dtype = standardized
        self._name = name

    @property
    def name(self) -> str:
        return self._name

    @property
    def variable_dtype(self) -> str:
        return self._variable_dtype

    @property
    def compute_dtype(self) -> str:
        return self._compute_dtype

    def __repr__(self) -> str:
        return f'<DTypePolicy "{self._name}">'

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DTypePolicy) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self._name)

    def get_config(self) -> dict[str, Any]:
        return {"name": self._name}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> DTypePolicy:
        return cls(**config)


_global_policy: list[DTypePolicy | None] = [None]


def get(identifier: Any) -> DTypePolicy:
    """A policy from ``None`` (the global policy), a name, a policy or its serialized dict.

    Example:
        >>> get("float32").compute_dtype
        'float32'
    """
    if identifier is None:
        return dtype_policy()
    if isinstance(identifier, DTypePolicy):
        return identifier
    if isinstance(identifier, str):
        return DTypePolicy(identifier)
    if isinstance(identifier, dict) and identifier.get("class_name") in ("DTypePolicy", "FloatDTypePolicy"):
        return DTypePolicy(**identifier.get("config", {}))
    if isinstance(identifier, dict) and "class_name" in identifier:
        return deserialize(identifier)  # a DTypePolicyMap, or a policy class registered by a user
    if hasattr(identifier, "name") and isinstance(getattr(identifier, "name"), str):
        return DTypePolicy(identifier.name)  # a numpy/framework dtype object
    return DTypePolicy(dtypes.standardize_dtype(identifier))


def serialize(policy: DTypePolicy) -> dict[str, Any]:
    """The config dict of a dtype policy (or a :class:`DTypePolicyMap`), as Keras 3 writes it.

    Raises:
        TypeError: ``policy`` is not a dtype policy.

    Example:
        >>> serialize(DTypePolicy("mixed_float16"))
        {'module': 'keras', 'class_name': 'DTypePolicy', 'config': {'name': 'mixed_float16'}, 'registered_name': None}
    """
    if not isinstance(policy, DTypePolicy):
        raise TypeError(f"dtype_policies.serialize: expected a DTypePolicy, received {type(policy).__name__} {policy!r}.")
    from multikeras.saving import serialization_lib  # imported on use: `keras.config` stays light

    return serialization_lib.serialize_keras_object(policy)


def deserialize(config: Any, custom_objects: dict[str, Any] | None = None) -> DTypePolicy:
    """Rebuild a dtype policy from :func:`serialize`'s output (or Keras 3's).

    A policy name (``"mixed_bfloat16"``) is accepted as well and gives that
    policy (Keras 3 returns the string unchanged).

    Args:
        config: a serialized policy dict, or a policy name.
        custom_objects: ``{name: class}`` for policy classes defined by the user.

    Raises:
        TypeError: ``config`` describes something other than a dtype policy.
        ValueError: ``config`` names an unknown class or policy.

    Example:
        >>> deserialize({"module": "keras", "class_name": "DTypePolicy", "config": {"name": "bfloat16"}})
        <DTypePolicy "bfloat16">
        >>> deserialize("mixed_float16").compute_dtype
        'float16'
    """
    if isinstance(config, str):
        return DTypePolicy(config)
    from multikeras.saving import serialization_lib

    policy = serialization_lib.deserialize_keras_object(config, custom_objects=custom_objects, module="keras.dtype_policies")
    if not isinstance(policy, DTypePolicy):
        raise TypeError(f"dtype_policies.deserialize: {config!r} describes {type(policy).__name__}, not a dtype policy.")
    return policy


def set_dtype_policy(policy: Any) -> None:
    """Set the policy new layers get when they are given none.

    Example:
        >>> set_dtype_policy("mixed_float16"); dtype_policy().name
        'mixed_float16'
        >>> set_dtype_policy(None); dtype_policy().name
        'float32'
    """
    _global_policy[0] = None if policy is None else get(policy)


def dtype_policy() -> DTypePolicy:
    """The global policy (``floatx()`` unless :func:`set_dtype_policy` changed it)."""
    return _global_policy[0] or DTypePolicy(config.floatx())
