"""ops.image.gaussian_blur inside a compiled function, with sigma drawn there (a traced array, as
RandomGaussianBlur-style code passes it): the same result as the eager op given the drawn values."""

from __future__ import annotations

import numpy as np

import multikeras as mk
from multikeras import ops


def test_sigma_drawn_inside_jit(backend_name):
    images = np.random.default_rng(1).random((2, 7, 7, 2)).astype("float32")
    with mk.backend.use(backend_name):
        if not mk.backend.capabilities().supports_jit:
            return  # nothing compiles on this backend: the eager path is covered by the conformance records
        seed, scalar_seed = mk.random.SeedGenerator(3), mk.random.SeedGenerator(4)  # one per compiled function

        def blur(x):
            sigma = mk.random.uniform((2,), minval=0.5, maxval=2.0, seed=seed)
            return ops.image.gaussian_blur(x, kernel_size=(5, 3), sigma=sigma), sigma

        def blur_scalar(x):
            sigma = mk.random.uniform((), minval=0.5, maxval=2.0, seed=scalar_seed)
            return ops.image.gaussian_blur(x, kernel_size=3, sigma=sigma), sigma

        compiled, sigma = (ops.convert_to_numpy(v) for v in mk.backend.jit(blur)(images))
        eager = ops.convert_to_numpy(ops.image.gaussian_blur(images, kernel_size=(5, 3), sigma=tuple(map(float, sigma))))
        compiled_scalar, sigma_scalar = (ops.convert_to_numpy(v) for v in mk.backend.jit(blur_scalar)(images))
        eager_scalar = ops.convert_to_numpy(ops.image.gaussian_blur(images, kernel_size=3, sigma=float(sigma_scalar)))
    assert sigma[0] != sigma[1]
    np.testing.assert_allclose(compiled, eager, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(compiled_scalar, eager_scalar, rtol=1e-5, atol=1e-6)


def test_tiny_sigma_in_float16_is_the_identity(backend_name):
    # The kernel is built in float32 at least on every backend: in float16 sigma**2 = 1e-12 rounds to 0 and the
    # centre tap became 0/0 = NaN (jax did this).
    images = np.random.default_rng(2).random((1, 4, 4, 1)).astype("float16")
    with mk.backend.use(backend_name):
        for sigma in (1e-6, np.array([1e-6, 1e-6], "float32")):
            out = ops.convert_to_numpy(ops.image.gaussian_blur(images, kernel_size=3, sigma=sigma))
            assert str(out.dtype) == "float16"
            np.testing.assert_array_equal(out, images)
