"""`Adafactor`: adaptive steps with factored second moments (memory sublinear in the weights)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras.optimizers.optimizer import Optimizer
from multikeras.saving.object_registration import register_builtin
from multikeras.state.variable import Variable


@register_builtin("keras.optimizers")
class Adafactor(Optimizer):
    """Adafactor (Shazeer & Stern, 2018): second moments kept as row and column averages.

    At update ``t``: ``rho = min(learning_rate, 1 / sqrt(t))``,
    ``alpha = max(epsilon_2, rms(w)) * rho``, ``b = 1 - t**beta_2_decay`` and
    ``s = g**2 + epsilon_1``. For a variable of rank >= 2 the row and column
    averages ``r = b * r + (1 - b) * mean(s, -1)`` and
    ``c = b * c + (1 - b) * mean(s, -2)`` give ``v = r / mean(r) (x) c``; for a
    vector ``v = b * v + (1 - b) * s``. Then ``u = g / sqrt(v)``, clipped to
    ``u / max(1, rms(u) / clip_threshold)``, and ``w -= alpha * u``.

    Args:
        learning_rate: a float, a schedule or a callable (default 0.001).
        beta_2_decay: the exponent of the second-moment decay.
        epsilon_1: added to the squared gradients.
        epsilon_2: the smallest weight scale used for the step size.
        clip_threshold: the RMS the update is clipped to.
        relative_step: bound the learning rate by ``1 / sqrt(t)`` (Keras 3
            applies that bound in every case; the argument is kept for configs).
        **kwargs: the shared optimizer arguments (see :class:`Optimizer`).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     w = mk.Variable([[1.0, 1.0], [1.0, 1.0]])
        ...     opt = Adafactor(learning_rate=0.5)
        ...     opt.apply([mk.ops.ones((2, 2))], [w])
        ...     w.numpy().astype("float64").round(4).tolist()
        [[0.5, 0.5], [0.5, 0.5]]
    """

    def __init__(self, learning_rate: Any = 0.001, beta_2_decay: float = -0.8, epsilon_1: float = 1e-30,
                 epsilon_2: float = 1e-3, clip_threshold: float = 1.0, relative_step: bool = True, *,
                 name: str | None = None, **kwargs: Any):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_2_decay = beta_2_decay
        self.epsilon_1 = epsilon_1
        self.epsilon_2 = epsilon_2
        self.clip_threshold = clip_threshold
        self.relative_step = relative_step

    def build(self, variables: Sequence[Variable]) -> None:
        if self.built:
            return
        super().build(variables)
        # Per variable, in Keras 3's order: row average r, column average c, then v. Vectors keep no
        # factored moments; scalar integer placeholders hold their places so weight files line up.
        self._r, self._c, self._v = [], [], []
        for variable in variables:
            if getattr(variable, "overwrite_with_gradient", False):
                self._r.append(None)
                self._c.append(None)
                self._v.append(None)
                continue
            shape = variable.shape
            if len(shape) < 2:
                self._r.append(self.add_variable((), dtype="int32", name=variable.name))
                self._c.append(self.add_variable((), dtype="int32", name=variable.name))
            else:
                self._r.append(self.add_variable(shape[:-1], dtype=variable._dtype, name=variable.name))
                self._c.append(self.add_variable(shape[:-2] + shape[-1:], dtype=variable._dtype, name=variable.name))
            self._v.append(self.add_variable_from_reference(variable, "velocity"))

    def _compute_step_scalars(self, learning_rate: Any, dtype: str) -> Any:
        step = self._local_step(dtype)
        rho = ops.minimum(self._cast_scalar(learning_rate, dtype), 1.0 / ops.sqrt(step))
        decay = 1.0 - ops.power(step, float(self.beta_2_decay))
        return rho, decay

    def update_step(self, gradient: Any, variable: Variable, learning_rate: Any) -> None:
        rho, decay = self._step_scalars(learning_rate, variable._dtype)
        index = self._get_variable_index(variable)
        value = variable.value
        alpha = ops.maximum(float(self.epsilon_2), _rms(value)) * rho
        squares = gradient * gradient + float(self.epsilon_1)
        keep = 1.0 - decay
        v_slot = self._v[index]
        if len(variable.shape) >= 2:
            r_slot, c_slot = self._r[index], self._c[index]
            r = r_slot.value * decay + ops.mean(squares, axis=-1) * keep
            c = c_slot.value * decay + ops.mean(squares, axis=-2) * keep
            r_slot.assign(r)
            c_slot.assign(c)
            v = ops.expand_dims(r / ops.mean(r, axis=-1, keepdims=True), -1) * ops.expand_dims(c, -2)
        else:
            v = v_slot.value * decay + squares * keep
        v_slot.assign(v)
        update = gradient / ops.sqrt(v)
        update = update / ops.maximum(1.0, _rms(update) / float(self.clip_threshold))
        variable.assign(value - update * alpha)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "beta_2_decay": self.beta_2_decay, "epsilon_1": self.epsilon_1,
                "epsilon_2": self.epsilon_2, "clip_threshold": self.clip_threshold,
                "relative_step": self.relative_step}


def _rms(x: Any) -> Any:
    return ops.sqrt(ops.mean(x * x))
