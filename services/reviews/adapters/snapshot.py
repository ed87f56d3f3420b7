"""Where every review stood at the end of a given day, read from the records.

Every fact counts from the day it happened (`changed_on`, `held_on`, `nominated_on`,
`drawn_on`), never from the time it was recorded: a history brought in late, or a
consultation recorded a month after it was held, reads the same as one recorded on the
day. The stage of a review as of a date is its last stage change dated by then, never
its present stage; a change of its parties (a repeated draw) is no stage change and is
left out, since it may be dated before a stage change recorded earlier. Consultations
count from the day they were held until a send-back superseded them; focal points from
their nomination to their withdrawal; a review's reviewing States are those of the day,
the repetitions granted after it undone.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.reviews.adapters.draws_orm import DrawCopyRow, RepetitionCopyRow
from services.reviews.adapters.orm import FocalPointRow, PhaseRow, ReviewRow, StageChangeRow
from services.reviews.adapters.work_orm import ConsultationRow
from services.reviews.domain import stages as s
from services.reviews.domain.phases import EndDecision, Override
from services.reviews.domain.report.snapshot import (
    ConsultationAsOf,
    DrawAsOf,
    PhaseAsOf,
    RepetitionAsOf,
    ReviewAsOf,
    Snapshot,
)
from services.reviews.domain.scheduling import reviewers_before


def take_snapshot(session: Session, as_of: dt.date) -> Snapshot:
    active, nominated = _focal_points(session, as_of)
    return Snapshot(as_of=as_of, reviews=reviews_as_of(session, as_of),
                    consultations=_consultations(session, as_of), focal_points=active,
                    nominated=nominated, phases=phases_of(session),
                    draws=_draws(session, as_of), repetitions=_repetitions(session, as_of))


def reviews_as_of(session: Session, as_of: dt.date) -> list[ReviewAsOf]:
    h = StageChangeRow
    latest = select(
        h.review_id, h.to_stage, h.changed_on,
        func.row_number().over(partition_by=h.review_id,
                               order_by=(h.changed_on.desc(), h.id.desc())).label("rank"),
    ).where(h.changed_on <= as_of, h.from_stage.is_distinct_from(h.to_stage)).subquery()
    r = ReviewRow
    rows = session.execute(
        select(r.id, r.group_number, r.phase, r.cluster, r.starts_on, r.state_under_review,
               r.reviewing_states, latest.c.to_stage, latest.c.changed_on, r.draw_id)
        .join(latest, latest.c.review_id == r.id).where(latest.c.rank == 1)
        .order_by(r.group_number, r.phase, r.id))
    later = _repetitions_after(session, as_of)
    # a completed review never moves again: its last change is its completion
    return [ReviewAsOf(*row[:6], reviewers_before(tuple(row[6]), later.get(
                (row[9], row[5]), [])), row[7], row[8] if row[7] == s.COMPLETED else None)
            for row in rows]


def _repetitions_after(session: Session, as_of: dt.date) -> dict[tuple, list]:
    """The repetitions granted after the date, newest first, per (draw, State under
    review): the reviewers of that day are today's with these undone."""
    c = RepetitionCopyRow
    later: dict[tuple, list] = defaultdict(list)
    for draw_id, sur, replaced, replacement in session.execute(
            select(c.draw_id, c.state_under_review, c.replaced, c.replacement)
            .where(c.repeated_on > as_of).order_by(c.repeated_on.desc(), c.id.desc())):
        later[(draw_id, sur)].append((replaced, replacement))
    return later


def _consultations(session: Session, as_of: dt.date) -> list[ConsultationAsOf]:
    c = ConsultationRow
    rows = session.execute(
        select(c.review_id, c.languages, c.facilitated_by_secretariat, c.superseded_on,
               c.languages_agreed).where(c.held_on <= as_of))
    return [ConsultationAsOf(rid, tuple(langs), bool(facilitated),
                             superseded is None or superseded > as_of, bool(agreed))
            for rid, langs, facilitated, superseded, agreed in rows]


def _focal_points(session: Session, as_of: dt.date) -> tuple[dict, dict]:
    """The States with an active focal point per review, and those that had nominated
    one by the date, withdrawn since or not."""
    f = FocalPointRow
    active: dict[int, set[str]] = defaultdict(set)
    nominated: dict[int, set[str]] = defaultdict(set)
    rows = session.execute(select(f.review_id, f.state_code, f.withdrawn_on)
                           .where(f.nominated_on <= as_of))
    for review_id, code, withdrawn_on in rows:
        nominated[review_id].add(code)
        if withdrawn_on is None or withdrawn_on > as_of:
            active[review_id].add(code)
    return active, nominated


def phases_of(session: Session) -> list[PhaseAsOf]:
    return [PhaseAsOf(p.group_number, p.phase, p.cluster, p.starts_on, p.foreseen,
                      Override(p.override_by, p.override_reason, p.override_on)
                      if p.override_on is not None else None,
                      EndDecision(p.ends_on, p.ends_on_reason, p.ends_on_decided_on)
                      if p.ends_on is not None else None)
            for p in session.scalars(select(PhaseRow).order_by(PhaseRow.group_number,
                                                               PhaseRow.phase))]


def _draws(session: Session, as_of: dt.date) -> list[DrawAsOf]:
    d = DrawCopyRow
    rows = session.execute(select(d.draw_id, d.group_number, d.phase, d.starts_on, d.meeting,
                                  d.drawn_on, d.reviews, d.states)
                           .where(d.drawn_on <= as_of).order_by(d.drawn_on, d.draw_id))
    return [DrawAsOf(*row) for row in rows]


def _repetitions(session: Session, as_of: dt.date) -> list[RepetitionAsOf]:
    r = RepetitionCopyRow
    rows = session.execute(select(r.group_number, r.state_under_review, r.requested_by,
                                  r.exceptional, r.meeting, r.repeated_on)
                           .where(r.repeated_on <= as_of).order_by(r.repeated_on, r.id))
    return [RepetitionAsOf(*row) for row in rows]
