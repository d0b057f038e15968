"""Direct NumPy references for the convolution layers: explicit loops over output positions and kernel taps.

Written from the definitions, independently of every backend (and of the numpy backend's vectorized code):

* convolution: ``out[o] = sum_k x_padded[o * stride + k * dilation] @ kernel[k]`` (per group);
* transposed convolution: the adjoint, ``canvas[i * stride + k * dilation] += x[i] @ kernel[k].T``, then the
  window of the output length that the matching forward convolution would read;
* depthwise: channel ``c`` convolved with ``kernel[..., c, :]`` only; separable: depthwise, then a 1x1 conv.

Inputs are taken in either data format and the result is returned in the same one.
Import as ``from layers.convolutional.reference import conv`` (tests/ is on ``sys.path``).
"""

from __future__ import annotations

import itertools

import numpy as np


def _tuple(value, rank):
    return (value,) * rank if isinstance(value, int) else tuple(value)


def _to_last(x, data_format):
    return np.moveaxis(x, 1, -1) if data_format == "channels_first" else x


def _from_last(x, data_format):
    return np.moveaxis(x, -1, 1) if data_format == "channels_first" else x


def _pad_amounts(size, effective, stride, padding):
    """(before, after) zero padding of one spatial axis, as TensorFlow / Keras define it."""
    if padding == "valid":
        return 0, 0
    if padding == "causal":
        return effective - 1, 0
    out = -(-size // stride)
    total = max((out - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2


def _padded(x, kernel_size, strides, dilation, padding):
    rank = x.ndim - 2
    amounts = [
        _pad_amounts(x.shape[1 + i], (kernel_size[i] - 1) * dilation[i] + 1, strides[i], padding) for i in range(rank)
    ]
    return np.pad(x, [(0, 0), *amounts, (0, 0)])


def _out_sizes(xp, kernel_size, strides, dilation):
    return [
        (xp.shape[1 + i] - ((kernel_size[i] - 1) * dilation[i] + 1)) // strides[i] + 1 for i in range(len(kernel_size))
    ]


def _tap(xp, position, offset, strides, dilation):
    """``xp[:, position * stride + offset * dilation, :]`` -> (batch, channels)."""
    index = tuple(p * s + k * d for p, k, s, d in zip(position, offset, strides, dilation))
    return xp[(slice(None), *index, slice(None))]


def conv(x, kernel, strides=1, padding="valid", data_format="channels_last", dilation_rate=1, groups=1):
    """Grouped N-D convolution with kernel ``(*kernel_size, in_channels // groups, filters)``."""
    x = _to_last(np.asarray(x, np.float64), data_format)
    kernel = np.asarray(kernel, np.float64)
    rank = x.ndim - 2
    ksize = kernel.shape[:rank]
    strides, dilation = _tuple(strides, rank), _tuple(dilation_rate, rank)
    xp = _padded(x, ksize, strides, dilation, padding)
    out_sizes = _out_sizes(xp, ksize, strides, dilation)
    filters = kernel.shape[-1]
    in_per_group, out_per_group = kernel.shape[-2], filters // groups
    out = np.zeros((x.shape[0], *out_sizes, filters))
    for position in itertools.product(*map(range, out_sizes)):
        for offset in itertools.product(*map(range, ksize)):
            patch = _tap(xp, position, offset, strides, dilation)
            for g in range(groups):
                ins = slice(g * in_per_group, (g + 1) * in_per_group)
                outs = slice(g * out_per_group, (g + 1) * out_per_group)
                out[(slice(None), *position, outs)] += patch[:, ins] @ kernel[offset][:, outs]
    return _from_last(out, data_format)


def conv_transpose_length(size, kernel, stride, padding, dilation=1, output_padding=None):
    effective = (kernel - 1) * dilation + 1
    if output_padding is None:
        return size * stride + max(effective - stride, 0) if padding == "valid" else size * stride
    pad = effective // 2 if padding == "same" else 0
    return (size - 1) * stride + effective - 2 * pad + output_padding


def conv_transpose(x, kernel, strides=1, padding="valid", output_padding=None, data_format="channels_last",
                   dilation_rate=1):
    """N-D transposed convolution with kernel ``(*kernel_size, filters, in_channels)``."""
    x = _to_last(np.asarray(x, np.float64), data_format)
    kernel = np.asarray(kernel, np.float64)
    rank = x.ndim - 2
    ksize = kernel.shape[:rank]
    strides, dilation = _tuple(strides, rank), _tuple(dilation_rate, rank)
    paddings = (None,) * rank if output_padding is None else _tuple(output_padding, rank)
    sizes = x.shape[1:-1]
    lengths = [conv_transpose_length(sizes[i], ksize[i], strides[i], padding, dilation[i], paddings[i]) for i in range(rank)]
    # The forward convolution from `lengths` to `sizes` pads `before` on the left: output j is canvas j + before.
    befores = [
        _pad_amounts(lengths[i], (ksize[i] - 1) * dilation[i] + 1, strides[i], padding)[0] for i in range(rank)
    ]
    canvas_sizes = [max((sizes[i] - 1) * strides[i] + (ksize[i] - 1) * dilation[i] + 1, befores[i] + lengths[i])
                    for i in range(rank)]
    canvas = np.zeros((x.shape[0], *canvas_sizes, kernel.shape[-2]))
    for position in itertools.product(*map(range, sizes)):
        value = x[(slice(None), *position, slice(None))]
        for offset in itertools.product(*map(range, ksize)):
            index = tuple(p * s + k * d for p, k, s, d in zip(position, offset, strides, dilation))
            canvas[(slice(None), *index, slice(None))] += value @ kernel[offset].T
    crop = tuple(slice(b, b + n) for b, n in zip(befores, lengths))
    return _from_last(canvas[(slice(None), *crop, slice(None))], data_format)


def depthwise_conv(x, kernel, strides=1, padding="valid", data_format="channels_last", dilation_rate=1):
    """Depthwise convolution with kernel ``(*kernel_size, channels, multiplier)``; output channel ``c * m + j``."""
    x = _to_last(np.asarray(x, np.float64), data_format)
    kernel = np.asarray(kernel, np.float64)
    rank = x.ndim - 2
    ksize = kernel.shape[:rank]
    channels, multiplier = kernel.shape[-2:]
    strides, dilation = _tuple(strides, rank), _tuple(dilation_rate, rank)
    xp = _padded(x, ksize, strides, dilation, padding)
    out_sizes = _out_sizes(xp, ksize, strides, dilation)
    out = np.zeros((x.shape[0], *out_sizes, channels, multiplier))
    for position in itertools.product(*map(range, out_sizes)):
        for offset in itertools.product(*map(range, ksize)):
            patch = _tap(xp, position, offset, strides, dilation)  # (batch, channels)
            out[(slice(None), *position)] += patch[:, :, None] * kernel[offset][None]
    return _from_last(out.reshape(x.shape[0], *out_sizes, channels * multiplier), data_format)


def separable_conv(x, depthwise_kernel, pointwise_kernel, strides=1, padding="valid", data_format="channels_last",
                   dilation_rate=1):
    """Depthwise convolution, then a 1x..x1 convolution with ``pointwise_kernel``."""
    depthwise = _to_last(depthwise_conv(x, depthwise_kernel, strides, padding, data_format, dilation_rate), data_format)
    pointwise = np.asarray(pointwise_kernel, np.float64).reshape(pointwise_kernel.shape[-2:])
    return _from_last(depthwise @ pointwise, data_format)


def add_bias(y, bias, data_format="channels_last"):
    if data_format == "channels_first":
        return y + np.asarray(bias).reshape((-1,) + (1,) * (y.ndim - 2))
    return y + bias
