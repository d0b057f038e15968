"""Fused optimizer kernels (``backend.fused``) give the generic per-variable result, up to float32 rounding."""

from __future__ import annotations

import contextlib

import numpy as np

import multikeras as mk
from multikeras import ops
from multikeras.backend.selection import current

rng = np.random.default_rng(3)
INITIAL = [rng.normal(size=shape).astype("float32") for shape in [(3, 4), (4,), (2, 2, 2)]]
GRADS = [[rng.normal(size=value.shape).astype("float32") for value in INITIAL] for _ in range(4)]


@contextlib.contextmanager
def fused_kernels(kernels):
    backend = current()
    saved = dict(backend.fused)
    backend.fused.clear()
    backend.fused.update(kernels)
    try:
        yield
    finally:
        backend.fused.clear()
        backend.fused.update(saved)


def adam_states(**adam_kwargs):
    variables = [mk.Variable(value) for value in INITIAL]
    optimizer = mk.optimizers.Adam(learning_rate=mk.optimizers.schedules.ExponentialDecay(0.01, 2, 0.5), **adam_kwargs)
    for grads in GRADS:
        optimizer.apply([ops.convert_to_tensor(g) for g in grads], variables)
    return [v.numpy() for v in variables] + [v.numpy() for v in optimizer.variables]


def assert_equal_up_to_rounding(actual, expected, ulps=4):
    """Equal within a few float32 ulps, relative to each element and to the array's largest magnitude (an
    element near zero keeps the rounding error of the larger numbers it was computed from)."""
    eps = np.finfo(np.float32).eps
    scale = float(np.max(np.abs(expected))) if np.size(expected) else 0.0
    np.testing.assert_allclose(actual, expected, rtol=ulps * eps, atol=ulps * eps * scale)


def reference_adam_update(variables, grads, momentums, velocities, alpha, beta_1, beta_2, epsilon,
                          held_by_variables=False):
    """The kernel's documented math with public ops, one variable at a time (always new arrays)."""
    new_m = [m + (g - m) * (1.0 - beta_1) for g, m in zip(grads, momentums)]
    new_v = [v + (g * g - v) * (1.0 - beta_2) for g, v in zip(grads, velocities)]
    new_variables = [x - m * alpha / (ops.sqrt(v) + epsilon) for x, m, v in zip(variables, new_m, new_v)]
    return new_variables, new_m, new_v


def test_backend_adam_kernel_equals_the_generic_update(backend_name):
    """The backend's own kernel where it has one (torch), else the reference kernel: the dispatch is tested everywhere."""
    with mk.backend.use(backend_name):
        own = dict(current().fused)
        kernel = own.get("adam_update") or reference_adam_update
        calls = []

        def counted(*args, **kwargs):
            calls.append(args)
            return kernel(*args, **kwargs)

        with fused_kernels({}):
            generic = adam_states()
        with fused_kernels({**own, "adam_update": counted}):  # with the backend's other kernels (adam_step_size)
            fused = adam_states()
            assert len(calls) == len(GRADS) and all(len(args[0]) == len(INITIAL) for args in calls)  # one call a step
            with_amsgrad = adam_states(amsgrad=True)
            assert len(calls) == len(GRADS)  # amsgrad keeps the generic path
    assert len(generic) == len(fused) == 3 + 1 + 6  # variables, iterations, m and v slots
    for expected, actual in zip(generic, fused):
        assert_equal_up_to_rounding(actual, expected)
    assert not all(np.array_equal(a, b) for a, b in zip(with_amsgrad, fused))


def test_torch_registers_its_adam_kernel():
    with mk.backend.use("torch"):
        assert "adam_update" in current().fused


def test_torch_adam_step_size_kernel_equals_the_generic_scalars():
    with mk.backend.use("torch"):
        kernel = current().fused["adam_step_size"]
        # On the CPU the float32/float64 scalars are formed on the host, each operation rounded to the dtype;
        # torch's own sqrt/pow are not always correctly rounded, so the results may differ in the last two bits
        # (checked over many step counts and betas, large counts included). float16 keeps the tensor path.
        for dtype in ("float32", "float64", "float16"):
            for learning_rate_value, beta_1, beta_2 in ((0.003, 0.8, 0.99), (1e-3, 0.9, 0.999), (0.7, 0.5, 0.9999)):
                optimizer = mk.optimizers.Adam(learning_rate=learning_rate_value, beta_1=beta_1, beta_2=beta_2)
                for count in (*range(40), 99, 1000, 4321, 10**6, 2**25):
                    optimizer._iterations.assign(count)
                    learning_rate = optimizer._cast_scalar(optimizer._learning_rate_value(), dtype)
                    with fused_kernels({}):
                        expected = optimizer._compute_step_scalars(optimizer._learning_rate_value(), dtype)
                    actual = kernel(learning_rate, optimizer._iteration_count(), beta_1, beta_2)
                    assert ops.dtype(actual) == dtype
                    actual, expected = ops.convert_to_numpy(actual), ops.convert_to_numpy(expected)
                    if dtype == "float16":
                        np.testing.assert_array_equal(actual, expected)
                    else:
                        np.testing.assert_array_max_ulp(actual, expected, maxulp=2)


