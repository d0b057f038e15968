"""Records for ``multikeras.ops.nn``: activations, convolutions, pooling, normalization, losses."""

from __future__ import annotations

import itertools
import math

import ml_dtypes
import numpy as np

from backend_conformance.records import _nn_reference as ref
from backend_conformance.records._build import R, arr, bad, pos

X = arr((2, 5), low=-3, high=3)
X3 = arr((2, 3, 4), seed=8)
TOL = {"float32": (1e-5, 1e-5)}
CONV_TOL = {"float32": (1e-4, 1e-5)}

RECORDS = []
one = RECORDS.append


def _activation(op, fn, grad=True, x=X, **kwargs):
    one(R(op, "f32", x, kwargs=kwargs, ref=lambda v, **k: fn(np.asarray(v, np.float64), **k), dtype="same", grad=grad, tolerance=TOL))
    one(R(op, "f64", x.astype("float64"), kwargs=kwargs, ref=lambda v, **k: fn(v, **k), dtype="float64"))
    one(R(op, "f16", x.astype("float16"), kwargs=kwargs, ref=lambda v, **k: fn(np.asarray(v, np.float64), **k), dtype="float16"))
    one(R(op, "empty", np.zeros((0, 2), "float32"), kwargs=kwargs, ref=lambda v, **k: fn(np.asarray(v, np.float64), **k), dtype="float32"))
    # Integer inputs give floatx(), like every float-producing op (docs/ops.md).
    one(R(op, "int32", np.array([[-3, -1, 0, 1], [2, 7, -2, 4]], "int32"), kwargs=kwargs,
          ref=lambda v, **k: fn(np.asarray(v, np.float64), **k), dtype="float32", tolerance=TOL))


_activation("relu", lambda x: np.maximum(x, 0), grad=False)
_activation("relu6", lambda x: np.clip(x, 0, 6), grad=False, x=X * 3)
_activation("sigmoid", ref.sigmoid)
_activation("silu", lambda x: x * ref.sigmoid(x))
_activation("swish", lambda x: x * ref.sigmoid(x))
_activation("softplus", lambda x: np.logaddexp(x, 0))
_activation("softsign", lambda x: x / (1 + np.abs(x)))
_activation("elu", lambda x, alpha=1.0: np.where(x > 0, x, alpha * np.expm1(x)))
one(R("elu", "alpha", X, 0.5, ref=lambda x, a: np.where(x > 0, x, a * np.expm1(x.astype(np.float64))), dtype="float32", tolerance=TOL))
_activation("selu", lambda x: 1.0507009873554805 * np.where(x > 0, x, 1.6732632423543772 * np.expm1(x)))
_activation("celu", lambda x, alpha=1.0: np.maximum(x, 0) + np.minimum(0, alpha * np.expm1(x / alpha)))
one(R("celu", "alpha", X, kwargs={"alpha": 2.0}, ref=lambda x, alpha: np.maximum(x, 0) + np.minimum(0, alpha * np.expm1(x.astype(np.float64) / alpha)), dtype="float32", tolerance=TOL))
_activation("gelu", ref.gelu)
one(R("gelu", "exact", X, kwargs={"approximate": False}, ref=ref.gelu, dtype="float32", tolerance=TOL, grad=True))
_activation("glu", lambda x, axis=-1: np.split(x, 2, axis)[0] * ref.sigmoid(np.split(x, 2, axis)[1]), x=arr((2, 4), seed=2))
one(R("glu", "axis0", arr((4, 3), seed=2), kwargs={"axis": 0}, ref=lambda x, axis: np.split(x, 2, axis)[0] * ref.sigmoid(np.split(x, 2, axis)[1]), dtype="float32", tolerance=TOL))
one(bad("glu", "odd", arr((2, 3)), match=()))
_activation("hard_sigmoid", lambda x: np.clip(x / 6 + 0.5, 0, 1), grad=False)
_activation("hard_silu", lambda x: x * np.clip(x / 6 + 0.5, 0, 1), grad=False)
_activation("hard_swish", lambda x: x * np.clip(x / 6 + 0.5, 0, 1), grad=False)
_activation("hard_tanh", lambda x: np.clip(x, -1, 1), grad=False)
_activation("hard_shrink", lambda x, threshold=0.5: np.where(np.abs(x) > threshold, x, 0), grad=False)
one(R("hard_shrink", "threshold", X, 1.0, ref=lambda x, t: np.where(np.abs(x) > t, x, 0), dtype="float32"))
_activation("soft_shrink", lambda x, threshold=0.5: np.where(x > threshold, x - threshold, np.where(x < -threshold, x + threshold, 0)), grad=False)
one(R("soft_shrink", "threshold", X, 1.0, ref=lambda x, t: np.where(x > t, x - t, np.where(x < -t, x + t, 0)), dtype="float32"))
_activation("tanh_shrink", lambda x: x - np.tanh(x))
_activation("leaky_relu", lambda x, negative_slope=0.2: np.where(x > 0, x, negative_slope * x), grad=False)
one(R("leaky_relu", "slope", X, kwargs={"negative_slope": 0.01}, ref=lambda x, negative_slope: np.where(x > 0, x, negative_slope * x), dtype="float32"))
_activation("log_sigmoid", lambda x: -np.logaddexp(0, -x))
one(R("log_sigmoid", "large", np.array([-100.0, 100.0], "float32"), ref=lambda x: -np.logaddexp(0, -x.astype(np.float64)), dtype="float32"))
_activation("sparse_plus", lambda x: np.where(x <= -1, 0, np.where(x >= 1, x, (x + 1) ** 2 / 4)))
_activation("sparse_sigmoid", lambda x: np.clip((x + 1) / 2, 0, 1), grad=False)
_activation("squareplus", lambda x, b=4: (x + np.sqrt(x * x + b)) / 2)
one(R("squareplus", "b", X, 1, ref=lambda x, b: (x + np.sqrt(x.astype(np.float64) ** 2 + b)) / 2, dtype="float32", tolerance=TOL))
one(R("threshold", "f32", X, 0.5, -1.0, ref=lambda x, t, v: np.where(x > t, x, v), dtype="float32"))
one(R("threshold", "int", arr((2, 3), "int32", -3, 3), 0, 7, ref=lambda x, t, v: np.where(x > t, x, v), dtype="int32"))
_activation("softmax", ref.softmax)
one(R("softmax", "axis0", X3, kwargs={"axis": 0}, ref=ref.softmax, dtype="float32", tolerance=TOL, grad=True))
one(R("softmax", "axis-tuple", X3, kwargs={"axis": (1, 2)}, ref=lambda x, axis: np.exp(x - x.max(axis, keepdims=True)) / np.exp(x - x.max(axis, keepdims=True)).sum(axis, keepdims=True), dtype="float32", tolerance=TOL))
one(R("softmax", "large", np.array([[1000.0, 0.0, -1000.0]], "float32"), ref=ref.softmax, dtype="float32"))
one(R("softmax", "int", arr((2, 3), "int32", -3, 3), ref=ref.softmax, dtype="float32", tolerance=TOL))
_activation("log_softmax", ref.log_softmax)
one(R("log_softmax", "axis0", X3, kwargs={"axis": 0}, ref=ref.log_softmax, dtype="float32", tolerance=TOL))
one(R("log_softmax", "large", np.array([[1000.0, 0.0, -1000.0]], "float32"), ref=ref.log_softmax, dtype="float32"))
_activation("sparsemax", ref.sparsemax, grad=False)
one(R("sparsemax", "axis0", X3, kwargs={"axis": 0}, ref=ref.sparsemax, dtype="float32", tolerance=TOL))

