"""Neural-network ops of the torch backend: activations, losses, convolutions, pooling.

Activations follow ``float_result`` (ints and bools give ``floatx()``).
Kernels arrive in the contract's layout ``(*spatial, in, out)`` and are
permuted to torch's ``(out, in, *spatial)``; ``channels_last`` inputs are
moved to channels-first around the torch call.
"""

from __future__ import annotations

import builtins
import math as _pymath
import re
import warnings
from typing import Any

import torch
import torch.nn.functional as F
from torch._subclasses.fake_tensor import FakeTensor

from multikeras.backend import config, ctc, dtypes
from multikeras.backend.errors import KernelUnavailableError
from multikeras.backend.windows import (
    adaptive_output_size,
    check_fold_input,
    check_unfold_input,
    check_valid_window,
    unfold_geometry,
)
from multikeras.backends.torch.core import (
    FLOAT_TORCH,
    Tensor,
    convert_to_tensor,
    floatx_torch,
    promote,
    to_float,
    to_torch_dtype,
)
from multikeras.backends.torch.numpy import _axes


def _f(x: Any) -> Tensor:
    if type(x) is Tensor and x.dtype in FLOAT_TORCH:
        return x
    return to_float(x)


# ---------------------------------------------------------------- activations


def relu(x: Any) -> Tensor:
    return torch.relu(_f(x))


def relu6(x: Any) -> Tensor:
    return F.relu6(_f(x))


def sigmoid(x: Any) -> Tensor:
    return torch.sigmoid(_f(x))


def softplus(x: Any) -> Tensor:
    return F.softplus(_f(x))


def softsign(x: Any) -> Tensor:
    return F.softsign(_f(x))


def silu(x: Any) -> Tensor:
    return F.silu(_f(x))


def swish(x: Any) -> Tensor:
    return F.silu(_f(x))


def log_sigmoid(x: Any) -> Tensor:
    return F.logsigmoid(_f(x))


def leaky_relu(x: Any, negative_slope: float = 0.2) -> Tensor:
    return F.leaky_relu(_f(x), negative_slope)


def hard_sigmoid(x: Any) -> Tensor:
    return F.hardsigmoid(_f(x))


def hard_silu(x: Any) -> Tensor:
    return F.hardswish(_f(x))


def hard_swish(x: Any) -> Tensor:
    return F.hardswish(_f(x))


def elu(x: Any, alpha: float = 1.0) -> Tensor:
    return F.elu(_f(x), alpha)


def selu(x: Any) -> Tensor:
    return F.selu(_f(x))


def celu(x: Any, alpha: float = 1.0) -> Tensor:
    return F.celu(_f(x), alpha)


def gelu(x: Any, approximate: bool = True) -> Tensor:
    return F.gelu(_f(x), approximate="tanh" if approximate else "none")


def glu(x: Any, axis: int = -1) -> Tensor:
    x = _f(x)
    if x.shape[axis] % 2:
        raise ValueError(f"glu: expected an even size along axis {axis}, received {x.shape[axis]}")
    return F.glu(x, dim=axis)


def hard_tanh(x: Any) -> Tensor:
    return F.hardtanh(_f(x))


def hard_shrink(x: Any, threshold: float = 0.5) -> Tensor:
    return F.hardshrink(_f(x), threshold)


def soft_shrink(x: Any, threshold: float = 0.5) -> Tensor:
    return F.softshrink(_f(x), threshold)


def tanh_shrink(x: Any) -> Tensor:
    return F.tanhshrink(_f(x))


def squareplus(x: Any, b: float = 4) -> Tensor:
    x = _f(x)
    return (x + torch.sqrt(x * x + b)) / 2


def sparse_plus(x: Any) -> Tensor:
    x = _f(x)
    middle = (x + 1) ** 2 / 4
    return torch.where(x <= -1, torch.zeros_like(x), torch.where(x >= 1, x, middle))


def sparse_sigmoid(x: Any) -> Tensor:
    x = _f(x)
    return torch.clamp(0.5 * (x + 1), 0.0, 1.0)


def threshold(x: Any, threshold: float, default_value: float) -> Tensor:
    # A selection, not an activation: ints stay ints (as in Keras) unless the default is a float.
    x, default = promote(x, default_value)
    return torch.where(x > threshold, x, default)


def _multi_axis(fn: Any, x: Tensor, axis: Any) -> Tensor:
    if isinstance(axis, (list, tuple)):
        dims = _axes(axis, x.ndim)
        rest = [d for d in range(x.ndim) if d not in dims]
        moved = x.permute(rest + list(dims))
        flat = moved.reshape(tuple(moved.shape[: len(rest)]) + (-1,))
        out = fn(flat, dim=-1).reshape(moved.shape)
        inverse = [0] * x.ndim
        for position, dim in enumerate(rest + list(dims)):
            inverse[dim] = position
        return out.permute(inverse)
    return fn(x, dim=int(axis))


def softmax(x: Any, axis: Any = -1) -> Tensor:
    x = _f(x)
    if x.ndim == 0:
        return torch.ones_like(x)
    if axis is None:
        axis = tuple(range(x.ndim))
    return _multi_axis(torch.softmax, x, axis)


def log_softmax(x: Any, axis: Any = -1) -> Tensor:
    x = _f(x)
    if x.ndim == 0:
        return torch.zeros_like(x)
    if axis is None:
        axis = tuple(range(x.ndim))
    return _multi_axis(torch.log_softmax, x, axis)


def sparsemax(x: Any, axis: int = -1) -> Tensor:
    x = _f(x)
    moved = torch.movedim(x, axis, -1)
    ordered, _ = torch.sort(moved, dim=-1, descending=True)
    ranks = torch.arange(1, moved.shape[-1] + 1, dtype=moved.dtype, device=moved.device)
    cumulative = torch.cumsum(ordered, -1)
    support = (1 + ranks * ordered) > cumulative
    k = support.sum(-1, keepdim=True)
    tau = (torch.gather(cumulative, -1, (k - 1).clamp(min=0)) - 1) / k.to(moved.dtype)
    return torch.movedim(torch.clamp(moved - tau, min=0), -1, axis)


