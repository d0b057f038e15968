"""Build the TensorFlow :class:`~multikeras.backend.Backend` (imports TensorFlow)."""

from __future__ import annotations

import os

# TensorFlow's C++ logging is noisy at import; keep warnings and errors only.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import tensorflow as tf  # noqa: E402

from multikeras.backend.contract import Backend, Capabilities  # noqa: E402

CAPABILITIES = Capabilities(
    trainable=True,
    supports_jit=True,
    supports_complex=True,
    supports_float64=True,
    supports_dlpack=True,
    thread_safe=True,
    stateless_random=True,
)


def _skip_autograph() -> None:
    """Tell AutoGraph not to rewrite multikeras code traced by ``tf.function``.

    multikeras has JAX semantics: control flow goes through ``ops.cond`` /
    ``ops.while_loop``, so converting its Python code only costs tracing
    time. User code stays converted as usual.
    """
    try:
        from tensorflow.python.autograph.core import config as autograph_config
    except ImportError:  # private module moved: conversion stays on, still correct
        return
    rule = autograph_config.DoNotConvert("multikeras")
    rules = tuple(autograph_config.CONVERSION_RULES)
    if not any(getattr(r, "_prefix", None) == "multikeras" for r in rules):
        autograph_config.CONVERSION_RULES = (rule,) + rules


def load() -> Backend:
    """Import the op modules and return the TensorFlow backend."""
    _skip_autograph()
    from multikeras.backends.tensorflow import abstract, autodiff, core, fused, image, linalg, math, nn, random
    from multikeras.backends.tensorflow import placement
    from multikeras.backends.tensorflow import numpy as numpy_ops
    from multikeras.state.variable import Variable

    # tf ops given a Variable directly read its value (no copy, traceable by tf.function).
    tf.register_tensor_conversion_function(
        Variable, lambda variable, dtype=None, name=None, as_ref=False: core.convert_to_tensor(variable.value, dtype)
    )
    return Backend.from_modules(
        "tensorflow",
        tf.__version__,
        CAPABILITIES,
        [core, numpy_ops, nn, linalg, math, image, random, autodiff, abstract, placement],
        native=tf,
        compile_step=autodiff.compile_step,
        fused=fused.KERNELS,
    )
