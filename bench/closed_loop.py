"""Closed-loop HTTP load for bench/api.py: CONNECTIONS client threads, each sending its next
request as soon as the last is answered, over keep-alive connections; and gunicorn servers
started as the services are served.

A closed loop measures how much a server answers flat out, which is what the ratio to a
bare Flask endpoint compares. The targets of one benchmark are loaded in alternating rounds,
so that whatever else runs on a shared machine meanwhile slows them alike.
"""

from __future__ import annotations

import http.client
import json
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

ROOT = Path(__file__).resolve().parent.parent
CONNECTIONS = 16


@dataclass(frozen=True)
class Request:
    port: int
    path: str
    kind: str  # what the figures group it under: "reviews_list", "write", ...
    method: str = "GET"
    body: dict | None = None
    tag: int | None = None  # the workload's own number for a change it must hear back about


class Requests(Protocol):
    def next(self) -> Request:
        """The request to send now (called by every client thread, in turn)."""

    def answered(self, request: Request, status: int, body: bytes) -> None:
        """What came back; a status other than 2xx fails the benchmark."""


@dataclass
class Figures:
    """Requests answered and each one's latency, by kind, over all rounds of one target."""

    seconds: float = 0.0
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    def all(self) -> list[float]:
        return [x for values in self.latencies.values() for x in values]

    def throughput(self) -> float:
        return len(self.all()) / self.seconds


class Fixed:
    """The same GET, again and again."""

    def __init__(self, port: int, path: str, kind: str) -> None:
        self.request = Request(port, path, kind)

    def next(self) -> Request:
        return self.request

    def answered(self, request: Request, status: int, body: bytes) -> None:
        pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(app_spec: str, port: int, env: dict) -> subprocess.Popen:
    """`app_spec` under gunicorn as deploy/gunicorn.conf.py serves the services."""
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-k", "gthread", "-w", "2", "--threads", "4",
         "-b", f"127.0.0.1:{port}", "--log-level", "warning", "--no-control-socket",
         app_spec], cwd=ROOT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{app_spec} did not start")


def load(requests: Requests, headers: dict, seconds: float, figures: Figures,
         connections: int = CONNECTIONS) -> None:
    """One round of `seconds` over `connections` client threads, its answers added to
    `figures`."""
    lock, failures = threading.Lock(), []
    stop_at = time.monotonic() + seconds

    def client() -> None:
        connections: dict[int, http.client.HTTPConnection] = {}
        mine: list[tuple[str, float]] = []
        while time.monotonic() < stop_at and not failures:
            request = requests.next()
            conn = connections.setdefault(
                request.port, http.client.HTTPConnection("127.0.0.1", request.port, timeout=30))
            body = None if request.body is None else json.dumps(request.body)
            send_headers = {**headers, **({"Content-Type": "application/json"} if body else {})}
            started = time.perf_counter()
            conn.request(request.method, request.path, body=body, headers=send_headers)
            answer = conn.getresponse()
            content = answer.read()
            mine.append((request.kind, time.perf_counter() - started))
            requests.answered(request, answer.status, content)
            if not 200 <= answer.status < 300:
                failures.append(f"{request.method} {request.path}: {answer.status} "
                                f"{content[:300]!r}")
        with lock:
            for kind, latency in mine:
                figures.latencies[kind].append(latency)

    threads = [threading.Thread(target=client) for _ in range(connections)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    figures.seconds += time.monotonic() - started
    if failures:
        raise RuntimeError(f"{len(failures)} requests failed: {failures[:3]}")


def alternate(targets: list[tuple[Requests, dict]], rounds: int, seconds: float,
              connections: int = CONNECTIONS) -> list[Figures]:
    """Each target's figures over `rounds` rounds, taken in turn after a warm-up each."""
    for requests, headers in targets:  # first use compiles and caches
        load(requests, headers, seconds / 2, Figures(), connections)
    results = [Figures() for _ in targets]
    for _ in range(rounds):
        for (requests, headers), figures in zip(targets, results, strict=True):
            load(requests, headers, seconds, figures, connections)
    return results


def percentile_ms(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100)[p - 1] * 1000