# convolution and pooling (channels_last; kernels (*spatial, in, out))
IMG1, IMG2 = arr((2, 7, 3), seed=30), arr((1, 6, 5, 2), seed=31)
K1, K2 = arr((3, 3, 4), seed=32), arr((3, 2, 2, 3), seed=33)
one(R("conv", "1d-valid", IMG1, K1, ref=ref.conv, dtype="float32", tolerance=CONV_TOL, grad=True))
one(R("conv", "1d-same-stride", IMG1, K1, kwargs={"strides": 2, "padding": "same"}, ref=ref.conv, dtype="float32", tolerance=CONV_TOL))
one(R("conv", "1d-dilation", IMG1, K1, kwargs={"dilation_rate": 2}, ref=ref.conv, dtype="float32", tolerance=CONV_TOL))
one(R("conv", "2d-valid", IMG2, K2, kwargs={"data_format": "channels_last"}, ref=ref.conv, dtype="float32", tolerance=CONV_TOL, grad=True))
one(R("conv", "2d-same", IMG2, K2, kwargs={"padding": "same"}, ref=ref.conv, dtype="float32", tolerance=CONV_TOL))
one(R("conv", "2d-strides-tuple", IMG2, K2, kwargs={"strides": (2, 1)}, ref=ref.conv, dtype="float32", tolerance=CONV_TOL))
one(R("conv", "2d-channels-first", np.moveaxis(IMG2, -1, 1), K2, kwargs={"data_format": "channels_first"},
      ref=lambda x, k, data_format: np.moveaxis(ref.conv(np.moveaxis(x, 1, -1), k), -1, 1), dtype="float32", tolerance=CONV_TOL))
one(R("conv", "3d", arr((1, 4, 4, 3, 2), seed=34), arr((2, 2, 2, 2, 3), seed=35), ref=ref.conv, dtype="float32", tolerance=CONV_TOL))
one(R("conv", "f64", IMG1.astype("float64"), K1.astype("float64"), ref=ref.conv, dtype="float64"))
one(bad("conv", "channels", IMG2, arr((3, 3, 5, 2)), match=()))
DK1, DK2 = arr((3, 3, 2), seed=36), arr((2, 2, 2, 2), seed=37)
one(R("depthwise_conv", "1d", IMG1, DK1, ref=ref.depthwise_conv, dtype="float32", tolerance=CONV_TOL, grad=True))
one(R("depthwise_conv", "2d-same", IMG2, DK2, kwargs={"padding": "same"}, ref=ref.depthwise_conv, dtype="float32", tolerance=CONV_TOL))
one(R("depthwise_conv", "2d-strides", IMG2, DK2, kwargs={"strides": 2}, ref=ref.depthwise_conv, dtype="float32", tolerance=CONV_TOL))
one(R("separable_conv", "2d", IMG2, DK2, arr((1, 1, 4, 3), seed=38), ref=ref.separable_conv, dtype="float32", tolerance=CONV_TOL))
one(R("separable_conv", "1d", IMG1, DK1, arr((1, 6, 2), seed=39), ref=ref.separable_conv, dtype="float32", tolerance=CONV_TOL))
one(R("conv_transpose", "1d-valid", arr((1, 4, 2), seed=40), arr((3, 3, 2), seed=41), ref=ref.conv_transpose, dtype="float32", tolerance=CONV_TOL, grad=True))
one(R("conv_transpose", "1d-stride", arr((1, 4, 2), seed=40), arr((3, 3, 2), seed=41), kwargs={"strides": 2}, ref=ref.conv_transpose, dtype="float32", tolerance=CONV_TOL))
one(R("conv_transpose", "2d-stride", arr((1, 3, 2, 2), seed=42), arr((2, 2, 3, 2), seed=43), kwargs={"strides": 2}, ref=ref.conv_transpose, dtype="float32", tolerance=CONV_TOL))
one(R("conv_transpose", "2d-same-shape", arr((1, 3, 3, 1), seed=42), arr((2, 2, 1, 1), seed=43), kwargs={"strides": 2, "padding": "same"},
      ref=lambda *a, **k: np.zeros((1, 6, 6, 1)), dtype="float32", compare=lambda a, e: _shape(a, e)))
POOL = arr((2, 5, 5, 2), seed=44)
one(R("max_pool", "2d", POOL, 2, ref=ref.max_pool, dtype="float32", grad=True))
one(R("max_pool", "2d-same-stride", POOL, (3, 2), kwargs={"strides": 2, "padding": "same"}, ref=ref.max_pool, dtype="float32"))
one(R("max_pool", "1d", IMG1, 2, kwargs={"strides": 1}, ref=ref.max_pool, dtype="float32"))
one(R("max_pool", "channels-first", np.moveaxis(POOL, -1, 1), 2, kwargs={"data_format": "channels_first"},
      ref=lambda x, p, data_format: np.moveaxis(ref.max_pool(np.moveaxis(x, 1, -1), p), -1, 1), dtype="float32"))
