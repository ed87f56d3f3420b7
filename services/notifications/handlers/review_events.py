"""The reviews' events: the copy of each review, the items they open and close, the letters
that tell each State what a stage change means for it, and the reminders of missed deadlines.

A letter about a fact of the mechanism's past (an event marked as history, brought in by
the history import), or about a date long past, is recorded as skipped rather than sent: a
Mission must not receive in 2026 a request due in 2020.
"""

from __future__ import annotations

import datetime as dt
import logging

from services.notifications.adapters import items
from services.notifications.adapters.orm import ReviewRow
from services.notifications.adapters.outgoing.compose import Draft
from services.notifications.adapters.unit_of_work import NotificationsUnitOfWork
from services.notifications.domain.contexts import responsible_for
from services.notifications.domain.schedule import is_stale, slot_for_overdue
from services.notifications.handlers.reminders import remind_from_event
from shared.context import ServiceContext
from shared.events import Envelope

log = logging.getLogger(__name__)


def capacity_in(state: str, state_under_review: str) -> str:
    return "under_review" if state == state_under_review else "reviewing"


def skip_reason(ctx: ServiceContext, event: Envelope, day: dt.date) -> str | None:
    """Why the letter `event` causes about `day` is not sent, if it is not."""
    if event.history:
        return (f"not sent: {event.type} of {day.isoformat()} is a fact of the mechanism's "
                "past, brought in by the history import")
    if is_stale(day, ctx.clock.today(), ctx.settings.stale_after_days):
        return (f"not sent: about {day.isoformat()}, more than "
                f"{ctx.settings.stale_after_days} days ago (history being loaded)")
    return None


def draft_for(event: Envelope, kind: str, state: str, review_id: int | None, context: dict,
              **kw) -> Draft:
    """A letter caused by `event`: one per (event, recipient State, kind)."""
    return Draft(kind=kind, state_code=state, review_id=review_id, context=context,
                 key=f"{event.id}:{state}:{kind}", cause_event_id=str(event.id),
                 correlation_id=event.correlation_id, **kw)


def open_participation(ctx: ServiceContext, uow: NotificationsUnitOfWork, event: Envelope,
                       review: ReviewRow, state: str, since: dt.date) -> None:
    """Open the State's nomination items in the review, due the usual days after `since`."""
    settings = ctx.settings
    for topic, days in (("focal_point", settings.focal_point_due_days),
                        ("expert", settings.expert_due_days)):
        uow.open_item(
            state_code=state, review_id=review.review_id, topic=topic,
            capacity=capacity_in(state, review.state_under_review),
            state_under_review=review.state_under_review,
            deadline=since + dt.timedelta(days=days), event=event, now=ctx.clock.now())


def open_nomination_items(ctx: ServiceContext, uow: NotificationsUnitOfWork,
                          event: Envelope) -> None:
    """A review scheduled: each of its States owes a focal point and experts (note, para. 8);
    a State no longer in it owes nothing more."""
    p, now = event.payload, ctx.clock.now()
    review = uow.get(ReviewRow, p["review_id"]) or ReviewRow(review_id=p["review_id"])
    review.state_under_review, review.reviewing_states = (
        p["state_under_review"], list(p["reviewing_states"]))
    review.starts_on, review.draw_id, review.group_number = (
        p["starts_on"], p["draw_id"], p["group_number"])
    review.stage, review.updated_at = review.stage or p["stage"], now
    uow.add(review)
    uow.flush()
    states = [p["state_under_review"], *p["reviewing_states"]]
    for state in states:
        open_participation(ctx, uow, event, review, state, p["starts_on"])
    gone = [i for i in uow.open_items_of(review.review_id) if i.state_code not in states]
    uow.close(gone, event, now, "no longer takes part")
    log.info("review %s scheduled (%s %s): items open for %s", review.review_id, event.type,
             event.id, ", ".join(states))


