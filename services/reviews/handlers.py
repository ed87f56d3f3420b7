"""What the reviews service does with the events it hears.

Event handlers run inside the consumer's transaction (`fn(session, envelope)`): the consumer
writes the inbox row and commits, so a handler's writes, its outbox events and the record
that the event was handled commit together or not at all.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.reviews.adapters.orm import ReviewRow, StageChangeRow
from services.reviews.domain.scheduling import SYSTEM, plan_reviews, scheduled_reason
from shared.bus.consumer import Handler
from shared.bus.outbox import record
from shared.context import ServiceContext
from shared.events import Envelope

log = logging.getLogger(__name__)


def build_handlers(ctx: ServiceContext) -> dict[str, Handler]:
    """The consumer's handler map, one per event in the reviews' subscriptions."""

    def on_lots_drawn(session: Session, event: Envelope) -> None:
        schedule_drawn_reviews(session, event, ctx)

    return {"LotsDrawn": on_lots_drawn}


def schedule_drawn_reviews(session: Session, event: Envelope, ctx: ServiceContext) -> int:
    """Create one review per State drawn and publish `ReviewScheduled` for each.

    States already scheduled for this draw are skipped: the inbox only stops the same event
    id, and a draw republished under a new id must not schedule its reviews twice.
    """
    drawn = event.payload
    now = ctx.clock.now()
    existing = set(session.scalars(
        select(ReviewRow.state_under_review).where(ReviewRow.draw_id == drawn["draw_id"])
    ))
    plans = plan_reviews(drawn, existing)
    rows = []
    for plan in plans:
        row = ReviewRow(
            draw_id=plan.draw_id, group_number=plan.group_number, phase=plan.phase,
            cluster=plan.cluster, state_under_review=plan.state_under_review,
            reviewing_states=list(plan.reviewing_states), starts_on=plan.starts_on,
            stage=plan.stage, created_at=now, updated_at=now,
        )
        session.add(row)
        rows.append(row)
    session.flush()  # the ids go into the history rows and the events
    for plan, row in zip(plans, rows, strict=True):
        session.add(StageChangeRow(
            review_id=row.id, from_stage=None, to_stage=plan.stage, changed_at=now,
            changed_by=SYSTEM, reason=scheduled_reason(plan.draw_id),
        ))
    record(session, *(
        event.caused("ReviewScheduled", plan.scheduled_payload(row.id), now)
        for plan, row in zip(plans, rows, strict=True)
    ))
    log.info("LotsDrawn %s (draw %s): %s reviews scheduled, %s already were; correlation %s",
             event.id, drawn["draw_id"], len(plans), len(existing), event.correlation_id)
    return len(plans)
