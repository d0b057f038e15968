"""``multikeras.ops.core``: generated from ``ops/catalog.py``; do not edit.

Regenerate with ``python tools/generate_ops.py``.
"""

# fmt: off
from __future__ import annotations

from typing import Any

from multikeras.backend.selection import _override, _process_backend
from multikeras.ops._dispatch import handle_failure as _failed
from multikeras.ops.types import Array, ArrayLike, Axis, DTypeLike, Shape

_active = _override.get

__all__ = ['associative_scan', 'cast', 'cdist', 'cond', 'convert_to_numpy', 'convert_to_tensor', 'custom_gradient', 'dtype', 'fori_loop', 'is_tensor', 'map', 'rearrange', 'saturate_cast', 'scan', 'scatter', 'scatter_update', 'shape', 'slice', 'slice_update', 'stop_gradient', 'switch', 'unstack', 'vectorized_map', 'while_loop']


def associative_scan(f, elems: ArrayLike, reverse=False, axis: Axis = 0) -> Array:
    """Inclusive scan of an associative binary function along an axis.

    ``f(a, b)`` must be associative; backends may evaluate it in any bracketing (in
    parallel on accelerators). ``elems`` may be a nested structure of arrays that share
    the scanned axis length.

    Args:
        f: Associative function of two structures like ``elems`` returning one such
            structure.
        elems: Array or nested structure of arrays to scan.
        reverse: If ``True``, scan from the end towards the start.
        axis: Axis along which to scan.

    Returns:
        A structure like ``elems`` holding the running combinations.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> import operator
        >>> print(ops.convert_to_numpy(ops.associative_scan(operator.add, ops.convert_to_tensor([1, 2, 3, 4]))))
        [ 1  3  6 10]
    """
    try:
        return (_active() or _process_backend()).associative_scan(f, elems, reverse, axis)
    except Exception as error:
        return _failed('associative_scan', error, {'f': f, 'elems': elems, 'reverse': reverse, 'axis': axis})


def cast(x: ArrayLike, dtype: DTypeLike | None) -> Array:
    """Convert a tensor to another dtype.

    Floats cast to integers are truncated towards zero.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        dtype: Target dtype name, for example ``"int32"``.

    Returns:
        A tensor with the values of ``x`` and dtype ``dtype``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> y = ops.cast([1.7, -2.5], "int32")
        >>> ops.dtype(y)
        'int32'
        >>> print(ops.convert_to_numpy(y))
        [ 1 -2]
    """
    try:
        return (_active() or _process_backend()).cast(x, dtype)
    except Exception as error:
        return _failed('cast', error, {'x': x, 'dtype': dtype})


def cdist(x: ArrayLike, y: ArrayLike) -> Array:
    """Pairwise Euclidean distances between two sets of vectors.

    Args:
        x: Points of shape ``(..., m, d)``.
        y: Points of shape ``(..., n, d)``.

    Returns:
        Distances of shape ``(..., m, n)``, floating point.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.cdist([[0.0, 0.0], [3.0, 4.0]], [[0.0, 0.0]])).round(4))
        [[0.]
         [5.]]
    """
    try:
        return (_active() or _process_backend()).cdist(x, y)
    except Exception as error:
        return _failed('cdist', error, {'x': x, 'y': y})


def cond(pred, true_fn, false_fn) -> Array:
    """Call ``true_fn()`` or ``false_fn()`` depending on a scalar boolean.

    Both branches must return structures of the same shapes and dtypes, so that the op
    also works inside ``jit``.

    Args:
        pred: Scalar boolean tensor or Python bool.
        true_fn: Function of no arguments called when ``pred`` is true.
        false_fn: Function of no arguments called when ``pred`` is false.

    Returns:
        The result of the chosen branch.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.cond(ops.convert_to_tensor(3) > 2, lambda: ops.ones(2), lambda: ops.zeros(2))))
        [1. 1.]
    """
    try:
        return (_active() or _process_backend()).cond(pred, true_fn, false_fn)
    except Exception as error:
        return _failed('cond', error, {'pred': pred, 'true_fn': true_fn, 'false_fn': false_fn})


