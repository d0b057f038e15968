"""OrthogonalRegularizer: a penalty on the non-orthogonality of the rows or columns of a matrix."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.ops.types import Array, ArrayLike
from multikeras.regularizers.regularizer import MODULE, Regularizer, as_float32, validate_factor
from multikeras.saving.object_registration import register_builtin

MODES = ("rows", "columns")


@register_builtin(MODULE)
class OrthogonalRegularizer(Regularizer):
    """Penalize rows (or columns) of a 2-D weight that are not orthogonal to each other.

    The vectors are scaled to unit L2 norm; the penalty is ``factor`` times
    the mean absolute off-diagonal entry of their Gram matrix (``n`` vectors:
    the sum of ``|<v_i, v_j>|`` over ``i != j``, divided by ``n * (n - 1)``).

    Args:
        factor: the non-negative factor, stored rounded to float32 as Keras 3 does.
        mode: ``"rows"`` or ``"columns"``.

    Raises:
        ValueError: for a bad ``factor`` or ``mode``; calling it on a tensor
            that is not 2-D.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.regularizers.OrthogonalRegularizer(factor=0.5)([[1.0, 0.0], [1.0, 0.0]]))
        0.5
    """

    def __init__(self, factor: float = 0.01, mode: str = "rows"):
        self.factor = as_float32(validate_factor(factor, "factor", "OrthogonalRegularizer"))
        if mode not in MODES:
            raise ValueError(f"OrthogonalRegularizer: `mode` must be one of {MODES}, received mode={mode!r}.")
        self.mode = mode

    def __call__(self, x: ArrayLike) -> Array:
        x = ops.convert_to_tensor(x)
        shape = tuple(ops.shape(x))
        if len(shape) != 2:
            raise ValueError(f"OrthogonalRegularizer: inputs must have rank 2, received inputs.shape={shape}.")
        if self.mode == "columns":
            x = ops.transpose(x)
        vectors = ops.normalize(x, axis=1)
        gram = ops.matmul(vectors, ops.transpose(vectors))
        count = ops.shape(vectors)[0]
        off_diagonal = ops.subtract(gram, ops.eye(count, dtype=ops.dtype(gram)))
        mean = ops.divide(ops.sum(ops.absolute(off_diagonal)), count * (count - 1))
        return ops.multiply(self.factor, mean)

    def get_config(self) -> dict[str, Any]:
        return {"factor": self.factor, "mode": self.mode}
