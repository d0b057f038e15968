"""Fused kernels of the torch backend: generic pieces of shared code in a few framework calls.

``adam_update`` computes the shared code's Adam formula for all variables at
once in torch's fused multi-tensor Adam (one pass over each array), equal to
it up to an ulp or so of rounding. ``lstm`` and ``gru`` run a whole sequence
through torch's own recurrent kernels (a C++ loop on CPU, cuDNN on CUDA); they
compute the recurrences of Keras 3's ``LSTMCell`` and ``GRUCell`` (with
``reset_after=True``) with float32 rounding differences only, since the sums
are formed in another order (see ``docs/contract.md``, "Fused kernels").
"""

from __future__ import annotations

import math
import sys
import weakref
from typing import Any

import numpy as np
import torch
import torch.nn.functional as _F

from multikeras.backends.torch import nn as _nn
from multikeras.backends.torch.core import constant as _constant


def adam_update(
    variables: list[torch.Tensor],
    grads: list[torch.Tensor],
    momentums: list[torch.Tensor],
    velocities: list[torch.Tensor],
    alpha: Any,
    beta_1: float,
    beta_2: float,
    epsilon: float,
    held_by_variables: bool = False,
) -> tuple[list[torch.Tensor], list[torch.Tensor], list[torch.Tensor]] | None:
    """One Adam step for every variable in torch's fused multi-tensor Adam: new (variables, momentums,
    velocities), or ``None`` where the kernel does not apply (see :func:`_fused_adam_applies`).

    ``m += (g - m) * (1 - beta_1)``; ``v += (g * g - v) * (1 - beta_2)``;
    ``variable -= m * alpha / (sqrt(v) + epsilon)``, with ``alpha`` the
    step's bias-corrected learning rate (a scalar tensor). One pass over
    each variable's four arrays instead of one pass per operation; the
    roundings differ from the operation-by-operation formula by an ulp or
    so (``v`` is formed as ``v * beta_2 + g * g * (1 - beta_2)``).

    ``torch._fused_adam_`` applies its own bias correction from a step
    count; it is given a count so large that ``beta ** count`` is 0 and
    both corrections are exactly 1, so ``alpha`` is the whole step size
    and ``epsilon`` is added to ``sqrt(v)`` as in Keras.

    With ``held_by_variables`` the caller says that each array of
    ``variables``, ``momentums`` and ``velocities`` is held by the variable
    that gets the corresponding result. Arrays nobody else can reach (see
    :func:`_only_their_variables_hold`) are then updated in place and
    returned; since no one else can see them, this is indistinguishable
    from giving the variables new arrays. Otherwise the kernel works on
    copies.

    Example:
        >>> w, g = [torch.ones(2)], [torch.full((2,), 0.5)]
        >>> new_w, m, v = adam_update(w, g, [torch.zeros(2)], [torch.zeros(2)], torch.tensor(0.1), 0.9, 0.999, 1e-7)
        >>> [round(x, 4) for x in m[0].tolist()], [round(x, 4) for x in new_w[0].tolist()], w[0].tolist()
        ([0.05, 0.05], [0.6838, 0.6838], [1.0, 1.0])
    """
    if not _fused_adam_applies(variables, grads, alpha, beta_1, beta_2):
        return None
    # The kernel walks every array as one block of memory, whatever its strides, so the four arrays of a
    # variable must lay its elements out alike. They take the gradient's layout (or row-major order, where
    # the gradient has gaps or overlaps): a kernel used transposed, as torch.lstm uses the recurrent
    # kernels, then keeps the transposed layout its gradient arrives in, and neither the optimizer nor the
    # forward and backward kernels copy it to another layout on every step.
    grads = [grad if _dense(grad) else grad.contiguous() for grad in grads]
    groups = (variables, momentums, velocities)
    if not (held_by_variables and all(_only_their_variables_hold(arrays) for arrays in groups)
            and all(array.stride() == grad.stride() for arrays in groups for array, grad in zip(arrays, grads))):
        groups = tuple([_copy_in_layout_of(grad, array) for array, grad in zip(arrays, grads)] for arrays in groups)
        if held_by_variables:
            _remember_allocated(*groups)  # the variables will hold these alone: the next step may write them
    new_variables, new_momentums, new_velocities = groups
    torch._fused_adam_(
        *_row_major_views(new_variables, grads, new_momentums, new_velocities), [],
        _no_bias_correction(len(variables), alpha.device),
        lr=alpha, beta1=beta_1, beta2=beta_2, weight_decay=0.0, eps=epsilon, amsgrad=False, maximize=False,
    )
    return new_variables, new_momentums, new_velocities