def convert_to_numpy(x: ArrayLike) -> Array:
    """Convert a tensor of any backend (or an array-like) to a NumPy array.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        A ``numpy.ndarray`` with the same values, shape and dtype.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> type(ops.convert_to_numpy(ops.ones(2))).__name__
        'ndarray'
    """
    try:
        return (_active() or _process_backend()).convert_to_numpy(x)
    except Exception as error:
        return _failed('convert_to_numpy', error, {'x': x})


def convert_to_tensor(x: ArrayLike, dtype: DTypeLike | None = None) -> Array:
    """Convert an array-like to a tensor of the active backend.

    Arrays keep their dtype (``int64`` stays ``int64``); Python scalars and nested lists
    follow ``result_type``: ``[1, 2]`` gives ``int32``, ``1.0`` gives ``float32``.

    Args:
        x: Array-like: NumPy array, Python scalar, nested list or a tensor.
        dtype: Dtype to convert to; ``None`` infers it as described above.

    Returns:
        A native tensor of the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> ops.dtype(ops.convert_to_tensor([1, 2]))
        'int32'
        >>> ops.dtype(ops.convert_to_tensor([1, 2], dtype="float32"))
        'float32'
    """
    try:
        return (_active() or _process_backend()).convert_to_tensor(x, dtype)
    except Exception as error:
        return _failed('convert_to_tensor', error, {'x': x, 'dtype': dtype})


def custom_gradient(f) -> Array:
    """Decorate a function so that it defines its own gradient.

    The decorated function returns ``(output, grad_fn)``; ``grad_fn(*args, upstream)``
    returns the gradients with respect to the inputs. Calling the function gives
    ``output``.

    Args:
        f: Function returning ``(output, grad_fn)``.

    Returns:
        A function that computes ``output`` and uses ``grad_fn`` when differentiated.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> @ops.custom_gradient
        ... def double(x):
        ...     def grad_fn(*args, upstream=None):
        ...         return upstream * 2.0
        ...     return x * 2.0, grad_fn
        >>> print(ops.convert_to_numpy(double(ops.convert_to_tensor([1.0, 3.0]))))
        [2. 6.]
    """
    try:
        return (_active() or _process_backend()).custom_gradient(f)
    except Exception as error:
        return _failed('custom_gradient', error, {'f': f})


def dtype(x: ArrayLike) -> Array:
    """Return the canonical dtype name of a tensor.

    Args:
        x: A tensor or array.

    Returns:
        A string such as ``"float32"``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> ops.dtype(ops.ones((2,), dtype="int8"))
        'int8'
    """
    try:
        return (_active() or _process_backend()).dtype(x)
    except Exception as error:
        return _failed('dtype', error, {'x': x})


def fori_loop(lower, upper, body_fun, init_val) -> Array:
    """Run ``body_fun(i, val)`` for ``i`` from ``lower`` to ``upper - 1``.

    Equivalent to a Python ``for`` loop that threads ``val`` through the iterations;
    compiled as a loop inside ``jit``.

    Args:
        lower: First loop index (int).
        upper: Loop stops before this index (int).
        body_fun: Function ``(i, val) -> new val``.
        init_val: Initial value (a tensor or nested structure of tensors).

    Returns:
        The final value.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.fori_loop(0, 4, lambda i, total: total + i, ops.convert_to_tensor(10))))
        16
    """
    try:
        return (_active() or _process_backend()).fori_loop(lower, upper, body_fun, init_val)
    except Exception as error:
        return _failed('fori_loop', error, {'lower': lower, 'upper': upper, 'body_fun': body_fun, 'init_val': init_val})


def is_tensor(x: ArrayLike) -> Array:
    """Tell whether ``x`` is a native tensor of the active backend.

    Args:
        x: Any object.

    Returns:
        ``True`` for native tensors of the active backend, ``False`` otherwise.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> ops.is_tensor(ops.ones(2))
        True
        >>> ops.is_tensor("not a tensor")
        False
    """
    try:
        return (_active() or _process_backend()).is_tensor(x)
    except Exception as error:
        return _failed('is_tensor', error, {'x': x})


