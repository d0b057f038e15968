"""``multikeras.ops.nn``: generated from ``ops/catalog.py``; do not edit.

Regenerate with ``python tools/generate_ops.py``.
"""

# fmt: off
from __future__ import annotations

from typing import Any

from multikeras.backend.global_settings import flash_attention_for_call as _flash_attention_for_call
from multikeras.backend.selection import _override, _process_backend
from multikeras.ops._dispatch import handle_failure as _failed
from multikeras.ops.types import Array, ArrayLike, Axis, DTypeLike, Shape

_active = _override.get

__all__ = ['adaptive_average_pool', 'adaptive_max_pool', 'average_pool', 'batch_normalization', 'binary_crossentropy', 'categorical_crossentropy', 'celu', 'conv', 'conv_transpose', 'ctc_decode', 'ctc_loss', 'depth_to_space', 'depthwise_conv', 'dot_product_attention', 'elu', 'fold', 'gelu', 'glu', 'hard_shrink', 'hard_sigmoid', 'hard_silu', 'hard_swish', 'hard_tanh', 'layer_normalization', 'leaky_relu', 'log_sigmoid', 'log_softmax', 'max_pool', 'moments', 'multi_hot', 'normalize', 'one_hot', 'polar', 'psnr', 'relu', 'relu6', 'rms_normalization', 'selu', 'separable_conv', 'sigmoid', 'silu', 'soft_shrink', 'softmax', 'softplus', 'softsign', 'space_to_depth', 'sparse_categorical_crossentropy', 'sparse_plus', 'sparse_sigmoid', 'sparsemax', 'squareplus', 'swish', 'tanh_shrink', 'threshold', 'unfold']


def adaptive_average_pool(inputs: ArrayLike, output_size, data_format: str | None = None) -> Array:
    """Average pooling to a fixed output size, whatever the input size.

    Each output cell averages a window computed from the ratio of input to output size
    (as in PyTorch's adaptive pooling). ``data_format=None`` means
    ``multikeras.config.image_data_format()`` (``"channels_last"`` by default).

    Args:
        inputs: Tensor ``(batch, *spatial, channels)`` (or channels first).
        output_size: Spatial size of the result (int or tuple, one per spatial axis).
        data_format: ``"channels_last"`` or ``"channels_first"``; ``None`` uses
            ``multikeras.config.image_data_format()``.

    Returns:
        The pooled tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> x = ops.reshape(ops.arange(16.0), (1, 4, 4, 1))
        >>> print(ops.convert_to_numpy(ops.adaptive_average_pool(x, 2, data_format="channels_last")[0, :, :, 0]))
        [[ 2.5  4.5]
         [10.5 12.5]]
    """
    try:
        return (_active() or _process_backend()).adaptive_average_pool(inputs, output_size, data_format)
    except Exception as error:
        return _failed('adaptive_average_pool', error, {'inputs': inputs, 'output_size': output_size, 'data_format': data_format})


def adaptive_max_pool(inputs: ArrayLike, output_size, data_format: str | None = None) -> Array:
    """Max pooling to a fixed output size, whatever the input size.

    ``data_format=None`` means ``multikeras.config.image_data_format()``
    (``"channels_last"`` by default).

    Args:
        inputs: Tensor ``(batch, *spatial, channels)`` (or channels first).
        output_size: Spatial size of the result (int or tuple, one per spatial axis).
        data_format: ``"channels_last"`` or ``"channels_first"``; ``None`` uses
            ``multikeras.config.image_data_format()``.

    Returns:
        The pooled tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> x = ops.reshape(ops.arange(16.0), (1, 4, 4, 1))
        >>> print(ops.convert_to_numpy(ops.adaptive_max_pool(x, 2, data_format="channels_last")[0, :, :, 0]))
        [[ 5.  7.]
         [13. 15.]]
    """
    try:
        return (_active() or _process_backend()).adaptive_max_pool(inputs, output_size, data_format)
    except Exception as error:
        return _failed('adaptive_max_pool', error, {'inputs': inputs, 'output_size': output_size, 'data_format': data_format})


def average_pool(inputs: ArrayLike, pool_size, strides=None, padding: str = 'valid', data_format: str | None = None) -> Array:
    """Average pooling over sliding windows.

    ``data_format=None`` means ``multikeras.config.image_data_format()``
    (``"channels_last"`` by default).

    Args:
        inputs: Tensor ``(batch, *spatial, channels)`` (or channels first), 1 to 3 spatial
            axes.
        pool_size: Size of the pooling window (int or tuple, one per spatial axis).
        strides: Step of the window; ``None`` means ``pool_size``.
        padding: ``"valid"`` (no padding) or ``"same"`` (pad so that the output size depends
            only on the input size and the stride).
        data_format: ``"channels_last"`` or ``"channels_first"``; ``None`` uses
            ``multikeras.config.image_data_format()``.

    Returns:
        The pooled tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> x = ops.reshape(ops.arange(4.0), (1, 4, 1))
        >>> print(ops.convert_to_numpy(ops.average_pool(x, 2, strides=2, data_format="channels_last")[0, :, 0]))
        [0.5 2.5]
    """
    try:
        return (_active() or _process_backend()).average_pool(inputs, pool_size, strides, padding, data_format)
    except Exception as error:
        return _failed('average_pool', error, {'inputs': inputs, 'pool_size': pool_size, 'strides': strides, 'padding': padding, 'data_format': data_format})


def batch_normalization(x: ArrayLike, mean: ArrayLike, variance: ArrayLike, axis: Axis, offset: ArrayLike = None, scale: ArrayLike = None, epsilon=0.001) -> Array:
    """Normalize ``x`` with given mean and variance, then scale and shift.

    Computes ``(x - mean) / sqrt(variance + epsilon) * scale + offset``; the statistics
    have the size of ``x`` along ``axis``.

    Args:
        x: Input tensor.
        mean: Mean along ``axis``.
        variance: Variance along ``axis``.
        axis: The feature axis the statistics refer to.
        offset: Optional shift (``beta``).
        scale: Optional multiplier (``gamma``).
        epsilon: Small constant added to the variance.

    Returns:
        The normalized tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.batch_normalization([[1.0, 4.0]], [1.0, 2.0], [4.0, 1.0], axis=-1, epsilon=0.0)).round(4))
        [[0. 2.]]
    """
    try:
        return (_active() or _process_backend()).batch_normalization(x, mean, variance, axis, offset, scale, epsilon)
    except Exception as error:
        return _failed('batch_normalization', error, {'x': x, 'mean': mean, 'variance': variance, 'axis': axis, 'offset': offset, 'scale': scale, 'epsilon': epsilon})