def _dense(array: torch.Tensor) -> bool:
    """Whether ``array``'s elements fill one block of memory, each once: row-major order or a permutation
    of it (a transposed matrix, say)."""
    if array.is_contiguous():
        return True
    expected = 1
    for stride, size in sorted((stride, size) for stride, size in zip(array.stride(), array.shape) if size != 1):
        if stride != expected:
            return False
        expected *= size
    return True


def _row_major_views(*groups: list[torch.Tensor]) -> tuple[list[torch.Tensor], ...]:
    """Each group's arrays as row-major views of the same memory, where the second group's array (the
    gradient, whose layout the others share) is not row-major already. Adam's update is elementwise, so it
    may run on the views; torch's CPU kernel copies every gradient that is not row-major (torch 2.13)."""
    orders = [None if grad.is_contiguous() else _row_major_order(grad) for grad in groups[1]]
    if not any(orders):
        return groups
    return tuple([array if order is None else array.permute(order) for array, order in zip(arrays, orders)]
                 for arrays in groups)


def _row_major_order(array: torch.Tensor) -> tuple[int, ...]:
    """The order of ``array``'s axes, largest stride first: permuted so, a dense array is row-major."""
    strides = array.stride()
    return tuple(sorted(range(array.ndim), key=lambda axis: -strides[axis]))


def _copy_in_layout_of(layout: torch.Tensor, array: torch.Tensor) -> torch.Tensor:
    """A new array with ``array``'s values and ``layout``'s strides (``layout`` is dense, of the same shape)."""
    return torch.empty_like(layout, memory_format=torch.preserve_format).copy_(array)


_FUSED_ADAM_DTYPES = (torch.float32, torch.float64)
_FUSED_ADAM_DEVICES = ("cpu", "cuda")


def _fused_adam_applies(variables: list[torch.Tensor], grads: list[torch.Tensor], alpha: Any, beta_1: float,
                        beta_2: float) -> bool:
    """Whether ``torch._fused_adam_`` computes this step: float32/float64 arrays of one dtype and device
    (CPU or CUDA), ``alpha`` a 0-d tensor of that dtype there, betas whose corrections the step count
    below turns off (not a beta of 1, where the generic formula divides by zero), and not while
    ``torch.compile`` traces (the generic code then runs and is compiled)."""
    if not variables or not isinstance(alpha, torch.Tensor) or torch.compiler.is_compiling():
        return False
    dtype, device = variables[0].dtype, variables[0].device
    if dtype not in _FUSED_ADAM_DTYPES or device.type not in _FUSED_ADAM_DEVICES:
        return False
    if alpha.dtype is not dtype or alpha.device != device or alpha.ndim != 0:
        return False
    if not (_corrections_vanish(beta_1) and _corrections_vanish(beta_2)):
        return False
    return all(grad.dtype is dtype and grad.device == device for grad in grads)


_NO_BIAS_CORRECTION_STEP = float(2**40)
"""A step count at which ``beta ** step`` is 0 in double precision for any beta Adam is used with
(``0.999 ** 2**40`` underflows; :func:`_corrections_vanish` checks), so ``1 - beta ** step`` is exactly 1."""


def _corrections_vanish(beta: float) -> bool:
    """Whether ``1 - beta ** step`` is exactly 1 at the step count given to the kernel."""
    return 0.0 <= beta < 1.0 and beta**_NO_BIAS_CORRECTION_STEP == 0.0


_no_bias_correction_steps: dict[torch.device, torch.Tensor] = {}


def _no_bias_correction(count: int, device: torch.device) -> list[torch.Tensor]:
    """``count`` references to one float32 step tensor on ``device`` (the kernel only reads it)."""
    step = _no_bias_correction_steps.get(device)
    if step is None:
        step = _no_bias_correction_steps[device] = torch.tensor(_NO_BIAS_CORRECTION_STEP, device=device)
    return [step] * count


_allocated: dict[int, weakref.ref] = {}
"""Arrays this kernel allocated (by id, weakly): their memory is torch's own. An array made from a NumPy
array (``torch.from_numpy``, as a variable assigned from NumPy holds) shares the NumPy array's memory,
which no count below can see; such arrays are never written, the variable gets a new one instead."""


def _remember_allocated(*groups: list[torch.Tensor]) -> None:
    for arrays in groups:
        for array in arrays:
            key = id(array)
            _allocated[key] = weakref.ref(array, lambda ref, key=key: _allocated.get(key) is ref and _allocated.pop(key))


def _allocated_here(array: torch.Tensor) -> bool:
    ref = _allocated.get(id(array))
    return ref is not None and ref() is array