one(R("average_pool", "2d", POOL, 2, ref=ref.average_pool, dtype="float32", tolerance=TOL, grad=True))
one(R("average_pool", "2d-same", POOL, 2, kwargs={"strides": 1, "padding": "same"}, ref=ref.average_pool, dtype="float32", tolerance=TOL))
one(R("average_pool", "1d-stride", IMG1, 3, kwargs={"strides": 2}, ref=ref.average_pool, dtype="float32", tolerance=TOL))
one(R("adaptive_average_pool", "2d", POOL, 2, ref=lambda x, s: ref.adaptive_pool(x, s, np.mean), dtype="float32", tolerance=TOL))
one(R("adaptive_average_pool", "2d-tuple", POOL, (3, 2), ref=lambda x, s: ref.adaptive_pool(x, s, np.mean), dtype="float32", tolerance=TOL))
one(R("adaptive_max_pool", "2d", POOL, 2, ref=lambda x, s: ref.adaptive_pool(x, s, np.max), dtype="float32"))
one(R("adaptive_max_pool", "1d", IMG1, 3, ref=lambda x, s: ref.adaptive_pool(x, s, np.max), dtype="float32"))

# normalization
MEAN, VAR = arr(4, seed=45), pos(4, seed=46)
one(R("batch_normalization", "last", X3, MEAN, VAR, -1, ref=lambda x, m, v, axis: (x - m) / np.sqrt(v + 1e-3), dtype="float32", tolerance=TOL))
one(R("batch_normalization", "offset-scale", X3, MEAN[:3], VAR[:3], 1, kwargs={"offset": arr(3, seed=1), "scale": pos(3, seed=2), "epsilon": 1e-5},
      ref=lambda x, m, v, axis, offset, scale, epsilon: (x - m[:, None]) / np.sqrt(v[:, None] + epsilon) * scale[:, None] + offset[:, None],
      dtype="float32", tolerance=TOL))
one(R("layer_normalization", "default", X3, ref=lambda x: (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + 1e-7), dtype="float32", tolerance={"float32": (1e-4, 1e-5)}))
one(R("layer_normalization", "gamma-beta", X3, kwargs={"gamma": pos(4, seed=1), "beta": arr(4, seed=2), "epsilon": 1e-3},
      ref=lambda x, gamma, beta, epsilon: (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + epsilon) * gamma + beta,
      dtype="float32", tolerance={"float32": (1e-4, 1e-5)}, grad=True))
one(R("rms_normalization", "default", X3, ref=lambda x: x / np.sqrt((x.astype(np.float64) ** 2).mean(-1, keepdims=True) + 1e-7), dtype="float32", tolerance={"float32": (1e-4, 1e-5)}))
one(R("rms_normalization", "scale-axis", X3, kwargs={"scale": pos(3, seed=3)[:, None], "axis": 1, "epsilon": 1e-5},
      ref=lambda x, scale, axis, epsilon: x / np.sqrt((x.astype(np.float64) ** 2).mean(axis, keepdims=True) + epsilon) * scale,
      dtype="float32", tolerance={"float32": (1e-4, 1e-5)}))
one(R("normalize", "l2", X3, ref=lambda x: x / np.linalg.norm(x.astype(np.float64), axis=-1, keepdims=True), dtype="float32", tolerance=TOL, grad=True))
one(R("normalize", "l1-axis0", X3, kwargs={"axis": 0, "order": 1}, ref=lambda x, axis, order: x / np.abs(x.astype(np.float64)).sum(axis, keepdims=True), dtype="float32", tolerance=TOL))
one(R("moments", "axes", X3, [0, 2], ref=lambda x, axes: (x.mean(tuple(axes)), x.var(tuple(axes))), dtype=("float32", "float32"), tolerance=TOL))
one(R("moments", "keepdims", X3, [1], kwargs={"keepdims": True}, ref=lambda x, axes, keepdims: (x.mean(1, keepdims=True), x.var(1, keepdims=True)), dtype=("float32", "float32"), tolerance=TOL))
one(R("moments", "f16", X3.astype("float16"), [-1], ref=lambda x, axes: (x.astype(np.float64).mean(-1), x.astype(np.float64).var(-1)), dtype=("float16", "float16")))

# encodings and losses
LABELS = np.array([0, 2, 1, 3], "int32")
one(R("one_hot", "default", LABELS, 4, ref=lambda x, n: np.eye(n)[x], dtype="float32"))
one(R("one_hot", "axis0-dtype", LABELS, 5, kwargs={"axis": 0, "dtype": "int32"}, ref=lambda x, n, axis, dtype: np.eye(n, dtype=dtype)[x].T, dtype="int32"))
one(R("one_hot", "negative", np.array([1, -1], "int32"), 3, ref=lambda x, n: np.array([[0, 1, 0], [0, 0, 0]]), dtype="float32"))
one(R("one_hot", "2d", np.array([[0, 1], [2, 0]], "int32"), 3, ref=lambda x, n: np.eye(n)[x], dtype="float32"))
one(R("multi_hot", "2d", np.array([[0, 2], [1, 1]], "int32"), 4, ref=lambda x, n: np.array([[1, 0, 1, 0], [0, 1, 0, 0]]), dtype="float32"))
one(R("multi_hot", "dtype", np.array([[0, 2], [3, 3]], "int32"), kwargs={"num_classes": 4, "dtype": "int32"},
      ref=lambda x, num_classes, dtype: np.array([[1, 0, 1, 0], [0, 0, 0, 1]]), dtype="int32"))
