"""Where every review stood at the end of a given day, read from the records.

The stage of a review as of a date is the last stage history row written before the end
of that day, never the review's present stage: a report for a past date reads the same
whenever it is asked for. Consultations count once recorded and held by that day, and not
superseded before its end; focal points count from their nomination to their withdrawal.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from services.reviews.adapters.orm import FocalPointRow, PhaseRow, ReviewRow, StageChangeRow
from services.reviews.adapters.work_orm import ConsultationRow
from services.reviews.domain.phases import Override
from services.reviews.domain.report.snapshot import (
    ConsultationAsOf,
    PhaseAsOf,
    ReviewAsOf,
    Snapshot,
)


def end_of(day: dt.date) -> dt.datetime:
    """The first instant after `day` (UTC): "as of 15 September" includes all of it."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), dt.UTC)


def take_snapshot(session: Session, as_of: dt.date) -> Snapshot:
    return Snapshot(as_of=as_of, reviews=reviews_as_of(session, as_of),
                    consultations=_consultations(session, as_of),
                    focal_points=_focal_points(session, as_of), phases=phases_of(session))


def reviews_as_of(session: Session, as_of: dt.date) -> list[ReviewAsOf]:
    h = StageChangeRow
    latest = select(
        h.review_id, h.to_stage,
        func.row_number().over(partition_by=h.review_id,
                               order_by=(h.changed_at.desc(), h.id.desc())).label("rank"),
    ).where(h.changed_at < end_of(as_of)).subquery()
    r = ReviewRow
    rows = session.execute(
        select(r.id, r.group_number, r.phase, r.cluster, r.starts_on, r.state_under_review,
               r.reviewing_states, latest.c.to_stage)
        .join(latest, latest.c.review_id == r.id).where(latest.c.rank == 1)
        .order_by(r.group_number, r.phase, r.id))
    return [ReviewAsOf(*row[:6], tuple(row[6]), row[7]) for row in rows]


def _consultations(session: Session, as_of: dt.date) -> list[ConsultationAsOf]:
    c = ConsultationRow
    cutoff = end_of(as_of)
    rows = session.execute(
        select(c.review_id, c.languages, c.facilitated_by_secretariat, c.superseded_at)
        .where(c.held_on <= as_of, c.recorded_at < cutoff))
    return [ConsultationAsOf(rid, tuple(langs), bool(facilitated),
                             superseded is None or superseded >= cutoff)
            for rid, langs, facilitated, superseded in rows]


def _focal_points(session: Session, as_of: dt.date) -> dict[int, set[str]]:
    f = FocalPointRow
    active: dict[int, set[str]] = defaultdict(set)
    rows = session.execute(select(f.review_id, f.state_code).where(
        f.nominated_on <= as_of, or_(f.withdrawn_on.is_(None), f.withdrawn_on > as_of)))
    for review_id, code in rows:
        active[review_id].add(code)
    return active


def phases_of(session: Session) -> list[PhaseAsOf]:
    return [PhaseAsOf(p.group_number, p.phase, p.cluster, p.starts_on, p.foreseen,
                      Override(p.override_by, p.override_reason, p.override_on)
                      if p.override_on is not None else None)
            for p in session.scalars(select(PhaseRow).order_by(PhaseRow.group_number,
                                                               PhaseRow.phase))]
