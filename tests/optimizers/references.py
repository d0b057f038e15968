"""NumPy (float64) references of the Keras 3 optimizer update rules and of the shared pipeline.

Each rule is ``rule(w, g, slots, t, lr, hp) -> new w``: ``w`` and ``g`` are
arrays, ``slots`` a dict of this variable's state (filled on first use), ``t``
the number of the update (1, 2, ...), ``lr`` the learning rate and ``hp`` the
optimizer's keyword arguments. Written from the published algorithms as Keras 3
states them, independently of the implementation under test.
"""

from __future__ import annotations

import math

import numpy as np


def _slot(slots, name, like, fill=0.0):
    if name not in slots:
        slots[name] = np.full_like(like, fill, dtype=np.float64)
    return slots[name]


def sgd(w, g, slots, t, lr, hp):
    momentum = hp.get("momentum", 0.0)
    if not momentum:
        return w - lr * g
    velocity = momentum * _slot(slots, "velocity", w) - lr * g
    slots["velocity"] = velocity
    if hp.get("nesterov", False):
        return w + momentum * velocity - lr * g
    return w + velocity


def adam(w, g, slots, t, lr, hp):
    b1, b2, eps = hp.get("beta_1", 0.9), hp.get("beta_2", 0.999), hp.get("epsilon", 1e-7)
    m = slots["m"] = b1 * _slot(slots, "m", w) + (1 - b1) * g
    v = slots["v"] = b2 * _slot(slots, "v", w) + (1 - b2) * g**2
    if hp.get("amsgrad", False):
        v = slots["v_max"] = np.maximum(_slot(slots, "v_max", w), v)
    step = lr * math.sqrt(1 - b2**t) / (1 - b1**t)
    return w - step * m / (np.sqrt(v) + eps)


def adamax(w, g, slots, t, lr, hp):
    b1, b2, eps = hp.get("beta_1", 0.9), hp.get("beta_2", 0.999), hp.get("epsilon", 1e-7)
    m = slots["m"] = b1 * _slot(slots, "m", w) + (1 - b1) * g
    u = slots["u"] = np.maximum(b2 * _slot(slots, "u", w), np.abs(g))
    return w - lr / (1 - b1**t) * m / (u + eps)


def nadam(w, g, slots, t, lr, hp):
    b1, b2, eps = hp.get("beta_1", 0.9), hp.get("beta_2", 0.999), hp.get("epsilon", 1e-7)

    def mu(step):
        return b1 * (1 - 0.5 * 0.96**step)

    product = math.prod(mu(i) for i in range(1, t + 1))
    m = slots["m"] = b1 * _slot(slots, "m", w) + (1 - b1) * g
    v = slots["v"] = b2 * _slot(slots, "v", w) + (1 - b2) * g**2
    m_hat = mu(t + 1) * m / (1 - product * mu(t + 1)) + (1 - mu(t)) * g / (1 - product)
    v_hat = v / (1 - b2**t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps)


def rmsprop(w, g, slots, t, lr, hp):
    rho, momentum, eps = hp.get("rho", 0.9), hp.get("momentum", 0.0), hp.get("epsilon", 1e-7)
    v = slots["v"] = rho * _slot(slots, "v", w) + (1 - rho) * g**2
    if hp.get("centered", False):
        mean = slots["mean"] = rho * _slot(slots, "mean", w) + (1 - rho) * g
        increment = lr * g / np.sqrt(v - mean**2 + eps)
    else:
        increment = lr * g / np.sqrt(v + eps)
    if momentum > 0:
        increment = slots["p"] = momentum * _slot(slots, "p", w) + increment
    return w - increment


def adagrad(w, g, slots, t, lr, hp):
    eps = hp.get("epsilon", 1e-7)
    total = slots["sum"] = _slot(slots, "sum", w, hp.get("initial_accumulator_value", 0.1)) + g**2
    return w - lr * g / np.sqrt(total + eps)


def adadelta(w, g, slots, t, lr, hp):
    rho, eps = hp.get("rho", 0.95), hp.get("epsilon", 1e-7)
    grad_avg = slots["g2"] = rho * _slot(slots, "g2", w) + (1 - rho) * g**2
    delta_avg = _slot(slots, "d2", w)
    delta = -np.sqrt(delta_avg + eps) / np.sqrt(grad_avg + eps) * g
    slots["d2"] = rho * delta_avg + (1 - rho) * delta**2
    return w + lr * delta


def lion(w, g, slots, t, lr, hp):
    b1, b2 = hp.get("beta_1", 0.9), hp.get("beta_2", 0.99)
    m = _slot(slots, "m", w)
    new_w = w - lr * np.sign(b1 * m + (1 - b1) * g)
    slots["m"] = b2 * m + (1 - b2) * g
    return new_w


