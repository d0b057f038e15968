"""Docstrings and examples of the public ops, read by ``tools/generate_ops.py``.

The text below is a compact notation, parsed once when the generator imports
this module. Each op block starts with ``== name`` and holds, in order:

* the one-line summary;
* ``| text`` lines: the semantics paragraph (``|F`` and friends expand to the
  dtype sentences of ``_MACROS``);
* ``@param: text`` lines: parameter descriptions that differ from the shared
  ones in ``_PARAMS``;
* ``-> text``: what the op returns;
* a line indented by four spaces continues the ``|``, ``@`` or ``->`` line above;
* the example: ``>> code`` is a doctest statement, ``.. code`` a continuation,
  ``>! expr`` prints ``expr`` converted to NumPy, ``>~ expr`` does the same
  rounded to 4 decimals; other lines are the expected output.

``SUMMARIES`` maps every op name to ``(docstring body, doctest example)``;
``tests/ops/test_docstring_examples.py`` runs each example on every backend.
"""

from __future__ import annotations

import ast
import textwrap

from multikeras.ops.catalog import OPS, PUBLIC_SECTIONS

_MACROS = {
    "|R": "The result dtype is ``result_type`` of the inputs (Python scalars are weak).",
    "|F": "The result is floating point: integer and boolean inputs give ``floatx()`` "
    "(``float32`` by default); float inputs keep their dtype.",
    "|A": "With ``axis=None`` the op reduces over all elements.",
    "|S": "Like NumPy, small integer inputs accumulate in a wider type: bool, int8 and "
    "int16 give ``int32``, uint8 and uint16 give ``uint32``.",
    "|I": "Indices are returned as ``int32`` on every backend.",
    "|B": "The result dtype is ``bool``.",
    "|C": "With ``dtype=None`` the result dtype is ``floatx()`` (``float32`` by default).",
    "|D": "``data_format=None`` means ``multikeras.config.image_data_format()`` "
    "(``\"channels_last\"`` by default).",
    "|K": "Input dtype is preserved.",
}

_PARAMS = {
    "x": "Input array: a backend tensor, NumPy array, Python scalar or nested list.",
    "x1": "First input array.",
    "x2": "Second input array, broadcast against ``x1``.",
    "y": "Second input array, broadcast against ``x``.",
    "a": "Input array.",
    "b": "Second input array.",
    "xs": "Sequence of arrays.",
    "axis": "Axis (int or tuple of ints) to reduce over; ``None`` reduces over all axes.",
    "keepdims": "If ``True``, reduced axes are kept with length 1.",
    "dtype": "Result dtype (a name such as ``\"float32\"``); ``None`` picks the default above.",
    "shape": "Shape of the result, a tuple of ints.",
    "inputs": "Input tensor.",
    "images": "Batch of images (rank 4) or a single image (rank 3).",
    "data_format": "``\"channels_last\"`` or ``\"channels_first\"``; ``None`` uses "
    "``multikeras.config.image_data_format()``.",
    "indices_or_sections": "Number of equal parts, or the sorted indices at which to split.",
    "rtol": "Relative tolerance.",
    "atol": "Absolute tolerance.",
    "equal_nan": "If ``True``, two NaNs compare equal.",
    "q": "Quantile(s) to compute.",
    "method": "Interpolation between data points: ``\"linear\"``, ``\"lower\"``, "
    "``\"higher\"``, ``\"midpoint\"`` or ``\"nearest\"``.",
    "k": "Diagonal offset: 0 is the main diagonal, positive values are above it.",
    "from_logits": "If ``True``, ``output`` holds logits instead of probabilities.",
    "strides": "Step of the window along each spatial axis (int or tuple).",
    "padding": "``\"valid\"`` (no padding) or ``\"same\"`` (pad so that the output size depends "
    "only on the input size and the stride).",
    "dilation_rate": "Spacing between kernel taps along each spatial axis (int or tuple).",
    "pool_size": "Size of the pooling window (int or tuple, one per spatial axis).",
    "data": "Values to reduce, segmented along their first axis.",
    "segment_ids": "Segment index of each row of ``data`` (int, non-negative).",
    "num_segments": "Number of segments; ``None`` means ``max(segment_ids) + 1``.",
    "sorted": "Whether ``segment_ids`` is sorted (a hint some backends use).",
    "epsilon": "Small constant added to the variance for stability; ``None`` uses a small default.",
    "N": "Number of rows.",
    "M": "Number of columns; ``None`` means ``N``.",
    "offset": "Diagonal offset from the main diagonal.",
    "axis1": "First axis of the 2-D planes.",
    "axis2": "Second axis of the 2-D planes.",
    "fill_value": "Value used where the result has no data.",
}


def _parse_signature(signature: str) -> list[str]:
    args = ast.parse(f"def f{signature}: pass").body[0].args  # type: ignore[attr-defined]
    names = [arg.arg for arg in args.args]
    if args.vararg is not None:
        names.append("*" + args.vararg.arg)
    names += [arg.arg for arg in args.kwonlyargs]
    if args.kwarg is not None:
        names.append("**" + args.kwarg.arg)
    return names


def _expand(line: str) -> list[str]:
    head, rest = line[:2], line[3:]
    if head == ">>":
        return [">>> " + rest]
    if head == "..":
        return ["... " + rest]
    if head == ">!":
        return [f">>> print(ops.convert_to_numpy({rest}))"]
    if head == ">~":
        return [f">>> print(ops.convert_to_numpy({rest}).round(4))"]
    return [line]


def _build(name: str, lines: list[str], signature: str) -> tuple[str, str]:
    summary, paragraph, params, returns, example = lines[0], [], {}, "", []
    last = ""  # the parameter (or "|" / "->") an indented continuation line extends
    for line in lines[1:]:
        if example or line[:2] in (">>", ">!", ">~"):
            example.extend(_expand(line))
        elif line.startswith("    ") and last:
            if last == "|":
                paragraph[-1] += " " + line.strip()
            elif last == "->":
                returns += " " + line.strip()
            else:
                params[last] += " " + line.strip()
        elif line.startswith("|"):
            paragraph.append(_MACROS.get(line.strip(), line[1:].strip()))
            last = "|"
        elif line.startswith("@"):
            key, _, text = line[1:].partition(":")
            last = key.strip().lstrip("*")
            params[last] = text.strip()
        elif line.startswith("->"):
            returns = line[2:].strip()
            last = "->"
        else:
            raise ValueError(f"summaries: unexpected line in op '{name}': {line!r}")
    parts = [summary]
    if paragraph:
        parts.append(textwrap.fill(" ".join(paragraph), 84))
    arg_lines = []
    for param in _parse_signature(signature):
        text = params.pop(param.lstrip("*"), None) or _PARAMS.get(param.lstrip("*"))
        if text is None:
            raise ValueError(f"summaries: op '{name}' has no description of '{param}'")
        arg_lines.append(textwrap.fill(f"{param}: {text}", 84, subsequent_indent="    "))
    if params:
        raise ValueError(f"summaries: op '{name}' describes unknown parameters {sorted(params)}")
    if arg_lines:
        parts.append("Args:\n" + textwrap.indent("\n".join(arg_lines), "    "))
    parts.append("Returns:\n" + textwrap.indent(
        textwrap.fill(returns or "A tensor of the active backend.", 84), "    "))
    code = "\n".join([">>> from multikeras import ops", *example]) if example else ""
    return "\n\n".join(parts), code


def _parse_all(text: str) -> dict[str, tuple[str, str]]:
    signatures = {op.name: op.signature for op in OPS if op.section in PUBLIC_SECTIONS}
    result: dict[str, tuple[str, str]] = {}
    for block in text.split("\n== ")[1:]:
        name, *lines = [line for line in block.rstrip().splitlines() if line.strip()]
        name = name.strip()
        if name not in signatures:
            raise ValueError(f"summaries: '{name}' is not a public op of the catalog")
        result[name] = _build(name, lines, signatures[name])
    return result


# Section core.
_CORE = """
== associative_scan
Inclusive scan of an associative binary function along an axis.
| ``f(a, b)`` must be associative; backends may evaluate it in any bracketing (in parallel on
    accelerators). ``elems`` may be a nested structure of arrays that share the scanned axis
    length.
@f: Associative function of two structures like ``elems`` returning one such structure.
@elems: Array or nested structure of arrays to scan.
@reverse: If ``True``, scan from the end towards the start.
@axis: Axis along which to scan.
-> A structure like ``elems`` holding the running combinations.
>> import operator
>! ops.associative_scan(operator.add, ops.convert_to_tensor([1, 2, 3, 4]))
[ 1  3  6 10]

== cast
Convert a tensor to another dtype.
| Floats cast to integers are truncated towards zero.
@dtype: Target dtype name, for example ``"int32"``.
-> A tensor with the values of ``x`` and dtype ``dtype``.
>> y = ops.cast([1.7, -2.5], "int32")
>> ops.dtype(y)
'int32'
>! y
[ 1 -2]

== cdist
Pairwise Euclidean distances between two sets of vectors.
@x: Points of shape ``(..., m, d)``.
@y: Points of shape ``(..., n, d)``.
-> Distances of shape ``(..., m, n)``, floating point.
>~ ops.cdist([[0.0, 0.0], [3.0, 4.0]], [[0.0, 0.0]])
[[0.]
 [5.]]

== cond
Call ``true_fn()`` or ``false_fn()`` depending on a scalar boolean.
| Both branches must return structures of the same shapes and dtypes, so that the op also works
    inside ``jit``.
@pred: Scalar boolean tensor or Python bool.
@true_fn: Function of no arguments called when ``pred`` is true.
@false_fn: Function of no arguments called when ``pred`` is false.
-> The result of the chosen branch.
>! ops.cond(ops.convert_to_tensor(3) > 2, lambda: ops.ones(2), lambda: ops.zeros(2))
[1. 1.]

== convert_to_numpy
Convert a tensor of any backend (or an array-like) to a NumPy array.
-> A ``numpy.ndarray`` with the same values, shape and dtype.
>> type(ops.convert_to_numpy(ops.ones(2))).__name__
'ndarray'

== convert_to_tensor
Convert an array-like to a tensor of the active backend.
| Arrays keep their dtype (``int64`` stays ``int64``); Python scalars and nested lists follow
    ``result_type``: ``[1, 2]`` gives ``int32``, ``1.0`` gives ``float32``.
@x: Array-like: NumPy array, Python scalar, nested list or a tensor.
@dtype: Dtype to convert to; ``None`` infers it as described above.
-> A native tensor of the active backend.
>> ops.dtype(ops.convert_to_tensor([1, 2]))
'int32'
>> ops.dtype(ops.convert_to_tensor([1, 2], dtype="float32"))
'float32'

== custom_gradient
Decorate a function so that it defines its own gradient.
| The decorated function returns ``(output, grad_fn)``; ``grad_fn(*args, upstream)`` returns the
    gradients with respect to the inputs. Calling the function gives ``output``.
@f: Function returning ``(output, grad_fn)``.
-> A function that computes ``output`` and uses ``grad_fn`` when differentiated.
>> @ops.custom_gradient
.. def double(x):
..     def grad_fn(*args, upstream=None):
..         return upstream * 2.0
..     return x * 2.0, grad_fn
>! double(ops.convert_to_tensor([1.0, 3.0]))
[2. 6.]

== dtype
Return the canonical dtype name of a tensor.
@x: A tensor or array.
-> A string such as ``"float32"``.
>> ops.dtype(ops.ones((2,), dtype="int8"))
'int8'

== fori_loop
Run ``body_fun(i, val)`` for ``i`` from ``lower`` to ``upper - 1``.
| Equivalent to a Python ``for`` loop that threads ``val`` through the iterations; compiled as a
    loop inside ``jit``.
@lower: First loop index (int).
@upper: Loop stops before this index (int).
@body_fun: Function ``(i, val) -> new val``.
@init_val: Initial value (a tensor or nested structure of tensors).
-> The final value.
>! ops.fori_loop(0, 4, lambda i, total: total + i, ops.convert_to_tensor(10))
16

== is_tensor
Tell whether ``x`` is a native tensor of the active backend.
@x: Any object.
-> ``True`` for native tensors of the active backend, ``False`` otherwise.
>> ops.is_tensor(ops.ones(2))
True
>> ops.is_tensor("not a tensor")
False

== map
Apply ``f`` to each slice of ``xs`` along its first axis and stack the results.
@f: Function taking one slice (a structure like ``xs`` without the first axis).
@xs: Array or nested structure of arrays mapped over their first axis.
-> The stacked results of ``f``.
>! ops.map(lambda row: ops.sum(row), ops.convert_to_tensor([[1, 2], [3, 4]]))
[3 7]

== saturate_cast
Cast to ``dtype``, clipping values to the range of the target type first.
| Unlike ``cast``, out-of-range values saturate at the smallest/largest value of the target
    dtype instead of wrapping around.
@dtype: Target dtype name.
-> A tensor of dtype ``dtype``.
>! ops.saturate_cast(ops.convert_to_tensor([-10, 100, 300]), "uint8")
[  0 100 255]

== scan
Loop ``f(carry, x)`` over the leading axis of ``xs``, collecting outputs.
| ``f`` returns ``(new_carry, y)``; the ``y`` values are stacked. With ``xs=None``, ``length``
    iterations run with ``x=None``. The semantics are those of ``jax.lax.scan``.
@f: Function ``(carry, x) -> (carry, y)``.
@init: Initial carry (a tensor or nested structure).
@xs: Values to loop over along their first axis, or ``None``.
@length: Number of iterations when ``xs`` is ``None``.
@reverse: If ``True``, iterate from the last slice to the first.
@unroll: How many iterations to unroll per loop step (an optimisation hint).
-> A tuple ``(final_carry, stacked_ys)``.
>> def step(carry, x):
..     return carry + x, carry * x
>> carry, ys = ops.scan(step, ops.convert_to_tensor(0), ops.convert_to_tensor([1, 2, 3]))
>! carry
6
>! ys
[0 2 9]

== scatter
Create a zero tensor of ``shape`` and add ``values`` at ``indices``.
| Repeated indices accumulate.
@indices: Integer array of shape ``(n, index_depth)``: the positions to write.
@values: Values of shape ``(n, *shape[index_depth:])``.
@shape: Shape of the result.
-> A tensor of shape ``shape`` with the dtype of ``values``.
>! ops.scatter([[0], [2], [2]], [1.0, 2.0, 3.0], (4,))
[1. 0. 5. 0.]

== scatter_update
Return a copy of ``inputs`` with slices at ``indices`` replaced by ``updates``.
@inputs: Tensor to update.
@indices: Integer array of shape ``(n, index_depth)``.
@updates: New values of shape ``(n, *inputs.shape[index_depth:])``.
@reduction: ``None`` to overwrite; otherwise how to combine with existing values (``"add"``,
    ``"max"``, ``"min"``, ``"mul"``) where supported.
-> A tensor like ``inputs`` with the updated values.
>! ops.scatter_update(ops.zeros((2, 3)), [[0, 1], [1, 2]], [5.0, 7.0])
[[0. 5. 0.]
 [0. 0. 7.]]

== shape
Return the shape of a tensor as a tuple.
| Sizes are Python ints. A size known only at run time, inside a TensorFlow graph traced with
    unknown sizes (``tf.function`` with an ``input_signature`` of ``None`` sizes), is a scalar
    int32 tensor, as in Keras, so code can compute with it
    (``ops.reshape(x, (ops.shape(x)[0], -1))``); symbolic tensors (``keras.Input``) give ``None``
    there. ``multikeras.utils.static_shapes.static_shape`` gives ``None`` in both cases, for shape
    checks.
@x: A tensor or array-like.
-> A tuple of sizes.
>> ops.shape(ops.zeros((2, 3)))
(2, 3)

== slice
Extract a block of static size starting at given indices.
@inputs: Tensor to slice.
@start_indices: Start index along each axis (list or int tensor).
@shape: Size of the block along each axis.
-> A tensor of shape ``shape``.
>! ops.slice(ops.convert_to_tensor([[1, 2, 3], [4, 5, 6]]), (0, 1), (2, 2))
[[2 3]
 [5 6]]

== slice_update
Return a copy of ``inputs`` with a block starting at ``start_indices`` replaced.
@inputs: Tensor to update.
@start_indices: Start index along each axis.
@updates: The block to write; its shape gives the block size.
-> A tensor like ``inputs``.
>! ops.slice_update(ops.zeros((2, 3), dtype="int32"), (1, 1), ops.ones((1, 2), dtype="int32"))
[[0 0 0]
 [0 1 1]]

== stop_gradient
Return ``variable`` unchanged, but blocking gradients from flowing through it.
@variable: Tensor whose gradient should be treated as zero.
-> A tensor with the same value.
>! ops.stop_gradient(ops.convert_to_tensor([1.0, 2.0]))
[1. 2.]

== switch
Call ``branches[index](*operands)``.
| ``index`` is clamped to the valid range, as in ``jax.lax.switch``. All branches must return
    structures of the same shapes and dtypes.
@index: Scalar integer choosing the branch.
@branches: Sequence of functions.
@*operands: Arguments passed to the chosen branch.
-> The result of the chosen branch.
>> branches = [lambda v: v + 1, lambda v: v * 10]
>! ops.switch(1, branches, ops.convert_to_tensor([1, 2]))
[10 20]

== unstack
Split a tensor into a list of tensors along an axis.
@num: Length of ``axis``; ``None`` reads it from the shape.
@axis: Axis to unstack along.
-> A list of tensors, each with ``axis`` removed.
>> parts = ops.unstack([[1, 2], [3, 4]], axis=1)
>> [ops.convert_to_numpy(p).tolist() for p in parts]
[[1, 3], [2, 4]]

== vectorized_map
Map ``function`` over the first axis of ``elements``, vectorized where possible.
| Semantically ``stack([function(e) for e in elements])``; backends use ``vmap`` when they have
    one.
@function: Function applied to one slice.
@elements: Tensor or nested structure mapped over its first axis.
-> The stacked results.
>! ops.vectorized_map(lambda row: row * 2, ops.convert_to_tensor([[1, 2], [3, 4]]))
[[2 4]
 [6 8]]

== rearrange
Reorder, merge and split axes of ``tensor`` as an einops ``pattern`` says.
| ``"left -> right"`` names the input's axes on the left and the output's on the right. A
    parenthesised group is one axis that is the product of its members (``"b (h w) c"``), ``...``
    stands for any number of axes and ``()`` or ``1`` for an axis of size 1. Every name appears
    once on each side. One reshape, one transpose and one reshape, each skipped when not
    needed.
|K
@tensor: Input tensor.
@pattern: The einops pattern, ``"left -> right"``.
@axes_lengths: Lengths of split axes by name (``h=2``); one member of a group may be omitted.
-> The rearranged tensor.
>! ops.rearrange(ops.reshape(ops.arange(6), (2, 3)), "a b -> b a")
[[0 3]
 [1 4]
 [2 5]]
>> ops.shape(ops.rearrange(ops.zeros((2, 6, 4)), "b (h w) c -> b h (w c)", h=2))
(2, 2, 12)

== while_loop
Repeat ``loop_vars = body(*loop_vars)`` while ``cond(*loop_vars)`` is true.
| ``loop_vars`` keep their shapes and dtypes across iterations.
@cond: Function of the loop variables returning a scalar bool.
@body: Function of the loop variables returning new loop variables.
@loop_vars: A tuple or list of tensors (or a nested structure).
@maximum_iterations: Optional bound on the number of iterations.
-> The final loop variables, with the structure of ``loop_vars``.
>> i, total = ops.while_loop(lambda i, t: i < 3, lambda i, t: (i + 1, t + i), (0, 0))
>> int(ops.convert_to_numpy(i)), int(ops.convert_to_numpy(total))
(3, 3)
"""

