"""Benchmark: from a review's stage change over HTTP to its e-mails accepted by SMTP.

    .venv/bin/python bench/event_path.py [--changes 300] [--backend sqlite|postgres]

The whole system runs as `make run` starts it (bench/whole_system.py), on its own vhost,
ports and databases. The secretariat changes a stage (bench/review_stages.py) ten times a
second, on the clock (bench/pacing.py); each change goes from the reviews service's
outbox through RabbitMQ to the notifications service, which writes one letter to each State
of the review (three, or more with additional reviewers) and sends them. A change's latency
runs from the moment its request was due until the SMTP sink (inside this process) accepted
the last of its letters; the first letter's is reported beside it. The first WARM_UP
changes (two seconds) go on the same schedule but are not counted: a process that has just
started compiles its queries and templates on first use. The baseline, on the
same broker in the same run, is raw pika: a message published with its timestamp to a
quorum queue (as the services' queues are), at the same rate, and consumed on another
connection.
"""

from __future__ import annotations

import argparse
import struct
import sys
import threading
import time
from pathlib import Path

import pika

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pacing import paced, percentile  # noqa: E402
from bench.review_stages import StageMover, letters_of_changes, started_reviews  # noqa: E402
from bench.whole_system import BrokerWatch, bench_system, print_machine  # noqa: E402
from harness.waiting import eventually  # noqa: E402

RATE = 10.0
WARM_UP = 20
#: the reviews the changes move in turn (at most 24: bench/review_stages.py says why)
REVIEWS = 24
TARGET_P50_MS, TARGET_P99_MS, TARGET_RATIO = 25, 150, 30


def mail_latencies(system, sink, changes: int,
                   review_count: int = REVIEWS) -> dict[str, list[float]]:
    """Each change's seconds to its last and to its first letter accepted, and to the
    answer to its HTTP request."""
    reviews, _ = started_reviews(system, review_count)
    sink.settle()  # the letters of the draw and of the starts are out of the way
    mover = StageMover(system.urls["reviews"], reviews)
    sent, _ = paced(WARM_UP + changes, RATE, mover, system.token("secretariat"))
    if sent.failed():
        raise RuntimeError(f"{len(sent.failed())} changes refused: {sent.errors[:3]}")
    letters = eventually(lambda: len(found := letters_of_changes(
        system.database_url("reviews"))) == WARM_UP + changes and found,
        timeout=120, interval=0.5)
    eventually(lambda: all(sink.accepted_at(m) for ids in letters.values() for m in ids),
               timeout=120, interval=0.5)
    counted = range(WARM_UP, WARM_UP + changes)
    accepted = {n: [sink.accepted_at(m) - sent.due[n] for m in letters[n]] for n in counted}
    return {"last": [max(accepted[n]) for n in counted],
            "first": [min(accepted[n]) for n in counted],
            "http": [sent.answered[n] - sent.due[n] for n in counted]}


def pika_latencies(amqp_url: str, count: int) -> list[float]:
    """Raw pika: publish a timestamp at RATE, consume it on a second connection."""
    params = pika.URLParameters(amqp_url)
    publisher = pika.BlockingConnection(params)
    channel = publisher.channel()
    queue = "bench.baseline"
    channel.queue_declare(queue, durable=True, arguments={"x-queue-type": "quorum"})
    latencies: list[float] = []
    ready, done = threading.Event(), threading.Event()

    def consume() -> None:
        connection = pika.BlockingConnection(params)
        ch = connection.channel()

        def on_message(_ch, _method, _props, body: bytes) -> None:
            latencies.append(time.perf_counter() - struct.unpack("d", body)[0])
            if len(latencies) == count:
                done.set()

        ch.basic_consume(queue, on_message, auto_ack=True)
        ready.set()
        while not done.is_set():
            connection.process_data_events(time_limit=0.1)
        connection.close()

    consumer = threading.Thread(target=consume, name="baseline-consumer")
    consumer.start()
    ready.wait(30)
    start = time.perf_counter()
    for n in range(count):
        time.sleep(max(0.0, start + n / RATE - time.perf_counter()))
        channel.basic_publish("", queue, struct.pack("d", time.perf_counter()),
                              pika.BasicProperties(delivery_mode=2))
    done.wait(60)
    consumer.join(30)
    channel.queue_delete(queue)
    publisher.close()
    return latencies


def report(latencies: dict[str, list[float]], baseline: list[float]) -> None:
    def ms(values: list[float], p: int) -> float:
        return percentile(values, p) * 1000

    name, last = "BENCH event_path stage_change_to_mail", latencies["last"]
    print(f"{name}_p50 {ms(last, 50):.1f} ms target <= {TARGET_P50_MS}")
    print(f"{name}_p99 {ms(last, 99):.1f} ms target <= {TARGET_P99_MS}")
    print(f"{name}_p50_baseline {ms(baseline, 50):.2f} ms")
    print(f"{name}_p99_baseline {ms(baseline, 99):.2f} ms")
    print(f"{name}_p50_ratio {ms(last, 50) / ms(baseline, 50):.1f} x target <= {TARGET_RATIO}")
    print(f"{name}_max {max(last) * 1000:.1f} ms")
    for figure, key in (("stage_change_to_first_mail", "first"), ("stage_change_http", "http")):
        for p in (50, 99):
            print(f"BENCH event_path {figure}_p{p} {ms(latencies[key], p):.1f} ms")
    print(f"BENCH event_path changes {len(last)} changes")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=300)
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--reviews", type=int, default=REVIEWS,
                        help="fewer set up faster (the suite's smoke run)")
    args = parser.parse_args(argv)
    with bench_system(args.backend) as (system, sink):
        with BrokerWatch(system.env["AMQP_URL"]) as broker:
            latencies = mail_latencies(system, sink, args.changes, args.reviews)
            baseline = pika_latencies(system.env["AMQP_URL"], args.changes)
    report(latencies, baseline)
    print(f"BENCH event_path broker_refused_checks {broker.refused} checks")
    print_machine("event_path")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
