"""The watch over a worker's threads: a part that dies ends the worker with a non-zero
status and a line that names it, so that its process manager restarts it."""

from __future__ import annotations

import datetime as dt
import logging
import threading

from shared.clock import FixedClock
from shared.liveness import Heartbeats
from shared.worker import run_parts


class Steady:
    """Runs until stopped, and says it was."""

    def __init__(self) -> None:
        self.stopped = threading.Event()

    def run(self, stop: threading.Event) -> None:
        stop.wait()
        self.stopped.set()


class Raises:
    def run(self, stop: threading.Event) -> None:
        raise RuntimeError("the handler's C library crashed")


class Returns:
    def run(self, stop: threading.Event) -> None:
        return None


def test_worker_exits_non_zero_naming_the_part_and_its_error_when_a_thread_raises(caplog):
    steady = Steady()
    with caplog.at_level(logging.INFO, logger="shared.worker"):
        status = run_parts({"relay": steady, "consumer": Raises()})
    assert status == 1
    assert steady.stopped.is_set()  # the others stop cleanly before the process ends
    died = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(died) == 1
    assert "consumer" in died[0].getMessage()
    assert "the handler's C library crashed" in died[0].getMessage()


def test_worker_exits_non_zero_naming_the_part_when_a_thread_returns_while_running(caplog):
    with caplog.at_level(logging.INFO, logger="shared.worker"):
        status = run_parts({"relay": Steady(), "sweep": Returns()})
    assert status == 1
    died = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(died) == 1 and "sweep" in died[0]


def test_worker_exits_zero_when_it_is_stopped():
    stop = threading.Event()
    steady = Steady()
    threading.Timer(0.2, stop.set).start()
    assert run_parts({"relay": steady}, stop) == 0
    assert steady.stopped.is_set()


class StuckInWork:
    """Takes one piece of work that never ends, as a handler blocked for good would."""

    def __init__(self) -> None:
        self.working = threading.Event()

    def run(self, stop: threading.Event) -> None:
        with self.pulse.working():
            self.working.set()
            stop.wait()


def test_worker_exits_non_zero_naming_the_part_when_its_work_outlasts_the_bound(caplog):
    clock = FixedClock(dt.datetime(2026, 1, 5, 9, 0))
    stuck, steady = StuckInWork(), Steady()
    threading.Thread(target=lambda: (stuck.working.wait(10), clock.advance(seconds=31)),
                     daemon=True).start()
    with caplog.at_level(logging.INFO, logger="shared.worker"):
        status = run_parts({"consumer": stuck, "relay": steady},
                           heartbeats=Heartbeats(None, 30.0, clock))
    assert status == 1 and steady.stopped.is_set()
    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(said) == 1 and "consumer is stuck in one piece of work for 31 s" in said[0]
