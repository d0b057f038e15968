"""keras.dtype_policies: serialize / deserialize and DTypePolicyMap, in Keras 3's config layout."""

from __future__ import annotations

import pytest

import multikeras as mk
from multikeras import dtype_policies

POLICY = {"module": "keras", "class_name": "DTypePolicy", "registered_name": None}


def policy_config(name):
    return {**POLICY, "config": {"name": name}}


def test_serialize_and_deserialize_policies():
    assert dtype_policies.serialize(dtype_policies.DTypePolicy("mixed_float16")) == policy_config("mixed_float16")
    back = dtype_policies.deserialize(policy_config("bfloat16"))
    assert type(back) is dtype_policies.DTypePolicy and back.compute_dtype == "bfloat16"
    older = dtype_policies.deserialize({"module": "keras", "class_name": "FloatDTypePolicy", "config": {"name": "float16"}})
    assert older == dtype_policies.DTypePolicy("float16")
    assert dtype_policies.deserialize("mixed_bfloat16").variable_dtype == "float32"
    with pytest.raises(TypeError, match="expected a DTypePolicy"):
        dtype_policies.serialize("float32")
    with pytest.raises(TypeError, match="describes Dense, not a dtype policy"):
        dtype_policies.deserialize({"module": "keras.layers", "class_name": "Dense", "config": {"units": 1}})


def test_map_lookup_exact_then_pattern_then_default():
    policies = dtype_policies.DTypePolicyMap("mixed_float16", {"encoder/.*": "float16", "dense": "bfloat16"})
    assert policies["dense"].name == "bfloat16"
    assert policies["encoder/dense/kernel"].name == "float16"
    for path in ("dense_1", "x/encoder/dense", "head"):  # a pattern must match the whole path
        assert policies[path] is policies.default_policy, path
    policies["encoder/attention"] = dtype_policies.DTypePolicy("float32")  # an exact key wins over a pattern
    assert policies["encoder/attention"].name == "float32"
    assert (len(policies), list(policies), "dense" in policies, "dense_1" in policies) == (
        3, ["encoder/.*", "dense", "encoder/attention"], True, False)
    assert isinstance(policies["dense"], dtype_policies.DTypePolicy)  # a name given is stored as a policy
    clashing = dtype_policies.DTypePolicyMap(policy_map={"enc.*": "float16", "encoder/.*": "bfloat16"})
    with pytest.raises(ValueError, match=r"'encoder/x' matches more than one key"):
        clashing["encoder/x"]


def test_map_keys_are_set_once_and_values_checked():
    policies = dtype_policies.DTypePolicyMap()
    policies["dense"] = "float16"
    with pytest.raises(ValueError, match="already set"):
        policies["dense"] = "float32"
    del policies["dense"]
    policies["dense"] = "float32"
    assert policies["dense"].name == "float32"
    with pytest.raises(TypeError, match="keys are layer paths"):
        policies[3] = "float32"
    with pytest.raises(TypeError, match="maps do not nest"):
        policies["inner"] = dtype_policies.DTypePolicyMap()
    with pytest.raises(TypeError, match="must be a dict"):
        dtype_policies.DTypePolicyMap(policy_map=["dense"])
    with pytest.raises(ValueError, match="unknown policy"):
        dtype_policies.DTypePolicyMap("float33")


def test_map_acts_as_its_default_policy():
    mk.config.set_dtype_policy("mixed_bfloat16")
    try:
        follows_global = dtype_policies.DTypePolicyMap()
    finally:
        mk.config.set_dtype_policy(None)
    assert (follows_global.name, follows_global.compute_dtype, follows_global.variable_dtype) == (
        "map_mixed_bfloat16", "bfloat16", "float32")
    assert dtype_policies.get(follows_global) is follows_global
    with mk.backend.use("numpy"):
        layer = mk.layers.Dense(2, dtype=dtype_policies.DTypePolicyMap("float16"))
        layer.build((None, 3))
        assert layer.compute_dtype == "float16" and str(layer.kernel.dtype) == "float16"
    assert repr(dtype_policies.DTypePolicyMap("float16", {"a": "bfloat16"})) == (
        "<DTypePolicyMap default_policy=float16, mapping=[('a', 'bfloat16')]>")


def test_map_config_round_trip_in_keras_layout():
    policies = dtype_policies.DTypePolicyMap("mixed_float16", {"a/.*": "float16", "b": "bfloat16"})
    config = dtype_policies.serialize(policies)
    # What Keras 3.15 writes for the same map (observed with keras.dtype_policies.serialize).
    assert config == {"module": "keras.dtype_policies", "class_name": "DTypePolicyMap", "registered_name": None, "config": {
        "default_policy": policy_config("mixed_float16"),
        "policy_map": {"a/.*": policy_config("float16"), "b": policy_config("bfloat16")}}}
    back = dtype_policies.deserialize(config)
    assert type(back) is dtype_policies.DTypePolicyMap and back == policies and back is not policies
    assert dtype_policies.get(config) == policies
    assert mk.saving.deserialize_keras_object(mk.saving.serialize_keras_object(policies)) == policies
    empty = dtype_policies.serialize(dtype_policies.DTypePolicyMap())
    assert empty["config"] == {"default_policy": None, "policy_map": {}}
    assert dtype_policies.deserialize(empty) == dtype_policies.DTypePolicyMap()
    assert sorted(back) == ["a/.*", "b"]
