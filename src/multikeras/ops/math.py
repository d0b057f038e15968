"""``multikeras.ops.math``: generated from ``ops/catalog.py``; do not edit.

Regenerate with ``python tools/generate_ops.py``.
"""

# fmt: off
from __future__ import annotations

from typing import Any

from multikeras.backend.selection import _override, _process_backend
from multikeras.ops._dispatch import handle_failure as _failed
from multikeras.ops.types import Array, ArrayLike, Axis, DTypeLike, Shape

_active = _override.get

__all__ = ['erf', 'erfc', 'erfinv', 'extract_sequences', 'fft', 'fft2', 'ifft2', 'in_top_k', 'irfft', 'istft', 'logdet', 'logsumexp', 'rfft', 'rsqrt', 'segment_max', 'segment_min', 'segment_prod', 'segment_sum', 'stft', 'top_k', 'view_as_complex', 'view_as_real']


def erf(x: ArrayLike) -> Array:
    """Error function, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        Values in ``(-1, 1)``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.erf([0.0, 1.0])).round(4))
        [0.     0.8427]
    """
    try:
        return (_active() or _process_backend()).erf(x)
    except Exception as error:
        return _failed('erf', error, {'x': x})


def erfc(x: ArrayLike) -> Array:
    """Complementary error function ``1 - erf(x)``, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        Values in ``(0, 2)``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.erfc([0.0, 1.0])).round(4))
        [1.     0.1573]
    """
    try:
        return (_active() or _process_backend()).erfc(x)
    except Exception as error:
        return _failed('erfc', error, {'x': x})


def erfinv(x: ArrayLike) -> Array:
    """Inverse error function, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Values in ``[-1, 1]``.

    Returns:
        The values ``y`` with ``erf(y) == x``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.erfinv([0.0, 0.5])).round(4))
        [0.     0.4769]
    """
    try:
        return (_active() or _process_backend()).erfinv(x)
    except Exception as error:
        return _failed('erfinv', error, {'x': x})


def extract_sequences(x: ArrayLike, sequence_length, sequence_stride) -> Array:
    """Split the last axis into overlapping frames.

    Args:
        x: Tensor ``(..., length)``.
        sequence_length: Length of each frame.
        sequence_stride: Step between frame starts.

    Returns:
        Tensor ``(..., num_frames, sequence_length)``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.extract_sequences([1, 2, 3, 4, 5], 3, 2)))
        [[1 2 3]
         [3 4 5]]
    """
    try:
        return (_active() or _process_backend()).extract_sequences(x, sequence_length, sequence_stride)
    except Exception as error:
        return _failed('extract_sequences', error, {'x': x, 'sequence_length': sequence_length, 'sequence_stride': sequence_stride})


def fft(x: ArrayLike) -> Array:
    """Fast Fourier transform along the last axis.

    Complex numbers are passed as a pair ``(real, imag)`` of float tensors.

    Args:
        x: Tuple ``(real, imag)`` of tensors of the same shape.

    Returns:
        Tuple ``(real, imag)`` of the transform.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> real, imag = ops.fft((ops.convert_to_tensor([1.0, 0.0, 0.0, 0.0]), ops.zeros((4,))))
        >>> print(ops.convert_to_numpy(real))
        [1. 1. 1. 1.]
        >>> print(ops.convert_to_numpy(imag))
        [0. 0. 0. 0.]
    """
    try:
        return (_active() or _process_backend()).fft(x)
    except Exception as error:
        return _failed('fft', error, {'x': x})


def fft2(x: ArrayLike) -> Array:
    """2-D fast Fourier transform over the last two axes.

    Args:
        x: Tuple ``(real, imag)`` of tensors of rank >= 2.

    Returns:
        Tuple ``(real, imag)`` of the transform.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> real, imag = ops.fft2((ops.ones((2, 2)), ops.zeros((2, 2))))
        >>> print(ops.convert_to_numpy(real))
        [[4. 0.]
         [0. 0.]]
    """
    try:
        return (_active() or _process_backend()).fft2(x)
    except Exception as error:
        return _failed('fft2', error, {'x': x})


