"""Fused kernels of the torch backend: generic pieces of shared code in a few framework calls.

``adam_update`` computes exactly what the shared code computes variable by
variable, with the same operations in the same order, so results are
bit-identical; it only replaces many small framework calls by ``torch._foreach_*``
calls over all variables at once. ``lstm`` and ``gru`` run a whole sequence
through torch's own recurrent kernels (a C++ loop on CPU, cuDNN on CUDA); they
compute the recurrences of Keras 3's ``LSTMCell`` and ``GRUCell`` (with
``reset_after=True``) with float32 rounding differences only, since the sums
are formed in another order (see ``docs/contract.md``, "Fused kernels").
"""

from __future__ import annotations

from typing import Any

import torch


def adam_update(
    variables: list[torch.Tensor],
    grads: list[torch.Tensor],
    momentums: list[torch.Tensor],
    velocities: list[torch.Tensor],
    alpha: Any,
    beta_1: float,
    beta_2: float,
    epsilon: float,
) -> tuple[list[torch.Tensor], list[torch.Tensor], list[torch.Tensor]]:
    """One Adam step for every variable: new (variables, momentums, velocities).

    ``m += (g - m) * (1 - beta_1)``; ``v += (g * g - v) * (1 - beta_2)``;
    ``variable -= m * alpha / (sqrt(v) + epsilon)``, with ``alpha`` the
    step's bias-corrected learning rate (a scalar tensor).

    Example:
        >>> w, g = [torch.ones(2)], [torch.full((2,), 0.5)]
        >>> new_w, m, v = adam_update(w, g, [torch.zeros(2)], [torch.zeros(2)], torch.tensor(0.1), 0.9, 0.999, 1e-7)
        >>> [round(x, 4) for x in m[0].tolist()], [round(x, 4) for x in new_w[0].tolist()]
        ([0.05, 0.05], [0.6838, 0.6838])
    """
    # Same operations in the same order as the generic update; results go to fresh temporaries
    # updated in place, so each list costs one allocation instead of one per operation.
    new_m = torch._foreach_sub(grads, momentums)
    torch._foreach_mul_(new_m, 1.0 - beta_1)
    torch._foreach_add_(new_m, momentums)  # m + (g - m) * (1 - beta_1): addition commutes exactly
    new_v = torch._foreach_mul(grads, grads)
    torch._foreach_sub_(new_v, velocities)
    torch._foreach_mul_(new_v, 1.0 - beta_2)
    torch._foreach_add_(new_v, velocities)
    denominators = torch._foreach_sqrt(new_v)
    torch._foreach_add_(denominators, epsilon)
    steps = torch._foreach_mul(new_m, alpha)
    torch._foreach_div_(steps, denominators)
    return torch._foreach_sub(variables, steps), new_m, new_v

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


KERNELS = {"adam_update": adam_update, "lstm": lstm, "gru": gru}
