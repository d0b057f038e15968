"""Metric updates inside a compiled function (jax.jit, tf.function, torch.compile) match eager updates."""

from __future__ import annotations

import numpy as np

import multikeras as mk
from metrics.metric_checks import to_numpy

RNG = np.random.default_rng(2)
LABELS = RNG.integers(0, 3, (2, 4))
LOGITS = (RNG.random((2, 4, 3)) * 4 - 2).astype("float32")
WEIGHTS = RNG.random((2, 4)).astype("float32")


def test_stateless_update_state_compiles(backend_name):
    """Two batches through one compiled update of a weighted metric; numpy (no compiler) runs it as is."""
    with mk.backend.use(backend_name):
        metric = mk.metrics.SparseCategoricalAccuracy()
        eager = mk.metrics.SparseCategoricalAccuracy()
        compiled = mk.backend.jit(metric.stateless_update_state)
        state = [v.value for v in metric.variables]
        for i in range(2):
            y_true, y_pred, weights = (mk.ops.convert_to_tensor(x[i]) for x in (LABELS, LOGITS, WEIGHTS))
            state = compiled(state, y_true, y_pred, weights)
            eager.update_state(y_true, y_pred, sample_weight=weights)
        result = to_numpy(metric.stateless_result(state))
        np.testing.assert_allclose(result, to_numpy(eager.result()), rtol=1e-6, atol=1e-7)
        assert [float(to_numpy(v.value)) for v in metric.variables] == [0.0, 0.0]  # the state stays outside
        matches = (LABELS == LOGITS.argmax(-1)).astype(float)
        np.testing.assert_allclose(result, (matches * WEIGHTS).sum() / WEIGHTS.sum(), rtol=1e-6)