def binary_crossentropy(target: ArrayLike, output: ArrayLike, from_logits=False) -> Array:
    """Binary cross-entropy between targets and predictions, elementwise.

    Probabilities are clipped to ``[epsilon, 1 - epsilon]`` before the logarithm.

    Args:
        target: Targets in ``[0, 1]``.
        output: Predicted probabilities, or logits when ``from_logits=True``.
        from_logits: If ``True``, ``output`` holds logits instead of probabilities.

    Returns:
        The loss of each element (no reduction).

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.binary_crossentropy([1.0, 0.0], [0.5, 0.5])).round(4))
        [0.6931 0.6931]
    """
    try:
        return (_active() or _process_backend()).binary_crossentropy(target, output, from_logits)
    except Exception as error:
        return _failed('binary_crossentropy', error, {'target': target, 'output': output, 'from_logits': from_logits})


def categorical_crossentropy(target: ArrayLike, output: ArrayLike, from_logits=False, axis: Axis = -1) -> Array:
    """Cross-entropy between one-hot (or soft) targets and predicted distributions.

    Args:
        target: Target distributions, same shape as ``output``.
        output: Predicted probabilities (normalized along ``axis``), or logits when
            ``from_logits=True``.
        from_logits: If ``True``, ``output`` holds logits instead of probabilities.
        axis: The class axis.

    Returns:
        The loss of each sample (``axis`` removed).

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.categorical_crossentropy([[0.0, 1.0]], [[0.5, 0.5]])).round(4))
        [0.6931]
    """
    try:
        return (_active() or _process_backend()).categorical_crossentropy(target, output, from_logits, axis)
    except Exception as error:
        return _failed('categorical_crossentropy', error, {'target': target, 'output': output, 'from_logits': from_logits, 'axis': axis})


def celu(x: ArrayLike, alpha=1.0) -> Array:
    """Continuously differentiable exponential linear unit.

    ``max(x, 0) + min(0, alpha * (exp(x / alpha) - 1))``. The result is floating point:
    integer and boolean inputs give ``floatx()`` (``float32`` by default); float inputs
    keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        alpha: Scale of the negative part.

    Returns:
        The activations.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.celu([-1.0, 0.0, 2.0])).round(4))
        [-0.6321  0.      2.    ]
    """
    try:
        return (_active() or _process_backend()).celu(x, alpha)
    except Exception as error:
        return _failed('celu', error, {'x': x, 'alpha': alpha})


def conv(inputs: ArrayLike, kernel: ArrayLike, strides=1, padding: str = 'valid', data_format: str | None = None, dilation_rate=1) -> Array:
    """N-D convolution (1-D to 3-D), as in Keras ``Conv`` layers.

    The kernel layout is ``(*spatial, in_channels, out_channels)`` whatever the
    ``data_format``. It is a cross-correlation (the kernel is not flipped).
    ``data_format=None`` means ``multikeras.config.image_data_format()``
    (``"channels_last"`` by default).

    Args:
        inputs: Tensor ``(batch, *spatial, channels)`` (or channels first).
        kernel: Kernel ``(*spatial, in_channels, out_channels)``.
        strides: Step of the window along each spatial axis (int or tuple).
        padding: ``"valid"`` (no padding) or ``"same"`` (pad so that the output size depends
            only on the input size and the stride).
        data_format: ``"channels_last"`` or ``"channels_first"``; ``None`` uses
            ``multikeras.config.image_data_format()``.
        dilation_rate: Spacing between kernel taps along each spatial axis (int or tuple).

    Returns:
        The convolved tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> x = ops.reshape(ops.arange(4.0), (1, 4, 1))
        >>> k = ops.reshape(ops.convert_to_tensor([1.0, 1.0]), (2, 1, 1))
        >>> print(ops.convert_to_numpy(ops.conv(x, k, data_format="channels_last")[0, :, 0]))
        [1. 3. 5.]
    """
    try:
        return (_active() or _process_backend()).conv(inputs, kernel, strides, padding, data_format, dilation_rate)
    except Exception as error:
        return _failed('conv', error, {'inputs': inputs, 'kernel': kernel, 'strides': strides, 'padding': padding, 'data_format': data_format, 'dilation_rate': dilation_rate})


def conv_transpose(inputs: ArrayLike, kernel: ArrayLike, strides=1, padding: str = 'valid', output_padding=None, data_format: str | None = None, dilation_rate=1) -> Array:
    """Transposed convolution (the gradient of ``conv`` with respect to its input).

    The kernel layout is ``(*spatial, out_channels, in_channels)``. ``data_format=None``
    means ``multikeras.config.image_data_format()`` (``"channels_last"`` by default).

    Args:
        inputs: Tensor ``(batch, *spatial, channels)`` (or channels first).
        kernel: Kernel ``(*spatial, out_channels, in_channels)``.
        strides: Step of the window along each spatial axis (int or tuple).
        padding: ``"valid"`` (no padding) or ``"same"`` (pad so that the output size depends
            only on the input size and the stride).
        output_padding: Extra size added to one side of each spatial output axis; ``None``
            infers it.
        data_format: ``"channels_last"`` or ``"channels_first"``; ``None`` uses
            ``multikeras.config.image_data_format()``.
        dilation_rate: Spacing between kernel taps along each spatial axis (int or tuple).

    Returns:
        The upsampled tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> x = ops.reshape(ops.convert_to_tensor([1.0, 2.0]), (1, 2, 1))
        >>> k = ops.reshape(ops.convert_to_tensor([1.0, 1.0]), (2, 1, 1))
        >>> print(ops.convert_to_numpy(ops.conv_transpose(x, k, strides=2, data_format="channels_last")[0, :, 0]))
        [1. 1. 2. 2.]
    """
    try:
        return (_active() or _process_backend()).conv_transpose(inputs, kernel, strides, padding, output_padding, data_format, dilation_rate)
    except Exception as error:
        return _failed('conv_transpose', error, {'inputs': inputs, 'kernel': kernel, 'strides': strides, 'padding': padding, 'output_padding': output_padding, 'data_format': data_format, 'dilation_rate': dilation_rate})


