"""Writing events into the outbox inside the caller's transaction (never publishing there).

On PostgreSQL a NOTIFY rides along in the same transaction, so the relay wakes the moment
the change commits, and not before; on SQLite the session rings the relay's bell after its
commit (shared/bus/sqlite_notify.py).

The events a request records first carry the request's correlation id (`correlate_writes`,
set by shared/web/correlation.py and sent back in `X-Correlation-Id`); every follow-up
keeps it (`Envelope.caused`), so the caller can ask each service whether the events its
write caused have been handled (GET /events/handled).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from contextvars import ContextVar

from sqlalchemy import insert, text
from sqlalchemy.orm import Session

from shared.bus.sqlite_notify import ring_after_commit
from shared.bus.tables import outbox
from shared.events import Envelope, encode

NOTIFY_CHANNEL = "revmod_outbox"
#: built once rather than for each call: every stage change of a review records events
_INSERT = insert(outbox)
_NOTIFY = text(f"NOTIFY {NOTIFY_CHANNEL}")

#: the correlation id of the write being served on this thread, if one is
_write_correlation: ContextVar[str | None] = ContextVar("write_correlation", default=None)


def correlate_writes(correlation_id: str | None) -> None:
    """From now on (None: no longer), the events recorded on this thread that no other
    event caused carry `correlation_id`."""
    _write_correlation.set(correlation_id)


def _correlated(event: Envelope, correlation_id: str | None) -> Envelope:
    """The event under the write's correlation id, if it started a chain of its own (its
    correlation id is then its own id, new_event's default)."""
    if correlation_id is None or event.causation_id is not None \
            or event.correlation_id != str(event.id):
        return event
    return dataclasses.replace(event, correlation_id=correlation_id)


def record(session: Session, *events: Envelope) -> None:
    if not events:
        return
    correlation_id = _write_correlation.get()
    events = tuple(_correlated(e, correlation_id) for e in events)
    now = dt.datetime.now(dt.UTC)
    session.execute(
        _INSERT,
        [
            {
                "event_id": str(e.id),
                "event_type": e.type,
                "routing_key": e.routing_key,
                "correlation_id": e.correlation_id,
                "body": encode(e).decode(),
                "created_at": now,
                "sent_at": None,
            }
            for e in events
        ],
    )
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(_NOTIFY)
    else:
        ring_after_commit(session, bind)
