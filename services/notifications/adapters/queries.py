"""Read-side queries of the notifications service (the views stay free of sessions)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import defer

from services.notifications.adapters.orm import ItemRow, MessageRow, MissionRow, StateRow
from services.notifications.domain import letters
from services.notifications.domain.samples import SAMPLE_NAMES, sample
from shared.context import ServiceContext
from shared.web.errors import NotFound
from shared.web.pagination import one_or_404, page_of


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def list_messages(ctx: ServiceContext, pagination, state_code: str | None = None,
                  status: str | None = None, kind: str | None = None,
                  review_id: list[int] | None = None, created_from: dt.date | None = None,
                  created_to: dt.date | None = None, body: bool = True) -> list:
    """Messages, oldest first, about any of the reviews `review_id` lists; the date range
    is inclusive, in UTC days. Without `body`, the letters' text is not read."""
    query = select(MessageRow).order_by(MessageRow.id)
    if not body:
        query = query.options(defer(MessageRow.body_text, raiseload=True),
                              defer(MessageRow.body_html, raiseload=True))
    for column, value in ((MessageRow.state_code, state_code), (MessageRow.status, status),
                          (MessageRow.kind, kind)):
        if value is not None:
            query = query.where(column == value)
    if review_id:
        query = query.where(MessageRow.review_id.in_(review_id))
    if created_from is not None:
        query = query.where(MessageRow.created_at >= _start_of(created_from))
    if created_to is not None:
        query = query.where(MessageRow.created_at < _start_of(created_to + dt.timedelta(days=1)))
    with ctx.session_factory() as session:
        return page_of(session, query, pagination)


def get_message(ctx: ServiceContext, message_id: int) -> MessageRow:
    return one_or_404(ctx.session_factory, MessageRow, message_id,
                      f"message {message_id} does not exist", "message_id")


def get_mission(ctx: ServiceContext, code: str) -> dict:
    """The service's copy of a mission's contact, with the State's name if it is known."""
    with ctx.session_factory() as session:
        mission = session.get(MissionRow, code)
        state = session.get(StateRow, code)
    if mission is None:
        raise NotFound(f"no Permanent Mission contact is known for {code}", field="code")
    return {
        "state_code": mission.state_code,
        "state_name": state.name if state else None,
        "emails": mission.emails,
        "language": mission.language,
        "updated_at": mission.updated_at,
        "cause_event_id": mission.cause_event_id,
    }


def list_items(ctx: ServiceContext, pagination, state_code: str | None = None,
               review_id: list[int] | None = None, is_open: bool | None = None) -> list:
    """The items States owe about any of the reviews `review_id` lists, with the reminders
    each has had."""
    query = select(ItemRow).order_by(ItemRow.deadline, ItemRow.id)
    if state_code is not None:
        query = query.where(ItemRow.state_code == state_code)
    if review_id:
        query = query.where(ItemRow.review_id.in_(review_id))
    if is_open is not None:
        query = query.where(ItemRow.closed_at.is_(None) if is_open
                            else ItemRow.closed_at.is_not(None))
    with ctx.session_factory() as session:
        return page_of(session, query, pagination)


def template_kinds() -> list[dict]:
    return [{"kind": kind, "languages": list(letters.LANGUAGES_WITH_TEMPLATES)}
            for kind in letters.KINDS]


def preview(kind: str, language: str) -> dict:
    """A letter of `kind` rendered in `language` for its sample event, as a Mission gets it."""
    if kind not in letters.KINDS:
        raise NotFound(f"there is no template of kind {kind!r}", field="kind")
    letter = letters.render(kind, language, sample(kind), SAMPLE_NAMES)
    return {"kind": kind, "language": letter.language, "subject": letter.subject,
            "text": letter.body, "html": letter.html, "context": _iso(sample(kind))}


def _iso(value):
    """Dates as ISO 8601 strings, as everywhere else in the API."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso(v) for v in value]
    return value