def _python_references(arrays: list[torch.Tensor]) -> list[int]:
    return [sys.getrefcount(array) for array in arrays]


def _storage_users(array: torch.Tensor) -> int:
    return torch._C._storage_Use_Count(array.untyped_storage()._cdata)


def _calibrate() -> tuple[int, int] | None:
    """What :func:`_only_their_variables_hold` counts for an array held by one owner and the list passed:
    Python references, and users of its memory. ``None`` if this torch lacks the private counters."""
    try:
        held = torch.empty(1)
        return _python_references([held])[0], _storage_users(held)
    except (AttributeError, RuntimeError, TypeError):
        return None


_BASELINE = _calibrate()


def _only_their_variables_hold(arrays: list[torch.Tensor]) -> bool:
    """Whether each array is reachable only through its owner (a variable) and the list passed in.

    The array must have been allocated by this kernel (see ``_allocated``),
    and three counts must be at their minimum: Python references (anything keeping
    the tensor object: user code, a NumPy array made by ``.numpy()``,
    ``TerminateOnNaN``'s snapshots, a ``StatelessScope``'s mapping), users
    of the tensor itself (views, DLPack exports), and users of its memory
    (``detach()``-ed aliases, arrays converted to NumPy through them,
    tensors autograd saved). Inference tensors and tensors that record
    gradients are never written.
    """
    if _BASELINE is None:
        return False
    references, storage_users = _BASELINE
    if any(count != references for count in _python_references(arrays)):
        return False
    for array in arrays:
        if (not _allocated_here(array) or array._use_count() != 1 or _storage_users(array) != storage_users
                or array.requires_grad or array.is_inference()):
            return False
    return True


def adam_step_size(learning_rate: torch.Tensor, count: torch.Tensor, beta_1: float, beta_2: float) -> torch.Tensor:
    """Adam's bias-corrected learning rate of update ``t = count + 1``, in ``learning_rate``'s dtype:
    ``learning_rate * sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t)``.

    The generic code's operations in its order (``t`` cast from the integer
    count, the betas as 0-d tensors of the dtype), with the constants cached.
    On the CPU, for float32 and float64, the scalar factors are formed on the
    host (each operation rounded to the dtype, as the tensor operations
    round) and only the two products with ``learning_rate`` are tensor
    operations: two framework calls instead of nine, on every training step.
    Reading the count there costs no device synchronization. float64 gives
    the same bits; float32 may differ in the last bit or two, since torch's
    float32 ``sqrt`` is not always correctly rounded and the host's is.

    Example:
        >>> round(float(adam_step_size(torch.tensor(0.1), torch.tensor(0), 0.9, 0.999)), 6)
        0.031623
    """
    dtype, device = learning_rate.dtype, learning_rate.device
    host_dtype = _HOST_SCALAR_DTYPES.get(dtype)
    if (host_dtype is not None and device.type == "cpu" and count.device.type == "cpu" and count.ndim == 0
            and not torch.compiler.is_compiling()):
        root, denominator = _host_step_factors(int(count) + 1, beta_1, beta_2, host_dtype)
        return learning_rate * root / denominator
    step = (count + _constant(1, count.dtype, count.device)).to(dtype)
    beta_1_power = torch.pow(_constant(beta_1, dtype, device), step)
    beta_2_power = torch.pow(_constant(beta_2, dtype, device), step)
    one = _constant(1.0, dtype, device)
    return learning_rate * torch.sqrt(one - beta_2_power) / (one - beta_1_power)


_HOST_SCALAR_DTYPES: dict[torch.dtype, Any] = {torch.float32: np.float32, torch.float64: float}
"""How the host rounds a float to each dtype it computes Adam's step factors in (not float16: torch forms
half-precision scalars through float32)."""


def _host_step_factors(step: int, beta_1: float, beta_2: float, round_to: Any) -> tuple[float, float]:
    """``sqrt(1 - beta_2 ** t)`` and ``1 - beta_1 ** t`` for ``t = step``, every operation computed in double
    precision and rounded to the dtype (``round_to``), as the tensor operations do; ``pow`` and ``sqrt`` of
    the C library are correctly rounded here, and ``1 - p`` is exact for ``p`` in ``[0.5, 1]``."""
    t = float(round_to(step))
    beta_2_power = float(round_to(math.pow(float(round_to(beta_2)), t)))
    root = float(round_to(math.sqrt(float(round_to(1.0 - beta_2_power)))))
    beta_1_power = float(round_to(math.pow(float(round_to(beta_1)), t)))
    return root, float(round_to(1.0 - beta_1_power))