def ctc_decode(inputs: ArrayLike, sequence_lengths: ArrayLike, strategy='greedy', beam_width=100, top_paths=1, merge_repeated=True, mask_index=0) -> Array:
    """Decode CTC model outputs into label sequences, greedily or with a beam search.

    ``inputs`` are logits ``(batch, max_time, num_classes)``; item ``b`` reads its first
    ``sequence_lengths[b]`` steps (lengths are clipped to ``[0, max_time]``).
    ``mask_index`` is the blank class (``None`` is the last class, a negative index
    counts from the end). Greedy: the most likely class at each step (the lowest index
    on ties); with ``merge_repeated`` consecutive equal classes collapse to one, then
    blanks are dropped. The score is minus the sum over the steps of the largest logit
    (the logits are not normalized), as in Keras 3. Beam search: a CTC prefix beam
    search over ``log_softmax(inputs)`` that keeps the ``beam_width`` most probable
    label sequences after each step; a score is the log probability of the sequence
    summed over its alignments. Labels repeated across a blank stay separate and
    ``merge_repeated`` does not apply (as in Keras 3). Equal probabilities are ordered
    the same way on every backend. When fewer than ``top_paths`` sequences have a
    nonzero probability, the rest decode to ``-1`` with a score of ``-inf``. ``decoded``
    is ``int32``; integer inputs give ``floatx()`` scores, float inputs keep their
    dtype.

    Args:
        inputs: Logits ``(batch, max_time, num_classes)``.
        sequence_lengths: Number of valid steps of each item, ``(batch,)``.
        strategy: ``"greedy"`` or ``"beam_search"``.
        beam_width: Hypotheses kept after each step (beam search only).
        top_paths: Number of paths returned, at most ``beam_width`` (beam search only;
            greedy returns one path).
        merge_repeated: Greedy only: collapse consecutive repeats of a class.
        mask_index: Class index of the blank label; ``None`` is the last class.

    Returns:
        ``(decoded, scores)``: ``decoded`` of shape ``(top_paths, batch, max_time)`` holds
        the labels padded with ``-1``; ``scores`` has shape ``(batch, top_paths)``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> logits = ops.convert_to_tensor([[[0.0, 2.0, 0.0], [0.0, 2.0, 0.0], [2.0, 0.0, 0.0], [0.0, 0.0, 2.0]]])
        >>> decoded, scores = ops.ctc_decode(logits, [4])
        >>> print(ops.convert_to_numpy(decoded))
        [[[ 1  2 -1 -1]]]
        >>> print(ops.convert_to_numpy(scores))
        [[-8.]]
        >>> paths, log_probs = ops.ctc_decode(logits, [4], strategy="beam_search", beam_width=4, top_paths=2)
        >>> print(ops.convert_to_numpy(paths[:, 0]))
        [[ 1  2 -1 -1]
         [ 1 -1 -1 -1]]
    """
    try:
        return (_active() or _process_backend()).ctc_decode(inputs, sequence_lengths, strategy, beam_width, top_paths, merge_repeated, mask_index)
    except Exception as error:
        return _failed('ctc_decode', error, {'inputs': inputs, 'sequence_lengths': sequence_lengths, 'strategy': strategy, 'beam_width': beam_width, 'top_paths': top_paths, 'merge_repeated': merge_repeated, 'mask_index': mask_index})


def ctc_loss(target: ArrayLike, output: ArrayLike, target_length: ArrayLike, output_length: ArrayLike, mask_index=0) -> Array:
    """Connectionist temporal classification loss per batch element.

    Args:
        target: Integer labels ``(batch, max_label_length)``.
        output: Logits ``(batch, max_time, num_classes)``.
        target_length: Length of each label sequence ``(batch,)``.
        output_length: Length of each output sequence ``(batch,)``.
        mask_index: Class index of the blank label.

    Returns:
        Loss of shape ``(batch,)``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> logits = ops.zeros((1, 2, 2))
        >>> print(ops.convert_to_numpy(ops.ctc_loss([[1]], logits, [1], [2], mask_index=0)).round(4))
        [0.2877]
    """
    try:
        return (_active() or _process_backend()).ctc_loss(target, output, target_length, output_length, mask_index)
    except Exception as error:
        return _failed('ctc_loss', error, {'target': target, 'output': output, 'target_length': target_length, 'output_length': output_length, 'mask_index': mask_index})


def depth_to_space(x: ArrayLike, block_size, data_format: str | None = 'channels_last') -> Array:
    """Move blocks of channels into spatial blocks (the inverse of ``space_to_depth``).

    Args:
        x: Tensor of rank 4.
        block_size: Side of the spatial block; channels must be divisible by ``block_size **
            2``.
        data_format: ``"channels_last"`` or ``"channels_first"``.

    Returns:
        A tensor ``block_size`` times larger in height and width.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> x = ops.reshape(ops.arange(4), (1, 1, 1, 4))
        >>> print(ops.convert_to_numpy(ops.depth_to_space(x, 2)[0, :, :, 0]))
        [[0 1]
         [2 3]]
    """
    try:
        return (_active() or _process_backend()).depth_to_space(x, block_size, data_format)
    except Exception as error:
        return _failed('depth_to_space', error, {'x': x, 'block_size': block_size, 'data_format': data_format})


