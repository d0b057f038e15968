"""NumPy references for the image augmentation tests: sampling a channels-last batch through per-image affine maps
(the map takes an output pixel ``(x, y)`` to the input point it reads), and the layers' own random draws."""

from __future__ import annotations

import numpy as np

import multikeras as mk


def affine_sample(images: np.ndarray, matrices: np.ndarray, interpolation: str, fill_value: float) -> tuple:
    """Sample ``images`` ``(n, h, w, c)`` through ``matrices`` ``(n, 2, 3)`` with constant fill.

    Returns ``(output, exact)``: ``exact`` marks the pixels the reference decides without edge cases (bilinear:
    all four neighbours inside; nearest: the input point not within 1e-3 of a rounding tie or of the border).
    """
    n, h, w, c = images.shape
    out = np.full(images.shape, fill_value, dtype="float64")
    exact = np.zeros((n, h, w), bool)
    for b in range(n):
        for y in range(h):
            for x in range(w):
                src_x, src_y = matrices[b] @ np.array([x, y, 1.0])
                if interpolation == "nearest":
                    near_tie = min(abs(src_x % 1 - 0.5), abs(src_y % 1 - 0.5)) < 1e-3
                    ix, iy = int(np.floor(src_x + 0.5)), int(np.floor(src_y + 0.5))
                    inside = 0 <= ix < w and 0 <= iy < h
                    if inside:
                        out[b, y, x] = images[b, iy, ix]
                    margin = min(abs(src_x + 0.5), abs(src_x - w + 0.5), abs(src_y + 0.5), abs(src_y - h + 0.5))
                    exact[b, y, x] = not near_tie and margin > 1e-3
                else:
                    x0, y0 = int(np.floor(src_x)), int(np.floor(src_y))
                    if 0 <= x0 and x0 + 1 < w and 0 <= y0 and y0 + 1 < h:
                        fx, fy = src_x - x0, src_y - y0
                        out[b, y, x] = ((1 - fy) * ((1 - fx) * images[b, y0, x0] + fx * images[b, y0, x0 + 1])
                                        + fy * ((1 - fx) * images[b, y0 + 1, x0] + fx * images[b, y0 + 1, x0 + 1]))
                        exact[b, y, x] = True
    return out, exact


def rotation_matrix(angle: float, h: int, w: int) -> np.ndarray:
    """Output pixel -> input point for a counter-clockwise rotation by ``angle`` about the image centre."""
    cx, cy = (w - 1) / 2, (h - 1) / 2
    cos, sin = np.cos(angle), np.sin(angle)
    return np.array([[cos, -sin, cx - cos * cx + sin * cy], [sin, cos, cy - sin * cx - cos * cy]])


def zoom_matrix(zoom_y: float, zoom_x: float, h: int, w: int) -> np.ndarray:
    return np.array([[zoom_x, 0, (w - 1) / 2 * (1 - zoom_x)], [0, zoom_y, (h - 1) / 2 * (1 - zoom_y)]])


def translation_matrix(shift_y: float, shift_x: float) -> np.ndarray:
    return np.array([[1.0, 0, -shift_x], [0, 1.0, -shift_y]])


def layer_draws(seed: int, shapes_and_ranges: list) -> list[np.ndarray]:
    """The uniform draws a fresh layer with ``seed`` makes, in order: ``[(shape, low, high), ...]``.

    A layer's seed generator starts from its ``seed``; a generator made here from the same seed gives the same
    sequence, so the tests can compute the documented formulas from the very values the layer drew.
    """
    generator = mk.random.SeedGenerator(seed)
    return [mk.ops.convert_to_numpy(mk.random.uniform(shape, low, high, dtype="float32", seed=generator)).astype("float64")
            for shape, low, high in shapes_and_ranges]
