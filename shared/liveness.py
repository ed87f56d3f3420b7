"""A worker's liveness, readable without touching the worker.

Each part of a worker beats while it makes progress or waits healthily (a turn of its loop,
a wait on the broker over a live connection, a letter sent); a piece of work that must end
in time (a batch of events in a handler, a sweep, a round of letters) is marked while it
runs. The watch (shared/worker.py) writes every part's state to one small file per worker,
`<WORKER_HEARTBEAT_DIR>/<service>-worker.json`, every second; and

    python -m shared.liveness <service>

exits 0 when every part is alive, or 1 naming each part that is not: a part idle whose
last beat is older than BEAT_SECONDS, or a part whose work has run longer than its bound
(WORKER_STALL_SECONDS). It is the probe of compose's healthcheck and of k8s's
livenessProbe, run in the worker's container; it imports nothing heavy, to answer fast.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from shared.clock import Clock, SystemClock
from shared.config import DEFAULT_HEARTBEAT_DIR, env_str

log = logging.getLogger(__name__)

#: an idle part beats at least every 5 s (its longest wait: the relay's sweep, a
#: reconnection's back-off, a slice of a sweep's wait), or after the 60 s a connection the
#: broker blocks may wait (shared/bus/connection.py); two minutes without one is a stall
BEAT_SECONDS = 120.0
#: the watch writes every second; half a minute without a write is a stalled watch
WRITE_SECONDS = 30.0


class Pulse:
    """One part's heartbeat: beaten by the part's threads, read by the watch."""

    def __init__(self, clock: Clock, work_seconds: float,
                 beat_seconds: float = BEAT_SECONDS) -> None:
        self.clock = clock
        self.work_seconds = work_seconds
        self.beat_seconds = beat_seconds
        self.last_beat = clock.now()
        self.working_since: dt.datetime | None = None

    def beat(self) -> None:
        """The part made progress, or waits healthily."""
        self.last_beat = self.clock.now()

    @contextmanager
    def working(self) -> Iterator[None]:
        """A piece of work that must end within the bound, whatever the part's beats say."""
        self.working_since = self.clock.now()
        try:
            yield
        finally:
            self.working_since = None
            self.beat()

    def still_working(self) -> None:
        """The work in hand moved on (a letter sent), or waits on something outside it that
        a restart would not bring back (the database): its bound starts again."""
        if self.working_since is not None:
            self.working_since = self.clock.now()

    def state(self) -> dict:
        since = self.working_since
        return {"beat": self.last_beat.isoformat(), "beat_seconds": self.beat_seconds,
                "working_since": since.isoformat() if since else None,
                "work_seconds": self.work_seconds}


#: the pulse of a part that no watch runs (a test calling `run` itself): beaten, never read
UNWATCHED = Pulse(SystemClock(), float("inf"))


class Heartbeats:
    """The pulses of one worker's parts, written to `path` (None: kept in memory only)."""

    def __init__(self, path: Path | None, work_seconds: float,
                 clock: Clock | None = None) -> None:
        self.path = path
        self.work_seconds = work_seconds
        self.clock = clock or SystemClock()
        self.pulses: dict[str, Pulse] = {}

    def pulse(self, part: str, longest_wait: float = 0.0) -> Pulse:
        """The pulse of a part whose idle waits may last `longest_wait` seconds (the relay's
        sweep, which may be set longer than the usual bound), on top of BEAT_SECONDS."""
        self.pulses[part] = Pulse(self.clock, self.work_seconds, BEAT_SECONDS + longest_wait)
        return self.pulses[part]

    def record(self) -> dict:
        return {"written": self.clock.now().isoformat(), "pid": os.getpid(),
                "parts": {name: pulse.state() for name, pulse in self.pulses.items()}}

    def stalled(self) -> list[str]:
        """What the probe would say is stalled, as of now."""
        return stalled(self.record(), self.clock.now())

    def stalled_parts(self) -> list[str]:
        """The parts not alive as of now, by name."""
        return list(stalled_parts(self.record(), self.clock.now()))

    def write(self) -> None:
        """Replace the file at once (a probe never reads half of it). A file that cannot be
        written is no reason to stop the worker: its probe, finding no fresh file, says so."""
        if self.path is None:
            return
        record = self.record()
        scratch = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            scratch.write_text(json.dumps(record))
            scratch.replace(self.path)
        except OSError as exc:
            log.warning("heartbeats not written to %s: %r", self.path, exc)


def heartbeat_file(heartbeat_dir: str | Path, service: str) -> Path:
    return Path(heartbeat_dir) / f"{service}-worker.json"


def stalled(record: dict, now: dt.datetime) -> list[str]:
    """What is wrong with a worker whose heartbeats, read at `now`, are `record`: one line
    for each part that is not alive (and for the watch), none when all is well."""
    found = []
    if _age(record["written"], now) > WRITE_SECONDS:
        found.append(f"the watch has not written for {_age(record['written'], now):.0f} s "
                     f"(bound {WRITE_SECONDS:g} s)")
    return found + list(stalled_parts(record, now).values())


def stalled_parts(record: dict, now: dt.datetime) -> dict[str, str]:
    """Each part of `record` that is not alive at `now`, and what is wrong with it."""
    found = {}
    for name, part in record["parts"].items():
        if part["working_since"] is not None:
            if _age(part["working_since"], now) > part["work_seconds"]:
                found[name] = (f"{name} is stuck in one piece of work for "
                               f"{_age(part['working_since'], now):.0f} s "
                               f"(bound {part['work_seconds']:g} s)")
        elif _age(part["beat"], now) > part["beat_seconds"]:
            found[name] = (f"{name} has not beaten for {_age(part['beat'], now):.0f} s "
                           f"(bound {part['beat_seconds']:g} s)")
    return found


def _age(stamp: str, now: dt.datetime) -> float:
    """Seconds from a recorded ISO stamp to `now`."""
    return (now - dt.datetime.fromisoformat(stamp)).total_seconds()


def probe(path: Path, clock: Clock) -> tuple[int, str]:
    """The probe's exit status and what it says."""
    try:
        record = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        return 1, f"no heartbeats readable at {path}: {exc}"
    found = stalled(record, clock.now())
    if found:
        return 1, "stalled: " + "; ".join(found)
    return 0, f"alive: {', '.join(record['parts'])}"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m shared.liveness <service>", file=sys.stderr)
        return 2
    path = heartbeat_file(env_str("WORKER_HEARTBEAT_DIR", DEFAULT_HEARTBEAT_DIR), argv[0])
    status, said = probe(path, SystemClock())
    print(f"{argv[0]} worker {said}", file=sys.stderr if status else sys.stdout)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
