"""Records for ``multikeras.ops.core``: conversion, scatter/slice and control flow."""

from __future__ import annotations

import numpy as np

import multikeras as mk
from backend_conformance.records._build import R, arr, bad

ops = mk.ops
F = arr((2, 3))
F3 = arr((3, 2, 2), seed=5)
I = arr((2, 3), "int32", -4, 5, seed=3)
V = arr(5, seed=6)

RECORDS = []
one = RECORDS.append


def _np_scatter(indices, values, shape):
    out = np.zeros(shape, values.dtype)
    np.add.at(out, tuple(np.moveaxis(indices, -1, 0)), values)
    return out


def _np_scatter_update(inputs, indices, updates, reduction=None):
    out = inputs.copy()
    where = tuple(np.moveaxis(indices, -1, 0))
    updates = updates.astype(inputs.dtype)
    if reduction is None:
        out[where] = updates
    else:
        {"add": np.add, "mul": np.multiply, "max": np.maximum, "min": np.minimum}[reduction].at(out, where, updates)
    return out


def _cumulative(f, xs, reverse=False, axis=0):
    xs = np.moveaxis(xs, axis, 0)
    if reverse:
        xs = xs[::-1]
    out = [xs[0]]
    for item in xs[1:]:
        out.append(f(out[-1], item))
    out = np.stack(out)
    if reverse:
        out = out[::-1]
    return np.moveaxis(out, 0, axis)


# conversion and dtype
one(R("convert_to_tensor", "array", F, ref=lambda x: x, dtype="float32", raw=True))
one(R("convert_to_tensor", "int64-kept", I.astype("int64"), ref=lambda x: x, dtype="int64", raw=True))
one(R("convert_to_tensor", "list-int", [1, 2], ref=lambda x: np.array(x, "int32"), dtype="int32", raw=True))
one(R("convert_to_tensor", "list-mixed", [1, 2.5], ref=lambda x: np.array(x, "float32"), dtype="float32", raw=True))
one(R("convert_to_tensor", "scalar-float", 1.0, ref=lambda x: np.array(x, "float32"), dtype="float32", raw=True))
one(R("convert_to_tensor", "scalar-bool", True, ref=lambda x: np.array(x), dtype="bool", raw=True))
one(R("convert_to_tensor", "dtype", [1, 2], kwargs={"dtype": "float16"}, ref=lambda x, dtype: np.array(x, dtype), dtype="float16", raw=True))
one(R("convert_to_tensor", "tensor-dtype", F, kwargs={"dtype": "float64"}, ref=lambda x, dtype: x.astype(dtype), dtype="float64"))
one(R("convert_to_tensor", "bool-array", arr(4, "bool"), ref=lambda x: x, dtype="bool", raw=True))
one(R("convert_to_tensor", "uint8", np.array([0, 255], "uint8"), ref=lambda x: x, dtype="uint8", raw=True))
one(R("convert_to_numpy", "tensor", F, ref=lambda x: x, compare=lambda a, e: np.testing.assert_array_equal(a, e)))
one(R("convert_to_numpy", "raw", I, ref=lambda x: x, raw=True, compare=lambda a, e: np.testing.assert_array_equal(a, e)))
one(R("cast", "float-int", F * 3, "int32", ref=lambda x, d: x.astype(d), dtype="int32"))
one(R("cast", "int-float", I, "float32", ref=lambda x, d: x.astype(d), dtype="float32"))
one(R("cast", "bool", np.array([0.0, 2.0, -1.0], "float32"), "bool", ref=lambda x, d: x.astype(d), dtype="bool"))
one(R("cast", "to-f16", F, "float16", ref=lambda x, d: x.astype(d), dtype="float16"))
one(R("cast", "to-bf16", F, "bfloat16", ref=lambda x, d: x, dtype="bfloat16"))
one(R("cast", "to-int64", I, "int64", ref=lambda x, d: x.astype(d), dtype="int64"))
one(R("cast", "grad", F, "float32", ref=lambda x, d: x, dtype="float32", grad=True))
one(bad("cast", "dtype", F, "float7", match=("dtype",)))
one(R("saturate_cast", "clip-uint8", np.array([-5.0, 100.0, 300.0], "float32"), "uint8", ref=lambda x, d: np.clip(x, 0, 255).astype(d), dtype="uint8"))
one(R("saturate_cast", "int8", np.array([-500, 5, 500], "int32"), "int8", ref=lambda x, d: np.clip(x, -128, 127).astype(d), dtype="int8"))
one(R("dtype", "float32", F, ref=lambda x: "float32", compare=lambda a, e: _eq(mk.backend.standardize_dtype(a), e)))
one(R("dtype", "int64", I.astype("int64"), ref=lambda x: "int64", compare=lambda a, e: _eq(mk.backend.standardize_dtype(a), e)))
one(R("dtype", "bool", arr(2, "bool"), ref=lambda x: "bool", compare=lambda a, e: _eq(mk.backend.standardize_dtype(a), e)))
one(R("shape", "3d", F3, ref=lambda x: tuple(x.shape), compare=lambda a, e: _eq(tuple(int(d) for d in a), e)))
one(R("shape", "0d", np.array(1.0, "float32"), ref=lambda x: (), compare=lambda a, e: _eq(tuple(a), e)))
one(R("is_tensor", "tensor", F, ref=lambda x: True, compare=lambda a, e: _eq(bool(a), e)))
one(R("is_tensor", "list", [1.0], ref=lambda x: False, compare=lambda a, e: _eq(bool(a), e), raw=True))
one(R("is_tensor", "python-scalar", 1.0, ref=lambda x: False, compare=lambda a, e: _eq(bool(a), e), raw=True))