# ---------------------------------------------------------------- normalization


def _work(x: Tensor) -> tuple[Tensor, torch.dtype]:
    if x.dtype in (torch.float16, torch.bfloat16):
        return x.to(torch.float32), x.dtype
    return x, x.dtype


def moments(x: Any, axes: Any, keepdims: bool = False) -> tuple[Tensor, Tensor]:
    x, target = _work(_f(x))
    dims = _axes(axes, x.ndim)
    dims = tuple(range(x.ndim)) if dims is None else dims
    mean = torch.mean(x, dim=dims, keepdim=True)
    variance = torch.mean(torch.square(x - mean), dim=dims, keepdim=keepdims)
    if not keepdims:
        mean = torch.squeeze(mean, dim=dims)
    return mean.to(target), variance.to(target)


def batch_normalization(
    x: Any, mean: Any, variance: Any, axis: int, offset: Any = None, scale: Any = None, epsilon: float = 0.001
) -> Tensor:
    x = _f(x)
    shape = [1] * x.ndim
    shape[int(axis)] = x.shape[int(axis)]

    def vector(value: Any) -> Tensor:
        return convert_to_tensor(value, x.dtype).to(x.device).reshape(shape)

    out = (x - vector(mean)) * torch.rsqrt(vector(variance) + epsilon)
    if scale is not None:
        out = out * vector(scale)
    if offset is not None:
        out = out + vector(offset)
    return out


def layer_normalization(
    x: Any, gamma: Any = None, beta: Any = None, axis: Any = -1, epsilon: float | None = None
) -> Tensor:
    if epsilon is not None and _plain_layer_norm(x, gamma, beta, axis):
        return F.layer_norm(x, (x.shape[-1],), gamma, beta, epsilon)  # what the general path below ends in
    x = _f(x)
    epsilon = config.epsilon() if epsilon is None else epsilon
    work, target = _work(x)
    dims = sorted(_axes(axis, x.ndim))
    gamma = None if gamma is None else convert_to_tensor(gamma, work.dtype).to(x.device)
    beta = None if beta is None else convert_to_tensor(beta, work.dtype).to(x.device)
    trailing = tuple(x.shape[dims[0]:])
    if dims == list(range(dims[0], x.ndim)) and all(
        p is None or p.numel() == _pymath.prod(trailing) for p in (gamma, beta)
    ):
        # The normalized axes are the last ones: one fused kernel (forward and backward). Parameters of
        # the normalized sizes may arrive in either the normalized shape or a broadcastable one.
        return F.layer_norm(
            work, trailing, None if gamma is None else gamma.reshape(trailing),
            None if beta is None else beta.reshape(trailing), epsilon,
        ).to(target)
    mean = torch.mean(work, dim=dims, keepdim=True)
    variance = torch.mean(torch.square(work - mean), dim=dims, keepdim=True)
    out = (work - mean) * torch.rsqrt(variance + epsilon)
    if gamma is not None:
        out = out * gamma
    if beta is not None:
        out = out + beta
    return out.to(target)


def _plain_layer_norm(x: Any, gamma: Any, beta: Any, axis: Any) -> bool:
    """Whether ``layer_normalization`` is one ``F.layer_norm`` call on its arguments as they are: float32 /
    float64 ``x`` normalized over its last axis, ``gamma`` and ``beta`` tensors of that axis's size (or
    ``None``) in ``x``'s dtype and on its device. Checked first, since normalization layers run every step."""
    if type(x) is not Tensor or x.dtype not in _STATISTICS_DTYPES or not x.ndim:
        return False
    if type(axis) is list or type(axis) is tuple:
        if len(axis) != 1:
            return False
        axis = axis[0]
    last = x.ndim - 1
    if type(axis) is not int or (axis != -1 and axis != last):  # (a bool axis is an error, left to the checks)
        return False
    for parameter in (gamma, beta):
        if parameter is not None and (type(parameter) is not Tensor or parameter.dtype is not x.dtype
                                      or parameter.shape != x.shape[last:] or parameter.device != x.device):
            return False
    return True


_STATISTICS_DTYPES = (torch.float32, torch.float64)


def rms_normalization(x: Any, scale: Any = None, axis: Any = -1, epsilon: float | None = None) -> Tensor:
    x = _f(x)
    epsilon = config.epsilon() if epsilon is None else epsilon
    work, target = _work(x)
    dims = _axes(axis, x.ndim)
    out = (work * torch.rsqrt(torch.mean(torch.square(work), dim=dims, keepdim=True) + epsilon)).to(target)
    if scale is not None:
        out = out * convert_to_tensor(scale, target).to(x.device)
    return out


def normalize(x: Any, axis: Any = -1, order: Any = 2, epsilon: float | None = None) -> Tensor:
    x = _f(x)
    epsilon = config.epsilon() if epsilon is None else epsilon
    dims = _axes(axis, x.ndim)
    norm = torch.linalg.vector_norm(x, ord=order, dim=dims, keepdim=True)
    return x / torch.clamp(norm, min=epsilon)


# ---------------------------------------------------------------- losses


def binary_crossentropy(target: Any, output: Any, from_logits: bool = False) -> Tensor:
    target, output = promote(target, output, dtype=None)
    target, output = to_float(target), to_float(output)
    target = target.to(output.dtype)
    if from_logits:
        return F.binary_cross_entropy_with_logits(output, target, reduction="none")
    eps = config.epsilon()
    output = torch.clamp(output, eps, 1.0 - eps)
    return -(target * torch.log(output) + (1.0 - target) * torch.log(1.0 - output))


def categorical_crossentropy(target: Any, output: Any, from_logits: bool = False, axis: int = -1) -> Tensor:
    output = _f(output)
    target = convert_to_tensor(target, output.dtype).to(output.device)
    if target.shape != output.shape:
        raise ValueError(
            f"categorical_crossentropy: expected 'target' and 'output' of one shape, "
            f"received {tuple(target.shape)} and {tuple(output.shape)}"
        )
    if from_logits:
        log_probabilities = torch.log_softmax(output, dim=axis)
    else:
        output = output / torch.sum(output, dim=axis, keepdim=True)
        eps = config.epsilon()
        log_probabilities = torch.log(torch.clamp(output, eps, 1.0 - eps))
    return -torch.sum(target * log_probabilities, dim=axis)