_RECURRENT_DTYPES = (torch.float32, torch.float64)
"""Dtypes the recurrent kernels accept everywhere (half precision only on CUDA)."""


def _recurrent_kernel_applies(inputs: torch.Tensor) -> bool:
    """Whether torch's recurrent kernels take ``inputs`` here.

    Not under ``torch.compile``, whose CPU lowering of ``torch.lstm`` fails
    (torch 2.13); the generic loop, which it traces, is used there instead.
    """
    if torch.compiler.is_compiling():
        return False
    return inputs.dtype in _RECURRENT_DTYPES or (inputs.is_cuda and inputs.dtype in (torch.float16, torch.bfloat16))


def _gate_blocks(matrix: torch.Tensor, order: tuple[int, ...]) -> torch.Tensor:
    """The gate blocks of ``matrix`` (last axis, equal blocks) put in ``order``."""
    blocks = matrix.chunk(len(order), dim=-1)
    return torch.cat([blocks[i] for i in order], dim=-1)


def lstm(
    inputs: torch.Tensor,
    h: torch.Tensor,
    c: torch.Tensor,
    kernel: torch.Tensor,
    recurrent_kernel: torch.Tensor,
    bias: torch.Tensor | None,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor] | None:
    """A whole LSTM sequence in ``torch.lstm``: ``(outputs (batch, time, units), h, c)``, or ``None``
    where the kernel does not apply (a dtype it does not take, or inside ``torch.compile``); the
    caller then runs its generic loop.

    Keras 3's weights are used as they are: ``kernel (features, 4*units)`` and
    ``recurrent_kernel (units, 4*units)`` transposed are torch's ``weight_ih``
    and ``weight_hh`` (both order the gates ``i, f, c/g, o``), ``bias`` is
    ``bias_ih`` and ``bias_hh`` is zero.

    Example:
        >>> x, zeros = torch.ones(1, 2, 3), torch.zeros(1, 2)
        >>> outputs, h, c = lstm(x, zeros, zeros, torch.ones(3, 8), torch.zeros(2, 8), None)
        >>> [round(v, 4) for v in h[0].tolist()]
        [0.9067, 0.9067]
    """
    if not _recurrent_kernel_applies(inputs):
        return None
    weights = [kernel.t(), recurrent_kernel.t()]
    if bias is not None:
        weights += [bias, torch.zeros_like(bias)]
    outputs, h_n, c_n = torch.lstm(
        inputs, (h.unsqueeze(0), c.unsqueeze(0)), weights, bias is not None, 1, 0.0, False, False, True
    )
    return outputs, h_n[0], c_n[0]


_KERAS_TO_TORCH_GRU = (1, 0, 2)
"""Keras 3 orders the GRU gates ``z, r, h``; torch orders them ``r, z, n``."""


def gru(
    inputs: torch.Tensor,
    h: torch.Tensor,
    kernel: torch.Tensor,
    recurrent_kernel: torch.Tensor,
    bias: torch.Tensor | None,
) -> tuple[torch.Tensor, torch.Tensor] | None:
    """A whole GRU sequence (Keras 3's ``reset_after=True`` form) in ``torch.gru``: ``(outputs, h)``,
    or ``None`` where the kernel does not apply (see :func:`lstm`).

    The gate blocks of ``kernel``, ``recurrent_kernel`` and of the two bias
    rows (``bias (2, 3*units)``: input bias, recurrent bias) are reordered
    from Keras's ``z, r, h`` to torch's ``r, z, n``.

    Example:
        >>> outputs, h = gru(torch.ones(1, 2, 3), torch.zeros(1, 2), torch.ones(3, 6), torch.zeros(2, 6), None)
        >>> outputs.shape, [round(v, 4) for v in h[0].tolist()]
        (torch.Size([1, 2, 2]), [0.0921, 0.0921])
    """
    if not _recurrent_kernel_applies(inputs):
        return None
    order = _KERAS_TO_TORCH_GRU
    weights = [_gate_blocks(kernel, order).t(), _gate_blocks(recurrent_kernel, order).t()]
    if bias is not None:
        weights += [_gate_blocks(bias[0], order), _gate_blocks(bias[1], order)]
    outputs, h_n = torch.gru(inputs, h.unsqueeze(0), weights, bias is not None, 1, 0.0, False, False, True)
    return outputs, h_n[0]


_DENSE_DTYPES = (torch.float32, torch.float64)


