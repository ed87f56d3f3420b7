"""Benchmark: 50 events a second for five minutes through the services, and whether the
system keeps up.

    .venv/bin/python bench/sustained.py [--seconds 300] [--rate 50] [--backend sqlite]

The whole system runs as `make run` starts it (bench/whole_system.py). After lots are drawn
for a group and its focal points nominated (bench/review_stages.py), the secretariat sends,
on the clock (bench/pacing.py), in turn: a stage change (ReviewStageChanged, to the
notifications service, which writes to each State of the review), a focal point replaced
(NominationWithdrawn and FocalPointNominated, to the reviews and the notifications
services) and an expert nominated (ExpertNominated, to the notifications service): four
events for three requests. Every few seconds the depth of every queue, each service's
unsent outbox rows and the letters not yet sent are sampled (bench/backlog.py); the
backlog's growth is the slope of their total over the run, and counts where it stands more
than three standard errors above zero (bench/backlog.py says why). When the load stops, the
benchmark waits until every event is in the inbox of every service that subscribes to it
and every letter is accepted by the SMTP sink (bench/arrivals.py), and says how long that
took. The events per second are counted where they arrive: the events of the load over the
time from its start until the last of them was handled by the last service subscribed to
it (the inboxes' handling times), so a system that falls behind shows a lower rate than
the one offered.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.arrivals import Arrivals, drained  # noqa: E402
from bench.backlog import LETTERS, NOISE_ERRORS, OUTBOX, BacklogSampler  # noqa: E402
from bench.nomination_changes import ExpertNominator, FocalPointReplacer  # noqa: E402
from bench.pacing import paced, percentile  # noqa: E402
from bench.review_stages import StageMover, started_reviews  # noqa: E402
from bench.whole_system import bench_system, print_machine  # noqa: E402

#: the reviews the stage changes move in turn (at most 24: bench/review_stages.py says why)
REVIEWS = 24
EVENTS_PER_CYCLE, REQUESTS_PER_CYCLE = 4, 3
NAME = "BENCH sustained"


class Mix:
    """Request n goes to loads[n % len(loads)]: a stage change, a replacement, an expert."""

    def __init__(self, *loads) -> None:
        self.loads = loads

    def request(self, n: int) -> tuple[str, dict]:
        return self.loads[n % len(self.loads)].request(n)

    def answered(self, n: int, status: int, body) -> None:
        self.loads[n % len(self.loads)].answered(n, status, body)


def first_due(sent) -> dt.datetime:
    """The wall-clock moment the first request was due (the inboxes' times are wall-clock)."""
    ago = time.perf_counter() - min(sent.due.values())
    return dt.datetime.now(dt.UTC) - dt.timedelta(seconds=ago)


def report_load(args, sent, elapsed: float, arrivals: Arrivals, began: dt.datetime) -> None:
    request_rate = args.rate * REQUESTS_PER_CYCLE / EVENTS_PER_CYCLE
    seconds = elapsed + 1 / request_rate  # the last request's own slot
    handled_for = (arrivals.last_delivery - began).total_seconds()
    print(f"{NAME} events_per_second {arrivals.events / handled_for:.1f} ev/s "
          f"target >= {args.rate:g}")
    print(f"{NAME} events_offered_per_second {arrivals.events / seconds:.1f} ev/s")
    print(f"{NAME} requests_per_second {len(sent.status) / seconds:.1f} req/s")
    print(f"{NAME} requests_refused {len(sent.failed())} requests target <= 0")
    for error in sent.errors[:5]:
        print(f"refused: {error}", file=sys.stderr)
    answers = [sent.answered[n] - sent.due[n] for n in sent.answered]
    print(f"{NAME} request_p99 {percentile(answers, 99) * 1000:.0f} ms")


def report_backlog(sampler: BacklogSampler) -> None:
    maxima = sampler.maxima()
    print(f"{NAME} max_pending_letters {maxima.pop(LETTERS, 0)} letters")
    queues = {q: v for q, v in maxima.items() if not q.endswith(OUTBOX)}
    print(f"{NAME} max_queue_depth {max(queues.values(), default=0)} messages")
    for queue, depth in queues.items():
        print(f"{NAME} max_depth_{queue.replace('.', '_')} {depth} messages")
    for outbox_name in sorted(set(maxima) - set(queues)):
        service = outbox_name.removesuffix(OUTBOX)
        print(f"{NAME} max_unsent_outbox_{service} {maxima[outbox_name]} rows")
    slope, error = sampler.growth_per_minute()
    print(f"{NAME} backlog_growth {slope:.1f} messages/min")
    print(f"{NAME} backlog_growth_stderr {error:.1f} messages/min")
    beyond_noise = max(0.0, slope - NOISE_ERRORS * error)
    print(f"{NAME} backlog_growth_beyond_noise {beyond_noise:.1f} messages/min target <= 0")
    print(f"{NAME} backlog_samples {len(sampler.samples)} samples")
    # a broker stopped by someone else during the run explains a backlog; say so
    print(f"{NAME} broker_unanswered_samples {sampler.missed} samples")


def report_arrivals(arrivals: Arrivals, sink) -> None:
    print(f"{NAME} events_caused {arrivals.events} events")
    print(f"{NAME} deliveries_checked {arrivals.deliveries} deliveries")
    print(f"{NAME} deliveries_missing {arrivals.deliveries_missing} deliveries target <= 0")
    print(f"{NAME} mails_accepted {arrivals.mails - arrivals.mails_missing} mails")
    print(f"{NAME} mails_missing {arrivals.mails_missing} mails target <= 0")
    print(f"{NAME} mails_duplicated {sink.duplicates()} mails target <= 0")
    print(f"{NAME} mails_retried {arrivals.retried} mails")
    print(f"{NAME} drain_after_load {arrivals.drain_seconds:.1f} s")
    print(f"{NAME} last_mail_after_load {arrivals.last_mail_seconds:.1f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--rate", type=float, default=50.0, help="events per second")
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--reviews", type=int, default=REVIEWS,
                        help="fewer set up faster (the suite's smoke run)")
    args = parser.parse_args(argv)
    request_rate = args.rate * REQUESTS_PER_CYCLE / EVENTS_PER_CYCLE
    with bench_system(args.backend) as (system, sink):
        reviews, focal_points = started_reviews(system, args.reviews)
        sink.settle()
        nominations = system.urls["nominations"]
        mix = Mix(StageMover(system.urls["reviews"], reviews),
                  FocalPointReplacer(nominations, focal_points),
                  ExpertNominator(nominations, focal_points))
        since = dt.datetime.now(dt.UTC)
        with BacklogSampler(system) as sampler:
            sent, elapsed = paced(round(args.seconds * request_rate), request_rate, mix,
                                  system.token("secretariat"))
            began = first_due(sent)
        arrivals = drained(system, sink, since, time.perf_counter())
    report_load(args, sent, elapsed, arrivals, began)
    report_backlog(sampler)
    report_arrivals(arrivals, sink)
    print_machine("sustained")
    return 0 if arrivals.complete else 1


if __name__ == "__main__":
    raise SystemExit(main())
