"""Writing events into the outbox inside the caller's transaction (never publishing there).

On PostgreSQL a NOTIFY rides along in the same transaction, so the relay wakes the moment
the change commits, and not before; on SQLite the session rings the relay's bell after its
commit (shared/bus/sqlite_notify.py).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert, text
from sqlalchemy.orm import Session

from shared.bus.sqlite_notify import ring_after_commit
from shared.bus.tables import outbox
from shared.events import Envelope, encode

NOTIFY_CHANNEL = "revmod_outbox"
#: built once rather than for each call: every stage change of a review records events
_INSERT = insert(outbox)
_NOTIFY = text(f"NOTIFY {NOTIFY_CHANNEL}")


def record(session: Session, *events: Envelope) -> None:
    if not events:
        return
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
