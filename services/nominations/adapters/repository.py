"""Reads the handlers and the queries share: what the sweep and the missing list start from."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.nominations.adapters.orm import MissingNoticeRow, NominationRow, ParticipationRow
from services.nominations.domain.commands import ACTIVE, FOCAL_POINT
from services.nominations.domain.missing import FIRST_REMINDER, Participation


def participations_due_before(
    session: Session, as_of: dt.date, due_days: int
) -> list[Participation]:
    """Participations whose focal point fell due before `as_of` (due = start + due_days),
    so the sweep reads only the reviews that can be late, not every review ever."""
    latest_start = as_of - dt.timedelta(days=due_days)
    rows = session.scalars(
        select(ParticipationRow).where(ParticipationRow.starts_on < latest_start)
    )
    return [Participation(r.review_id, r.state_code, r.capacity, r.state_under_review,
                          r.starts_on) for r in rows]


def active_focal_points(session: Session, review_ids: set[int]) -> set[tuple[str, int]]:
    if not review_ids:
        return set()
    rows = session.execute(
        select(NominationRow.state_code, NominationRow.review_id).where(
            NominationRow.role == FOCAL_POINT,
            NominationRow.status == ACTIVE,
            NominationRow.review_id.in_(review_ids),
        )
    )
    return {(r.state_code, r.review_id) for r in rows}


def noticed(session: Session, review_ids: set[int]) -> set[tuple[str, str, int]]:
    """(state_code, role, review_id) already announced missing by the first reminder."""
    if not review_ids:
        return set()
    rows = session.execute(
        select(MissingNoticeRow.state_code, MissingNoticeRow.role, MissingNoticeRow.review_id)
        .where(MissingNoticeRow.reminder == FIRST_REMINDER,
               MissingNoticeRow.review_id.in_(review_ids))
    )
    return {(r.state_code, r.role, r.review_id) for r in rows}
