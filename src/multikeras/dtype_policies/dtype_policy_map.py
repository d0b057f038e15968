"""`DTypePolicyMap`: dtype policies by layer path, with a default (``keras.dtype_policies.DTypePolicyMap``)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any

from multikeras.dtype_policies.dtype_policy import DTypePolicy, get
from multikeras.saving import serialization_lib
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.dtype_policies", "DTypePolicyMap")
class DTypePolicyMap(DTypePolicy, MutableMapping):
    """A dict from layer paths (``"encoder/dense"``) to dtype policies, with a default for the others.

    A key is a path or a regular expression matched against the whole path.
    Looking up a path returns the policy stored under that exact key, else
    the one whose key matches it (more than one match is an error), else the
    default policy. Values may be given as anything
    :func:`multikeras.dtype_policies.get` accepts and are stored as policies.
    A key can be set once: delete it before setting it again.

    Given as a layer's dtype (``Dense(2, dtype=policy_map)``), the map stays the
    layer's ``dtype_policy``, and once the layer is built its compute and
    variable dtypes are those of ``policy_map[layer.path]`` (for instance
    ``"sequential/dense"``); before that, the default's. Used as a policy
    itself, ``name`` is ``"map_<default>"`` and ``compute_dtype`` /
    ``variable_dtype`` are the default's.

    Args:
        default_policy: the policy for paths no key matches; the global policy
            (:func:`multikeras.config.dtype_policy`) when ``None``.
        policy_map: initial ``{path or pattern: policy}`` entries.

    Raises:
        TypeError: ``policy_map`` is not a dict, or a key is not a string.
        ValueError: a key is set twice, or a path matches more than one pattern.

    Example:
        >>> from multikeras import dtype_policies
        >>> policies = dtype_policies.DTypePolicyMap("mixed_bfloat16", {"encoder/.*": "float32"})
        >>> policies["decoder/dense"] = "float16"
        >>> policies["encoder/dense/kernel"].name, policies["decoder/dense"].name, policies["head"].name
        ('float32', 'float16', 'mixed_bfloat16')
        >>> policies.name, policies.compute_dtype, sorted(policies)
        ('map_mixed_bfloat16', 'bfloat16', ['decoder/dense', 'encoder/.*'])
    """

    __hash__ = None  # type: ignore[assignment]  # mutable, like a dict

    def __init__(self, default_policy: Any = None, policy_map: Mapping[str, Any] | None = None):
        if isinstance(default_policy, DTypePolicyMap):
            raise TypeError("DTypePolicyMap: `default_policy` cannot be another DTypePolicyMap.")
        if policy_map is not None and not isinstance(policy_map, Mapping):
            raise TypeError(
                f"DTypePolicyMap: `policy_map` must be a dict of path -> policy, received {type(policy_map).__name__} "
                f"{policy_map!r}."
            )
        self._default_policy_argument = default_policy
        self._default_policy = get(default_policy)
        super().__init__(self._default_policy.name)  # the dtypes are the default's; `name` says it is a map
        self._policies: dict[str, DTypePolicy] = {}
        for key, policy in (policy_map or {}).items():
            self[key] = policy

    # DTypePolicy: the default's dtypes ------------------------------------------------

    @property
    def default_policy(self) -> DTypePolicy:
        """The policy of paths no key matches."""
        return self._default_policy

    @property
    def name(self) -> str:
        return f"map_{self._default_policy.name}"

    @property
    def variable_dtype(self) -> str:
        return self._default_policy.variable_dtype

    @property
    def compute_dtype(self) -> str:
        return self._default_policy.compute_dtype

    # Mapping ---------------------------------------------------------------------------

    def __getitem__(self, path: str) -> DTypePolicy:
        found = self._policies.get(path)
        if found is not None:
            return found
        matches = [key for key in self._policies if re.fullmatch(key, path)]
        if len(matches) > 1:
            raise ValueError(
                f"DTypePolicyMap: the path {path!r} matches more than one key: {matches}. Make the keys exclusive, "
                "so that each path matches at most one."
            )
        return self._policies[matches[0]] if matches else self._default_policy

    def __setitem__(self, key: str, policy: Any) -> None:
        if not isinstance(key, str):
            raise TypeError(f"DTypePolicyMap: keys are layer paths (strings), received {type(key).__name__} {key!r}.")
        if key in self._policies:
            raise ValueError(
                f"DTypePolicyMap: the key {key!r} is already set (to {self._policies[key]!r}); delete it first to "
                "set another policy."
            )
        policy = get(policy)
        if isinstance(policy, DTypePolicyMap):
            raise TypeError(f"DTypePolicyMap: the value of {key!r} is a DTypePolicyMap; maps do not nest.")
        self._policies[key] = policy

    def __delitem__(self, key: str) -> None:
        del self._policies[key]

    def __contains__(self, key: object) -> bool:
        return key in self._policies  # exact keys only, as for a dict

    def __iter__(self) -> Iterator[str]:
        return iter(self._policies)

    def __len__(self) -> int:
        return len(self._policies)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, DTypePolicyMap) and other._default_policy == self._default_policy
                and other._policies == self._policies)

    def __repr__(self) -> str:
        entries = [(key, policy.name) for key, policy in self._policies.items()]
        return f"<DTypePolicyMap default_policy={self._default_policy.name}, mapping={entries}>"

    # Config ----------------------------------------------------------------------------

    def get_config(self) -> dict[str, Any]:
        default = self._default_policy_argument
        return {
            # None stays None: a map built without a default follows the global policy where it is loaded.
            "default_policy": None if default is None else serialization_lib.serialize_keras_object(get(default)),
            "policy_map": {key: serialization_lib.serialize_keras_object(policy) for key, policy in self._policies.items()},
        }

    @classmethod
    def from_config(cls, config: dict[str, Any], custom_objects: Mapping[str, Any] | None = None) -> DTypePolicyMap:
        config = dict(config)
        default = config.get("default_policy")
        if isinstance(default, Mapping):
            default = serialization_lib.deserialize_keras_object(default, custom_objects=custom_objects)
        entries = config.get("policy_map") or {}
        if not isinstance(entries, Mapping):
            raise TypeError(f"DTypePolicyMap.from_config: `policy_map` must be a dict, received {entries!r}.")
        policies = {
            key: serialization_lib.deserialize_keras_object(value, custom_objects=custom_objects)
            if isinstance(value, Mapping) else value
            for key, value in entries.items()
        }
        return cls(default_policy=default, policy_map=policies)
