"""``rearrange``: einops-style axis patterns turned into one reshape, one transpose and one reshape.

A pattern ``"left -> right"`` names the input's axes on the left and the
output's on the right. A parenthesised group stands for one axis that is the
product of its members (``"b (h w) c"``), ``...`` for any number of axes, and
``()`` or ``1`` for an axis of size 1. Every name appears once per side and
on both sides. The lengths of a split axis come from ``axes_lengths``; one
member of a group may be left for the input's size to determine.

The plan (the three shape/permutation arguments) depends only on the
pattern, the input's static shape and ``axes_lengths``; it is cached so a
repeated call costs a dictionary lookup plus the framework calls.

This module imports no framework.
"""

from __future__ import annotations

import functools
import math
import re
from typing import Any

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ELLIPSIS = "..."
Group = tuple[str, ...]
"""Names of one parenthesised (or single) axis; a bare ``...`` is kept as the string itself."""


def _parse_side(text: str, side: str, pattern: str) -> tuple[Group | str, ...]:
    """The groups of one side: each a tuple of names (``...`` included); ``()``/``1`` give an empty group."""
    tokens = re.findall(r"\.\.\.|\(|\)|[^\s()]+", text.replace("…", _ELLIPSIS))
    groups: list[Group | str] = []
    current: list[str] | None = None
    for token in tokens:
        if token == "(":
            if current is not None:
                raise ValueError(f"rearrange: nested parentheses in the {side} side of pattern {pattern!r}")
            current = []
        elif token == ")":
            if current is None:
                raise ValueError(f"rearrange: unbalanced ')' in the {side} side of pattern {pattern!r}")
            groups.append(tuple(current))
            current = None
        elif token == "1":
            if current is not None:
                raise ValueError(f"rearrange: '1' inside parentheses in pattern {pattern!r}")
            groups.append(())
        elif token == _ELLIPSIS or _NAME.match(token):
            if current is not None:
                current.append(token)
            else:
                # A bare '...' stays a string: it stands for several axes, '(...)' for one.
                groups.append(token if token == _ELLIPSIS else (token,))
        else:
            raise ValueError(f"rearrange: invalid axis name {token!r} in pattern {pattern!r}")
    if current is not None:
        raise ValueError(f"rearrange: unbalanced '(' in the {side} side of pattern {pattern!r}")
    names = [name for group in groups for name in _members(group)]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(f"rearrange: axis {repeated[0]!r} appears twice in the {side} side of pattern {pattern!r}")
    return tuple(groups)


def _members(group: Group | str) -> Group:
    return (group,) if isinstance(group, str) else group


@functools.lru_cache(maxsize=256)
def _parse(pattern: str) -> tuple[tuple[Group | str, ...], tuple[Group | str, ...]]:
    if not isinstance(pattern, str) or pattern.count("->") != 1:
        raise ValueError(f"rearrange: the pattern must have the form 'left -> right', received {pattern!r}")
    left_text, right_text = pattern.split("->")
    left = _parse_side(left_text, "left", pattern)
    right = _parse_side(right_text, "right", pattern)
    left_names = {name for group in left for name in _members(group)}
    right_names = {name for group in right for name in _members(group)}
    if left_names != right_names:
        only = sorted(left_names ^ right_names)
        raise ValueError(
            f"rearrange: axis {only[0]!r} appears on one side of pattern {pattern!r} only "
            "(rearrange neither creates nor reduces axes; every name must be on both sides)"
        )
    return left, right


def _expand(groups: tuple[Group | str, ...], ellipsis_rank: int) -> tuple[Group, ...]:
    names = tuple(f"...{i}" for i in range(ellipsis_rank))
    out = []
    for group in groups:
        if group == _ELLIPSIS:
            out.extend((name,) for name in names)
        else:
            expanded: list[str] = []
            for name in group:
                expanded.extend(names if name == _ELLIPSIS else (name,))
            out.append(tuple(expanded))
    return tuple(out)


