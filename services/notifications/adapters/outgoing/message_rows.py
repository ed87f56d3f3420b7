"""The messages table as the deliverer reads and writes it, through Core statements built
once: a message goes through four of them, and the ORM's loading and unit of work cost more
than the statements themselves (the deliverer is on the path of every e-mail, and a stage
change writes three or more)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, Row, bindparam, func, select, update

from services.notifications.adapters.orm import PENDING, SENT, MessageRow, MissionRow

_messages, _missions = MessageRow.__table__, MissionRow.__table__
_sent = _messages.alias("sent")  # the messages already sent, apart from the one claimed
_SENT_TODAY = (
    select(func.count(_sent.c.id))
    .where(_sent.c.state_code == bindparam("state_code"), _sent.c.status == SENT,
           _sent.c.sent_at >= bindparam("day_start"), _sent.c.sent_at < bindparam("day_end"))
    .scalar_subquery())
#: what sending needs, and nothing more (the render context stays in the database)
_CLAIM = (
    select(_messages.c.id, _messages.c.idempotency_key, _messages.c.kind,
           _messages.c.state_code, _messages.c.recipients, _messages.c.cc,
           _messages.c.subject, _messages.c.body_text, _messages.c.body_html,
           _messages.c.cause_event_id, _messages.c.correlation_id, _messages.c.attempts,
           _SENT_TODAY.label("sent_today"))
    .where(_messages.c.id == bindparam("message_id"), _messages.c.status == PENDING)
    .with_for_update(skip_locked=True, of=_messages))
_DUE = (select(_messages.c.id, _messages.c.state_code)
        .where(_messages.c.status == PENDING, _messages.c.next_attempt_at <= bindparam("now"))
        .order_by(_messages.c.next_attempt_at, _messages.c.id)
        .limit(bindparam("limit")))
_STATE_OF = select(_messages.c.state_code).where(_messages.c.id == bindparam("message_id"))
_LOCK_MISSION = (select(_missions.c.state_code)
                 .where(_missions.c.state_code == bindparam("state_code")).with_for_update())
#: the columns to set come with the parameters of each execution
_UPDATE = update(_messages).where(_messages.c.id == bindparam("message_id"))


def due(conn: Connection, now: dt.datetime, limit: int) -> list[Row]:
    """(id, state_code) of the pending messages whose time has come, the longest due first."""
    return conn.execute(_DUE, {"now": now, "limit": limit}).all()


def state_of(conn: Connection, message_id: int) -> str | None:
    return conn.scalar(_STATE_OF, {"message_id": message_id})


def lock_mission(conn: Connection, state_code: str) -> None:
    """Hold the Mission's row until the transaction ends (PostgreSQL): one message to a
    Mission at a time, which the daily cap counts on."""
    conn.execute(_LOCK_MISSION, {"state_code": state_code})


def claim(conn: Connection, message_id: int, state_code: str, today: dt.date) -> Row | None:
    """The message, locked (skipped if another worker holds it), if it is still pending;
    with how many messages its Mission has received `today` (`sent_today`), read in the
    same statement."""
    midnight = dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
    return conn.execute(_CLAIM, {
        "message_id": message_id, "state_code": state_code, "day_start": midnight,
        "day_end": midnight + dt.timedelta(days=1)}).first()


def mark(conn: Connection, message_id: int, **values) -> None:
    """Set `values` (columns of the message) on the message."""
    conn.execute(_UPDATE, {"message_id": message_id, **values})