def map(f, xs: ArrayLike) -> Array:
    """Apply ``f`` to each slice of ``xs`` along its first axis and stack the results.

    Args:
        f: Function taking one slice (a structure like ``xs`` without the first axis).
        xs: Array or nested structure of arrays mapped over their first axis.

    Returns:
        The stacked results of ``f``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.map(lambda row: ops.sum(row), ops.convert_to_tensor([[1, 2], [3, 4]]))))
        [3 7]
    """
    try:
        return (_active() or _process_backend()).map(f, xs)
    except Exception as error:
        return _failed('map', error, {'f': f, 'xs': xs})


def rearrange(tensor: ArrayLike, pattern, **axes_lengths) -> Array:
    """Reorder, merge and split axes of ``tensor`` as an einops ``pattern`` says.

    ``"left -> right"`` names the input's axes on the left and the output's on the
    right. A parenthesised group is one axis that is the product of its members (``"b (h
    w) c"``), ``...`` stands for any number of axes and ``()`` or ``1`` for an axis of
    size 1. Every name appears once on each side. One reshape, one transpose and one
    reshape, each skipped when not needed. Input dtype is preserved.

    Args:
        tensor: Input tensor.
        pattern: The einops pattern, ``"left -> right"``.
        **axes_lengths: Lengths of split axes by name (``h=2``); one member of a group may
            be omitted.

    Returns:
        The rearranged tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.rearrange(ops.reshape(ops.arange(6), (2, 3)), "a b -> b a")))
        [[0 3]
         [1 4]
         [2 5]]
        >>> ops.shape(ops.rearrange(ops.zeros((2, 6, 4)), "b (h w) c -> b h (w c)", h=2))
        (2, 2, 12)
    """
    try:
        return (_active() or _process_backend()).rearrange(tensor, pattern, **axes_lengths)
    except Exception as error:
        return _failed('rearrange', error, {'tensor': tensor, 'pattern': pattern, 'axes_lengths': axes_lengths})


def saturate_cast(x: ArrayLike, dtype: DTypeLike | None) -> Array:
    """Cast to ``dtype``, clipping values to the range of the target type first.

    Unlike ``cast``, out-of-range values saturate at the smallest/largest value of the
    target dtype instead of wrapping around.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        dtype: Target dtype name.

    Returns:
        A tensor of dtype ``dtype``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.saturate_cast(ops.convert_to_tensor([-10, 100, 300]), "uint8")))
        [  0 100 255]
    """
    try:
        return (_active() or _process_backend()).saturate_cast(x, dtype)
    except Exception as error:
        return _failed('saturate_cast', error, {'x': x, 'dtype': dtype})


def scan(f, init, xs: ArrayLike = None, length=None, reverse=False, unroll=1) -> Array:
    """Loop ``f(carry, x)`` over the leading axis of ``xs``, collecting outputs.

    ``f`` returns ``(new_carry, y)``; the ``y`` values are stacked. With ``xs=None``,
    ``length`` iterations run with ``x=None``. The semantics are those of
    ``jax.lax.scan``.

    Args:
        f: Function ``(carry, x) -> (carry, y)``.
        init: Initial carry (a tensor or nested structure).
        xs: Values to loop over along their first axis, or ``None``.
        length: Number of iterations when ``xs`` is ``None``.
        reverse: If ``True``, iterate from the last slice to the first.
        unroll: How many iterations to unroll per loop step (an optimisation hint).

    Returns:
        A tuple ``(final_carry, stacked_ys)``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> def step(carry, x):
        ...     return carry + x, carry * x
        >>> carry, ys = ops.scan(step, ops.convert_to_tensor(0), ops.convert_to_tensor([1, 2, 3]))
        >>> print(ops.convert_to_numpy(carry))
        6
        >>> print(ops.convert_to_numpy(ys))
        [0 2 9]
    """
    try:
        return (_active() or _process_backend()).scan(f, init, xs, length, reverse, unroll)
    except Exception as error:
        return _failed('scan', error, {'f': f, 'init': init, 'xs': xs, 'length': length, 'reverse': reverse, 'unroll': unroll})


