"""The torch plug-in's fused sparse cross-entropy (``F.cross_entropy``) against its generic one-hot path.

``ops.sparse_categorical_crossentropy(..., from_logits=True)`` on CPU float32/float64 logits runs one fused
log-softmax + NLL kernel. It must give the generic path's values and gradients for every class axis, label
dtype and shape, and fall back to the generic path (loss 0 for a label outside ``[0, classes)``) where the
fused kernel would raise.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

import multikeras as mk
from multikeras import ops

RNG = np.random.default_rng(11)


def reference(labels: np.ndarray, logits: np.ndarray, axis: int) -> np.ndarray:
    """-log softmax(logits)[label] along ``axis`` in float64; 0 for a label outside the classes."""
    moved = np.moveaxis(logits.astype("float64"), axis, -1)
    shifted = moved - moved.max(-1, keepdims=True)
    log_probabilities = shifted - np.log(np.exp(shifted).sum(-1, keepdims=True))
    classes = moved.shape[-1]
    one_hot = (labels[..., None] == np.arange(classes)).astype("float64")
    return -(one_hot * log_probabilities).sum(-1)


def generic(labels: torch.Tensor, logits: torch.Tensor, axis: int) -> torch.Tensor:
    """The one-hot path the fused kernel replaces."""
    encoded = ops.one_hot(labels, logits.shape[axis], axis=axis, dtype=logits.dtype)
    return ops.categorical_crossentropy(encoded, logits, from_logits=True, axis=axis)


def ran_fused_kernel(loss: torch.Tensor) -> bool:
    """Whether an NLL kernel is among the first few nodes of ``loss``'s autograd graph (the one-hot path has none)."""
    nodes = [loss.grad_fn]
    for _ in range(4):
        if any("Nll" in type(node).__name__ for node in nodes):
            return True
        nodes = [parent for node in nodes if node is not None for parent, _ in node.next_functions]
    return False


