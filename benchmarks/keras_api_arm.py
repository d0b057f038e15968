"""Arms that run Keras code: Keras 3 (``import keras``) or multikeras (``multikeras.backend.use(name)``).

Both build the model with :func:`workloads.build_model`, compile it with
``optimizer=Adam(1e-3)`` and ``loss=SparseCategoricalCrossentropy(from_logits=True)``
and train with ``model.fit(x, y, batch_size=B, epochs=1, shuffle=False, verbose=0)``
on in-memory NumPy arrays: a timed window of N steps is one ``fit`` call on
N batches, and ms/step is its wall time divided by N (the call's fixed cost,
paid once per epoch by every user, is included and amortized over N).
Reading the epoch's loss as a Python float at the end of ``fit`` is the
window's one synchronization.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import numpy as np

from workloads import ADAM, Workload, build_model

# What "compiled as the native arm is" means for each library's ``jit_compile`` (native arms: jax.jit,
# eager PyTorch, tf.function without XLA). Keras 3 runs a tf.function with jit_compile=False and adds XLA with
# True; multikeras runs eagerly with False and a tf.function (no XLA) with True.
MATCHED_JIT_COMPILE = {
    "keras": {"jax": True, "torch": False, "tensorflow": False},
    "multikeras": {"jax": True, "torch": False, "tensorflow": True},
}


def describe_compile(library: str, backend_name: str, jit_compile: bool) -> str:
    """The compile mode a library's resolved ``jit_compile`` means on a backend, in the native arms' words."""
    if backend_name == "jax":
        return "jax.jit" if jit_compile else "eager"
    if backend_name == "torch":
        return "torch.compile" if jit_compile else "eager"
    if backend_name == "tensorflow":
        if library == "keras":
            return "tf.function+XLA" if jit_compile else "tf.function"
        return "tf.function" if jit_compile else "eager"
    return "eager"


class KerasApiArm:
    """A model of ``lib`` trained with ``fit`` over the first N batches of fixed arrays."""

    def __init__(self, library: str, lib: Any, backend_name: str, workload: Workload, x: np.ndarray, y: np.ndarray,
                 jit_compile: bool | str = "auto"):
        self.library = library
        self.lib = lib
        self.scope: Callable[[], Any] = (
            (lambda: lib.backend.use(backend_name)) if library == "multikeras" else contextlib.nullcontext
        )
        self.workload, self.x, self.y = workload, x, y
        with self.scope():
            self.model = build_model(lib, workload)
            self.model.compile(
                optimizer=lib.optimizers.Adam(ADAM["learning_rate"]),
                loss=lib.losses.SparseCategoricalCrossentropy(from_logits=True),
                jit_compile=jit_compile,
            )
        self.jit_compile = bool(self.model.jit_compile)
        self.compile_setting = describe_compile(library, backend_name, self.jit_compile)

    def run(self, steps: int, start: int = 0) -> float:
        size = self.workload.batch_size
        if start:
            raise ValueError(f"KerasApiArm.run: windows start at the first batch, received start={start}.")
        with self.scope():
            history = self.model.fit(self.x[: steps * size], self.y[: steps * size], batch_size=size, epochs=1,
                                     shuffle=False, verbose=0)
        return float(history.history["loss"][-1])


class KerasApiForward:
    """Inference through ``predict`` or ``predict_on_batch`` of the same Keras-code model."""

    def __init__(self, library: str, lib: Any, backend_name: str, workload: Workload):
        self.scope: Callable[[], Any] = (
            (lambda: lib.backend.use(backend_name)) if library == "multikeras" else contextlib.nullcontext
        )
        with self.scope():
            self.model = build_model(lib, workload)

    def predict(self, x: np.ndarray, batch_size: int) -> np.ndarray:
        with self.scope():
            return np.asarray(self.model.predict(x, batch_size=batch_size, verbose=0))

    def predict_on_batch(self, x: np.ndarray) -> np.ndarray:
        with self.scope():
            return np.asarray(self.model.predict_on_batch(x))
