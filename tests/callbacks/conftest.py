"""Fixtures for the callback tests (the helpers they use live in ``callback_support``)."""

from __future__ import annotations

import pytest
from callback_support import install_stand_in_saving, make_model


@pytest.fixture
def model():
    return make_model()


@pytest.fixture
def saving_model(model):
    calls = install_stand_in_saving(model)
    model.saving_calls = calls
    return model
