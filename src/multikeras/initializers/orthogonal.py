"""The Orthogonal initializer."""

from __future__ import annotations

import math
from typing import Any

from multikeras import ops
from multikeras import random as mk_random
from multikeras.initializers.initializer import MODULE, RandomInitializer, Shape, float_dtype, standardize_shape
from multikeras.random.seed_generator import SeedGenerator
from multikeras.saving.object_registration import register_builtin


@register_builtin(MODULE)
class Orthogonal(RandomInitializer):
    """A random orthogonal matrix times ``gain``.

    The shape is read as a matrix of ``prod(shape[:-1])`` rows and
    ``shape[-1]`` columns: if there are at least as many rows as columns the
    columns are orthonormal (``W^T W = gain^2 I``), otherwise the rows are
    (``W W^T = gain^2 I``). The matrix is the Q factor of the QR decomposition
    of a normal sample, with signs fixed so that it is uniformly distributed.

    Args:
        gain: the factor the orthogonal matrix is multiplied by.
        seed: ``None``, an int (same values on every call) or a
            ``SeedGenerator`` (new values on every call).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     w = mk.ops.convert_to_numpy(mk.initializers.Orthogonal(gain=2.0, seed=0)((5, 3)))
        >>> print((w.T @ w).round(4) + 0.0)
        [[4. 0. 0.]
         [0. 4. 0.]
         [0. 0. 4.]]
    """

    def __init__(self, gain: float = 1.0, seed: int | SeedGenerator | None = None):
        self.gain = gain
        super().__init__(seed)

    def __call__(self, shape: Shape, dtype: Any = None) -> Any:
        shape = standardize_shape(shape, "Orthogonal")
        dtype = float_dtype(dtype, "Orthogonal")
        if len(shape) < 2:
            raise ValueError(
                f"Orthogonal: the tensor to initialize must be at least two-dimensional; received shape={shape} "
                f"of rank {len(shape)}."
            )
        rows, columns = math.prod(shape[:-1]), shape[-1]
        # QR is not defined for half-precision floats on every framework: decompose in float32 (or float64).
        compute_dtype = "float64" if dtype == "float64" else "float32"
        sample = mk_random.normal((max(rows, columns), min(rows, columns)), dtype=compute_dtype, seed=self.seed)
        q, r = ops.qr(sample)
        q = ops.multiply(q, ops.sign(ops.diagonal(r)))
        if rows < columns:
            q = ops.transpose(q)
        return ops.cast(ops.multiply(ops.reshape(q, shape), self.gain), dtype)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "gain": self.gain}