def ifft2(x: ArrayLike) -> Array:
    """Inverse 2-D fast Fourier transform over the last two axes.

    Args:
        x: Tuple ``(real, imag)`` of tensors of rank >= 2.

    Returns:
        Tuple ``(real, imag)`` of the inverse transform.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> real, imag = ops.ifft2((ops.convert_to_tensor([[4.0, 0.0], [0.0, 0.0]]), ops.zeros((2, 2))))
        >>> print(ops.convert_to_numpy(real))
        [[1. 1.]
         [1. 1.]]
    """
    try:
        return (_active() or _process_backend()).ifft2(x)
    except Exception as error:
        return _failed('ifft2', error, {'x': x})


def in_top_k(targets: ArrayLike, predictions: ArrayLike, k) -> Array:
    """Test whether each target class is among the ``k`` highest predictions.

    Args:
        targets: Integer class of each sample ``(batch,)``.
        predictions: Scores ``(batch, num_classes)``.
        k: Number of top classes to consider.

    Returns:
        A boolean tensor ``(batch,)``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.in_top_k([1, 0], [[0.1, 0.9, 0.0], [0.2, 0.5, 0.3]], 2)))
        [ True False]
    """
    try:
        return (_active() or _process_backend()).in_top_k(targets, predictions, k)
    except Exception as error:
        return _failed('in_top_k', error, {'targets': targets, 'predictions': predictions, 'k': k})


def irfft(x: ArrayLike, fft_length=None) -> Array:
    """Inverse of ``rfft``: real signal from the non-negative frequency terms.

    Args:
        x: Tuple ``(real, imag)`` of the half spectrum.
        fft_length: Length of the output signal; ``None`` means ``2 * (n - 1)``.

    Returns:
        Real tensor.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.irfft((ops.convert_to_tensor([4.0, 0.0, 0.0]), ops.zeros((3,))), 4)))
        [1. 1. 1. 1.]
    """
    try:
        return (_active() or _process_backend()).irfft(x, fft_length)
    except Exception as error:
        return _failed('irfft', error, {'x': x, 'fft_length': fft_length})


def istft(x: ArrayLike, sequence_length, sequence_stride, fft_length, length=None, window='hann', center=True) -> Array:
    """Inverse short-time Fourier transform.

    Args:
        x: Tuple ``(real, imag)`` of the STFT ``(..., frames, fft_length // 2 + 1)``.
        sequence_length: Window length of each frame.
        sequence_stride: Step between frames.
        fft_length: FFT size used by ``stft``.
        length: Length of the output signal (trimmed or padded); ``None`` keeps all.
        window: Window name (``"hann"``, ``"hamming"``) or a 1-D tensor or ``None``.
        center: Whether ``stft`` padded the signal so frames are centred.

    Returns:
        Real signal ``(..., length)``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> signal = ops.convert_to_tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0])
        >>> spec = ops.stft(signal, 4, 2, 4)
        >>> print(ops.convert_to_numpy(ops.istft(spec, 4, 2, 4, length=8)).round(4))
        [1. 2. 3. 4. 5. 6. 7. 8.]
    """
    try:
        return (_active() or _process_backend()).istft(x, sequence_length, sequence_stride, fft_length, length, window, center)
    except Exception as error:
        return _failed('istft', error, {'x': x, 'sequence_length': sequence_length, 'sequence_stride': sequence_stride, 'fft_length': fft_length, 'length': length, 'window': window, 'center': center})


def logdet(x: ArrayLike) -> Array:
    """Natural logarithm of the determinant of positive-definite matrices.

    Args:
        x: Matrix ``(..., n, n)``.

    Returns:
        The log-determinants.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.logdet([[2.0, 0.0], [0.0, 3.0]])).round(4))
        1.7918
    """
    try:
        return (_active() or _process_backend()).logdet(x)
    except Exception as error:
        return _failed('logdet', error, {'x': x})


