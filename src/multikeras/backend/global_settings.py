"""Process-wide switches of ``keras.config``: flash attention, and caps on training length."""

from __future__ import annotations

_flash_attention: bool | None = None
_max_epochs: int | None = None
_max_steps_per_epoch: int | None = None


def enable_flash_attention() -> None:
    """Let ``ops.dot_product_attention(flash_attention=None)`` use a flash-attention kernel where the backend
    and the inputs allow it (the default; Keras 3 reports this state as ``None``).

    Example:
        >>> enable_flash_attention(); is_flash_attention_enabled() is None
        True
    """
    global _flash_attention
    _flash_attention = None


def disable_flash_attention() -> None:
    """Never use a flash-attention kernel unless a call asks for one (``flash_attention=True``).

    ``ops.dot_product_attention(flash_attention=None)`` then computes as with ``False``, and so do
    ``MultiHeadAttention`` and ``GroupedQueryAttention`` layers constructed afterwards without the
    argument (they read the switch when constructed, as in Keras 3).

    Example:
        >>> disable_flash_attention(); is_flash_attention_enabled()
        False
        >>> enable_flash_attention()
    """
    global _flash_attention
    _flash_attention = False


def is_flash_attention_enabled() -> bool | None:
    """``False`` after :func:`disable_flash_attention`, else ``None`` (use it where possible), as in Keras 3.

    Example:
        >>> is_flash_attention_enabled() is None
        True
    """
    return _flash_attention


def flash_attention_for_call(flash_attention: object) -> bool | None:
    """The ``flash_attention`` a backend receives: an explicit ``True``/``False`` as given, ``None`` as the switch says.

    ``None`` becomes ``False`` after :func:`disable_flash_attention` (no flash kernel unless a call asks
    for one) and stays ``None`` (the backend's choice) otherwise. Keras 3 reads the switch only in its
    attention layers' constructors; applying it to every ``ops.dot_product_attention`` call makes
    ``disable_flash_attention()`` mean the same thing wherever attention is computed.

    Raises:
        TypeError: ``flash_attention`` is neither ``None`` nor a bool.

    Example:
        >>> flash_attention_for_call(None) is None, flash_attention_for_call(False)
        (True, False)
        >>> disable_flash_attention(); flash_attention_for_call(None), flash_attention_for_call(True)
        (False, True)
        >>> enable_flash_attention()
    """
    if flash_attention is None:
        return _flash_attention
    if flash_attention is True or flash_attention is False:
        return flash_attention
    if type(flash_attention).__name__ == "bool" and type(flash_attention).__module__ == "numpy":
        return bool(flash_attention)  # a NumPy scalar bool (np.True_), without importing NumPy here
    raise TypeError(f"argument 'flash_attention' expected True, False or None, received {flash_attention!r}")


def _check_cap(value: int | None, name: str) -> int | None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise ValueError(f"config.set_{name}: expected a positive int or None, received {value!r}.")
    return value


def set_max_epochs(max_epochs: int | None) -> None:
    """Cap every ``fit`` at this many epochs (``None``: no cap), e.g. to run a long script quickly.

    Example:
        >>> set_max_epochs(2); max_epochs()
        2
        >>> set_max_epochs(None)
    """
    global _max_epochs
    _max_epochs = _check_cap(max_epochs, "max_epochs")


def max_epochs() -> int | None:
    """The cap set by :func:`set_max_epochs` (``None`` when there is none).

    Example:
        >>> max_epochs() is None
        True
    """
    return _max_epochs


def set_max_steps_per_epoch(max_steps_per_epoch: int | None) -> None:
    """Cap every epoch of ``fit`` (and each ``evaluate`` / ``predict`` pass) at this many steps (``None``: no cap).

    Example:
        >>> set_max_steps_per_epoch(5); max_steps_per_epoch()
        5
        >>> set_max_steps_per_epoch(None)
    """
    global _max_steps_per_epoch
    _max_steps_per_epoch = _check_cap(max_steps_per_epoch, "max_steps_per_epoch")


def max_steps_per_epoch() -> int | None:
    """The cap set by :func:`set_max_steps_per_epoch` (``None`` when there is none).

    Example:
        >>> max_steps_per_epoch() is None
        True
    """
    return _max_steps_per_epoch
