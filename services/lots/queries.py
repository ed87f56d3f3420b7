"""Read-side queries of the lots service (the views stay free of sessions)."""

from __future__ import annotations

from sqlalchemy import select

from services.lots.adapters.orm import DrawRow, ReviewGroupRow, StatePartyRow
from shared.context import ServiceContext
from shared.errors import NotFound
from shared.pagination import page_of


def list_states(ctx: ServiceContext, pagination, regional_group: str | None = None) -> list:
    query = select(StatePartyRow).order_by(StatePartyRow.code)
    if regional_group:
        query = query.where(StatePartyRow.regional_group == regional_group)
    with ctx.session_factory() as session:
        return page_of(session, query, pagination)


def get_state(ctx: ServiceContext, code: str) -> StatePartyRow:
    with ctx.session_factory() as session:
        row = session.get(StatePartyRow, code)
    if row is None:
        raise NotFound(f"{code} is not a registered State party", field="code")
    return row


def list_groups(ctx: ServiceContext, pagination) -> list:
    with ctx.session_factory() as session:
        return page_of(session, select(ReviewGroupRow).order_by(ReviewGroupRow.number),
                       pagination)


def get_group(ctx: ServiceContext, group_id: int) -> ReviewGroupRow:
    with ctx.session_factory() as session:
        row = session.get(ReviewGroupRow, group_id)
    if row is None:
        raise NotFound(f"review group {group_id} does not exist", field="group_id")
    return row


def get_draw(ctx: ServiceContext, draw_id: int) -> DrawRow:
    with ctx.session_factory() as session:
        row = session.get(DrawRow, draw_id)
    if row is None:
        raise NotFound(f"draw {draw_id} does not exist", field="draw_id")
    return row