def _settled_by_stage(topic: str, from_stage: str | None, to_stage: str) -> bool:
    """The stage moving on settles the old stage's work; leaving the nomination stage means
    the focal points are known; completion settles everything."""
    if topic == items.stage_topic(to_stage):
        return False
    return (to_stage == "completed" or topic.startswith(items.STAGE_PREFIX)
            or (topic == "focal_point" and from_stage == "waiting_for_nominations"))


def follow_stage(ctx: ServiceContext, uow: NotificationsUnitOfWork, event: Envelope) -> None:
    """A review moved: what its old stage awaited is settled, what the new one awaits is
    open, and each of its States is told (not of the first stage: the draw letter did)."""
    p, now = event.payload, ctx.clock.now()
    review = uow.get(ReviewRow, p["review_id"]) or ReviewRow(
        review_id=p["review_id"], state_under_review=p["state_under_review"])
    review.reviewing_states, review.group_number = list(p["reviewing_states"]), p["group_number"]
    review.stage, review.updated_at = p["to_stage"], now
    uow.add(review)
    settled = [i for i in uow.open_items_of(p["review_id"])
               if _settled_by_stage(i.topic, p["from_stage"], p["to_stage"])]
    uow.close(settled, event, now, f"stage moved to {p['to_stage']}")
    if p["deadline"] is not None:
        states = responsible_for(p["to_stage"], p["state_under_review"], p["reviewing_states"])
        uow.open_items({state: capacity_in(state, p["state_under_review"])
                        for state in states},
                       review_id=p["review_id"], topic=items.stage_topic(p["to_stage"]),
                       state_under_review=p["state_under_review"], deadline=p["deadline"],
                       event=event, now=now, new_round=True)
    if p["from_stage"] is not None:
        _tell_stage_change(ctx, uow, event)


def _tell_stage_change(ctx: ServiceContext, uow: NotificationsUnitOfWork, event: Envelope) -> None:
    p = event.payload
    skip = skip_reason(ctx, event, p["deadline"] or event.occurred_at.date())
    uow.compose_all(ctx, [
        draft_for(event, "stage_changed", state, p["review_id"], {
            "state_code": state, "review_id": p["review_id"],
            "state_under_review": p["state_under_review"],
            "capacity": capacity_in(state, p["state_under_review"]),
            "from_stage": p["from_stage"], "to_stage": p["to_stage"],
            "deadline": p["deadline"], "as_of": event.occurred_at.date()},
            copy_focal_points=True, skip_reason=skip)
        for state in dict.fromkeys([p["state_under_review"], *p["reviewing_states"]])])


def remind_missed_deadline(ctx: ServiceContext, uow: NotificationsUnitOfWork,
                           event: Envelope) -> None:
    """A stage's deadline missed: the after-deadline reminder it falls on, for each State
    whose work the stage waits for, unless that reminder went already."""
    p = event.payload
    policy = ctx.settings.policy("stage")
    for state in dict.fromkeys(p["responsible"]):  # each State once
        item = uow.open_item(
            state_code=state, review_id=p["review_id"],
            topic=items.stage_topic(p["stage"]),
            capacity=capacity_in(state, p["state_under_review"]),
            state_under_review=p["state_under_review"], deadline=p["deadline"], event=event,
            now=ctx.clock.now())
        slot = slot_for_overdue(policy, item.deadline, p["days_overdue"])
        if slot is None:
            log.info("%s %s: %s days overdue is beyond the policy for %s; none sent",
                     event.type, event.id, p["days_overdue"], state)
            continue
        remind_from_event(ctx, uow, item, slot, "stage_deadline", {
            "state_code": state, "review_id": p["review_id"],
            "state_under_review": p["state_under_review"], "capacity": item.capacity,
            "stage": p["stage"], "deadline": p["deadline"], "as_of": p["as_of"],
            "days": p["days_overdue"], "reminder": slot.after}, event)
