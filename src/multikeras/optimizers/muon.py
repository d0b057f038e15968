"""`Muon`: momentum orthogonalized by Newton-Schulz iterations for matrices, AdamW for the other variables."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras.optimizers.optimizer import Optimizer, _is_real
from multikeras.saving.object_registration import register_builtin
from multikeras.state.variable import Variable

# Added to the Frobenius norm before the first Newton-Schulz iteration, so a zero update stays finite
# (a constant in Keras 3: the `epsilon` argument belongs to the AdamW part only).
_NORM_EPSILON = 1e-7


@register_builtin("keras.optimizers")
class Muon(Optimizer):
    """Muon: for 2-D weights, the momentum is replaced by its nearest semi-orthogonal matrix.

    A variable takes the Muon update when it is 2-D, is not excluded by
    ``exclude_layers`` (regular expressions searched in the variable's path)
    and, with ``exclude_embeddings``, its path does not contain
    ``"embedding"`` (in any case). At update ``t``::

        m = momentum * m + g
        d = g + momentum * m            (nesterov; otherwise d = m)
        X = d / (||d||_F + 1e-7), transposed when it has more rows than columns
        ns_steps times: A = X X^T;  X = muon_a * X + (muon_b * A + muon_c * A A) X
        w -= learning_rate * rms_rate * sqrt(max(rows, columns)) * X

    (without the ``rms_rate * sqrt(...)`` factor when ``rms_rate`` is
    ``None``), after the decoupled decay ``w -= w * weight_decay *
    learning_rate``. Every other variable (biases, normalization scales,
    embeddings, convolution kernels, excluded layers) takes the AdamW update
    with learning rate ``learning_rate * adam_lr_ratio``, after the decay
    ``w -= w * adam_weight_decay * learning_rate``.

    Slots, per variable in order: ``<path>_momentum`` for every variable, then
    ``<path>_velocity`` for those taking the AdamW update.

    Args:
        learning_rate: a float, a schedule or a callable (default 0.001).
        adam_beta_1: AdamW's decay of the first-moment average.
        adam_beta_2: AdamW's decay of the second-moment average.
        adam_weight_decay: the decoupled decay of the AdamW variables (``None``: none).
        epsilon: AdamW's term added to the denominator.
        weight_decay: the decoupled decay of the Muon variables (``None``: none).
        exclude_layers: regular expressions; a variable whose path contains a
            match takes the AdamW update. A single string is one expression.
        exclude_embeddings: embeddings (paths containing ``"embedding"``) take the AdamW update.
        muon_a: first Newton-Schulz coefficient.
        muon_b: second Newton-Schulz coefficient.
        muon_c: third Newton-Schulz coefficient.
        adam_lr_ratio: the AdamW learning rate as a fraction of ``learning_rate``.
        momentum: decay of the Muon momentum.
        ns_steps: the number of Newton-Schulz iterations (an integer >= 0).
        nesterov: use Nesterov momentum for the Muon update.
        rms_rate: scale the Muon update by ``rms_rate * sqrt(max(rows, columns))``
            so its RMS is comparable to AdamW's (``None``: no scaling).
        **kwargs: the shared optimizer arguments (see :class:`Optimizer`).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     kernel = mk.Variable([[3.0, 0.0], [0.0, 1.0]], name="kernel")
        ...     opt = Muon(learning_rate=0.1, weight_decay=None, rms_rate=None, ns_steps=0, nesterov=False)
        ...     opt.apply([mk.ops.array([[3.0, 0.0], [0.0, 4.0]])], [kernel])
        ...     kernel.numpy().astype("float64").round(4).tolist()
        [[2.94, 0.0], [0.0, 0.92]]
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        adam_beta_1: float = 0.9,
        adam_beta_2: float = 0.999,
        adam_weight_decay: float | None = 0.004,
        epsilon: float = 1e-7,
        weight_decay: float | None = 0.004,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
        use_ema: bool = False,
        ema_momentum: float = 0.99,
        ema_overwrite_frequency: int | None = None,
        loss_scale_factor: float | None = None,
        gradient_accumulation_steps: int | None = None,
        name: str | None = None,
        exclude_layers: Sequence[str] | str | None = None,
        exclude_embeddings: bool = True,
        muon_a: float = 3.4445,
        muon_b: float = -4.775,
        muon_c: float = 2.0315,
        adam_lr_ratio: float = 1,
        momentum: float = 0.95,
        ns_steps: int = 5,
        nesterov: bool = True,
        rms_rate: float | None = 0.2,
        **kwargs: Any,
    ):
        super().__init__(
            learning_rate=learning_rate, weight_decay=weight_decay, clipnorm=clipnorm, clipvalue=clipvalue,
            global_clipnorm=global_clipnorm, use_ema=use_ema, ema_momentum=ema_momentum,
            ema_overwrite_frequency=ema_overwrite_frequency, loss_scale_factor=loss_scale_factor,
            gradient_accumulation_steps=gradient_accumulation_steps, name=name, **kwargs,
        )
        for arg, value in (("adam_beta_1", adam_beta_1), ("adam_beta_2", adam_beta_2), ("epsilon", epsilon),
                           ("muon_a", muon_a), ("muon_b", muon_b), ("muon_c", muon_c),
                           ("adam_lr_ratio", adam_lr_ratio), ("momentum", momentum)):
            if not _is_real(value):
                raise ValueError(f"Muon: expected a float for '{arg}', received {value!r}.")
        for arg, value in (("adam_weight_decay", adam_weight_decay), ("rms_rate", rms_rate)):
            if value is not None and not _is_real(value):
                raise ValueError(f"Muon: expected a float or None for '{arg}', received {value!r}.")
        if isinstance(ns_steps, bool) or not isinstance(ns_steps, int) or ns_steps < 0:
            raise ValueError(f"Muon: 'ns_steps' must be an integer >= 0, received ns_steps={ns_steps!r}.")
        if isinstance(exclude_layers, str):
            exclude_layers = [exclude_layers]
        exclude_layers = list(exclude_layers or [])
        for pattern in exclude_layers:
            if not isinstance(pattern, str):
                raise ValueError(f"Muon: 'exclude_layers' must hold strings (regular expressions), received "
                                 f"{pattern!r} in exclude_layers={exclude_layers!r}.")
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"Muon: 'exclude_layers' holds an invalid regular expression {pattern!r}: "
                                 f"{error}.") from None
        self.adam_beta_1 = adam_beta_1
        self.adam_beta_2 = adam_beta_2
        self.adam_weight_decay = adam_weight_decay
        self.epsilon = epsilon
        self.exclude_layers = exclude_layers
        self.exclude_embeddings = bool(exclude_embeddings)
        self.muon_a = muon_a
        self.muon_b = muon_b
        self.muon_c = muon_c
        self.adam_lr_ratio = adam_lr_ratio
        self.momentum = momentum
        self.ns_steps = ns_steps
        self.nesterov = bool(nesterov)
        self.rms_rate = rms_rate
        self._uses_adamw: dict[int, bool] = {}

    def _should_use_adamw(self, variable: Variable) -> bool:
        """Whether ``variable`` takes the AdamW update rather than the Muon one."""
        if len(variable.shape) != 2:
            return True
        path = variable.path
        if self.exclude_embeddings and "embedding" in path.lower():
            return True
        return any(re.search(pattern, path) for pattern in self.exclude_layers)

    def build(self, variables: Sequence[Variable]) -> None:
        if self.built:
            return
        super().build(variables)
        self._momentums: list[Variable | None] = []
        self._velocities: list[Variable | None] = []
        for variable in self._trainable_variables:
            uses_adamw = self._uses_adamw[id(variable)] = self._should_use_adamw(variable)
            if getattr(variable, "overwrite_with_gradient", False):
                self._momentums.append(None)
                self._velocities.append(None)
                continue
            self._momentums.append(self.add_variable_from_reference(variable, "momentum"))
            self._velocities.append(self.add_variable_from_reference(variable, "velocity") if uses_adamw else None)

    def _apply_weight_decay(self, variables: Sequence[Variable], learning_rate: Any) -> None:
        # Two rates: `weight_decay` for the Muon variables, `adam_weight_decay` for the others, both times
        # the full learning rate (adam_lr_ratio does not scale the decay).
        for variable in variables:
            rate = self.adam_weight_decay if self._uses_adamw[id(variable)] else self.weight_decay
            if rate is None or not self._use_weight_decay(variable):
                continue
            value = variable.value
            variable.assign(value - value * self._cast_scalar(learning_rate * float(rate), variable._dtype))

    def _compute_step_scalars(self, learning_rate: Any, dtype: str) -> Any:
        lr = self._cast_scalar(learning_rate, dtype)
        step = self._local_step(dtype)
        beta_1_power = ops.power(ops.cast(self.adam_beta_1, dtype), step)
        beta_2_power = ops.power(ops.cast(self.adam_beta_2, dtype), step)
        adam_alpha = lr * float(self.adam_lr_ratio) * ops.sqrt(1.0 - beta_2_power) / (1.0 - beta_1_power)
        return lr, adam_alpha

    def update_step(self, gradient: Any, variable: Variable, learning_rate: Any) -> None:
        lr, adam_alpha = self._step_scalars(learning_rate, variable._dtype)
        index = self._get_variable_index(variable)
        if self._uses_adamw[id(variable)]:
            self._adamw_update_step(gradient, variable, index, adam_alpha)
        else:
            self._muon_update_step(gradient, variable, index, lr)

    def _adamw_update_step(self, gradient: Any, variable: Variable, index: int, alpha: Any) -> None:
        m_slot, v_slot = self._momentums[index], self._velocities[index]
        m = m_slot.value
        v = v_slot.value
        m = m + (gradient - m) * (1.0 - float(self.adam_beta_1))
        v = v + (gradient * gradient - v) * (1.0 - float(self.adam_beta_2))
        m_slot.assign(m)
        v_slot.assign(v)
        variable.assign(variable.value - m * alpha / (ops.sqrt(v) + float(self.epsilon)))

    def _muon_update_step(self, gradient: Any, variable: Variable, index: int, lr: Any) -> None:
        m_slot = self._momentums[index]
        momentum = float(self.momentum)
        m = m_slot.value * momentum + gradient
        m_slot.assign(m)
        direction = gradient + m * momentum if self.nesterov else m
        update = self.newton_schulz(direction)
        if self.rms_rate is not None:
            rows, columns = variable.shape
            update = update * (float(self.rms_rate) * math.sqrt(max(rows, columns)))
        variable.assign(variable.value - update * lr)

    def newton_schulz(self, x: Any) -> Any:
        """``x``'s approximate orthogonalization: ``ns_steps`` quintic Newton-Schulz iterations on the
        Frobenius-normalized 2-D ``x`` (computed on the side with fewer rows, which gives the same matrix
        with smaller products)."""
        transposed = x.shape[0] > x.shape[1]
        if transposed:
            x = ops.transpose(x)
        x = x / (ops.sqrt(ops.sum(ops.square(x))) + _NORM_EPSILON)
        a, b, c = float(self.muon_a), float(self.muon_b), float(self.muon_c)
        for _ in range(self.ns_steps):
            gram = ops.matmul(x, ops.transpose(x))
            x = x * a + ops.matmul(gram * b + ops.matmul(gram, gram) * c, x)
        return ops.transpose(x) if transposed else x

    def get_config(self) -> dict[str, Any]:
        return {
            **super().get_config(),
            "adam_beta_1": self.adam_beta_1,
            "adam_beta_2": self.adam_beta_2,
            "epsilon": self.epsilon,
            "exclude_layers": list(self.exclude_layers),
            "muon_a": self.muon_a,
            "muon_b": self.muon_b,
            "muon_c": self.muon_c,
            "adam_lr_ratio": self.adam_lr_ratio,
            "momentum": self.momentum,
            "ns_steps": self.ns_steps,
            "nesterov": self.nesterov,
            "exclude_embeddings": self.exclude_embeddings,
            "adam_weight_decay": self.adam_weight_decay,
            "rms_rate": self.rms_rate,
        }
