"""Loss.__call__: every reduction with every kind of sample weight, masks, dtypes, compiled steps."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import multikeras as mk
from multikeras import losses
from multikeras.losses.loss_wrapper import with_mean_form
from multikeras.losses.reduction import set_output_mask
from losses import loss_reference as ref

to_numpy = mk.ops.convert_to_numpy
rng = np.random.default_rng(3)

REDUCTIONS = ["sum_over_batch_size", "mean", "sum", "mean_with_sample_weight", "none", None]
SEQ_TRUE = rng.normal(size=(3, 4, 2)).astype("float32")
SEQ_PRED = rng.normal(size=(3, 4, 2)).astype("float32")
FLAT_TRUE = rng.normal(size=(3, 2)).astype("float32")
FLAT_PRED = rng.normal(size=(3, 2)).astype("float32")
WEIGHTS = {
    "per-sample": rng.uniform(0.1, 2.0, 3).astype("float32"),
    "per-sample column": rng.uniform(0.1, 2.0, (3, 1)).astype("float32"),
    "per-timestep": rng.uniform(0.0, 2.0, (3, 4)).astype("float32"),
    "per-timestep with trailing axis": rng.uniform(0.0, 2.0, (3, 4, 1)).astype("float32"),
    "scalar": np.float32(0.5),
}


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_reductions_with_sample_weights_on_sequences(backend_name, reduction):
    per_sample = ref.mse(SEQ_TRUE, SEQ_PRED)  # (3, 4): one loss per sample and timestep
    with mk.backend.use(backend_name):
        loss = losses.MeanSquaredError(reduction=reduction)
        results = {"none": to_numpy(loss(SEQ_TRUE, SEQ_PRED))}
        for kind, weight in WEIGHTS.items():
            results[kind] = to_numpy(loss(SEQ_TRUE, SEQ_PRED, sample_weight=weight))
    np.testing.assert_allclose(results["none"], ref.reduce(per_sample, None, reduction), rtol=1e-5)
    for kind, weight in WEIGHTS.items():
        np.testing.assert_allclose(results[kind], ref.reduce(per_sample, weight, reduction), rtol=1e-5, err_msg=kind)


@pytest.mark.parametrize("reduction", ["sum_over_batch_size", "sum", "mean_with_sample_weight", None])
def test_reductions_with_per_sample_weights(backend_name, reduction):
    per_sample = ref.mae(FLAT_TRUE, FLAT_PRED)  # (3,)
    weight = WEIGHTS["per-sample"]
    with mk.backend.use(backend_name):
        loss = losses.MeanAbsoluteError(reduction=reduction)
        plain = to_numpy(loss(FLAT_TRUE, FLAT_PRED))
        weighted = to_numpy(loss(FLAT_TRUE, FLAT_PRED, sample_weight=weight))
        column = to_numpy(loss(FLAT_TRUE, FLAT_PRED, sample_weight=weight[:, None]))
        zeros = to_numpy(loss(FLAT_TRUE, FLAT_PRED, sample_weight=np.zeros(3, "float32")))
    np.testing.assert_allclose(plain, ref.reduce(per_sample, None, reduction), rtol=1e-5)
    np.testing.assert_allclose(weighted, ref.reduce(per_sample, weight, reduction), rtol=1e-5)
    np.testing.assert_allclose(column.reshape(weighted.shape), weighted, rtol=1e-6)
    np.testing.assert_allclose(zeros, np.zeros_like(zeros))  # all-zero weights give 0, not NaN


def test_labels_with_a_trailing_axis_meet_flat_predictions(backend_name):
    y_true = np.array([[1.0], [0.0], [1.0]], "float32")
    y_pred = np.array([0.8, 0.3, 0.4], "float32")
    expected = ref.reduce(ref.binary_crossentropy(y_true, y_pred[:, None]))
    with mk.backend.use(backend_name):
        value = to_numpy(losses.BinaryCrossentropy()(y_true, y_pred))
        flipped = to_numpy(losses.BinaryCrossentropy()(y_true[:, 0], y_pred[:, None]))
    np.testing.assert_allclose(value, expected, rtol=1e-6)
    np.testing.assert_allclose(flipped, expected, rtol=1e-6)


def test_empty_batch_and_scalar_losses(backend_name):
    with mk.backend.use(backend_name):
        empty = to_numpy(losses.MeanSquaredError()(np.zeros((0, 3), "float32"), np.zeros((0, 3), "float32")))
        dice = losses.Dice()
        scalar = to_numpy(dice([[1.0, 0.0]], [[1.0, 0.0]]))
        weighted_scalar = to_numpy(losses.Dice(reduction="sum")([[1.0, 1.0]], [[1.0, 0.0]], sample_weight=2.0))
    assert empty.shape == (0,)
    assert scalar.shape == () and abs(float(scalar)) < 1e-6
    np.testing.assert_allclose(weighted_scalar, 2.0 * ref.dice([[1.0, 1.0]], [[1.0, 0.0]]), rtol=1e-6)


@pytest.mark.parametrize("reduction", ["sum_over_batch_size", "sum", "mean_with_sample_weight", None])
def test_ignore_class_leaves_entries_out_of_the_average(backend_name, reduction):
    labels = np.array([[1, -1, 0], [2, 2, -1]], dtype="int32")
    logits = rng.normal(size=(2, 3, 3)).astype("float32")
    logits[0, 1] = [np.inf, -np.inf, np.nan]  # garbage at an ignored position must not leak
    weight = np.array([1.0, 3.0], "float32")
    finite_logits = np.nan_to_num(logits, nan=0.0, posinf=0.0, neginf=0.0)
    values, valid = ref.sparse_categorical_crossentropy(labels, finite_logits, from_logits=True, ignore_class=-1)
    with mk.backend.use(backend_name):
        loss = losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1, reduction=reduction)
        plain = to_numpy(loss(labels, logits))
        weighted = to_numpy(loss(labels, logits, sample_weight=weight))
    np.testing.assert_allclose(plain, ref.reduce(values, None, reduction, mask=valid), rtol=1e-5)
    np.testing.assert_allclose(weighted, ref.reduce(values, weight, reduction, mask=valid), rtol=1e-5)
    assert np.all(np.isfinite(plain))


def test_ignore_class_with_probabilities(backend_name):
    labels = np.array([2, 0, 2, 1])
    probs = rng.dirichlet(np.ones(3), 4).astype("float32")
    probs[2] = 0.0  # an ignored row of zeros (0/0 if normalized) stays harmless
    values, valid = ref.sparse_categorical_crossentropy(labels, np.where(valid_rows(labels, 2), probs, 1.0),
                                                        ignore_class=2)
    with mk.backend.use(backend_name):
        value = to_numpy(losses.SparseCategoricalCrossentropy(ignore_class=2)(labels, probs))
    np.testing.assert_allclose(value, ref.reduce(values, mask=valid), rtol=1e-5)


def valid_rows(labels, ignore_class):
    return (labels != ignore_class)[:, None]


class HalfMasked(losses.Loss):
    """Squared error per entry; only entries where y_true > 0 count."""

    def call(self, y_true, y_pred):
        values = mk.ops.square(y_pred - y_true)
        set_output_mask(values, mk.ops.greater(y_true, 0))
        return values


@pytest.mark.parametrize("reduction", ["sum_over_batch_size", "sum", "mean_with_sample_weight"])
def test_masks_recorded_by_call_reach_the_reduction(backend_name, reduction):
    y_true = np.array([1.0, -1.0, 2.0, -3.0], "float32")
    y_pred = np.array([0.0, 0.0, 0.0, 0.0], "float32")
    weight = np.array([1.0, 2.0, 3.0, 4.0], "float32")
    with mk.backend.use(backend_name):
        value = to_numpy(HalfMasked(reduction=reduction)(y_true, y_pred, sample_weight=weight))
    expected = ref.reduce(y_true**2, weight, reduction, mask=y_true > 0)
    np.testing.assert_allclose(value, expected, rtol=1e-6)


def test_prediction_mask_attribute_is_honoured():
    # Keras marks masked outputs with `_keras_mask`; torch tensors carry the attribute.
    with mk.backend.use("torch"):
        y_pred = mk.ops.convert_to_tensor(np.array([[1.0], [2.0], [3.0]], "float32"))
        y_pred._keras_mask = mk.ops.convert_to_tensor(np.array([True, False, True]))
        value = to_numpy(losses.MeanSquaredError()(np.zeros((3, 1), "float32"), y_pred))
    np.testing.assert_allclose(value, (1.0 + 9.0) / 2)


def test_dtypes(backend_name):
    y_true = np.array([[1, 0], [0, 1]], "int32")
    y_pred16 = np.array([[0.75, 0.25], [0.5, 0.5]], "float16")
    with mk.backend.use(backend_name):
        default = losses.CategoricalCrossentropy()(y_true, mk.ops.convert_to_tensor(y_pred16))
        mixed = losses.CategoricalCrossentropy(dtype="mixed_float16")
        half = mixed(y_true, y_pred16)
        double = losses.CategoricalCrossentropy(dtype="float64")(y_true, y_pred16.astype("float64"))
        policy = losses.MeanSquaredError(dtype=mk.dtype_policies.DTypePolicy("mixed_bfloat16"))
        confident = np.zeros((1, 3003), "float32")
        confident[0, 3001] = 0.5
        sparse_half = losses.SparseCategoricalCrossentropy(dtype="float16")(np.array([3001]), confident)
        assert mk.ops.dtype(default) == "float32"
        assert mk.ops.dtype(half) == "float16" and mixed.dtype == "float16"
        assert mk.ops.dtype(double) == "float64"
        assert policy.dtype == "bfloat16"
    expected = ref.reduce(ref.categorical_crossentropy(y_true, y_pred16))
    np.testing.assert_allclose(to_numpy(default), expected, rtol=1e-6)
    np.testing.assert_allclose(to_numpy(half).astype("float64"), expected, rtol=2e-3)
    np.testing.assert_allclose(to_numpy(double), expected, rtol=1e-12)
    # Class 3001 is not representable in float16; integer labels are kept as integers.
    np.testing.assert_allclose(to_numpy(sparse_half).astype("float64"), 0.0, atol=1e-3)


def test_floatx_at_construction(backend_name, restore_global_state):
    with mk.backend.use(backend_name):
        mk.config.set_floatx("float64")
        loss = losses.MeanAbsoluteError()
        mk.config.set_floatx("float32")
        assert loss.dtype == "float64"
        assert mk.ops.dtype(loss([1.0], [2.0])) == "float64"


def test_structures_of_outputs(backend_name):
    y_true = {"a": FLAT_TRUE, "b": FLAT_TRUE[:, :1]}
    y_pred = {"a": FLAT_PRED, "b": FLAT_PRED[:, 0]}

    def total(t, p):
        return mk.ops.sum(t["a"] - p["a"], axis=-1) + mk.ops.sum(t["b"] - p["b"], axis=-1)

    expected = np.mean((FLAT_TRUE - FLAT_PRED).sum(-1) + (FLAT_TRUE[:, 0] - FLAT_PRED[:, 0]))
    with mk.backend.use(backend_name):
        value = to_numpy(losses.LossFunctionWrapper(total)(y_true, y_pred))
    np.testing.assert_allclose(value, expected, rtol=1e-5)


COMPILED = [name for name in ("jax", "tensorflow") if name in mk.backend.available()]


@pytest.mark.parametrize("compiled_backend", COMPILED)
def test_compiled_steps_match_eager(compiled_backend):
    # jax.jit and tf.function trace the loss; torch.compile is left out only for its compile time (~25 s).
    labels = np.array([3, -1, 0, 2, 2, 1], "int32")
    logits = rng.normal(size=(6, 4)).astype("float32")
    weight = rng.uniform(size=6).astype("float32")
    with mk.backend.use(compiled_backend):
        loss = losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1)
        wrapped = losses.LossFunctionWrapper(losses.get("categorical_crossentropy"), from_logits=True,
                                             label_smoothing=0.1)
        one_hot = np.eye(4, dtype="float32")[np.abs(labels)]

        def step(t, p, w, h):
            return loss(t, p, sample_weight=w), wrapped(h, p, sample_weight=w)

        compiled = mk.backend.jit(step)
        # Several batch sizes: a graph function retraced with an unknown batch dimension must agree too.
        for size in (6, 5, 4):
            args = [mk.ops.convert_to_tensor(x[:size]) for x in (labels, logits, weight, one_hot)]
            eager = [to_numpy(v) for v in step(*args)]
            jitted = [to_numpy(v) for v in compiled(*args)]
            np.testing.assert_allclose(jitted, eager, rtol=1e-6)
            values, valid = ref.sparse_categorical_crossentropy(labels[:size], logits[:size], from_logits=True,
                                                                ignore_class=-1)
            np.testing.assert_allclose(eager[0], ref.reduce(values, weight[:size], mask=valid), rtol=1e-5)


def test_single_class_warns(backend_name):
    with mk.backend.use(backend_name), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        losses.categorical_crossentropy([[1.0]], [[1.0]])
    assert any("binary_crossentropy" in str(w.message) for w in caught)


def test_unique_default_names():
    class MyLoss(losses.Loss):
        def call(self, y_true, y_pred):
            return y_pred

    first, second = MyLoss(), MyLoss()
    assert first.name == "my_loss" and second.name == "my_loss_1"
    assert losses.MeanSquaredError().name == losses.MeanSquaredError().name == "mean_squared_error"
    assert losses.LossFunctionWrapper(losses.mse).name.startswith("loss_function_wrapper")


def test_integer_labels_reach_custom_losses_as_floats(backend_name):
    # As in Keras, labels arrive in the loss dtype, so `y_true - y_pred` works on every backend.
    with mk.backend.use(backend_name):
        loss = losses.LossFunctionWrapper(lambda t, p: mk.ops.mean(mk.ops.abs(t - p), axis=-1))
        value = to_numpy(loss(np.array([[1, 2]], "int32"), np.array([[0.5, 2.5]], "float32")))
        sparse = losses.SparseCategoricalCrossentropy()
        assert sparse._integer_labels and not loss._integer_labels
    np.testing.assert_allclose(value, 0.5)


def _squared_error(y_true, y_pred):
    return mk.ops.mean(mk.ops.square(y_pred - y_true), axis=-1)


@pytest.mark.parametrize("declines", [False, True])
def test_mean_form_is_asked_only_for_unweighted_unmasked_means(backend_name, declines):
    # A loss function's mean form replaces "values, then their mean" only where no weight, mask or other
    # reduction applies; when it declines (returns None) the general path gives the same result.
    asked = []

    def mean_form(y_true, y_pred):
        asked.append(tuple(mk.ops.shape(y_pred)))
        return None if declines else mk.ops.mean(mk.ops.square(y_pred - y_true)) + 1000.0  # marks its own results

    fn = with_mean_form(mean_form)(_squared_error)
    plain = ref.reduce(ref.mse(FLAT_TRUE, FLAT_PRED), None, "sum_over_batch_size")
    with mk.backend.use(backend_name):
        def value(reduction="sum_over_batch_size", **kwargs):
            return float(to_numpy(losses.LossFunctionWrapper(fn, reduction=reduction)(FLAT_TRUE, FLAT_PRED, **kwargs)))

        mean, mean_alias = value(), value("mean")
        assert len(asked) == 2
        weighted = value(sample_weight=np.ones(3, "float32"))
        summed = value("sum")
        assert len(asked) == 2
    np.testing.assert_allclose(mean, plain + (0.0 if declines else 1000.0), rtol=1e-6)
    np.testing.assert_allclose(mean_alias, mean, rtol=1e-6)
    np.testing.assert_allclose(weighted, plain, rtol=1e-6)
    np.testing.assert_allclose(summed, plain * 3, rtol=1e-6)
