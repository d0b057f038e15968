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
    """Keras 3 ``keras.ops.erf`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).erf(x)
    except Exception as error:
        return _failed('erf', error, {'x': x})


def erfc(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.erfc`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).erfc(x)
    except Exception as error:
        return _failed('erfc', error, {'x': x})


def erfinv(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.erfinv`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).erfinv(x)
    except Exception as error:
        return _failed('erfinv', error, {'x': x})


def extract_sequences(x: ArrayLike, sequence_length, sequence_stride) -> Array:
    """Keras 3 ``keras.ops.extract_sequences`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).extract_sequences(x, sequence_length, sequence_stride)
    except Exception as error:
        return _failed('extract_sequences', error, {'x': x, 'sequence_length': sequence_length, 'sequence_stride': sequence_stride})


def fft(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.fft`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).fft(x)
    except Exception as error:
        return _failed('fft', error, {'x': x})


def fft2(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.fft2`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).fft2(x)
    except Exception as error:
        return _failed('fft2', error, {'x': x})


def ifft2(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.ifft2`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).ifft2(x)
    except Exception as error:
        return _failed('ifft2', error, {'x': x})


def in_top_k(targets: ArrayLike, predictions: ArrayLike, k) -> Array:
    """Keras 3 ``keras.ops.in_top_k`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).in_top_k(targets, predictions, k)
    except Exception as error:
        return _failed('in_top_k', error, {'targets': targets, 'predictions': predictions, 'k': k})


def irfft(x: ArrayLike, fft_length=None) -> Array:
    """Keras 3 ``keras.ops.irfft`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).irfft(x, fft_length)
    except Exception as error:
        return _failed('irfft', error, {'x': x, 'fft_length': fft_length})


def istft(x: ArrayLike, sequence_length, sequence_stride, fft_length, length=None, window='hann', center=True) -> Array:
    """Keras 3 ``keras.ops.istft`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).istft(x, sequence_length, sequence_stride, fft_length, length, window, center)
    except Exception as error:
        return _failed('istft', error, {'x': x, 'sequence_length': sequence_length, 'sequence_stride': sequence_stride, 'fft_length': fft_length, 'length': length, 'window': window, 'center': center})


def logdet(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.logdet`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).logdet(x)
    except Exception as error:
        return _failed('logdet', error, {'x': x})


def logsumexp(x: ArrayLike, axis: Axis = None, keepdims: bool = False) -> Array:
    """Keras 3 ``keras.ops.logsumexp`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).logsumexp(x, axis, keepdims)
    except Exception as error:
        return _failed('logsumexp', error, {'x': x, 'axis': axis, 'keepdims': keepdims})


def rfft(x: ArrayLike, fft_length=None) -> Array:
    """Keras 3 ``keras.ops.rfft`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).rfft(x, fft_length)
    except Exception as error:
        return _failed('rfft', error, {'x': x, 'fft_length': fft_length})


def rsqrt(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.rsqrt`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).rsqrt(x)
    except Exception as error:
        return _failed('rsqrt', error, {'x': x})


def segment_max(data: ArrayLike, segment_ids: ArrayLike, num_segments=None, sorted=False) -> Array:
    """Keras 3 ``keras.ops.segment_max`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).segment_max(data, segment_ids, num_segments, sorted)
    except Exception as error:
        return _failed('segment_max', error, {'data': data, 'segment_ids': segment_ids, 'num_segments': num_segments, 'sorted': sorted})


def segment_min(data: ArrayLike, segment_ids: ArrayLike, num_segments=None, sorted=False) -> Array:
    """Keras 3 ``keras.ops.segment_min`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).segment_min(data, segment_ids, num_segments, sorted)
    except Exception as error:
        return _failed('segment_min', error, {'data': data, 'segment_ids': segment_ids, 'num_segments': num_segments, 'sorted': sorted})


def segment_prod(data: ArrayLike, segment_ids: ArrayLike, num_segments=None, sorted=False) -> Array:
    """Keras 3 ``keras.ops.segment_prod`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).segment_prod(data, segment_ids, num_segments, sorted)
    except Exception as error:
        return _failed('segment_prod', error, {'data': data, 'segment_ids': segment_ids, 'num_segments': num_segments, 'sorted': sorted})


def segment_sum(data: ArrayLike, segment_ids: ArrayLike, num_segments=None, sorted=False) -> Array:
    """Keras 3 ``keras.ops.segment_sum`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).segment_sum(data, segment_ids, num_segments, sorted)
    except Exception as error:
        return _failed('segment_sum', error, {'data': data, 'segment_ids': segment_ids, 'num_segments': num_segments, 'sorted': sorted})


def stft(x: ArrayLike, sequence_length, sequence_stride, fft_length, window='hann', center=True) -> Array:
    """Keras 3 ``keras.ops.stft`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).stft(x, sequence_length, sequence_stride, fft_length, window, center)
    except Exception as error:
        return _failed('stft', error, {'x': x, 'sequence_length': sequence_length, 'sequence_stride': sequence_stride, 'fft_length': fft_length, 'window': window, 'center': center})


def top_k(x: ArrayLike, k, sorted=True) -> Array:
    """Keras 3 ``keras.ops.top_k`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).top_k(x, k, sorted)
    except Exception as error:
        return _failed('top_k', error, {'x': x, 'k': k, 'sorted': sorted})


def view_as_complex(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.view_as_complex`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).view_as_complex(x)
    except Exception as error:
        return _failed('view_as_complex', error, {'x': x})


def view_as_real(x: ArrayLike) -> Array:
    """Keras 3 ``keras.ops.view_as_real`` on the active backend.

    See ``docs/ops.md`` for the dtype rule and per-backend support.
    """
    try:
        return (_active() or _process_backend()).view_as_real(x)
    except Exception as error:
        return _failed('view_as_real', error, {'x': x})