_FUSED_CROSSENTROPY_DTYPES = (torch.float32, torch.float64)

_NO_IGNORED_LABEL = torch.iinfo(torch.int64).min
"""``ignore_index`` for a mean: ``F.cross_entropy`` would leave its default, -100, out of the mean's divisor."""


def fused_sparse_crossentropy(target: Tensor, output: Tensor, axis: int, reduction: str = "none") -> Tensor | None:
    """``F.cross_entropy`` (one log-softmax + NLL kernel) on logits, or ``None`` where it would not be exact.

    ``reduction`` is ``"none"`` (one loss per entry) or ``"mean"`` (their
    mean over every entry, one kernel and one gradient node). The generic
    path one-hot encodes the labels, so a label outside ``[0, classes)``
    gets loss 0 and still counts in a mean. On CPU ``F.cross_entropy``
    checks every label before it computes anything and raises
    ``IndexError`` for such a label, so the kernel is tried and the generic
    path taken when it raises: no separate pass over the labels on the happy
    path. Its ``ignore_index`` is the one label it accepts out of range:
    for ``"none"`` its default (-100), which gets loss 0 and gradient 0 as
    in the generic path; for ``"mean"``, which would divide by the number of
    other labels, int64's minimum, a label no class index takes. On other
    devices the check would be a device-side assertion, and under
    ``torch.compile`` a graph break, so the kernel is used only on CPU,
    eagerly, and for float32 / float64 logits.
    """
    if output.dtype not in _FUSED_CROSSENTROPY_DTYPES or output.device.type != "cpu" or output.ndim == 0:
        return None
    if target.dtype.is_complex or target.device.type != "cpu" or torch.compiler.is_compiling():
        return None
    class_axis = axis % output.ndim
    expected = output.shape[:class_axis] + output.shape[class_axis + 1:]
    if target.shape != expected:
        return None
    labels = target if target.dtype is torch.int64 else target.to(torch.int64)
    if output.ndim > 1 and class_axis != 1:
        output = torch.movedim(output, class_axis, 1)  # F.cross_entropy takes the classes on dim 1
    try:
        if reduction == "mean":
            return F.cross_entropy(output, labels, ignore_index=_NO_IGNORED_LABEL)
        return F.cross_entropy(output, labels, reduction="none")
    except IndexError:  # a label outside [0, classes): the generic path gives it loss 0
        return None


def sparse_categorical_crossentropy(target: Any, output: Any, from_logits: bool = False, axis: int = -1) -> Tensor:
    output = _f(output)
    target = convert_to_tensor(target)
    if target.device != output.device:
        target = target.to(output.device)
    if target.ndim == output.ndim and target.shape[axis] == 1:
        target = torch.squeeze(target, dim=axis)
    if from_logits:
        fused = fused_sparse_crossentropy(target, output, axis)
        if fused is not None:
            return fused
    labels = one_hot(target, output.shape[axis], axis=axis, dtype=output.dtype)
    return categorical_crossentropy(labels, output, from_logits, axis)


def ctc_loss(target: Any, output: Any, target_length: Any, output_length: Any, mask_index: int = 0) -> Tensor:
    output = _f(output)
    target = convert_to_tensor(target).to(device=output.device, dtype=torch.int64)
    log_probs = torch.log_softmax(output.to(torch.float32) if output.dtype is not torch.float64 else output, dim=-1)
    log_probs = log_probs.permute(1, 0, 2)
    target_length = convert_to_tensor(target_length).to(device=output.device, dtype=torch.int64)
    output_length = convert_to_tensor(output_length).to(device=output.device, dtype=torch.int64)
    loss = F.ctc_loss(log_probs, target, output_length, target_length, blank=int(mask_index), reduction="none")
    return loss.to(output.dtype)


def ctc_decode(
    inputs: Any,
    sequence_lengths: Any,
    strategy: str = "greedy",
    beam_width: int = 100,
    top_paths: int = 1,
    merge_repeated: bool = True,
    mask_index: int | None = 0,
) -> tuple[Tensor, Tensor]:
    """CTC decoding of logits ``(batch, time, classes)``: greedy on the device, beam search on the host.

    The beam search is the shared NumPy one of ``multikeras.backend.ctc``: torch has no CTC beam
    decoder, and the search is a loop over time of small data-dependent steps (top-k, gathers),
    which NumPy runs without a kernel launch per op; it costs one copy of the log probabilities
    to the host and gives the same paths as every other backend.
    """
    inputs = convert_to_tensor(inputs)
    lengths = convert_to_tensor(sequence_lengths)
    blank = ctc.check_decode_arguments(
        tuple(inputs.shape), dtypes.standardize_dtype(inputs.dtype), tuple(lengths.shape), strategy, beam_width,
        top_paths, mask_index,
    )
    score_dtype = to_torch_dtype(dtypes.float_result(inputs))
    batch, max_time, _ = inputs.shape
    device = inputs.device
    lengths = lengths.to(device=device, dtype=torch.int64).clamp(0, max_time)
    accumulate = torch.float64 if inputs.dtype is torch.float64 else torch.float32
    if strategy == "greedy":
        if inputs.dtype is torch.bool:  # torch has no argmax over booleans
            inputs = inputs.to(torch.int32)
        labels = torch.argmax(inputs, dim=-1).to(torch.int32)
        valid = torch.arange(max_time, device=device)[None, :] < lengths[:, None]
        keep = valid & (labels != blank)
        if merge_repeated:
            keep[:, 1:] &= labels[:, 1:] != labels[:, :-1]
        # kept labels move to the front of their row; the others land in a spare last column
        slots = torch.where(keep, torch.cumsum(keep, dim=1) - 1, max_time)
        decoded = torch.full((batch, max_time + 1), -1, dtype=torch.int32, device=device)
        decoded.scatter_(1, slots, labels)
        best = torch.amax(inputs, dim=-1).to(accumulate)
        scores = 0.0 - torch.where(valid, best, torch.zeros_like(best)).sum(dim=1, keepdim=True)
        return decoded[None, :, :max_time], scores.to(score_dtype)
    log_probs = torch.log_softmax(inputs.detach().to(accumulate), dim=-1)
    if torch.compiler.is_compiling():
        search = _beam_search_outside_graph()
    elif isinstance(log_probs, FakeTensor):  # shape inference: there are no values to search
        decoded = torch.full((int(top_paths), batch, max_time), -1, dtype=torch.int32, device=device)
        return decoded, torch.zeros((batch, int(top_paths)), dtype=score_dtype, device=device)
    else:
        search = _host_beam_search
    decoded, scores = search(log_probs, lengths, int(beam_width), int(top_paths), blank)
    return decoded, scores.to(score_dtype)