def scatter(indices: ArrayLike, values: ArrayLike, shape: Shape) -> Array:
    """Create a zero tensor of ``shape`` and add ``values`` at ``indices``.

    Repeated indices accumulate.

    Args:
        indices: Integer array of shape ``(n, index_depth)``: the positions to write.
        values: Values of shape ``(n, *shape[index_depth:])``.
        shape: Shape of the result.

    Returns:
        A tensor of shape ``shape`` with the dtype of ``values``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.scatter([[0], [2], [2]], [1.0, 2.0, 3.0], (4,))))
        [1. 0. 5. 0.]
    """
    try:
        return (_active() or _process_backend()).scatter(indices, values, shape)
    except Exception as error:
        return _failed('scatter', error, {'indices': indices, 'values': values, 'shape': shape})


def scatter_update(inputs: ArrayLike, indices: ArrayLike, updates: ArrayLike, reduction=None) -> Array:
    """Return a copy of ``inputs`` with slices at ``indices`` replaced by ``updates``.

    Args:
        inputs: Tensor to update.
        indices: Integer array of shape ``(n, index_depth)``.
        updates: New values of shape ``(n, *inputs.shape[index_depth:])``.
        reduction: ``None`` to overwrite; otherwise how to combine with existing values
            (``"add"``, ``"max"``, ``"min"``, ``"mul"``) where supported.

    Returns:
        A tensor like ``inputs`` with the updated values.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.scatter_update(ops.zeros((2, 3)), [[0, 1], [1, 2]], [5.0, 7.0])))
        [[0. 5. 0.]
         [0. 0. 7.]]
    """
    try:
        return (_active() or _process_backend()).scatter_update(inputs, indices, updates, reduction)
    except Exception as error:
        return _failed('scatter_update', error, {'inputs': inputs, 'indices': indices, 'updates': updates, 'reduction': reduction})


def shape(x: ArrayLike) -> Array:
    """Return the shape of a tensor as a tuple.

    Sizes are Python ints. A size known only at run time, inside a TensorFlow graph
    traced with unknown sizes (``tf.function`` with an ``input_signature`` of ``None``
    sizes), is a scalar int32 tensor, as in Keras, so code can compute with it
    (``ops.reshape(x, (ops.shape(x)[0], -1))``); symbolic tensors (``keras.Input``) give
    ``None`` there. ``multikeras.utils.static_shapes.static_shape`` gives ``None`` in
    both cases, for shape checks.

    Args:
        x: A tensor or array-like.

    Returns:
        A tuple of sizes.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> ops.shape(ops.zeros((2, 3)))
        (2, 3)
    """
    try:
        return (_active() or _process_backend()).shape(x)
    except Exception as error:
        return _failed('shape', error, {'x': x})


def slice(inputs: ArrayLike, start_indices, shape: Shape) -> Array:
    """Extract a block of static size starting at given indices.

    Args:
        inputs: Tensor to slice.
        start_indices: Start index along each axis (list or int tensor).
        shape: Size of the block along each axis.

    Returns:
        A tensor of shape ``shape``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.slice(ops.convert_to_tensor([[1, 2, 3], [4, 5, 6]]), (0, 1), (2, 2))))
        [[2 3]
         [5 6]]
    """
    try:
        return (_active() or _process_backend()).slice(inputs, start_indices, shape)
    except Exception as error:
        return _failed('slice', error, {'inputs': inputs, 'start_indices': start_indices, 'shape': shape})


def slice_update(inputs: ArrayLike, start_indices, updates: ArrayLike) -> Array:
    """Return a copy of ``inputs`` with a block starting at ``start_indices`` replaced.

    Args:
        inputs: Tensor to update.
        start_indices: Start index along each axis.
        updates: The block to write; its shape gives the block size.

    Returns:
        A tensor like ``inputs``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.slice_update(ops.zeros((2, 3), dtype="int32"), (1, 1), ops.ones((1, 2), dtype="int32"))))
        [[0 0 0]
         [0 1 1]]
    """
    try:
        return (_active() or _process_backend()).slice_update(inputs, start_indices, updates)
    except Exception as error:
        return _failed('slice_update', error, {'inputs': inputs, 'start_indices': start_indices, 'updates': updates})


