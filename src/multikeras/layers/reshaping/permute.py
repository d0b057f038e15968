"""`Permute`: reorders the non-batch axes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.reshaping.reshaping_utils import ReshapingLayer, where
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class Permute(ReshapingLayer):
    """Permute the axes of each sample: output axis ``i`` is input axis ``dims[i - 1]``.

    Args:
        dims: a permutation of ``1 .. n`` for inputs of rank ``n + 1`` (axis 0, the batch, stays).
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = Permute((2, 1))(mk.ops.ones((4, 2, 3)))
        >>> y.shape
        (4, 3, 2)
    """

    def __init__(self, dims: Sequence[int], **kwargs: Any):
        super().__init__(**kwargs)
        valid = isinstance(dims, Sequence) and not isinstance(dims, str) and all(
            isinstance(d, int) and not isinstance(d, bool) for d in dims
        ) and sorted(dims) == list(range(1, len(dims) + 1))
        if not valid or not dims:
            raise ValueError(
                f"{where(self)}: `dims` must be a permutation of 1 .. n (axis 0 is the batch and stays), "
                f"received dims={dims!r}."
            )
        self.dims = tuple(int(d) for d in dims)
        self.input_spec = InputSpec(ndim=len(self.dims) + 1)

    def call(self, inputs: Any) -> Any:
        return ops.transpose(inputs, (0,) + self.dims)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return (input_shape[0],) + tuple(input_shape[d] for d in self.dims)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["dims"] = self.dims
        return config
