"""Progbar and ProgbarLogger: plain lines off a terminal, an in-place rich bar on one."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from rich.console import Console

from multikeras import callbacks
from multikeras.utils.progbar import Progbar

RATE = r"\d+(us|ms|s)/step"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def run_fit(verbose, epochs=2, steps=3, logs_per_step=None, epoch_logs=None):
    logger = callbacks.ProgbarLogger()
    callback_list = callbacks.CallbackList([logger], epochs=epochs, steps=steps, verbose=verbose)
    callback_list.on_train_begin()
    for epoch in range(epochs):
        callback_list.on_epoch_begin(epoch)
        for step in range(3):
            callback_list.on_train_batch_end(step, logs_per_step or {"loss": 0.5})
        # fit's validation pass prints nothing of its own
        callback_list.on_test_begin()
        callback_list.on_test_batch_end(0, {"loss": 9.0})
        callback_list.on_test_end({"loss": 9.0})
        callback_list.on_epoch_end(epoch, epoch_logs or {"loss": 0.1234, "accuracy": 0.9, "val_loss": 0.25})
    callback_list.on_train_end()


def test_verbose_2_prints_one_line_per_epoch(capsys):
    run_fit(verbose=2)
    lines = capsys.readouterr().out.splitlines()
    expected = rf"3/3 - \d+s - {RATE} - accuracy: 0\.9000 - loss: 0\.1234 - val_loss: 0\.2500"
    assert len(lines) == 4
    assert lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2"
    assert re.fullmatch(expected, lines[1]) and re.fullmatch(expected, lines[3]), lines


def test_verbose_1_off_a_terminal_prints_plain_progress_lines(capsys):
    run_fit(verbose=1, epochs=1, logs_per_step={"loss": 0.5})
    lines = capsys.readouterr().out.splitlines()
    # No "Epoch 1/1" header for a single epoch; the first step always prints, then at most every 0.05 s.
    assert re.fullmatch(rf"1/3 - \d+s - ETA: \d+s - {RATE} - loss: 0\.5000", lines[0]), lines
    # Metrics keep the order they first appeared in.
    assert re.fullmatch(rf"3/3 - \d+s - {RATE} - loss: 0\.1234 - accuracy: 0\.9000 - val_loss: 0\.2500", lines[-1])
    assert not any("\r" in line or "\x1b" in line for line in lines)


def test_verbose_0_prints_nothing(capsys):
    run_fit(verbose=0)
    assert capsys.readouterr().out == ""


def test_unknown_number_of_steps_is_learned_in_the_first_epoch(capsys):
    run_fit(verbose=2, steps=None)
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("3/3 - ") and lines[3].startswith("3/3 - ")


def test_evaluate_and_predict_alone_show_a_bar(capsys):
    logger = callbacks.ProgbarLogger()
    callback_list = callbacks.CallbackList([logger], epochs=1, steps=2, verbose=2)
    callback_list.on_test_begin()
    callback_list.on_test_batch_end(0, {"loss": 1.0})
    callback_list.on_test_batch_end(1, {"loss": 0.5})
    callback_list.on_test_end({"loss": 0.75})
    callback_list.on_predict_begin()
    callback_list.on_predict_batch_end(0, {"outputs": np.ones((4, 1))})
    callback_list.on_predict_batch_end(1, {"outputs": np.ones((4, 1))})
    callback_list.on_predict_end()
    lines = capsys.readouterr().out.splitlines()
    assert re.fullmatch(rf"2/2 - \d+s - {RATE} - loss: 0\.7500", lines[0]), lines
    assert re.fullmatch(rf"2/2 - \d+s - {RATE}", lines[1]), lines


def test_progbar_averages_stateless_values_and_shows_stateful_ones(capsys):
    losses, sizes = [4.0, 1.0, 0.5], [1, 3, 1]
    bar = Progbar(target=10, verbose=1, interval=0, stateful_metrics=["accuracy"])
    current = 0
    for loss, size in zip(losses, sizes):
        current += size
        bar.update(current, [("loss", loss), ("accuracy", loss / 10)])
    lines = capsys.readouterr().out.splitlines()
    # Each value stands for the steps since the previous update.
    expected = np.cumsum(np.multiply(losses, sizes)) / np.cumsum(sizes)
    shown = [float(re.search(r"loss: ([0-9.]+)", line).group(1)) for line in lines]
    np.testing.assert_allclose(shown, expected, atol=5e-5)
    assert lines[-1].endswith("accuracy: 0.0500") and lines[0].startswith(" 1/10 - ")
    bar.add(5, [("loss", 0.0)])  # reaches the target: final values are shown as given
    assert re.fullmatch(rf"10/10 - \d+s - {RATE} - loss: 0\.0000e\+00 - accuracy: 0\.0500", capsys.readouterr().out.strip())


def test_progbar_argument_errors():
    with pytest.raises(ValueError, match="at most one"):
        Progbar(3, stateful_metrics=["a"], stateless_metrics=["b"])
    with pytest.raises(ValueError, match="verbose"):
        Progbar(3, verbose=3)


def test_progbar_stateless_metrics_with_unknown_target(capsys):
    bar = Progbar(target=None, verbose=1, interval=0, stateless_metrics=["loss"])
    bar.update(1, [("loss", 1.0), ("lr", 0.5)])
    bar.update(2, [("loss", 0.0), ("lr", 0.25)])
    lines = capsys.readouterr().out.splitlines()
    assert re.fullmatch(rf"2/Unknown - \d+s - {RATE} - loss: 0\.5000 - lr: 0\.2500", lines[-1]), lines


def test_terminal_bar_redraws_one_line_in_place():
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=100, color_system="truecolor")
    bar = Progbar(target=10, verbose=1, interval=0, console=console)
    for step in range(1, 11):
        bar.update(step, [("loss", 1.0 / step), ("accuracy", 0.5)])
    output = buffer.getvalue()
    assert output.count("\n") == 1 and output.endswith("\n")  # one line, ended when finalized
    frames = [ANSI.sub("", frame) for frame in output.rstrip("\n").split("\r")[1:]]
    assert len(frames) == 10 and "\x1b[" in output  # styled
    assert re.fullmatch(rf" 3/10 ━{{20}} \d+s<\d+s {RATE} - loss: 0\.6111 - accuracy: 0\.5000", frames[2]), frames[2]
    assert re.fullmatch(rf"10/10 ━{{20}} \d+s {RATE} - loss: 0\.1000 - accuracy: 0\.5000", frames[-1]), frames[-1]


def test_terminal_bar_fits_a_narrow_terminal():
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=40)
    bar = Progbar(target=None, verbose=1, interval=0, console=console)
    bar.update(7, [(f"metric_{i}", 0.5) for i in range(8)])
    frame = ANSI.sub("", buffer.getvalue().split("\r")[-1])
    assert frame.startswith("7/Unknown") and len(frame) < 40 and frame.endswith("…")


def test_terminal_verbose_2_still_prints_plain_lines():
    buffer = io.StringIO()
    bar = Progbar(target=2, verbose=2, console=Console(file=buffer, force_terminal=True))
    bar.update(1, [("loss", 1.0)])
    bar.update(2, [("loss", 0.5)])
    assert re.fullmatch(rf"2/2 - \d+s - {RATE} - loss: 0\.5000\n", buffer.getvalue())
