"""The deadline sweep: `ReviewDeadlineMissed` once per missed deadline, naming the States
whose action the late stage waits for.

Runs on the worker's timer, from the command line and from the API; the unique key on
the notice (review, stage, deadline) is what makes each deadline announced once, whatever
reruns, restarts or races happen.
"""

from __future__ import annotations

import datetime as dt
import logging

from services.reviews.adapters.orm import DeadlineNoticeRow
from services.reviews.adapters.repository import deadline_of
from services.reviews.domain.deadlines import responsible
from shared.context import ServiceContext
from shared.db.races import again_if_raced
from shared.events import new_event

log = logging.getLogger(__name__)


def sweep_deadlines(ctx: ServiceContext, as_of: dt.date) -> int:
    """Announce every deadline missed as of `as_of` not yet announced; return how many."""
    return again_if_raced(lambda: _announce(ctx, as_of), f"the deadline sweep as of {as_of}")


def _announce(ctx: ServiceContext, as_of: dt.date) -> int:
    now = ctx.clock.now()
    with ctx.uow() as uow:
        late = [(review, deadline) for review in uow.open_reviews()
                if (deadline := deadline_of(review, ctx.settings.deadlines)) is not None
                and deadline < as_of]
        announced = uow.announced([review.id for review, _ in late])
        todo = [(r, d) for r, d in late if (r.id, r.stage, d) not in announced]
        focal, feedback = uow.who_acted([r.id for r, _ in todo])
        for review, deadline in todo:
            event = new_event("ReviewDeadlineMissed", {
                "review_id": review.id, "group_number": review.group_number,
                "state_under_review": review.state_under_review, "stage": review.stage,
                "deadline": deadline, "as_of": as_of, "days_overdue": (as_of - deadline).days,
                "responsible": responsible(
                    review.stage, review.state_under_review, review.reviewing_states,
                    focal_points=focal[review.id], feedback_from=feedback[review.id]),
            }, now)
            uow.add(DeadlineNoticeRow(review_id=review.id, stage=review.stage,
                                      deadline=deadline, as_of=as_of,
                                      event_id=str(event.id), created_at=now))
            uow.record(event)
            log.info("ReviewDeadlineMissed %s: review %s, %s due %s", event.id, review.id,
                     review.stage, deadline)
        uow.flush()
    log.info("deadline sweep as of %s: %s late, %s newly announced", as_of, len(late),
             len(todo))
    return len(todo)