# scatter, slice, unstack
one(R("scatter", "2d", np.array([[0, 1], [2, 0]], "int32"), np.array([1.0, 2.0], "float32"), (3, 2), ref=_np_scatter, dtype="float32"))
one(R("scatter", "duplicates-add", np.array([[1], [1], [3]], "int32"), np.array([1.0, 2.0, 5.0], "float32"), (4,), ref=_np_scatter, dtype="float32"))
one(R("scatter", "slices", np.array([[1]], "int32"), np.array([[1, 2, 3]], "int32"), (2, 3), ref=_np_scatter, dtype="int32"))
one(R("scatter_update", "2d", F, np.array([[0, 0], [1, 2]], "int32"), np.array([9.0, 8.0], "float32"), ref=_np_scatter_update, dtype="float32"))
one(R("scatter_update", "rows", F, np.array([[1]], "int32"), np.array([[1.0, 2.0, 3.0]], "float32"), ref=_np_scatter_update, dtype="float32"))
one(R("scatter_update", "add", F, np.array([[0, 0], [0, 0]], "int32"), np.array([1.0, 2.0], "float32"), kwargs={"reduction": "add"},
      ref=_np_scatter_update, dtype="float32"))
one(R("scatter_update", "max", I, np.array([[0, 0], [1, 1]], "int32"), np.array([10, -10], "int32"), kwargs={"reduction": "max"},
      ref=_np_scatter_update, dtype="int32"))
one(R("slice", "2d", F3, (1, 0, 0), (2, 2, 1), ref=lambda x, s, z: x[1:3, 0:2, 0:1], dtype="same", grad=True))
one(R("slice", "array-starts", F, np.array([0, 1], "int32"), (2, 2), ref=lambda x, s, z: x[0:2, 1:3], dtype="same"))
one(R("slice_update", "2d", F, (0, 1), np.ones((2, 2), "float32"), ref=lambda x, s, u: _set(x, (slice(0, 2), slice(1, 3)), u), dtype="float32"))
one(R("slice_update", "int", I, (1, 0), np.array([[7, 7]], "int32"), ref=lambda x, s, u: _set(x, (slice(1, 2), slice(0, 2)), u), dtype="int32"))
one(R("unstack", "axis0", F3, ref=lambda x: list(x), dtype="same"))
one(R("unstack", "axis-neg", F3, kwargs={"axis": -1}, ref=lambda x, axis: list(np.moveaxis(x, axis, 0)), dtype="same"))
one(R("unstack", "num", F, kwargs={"num": 2}, ref=lambda x, num: list(x), dtype="same"))
one(R("cdist", "f32", arr((3, 2), seed=1), arr((4, 2), seed=2), ref=lambda a, b: np.sqrt(((a[:, None] - b[None]) ** 2).sum(-1)), dtype="float"))
one(R("cdist", "batch", arr((2, 3, 2), seed=1), arr((2, 4, 2), seed=2), ref=lambda a, b: np.sqrt(((a[:, :, None] - b[:, None]) ** 2).sum(-1)), dtype="float"))
one(R("stop_gradient", "value", F, ref=lambda x: x, dtype="same"))
one(R("stop_gradient", "blocks-gradient", F, ref=lambda x: np.zeros_like(x), dtype="float32", requires="trainable",
      invoke=lambda fn, x: mk.backend.value_and_grad(lambda v: ops.sum(fn(v * 2.0)) + 0.0 * ops.sum(v))(x)[1]))

