"""What the reviews service does with the events it hears.

Event handlers run inside the consumer's transaction (`fn(uow, envelope)`, the worker
wrapping the consumer's session in the unit of work): the consumer writes the inbox row
and commits, so a handler's writes, its outbox events and the record that the event was
handled commit together or not at all.
"""

from __future__ import annotations

import functools
import logging

from services.reviews.adapters.orm import PhaseRow, ReviewRow, StageChangeRow
from services.reviews.adapters.unit_of_work import ReviewsUnitOfWork
from services.reviews.domain.scheduling import (
    SYSTEM,
    plan_reviews,
    replaced_reason,
    scheduled_reason,
)
from services.reviews.handlers.draws import drawn_on, keep_draw, keep_repetition
from services.reviews.handlers.focal_points import (
    on_focal_point_nominated,
    on_nomination_withdrawn,
)
from services.reviews.handlers.parties import keep_party
from services.reviews.handlers.starts import start_when_ready
from shared.context import ServiceContext
from shared.events import Envelope

log = logging.getLogger(__name__)


def event_handlers(ctx: ServiceContext) -> dict:
    """One handler per event in the reviews' subscriptions, each `handler(uow, event)`;
    the worker hands the consumer this map on its sessions (adapters' `with_sessions`)."""
    return {
        "LotsDrawn": functools.partial(schedule_drawn_reviews, ctx),
        "DrawRepeated": functools.partial(on_draw_repeated, ctx),
        "FocalPointNominated": functools.partial(on_focal_point_nominated, ctx),
        "NominationWithdrawn": functools.partial(on_nomination_withdrawn, ctx),
        "StatePartyRegistered": functools.partial(keep_party, ctx),
        "StatePartyUpdated": functools.partial(keep_party, ctx),
    }


def schedule_drawn_reviews(ctx: ServiceContext, uow: ReviewsUnitOfWork, event: Envelope) -> int:
    """Create one review per State drawn and publish `ReviewScheduled` for each.

    States already scheduled for this draw are skipped: the inbox only stops the same event
    id, and a draw republished under a new id must not schedule its reviews twice. The
    reviews are on record from the day of the draw (its meeting's, when the event says),
    so that a report as of a past day shows a draw recorded later.
    """
    drawn = event.payload
    now = ctx.clock.now()
    day = drawn_on(drawn, now)
    existing = uow.scheduled_in_draw(drawn["draw_id"])
    plans = plan_reviews(drawn, existing)
    rows = [ReviewRow(
        draw_id=plan.draw_id, group_number=plan.group_number, phase=plan.phase,
        cluster=plan.cluster, state_under_review=plan.state_under_review,
        reviewing_states=list(plan.reviewing_states), starts_on=plan.starts_on,
        stage=plan.stage, stage_entered_at=now, stage_entered_on=day, created_at=now,
        updated_at=now,
    ) for plan in plans]
    uow.add(*rows)
    uow.flush()  # the ids go into the history rows and the events
    for plan, row in zip(plans, rows, strict=True):
        uow.add(StageChangeRow(
            review_id=row.id, from_stage=None, to_stage=plan.stage, changed_at=now,
            changed_on=day, changed_by=SYSTEM, reason=scheduled_reason(plan.draw_id),
        ))
    _foresee(uow, drawn, len(plans))
    keep_draw(uow, drawn, now)
    uow.record(*(
        event.caused("ReviewScheduled", plan.scheduled_payload(row.id), now)
        for plan, row in zip(plans, rows, strict=True)
    ))
    log.info("LotsDrawn %s (draw %s): %s reviews scheduled, %s already were; correlation %s",
             event.id, drawn["draw_id"], len(plans), len(existing), event.correlation_id)
    return len(plans)


def _foresee(uow: ReviewsUnitOfWork, drawn: dict, scheduled: int) -> None:
    """The reviews foreseen at the beginning of the phase: the 70 per cent rule counts
    against them (note, para. 17), whatever happens to the reviews later."""
    phase = uow.phase_for_update(drawn["group_number"], drawn["phase"])
    if phase is None:
        uow.add(PhaseRow(group_number=drawn["group_number"], phase=drawn["phase"],
                             cluster=drawn["cluster"], starts_on=drawn["starts_on"],
                             foreseen=scheduled))
    else:
        phase.foreseen += scheduled


def on_draw_repeated(ctx: ServiceContext, uow: ReviewsUnitOfWork, event: Envelope) -> None:
    """A reviewing State was replaced by a repeated draw: the review takes the new one,
    and its history says who was replaced, by whom, at whose request, and on which day
    (the repetition's meeting); the report's copy of the repetitions keeps it too."""
    p = event.payload
    review = uow.review_of_draw_for_update(p["draw_id"], p["state_under_review"])
    if review is None or p["replaced"] not in review.reviewing_states:
        log.warning("DrawRepeated %s: no review of %s in draw %s reviewed by %s; ignored",
                    event.id, p["state_under_review"], p["draw_id"], p["replaced"])
        return
    now = ctx.clock.now()
    day = keep_repetition(uow, p, now)
    review.reviewing_states = [p["replacement"] if code == p["replaced"] else code
                               for code in review.reviewing_states]
    review.updated_at = now
    uow.add(StageChangeRow(
        review_id=review.id, from_stage=review.stage, to_stage=review.stage, changed_at=now,
        changed_on=day, changed_by=SYSTEM, actor_state=p["requested_by"],
        reason=replaced_reason(p)))
    uow.flush()
    log.info("DrawRepeated %s: review %s, %s replaced by %s", event.id, review.id,
             p["replaced"], p["replacement"])
    start_when_ready(ctx, uow, review, event)
