"""``multikeras.ops.nn``: generated from ``ops/catalog.py``; do not edit.

Regenerate with ``python tools/generate_ops.py``.
"""

# fmt: off
from __future__ import annotations

from typing import Any

from multikeras.backend.selection import _override, _process_backend
from multikeras.ops._dispatch import handle_failure as _failed
from multikeras.ops.types import Array, ArrayLike, Axis, DTypeLike, Shape

_active = _override.get

__all__ = ['adaptive_average_pool', 'adaptive_max_pool', 'average_pool', 'batch_normalization', 'binary_crossentropy', 'categorical_crossentropy', 'celu', 'conv', 'conv_transpose', 'ctc_loss', 'depth_to_space', 'depthwise_conv', 'dot_product_attention', 'elu', 'gelu', 'glu', 'hard_shrink', 'hard_sigmoid', 'hard_silu', 'hard_swish', 'hard_tanh', 'layer_normalization', 'leaky_relu', 'log_sigmoid', 'log_softmax', 'max_pool', 'moments', 'multi_hot', 'normalize', 'one_hot', 'polar', 'psnr', 'relu', 'relu6', 'rms_normalization', 'selu', 'separable_conv', 'sigmoid', 'silu', 'soft_shrink', 'softmax', 'softplus', 'softsign', 'space_to_depth', 'sparse_categorical_crossentropy', 'sparse_plus', 'sparse_sigmoid', 'sparsemax', 'squareplus', 'swish', 'tanh_shrink', 'threshold']


def adaptive_average_pool(inputs: ArrayLike, output_size, data_format: str | None = None) -> Array:
    """Keras 3 ``keras.ops.adaptive_average_pool`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).adaptive_average_pool(inputs, output_size, data_format)
    except Exception as error:
        return _failed('adaptive_average_pool', error, {'inputs': inputs, 'output_size': output_size, 'data_format': data_format})


def adaptive_max_pool(inputs: ArrayLike, output_size, data_format: str | None = None) -> Array:
    """Keras 3 ``keras.ops.adaptive_max_pool`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).adaptive_max_pool(inputs, output_size, data_format)
    except Exception as error:
        return _failed('adaptive_max_pool', error, {'inputs': inputs, 'output_size': output_size, 'data_format': data_format})


def average_pool(inputs: ArrayLike, pool_size, strides=None, padding: str = 'valid', data_format: str | None = None) -> Array:
    """Keras 3 ``keras.ops.average_pool`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).average_pool(inputs, pool_size, strides, padding, data_format)
    except Exception as error:
        return _failed('average_pool', error, {'inputs': inputs, 'pool_size': pool_size, 'strides': strides, 'padding': padding, 'data_format': data_format})


def batch_normalization(x: ArrayLike, mean: ArrayLike, variance: ArrayLike, axis: Axis, offset: ArrayLike = None, scale: ArrayLike = None, epsilon=0.001) -> Array:
    """Keras 3 ``keras.ops.batch_normalization`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).batch_normalization(x, mean, variance, axis, offset, scale, epsilon)
    except Exception as error:
        return _failed('batch_normalization', error, {'x': x, 'mean': mean, 'variance': variance, 'axis': axis, 'offset': offset, 'scale': scale, 'epsilon': epsilon})


def binary_crossentropy(target: ArrayLike, output: ArrayLike, from_logits=False) -> Array:
    """Keras 3 ``keras.ops.binary_crossentropy`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).binary_crossentropy(target, output, from_logits)
    except Exception as error:
        return _failed('binary_crossentropy', error, {'target': target, 'output': output, 'from_logits': from_logits})


def categorical_crossentropy(target: ArrayLike, output: ArrayLike, from_logits=False, axis: Axis = -1) -> Array:
    """Keras 3 ``keras.ops.categorical_crossentropy`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).categorical_crossentropy(target, output, from_logits, axis)
    except Exception as error:
        return _failed('categorical_crossentropy', error, {'target': target, 'output': output, 'from_logits': from_logits, 'axis': axis})


