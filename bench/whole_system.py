"""The whole system for a benchmark: every process of `make run` (deploy/run_local.py) with
its own ports, RabbitMQ vhost, temporary folder, JWT key and, on PostgreSQL, databases of its
own, all removed afterwards, as the end-to-end tests start it (tests/support/system.py);
its mail goes to a StampingSink inside the benchmark's process.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.mail_sink import StampingSink, stamping_sink
from tests.support.broker import private_vhost
from tests.support.system import System, running_system

#: the daily cap per Mission (10 by default) is a guard against floods, and a benchmark is
#: one: each State hears of every change in its reviews, hundreds of letters a day
BENCH_ENV = {"NOTIFICATIONS_DAILY_CAP": "1000000"}


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