def stop_gradient(variable: ArrayLike) -> Array:
    """Return ``variable`` unchanged, but blocking gradients from flowing through it.

    Args:
        variable: Tensor whose gradient should be treated as zero.

    Returns:
        A tensor with the same value.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.stop_gradient(ops.convert_to_tensor([1.0, 2.0]))))
        [1. 2.]
    """
    try:
        return (_active() or _process_backend()).stop_gradient(variable)
    except Exception as error:
        return _failed('stop_gradient', error, {'variable': variable})


def switch(index, branches, *operands) -> Array:
    """Call ``branches[index](*operands)``.

    ``index`` is clamped to the valid range, as in ``jax.lax.switch``. All branches must
    return structures of the same shapes and dtypes.

    Args:
        index: Scalar integer choosing the branch.
        branches: Sequence of functions.
        *operands: Arguments passed to the chosen branch.

    Returns:
        The result of the chosen branch.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> branches = [lambda v: v + 1, lambda v: v * 10]
        >>> print(ops.convert_to_numpy(ops.switch(1, branches, ops.convert_to_tensor([1, 2]))))
        [10 20]
    """
    try:
        return (_active() or _process_backend()).switch(index, branches, *operands)
    except Exception as error:
        return _failed('switch', error, {'index': index, 'branches': branches, 'operands': operands})


def unstack(x: ArrayLike, num=None, axis: Axis = 0) -> Array:
    """Split a tensor into a list of tensors along an axis.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        num: Length of ``axis``; ``None`` reads it from the shape.
        axis: Axis to unstack along.

    Returns:
        A list of tensors, each with ``axis`` removed.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> parts = ops.unstack([[1, 2], [3, 4]], axis=1)
        >>> [ops.convert_to_numpy(p).tolist() for p in parts]
        [[1, 3], [2, 4]]
    """
    try:
        return (_active() or _process_backend()).unstack(x, num, axis)
    except Exception as error:
        return _failed('unstack', error, {'x': x, 'num': num, 'axis': axis})


def vectorized_map(function, elements) -> Array:
    """Map ``function`` over the first axis of ``elements``, vectorized where possible.

    Semantically ``stack([function(e) for e in elements])``; backends use ``vmap`` when
    they have one.

    Args:
        function: Function applied to one slice.
        elements: Tensor or nested structure mapped over its first axis.

    Returns:
        The stacked results.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.vectorized_map(lambda row: row * 2, ops.convert_to_tensor([[1, 2], [3, 4]]))))
        [[2 4]
         [6 8]]
    """
    try:
        return (_active() or _process_backend()).vectorized_map(function, elements)
    except Exception as error:
        return _failed('vectorized_map', error, {'function': function, 'elements': elements})


def while_loop(cond, body, loop_vars, maximum_iterations=None) -> Array:
    """Repeat ``loop_vars = body(*loop_vars)`` while ``cond(*loop_vars)`` is true.

    ``loop_vars`` keep their shapes and dtypes across iterations.

    Args:
        cond: Function of the loop variables returning a scalar bool.
        body: Function of the loop variables returning new loop variables.
        loop_vars: A tuple or list of tensors (or a nested structure).
        maximum_iterations: Optional bound on the number of iterations.

    Returns:
        The final loop variables, with the structure of ``loop_vars``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> i, total = ops.while_loop(lambda i, t: i < 3, lambda i, t: (i + 1, t + i), (0, 0))
        >>> int(ops.convert_to_numpy(i)), int(ops.convert_to_numpy(total))
        (3, 3)
    """
    try:
        return (_active() or _process_backend()).while_loop(cond, body, loop_vars, maximum_iterations)
    except Exception as error:
        return _failed('while_loop', error, {'cond': cond, 'body': body, 'loop_vars': loop_vars, 'maximum_iterations': maximum_iterations})
