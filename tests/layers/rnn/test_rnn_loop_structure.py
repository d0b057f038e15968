"""How the recurrent loop runs: eager jax scans as Python loops, no redundant carry, gate splits (not slices)."""

import numpy as np
import pytest

import multikeras as mk
from multikeras import ops
from multikeras.layers.rnn.recurrence import run_recurrence


def _counting_body(calls):
    def body(carry, x):
        calls.append(1)
        total, steps = carry
        return (total + x["a"] * x["b"], steps + 1), (ops.sum(total), None)

    return body


def _reference(a, b, reverse):
    total, emitted = np.zeros(a.shape[1], np.float32), [None] * len(a)
    order = range(len(a) - 1, -1, -1) if reverse else range(len(a))
    for t in order:
        emitted[t] = total.sum()
        total = total + a[t] * b[t]
    return total, np.asarray(emitted, np.float32)


@pytest.mark.parametrize("reverse", [False, True])
def test_eager_jax_scan_runs_the_body_once_per_step_with_lax_scan_results(reverse):
    a = np.arange(12, dtype=np.float32).reshape(4, 3)
    b = np.arange(4, dtype=np.int32)
    calls = []
    with mk.backend.use("jax"):
        (total, steps), (sums, nothing) = ops.scan(
            _counting_body(calls), (ops.zeros((3,)), 0), {"a": ops.convert_to_tensor(a), "b": b}, reverse=reverse
        )
        assert len(calls) == 4  # eagerly: one call per step, no traced body compiled per call
        expected_total, expected_sums = _reference(a, b, reverse)
        np.testing.assert_allclose(ops.convert_to_numpy(total), expected_total)
        np.testing.assert_allclose(ops.convert_to_numpy(sums), expected_sums)
        assert nothing is None
        assert ops.dtype(total) == "float32" and ops.dtype(sums) == "float32"
        assert ops.dtype(steps) == "int32" and int(ops.convert_to_numpy(steps)) == 4


def test_jax_scan_under_jit_traces_the_body_once():
    calls = []
    with mk.backend.use("jax"):
        backend = mk.backend.current()

        def run(a, b):
            return ops.scan(_counting_body(calls), (ops.zeros((3,)), 0), {"a": a, "b": b})[0][0]

        total = backend.jit(run)(ops.ones((5, 3)), ops.ones((5,), dtype="int32"))
        assert len(calls) == 1  # compiled: one lax.scan, the body traced once
        np.testing.assert_allclose(ops.convert_to_numpy(total), np.full(3, 5.0, np.float32))


def test_eager_jax_scan_keeps_lax_scan_errors_and_lengths():
    with mk.backend.use("jax"):
        carry, ys = ops.scan(lambda c, x: (c + 1, c), ops.convert_to_tensor(0, "int32"), None, length=3)
        assert int(ops.convert_to_numpy(carry)) == 3 and ops.convert_to_numpy(ys).tolist() == [0, 1, 2]
        with pytest.raises(TypeError, match="carry"):  # a carry whose dtype changes, as lax.scan rejects it
            ops.scan(lambda c, x: (c + 1.5, None), ops.convert_to_tensor(0, "int32"), None, length=2)
        _, ys = ops.scan(lambda c, x: (c, x * 2.0), ops.convert_to_tensor(0.0), ops.zeros((0, 2)))
        assert tuple(ys.shape) == (0, 2)


def test_eager_jax_scan_is_differentiable():
    with mk.backend.use("jax"):
        backend = mk.backend.current()

        def unrolled(w):
            return ops.scan(lambda c, x: (c * w + x, c), ops.convert_to_tensor(1.0), ops.arange(4, dtype="float32"))[0]

        value, grad = backend.value_and_grad(unrolled)(ops.convert_to_tensor(0.5))
    # c_4 = w^4 + 0*w^3 + 1*w^2 + 2*w + 3 at w = 0.5; its derivative 4w^3 + 2w + 2.
    assert float(value) == pytest.approx(0.5**4 + 0.25 + 1.0 + 3.0)
    assert float(grad) == pytest.approx(4 * 0.125 + 1.0 + 2.0)


def _running_sum(x_t, states):
    total = states[0] + x_t
    return total, [total, states[1] + 1.0]


@pytest.mark.parametrize("return_sequences", [False, True])
def test_run_recurrence_output_state_gives_the_carried_output_results(backend_name, return_sequences):
    x = np.arange(12, dtype=np.float32).reshape(2, 3, 2)
    with mk.backend.use(backend_name):
        inputs = ops.convert_to_tensor(x)
        states = [ops.zeros((2, 2)), ops.zeros((2, 2))]
        results = [
            run_recurrence(_running_sum, inputs, states, ops.zeros((2, 2)), return_sequences=return_sequences,
                           output_state=output_state)
            for output_state in (None, 0)
        ]
        (last_a, seq_a, states_a), (last_b, seq_b, states_b) = [
            (ops.convert_to_numpy(last), None if seq is None else ops.convert_to_numpy(seq),
             [ops.convert_to_numpy(s) for s in final]) for last, seq, final in results
        ]
    np.testing.assert_allclose(last_b, x.sum(axis=1))
    np.testing.assert_allclose(last_a, last_b)
    np.testing.assert_allclose(states_b[1], np.full((2, 2), 3.0))
    for a, b in zip(states_a, states_b):
        np.testing.assert_allclose(a, b)
    if return_sequences:
        np.testing.assert_allclose(seq_b, np.cumsum(x, axis=1))
        np.testing.assert_allclose(seq_a, seq_b)


def test_run_recurrence_rejects_an_output_state_that_is_not_the_output():
    with mk.backend.use("numpy"):
        with pytest.raises(ValueError, match="output_state=1"):
            run_recurrence(_running_sum, ops.ones((1, 2, 2)), [ops.zeros((1, 2)), ops.zeros((1, 2))],
                           ops.zeros((1, 2)), output_state=1)


@pytest.mark.parametrize("layer_class", ["LSTM", "GRU"])
def test_compiled_gate_gradients_concatenate_instead_of_padding(layer_class):
    # The gates are split, not sliced: the gradient of four slices is a sum of zero-padded arrays, which XLA
    # compiles into a slower loop body than the one concatenation a split's gradient is.
    import jax

    with mk.backend.use("jax"):
        layer = getattr(mk.layers, layer_class)(3)
        inputs = ops.ones((2, 4, 5))
        layer(inputs)
        jaxpr = str(jax.make_jaxpr(jax.grad(lambda x: ops.sum(layer(x))))(inputs))
    assert " pad[" not in jaxpr and "pad " not in jaxpr
    assert "concatenate" in jaxpr and "scan" in jaxpr