def dense(inputs: Any, kernel: Any, bias: Any, features_rank: int = 1) -> torch.Tensor | None:
    """``tensordot(inputs, kernel, features_rank) + bias`` in one ``torch.addmm`` (the bias added inside the
    matrix product, its gradient a column sum of the product's), or ``None`` where the kernel does not apply:
    operands that are not float32 / float64 tensors of one dtype and device, shapes that do not fit, or no
    bias (a plain product is already one kernel in ``ops.matmul``); the caller's generic ops then run.

    ``inputs (..., *features)``, ``kernel (*features, *units)`` and ``bias (*units)``, where ``features`` are
    the last ``features_rank`` axes of ``inputs``; the result is ``(..., *units)``.

    Example:
        >>> out = dense(torch.ones(2, 3, 4), torch.ones(4, 5), torch.arange(5.0))
        >>> out.shape, out[0, 0].tolist()
        (torch.Size([2, 3, 5]), [4.0, 5.0, 6.0, 7.0, 8.0])
        >>> dense(torch.ones(2, 3, 4), torch.ones(3, 4, 5), torch.zeros(5), features_rank=2)[0].tolist()
        [12.0, 12.0, 12.0, 12.0, 12.0]
    """
    if type(inputs) is not torch.Tensor or type(kernel) is not torch.Tensor or type(bias) is not torch.Tensor:
        return None
    dtype = inputs.dtype
    if dtype not in _DENSE_DTYPES or kernel.dtype is not dtype or bias.dtype is not dtype:
        return None
    rank = features_rank
    if inputs.ndim <= rank or kernel.ndim <= rank or inputs.shape[inputs.ndim - rank:] != kernel.shape[:rank]:
        return None
    units_shape = kernel.shape[rank:]
    if bias.shape != units_shape or inputs.device != kernel.device or bias.device != kernel.device:
        return None
    if kernel.ndim == 2:
        if inputs.ndim == 2:
            return torch.addmm(bias, inputs, kernel)
        # torch's own linear folds the leading axes into one matrix product inside one call (the reshapes
        # a hand-written model pays nothing for in Python); kernel.t() is the (units, features) weight it takes.
        return _F.linear(inputs, kernel.t(), bias)
    features = kernel.shape[:rank].numel()
    units = units_shape.numel()
    out = torch.addmm(bias.reshape(units), inputs.reshape(-1, features), kernel.reshape(features, units))
    return out.reshape(inputs.shape[:inputs.ndim - rank] + units_shape)


_CONV_DTYPES = (torch.float32, torch.float64)


def conv_bias(inputs: Any, kernel: Any, bias: Any, strides: Any = 1, padding: str = "valid",
              data_format: str | None = None, dilation_rate: Any = 1) -> torch.Tensor | None:
    """``ops.conv(inputs, kernel, ...)`` plus ``bias`` over the channels axis, the bias added by torch's
    convolution kernel itself (one pass over the output less, one output-sized array less), or ``None``
    where the kernel does not apply: operands that are not float32 / float64 tensors of one dtype and
    device, or a bias that is not one value per output channel; the caller's generic ops then run.

    Example:
        >>> out = conv_bias(torch.ones(1, 3, 3, 2), torch.ones(2, 2, 2, 4), torch.arange(4.0))
        >>> out.shape, out[0, 0, 0].tolist()
        (torch.Size([1, 2, 2, 4]), [8.0, 9.0, 10.0, 11.0])
    """
    operands = (inputs, kernel, bias)
    if any(type(x) is not torch.Tensor for x in operands):
        return None
    dtype, device = inputs.dtype, inputs.device
    if dtype not in _CONV_DTYPES or any(x.dtype is not dtype or x.device != device for x in operands[1:]):
        return None
    if kernel.ndim != inputs.ndim or bias.shape != kernel.shape[-1:]:
        return None
    return _nn.conv_with_bias(inputs, kernel, bias, strides, padding, data_format, dilation_rate)


def sparse_categorical_crossentropy_mean(target: Any, output: Any, axis: int = -1) -> torch.Tensor | None:
    """The mean over every entry of the sparse cross-entropy of logits ``output``: one ``F.cross_entropy`` call.

    ``None`` (the shared code computes the losses, then their mean) for
    non-tensors, empty batches, and wherever ``F.cross_entropy`` would not
    give the generic result (see :func:`multikeras.backends.torch.nn.fused_sparse_crossentropy`).
    """
    if not isinstance(output, torch.Tensor) or not isinstance(target, torch.Tensor) or output.numel() == 0:
        return None
    return _nn.fused_sparse_crossentropy(target, output, axis, reduction="mean")


KERNELS = {"adam_update": adam_update, "adam_step_size": adam_step_size, "lstm": lstm, "gru": gru,
           "dense": dense, "conv_bias": conv_bias,
           "sparse_categorical_crossentropy_mean": sparse_categorical_crossentropy_mean}