def celu(x: ArrayLike, alpha=1.0) -> Array:
    """Keras 3 ``keras.ops.celu`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).celu(x, alpha)
    except Exception as error:
        return _failed('celu', error, {'x': x, 'alpha': alpha})


def conv(inputs: ArrayLike, kernel: ArrayLike, strides=1, padding: str = 'valid', data_format: str | None = None, dilation_rate=1) -> Array:
    """Keras 3 ``keras.ops.conv`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).conv(inputs, kernel, strides, padding, data_format, dilation_rate)
    except Exception as error:
        return _failed('conv', error, {'inputs': inputs, 'kernel': kernel, 'strides': strides, 'padding': padding, 'data_format': data_format, 'dilation_rate': dilation_rate})


def conv_transpose(inputs: ArrayLike, kernel: ArrayLike, strides=1, padding: str = 'valid', output_padding=None, data_format: str | None = None, dilation_rate=1) -> Array:
    """Keras 3 ``keras.ops.conv_transpose`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).conv_transpose(inputs, kernel, strides, padding, output_padding, data_format, dilation_rate)
    except Exception as error:
        return _failed('conv_transpose', error, {'inputs': inputs, 'kernel': kernel, 'strides': strides, 'padding': padding, 'output_padding': output_padding, 'data_format': data_format, 'dilation_rate': dilation_rate})


def ctc_loss(target: ArrayLike, output: ArrayLike, target_length: ArrayLike, output_length: ArrayLike, mask_index=0) -> Array:
    """Keras 3 ``keras.ops.ctc_loss`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).ctc_loss(target, output, target_length, output_length, mask_index)
    except Exception as error:
        return _failed('ctc_loss', error, {'target': target, 'output': output, 'target_length': target_length, 'output_length': output_length, 'mask_index': mask_index})


def depth_to_space(x: ArrayLike, block_size, data_format: str | None = 'channels_last') -> Array:
    """Keras 3 ``keras.ops.depth_to_space`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).depth_to_space(x, block_size, data_format)
    except Exception as error:
        return _failed('depth_to_space', error, {'x': x, 'block_size': block_size, 'data_format': data_format})


def depthwise_conv(inputs: ArrayLike, kernel: ArrayLike, strides=1, padding: str = 'valid', data_format: str | None = None, dilation_rate=1) -> Array:
    """Keras 3 ``keras.ops.depthwise_conv`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).depthwise_conv(inputs, kernel, strides, padding, data_format, dilation_rate)
    except Exception as error:
        return _failed('depthwise_conv', error, {'inputs': inputs, 'kernel': kernel, 'strides': strides, 'padding': padding, 'data_format': data_format, 'dilation_rate': dilation_rate})


def dot_product_attention(query: ArrayLike, key: ArrayLike, value: ArrayLike, bias: ArrayLike = None, mask: ArrayLike = None, scale: ArrayLike = None, is_causal=False, attn_logits_soft_cap=None) -> Array:
    """Keras 3 ``keras.ops.dot_product_attention`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).dot_product_attention(query, key, value, bias, mask, scale, is_causal, attn_logits_soft_cap)
    except Exception as error:
        return _failed('dot_product_attention', error, {'query': query, 'key': key, 'value': value, 'bias': bias, 'mask': mask, 'scale': scale, 'is_causal': is_causal, 'attn_logits_soft_cap': attn_logits_soft_cap})


def elu(x: ArrayLike, alpha=1.0) -> Array:
    """Keras 3 ``keras.ops.elu`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).elu(x, alpha)
    except Exception as error:
        return _failed('elu', error, {'x': x, 'alpha': alpha})


def gelu(x: ArrayLike, approximate=True) -> Array:
    """Keras 3 ``keras.ops.gelu`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).gelu(x, approximate)
    except Exception as error:
        return _failed('gelu', error, {'x': x, 'approximate': approximate})


def glu(x: ArrayLike, axis: Axis = -1) -> Array:
    """Keras 3 ``keras.ops.glu`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).glu(x, axis)
    except Exception as error:
        return _failed('glu', error, {'x': x, 'axis': axis})


def hard_shrink(x: ArrayLike, threshold=0.5) -> Array:
    """Keras 3 ``keras.ops.hard_shrink`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).hard_shrink(x, threshold)
    except Exception as error:
        return _failed('hard_shrink', error, {'x': x, 'threshold': threshold})


def hard_sigmoid(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.hard_sigmoid`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).hard_sigmoid(x)
    except Exception as error:
        return _failed('hard_sigmoid', error, {'x': x})


