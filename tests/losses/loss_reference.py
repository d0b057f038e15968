"""NumPy (float64) reference formulas of every loss, written from their definitions, and the Keras reductions."""

from __future__ import annotations

import numpy as np

EPS = 1e-7


def f64(x):
    return np.asarray(x, dtype=np.float64)


def log_softmax(x, axis=-1):
    x = f64(x)
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-f64(x)))


# --------------------------------------------------------------- regression


def mse(t, p):
    return np.mean((f64(t) - f64(p)) ** 2, axis=-1)


def mae(t, p):
    return np.mean(np.abs(f64(t) - f64(p)), axis=-1)


def mape(t, p):
    t, p = f64(t), f64(p)
    return 100.0 * np.mean(np.abs(t - p) / np.maximum(np.abs(t), EPS), axis=-1)


def msle(t, p):
    t, p = f64(t), f64(p)
    return np.mean((np.log1p(np.maximum(p, EPS)) - np.log1p(np.maximum(t, EPS))) ** 2, axis=-1)


def cosine_similarity(t, p, axis=-1):
    t, p = f64(t), f64(p)
    unit_t = t / np.maximum(np.linalg.norm(t, axis=axis, keepdims=True), EPS)
    unit_p = p / np.maximum(np.linalg.norm(p, axis=axis, keepdims=True), EPS)
    return -np.sum(unit_t * unit_p, axis=axis)


def huber(t, p, delta=1.0):
    e = np.abs(f64(p) - f64(t))
    return np.mean(np.where(e <= delta, 0.5 * e**2, delta * e - 0.5 * delta**2), axis=-1)


def log_cosh(t, p):
    return np.mean(np.log(np.cosh(f64(p) - f64(t))), axis=-1)


# ------------------------------------------------------------------- hinge


def _signs(t):
    t = f64(t)
    return 2 * t - 1 if np.all((t == 0) | (t == 1)) else t


def hinge(t, p):
    return np.mean(np.maximum(1 - _signs(t) * f64(p), 0), axis=-1)


def squared_hinge(t, p):
    return np.mean(np.maximum(1 - _signs(t) * f64(p), 0) ** 2, axis=-1)


def categorical_hinge(t, p):
    t, p = f64(t), f64(p)
    positive = np.sum(t * p, axis=-1)
    negative = np.max((1 - t) * p, axis=-1)
    return np.maximum(negative - positive + 1, 0)


# ---------------------------------------------------------- probabilistic


def kl_divergence(t, p):
    t, p = np.clip(f64(t), EPS, 1), np.clip(f64(p), EPS, 1)
    return np.sum(t * np.log(t / p), axis=-1)


def poisson(t, p):
    t, p = f64(t), f64(p)
    return np.mean(p - t * np.log(p + EPS), axis=-1)


def _bce_elements(t, p, from_logits):
    t = f64(t)
    if from_logits:
        x = f64(p)
        return np.maximum(x, 0) - x * t + np.log1p(np.exp(-np.abs(x)))
    p = np.clip(f64(p), EPS, 1 - EPS)
    return -(t * np.log(p) + (1 - t) * np.log(1 - p))


def binary_crossentropy(t, p, from_logits=False, label_smoothing=0.0, axis=-1):
    t = f64(t) * (1 - label_smoothing) + 0.5 * label_smoothing
    return np.mean(_bce_elements(t, p, from_logits), axis=axis)


def binary_focal_crossentropy(t, p, apply_class_balancing=False, alpha=0.25, gamma=2.0, from_logits=False,
                              label_smoothing=0.0, axis=-1):
    t = f64(t) * (1 - label_smoothing) + 0.5 * label_smoothing
    bce = _bce_elements(t, p, from_logits)
    prob = sigmoid(p) if from_logits else f64(p)
    p_t = t * prob + (1 - t) * (1 - prob)
    out = (1 - p_t) ** gamma * bce
    if apply_class_balancing:
        out = (t * alpha + (1 - t) * (1 - alpha)) * out
    return np.mean(out, axis=axis)


def _smooth(t, label_smoothing, axis):
    t = f64(t)
    return t * (1 - label_smoothing) + label_smoothing / t.shape[axis]


def _log_probabilities(p, from_logits, axis):
    if from_logits:
        return log_softmax(p, axis)
    p = f64(p)
    return np.log(np.clip(p / p.sum(axis=axis, keepdims=True), EPS, 1 - EPS))


def categorical_crossentropy(t, p, from_logits=False, label_smoothing=0.0, axis=-1):
    return -np.sum(_smooth(t, label_smoothing, axis) * _log_probabilities(p, from_logits, axis), axis=axis)


def categorical_focal_crossentropy(t, p, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0, axis=-1):
    t = _smooth(t, label_smoothing, axis)
    log_p = _log_probabilities(p, from_logits, axis)
    prob = np.clip(np.exp(log_p), EPS, 1 - EPS)
    return np.sum(alpha * (1 - prob) ** gamma * -t * log_p, axis=axis)


