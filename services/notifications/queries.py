"""Read-side queries of the notifications service (the views stay free of sessions)."""

from __future__ import annotations

from sqlalchemy import select

from services.notifications.adapters.orm import MessageRow, MissionRow, StateRow
from shared.context import ServiceContext
from shared.errors import NotFound
from shared.pagination import page_of


def list_messages(ctx: ServiceContext, pagination, state_code: str | None = None,
                  status: str | None = None, kind: str | None = None) -> list:
    query = select(MessageRow).order_by(MessageRow.id)
    if state_code:
        query = query.where(MessageRow.state_code == state_code)
    if status:
        query = query.where(MessageRow.status == status)
    if kind:
        query = query.where(MessageRow.kind == kind)
    with ctx.session_factory() as session:
        return page_of(session, query, pagination)


def get_message(ctx: ServiceContext, message_id: int) -> MessageRow:
    with ctx.session_factory() as session:
        row = session.get(MessageRow, message_id)
    if row is None:
        raise NotFound(f"message {message_id} does not exist", field="message_id")
    return row


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