# Section numpy.
_NUMPY = """
== abs
Absolute value, elementwise.
|K
-> ``|x|`` with the dtype of ``x``.
>! ops.abs([-2, 0, 3])
[2 0 3]

== absolute
Absolute value, elementwise (alias of ``abs``).
|K
-> ``|x|`` with the dtype of ``x``.
>! ops.absolute([-1.5, 2.0])
[1.5 2. ]

== add
Add two arrays elementwise, with broadcasting.
|R
-> The elementwise sum.
>! ops.add([1, 2], [10, 20])
[11 22]

== all
Test whether all elements are true along an axis.
|A
|B
-> A boolean tensor.
>! ops.all([[True, False], [True, True]], axis=1)
[False  True]

== allclose
Test whether two arrays are equal within a tolerance, elementwise, for all elements.
| Elements are close when ``|x1 - x2| <= atol + rtol * |x2|``.
-> A scalar boolean tensor.
>! ops.allclose([1.0, 2.0], [1.0, 2.0000001])
True

== amax
Maximum along an axis (alias of ``max`` without ``initial``).
|A
-> The maxima, with the dtype of ``x``.
>! ops.amax([[1, 5], [7, 2]], axis=0)
[7 5]

== amin
Minimum along an axis (alias of ``min`` without ``initial``).
|A
-> The minima, with the dtype of ``x``.
>! ops.amin([[1, 5], [7, 2]], axis=1)
[1 2]

== angle
Argument (phase angle) of complex numbers, in radians.
|F
-> Angles in ``(-pi, pi]``.
>~ ops.angle([1.0, -1.0])
[0.     3.1416]

== any
Test whether any element is true along an axis.
|A
|B
-> A boolean tensor.
>! ops.any([[True, False], [False, False]], axis=1)
[ True False]

== append
Append ``x2`` to ``x1`` along an axis.
|R
@x2: Values to append; must match ``x1`` except along ``axis``.
@axis: Axis to append along; ``None`` flattens both inputs first.
-> The concatenation.
>! ops.append([1, 2], [[3, 4]])
[1 2 3 4]

== arange
Evenly spaced values in the half-open interval ``[start, stop)``.
| With one argument, ``arange(n)`` counts from 0 to ``n - 1``. With ``dtype=None`` the dtype
    follows ``result_type`` of the Python arguments: ``arange(4)`` is ``int32``, ``arange(4.0)``
    is ``float32``.
@start: First value (or the end when ``stop`` is ``None``).
@stop: End of the interval (excluded).
@step: Spacing between values; ``None`` means 1.
-> A 1-D tensor.
>! ops.arange(4)
[0 1 2 3]
>! ops.arange(1.0, 2.0, 0.25)
[1.   1.25 1.5  1.75]

== arccos
Inverse cosine, elementwise.
|F
-> Angles in radians, in ``[0, pi]``.
>~ ops.arccos([1.0, 0.0])
[0.     1.5708]

== arccosh
Inverse hyperbolic cosine, elementwise.
|F
-> The values ``y >= 0`` with ``cosh(y) == x``.
>~ ops.arccosh([1.0, 2.0])
[0.    1.317]

== arcsin
Inverse sine, elementwise.
|F
-> Angles in radians, in ``[-pi/2, pi/2]``.
>~ ops.arcsin([0.0, 1.0])
[0.     1.5708]

== arcsinh
Inverse hyperbolic sine, elementwise.
|F
-> The values ``y`` with ``sinh(y) == x``.
>~ ops.arcsinh([0.0, 1.0])
[0.     0.8814]

== arctan
Inverse tangent, elementwise.
|F
-> Angles in radians, in ``(-pi/2, pi/2)``.
>~ ops.arctan([0.0, 1.0])
[0.     0.7854]

== arctan2
Angle of the point ``(x2, x1)``, elementwise, choosing the quadrant correctly.
|F
@x1: y-coordinates.
@x2: x-coordinates, broadcast against ``x1``.
-> Angles in radians, in ``[-pi, pi]``.
>~ ops.arctan2([1.0, -1.0], [-1.0, -1.0])
[ 2.3562 -2.3562]

== arctanh
Inverse hyperbolic tangent, elementwise.
|F
-> The values ``y`` with ``tanh(y) == x``.
>~ ops.arctanh([0.0, 0.5])
[0.     0.5493]

== argmax
Index of the largest value along an axis.
| With ``axis=None`` the index is into the flattened array. Ties return the first occurrence.
|I
@axis: Axis to search; ``None`` searches the flattened array.
-> ``int32`` indices.
>! ops.argmax([[1, 9, 3], [8, 2, 8]], axis=1)
[1 0]

== argmin
Index of the smallest value along an axis.
| With ``axis=None`` the index is into the flattened array. Ties return the first occurrence.
|I
@axis: Axis to search; ``None`` searches the flattened array.
-> ``int32`` indices.
>! ops.argmin([[1, 9, 3], [8, 2, 8]], axis=1)
[0 1]

== argpartition
Indices that partially sort ``x`` around its ``kth`` element.
| In the result, the element at position ``kth`` is the one a full sort would put there; smaller
    ones come before it, larger ones after, in unspecified order.
|I
@kth: Position (int or sequence of ints) of the element(s) to put in sorted place.
@axis: Axis along which to partition.
-> ``int32`` indices with the shape of ``x``.
>> idx = ops.argpartition([30, 10, 20], 1)
>! ops.take([30, 10, 20], idx)[1]
20

== argsort
Indices that sort ``x`` along an axis.
|I
@axis: Axis to sort along; ``None`` sorts the flattened array.
-> ``int32`` indices with the shape of ``x``.
>! ops.argsort([30, 10, 20])
[1 2 0]

== array
Create a tensor from array-like data (like ``convert_to_tensor``).
@x: Array-like data.
@dtype: Dtype of the result; ``None`` infers it like ``convert_to_tensor``.
-> A native tensor of the active backend.
>> ops.dtype(ops.array([1.0, 2.0]))
'float32'

== array_split
Split a tensor into parts that may have unequal sizes.
| With an int, the first ``len % n`` parts get one extra element.
@axis: Axis to split along.
-> A list of tensors.
>> parts = ops.array_split(ops.arange(5), 2)
>> [ops.convert_to_numpy(p).tolist() for p in parts]
[[0, 1, 2], [3, 4]]

== average
Weighted average along an axis.
|F
@axis: Axis to average over; ``None`` averages all elements.
@weights: Weights with the shape of ``x`` (or 1-D along ``axis``); ``None`` means equal weights.
-> The weighted mean.
>! ops.average([1.0, 2.0, 3.0], weights=[3.0, 1.0, 0.0])
1.25

== bartlett
Bartlett (triangular) window of ``x`` points.
|C
@x: Number of points in the window (int).
-> A 1-D floating-point window.
>~ ops.bartlett(5)
[0.  0.5 1.  0.5 0. ]

== bincount
Count occurrences of each non-negative integer value in ``x``.
| Without weights the counts are ``int32``; with weights the result has the dtype of
    ``weights``.
@x: 1-D tensor of non-negative ints.
@weights: Optional weight of each element, summed instead of counting 1.
@minlength: Minimum length of the result.
-> A 1-D tensor of length ``max(max(x) + 1, minlength)``.
>! ops.bincount([0, 1, 1, 3])
[1 2 0 1]

== bitwise_and
Bitwise AND of integer or boolean arrays, elementwise.
|R
@x: First integer/boolean input.
@y: Second integer/boolean input, broadcast against ``x``.
-> ``x & y``.
>! ops.bitwise_and([12, 10], [10, 6])
[8 2]

== bitwise_invert
Bitwise NOT of integers (``~x``), elementwise.
|K
@x: Integer or boolean input.
-> ``~x``.
>! ops.bitwise_invert([0, 5])
[-1 -6]

== bitwise_left_shift
Shift the bits of ``x`` left by ``y``, elementwise.
@x: Integer input.
@y: Number of bits to shift (int array or scalar).
-> ``x << y``.
>! ops.bitwise_left_shift([1, 3], 2)
[ 4 12]

== bitwise_not
Bitwise NOT of integers (alias of ``bitwise_invert``).
|K
@x: Integer or boolean input.
-> ``~x``.
>! ops.bitwise_not([0, 5])
[-1 -6]

== bitwise_or
Bitwise OR of integer or boolean arrays, elementwise.
|R
@x: First integer/boolean input.
@y: Second integer/boolean input, broadcast against ``x``.
-> ``x | y``.
>! ops.bitwise_or([12, 10], [10, 6])
[14 14]

== bitwise_right_shift
Shift the bits of ``x`` right by ``y``, elementwise.
@x: Integer input.
@y: Number of bits to shift (int array or scalar).
-> ``x >> y``.
>! ops.bitwise_right_shift([8, 13], 2)
[2 3]

== bitwise_xor
Bitwise XOR of integer or boolean arrays, elementwise.
|R
@x: First integer/boolean input.
@y: Second integer/boolean input, broadcast against ``x``.
-> ``x ^ y``.
>! ops.bitwise_xor([12, 10], [10, 6])
[ 6 12]

== blackman
Blackman window of ``x`` points.
|C
@x: Number of points in the window (int).
-> A 1-D floating-point window.
>~ ops.blackman(5)[1:4]
[0.34 1.   0.34]

== broadcast_to
Broadcast an array to a new shape.
@shape: Target shape, compatible with the shape of ``x`` under broadcasting.
-> A tensor of shape ``shape``.
>! ops.broadcast_to([1, 2], (2, 2))
[[1 2]
 [1 2]]

== cbrt
Cube root, elementwise.
|F
-> The real cube root of each element.
>~ ops.cbrt([8.0, -27.0])
[ 2. -3.]

== ceil
Round up to the nearest integer, elementwise.
|F
-> The ceiling of each element, as floats.
>! ops.ceil([1.2, -1.5])
[ 2. -1.]

== clip
Limit values to the interval ``[x_min, x_max]``.
|R
@x_min: Lower bound (scalar or broadcastable array).
@x_max: Upper bound (scalar or broadcastable array).
-> The clipped values.
>! ops.clip([-3, 0, 5, 9], 0, 6)
[0 0 5 6]

== concatenate
Join a sequence of arrays along an existing axis.
|R
@xs: Arrays of equal shape except along ``axis``.
@axis: Axis to join along.
-> The concatenation.
>! ops.concatenate([[1, 2], [3]], axis=0)
[1 2 3]

== conj
Complex conjugate, elementwise (real inputs are returned unchanged).
|K
-> The conjugate.
>! ops.conj([1.0, 2.0])
[1. 2.]

== conjugate
Complex conjugate, elementwise (alias of ``conj``).
|K
-> The conjugate.
>! ops.conjugate([3, 4])
[3 4]

== copy
Return a copy of ``x``.
-> A new tensor with the same values and dtype.
>! ops.copy([1, 2])
[1 2]

== corrcoef
Pearson correlation coefficients between the rows of ``x``.
|F
@x: 2-D tensor: each row is a variable, each column an observation.
-> A square tensor of correlation coefficients.
>~ ops.corrcoef([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]])
[[ 1. -1.]
 [-1.  1.]]

== correlate
Cross-correlation of two 1-D sequences.
@x1: First 1-D sequence.
@x2: Second 1-D sequence.
@mode: ``"valid"``, ``"same"`` or ``"full"``: how much of the overlap to return.
-> A 1-D tensor.
>! ops.correlate([1.0, 2.0, 3.0], [0.0, 1.0], mode="valid")
[2. 3.]

== cos
Cosine, elementwise (argument in radians).
|F
-> The cosines.
>~ ops.cos([0.0, 3.14159265])
[ 1. -1.]

== cosh
Hyperbolic cosine, elementwise.
|F
-> The hyperbolic cosines.
>~ ops.cosh([0.0, 1.0])
[1.     1.5431]

== count_nonzero
Count the non-zero elements along an axis.
|I
@axis: Axis (or axes) to count along; ``None`` counts over all elements.
-> ``int32`` counts.
>! ops.count_nonzero([[0, 1], [2, 3]], axis=0)
[1 2]

== cross
Cross product of 3-element (or 2-element) vectors.
@x1: First vectors; the vector axis is ``axisa``.
@x2: Second vectors; the vector axis is ``axisb``.
@axisa: Vector axis of ``x1``.
@axisb: Vector axis of ``x2``.
@axisc: Vector axis of the result.
@axis: If given, overrides ``axisa``, ``axisb`` and ``axisc``.
-> The cross products.
>! ops.cross([1, 0, 0], [0, 1, 0])
[0 0 1]

== cumprod
Cumulative product along an axis.
|S
@axis: Axis to accumulate along; ``None`` flattens ``x`` first.
@dtype: Accumulation and result dtype; ``None`` uses the rule above.
-> Running products.
>! ops.cumprod([1, 2, 3, 4])
[ 1  2  6 24]

== cumsum
Cumulative sum along an axis.
|S
@axis: Axis to accumulate along; ``None`` flattens ``x`` first.
@dtype: Accumulation and result dtype; ``None`` uses the rule above.
-> Running sums.
>! ops.cumsum([[1, 2], [3, 4]], axis=1)
[[1 3]
 [3 7]]

== deg2rad
Convert angles from degrees to radians, elementwise.
|F
-> Angles in radians.
>~ ops.deg2rad([180.0, 90.0])
[3.1416 1.5708]

== diag
Extract a diagonal of a 2-D tensor, or build a 2-D tensor from a 1-D diagonal.
@x: 1-D (diagonal to place) or 2-D (matrix to read) tensor.
-> A 2-D tensor (for 1-D ``x``) or a 1-D diagonal (for 2-D ``x``).
>! ops.diag([1, 2])
[[1 0]
 [0 2]]
>! ops.diag([[1, 2], [3, 4]])
[1 4]

== diagflat
Build a 2-D tensor with the flattened ``x`` on a diagonal.
-> A square 2-D tensor.
>! ops.diagflat([[1, 2]])
[[1 0]
 [0 2]]

== diagonal
Return the diagonal(s) of ``x`` in the plane of ``axis1`` and ``axis2``.
| The diagonal becomes the last axis of the result.
@offset: Diagonal offset: positive values are above the main diagonal.
-> The diagonal elements.
>! ops.diagonal([[1, 2, 3], [4, 5, 6]], offset=1)
[2 6]

== diff
Discrete difference of order ``n`` along an axis.
@a: Input array.
@n: Number of times to take differences.
@axis: Axis along which to take differences.
-> ``a[1:] - a[:-1]`` (applied ``n`` times); ``axis`` shrinks by ``n``.
>! ops.diff([1, 4, 9, 16])
[3 5 7]
>! ops.diff([1, 4, 9, 16], n=2)
[2 2]

== digitize
Index of the bin each value falls into.
| For increasing ``bins``, ``i`` satisfies ``bins[i-1] <= x < bins[i]``.
|I
@bins: 1-D monotonic array of bin edges.
-> ``int32`` bin indices with the shape of ``x``.
>! ops.digitize([0.5, 1.5, 3.0], [1.0, 2.0])
[0 1 2]

== divide
True division, elementwise.
|F
-> ``x1 / x2``.
>! ops.divide([1, 3], [2, 4])
[0.5  0.75]

== divide_no_nan
Divide elementwise, returning 0 where the divisor is 0.
|F
-> ``x1 / x2``, with 0 where ``x2 == 0``.
>! ops.divide_no_nan([1.0, 3.0], [2.0, 0.0])
[0.5 0. ]

== dot
Dot product: inner product for 1-D inputs, matrix product for 2-D inputs.
@x1: First array.
@x2: Second array.
| For higher ranks, sums over the last axis of ``x1`` and the second-to-last of ``x2``. Scalars
    multiply elementwise.
|R
-> The product.
>! ops.dot([1, 2, 3], [4, 5, 6])
32

== dsplit
Split along the third axis (depth).
@x: Tensor of rank >= 3.
-> A list of tensors.
>> parts = ops.dsplit(ops.reshape(ops.arange(4), (1, 1, 4)), 2)
>> [ops.shape(p) for p in parts]
[(1, 1, 2), (1, 1, 2)]

== dstack
Stack arrays along the third axis.
| 1-D inputs of length ``n`` become ``(1, n, 1)`` and 2-D inputs ``(m, n, 1)`` first.
|R
-> The stacked tensor, of rank >= 3.
>> ops.shape(ops.dstack([[1, 2], [3, 4]]))
(1, 2, 2)

== einsum
Evaluate an Einstein summation over the operands.
|R
@subscripts: Subscripts such as ``"ij,jk->ik"``.
@*operands: The arrays, one per input term of ``subscripts``.
-> The contraction.
>! ops.einsum("i,i->", [1, 2, 3], [4, 5, 6])
32
>! ops.einsum("ij->ji", [[1, 2]])
[[1]
 [2]]

== empty
Create a tensor of a given shape without meaningful content.
| Backends may fill it with zeros; do not rely on the values.
|C
-> A tensor of shape ``shape``.
>> ops.shape(ops.empty((2, 3)))
(2, 3)

== empty_like
Create a tensor with the shape (and dtype) of ``x`` without meaningful content.
@dtype: Dtype of the result; ``None`` keeps the dtype of ``x``.
-> A tensor like ``x``.
>> ops.shape(ops.empty_like([[1, 2]]))
(1, 2)

== equal
Test ``x1 == x2`` elementwise.
|B
-> A boolean tensor.
>! ops.equal([1, 2], [1, 3])
[ True False]

== exp
Exponential ``e ** x``, elementwise.
|F
-> The exponentials.
>~ ops.exp([0.0, 1.0])
[1.     2.7183]

== exp2
Base-2 exponential ``2 ** x``, elementwise.
|F
-> The powers of two.
>! ops.exp2([0, 3])
[1. 8.]

== expand_dims
Insert an axis of length 1.
@axis: Position (or positions) of the new axis in the result.
-> ``x`` with one more dimension.
>> ops.shape(ops.expand_dims([1, 2], axis=0))
(1, 2)

== expm1
``exp(x) - 1``, elementwise, accurate for small ``x``.
|F
-> The values ``exp(x) - 1``.
>~ ops.expm1([0.0, 1.0])
[0.     1.7183]

== eye
2-D tensor with ones on a diagonal and zeros elsewhere.
|C
@k: Diagonal offset: 0 is the main diagonal, positive values are above it.
-> A ``(N, M)`` tensor.
>! ops.eye(2, 3, k=1)
[[0. 1. 0.]
 [0. 0. 1.]]

== fabs
Absolute value, elementwise, as floats.
|F
-> ``|x|`` as floating point.
>! ops.fabs([-2, 3])
[2. 3.]

== flip
Reverse the order of elements along an axis.
@axis: Axis or axes to reverse; ``None`` reverses all axes.
-> The flipped tensor.
>! ops.flip([[1, 2], [3, 4]], axis=1)
[[2 1]
 [4 3]]

== fliplr
Reverse the order of columns (axis 1).
@x: Tensor of rank >= 2.
-> The flipped tensor.
>! ops.fliplr([[1, 2], [3, 4]])
[[2 1]
 [4 3]]

== flipud
Reverse the order of rows (axis 0).
-> The flipped tensor.
>! ops.flipud([[1, 2], [3, 4]])
[[3 4]
 [1 2]]

== floor
Round down to the nearest integer, elementwise.
|F
-> The floor of each element, as floats.
>! ops.floor([1.7, -1.2])
[ 1. -2.]

== floor_divide
Division rounded towards negative infinity, elementwise.
|R
-> ``x1 // x2``.
>! ops.floor_divide([7, -7], 2)
[ 3 -4]

== fmax
Elementwise maximum that ignores NaN when the other value is a number.
|R
-> The maxima.
>! ops.fmax([1.0, float("nan")], [2.0, 0.0])
[2. 0.]

== fmin
Elementwise minimum that ignores NaN when the other value is a number.
|R
-> The minima.
>! ops.fmin([1.0, float("nan")], [2.0, 0.0])
[1. 0.]

== fmod
Remainder of division with the sign of the dividend, elementwise (C ``fmod``).
|R
-> ``x1 - trunc(x1 / x2) * x2``.
>! ops.fmod([7, -7], 3)
[ 1 -1]

== full
Create a tensor of ``shape`` filled with ``fill_value``.
| With ``dtype=None`` the dtype follows ``result_type`` of ``fill_value`` (``full((2,), 1)`` is
    ``int32``).
@fill_value: Value to fill with (scalar or broadcastable array).
-> A tensor of shape ``shape``.
>! ops.full((2, 2), 7)
[[7 7]
 [7 7]]

== full_like
Create a tensor with the shape of ``x`` filled with ``fill_value``.
@fill_value: Value to fill with.
@dtype: Dtype of the result; ``None`` keeps the dtype of ``x``.
-> A tensor like ``x``.
>! ops.full_like([1.5, 2.5], 3)
[3. 3.]

== gcd
Greatest common divisor of integers, elementwise.
|R
-> The divisors.
>! ops.gcd([12, 9], [18, 6])
[6 3]

== geomspace
Geometric progression from ``start`` to ``stop``.
|C
@start: First value.
@stop: Last value (included when ``endpoint`` is ``True``).
@num: Number of values.
@endpoint: Whether to include ``stop``.
@axis: Axis of the result holding the samples when ``start``/``stop`` are arrays.
-> A tensor of ``num`` values.
>~ ops.geomspace(1.0, 8.0, num=4)
[1. 2. 4. 8.]

== get_item
Index ``x`` like ``x[key]``.
@key: An index, slice, tuple of them, or an integer/boolean tensor.
-> The selected elements.
>! ops.get_item([[1, 2], [3, 4]], (1, 0))
3

== greater
Test ``x1 > x2`` elementwise.
|B
-> A boolean tensor.
>! ops.greater([1, 5], 3)
[False  True]

== greater_equal
Test ``x1 >= x2`` elementwise.
|B
-> A boolean tensor.
>! ops.greater_equal([1, 3], 3)
[False  True]

== hamming
Hamming window of ``x`` points.
|C
@x: Number of points in the window (int).
-> A 1-D floating-point window.
>~ ops.hamming(3)
[0.08 1.   0.08]

== hanning
Hann window of ``x`` points.
|C
@x: Number of points in the window (int).
-> A 1-D floating-point window.
>~ ops.hanning(3)
[0. 1. 0.]

== heaviside
Heaviside step function, elementwise.
| Gives 0 where ``x1 < 0``, 1 where ``x1 > 0`` and ``x2`` where ``x1 == 0``.
|F
@x1: Input values.
@x2: Value used where ``x1`` is zero.
-> The step values.
>! ops.heaviside([-1.0, 0.0, 2.0], 0.5)
[0.  0.5 1. ]

== histogram
Histogram of the values of ``x``.
@x: 1-D input.
@bins: Number of equal-width bins.
@range: ``(low, high)`` of the bins; ``None`` uses the min and max of ``x``.
-> A tuple ``(counts, bin_edges)``; ``bin_edges`` has ``bins + 1`` values.
>> counts, edges = ops.histogram([0.0, 1.0, 1.0, 3.0], bins=3, range=(0.0, 3.0))
>! counts
[1 2 1]
>! edges
[0. 1. 2. 3.]

== hsplit
Split horizontally (along axis 1, or axis 0 for 1-D inputs).
-> A list of tensors.
>> parts = ops.hsplit([[1, 2, 3, 4]], 2)
>> [ops.convert_to_numpy(p).tolist() for p in parts]
[[[1, 2]], [[3, 4]]]

== hstack
Stack arrays horizontally (along axis 1, or axis 0 for 1-D inputs).
|R
-> The stacked tensor.
>! ops.hstack([[1, 2], [3]])
[1 2 3]

== hypot
Length of the hypotenuse ``sqrt(x1**2 + x2**2)``, elementwise.
|F
-> The lengths.
>~ ops.hypot([3.0, 5.0], [4.0, 12.0])
[ 5. 13.]

== i0
Modified Bessel function of the first kind, order 0, elementwise.
|F
-> The values ``I0(x)``.
>~ ops.i0([0.0, 1.0])
[1.     1.2661]

== identity
Square identity matrix.
|C
@n: Number of rows and columns.
-> An ``(n, n)`` tensor.
>! ops.identity(2)
[[1. 0.]
 [0. 1.]]

== imag
Imaginary part of complex numbers (zeros for real inputs).
-> The imaginary parts, real-valued.
>! ops.imag([1.0, 2.0])
[0. 0.]

== inner
Inner product over the last axes of two arrays.
@x1: First array.
@x2: Second array; its last axis must match the last axis of ``x1``.
|R
-> The sum of products along the last axis.
>! ops.inner([1, 2, 3], [1, 0, 1])
4

== isclose
Test whether two arrays are equal within a tolerance, elementwise.
| Elements are close when ``|x1 - x2| <= atol + rtol * |x2|``.
|B
-> A boolean tensor.
>! ops.isclose([1.0, 2.0], [1.0, 2.1])
[ True False]

== isfinite
Test for finite values (neither infinity nor NaN), elementwise.
|B
-> A boolean tensor.
>! ops.isfinite([1.0, float("inf"), float("nan")])
[ True False False]

== isin
Test whether each element of ``x1`` occurs in ``x2``.
|B
@x1: Values to look up.
@x2: Values to look in (flattened).
@assume_unique: If ``True``, both inputs are assumed to hold unique values (may be faster).
@invert: If ``True``, return the negation (``not in``).
-> A boolean tensor with the shape of ``x1``.
>! ops.isin([1, 2, 3], [3, 1])
[ True False  True]

== isinf
Test for positive or negative infinity, elementwise.
|B
-> A boolean tensor.
>! ops.isinf([1.0, float("inf"), -float("inf")])
[False  True  True]

== isnan
Test for NaN, elementwise.
|B
-> A boolean tensor.
>! ops.isnan([1.0, float("nan")])
[False  True]

== isneginf
Test for negative infinity, elementwise.
|B
-> A boolean tensor.
>! ops.isneginf([1.0, float("inf"), -float("inf")])
[False False  True]

== isposinf
Test for positive infinity, elementwise.
|B
-> A boolean tensor.
>! ops.isposinf([1.0, float("inf"), -float("inf")])
[False  True False]

== isreal
Test whether each element has a zero imaginary part.
|B
-> A boolean tensor (all true for real inputs).
>! ops.isreal([1.0, 2.0])
[ True  True]

== kaiser
Kaiser window of ``x`` points.
|C
@x: Number of points in the window (int).
@beta: Shape parameter of the window.
-> A 1-D floating-point window.
>~ ops.kaiser(3, 0.0)
[1. 1. 1.]

== kron
Kronecker product of two arrays.
@x1: First array.
@x2: Second array.
|R
-> The block product.
>! ops.kron([1, 10], [1, 2])
[ 1  2 10 20]

== lcm
Least common multiple of integers, elementwise.
|R
-> The multiples.
>! ops.lcm([4, 6], [6, 4])
[12 12]

== ldexp
Compute ``x1 * 2 ** x2``, elementwise.
@x1: Mantissas (floats).
@x2: Integer exponents.
-> The products, floating point.
>! ops.ldexp([1.0, 3.0], [2, 1])
[4. 6.]

== left_shift
Shift the bits of ``x`` left by ``y`` (alias of ``bitwise_left_shift``).
@x: Integer input.
@y: Number of bits to shift.
-> ``x << y``.
>! ops.left_shift([1, 3], 1)
[2 6]

== less
Test ``x1 < x2`` elementwise.
|B
-> A boolean tensor.
>! ops.less([1, 5], 3)
[ True False]

== less_equal
Test ``x1 <= x2`` elementwise.
|B
-> A boolean tensor.
>! ops.less_equal([1, 3, 5], 3)
[ True  True False]

== linspace
Evenly spaced numbers over ``[start, stop]``.
|C
@start: First value.
@stop: Last value (included when ``endpoint`` is ``True``).
@num: Number of values.
@endpoint: Whether to include ``stop``.
@retstep: If ``True``, also return the spacing.
@axis: Axis of the result holding the samples when ``start``/``stop`` are arrays.
-> The values, or ``(values, step)`` when ``retstep`` is ``True``.
>! ops.linspace(0.0, 1.0, num=5)
[0.   0.25 0.5  0.75 1.  ]

== log
Natural logarithm, elementwise.
|F
-> ``ln(x)``; ``-inf`` for 0 and NaN for negative values.
>~ ops.log([1.0, 2.718281828])
[0. 1.]

== log10
Base-10 logarithm, elementwise.
|F
-> ``log10(x)``.
>~ ops.log10([1.0, 100.0])
[0. 2.]

== log1p
``log(1 + x)``, elementwise, accurate for small ``x``.
|F
-> The values ``log(1 + x)``.
>~ ops.log1p([0.0, 1.0])
[0.     0.6931]

== log2
Base-2 logarithm, elementwise.
|F
-> ``log2(x)``.
>! ops.log2([1.0, 8.0])
[0. 3.]

== logaddexp
``log(exp(x1) + exp(x2))``, elementwise, without overflow.
|F
-> The values.
>~ ops.logaddexp([0.0, 1.0], [0.0, 1.0])
[0.6931 1.6931]

== logaddexp2
``log2(2 ** x1 + 2 ** x2)``, elementwise, without overflow.
|F
-> The values.
>! ops.logaddexp2([1.0, 3.0], [1.0, 3.0])
[2. 4.]

== logical_and
Logical AND, elementwise (non-zero values count as true).
|B
-> A boolean tensor.
>! ops.logical_and([True, True, False], [True, False, False])
[ True False False]

== logical_not
Logical NOT, elementwise.
|B
-> A boolean tensor.
>! ops.logical_not([True, False])
[False  True]

== logical_or
Logical OR, elementwise.
|B
-> A boolean tensor.
>! ops.logical_or([True, False, False], [False, False, True])
[ True False  True]

== logical_xor
Logical XOR, elementwise.
|B
-> A boolean tensor.
>! ops.logical_xor([True, True], [True, False])
[False  True]

== logspace
Numbers evenly spaced on a log scale: ``base ** linspace(start, stop, num)``.
|C
@start: Exponent of the first value.
@stop: Exponent of the last value.
@num: Number of values.
@endpoint: Whether to include ``base ** stop``.
@base: Base of the log space.
@axis: Axis of the result holding the samples when ``start``/``stop`` are arrays.
-> A tensor of ``num`` values.
>! ops.logspace(0.0, 2.0, num=3)
[  1.  10. 100.]

== matmul
Matrix product of two arrays, with batch broadcasting.
@x1: First matrix (or batch of matrices, or a vector).
@x2: Second matrix; its second-to-last axis must match the last axis of ``x1``.
| 1-D inputs are treated as vectors; leading axes broadcast as batch axes.
|R
-> The product.
>! ops.matmul([[1, 2], [3, 4]], [[1], [1]])
[[3]
 [7]]

== max
Maximum along an axis.
|A
@initial: Lower bound included in the reduction (also the result for empty inputs).
-> The maxima, with the dtype of ``x``.
>! ops.max([[1, 5], [7, 2]], axis=1)
[5 7]

== maximum
Elementwise maximum of two arrays (NaN propagates).
|R
-> The larger value of each pair.
>! ops.maximum([1, 5], [3, 2])
[3 5]

== mean
Arithmetic mean along an axis.
|A
|F
-> The means.
>! ops.mean([[1, 2], [3, 4]], axis=0)
[2. 3.]

== median
Median along an axis.
|A
|F
-> The medians.
>! ops.median([3.0, 1.0, 2.0, 10.0])
2.5

== meshgrid
Coordinate grids from 1-D coordinate vectors.
@*x: 1-D coordinate vectors.
@indexing: ``"xy"`` (Cartesian, the first two output axes swapped) or ``"ij"`` (matrix
    indexing).
-> A list of tensors, one per input.
>> xx, yy = ops.meshgrid([1, 2, 3], [4, 5])
>! xx
[[1 2 3]
 [1 2 3]]
>! yy
[[4 4 4]
 [5 5 5]]

== min
Minimum along an axis.
|A
@initial: Upper bound included in the reduction (also the result for empty inputs).
-> The minima, with the dtype of ``x``.
>! ops.min([[1, 5], [7, 2]], axis=1)
[1 2]

== minimum
Elementwise minimum of two arrays (NaN propagates).
|R
-> The smaller value of each pair.
>! ops.minimum([1, 5], [3, 2])
[1 2]

== mod
Remainder of division with the sign of the divisor, elementwise (Python ``%``).
|R
-> ``x1 % x2``.
>! ops.mod([7, -7], 3)
[1 2]

== moveaxis
Move axes of an array to new positions.
@source: Original position(s) of the axes to move.
@destination: New position(s) of those axes.
-> The rearranged tensor.
>> ops.shape(ops.moveaxis(ops.zeros((2, 3, 4)), 0, -1))
(3, 4, 2)

== multiply
Multiply two arrays elementwise, with broadcasting.
|R
-> The elementwise product.
>! ops.multiply([1, 2], [3, 4])
[3 8]

== nan_to_num
Replace NaN and infinities with finite numbers.
@nan: Value replacing NaN.
@posinf: Value replacing ``+inf``; ``None`` uses the largest finite value of the dtype.
@neginf: Value replacing ``-inf``; ``None`` uses the smallest finite value of the dtype.
-> A tensor like ``x`` without NaN or infinities.
>! ops.nan_to_num([float("nan"), 1.0, float("inf")], posinf=9.0)
[0. 1. 9.]

== nanargmax
Index of the largest value along an axis, ignoring NaN.
|I
@axis: Axis to search; ``None`` searches the flattened array.
-> ``int32`` indices.
>! ops.nanargmax([1.0, float("nan"), 3.0])
2

== nanargmin
Index of the smallest value along an axis, ignoring NaN.
|I
@axis: Axis to search; ``None`` searches the flattened array.
-> ``int32`` indices.
>! ops.nanargmin([float("nan"), 2.0, 1.0])
2

== nancumprod
Cumulative product along an axis, treating NaN as 1.
|S
@axis: Axis to accumulate along; ``None`` flattens ``x`` first.
@dtype: Accumulation and result dtype; ``None`` uses the rule above.
-> Running products.
>! ops.nancumprod([2.0, float("nan"), 3.0])
[2. 2. 6.]

== nancumsum
Cumulative sum along an axis, treating NaN as 0.
|S
@axis: Axis to accumulate along; ``None`` flattens ``x`` first.
@dtype: Accumulation and result dtype; ``None`` uses the rule above.
-> Running sums.
>! ops.nancumsum([2.0, float("nan"), 3.0])
[2. 2. 5.]

== nanmax
Maximum along an axis, ignoring NaN.
|A
-> The maxima (NaN only where every value is NaN).
>! ops.nanmax([1.0, float("nan"), 3.0])
3.0

== nanmean
Mean along an axis, ignoring NaN.
|A
|F
-> The means.
>! ops.nanmean([1.0, float("nan"), 3.0])
2.0

== nanmedian
Median along an axis, ignoring NaN.
|A
|F
-> The medians.
>! ops.nanmedian([1.0, float("nan"), 3.0, 10.0])
3.0

== nanmin
Minimum along an axis, ignoring NaN.
|A
-> The minima (NaN only where every value is NaN).
>! ops.nanmin([1.0, float("nan"), 3.0])
1.0

== nanpercentile
``q``-th percentile along an axis, ignoring NaN.
|A
|F
@q: Percentile(s) in ``[0, 100]``.
-> The percentiles; a non-scalar ``q`` adds a leading axis.
>! ops.nanpercentile([1.0, float("nan"), 3.0], 50)
2.0

== nanprod
Product along an axis, treating NaN as 1.
|A
|S
-> The products.
>! ops.nanprod([2.0, float("nan"), 3.0])
6.0

== nanquantile
``q``-th quantile along an axis, ignoring NaN.
|A
|F
@q: Quantile(s) in ``[0, 1]``.
-> The quantiles; a non-scalar ``q`` adds a leading axis.
>! ops.nanquantile([1.0, float("nan"), 3.0], 0.5)
2.0

== nanstd
Standard deviation along an axis, ignoring NaN.
|A
|F
-> The (population) standard deviations.
>! ops.nanstd([1.0, float("nan"), 3.0])
1.0

== nansum
Sum along an axis, treating NaN as 0.
|A
|S
-> The sums.
>! ops.nansum([1.0, float("nan"), 3.0])
4.0

== nanvar
Variance along an axis, ignoring NaN.
|A
|F
-> The (population) variances.
>! ops.nanvar([1.0, float("nan"), 3.0])
1.0

== ndim
Number of dimensions of ``x``.
-> A Python int.
>> ops.ndim([[1, 2], [3, 4]])
2

== negative
Numerical negative, elementwise.
|K
-> ``-x``.
>! ops.negative([1, -2])
[-1  2]

== nextafter
Next floating-point value after ``x1`` towards ``x2``, elementwise.
|F
-> The neighbouring values.
>> bool(ops.convert_to_numpy(ops.nextafter([1.0], [2.0]))[0] > 1.0)
True

== nonzero
Indices of the non-zero elements.
|I
-> A tuple of 1-D ``int32`` tensors, one per dimension of ``x``.
>> rows, cols = ops.nonzero([[0, 1], [2, 0]])
>! rows
[0 1]
>! cols
[1 0]

== not_equal
Test ``x1 != x2`` elementwise.
|B
-> A boolean tensor.
>! ops.not_equal([1, 2], [1, 3])
[False  True]

== ones
Create a tensor of ones.
|C
-> A tensor of shape ``shape``.
>! ops.ones((2, 2))
[[1. 1.]
 [1. 1.]]

== ones_like
Create a tensor of ones with the shape of ``x``.
@dtype: Dtype of the result; ``None`` keeps the dtype of ``x``.
-> A tensor like ``x``.
>! ops.ones_like([1, 2])
[1 1]

== outer
Outer product of two vectors (inputs are flattened).
@x1: First vector (flattened).
@x2: Second vector (flattened).
|R
-> A 2-D tensor ``x1[i] * x2[j]``.
>! ops.outer([1, 2], [1, 10])
[[ 1 10]
 [ 2 20]]

== pad
Pad a tensor.
@pad_width: ``((before, after), ...)`` per axis, or one pair/int for all axes.
@mode: ``"constant"``, ``"edge"``, ``"reflect"``, ``"symmetric"``, ``"wrap"``, ... (as NumPy).
@constant_values: Fill value for ``"constant"``; ``None`` means 0.
-> The padded tensor.
>! ops.pad([1, 2], ((1, 2),))
[0 1 2 0 0]
>! ops.pad([1, 2], ((1, 1),), mode="edge")
[1 1 2 2]

== percentile
``q``-th percentile along an axis.
|A
|F
@q: Percentile(s) in ``[0, 100]``.
-> The percentiles; a non-scalar ``q`` adds a leading axis.
>! ops.percentile([1.0, 2.0, 3.0, 4.0], 50)
2.5

== power
``x1 ** x2``, elementwise.
|R
@x1: Bases.
@x2: Exponents, broadcast against ``x1``.
-> The powers.
>! ops.power([2, 3], 2)
[4 9]

== prod
Product along an axis.
|A
|S
@dtype: Accumulation and result dtype; ``None`` uses the rule above.
-> The products.
>! ops.prod([[1, 2], [3, 4]], axis=1)
[ 2 12]

== ptp
Range (maximum minus minimum) along an axis.
|A
-> The ranges, with the dtype of ``x``.
>! ops.ptp([[1, 5], [7, 2]], axis=1)
[4 5]

== quantile
``q``-th quantile along an axis.
|A
|F
@q: Quantile(s) in ``[0, 1]``.
-> The quantiles; a non-scalar ``q`` adds a leading axis.
>! ops.quantile([1.0, 2.0, 3.0, 4.0], 0.5)
2.5

== rad2deg
Convert angles from radians to degrees, elementwise.
|F
-> Angles in degrees.
>~ ops.rad2deg([3.14159265, 1.57079633])
[180.  90.]

== ravel
Flatten to one dimension (row-major order).
-> A 1-D tensor.
>! ops.ravel([[1, 2], [3, 4]])
[1 2 3 4]

== real
Real part of complex numbers (real inputs are returned unchanged).
-> The real parts.
>! ops.real([1.0, 2.0])
[1. 2.]

== reciprocal
``1 / x``, elementwise.
|F
-> The reciprocals.
>! ops.reciprocal([2.0, 4.0])
[0.5  0.25]

== repeat
Repeat each element of ``x``.
@repeats: Number of repetitions (int, or one per element along ``axis``).
@axis: Axis to repeat along; ``None`` flattens ``x`` first.
-> The repeated tensor.
>! ops.repeat([1, 2], 2)
[1 1 2 2]

== reshape
Give ``x`` a new shape with the same number of elements.
@newshape: New shape; one dimension may be -1 and is inferred.
-> The reshaped tensor.
>! ops.reshape(ops.arange(6), (2, -1))
[[0 1 2]
 [3 4 5]]

== right_shift
Shift the bits of ``x`` right by ``y`` (alias of ``bitwise_right_shift``).
@x: Integer input.
@y: Number of bits to shift.
-> ``x >> y``.
>! ops.right_shift([8, 13], 1)
[4 6]

== roll
Roll elements along an axis; elements shifted past the end reappear at the start.
@shift: Number of places to shift (int or tuple, one per axis).
@axis: Axis or axes to roll; ``None`` rolls the flattened array.
-> The rolled tensor.
>! ops.roll([1, 2, 3, 4], 1)
[4 1 2 3]

== rot90
Rotate by 90 degrees in the plane of two axes.
@array: Tensor of rank >= 2.
@k: Number of counter-clockwise quarter turns.
@axes: The two axes defining the plane.
-> The rotated tensor.
>! ops.rot90([[1, 2], [3, 4]])
[[2 4]
 [1 3]]

== round
Round to the given number of decimals (halves to even), elementwise.
@decimals: Number of decimal places.
-> The rounded values, with the dtype of ``x``.
>! ops.round([0.5, 1.5, 2.25], decimals=0)
[0. 2. 2.]

== searchsorted
Indices where ``values`` would be inserted to keep ``sorted_sequence`` sorted.
|I
@sorted_sequence: 1-D ascending sequence.
@values: Values to locate.
@side: ``"left"`` gives the first suitable index, ``"right"`` the last.
-> ``int32`` indices with the shape of ``values``.
>! ops.searchsorted([1, 3, 5], [0, 3, 6])
[0 1 3]
>! ops.searchsorted([1, 3, 5], [3], side="right")
[2]

== select
Choose elements from several arrays depending on several conditions.
| Each element comes from the first ``choicelist[i]`` whose ``condlist[i]`` is true, else
    ``default``.
@condlist: List of boolean arrays.
@choicelist: List of arrays, one per condition.
@default: Value used where no condition holds.
-> The selected elements.
>> x = ops.convert_to_tensor([1, 5, 9])
>! ops.select([x < 3, x > 7], [x * 10, x * 100], default=0)
[ 10   0 900]

== sign
Sign of each element: -1, 0 or 1.
|K
-> The signs.
>! ops.sign([-3, 0, 2])
[-1  0  1]

== signbit
Test whether the sign bit is set (negative values, including ``-0.0``).
|B
-> A boolean tensor.
>! ops.signbit([-1.0, 0.0, 2.0])
[ True False False]

== sin
Sine, elementwise (argument in radians).
|F
-> The sines.
>~ ops.sin([0.0, 1.57079633])
[0. 1.]

== sinc
Normalized sinc function ``sin(pi x) / (pi x)``, elementwise.
|F
-> The values (1 at ``x == 0``).
>~ ops.sinc([0.0, 0.5])
[1.     0.6366]

== sinh
Hyperbolic sine, elementwise.
|F
-> The hyperbolic sines.
>~ ops.sinh([0.0, 1.0])
[0.     1.1752]

== size
Number of elements of ``x``.
-> A Python int.
>> ops.size([[1, 2, 3], [4, 5, 6]])
6

== slogdet
Sign and natural logarithm of the absolute determinant.
@x: Square matrix (or batch of them).
-> A tuple ``(sign, logabsdet)``.
>> sign, logdet = ops.slogdet([[2.0, 0.0], [0.0, -3.0]])
>! sign
-1.0
>~ logdet
1.7918

== sort
Sort along an axis, ascending.
@axis: Axis to sort along; ``None`` sorts the flattened array.
-> The sorted tensor.
>! ops.sort([[3, 1, 2], [9, 8, 7]], axis=1)
[[1 2 3]
 [7 8 9]]

== split
Split a tensor into equal parts, or at given indices.
@axis: Axis to split along.
-> A list of tensors.
>> parts = ops.split(ops.arange(6), [2, 3])
>> [ops.convert_to_numpy(p).tolist() for p in parts]
[[0, 1], [2], [3, 4, 5]]

== sqrt
Square root, elementwise.
|F
-> The square roots.
>! ops.sqrt([4, 9])
[2. 3.]

== square
``x * x``, elementwise.
|K
-> The squares.
>! ops.square([-2, 3])
[4 9]

== squeeze
Remove axes of length 1.
@axis: Axis or axes to remove; ``None`` removes every axis of length 1.
-> The squeezed tensor.
>> ops.shape(ops.squeeze(ops.zeros((1, 3, 1))))
(3,)

== stack
Join a sequence of arrays along a new axis.
|R
@x: Sequence of arrays of the same shape.
@axis: Position of the new axis in the result.
-> The stacked tensor.
>! ops.stack([[1, 2], [3, 4]], axis=1)
[[1 3]
 [2 4]]

== std
Standard deviation along an axis (population: divides by ``n``).
|A
|F
-> The standard deviations.
>! ops.std([1.0, 3.0])
1.0

== subtract
Subtract two arrays elementwise, with broadcasting.
|R
-> ``x1 - x2``.
>! ops.subtract([5, 7], 2)
[3 5]

== sum
Sum along an axis.
|A
|S
-> The sums.
>! ops.sum([[1, 2], [3, 4]], axis=0)
[4 6]
>> ops.dtype(ops.sum(ops.ones((2,), dtype="int8")))
'int32'

== swapaxes
Interchange two axes.
@axis1: First axis.
@axis2: Second axis.
-> The tensor with both axes swapped.
>> ops.shape(ops.swapaxes(ops.zeros((2, 3, 4)), 0, 2))
(4, 3, 2)

== take
Take elements at ``indices`` along an axis.
@indices: Integer indices (negative values count from the end).
@axis: Axis to take along; ``None`` uses the flattened array.
-> The gathered elements.
>! ops.take([[1, 2], [3, 4]], [1, 0], axis=1)
[[2 1]
 [4 3]]

== take_along_axis
Take values along an axis with an index array of the same rank.
| Typically used with the result of ``argsort`` or ``argpartition``.
@indices: Integer indices, broadcastable against ``x`` except along ``axis``.
@axis: Axis to take along; ``None`` uses the flattened array.
-> The gathered elements.
>> x = ops.convert_to_tensor([[30, 10, 20]])
>! ops.take_along_axis(x, ops.argsort(x, axis=1), axis=1)
[[10 20 30]]

== tan
Tangent, elementwise (argument in radians).
|F
-> The tangents.
>~ ops.tan([0.0, 0.78539816])
[0. 1.]

== tanh
Hyperbolic tangent, elementwise.
|F
-> Values in ``(-1, 1)``.
>~ ops.tanh([0.0, 1.0])
[0.     0.7616]

== tensordot
Tensor contraction over the given axes.
@x1: First array.
@x2: Second array.
|R
@axes: An int ``n`` (last ``n`` axes of ``x1`` with first ``n`` of ``x2``) or a pair of axis
    lists.
-> The contraction.
>! ops.tensordot([[1, 2], [3, 4]], [[1, 0], [0, 1]], axes=2)
5
>! ops.tensordot([1, 2], [3, 4], axes=0)
[[3 4]
 [6 8]]

== tile
Repeat the whole array along each axis.
@repeats: Number of repetitions per axis (int or tuple).
-> The tiled tensor.
>! ops.tile([1, 2], 2)
[1 2 1 2]

== trace
Sum along a diagonal.
|S
@offset: Diagonal offset: positive values are above the main diagonal.
-> The sums of the diagonals.
>! ops.trace([[1, 2], [3, 4]])
5

== transpose
Permute the axes of an array.
@axes: New order of the axes; ``None`` reverses them.
-> The transposed tensor.
>! ops.transpose([[1, 2, 3]])
[[1]
 [2]
 [3]]

== trapezoid
Integrate along an axis with the trapezoidal rule.
|F
@y: Values to integrate.
@x: Sample points of ``y``; ``None`` uses spacing ``dx``.
@dx: Spacing between samples when ``x`` is ``None``.
@axis: Axis to integrate along.
-> The integrals.
>! ops.trapezoid([1.0, 2.0, 3.0])
4.0

== tri
2-D tensor with ones at and below a diagonal, zeros elsewhere.
|C
@k: Diagonal offset: 0 is the main diagonal, positive values are above it.
-> An ``(N, M)`` tensor.
>! ops.tri(3, dtype="int32")
[[1 0 0]
 [1 1 0]
 [1 1 1]]

== tril
Lower triangle of a matrix: zeros above the ``k``-th diagonal.
-> A tensor like ``x``.
>! ops.tril([[1, 2], [3, 4]])
[[1 0]
 [3 4]]

== triu
Upper triangle of a matrix: zeros below the ``k``-th diagonal.
-> A tensor like ``x``.
>! ops.triu([[1, 2], [3, 4]])
[[1 2]
 [0 4]]

== true_divide
True division, elementwise (alias of ``divide``).
|F
-> ``x1 / x2``.
>! ops.true_divide([1, 3], 2)
[0.5 1.5]

== trunc
Round towards zero, elementwise.
|K
-> The truncated values.
>! ops.trunc([1.7, -1.7])
[ 1. -1.]

== unique
Sorted unique elements of a tensor, optionally with indices and counts.
| Use ``size`` (with ``fill_value``) to get a static result shape inside ``jit``.
|I
@sorted: Whether to sort the unique values (they always are on most backends).
@return_index: Also return the index of the first occurrence of each value.
@return_inverse: Also return, for each input element, the index of its unique value.
@return_counts: Also return how often each value occurs.
@axis: Axis to find unique slices along; ``None`` flattens ``x``.
@size: Fixed length of the result, padded with ``fill_value`` or truncated.
@fill_value: Padding value when ``size`` exceeds the number of unique values.
-> The unique values, or a tuple with the requested extra ``int32`` tensors.
>! ops.unique([3, 1, 3, 2])
[1 2 3]
>> values, counts = ops.unique([3, 1, 3], return_counts=True)
>! counts
[1 2]

== unravel_index
Convert flat indices into tuples of coordinates for a given shape.
|I
@indices: Flat integer indices.
@shape: Shape of the array the indices refer to.
-> A tuple of ``int32`` tensors, one per dimension of ``shape``.
>> rows, cols = ops.unravel_index([1, 5], (2, 3))
>! rows
[0 1]
>! cols
[1 2]

== vander
Vandermonde matrix: columns are powers of ``x``.
@x: 1-D input.
@N: Number of columns; ``None`` means ``len(x)``.
@increasing: If ``True``, powers increase from left to right.
-> A 2-D tensor.
>! ops.vander([1, 2, 3])
[[1 1 1]
 [4 2 1]
 [9 3 1]]

== var
Variance along an axis (population: divides by ``n``).
|A
|F
-> The variances.
>! ops.var([1.0, 3.0])
1.0

== vdot
Dot product of two flattened arrays (conjugating ``x1`` when complex).
@x1: First array (flattened).
@x2: Second array (flattened), with as many elements as ``x1``.
|R
-> A scalar.
>! ops.vdot([[1, 2], [3, 4]], [[1, 1], [1, 1]])
10

== vectorize
Return ``pyfunc`` vectorized over the broadcast leading axes of its inputs, as ``np.vectorize``.
| Without ``signature`` every input is a scalar core; with a generalized-ufunc signature such
    as ``"(m,n),(n)->(m)"`` each input's trailing axes are its core and their sizes must agree
    per name. The leading ("loop") axes broadcast together and are mapped over with
    ``vectorized_map``. Positional arguments whose index, and keyword arguments whose name, is
    in ``excluded`` reach ``pyfunc`` unchanged.
@pyfunc: Function of core-shaped tensors.
@excluded: Set of positional indices and keyword names not to vectorize.
@signature: Generalized-ufunc signature, ``None`` for scalar cores.
-> A function with the arguments of ``pyfunc``.
>> matvec = ops.vectorize(ops.matmul, signature="(m,n),(n)->(m)")
>! matvec(ops.ones((4, 2, 3)), ops.arange(3.0))[0]
[3. 3.]

== view
Reinterpret the bytes of ``x`` as another dtype, without copying values.
@dtype: Dtype to view the data as; ``None`` keeps the dtype.
-> A tensor sharing the bit pattern of ``x``.
>! ops.view(ops.convert_to_tensor([1.0], dtype="float32"), "int32")
[1065353216]

== vsplit
Split vertically (along axis 0).
@x: Tensor of rank >= 2.
-> A list of tensors.
>> parts = ops.vsplit([[1, 2], [3, 4]], 2)
>> [ops.convert_to_numpy(p).tolist() for p in parts]
[[[1, 2]], [[3, 4]]]

== vstack
Stack arrays vertically (along axis 0; 1-D inputs become rows).
|R
-> The stacked tensor.
>! ops.vstack([[1, 2], [3, 4]])
[[1 2]
 [3 4]]

== where
Choose from ``x1`` where ``condition`` is true, else from ``x2``.
| With only ``condition``, returns its non-zero indices like ``nonzero``.
|R
@condition: Boolean array.
@x1: Values where ``condition`` is true.
@x2: Values where ``condition`` is false.
-> The chosen elements (broadcast shape of the three inputs).
>! ops.where([True, False, True], [1, 2, 3], [10, 20, 30])
[ 1 20  3]

== zeros
Create a tensor of zeros.
|C
-> A tensor of shape ``shape``.
>! ops.zeros((2,))
[0. 0.]
>> ops.dtype(ops.zeros((2,)))
'float32'

== zeros_like
Create a tensor of zeros with the shape of ``x``.
@dtype: Dtype of the result; ``None`` keeps the dtype of ``x``.
-> A tensor like ``x``.
>! ops.zeros_like([[1, 2]])
[[0 0]]
"""

