"""What the nominations service does: keep its copies of States and reviews, register
Permanent Mission contacts and nominations, and announce the nominations that are missing.

Each handler is one transaction: its writes and its events (through the outbox) commit
together or not at all. Event handlers run inside the consumer's transaction instead.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.nominations.adapters import repository
from services.nominations.adapters.orm import (
    MissingNoticeRow,
    MissionRow,
    ParticipationRow,
    StatePartyRow,
)
from services.nominations.domain.commands import REVIEWING, UNDER_REVIEW, SetMissionContact
from services.nominations.domain.missing import (
    FIRST_REMINDER,
    MissingNomination,
    missing_focal_points,
    still_to_notify,
)
from services.nominations.nominating import nominate
from shared.bus.outbox import record
from shared.context import ServiceContext
from shared.db import transaction
from shared.events import Envelope, new_event

log = logging.getLogger(__name__)

__all__ = ["event_handlers", "nominate", "set_mission_contacts", "sweep_missing"]

#: a sweep that loses a race with another sweep (web and worker) recomputes, this many times
SWEEP_ATTEMPTS = 3


def on_state_party_registered(ctx: ServiceContext, session: Session, event: Envelope) -> None:
    """Keep our own copy of the State: nominations are refused for a State we do not know."""
    p = event.payload
    row = session.get(StatePartyRow, p["code"])
    if row is None:
        session.add(StatePartyRow(code=p["code"], name=p["name"],
                                  regional_group=p["regional_group"],
                                  registered_at=ctx.clock.now()))
    else:
        row.name, row.regional_group = p["name"], p["regional_group"]
    log.info("StatePartyRegistered %s: %s kept", event.id, p["code"])


def on_review_scheduled(ctx: ServiceContext, session: Session, event: Envelope) -> None:
    """One participation per State in the review; a copy of the event adds nothing."""
    p = event.payload
    taking_part = {p["state_under_review"]: UNDER_REVIEW}
    for code in p["reviewing_states"]:
        taking_part.setdefault(code, REVIEWING)
    known = set(session.scalars(
        select(ParticipationRow.state_code).where(ParticipationRow.review_id == p["review_id"])
    ))
    now = ctx.clock.now()
    added = [code for code in taking_part if code not in known]
    for code in added:
        session.add(ParticipationRow(
            review_id=p["review_id"], state_code=code, capacity=taking_part[code],
            state_under_review=p["state_under_review"], group_number=p["group_number"],
            starts_on=p["starts_on"], created_at=now,
        ))
    log.info("ReviewScheduled %s: review %s, participations added for %s",
             event.id, p["review_id"], ", ".join(added) or "nobody (already known)")


def event_handlers(ctx: ServiceContext) -> dict:
    """The consumer's map, one handler per event type in the topology's SUBSCRIPTIONS."""
    return {
        "StatePartyRegistered": functools.partial(on_state_party_registered, ctx),
        "ReviewScheduled": functools.partial(on_review_scheduled, ctx),
    }


def set_mission_contacts(ctx: ServiceContext, commands: list[SetMissionContact]) -> dict:
    """Create or update mission contacts; publish MissionContactChanged only for a change."""
    counts = {"created": 0, "changed": 0, "unchanged": 0}
    now = ctx.clock.now()
    with transaction(ctx.session_factory) as session:
        existing = {r.state_code: r for r in session.scalars(select(MissionRow))}
        events = []
        for cmd in commands:
            row = existing.get(cmd.state_code)
            if row is None:
                row = MissionRow(state_code=cmd.state_code, emails=list(cmd.emails),
                                 language=cmd.language, updated_at=now)
                session.add(row)
                existing[cmd.state_code] = row
                counts["created"] += 1
            elif row.emails != list(cmd.emails) or row.language != cmd.language:
                row.emails, row.language, row.updated_at = list(cmd.emails), cmd.language, now
                counts["changed"] += 1
            else:
                counts["unchanged"] += 1
                continue
            events.append(new_event("MissionContactChanged", {
                "state_code": row.state_code, "emails": row.emails, "language": row.language,
            }, now))
        record(session, *events)
    return counts


def sweep_missing(ctx: ServiceContext, as_of: dt.date) -> int:
    """Publish NominationMissing once per State, role and review whose focal point is late
    as of `as_of`; return how many were published by this run."""
    for attempt in range(1, SWEEP_ATTEMPTS + 1):
        try:
            return _announce_missing(ctx, as_of)
        except IntegrityError:
            # another sweep committed the same notice first: recompute without it
            if attempt == SWEEP_ATTEMPTS:
                raise
            log.info("sweep as of %s raced another sweep; recomputing", as_of)
    return 0


def _announce_missing(ctx: ServiceContext, as_of: dt.date) -> int:
    now = ctx.clock.now()
    due_days = ctx.settings.focal_point_due_days
    with transaction(ctx.session_factory) as session:
        participations = repository.participations_due_before(session, as_of, due_days)
        reviews = {p.review_id for p in participations}
        missing = missing_focal_points(
            participations, repository.active_focal_points(session, reviews), as_of, due_days
        )
        todo = still_to_notify(missing, repository.noticed(session, reviews))
        for item in todo:
            # the notice row and the outbox row commit together: the unique key on the
            # notice is what makes the event go out once, whatever reruns or restarts
            event = new_event("NominationMissing", _missing_payload(item), now)
            session.add(MissingNoticeRow(
                state_code=item.state_code, role=item.role, review_id=item.review_id,
                reminder=FIRST_REMINDER, due_on=item.due_on, as_of=as_of,
                event_id=str(event.id), created_at=now,
            ))
            record(session, event)
            log.info("NominationMissing %s: %s %s for review %s, %s days overdue", event.id,
                     item.state_code, item.role, item.review_id, item.days_overdue)
        session.flush()
    log.info("sweep as of %s: %s missing, %s newly announced", as_of, len(missing), len(todo))
    return len(todo)


def _missing_payload(item: MissingNomination) -> dict:
    return {
        "state_code": item.state_code, "role": item.role, "review_id": item.review_id,
        "capacity": item.capacity, "state_under_review": item.state_under_review,
        "due_on": item.due_on, "as_of": item.as_of, "days_overdue": item.days_overdue,
        "reminder": FIRST_REMINDER,
    }