def depthwise_conv(inputs: ArrayLike, kernel: ArrayLike, strides=1, padding: str = 'valid', data_format: str | None = None, dilation_rate=1) -> Array:
    """Depthwise convolution: each input channel is convolved with its own filters.

    ``data_format=None`` means ``multikeras.config.image_data_format()``
    (``"channels_last"`` by default).

    Args:
        inputs: Tensor ``(batch, *spatial, channels)`` (or channels first).
        kernel: Kernel ``(*spatial, in_channels, channel_multiplier)``.
        strides: Step of the window along each spatial axis (int or tuple).
        padding: ``"valid"`` (no padding) or ``"same"`` (pad so that the output size depends
            only on the input size and the stride).
        data_format: ``"channels_last"`` or ``"channels_first"``; ``None`` uses
            ``multikeras.config.image_data_format()``.
        dilation_rate: Spacing between kernel taps along each spatial axis (int or tuple).

    Returns:
        A tensor with ``in_channels * channel_multiplier`` channels.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> x = ops.reshape(ops.arange(4.0), (1, 4, 1))
        >>> k = ops.reshape(ops.convert_to_tensor([1.0, -1.0]), (2, 1, 1))
        >>> print(ops.convert_to_numpy(ops.depthwise_conv(x, k, data_format="channels_last")[0, :, 0]))
        [-1. -1. -1.]
    """
    try:
        return (_active() or _process_backend()).depthwise_conv(inputs, kernel, strides, padding, data_format, dilation_rate)
    except Exception as error:
        return _failed('depthwise_conv', error, {'inputs': inputs, 'kernel': kernel, 'strides': strides, 'padding': padding, 'data_format': data_format, 'dilation_rate': dilation_rate})


def dot_product_attention(query: ArrayLike, key: ArrayLike, value: ArrayLike, bias: ArrayLike = None, mask: ArrayLike = None, scale: ArrayLike = None, is_causal=False, flash_attention: bool | None = None, attn_logits_soft_cap=None) -> Array:
    """Scaled dot-product attention: ``softmax(query @ key^T * scale + bias) @ value``.

    Inputs are ``(batch, seq_len, num_heads, head_dim)``. Masked positions (``False`` in
    ``mask``) get no weight. ``flash_attention`` picks the kernel, never the result:
    ``None`` lets the backend choose (``False`` after
    ``multikeras.config.disable_flash_attention()``), ``False`` never uses a flash
    kernel, ``True`` uses one or raises ``multikeras.backend.KernelUnavailableError`` (a
    ``RuntimeError`` and a ``ValueError``) naming the backend, the inputs received and
    what the kernel needs. Flash kernels: torch's (``F.scaled_dot_product_attention``;
    torch 2.13 has one on CPU for every float dtype; on CUDA it needs float16/bfloat16
    and neither ``bias`` nor ``mask``) and jax's cuDNN one (a CUDA GPU,
    float16/bfloat16, cuDNN's head-size limits); numpy and tensorflow have none. No
    flash kernel applies ``attn_logits_soft_cap``.

    Args:
        query: Queries ``(batch, q_len, heads, dim)``.
        key: Keys ``(batch, kv_len, heads, dim)``.
        value: Values ``(batch, kv_len, heads, dim)``.
        bias: Optional additive bias broadcast against the logits ``(batch, heads, q_len,
            kv_len)``.
        mask: Optional boolean mask broadcast like ``bias``; ``True`` means attend.
        scale: Logit scale; ``None`` means ``1 / sqrt(dim)``.
        is_causal: If ``True``, each query attends only to keys at or before its position.
        flash_attention: ``True``, ``False`` or ``None`` (see above).
        attn_logits_soft_cap: If set, logits are soft-capped with ``cap * tanh(logits /
            cap)``.

    Returns:
        Attention output with the shape of ``query``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> q = ops.ones((1, 1, 1, 2))
        >>> k = ops.ones((1, 2, 1, 2))
        >>> v = ops.reshape(ops.convert_to_tensor([1.0, 2.0, 3.0, 4.0]), (1, 2, 1, 2))
        >>> print(ops.convert_to_numpy(ops.dot_product_attention(q, k, v)[0, 0, 0]))
        [2. 3.]
        >>> from multikeras.backend import KernelUnavailableError
        >>> try:
        ...     out = ops.dot_product_attention(q, k, v, flash_attention=True)
        ... except KernelUnavailableError:  # this backend has no flash kernel for these inputs
        ...     out = ops.dot_product_attention(q, k, v, flash_attention=False)
        >>> print(ops.convert_to_numpy(out[0, 0, 0]))
        [2. 3.]
    """
    try:
        return (_active() or _process_backend()).dot_product_attention(query, key, value, bias, mask, scale, is_causal, _flash_attention_for_call(flash_attention), attn_logits_soft_cap)
    except Exception as error:
        return _failed('dot_product_attention', error, {'query': query, 'key': key, 'value': value, 'bias': bias, 'mask': mask, 'scale': scale, 'is_causal': is_causal, 'flash_attention': flash_attention, 'attn_logits_soft_cap': attn_logits_soft_cap})


def elu(x: ArrayLike, alpha=1.0) -> Array:
    """Exponential linear unit: ``x`` for ``x > 0``, ``alpha * (exp(x) - 1)`` otherwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        alpha: Scale of the negative part.

    Returns:
        The activations.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.elu([-1.0, 0.0, 2.0])).round(4))
        [-0.6321  0.      2.    ]
    """
    try:
        return (_active() or _process_backend()).elu(x, alpha)
    except Exception as error:
        return _failed('elu', error, {'x': x, 'alpha': alpha})


def fold(x: ArrayLike, output_size, kernel_size, dilation=1, padding: str = 0, stride=1) -> Array:
    """Sum sliding blocks back into images: the adjoint of ``unfold``.

    ``x`` has shape ``(batch, channels * kh * kw, blocks)`` with the layout ``unfold``
    gives; overlapping values add up (booleans combine with ``or``). Input dtype is
    preserved.

    Args:
        x: Blocks, ``(batch, channels * kh * kw, blocks)``.
        output_size: Spatial size ``(height, width)`` of the result (an int for both).
        kernel_size: Window size (int or pair).
        dilation: Spacing between window taps (int or pair).
        padding: Zero padding on both sides of each spatial axis, removed from the result
            (int or pair).
        stride: Step between windows (int or pair).

    Returns:
        Images ``(batch, channels, height, width)``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.fold(ops.ones((1, 4, 9)), (4, 4), 2)[0, 0]))
        [[1. 2. 2. 1.]
         [2. 4. 4. 2.]
         [2. 4. 4. 2.]
         [1. 2. 2. 1.]]
    """
    try:
        return (_active() or _process_backend()).fold(x, output_size, kernel_size, dilation, padding, stride)
    except Exception as error:
        return _failed('fold', error, {'x': x, 'output_size': output_size, 'kernel_size': kernel_size, 'dilation': dilation, 'padding': padding, 'stride': stride})