T_BIN, O_BIN = np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 0.5]], "float32"), np.array([[0.1, 0.8, 0.6], [0.99, 0.3, 0.5]], "float32")
one(R("binary_crossentropy", "probs", T_BIN, O_BIN, ref=ref.binary_crossentropy, dtype="float32", tolerance=TOL, grad=True, grad_argnum=1))
one(R("binary_crossentropy", "logits", T_BIN, arr((2, 3), seed=50), kwargs={"from_logits": True}, ref=ref.binary_crossentropy, dtype="float32", tolerance=TOL, grad=True, grad_argnum=1))
one(R("binary_crossentropy", "clipped", T_BIN, np.array([[0.0, 1.0, 0.0], [1.0, 1.0, 0.0]], "float32"), ref=ref.binary_crossentropy, dtype="float32", tolerance={"float32": (2e-2, 1e-6)}))
T_CAT = np.eye(4, dtype="float32")[[0, 2, 1]]
O_CAT = ref.softmax(arr((3, 4), seed=51)).astype("float32")
one(R("categorical_crossentropy", "probs", T_CAT, O_CAT, ref=ref.categorical_crossentropy, dtype="float32", tolerance=TOL, grad=True, grad_argnum=1))
one(R("categorical_crossentropy", "logits", T_CAT, arr((3, 4), seed=52), kwargs={"from_logits": True}, ref=ref.categorical_crossentropy, dtype="float32", tolerance=TOL, grad=True, grad_argnum=1))
one(R("categorical_crossentropy", "unnormalized-axis0", T_CAT.T.copy(), (O_CAT * 3).T.copy(), kwargs={"axis": 0}, ref=ref.categorical_crossentropy, dtype="float32", tolerance=TOL))
one(R("sparse_categorical_crossentropy", "probs", np.array([0, 2, 1], "int32"), O_CAT, ref=ref.sparse_categorical_crossentropy, dtype="float32", tolerance=TOL))
one(R("sparse_categorical_crossentropy", "logits", np.array([3, 0, 1], "int32"), arr((3, 4), seed=53), kwargs={"from_logits": True},
      ref=ref.sparse_categorical_crossentropy, dtype="float32", tolerance=TOL, grad=True, grad_argnum=1))
one(R("ctc_loss", "basic", np.array([[1, 2, 0], [3, 3, 1]], "int32"), arr((2, 6, 5), seed=54), np.array([2, 3], "int32"), np.array([6, 5], "int32"),
      ref=ref.ctc_loss, dtype="float32", tolerance={"float32": (1e-4, 1e-4)}))
# ctc_decode: greedy reads raw logits (score = -sum of the step maxima); beam search is exact when
# the beam holds every prefix (3 classes, 4 steps: 31 prefixes), so the reference enumerates paths
CTC_X, CTC_LENGTHS = arr((3, 4, 3), low=-3, high=3, seed=77), np.array([4, 2, 0], "int32")
CTC_REPEATS = np.array([[[0, 3, 0], [0, 3, 0], [3, 0, 0], [0, 3, 0], [0, 0, 3], [0, 0, 3]]], "float32")
one(R("ctc_decode", "greedy", CTC_X, CTC_LENGTHS, ref=ref.ctc_decode, dtype=("int32", "float32"), tolerance=TOL))
one(R("ctc_decode", "greedy-repeats", CTC_REPEATS, np.array([6], "int32"), ref=ref.ctc_decode, dtype=("int32", "float32")))
one(R("ctc_decode", "greedy-no-merge-mask2", CTC_REPEATS, np.array([5], "int32"), kwargs={"merge_repeated": False, "mask_index": 2},
      ref=ref.ctc_decode, dtype=("int32", "float32")))
one(R("ctc_decode", "greedy-mask-none", CTC_REPEATS, np.array([6], "int32"), kwargs={"mask_index": None}, ref=ref.ctc_decode, dtype=("int32", "float32")))
one(R("ctc_decode", "greedy-f64", CTC_X.astype("float64"), CTC_LENGTHS, ref=ref.ctc_decode, dtype=("int32", "float64")))
one(R("ctc_decode", "greedy-int", np.array([[[1, 5, 2], [7, 0, 0], [0, 2, 9]]], "int32"), np.array([3], "int32"), ref=ref.ctc_decode,
      dtype=("int32", "float32")))
one(R("ctc_decode", "beam", CTC_X, CTC_LENGTHS, kwargs={"strategy": "beam_search", "beam_width": 32, "top_paths": 3},
      ref=ref.ctc_decode, dtype=("int32", "float32"), tolerance=TOL))
one(R("ctc_decode", "beam-mask1", CTC_X, CTC_LENGTHS, kwargs={"strategy": "beam_search", "beam_width": 32, "top_paths": 2, "mask_index": 1},
      ref=ref.ctc_decode, dtype=("int32", "float32"), tolerance=TOL))
one(R("ctc_decode", "beam-f16", CTC_X.astype("float16"), CTC_LENGTHS, kwargs={"strategy": "beam_search", "beam_width": 32},
      ref=ref.ctc_decode, dtype=("int32", "float16")))
# one step of two classes has two labellings ([] and [1]): the third path is empty, with score -inf
one(R("ctc_decode", "beam-fewer-paths", np.array([[[0.5, -0.5]]], "float32"), np.array([1], "int32"),
      kwargs={"strategy": "beam_search", "beam_width": 3, "top_paths": 3}, ref=ref.ctc_decode, dtype=("int32", "float32"), tolerance=TOL))
one(bad("ctc_decode", "strategy", CTC_X, CTC_LENGTHS, kwargs={"strategy": "beam"}, match=("strategy", "'beam'")))
one(bad("ctc_decode", "top-paths", CTC_X, CTC_LENGTHS, kwargs={"strategy": "beam_search", "beam_width": 2, "top_paths": 3},
        match=("top_paths", "beam_width=2", "received 3")))
