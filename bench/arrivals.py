"""Whether everything a load caused arrived: each event in the inbox of every service that
subscribes to it, each letter at the SMTP sink. Read from the services' own tables once
the load has stopped, and again every second until nothing is owed.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from sqlalchemy import func, select

from bench.review_stages import letters_of_changes
from services.notifications.adapters.orm import MessageRow
from shared.bus.tables import inbox, outbox
from shared.bus.topology import SUBSCRIPTIONS
from shared.db.engine import make_engine

#: the events the load causes, by the service whose outbox holds them
LOAD_EVENTS = {"reviews": ("ReviewStageChanged",),
               "nominations": ("NominationWithdrawn", "FocalPointNominated", "ExpertNominated")}
DRAIN_TIMEOUT = 600.0


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


def deliveries(system, events: list[tuple[str, str]]) -> tuple[int, int, dt.datetime | None]:
    """(deliveries owed, deliveries missing, when the last one made was handled): each event
    once in the inbox of every service that subscribes to its type."""
    owed = missing = 0
    last = None
    for service, types in SUBSCRIPTIONS.items():
        mine = [event_id for event_id, type_ in events if type_ in types]
        if not mine:
            continue
        engine = make_engine(system.database_url(service))
        with engine.connect() as conn:
            handled = dict(conn.execute(select(inbox.c.event_id, inbox.c.handled_at)).all())
        engine.dispose()
        owed += len(mine)
        missing += sum(1 for event_id in mine if event_id not in handled)
        times = [as_utc(handled[event_id]) for event_id in mine if event_id in handled]
        last = max([*times, *([last] if last else [])], default=None)
    return owed, missing, last


def as_utc(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back the handling times without their zone; the services write UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def missing_mails(system, sink) -> tuple[int, int]:
    """(letters owed, letters not accepted yet): one for each State of each changed review."""
    ids = [m for letters in letters_of_changes(system.database_url("reviews")).values()
           for m in letters]
    return len(ids), sum(1 for m in ids if sink.accepted_at(m) is None)


def retried_mails(system) -> int:
    """Letters that took more than one attempt (a temporary SMTP failure, then a retry)."""
    engine = make_engine(system.database_url("notifications"))
    with engine.connect() as conn:
        retried = conn.scalar(select(func.count()).select_from(MessageRow.__table__)
                              .where(MessageRow.attempts > 1))
    engine.dispose()
    return retried


@dataclass
class Arrivals:
    """What reached its destination after the load: counted once nothing more is owed."""

    drain_seconds: float  # from the end of the load until nothing was owed
    events: int
    deliveries: int
    deliveries_missing: int
    mails: int
    mails_missing: int
    #: when the last of the events reached the last inbox it was owed to
    last_delivery: dt.datetime | None = None
    last_mail_seconds: float = 0.0  # from the end of the load to the last letter accepted
    retried: int = 0

    @property
    def complete(self) -> bool:
        return self.deliveries_missing == 0 and self.mails_missing == 0


def drained(system, sink, since: dt.datetime, ended: float) -> Arrivals:
    """Wait until every event and letter the load caused has arrived (or DRAIN_TIMEOUT)."""
    started = time.monotonic()
    while True:
        events = load_events(system, since)
        owed, missing, last = deliveries(system, events)
        arrivals = Arrivals(time.monotonic() - started, len(events), owed, missing,
                            *missing_mails(system, sink), last_delivery=last)
        if arrivals.complete or arrivals.drain_seconds > DRAIN_TIMEOUT:
            arrivals.last_mail_seconds = sink.last_accepted() - ended
            arrivals.retried = retried_mails(system)
            return arrivals
        time.sleep(1.0)


