"""The worker process: the outbox relay, the consumer and the timed sweeps, each on a thread.

Each part has `run(stop)`; SIGTERM or SIGINT sets `stop`, and every part finishes what it
holds (a handler's transaction, a batch of publishes) before the process exits. Every
thread is watched: one that dies ends the process with a non-zero status. Every part beats
a pulse the watch writes down each second, for a liveness probe (shared/liveness.py).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from typing import NoReturn, Protocol

from shared.liveness import UNWATCHED, Heartbeats, Pulse, heartbeat_file

log = logging.getLogger(__name__)

#: how long the parts have, together, to finish what they hold once the worker stops: the
#: grace compose and k8s give before SIGKILL is 30 s
STOP_SECONDS = 25.0


class Part(Protocol):
    pulse: Pulse

    def run(self, stop: threading.Event) -> None: ...


class PeriodicTask:
    """Runs `task` every `every` seconds (first run at once); an error is logged, not fatal."""

    pulse = UNWATCHED  # run_parts gives each task its own

    def __init__(self, name: str, task: Callable[[], object], every: float) -> None:
        self.name = name
        self.task = task
        self.every = every

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                with self.pulse.working():
                    result = self.task()
                log.info("sweep %s done: %s", self.name, result)
            except Exception:
                log.exception("sweep %s failed; next try in %ss", self.name, self.every)
            next_run = time.monotonic() + self.every
            while (left := next_run - time.monotonic()) > 0 and not stop.wait(min(left, 5.0)):
                self.pulse.beat()  # waiting for the next run is healthy


def run_parts(parts: dict[str, Part], stop: threading.Event | None = None,
              heartbeats: Heartbeats | None = None) -> int:
    """Run every part on its own thread until a signal (or `stop`) ends them all, and return
    the worker's exit status: 0 once stopped, 1 if a part died (its thread raised, or
    returned while the worker ran). A part that dies stops the others cleanly, and the
    status tells the process manager (compose, k8s, `make run`) to start a new worker.

    Each part gets a pulse of `heartbeats`, written down every second; a part stalled as
    its liveness probe would find it (shared/liveness.py) ends the worker the same way, so
    that compose and `make run`, which restart only what exits, restart it too. Without
    `heartbeats` (a test running parts in its own process) the pulses are only kept."""
    stop = stop or threading.Event()
    watching = heartbeats is not None
    heartbeats = heartbeats or Heartbeats(None, float("inf"))
    for name, part in parts.items():
        part.pulse = heartbeats.pulse(name, getattr(part, "longest_wait", 0.0))
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
    died: list[str] = []
    threads = [threading.Thread(target=_watched, args=(name, part, stop, died), name=name,
                                daemon=True) for name, part in parts.items()]
    for thread in threads:
        thread.start()
    log.info("worker running: %s", ", ".join(parts))
    heartbeats.write()
    given_up: list[str] = []
    while not stop.wait(1.0):
        heartbeats.write()
        stalled = heartbeats.stalled() if watching else []
        if stalled:
            died.append("watch")
            given_up = heartbeats.stalled_parts()
            log.critical("the worker is stalled: %s; it stops, to be started again",
                         "; ".join(stalled))
            stop.set()
    deadline = time.monotonic() + STOP_SECONDS
    # the other parts get their time to stop cleanly; a part stuck in its work would only
    # hold the restart back by STOP_SECONDS, since it will not stop
    for thread in threads:
        if thread.name not in given_up:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
    stuck = [t.name for t in threads if t.is_alive() and t.name not in given_up]
    if stuck:
        log.error("parts %s did not stop within %ss", ", ".join(stuck), STOP_SECONDS)
    return 1 if died else 0


def _watched(name: str, part: Part, stop: threading.Event, died: list[str]) -> None:
    """The thread of one part: whatever ends it while the worker runs ends the worker."""
    try:
        part.run(stop)
    except BaseException as exc:
        died.append(name)
        log.critical("part %s died: %r; the worker stops, to be started again", name, exc,
                     exc_info=exc)
        stop.set()
        return
    if not stop.is_set():
        died.append(name)
        log.critical("part %s returned while the worker ran; the worker stops, to be "
                     "started again", name)
        stop.set()


def serve(parts: dict[str, Part], settings) -> NoReturn:
    """A worker process's life: run the parts, their heartbeats in the service's file, then
    exit with their status. `os._exit`, because a handler thread stuck in a call that never
    returns would otherwise hold the interpreter's exit (it joins every pool thread) and
    keep a dead worker up."""
    heartbeats = Heartbeats(heartbeat_file(settings.heartbeat_dir, settings.service),
                            settings.stall_seconds)
    status = run_parts(parts, heartbeats=heartbeats)
    logging.shutdown()
    os._exit(status)


def configure_logging() -> None:
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s",
    )
    logging.getLogger("pika").setLevel(logging.WARNING)
