"""Memory layouts of weights on torch: the order torch's own layers keep their weights in.

Keras stores a ``Dense`` kernel as ``(features, units)``; ``nn.Linear`` keeps
``(units, features)``. The values are the same matrix, but torch's matrix
product and its gradient are not equally fast on both memory orders (on the
CPU the weight gradient of a 784x256 kernel takes about 6% longer in Keras's
row-major order). A torch tensor's memory order is free of its shape, so the
kernel keeps Keras's shape and indexing and is stored units-major, as
``nn.Linear`` stores it. Torch's autograd returns a parameter's gradient in the
parameter's own strides, so the order survives training steps without copies.
"""

from __future__ import annotations

import math
from typing import Any

import torch

from multikeras.backends.torch.abstract import eager_scope

_ARRANGED_DTYPES = (torch.float32, torch.float64, torch.float16, torch.bfloat16)


def arrange_weight(value: Any, use: str, features_rank: int = 1) -> Any:
    """``value`` stored in the memory order torch's kernels read fastest for ``use``; the same values.

    ``use="matmul"``: ``value (*features, *units)`` is a matrix product's
    right operand whose first ``features_rank`` axes are contracted (a
    ``Dense`` or ``EinsumDense`` kernel, a recurrent cell's kernels); it is
    stored units-major, as ``nn.Linear`` stores its weight. Any other
    ``use``, a tensor that is not a floating-point strided tensor, or a call
    while ``torch.compile`` traces returns ``value`` itself. A tensor already
    in that order is returned as it is, so the call is cheap to repeat.

    Example:
        >>> kernel = arrange_weight(torch.arange(6.0).reshape(2, 3), "matmul")
        >>> kernel.shape, kernel.stride(), kernel.tolist()
        (torch.Size([2, 3]), (1, 2), [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]])
    """
    if use != "matmul" or type(value) is not torch.Tensor or value.dtype not in _ARRANGED_DTYPES:
        return value
    if value.layout is not torch.strided or value.ndim <= features_rank or features_rank < 1:
        return value
    if value.requires_grad or torch.compiler.is_compiling():
        return value
    strides = units_major_strides(tuple(value.shape), features_rank)
    if value.stride() == strides:
        return value
    with eager_scope():  # a real array stays real inside abstract evaluation (fake tensors)
        arranged = torch.empty_strided(value.shape, strides, dtype=value.dtype, device=value.device)
        return arranged.copy_(value)


def units_major_strides(shape: tuple[int, ...], features_rank: int) -> tuple[int, ...]:
    """Strides of ``shape = (*features, *units)`` stored as the row-major array ``(*units, *features)``.

    Example:
        >>> units_major_strides((784, 256), 1), units_major_strides((4, 16, 64), 2)
        ((1, 784), (16, 1, 64))
    """
    features, units = shape[:features_rank], shape[features_rank:]
    features_size = math.prod(features)
    feature_strides = tuple(math.prod(features[i + 1:]) for i in range(len(features)))
    unit_strides = tuple(math.prod(units[i + 1:]) * features_size for i in range(len(units)))
    return feature_strides + unit_strides


def same_dense_layout(arrays: list[torch.Tensor], like: torch.Tensor) -> bool:
    """Whether every array has ``like``'s shape and strides and ``like`` covers its memory without gaps
    or overlaps (row-major, or a permutation of row-major such as :func:`units_major_strides`)."""
    strides = like.stride()
    return all(array.stride() == strides for array in arrays) and is_dense(like)


def is_dense(array: torch.Tensor) -> bool:
    """Whether ``array``'s elements fill ``array.numel()`` consecutive memory slots, in some axis order.

    Example:
        >>> is_dense(torch.ones(3, 4).t()), is_dense(torch.ones(3, 4)[:, :2])
        (True, False)
    """
    if array.is_contiguous():
        return True
    expected = 1
    for size, stride in sorted(((s, t) for s, t in zip(array.shape, array.stride()) if s != 1), key=lambda p: p[1]):
        if stride != expected:
            return False
        expected *= size
    return True


def clone_like(array: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
    """A copy of ``array``'s values in ``like``'s strides (row-major where ``like`` has gaps or overlaps)."""
    if not is_dense(like):
        return array.clone(memory_format=torch.contiguous_format)
    return torch.empty_strided(like.shape, like.stride(), dtype=array.dtype, device=array.device).copy_(array)


def row_major_view(array: torch.Tensor) -> torch.Tensor:
    """A row-major view of a gap-free ``array``'s memory (its axes permuted), or ``array`` itself where it is
    row-major already or has gaps.

    Example:
        >>> kernel = arrange_weight(torch.ones(3, 4), "matmul")
        >>> view = row_major_view(kernel)
        >>> view.shape, view.is_contiguous(), view.data_ptr() == kernel.data_ptr()
        (torch.Size([4, 3]), True, True)
    """
    if array.is_contiguous():
        return array
    strides = array.stride()
    order = _ROW_MAJOR_ORDERS.get(strides)
    if order is None:  # a weight's strides never change: the order is sorted once per layout, not per step
        if len(_ROW_MAJOR_ORDERS) > 4096:
            _ROW_MAJOR_ORDERS.clear()
        order = _ROW_MAJOR_ORDERS[strides] = tuple(sorted(range(len(strides)), key=lambda axis: -strides[axis]))
    view = array.permute(order)
    return view if view.is_contiguous() else array


_ROW_MAJOR_ORDERS: dict[tuple[int, ...], tuple[int, ...]] = {}