one(bad("ctc_decode", "mask-index", CTC_X, CTC_LENGTHS, kwargs={"mask_index": 3}, match=("mask_index", "received 3")))
one(bad("ctc_decode", "rank", CTC_X[0], CTC_LENGTHS, match=("inputs", "rank 3")))
one(bad("ctc_decode", "lengths", CTC_X, CTC_LENGTHS[:, None], match=("sequence_lengths", "(3, 1)")))
Q, KEY, VAL = arr((2, 3, 2, 4), seed=55), arr((2, 5, 2, 4), seed=56), arr((2, 5, 2, 4), seed=57)
one(R("dot_product_attention", "basic", Q, KEY, VAL, ref=ref.dot_product_attention, dtype="float32", tolerance=TOL, grad=True))
one(R("dot_product_attention", "scale-bias", Q, KEY, VAL, kwargs={"bias": arr((1, 2, 3, 5), seed=58), "scale": 0.3}, ref=ref.dot_product_attention, dtype="float32", tolerance=TOL))
one(R("dot_product_attention", "mask", Q, KEY, VAL, kwargs={"mask": np.tril(np.ones((3, 5), bool), 1)[None, None]}, ref=ref.dot_product_attention, dtype="float32", tolerance=TOL))
one(R("dot_product_attention", "causal", Q, KEY[:, :3], VAL[:, :3], kwargs={"is_causal": True}, ref=ref.dot_product_attention, dtype="float32", tolerance=TOL))
one(R("dot_product_attention", "soft-cap", Q, KEY, VAL, kwargs={"attn_logits_soft_cap": 0.5}, ref=ref.dot_product_attention, dtype="float32", tolerance=TOL))
one(R("depth_to_space", "2", np.arange(32, dtype="float32").reshape(1, 2, 2, 8), 2, ref=ref.depth_to_space, dtype="float32"))
one(R("space_to_depth", "2", np.arange(32, dtype="float32").reshape(1, 4, 4, 2), 2, ref=ref.space_to_depth, dtype="float32"))
one(R("space_to_depth", "channels-first", np.arange(32, dtype="float32").reshape(1, 2, 4, 4), 2, kwargs={"data_format": "channels_first"},
      ref=ref.space_to_depth_channels_first, dtype="float32"))
one(R("depth_to_space", "channels-first", np.arange(32, dtype="float32").reshape(1, 8, 2, 2), 2, kwargs={"data_format": "channels_first"},
      ref=ref.depth_to_space_channels_first, dtype="float32"))
one(R("psnr", "f32", pos((2, 4), seed=60), pos((2, 4), seed=61), 2.0, ref=lambda a, b, m: 20 * math.log10(m) - 10 * np.log10(np.mean((a.astype(np.float64) - b) ** 2)), dtype="float32", tolerance=TOL))
one(R("polar", "f32", pos((2, 3), seed=62), arr((2, 3), seed=63), ref=lambda r, t: r * np.exp(1j * t.astype(np.float64)), dtype="complex64", tolerance={"complex64": (1e-5, 1e-6)}))


def _shape(actual, expected) -> None:
    assert np.shape(actual) == np.shape(expected), f"shape {np.shape(actual)} != {np.shape(expected)}"

# asymmetric "same" padding (even kernels, strides) is where frameworks differ most
one(R("conv", "1d-same-even-kernel", IMG1, arr((2, 3, 4), seed=64), kwargs={"padding": "same"}, ref=ref.conv, dtype="float32", tolerance=CONV_TOL))
one(R("conv", "2d-same-even-stride2", arr((1, 6, 6, 2), seed=65), arr((4, 4, 2, 3), seed=66), kwargs={"strides": 2, "padding": "same"}, ref=ref.conv, dtype="float32", tolerance=CONV_TOL))
one(R("max_pool", "2d-same-even", arr((1, 6, 6, 1), seed=67), 2, kwargs={"strides": 2, "padding": "same"}, ref=ref.max_pool, dtype="float32"))
one(R("max_pool", "2d-same-odd-stride", arr((1, 5, 5, 1), seed=68), 2, kwargs={"strides": 2, "padding": "same"}, ref=ref.max_pool, dtype="float32"))
one(R("average_pool", "2d-same-stride2", arr((1, 5, 5, 1), seed=69), 3, kwargs={"strides": 2, "padding": "same"}, ref=ref.average_pool, dtype="float32", tolerance=TOL))
one(R("one_hot", "axis-neg2", LABELS, 4, kwargs={"axis": -2}, ref=lambda x, n, axis: np.eye(n)[x].T, dtype="float32"))
one(R("depthwise_conv", "2d-dilation", IMG2, DK2, kwargs={"dilation_rate": 2}, ref=ref.depthwise_conv, dtype="float32", tolerance=CONV_TOL))

# gradients of 3-D convolutions (TensorFlow needs an explicit data_format for them)
VOL, VOL_K = arr((1, 3, 4, 3, 2), seed=70), arr((2, 2, 2, 2, 3), seed=71)
one(R("conv", "3d-grad-kernel", VOL, VOL_K, ref=ref.conv, dtype="float32", tolerance=CONV_TOL, grad=True, grad_argnum=1))
one(R("conv", "3d-same-stride-grad", VOL, VOL_K, kwargs={"strides": 2, "padding": "same"}, ref=ref.conv, dtype="float32", tolerance=CONV_TOL, grad=True))
one(R("depthwise_conv", "3d-grad", VOL, arr((2, 2, 2, 2, 2), seed=72), ref=ref.depthwise_conv, dtype="float32", tolerance=CONV_TOL, grad=True))
one(R("conv_transpose", "3d-stride-grad", arr((1, 2, 3, 2, 2), seed=73), arr((2, 2, 2, 3, 2), seed=74), kwargs={"strides": 2},
      ref=ref.conv_transpose, dtype="float32", tolerance=CONV_TOL, grad=True, grad_argnum=1))

# strides > 1 together with dilation > 1: windows as a dilated conv's, started every `strides` steps
# ("same" pads for the requested strides); even sizes tell the padding apart
IMG9, IMG8 = arr((1, 9, 9, 2), seed=75), arr((2, 8, 7, 2), seed=76)
one(R("depthwise_conv", "2d-stride-dilation-valid", IMG9, DK2, kwargs={"strides": 2, "dilation_rate": 2}, ref=ref.depthwise_conv, dtype="float32", tolerance=CONV_TOL))
one(R("depthwise_conv", "2d-stride-dilation-same", IMG8, arr((3, 3, 2, 2), seed=77), kwargs={"strides": 2, "dilation_rate": 2, "padding": "same"},
      ref=ref.depthwise_conv, dtype="float32", tolerance=CONV_TOL, grad=True))