def hard_silu(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.hard_silu`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).hard_silu(x)
    except Exception as error:
        return _failed('hard_silu', error, {'x': x})


def hard_swish(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.hard_swish`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).hard_swish(x)
    except Exception as error:
        return _failed('hard_swish', error, {'x': x})


def hard_tanh(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.hard_tanh`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).hard_tanh(x)
    except Exception as error:
        return _failed('hard_tanh', error, {'x': x})


def layer_normalization(x: ArrayLike, gamma: ArrayLike = None, beta: ArrayLike = None, axis: Axis = -1, epsilon=None) -> Array:
    """Keras 3 ``keras.ops.layer_normalization`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).layer_normalization(x, gamma, beta, axis, epsilon)
    except Exception as error:
        return _failed('layer_normalization', error, {'x': x, 'gamma': gamma, 'beta': beta, 'axis': axis, 'epsilon': epsilon})


def leaky_relu(x: ArrayLike, negative_slope=0.2) -> Array:
    """Keras 3 ``keras.ops.leaky_relu`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).leaky_relu(x, negative_slope)
    except Exception as error:
        return _failed('leaky_relu', error, {'x': x, 'negative_slope': negative_slope})


def log_sigmoid(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.log_sigmoid`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).log_sigmoid(x)
    except Exception as error:
        return _failed('log_sigmoid', error, {'x': x})


def log_softmax(x: ArrayLike, axis: Axis = -1) -> Array:
    """Keras 3 ``keras.ops.log_softmax`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).log_softmax(x, axis)
    except Exception as error:
        return _failed('log_softmax', error, {'x': x, 'axis': axis})


def max_pool(inputs: ArrayLike, pool_size, strides=None, padding: str = 'valid', data_format: str | None = None) -> Array:
    """Keras 3 ``keras.ops.max_pool`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).max_pool(inputs, pool_size, strides, padding, data_format)
    except Exception as error:
        return _failed('max_pool', error, {'inputs': inputs, 'pool_size': pool_size, 'strides': strides, 'padding': padding, 'data_format': data_format})


def moments(x: ArrayLike, axes: Any, keepdims: bool = False) -> Array:
    """Keras 3 ``keras.ops.moments`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).moments(x, axes, keepdims)
    except Exception as error:
        return _failed('moments', error, {'x': x, 'axes': axes, 'keepdims': keepdims})


def multi_hot(inputs: ArrayLike, num_classes=None, axis: Axis = -1, dtype: DTypeLike | None = None) -> Array:
    """Keras 3 ``keras.ops.multi_hot`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).multi_hot(inputs, num_classes, axis, dtype)
    except Exception as error:
        return _failed('multi_hot', error, {'inputs': inputs, 'num_classes': num_classes, 'axis': axis, 'dtype': dtype})


def normalize(x: ArrayLike, axis: Axis = -1, order=2, epsilon=None) -> Array:
    """Keras 3 ``keras.ops.normalize`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).normalize(x, axis, order, epsilon)
    except Exception as error:
        return _failed('normalize', error, {'x': x, 'axis': axis, 'order': order, 'epsilon': epsilon})


def one_hot(x: ArrayLike, num_classes, axis: Axis = -1, dtype: DTypeLike | None = None) -> Array:
    """Keras 3 ``keras.ops.one_hot`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).one_hot(x, num_classes, axis, dtype)
    except Exception as error:
        return _failed('one_hot', error, {'x': x, 'num_classes': num_classes, 'axis': axis, 'dtype': dtype})


def polar(abs_: ArrayLike, angle: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.polar`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).polar(abs_, angle)
    except Exception as error:
        return _failed('polar', error, {'abs_': abs_, 'angle': angle})


def psnr(x1: ArrayLike, x2: ArrayLike, max_val) -> Array:
    """Keras 3 ``keras.ops.psnr`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).psnr(x1, x2, max_val)
    except Exception as error:
        return _failed('psnr', error, {'x1': x1, 'x2': x2, 'max_val': max_val})


def relu(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.relu`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).relu(x)
    except Exception as error:
        return _failed('relu', error, {'x': x})


