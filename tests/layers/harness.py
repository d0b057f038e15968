"""The one layer-test harness: every layer test runs through :func:`run_layer_test`.

For one layer configuration on one backend it checks, in order:

1. the config round trip (``from_config(get_config())`` gives the same config,
   and the config is JSON-serializable);
2. an eager call on concrete data: output shape and dtype;
3. ``compute_output_shape`` and a symbolic call (KerasTensor, unknown batch)
   agree with the eager output;
4. weight counts (trainable / non-trainable) and the number of losses;
5. the layer inside a Functional model gives the same output as called alone;
6. on backends that can differentiate: one SGD step on ``sum(output**2)``
   computed statelessly moves the trainable weights and lowers the loss;
7. with ``dtype="mixed_float16"``: float32 variables, float16 outputs
   (float outputs only);

and, with :func:`assert_same_on_every_backend`, that the same weights give the
same outputs on every selected backend, in one process.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import optree

import multikeras as mk
from multikeras import ops

TOLERANCE = {"float32": (1e-5, 1e-5), "float16": (1e-2, 1e-2), "bfloat16": (5e-2, 5e-2), "float64": (1e-10, 1e-10)}
"""``{dtype: (rtol, atol)}`` for comparing outputs across backends, by output dtype."""


def _numpy_tree(values: Any) -> Any:
    return optree.tree_map(lambda v: np.asarray(ops.convert_to_numpy(v)), values, none_is_leaf=False)


def _leaves(values: Any) -> list[Any]:
    return optree.tree_leaves(values, none_is_leaf=False)


def make_inputs(input_shape: Any, input_dtype: Any = "float32", seed: int = 0, input_data: Any = None) -> Any:
    """NumPy inputs of the given shape(s) (a tuple, or a list/dict of tuples): values in [-1, 1), ints in [0, 5)."""
    if input_data is not None:
        return input_data
    rng = np.random.default_rng(seed)

    def one(shape: tuple, dtype: str) -> np.ndarray:
        if np.dtype(dtype).kind in "iu":
            return rng.integers(0, 5, size=shape).astype(dtype)
        if np.dtype(dtype).kind == "b":
            return rng.random(size=shape) > 0.5
        return rng.uniform(-1.0, 1.0, size=shape).astype(dtype)

    if isinstance(input_shape, dict):
        dtypes = input_dtype if isinstance(input_dtype, dict) else {k: input_dtype for k in input_shape}
        return {key: one(tuple(shape), dtypes[key]) for key, shape in input_shape.items()}
    if isinstance(input_shape, list):
        dtypes = input_dtype if isinstance(input_dtype, list) else [input_dtype] * len(input_shape)
        return [one(tuple(shape), dtype) for shape, dtype in zip(input_shape, dtypes)]
    return one(tuple(input_shape), input_dtype)


def _symbolic_inputs(data: Any) -> Any:
    def spec(array: np.ndarray) -> mk.KerasTensor:
        return mk.Input(batch_shape=(None,) + tuple(array.shape[1:]), dtype=str(array.dtype))

    return optree.tree_map(spec, data)


def run_layer_test(
    layer_cls: type,
    init_kwargs: dict[str, Any],
    input_shape: Any = None,
    input_dtype: Any = "float32",
    input_data: Any = None,
    call_kwargs: dict[str, Any] | None = None,
    expected_output_shape: Any = None,
    expected_output_dtype: Any = None,
    expected_output: Callable[..., Any] | None = None,
    expected_num_trainable_weights: int | None = None,
    expected_num_non_trainable_weights: int | None = None,
    expected_num_losses: int | None = None,
    supports_masking: bool | None = None,
    run_training_check: bool = True,
    run_mixed_precision_check: bool = True,
    run_functional_check: bool = True,
    tolerance: tuple[float, float] = (1e-5, 1e-5),
) -> Any:
    """Check one layer configuration on the active backend; return the eager output as NumPy.

    Args:
        layer_cls: the layer class.
        init_kwargs: constructor arguments.
        input_shape: shape (with batch) of the input, or a list/dict of shapes.
        input_dtype: dtype(s) of the generated inputs.
        input_data: NumPy input(s) to use instead of generated ones.
        call_kwargs: extra call arguments (``training=False`` ...).
        expected_output_shape: shape(s) of the eager output.
        expected_output_dtype: dtype of the (first) output; the layer's compute dtype when ``None``.
        expected_output: a NumPy reference ``f(numpy_inputs, numpy_weights) -> output`` compared within ``tolerance``.
        expected_num_trainable_weights, expected_num_non_trainable_weights, expected_num_losses: counts to check.
        supports_masking: the expected ``supports_masking`` value.
        run_training_check, run_mixed_precision_check, run_functional_check: switch parts off for
            layers they do not apply to (say why in the test).
        tolerance: ``(rtol, atol)`` for ``expected_output``.
    """
    call_kwargs = dict(call_kwargs or {})
    data = make_inputs(input_shape, input_dtype, input_data=input_data)

    # 1. Config round trip.
    layer = layer_cls(**init_kwargs)
    config = layer.get_config()
    json.dumps(mk.saving.serialize_keras_object(config))
    rebuilt = layer_cls.from_config(config)
    assert rebuilt.get_config() == config, (rebuilt.get_config(), config)
    if supports_masking is not None:
        assert layer.supports_masking is supports_masking, f"supports_masking is {layer.supports_masking}"

    # 2. Eager call.
    output = layer(data, **call_kwargs)
    out_np = _numpy_tree(output)
    flat_out = _leaves(out_np)
    if expected_output_shape is not None:
        shapes = optree.tree_map(lambda a: tuple(a.shape), out_np)
        expected = expected_output_shape
        if isinstance(expected, list) and expected and isinstance(expected[0], (list, tuple)):
            expected = [tuple(s) for s in expected]
        assert shapes == expected, f"output shape {shapes} != expected {expected}"
    want_dtype = expected_output_dtype or layer.compute_dtype
    assert mk.backend.standardize_dtype(flat_out[0].dtype) == mk.backend.standardize_dtype(want_dtype), (
        f"output dtype {flat_out[0].dtype} != expected {want_dtype}"
    )
    if expected_output is not None:
        reference = expected_output(data, [w.numpy() for w in layer.weights])
        for actual, wanted in zip(flat_out, _leaves(reference)):
            np.testing.assert_allclose(actual, wanted, rtol=tolerance[0], atol=tolerance[1])

    # 3. Shape inference: compute_output_shape and a symbolic call agree with the eager output.
    symbolic_in = _symbolic_inputs(data)
    symbolic_out = layer(symbolic_in, **call_kwargs)
    for tensor, actual in zip(_leaves(symbolic_out), flat_out):
        assert len(tensor.shape) == actual.ndim, f"symbolic rank {tensor.shape} != eager {actual.shape}"
        for dim_symbolic, dim_eager in zip(tensor.shape[1:], actual.shape[1:]):
            assert dim_symbolic in (None, dim_eager), f"symbolic shape {tensor.shape} != eager {actual.shape}"
        assert mk.backend.standardize_dtype(tensor.dtype) == mk.backend.standardize_dtype(actual.dtype)
    batch_shapes = optree.tree_map(lambda a: tuple(a.shape), _numpy_tree(data))
    computed = layer.compute_output_shape(batch_shapes)
    computed_flat = computed if isinstance(computed, list) and computed and isinstance(computed[0], (list, tuple)) else [computed]
    for shape, actual in zip(computed_flat, flat_out):
        assert tuple(shape) == actual.shape, f"compute_output_shape {tuple(shape)} != eager {actual.shape}"

    # 4. Weights and losses.
    if expected_num_trainable_weights is not None:
        assert len(layer.trainable_weights) == expected_num_trainable_weights, [w.path for w in layer.trainable_weights]
    if expected_num_non_trainable_weights is not None:
        assert len(layer.non_trainable_weights) == expected_num_non_trainable_weights, [w.path for w in layer.non_trainable_weights]
    if expected_num_losses is not None:
        assert len(layer.losses) == expected_num_losses, f"{len(layer.losses)} losses"

    # 5. Inside a Functional model.
    if run_functional_check:
        inputs = _symbolic_inputs(data)
        model = mk.Model(inputs, layer(inputs, **call_kwargs))
        model_out = _numpy_tree(model(data, **({"training": call_kwargs["training"]} if "training" in call_kwargs else {})))
        for a, b in zip(_leaves(model_out), flat_out):
            np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-6)

    # 6. One training step.
    if run_training_check and mk.backend.capabilities().trainable and layer.trainable_weights:
        _check_training_step(layer, data, call_kwargs)

    # 7. Mixed precision.
    if run_mixed_precision_check and np.asarray(flat_out[0]).dtype.kind == "f":
        mixed = layer_cls(**{**init_kwargs, "dtype": "mixed_float16"})
        mixed_out = _leaves(_numpy_tree(mixed(data, **call_kwargs)))
        assert all(w.dtype == "float32" for w in mixed.weights if mk.backend.dtypes.is_float(w.dtype)), [
            (w.path, w.dtype) for w in mixed.weights
        ]
        assert mk.backend.standardize_dtype(mixed_out[0].dtype) == "float16", f"mixed output dtype {mixed_out[0].dtype}"
    return out_np


def _check_training_step(layer: Any, data: Any, call_kwargs: dict[str, Any]) -> None:
    trainable = layer.trainable_variables
    non_trainable = layer.non_trainable_variables
    x = optree.tree_map(ops.convert_to_tensor, data)

    def loss_fn(trainable_values: list[Any], non_trainable_values: list[Any]) -> Any:
        outputs, _ = layer.stateless_call(trainable_values, non_trainable_values, x, **call_kwargs)
        total = 0.0
        for out in _leaves(outputs):
            if mk.backend.dtypes.is_float(ops.dtype(out)):
                total = total + ops.sum(ops.square(ops.cast(out, "float32")))
        return total

    before_values = [v.value for v in trainable]
    nt_values = [v.value for v in non_trainable]
    loss, grads = mk.backend.value_and_grad(loss_fn)(before_values, nt_values)
    grad_norms = [float(np.sum(np.square(ops.convert_to_numpy(g)))) for g in grads]
    assert all(np.isfinite(grad_norms)), f"non-finite gradients: {grad_norms}"
    assert any(n > 0 for n in grad_norms), f"every gradient is zero: {[v.path for v in trainable]}"
    step = 1e-3 / max(1.0, max(grad_norms) ** 0.5)
    after_values = [ops.subtract(value, ops.multiply(grad, step)) for value, grad in zip(before_values, grads)]
    new_loss = loss_fn(after_values, nt_values)
    assert float(ops.convert_to_numpy(new_loss)) < float(ops.convert_to_numpy(loss)), (
        f"loss did not decrease after one SGD step: {float(ops.convert_to_numpy(loss))} -> {float(ops.convert_to_numpy(new_loss))}"
    )


def assert_same_on_every_backend(
    layer_cls: type,
    init_kwargs: dict[str, Any],
    backends: Sequence[str],
    input_shape: Any = None,
    input_dtype: Any = "float32",
    input_data: Any = None,
    call_kwargs: dict[str, Any] | None = None,
    tolerance: dict[str, tuple[float, float]] | None = None,
) -> None:
    """Build the layer on each backend with the first backend's weights; outputs must match.

    Args:
        tolerance: ``{dtype: (rtol, atol)}`` overriding :data:`TOLERANCE` for this layer.
    """
    call_kwargs = dict(call_kwargs or {})
    data = make_inputs(input_shape, input_dtype, input_data=input_data)
    limits = {**TOLERANCE, **(tolerance or {})}
    reference_weights = None
    reference_outputs = None
    reference_backend = None
    for name in backends:
        with mk.backend.use(name):
            layer = layer_cls(**init_kwargs)
            outputs = layer(data, **call_kwargs)  # builds
            if reference_weights is None:
                reference_weights = layer.get_weights()
            else:
                layer.set_weights(reference_weights)
            outputs = _leaves(_numpy_tree(layer(data, **call_kwargs)))
        if reference_outputs is None:
            reference_outputs, reference_backend = outputs, name
            continue
        for i, (actual, expected) in enumerate(zip(outputs, reference_outputs)):
            assert actual.dtype == expected.dtype, f"{name} output {i} dtype {actual.dtype} != {reference_backend} {expected.dtype}"
            assert actual.shape == expected.shape, f"{name} output {i} shape {actual.shape} != {reference_backend} {expected.shape}"
            rtol, atol = limits.get(str(actual.dtype), (0, 0))
            np.testing.assert_allclose(
                actual.astype("float64") if actual.dtype.kind == "f" else actual,
                expected.astype("float64") if expected.dtype.kind == "f" else expected,
                rtol=rtol, atol=atol, err_msg=f"{layer_cls.__name__}: {name} differs from {reference_backend}",
            )
