"""The worker process: the outbox relay, the consumer and the timed sweeps, each on a thread.

Each part has `run(stop)`; SIGTERM or SIGINT sets `stop`, and every part finishes what it
holds (a handler's transaction, a batch of publishes) before the process exits.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from typing import Protocol

log = logging.getLogger(__name__)


class Part(Protocol):
    def run(self, stop: threading.Event) -> None: ...


class PeriodicTask:
    """Runs `task` every `every` seconds (first run at once); an error is logged, not fatal."""

    def __init__(self, name: str, task: Callable[[], object], every: float) -> None:
        self.name = name
        self.task = task
        self.every = every

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                result = self.task()
                log.info("sweep %s done: %s", self.name, result)
            except Exception:
                log.exception("sweep %s failed; next try in %ss", self.name, self.every)
            stop.wait(self.every)


def run_parts(parts: dict[str, Part], stop: threading.Event | None = None) -> None:
    """Run every part on its own thread until a signal (or `stop`) ends them all."""
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
    threads = [
        threading.Thread(target=part.run, args=(stop,), name=name, daemon=True)
        for name, part in parts.items()
    ]
    for thread in threads:
        thread.start()
    log.info("worker running: %s", ", ".join(parts))
    while not stop.is_set():
        stop.wait(1.0)
        for thread in threads:
            if not thread.is_alive() and not stop.is_set():
                log.error("part %s stopped unexpectedly; stopping the worker", thread.name)
                stop.set()
    for thread in threads:
        thread.join(timeout=30)


def configure_logging() -> None:
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s",
    )
    logging.getLogger("pika").setLevel(logging.WARNING)