def gelu(x: ArrayLike, approximate=True) -> Array:
    """Gaussian error linear unit.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        approximate: If ``True``, use the tanh approximation; otherwise the exact erf form.

    Returns:
        The activations.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.gelu([-1.0, 0.0, 1.0], approximate=False)).round(4))
        [-0.1587  0.      0.8413]
    """
    try:
        return (_active() or _process_backend()).gelu(x, approximate)
    except Exception as error:
        return _failed('gelu', error, {'x': x, 'approximate': approximate})


def glu(x: ArrayLike, axis: Axis = -1) -> Array:
    """Gated linear unit: ``a * sigmoid(b)`` for the two halves ``a, b`` of ``x``.

    ``x`` is split in two equal halves along ``axis``. The result is floating point:
    integer and boolean inputs give ``floatx()`` (``float32`` by default); float inputs
    keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis to split (its size must be even).

    Returns:
        A tensor half as large along ``axis``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.glu([[1.0, 2.0, 0.0, 0.0]])).round(4))
        [[0.5 1. ]]
    """
    try:
        return (_active() or _process_backend()).glu(x, axis)
    except Exception as error:
        return _failed('glu', error, {'x': x, 'axis': axis})


def hard_shrink(x: ArrayLike, threshold=0.5) -> Array:
    """Hard shrinkage: ``x`` where ``|x| > threshold``, 0 elsewhere.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        threshold: Values with magnitude at most this become 0.

    Returns:
        The shrunk values.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.hard_shrink([-1.0, 0.25, 2.0])))
        [-1.  0.  2.]
    """
    try:
        return (_active() or _process_backend()).hard_shrink(x, threshold)
    except Exception as error:
        return _failed('hard_shrink', error, {'x': x, 'threshold': threshold})


def hard_sigmoid(x: ArrayLike) -> Array:
    """Piecewise-linear approximation of the sigmoid: ``relu6(x + 3) / 6``.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        Values in ``[0, 1]``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.hard_sigmoid([-4.0, 0.0, 1.5])).round(4))
        [0.   0.5  0.75]
    """
    try:
        return (_active() or _process_backend()).hard_sigmoid(x)
    except Exception as error:
        return _failed('hard_sigmoid', error, {'x': x})


def hard_silu(x: ArrayLike) -> Array:
    """Hard SiLU (hard swish): ``x * hard_sigmoid(x)``.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The activations.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.hard_silu([-1.0, 0.0, 3.0])).round(4))
        [-0.3333  0.      3.    ]
    """
    try:
        return (_active() or _process_backend()).hard_silu(x)
    except Exception as error:
        return _failed('hard_silu', error, {'x': x})


def hard_swish(x: ArrayLike) -> Array:
    """Hard swish, alias of ``hard_silu``.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The activations.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.hard_swish([-1.0, 0.0, 3.0])).round(4))
        [-0.3333  0.      3.    ]
    """
    try:
        return (_active() or _process_backend()).hard_swish(x)
    except Exception as error:
        return _failed('hard_swish', error, {'x': x})


def hard_tanh(x: ArrayLike) -> Array:
    """Clip values to ``[-1, 1]``.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The activations.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.hard_tanh([-2.0, 0.5, 3.0])))
        [-1.   0.5  1. ]
    """
    try:
        return (_active() or _process_backend()).hard_tanh(x)
    except Exception as error:
        return _failed('hard_tanh', error, {'x': x})


def layer_normalization(x: ArrayLike, gamma: ArrayLike = None, beta: ArrayLike = None, axis: Axis = -1, epsilon=None) -> Array:
    """Normalize over ``axis`` to zero mean and unit variance, then scale and shift.

    Args:
        x: Input tensor.
        gamma: Optional scale, broadcast along ``axis``.
        beta: Optional shift, broadcast along ``axis``.
        axis: Axis (or axes) to normalize over.
        epsilon: Small constant added to the variance; ``None`` uses
            ``multikeras.config.epsilon()``.

    Returns:
        The normalized tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.layer_normalization([[1.0, 3.0]], epsilon=0.0)).round(4))
        [[-1.  1.]]
    """
    try:
        return (_active() or _process_backend()).layer_normalization(x, gamma, beta, axis, epsilon)
    except Exception as error:
        return _failed('layer_normalization', error, {'x': x, 'gamma': gamma, 'beta': beta, 'axis': axis, 'epsilon': epsilon})


def leaky_relu(x: ArrayLike, negative_slope=0.2) -> Array:
    """Leaky ReLU: ``x`` for ``x >= 0``, ``negative_slope * x`` otherwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        negative_slope: Slope of the negative part.

    Returns:
        The activations.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.leaky_relu([-1.0, 2.0])).round(4))
        [-0.2  2. ]
    """
    try:
        return (_active() or _process_backend()).leaky_relu(x, negative_slope)
    except Exception as error:
        return _failed('leaky_relu', error, {'x': x, 'negative_slope': negative_slope})


def log_sigmoid(x: ArrayLike) -> Array:
    """Logarithm of the sigmoid, computed stably: ``-softplus(-x)``.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The activations (all <= 0).

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.log_sigmoid([0.0, 1.0])).round(4))
        [-0.6931 -0.3133]
    """
    try:
        return (_active() or _process_backend()).log_sigmoid(x)
    except Exception as error:
        return _failed('log_sigmoid', error, {'x': x})


def log_softmax(x: ArrayLike, axis: Axis = -1) -> Array:
    """Logarithm of ``softmax`` along an axis, computed stably.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis holding the classes.

    Returns:
        Log-probabilities.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.log_softmax([0.0, 0.0])).round(4))
        [-0.6931 -0.6931]
    """
    try:
        return (_active() or _process_backend()).log_softmax(x, axis)
    except Exception as error:
        return _failed('log_softmax', error, {'x': x, 'axis': axis})