def sparse_categorical_crossentropy(t, p, from_logits=False, ignore_class=None, axis=-1):
    p = f64(p)
    t = np.asarray(t)
    axis = axis % p.ndim
    if t.ndim == p.ndim:
        t = np.squeeze(t, axis)
    valid = np.ones(t.shape, bool) if ignore_class is None else t != ignore_class
    safe = np.where(valid, t, 0).astype(int)
    log_p = _log_probabilities(p, from_logits, axis)
    picked = np.take_along_axis(log_p, np.expand_dims(safe, axis), axis=axis).squeeze(axis)
    return np.where(valid, -picked, 0.0), valid


def categorical_generalized_cross_entropy(t, p, q):
    p = f64(p)
    t = np.asarray(t).astype(int).reshape(-1)
    chosen = p[np.arange(len(t)), t]
    return (1 - chosen**q) / q


# ------------------------------------------------------------ segmentation


def dice(t, p, axis=None):
    t, p = f64(t), f64(p)
    axis = tuple(axis) if isinstance(axis, list) else axis
    return 1 - 2 * np.sum(t * p, axis=axis) / (np.sum(t, axis=axis) + np.sum(p, axis=axis) + EPS)


def tversky(t, p, alpha=0.5, beta=0.5, axis=None):
    t, p = f64(t), f64(p)
    axis = tuple(axis) if isinstance(axis, list) else axis
    tp = np.sum(t * p, axis=axis)
    missed = np.sum(t * (1 - p), axis=axis)
    spurious = np.sum((1 - t) * p, axis=axis)
    return 1 - tp / (tp + alpha * missed + beta * spurious + EPS)


# --------------------------------------------------------------------- CTC


def ctc(t, logits):
    """Negative log-likelihood by summing over every alignment (brute force: tiny inputs only)."""
    import itertools

    t = np.asarray(t)
    log_p = log_softmax(logits)
    batch, steps, classes = log_p.shape
    out = np.zeros(batch)
    for b in range(batch):
        target = tuple(int(c) for c in t[b] if c != 0)
        total = -np.inf
        for path in itertools.product(range(classes), repeat=steps):
            collapsed = [c for i, c in enumerate(path) if c != 0 and (i == 0 or c != path[i - 1])]
            if tuple(collapsed) == target:
                total = np.logaddexp(total, sum(log_p[b, i, c] for i, c in enumerate(path)))
        out[b] = -total
    return out


# ------------------------------------------------------------------ circle


def circle(labels, embeddings, gamma=80.0, margin=0.4, remove_diagonal=True):
    labels, emb = np.asarray(labels), f64(embeddings)
    n = len(labels)
    distance = np.maximum(1 - emb @ emb.T, 0)
    out = np.zeros(n)
    for i in range(n):
        pos_terms, neg_terms = [], []
        for j in range(n):
            d = distance[i, j]
            if labels[i] == labels[j]:
                if remove_diagonal and i == j:
                    continue
                weight = max(margin + d, 0)
                pos_terms.append(-gamma * weight * (margin - d))
            else:
                weight = max(1 + margin - d, 0)
                neg_terms.append(gamma * weight * ((1 - margin) - d))
        lse = lambda v: -np.inf if not v else np.log(np.sum(np.exp(np.array(v) - max(v)))) + max(v)  # noqa: E731
        z = lse(pos_terms) + lse(neg_terms)
        out[i] = 0.0 if z == -np.inf else np.log1p(np.exp(-abs(z))) + max(z, 0)
    return out


# -------------------------------------------------------------- reductions


def weight_like_keras(values, sample_weight):
    """Weights aligned to ``values``: a size-1 last axis squeezed (or added to a vector), then
    per-sample weights (a leading part of the values' shape) given trailing axes."""
    v, w = f64(values), f64(sample_weight)
    if v.ndim == w.ndim + 1 and v.shape[-1] == 1:
        if w.ndim == 1:
            w = w[:, None]
        else:
            v = v[..., 0]
    elif w.ndim == v.ndim + 1 and w.shape[-1] == 1:
        if v.ndim == 1:
            v = v[:, None]
        else:
            w = w[..., 0]
    if 0 < w.ndim < v.ndim and w.shape == v.shape[: w.ndim]:
        w = w.reshape(w.shape + (1,) * (v.ndim - w.ndim))
    return v, w


def reduce(values, sample_weight=None, reduction="sum_over_batch_size", mask=None):
    """Keras 3's reductions of per-sample losses, with an optional boolean mask of valid entries."""
    v = f64(values)
    w = None if sample_weight is None else f64(sample_weight)
    if mask is not None:
        mask = np.asarray(mask, bool)
        if reduction in ("sum_over_batch_size", "mean"):
            mask_weight = np.where(mask, mask.size / mask.sum() if mask.sum() else 0.0, 0.0)
        else:
            mask_weight = mask.astype(np.float64)
        if w is None:
            w = mask_weight
        else:
            mask_weight, w = weight_like_keras(mask_weight, w)
            w = w * mask_weight
    if w is not None:
        v, w = weight_like_keras(v, w)
        v = v * w
    if reduction in (None, "none") or v.shape in ((), (0,)):
        return v
    total = v.sum()
    if reduction == "sum":
        return total
    divisor = w.sum() if reduction == "mean_with_sample_weight" and w is not None else v.size
    return total / divisor if divisor else 0.0