one(R("depthwise_conv", "2d-strides-tuple-dilation", IMG8, arr((3, 2, 2, 1), seed=78), kwargs={"strides": (1, 2), "dilation_rate": 2, "padding": "same"},
      ref=ref.depthwise_conv, dtype="float32", tolerance=CONV_TOL))
one(R("depthwise_conv", "1d-stride-dilation-valid", arr((2, 9, 3), seed=79), arr((3, 3, 2), seed=80),
      kwargs={"strides": 2, "dilation_rate": 2}, ref=ref.depthwise_conv, dtype="float32", tolerance=CONV_TOL))
one(R("depthwise_conv", "1d-stride-dilation-same", arr((2, 8, 3), seed=81), arr((3, 3, 2), seed=82), kwargs={"strides": 3, "dilation_rate": 2, "padding": "same"},
      ref=ref.depthwise_conv, dtype="float32", tolerance=CONV_TOL, grad=True))
one(R("separable_conv", "2d-stride-dilation-same", IMG8, arr((2, 2, 2, 2), seed=83), arr((1, 1, 4, 3), seed=84),
      kwargs={"strides": 2, "dilation_rate": 2, "padding": "same"}, ref=ref.separable_conv, dtype="float32", tolerance=CONV_TOL))
one(R("separable_conv", "1d-stride-dilation-valid", arr((1, 9, 2), seed=85), arr((2, 2, 2), seed=86), arr((1, 4, 3), seed=87),
      kwargs={"strides": 2, "dilation_rate": 3}, ref=ref.separable_conv, dtype="float32", tolerance=CONV_TOL))
one(R("conv", "2d-stride-dilation-same", IMG8, arr((3, 3, 2, 3), seed=88), kwargs={"strides": 2, "dilation_rate": 2, "padding": "same"},
      ref=ref.conv, dtype="float32", tolerance=CONV_TOL, grad=True))
one(R("conv", "1d-stride-dilation-same", arr((2, 9, 3), seed=89), K1, kwargs={"strides": 3, "dilation_rate": 2, "padding": "same"},
      ref=ref.conv, dtype="float32", tolerance=CONV_TOL))

# half precision and other dtypes without a native kernel somewhere (computed wider, or emulated)
F16_TOL = {"float16": (2e-2, 2e-2)}
one(R("conv_transpose", "2d-dilation-f16", arr((1, 3, 3, 1), "float16", seed=90), arr((2, 2, 1, 1), "float16", seed=91), kwargs={"dilation_rate": 2},
      ref=ref.conv_transpose, dtype="float16", tolerance=F16_TOL))
one(R("conv_transpose", "1d-stride-dilation-f64", arr((1, 4, 2), "float64", seed=92), arr((3, 3, 2), "float64", seed=93), kwargs={"strides": 2, "dilation_rate": 2},
      ref=ref.conv_transpose, dtype="float64"))
one(R("depthwise_conv", "1d-stride-f16", arr((1, 7, 1), "float16", seed=94), arr((3, 1, 1), "float16", seed=95), kwargs={"strides": 2},
      ref=ref.depthwise_conv, dtype="float16", tolerance=F16_TOL))
one(R("depthwise_conv", "2d-strides-tuple-f64", IMG8.astype("float64"), DK2.astype("float64"), kwargs={"strides": (2, 3), "padding": "same"},
      ref=ref.depthwise_conv, dtype="float64"))
one(R("separable_conv", "2d-strides-tuple-f16", IMG8.astype("float16"), DK2.astype("float16"), arr((1, 1, 4, 3), "float16", seed=96),
      kwargs={"strides": (1, 2)}, ref=ref.separable_conv, dtype="float16", tolerance={"float16": (3e-2, 3e-2)}))
POOL3 = arr((1, 4, 5, 3, 2), seed=99)
one(R("max_pool", "3d-f16", POOL3.astype("float16"), 2, kwargs={"strides": 1, "padding": "same"}, ref=ref.max_pool, dtype="float16"))
one(R("max_pool", "3d-f64", POOL3.astype("float64"), (2, 3, 2), kwargs={"strides": 2, "padding": "same"}, ref=ref.max_pool, dtype="float64"))
one(R("max_pool", "3d-int32", arr((1, 4, 4, 4, 2), "int32", -100, 100, seed=100), 2, ref=ref.max_pool, dtype="int32"))
one(R("max_pool", "2d-uint32", np.array([[0, 2**32 - 1, 7], [2**31, 5, 2**31 + 1], [3, 1, 2]], "uint32").reshape(1, 3, 3, 1), 2,
      kwargs={"strides": 1}, ref=ref.max_pool, dtype="uint32"))
one(R("max_pool", "1d-int64-large", np.array([2**62 + 1, 2**62 + 3, -(2**62) - 1, 2**53 + 1, 2**53, 3], "int64").reshape(1, 6, 1), 2,
      kwargs={"strides": 1, "padding": "same"}, ref=ref.max_pool, dtype="int64"))
one(R("average_pool", "3d-f16", POOL3.astype("float16"), 2, ref=ref.average_pool, dtype="float16"))
one(R("average_pool", "3d-bf16", POOL3.astype(ml_dtypes.bfloat16), 2, kwargs={"strides": 1, "padding": "same"}, ref=ref.average_pool, dtype="bfloat16"))
one(R("average_pool", "3d-f64", POOL3.astype("float64"), (3, 2, 2), kwargs={"strides": 2, "padding": "same"}, ref=ref.average_pool, dtype="float64"))


# multi_hot (Keras 3, identical on its backends): one_hot(inputs, num_classes, axis), then the
# maximum over axis 1 (axis 0 for rank-1 inputs; a 0-d input is one sample of one label).
def _multi_hot(x, num_classes, axis=-1, dtype=None):
    x = np.asarray(x)
    x = x[None] if x.ndim == 0 else x
    encoded = np.moveaxis((x[..., None] == np.arange(num_classes)).astype(np.float64), -1, axis)
    return encoded.max(axis=1 if x.ndim > 1 else 0)


