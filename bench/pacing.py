"""Open-loop load: requests sent on the clock's schedule, not each after the last answer.

A closed loop (send, wait for the answer, send the next) slows down with the system and so
hides its worst moments. Here request `n` is due at `start + n / rate` whatever happened
before; a pool of threads sends them, so a slow answer delays no other request. Each
request's time is taken from the moment it was due: if the pool fell behind, the wait
counts against the system, as it would for a person clicking at that moment.
"""

from __future__ import annotations

import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Protocol

import requests


class Load(Protocol):
    def request(self, n: int) -> tuple[str, dict]:
        """The URL and JSON body of request `n`, built when it is due, in order."""

    def answered(self, n: int, status: int, body) -> None:
        """Request `n` was answered with `status` and JSON `body` (599 and None: no
        answer at all)."""


@dataclass
class Sent:
    """What became of each request: when it was due and answered, and its HTTP status."""

    due: dict[int, float] = field(default_factory=dict)
    answered: dict[int, float] = field(default_factory=dict)
    status: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def failed(self) -> list[int]:
        return [n for n, code in self.status.items() if code >= 300]


class TakingTurns:
    """A load over `count` things (reviews, nominations) taken in turn, skipping any still
    waiting for the answer to its last request: two changes of one thing at once would
    race. When every one is waiting, the next request waits for the first answer; its
    schedule slips, and since its time runs from when it was due, the slip counts against
    the system."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.turn = 0
        self.busy: dict[int, int] = {}  # request -> the thing it changes
        self.idle = threading.Condition()

    def take(self, n: int) -> int:
        """The next thing free for request `n`, held until `release(n)`."""
        with self.idle:
            while True:
                held = set(self.busy.values())
                for _ in range(self.count):
                    index = self.turn % self.count
                    self.turn += 1
                    if index not in held:
                        self.busy[n] = index
                        return index
                self.idle.wait()

    def release(self, n: int) -> None:
        with self.idle:
            del self.busy[n]
            self.idle.notify()


def paced(count: int, rate: float, load: Load, token: str, *,
          threads: int = 16) -> tuple[Sent, float]:
    """POST `load.request(n)` for n in range(count), `rate` per second; the results and how
    many seconds the schedule took from the first request due to the last one sent."""
    sent, local = Sent(), threading.local()

    def session() -> requests.Session:
        if not hasattr(local, "session"):  # one keep-alive connection per thread
            local.session = requests.Session()
            local.session.headers["Authorization"] = f"Bearer {token}"
        return local.session

    def send(n: int, url: str, body: dict) -> None:
        result = None
        try:
            answer = session().post(url, json=body, timeout=60)
            sent.answered[n], sent.status[n] = time.perf_counter(), answer.status_code
            if answer.status_code >= 300:
                sent.errors.append(f"{url}: {answer.status_code} {answer.text[:300]}")
            result = answer.json()
        except (requests.RequestException, ValueError) as exc:
            sent.status[n] = sent.status.get(n, 599)
            sent.errors.append(f"{url}: {exc!r}")
        load.answered(n, sent.status[n], result)

    start = time.perf_counter() + 0.1
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for n in range(count):
            due = start + n / rate
            time.sleep(max(0.0, due - time.perf_counter()))
            url, body = load.request(n)  # built on this thread, in order
            sent.due[n] = due
            pool.submit(send, n, url, body)
        last = time.perf_counter()
    return sent, last - start


def percentile(values: list[float], p: int) -> float:
    """The p-th percentile (the median for 50), by linear interpolation between samples."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]
