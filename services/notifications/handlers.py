"""What the notifications service does when it hears an event.

Each handler runs in the consumer's transaction (the consumer commits it together with the
event's inbox row): it records the copy or the message, and never talks to SMTP. Sending is
the deliverer's job (delivery.py), so a slow or absent mail server never holds the queue.
"""

from __future__ import annotations

import functools
import logging

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from services.notifications.adapters.orm import (
    HELD,
    PENDING,
    MessageRow,
    MissionRow,
    StateRow,
)
from services.notifications.domain.letters import render_nomination_missing
from shared.context import ServiceContext
from shared.events import Envelope

log = logging.getLogger(__name__)

NOMINATION_MISSING = "nomination_missing"


def record_state_party(ctx: ServiceContext, session: Session, event: Envelope) -> None:
    """Keep the State's name, so letters name States rather than codes."""
    code, name = event.payload["code"], event.payload["name"]
    row = session.get(StateRow, code)
    if row is None:
        session.add(StateRow(code=code, name=name, updated_at=ctx.clock.now()))
    else:
        row.name, row.updated_at = name, ctx.clock.now()
    log.info("state %s recorded from %s %s", code, event.type, event.id)


def record_mission_contact(ctx: ServiceContext, session: Session, event: Envelope) -> None:
    """Keep the mission's contact, and address the messages that were waiting for it."""
    p, now = event.payload, ctx.clock.now()
    emails = list(p["emails"])
    row = session.get(MissionRow, p["state_code"])
    if row is None:
        row = MissionRow(state_code=p["state_code"])
        session.add(row)
    row.emails, row.language, row.updated_at = emails, p["language"], now
    row.cause_event_id = str(event.id)
    released = session.execute(
        update(MessageRow)
        .where(MessageRow.state_code == p["state_code"], MessageRow.status == HELD)
        .values(recipients=emails, status=PENDING, next_attempt_at=now)
    ).rowcount
    # a message not yet sent goes to the mission's current addresses, not its old ones
    # (on PostgreSQL this waits for a message the deliverer is sending at this instant)
    session.execute(
        update(MessageRow)
        .where(MessageRow.state_code == p["state_code"], MessageRow.status == PENDING)
        .values(recipients=emails)
    )
    log.info("mission of %s: %d address(es) from %s %s; %d held message(s) released",
             p["state_code"], len(emails), event.type, event.id, released)


def queue_nomination_missing(ctx: ServiceContext, session: Session, event: Envelope) -> None:
    """Write the reminder as one message row, pending if the mission is known, else held."""
    p = event.payload
    key = f"{event.id}:{p['state_code']}:{NOMINATION_MISSING}"
    if session.scalar(select(MessageRow.id).where(MessageRow.idempotency_key == key)):
        log.info("message for %s %s already exists; nothing written", event.type, event.id)
        return
    codes = {p["state_code"], p["state_under_review"]}
    states = session.scalars(select(StateRow).where(StateRow.code.in_(codes)))
    names = {s.code: s.name for s in states}
    mission = session.get(MissionRow, p["state_code"])
    letter = render_nomination_missing(p, names, mission.language if mission else None)
    now = ctx.clock.now()
    message = MessageRow(
        idempotency_key=key, kind=NOMINATION_MISSING, state_code=p["state_code"],
        review_id=p["review_id"], recipients=list(mission.emails) if mission else [],
        language=letter.language, subject=letter.subject, body_text=letter.body,
        cause_event_id=str(event.id), correlation_id=event.correlation_id,
        status=PENDING if mission else HELD, attempts=0, next_attempt_at=now, created_at=now,
    )
    session.add(message)
    session.flush()
    log.info("message %s (%s) for %s from %s %s correlation %s", message.id, message.status,
             p["state_code"], event.type, event.id, event.correlation_id)


def event_handlers(ctx: ServiceContext) -> dict:
    """The consumer's handler map: exactly the events topology.SUBSCRIPTIONS names."""
    return {
        "StatePartyRegistered": functools.partial(record_state_party, ctx),
        "MissionContactChanged": functools.partial(record_mission_contact, ctx),
        "NominationMissing": functools.partial(queue_nomination_missing, ctx),
    }