def _large_adam_run(kernels, hold_arrays):
    """Two Adam steps on weights large enough for the torch kernel's in-place path; returns the final
    values, the arrays held before the steps (when asked), and whether each variable kept its array object."""
    rng = np.random.default_rng(5)
    with mk.backend.use("torch"), fused_kernels(kernels):
        variables = [mk.Variable(rng.normal(size=(300, 256)).astype("float32")), mk.Variable(np.zeros(256, "float32"))]
        optimizer = mk.optimizers.Adam(0.01)
        optimizer.build(variables)
        grads = [[ops.convert_to_tensor(rng.normal(size=v.shape).astype("float32")) for v in variables] for _ in range(2)]
        optimizer.apply(grads[0], variables)
        held = [v.value for v in variables + optimizer.variables] if hold_arrays else None
        held_copies = [np.array(ops.convert_to_numpy(a)) for a in held] if hold_arrays else None
        ids = [id(v.value) for v in variables]
        optimizer.apply(grads[1], variables)
        same_objects = [id(v.value) == i for v, i in zip(variables, ids)]
        final = [np.array(v.numpy()) for v in variables + optimizer.variables]
        return final, held, held_copies, same_objects


def test_torch_adam_updates_in_place_only_arrays_nobody_else_holds():
    with mk.backend.use("torch"):
        own = dict(current().fused)
    generic, _, _, generic_same = _large_adam_run({}, hold_arrays=False)
    in_place, _, _, in_place_same = _large_adam_run(own, hold_arrays=False)
    held_run, held, held_copies, held_same = _large_adam_run(own, hold_arrays=True)
    assert not any(generic_same) and all(in_place_same)  # nobody else held them: written in place
    assert not any(held_same)  # arrays someone holds are never written: the variables get new ones
    for expected, a, b in zip(generic, in_place, held_run):
        assert_equal_up_to_rounding(a, expected)
        np.testing.assert_array_equal(b, a)  # the same kernel, on copies: the very same numbers
    for array, copy in zip(held, held_copies):
        np.testing.assert_array_equal(ops.convert_to_numpy(array), copy)


def test_torch_adam_kernel_declines_what_it_does_not_compute_and_adam_falls_back():
    with mk.backend.use("torch"):
        import torch

        kernel = current().fused["adam_update"]
        arrays = [torch.ones(3)]
        alpha = torch.tensor(0.1)
        assert kernel(arrays, arrays, arrays, arrays, alpha, 0.9, 0.999, 1e-7) is not None
        half = [torch.ones(3, dtype=torch.float16)]
        assert kernel(half, half, half, half, torch.tensor(0.1, dtype=torch.float16), 0.9, 0.999, 1e-7) is None
        assert kernel(arrays, arrays, arrays, arrays, alpha, 1.0, 0.999, 1e-7) is None  # no vanishing correction
        assert kernel(arrays, arrays, arrays, arrays, alpha.double(), 0.9, 0.999, 1e-7) is None  # alpha's dtype

        def run(kernels):
            with fused_kernels(kernels):
                variable = mk.Variable(np.array([1.0, -2.0, 3.0], "float16"))
                optimizer = mk.optimizers.Adam(0.1)
                for _ in range(3):
                    optimizer.apply([ops.convert_to_tensor(np.array([0.5, 0.25, -1.0], "float16"))], [variable])
                return variable.numpy()

        declined = run(dict(current().fused))
        np.testing.assert_array_equal(declined, run({}))  # the generic code ran
        assert not np.array_equal(declined, np.array([1.0, -2.0, 3.0], "float16"))


def test_torch_adam_kernel_reads_and_writes_permuted_arrays_by_index():
    """A transposed array among row-major ones (a gradient of a transposed kernel, say) is read and written
    element by element, not in memory order."""
    with mk.backend.use("torch"):
        import torch

        kernel = current().fused["adam_update"]
        rng = np.random.default_rng(11)
        values = [rng.normal(size=(4, 3)).astype("float32") for _ in range(4)]
        values[3] = np.abs(values[3])  # a velocity is never negative
        permuted = [torch.from_numpy(value.T.copy()).t() for value in values]  # same values, transposed strides
        assert not any(array.is_contiguous() for array in permuted)
        alpha = torch.tensor(0.05)
        expected = reference_adam_update(*([torch.from_numpy(value)] for value in values), alpha, 0.9, 0.999, 1e-7)
        for layout in range(4):  # one array (variable, gradient, momentum or velocity) transposed, the rest not
            arrays = [[(permuted[i] if i == layout else torch.from_numpy(values[i])).clone()] for i in range(4)]
            for held in (False, True):
                actual = kernel(*[[a.clone() for a in array] for array in arrays], alpha, 0.9, 0.999, 1e-7,
                                held_by_variables=held)
                for got, want in zip(actual, expected):
                    assert_equal_up_to_rounding(got[0].numpy(), want[0].numpy())