def max_pool(inputs: ArrayLike, pool_size, strides=None, padding: str = 'valid', data_format: str | None = None) -> Array:
    """Max pooling over sliding windows.

    ``data_format=None`` means ``multikeras.config.image_data_format()``
    (``"channels_last"`` by default).

    Args:
        inputs: Tensor ``(batch, *spatial, channels)`` (or channels first), 1 to 3 spatial
            axes.
        pool_size: Size of the pooling window (int or tuple, one per spatial axis).
        strides: Step of the window; ``None`` means ``pool_size``.
        padding: ``"valid"`` (no padding) or ``"same"`` (pad so that the output size depends
            only on the input size and the stride).
        data_format: ``"channels_last"`` or ``"channels_first"``; ``None`` uses
            ``multikeras.config.image_data_format()``.

    Returns:
        The pooled tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> x = ops.reshape(ops.convert_to_tensor([1.0, 3.0, 2.0, 0.0]), (1, 4, 1))
        >>> print(ops.convert_to_numpy(ops.max_pool(x, 2, strides=2, data_format="channels_last")[0, :, 0]))
        [3. 2.]
    """
    try:
        return (_active() or _process_backend()).max_pool(inputs, pool_size, strides, padding, data_format)
    except Exception as error:
        return _failed('max_pool', error, {'inputs': inputs, 'pool_size': pool_size, 'strides': strides, 'padding': padding, 'data_format': data_format})


def moments(x: ArrayLike, axes: Any, keepdims: bool = False) -> Array:
    """Mean and variance of ``x`` over ``axes``.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axes: Axes to reduce over.
        keepdims: If ``True``, reduced axes are kept with length 1.

    Returns:
        A tuple ``(mean, variance)``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> mean, variance = ops.moments([1.0, 2.0, 3.0, 6.0], axes=(0,))
        >>> print(ops.convert_to_numpy(mean))
        3.0
        >>> print(ops.convert_to_numpy(variance))
        3.5
    """
    try:
        return (_active() or _process_backend()).moments(x, axes, keepdims)
    except Exception as error:
        return _failed('moments', error, {'x': x, 'axes': axes, 'keepdims': keepdims})


def multi_hot(inputs: ArrayLike, num_classes=None, axis: Axis = -1, dtype: DTypeLike | None = None) -> Array:
    """Encode integer labels as multi-hot vectors (several ones per row).

    Args:
        inputs: Integer labels ``(..., n)``; the ``n`` labels of a row set ones in the same
            vector.
        num_classes: Length of the encoding.
        axis: Position of the class axis in the result.
        dtype: Dtype of the result; ``None`` means ``floatx()``.

    Returns:
        A tensor with the last label axis replaced by ``num_classes``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.multi_hot([[0, 2]], 4)))
        [[1. 0. 1. 0.]]
    """
    try:
        return (_active() or _process_backend()).multi_hot(inputs, num_classes, axis, dtype)
    except Exception as error:
        return _failed('multi_hot', error, {'inputs': inputs, 'num_classes': num_classes, 'axis': axis, 'dtype': dtype})


def normalize(x: ArrayLike, axis: Axis = -1, order=2, epsilon=None) -> Array:
    """Scale ``x`` to unit ``order``-norm along an axis.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis along which to compute the norm.
        order: Order of the norm (2 for Euclidean).
        epsilon: Lower bound on the norm to avoid division by zero; ``None`` uses
            ``multikeras.config.epsilon()``.

    Returns:
        The normalized tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.normalize([[3.0, 4.0]])).round(4))
        [[0.6 0.8]]
    """
    try:
        return (_active() or _process_backend()).normalize(x, axis, order, epsilon)
    except Exception as error:
        return _failed('normalize', error, {'x': x, 'axis': axis, 'order': order, 'epsilon': epsilon})


def one_hot(x: ArrayLike, num_classes, axis: Axis = -1, dtype: DTypeLike | None = None) -> Array:
    """Encode integer labels as one-hot vectors.

    Labels outside ``[0, num_classes)`` give all-zero vectors.

    Args:
        x: Integer labels.
        num_classes: Length of the encoding.
        axis: Position of the class axis in the result.
        dtype: Dtype of the result; ``None`` means ``floatx()``.

    Returns:
        A tensor with one more axis of size ``num_classes``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.one_hot([0, 2], 3)))
        [[1. 0. 0.]
         [0. 0. 1.]]
    """
    try:
        return (_active() or _process_backend()).one_hot(x, num_classes, axis, dtype)
    except Exception as error:
        return _failed('one_hot', error, {'x': x, 'num_classes': num_classes, 'axis': axis, 'dtype': dtype})


def polar(abs_: ArrayLike, angle: ArrayLike) -> Array:
    """Build complex numbers from magnitudes and angles: ``abs_ * exp(1j * angle)``.

    Args:
        abs_: Magnitudes.
        angle: Angles in radians.

    Returns:
        A complex tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> z = ops.convert_to_numpy(ops.polar([2.0], [0.0]))
        >>> z.real.tolist(), z.imag.tolist()
        ([2.0], [0.0])
    """
    try:
        return (_active() or _process_backend()).polar(abs_, angle)
    except Exception as error:
        return _failed('polar', error, {'abs_': abs_, 'angle': angle})


def psnr(x1: ArrayLike, x2: ArrayLike, max_val) -> Array:
    """Peak signal-to-noise ratio between two images, in decibels.

    Args:
        x1: First image batch.
        x2: Second image batch, same shape.
        max_val: Largest possible pixel value (for example 1.0 or 255).

    Returns:
        A scalar.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.psnr(ops.zeros((1, 2, 2, 1)), ops.full((1, 2, 2, 1), 0.1), 1.0)).round(4))
        20.0
    """
    try:
        return (_active() or _process_backend()).psnr(x1, x2, max_val)
    except Exception as error:
        return _failed('psnr', error, {'x1': x1, 'x2': x2, 'max_val': max_val})


def relu(x: ArrayLike) -> Array:
    """Rectified linear unit: ``max(x, 0)``.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The activations.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.relu([-1.0, 0.0, 2.0])))
        [0. 0. 2.]
    """
    try:
        return (_active() or _process_backend()).relu(x)
    except Exception as error:
        return _failed('relu', error, {'x': x})


