"""Fused kernels of the torch backend: generic optimizer pieces in a few multi-tensor calls.

Each kernel computes exactly what the shared code computes variable by
variable, with the same operations in the same order, so results are
bit-identical; it only replaces many small framework calls by ``torch._foreach_*``
calls over all variables at once (see ``docs/contract.md``, "Fused kernels").
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

KERNELS = {"adam_update": adam_update}
