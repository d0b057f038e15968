"""Keras 3 names outside the layer set: keras.config switches, keras.utils / keras.backend helpers,
keras.mixed_precision, automatic names and clear_session."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk


@pytest.fixture
def reset_caps():
    yield
    mk.config.set_max_epochs(None)
    mk.config.set_max_steps_per_epoch(None)


def _model():
    model = mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    return model


def test_training_caps(backend_name, reset_caps):
    x, y = np.ones((10, 2), "float32"), np.ones((10, 1), "float32")
    with mk.backend.use(backend_name):
        if not mk.backend.capabilities().trainable:
            return  # fit needs a trainable backend; predict's cap is checked below on every backend
        model = _model()
        mk.config.set_max_epochs(2)
        with pytest.warns(UserWarning, match="limiting epochs to 2"):
            history = model.fit(x, y, batch_size=2, epochs=5, verbose=0)
        assert len(history.history["loss"]) == 2 and history.params["epochs"] == 2
        mk.config.set_max_steps_per_epoch(3)
        seen = []

        class Steps(mk.callbacks.Callback):
            def on_train_batch_end(self, batch, logs=None):
                seen.append(batch)

        with pytest.warns(UserWarning, match="limiting steps_per_epoch to 3"):
            model.fit(x, y, batch_size=2, epochs=1, verbose=0, callbacks=[Steps()])
        assert seen == [0, 1, 2]


def test_predict_cap_and_errors(backend_name, reset_caps):
    with mk.backend.use(backend_name):
        model = mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)])
        mk.config.set_max_steps_per_epoch(2)
        with pytest.warns(UserWarning, match="limiting steps_per_epoch to 2"):
            assert model.predict(np.ones((10, 2), "float32"), batch_size=2, verbose=0).shape == (4, 1)
    with pytest.raises(ValueError, match="expected a positive int or None, received 0"):
        mk.config.set_max_epochs(0)


def test_config_switches_and_aliases():
    assert mk.config.is_flash_attention_enabled() is None
    mk.config.disable_flash_attention()
    assert mk.config.is_flash_attention_enabled() is False
    mk.config.enable_flash_attention()
    assert mk.config.is_flash_attention_enabled() is None
    assert mk.config.dtype_policy().name == "float32"
    mk.mixed_precision.set_global_policy("mixed_bfloat16")
    try:
        assert mk.mixed_precision.global_policy().compute_dtype == "bfloat16"
        assert mk.config.dtype_policy().name == "mixed_bfloat16"
    finally:
        mk.mixed_precision.set_global_policy("float32")
    assert mk.mixed_precision.Policy is mk.dtype_policies.DTypePolicy


def test_names_uids_and_clear_session():
    mk.utils.clear_session()
    first, second = mk.layers.Dense(1), mk.layers.Dense(1)
    assert (first.name, second.name) == ("dense", "dense_1")
    assert mk.backend.get_uid("dense") == 3  # layer names count here too, as in Keras 3
    mk.backend.clear_session()
    assert mk.layers.Dense(1).name == "dense"


def test_utils_and_backend_helpers():
    assert mk.utils.pad_sequences([[1, 2], [3]]).tolist() == [[1, 2], [0, 3]]
    assert mk.backend.is_float_dtype("float16") and not mk.backend.is_float_dtype("int8")
    assert mk.backend.is_int_dtype("uint16") and not mk.backend.is_int_dtype("bool")
    with mk.backend.use("numpy"):
        a = mk.Input((2,), name="a")
        y = mk.layers.Dense(1)(a)
        assert mk.utils.is_keras_tensor(y) and not mk.backend.is_keras_tensor(np.ones(2))
        assert mk.utils.get_source_inputs(y) == [a]
    assert mk.utils.standardize_dtype("float") == "float32"
    assert mk.utils.serialize_keras_object(mk.layers.Dense(2))["class_name"] == "Dense"
    assert mk.utils.deserialize_keras_object(mk.utils.serialize_keras_object(mk.layers.Dense(2))).units == 2


def test_traceback_filtering_decides_whether_the_framework_error_is_chained(backend_name):
    assert mk.config.is_traceback_filtering_enabled() is True
    with mk.backend.use(backend_name):
        ones = mk.ops.ones((2, 3))
        with pytest.raises(ValueError, match=r"ops\.reshape .*cannot reshape") as filtered:
            mk.ops.reshape(ones, (4, 2))
        assert filtered.value.__cause__ is None and filtered.value.__suppress_context__
        mk.config.disable_traceback_filtering()
        try:
            assert mk.config.is_traceback_filtering_enabled() is False
            with pytest.raises(ValueError, match=r"ops\.reshape .*cannot reshape") as chained:
                mk.ops.reshape(ones, (4, 2))
        finally:
            mk.config.enable_traceback_filtering()
    cause = chained.value.__cause__
    assert cause is not None and not type(cause).__module__.startswith("multikeras"), repr(cause)  # the framework's own


def test_top_level_keras_names():
    assert mk.version() == mk.__version__ == "0.1.0"
    expected = {"DTypePolicy": mk.dtype_policies.DTypePolicy, "FloatDTypePolicy": mk.dtype_policies.FloatDTypePolicy,
                "Initializer": mk.initializers.Initializer, "Loss": mk.losses.Loss, "Metric": mk.metrics.Metric,
                "Regularizer": mk.regularizers.Regularizer, "StatelessScope": mk.state.StatelessScope}
    for name, value in expected.items():
        assert getattr(mk, name) is value and name in mk.__all__ and name in dir(mk), name
    for name in ("enable_interactive_logging", "disable_interactive_logging", "is_interactive_logging_enabled",
                 "enable_traceback_filtering", "disable_traceback_filtering", "is_traceback_filtering_enabled",
                 "enable_unsafe_deserialization"):
        assert callable(getattr(mk.config, name)) and name in mk.config.__all__, name
    for name in ("serialize", "deserialize", "DTypePolicyMap"):
        assert name in mk.dtype_policies.__all__, name