def relu6(x: ArrayLike) -> Array:
    """ReLU capped at 6: ``min(max(x, 0), 6)``.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The activations.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.relu6([-1.0, 3.0, 8.0])))
        [0. 3. 6.]
    """
    try:
        return (_active() or _process_backend()).relu6(x)
    except Exception as error:
        return _failed('relu6', error, {'x': x})


def rms_normalization(x: ArrayLike, scale: ArrayLike = None, axis: Axis = -1, epsilon=None) -> Array:
    """Divide by the root mean square over ``axis``, then scale.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        scale: Optional multiplier, broadcast along ``axis``.
        axis: Axis (or axes) to normalize over.
        epsilon: Small constant added to the mean square; ``None`` uses
            ``multikeras.config.epsilon()``.

    Returns:
        The normalized tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.rms_normalization([[3.0, 4.0]], epsilon=0.0)).round(4))
        [[0.8485 1.1314]]
    """
    try:
        return (_active() or _process_backend()).rms_normalization(x, scale, axis, epsilon)
    except Exception as error:
        return _failed('rms_normalization', error, {'x': x, 'scale': scale, 'axis': axis, 'epsilon': epsilon})


def selu(x: ArrayLike) -> Array:
    """Scaled exponential linear unit, with the self-normalizing constants.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The activations.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.selu([-1.0, 0.0, 1.0])).round(4))
        [-1.1113  0.      1.0507]
    """
    try:
        return (_active() or _process_backend()).selu(x)
    except Exception as error:
        return _failed('selu', error, {'x': x})


def separable_conv(inputs: ArrayLike, depthwise_kernel: ArrayLike, pointwise_kernel: ArrayLike, strides=1, padding: str = 'valid', data_format: str | None = None, dilation_rate=1) -> Array:
    """Depthwise convolution followed by a pointwise (1x1) convolution.

    ``data_format=None`` means ``multikeras.config.image_data_format()``
    (``"channels_last"`` by default).

    Args:
        inputs: Tensor ``(batch, *spatial, channels)`` (or channels first).
        depthwise_kernel: Kernel ``(*spatial, in_channels, channel_multiplier)``.
        pointwise_kernel: Kernel ``(*ones, in_channels * channel_multiplier,
            out_channels)``.
        strides: Step of the window along each spatial axis (int or tuple).
        padding: ``"valid"`` (no padding) or ``"same"`` (pad so that the output size depends
            only on the input size and the stride).
        data_format: ``"channels_last"`` or ``"channels_first"``; ``None`` uses
            ``multikeras.config.image_data_format()``.
        dilation_rate: Spacing between kernel taps along each spatial axis (int or tuple).

    Returns:
        The convolved tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> x = ops.reshape(ops.arange(4.0), (1, 4, 1))
        >>> dk = ops.reshape(ops.convert_to_tensor([1.0, 1.0]), (2, 1, 1))
        >>> pk = ops.reshape(ops.convert_to_tensor([2.0]), (1, 1, 1))
        >>> print(ops.convert_to_numpy(ops.separable_conv(x, dk, pk, data_format="channels_last")[0, :, 0]))
        [ 2.  6. 10.]
    """
    try:
        return (_active() or _process_backend()).separable_conv(inputs, depthwise_kernel, pointwise_kernel, strides, padding, data_format, dilation_rate)
    except Exception as error:
        return _failed('separable_conv', error, {'inputs': inputs, 'depthwise_kernel': depthwise_kernel, 'pointwise_kernel': pointwise_kernel, 'strides': strides, 'padding': padding, 'data_format': data_format, 'dilation_rate': dilation_rate})


def sigmoid(x: ArrayLike) -> Array:
    """Logistic sigmoid ``1 / (1 + exp(-x))``.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        Values in ``(0, 1)``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.sigmoid([0.0, 2.0])).round(4))
        [0.5    0.8808]
    """
    try:
        return (_active() or _process_backend()).sigmoid(x)
    except Exception as error:
        return _failed('sigmoid', error, {'x': x})


def silu(x: ArrayLike) -> Array:
    """Sigmoid linear unit (swish): ``x * sigmoid(x)``.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The activations.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.silu([0.0, 2.0])).round(4))
        [0.     1.7616]
    """
    try:
        return (_active() or _process_backend()).silu(x)
    except Exception as error:
        return _failed('silu', error, {'x': x})


def soft_shrink(x: ArrayLike, threshold=0.5) -> Array:
    """Soft shrinkage: move values towards 0 by ``threshold``, zeroing those within it.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        threshold: Amount subtracted from the magnitude.

    Returns:
        The shrunk values.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.soft_shrink([-1.0, 0.25, 2.0])))
        [-0.5  0.   1.5]
    """
    try:
        return (_active() or _process_backend()).soft_shrink(x, threshold)
    except Exception as error:
        return _failed('soft_shrink', error, {'x': x, 'threshold': threshold})


def softmax(x: ArrayLike, axis: Axis = -1) -> Array:
    """Softmax along an axis: ``exp(x) / sum(exp(x))``, computed stably.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis (or axes) to normalize over.

    Returns:
        Probabilities summing to 1 along ``axis``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.softmax([0.0, 0.0, 0.0, 0.0])).round(4))
        [0.25 0.25 0.25 0.25]
    """
    try:
        return (_active() or _process_backend()).softmax(x, axis)
    except Exception as error:
        return _failed('softmax', error, {'x': x, 'axis': axis})


def softplus(x: ArrayLike) -> Array:
    """``log(1 + exp(x))``, computed stably.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The activations (all > 0).

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.softplus([0.0, 1.0])).round(4))
        [0.6931 1.3133]
    """
    try:
        return (_active() or _process_backend()).softplus(x)
    except Exception as error:
        return _failed('softplus', error, {'x': x})


def softsign(x: ArrayLike) -> Array:
    """``x / (1 + |x|)``.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        Values in ``(-1, 1)``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.softsign([-1.0, 3.0])))
        [-0.5   0.75]
    """
    try:
        return (_active() or _process_backend()).softsign(x)
    except Exception as error:
        return _failed('softsign', error, {'x': x})


