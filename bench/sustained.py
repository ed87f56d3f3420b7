"""Benchmark: 50 events a second for five minutes through the services, and whether the
system keeps up.

    .venv/bin/python bench/sustained.py [--seconds 300] [--rate 50] [--backend sqlite]

The whole system runs as `make run` starts it (bench/whole_system.py). After lots are drawn
for a group and its focal points nominated (bench/review_stages.py), the secretariat sends,
on the clock (bench/pacing.py), in turn: a stage change (ReviewStageChanged, to the
notifications service, which writes to each State of the review), a focal point replaced
(NominationWithdrawn and FocalPointNominated, to the reviews and the notifications
services) and an expert nominated (ExpertNominated, to the notifications service): four
events for three requests. Every few seconds the depth of every queue and each service's
unsent outbox rows are sampled (bench/backlog.py). When the load stops, the benchmark
waits until every event is in the inbox of every service that subscribes to it and every
letter is accepted by the SMTP sink, and says how long that took.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.backlog import OUTBOX, BacklogSampler  # noqa: E402
from bench.nomination_changes import ExpertNominator, FocalPointReplacer  # noqa: E402
from bench.pacing import paced, percentile  # noqa: E402
from bench.review_stages import StageMover, letters_of_changes, started_reviews  # noqa: E402
from bench.whole_system import bench_system, print_machine  # noqa: E402
from shared.bus.tables import inbox, outbox  # noqa: E402
from shared.bus.topology import SUBSCRIPTIONS  # noqa: E402
from shared.db import make_engine  # noqa: E402

REVIEWS = 24
#: the events the load causes, by the service whose outbox holds them
LOAD_EVENTS = {"reviews": ("ReviewStageChanged",),
               "nominations": ("NominationWithdrawn", "FocalPointNominated", "ExpertNominated")}
EVENTS_PER_CYCLE, REQUESTS_PER_CYCLE = 4, 3
DRAIN_TIMEOUT = 600.0


class Mix:
    """Request n goes to loads[n % len(loads)]: a stage change, a replacement, an expert."""

    def __init__(self, *loads) -> None:
        self.loads = loads

    def request(self, n: int) -> tuple[str, dict]:
        return self.loads[n % len(self.loads)].request(n)

    def answered(self, n: int, status: int, body) -> None:
        self.loads[n % len(self.loads)].answered(n, status, body)


def load_events(system, since: dt.datetime) -> list[tuple[str, str]]:
    """(event id, type) of every event the load caused, from the producers' outboxes."""
    found = []
    for service, types in LOAD_EVENTS.items():
        engine = make_engine(system.database_url(service))
        with engine.connect() as conn:
            found += conn.execute(select(outbox.c.event_id, outbox.c.event_type).where(
                outbox.c.event_type.in_(types), outbox.c.created_at >= since)).all()
        engine.dispose()
    return found


def missing_deliveries(system, events: list[tuple[str, str]]) -> tuple[int, int]:
    """(deliveries owed, deliveries missing): each event once in the inbox of every
    service that subscribes to its type."""
    owed = missing = 0
    for service, types in SUBSCRIPTIONS.items():
        mine = [event_id for event_id, type_ in events if type_ in types]
        if not mine:
            continue
        engine = make_engine(system.database_url(service))
        with engine.connect() as conn:
            handled = set(conn.scalars(select(inbox.c.event_id)))
        engine.dispose()
        owed += len(mine)
        missing += sum(1 for event_id in mine if event_id not in handled)
    return owed, missing


def missing_mails(system, sink) -> tuple[int, int]:
    """(letters owed, letters not accepted yet): one for each State of each changed review."""
    ids = [m for letters in letters_of_changes(system.database_url("reviews")).values()
           for m in letters]
    return len(ids), sum(1 for m in ids if sink.accepted_at(m) is None)


def drained(system, sink, since: dt.datetime) -> tuple[float, int, tuple, tuple]:
    """Wait until nothing is owed; seconds it took, events, deliveries and letters."""
    started = time.monotonic()
    while True:
        events = load_events(system, since)
        deliveries, mails = missing_deliveries(system, events), missing_mails(system, sink)
        late = time.monotonic() - started
        if (deliveries[1] == 0 and mails[1] == 0) or late > DRAIN_TIMEOUT:
            return late, len(events), deliveries, mails
        time.sleep(1.0)


def report(args, sent, elapsed: float, sampler: BacklogSampler, sink, outcome) -> None:
    drain, events, (owed, missing), (letters, letters_missing) = outcome
    request_rate = args.rate * REQUESTS_PER_CYCLE / EVENTS_PER_CYCLE
    seconds = elapsed + 1 / request_rate  # the last request's own slot
    name = "BENCH sustained"
    print(f"{name} events_per_second {events / seconds:.1f} ev/s target >= {args.rate:g}")
    print(f"{name} requests_per_second {len(sent.status) / seconds:.1f} req/s")
    print(f"{name} requests_refused {len(sent.failed())} requests target <= 0")
    for error in sent.errors[:5]:
        print(f"refused: {error}", file=sys.stderr)
    answers = [sent.answered[n] - sent.due[n] for n in sent.answered]
    print(f"{name} request_p99 {percentile(answers, 99) * 1000:.0f} ms")
    maxima = sampler.maxima()
    queues = {q: v for q, v in maxima.items() if not q.endswith(OUTBOX)}
    print(f"{name} max_queue_depth {max(queues.values(), default=0)} messages")
    for queue, depth in queues.items():
        print(f"{name} max_depth_{queue.replace('.', '_')} {depth} messages")
    for outbox_name in sorted(set(maxima) - set(queues)):
        service = outbox_name.removesuffix(OUTBOX)
        print(f"{name} max_unsent_outbox_{service} {maxima[outbox_name]} rows")
    window = min(60.0, args.seconds / 3)
    print(f"{name} backlog_growth {sampler.growth_per_minute(window):.1f} messages/min "
          "target <= 0")
    print(f"{name} backlog_samples {len(sampler.samples)} samples")
    # a broker stopped by someone else during the run explains a backlog; say so
    print(f"{name} broker_unanswered_samples {sampler.missed} samples")
    print(f"{name} events_caused {events} events")
    print(f"{name} deliveries_checked {owed} deliveries")
    print(f"{name} deliveries_missing {missing} deliveries target <= 0")
    print(f"{name} mails_accepted {letters - letters_missing} mails")
    print(f"{name} mails_missing {letters_missing} mails target <= 0")
    print(f"{name} mails_duplicated {sink.duplicates()} mails target <= 0")
    print(f"{name} drain_after_load {drain:.1f} s")
    print_machine("sustained")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--rate", type=float, default=50.0, help="events per second")
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    args = parser.parse_args(argv)
    request_rate = args.rate * REQUESTS_PER_CYCLE / EVENTS_PER_CYCLE
    with bench_system(args.backend) as (system, sink):
        reviews, focal_points = started_reviews(system, REVIEWS)
        sink.settle()
        nominations = system.urls["nominations"]
        mix = Mix(StageMover(system.urls["reviews"], reviews),
                  FocalPointReplacer(nominations, focal_points),
                  ExpertNominator(nominations, focal_points))
        since = dt.datetime.now(dt.UTC)
        with BacklogSampler(system) as sampler:
            sent, elapsed = paced(round(args.seconds * request_rate), request_rate, mix,
                                  system.token("secretariat"))
        outcome = drained(system, sink, since)
    report(args, sent, elapsed, sampler, sink, outcome)
    return 0 if outcome[2][1] == 0 and outcome[3][1] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