@functools.lru_cache(maxsize=1024)
def plan(
    pattern: str, shape: tuple[int | None, ...], axes_lengths: tuple[tuple[str, int], ...]
) -> tuple[tuple[int, ...] | None, tuple[int, ...] | None, tuple[int, ...] | None]:
    """``(elementary shape or None, permutation or None, output shape or None)``; ``None`` skips that step.

    Example:
        >>> plan("b (h w) -> b h w", (2, 6), (("h", 2),))
        ((2, 2, 3), None, None)
    """
    left, right = _parse(pattern)
    has_ellipsis = any(_ELLIPSIS in _members(group) for group in left)
    fixed = len(left) - (1 if _ELLIPSIS in left else 0)
    if has_ellipsis and _ELLIPSIS not in left:
        raise ValueError(f"rearrange: '...' inside parentheses on the left side of pattern {pattern!r} is not supported")
    if (has_ellipsis and len(shape) < fixed) or (not has_ellipsis and len(shape) != len(left)):
        expected = f"at least {fixed}" if has_ellipsis else str(len(left))
        raise ValueError(
            f"rearrange: pattern {pattern!r} expects an input of rank {expected}, received shape {shape}"
        )
    ellipsis_rank = len(shape) - fixed if has_ellipsis else 0
    left = _expand(left, ellipsis_rank)
    right = _expand(right, ellipsis_rank)
    known = dict(axes_lengths)
    sizes: dict[str, int | None] = {}
    for group, dim in zip(left, shape):
        if not group:
            if dim is not None and dim != 1:
                raise ValueError(f"rearrange: pattern {pattern!r} needs an axis of size 1 where the input has {dim}")
            continue
        unknown = [name for name in group if name not in known]
        product = math.prod(known[name] for name in group if name in known)
        if len(unknown) > 1:
            raise ValueError(
                f"rearrange: axes {unknown} of group ({' '.join(group)}) in pattern {pattern!r} have no length: "
                "pass all but one of them as keyword arguments"
            )
        if unknown:
            if dim is not None and (product == 0 or dim % product):
                raise ValueError(
                    f"rearrange: input axis of size {dim} cannot be split into ({' '.join(group)}) "
                    f"with the given lengths {dict((n, known[n]) for n in group if n in known)}"
                )
            sizes[unknown[0]] = None if dim is None else dim // product
        elif dim is not None and product != dim:
            raise ValueError(
                f"rearrange: input axis of size {dim} does not match ({' '.join(group)}) = {product} "
                f"in pattern {pattern!r}"
            )
        for name in group:
            if name in known:
                sizes[name] = known[name]
    elementary = [name for group in left for name in group]
    elementary_shape = tuple(sizes[name] for name in elementary)
    order = [name for group in right for name in group]
    permutation = tuple(elementary.index(name) for name in order)

    def product_of(group: Group) -> int | None:
        values = [sizes[name] for name in group]
        return None if None in values else math.prod(values)  # type: ignore[arg-type]

    output_shape = tuple(product_of(group) for group in right)
    reshape_in = None if all(len(group) == 1 for group in left) else _dynamic(elementary_shape, pattern)
    transpose = None if permutation == tuple(range(len(permutation))) else permutation
    reshape_out = None if all(len(group) == 1 for group in right) else _dynamic(output_shape, pattern)
    return reshape_in, transpose, reshape_out


def _dynamic(shape: tuple[int | None, ...], pattern: str) -> tuple[int, ...]:
    """A reshape target; one unknown (traced) dimension becomes ``-1``."""
    if shape.count(None) > 1:
        raise ValueError(
            f"rearrange: pattern {pattern!r} needs more than one dimension that is unknown before the call; "
            "give the lengths as keyword arguments"
        )
    return tuple(-1 if dim is None else dim for dim in shape)


def rearrange(backend: Any, tensor: Any, pattern: str, **axes_lengths: int) -> Any:
    """Reorder, merge and split the axes of ``tensor`` by an einops ``pattern`` (see the module docstring)."""
    for name, length in axes_lengths.items():
        if isinstance(length, bool) or not isinstance(length, int) or length < 0:
            raise ValueError(f"rearrange: the length of axis {name!r} must be a non-negative int, received {length!r}")
    tensor = backend.convert_to_tensor(tensor)
    reshape_in, transpose, reshape_out = plan(
        pattern, tuple(backend.shape(tensor)), tuple(sorted(axes_lengths.items()))
    )
    if reshape_in is not None:
        tensor = backend.reshape(tensor, reshape_in)
    if transpose is not None:
        tensor = backend.transpose(tensor, transpose)
    if reshape_out is not None:
        tensor = backend.reshape(tensor, reshape_out)
    return tensor