CASES = {
    "2d": ((6, 5), -1, "int64"),
    "2d-int32": ((6, 5), 1, "int32"),
    "3d-last": ((2, 3, 4), -1, "int64"),
    "3d-middle": ((2, 4, 3), 1, "int64"),
    "3d-first": ((4, 2, 3), 0, "uint8"),
    "1d": ((5,), -1, "int64"),
    "float64": ((3, 7), -1, "int64"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_fused_equals_generic_and_reference(case: str) -> None:
    shape, axis, label_dtype = CASES[case]
    dtype = "float64" if case == "float64" else "float32"
    logits = RNG.normal(size=shape).astype(dtype) * 3
    label_shape = tuple(n for i, n in enumerate(shape) if i != axis % len(shape))
    labels = RNG.integers(0, shape[axis], size=label_shape).astype(label_dtype)
    weights = RNG.random(label_shape).astype(dtype)  # a non-uniform cotangent checks every row's gradient
    with mk.backend.use("torch"):
        fused_in = torch.tensor(logits, requires_grad=True)
        fused = ops.sparse_categorical_crossentropy(torch.tensor(labels), fused_in, from_logits=True, axis=axis)
        assert ran_fused_kernel(fused)
        (fused * torch.tensor(weights)).sum().backward()
        generic_in = torch.tensor(logits, requires_grad=True)
        expected = generic(torch.tensor(labels.astype("int64")), generic_in, axis)
        (expected * torch.tensor(weights)).sum().backward()
    assert fused.dtype == expected.dtype == getattr(torch, dtype)
    assert tuple(fused.shape) == label_shape
    tolerance = 1e-6 if dtype == "float32" else 1e-12
    np.testing.assert_allclose(fused.detach().numpy(), expected.detach().numpy(), rtol=tolerance, atol=tolerance)
    np.testing.assert_allclose(fused.detach().numpy(), reference(labels, logits, axis), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(fused_in.grad.numpy(), generic_in.grad.numpy(), rtol=tolerance, atol=tolerance)


@pytest.mark.parametrize("bad_label", [-1, 5, -100])
def test_labels_out_of_range_fall_back_to_loss_zero(bad_label: int) -> None:
    logits = RNG.normal(size=(4, 5)).astype("float32")
    labels = np.array([0, bad_label, 4, 2])
    with mk.backend.use("torch"):
        out = ops.sparse_categorical_crossentropy(torch.tensor(labels), torch.tensor(logits), from_logits=True)
    np.testing.assert_allclose(out.numpy(), reference(labels, logits, -1), rtol=1e-5, atol=1e-6)
    assert out.numpy()[1] == 0.0


def test_loss_class_with_sample_weight_and_ignore_class_matches_numpy_backend() -> None:
    logits = RNG.normal(size=(6, 4)).astype("float32")
    labels = np.array([[0], [3], [1], [2], [1], [0]])
    weights = RNG.random(6).astype("float32")
    results = {}
    for name in ("numpy", "torch"):
        with mk.backend.use(name):
            for ignore_class in (None, 1):
                loss = mk.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=ignore_class)
                results[name, ignore_class] = float(ops.convert_to_numpy(loss(labels, logits, sample_weight=weights)))
    for ignore_class in (None, 1):
        assert results["torch", ignore_class] == pytest.approx(results["numpy", ignore_class], rel=1e-6)


def root_node(loss: torch.Tensor) -> str:
    return type(loss.grad_fn).__name__


@pytest.mark.parametrize("case", sorted(CASES))
def test_loss_mean_runs_one_fused_kernel_and_equals_the_generic_mean(case: str) -> None:
    # An unweighted SparseCategoricalCrossentropy(from_logits=True) averaged over every entry is one
    # F.cross_entropy(reduction="mean") call: its graph's root is the NLL node, not a mean of per-entry losses.
    shape, axis, label_dtype = CASES[case]
    dtype = "float64" if case == "float64" else "float32"
    logits = RNG.normal(size=shape).astype(dtype) * 3
    label_shape = tuple(n for i, n in enumerate(shape) if i != axis % len(shape))
    labels = RNG.integers(0, shape[axis], size=label_shape).astype(label_dtype)
    with mk.backend.use("torch"):
        loss = mk.losses.SparseCategoricalCrossentropy(from_logits=True, axis=axis, dtype=dtype)
        fused_in = torch.tensor(logits, requires_grad=True)
        fused = loss(torch.tensor(labels), fused_in)
        fused.backward()
        generic_in = torch.tensor(logits, requires_grad=True)
        expected = ops.mean(generic(torch.tensor(labels.astype("int64")), generic_in, axis))
        expected.backward()
    assert "Nll" in root_node(fused), root_node(fused)
    assert fused.dtype == expected.dtype == getattr(torch, dtype) and fused.ndim == 0
    tolerance = 1e-6 if dtype == "float32" else 1e-12
    np.testing.assert_allclose(fused.item(), expected.item(), rtol=tolerance)
    np.testing.assert_allclose(fused.item(), reference(labels, logits, axis).mean(), rtol=1e-5)
    np.testing.assert_allclose(fused_in.grad.numpy(), generic_in.grad.numpy(), rtol=tolerance, atol=tolerance)


@pytest.mark.parametrize("bad_label", [-1, 5, -100])
def test_loss_mean_counts_labels_out_of_range_as_loss_zero(bad_label: int) -> None:
    # F.cross_entropy's own mean would leave its ignore_index (-100) out of the divisor; the generic mean counts it.
    logits = RNG.normal(size=(4, 5)).astype("float32")
    labels = np.array([0, bad_label, 4, 2])
    with mk.backend.use("torch"):
        value = mk.losses.SparseCategoricalCrossentropy(from_logits=True)(torch.tensor(labels), torch.tensor(logits))
    np.testing.assert_allclose(value.item(), reference(labels, logits, -1).mean(), rtol=1e-6)


@pytest.mark.parametrize("variant", ["sample_weight", "ignore_class", "sum", "probabilities", "mask"])
def test_loss_mean_takes_the_general_path_where_the_kernel_does_not_apply(variant: str) -> None:
    logits = RNG.normal(size=(6, 4)).astype("float32")
    labels = RNG.integers(0, 4, size=6)
    weights = RNG.random(6).astype("float32") if variant == "sample_weight" else None
    kwargs = {"ignore_class": 1} if variant == "ignore_class" else {"reduction": "sum"} if variant == "sum" else {}
    from_logits = variant != "probabilities"
    predictions = logits if from_logits else np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
    results = {}
    for name in ("numpy", "torch"):
        with mk.backend.use(name):
            loss = mk.losses.SparseCategoricalCrossentropy(from_logits=from_logits, **kwargs)
            y_pred = ops.convert_to_tensor(predictions)
            if variant == "mask":
                try:
                    y_pred._keras_mask = ops.convert_to_tensor(np.array([True, False] * 3))
                except AttributeError:  # numpy arrays take no attributes: the numpy result is masked by hand below
                    pass
            value = loss(labels, y_pred, sample_weight=weights)
            results[name] = float(ops.convert_to_numpy(value))
    if variant == "mask":
        with mk.backend.use("numpy"):
            loss = mk.losses.SparseCategoricalCrossentropy(from_logits=True)
            results["numpy"] = float(loss(labels, predictions, sample_weight=np.array([2.0, 0.0] * 3, "float32")))
    assert results["torch"] == pytest.approx(results["numpy"], rel=1e-6)
