"""The whole system for a benchmark: every process of `make run` (deploy/run_local.py) with
its own ports, RabbitMQ vhost, temporary folder, JWT key and, on PostgreSQL, databases of its
own, all removed afterwards, as the end-to-end tests start it (harness/system.py);
its mail goes to a StampingSink inside the benchmark's process.
"""

from __future__ import annotations

import os
import socket
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from bench.mail_sink import StampingSink, stamping_sink
from harness.broker import private_vhost
from harness.system import System, running_system

#: the daily cap per Mission (10 by default) is a guard against floods, and a benchmark is
#: one: each State hears of every change in its reviews, hundreds of letters a day; and
#: two web workers a service, as make run starts them (the tests start one)
BENCH_ENV = {"NOTIFICATIONS_DAILY_CAP": "1000000", "WEB_CONCURRENCY": "2"}


@contextmanager
def bench_system(backend: str) -> Iterator[tuple[System, StampingSink]]:
    """The system on `backend` ("sqlite" or "postgres") sending its mail to our sink."""
    with stamping_sink() as (sink, smtp_port), private_vhost() as amqp_url, \
            tempfile.TemporaryDirectory(prefix="revmod-bench-") as tmp, \
            running_system(backend, Path(tmp), amqp_url,
                           settings={**BENCH_ENV, "SMTP_PORT": str(smtp_port)}) as system:
        yield system, sink


def print_machine(area: str) -> None:
    """How busy the machine was: a benchmark on a shared machine measures its neighbours
    too, and these lines say how much (load above the core count means waiting for CPU)."""
    one, five, _ = os.getloadavg()
    print(f"BENCH {area} machine_cores {os.cpu_count()} cores")
    print(f"BENCH {area} machine_load_1min {one:.1f} tasks")
    print(f"BENCH {area} machine_load_5min {five:.1f} tasks")


class BrokerWatch:
    """Tries the broker's port twice a second while a benchmark runs. Other tests on a
    shared machine stop RabbitMQ now and then; a latency measured across such a stop is
    the reconnection's, and the count of refused tries says whether that happened."""

    def __init__(self, amqp_url: str) -> None:
        parts = urlsplit(amqp_url)
        self.address = (parts.hostname or "127.0.0.1", parts.port or 5672)
        self.refused = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="broker-watch", daemon=True)

    def __enter__(self) -> BrokerWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            try:
                socket.create_connection(self.address, timeout=2).close()
            except OSError:
                self.refused += 1
