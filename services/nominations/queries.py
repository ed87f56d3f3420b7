"""Read-side queries of the nominations service (the views stay free of sessions)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from services.nominations.adapters import repository
from services.nominations.adapters.orm import MissionRow, NominationRow
from services.nominations.domain.missing import MissingNomination, missing_focal_points
from shared.context import ServiceContext
from shared.errors import NotFound
from shared.pagination import page_of


def list_missions(ctx: ServiceContext, pagination) -> list:
    with ctx.session_factory() as session:
        return page_of(session, select(MissionRow).order_by(MissionRow.state_code), pagination)


def get_mission(ctx: ServiceContext, code: str) -> MissionRow:
    with ctx.session_factory() as session:
        row = session.get(MissionRow, code)
    if row is None:
        raise NotFound(f"no Permanent Mission contact is registered for {code}", field="code")
    return row


def list_nominations(ctx: ServiceContext, pagination, state_code: str | None = None,
                     role: str | None = None, review_id: int | None = None) -> list:
    query = select(NominationRow).order_by(NominationRow.id)
    if state_code:
        query = query.where(NominationRow.state_code == state_code)
    if role:
        query = query.where(NominationRow.role == role)
    if review_id is not None:
        query = query.where(NominationRow.review_id == review_id)
    with ctx.session_factory() as session:
        return page_of(session, query, pagination)


def get_nomination(ctx: ServiceContext, nomination_id: int) -> NominationRow:
    with ctx.session_factory() as session:
        row = session.get(NominationRow, nomination_id)
    if row is None:
        raise NotFound(f"nomination {nomination_id} does not exist", field="nomination_id")
    return row


def list_missing(ctx: ServiceContext, pagination, as_of: dt.date) -> list[MissingNomination]:
    """What is missing as of a date, oldest due first, whether announced yet or not."""
    due_days = ctx.settings.focal_point_due_days
    with ctx.session_factory() as session:
        participations = repository.participations_due_before(session, as_of, due_days)
        nominated = repository.active_focal_points(
            session, {p.review_id for p in participations}
        )
    missing = missing_focal_points(participations, nominated, as_of, due_days)
    # computed in Python from the rules in domain/, so the page is cut from the list
    pagination.item_count = len(missing)
    start = (pagination.page - 1) * pagination.page_size
    return missing[start:start + pagination.page_size]