def _host_beam_search(log_probs: Tensor, lengths: Tensor, beam_width: int, top_paths: int, blank: int) -> tuple[Tensor, Tensor]:
    decoded, scores = ctc.beam_search_numpy(log_probs.cpu().numpy(), lengths.cpu().numpy(), beam_width, top_paths, blank)
    return torch.from_numpy(decoded).to(log_probs.device), torch.from_numpy(scores).to(log_probs.device)


_outside_graph: list[Any] = []


def _beam_search_outside_graph() -> Any:
    """The host search as an opaque call under ``torch.compile`` (which would otherwise trace its NumPy code).

    Built on first use: ``torch.compiler.disable`` imports the compiler stack, which only a compiled
    function has loaded already.
    """
    if not _outside_graph:
        _outside_graph.append(torch.compiler.disable(_host_beam_search))
    return _outside_graph[0]


def psnr(x1: Any, x2: Any, max_val: Any) -> Tensor:
    x1, x2 = promote(x1, x2)
    x1, x2 = to_float(x1), to_float(x2)
    mse = torch.mean(torch.square(x1 - x2))
    max_val = convert_to_tensor(max_val, x1.dtype).to(x1.device)
    return 20.0 * torch.log10(max_val) - 10.0 * torch.log10(mse)


# ---------------------------------------------------------------- encodings


def one_hot(x: Any, num_classes: int, axis: int = -1, dtype: Any = None) -> Tensor:
    x = convert_to_tensor(x)
    classes = torch.arange(int(num_classes), device=x.device)
    out = (x.to(torch.int64).unsqueeze(-1) == classes).to(to_torch_dtype(dtype))
    if axis != -1:
        out = torch.movedim(out, -1, axis)
    return out


def multi_hot(inputs: Any, num_classes: int | None = None, axis: int = -1, dtype: Any = None) -> Tensor:
    inputs = convert_to_tensor(inputs)
    if num_classes is None:
        raise ValueError("multi_hot: expected an int 'num_classes', received None")
    # Keras 3: one_hot along `axis`, then any over axis 1 (0 for a single sample).
    if inputs.ndim == 0:
        inputs = inputs[None]
    encoded = one_hot(inputs, num_classes, axis, "bool")
    return torch.any(encoded, dim=1 if inputs.ndim > 1 else 0).to(to_torch_dtype(dtype))


def polar(abs_: Any, angle: Any) -> Tensor:
    abs_, angle = promote(abs_, angle)
    abs_, angle = to_float(abs_), to_float(angle)
    if abs_.dtype in (torch.float16, torch.bfloat16):
        abs_, angle = abs_.float(), angle.float()
    return torch.polar(abs_, angle)


# ---------------------------------------------------------------- convolutions and pooling


def _tuple(value: Any, rank: int, name: str) -> tuple[int, ...]:
    if isinstance(value, (list, tuple)):
        if len(value) != rank:
            raise ValueError(f"expected {name} of length {rank}, received {value!r}")
        return tuple(int(v) for v in value)
    return (int(value),) * rank


def _channels_first(x: Tensor, data_format: str | None) -> tuple[Tensor, bool]:
    data_format = config.standardize_data_format(data_format)
    if data_format == "channels_last":
        return torch.movedim(x, -1, 1), True
    return x, False


def _restore(x: Tensor, moved: bool) -> Tensor:
    return torch.movedim(x, 1, -1) if moved else x


