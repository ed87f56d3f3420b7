"""The deadline sweep: `ReviewDeadlineMissed` once per missed deadline, naming the States
whose action the late stage waits for.

Runs on the worker's timer, from the command line and from the API; the unique key on
the notice (review, stage, deadline) is what makes each deadline announced once, whatever
reruns, restarts or races happen.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.reviews.adapters.orm import DeadlineNoticeRow, FocalPointRow, ReviewRow
from services.reviews.adapters.repository import deadline_of
from services.reviews.adapters.work_orm import FeedbackRow
from services.reviews.domain import stages as s
from services.reviews.domain.deadlines import responsible
from shared.bus.outbox import record
from shared.context import ServiceContext
from shared.db.engine import transaction
from shared.db.races import again_if_raced
from shared.events import new_event

log = logging.getLogger(__name__)


def sweep_deadlines(ctx: ServiceContext, as_of: dt.date) -> int:
    """Announce every deadline missed as of `as_of` not yet announced; return how many."""
    return again_if_raced(lambda: _announce(ctx, as_of), f"the deadline sweep as of {as_of}")


def _announce(ctx: ServiceContext, as_of: dt.date) -> int:
    now = ctx.clock.now()
    with transaction(ctx.session_factory) as session:
        late = [(review, deadline) for review in session.scalars(
                    select(ReviewRow).where(ReviewRow.stage != s.COMPLETED))
                if (deadline := deadline_of(review, ctx.settings.deadlines)) is not None
                and deadline < as_of]
        ids = [review.id for review, _ in late]
        announced = _announced(session, ids)
        todo = [(r, d) for r, d in late if (r.id, r.stage, d) not in announced]
        focal, feedback = _who_acted(session, [r.id for r, _ in todo])
        for review, deadline in todo:
            event = new_event("ReviewDeadlineMissed", {
                "review_id": review.id, "group_number": review.group_number,
                "state_under_review": review.state_under_review, "stage": review.stage,
                "deadline": deadline, "as_of": as_of, "days_overdue": (as_of - deadline).days,
                "responsible": responsible(
                    review.stage, review.state_under_review, review.reviewing_states,
                    focal_points=focal[review.id], feedback_from=feedback[review.id]),
            }, now)
            session.add(DeadlineNoticeRow(review_id=review.id, stage=review.stage,
                                          deadline=deadline, as_of=as_of,
                                          event_id=str(event.id), created_at=now))
            record(session, event)
            log.info("ReviewDeadlineMissed %s: review %s, %s due %s", event.id, review.id,
                     review.stage, deadline)
        session.flush()
    log.info("deadline sweep as of %s: %s late, %s newly announced", as_of, len(late),
             len(todo))
    return len(todo)


def _announced(session: Session, review_ids: list[int]) -> set[tuple]:
    if not review_ids:
        return set()
    rows = session.execute(select(
        DeadlineNoticeRow.review_id, DeadlineNoticeRow.stage, DeadlineNoticeRow.deadline))
    wanted = set(review_ids)
    return {tuple(row) for row in rows if row.review_id in wanted}


def _who_acted(session: Session, review_ids: list[int]) -> tuple[dict, dict]:
    """The focal points named and the feedback given, per review, for `responsible`."""
    focal: dict[int, set[str]] = defaultdict(set)
    feedback: dict[int, set[str]] = defaultdict(set)
    if not review_ids:
        return focal, feedback
    wanted = set(review_ids)
    for rid, code in session.execute(select(FocalPointRow.review_id, FocalPointRow.state_code)
                                     .where(FocalPointRow.withdrawn_on.is_(None))):
        if rid in wanted:
            focal[rid].add(code)
    for rid, code in session.execute(select(FeedbackRow.review_id, FeedbackRow.state_code)
                                     .where(FeedbackRow.superseded_at.is_(None))):
        if rid in wanted:
            feedback[rid].add(code)
    return focal, feedback
