"""How the benchmark report turns windows into ratios (``benchmarks/report.py``), without timing anything."""

from __future__ import annotations

import doctest
import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "benchmarks"))
import report  # noqa: E402  (benchmarks/ is a folder of scripts, not a package)


def _arm(*samples: float) -> dict:
    ordered = sorted(samples)
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return {"ms_per_step": {"median": median, "samples": list(samples)}}


def _training(native: dict, multikeras: dict) -> dict:
    workload = {"arms": {"native": native, "multikeras": multikeras}, "losses_agree": True, "loss_gap": 0.0, "errors": {}}
    return {"torch": {"workloads": {"W1": workload}}}


def test_ratios_pair_the_windows_of_a_round():
    # Load doubles after the second round and slows both arms alike; multikeras is 10% slower in every round.
    native = _arm(1.0, 1.0, 2.0, 2.0, 2.0)
    multikeras = _arm(1.1, 1.1, 2.2, 2.2, 2.2)
    (row,) = report.training_rows(_training(native, multikeras))
    assert row["mk_native"] == pytest.approx(1.1)
    assert row["mk_minus_native"] == pytest.approx(0.2)
    # Here the load rises one round later for multikeras (it ran first in round 3): the arms' medians fall in
    # different load regimes and their ratio would be 0.55; four of the five rounds still say 1.1.
    multikeras_late = _arm(1.1, 1.1, 1.1, 2.2, 2.2)
    (row,) = report.training_rows(_training(native, multikeras_late))
    assert multikeras_late["ms_per_step"]["median"] / native["ms_per_step"]["median"] == pytest.approx(0.55)
    assert row["mk_native"] == pytest.approx(1.1)


def test_ratios_of_medians_when_windows_do_not_pair():
    (row,) = report.training_rows(_training(_arm(1.0, 2.0, 3.0), _arm(3.0, 3.0)))
    assert row["mk_native"] == pytest.approx(3.0 / 2.0)
    (row,) = report.training_rows(_training(_arm(1.0, 2.0, 3.0), {"ms_per_step": {"median": 4.0}}))  # an older run
    assert row["mk_native"] == pytest.approx(2.0) and row["keras_native"] is None


def test_report_examples():
    assert doctest.testmod(report).failed == 0