# Section nn.
_NN = """
== adaptive_average_pool
Average pooling to a fixed output size, whatever the input size.
| Each output cell averages a window computed from the ratio of input to output size (as in
    PyTorch's adaptive pooling).
|D
@inputs: Tensor ``(batch, *spatial, channels)`` (or channels first).
@output_size: Spatial size of the result (int or tuple, one per spatial axis).
-> The pooled tensor.
>> x = ops.reshape(ops.arange(16.0), (1, 4, 4, 1))
>! ops.adaptive_average_pool(x, 2, data_format="channels_last")[0, :, :, 0]
[[ 2.5  4.5]
 [10.5 12.5]]

== adaptive_max_pool
Max pooling to a fixed output size, whatever the input size.
|D
@inputs: Tensor ``(batch, *spatial, channels)`` (or channels first).
@output_size: Spatial size of the result (int or tuple, one per spatial axis).
-> The pooled tensor.
>> x = ops.reshape(ops.arange(16.0), (1, 4, 4, 1))
>! ops.adaptive_max_pool(x, 2, data_format="channels_last")[0, :, :, 0]
[[ 5.  7.]
 [13. 15.]]

== average_pool
Average pooling over sliding windows.
|D
@inputs: Tensor ``(batch, *spatial, channels)`` (or channels first), 1 to 3 spatial axes.
@strides: Step of the window; ``None`` means ``pool_size``.
-> The pooled tensor.
>> x = ops.reshape(ops.arange(4.0), (1, 4, 1))
>! ops.average_pool(x, 2, strides=2, data_format="channels_last")[0, :, 0]
[0.5 2.5]

== batch_normalization
Normalize ``x`` with given mean and variance, then scale and shift.
| Computes ``(x - mean) / sqrt(variance + epsilon) * scale + offset``; the statistics have the
    size of ``x`` along ``axis``.
@x: Input tensor.
@mean: Mean along ``axis``.
@variance: Variance along ``axis``.
@axis: The feature axis the statistics refer to.
@offset: Optional shift (``beta``).
@scale: Optional multiplier (``gamma``).
@epsilon: Small constant added to the variance.
-> The normalized tensor.
>~ ops.batch_normalization([[1.0, 4.0]], [1.0, 2.0], [4.0, 1.0], axis=-1, epsilon=0.0)
[[0. 2.]]

== binary_crossentropy
Binary cross-entropy between targets and predictions, elementwise.
| Probabilities are clipped to ``[epsilon, 1 - epsilon]`` before the logarithm.
@target: Targets in ``[0, 1]``.
@output: Predicted probabilities, or logits when ``from_logits=True``.
-> The loss of each element (no reduction).
>~ ops.binary_crossentropy([1.0, 0.0], [0.5, 0.5])
[0.6931 0.6931]

== categorical_crossentropy
Cross-entropy between one-hot (or soft) targets and predicted distributions.
@target: Target distributions, same shape as ``output``.
@output: Predicted probabilities (normalized along ``axis``), or logits when
    ``from_logits=True``.
@axis: The class axis.
-> The loss of each sample (``axis`` removed).
>~ ops.categorical_crossentropy([[0.0, 1.0]], [[0.5, 0.5]])
[0.6931]

== celu
Continuously differentiable exponential linear unit.
| ``max(x, 0) + min(0, alpha * (exp(x / alpha) - 1))``.
|F
@alpha: Scale of the negative part.
-> The activations.
>~ ops.celu([-1.0, 0.0, 2.0])
[-0.6321  0.      2.    ]

== conv
N-D convolution (1-D to 3-D), as in Keras ``Conv`` layers.
| The kernel layout is ``(*spatial, in_channels, out_channels)`` whatever the ``data_format``.
    It is a cross-correlation (the kernel is not flipped).
|D
@inputs: Tensor ``(batch, *spatial, channels)`` (or channels first).
@kernel: Kernel ``(*spatial, in_channels, out_channels)``.
-> The convolved tensor.
>> x = ops.reshape(ops.arange(4.0), (1, 4, 1))
>> k = ops.reshape(ops.convert_to_tensor([1.0, 1.0]), (2, 1, 1))
>! ops.conv(x, k, data_format="channels_last")[0, :, 0]
[1. 3. 5.]

== conv_transpose
Transposed convolution (the gradient of ``conv`` with respect to its input).
| The kernel layout is ``(*spatial, out_channels, in_channels)``.
|D
@inputs: Tensor ``(batch, *spatial, channels)`` (or channels first).
@kernel: Kernel ``(*spatial, out_channels, in_channels)``.
@output_padding: Extra size added to one side of each spatial output axis; ``None`` infers it.
-> The upsampled tensor.
>> x = ops.reshape(ops.convert_to_tensor([1.0, 2.0]), (1, 2, 1))
>> k = ops.reshape(ops.convert_to_tensor([1.0, 1.0]), (2, 1, 1))
>! ops.conv_transpose(x, k, strides=2, data_format="channels_last")[0, :, 0]
[1. 1. 2. 2.]

== ctc_decode
Decode CTC model outputs into label sequences, greedily or with a beam search.
| ``inputs`` are logits ``(batch, max_time, num_classes)``; item ``b`` reads its first
    ``sequence_lengths[b]`` steps (lengths are clipped to ``[0, max_time]``). ``mask_index`` is
    the blank class (``None`` is the last class, a negative index counts from the end).
| Greedy: the most likely class at each step (the lowest index on ties); with ``merge_repeated``
    consecutive equal classes collapse to one, then blanks are dropped. The score is minus the sum
    over the steps of the largest logit (the logits are not normalized), as in Keras 3.
| Beam search: a CTC prefix beam search over ``log_softmax(inputs)`` that keeps the
    ``beam_width`` most probable label sequences after each step; a score is the log probability
    of the sequence summed over its alignments. Labels repeated across a blank stay separate and
    ``merge_repeated`` does not apply (as in Keras 3). Equal probabilities are ordered the same way
    on every backend. When fewer than ``top_paths`` sequences have a nonzero probability, the rest
    decode to ``-1`` with a score of ``-inf``.
| ``decoded`` is ``int32``; integer inputs give ``floatx()`` scores, float inputs keep their dtype.
@inputs: Logits ``(batch, max_time, num_classes)``.
@sequence_lengths: Number of valid steps of each item, ``(batch,)``.
@strategy: ``"greedy"`` or ``"beam_search"``.
@beam_width: Hypotheses kept after each step (beam search only).
@top_paths: Number of paths returned, at most ``beam_width`` (beam search only; greedy returns
    one path).
@merge_repeated: Greedy only: collapse consecutive repeats of a class.
@mask_index: Class index of the blank label; ``None`` is the last class.
-> ``(decoded, scores)``: ``decoded`` of shape ``(top_paths, batch, max_time)`` holds the labels
    padded with ``-1``; ``scores`` has shape ``(batch, top_paths)``.
>> logits = ops.convert_to_tensor([[[0.0, 2.0, 0.0], [0.0, 2.0, 0.0], [2.0, 0.0, 0.0], [0.0, 0.0, 2.0]]])
>> decoded, scores = ops.ctc_decode(logits, [4])
>! decoded
[[[ 1  2 -1 -1]]]
>! scores
[[-8.]]
>> paths, log_probs = ops.ctc_decode(logits, [4], strategy="beam_search", beam_width=4, top_paths=2)
>! paths[:, 0]
[[ 1  2 -1 -1]
 [ 1 -1 -1 -1]]

== ctc_loss
Connectionist temporal classification loss per batch element.
@target: Integer labels ``(batch, max_label_length)``.
@output: Logits ``(batch, max_time, num_classes)``.
@target_length: Length of each label sequence ``(batch,)``.
@output_length: Length of each output sequence ``(batch,)``.
@mask_index: Class index of the blank label.
-> Loss of shape ``(batch,)``.
>> logits = ops.zeros((1, 2, 2))
>~ ops.ctc_loss([[1]], logits, [1], [2], mask_index=0)
[0.2877]

== depth_to_space
Move blocks of channels into spatial blocks (the inverse of ``space_to_depth``).
@x: Tensor of rank 4.
@block_size: Side of the spatial block; channels must be divisible by ``block_size ** 2``.
@data_format: ``"channels_last"`` or ``"channels_first"``.
-> A tensor ``block_size`` times larger in height and width.
>> x = ops.reshape(ops.arange(4), (1, 1, 1, 4))
>! ops.depth_to_space(x, 2)[0, :, :, 0]
[[0 1]
 [2 3]]

== depthwise_conv
Depthwise convolution: each input channel is convolved with its own filters.
|D
@inputs: Tensor ``(batch, *spatial, channels)`` (or channels first).
@kernel: Kernel ``(*spatial, in_channels, channel_multiplier)``.
-> A tensor with ``in_channels * channel_multiplier`` channels.
>> x = ops.reshape(ops.arange(4.0), (1, 4, 1))
>> k = ops.reshape(ops.convert_to_tensor([1.0, -1.0]), (2, 1, 1))
>! ops.depthwise_conv(x, k, data_format="channels_last")[0, :, 0]
[-1. -1. -1.]

== dot_product_attention
Scaled dot-product attention: ``softmax(query @ key^T * scale + bias) @ value``.
| Inputs are ``(batch, seq_len, num_heads, head_dim)``. Masked positions (``False`` in ``mask``)
    get no weight.
@query: Queries ``(batch, q_len, heads, dim)``.
@key: Keys ``(batch, kv_len, heads, dim)``.
@value: Values ``(batch, kv_len, heads, dim)``.
@bias: Optional additive bias broadcast against the logits ``(batch, heads, q_len, kv_len)``.
@mask: Optional boolean mask broadcast like ``bias``; ``True`` means attend.
@scale: Logit scale; ``None`` means ``1 / sqrt(dim)``.
| ``flash_attention`` picks the kernel, never the result: ``None`` lets the backend choose
    (``False`` after ``multikeras.config.disable_flash_attention()``), ``False`` never uses a
    flash kernel, ``True`` uses one or raises ``multikeras.backend.KernelUnavailableError``
    (a ``RuntimeError`` and a ``ValueError``) naming the backend, the inputs received and what
    the kernel needs. Flash kernels: torch's (``F.scaled_dot_product_attention``; torch 2.13
    has one on CPU for every float dtype; on CUDA it needs float16/bfloat16 and neither
    ``bias`` nor ``mask``) and jax's cuDNN one (a CUDA GPU, float16/bfloat16, cuDNN's head-size
    limits); numpy and tensorflow have none. No flash kernel applies ``attn_logits_soft_cap``.
@is_causal: If ``True``, each query attends only to keys at or before its position.
@flash_attention: ``True``, ``False`` or ``None`` (see above).
@attn_logits_soft_cap: If set, logits are soft-capped with ``cap * tanh(logits / cap)``.
-> Attention output with the shape of ``query``.
>> q = ops.ones((1, 1, 1, 2))
>> k = ops.ones((1, 2, 1, 2))
>> v = ops.reshape(ops.convert_to_tensor([1.0, 2.0, 3.0, 4.0]), (1, 2, 1, 2))
>! ops.dot_product_attention(q, k, v)[0, 0, 0]
[2. 3.]
>> from multikeras.backend import KernelUnavailableError
>> try:
..     out = ops.dot_product_attention(q, k, v, flash_attention=True)
.. except KernelUnavailableError:  # this backend has no flash kernel for these inputs
..     out = ops.dot_product_attention(q, k, v, flash_attention=False)
>! out[0, 0, 0]
[2. 3.]

== elu
Exponential linear unit: ``x`` for ``x > 0``, ``alpha * (exp(x) - 1)`` otherwise.
|F
@alpha: Scale of the negative part.
-> The activations.
>~ ops.elu([-1.0, 0.0, 2.0])
[-0.6321  0.      2.    ]

== fold
Sum sliding blocks back into images: the adjoint of ``unfold``.
| ``x`` has shape ``(batch, channels * kh * kw, blocks)`` with the layout ``unfold`` gives;
    overlapping values add up (booleans combine with ``or``).
|K
@x: Blocks, ``(batch, channels * kh * kw, blocks)``.
@output_size: Spatial size ``(height, width)`` of the result (an int for both).
@kernel_size: Window size (int or pair).
@dilation: Spacing between window taps (int or pair).
@padding: Zero padding on both sides of each spatial axis, removed from the result (int or pair).
@stride: Step between windows (int or pair).
-> Images ``(batch, channels, height, width)``.
>! ops.fold(ops.ones((1, 4, 9)), (4, 4), 2)[0, 0]
[[1. 2. 2. 1.]
 [2. 4. 4. 2.]
 [2. 4. 4. 2.]
 [1. 2. 2. 1.]]

== gelu
Gaussian error linear unit.
|F
@approximate: If ``True``, use the tanh approximation; otherwise the exact erf form.
-> The activations.
>~ ops.gelu([-1.0, 0.0, 1.0], approximate=False)
[-0.1587  0.      0.8413]

== glu
Gated linear unit: ``a * sigmoid(b)`` for the two halves ``a, b`` of ``x``.
| ``x`` is split in two equal halves along ``axis``.
|F
@axis: Axis to split (its size must be even).
-> A tensor half as large along ``axis``.
>~ ops.glu([[1.0, 2.0, 0.0, 0.0]])
[[0.5 1. ]]

== hard_shrink
Hard shrinkage: ``x`` where ``|x| > threshold``, 0 elsewhere.
|F
@threshold: Values with magnitude at most this become 0.
-> The shrunk values.
>! ops.hard_shrink([-1.0, 0.25, 2.0])
[-1.  0.  2.]

== hard_sigmoid
Piecewise-linear approximation of the sigmoid: ``relu6(x + 3) / 6``.
|F
-> Values in ``[0, 1]``.
>~ ops.hard_sigmoid([-4.0, 0.0, 1.5])
[0.   0.5  0.75]

== hard_silu
Hard SiLU (hard swish): ``x * hard_sigmoid(x)``.
|F
-> The activations.
>~ ops.hard_silu([-1.0, 0.0, 3.0])
[-0.3333  0.      3.    ]

== hard_swish
Hard swish, alias of ``hard_silu``.
|F
-> The activations.
>~ ops.hard_swish([-1.0, 0.0, 3.0])
[-0.3333  0.      3.    ]

== hard_tanh
Clip values to ``[-1, 1]``.
|F
-> The activations.
>! ops.hard_tanh([-2.0, 0.5, 3.0])
[-1.   0.5  1. ]

== layer_normalization
Normalize over ``axis`` to zero mean and unit variance, then scale and shift.
@x: Input tensor.
@gamma: Optional scale, broadcast along ``axis``.
@beta: Optional shift, broadcast along ``axis``.
@axis: Axis (or axes) to normalize over.
@epsilon: Small constant added to the variance; ``None`` uses ``multikeras.config.epsilon()``.
-> The normalized tensor.
>~ ops.layer_normalization([[1.0, 3.0]], epsilon=0.0)
[[-1.  1.]]

== leaky_relu
Leaky ReLU: ``x`` for ``x >= 0``, ``negative_slope * x`` otherwise.
|F
@negative_slope: Slope of the negative part.
-> The activations.
>~ ops.leaky_relu([-1.0, 2.0])
[-0.2  2. ]

== log_sigmoid
Logarithm of the sigmoid, computed stably: ``-softplus(-x)``.
|F
-> The activations (all <= 0).
>~ ops.log_sigmoid([0.0, 1.0])
[-0.6931 -0.3133]

== log_softmax
Logarithm of ``softmax`` along an axis, computed stably.
|F
@axis: Axis holding the classes.
-> Log-probabilities.
>~ ops.log_softmax([0.0, 0.0])
[-0.6931 -0.6931]

== max_pool
Max pooling over sliding windows.
|D
@inputs: Tensor ``(batch, *spatial, channels)`` (or channels first), 1 to 3 spatial axes.
@strides: Step of the window; ``None`` means ``pool_size``.
-> The pooled tensor.
>> x = ops.reshape(ops.convert_to_tensor([1.0, 3.0, 2.0, 0.0]), (1, 4, 1))
>! ops.max_pool(x, 2, strides=2, data_format="channels_last")[0, :, 0]
[3. 2.]

== moments
Mean and variance of ``x`` over ``axes``.
|F
@axes: Axes to reduce over.
-> A tuple ``(mean, variance)``.
>> mean, variance = ops.moments([1.0, 2.0, 3.0, 6.0], axes=(0,))
>! mean
3.0
>! variance
3.5

== multi_hot
Encode integer labels as multi-hot vectors (several ones per row).
@inputs: Integer labels ``(..., n)``; the ``n`` labels of a row set ones in the same vector.
@num_classes: Length of the encoding.
@axis: Position of the class axis in the result.
@dtype: Dtype of the result; ``None`` means ``floatx()``.
-> A tensor with the last label axis replaced by ``num_classes``.
>! ops.multi_hot([[0, 2]], 4)
[[1. 0. 1. 0.]]

== normalize
Scale ``x`` to unit ``order``-norm along an axis.
|F
@axis: Axis along which to compute the norm.
@order: Order of the norm (2 for Euclidean).
@epsilon: Lower bound on the norm to avoid division by zero; ``None`` uses
    ``multikeras.config.epsilon()``.
-> The normalized tensor.
>~ ops.normalize([[3.0, 4.0]])
[[0.6 0.8]]

== one_hot
Encode integer labels as one-hot vectors.
| Labels outside ``[0, num_classes)`` give all-zero vectors.
@x: Integer labels.
@num_classes: Length of the encoding.
@axis: Position of the class axis in the result.
@dtype: Dtype of the result; ``None`` means ``floatx()``.
-> A tensor with one more axis of size ``num_classes``.
>! ops.one_hot([0, 2], 3)
[[1. 0. 0.]
 [0. 0. 1.]]

== polar
Build complex numbers from magnitudes and angles: ``abs_ * exp(1j * angle)``.
@abs_: Magnitudes.
@angle: Angles in radians.
-> A complex tensor.
>> z = ops.convert_to_numpy(ops.polar([2.0], [0.0]))
>> z.real.tolist(), z.imag.tolist()
([2.0], [0.0])

== psnr
Peak signal-to-noise ratio between two images, in decibels.
@x1: First image batch.
@x2: Second image batch, same shape.
@max_val: Largest possible pixel value (for example 1.0 or 255).
-> A scalar.
>~ ops.psnr(ops.zeros((1, 2, 2, 1)), ops.full((1, 2, 2, 1), 0.1), 1.0)
20.0

== relu
Rectified linear unit: ``max(x, 0)``.
|F
-> The activations.
>! ops.relu([-1.0, 0.0, 2.0])
[0. 0. 2.]

== relu6
ReLU capped at 6: ``min(max(x, 0), 6)``.
|F
-> The activations.
>! ops.relu6([-1.0, 3.0, 8.0])
[0. 3. 6.]

== rms_normalization
Divide by the root mean square over ``axis``, then scale.
@scale: Optional multiplier, broadcast along ``axis``.
@axis: Axis (or axes) to normalize over.
@epsilon: Small constant added to the mean square; ``None`` uses
    ``multikeras.config.epsilon()``.
-> The normalized tensor.
>~ ops.rms_normalization([[3.0, 4.0]], epsilon=0.0)
[[0.8485 1.1314]]

== selu
Scaled exponential linear unit, with the self-normalizing constants.
|F
-> The activations.
>~ ops.selu([-1.0, 0.0, 1.0])
[-1.1113  0.      1.0507]

== separable_conv
Depthwise convolution followed by a pointwise (1x1) convolution.
|D
@inputs: Tensor ``(batch, *spatial, channels)`` (or channels first).
@depthwise_kernel: Kernel ``(*spatial, in_channels, channel_multiplier)``.
@pointwise_kernel: Kernel ``(*ones, in_channels * channel_multiplier, out_channels)``.
-> The convolved tensor.
>> x = ops.reshape(ops.arange(4.0), (1, 4, 1))
>> dk = ops.reshape(ops.convert_to_tensor([1.0, 1.0]), (2, 1, 1))
>> pk = ops.reshape(ops.convert_to_tensor([2.0]), (1, 1, 1))
>! ops.separable_conv(x, dk, pk, data_format="channels_last")[0, :, 0]
[ 2.  6. 10.]

== sigmoid
Logistic sigmoid ``1 / (1 + exp(-x))``.
|F
-> Values in ``(0, 1)``.
>~ ops.sigmoid([0.0, 2.0])
[0.5    0.8808]

== silu
Sigmoid linear unit (swish): ``x * sigmoid(x)``.
|F
-> The activations.
>~ ops.silu([0.0, 2.0])
[0.     1.7616]

== soft_shrink
Soft shrinkage: move values towards 0 by ``threshold``, zeroing those within it.
|F
@threshold: Amount subtracted from the magnitude.
-> The shrunk values.
>! ops.soft_shrink([-1.0, 0.25, 2.0])
[-0.5  0.   1.5]

== softmax
Softmax along an axis: ``exp(x) / sum(exp(x))``, computed stably.
|F
@axis: Axis (or axes) to normalize over.
-> Probabilities summing to 1 along ``axis``.
>~ ops.softmax([0.0, 0.0, 0.0, 0.0])
[0.25 0.25 0.25 0.25]

== softplus
``log(1 + exp(x))``, computed stably.
|F
-> The activations (all > 0).
>~ ops.softplus([0.0, 1.0])
[0.6931 1.3133]

== softsign
``x / (1 + |x|)``.
|F
-> Values in ``(-1, 1)``.
>! ops.softsign([-1.0, 3.0])
[-0.5   0.75]

== space_to_depth
Move spatial blocks into channels (the inverse of ``depth_to_space``).
@x: Tensor of rank 4.
@block_size: Side of the spatial block; height and width must be divisible by it.
@data_format: ``"channels_last"`` or ``"channels_first"``.
-> A tensor with ``block_size ** 2`` times more channels.
>> x = ops.reshape(ops.arange(4), (1, 2, 2, 1))
>! ops.space_to_depth(x, 2)[0, 0, 0]
[0 1 2 3]

== sparse_categorical_crossentropy
Cross-entropy between integer class labels and predicted distributions.
@target: Integer class labels, shape of ``output`` without ``axis``.
@output: Predicted probabilities, or logits when ``from_logits=True``.
@axis: The class axis of ``output``.
-> The loss of each sample.
>~ ops.sparse_categorical_crossentropy([1], [[0.5, 0.5]])
[0.6931]

== sparse_plus
Smooth ReLU: 0 below -1, ``(x + 1) ** 2 / 4`` between -1 and 1, ``x`` above 1.
|F
-> The activations.
>! ops.sparse_plus([-2.0, 0.0, 2.0])
[0.   0.25 2.  ]

== sparse_sigmoid
Piecewise-linear sigmoid: 0 below -1, ``(x + 1) / 2`` between -1 and 1, 1 above.
|F
-> Values in ``[0, 1]``.
>! ops.sparse_sigmoid([-2.0, 0.0, 2.0])
[0.  0.5 1. ]

== sparsemax
Sparsemax: Euclidean projection of ``x`` onto the probability simplex.
| Unlike ``softmax``, many outputs are exactly 0.
|F
@axis: Axis to normalize over.
-> Probabilities summing to 1 along ``axis``.
>! ops.sparsemax([0.0, 1.0, 3.0])
[0. 0. 1.]

== squareplus
Squareplus: ``(x + sqrt(x ** 2 + b)) / 2``, a smooth ReLU.
|F
@b: Smoothness parameter (non-negative).
-> The activations.
>! ops.squareplus([0.0, 1.5])
[1. 2.]

== swish
Swish, alias of ``silu``: ``x * sigmoid(x)``.
|F
-> The activations.
>~ ops.swish([0.0, 2.0])
[0.     1.7616]

== tanh_shrink
``x - tanh(x)``.
|F
-> The activations.
>~ ops.tanh_shrink([0.0, 1.0])
[0.     0.2384]

== threshold
Keep ``x`` where it is greater than ``threshold``, else use ``default_value``.
@threshold: Values at or below this are replaced.
@default_value: Replacement value.
-> The thresholded tensor.
>! ops.threshold([0.5, 2.0], 1.0, 0.0)
[0. 2.]

== unfold
Extract sliding blocks of ``(batch, channels, height, width)`` images, as ``torch.nn.functional.unfold``.
| The result has shape ``(batch, channels * kh * kw, blocks)``: channel-major, then kernel row
    and column; blocks run over the output positions row by row. A window that does not fit in
    the padded input raises ``ValueError``.
|K
@x: Images ``(batch, channels, height, width)``.
@kernel_size: Window size (int or pair).
@dilation: Spacing between window taps (int or pair).
@padding: Zero padding on both sides of each spatial axis (int or pair).
@stride: Step between windows (int or pair).
-> The blocks, ``(batch, channels * kh * kw, blocks)``.
>! ops.unfold(ops.reshape(ops.arange(9.0), (1, 1, 3, 3)), 2)[0]
[[0. 1. 3. 4.]
 [1. 2. 4. 5.]
 [3. 4. 6. 7.]
 [4. 5. 7. 8.]]
"""

