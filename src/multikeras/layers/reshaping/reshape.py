"""`Reshape`: gives each sample a new shape with the same number of entries."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras.layers.reshaping.reshaping_utils import ReshapingLayer, where
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class Reshape(ReshapingLayer):
    """Reshape each sample to ``target_shape`` (the batch axis is kept).

    Args:
        target_shape: the new shape without the batch axis; one entry may be
            ``-1``, inferred from the number of entries.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = Reshape((2, -1))(mk.ops.ones((3, 6)))
        >>> y.shape
        (3, 2, 3)
    """

    _built_at_construction = True  # creates no state: built from the start, as in Keras 3

    def __init__(self, target_shape: Sequence[int], **kwargs: Any):
        super().__init__(**kwargs)
        valid = isinstance(target_shape, Sequence) and not isinstance(target_shape, str) and all(
            isinstance(d, int) and not isinstance(d, bool) and d >= -1 for d in target_shape
        )
        if not valid or list(target_shape).count(-1) > 1:
            raise ValueError(
                f"{where(self)}: `target_shape` must be a tuple of ints >= 0 with at most one -1 (an inferred "
                f"size), received target_shape={target_shape!r}."
            )
        self.target_shape = tuple(int(d) for d in target_shape)

    def _resolve(self, input_shape: Sequence[Any]) -> tuple[int | None, ...]:
        """``target_shape`` with its ``-1`` filled in when the input's sizes are known; checks the size."""
        rest = tuple(input_shape[1:])
        if any(not isinstance(d, int) for d in rest):
            return tuple(None if d == -1 else d for d in self.target_shape)
        total = math.prod(rest)
        known = math.prod(d for d in self.target_shape if d != -1)
        if -1 in self.target_shape:
            if known == 0 or total % known:
                raise ValueError(
                    f"{where(self)}: cannot reshape samples of shape {rest} ({total} entries) to "
                    f"target_shape={self.target_shape}: {total} is not a multiple of {known}."
                )
            return tuple(total // known if d == -1 else d for d in self.target_shape)
        if known != total:
            raise ValueError(
                f"{where(self)}: the total size must be unchanged: samples of shape {rest} have {total} entries, "
                f"target_shape={self.target_shape} has {known}."
            )
        return self.target_shape

    def call(self, inputs: Any) -> Any:
        shape = ops.shape(inputs)
        resolved = self._resolve(shape)
        batch = shape[0]
        if any(d is None for d in resolved):  # sizes known only at run time (inside a traced function)
            if -1 not in self.target_shape:
                return ops.reshape(inputs, (-1,) + self.target_shape)
            return ops.reshape(inputs, (batch,) + self.target_shape)
        return ops.reshape(inputs, ((batch if isinstance(batch, int) else -1),) + resolved)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return (input_shape[0],) + self._resolve(input_shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["target_shape"] = self.target_shape
        return config