LABELS3 = np.array([[[0, 2], [1, 3]], [[3, 3], [0, 0]], [[1, 1], [2, 0]]], "int32")
for _variant, _x, _axis in [
    ("1d", np.array([1, 3, 1], "int32"), -1),
    ("1d-axis0", np.array([1, 3, 1], "int32"), 0),
    ("0d", np.array(2, "int32"), -1),
    ("2d-axis0", np.array([[0, 2], [1, 1]], "int32"), 0),
    ("2d-axis-neg2", np.array([[0, 2], [1, 1], [3, 0]], "int32"), -2),
    ("3d", LABELS3, -1),
    ("3d-axis0", LABELS3, 0),
    ("3d-axis1", LABELS3, 1),
    ("3d-axis2", LABELS3, 2),
    ("3d-axis3", LABELS3, 3),
    ("3d-axis-neg2", LABELS3, -2),
    ("4d", np.arange(24).reshape(2, 3, 2, 2).astype("int32") % 5, -1),
]:
    one(R("multi_hot", _variant, _x, 5, kwargs={"axis": _axis}, ref=_multi_hot, dtype="float32"))
one(R("multi_hot", "3d-int64-bool", LABELS3.astype("int64"), kwargs={"num_classes": 4, "dtype": "bool"}, ref=_multi_hot, dtype="bool"))
one(bad("multi_hot", "axis", LABELS3, 4, kwargs={"axis": 4}, match=("axis",)))


# Pooling dtypes (Keras 3): a max keeps the input dtype, bool included (True where any element of
# the window is; "same" padding never wins); an average is a float (floatx for ints and bools).
BOOL_POOL = arr((2, 5, 4, 2), "bool", seed=97)
INT_POOL = arr((2, 5, 4, 2), "int32", -50, 50, seed=98)
one(R("max_pool", "bool", BOOL_POOL, 2, ref=lambda x, p: ref.max_pool(x.astype("int8"), p) > 0, dtype="bool"))
one(R("max_pool", "bool-same", BOOL_POOL, 3, kwargs={"strides": 2, "padding": "same"},
      ref=lambda x, p, **k: ref.max_pool(x.astype("int8"), p, **k) > 0, dtype="bool"))
one(R("max_pool", "bool-1d", BOOL_POOL[:, :, 0], 2, kwargs={"strides": 1}, ref=lambda x, p, **k: ref.max_pool(x.astype("int8"), p, **k) > 0, dtype="bool"))
one(R("max_pool", "bool-channels-first", np.moveaxis(BOOL_POOL, -1, 1), 2, kwargs={"data_format": "channels_first"},
      ref=lambda x, p, data_format: np.moveaxis(ref.max_pool(np.moveaxis(x, 1, -1).astype("int8"), p), -1, 1) > 0, dtype="bool"))
one(R("average_pool", "int32", INT_POOL, 2, ref=ref.average_pool, dtype="float32", tolerance=TOL))
one(R("average_pool", "bool-same", BOOL_POOL, 3, kwargs={"strides": 2, "padding": "same"}, ref=ref.average_pool, dtype="float32", tolerance=TOL))
one(R("adaptive_max_pool", "int32", INT_POOL, (2, 3), ref=lambda x, s: ref.adaptive_pool(x, s, np.max).astype("int32"), dtype="int32"))
one(R("adaptive_max_pool", "bool", BOOL_POOL, (2, 3), ref=lambda x, s: ref.adaptive_pool(x, s, np.max) > 0, dtype="bool"))
one(R("adaptive_average_pool", "int32", INT_POOL, (2, 3), ref=lambda x, s: ref.adaptive_pool(x, s, np.mean), dtype="float32", tolerance=TOL))
one(R("adaptive_average_pool", "bool", BOOL_POOL, 2, ref=lambda x, s: ref.adaptive_pool(x, s, np.mean), dtype="float32", tolerance=TOL))


# A "valid" window larger than the input: one ValueError naming the op, the input's spatial size
# and the window's size on every backend (an empty output is never what was meant).
SMALL = arr((1, 3, 3, 2), seed=99)
_WINDOW = ("input spatial size (3, 3)",)
one(bad("conv", "kernel-larger-than-input", SMALL, arr((4, 4, 2, 1), seed=100), match=_WINDOW + ("kernel size (4, 4)",)))
one(bad("conv", "kernel-larger-one-axis", SMALL, arr((2, 4, 2, 1), seed=100), match=_WINDOW + ("kernel size (2, 4)",)))
one(bad("conv", "dilated-kernel-larger-than-input", SMALL, arr((2, 2, 2, 1), seed=100), kwargs={"dilation_rate": 3},
        match=_WINDOW + ("kernel size (2, 2)", "(4, 4)")))
one(bad("conv", "kernel-larger-1d", arr((1, 3, 2), seed=99), arr((5, 2, 1), seed=100), match=("input spatial size (3,)", "kernel size (5,)")))
one(bad("conv", "kernel-larger-channels-first", np.moveaxis(SMALL, -1, 1), arr((4, 4, 2, 1), seed=100), kwargs={"data_format": "channels_first"},
        match=_WINDOW + ("kernel size (4, 4)",)))
one(bad("depthwise_conv", "kernel-larger-than-input", SMALL, arr((4, 4, 2, 1), seed=100), match=_WINDOW + ("kernel size (4, 4)",)))
one(bad("separable_conv", "kernel-larger-than-input", SMALL, arr((4, 4, 2, 1), seed=100), arr((1, 1, 2, 3), seed=101),
        match=_WINDOW + ("kernel size (4, 4)",)))
one(bad("max_pool", "pool-larger-than-input", SMALL, 4, match=_WINDOW + ("pool size (4, 4)",)))
one(bad("average_pool", "pool-larger-than-input", SMALL, (2, 4), kwargs={"strides": 1}, match=_WINDOW + ("pool size (2, 4)",)))
# ... while a window exactly the input's size, or any window with "same" padding, is fine.
one(R("conv", "kernel-equal-to-input", SMALL, arr((3, 3, 2, 1), seed=100), ref=ref.conv, dtype="float32", tolerance=CONV_TOL))
one(R("conv", "kernel-larger-same", SMALL, arr((4, 4, 2, 1), seed=100), kwargs={"padding": "same"}, ref=ref.conv, dtype="float32", tolerance=CONV_TOL))
one(R("max_pool", "pool-larger-same", SMALL, 4, kwargs={"padding": "same"}, ref=ref.max_pool, dtype="float32"))


