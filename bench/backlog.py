"""What waits in the system while a benchmark runs, sampled every few seconds: the messages
in each queue of the benchmark's vhost (ready and unacknowledged), each service's outbox
rows not yet published, and the letters the notifications service has yet to send.

The queues are read from the broker's management API where its plugin is on (the broker
refreshes those figures every 5 s, as often as we sample), else with rabbitmqctl, which
starts an Erlang VM each time: most of a second of CPU taken from the system measured.

A system that keeps up shows the same small backlog at the end of a run as at its start;
one that does not shows it growing, long before anything is lost.
"""

from __future__ import annotations

import statistics
import subprocess
import threading
import time
from urllib.parse import quote, unquote

import requests
from sqlalchemy import func, select

from services.notifications.adapters.orm import PENDING, MessageRow
from shared.bus.tables import outbox
from shared.db import make_engine
from tests.support.broker import GUEST, management_api
from tests.support.system import SERVICES

#: what a service's unsent outbox rows are named among the queues: "<service>.outbox"
OUTBOX = ".outbox"
#: and the letters the notifications service has written but not sent
LETTERS = "notifications.letters"


class BacklogSampler:
    def __init__(self, system, every: float = 5.0) -> None:
        self.vhost = unquote(system.env["AMQP_URL"].rsplit("/", 1)[1])
        self.engines = {s: make_engine(system.database_url(s)) for s in SERVICES}
        self.every = every
        self.samples: list[tuple[float, dict[str, int]]] = []
        self.missed = 0  # samples the broker did not answer (another test may stop it)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="backlog", daemon=True)

    def __enter__(self) -> BacklogSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(60)
        for engine in self.engines.values():
            engine.dispose()

    def _run(self) -> None:
        due = time.monotonic()
        while not self._stop.is_set():
            at = time.monotonic()
            depths = self.sample()
            if depths is None:
                self.missed += 1
            else:
                self.samples.append((at, depths))
            due += self.every
            self._stop.wait(max(0.0, due - time.monotonic()))

    def sample(self) -> dict[str, int] | None:
        """Every queue's depth, every outbox's unsent rows and the letters waiting to be
        sent, or None if the broker did not answer."""
        queues = self.queue_depths()
        if queues is None:
            return None
        return {**queues, **self.unsent_outboxes(), LETTERS: self.pending_letters()}

    def queue_depths(self) -> dict[str, int] | None:
        api = management_api()
        if api:
            try:
                answer = requests.get(f"{api}/queues/{quote(self.vhost, safe='')}",
                                      params={"columns": "name,messages"}, auth=GUEST,
                                      timeout=30)
                answer.raise_for_status()
            except requests.RequestException:
                return None
            return {q["name"]: q.get("messages", 0) for q in answer.json()}
        try:
            done = subprocess.run(
                ["rabbitmqctl", "-q", "list_queues", "-p", self.vhost, "--no-table-headers",
                 "name", "messages"], capture_output=True, text=True, timeout=30)
        except subprocess.TimeoutExpired:
            return None
        if done.returncode != 0:
            return None
        return {name: int(count) for name, count in
                (line.split("\t") for line in done.stdout.splitlines() if "\t" in line)}

    def unsent_outboxes(self) -> dict[str, int]:
        unsent = {}
        for service, engine in self.engines.items():
            with engine.connect() as conn:
                unsent[f"{service}{OUTBOX}"] = conn.scalar(
                    select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None)))
        return unsent

    def pending_letters(self) -> int:
        """Letters written and not yet sent: a deliverer that falls behind shows only here."""
        with self.engines["notifications"].connect() as conn:
            return conn.scalar(select(func.count()).select_from(MessageRow.__table__)
                               .where(MessageRow.status == PENDING))

    def maxima(self) -> dict[str, int]:
        names = sorted({name for _, depths in self.samples for name in depths})
        return {name: max(depths.get(name, 0) for _, depths in self.samples) for name in names}

    def growth_per_minute(self, window: float) -> float:
        """How fast the whole backlog grew: the mean total of the last `window` seconds of
        samples less that of the first, per minute between the two."""
        start, end = self.samples[0][0], self.samples[-1][0]
        totals = [(t, sum(d.values())) for t, d in self.samples]
        first = [s for s in totals if s[0] <= start + window]
        last = [s for s in totals if s[0] >= end - window]
        minutes = (_mean(last, 0) - _mean(first, 0)) / 60
        return (_mean(last, 1) - _mean(first, 1)) / minutes if minutes > 0 else 0.0


def _mean(samples: list[tuple[float, int]], column: int) -> float:
    return statistics.mean(s[column] for s in samples)
