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

import math
import statistics
import subprocess
import threading
import time
from urllib.parse import quote, unquote

import requests
from sqlalchemy import func, select

from harness.broker import GUEST, management_api
from harness.system import SERVICES
from services.notifications.adapters.orm import PENDING, MessageRow
from shared.bus.tables import outbox
from shared.db.engine import make_engine

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

    def growth_per_minute(self) -> tuple[float, float]:
        """The whole backlog's growth over the run: see `growth`."""
        return growth([(t, sum(depths.values())) for t, depths in self.samples])


#: how many standard errors above zero a slope must stand to count as growth: samples 5 s
#: apart are not independent (a message waiting is still there at the next look), so the
#: error is an underestimate, and two would call noise growth now and then
NOISE_ERRORS = 3


def growth(samples: list[tuple[float, int]]) -> tuple[float, float]:
    """How fast a backlog sampled at (seconds, total) grew, in messages a minute, and how
    sure that is: the least-squares slope over all the samples and its standard error.

    A backlog that stays between nought and a few messages gives a slope of noise around
    zero, of either sign (comparing the first minute's mean with the last's said +1.2 or
    -2.6 a minute of such a run, and read as growth); a system that falls behind gives a
    slope many standard errors above zero. With fewer than three samples there is no
    estimate of the noise, and the error is 0."""
    if len(samples) < 2:
        return 0.0, 0.0
    minutes = [t / 60 for t, _ in samples]
    totals = [total for _, total in samples]
    slope, intercept = statistics.linear_regression(minutes, totals)
    if len(samples) < 3:
        return slope, 0.0
    residual = sum((y - intercept - slope * x) ** 2
                   for x, y in zip(minutes, totals, strict=True)) / (len(samples) - 2)
    centre = statistics.fmean(minutes)
    spread = sum((x - centre) ** 2 for x in minutes)
    return slope, math.sqrt(residual / spread)
