"""Type aliases used in the signatures of public ops.

Arrays are the active backend's native tensors (``np.ndarray``,
``jax.Array``, ``torch.Tensor``, ``tf.Tensor``); ops accept anything
``convert_to_tensor`` accepts: native tensors, NumPy arrays, nested lists and
Python scalars.
"""

from __future__ import annotations

from typing import Any, Union

Array = Any
"""A tensor of the active backend."""
ArrayLike = Any
"""A tensor, NumPy array, nested list or Python scalar."""
DTypeLike = Any
"""A dtype name (``"float32"``), NumPy dtype, framework dtype or Python type."""
Shape = Union[int, "tuple[int | None, ...]", "list[int]"]
Axis = Union[int, "tuple[int, ...]", None]