# unfold / fold: (N, C, H, W) <-> (N, C * kh * kw, L), channel-major then kernel row, column (torch's layout).
def _pair(v):
    v = tuple(v) if isinstance(v, (tuple, list)) else (v,)
    return v * 2 if len(v) == 1 else v


def _unfold_ref(x, kernel_size, dilation=1, padding=0, stride=1):
    (kh, kw), (dh, dw), (ph, pw), (sh, sw) = map(_pair, (kernel_size, dilation, padding, stride))
    x = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    n, c, h, w = x.shape
    bh, bw = (h - dh * (kh - 1) - 1) // sh + 1, (w - dw * (kw - 1) - 1) // sw + 1
    out = np.zeros((n, c, kh, kw, bh, bw), x.dtype)
    for i, j, p, q in itertools.product(range(kh), range(kw), range(bh), range(bw)):
        out[:, :, i, j, p, q] = x[:, :, p * sh + i * dh, q * sw + j * dw]
    return out.reshape(n, c * kh * kw, bh * bw)


def _fold_ref(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    (h, w), (kh, kw), (dh, dw), (ph, pw), (sh, sw) = map(_pair, (output_size, kernel_size, dilation, padding, stride))
    n = x.shape[0]
    bh, bw = (h + 2 * ph - dh * (kh - 1) - 1) // sh + 1, (w + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    blocks = x.reshape(n, -1, kh, kw, bh, bw)
    out = np.zeros((n, blocks.shape[1], h + 2 * ph, w + 2 * pw), x.dtype)
    for i, j, p, q in itertools.product(range(kh), range(kw), range(bh), range(bw)):
        out[:, :, p * sh + i * dh, q * sw + j * dw] += blocks[:, :, i, j, p, q]
    return out[:, :, ph : ph + h, pw : pw + w]


UNFOLD_X = arr((2, 3, 5, 6), seed=120)
_GEOMETRY = {"dilation": (1, 2), "padding": 1, "stride": (2, 1)}
one(R("unfold", "k2", UNFOLD_X, 2, ref=_unfold_ref, dtype="same", grad=True))
one(R("unfold", "dilation-padding-stride", UNFOLD_X, (2, 3), kwargs=_GEOMETRY, ref=_unfold_ref, dtype="same", grad=True))
one(R("unfold", "padding-pair", UNFOLD_X, [3], kwargs={"padding": (1, 2), "stride": 2}, ref=_unfold_ref, dtype="same"))
one(R("unfold", "kernel-equals-input", UNFOLD_X, (5, 6), ref=_unfold_ref, dtype="same"))
one(R("unfold", "f64", UNFOLD_X.astype("float64"), 2, ref=_unfold_ref, dtype="float64"))
one(R("unfold", "f16", UNFOLD_X.astype("float16"), 2, ref=_unfold_ref, dtype="float16"))
one(R("unfold", "int32", arr((1, 2, 4, 4), "int32", -9, 9, seed=121), 3, kwargs={"padding": 1}, ref=_unfold_ref, dtype="int32"))
one(R("unfold", "bool", arr((1, 2, 4, 4), "bool", seed=122), 2, kwargs={"stride": 2}, ref=_unfold_ref, dtype="bool"))
one(bad("unfold", "rank-3", arr((3, 5, 6), seed=120), 2, match=("rank 4", "(3, 5, 6)")))
one(bad("unfold", "kernel-larger-than-input", UNFOLD_X, 7, match=("(7, 7)", "(5, 6)")))
one(bad("unfold", "dilated-kernel-larger-than-input", UNFOLD_X, 2, kwargs={"dilation": 5}, match=("dilated to (6, 6)",)))
one(bad("unfold", "zero-kernel", UNFOLD_X, 0, match=("kernel_size", "positive")))
one(bad("unfold", "zero-stride", UNFOLD_X, 2, kwargs={"stride": 0}, match=("stride", "positive")))
one(bad("unfold", "negative-padding", UNFOLD_X, 2, kwargs={"padding": -1}, match=("padding", "non-negative")))
one(bad("unfold", "float-kernel", UNFOLD_X, 2.5, error=TypeError, match=("kernel_size",)))

FOLD_X = _unfold_ref(UNFOLD_X, (2, 3), **_GEOMETRY)
one(R("fold", "k2", _unfold_ref(UNFOLD_X, 2), (5, 6), 2, ref=_fold_ref, dtype="same", grad=True))
one(R("fold", "dilation-padding-stride", FOLD_X, (5, 6), (2, 3), kwargs=_GEOMETRY, ref=_fold_ref, dtype="same", grad=True))
one(R("fold", "int-output-size", arr((2, 12, 25), seed=123), 6, 2, ref=_fold_ref, dtype="same"))
one(R("fold", "stride-gaps", arr((1, 4, 4), seed=124), 5, 2, kwargs={"stride": 3}, ref=_fold_ref, dtype="same"))
one(R("fold", "f64", FOLD_X.astype("float64"), (5, 6), (2, 3), kwargs=_GEOMETRY, ref=_fold_ref, dtype="float64"))
one(R("fold", "int32", arr((1, 8, 9), "int32", -9, 9, seed=125), (4, 4), 2, ref=_fold_ref, dtype="int32"))
one(R("fold", "bool", arr((1, 8, 9), "bool", seed=126), (4, 4), 2, ref=_fold_ref, dtype="bool"))
one(bad("fold", "rank-2", arr((12, 20), seed=123), (5, 6), 2, match=("rank 3", "(12, 20)")))
one(bad("fold", "channels-not-multiple", arr((2, 13, 20), seed=123), (5, 6), 2, match=("13", "multiple")))
one(bad("fold", "wrong-block-count", arr((2, 12, 21), seed=123), (5, 6), 2, match=("21", "4 * 5 = 20")))
one(bad("fold", "kernel-larger-than-output", arr((1, 49, 1), seed=123), (5, 6), 7, match=("(7, 7)", "(5, 6)")))