def relu6(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.relu6`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).relu6(x)
    except Exception as error:
        return _failed('relu6', error, {'x': x})


def rms_normalization(x: ArrayLike, scale: ArrayLike = None, axis: Axis = -1, epsilon=None) -> Array:
    """Keras 3 ``keras.ops.rms_normalization`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).rms_normalization(x, scale, axis, epsilon)
    except Exception as error:
        return _failed('rms_normalization', error, {'x': x, 'scale': scale, 'axis': axis, 'epsilon': epsilon})


def selu(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.selu`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).selu(x)
    except Exception as error:
        return _failed('selu', error, {'x': x})


def separable_conv(inputs: ArrayLike, depthwise_kernel: ArrayLike, pointwise_kernel: ArrayLike, strides=1, padding: str = 'valid', data_format: str | None = None, dilation_rate=1) -> Array:
    """Keras 3 ``keras.ops.separable_conv`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).separable_conv(inputs, depthwise_kernel, pointwise_kernel, strides, padding, data_format, dilation_rate)
    except Exception as error:
        return _failed('separable_conv', error, {'inputs': inputs, 'depthwise_kernel': depthwise_kernel, 'pointwise_kernel': pointwise_kernel, 'strides': strides, 'padding': padding, 'data_format': data_format, 'dilation_rate': dilation_rate})


def sigmoid(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.sigmoid`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).sigmoid(x)
    except Exception as error:
        return _failed('sigmoid', error, {'x': x})


def silu(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.silu`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).silu(x)
    except Exception as error:
        return _failed('silu', error, {'x': x})


def soft_shrink(x: ArrayLike, threshold=0.5) -> Array:
    """Keras 3 ``keras.ops.soft_shrink`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).soft_shrink(x, threshold)
    except Exception as error:
        return _failed('soft_shrink', error, {'x': x, 'threshold': threshold})


def softmax(x: ArrayLike, axis: Axis = -1) -> Array:
    """Keras 3 ``keras.ops.softmax`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).softmax(x, axis)
    except Exception as error:
        return _failed('softmax', error, {'x': x, 'axis': axis})


def softplus(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.softplus`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).softplus(x)
    except Exception as error:
        return _failed('softplus', error, {'x': x})


def softsign(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.softsign`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).softsign(x)
    except Exception as error:
        return _failed('softsign', error, {'x': x})


def space_to_depth(x: ArrayLike, block_size, data_format: str | None = 'channels_last') -> Array:
    """Keras 3 ``keras.ops.space_to_depth`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).space_to_depth(x, block_size, data_format)
    except Exception as error:
        return _failed('space_to_depth', error, {'x': x, 'block_size': block_size, 'data_format': data_format})


def sparse_categorical_crossentropy(target: ArrayLike, output: ArrayLike, from_logits=False, axis: Axis = -1) -> Array:
    """Keras 3 ``keras.ops.sparse_categorical_crossentropy`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).sparse_categorical_crossentropy(target, output, from_logits, axis)
    except Exception as error:
        return _failed('sparse_categorical_crossentropy', error, {'target': target, 'output': output, 'from_logits': from_logits, 'axis': axis})


def sparse_plus(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.sparse_plus`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).sparse_plus(x)
    except Exception as error:
        return _failed('sparse_plus', error, {'x': x})


def sparse_sigmoid(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.sparse_sigmoid`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).sparse_sigmoid(x)
    except Exception as error:
        return _failed('sparse_sigmoid', error, {'x': x})


def sparsemax(x: ArrayLike, axis: Axis = -1) -> Array:
    """Keras 3 ``keras.ops.sparsemax`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).sparsemax(x, axis)
    except Exception as error:
        return _failed('sparsemax', error, {'x': x, 'axis': axis})


def squareplus(x: ArrayLike, b: ArrayLike = 4) -> Array:
    """Keras 3 ``keras.ops.squareplus`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).squareplus(x, b)
    except Exception as error:
        return _failed('squareplus', error, {'x': x, 'b': b})


def swish(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.swish`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).swish(x)
    except Exception as error:
        return _failed('swish', error, {'x': x})


def tanh_shrink(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.tanh_shrink`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).tanh_shrink(x)
    except Exception as error:
        return _failed('tanh_shrink', error, {'x': x})


def threshold(x: ArrayLike, threshold, default_value) -> Array:
    """Keras 3 ``keras.ops.threshold`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).threshold(x, threshold, default_value)
    except Exception as error:
        return _failed('threshold', error, {'x': x, 'threshold': threshold, 'default_value': default_value})
