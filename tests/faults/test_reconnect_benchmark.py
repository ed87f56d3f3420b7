"""bench/reconnect.py runs end to end on one short broker stop and prints its figure as a
number: it stops the broker, so it runs here with the fault tests and not beside other
tests. The figure is never asserted: speed is measured, not tested."""

from __future__ import annotations

import pytest

from tests.support.benchmarks import figures_of

pytestmark = pytest.mark.serial  # stops the shared broker: runs alone, after the rest


def test_reconnect_benchmark_prints_when_the_workers_were_back_when_run_once():
    figures = figures_of("reconnect.py", "--rounds", "1", "--down", "1")
    assert figures["rounds"] == 1
    assert figures["workers_back_after_broker_restart"] >= 0
