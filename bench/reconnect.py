"""Benchmark: how soon every worker's broker connection is back after RabbitMQ returns.

    .venv/bin/python bench/reconnect.py [--rounds 3] [--down 5] [--backend sqlite|postgres]

It stops the local broker (`rabbitmqctl stop_app`) and starts it again, `--rounds` times:
run it alone, never beside a test run or another benchmark, whose connections it breaks too.
The whole system runs as `make run` starts it (bench/whole_system.py), on its own vhost.
Each round keeps the broker away for `--down` seconds, then times from the moment the
broker has started (`rabbitmqctl await_startup` returned) until every connection the
workers hold (a relay each, a consumer and a dead-letter keeper for each subscriber) is
open again on the vhost, with nobody restarting a worker. The figure is the slowest round.
The connections are listed with rabbitmqctl, whose every call takes about half a second:
each figure may be up to that much late.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.whole_system import bench_system, print_machine  # noqa: E402
from harness.broker import connections, rabbitmqctl  # noqa: E402
from harness.system import WORKER_CONNECTIONS  # noqa: E402
from harness.waiting import eventually  # noqa: E402
from shared.bus.broker_setup import vhost_of  # noqa: E402

TARGET_SECONDS = 10
#: a worker that is not back after this long never will be: the run fails rather than wait
GIVE_UP_SECONDS = 120


def all_connected(vhost: str) -> bool:
    return connections(vhost).keys() >= WORKER_CONNECTIONS


def one_restart(vhost: str, down_seconds: float) -> float:
    """Seconds from the broker's return until every worker connection is open again."""
    rabbitmqctl("stop_app")
    try:
        time.sleep(down_seconds)
    finally:
        rabbitmqctl("start_app")
        rabbitmqctl("await_startup")
    back = time.monotonic()
    eventually(lambda: all_connected(vhost), timeout=GIVE_UP_SECONDS, interval=0.1)
    return time.monotonic() - back


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--down", type=float, default=5.0, help="seconds the broker is away")
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    args = parser.parse_args(argv)
    with bench_system(args.backend) as (system, _sink):
        vhost = vhost_of(system.env["AMQP_URL"])
        eventually(lambda: all_connected(vhost), timeout=GIVE_UP_SECONDS, interval=0.2)
        seconds = [one_restart(vhost, args.down) for _ in range(args.rounds)]
    print(f"BENCH reconnect workers_back_after_broker_restart {max(seconds):.1f} s "
          f"target <= {TARGET_SECONDS}")
    print(f"BENCH reconnect workers_back_after_broker_restart_median "
          f"{statistics.median(seconds):.1f} s")
    print(f"BENCH reconnect rounds {len(seconds)} rounds")
    print(f"BENCH reconnect worker_connections {len(WORKER_CONNECTIONS)} connections")
    print_machine("reconnect")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
