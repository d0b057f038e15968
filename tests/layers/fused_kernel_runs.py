"""One layer run with or without a backend's fused kernel, for the tests that compare the two paths."""

from __future__ import annotations

import numpy as np

import multikeras as mk
from multikeras import ops


def run_layer(layer: mk.layers.Layer, x: np.ndarray, kernel_name: str,
              fused: bool) -> tuple[np.ndarray, list[np.ndarray], int]:
    """Output and gradients (weights, then input) of ``sum(output * c)`` for a fixed ``c``, and how many calls
    of the active backend's fused kernel ``kernel_name`` computed a result (``fused=False``: the kernel is
    removed for the run, so the generic ops compute everything)."""
    kernels = mk.backend.current().fused
    saved = kernels[kernel_name]
    taken = []

    def counting(*args):
        result = saved(*args)
        taken.append(result is not None)
        return result

    if fused:
        kernels[kernel_name] = counting
    else:
        del kernels[kernel_name]

    def loss(trainable, inputs):
        out, _ = layer.stateless_call(trainable, [], inputs)
        cotangent = np.linspace(-1.0, 1.0, int(np.prod(out.shape)), dtype=x.dtype).reshape(tuple(out.shape))
        return ops.sum(ops.multiply(out, ops.convert_to_tensor(cotangent))), out

    try:
        (_, out), (weight_grads, input_grad) = mk.backend.value_and_grad(loss, argnums=(0, 1), has_aux=True)(
            [v.value for v in layer.trainable_variables], ops.convert_to_tensor(x))
    finally:
        kernels[kernel_name] = saved
    return ops.convert_to_numpy(out), [ops.convert_to_numpy(g) for g in [*weight_grads, input_grad]], sum(taken)