def _same_padding(x: Tensor, kernel: tuple[int, ...], strides: tuple[int, ...], dilation: tuple[int, ...], value: float | int = 0.0) -> Tensor:
    pads = []
    for size, k, s, d in zip(x.shape[2:], kernel, strides, dilation):
        effective = (k - 1) * d + 1
        out = -(-size // s)
        total = builtins.max((out - 1) * s + effective - size, 0)
        pads.append((total // 2, total - total // 2))
    flat = []
    for before, after in reversed(pads):
        flat.extend([before, after])
    if builtins.any(flat):
        return F.pad(x, flat, value=value)
    return x


_CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
_CONV_T = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}


def _conv_inputs(inputs: Any, kernel: Any) -> tuple[Tensor, Tensor]:
    inputs, kernel = promote(inputs, kernel)
    if inputs.dtype not in FLOAT_TORCH:
        inputs, kernel = inputs.to(floatx_torch()), kernel.to(floatx_torch())
    return inputs, kernel


def _padding_mode(padding: str) -> str:
    padding = padding.lower()
    if padding not in ("valid", "same", "causal"):
        raise ValueError(f"expected padding 'valid' or 'same', received {padding!r}")
    return padding


def _run_conv(x: Tensor, weight: Tensor, strides: Any, padding: str, dilation_rate: Any, groups: int,
              bias: Tensor | None = None) -> Tensor:
    rank = x.ndim - 2
    strides = _tuple(strides, rank, "strides")
    dilation = _tuple(dilation_rate, rank, "dilation_rate")
    padding = _padding_mode(padding)
    if padding == "same":
        x = _same_padding(x, tuple(weight.shape[2:]), strides, dilation)
    elif padding == "causal":
        x = F.pad(x, [(weight.shape[2] - 1) * dilation[0], 0])
    return _CONV[rank](x, weight, bias, stride=strides, dilation=dilation, groups=groups)


def conv(inputs: Any, kernel: Any, strides: Any = 1, padding: str = "valid", data_format: str | None = None, dilation_rate: Any = 1) -> Tensor:
    return conv_with_bias(inputs, kernel, None, strides, padding, data_format, dilation_rate)


def conv_with_bias(inputs: Any, kernel: Any, bias: Tensor | None, strides: Any = 1, padding: str = "valid",
                   data_format: str | None = None, dilation_rate: Any = 1) -> Tensor:
    """:func:`conv`, plus ``bias`` (one value per output channel) added inside torch's convolution kernel."""
    inputs, kernel = _conv_inputs(inputs, kernel)
    x, moved = _channels_first(inputs, data_format)
    rank = x.ndim - 2
    if kernel.ndim != rank + 2:
        raise ValueError(f"conv: expected a kernel of rank {rank + 2} for inputs of rank {inputs.ndim}, received {kernel.ndim}")
    in_channels = x.shape[1]
    if in_channels % kernel.shape[-2]:
        raise ValueError(
            f"conv: input channels ({in_channels}) must be a multiple of the kernel's input channels ({kernel.shape[-2]})"
        )
    groups = in_channels // kernel.shape[-2]
    check_valid_window("conv", tuple(x.shape[2:]), tuple(kernel.shape[:rank]), dilation_rate, padding)
    weight = kernel.permute(rank + 1, rank, *range(rank))
    return _restore(_run_conv(x, weight, strides, padding, dilation_rate, groups, bias), moved)


def depthwise_conv(inputs: Any, kernel: Any, strides: Any = 1, padding: str = "valid", data_format: str | None = None, dilation_rate: Any = 1) -> Tensor:
    inputs, kernel = _conv_inputs(inputs, kernel)
    x, moved = _channels_first(inputs, data_format)
    rank = x.ndim - 2
    in_channels, multiplier = kernel.shape[-2], kernel.shape[-1]
    check_valid_window("depthwise_conv", tuple(x.shape[2:]), tuple(kernel.shape[:rank]), dilation_rate, padding)
    weight = kernel.reshape(tuple(kernel.shape[:rank]) + (1, in_channels * multiplier))
    weight = weight.permute(rank + 1, rank, *range(rank))
    return _restore(_run_conv(x, weight, strides, padding, dilation_rate, in_channels), moved)


def separable_conv(
    inputs: Any,
    depthwise_kernel: Any,
    pointwise_kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> Tensor:
    depthwise = depthwise_conv(inputs, depthwise_kernel, strides, padding, data_format, dilation_rate)
    return conv(depthwise, pointwise_kernel, 1, "valid", data_format, 1)


def conv_transpose(
    inputs: Any,
    kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    output_padding: Any = None,
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> Tensor:
    inputs, kernel = _conv_inputs(inputs, kernel)
    x, moved = _channels_first(inputs, data_format)
    rank = x.ndim - 2
    strides_t = _tuple(strides, rank, "strides")
    dilation = _tuple(dilation_rate, rank, "dilation_rate")
    padding = _padding_mode(padding)
    out_padding = None if output_padding is None else _tuple(output_padding, rank, "output_padding")
    weight = kernel.permute(rank + 1, rank, *range(rank))  # (in, out, *spatial)
    full = _CONV_T[rank](x, weight, stride=strides_t, dilation=dilation)
    index = [builtins.slice(None), builtins.slice(None)]
    pads = []
    for dim in range(rank):
        size, k, s, d = x.shape[2 + dim], kernel.shape[dim], strides_t[dim], dilation[dim]
        effective = (k - 1) * d + 1
        if out_padding is None:
            if padding == "valid":
                length = size * s + builtins.max(effective - s, 0)
                before = 0
            else:
                length = size * s
                total = builtins.max((size - 1) * s + effective - length, 0)
                before = total // 2
        else:
            pad = effective // 2 if padding == "same" else 0
            length = (size - 1) * s + effective - 2 * pad + out_padding[dim]
            before = builtins.max((size - 1) * s + effective - length, 0) // 2 if padding == "same" else 0
        available = full.shape[2 + dim] - before
        index.append(builtins.slice(before, before + builtins.min(length, available)))
        pads.append(builtins.max(length - available, 0))
    out = full[tuple(index)]
    if builtins.any(pads):
        flat = []
        for extra in reversed(pads):
            flat.extend([0, extra])
        out = F.pad(out, flat)
    return _restore(out, moved)


_MAX_POOL = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
_AVG_POOL = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}


def _pool_args(inputs: Any, pool_size: Any, strides: Any, data_format: str | None) -> tuple[Tensor, bool, tuple[int, ...], tuple[int, ...]]:
    inputs = convert_to_tensor(inputs)
    x, moved = _channels_first(inputs, data_format)
    rank = x.ndim - 2
    size = _tuple(pool_size, rank, "pool_size")
    stride = size if strides is None else _tuple(strides, rank, "strides")
    return x, moved, size, stride


def max_pool(inputs: Any, pool_size: Any, strides: Any = None, padding: str = "valid", data_format: str | None = None) -> Tensor:
    x, moved, size, stride = _pool_args(inputs, pool_size, strides, data_format)
    check_valid_window("max_pool", tuple(x.shape[2:]), size, 1, padding, "pool")
    rank = x.ndim - 2
    original = x.dtype
    integer = original not in FLOAT_TORCH and original != torch.bool and not original.is_complex
    fill: float | int = float("-inf")
    if integer:
        # Integers pool exactly as int64 (float64 would round int64 values
        # beyond 2**53); int64 has 2-D and 3-D max-pool kernels only.
        x = _to_ordered_int64(x)
        fill = torch.iinfo(torch.int64).min
    elif original not in FLOAT_TORCH:
        x = x.to(torch.float64)
    if _padding_mode(padding) == "same":
        x = _same_padding(x, size, stride, (1,) * rank, value=fill)
    if integer and rank == 1:
        out = F.max_pool2d(x[:, :, None], (1, size[0]), (1, stride[0]))[:, :, 0]
    else:
        out = _MAX_POOL[rank](x, size, stride)
    out = _from_ordered_int64(out, original) if integer else out.to(original)
    return _restore(out, moved)


_INT64_SIGN = -(2**63)


def _to_ordered_int64(x: Tensor) -> Tensor:
    """Integers as int64 in the same order (uint64 by flipping its top bit)."""
    if x.dtype == torch.uint64:
        return torch.bitwise_xor(x.view(torch.int64), _INT64_SIGN)
    return x.to(torch.int64)


def _from_ordered_int64(x: Tensor, dtype: torch.dtype) -> Tensor:
    if dtype == torch.uint64:
        return torch.bitwise_xor(x, _INT64_SIGN).view(torch.uint64)
    return x.to(dtype)


def average_pool(inputs: Any, pool_size: Any, strides: Any = None, padding: str = "valid", data_format: str | None = None) -> Tensor:
    x, moved, size, stride = _pool_args(inputs, pool_size, strides, data_format)
    check_valid_window("average_pool", tuple(x.shape[2:]), size, 1, padding, "pool")
    rank = x.ndim - 2
    x = to_float(x)
    original = x.dtype
    if rank == 3 and original in (torch.float16, torch.bfloat16) and x.device.type == "cpu":
        # avg_pool3d has no half-precision CPU kernel: average in float32.
        x = x.to(torch.float32)
    if _padding_mode(padding) == "same":
        ones = torch.ones((1, 1) + tuple(x.shape[2:]), dtype=x.dtype, device=x.device)
        padded = _same_padding(x, size, stride, (1,) * rank)
        counts = _AVG_POOL[rank](_same_padding(ones, size, stride, (1,) * rank), size, stride)
        out = _AVG_POOL[rank](padded, size, stride) / counts
    else:
        out = _AVG_POOL[rank](x, size, stride)
    return _restore(out.to(original), moved)


_ADAPTIVE_AVG = {1: F.adaptive_avg_pool1d, 2: F.adaptive_avg_pool2d, 3: F.adaptive_avg_pool3d}
_ADAPTIVE_MAX = {1: F.adaptive_max_pool1d, 2: F.adaptive_max_pool2d, 3: F.adaptive_max_pool3d}


def adaptive_average_pool(inputs: Any, output_size: Any, data_format: str | None = None) -> Tensor:
    x = to_float(inputs)
    sizes = adaptive_output_size("adaptive_average_pool", tuple(x.shape), output_size)
    x, moved = _channels_first(x, data_format)
    return _restore(_ADAPTIVE_AVG[len(sizes)](x, sizes), moved)


def adaptive_max_pool(inputs: Any, output_size: Any, data_format: str | None = None) -> Tensor:
    x = convert_to_tensor(inputs)
    sizes = adaptive_output_size("adaptive_max_pool", tuple(x.shape), output_size)
    x, moved = _channels_first(x, data_format)
    rank = len(sizes)
    if x.dtype in (torch.float32, torch.float64):
        return _restore(_ADAPTIVE_MAX[rank](x, sizes), moved)
    # The max keeps the dtype (torch's adaptive max-pool kernels are float only):
    # reduce each bin [floor(i * n / o), ceil((i + 1) * n / o)) axis by axis.
    for dim, size in enumerate(sizes):
        axis, length = 2 + dim, x.shape[2 + dim]
        pieces = []
        for i in range(size):
            start, stop = (i * length) // size, -((-(i + 1) * length) // size)
            piece = x.narrow(axis, start, stop - start)
            pieces.append(piece.any(dim=axis, keepdim=True) if x.dtype is torch.bool else piece.amax(dim=axis, keepdim=True))
        x = torch.cat(pieces, dim=axis)
    return _restore(x, moved)


# ---------------------------------------------------------------- rearrangements


def depth_to_space(x: Any, block_size: int, data_format: str = "channels_last") -> Tensor:
    x = convert_to_tensor(x)
    b = int(block_size)
    if config.standardize_data_format(data_format) == "channels_last":
        n, h, w, c = x.shape
        if c % (b * b):
            raise ValueError(f"depth_to_space: channels ({c}) must be divisible by block_size**2 ({b * b})")
        out = x.reshape(n, h, w, b, b, c // (b * b)).permute(0, 1, 3, 2, 4, 5)
        return out.reshape(n, h * b, w * b, c // (b * b))
    if x.shape[1] % (b * b):
        raise ValueError(f"depth_to_space: channels ({x.shape[1]}) must be divisible by block_size**2 ({b * b})")
    return F.pixel_shuffle(x, b)


def space_to_depth(x: Any, block_size: int, data_format: str = "channels_last") -> Tensor:
    x = convert_to_tensor(x)
    b = int(block_size)
    if config.standardize_data_format(data_format) == "channels_last":
        n, h, w, c = x.shape
        if h % b or w % b:
            raise ValueError(f"space_to_depth: height {h} and width {w} must be divisible by block_size {b}")
        out = x.reshape(n, h // b, b, w // b, b, c).permute(0, 1, 3, 2, 4, 5)
        return out.reshape(n, h // b, w // b, c * b * b)
    if x.shape[2] % b or x.shape[3] % b:
        raise ValueError(f"space_to_depth: height {x.shape[2]} and width {x.shape[3]} must be divisible by block_size {b}")
    return F.pixel_unshuffle(x, b)


# ---------------------------------------------------------------- attention


def dot_product_attention(
    query: Any,
    key: Any,
    value: Any,
    bias: Any = None,
    mask: Any = None,
    scale: float | None = None,
    is_causal: bool = False,
    flash_attention: bool | None = None,
    attn_logits_soft_cap: float | None = None,
) -> Tensor:
    if not (type(query) is Tensor and type(key) is Tensor and type(value) is Tensor and query.dtype in FLOAT_TORCH
            and key.dtype is query.dtype and value.dtype is query.dtype):  # (else: one float dtype for the three)
        query, key, value = promote(query, key, value)
        query, key, value = to_float(query), to_float(key), to_float(value)
    unbatched = query.ndim == 3
    if unbatched:
        query, key, value = query[None], key[None], value[None]
    if query.ndim != 4 or key.ndim != 4 or value.ndim != 4:
        raise ValueError(
            "dot_product_attention: expected query, key and value of rank 3 or 4 (batch, length, heads, dim), "
            f"received shapes {tuple(query.shape)}, {tuple(key.shape)}, {tuple(value.shape)}"
        )
    heads, kv_heads = query.shape[2], key.shape[2]
    if heads % kv_heads:
        raise ValueError(f"dot_product_attention: {heads} query heads is not a multiple of {kv_heads} key heads")
    if bias is not None:
        bias = convert_to_tensor(bias)
        if unbatched and bias.ndim == 3:
            bias = bias[None]
    if mask is not None:
        mask = convert_to_tensor(mask).to(device=query.device, dtype=torch.bool)
        if unbatched and mask.ndim == 3:
            mask = mask[None]
    if flash_attention:
        out = _attention_flash(query, key, value, bias, mask, scale, is_causal, attn_logits_soft_cap)
    elif attn_logits_soft_cap is None:
        # None: torch picks the kernel (its flash kernel included); False: any kernel but a flash one.
        kernels = None if flash_attention is None else _NO_FLASH_KERNELS
        out = _attention_sdpa(query, key, value, bias, mask, scale, is_causal, kernels)
    else:  # the soft cap acts between the product and the softmax, which the fused kernel cannot do
        out = _attention_einsum(query, key, value, bias, mask, scale, is_causal, attn_logits_soft_cap)
    return out[0] if unbatched else out


try:  # torch 2.3+
    from torch.nn.attention import SDPBackend, sdpa_kernel
except ImportError:  # pragma: no cover - older torch: no way to choose the kernel
    SDPBackend = sdpa_kernel = None

_FLASH_KERNELS = None if SDPBackend is None else [SDPBackend.FLASH_ATTENTION]
_NO_FLASH_KERNELS = None if SDPBackend is None else [SDPBackend.EFFICIENT_ATTENTION, SDPBackend.MATH]
"""``flash_attention=False`` excludes torch's flash kernel and cuDNN's (a flash-attention kernel too)."""


def _attention_flash(
    query: Tensor, key: Tensor, value: Tensor, bias: Tensor | None, mask: Tensor | None, scale: Any, is_causal: bool,
    attn_logits_soft_cap: Any,
) -> Tensor:
    """``flash_attention=True``: ``F.scaled_dot_product_attention`` restricted to torch's flash kernel, or a clear error.

    torch 2.13 has a flash kernel on CPU (every float dtype, masks, grouped heads) and on CUDA (float16 or
    bfloat16, no attention mask, head size limits); torch itself decides whether it applies to the inputs.
    """
    def refuse(needed: str) -> KernelUnavailableError:
        received = ", ".join(
            f"{name} {str(x.dtype).removeprefix('torch.')} {tuple(x.shape)} on {x.device}"
            for name, x in (("query", query), ("key", key), ("value", value))
        )
        received += "".join(f", {name} of shape {tuple(x.shape)}" for name, x in (("bias", bias), ("mask", mask)) if x is not None)
        return KernelUnavailableError(
            "dot_product_attention", None, "flash_attention=True", received, needed, "flash_attention=None or False"
        )

    if attn_logits_soft_cap is not None:
        raise refuse(f"no flash kernel applies attn_logits_soft_cap (received {attn_logits_soft_cap!r})")
    if sdpa_kernel is None:  # pragma: no cover
        raise refuse(f"choosing the flash kernel needs torch 2.3 or newer (installed: {torch.__version__})")
    try:
        return _attention_sdpa(query, key, value, bias, mask, scale, is_causal, _FLASH_KERNELS)
    except RuntimeError as error:
        # torch gives its reasons as warnings while it looks for a kernel; run the (failing) dispatch again to
        # collect them, so that the happy path never pays for recording warnings.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                _attention_sdpa(query, key, value, bias, mask, scale, is_causal, _FLASH_KERNELS)
            except RuntimeError:
                pass
        reasons = "; ".join(dict.fromkeys(filter(None, (_torch_reason(w.message) for w in caught))))
        if bias is not None and bias.requires_grad:
            reasons = "; ".join(filter(None, (reasons, "the flash kernel gives no gradient to a bias (it requires one)")))
        raise refuse(
            f"torch's flash kernel does not apply ({reasons or error}); on CPU it needs query, key and value of one "
            "head size and a bias that needs no gradient; on CUDA also float16 or bfloat16 inputs, no bias or mask "
            "and a supported head size"
        ) from error


_SDPA_GQA = tuple(int(part) for part in torch.__version__.split(".")[:2]) >= (2, 5)
"""Whether ``scaled_dot_product_attention`` takes ``enable_gqa`` (torch 2.5+): key heads are then never copied."""


def _causal(query_length: int, key_length: int, device: Any) -> Tensor:
    """``(T, S)`` booleans, True where query ``t`` may attend to key ``s <= t`` (aligned at the top left)."""
    return torch.ones((query_length, key_length), dtype=torch.bool, device=device).tril()


def _torch_reason(message: Warning | str) -> str:
    """One of torch's kernel-selection warnings without its header and C++ source location."""
    text = re.sub(r"\s*\(Triggered internally at [^)]*\)\.?", "", str(message)).strip()
    return "" if text.endswith("kernel not used because:") else text


def _attention_sdpa(
    query: Tensor, key: Tensor, value: Tensor, bias: Tensor | None, mask: Tensor | None, scale: Any, is_causal: bool,
    kernels: list[Any] | None = None,
) -> Tensor:
    """Attention through ``F.scaled_dot_product_attention`` (flash / memory-efficient kernels where available).

    ``kernels``: the ``SDPBackend`` kernels torch may choose from (``None``: any).

    Same values and gradients as :func:`_attention_einsum`. The kernel takes an additive mask: masked
    logits get a large negative number added, which gives them zero weight. A row whose keys are *all*
    masked must average the values uniformly with no gradient to its query, keys or bias (the reference
    replaces its logits by one constant); such rows get a zero query and nothing added, hence zero logits.
    """
    dtype = query.dtype
    if is_causal and (mask is not None or bias is not None):  # the kernel takes a causal flag or a mask, not both
        causal = _causal(query.shape[1], key.shape[1], query.device)
        mask = causal if mask is None else mask & causal
        is_causal = False
    q, k, v = (t.transpose(1, 2) for t in (query, key, value))  # (batch, heads, length, dim) views
    additive = None if bias is None else bias.to(device=q.device, dtype=dtype)
    if mask is not None:
        kept = mask.any(dim=-1, keepdim=True)  # (..., T, 1): False for a row whose keys are all masked
        blocked = torch.zeros(mask.shape, dtype=dtype, device=q.device).masked_fill_(
            mask.logical_not() & kept, -0.7 * torch.finfo(dtype).max
        )
        additive = blocked if additive is None else (additive + blocked).masked_fill(kept.logical_not(), 0)
        q = q * kept.to(dtype)
    extra = {}
    if k.shape[1] != q.shape[1]:
        if _SDPA_GQA:
            extra["enable_gqa"] = True
        else:
            k = torch.repeat_interleave(k, q.shape[1] // k.shape[1], dim=1)
            v = torch.repeat_interleave(v, q.shape[1] // v.shape[1], dim=1)
    if kernels is None:
        out = F.scaled_dot_product_attention(
            q, k, v, attn_mask=additive, is_causal=bool(is_causal), scale=None if scale is None else float(scale), **extra
        )
    else:
        with sdpa_kernel(kernels):
            out = F.scaled_dot_product_attention(
                q, k, v, attn_mask=additive, is_causal=bool(is_causal), scale=None if scale is None else float(scale),
                **extra,
            )
    return out.transpose(1, 2)


def _attention_einsum(
    query: Tensor, key: Tensor, value: Tensor, bias: Tensor | None, mask: Tensor | None, scale: Any,
    is_causal: bool, attn_logits_soft_cap: float,
) -> Tensor:
    """Attention spelled out: logits, soft cap, bias, mask, softmax, weighted sum (in float32 for half inputs)."""
    heads, kv_heads = query.shape[2], key.shape[2]
    if heads != kv_heads:
        key = torch.repeat_interleave(key, heads // kv_heads, dim=2)
        value = torch.repeat_interleave(value, heads // kv_heads, dim=2)
    work = torch.float32 if query.dtype in (torch.float16, torch.bfloat16) else query.dtype
    q, k, v = query.to(work), key.to(work), value.to(work)
    scale = 1.0 / _pymath.sqrt(q.shape[-1]) if scale is None else float(scale)
    logits = torch.einsum("btnh,bsnh->bnts", q, k) * scale
    logits = attn_logits_soft_cap * torch.tanh(logits / attn_logits_soft_cap)
    if bias is not None:
        logits = logits + bias.to(device=q.device, dtype=work)
    if is_causal:
        causal = _causal(logits.shape[-2], logits.shape[-1], q.device)
        mask = causal if mask is None else mask & causal
    if mask is not None:
        logits = torch.where(mask, logits, torch.tensor(torch.finfo(work).min, dtype=work, device=q.device))
    probabilities = torch.softmax(logits, dim=-1)
    return torch.einsum("bnts,bsnh->btnh", probabilities, v).to(query.dtype)

def unfold(x: Any, kernel_size: Any, dilation: Any = 1, padding: Any = 0, stride: Any = 1) -> Tensor:
    x = convert_to_tensor(x)
    check_unfold_input(tuple(x.shape))
    (kh, kw), (dh, dw), (ph, pw), (sh, sw), (bh, bw) = unfold_geometry(
        "unfold", tuple(x.shape[2:]), kernel_size, dilation, padding, stride
    )
    if x.is_floating_point():
        return F.unfold(x, (kh, kw), (dh, dw), (ph, pw), (sh, sw))
    # torch's im2col has no integer or bool kernels: strided slices, one per kernel tap.
    n, c = x.shape[:2]
    if ph or pw:
        x = F.pad(x, (pw, pw, ph, ph))
    taps = [
        x[:, :, i * dh : i * dh + (bh - 1) * sh + 1 : sh, j * dw : j * dw + (bw - 1) * sw + 1 : sw]
        for i in range(kh)
        for j in range(kw)
    ]
    return torch.stack(taps, dim=2).reshape(n, c * kh * kw, bh * bw)


def fold(
    x: Any, output_size: Any, kernel_size: Any, dilation: Any = 1, padding: Any = 0, stride: Any = 1
) -> Tensor:
    x = convert_to_tensor(x)
    (h, w), (kh, kw), (dh, dw), (ph, pw), (sh, sw), c, (bh, bw) = check_fold_input(
        tuple(x.shape), output_size, kernel_size, dilation, padding, stride
    )
    if x.is_floating_point():
        return F.fold(x, (h, w), (kh, kw), (dh, dw), (ph, pw), (sh, sw))
    # torch's col2im has no integer or bool kernels: add one strided slice per kernel tap (the blocks of
    # one tap never overlap); bools combine with `or`.
    n = x.shape[0]
    blocks = x.reshape(n, c, kh, kw, bh, bw)
    out = torch.zeros((n, c, h + 2 * ph, w + 2 * pw), dtype=x.dtype, device=x.device)
    for i in range(kh):
        for j in range(kw):
            region = out[:, :, i * dh : i * dh + (bh - 1) * sh + 1 : sh, j * dw : j * dw + (bw - 1) * sw + 1 : sw]
            if x.dtype == torch.bool:
                region |= blocks[:, :, i, j]
            else:
                region += blocks[:, :, i, j]
    return out[:, :, ph : ph + h, pw : pw + w].contiguous()
