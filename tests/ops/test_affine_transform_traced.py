"""ops.image.affine_transform inside a compiled function, with transforms built from random draws there."""

from __future__ import annotations

import numpy as np

import multikeras as mk
from multikeras import ops


def test_transforms_stacked_inside_jit(backend_name):
    images = np.random.default_rng(0).random((4, 6, 6, 1)).astype("float32")
    with mk.backend.use(backend_name):
        if not mk.backend.capabilities().supports_jit:
            return  # nothing compiles on this backend: the eager path is covered by the conformance records
        seed = mk.random.SeedGenerator(1)

        def shift(x):
            offsets = mk.random.uniform((4,), minval=-1.0, maxval=1.0, seed=seed)
            zeros, ones = ops.zeros((4,)), ops.ones((4,))
            transforms = ops.stack([ones, zeros, offsets, zeros, ones, zeros, zeros, zeros], axis=1)
            return ops.image.affine_transform(x, transforms, interpolation="nearest"), offsets

        compiled, offsets = (ops.convert_to_numpy(v) for v in mk.backend.jit(shift)(images))
        eager = ops.convert_to_numpy(ops.image.affine_transform(
            images, np.stack([[1, 0, o, 0, 1, 0, 0, 0] for o in offsets]).astype("float32"),
            interpolation="nearest"))
    assert compiled.shape == images.shape
    np.testing.assert_allclose(compiled, eager, rtol=1e-6)