def space_to_depth(x: ArrayLike, block_size, data_format: str | None = 'channels_last') -> Array:
    """Move spatial blocks into channels (the inverse of ``depth_to_space``).

    Args:
        x: Tensor of rank 4.
        block_size: Side of the spatial block; height and width must be divisible by it.
        data_format: ``"channels_last"`` or ``"channels_first"``.

    Returns:
        A tensor with ``block_size ** 2`` times more channels.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> x = ops.reshape(ops.arange(4), (1, 2, 2, 1))
        >>> print(ops.convert_to_numpy(ops.space_to_depth(x, 2)[0, 0, 0]))
        [0 1 2 3]
    """
    try:
        return (_active() or _process_backend()).space_to_depth(x, block_size, data_format)
    except Exception as error:
        return _failed('space_to_depth', error, {'x': x, 'block_size': block_size, 'data_format': data_format})


def sparse_categorical_crossentropy(target: ArrayLike, output: ArrayLike, from_logits=False, axis: Axis = -1) -> Array:
    """Cross-entropy between integer class labels and predicted distributions.

    Args:
        target: Integer class labels, shape of ``output`` without ``axis``.
        output: Predicted probabilities, or logits when ``from_logits=True``.
        from_logits: If ``True``, ``output`` holds logits instead of probabilities.
        axis: The class axis of ``output``.

    Returns:
        The loss of each sample.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.sparse_categorical_crossentropy([1], [[0.5, 0.5]])).round(4))
        [0.6931]
    """
    try:
        return (_active() or _process_backend()).sparse_categorical_crossentropy(target, output, from_logits, axis)
    except Exception as error:
        return _failed('sparse_categorical_crossentropy', error, {'target': target, 'output': output, 'from_logits': from_logits, 'axis': axis})


def sparse_plus(x: ArrayLike) -> Array:
    """Smooth ReLU: 0 below -1, ``(x + 1) ** 2 / 4`` between -1 and 1, ``x`` above 1.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The activations.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.sparse_plus([-2.0, 0.0, 2.0])))
        [0.   0.25 2.  ]
    """
    try:
        return (_active() or _process_backend()).sparse_plus(x)
    except Exception as error:
        return _failed('sparse_plus', error, {'x': x})


def sparse_sigmoid(x: ArrayLike) -> Array:
    """Piecewise-linear sigmoid: 0 below -1, ``(x + 1) / 2`` between -1 and 1, 1 above.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        Values in ``[0, 1]``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.sparse_sigmoid([-2.0, 0.0, 2.0])))
        [0.  0.5 1. ]
    """
    try:
        return (_active() or _process_backend()).sparse_sigmoid(x)
    except Exception as error:
        return _failed('sparse_sigmoid', error, {'x': x})


def sparsemax(x: ArrayLike, axis: Axis = -1) -> Array:
    """Sparsemax: Euclidean projection of ``x`` onto the probability simplex.

    Unlike ``softmax``, many outputs are exactly 0. The result is floating point:
    integer and boolean inputs give ``floatx()`` (``float32`` by default); float inputs
    keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis to normalize over.

    Returns:
        Probabilities summing to 1 along ``axis``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.sparsemax([0.0, 1.0, 3.0])))
        [0. 0. 1.]
    """
    try:
        return (_active() or _process_backend()).sparsemax(x, axis)
    except Exception as error:
        return _failed('sparsemax', error, {'x': x, 'axis': axis})


def squareplus(x: ArrayLike, b: ArrayLike = 4) -> Array:
    """Squareplus: ``(x + sqrt(x ** 2 + b)) / 2``, a smooth ReLU.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        b: Smoothness parameter (non-negative).

    Returns:
        The activations.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.squareplus([0.0, 1.5])))
        [1. 2.]
    """
    try:
        return (_active() or _process_backend()).squareplus(x, b)
    except Exception as error:
        return _failed('squareplus', error, {'x': x, 'b': b})


def swish(x: ArrayLike) -> Array:
    """Swish, alias of ``silu``: ``x * sigmoid(x)``.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The activations.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.swish([0.0, 2.0])).round(4))
        [0.     1.7616]
    """
    try:
        return (_active() or _process_backend()).swish(x)
    except Exception as error:
        return _failed('swish', error, {'x': x})


def tanh_shrink(x: ArrayLike) -> Array:
    """``x - tanh(x)``.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The activations.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.tanh_shrink([0.0, 1.0])).round(4))
        [0.     0.2384]
    """
    try:
        return (_active() or _process_backend()).tanh_shrink(x)
    except Exception as error:
        return _failed('tanh_shrink', error, {'x': x})


def threshold(x: ArrayLike, threshold, default_value) -> Array:
    """Keep ``x`` where it is greater than ``threshold``, else use ``default_value``.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        threshold: Values at or below this are replaced.
        default_value: Replacement value.

    Returns:
        The thresholded tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.threshold([0.5, 2.0], 1.0, 0.0)))
        [0. 2.]
    """
    try:
        return (_active() or _process_backend()).threshold(x, threshold, default_value)
    except Exception as error:
        return _failed('threshold', error, {'x': x, 'threshold': threshold, 'default_value': default_value})


def unfold(x: ArrayLike, kernel_size, dilation=1, padding: str = 0, stride=1) -> Array:
    """Extract sliding blocks of ``(batch, channels, height, width)`` images, as ``torch.nn.functional.unfold``.

    The result has shape ``(batch, channels * kh * kw, blocks)``: channel-major, then
    kernel row and column; blocks run over the output positions row by row. A window
    that does not fit in the padded input raises ``ValueError``. Input dtype is
    preserved.

    Args:
        x: Images ``(batch, channels, height, width)``.
        kernel_size: Window size (int or pair).
        dilation: Spacing between window taps (int or pair).
        padding: Zero padding on both sides of each spatial axis (int or pair).
        stride: Step between windows (int or pair).

    Returns:
        The blocks, ``(batch, channels * kh * kw, blocks)``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.unfold(ops.reshape(ops.arange(9.0), (1, 1, 3, 3)), 2)[0]))
        [[0. 1. 3. 4.]
         [1. 2. 4. 5.]
         [3. 4. 6. 7.]
         [4. 5. 7. 8.]]
    """
    try:
        return (_active() or _process_backend()).unfold(x, kernel_size, dilation, padding, stride)
    except Exception as error:
        return _failed('unfold', error, {'x': x, 'kernel_size': kernel_size, 'dilation': dilation, 'padding': padding, 'stride': stride})