def logsumexp(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """``log(sum(exp(x)))`` along an axis, computed stably.

    With ``axis=None`` the op reduces over all elements. The result is floating point:
    integer and boolean inputs give ``floatx()`` (``float32`` by default); float inputs
    keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        axis: Axis (int or tuple of ints) to reduce over; ``None`` reduces over all axes.
        keepdims: If ``True``, reduced axes are kept with length 1.

    Returns:
        The values.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.logsumexp([0.0, 0.0])).round(4))
        0.6931
    """
    try:
        return (_active() or _process_backend()).logsumexp(x, axis, keepdims)
    except Exception as error:
        return _failed('logsumexp', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def rfft(x: ArrayLike, fft_length=None) -> Array:
    """Fast Fourier transform of a real signal along the last axis.

    Only the non-negative frequencies are returned.

    Args:
        x: Real tensor.
        fft_length: FFT size (input is cropped or zero-padded); ``None`` uses the input
            length.

    Returns:
        Tuple ``(real, imag)`` with ``fft_length // 2 + 1`` frequencies.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> real, imag = ops.rfft(ops.convert_to_tensor([1.0, 1.0, 1.0, 1.0]))
        >>> print(ops.convert_to_numpy(real))
        [4. 0. 0.]
    """
    try:
        return (_active() or _process_backend()).rfft(x, fft_length)
    except Exception as error:
        return _failed('rfft', error, {'x': x, 'fft_length': fft_length})


def rsqrt(x: ArrayLike) -> Array:
    """Reciprocal square root ``1 / sqrt(x)``, elementwise.

    The result is floating point: integer and boolean inputs give ``floatx()``
    (``float32`` by default); float inputs keep their dtype.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.

    Returns:
        The values.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.rsqrt([4.0, 16.0])))
        [0.5  0.25]
    """
    try:
        return (_active() or _process_backend()).rsqrt(x)
    except Exception as error:
        return _failed('rsqrt', error, {'x': x})


def segment_max(data: ArrayLike, segment_ids: ArrayLike, num_segments=None, sorted=False) -> Array:
    """Maximum of the rows of ``data`` in each segment.

    Args:
        data: Values to reduce, segmented along their first axis.
        segment_ids: Segment index of each row of ``data`` (int, non-negative).
        num_segments: Number of segments; ``None`` means ``max(segment_ids) + 1``.
        sorted: Whether ``segment_ids`` is sorted (a hint some backends use).

    Returns:
        Tensor ``(num_segments, *data.shape[1:])``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.segment_max([1.0, 5.0, 2.0, 7.0], [0, 0, 1, 1], num_segments=2)))
        [5. 7.]
    """
    try:
        return (_active() or _process_backend()).segment_max(data, segment_ids, num_segments, sorted)
    except Exception as error:
        return _failed('segment_max', error, {'data': data, 'segment_ids': segment_ids, 'num_segments': num_segments, 'sorted': sorted})


def segment_min(data: ArrayLike, segment_ids: ArrayLike, num_segments=None, sorted=False) -> Array:
    """Minimum of the rows of ``data`` in each segment.

    Args:
        data: Values to reduce, segmented along their first axis.
        segment_ids: Segment index of each row of ``data`` (int, non-negative).
        num_segments: Number of segments; ``None`` means ``max(segment_ids) + 1``.
        sorted: Whether ``segment_ids`` is sorted (a hint some backends use).

    Returns:
        Tensor ``(num_segments, *data.shape[1:])``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.segment_min([1.0, 5.0, 2.0, 7.0], [0, 0, 1, 1], num_segments=2)))
        [1. 2.]
    """
    try:
        return (_active() or _process_backend()).segment_min(data, segment_ids, num_segments, sorted)
    except Exception as error:
        return _failed('segment_min', error, {'data': data, 'segment_ids': segment_ids, 'num_segments': num_segments, 'sorted': sorted})


def segment_prod(data: ArrayLike, segment_ids: ArrayLike, num_segments=None, sorted=False) -> Array:
    """Product of the rows of ``data`` in each segment (1 for empty segments).

    Args:
        data: Values to reduce, segmented along their first axis.
        segment_ids: Segment index of each row of ``data`` (int, non-negative).
        num_segments: Number of segments; ``None`` means ``max(segment_ids) + 1``.
        sorted: Whether ``segment_ids`` is sorted (a hint some backends use).

    Returns:
        Tensor ``(num_segments, *data.shape[1:])``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.segment_prod([1.0, 5.0, 2.0, 7.0], [0, 0, 1, 1], num_segments=2)))
        [ 5. 14.]
    """
    try:
        return (_active() or _process_backend()).segment_prod(data, segment_ids, num_segments, sorted)
    except Exception as error:
        return _failed('segment_prod', error, {'data': data, 'segment_ids': segment_ids, 'num_segments': num_segments, 'sorted': sorted})


def segment_sum(data: ArrayLike, segment_ids: ArrayLike, num_segments=None, sorted=False) -> Array:
    """Sum of the rows of ``data`` in each segment (0 for empty segments).

    Args:
        data: Values to reduce, segmented along their first axis.
        segment_ids: Segment index of each row of ``data`` (int, non-negative).
        num_segments: Number of segments; ``None`` means ``max(segment_ids) + 1``.
        sorted: Whether ``segment_ids`` is sorted (a hint some backends use).

    Returns:
        Tensor ``(num_segments, *data.shape[1:])``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.segment_sum([1.0, 5.0, 2.0, 7.0], [0, 0, 1, 1], num_segments=2)))
        [6. 9.]
    """
    try:
        return (_active() or _process_backend()).segment_sum(data, segment_ids, num_segments, sorted)
    except Exception as error:
        return _failed('segment_sum', error, {'data': data, 'segment_ids': segment_ids, 'num_segments': num_segments, 'sorted': sorted})


def stft(x: ArrayLike, sequence_length, sequence_stride, fft_length, window='hann', center=True) -> Array:
    """Short-time Fourier transform along the last axis.

    Args:
        x: Real signal ``(..., length)``.
        sequence_length: Window length of each frame.
        sequence_stride: Step between frames.
        fft_length: FFT size (at least ``sequence_length``).
        window: Window name (``"hann"``, ``"hamming"``) or a 1-D tensor or ``None``.
        center: If ``True``, pad the signal so frames are centred on their time step.

    Returns:
        Tuple ``(real, imag)`` of shape ``(..., frames, fft_length // 2 + 1)``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> real, imag = ops.stft(ops.ones((8,)), 4, 4, 4, window=None, center=False)
        >>> print(ops.convert_to_numpy(real))
        [[4. 0. 0.]
         [4. 0. 0.]]
    """
    try:
        return (_active() or _process_backend()).stft(x, sequence_length, sequence_stride, fft_length, window, center)
    except Exception as error:
        return _failed('stft', error, {'x': x, 'sequence_length': sequence_length, 'sequence_stride': sequence_stride, 'fft_length': fft_length, 'window': window, 'center': center})


def top_k(x: ArrayLike, k, sorted=True) -> Array:
    """The ``k`` largest values along the last axis and their indices.

    Indices are returned as ``int32`` on every backend.

    Args:
        x: Input array: a backend tensor, NumPy array, Python scalar or nested list.
        k: Number of values to return.
        sorted: Whether to return them in descending order.

    Returns:
        A tuple ``(values, indices)``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> values, indices = ops.top_k([1, 9, 3, 7], 2)
        >>> print(ops.convert_to_numpy(values))
        [9 7]
        >>> print(ops.convert_to_numpy(indices))
        [1 3]
    """
    try:
        return (_active() or _process_backend()).top_k(x, k, sorted)
    except Exception as error:
        return _failed('top_k', error, {'x': x, 'k': k, 'sorted': sorted})


def view_as_complex(x: ArrayLike) -> Array:
    """View a real tensor with a last axis of size 2 as complex numbers.

    Args:
        x: Float tensor ``(..., 2)`` holding real and imaginary parts.

    Returns:
        Complex tensor ``(...)``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> z = ops.convert_to_numpy(ops.view_as_complex([[1.0, 2.0]]))
        >>> z.real.tolist(), z.imag.tolist()
        ([1.0], [2.0])
    """
    try:
        return (_active() or _process_backend()).view_as_complex(x)
    except Exception as error:
        return _failed('view_as_complex', error, {'x': x})


def view_as_real(x: ArrayLike) -> Array:
    """View a complex tensor as real, with a last axis of size 2 (real, imaginary).

    Args:
        x: Complex tensor.

    Returns:
        Float tensor ``(..., 2)``.

    See ``docs/ops.md`` for the dtype rule and per-backend support.

    Example:
        >>> from multikeras import ops
        >>> print(ops.convert_to_numpy(ops.view_as_real(ops.view_as_complex([[1.0, 2.0]]))))
        [[1. 2.]]
    """
    try:
        return (_active() or _process_backend()).view_as_real(x)
    except Exception as error:
        return _failed('view_as_real', error, {'x': x})
