"""`AdamW`: Adam with decoupled weight decay."""

from __future__ import annotations

from typing import Any

from multikeras.optimizers.adam import Adam
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.optimizers")
class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter).

    Each step first shrinks the weights, ``w -= w * weight_decay *
    learning_rate``, then applies the :class:`Adam` update.

    Args:
        learning_rate: a float, a schedule or a callable (default 0.001).
        weight_decay: the decay rate (required; default 0.004).
        beta_1: decay of the first-moment average.
        beta_2: decay of the second-moment average.
        epsilon: added to the denominator for numerical stability.
        amsgrad: use the AMSGrad variant.
        **kwargs: the shared optimizer arguments (see :class:`Optimizer`).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     w = mk.Variable([1.0])
        ...     opt = AdamW(learning_rate=0.1, weight_decay=0.5)
        ...     opt.apply([mk.ops.zeros(1)], [w])
        ...     w.numpy().astype("float64").round(4).tolist()
        [0.95]
    """

    def __init__(self, learning_rate: Any = 0.001, weight_decay: float = 0.004, beta_1: float = 0.9,
                 beta_2: float = 0.999, epsilon: float = 1e-7, amsgrad: bool = False, *, name: str | None = None,
                 **kwargs: Any):
        super().__init__(learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2, epsilon=epsilon, amsgrad=amsgrad,
                         weight_decay=weight_decay, name=name, **kwargs)
        if self.weight_decay is None:
            raise ValueError("AdamW: 'weight_decay' must be a float, received weight_decay=None.")