# Section linalg, math and image.
_LINALG_MATH_IMAGE = """

== cholesky
Cholesky factor of a symmetric (Hermitian) positive-definite matrix.
@x: Matrix ``(..., n, n)``.
@upper: If ``True``, return the upper factor ``U`` with ``x = U^T U``; else the lower ``L`` with
    ``x = L L^T``.
-> The triangular factor.
>! ops.cholesky([[4.0, 2.0], [2.0, 2.0]])
[[2. 0.]
 [1. 1.]]

== cholesky_inverse
Inverse of a matrix given its Cholesky factor.
@x: Triangular Cholesky factor ``(..., n, n)``.
@upper: Whether ``x`` is the upper factor.
-> The inverse of ``L L^T`` (or ``U^T U``).
>~ ops.cholesky_inverse([[2.0, 0.0], [1.0, 1.0]])
[[ 0.5 -0.5]
 [-0.5  1. ]]

== det
Determinant of square matrices.
@x: Matrix ``(..., n, n)``.
-> The determinants, shape ``(...)``.
>~ ops.det([[1.0, 2.0], [3.0, 4.0]])
-2.0

== eig
Eigenvalues and right eigenvectors of a general square matrix.
| The results are complex in general; their order is not specified.
@x: Matrix ``(..., n, n)``.
-> A tuple ``(eigenvalues, eigenvectors)``; column ``i`` of ``eigenvectors`` belongs to
    ``eigenvalues[i]``.
>> w, v = ops.eig([[2.0, 0.0], [0.0, 3.0]])
>> sorted(ops.convert_to_numpy(w).real.tolist())
[2.0, 3.0]

== eigh
Eigenvalues (ascending) and eigenvectors of a symmetric (Hermitian) matrix.
@x: Symmetric matrix ``(..., n, n)``.
-> A tuple ``(eigenvalues, eigenvectors)``.
>> w, v = ops.eigh([[2.0, 1.0], [1.0, 2.0]])
>~ w
[1. 3.]

== inv
Inverse of square matrices.
@x: Invertible matrix ``(..., n, n)``.
-> The inverses.
>~ ops.inv([[2.0, 0.0], [0.0, 4.0]])
[[0.5  0.  ]
 [0.   0.25]]

== jvp
Jacobian-vector product of ``fun`` at ``primals`` along ``tangents`` (forward mode).
| Needs a backend that can differentiate; the numpy backend raises ``CapabilityError``.
@fun: Function of the primals.
@primals: Tuple or list of inputs to ``fun``.
@tangents: Tangent vectors, structured like ``primals``.
@has_aux: If ``True``, ``fun`` returns ``(output, aux)`` and ``aux`` is returned too.
-> ``(output, jvp_out)``, or ``(output, jvp_out, aux)`` with ``has_aux``.
>> from multikeras.backend import CapabilityError
>> try:
..     out, tangent = ops.jvp(ops.square, (ops.convert_to_tensor(3.0),), (ops.convert_to_tensor(1.0),))
..     print(ops.convert_to_numpy(tangent))
.. except CapabilityError:
..     print(6.0)
6.0

== lstsq
Least-squares solution of ``a @ x = b``.
@a: Coefficient matrix ``(m, n)``.
@b: Right-hand side ``(m,)`` or ``(m, k)``.
@rcond: Cut-off for small singular values of ``a``; ``None`` uses a machine-precision default.
-> The solution ``x`` minimising ``|b - a @ x|``.
>~ ops.lstsq([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]], [1.0, 2.0, 5.0])
[1. 2.]

== lu_factor
LU factorization with partial pivoting, in compact form.
@x: Square matrix ``(..., n, n)``.
-> A tuple ``(lu, pivots)``: ``L`` (unit diagonal) and ``U`` packed in one matrix, and the row
    pivot indices.
>> lu, pivots = ops.lu_factor([[1.0, 2.0], [3.0, 4.0]])
>~ lu
[[3.     4.    ]
 [0.3333 0.6667]]

== matrix_rank
Rank of a matrix, counting singular values above a tolerance.
@x: Matrix ``(..., m, n)``.
@tol: Threshold for singular values; ``None`` uses a machine-precision default.
-> The ranks (integers).
>! ops.matrix_rank([[1.0, 2.0], [2.0, 4.0]])
1

== norm
Matrix or vector norm.
| With ``axis=None``, a 1-D input gets the vector 2-norm, a 2-D input the Frobenius norm.
|F
@ord: Order of the norm (``None``, ``"fro"``, ``"nuc"``, ``inf``, ``-inf``, or a number).
@axis: ``None``, an int (vector norms) or a pair of ints (matrix norms).
-> The norms.
>! ops.norm([3.0, 4.0])
5.0
>! ops.norm([[1.0, -2.0], [3.0, 0.0]], ord=1)
4.0

== pinv
Moore-Penrose pseudo-inverse.
@x: Matrix ``(..., m, n)``.
@rcond: Relative cut-off for small singular values; ``None`` uses a default.
-> Matrix ``(..., n, m)``.
>~ ops.pinv([[2.0, 0.0], [0.0, 0.0]])
[[0.5 0. ]
 [0.  0. ]]

== qr
QR decomposition.
@x: Matrix ``(..., m, n)``.
@mode: ``"reduced"`` (``q`` is ``(m, k)``, ``k = min(m, n)``) or ``"complete"`` (``q`` is ``(m,
    m)``).
-> A tuple ``(q, r)``.
>> q, r = ops.qr([[3.0, 0.0], [4.0, 0.0], [0.0, 1.0]])
>> ops.shape(q), ops.shape(r)
((3, 2), (2, 2))
>~ ops.abs(r)
[[5. 0.]
 [0. 1.]]

== solve
Solve the linear system ``a @ x = b``.
@a: Square matrix ``(..., n, n)``.
@b: Right-hand side ``(..., n)`` or ``(..., n, k)``.
-> The solution ``x``.
>~ ops.solve([[2.0, 0.0], [0.0, 4.0]], [2.0, 2.0])
[1.  0.5]

== solve_triangular
Solve ``a @ x = b`` for a triangular ``a``.
@a: Triangular matrix ``(..., n, n)``.
@b: Right-hand side.
@lower: ``True`` if ``a`` is lower triangular, ``False`` if upper.
-> The solution ``x``.
>~ ops.solve_triangular([[1.0, 0.0], [1.0, 1.0]], [1.0, 3.0], lower=True)
[1. 2.]

== svd
Singular value decomposition ``x = u @ diag(s) @ vh``.
@x: Matrix ``(..., m, n)``.
@full_matrices: If ``True``, ``u`` and ``vh`` are square; else reduced to ``min(m, n)``.
@compute_uv: If ``False``, return only the singular values.
-> ``(u, s, vh)``, or ``s`` when ``compute_uv`` is ``False``; ``s`` is descending.
>~ ops.svd([[3.0, 0.0], [0.0, -4.0]], compute_uv=False)
[4. 3.]

== erf
Error function, elementwise.
|F
-> Values in ``(-1, 1)``.
>~ ops.erf([0.0, 1.0])
[0.     0.8427]

== erfc
Complementary error function ``1 - erf(x)``, elementwise.
|F
-> Values in ``(0, 2)``.
>~ ops.erfc([0.0, 1.0])
[1.     0.1573]

== erfinv
Inverse error function, elementwise.
|F
@x: Values in ``[-1, 1]``.
-> The values ``y`` with ``erf(y) == x``.
>~ ops.erfinv([0.0, 0.5])
[0.     0.4769]

== extract_sequences
Split the last axis into overlapping frames.
@x: Tensor ``(..., length)``.
@sequence_length: Length of each frame.
@sequence_stride: Step between frame starts.
-> Tensor ``(..., num_frames, sequence_length)``.
>! ops.extract_sequences([1, 2, 3, 4, 5], 3, 2)
[[1 2 3]
 [3 4 5]]

== fft
Fast Fourier transform along the last axis.
| Complex numbers are passed as a pair ``(real, imag)`` of float tensors.
@x: Tuple ``(real, imag)`` of tensors of the same shape.
-> Tuple ``(real, imag)`` of the transform.
>> real, imag = ops.fft((ops.convert_to_tensor([1.0, 0.0, 0.0, 0.0]), ops.zeros((4,))))
>! real
[1. 1. 1. 1.]
>! imag
[0. 0. 0. 0.]

== fft2
2-D fast Fourier transform over the last two axes.
@x: Tuple ``(real, imag)`` of tensors of rank >= 2.
-> Tuple ``(real, imag)`` of the transform.
>> real, imag = ops.fft2((ops.ones((2, 2)), ops.zeros((2, 2))))
>! real
[[4. 0.]
 [0. 0.]]

== ifft2
Inverse 2-D fast Fourier transform over the last two axes.
@x: Tuple ``(real, imag)`` of tensors of rank >= 2.
-> Tuple ``(real, imag)`` of the inverse transform.
>> real, imag = ops.ifft2((ops.convert_to_tensor([[4.0, 0.0], [0.0, 0.0]]), ops.zeros((2, 2))))
>! real
[[1. 1.]
 [1. 1.]]

== in_top_k
Test whether each target class is among the ``k`` highest predictions.
@targets: Integer class of each sample ``(batch,)``.
@predictions: Scores ``(batch, num_classes)``.
@k: Number of top classes to consider.
-> A boolean tensor ``(batch,)``.
>! ops.in_top_k([1, 0], [[0.1, 0.9, 0.0], [0.2, 0.5, 0.3]], 2)
[ True False]

== irfft
Inverse of ``rfft``: real signal from the non-negative frequency terms.
@x: Tuple ``(real, imag)`` of the half spectrum.
@fft_length: Length of the output signal; ``None`` means ``2 * (n - 1)``.
-> Real tensor.
>! ops.irfft((ops.convert_to_tensor([4.0, 0.0, 0.0]), ops.zeros((3,))), 4)
[1. 1. 1. 1.]

== istft
Inverse short-time Fourier transform.
@x: Tuple ``(real, imag)`` of the STFT ``(..., frames, fft_length // 2 + 1)``.
@sequence_length: Window length of each frame.
@sequence_stride: Step between frames.
@fft_length: FFT size used by ``stft``.
@length: Length of the output signal (trimmed or padded); ``None`` keeps all.
@window: Window name (``"hann"``, ``"hamming"``) or a 1-D tensor or ``None``.
@center: Whether ``stft`` padded the signal so frames are centred.
-> Real signal ``(..., length)``.
>> signal = ops.convert_to_tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0])
>> spec = ops.stft(signal, 4, 2, 4)
>~ ops.istft(spec, 4, 2, 4, length=8)
[1. 2. 3. 4. 5. 6. 7. 8.]

== logdet
Natural logarithm of the determinant of positive-definite matrices.
@x: Matrix ``(..., n, n)``.
-> The log-determinants.
>~ ops.logdet([[2.0, 0.0], [0.0, 3.0]])
1.7918

== logsumexp
``log(sum(exp(x)))`` along an axis, computed stably.
|A
|F
-> The values.
>~ ops.logsumexp([0.0, 0.0])
0.6931

== rfft
Fast Fourier transform of a real signal along the last axis.
| Only the non-negative frequencies are returned.
@x: Real tensor.
@fft_length: FFT size (input is cropped or zero-padded); ``None`` uses the input length.
-> Tuple ``(real, imag)`` with ``fft_length // 2 + 1`` frequencies.
>> real, imag = ops.rfft(ops.convert_to_tensor([1.0, 1.0, 1.0, 1.0]))
>! real
[4. 0. 0.]

== rsqrt
Reciprocal square root ``1 / sqrt(x)``, elementwise.
|F
-> The values.
>! ops.rsqrt([4.0, 16.0])
[0.5  0.25]

== segment_max
Maximum of the rows of ``data`` in each segment.
-> Tensor ``(num_segments, *data.shape[1:])``.
>! ops.segment_max([1.0, 5.0, 2.0, 7.0], [0, 0, 1, 1], num_segments=2)
[5. 7.]

== segment_min
Minimum of the rows of ``data`` in each segment.
-> Tensor ``(num_segments, *data.shape[1:])``.
>! ops.segment_min([1.0, 5.0, 2.0, 7.0], [0, 0, 1, 1], num_segments=2)
[1. 2.]

== segment_prod
Product of the rows of ``data`` in each segment (1 for empty segments).
-> Tensor ``(num_segments, *data.shape[1:])``.
>! ops.segment_prod([1.0, 5.0, 2.0, 7.0], [0, 0, 1, 1], num_segments=2)
[ 5. 14.]

== segment_sum
Sum of the rows of ``data`` in each segment (0 for empty segments).
-> Tensor ``(num_segments, *data.shape[1:])``.
>! ops.segment_sum([1.0, 5.0, 2.0, 7.0], [0, 0, 1, 1], num_segments=2)
[6. 9.]

== stft
Short-time Fourier transform along the last axis.
@x: Real signal ``(..., length)``.
@sequence_length: Window length of each frame.
@sequence_stride: Step between frames.
@fft_length: FFT size (at least ``sequence_length``).
@window: Window name (``"hann"``, ``"hamming"``) or a 1-D tensor or ``None``.
@center: If ``True``, pad the signal so frames are centred on their time step.
-> Tuple ``(real, imag)`` of shape ``(..., frames, fft_length // 2 + 1)``.
>> real, imag = ops.stft(ops.ones((8,)), 4, 4, 4, window=None, center=False)
>! real
[[4. 0. 0.]
 [4. 0. 0.]]

== top_k
The ``k`` largest values along the last axis and their indices.
|I
@k: Number of values to return.
@sorted: Whether to return them in descending order.
-> A tuple ``(values, indices)``.
>> values, indices = ops.top_k([1, 9, 3, 7], 2)
>! values
[9 7]
>! indices
[1 3]

== view_as_complex
View a real tensor with a last axis of size 2 as complex numbers.
@x: Float tensor ``(..., 2)`` holding real and imaginary parts.
-> Complex tensor ``(...)``.
>> z = ops.convert_to_numpy(ops.view_as_complex([[1.0, 2.0]]))
>> z.real.tolist(), z.imag.tolist()
([1.0], [2.0])

== view_as_real
View a complex tensor as real, with a last axis of size 2 (real, imaginary).
@x: Complex tensor.
-> Float tensor ``(..., 2)``.
>! ops.view_as_real(ops.view_as_complex([[1.0, 2.0]]))
[[1. 2.]]

== affine_transform
Apply projective transforms to images.
| Each transform is 8 numbers ``[a0, a1, a2, b0, b1, b2, c0, c1]`` mapping output point ``(x,
    y)`` to input point ``((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k)`` with ``k = c0 x +
    c1 y + 1``.
|D
@transform: Tensor ``(8,)`` or ``(batch, 8)``.
@interpolation: ``"nearest"`` or ``"bilinear"``.
@fill_mode: How to fill points outside the input: ``"constant"``, ``"nearest"``, ``"wrap"``,
    ``"mirror"`` or ``"reflect"``.
@fill_value: Value for ``fill_mode="constant"``.
-> Transformed images with the shape of ``images``.
>> image = ops.reshape(ops.arange(9.0), (3, 3, 1))
>> shift = [1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0]
>! ops.affine_transform(image, shift, interpolation="nearest", data_format="channels_last")[:, :, 0]
[[1. 2. 0.]
 [4. 5. 0.]
 [7. 8. 0.]]

== crop_images
Crop images to a box given by offsets and/or a target size.
|D
@top_cropping: Rows removed at the top.
@left_cropping: Columns removed at the left.
@bottom_cropping: Rows removed at the bottom.
@right_cropping: Columns removed at the right.
@target_height: Height of the result (instead of ``bottom_cropping``).
@target_width: Width of the result (instead of ``right_cropping``).
-> The cropped images.
>> image = ops.reshape(ops.arange(9), (3, 3, 1))
>! ops.crop_images(image, 1, 1, target_height=2, target_width=2, data_format="channels_last")[:, :, 0]
[[4 5]
 [7 8]]

== extract_patches
Extract sliding patches from images into the channel axis.
|D
@size: Patch size (int or ``(height, width)``).
@strides: Step between patches; ``None`` means ``size``.
@dilation_rate: Spacing between pixels of a patch.
-> Images ``(batch, rows, cols, size_h * size_w * channels)`` (channels last).
>> image = ops.reshape(ops.arange(16.0), (4, 4, 1))
>> ops.shape(ops.extract_patches(image, 2, data_format="channels_last"))
(2, 2, 4)

== elastic_transform
Deform images by a random, smooth displacement field.
| Each pixel samples the input at its own position plus a displacement: Gaussian noise of standard
    deviation ``sigma`` (one value per pixel and axis, drawn from ``seed``), smoothed by a Gaussian of
    the same ``sigma`` (window ``int(6 sigma) | 1``) and scaled by ``alpha``. The same seed gives the
    same field on one backend; backends draw different fields (see ``docs/ops.md``).
|D
@alpha: Strength of the deformation (``0`` returns the images unchanged).
@sigma: Standard deviation of the noise and of its Gaussian smoothing.
@interpolation: ``"nearest"`` or ``"bilinear"``.
@fill_mode: How to sample outside the input: ``"constant"``, ``"nearest"``, ``"wrap"``,
    ``"mirror"`` or ``"reflect"``.
@fill_value: Value for ``fill_mode="constant"``.
@seed: An int, a ``multikeras.random.SeedGenerator`` or ``None`` (the global generator).
-> Deformed images with the shape and dtype of ``images``.
>> image = ops.reshape(ops.arange(9.0), (3, 3, 1))
>! ops.elastic_transform(image, alpha=0.0, sigma=1.0, seed=1, data_format="channels_last")[:, :, 0]
[[0. 1. 2.]
 [3. 4. 5.]
 [6. 7. 8.]]

== extract_patches_3d
Extract sliding 3-D patches from volumes into the channel axis.
| Patch features are ordered (depth, row, column, channel), as in ``extract_patches``.
|D
@volumes: Batch of volumes (rank 5) or a single volume (rank 4).
@size: Patch size (int or ``(depth, height, width)``).
@strides: Step between patches; ``None`` means ``size``.
@dilation_rate: Spacing between voxels of a patch.
-> Volumes ``(batch, d, h, w, size_d * size_h * size_w * channels)`` (channels last).
>> volume = ops.reshape(ops.arange(64.0), (4, 4, 4, 1))
>> ops.shape(ops.extract_patches_3d(volume, 2, data_format="channels_last"))
(2, 2, 2, 8)

== perspective_transform
Warp images so that four input corners land on four output corners.
| The projective transform that takes each ``end_points[i]`` (an output pixel ``(x, y)``) to
    ``start_points[i]`` (the input point it samples) is solved for, then applied as
    ``affine_transform`` with ``fill_mode="constant"``.
|D
@start_points: Input corners ``(4, 2)`` or ``(batch, 4, 2)``, as ``(x, y)``.
@end_points: Output corners, same shape as ``start_points``.
@interpolation: ``"nearest"`` or ``"bilinear"``.
@fill_value: Value of output pixels that sample outside the input.
-> Transformed images with the shape and dtype of ``images``.
>> image = ops.reshape(ops.arange(9.0), (3, 3, 1))
>> corners = [[0, 0], [0, 2], [2, 0], [2, 2]]
>> shifted = [[-1, 0], [-1, 2], [1, 0], [1, 2]]
>! ops.perspective_transform(image, corners, shifted, interpolation="nearest", data_format="channels_last")[:, :, 0]
[[1. 2. 0.]
 [4. 5. 0.]
 [7. 8. 0.]]

== scale_and_translate
Resample an array by a scale and a translation along some of its dimensions.
| Along each dimension ``d`` of ``spatial_dims``, output pixel ``o`` samples the input at
    ``(o + 0.5 - translation) / scale - 0.5`` (pixel centres at half-integers) with the kernel of
    ``method``, widened by ``1 / scale`` when ``antialias`` and downsampling; outputs that sample
    outside the input are 0. Integer inputs are rounded (half to even) and clipped to their dtype.
@images: Input array of any rank.
@output_shape: Shape of the result (one entry per dimension of ``images``; entries outside
    ``spatial_dims`` are ignored: those dimensions keep their size).
@scale: One scale per spatial dimension.
@translation: One translation per spatial dimension.
@spatial_dims: Dimensions that ``scale`` and ``translation`` apply to.
@method: ``"linear"`` (also ``"bilinear"``, ``"trilinear"``, ``"triangle"``), ``"cubic"``
    (also ``"bicubic"``, ``"tricubic"``), ``"lanczos3"`` or ``"lanczos5"``.
@antialias: Widen the kernel when downsampling.
-> Array of ``output_shape`` with the dtype of ``images``.
>> x = ops.reshape(ops.arange(4.0), (2, 2))
>! ops.scale_and_translate(x, (2, 4), [1.0, 2.0], [0.0, 0.0], (0, 1), "linear")
[[0.   0.25 0.75 1.  ]
 [2.   2.25 2.75 3.  ]]

== gaussian_blur
Blur images with a Gaussian kernel.
|D
@kernel_size: Size of the kernel ``(height, width)``.
@sigma: Standard deviation of the Gaussian ``(height, width)``.
-> Blurred images with the shape of ``images``.
>> image = ops.ones((3, 3, 1))
>~ ops.gaussian_blur(image, data_format="channels_last")[1, 1, 0]
1.0

== hsv_to_rgb
Convert images from HSV to RGB (values in ``[0, 1]``).
|D
@images: Float images with 3 channels (hue, saturation, value).
-> RGB images.
>! ops.hsv_to_rgb([[[0.0, 1.0, 1.0]]], data_format="channels_last")
[[[1. 0. 0.]]]

== map_coordinates
Sample ``inputs`` at arbitrary (fractional) coordinates by interpolation.
@inputs: N-D input array.
@coordinates: Array ``(N, ...)``: one coordinate array per axis of ``inputs``.
@order: Interpolation order: 0 (nearest) or 1 (linear).
@fill_mode: How to sample outside the input: ``"constant"``, ``"nearest"``, ``"wrap"``,
    ``"mirror"`` or ``"reflect"``.
@fill_value: Value for ``fill_mode="constant"``.
-> Samples with the shape of each coordinate array.
>! ops.map_coordinates([0.0, 10.0, 20.0], [[0.5, 1.5]], 1)
[ 5. 15.]

== pad_images
Pad images with zeros to a given box.
|D
@top_padding: Rows added at the top.
@left_padding: Columns added at the left.
@bottom_padding: Rows added at the bottom.
@right_padding: Columns added at the right.
@target_height: Height of the result (instead of ``bottom_padding``).
@target_width: Width of the result (instead of ``right_padding``).
-> The padded images.
>> image = ops.ones((1, 1, 1))
>! ops.pad_images(image, 1, 1, target_height=2, target_width=3, data_format="channels_last")[:, :, 0]
[[0. 0. 0.]
 [0. 1. 0.]]

== resize
Resize images to ``size``.
|D
@size: Target ``(height, width)``.
@interpolation: ``"nearest"``, ``"bilinear"``, ``"bicubic"``, ``"lanczos3"``, ``"lanczos5"`` or
    ``"area"``.
@antialias: Whether to low-pass filter when downsampling.
@crop_to_aspect_ratio: Crop the centre to the target aspect ratio before resizing.
@pad_to_aspect_ratio: Pad to the target aspect ratio before resizing.
@fill_mode: Padding mode for ``pad_to_aspect_ratio`` (``"constant"``).
@fill_value: Padding value for ``pad_to_aspect_ratio``.
-> Resized images.
>> image = ops.reshape(ops.convert_to_tensor([1.0, 2.0, 3.0, 4.0]), (2, 2, 1))
>! ops.resize(image, (4, 4), interpolation="nearest", data_format="channels_last")[:, :, 0]
[[1. 1. 2. 2.]
 [1. 1. 2. 2.]
 [3. 3. 4. 4.]
 [3. 3. 4. 4.]]

== rgb_to_grayscale
Convert RGB images to grayscale with the ITU-R 601 luma weights.
|D
@images: Images with 3 channels.
-> Images with 1 channel.
>> gray = ops.rgb_to_grayscale([[[1.0, 1.0, 1.0]]], data_format="channels_last")
>> print(ops.convert_to_numpy(gray).round(2))
[[[1.]]]

== rgb_to_hsv
Convert images from RGB to HSV (values in ``[0, 1]``).
|D
@images: Float images with 3 channels.
-> HSV images.
>! ops.rgb_to_hsv([[[1.0, 0.0, 0.0]]], data_format="channels_last")
[[[0. 1. 1.]]]

== sobel_edges
Sobel edge maps of images.
|D
@images: Batch of images (rank 4).
-> Images with a new last axis of size 2: vertical and horizontal gradients.
>> images = ops.ones((1, 3, 3, 1))
>> ops.shape(ops.sobel_edges(images, data_format="channels_last"))
(1, 3, 3, 1, 2)

== ssim
Structural similarity index between two image batches.
|D
@image1: First batch of images.
@image2: Second batch, same shape.
@max_val: Dynamic range of the pixel values.
@filter_size: Size of the Gaussian window.
@filter_sigma: Standard deviation of the Gaussian window.
@k1: Stability constant of the luminance term.
@k2: Stability constant of the contrast term.
-> SSIM per image (1 for identical images).
>> images = ops.ones((1, 11, 11, 1))
>~ ops.ssim(images, images, data_format="channels_last")
[1.]
"""

SUMMARIES: dict[str, tuple[str, str | None]] = _parse_all(_CORE + _NUMPY + _NN + _LINALG_MATH_IMAGE)
