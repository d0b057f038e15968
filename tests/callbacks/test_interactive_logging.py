"""keras.config.disable_interactive_logging(): progress and messages go to the "multikeras" logger as plain lines."""

from __future__ import annotations

import io
import logging
import re

import numpy as np
import pytest
from rich.console import Console

import multikeras as mk
from multikeras.utils.progbar import Progbar

RATE = r"\d+(us|ms|s)/step"


@pytest.fixture
def logged(caplog):
    """Interactive logging off for the test; the records of the "multikeras" logger at INFO."""
    caplog.set_level(logging.INFO, logger="multikeras")
    mk.config.disable_interactive_logging()
    try:
        yield caplog
    finally:
        mk.config.enable_interactive_logging()


def messages(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "multikeras"]


def test_switch_state_and_utils_reexports():
    assert mk.config.is_interactive_logging_enabled() is True
    mk.utils.disable_interactive_logging()
    try:
        assert mk.config.is_interactive_logging_enabled() is False
        assert mk.utils.is_interactive_logging_enabled() is False
    finally:
        mk.config.enable_interactive_logging()
    assert mk.utils.is_interactive_logging_enabled() is True
    for name in ("enable_interactive_logging", "disable_interactive_logging", "is_interactive_logging_enabled"):
        assert getattr(mk.utils, name) is getattr(mk.config, name), name


def test_terminal_bar_is_logged_as_plain_lines_not_drawn(logged):
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=100, color_system="truecolor")
    bar = Progbar(target=3, verbose=1, interval=0, console=console)
    for step in range(1, 4):
        bar.update(step, [("loss", 1.0)])
    assert buffer.getvalue() == ""  # nothing drawn on the terminal
    lines = messages(logged)
    assert len(lines) == 3 and all("\r" not in line and "\x1b" not in line for line in lines), lines
    assert re.fullmatch(rf"3/3 - \d+s - {RATE} - loss: 1\.0000", lines[-1]), lines


def test_fit_verbose_messages_are_logged(backend_name, logged, capsys):
    x, y = np.ones((8, 2), "float32"), np.ones((8, 1), "float32")
    with mk.backend.use(backend_name):
        model = mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)])
        model.compile(optimizer="sgd", loss="mse")
        if mk.backend.capabilities().trainable:
            stop = mk.callbacks.EarlyStopping(monitor="loss", patience=0, min_delta=1e9, verbose=1)
            model.fit(x, y, batch_size=4, epochs=3, verbose=2, callbacks=[stop])
        model.predict(x, batch_size=4, verbose=1)
        model.summary()
    assert capsys.readouterr().out == ""  # stdout untouched
    lines = messages(logged)
    if mk.backend.capabilities(backend_name).trainable:
        assert lines[0] == "Epoch 1/3", lines
        assert re.fullmatch(rf"2/2 - \d+s - {RATE} - loss: \S+", lines[1]), lines
        assert "Epoch 2: early stopping" in lines, lines  # min_delta no step can reach: stops after patience
    assert any(re.fullmatch(rf"2/2 - \d+s - {RATE}", line) for line in lines), lines  # predict's bar
    assert lines[-1].startswith(f'Model: "{model.name}"') and "Total params: 3" in lines[-1]


def test_enabling_again_prints_to_stdout(capsys, caplog):
    caplog.set_level(logging.INFO, logger="multikeras")
    mk.config.disable_interactive_logging()
    mk.config.enable_interactive_logging()
    bar = Progbar(target=1, verbose=2)
    bar.update(1, [("loss", 0.5)])
    assert re.fullmatch(rf"1/1 - \d+s - {RATE} - loss: 0\.5000\n", capsys.readouterr().out)
    assert messages(caplog) == []