def lamb(w, g, slots, t, lr, hp):
    b1, b2, eps = hp.get("beta_1", 0.9), hp.get("beta_2", 0.999), hp.get("epsilon", 1e-7)
    m = slots["m"] = b1 * _slot(slots, "m", w) + (1 - b1) * g
    v = slots["v"] = b2 * _slot(slots, "v", w) + (1 - b2) * g**2
    direction = (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
    w_norm, d_norm = np.linalg.norm(w), np.linalg.norm(direction)
    trust = w_norm / d_norm if w_norm > 0 and d_norm > 0 else 1.0
    return w - trust * lr * direction


def ftrl(w, g, slots, t, lr, hp):
    power = -hp.get("learning_rate_power", -0.5)
    l1 = hp.get("l1_regularization_strength", 0.0)
    l2 = hp.get("l2_regularization_strength", 0.0) + hp.get("beta", 0.0) / (2 * lr)
    shrink = hp.get("l2_shrinkage_regularization_strength", 0.0)
    n = _slot(slots, "n", w, hp.get("initial_accumulator_value", 0.1))
    z = _slot(slots, "z", w)
    n_new = n + g**2
    z = slots["z"] = z + g + 2 * shrink * w - (n_new**power - n**power) / lr * w
    slots["n"] = n_new
    return (np.clip(z, -l1, l1) - z) / (n_new**power / lr + 2 * l2)


def adafactor(w, g, slots, t, lr, hp):
    decay_exponent, eps1 = hp.get("beta_2_decay", -0.8), hp.get("epsilon_1", 1e-30)
    eps2, threshold = hp.get("epsilon_2", 1e-3), hp.get("clip_threshold", 1.0)

    def rms(x):
        return np.sqrt(np.mean(x**2))

    rho = min(lr, 1 / math.sqrt(t))
    alpha = max(eps2, rms(w)) * rho
    beta = 1 - t**decay_exponent
    sq = g**2 + eps1
    if w.ndim >= 2:
        r = slots["r"] = beta * slots.get("r", np.zeros(w.shape[:-1])) + (1 - beta) * sq.mean(axis=-1)
        c = slots["c"] = beta * slots.get("c", np.zeros(w.shape[:-2] + w.shape[-1:])) + (1 - beta) * sq.mean(axis=-2)
        v = (r / r.mean(axis=-1, keepdims=True))[..., :, None] * c[..., None, :]
    else:
        v = slots["v"] = beta * _slot(slots, "v", w) + (1 - beta) * sq
    u = g / np.sqrt(v)
    u = u / max(1.0, rms(u) / threshold)
    return w - alpha * u


RULES = {
    "SGD": sgd, "Adam": adam, "AdamW": adam, "Adamax": adamax, "Nadam": nadam, "RMSprop": rmsprop,
    "Adagrad": adagrad, "Adadelta": adadelta, "Lion": lion, "Lamb": lamb, "Ftrl": ftrl, "Adafactor": adafactor,
}

PIPELINE_ARGS = ("weight_decay", "clipnorm", "clipvalue", "global_clipnorm", "use_ema", "ema_momentum",
                 "ema_overwrite_frequency", "loss_scale_factor", "gradient_accumulation_steps", "learning_rate")


class ReferenceOptimizer:
    """The Keras 3 pipeline around a rule: unscale, accumulate, clip, weight decay, update, EMA.

    ``learning_rate`` may be a float or a function of the step counter
    (every call of :meth:`apply`, accumulation steps included).
    """

    def __init__(self, class_name, weights, excluded=(), **kwargs):
        self.rule = RULES[class_name]
        self.hp = {k: v for k, v in kwargs.items() if k not in PIPELINE_ARGS}
        self.learning_rate = kwargs.get("learning_rate", 0.001)
        self.weight_decay = kwargs.get("weight_decay", 0.004 if class_name == "AdamW" else None)
        self.clipnorm = kwargs.get("clipnorm")
        self.clipvalue = kwargs.get("clipvalue")
        self.global_clipnorm = kwargs.get("global_clipnorm")
        self.use_ema = kwargs.get("use_ema", False)
        self.ema_momentum = kwargs.get("ema_momentum", 0.99)
        self.ema_every = kwargs.get("ema_overwrite_frequency")
        self.loss_scale = kwargs.get("loss_scale_factor")
        self.accumulate = kwargs.get("gradient_accumulation_steps")
        self.weights = [np.asarray(w, np.float64).copy() for w in weights]
        self.excluded = set(excluded)
        self.slots = [{} for _ in weights]
        self.averages = [w.copy() for w in self.weights]
        self.sums = [np.zeros_like(w) for w in self.weights]
        self.calls = 0
        self.updates = 0

    def _lr(self):
        return self.learning_rate(self.calls) if callable(self.learning_rate) else self.learning_rate

    def apply(self, grads):
        grads = [np.asarray(g, np.float64) for g in grads]
        if self.loss_scale:
            grads = [g / self.loss_scale for g in grads]
        do_update = True
        if self.accumulate:
            self.sums = [s + g for s, g in zip(self.sums, grads)]
            do_update = (self.calls + 1) % self.accumulate == 0
            if do_update:
                grads = [s / self.accumulate for s in self.sums]
                self.sums = [np.zeros_like(s) for s in self.sums]
        if do_update:
            if self.clipnorm:
                grads = [g * min(1.0, self.clipnorm / max(np.linalg.norm(g), 1e-300)) for g in grads]
            elif self.global_clipnorm:
                total = math.sqrt(sum(float(np.sum(g**2)) for g in grads))
                grads = [g * min(1.0, self.global_clipnorm / total) for g in grads]
            elif self.clipvalue:
                grads = [np.clip(g, -self.clipvalue, self.clipvalue) for g in grads]
            lr = self._lr()
            self.updates += 1
            for i, g in enumerate(grads):
                w = self.weights[i]
                if self.weight_decay is not None and i not in self.excluded:
                    w = w - w * self.weight_decay * lr
                self.weights[i] = self.rule(w, g, self.slots[i], self.updates, lr, self.hp)
        if self.use_ema:
            # "Iterations" count completed updates before this call (rounds with accumulation).
            done = self.calls // self.accumulate if self.accumulate else self.calls
            momentum = self.ema_momentum if done > 0 else 0.0
            self.averages = [momentum * a + (1 - momentum) * w for a, w in zip(self.averages, self.weights)]
            if self.ema_every and (done + 1) % self.ema_every == 0:
                self.weights = [a.copy() for a in self.averages]
        self.calls += 1
        return self.weights