# control flow
one(R("cond", "true", True, lambda: ops.ones(2), lambda: ops.zeros(2), ref=lambda *a: np.ones(2, "float32"), dtype="float32"))
one(R("cond", "tensor-pred", np.array(False), lambda: ops.ones(2), lambda: ops.zeros(2), ref=lambda *a: np.zeros(2, "float32"), dtype="float32"))
one(R("cond", "in-jit", F, ref=lambda x: np.where(np.sum(x) > 0, x * 2, -x), dtype="float32",
      invoke=lambda fn, x: mk.backend.jit(lambda v: fn(ops.sum(v) > 0, lambda: v * 2.0, lambda: -v))(x)))
one(R("while_loop", "single", lambda i: ops.less(i, 10), lambda i: ops.add(i, 3), np.array(0, "int32"), ref=lambda *a: np.array(12, "int32"), dtype="int32"))
one(R("while_loop", "tuple", lambda i, s: i < 4, lambda i, s: (i + 1, s * 2.0), (np.array(0, "int32"), F),
      ref=lambda c, b, v: (np.array(4, "int32"), F * 16)))
one(R("while_loop", "max-iterations", lambda i: ops.less(i, 100), lambda i: ops.add(i, 1), np.array(0, "int32"), kwargs={"maximum_iterations": 5},
      ref=lambda *a, **k: np.array(5, "int32"), dtype="int32"))
one(R("fori_loop", "sum", 0, 5, lambda i, acc: acc + i, np.array(0, "int32"), ref=lambda *a: np.array(10, "int32"), dtype="int32"))
one(R("fori_loop", "tensor", 1, 4, lambda i, x: x * 2.0, F, ref=lambda *a: F * 8, dtype="float32"))
one(R("scan", "cumsum", lambda c, x: (c + x, c * x), np.zeros(3, "float32"), F3[:, :, 0].reshape(3, 2)[:, 0:1] * np.ones((3, 3), "float32"),
      ref=lambda f, init, xs: _np_scan(lambda c, x: (c + x, c * x), init, xs)))
one(R("scan", "reverse", lambda c, x: (c + x, c), np.array(0.0, "float32"), V, kwargs={"reverse": True},
      ref=lambda f, init, xs, reverse: _np_scan(lambda c, x: (c + x, c), init, xs, reverse=True)))
one(R("scan", "length", lambda c, x: (c * 2.0, c), np.array(1.0, "float32"), kwargs={"length": 4},
      ref=lambda f, init, length: (np.array(16.0, "float32"), np.array([1.0, 2.0, 4.0, 8.0], "float32"))))
one(R("associative_scan", "add", lambda a, b: a + b, V, ref=lambda f, x: np.cumsum(x), dtype="float32"))
one(R("associative_scan", "reverse-axis", lambda a, b: a * b, F, kwargs={"reverse": True, "axis": 1},
      ref=lambda f, x, **k: _cumulative(np.multiply, x, reverse=True, axis=1), dtype="float32"))
one(R("associative_scan", "max", lambda a, b: ops.maximum(a, b), V, ref=lambda f, x: np.maximum.accumulate(x), dtype="float32"))
one(R("map", "square", lambda x: x * x, F, ref=lambda f, x: x * x, dtype="float32"))
one(R("map", "dict", lambda d: d["a"] + d["b"], {"a": F, "b": F}, ref=lambda f, d: d["a"] + d["b"], dtype="float32"))
one(R("switch", "1", 1, [lambda x: x + 1.0, lambda x: x * 10.0, lambda x: -x], F, ref=lambda i, b, x: x * 10, dtype="float32"))
one(R("switch", "clamped", 7, [lambda x: x + 1.0, lambda x: -x], F, ref=lambda i, b, x: -x, dtype="float32"))
one(R("switch", "tensor-index", np.array(0, "int32"), [lambda x: x + 1.0, lambda x: -x], F, ref=lambda i, b, x: x + 1, dtype="float32"))
one(R("vectorized_map", "rows", lambda row: ops.sum(row * row), F, ref=lambda f, x: np.sum(x * x, axis=1), dtype="float32"))
one(R("vectorized_map", "tuple", lambda t: t[0] + t[1], (F, F), ref=lambda f, t: t[0] + t[1], dtype="float32"))
one(R("custom_gradient", "forward", F, ref=lambda x: np.exp(x), dtype="float32",
      invoke=lambda fn, x: fn(lambda v: (ops.exp(v), lambda *dy, **k: dy[0] * 0.0 + 7.0))(x)))
