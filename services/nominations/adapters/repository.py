"""Reads the handlers and the queries share, turned into the domain's plain values."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from services.nominations.adapters.orm import (
    MissingNoticeRow,
    NominationRow,
    ParticipationRow,
    PersonRow,
    ReviewStageRow,
)
from services.nominations.domain.commands import DUE_ROLES
from services.nominations.domain.deadlines import NominationPolicy
from services.nominations.domain.figures import Held
from services.nominations.domain.missing import Key, MissingNomination, missing_nominations
from services.nominations.domain.participation import Participation
from services.nominations.domain.review_stages import StageChange

#: a participation's columns in the order of the domain's Participation, read as plain rows:
#: the missing list and the figures read every one of them on each request
_PARTICIPATION = (ParticipationRow.review_id, ParticipationRow.state_code,
                  ParticipationRow.capacity, ParticipationRow.state_under_review,
                  ParticipationRow.starts_on, ParticipationRow.group_number,
                  ParticipationRow.ended_on)


def participations_due(
    session: Session, as_of: dt.date, due_days: int
) -> list[Participation]:
    """Participations not ended by `as_of` whose earliest nomination fell due before it
    (due = start + due_days), so the sweep reads only what can be late, not every review."""
    latest_start = as_of - dt.timedelta(days=due_days)
    rows = session.execute(
        select(*_PARTICIPATION).where(
            ParticipationRow.starts_on < latest_start,
            or_(ParticipationRow.ended_on.is_(None), ParticipationRow.ended_on > as_of))
    )
    return [Participation(*r) for r in rows]


def nominations_held(session: Session, review_ids: set[int], as_of: dt.date) -> set[Key]:
    """(state_code, role, review_id) that had someone on `as_of`: nominated on or before
    it and not withdrawn by then, whatever was recorded since."""
    if not review_ids:
        return set()
    rows = session.execute(
        select(NominationRow.state_code, NominationRow.role, NominationRow.review_id)
        .where(NominationRow.role.in_(DUE_ROLES), NominationRow.nominated_on <= as_of,
               or_(NominationRow.withdrawn_on.is_(None), NominationRow.withdrawn_on > as_of),
               NominationRow.review_id.in_(review_ids))
    )
    return {(r.state_code, r.role, r.review_id) for r in rows}


def reminders_sent(session: Session, review_ids: set[int]) -> dict[Key, int]:
    """The highest reminder already published for each missing nomination."""
    if not review_ids:
        return {}
    key = (MissingNoticeRow.state_code, MissingNoticeRow.role, MissingNoticeRow.review_id)
    rows = session.execute(
        select(*key, func.max(MissingNoticeRow.reminder).label("reminder"))
        .where(MissingNoticeRow.review_id.in_(review_ids)).group_by(*key)
    )
    return {(r.state_code, r.role, r.review_id): r.reminder for r in rows}


def all_participations(session: Session) -> list[Participation]:
    return [Participation(*r) for r in session.execute(select(*_PARTICIPATION))]


def nominations_made_by(session: Session, as_of: dt.date) -> list[Held]:
    """Nominations made on or before `as_of`, with their person's gender (for the figures;
    the domain decides which were still held that day)."""
    rows = session.execute(
        select(NominationRow.person_id, NominationRow.state_code, NominationRow.review_id,
               NominationRow.role, PersonRow.gender, NominationRow.nominated_on,
               NominationRow.withdrawn_on)
        .join(PersonRow, PersonRow.id == NominationRow.person_id)
        .where(NominationRow.nominated_on <= as_of)
    )
    return [Held(*r) for r in rows]


def stage_changes(session: Session) -> list[StageChange]:
    """The reviews' stage changes in the order they were heard."""
    rows = session.execute(select(ReviewStageRow.review_id, ReviewStageRow.to_stage,
                                  ReviewStageRow.changed_on).order_by(ReviewStageRow.id))
    return [StageChange(*r) for r in rows]


def missing_as_of(session: Session, as_of: dt.date,
                  policy: NominationPolicy) -> list[MissingNomination]:
    """Every nomination missing as of `as_of`, oldest due first, announced or not: the
    participations and nominations as they stood that day."""
    participations = participations_due(
        session, as_of, min(policy.focal_point_due_days, policy.expert_due_days))
    nominated = nominations_held(session, {p.review_id for p in participations}, as_of)
    return missing_nominations(participations, nominated, as_of, policy)
