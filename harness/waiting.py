"""Waiting for something that happens on another thread or process, without fixed sleeps."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from shared.worker import run_parts


def eventually(check: Callable[[], object], timeout: float = 15.0, interval: float = 0.05):
    """Return the first truthy result of `check`, or fail with the last one seen."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s; last result: {last!r}")


@contextmanager
def running(parts: dict) -> Iterator[threading.Event]:
    """Run worker parts on background threads for the duration of the block."""
    stop = threading.Event()
    thread = threading.Thread(target=run_parts, args=(parts, stop), daemon=True)
    thread.start()
    try:
        yield stop
    finally:
        stop.set()
        thread.join(timeout=30)