one(R("custom_gradient", "gradient", F, ref=lambda x: np.full_like(x, 7.0), dtype="float32", requires="trainable",
      invoke=lambda fn, x: mk.backend.value_and_grad(lambda v: ops.sum(fn(lambda u: (ops.exp(u), lambda *dy, **k: dy[0] * 0.0 + 7.0))(v)))(x)[1]))


def _eq(actual, expected) -> None:
    assert actual == expected, f"expected {expected!r}, received {actual!r}"


def _set(x, index, value):
    out = x.copy()
    out[index] = value
    return out


def _np_scan(f, init, xs, reverse=False):
    carry, ys = init, []
    order = range(len(xs) - 1, -1, -1) if reverse else range(len(xs))
    for i in order:
        carry, y = f(carry, xs[i])
        ys.append(y)
    if reverse:
        ys.reverse()
    return carry, np.stack(ys)


# rearrange: einops patterns, composed from reshape and transpose (multikeras.backend.einops).
R3 = arr((2, 6, 4), seed=130)
one(R("rearrange", "split", R3, "b (h w) c -> b h w c", kwargs={"h": 2}, ref=lambda x, p, h: x.reshape(2, 2, 3, 4), dtype="same"))
one(R("rearrange", "merge", R3, "b h c -> b (h c)", ref=lambda x, p: x.reshape(2, 24), dtype="same", grad=True))
one(R("rearrange", "transpose", R3, "b h c -> c b h", ref=lambda x, p: x.transpose(2, 0, 1), dtype="same", grad=True))
one(R("rearrange", "split-transpose-merge", R3, "b (h w) c -> b (w h) c", kwargs={"h": 3, "w": 2},
      ref=lambda x, p, h, w: x.reshape(2, 3, 2, 4).transpose(0, 2, 1, 3).reshape(2, 6, 4), dtype="same", grad=True))
one(R("rearrange", "ellipsis", R3, "b ... -> ... b", ref=lambda x, p: np.moveaxis(x, 0, -1), dtype="same"))
one(R("rearrange", "ellipsis-group", R3, "b ... -> b (...)", ref=lambda x, p: x.reshape(2, 24), dtype="same"))
one(R("rearrange", "unit-axes", R3[..., None], "b h c 1 -> c b () h", ref=lambda x, p: x[..., 0].transpose(2, 0, 1)[:, :, None], dtype="same"))
one(R("rearrange", "identity", R3, "b h c -> b h c", ref=lambda x, p: x, dtype="same"))
one(R("rearrange", "int8", R3.astype("int8"), "b h c -> c (b h)", ref=lambda x, p: x.transpose(2, 0, 1).reshape(4, 12), dtype="int8"))
one(R("rearrange", "bool", R3 > 0, "b (h w) c -> (b w) h c", kwargs={"w": 3},
      ref=lambda x, p, w: x.reshape(2, 2, 3, 4).transpose(0, 2, 1, 3).reshape(6, 2, 4), dtype="bool"))
one(R("rearrange", "list", [[1, 2, 3], [4, 5, 6]], "a b -> b a", ref=lambda x, p: np.asarray(x, "int32").T, dtype="int32"))
one(bad("rearrange", "axis-on-one-side", R3, "b h c -> b h", match=("'c'", "both sides")))
one(bad("rearrange", "rank", R3, "b h -> h b", match=("rank 2", "(2, 6, 4)")))
one(bad("rearrange", "no-arrow", R3, "b h c", match=("left -> right",)))
one(bad("rearrange", "repeated-axis", R3, "b b c -> b c", match=("'b'", "twice")))
one(bad("rearrange", "unknown-lengths", R3, "b (h w) c -> b h w c", match=("'h'", "'w'", "no length")))
one(bad("rearrange", "indivisible", R3, "b (h w) c -> b h w c", kwargs={"h": 4}, match=("size 6", "(h w)")))
one(bad("rearrange", "wrong-product", R3, "b (h w) c -> b h w c", kwargs={"h": 2, "w": 2}, match=("size 6", "= 4")))
one(bad("rearrange", "unit-axis-not-one", R3, "b h c () -> b h c", match=("rank 4",)))
one(bad("rearrange", "bad-name", R3, "b h c -> b h c+", match=("'c+'",)))