def _transposed(value):
    """A torch array with ``value``'s values laid out column-major (a transposed kernel's gradient, say)."""
    import torch

    return torch.from_numpy(np.ascontiguousarray(value.T)).t()


def test_torch_adam_keeps_each_variable_in_its_gradients_layout_and_copies_nothing_once_it_does():
    """A kernel used transposed (``torch.lstm`` takes ``kernel.t()``) gets transposed gradients: its variable and
    slots move to that layout on the first step, are then updated in place, and no array is copied again (not by
    the optimizer, nor inside torch's kernel, which copies a gradient that is not row-major)."""
    with mk.backend.use("torch"):
        import torch
        from torch.profiler import ProfilerActivity, profile

        kernel = current().fused["adam_update"]
        values = [rng.normal(size=(5, 3)).astype("float32") for _ in range(3)]
        held = [torch.from_numpy(values[0].copy()), torch.zeros(5, 3), torch.zeros(5, 3)]  # as the variables hold them
        expected = [[torch.from_numpy(values[0].copy())], [torch.zeros(5, 3)], [torch.zeros(5, 3)]]
        alpha = torch.tensor(0.05)
        for step, grad in enumerate(values[1:]):
            expected = reference_adam_update(expected[0], [torch.from_numpy(grad)], expected[1], expected[2],
                                             alpha, 0.9, 0.999, 1e-7)
            grads = [_transposed(grad)]
            with profile(activities=[ProfilerActivity.CPU]) as prof:
                result = kernel([held[0]], grads, [held[1]], [held[2]], alpha, 0.9, 0.999, 1e-7, held_by_variables=True)
            copies = [event.key for event in prof.key_averages() if event.key in ("aten::copy_", "aten::clone")]
            new_arrays = [group[0] for group in result]
            del result
            assert all(new.stride() == (1, 5) for new in new_arrays)  # the gradient's layout
            if step == 0:
                assert all(new is not old for new, old in zip(new_arrays, held))  # moved to the new layout
            else:
                assert all(new is old for new, old in zip(new_arrays, held)), "not updated in place"
                assert copies == [], f"copied {copies} on a step whose arrays all share the gradient's layout"
            for got, want in zip(new_arrays, expected):
                assert_equal_up_to_rounding(got.numpy(), want[0].numpy())
            held = new_arrays
            del new_arrays, got


def test_torch_adam_lays_variables_out_row_major_where_the_gradient_has_gaps():
    """A gradient that is not one dense block (a strided slice) is read row-major; the variable stays row-major."""
    with mk.backend.use("torch"):
        import torch

        kernel = current().fused["adam_update"]
        grad = torch.from_numpy(rng.normal(size=(4, 6)).astype("float32"))[:, ::2]
        assert grad.stride() == (6, 2)
        variable = torch.from_numpy(rng.normal(size=(4, 3)).astype("float32"))
        alpha = torch.tensor(0.1)
        result = kernel([variable], [grad], [torch.zeros(4, 3)], [torch.zeros(4, 3)], alpha, 0.9, 0.999, 1e-7)
        expected = reference_adam_update([variable], [grad.contiguous()], [torch.zeros(4, 3)], [torch.zeros(4, 3)],
                                         alpha, 0.9, 0.999, 1e-7)
        for got, want in zip(result, expected):
            assert got[0].is_contiguous()
            assert_equal_up_to_rounding(got[0].numpy(), want[0].numpy())


def test_torch_lstm_trains_without_copying_its_kernels_on_every_step():
    """After the first step the LSTM's kernels sit in the layout ``torch.lstm`` reads them in: a training step
    copies none of them (torch's recurrent kernel copies weights that are not row-major, forward and backward)."""
    with mk.backend.use("torch"):
        from torch.profiler import ProfilerActivity, profile

        inputs = mk.Input((6, 3))
        model = mk.Model(inputs, mk.layers.Dense(2)(mk.layers.LSTM(8)(inputs)))
        model.compile(mk.optimizers.Adam(0.01), "mse")
        x, y = rng.normal(size=(4, 6, 3)).astype("float32"), rng.normal(size=(4, 2)).astype("float32")
        model.train_on_batch(x, y)
        with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
            model.train_on_batch(x, y)
        kernel_shapes = {(32, 3), (32, 8), (3, 32), (8, 32)}  # torch's (4 * units, features) and Keras's
        copied = [event.input_shapes[0] for event in prof.events()
                  if event.name in ("aten::copy_", "aten::clone") and event.input_shapes
                  and tuple(event.input_shapes[0]) in kernel_shapes]
        assert copied == [], f"kernels copied in a training step: {copied}"
