"""Read-side queries of the nominations service (the views stay free of sessions)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from services.nominations.adapters import repository
from services.nominations.adapters.orm import MissionRow, NominationRow, PersonRow
from services.nominations.domain.figures import nomination_figures
from services.nominations.domain.missing import MissingNomination
from services.nominations.domain.review_stages import started_by
from shared.context import ServiceContext
from shared.web.errors import NotFound
from shared.web.pagination import one_or_404, page_of


def list_missions(ctx: ServiceContext, pagination) -> list:
    with ctx.session_factory() as session:
        return page_of(session, select(MissionRow).order_by(MissionRow.state_code), pagination)


def get_mission(ctx: ServiceContext, code: str) -> MissionRow:
    return one_or_404(ctx.session_factory, MissionRow, code,
                      f"no Permanent Mission contact is registered for {code}", "code")


def list_nominations(ctx: ServiceContext, pagination, **filters) -> list:
    query = select(NominationRow).order_by(NominationRow.id)
    for name in ("state_code", "role", "status", "review_id"):
        if filters.get(name) is not None:
            query = query.where(getattr(NominationRow, name) == filters[name])
    with ctx.session_factory() as session:
        return page_of(session, query, pagination)


def get_nomination(ctx: ServiceContext, nomination_id: int) -> NominationRow:
    return one_or_404(ctx.session_factory, NominationRow, nomination_id,
                      f"nomination {nomination_id} does not exist", "nomination_id")


def get_nominations(ctx: ServiceContext, ids: list[int]) -> list[NominationRow]:
    """Nominations just made, read back with what they are shown with."""
    with ctx.session_factory() as session:
        return list(session.scalars(
            select(NominationRow).where(NominationRow.id.in_(ids)).order_by(NominationRow.id)))


def _persons():
    return select(PersonRow).options(selectinload(PersonRow.nominations),
                                     selectinload(PersonRow.standing)).order_by(PersonRow.id)


def list_persons(ctx: ServiceContext, pagination, state_code: str | None = None,
                 role: str | None = None) -> list:
    query = _persons()
    if state_code:
        query = query.where(PersonRow.state_code == state_code)
    if role:
        query = query.where(PersonRow.nominations.any(NominationRow.role == role))
    with ctx.session_factory() as session:
        return page_of(session, query, pagination)


def get_person(ctx: ServiceContext, person_id: int) -> PersonRow:
    with ctx.session_factory() as session:
        row = session.scalar(_persons().where(PersonRow.id == person_id))
    if row is None:
        raise NotFound(f"person {person_id} does not exist", field="person_id")
    return row


def list_missing(ctx: ServiceContext, pagination, as_of: dt.date, role: str | None = None,
                 state_code: str | None = None) -> list[MissingNomination]:
    """What is missing as of a date, oldest due first, whether announced yet or not."""
    with ctx.session_factory() as session:
        missing = repository.missing_as_of(session, as_of, ctx.settings.policy)
    missing = [m for m in missing if (role is None or m.role == role)
               and (state_code is None or m.state_code == state_code)]
    # computed in Python from the rules in domain/, so the page is cut from the list
    pagination.item_count = len(missing)
    start = (pagination.page - 1) * pagination.page_size
    return missing[start:start + pagination.page_size]


def figures(ctx: ServiceContext, as_of: dt.date) -> dict:
    """The status note's nomination figures per group as of a date (domain/figures.py)."""
    with ctx.session_factory() as session:
        participations = repository.all_participations(session)
        held = repository.nominations_made_by(session, as_of)
        started = started_by(repository.stage_changes(session), as_of)
    return nomination_figures(participations, held, as_of, started)
