"""``perspective_transform``: the projective map through four corner pairs, applied by ``affine_transform``.

A perspective warp is an ``affine_transform`` whose eight coefficients are
solved from the four corners: output corner ``end[i]`` samples input corner
``start[i]``. :func:`projective_map` solves that 8x8 system with the ops of
any namespace that has them (a loaded ``Backend``, or ``multikeras.ops``), so
the warp the images get and the map the bounding boxes of
``RandomPerspective`` follow are one computation.

This module imports no framework.
"""

from __future__ import annotations

from typing import Any

from multikeras.backend import dtypes, image_args


def projective_map(ops: Any, start_points: Any, end_points: Any, dtype: str = "float32") -> Any:
    """``(batch, 8)`` coefficients, ``affine_transform``'s layout, of the maps taking each output corner
    ``end_points[:, i]`` to the input corner ``start_points[:, i]`` it samples.

    Args:
        ops: a namespace with ``cast``, ``stack``, ``concatenate``, ``zeros_like``,
            ``ones_like``, ``expand_dims`` and ``solve`` (``multikeras.ops``, or a
            loaded ``Backend``).
        start_points: ``(batch, 4, 2)`` input corners, ``(x, y)`` each.
        end_points: ``(batch, 4, 2)`` output corners.
        dtype: the precision the system is solved in.

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> corners = np.array([[[0, 0], [3, 0], [0, 3], [3, 3]]], "float32")
        >>> with mk.backend.use("numpy"):
        ...     shifted = projective_map(mk.ops, corners + 1, corners)
        ...     print((np.round(mk.ops.convert_to_numpy(shifted), 6) + 0.0).tolist())
        [[1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 0.0]]
    """
    start, end = ops.cast(start_points, dtype), ops.cast(end_points, dtype)
    ex, ey, sx, sy = end[..., 0], end[..., 1], start[..., 0], start[..., 1]
    zero, one = ops.zeros_like(ex), ops.ones_like(ex)
    # One row per corner and coordinate: a0 x + a1 y + a2 - a6 x sx - a7 y sx = sx, and likewise for y.
    rows_x = ops.stack([ex, ey, one, zero, zero, zero, -sx * ex, -sx * ey], axis=-1)
    rows_y = ops.stack([zero, zero, zero, ex, ey, one, -sy * ex, -sy * ey], axis=-1)
    system = ops.concatenate([rows_x, rows_y], axis=1)
    target = ops.concatenate([sx, sy], axis=1)
    return ops.solve(system, ops.expand_dims(target, -1))[..., 0]


def perspective_transform(
    backend: Any,
    images: Any,
    start_points: Any,
    end_points: Any,
    interpolation: str = "bilinear",
    fill_value: Any = 0,
    data_format: str | None = None,
) -> Any:
    """The composite behind ``ops.image.perspective_transform``; ``backend`` is the loaded backend it runs on.

    The corners are solved in float64 when either array is float64, in float32
    otherwise; pixels outside the input take ``fill_value``.
    """
    images = backend.convert_to_tensor(images)
    image_args.check_image_rank("perspective_transform", images.shape)
    image_args.check_interpolation("perspective_transform", interpolation)
    start, end = backend.convert_to_tensor(start_points), backend.convert_to_tensor(end_points)
    image_args.check_points(start.shape, end.shape)
    dtype = "float64" if "float64" in (dtypes.standardize_dtype(start.dtype), dtypes.standardize_dtype(end.dtype)) \
        else "float32"
    transform = projective_map(backend, backend.reshape(start, (-1, 4, 2)), backend.reshape(end, (-1, 4, 2)), dtype)
    count, batch = transform.shape[0], images.shape[0]
    if len(images.shape) == 4 and isinstance(count, int) and isinstance(batch, int) and count not in (1, batch):
        raise ValueError(
            f"perspective_transform: received {count} sets of points for a batch of {batch} images; "
            "expected one set, or one per image"
        )
    if count == 1:
        transform = transform[0]
    return backend.affine_transform(images, transform, interpolation, "constant", fill_value, data_format)
