"""Fixtures of the attention tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import multikeras as mk


@pytest.fixture
def flash_switch() -> Iterator[None]:
    """Undo ``enable_flash_attention``/``disable_flash_attention`` made by a test."""
    before = mk.config.is_flash_attention_enabled()
    yield
    (mk.config.enable_flash_attention if before is None else mk.config.disable_flash_attention)()
